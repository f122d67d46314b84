"""The Excel appendix: every table the report shows, one named, formatted sheet each.

How tables are captured: the renderer inserts a cell calling
:func:`capture_tables` into the notebook it executes. That registers an IPython
formatter, so every displayed ``DataFrame`` (or pandas ``Styler``) also carries
its typed data under :data:`TABLE_MIME` in the executed notebook. Compared with
pandas' own ``display.html.table_schema`` bundle this also captures styled
tables, keeps all rows (up to :data:`MAX_ROWS`, not ``display.max_rows``) and
never fails on duplicate or multi-level column names.

:func:`collect_tables` reads the captured tables back, each named after the
nearest markdown heading above it; :func:`write_appendix` writes the workbook.
Client text is data: every string is written as a text cell, and one starting
with ``= + - @`` (or tab / carriage return) gets Excel's quote prefix, so it is
shown and kept as text, never evaluated as a formula.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TABLE_MIME = "application/x-workbook-table+json"
MAX_ROWS = 100_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\'\x00-\x1f]")
_PERCENT_HINT = re.compile(r"(rate|share|pct|percent|%|率|占比|比例|比重)", re.IGNORECASE)


def table_payload(obj, *, max_rows: int = MAX_ROWS) -> dict | None:
    """Typed, JSON-safe content of a displayed ``DataFrame`` or ``Styler``.

    A meaningful index (named, or not 0..n-1) becomes leading columns;
    multi-level column names are joined with `` / ``.

    Returns
    -------
    dict
        ``columns`` (str), ``types`` (``integer``, ``number``, ``boolean``,
        ``datetime`` or ``string``), ``data`` (rows of values), ``rows`` (the
        table's full length) and ``truncated``.

    Examples
    --------
    >>> p = table_payload(pd.DataFrame({"n": [1, 2], "when": pd.to_datetime(["2025-01-02", None])}))
    >>> p["columns"], p["types"], p["data"][1]
    (['n', 'when'], ['integer', 'datetime'], [2, None])
    """
    source = obj if isinstance(obj, pd.DataFrame) else getattr(obj, "data", None)
    if not isinstance(source, pd.DataFrame):
        return None
    frame = source
    index = frame.index
    if any(name is not None for name in index.names) or not index.equals(pd.RangeIndex(len(frame))):
        frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        names = [" / ".join(str(x) for x in col if str(x) != "") for col in frame.columns]
    else:
        names = [str(col) for col in frame.columns]
    frame = frame.head(max_rows).copy()
    frame.columns = range(frame.shape[1])
    types = [_kind(frame[i]) for i in frame.columns]
    data = json.loads(frame.to_json(orient="values", date_format="iso", default_handler=str))
    return {"columns": names, "types": types, "data": data, "rows": len(source), "truncated": len(source) > max_rows}


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    return "string"


def capture_tables() -> None:
    """In a running kernel: add :data:`TABLE_MIME` to the display of every DataFrame and Styler.

    Does nothing outside IPython. Called by the cell the renderer inserts.
    """
    from IPython import get_ipython
    from IPython.core.formatters import JSONFormatter
    from pandas.io.formats.style import Styler
    from traitlets import Unicode

    shell = get_ipython()
    if shell is None:
        return

    class TableFormatter(JSONFormatter):
        format_type = Unicode(TABLE_MIME)

    formatters = shell.display_formatter.formatters
    if TABLE_MIME not in formatters:
        formatters[TABLE_MIME] = TableFormatter(parent=shell.display_formatter)
    for kind in (pd.DataFrame, Styler):
        formatters[TABLE_MIME].for_type(kind, table_payload)


@dataclass(frozen=True)
class Table:
    """One captured table: its sheet name, where it came from, and its typed frame."""

    sheet: str
    notebook: str
    section: str
    frame: pd.DataFrame
    types: tuple[str, ...] = ()
    truncated: bool = False


def heading_text(markdown: str, *, lang: str = "zh") -> str | None:
    """The last heading of a markdown cell, in ``lang`` when written bilingually as ``中文 · English``.

    Examples
    --------
    >>> heading_text("## 2. 按月记录数 · Records per month", lang="en")
    '2. Records per month'
    >>> heading_text("## 2. 按月记录数 · Records per month")
    '2. 按月记录数'
    >>> heading_text("plain text") is None
    True
    """
    found = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", markdown, flags=re.MULTILINE)
    if not found:
        return None
    text = re.sub(r"[*_`<>]", "", found[-1]).strip()
    if " · " in text:
        prefix = re.match(r"^\s*(\d+(?:\.\d+)*\.?\s+)", text)
        number = prefix.group(1) if prefix else ""
        parts = [p.strip() for p in text[len(number):].split(" · ")]
        text = number + (parts[-1] if lang == "en" else parts[0])
    return text


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name: <= 31 characters, none of ``[]:*?/\\``, not blank.

    Examples
    --------
    >>> sheet_name("a/b: [c]?", set())
    'a b c'
    >>> sheet_name("x", {"x"})
    'x (2)'
    """
    base = re.sub(r"\s+", " ", _SHEET_BAD.sub(" ", text)).strip() or "table"
    name, n = base[:SHEET_MAX], 1
    while name.casefold() in {t.casefold() for t in taken} or name.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        name = base[:SHEET_MAX - len(suffix)] + suffix
    taken.add(name)
    return name


def _frame(payload: dict) -> pd.DataFrame:
    frame = pd.DataFrame(payload["data"], columns=range(len(payload["columns"])), dtype=object)
    for i, kind in enumerate(payload["types"]):
        if kind == "datetime":
            frame[i] = pd.to_datetime(frame[i], errors="coerce", format="ISO8601").dt.tz_localize(None)
    frame.columns = payload["columns"]
    return frame


def collect_tables(notebooks: list[tuple[str, dict]], *, lang: str = "zh") -> list[Table]:
    """Every captured table of executed notebooks, in report order, with unique sheet names.

    Parameters
    ----------
    notebooks
        ``(name, notebook)`` pairs, ``notebook`` an executed nbformat node or dict.
    lang
        Which half of bilingual headings names the sheets.
    """
    tables, taken = [], set()
    for name, nb in notebooks:
        number = name[:2] if name[:2].isdigit() else ""
        section = name
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                section = heading_text(source, lang=lang) or section
                continue
            for output in cell.get("outputs", []):
                payload = output.get("data", {}).get(TABLE_MIME)
                if payload is None:
                    continue
                payload = json.loads(payload) if isinstance(payload, str) else payload
                title = f"{number} {section}".strip()
                tables.append(Table(sheet_name(title, taken), name, section, _frame(payload),
                                    tuple(payload["types"]), bool(payload.get("truncated"))))
    return tables


def looks_like_formula(value) -> bool:
    """``True`` when a string would be read by Excel as a formula (starts with ``= + - @``, tab or CR).

    Examples
    --------
    >>> (looks_like_formula("=HYPERLINK(1)"), looks_like_formula("-3 deals"), looks_like_formula("ok"),
    ...  looks_like_formula(3))
    (True, True, False, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _number_format(column: str, kind: str, values: pd.Series) -> str | None:
    if kind == "integer":
        return "#,##0"
    if kind == "number":
        numbers = pd.to_numeric(values, errors="coerce").dropna()
        if _PERCENT_HINT.search(column) and len(numbers) and numbers.abs().max() <= 1:
            return "0.0%"
        return "#,##0.00" if len(numbers) and (numbers % 1 != 0).any() else "#,##0"
    if kind == "datetime":
        return "yyyy-mm-dd"
    return None


def write_appendix(tables: list[Table], path: Path, *, lang: str = "zh", title: str = "") -> Path:
    """Write ``tables`` to ``path`` (.xlsx, atomically): a contents sheet, then one sheet per table.

    Headers bold and frozen, column widths fitted, numbers, percentages and dates
    formatted. Every string is a text cell; formula-like strings get Excel's
    quote prefix, so they stay text even when the cell is edited.
    """
    import xlsxwriter

    from workbook.core.i18n import t
    from workbook.core.io import write_atomic

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                       "strings_to_urls": False, "strings_to_numbers": False})
    header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                              "valign": "top"})
    quoted = book.add_format({"quote_prefix": True})
    header_quoted = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "quote_prefix": True})
    formats: dict[str, object] = {}
    contents = book.add_worksheet(t("appendix.contents", lang))
    labels = [t(f"appendix.{k}", lang) for k in ("sheet", "notebook", "section", "rows")]
    if title:
        contents.write_string(0, 0, title, quoted if looks_like_formula(title) else None)
    for col, label in enumerate(labels):
        contents.write_string(2, col, label, header)
    for row, table in enumerate(tables, start=3):
        contents.write_url(row, 0, f"internal:'{table.sheet}'!A1", string=table.sheet)
        contents.write_string(row, 1, table.notebook)
        contents.write_string(row, 2, table.section, quoted if looks_like_formula(table.section) else None)
        contents.write_number(row, 3, len(table.frame))
    contents.set_column(0, 2, 32)
    for table in tables:
        sheet = book.add_worksheet(table.sheet)
        frame = table.frame
        for col, name in enumerate(frame.columns):
            sheet.write_string(0, col, str(name), header_quoted if looks_like_formula(str(name)) else header)
            kind = table.types[col] if col < len(table.types) else "string"
            spec = _number_format(str(name), kind, frame[name])
            cell_format = formats.setdefault(spec, book.add_format({"num_format": spec})) if spec else None
            width = max([len(str(name))] + [len(str(v)) for v in frame[name].head(200)]) + 2
            sheet.set_column(col, col, min(max(width, 8), 50), cell_format)
            for row, value in enumerate(frame[name], start=1):
                _write(sheet, row, col, value, quoted)
        sheet.freeze_panes(1, 0)
        if len(frame):
            sheet.autofilter(0, 0, len(frame), max(len(frame.columns) - 1, 0))
    book.close()
    write_atomic(Path(path), buffer.getvalue())
    return Path(path)


def _write(sheet, row: int, col: int, value, quoted) -> None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value)
    elif isinstance(value, pd.Timestamp):
        sheet.write_datetime(row, col, value.to_pydatetime())
    else:
        text = str(value)
        sheet.write_string(row, col, text, quoted if looks_like_formula(text) else None)
