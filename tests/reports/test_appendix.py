"""The Excel appendix: captured tables, named sheets, formats, and formulas neutralised."""
from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests import render_fixtures
from tests.render_fixtures import FORMULA, SCRIPT
from workbook.reports.appendix import Table, collect_tables, heading_text, sheet_name, table_payload, write_appendix

rendered_pair = render_fixtures.rendered_pair  # the shared session fixture


def test_payload_keeps_types_meaningful_index_and_flattens_columns():
    frame = pd.DataFrame({"tier": ["1", "2"], "n": [3, 4], "share": [0.25, 0.75]}).set_index("tier")
    payload = table_payload(frame)
    assert payload["columns"] == ["tier", "n", "share"]
    assert payload["types"] == ["string", "integer", "number"]
    assert payload["data"] == [["1", 3, 0.25], ["2", 4, 0.75]]
    wide = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")]))
    assert table_payload(wide)["columns"] == ["a / x", "a / y"]
    assert table_payload(pd.DataFrame([[1, 2]], columns=["d", "d"]))["columns"] == ["d", "d"]
    assert table_payload(frame.style)["columns"] == ["tier", "n", "share"]  # styled tables too
    assert table_payload(pd.DataFrame({"n": range(5)}), max_rows=2)["truncated"] is True
    assert table_payload("not a table") is None


def test_sheet_names_are_valid_unique_and_short():
    taken: set[str] = set()
    names = [sheet_name("01 " + "很长的章节标题" * 10, taken), sheet_name("01 " + "很长的章节标题" * 10, taken),
             sheet_name("a[b]:c*d?e/f\\g", taken), sheet_name("History", taken)]
    assert all(len(n) <= 31 for n in names)
    assert names[0] != names[1] and names[1].endswith("(2)")
    assert names[2] == "a b c d e f g"
    assert names[3] == "History (2)"  # reserved by Excel
    assert heading_text("# T\n\n## 3. 漏斗 · Funnel\ntext", lang="en") == "3. Funnel"


def test_formula_like_text_is_written_as_quoted_text(tmp_path):
    frame = pd.DataFrame({"name": [FORMULA, "+1", "-x", "@SUM(A1)", "ok"], "amount": [1000, 2, 3, 4, 5],
                          "win_rate": [0.5, 0.25, 0.1, 0.0, 1.0],
                          "when": pd.to_datetime(["2025-01-02"] * 5)})
    payload = table_payload(frame)
    nb = {"cells": [{"cell_type": "markdown", "source": "## 1. 客户 · Customers"},
                    {"cell_type": "code", "source": "", "outputs": [
                        {"output_type": "execute_result", "data": {"application/x-workbook-table+json": payload}}]}]}
    tables = collect_tables([("01_customers", nb)], lang="zh")
    assert [t.sheet for t in tables] == ["01 1. 客户"]
    path = write_appendix(tables + [Table("=evil", "x", "=evil", pd.DataFrame({"=col": ["=1"]}), ("string",))],
                          tmp_path / "appendix.xlsx", lang="en", title="=Client")
    book = load_workbook(path)
    assert book.sheetnames == ["Contents", "01 1. 客户", "=evil"]
    sheet = book["01 1. 客户"]
    assert [c.value for c in sheet[1]] == ["name", "amount", "win_rate", "when"]
    for row in range(2, 6):
        cell = sheet.cell(row, 1)
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert sheet.cell(2, 1).value == FORMULA and not sheet.cell(6, 1).quotePrefix
    assert sheet.cell(2, 2).number_format == "#,##0" and sheet.cell(2, 3).number_format == "0.0%"
    assert sheet.cell(2, 4).is_date and sheet.freeze_panes == "A2"
    assert book["=evil"]["A1"].quotePrefix and book["=evil"]["A2"].data_type == "s"
    assert book["Contents"]["A1"].value == "=Client" and book["Contents"]["A1"].quotePrefix


@pytest.mark.slow
def test_appendix_holds_every_table_the_report_shows(rendered_pair):
    zephyr, _, _ = rendered_pair
    book = load_workbook(zephyr / "reports" / "appendix.xlsx")
    assert book.sheetnames == ["目录", "01 1. 客户", "02 1. 汇总"]
    rows = [[c.value for c in row] for row in book["01 1. 客户"].iter_rows()]
    assert rows[0] == ["customer_id", "name"] and [r[1] for r in rows[1:]] == ["甲方阿尔法", FORMULA, SCRIPT]
    assert book["01 1. 客户"]["B3"].data_type == "s" and book["01 1. 客户"]["B3"].quotePrefix
    summary = [[c.value for c in row] for row in book["02 1. 汇总"].iter_rows()]
    assert summary[0] == ["name", "size"] and all(r[1] == 1 for r in summary[1:])
    assert [c.value for c in book["目录"][4]] == ["01 1. 客户", "01_customers", "1. 客户", 3]
