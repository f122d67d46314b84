"""Hostile cell values: intake refuses what the analyses cannot use, cleans what it can and names every cell.

Excel error values, non-finite and absurd numbers, implausible dates, control characters, look-alike ids,
ambiguous day/month order, repeated ids; and the problem list written for Excel.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.helpers import CUSTOMERS_CSV, make_client, only_problem, problems_with, read_clean, read_findings, write_raw
from workbook.cli import main
from workbook.core import formats
from workbook.exceptions import DataValidationError, Problem
from workbook.intake.sample import make_sample
from workbook.intake.validate import PROBLEMS_FILE, run_intake, write_problems
from workbook.reports import appendix

OPPS_HEADER = "opportunity_id,created_date,stage,customer_id,status,amount,close_date,collected_date\n"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _findings(client, rule: str) -> list[dict]:
    return [f for f in read_findings(client) if f["rule"] == rule]


def _opportunities(*rows: str) -> dict[str, str]:
    return {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": OPPS_HEADER + "".join(r + "\n" for r in rows)}


# --------------------------------------------------------------------------- Excel error values

def test_excel_error_in_an_optional_cell_is_named_and_left_empty(tmp_path):
    client = make_client(tmp_path, _opportunities("O1,2025-01-10,bid,C1,won,#DIV/0!,2025-03-01,",
                                                  "O2,2025-01-11,bid,C2,won,2500,#n/a,"))
    run_intake(client)
    amount, close = (next(f for f in _findings(client, "excel_error") if f["column"] == col)
                     for col in ("amount", "close_date"))
    assert (amount["row"], amount["value"]) == (2, "row 2: #DIV/0!")
    assert "not an Excel error value (#DIV/0!)" in amount["expected"] and "Excel 错误值" in amount["expected_zh"]
    assert (close["row"], close["value"]) == (3, "row 3: #n/a")  # as written; named in its usual spelling
    assert "not an Excel error value (#N/A)" in close["expected"]
    opps = read_clean(client, "opportunities").set_index("opportunity_id")
    assert pd.isna(opps.loc["O1", "amount"]) and opps.loc["O2", "amount"] == 2500
    assert pd.isna(opps.loc["O2", "close_date"])


def test_excel_error_in_a_required_cell_is_not_called_empty(tmp_path):
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV + "#N/A,Gamma,target,neutral\n"})
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    problem = only_problem(exc.value, "excel_error")
    assert (problem.file, problem.row, problem.column, problem.value) == ("customers.csv", 4, "customer_id", "#N/A")
    assert "an Excel error value #N/A" in problem.expected
    assert not problems_with(exc.value, "required_empty")


def test_excel_error_cells_of_a_workbook_are_named_too(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    customers = book.active
    customers.title = "customers"
    for row in csv.reader(io.StringIO(CUSTOMERS_CSV)):
        customers.append(row)
    customers.append(["x", "Gamma", "target", "neutral"])
    customers.cell(customers.max_row, 1).value, customers.cell(customers.max_row, 1).data_type = "#N/A", "e"
    opps = book.create_sheet("opportunities")
    opps.append(OPPS_HEADER.strip().split(","))
    opps.append(["O1", "2025-01-10", "bid", "C1", "won", None, "2025-03-01", None])
    opps.cell(2, 6).value, opps.cell(2, 6).data_type = "#DIV/0!", "e"  # as Excel stores a formula's error
    client = make_client(tmp_path)
    book.save(client / "data" / "raw" / "client.xlsx")
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    problem = only_problem(exc.value, "excel_error")
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        "client.xlsx", "customers", 4, "customer_id", "#N/A")
    assert not problems_with(exc.value, "required_empty")
    customers.delete_rows(customers.max_row)
    book.save(client / "data" / "raw" / "client.xlsx")
    run_intake(client)
    [amount] = [f for f in _findings(client, "excel_error") if f["column"] == "amount"]
    assert (amount["row"], amount["value"]) == (2, "row 2: #DIV/0!")


# --------------------------------------------------------------------------- numbers

def test_non_finite_and_absurd_amounts_are_refused_with_findings(tmp_path):
    client = make_client(tmp_path, _opportunities("O1,2025-01-10,bid,C1,won,inf,2025-03-01,",
                                                  "O2,2025-01-11,bid,C2,won,NaN,2025-03-01,",
                                                  "O3,2025-01-12,bid,C2,won,1e20,2025-03-01,",
                                                  "O4,2025-01-13,bid,C1,won,-Infinity,2025-03-01,",
                                                  "O5,2025-01-14,bid,C1,won,2500,2025-03-01,"))
    run_intake(client)  # nothing blocks: amount is optional
    [infinite] = _findings(client, "not_finite")
    assert (infinite["column"], infinite["row"]) == ("amount", 2)
    assert infinite["value"] == "row 2: 'inf'; row 3: 'NaN'; row 5: '-Infinity'"
    [absurd] = _findings(client, "implausible_number")
    assert (absurd["row"], absurd["value"]) == (4, "row 4: '1e20'")
    assert "below 10^15" in absurd["expected"] and absurd["fix"].startswith("left empty")
    amounts = read_clean(client, "opportunities")["amount"]
    assert amounts.isna().sum() == 4 and amounts.max() == 2500  # no inf, no 1e20 reaches an analysis


# --------------------------------------------------------------------------- dates

def test_implausible_optional_dates_are_refused_with_a_finding(tmp_path):
    client = make_client(tmp_path, _opportunities("O1,2025-01-10,bid,C1,won,100,2200-03-01,",
                                                  "O2,2025-01-11,bid,C2,won,100,2025-03-01,1950-01-01",
                                                  "O3,2025-01-12,bid,C2,won,100,2025-03-01,2025-04-01"))
    run_intake(client)
    found = {f["column"]: f for f in _findings(client, "implausible_date")}
    assert found["close_date"]["value"] == "row 2: '2200-03-01'"
    assert found["collected_date"]["value"] == "row 3: '1950-01-01'"
    assert found["close_date"]["expected"].startswith("a date from 1990-01-01 to ")
    assert "tables.opportunities.columns.close_date.values" in found["close_date"]["fix"]
    opps = read_clean(client, "opportunities")
    assert opps["close_date"].min() >= pd.Timestamp("1990-01-01")
    assert opps["close_date"].max() < pd.Timestamp("2100-01-01") and opps["collected_date"].notna().sum() == 1


def test_implausible_required_date_blocks_and_the_bound_follows_today(tmp_path):
    today = pd.Timestamp.today().normalize()
    soon, late = (today + pd.Timedelta(days=200)).date(), (today + pd.Timedelta(days=400)).date()
    client = make_client(tmp_path, _opportunities("O1,1950-01-01,bid,C1,open,100,,", f"O2,{late},bid,C2,open,100,,",
                                                  f"O3,{soon},bid,C2,open,100,,"))
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    refused = problems_with(exc.value, "implausible_date")
    assert [(p.row, p.column, p.value) for p in refused] == [(2, "created_date", "1950-01-01"),
                                                             (3, "created_date", str(late))]
    assert not problems_with(exc.value, "required_empty")
    assert refused[0].fix.endswith("tables.opportunities.columns.created_date.values with if_empty: keep (the row is "
                                   "kept without a date)")
    yaml = ("client_name: Demo\ntables:\n  opportunities:\n    columns:\n      created_date: {column: created_date, "
            f"values: {{'1900-01-01': null, '{late}': null}}, if_empty: keep}}\n")
    (client / "client.yaml").write_text(yaml, encoding="utf-8")
    run_intake(client)  # the fix it names works: the rows are kept without a created date
    assert read_clean(client, "opportunities")["created_date"].isna().tolist() == [True, True, False]


def test_dates_outside_the_period_are_a_finding(tmp_path):
    yaml = "client_name: Demo\nperiod:\n  start: 2025-01-01\n  end: 2025-06-30\n"
    client = make_client(tmp_path, _opportunities("O1,2024-05-01,bid,C1,won,100,2025-03-01,",
                                                  "O2,2025-02-01,bid,C2,won,100,2025-03-01,"), yaml=yaml)
    run_intake(client)
    [outside] = _findings(client, "outside_period")
    assert (outside["table"], outside["column"], outside["row"]) == ("opportunities", "created_date", 2)
    assert outside["value"] == "1 before, 0 after; 1 row(s): 2"
    assert "2025-01-01 to 2025-06-30" in outside["expected"]


def test_day_and_month_order_that_no_cell_settles_is_named(tmp_path):
    ambiguous = _opportunities("O1,3/4/2025,bid,C1,won,100,5/6/2025,", "O2,1/2/2025,bid,C2,won,100,,")
    client = make_client(tmp_path / "a", ambiguous)
    run_intake(client)
    found = {f["column"]: f for f in _findings(client, "ambiguous_date")}
    assert set(found) == {"created_date", "close_date"}
    assert found["created_date"]["value"] == "row 2: 3/4/2025; row 3: 1/2/2025"
    assert "read month first (3/4/2025 = 2025-03-04)" in found["created_date"]["fix"]
    assert "format: '%d/%m/%Y'" in found["created_date"]["fix"]
    settled = _opportunities("O1,3/4/2025,bid,C1,won,100,12/31/2025,", "O2,1/20/2025,bid,C2,won,100,,")
    client = make_client(tmp_path / "b", settled)
    run_intake(client)
    assert not _findings(client, "ambiguous_date")  # 31 and 20 cannot be months: month-first is certain
    day_first = ("client_name: Demo\ntables:\n  opportunities:\n    columns:\n"
                 "      created_date: {column: created_date, format: '%d/%m/%Y'}\n")
    client = make_client(tmp_path / "c", ambiguous, yaml=day_first)
    run_intake(client)
    created = read_clean(client, "opportunities")["created_date"]
    assert [str(d.date()) for d in created] == ["2025-04-03", "2025-02-01"]
    assert {f["column"] for f in _findings(client, "ambiguous_date")} == {"close_date"}


# --------------------------------------------------------------------------- text and ids

def test_control_characters_are_removed_and_named(tmp_path):
    customers = "customer_id,name,level,relationship\nC1,Acme\x07,target,neutral\nC2\x00,Be\x1b[2Jta,quality,familiar\n"
    opps = _opportunities("O1,2025-01-10,bid\x07,C1,won,100,2025-03-01,", "O2,2025-01-11,bid,C2,won,100,,")
    client = make_client(tmp_path, {**opps, "customers.csv": customers})
    run_intake(client)
    found = {(f["table"], f["column"]): f for f in _findings(client, "control_characters")}
    assert found[("customers", "name")]["value"] == "row 2: 'Acme\\x07'; row 3: 'Be\\x1b[2Jta'"
    assert found[("customers", "customer_id")]["value"] == "row 3: 'C2\\x00'"
    assert found[("opportunities", "stage")]["row"] == 2
    for table in ("customers", "opportunities"):
        frame = read_clean(client, table)
        text = frame.select_dtypes(exclude=["number", "datetime", "bool"]).astype(str)
        assert not text.map(lambda v: bool(CONTROL.search(v))).any().any()
    assert read_clean(client, "customers")["name"].tolist() == ["Acme", "Be[2Jta"]
    assert not _findings(client, "unknown_reference")  # C2 with its NUL removed is C2


def test_ids_are_one_spelling_so_links_between_tables_hold(tmp_path):
    customers = "customer_id,name\nC001,Acme\nC002,Beta\n"
    opps = ("opportunity_id,created_date,stage,customer_id,status\n"
            "O1,2025-01-10,bid,C\u200b001,won\nO2,2025-01-11,bid,\uff23\uff10\uff10\uff12,won\n"
            "O3,2025-01-12,bid,\u202eC001,won\nO4,2025-01-13,bid,C001,won\n")
    client = make_client(tmp_path, {"customers.csv": customers, "opportunities.csv": opps})
    run_intake(client)
    assert read_clean(client, "opportunities")["customer_id"].tolist() == ["C001", "C002", "C001", "C001"]
    assert not _findings(client, "unknown_reference")
    [changed] = _findings(client, "id_normalised")
    assert changed["value"] == ("row 2: 'C\\u200b001' read as 'C001'; row 3: 'Ｃ００２' read as 'C002'; "
                                "row 4: '\\u202eC001' read as 'C001'")
    write_raw(client, "customers.csv", customers + "\uff23\uff10\uff10\uff11,Acme again\n")
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)  # the full-width spelling is the same customer: a duplicate
    problem = only_problem(exc.value, "duplicate_id")
    assert (problem.row, problem.value) == (4, "C001")


def test_duplicate_ids_name_their_own_first_row_once(tmp_path):
    customers = CUSTOMERS_CSV + "C1,A2,target,neutral\nC1,A3,target,neutral\nC2,B2,target,neutral\n"
    client = make_client(tmp_path, {"customers.csv": customers})
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    dups = problems_with(exc.value, "duplicate_id")
    assert [(p.row, p.value, p.fix) for p in dups] == [
        (4, "C1", "remove the duplicate row or give it its own id (first seen in row 2)"),
        (5, "C1", "remove the duplicate row or give it its own id (first seen in row 2)"),
        (6, "C2", "remove the duplicate row or give it its own id (first seen in row 3)")]
    assert dups[2].fix_zh == "删除重复的行，或给它一个新的编号（首次出现在第 3 行）"


# --------------------------------------------------------------------------- the problem list for Excel

def test_problem_list_quotes_formula_like_text(tmp_path):
    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"]
    problems = [Problem(file="f.csv", sheet=None, row=i + 2, column="=col", value=v, expected="e", fix="f")
                for i, v in enumerate(hostile)]
    path = write_problems(problems, tmp_path)
    assert path == tmp_path / "data" / PROBLEMS_FILE
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert frame["value"].tolist() == ["'" + v for v in hostile[:6]] + ["plain", "a=b"]
    assert set(frame["column"]) == {"'=col"}
    assert not any(formats.looks_like_formula(v) for v in frame.to_numpy().ravel())


def test_the_appendix_and_the_problem_list_share_one_formula_check():
    assert appendix.looks_like_formula is formats.looks_like_formula


def test_validate_writes_the_problem_list_and_a_valid_run_removes_it(tmp_path):
    bad = "".join(f"O{i},someday,bid,C1,won,100,,\n" for i in range(70)) + "O99,=HYPERLINK(1),bid,C1,won,1,,\n"
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": OPPS_HEADER + bad})
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert result.exit_code == 1
    listed = pd.read_csv(client / "data" / PROBLEMS_FILE, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(listed) == 71 and "'=HYPERLINK(1)" in listed["value"].tolist()
    write_raw(client, "opportunities.csv", OPPS_HEADER + "O1,someday,bid,C1,won,100,,\n")
    result = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert result.exit_code == 1 and "someday" in result.output
    assert not (client / "data" / PROBLEMS_FILE).exists()  # one problem, all on screen: the old list is gone
    write_raw(client, "opportunities.csv", OPPS_HEADER + bad)
    assert runner.invoke(main, ["validate", str(client), "--lang", "en"]).exit_code == 1
    write_raw(client, "opportunities.csv", OPPS_HEADER + "O1,2025-01-10,bid,C1,won,100,,\n")
    result = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert not (client / "data" / PROBLEMS_FILE).exists()  # no stale list beside valid data


# --------------------------------------------------------------------------- what intake lets through renders whole

def _edit_csv(path, encoding: str, edit) -> None:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode(encoding))))
    edit(rows[0], rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def _hostile_sample(root):
    """The tiny sample without a period, with a BEL in a lead source, look-alike customer ids, amounts of inf,
    1e20 and #DIV/0!, and dates in 1900 and 2200 in optional columns."""
    client = make_sample(root / "hostile", scale="tiny")
    yaml = client / "client.yaml"
    lines = yaml.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("period:"))
    yaml.write_text("".join(lines[:start] + lines[start + 3:]), encoding="utf-8")
    raw = client / "data" / "raw"

    def leads(header, rows):
        names = ("线索来源", "首次跟进日期", "招标日期", "客户编号")
        source, followup, tender, customer = (header.index(h) for h in names)
        rows[1][source] += "\x07"
        rows[2][customer] = rows[2][customer][:1] + "\u200b" + rows[2][customer][1:]
        rows[3][followup], rows[4][tender] = "1900-01-01", "2200-01-01"

    def opportunities(header, rows):
        amount, close, collected = (header.index(h) for h in ("amount", "close_date", "collected_date"))
        rows[1][amount], rows[2][amount], rows[3][amount] = "inf", "1e20", "#DIV/0!"
        rows[4][close], rows[5][collected] = "2200-01-01", "1900-01-01"

    _edit_csv(raw / "线索.csv", "utf-8-sig", leads)
    _edit_csv(raw / "opportunities.csv", "gb18030", opportunities)
    return client


@pytest.mark.slow
def test_a_sample_with_hostile_values_renders_every_notebook_and_the_pdf(tmp_path):
    client = _hostile_sample(tmp_path)
    exe = Path(sys.executable).with_name("workbook")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "WORKBOOK_LANG")}
    checked = subprocess.run([exe, "validate", client, "--lang", "en"], capture_output=True, env=env, timeout=300)
    assert checked.returncode == 0, checked.stderr.decode()[-3000:]
    rules = {f["rule"] for f in read_findings(client)}
    assert {"control_characters", "id_normalised", "not_finite", "implausible_number", "excel_error",
            "implausible_date"} <= rules
    done = subprocess.run([exe, "render", client, "--lang", "en"], capture_output=True, env=env, timeout=900)
    output = (done.stdout + done.stderr).decode()
    assert done.returncode == 0 and "5 of 5 notebooks ok, report written" in output, output[-4000:]
    reports = client / "reports"
    assert (reports / "report.pdf").read_bytes().startswith(b"%PDF")
    for notebook in reports.glob("0*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        assert not [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"], notebook
    metrics = (reports / "metrics.json").read_text(encoding="utf-8")
    assert "Infinity" not in metrics and "1e+20" not in metrics and "2200" not in metrics
