"""The rows of the appendix's table sheets, written as worksheet XML straight into the package, in order.

xlsxwriter lays out the workbook (contents sheet, headers, formats, widths,
filters, print settings); a table sheet leaves it holding its header row alone.
:func:`splice_rows` then copies that package into the final ``.xlsx``,
streaming each table's rows into its sheet as they are converted: memory stays
that of one table's values, whatever the rows, and a cell costs a string
format instead of a call through the writer's public API.

A cell says what xlsxwriter would have written for it: a number (``.16G``), a
date as Excel's serial day number, or an inline string with XML and control
characters escaped the way Excel reads them back (``_xHHHH_``), cut to
Excel's 32,767 characters.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SheetRows", "column_letter", "splice_rows", "STRING_MAX"]

STRING_MAX = 32_767  # characters of one cell's text in Excel
COMPRESS_LEVEL = 1  # deflate level of the streamed sheets: a tenth of the time of the default for a fifth more bytes
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_EPOCH = dt.datetime(1899, 12, 31)


def column_letter(col: int) -> str:
    """Excel's letters of a zero-based column.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_serial(value: dt.datetime) -> float:
    """Excel's serial day number of a naive datetime, as xlsxwriter gives it (1900 system, counting Excel's
    phantom 29 February 1900, and 1900-01-01 taken as day 0 as xlsxwriter does).

    >>> excel_serial(dt.datetime(2025, 3, 2)), excel_serial(dt.datetime(1900, 1, 2, 12))
    (45718.0, 1.5)
    """
    delta = value - _EPOCH
    days = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / 86400
    if value.isocalendar() == (1900, 1, 1):
        days -= 1
    return days + 1 if days > 59 else days


def _text(value: str) -> str:
    """An inline string cell's ``<t>`` element: cut to Excel's limit, control characters and XML escaped."""
    value = value[:STRING_MAX]
    if "_x" in value:
        value = _ESCAPED.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(value) else ""
    return f"<t{space}>{value}</t>"


@dataclass(frozen=True)
class SheetRows:
    """What to stream into one table sheet: its package member, the rows and how to style each cell.

    ``rows`` yields each row's values already through the appendix's cell rule (a number, a naive datetime, a
    string or None); ``style(col, value)`` gives the cell's style index (xlsxwriter's ``xf_index``), read once
    the package is written. ``first`` is the worksheet row of the first data row (1: under the header).
    """

    member: str
    rows: Callable[[], Iterable[tuple]]
    count: int
    columns: int
    style: Callable[[int, object], int]
    first: int = 1


def _rows_xml(sheet: SheetRows) -> Iterable[str]:
    letters = [column_letter(col) for col in range(sheet.columns)]
    serials: dict[dt.datetime, float] = {}
    chunk: list[str] = []
    for index, values in enumerate(sheet.rows(), start=sheet.first + 1):
        cells = []
        for col, value in enumerate(values):
            if value is None:
                continue
            style = sheet.style(col, value)
            if isinstance(value, str):
                cells.append(f'<c r="{letters[col]}{index}" s="{style}" t="inlineStr"><is>{_text(value)}</is></c>')
                continue
            if isinstance(value, dt.datetime):
                number = serials.get(value)
                if number is None:
                    number = serials[value] = excel_serial(value)
                value = number
            cells.append(f'<c r="{letters[col]}{index}" s="{style}"><v>{value:.16G}</v></c>')
        chunk.append(f'<row r="{index}">{"".join(cells)}</row>')
        if len(chunk) >= 2000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def splice_rows(package: bytes | Path, sheets: list[SheetRows], out) -> None:
    """Copy the xlsx ``package`` to ``out`` (a path or binary file), streaming each of ``sheets``' rows into it.

    Every other member is copied as it is; a table sheet's member gets its rows before ``</sheetData>`` and its
    ``<dimension>`` widened to them.
    """
    import io

    by_member = {sheet.member: sheet for sheet in sheets}
    source = zipfile.ZipFile(io.BytesIO(package) if isinstance(package, bytes) else package)
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as target:
        for info in source.infolist():
            sheet = by_member.get(info.filename)
            if sheet is None or sheet.count == 0 or sheet.columns == 0:
                with source.open(info) as reading, target.open(info.filename, "w", force_zip64=True) as writing:
                    shutil.copyfileobj(reading, writing)
                continue
            xml = source.read(info).decode("utf-8")
            end = xml.index("</sheetData>")
            last = f"{column_letter(max(sheet.columns, 1) - 1)}{sheet.first + sheet.count}"
            head = _DIMENSION.sub(f'<dimension ref="A1:{last}"/>', xml[:end], count=1)
            with target.open(info.filename, "w", force_zip64=True) as writing:
                writing.write(head.encode("utf-8"))
                for part in _rows_xml(sheet):
                    writing.write(part.encode("utf-8"))
                writing.write(xml[end:].encode("utf-8"))
