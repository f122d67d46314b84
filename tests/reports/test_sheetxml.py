"""Rows streamed into a table sheet as worksheet XML: what xlsxwriter would have written for each value."""
from __future__ import annotations

import datetime as dt

import xlsxwriter
from openpyxl import load_workbook
from xlsxwriter.utility import _datetime_to_excel_datetime

from workbook.reports.sheetxml import STRING_MAX, SheetRows, column_letter, excel_serial, splice_rows


def test_serial_days_match_xlsxwriter_around_the_phantom_leap_day():
    for stamp in (dt.datetime(1900, 1, 1), dt.datetime(1900, 1, 2), dt.datetime(1900, 2, 28, 6),
                  dt.datetime(1900, 2, 28, 12), dt.datetime(1900, 3, 1),
                  dt.datetime(2025, 3, 2), dt.datetime(2024, 12, 31, 23, 59, 59), dt.datetime(9999, 12, 31)):
        assert excel_serial(stamp) == _datetime_to_excel_datetime(stamp, False, True), stamp
    assert excel_serial(dt.datetime(2025, 3, 2)) == 45718  # 2025-03-02 is serial 45718 in Excel


def test_columns_past_z():
    assert [column_letter(c) for c in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def _as_xlsxwriter_writes(text: str, tmp_path) -> str:
    """What a reader gets back for ``text`` written by xlsxwriter itself (control characters escaped ``_xHHHH_``)."""
    book = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"), {"constant_memory": True})
    book.add_worksheet("t").write_string(0, 0, text)
    book.close()
    return load_workbook(tmp_path / "plain.xlsx")["t"]["A1"].value


def test_streamed_rows_read_back_as_written(tmp_path):
    package = tmp_path / "package.xlsx"
    book = xlsxwriter.Workbook(str(package))
    sheet = book.add_worksheet("t")
    sheet.write_string(0, 0, "header")
    text, number = book.add_format({"num_format": "@"}), book.add_format({"num_format": "#,##0.0"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    styles = {str: text._get_xf_index(), float: number._get_xf_index(), dt.datetime: date._get_xf_index()}
    book.close()
    rows = [("a & <b>", 1.5, dt.datetime(2025, 3, 2)),
            (" padded ", None, None),
            ("bell\x07 and _x0041_", 1e16, dt.datetime(1999, 12, 31, 12)),
            ("长" * (STRING_MAX + 5), -0.1, None)]
    out = tmp_path / "out.xlsx"
    by_column = [styles[str], styles[float], styles[dt.datetime]]  # an empty cell: its column's format
    spec = SheetRows("xl/worksheets/sheet1.xml", lambda: rows, len(rows), 3, [lambda value: value] * 3,
                     lambda col, value: by_column[col] if value is None else styles[type(value)])
    splice_rows(package.read_bytes(), [spec], out)
    sheet = load_workbook(out)["t"]
    assert sheet["A1"].value == "header" and sheet.max_row == 5 and sheet.dimensions == "A1:C5"
    assert [sheet["A2"].value, sheet["B2"].value, sheet["C2"].value] == ["a & <b>", 1.5, dt.datetime(2025, 3, 2)]
    assert sheet["A3"].value == " padded " and sheet["B3"].value is None  # spaces kept; missing: empty cell
    assert sheet["B3"].number_format == "#,##0.0" and sheet["C3"].number_format == "yyyy-mm-dd"
    assert sheet["A4"].value == _as_xlsxwriter_writes("bell\x07 and _x0041_", tmp_path) and sheet["B4"].value == 1e16
    assert sheet["C4"].value == dt.datetime(1999, 12, 31, 12) and sheet["C2"].number_format == "yyyy-mm-dd"
    assert len(sheet["A5"].value) == STRING_MAX and sheet["B5"].number_format == "#,##0.0"
