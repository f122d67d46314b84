"""``workbook validate`` shows the "expected" and "fix" texts of problems and findings in the chosen language."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.helpers import CUSTOMERS_CSV, OPPORTUNITIES_CSV, VALID_FILES, make_client
from workbook import cli
from workbook.exceptions import Problem

CORRUPT_XLSX = b"PK\x03\x04" + bytes((i * 37) % 256 for i in range(2000))

# rule -> (raw files, client.yaml or None, exit code, Chinese texts, English texts)
CASES = {
    "missing_column": (
        {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": OPPORTUNITIES_CSV.replace("created_date", "opened")},
        None, 1,
        ["必填列 '创建日期 (created_date)'", "现有的列：",
         "在 client.yaml 中映射您的列标题：tables.opportunities.columns.created_date"],
        ["a required column '创建日期 (created_date)'",
         "map your header in client.yaml: tables.opportunities.columns.created_date"],
    ),
    "missing_mapped_column": (
        VALID_FILES, "client_name: Demo\ntables:\n  opportunities:\n    columns:\n      created_date: Opened On\n", 1,
        ["标题为 'Opened On' 的列（client.yaml 中映射到 created_date）",
         "在 client.yaml 中改正 tables.opportunities.columns.created_date"],
        ["a column headed 'Opened On' (mapped to created_date in client.yaml)",
         "correct tables.opportunities.columns.created_date in client.yaml"],
    ),
    "bad_date": (
        {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": OPPORTUNITIES_CSV + "O3,someday,bid,C2,open,100,\n"},
        None, 1,
        ["日期，例如 2025-03-31、3/31/2025 或 Excel 日期",
         "改正日期，或在 client.yaml 中设置格式：tables.opportunities.columns.created_date: "
         "{column: ..., format: '%d.%m.%Y'}"],
        ["a date such as 2025-03-31, 3/31/2025 or an Excel date",
         "set its format in client.yaml: tables.opportunities.columns.created_date"],
    ),
    "not_in_vocabulary": (
        {"customers.csv": CUSTOMERS_CSV.replace("C1,Acme,target", "C1,Acme,bogus"),
         "opportunities.csv": OPPORTUNITIES_CSV},
        None, 1,
        ["以下值之一：", "使用数据收集模板中的下拉选项", "tables.customers.columns.level.values 映射该值"],
        ["one of: ", "use the drop-down values of the intake template",
         "map the value in client.yaml with tables.customers.columns.level.values"],
    ),
    "duplicate_id": (
        {"customers.csv": CUSTOMERS_CSV + "C1,Acme again,target,neutral\n", "opportunities.csv": OPPORTUNITIES_CSV},
        None, 1,
        ["每个 customer_id 只出现一次", "删除重复的行，或给它一个新的编号（首次出现在第 2 行）"],
        ["each customer_id once", "remove the duplicate row or give it its own id (first seen in row 2)"],
    ),
    "corrupt_file": (
        {"customers.xlsx": CORRUPT_XLSX}, None, 1,
        ["可以打开的 Excel 工作簿", "用 Excel 打开文件，再另存为 .xlsx"],
        ["a readable Excel workbook", "open the file in Excel and save it again as .xlsx"],
    ),
    "unknown_reference": (
        {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": OPPORTUNITIES_CSV.replace(",C2,won,", ",C9,won,")},
        None, 0,
        ["customers 中已有的 customer_id", "在 customers 中补上缺少的记录，或改正编号"],
        ["a customer_id listed in customers", "add the missing records to customers or correct the ids"],
    ),
}


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """Wide enough that no table cell is folded over several lines."""
    monkeypatch.setattr(cli.console, "width", 2000)
    monkeypatch.setattr(cli.err_console, "width", 2000)


def _validate(client, lang: str):
    result = CliRunner().invoke(cli.main, ["validate", str(client), "--lang", lang],
                                env={"COLUMNS": "2000", "WORKBOOK_LANG": None})
    return result


@pytest.mark.parametrize("rule", list(CASES))
def test_expected_and_fix_follow_the_language(tmp_path, rule):
    files, yaml, code, zh_texts, en_texts = CASES[rule]
    kwargs = {"yaml": yaml} if yaml else {}
    zh = _validate(make_client(tmp_path / "zh", files, **kwargs), "zh")
    en = _validate(make_client(tmp_path / "en", files, **kwargs), "en")
    assert (zh.exit_code, en.exit_code) == (code, code), zh.output + en.output
    assert "Traceback" not in zh.output + en.output
    for text in zh_texts:
        assert text in zh.output, zh.output
    for text in en_texts:
        assert text in en.output, en.output
    # the other language's texts do not leak into the table
    assert not any(text in zh.output for text in en_texts if text != "one of: "), zh.output
    assert not any(text in en.output for text in zh_texts), en.output


def test_problem_falls_back_to_english_without_a_chinese_text():
    p = Problem(file="a.csv", sheet=None, row=None, column=None, value=None, expected="x", fix="y")
    assert (p.expected_in("zh"), p.fix_in("zh")) == ("x", "y")
    q = Problem(file="a.csv", sheet=None, row=None, column=None, value=None, expected="x", fix="y",
                expected_zh="甲", fix_zh="乙")
    assert (q.expected_in("zh"), q.fix_in("zh"), q.expected_in("en"), q.fix_in("en")) == ("甲", "乙", "x", "y")
    assert q.as_dict()["expected_zh"] == "甲" and q.as_dict()["fix_zh"] == "乙"


def test_fallback_is_shown_by_the_cli_table():
    p = Problem(file="a.csv", sheet=None, row=None, column=None, value=None, expected="english only", fix="fix it")
    console = cli.PlainConsole(width=2000, record=True)  # the console the command line prints through
    console.print(cli._problem_table([p], "zh"))
    text = console.export_text()
    assert "english only" in text and "fix it" in text
