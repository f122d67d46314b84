"""Intake: raw client files -> validated, typed tables in data/clean/, or one error listing every problem."""
from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from tests.helpers import (
    CUSTOMERS_CSV,
    OPPORTUNITIES_CSV,
    VALID_FILES,
    make_client,
    only_problem,
    read_clean,
    read_findings,
    snapshot,
    write_raw,
)
from workbook.exceptions import DataValidationError
from workbook.intake.validate import read_client_data, run_intake


def _frame(csv_text: str) -> pd.DataFrame:
    """A frame of text cells from a small CSV literal (to write into workbooks)."""
    from io import StringIO

    return pd.read_csv(StringIO(csv_text), dtype=str, keep_default_na=False)


def _invalid(tmp_path, files, yaml: str | None = None) -> DataValidationError:
    client = make_client(tmp_path, files, **({"yaml": yaml} if yaml else {}))
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    assert not (client / "data" / "clean").exists()
    return exc.value


# --------------------------------------------------------------------------- where tables come from

def test_one_csv_per_table_with_english_names(tmp_path):
    result = run_intake(make_client(tmp_path, VALID_FILES))
    assert set(result.tables) == {"customers", "opportunities"}
    assert result.sources == {"customers": "customers.csv", "opportunities": "opportunities.csv"}
    assert result.tables["customers"]["customer_id"].tolist() == ["C1", "C2"]


def test_one_workbook_with_chinese_sheet_and_header_names(tmp_path):
    sheets = {
        "客户": _frame("客户编号,客户名称,客户级别\nC1,华东精密,优质\n"),
        "商机": _frame("商机编号,创建日期,销售阶段,客户编号,金额\nO1,2025-01-10,方案,C1,100\n"),
        "数据字典": _frame("表,字段\n客户,客户编号\n"),
    }
    result = run_intake(make_client(tmp_path, {"crm.xlsx": sheets}))
    assert set(result.tables) == {"customers", "opportunities"}
    assert result.sources["customers"] == "crm.xlsx [客户]"
    customers = result.tables["customers"]
    assert customers[["customer_id", "name", "level"]].values.tolist() == [["C1", "华东精密", "quality"]]
    assert result.tables["opportunities"]["stage"].tolist() == ["solution"]
    assert not [f for f in result.findings if f.rule == "ignored_sheet"]  # the dictionary sheet is expected


def test_bilingual_template_headers(tmp_path):
    text = "客户编号 (customer_id),客户名称 (name),人员规模 (headcount)\nC1,Acme,850\n"
    result = run_intake(make_client(tmp_path, {"客户.csv": text}))
    assert result.tables["customers"][["customer_id", "name"]].values.tolist() == [["C1", "Acme"]]
    assert result.tables["customers"]["headcount"].tolist() == [850]


def test_chinese_file_names_and_headers(tmp_path):
    files = {
        "客户.csv": "客户编号,客户名称\nC1,华东精密\n",
        "时间分配.csv": "销售编号,周期,工作类别,小时\nR1,2025-03-03,差旅,6\nR1,2025-03-03,customer_meeting,4\n",
    }
    result = run_intake(make_client(tmp_path, files))
    assert result.tables["time_log"]["category"].tolist() == ["travel", "customer_meeting"]
    assert result.tables["time_log"]["hours"].tolist() == [6.0, 4.0]


def test_one_xlsx_per_table(tmp_path):
    files = {"customers.xlsx": _frame(CUSTOMERS_CSV), "商机.xlsx": _frame(OPPORTUNITIES_CSV)}
    result = run_intake(make_client(tmp_path, files))
    assert result.sources == {"customers": "customers.xlsx [Sheet1]", "opportunities": "商机.xlsx [Sheet1]"}
    assert result.tables["opportunities"]["amount"].tolist() == [1000.0, 2500.0]


def test_workbook_sheet_configured_in_yaml_keeps_the_other_sheets(tmp_path):
    """Pointing one table at an oddly named sheet must not hide the workbook's other sheets."""
    sheets = {"Accounts": _frame(CUSTOMERS_CSV), "商机": _frame(OPPORTUNITIES_CSV)}
    yaml = "client_name: Demo\ntables:\n  customers: {file: crm.xlsx, sheet: Accounts}\n"
    result = run_intake(make_client(tmp_path, {"crm.xlsx": sheets}, yaml=yaml))
    assert set(result.tables) == {"customers", "opportunities"}
    assert result.sources["opportunities"] == "crm.xlsx [商机]"


