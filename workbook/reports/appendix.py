"""The Excel appendix: every full table the report shows, one named, formatted sheet each.

Where the tables come from: :func:`workbook.core.display.show` emits, for each
table of a section, an :data:`~workbook.core.display.APPENDIX_MIME` payload with
the table already localised: ``sheet`` (the table's caption), ``section`` (the
section heading), ``columns`` (headers, money headers carrying their unit),
``kinds`` (one of :data:`workbook.core.result.KINDS` per column: code and bool
columns hold their label text), ``data`` (rows of raw values, dates as ISO
strings) and ``chapter`` (the chapter code). A rendered table longer than a
page's few rows leaves its rows out of the notebook: the kernel writes them, as
the same JSON, to ``reports/.appendix/<content hash>.json`` and the payload holds
``file`` (that name) and ``rows`` (their count) instead of ``data``
(:func:`workbook.core.display.appendix_rows`). :func:`collect_appendix` reads the
payloads back from the executed notebooks; :func:`write_appendix` writes the
workbook: a contents sheet, then one sheet per table with real number formats
and dates, its rows streamed in one table at a time (:mod:`workbook.reports.sheetxml`);
:func:`prune_side_files` removes the files no executed notebook names any more.

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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbook.core.formats import looks_like_formula
from workbook.core.i18n import LANGS, t
from workbook.core.mimes import APPENDIX_MIME, TABLE_MIME
from workbook.exceptions import WorkbookError

__all__ = ["Table", "collect_appendix", "write_appendix", "prune_side_files", "sheet_name", "looks_like_formula",
           "text_width", "APPENDIX_MIME", "TABLE_MIME", "NUMBER_FORMATS"]

SHEET_MAX = 31
_SIDE_FILE = re.compile(r"[0-9a-f]{32}\.json")  # workbook.core.display.appendix_rows
_SHEET_BAD = re.compile(r"[\[\]:*?/\\'\x00-\x1f]")

# the Excel number format of each kind (see workbook.core.result.KINDS); kinds not named here are text; zero money
# shows as a dash (the cell stays a number)
NUMBER_FORMATS = {"count": "#,##0", "rate": "0.0%", "money": '#,##0;-#,##0;"—"', "days": "#,##0", "hours": "#,##0.0",
                  "number": "#,##0.0", "ratio": "0.00", "date": "yyyy-mm-dd", "month": "yyyy-mm"}
NUMERIC = {"count", "rate", "money", "days", "hours", "number", "ratio"}
WIDTH_MIN, WIDTH_MAX = 8, 60  # column widths, in Excel characters (a CJK character counts 2)
WIDTH_SAMPLE = 500  # rows read to fit a column's width
SHEET_ROWS = 1_048_575  # data rows of one worksheet (Excel's 1,048,576 rows, less the header)
HEADER_FILL = "#DCE6F1"


@dataclass(frozen=True)
class Table:
    """One appendix table: its sheet name, chapter code, section heading, headers, kinds and rows of raw values.

    The rows are ``data``, or, for a table the kernel wrote beside the notebook, the JSON file ``source``
    holding ``count`` rows (read when its sheet is written: one table's rows in memory at a time).
    """

    sheet: str
    chapter: str
    section: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    data: tuple[tuple, ...] = ()
    source: Path | None = None
    count: int = 0

    @property
    def rows(self) -> int:
        """How many rows the table has."""
        return self.count if self.source is not None else len(self.data)

    def records(self) -> Sequence[Sequence]:
        """The table's rows of raw values (read from ``source`` when it has one: lists, as JSON gives them)."""
        if self.source is None:
            return self.data
        return json.loads(self.source.read_bytes())

    def head(self, n: int) -> tuple[tuple, ...]:
        """The first ``n`` rows (of ``source``: read no further than them)."""
        if self.source is None:
            return self.data[:n]
        return _rows(_first_rows(self.source.read_text(encoding="utf-8"), n))


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


def _first_rows(text: str, n: int) -> list:
    """The first ``n`` rows of a JSON list of rows, decoding no further."""
    decoder, rows, at = json.JSONDecoder(), [], text.index("[") + 1
    while len(rows) < n:
        while text[at] in " \n\r\t,":
            at += 1
        if text[at] == "]":
            break
        row, at = decoder.raw_decode(text, at)
        rows.append(row)
    return rows


def _source(folder: Path | None, name: str, notebook: str, sheet: str, lang: str) -> Path:
    """The side file ``name`` of a table of ``notebook``, checked to be there (a plain name inside ``folder``)."""
    path = None if folder is None or Path(name).name != name else folder / name
    if path is None or not path.is_file():
        raise WorkbookError(t("appendix.missing", lang, notebook=notebook, sheet=sheet,
                              file=str(path or name)))
    return path


def collect_appendix(notebooks: list[tuple[str, dict]], folder: Path | None = None, *,
                     lang: str = "zh") -> list[Table]:
    """The appendix tables of executed notebooks, in report order, each once, with unique sheet names.

    Parameters
    ----------
    notebooks
        ``(name, notebook)`` pairs, ``notebook`` an executed nbformat node or dict.
    folder
        Where the notebooks' side files are (``reports/.appendix``): a payload that names a ``file`` has its
        rows there (:func:`workbook.core.display.appendix_rows`).
    lang
        The language of the message naming a missing side file.

    Returns
    -------
    list of Table
        One per distinct :data:`APPENDIX_MIME` payload (the same table shown
        twice, with the same caption and rows, keeps one sheet). A sheet is
        named after the table's caption, made Excel-safe and unique (``X (2)``),
        never the contents sheet's name.

    Raises
    ------
    WorkbookError
        A payload names a side file that is not in ``folder`` (naming the notebook, the sheet and the file).

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
    for notebook, nb in notebooks:
        for payload in _payloads(nb):
            columns = tuple(str(c) for c in payload["columns"])
            kinds = tuple(payload.get("kinds") or ())
            kinds = kinds + ("text",) * (len(columns) - len(kinds))
            if payload.get("file"):  # rows in a side file, named by their content
                source = _source(folder, str(payload["file"]), notebook, str(payload["sheet"]), lang)
                data, rows = (), source.name
            else:
                source, data = None, _rows(payload.get("data") or ())
                rows = json.dumps(data, default=str)
            identity = (payload.get("chapter", ""), str(payload["sheet"]), columns, kinds, rows)
            if identity in seen:
                continue
            seen.add(identity)
            tables.append(Table(sheet_name(payload["sheet"], taken), str(payload.get("chapter", "")),
                                str(payload.get("section", "")), columns, kinds, data, source,
                                int(payload.get("rows") or 0)))
    return tables


def prune_side_files(folder: Path, notebooks: list[tuple[str, dict]]) -> list[Path]:
    """Remove the side files in ``folder`` (``reports/.appendix``) that none of ``notebooks`` names; returns them.

    Only files by the name the kernel gives them (``<hex>.json``) go, never through a symlink: a table rendered
    again is a new file, and the old one goes once the executed notebooks that named it were replaced.
    """
    if folder.is_symlink() or not folder.is_dir():
        return []
    named = {str(payload.get("file")) for _, nb in notebooks for payload in _payloads(nb) if payload.get("file")}
    removed = []
    for path in folder.glob("*.json"):
        if _SIDE_FILE.fullmatch(path.name) and path.name not in named:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


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


def _style(fmt) -> int:
    """The style index (xlsxwriter's ``xf_index``) of a format, assigned now: the streamed rows cite it before the
    workbook is closed, exactly as xlsxwriter's own ``write_*`` calls assign it."""
    return fmt._get_xf_index()


@dataclass(frozen=True)
class _Part:
    """One sheet of a table: rows ``start`` to ``stop`` (a table longer than a sheet holds is split)."""

    table: Table
    sheet: str
    start: int
    stop: int
    number: int
    parts: int

    @property
    def rows(self) -> int:
        return self.stop - self.start


def _parts(tables: list[Table]) -> list[_Part]:
    """Each table's sheets: one, or one per ``SHEET_ROWS`` rows, the later ones named after the first (``X (2)``)."""
    taken = {table.sheet for table in tables} | {t("appendix.contents", lang) for lang in LANGS}
    parts = []
    for table in tables:
        count = max(1, math.ceil(table.rows / SHEET_ROWS))
        for number in range(1, count + 1):
            sheet = table.sheet if number == 1 else sheet_name(table.sheet, taken)
            parts.append(_Part(table, sheet, (number - 1) * SHEET_ROWS, min(number * SHEET_ROWS, table.rows),
                               number, count))
    return parts


def _converters(kinds: tuple[str, ...], lang: str) -> list:
    """Per column, the cell rule (:func:`_cell`) of its kind; a date column's texts converted once each."""
    def plain(kind):
        return lambda value: _cell(value, kind, lang)

    def dated(kind):
        seen: dict = {}

        def convert(value):
            if not isinstance(value, str):
                return _cell(value, kind, lang)
            if value not in seen:
                seen[value] = _cell(value, kind, lang)
            return seen[value]
        return convert

    return [dated(kind) if kind in ("date", "month") else plain(kind) for kind in kinds]


def _table_sheet(book, part: _Part, formats: _Formats, lang: str, member: str):
    """Lay out one table sheet (header, widths, filter, print settings); what to stream into it as its rows."""
    from workbook.reports.sheetxml import SheetRows

    table = part.table
    sheet = book.add_worksheet(part.sheet)
    widths = []
    for col, header in enumerate(table.columns):
        sheet.write_string(0, col, header, formats.header_quoted if looks_like_formula(header) else formats.header)
        widths.append(text_width(header))
    kinds = table.kinds
    convert = _converters(kinds, lang)
    for values in table.head(WIDTH_SAMPLE):
        for col, kind in enumerate(kinds):
            value = convert[col](values[col] if col < len(values) else None)
            if value is not None:
                widths[col] = max(widths[col], text_width(_shown(value, kind)))
    for col, kind in enumerate(kinds):
        sheet.set_column(col, col, min(max(widths[col] + 2, WIDTH_MIN), WIDTH_MAX), formats.get(kind))
    sheet.freeze_panes(1, 0)
    if table.columns:
        sheet.autofilter(0, 0, part.rows, len(table.columns) - 1)
        sheet.ignore_errors({"number_stored_as_text": f"A1:XFD{part.rows + 1}"})  # ids kept as text
    sheet.repeat_rows(0)  # printed: the header on every page
    sheet.fit_to_pages(1, 0)
    text, quoted = _style(formats.get("text")), _style(formats.get("text", quoted=True))
    by_kind = [_style(formats.get(kind)) for kind in kinds]

    def style(col: int, value) -> int:
        if isinstance(value, str):
            return quoted if looks_like_formula(value) else text
        return by_kind[col]

    def rows():
        return table.records()[part.start:part.stop]

    return SheetRows(member, rows, part.rows, len(kinds), convert, style)


def _contents_sheet(book, parts: list[_Part], formats: _Formats, lang: str, title: str) -> None:
    """The first sheet: the client's title, then per chapter its title and one linked row per sheet."""
    sheet = book.add_worksheet(t("appendix.contents", lang))
    sheet.write_string(0, 0, title or t("appendix.contents", lang),
                       formats.get("text", quoted=looks_like_formula(title), bold=True, size=14))
    for col, key in enumerate(("sheet", "section", "rows")):
        sheet.write_string(2, col, t(f"appendix.{key}", lang), formats.header)
    widths = [text_width(t(f"appendix.{key}", lang)) for key in ("sheet", "section", "rows")]
    row, chapter = 3, None
    for part in parts:
        table = part.table
        if table.chapter != chapter:
            chapter = table.chapter
            heading = t(f"chapter.{chapter}", lang) if chapter else ""
            sheet.write_string(row, 0, heading, formats.get("text", quoted=looks_like_formula(heading), bold=True))
            row += 1
        section = table.section if part.parts == 1 else t(  # a list longer than a sheet: which rows this one has
            "appendix.part", lang, section=table.section, part=part.number, parts=part.parts,
            first=f"{part.start + 1:,}", last=f"{part.stop:,}", total=f"{table.rows:,}")
        sheet.write_url(row, 0, f"internal:'{part.sheet}'!A1", formats.get("text", link=True,
                        quoted=looks_like_formula(part.sheet)), string=part.sheet)
        sheet.write_string(row, 1, section, formats.get("text", quoted=looks_like_formula(section)))
        sheet.write_number(row, 2, part.rows, formats.get("count"))
        widths = [max(widths[0], text_width(part.sheet)), max(widths[1], text_width(section)), widths[2]]
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
    missing values as empty cells; column widths fitted to the content. A table
    longer than a worksheet's 1,048,575 data rows continues on further sheets
    (``X (2)``), each with the header; the contents sheet says which rows each holds.
    The rows are streamed into the file one table at a time (:mod:`workbook.reports.sheetxml`).
    """
    import tempfile

    import xlsxwriter

    from workbook.core.io import publish
    from workbook.reports.sheetxml import splice_rows

    path = Path(path)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                       "strings_to_urls": False, "strings_to_numbers": False,
                                       "default_date_format": NUMBER_FORMATS["date"]})
    formats = _Formats(book)
    parts = _parts(tables)
    _contents_sheet(book, parts, formats, lang, title)
    sheets = [_table_sheet(book, part, formats, lang, f"xl/worksheets/sheet{index}.xml")
              for index, part in enumerate(parts, start=2)]
    book.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with open(fd, "wb") as handle:
            splice_rows(buffer.getvalue(), sheets, handle)
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
