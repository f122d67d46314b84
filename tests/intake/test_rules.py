"""Intake rules, one test each: the problem names file, sheet, row, column and value, and so does its message."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import CUSTOMERS_CSV, OPPORTUNITIES_CSV, make_client, only_problem, read_findings
from workbook.exceptions import DataValidationError
from workbook.intake.validate import run_intake


def _invalid(client) -> DataValidationError:
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    assert not (client / "data" / "clean").exists()
    return exc.value


def test_encoding_names_the_row_column_and_bytes(tmp_path):
    data = b"customer_id,name\nC1,Acme\n" + b"C2,Beta \xff\xfe GmbH\n"  # neither UTF-8 nor GBK
    error = _invalid(make_client(tmp_path, {"customers.csv": data}))
    p = only_problem(error, "encoding")
    assert (p.file, p.sheet, p.row, p.column, p.value) == ("customers.csv", None, 3, "name", "\\xff\\xfe")
    assert "customers.csv row 3 column 'name': got '\\\\xff\\\\xfe'" in str(error)
    assert "UTF-8 or GBK" in str(error)


def test_duplicate_header_in_a_sheet(tmp_path):
    frame = pd.DataFrame([["C1", "Acme", "Acme Ltd"]], columns=["customer_id", "name", "name2"])
    client = make_client(tmp_path, {"客户.xlsx": {"客户": frame.rename(columns={"name2": "name"})}})
    error = _invalid(client)
    p = only_problem(error, "duplicate_header")
    assert (p.file, p.sheet, p.row, p.column, p.value) == ("客户.xlsx", "客户", 1, "name", "name")
    assert "客户.xlsx [sheet 客户] row 1 column 'name': got 'name'" in str(error)


def test_duplicate_table_names_both_sources(tmp_path):
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV,
                                    "data.xlsx": {"客户": pd.read_csv(pd.io.common.StringIO(CUSTOMERS_CSV))}})
    error = _invalid(client)
    p = only_problem(error, "duplicate_table")
    # a whole table twice: no row or column to point at; the value lists both sources
    assert (p.file, p.sheet, p.row, p.column, p.value) == ("data.xlsx", "客户", None, None,
                                                          "customers.csv; data.xlsx [客户]")
    assert "data.xlsx [sheet 客户]: got 'customers.csv; data.xlsx [客户]'" in str(error)
    assert "tables.customers.file" in str(error)


def test_file_type_named_in_client_yaml(tmp_path):
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "deals.pdf": b"%PDF-1.4"},
                         yaml="client_name: Demo\ntables:\n  opportunities: {file: deals.pdf}\n")
    error = _invalid(client)
    p = only_problem(error, "file_type")
    assert (p.file, p.sheet, p.row, p.column, p.value, p.table) == ("deals.pdf", None, None, None, ".pdf",
                                                                    "opportunities")
    assert "deals.pdf: got '.pdf'; expected one of .csv" in str(error)


def test_not_a_whole_number(tmp_path):
    frame = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["Acme", "Beta"], "headcount": [120, 80.5]})
    client = make_client(tmp_path, {"客户资料.xlsx": {"客户": frame}})
    error = _invalid(client)
    p = only_problem(error, "not_whole")
    assert (p.file, p.sheet, p.row, p.column, p.value) == ("客户资料.xlsx", "客户", 3, "headcount", "80.5")
    assert "客户资料.xlsx [sheet 客户] row 3 column 'headcount': got '80.5'; expected a whole number" in str(error)


def test_missing_table_is_a_finding_naming_what_was_found(tmp_path):
    client = make_client(tmp_path, {"opportunities.csv": OPPORTUNITIES_CSV})
    run_intake(client)
    [p] = [f for f in read_findings(client) if f["rule"] == "missing_table"]
    assert (p["file"], p["sheet"], p["row"], p["column"], p["value"], p["table"]) == (
        "data/raw", None, None, None, "opportunities.csv", "customers")
    assert "customers table" in p["expected"] and "客户" in p["expected_zh"]