# --------------------------------------------------------------------------- what is accepted

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    text = "客户编号,客户名称,客户级别,客户关系\nC1,华东精密机械,战略,伙伴\n"
    result = run_intake(make_client(tmp_path, {"客户.csv": text.encode(encoding)}))
    customers = result.tables["customers"]
    assert customers[["customer_id", "name", "level", "relationship"]].values.tolist() == [
        ["C1", "华东精密机械", "strategic", "partner"]]


def test_trailing_blank_rows_and_columns_in_csv(tmp_path):
    text = "customer_id,name,,\r\nC1,Acme,,\r\nC2,Beta,,\r\n,,,\r\n,,,\r\n\r\n"
    result = run_intake(make_client(tmp_path, {"customers.csv": text}))
    customers = result.tables["customers"]
    assert customers["customer_id"].tolist() == ["C1", "C2"]
    assert [col for col in customers.columns if col not in ("customer_id", "name", "_source_row")] == []


def test_trailing_blank_rows_and_columns_in_xlsx(tmp_path):
    client = make_client(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["customer_id", "name"])
    ws.append(["C1", "Acme"])
    ws.append(["C2", "Beta"])
    ws["F1"] = " "   # a stray space far right and far below: blank, so ignored
    ws["A12"] = " "
    wb.save(client / "data" / "raw" / "crm.xlsx")
    result = run_intake(client)
    customers = result.tables["customers"]
    assert customers["customer_id"].tolist() == ["C1", "C2"]
    assert list(customers.columns) == ["customer_id", "name", "_source_row"]


def test_excel_date_cells_and_serial_numbers(tmp_path):
    frame = pd.DataFrame({
        "opportunity_id": ["O1", "O2", "O3"],
        "created_date": [pd.Timestamp("2025-03-14"), 45000, "3/14/2025"],  # date cell, number cell, text
        "stage": ["bid", "bid", "bid"],
        "close_date": [45000.0, None, "2025-04-01"],
    })
    result = run_intake(make_client(tmp_path, {"opportunities.xlsx": frame}))
    opportunities = result.tables["opportunities"]
    assert opportunities["created_date"].tolist() == [pd.Timestamp("2025-03-14"), pd.Timestamp("2023-03-15"),
                                                      pd.Timestamp("2025-03-14")]
    assert opportunities["close_date"].tolist()[0] == pd.Timestamp("2023-03-15")
    assert pd.isna(opportunities["close_date"].iloc[1])


def test_vocabularies_in_both_languages(tmp_path):
    files = {
        "customers.csv": "customer_id,name,level,relationship\n"
                         "C1,A,潜在,未接触\nC2,B,目标,中立\nC3,C,优质,熟悉\nC4,D,战略,伙伴\n"
                         "C5,E,potential,untouched\nC6,F,Strategic,Partner\n",
        "leads.csv": "lead_id,created_date,source,source_type\nL1,2025-01-01,展会,被动\nL2,2025-01-01,电话,主动\n"
                     "L3,2025-01-01,web,passive\n",
    }
    result = run_intake(make_client(tmp_path, files))
    customers = result.tables["customers"]
    assert customers["level"].tolist() == ["potential", "target", "quality", "strategic", "potential", "strategic"]
    assert customers["relationship"].tolist() == ["untouched", "neutral", "familiar", "partner", "untouched",
                                                  "partner"]
    assert result.tables["leads"]["source_type"].tolist() == ["passive", "active", "passive"]


TYPED_CUSTOMERS = (
    "customer_id,name,headcount,annual_revenue,revenue_growth_3y,level,relationship\n"
    'C1,Acme,"1,200","1,234",15%,优质,熟悉\n'
    "C2,Beta,80,2000000,0.05,target,neutral\n"
)
TYPED_OPPORTUNITIES = (
    "opportunity_id,created_date,stage,customer_id,status,amount,close_date,need\n"
    'O1,45000,方案,C1,赢单,"1,234",3/14/2025,是\n'
    "O2,2025-01-02,bid,C2,open,500.5,,N\n"
)


