"""The Excel appendix: every full table the report shows, one named, formatted sheet each.

Where the tables come from: :func:`workbook.core.display.show` emits, for each
table of a section, an :data:`~workbook.core.display.APPENDIX_MIME` payload with
the table already localised: ``sheet`` (the table's caption), ``section`` (the
section heading), ``columns`` (headers, money headers carrying their unit),
``kinds`` (one of :data:`workbook.core.result.KINDS` per column: code and bool
columns hold their label text), ``data`` (rows of raw values, dates as ISO
strings) and ``chapter`` (the chapter code). :func:`collect_appendix` reads them
back from the executed notebooks; :func:`write_appendix` writes the workbook: a
contents sheet, then one sheet per table with real number formats and dates.

Client text is data: every string is written as a text cell, and one starting
with ``= + - @`` (or tab / carriage return) gets Excel's quote prefix, so it is
shown and kept as text, never evaluated as a formula.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbook.core.formats import looks_like_formula
from workbook.core.i18n import LANGS, t
from workbook.core.mimes import APPENDIX_MIME, TABLE_MIME

__all__ = ["Table", "collect_appendix", "write_appendix", "sheet_name", "looks_like_formula", "text_width",
           "APPENDIX_MIME", "TABLE_MIME", "NUMBER_FORMATS"]

SHEET_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\'\x00-\x1f]")

# the Excel number format of each kind (see workbook.core.result.KINDS); kinds not named here are text; zero money
# shows as a dash (the cell stays a number)
NUMBER_FORMATS = {"count": "#,##0", "rate": "0.0%", "money": '#,##0;-#,##0;"—"', "days": "#,##0", "hours": "#,##0.0",
                  "number": "#,##0.0", "ratio": "0.00", "date": "yyyy-mm-dd", "month": "yyyy-mm"}
NUMERIC = {"count", "rate", "money", "days", "hours", "number", "ratio"}
WIDTH_MIN, WIDTH_MAX = 8, 60  # column widths, in Excel characters (a CJK character counts 2)
WIDTH_SAMPLE = 500  # rows read to fit a column's width
HEADER_FILL = "#DCE6F1"


@dataclass(frozen=True)
class Table:
    """One appendix table: its sheet name, chapter code, section heading, headers, kinds and rows of raw values."""

    sheet: str
    chapter: str
    section: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    data: tuple[tuple, ...]


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name: <= 31 characters, none of ``[]:*?/\\'``, not blank; added to ``taken``.

    Examples
    --------
    >>> sheet_name("a/b: [c]?", set())
    'a b c'
    >>> sheet_name("x", {"x"})
    'x (2)'
    """
    base = re.sub(r"\s+", " ", _SHEET_BAD.sub(" ", str(text))).strip() or "table"
    name, n = base[:SHEET_MAX], 1
    folded = {name.casefold() for name in taken} | {"history"}  # "History" is reserved by Excel
    while name.casefold() in folded:
        n += 1
        suffix = f" ({n})"
        name = base[:SHEET_MAX - len(suffix)].rstrip() + suffix
    taken.add(name)
    return name


def _payloads(nb: dict):
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(APPENDIX_MIME)
            if payload is not None:
                yield json.loads(payload) if isinstance(payload, str) else payload


def _rows(data) -> tuple[tuple, ...]:
    return tuple(tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in data)