def test_clean_tables_are_typed(tmp_path):
    client = make_client(tmp_path, {"customers.csv": TYPED_CUSTOMERS, "opportunities.csv": TYPED_OPPORTUNITIES})
    run_intake(client)
    customers = read_clean(client, "customers")
    expected = pd.DataFrame({
        "headcount": pd.array([1200, 80], dtype="Int64"),
        "annual_revenue": [1234.0, 2_000_000.0],
        "revenue_growth_3y": [0.15, 0.05],
    })
    assert_frame_equal(customers[["headcount", "annual_revenue", "revenue_growth_3y"]], expected)
    assert customers["level"].tolist() == ["quality", "target"]
    assert customers["relationship"].tolist() == ["familiar", "neutral"]

    opportunities = read_clean(client, "opportunities")
    assert pd.api.types.is_datetime64_any_dtype(opportunities["created_date"])
    assert pd.api.types.is_datetime64_any_dtype(opportunities["close_date"])
    assert opportunities["created_date"].tolist() == [pd.Timestamp("2023-03-15"), pd.Timestamp("2025-01-02")]
    assert opportunities["close_date"].iloc[0] == pd.Timestamp("2025-03-14")
    assert pd.isna(opportunities["close_date"].iloc[1])
    assert opportunities["amount"].dtype == "float64"
    assert opportunities["amount"].tolist() == [1234.0, 500.5]
    assert opportunities["need"].dtype == "boolean"
    assert opportunities["need"].tolist() == [True, False]
    assert opportunities[["stage", "status"]].values.tolist() == [["solution", "won"], ["bid", "open"]]
    assert opportunities["_source_row"].tolist() == [2, 3]