def collect_appendix(notebooks: list[tuple[str, dict]]) -> list[Table]:
    """The appendix tables of executed notebooks, in report order, each once, with unique sheet names.

    Parameters
    ----------
    notebooks
        ``(name, notebook)`` pairs, ``notebook`` an executed nbformat node or dict.

    Returns
    -------
    list of Table
        One per distinct :data:`APPENDIX_MIME` payload (the same table shown
        twice, with the same caption and rows, keeps one sheet). A sheet is
        named after the table's caption, made Excel-safe and unique (``X (2)``),
        never the contents sheet's name.

    Examples
    --------
    >>> payload = {"sheet": "数据清单", "section": "1. 数据", "columns": ["表名", "行数"], "kinds": ["code", "count"],
    ...            "data": [["线索", 20000]], "chapter": "overview"}
    >>> nb = {"cells": [{"cell_type": "code", "outputs": [{"data": {APPENDIX_MIME: payload}}] * 2}]}
    >>> [(t.sheet, t.data) for t in collect_appendix([("00_data_overview", nb)])]
    [('数据清单', (('线索', 20000),))]
    """
    tables, seen = [], set()
    taken = {t("appendix.contents", lang) for lang in LANGS}
    for _, nb in notebooks:
        for payload in _payloads(nb):
            columns = tuple(str(c) for c in payload["columns"])
            kinds = tuple(payload.get("kinds") or ())
            kinds = kinds + ("text",) * (len(columns) - len(kinds))
            data = _rows(payload.get("data") or ())
            identity = (payload.get("chapter", ""), str(payload["sheet"]), columns, kinds,
                        json.dumps(data, default=str))
            if identity in seen:
                continue
            seen.add(identity)
            tables.append(Table(sheet_name(payload["sheet"], taken), str(payload.get("chapter", "")),
                                str(payload.get("section", "")), columns, kinds, data))
    return tables




def text_width(text: str) -> int:
    """How many Excel characters ``text`` takes: wide (CJK, full-width) characters count 2.

    >>> text_width("abc"), text_width("客户级别"), text_width("C0001 甲方")
    (3, 8, 10)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(text))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT or value == ""


def _stamp(value, kind: str) -> dt.datetime | None:
    """A date or month value (ISO text, Period text ``2025-03``, datetime) as a naive datetime; None if not one."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    if pd.isna(stamp) or not 1900 <= stamp.year <= 9999:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    if kind == "month":
        stamp = stamp.replace(day=1)
    return stamp.to_pydatetime().replace(microsecond=0)