def test_manifest_and_quality_files(tmp_path):
    client = make_client(tmp_path, VALID_FILES)
    run_intake(client)
    clean = client / "data" / "clean"
    assert sorted(p.name for p in clean.iterdir()) == [
        "customers.parquet", "manifest.json", "opportunities.parquet", "quality.json"]
    manifest = json.loads((clean / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"] == {"customers": {"rows": 2, "source": "customers.csv"},
                                  "opportunities": {"rows": 2, "source": "opportunities.csv"}}
    assert isinstance(read_findings(client), list)


def test_read_client_data_writes_nothing(tmp_path):
    client = make_client(tmp_path, VALID_FILES)
    read_client_data(client)
    assert not (client / "data" / "clean").exists()


def test_raw_files_are_never_modified(tmp_path):
    client = make_client(tmp_path, VALID_FILES)
    before = snapshot(client / "data" / "raw")
    run_intake(client)
    assert snapshot(client / "data" / "raw") == before


# --------------------------------------------------------------------------- client.yaml mappings

MAPPED_YAML = """\
client_name: Demo
tables:
  opportunities:
    file: crm.xlsx
    sheet: Deals
    columns:
      opportunity_id: Deal ID
      customer_id: Account
      lead_id: {column: Account}
      created_date: {column: Created, format: "%d.%m.%Y"}
      stage: {column: Phase, values: {Prospecting: discover, Closed Won: negotiate, Closed Lost: negotiate}}
      status: {column: Phase, values: {Prospecting: open, Closed Won: won, Closed Lost: lost}}
      amount: Value
      budget: {column: "Budget?", values: {approved: 是, pending: false}}
      owner: {value: R01}
  customers:
    file: accounts.csv
    columns:
      customer_id: Kundennr
      name: Firma
      level: {column: Klasse, values: {A类: strategic, B类: quality}}
"""


def test_yaml_maps_files_sheets_and_columns(tmp_path):
    deals = _frame(
        "Deal ID,Account,Created,Phase,Value,Budget?\n"
        "D1,K1,14.03.2025,Prospecting,\"1,234\",approved\n"
        "D2,K2,01.02.2025,Closed Won,500,pending\n"
        "D3,K1,28.02.2025,Closed Lost,0,\n")
    files = {
        "crm.xlsx": {"Notes": _frame("x\n1\n"), "Deals": deals},
        "accounts.csv": "Kundennr,Firma,Klasse\nK1,Alpha,A类\nK2,Beta,潜在\n",
    }
    result = run_intake(make_client(tmp_path, files, yaml=MAPPED_YAML))
    opportunities = result.tables["opportunities"]
    expected = pd.DataFrame({
        "opportunity_id": ["D1", "D2", "D3"],
        "created_date": pd.to_datetime(["2025-03-14", "2025-02-01", "2025-02-28"]),
        "stage": ["discover", "negotiate", "negotiate"],
        "customer_id": ["K1", "K2", "K1"],
        "lead_id": ["K1", "K2", "K1"],
        "owner": ["R01", "R01", "R01"],
        "status": ["open", "won", "lost"],
        "amount": [1234.0, 500.0, 0.0],
        "budget": pd.array([True, False, None], dtype="boolean"),
    })
    assert_frame_equal(opportunities[list(expected.columns)], expected, check_dtype=False)
    assert opportunities["budget"].dtype == "boolean"
    customers = result.tables["customers"]
    assert customers[["customer_id", "name", "level"]].values.tolist() == [["K1", "Alpha", "strategic"],
                                                                          ["K2", "Beta", "potential"]]
    assert result.sources["opportunities"] == "crm.xlsx [Deals]"


JOIN_YAML = """\
client_name: Demo
tables:
  opportunities:
    file: deals.csv
    columns: {opportunity_id: deal_id}
    join: {file: amounts.xlsx, "on": deal_id, right_on: id}
"""


def test_yaml_joins_a_second_file_on_a_key(tmp_path):
    files = {
        "deals.csv": "deal_id,created_date,stage\nD1,2025-01-01,bid\nD2,2025-01-05,solution\nD3,2025-02-01,bid\n",
        "amounts.xlsx": pd.DataFrame({"id": ["D2", "D1", "D9"], "amount": [200, 100, 900],
                                      "客户编号": ["C2", "C1", "C9"]}),
    }
    result = run_intake(make_client(tmp_path, files, yaml=JOIN_YAML))
    opportunities = result.tables["opportunities"]
    assert opportunities["opportunity_id"].tolist() == ["D1", "D2", "D3"]
    assert opportunities["amount"].tolist()[:2] == [100.0, 200.0]
    assert pd.isna(opportunities["amount"].iloc[2])
    assert opportunities["customer_id"].tolist()[:2] == ["C1", "C2"]
    assert opportunities["_source_row"].tolist() == [2, 3, 4]
    unmatched = [f for f in result.findings if f.rule == "unmatched_join"]
    assert len(unmatched) == 1
    assert (unmatched[0].file, unmatched[0].column, unmatched[0].value) == ("deals.csv", "deal_id", "1 of 3 keys")


# --------------------------------------------------------------------------- invalid data: one rule per test

def test_missing_required_column(tmp_path):
    error = _invalid(tmp_path, {"customers.csv": "customer_id,level\nC1,target\n"})
    problem = only_problem(error, "missing_column")
    assert (problem.file, problem.row, problem.table) == ("customers.csv", 1, "customers")
    assert problem.column == "客户名称 (name)"
    assert "customer_id" in problem.expected and "level" in problem.expected  # the headers found
    assert "tables.customers.columns.name" in problem.fix


def test_missing_column_mapped_in_yaml(tmp_path):
    yaml = "client_name: Demo\ntables:\n  customers:\n    columns: {name: Firma}\n"
    error = _invalid(tmp_path, {"customers.csv": "customer_id,Firm\nC1,Acme\n"}, yaml)
    problem = only_problem(error, "missing_column")
    assert (problem.file, problem.row, problem.column, problem.value) == ("customers.csv", 1, "Firma", "Firma")
    assert "tables.customers.columns.name" in problem.fix


def test_unparseable_required_date(tmp_path):
    text = "lead_id,created_date,source\nL1,2025-01-02,展会\nL2,soon,展会\n"
    error = _invalid(tmp_path, {"leads.csv": text})
    problem = only_problem(error, "bad_date")
    assert (problem.file, problem.row, problem.column, problem.value) == ("leads.csv", 3, "created_date", "soon")
    assert "format" in problem.fix


def test_numeric_cell_that_is_no_date_in_a_required_xlsx_date_column(tmp_path):
    frame = pd.DataFrame({"lead_id": ["L1", "L2"], "created_date": [45000, 7], "source": ["展会", "展会"]})
    error = _invalid(tmp_path, {"leads.xlsx": frame})
    problem = only_problem(error, "bad_date")
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("leads.xlsx", "Sheet1", 3, "created_date")
    assert problem.value == "7"


def test_unparseable_number(tmp_path):
    text = OPPORTUNITIES_CSV + "O3,2025-02-01,bid,C2,open,12k,2025-04-01\n"
    error = _invalid(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": text})
    problem = only_problem(error, "not_a_number")
    assert (problem.file, problem.row, problem.column, problem.value) == ("opportunities.csv", 4, "amount", "12k")
    assert problem.table == "opportunities"


def test_duplicate_id(tmp_path):
    error = _invalid(tmp_path, {"customers.csv": CUSTOMERS_CSV + "C1,Acme again,target,neutral\n"})
    problem = only_problem(error, "duplicate_id")
    assert (problem.file, problem.row, problem.column, problem.value) == ("customers.csv", 4, "customer_id", "C1")
    assert "row 2" in problem.fix


def test_duplicate_id_names_the_mapped_source_column(tmp_path):
    yaml = "client_name: Demo\ntables:\n  customers:\n    columns: {customer_id: Kundennr, name: Firma}\n"
    error = _invalid(tmp_path, {"customers.csv": "Kundennr,Firma\nK1,A\nK1,B\n"}, yaml)
    problem = only_problem(error, "duplicate_id")
    assert (problem.row, problem.column, problem.value) == (3, "Kundennr", "K1")


def test_value_outside_vocabulary(tmp_path):
    error = _invalid(tmp_path, {"customers.csv": "customer_id,name,level\nC1,Acme,优质\nC2,Beta,VIP\n"})
    problem = only_problem(error, "not_in_vocabulary")
    assert (problem.file, problem.row, problem.column, problem.value) == ("customers.csv", 3, "level", "VIP")
    assert "potential/潜在" in problem.expected and "strategic/战略" in problem.expected
    assert "tables.customers.columns.level.values" in problem.fix


def test_stage_outside_configured_stages(tmp_path):
    text = "opportunity_id,created_date,stage\nO1,2025-01-01,方案\nO2,2025-01-01,Closed Won\n"
    error = _invalid(tmp_path, {"opportunities.csv": text})
    problem = only_problem(error, "not_in_vocabulary")
    assert (problem.row, problem.column, problem.value) == (3, "stage", "Closed Won")
    assert "solution/方案" in problem.expected
    assert "stages" in problem.fix


def test_negative_amount(tmp_path):
    text = OPPORTUNITIES_CSV.replace(",2500,", ",-2500,")
    error = _invalid(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": text})
    problem = only_problem(error, "negative")
    assert (problem.file, problem.row, problem.column, problem.value) == ("opportunities.csv", 3, "amount", "-2500")


def test_corrupt_workbook(tmp_path):
    noise = b"PK\x03\x04" + bytes((i * 37) % 256 for i in range(2000))
    error = _invalid(tmp_path, {"customers.xlsx": noise})
    problem = only_problem(error, "corrupt_file")
    assert problem.file == "customers.xlsx"
    assert "xlsx" in problem.fix


def test_empty_csv_file(tmp_path):
    error = _invalid(tmp_path, {"customers.csv": b"", "opportunities.csv": OPPORTUNITIES_CSV})
    problem = only_problem(error, "empty_file")
    assert (problem.file, problem.table) == ("customers.csv", "customers")


def test_unknown_sheet(tmp_path):
    yaml = "client_name: Demo\ntables:\n  opportunities: {file: crm.xlsx, sheet: Deals}\n"
    error = _invalid(tmp_path, {"crm.xlsx": {"客户": _frame(CUSTOMERS_CSV)}}, yaml)
    problem = only_problem(error, "unknown_sheet")
    assert (problem.file, problem.sheet, problem.value, problem.table) == ("crm.xlsx", "Deals", "Deals",
                                                                           "opportunities")
    assert "客户" in problem.expected
    assert "sheet" in problem.fix and "client.yaml" in problem.fix


def test_missing_configured_file(tmp_path):
    yaml = "client_name: Demo\ntables:\n  customers: {file: kunden.csv}\n"
    error = _invalid(tmp_path, {"opportunities.csv": OPPORTUNITIES_CSV}, yaml)
    problem = only_problem(error, "missing_file")
    assert (problem.file, problem.table) == ("kunden.csv", "customers")
    assert "tables.<table>.file" in problem.fix


def test_time_category_not_in_config(tmp_path):
    text = "owner,period,category,hours\nR1,2025-03-03,客户拜访与洽谈,6\nR1,2025-03-03,golf,2\n"
    error = _invalid(tmp_path, {"time_log.csv": text})
    problem = only_problem(error, "not_in_vocabulary")
    assert (problem.file, problem.row, problem.column, problem.value) == ("time_log.csv", 3, "category", "golf")
    assert "customer_meeting/客户拜访与洽谈" in problem.expected and "admin_training" in problem.expected
    assert "time_categories" in problem.fix and "client.yaml" in problem.fix
    assert "golf" in str(error)


def test_time_categories_come_from_client_yaml(tmp_path):
    yaml = "client_name: Demo\ntime_categories:\n  - {name: golf, label_zh: 高尔夫, kind: direct}\n"
    text = "owner,period,category,hours\nR1,2025-03-03,高尔夫,6\nR1,2025-03-03,golf,2\n"
    result = run_intake(make_client(tmp_path, {"time_log.csv": text}, yaml=yaml))
    assert result.tables["time_log"]["category"].tolist() == ["golf", "golf"]


def test_bad_boolean(tmp_path):
    text = "opportunity_id,created_date,stage,need\nO1,2025-01-01,bid,是\nO2,2025-01-01,bid,maybe\n"
    error = _invalid(tmp_path, {"opportunities.csv": text})
    problem = only_problem(error, "bad_bool")
    assert (problem.file, problem.row, problem.column, problem.value) == ("opportunities.csv", 3, "need", "maybe")


def test_required_cell_left_empty(tmp_path):
    error = _invalid(tmp_path, {"customers.csv": "customer_id,name\nC1,Acme\nC2,\n"})
    problem = only_problem(error, "required_empty")
    assert (problem.file, problem.row, problem.column) == ("customers.csv", 3, "name")


def test_row_numbers_count_blank_rows_as_excel_does(tmp_path):
    csv_text = "customer_id,name,level\nC1,A,target\n,,\nC2,B,VIP\n"
    sheet = openpyxl.Workbook()
    ws = sheet.active
    ws.title = "商机"
    ws.append(["opportunity_id", "created_date", "stage"])
    ws.append(["O1", "2025-01-01", "bid"])
    ws.append([])
    ws.append(["O2", "later", "bid"])
    client = make_client(tmp_path, {"customers.csv": csv_text})
    sheet.save(client / "data" / "raw" / "deals.xlsx")
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    assert only_problem(exc.value, "not_in_vocabulary").row == 4
    assert only_problem(exc.value, "bad_date").row == 4


def test_no_raw_data(tmp_path):
    error = _invalid(tmp_path, {})
    assert only_problem(error, "no_data").file == "data/raw"


def test_all_problems_are_collected(tmp_path):
    files = {
        "customers.csv": CUSTOMERS_CSV + "C1,Acme again,target,neutral\n",
        "opportunities.csv": OPPORTUNITIES_CSV + "O3,someday,bid,C2,open,100,\n",
        "time_log.csv": "owner,period,category,hours\nR1,2025-03-03,golf,2\n",
    }
    error = _invalid(tmp_path, files)
    assert len(error.problems) >= 3
    found = {(p.file, p.rule, p.row) for p in error.problems}
    assert {("customers.csv", "duplicate_id", 4), ("opportunities.csv", "bad_date", 4),
            ("time_log.csv", "not_in_vocabulary", 2)} <= found
    message = str(error)
    assert f"{len(error.problems)} problem(s)" in message
    assert "customers.csv row 4" in message and "opportunities.csv row 4" in message
    assert isinstance(error, ValueError)


def test_invalid_data_leaves_previous_clean_data_untouched(tmp_path):
    client = make_client(tmp_path, VALID_FILES)
    run_intake(client)
    clean = client / "data" / "clean"
    before = snapshot(clean)
    mtimes = {p.name: p.stat().st_mtime_ns for p in clean.iterdir()}
    write_raw(client, "opportunities.csv", OPPORTUNITIES_CSV.replace("2025-02-01", "not a date"))
    with pytest.raises(DataValidationError, match="not a date"):
        run_intake(client)
    assert snapshot(clean) == before
    assert {p.name: p.stat().st_mtime_ns for p in clean.iterdir()} == mtimes
    assert sorted(p.name for p in (client / "data").iterdir()) == ["clean", "raw"]  # no temp folders left


def test_valid_rerun_replaces_clean_data(tmp_path):
    client = make_client(tmp_path, VALID_FILES)
    run_intake(client)
    write_raw(client, "customers.csv", CUSTOMERS_CSV + "C3,Gamma,target,neutral\n")
    run_intake(client)
    assert read_clean(client, "customers")["customer_id"].tolist() == ["C1", "C2", "C3"]
    assert sorted(p.name for p in (client / "data").iterdir()) == ["clean", "raw"]