def _text(value, lang: str) -> str:
    if isinstance(value, tuple) and len(value) == len(LANGS) and all(isinstance(v, str) for v in value):
        return value[LANGS.index(lang)]  # a text the kit wrote in both languages
    if isinstance(value, bool):
        return t("fmt.yes" if value else "fmt.no", lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id read as a float
    if isinstance(value, tuple):
        return t("fmt.list_sep", lang).join(_text(v, lang) for v in value)
    return str(value)


def _cell(value, kind: str, lang: str):
    """What to write for one value: a number, a datetime, a string, or None (an empty cell)."""
    if _missing(value):
        return None
    if kind in NUMERIC and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value if math.isfinite(value) else None
    if kind in ("date", "month") and not isinstance(value, (bool, int, float)):
        stamp = _stamp(value, kind)
        if stamp is not None:
            return stamp
    return _text(value, lang)


def _shown(value, kind: str) -> str:
    """Roughly what Excel shows for a written value (to fit the column's width)."""
    if isinstance(value, dt.datetime):
        return "2025-01-01"[: 7 if kind == "month" else 10]
    if isinstance(value, (int, float)):
        if kind == "rate":
            return f"{value:.1%}"
        digits = {"hours": 1, "number": 1, "ratio": 2}.get(kind, 0)
        return f"{value:,.{digits}f}"
    return value


class _Formats:
    """The workbook's cell formats, made once each: by kind, quoted (formula-like text) or not."""

    def __init__(self, book):
        self.book = book
        self.cache: dict[tuple, object] = {}
        self.header = book.add_format({"bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True,
                                       "valign": "top"})
        self.header_quoted = book.add_format({"bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True,
                                              "valign": "top", "quote_prefix": True})

    def get(self, kind: str, *, quoted: bool = False, link: bool = False, bold: bool = False, size: int = 0):
        key = (kind, quoted, link, bold, size)
        if key not in self.cache:
            spec = {"num_format": NUMBER_FORMATS.get(kind, "@"), "valign": "top"}
            if quoted:
                spec["quote_prefix"] = True
            if link:
                spec.update(font_color="#0563C1", underline=1)
            if bold:
                spec["bold"] = True
            if size:
                spec["font_size"] = size
            self.cache[key] = self.book.add_format(spec)
        return self.cache[key]


def _write(sheet, row: int, col: int, value, kind: str, formats: _Formats) -> int:
    """Write one value (already through :func:`_cell`); returns its width in Excel characters."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, formats.get(kind))
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, formats.get(kind))
    else:
        sheet.write_string(row, col, value, formats.get("text", quoted=looks_like_formula(value)))
    return text_width(_shown(value, kind))


def _table_sheet(book, table: Table, formats: _Formats, lang: str) -> None:
    sheet = book.add_worksheet(table.sheet)
    widths = []
    for col, header in enumerate(table.columns):
        sheet.write_string(0, col, header, formats.header_quoted if looks_like_formula(header) else formats.header)
        widths.append(text_width(header))
    for row, values in enumerate(table.data, start=1):
        for col, kind in enumerate(table.kinds):
            value = _cell(values[col] if col < len(values) else None, kind, lang)
            width = _write(sheet, row, col, value, kind, formats)
            if row <= WIDTH_SAMPLE:
                widths[col] = max(widths[col], width)
    for col, kind in enumerate(table.kinds):
        sheet.set_column(col, col, min(max(widths[col] + 2, WIDTH_MIN), WIDTH_MAX), formats.get(kind))
    sheet.freeze_panes(1, 0)
    if table.columns:
        sheet.autofilter(0, 0, len(table.data), len(table.columns) - 1)
        sheet.ignore_errors({"number_stored_as_text": f"A1:XFD{len(table.data) + 1}"})  # ids kept as text
    sheet.repeat_rows(0)  # printed: the header on every page
    sheet.fit_to_pages(1, 0)


def _contents_sheet(book, tables: list[Table], formats: _Formats, lang: str, title: str) -> None:
    """The first sheet: the client's title, then per chapter its title and one linked row per sheet."""
    sheet = book.add_worksheet(t("appendix.contents", lang))
    sheet.write_string(0, 0, title or t("appendix.contents", lang),
                       formats.get("text", quoted=looks_like_formula(title), bold=True, size=14))
    for col, key in enumerate(("sheet", "section", "rows")):
        sheet.write_string(2, col, t(f"appendix.{key}", lang), formats.header)
    widths = [text_width(t(f"appendix.{key}", lang)) for key in ("sheet", "section", "rows")]
    row, chapter = 3, None
    for table in tables:
        if table.chapter != chapter:
            chapter = table.chapter
            heading = t(f"chapter.{chapter}", lang) if chapter else ""
            sheet.write_string(row, 0, heading, formats.get("text", quoted=looks_like_formula(heading), bold=True))
            row += 1
        sheet.write_url(row, 0, f"internal:'{table.sheet}'!A1", formats.get("text", link=True,
                        quoted=looks_like_formula(table.sheet)), string=table.sheet)
        sheet.write_string(row, 1, table.section, formats.get("text", quoted=looks_like_formula(table.section)))
        sheet.write_number(row, 2, len(table.data), formats.get("count"))
        widths = [max(widths[0], text_width(table.sheet)), max(widths[1], text_width(table.section)), widths[2]]
        row += 1
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, WIDTH_MIN), WIDTH_MAX))
    sheet.freeze_panes(3, 0)
    sheet.activate()


def write_appendix(tables: list[Table], path: Path, *, lang: str = "zh", title: str = "") -> Path:
    """Write ``tables`` to ``path`` (.xlsx, atomically): a contents sheet, then one sheet per table.

    Parameters
    ----------
    tables
        From :func:`collect_appendix`.
    path
        The ``.xlsx`` to write (replaced atomically).
    lang
        The language of the contents sheet (the tables are localised already).
    title
        The contents sheet's first line (the client's name).

    Each table sheet: the localised header row bold on a fill, frozen, with an
    autofilter over the data; numbers, rates, money, days and hours with their
    number format; dates and months as Excel dates; everything else as text;
    missing values as empty cells; column widths fitted to the content.
    """
    import xlsxwriter

    from workbook.core.io import write_atomic

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                       "strings_to_urls": False, "strings_to_numbers": False,
                                       "default_date_format": NUMBER_FORMATS["date"]})
    formats = _Formats(book)
    _contents_sheet(book, tables, formats, lang, title)
    for table in tables:
        _table_sheet(book, table, formats, lang)
    book.close()
    write_atomic(Path(path), buffer.getvalue())
    return Path(path)
