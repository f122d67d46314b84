"""The intake template the consultant sends to the client, generated from the schema.

Every sheet, header, drop-down list and dictionary row is derived from
:data:`workbook.core.schema.TABLES`, so the template cannot drift from what intake
accepts. Headers are bilingual (``客户编号 (customer_id)``) in both languages;
``lang`` chooses sheet names, drop-down values and the instructions.

>>> TEMPLATE_NAME["zh"], TEMPLATE_NAME["en"]
('数据收集模板.xlsx', 'intake_template.xlsx')
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from workbook.core.columns import SOURCE_ROW
from workbook.core.config import ClientConfig
from workbook.core.i18n import check_lang, t
from workbook.core.schema import (
    BOOL_FALSE,
    BOOL_TRUE,
    DICTIONARY_SHEETS,
    TABLES,
    VOCABULARIES,
    Field,
    Table,
    normalise_token,
)

__all__ = ["TEMPLATE_NAME", "DICTIONARY_SHEET", "write_template", "fill_template", "choices"]

TEMPLATE_NAME = {"zh": "数据收集模板.xlsx", "en": "intake_template.xlsx"}
DICTIONARY_SHEET = {"zh": DICTIONARY_SHEETS[0], "en": DICTIONARY_SHEETS[1]}
CREATED = dt.datetime(2025, 1, 1)  # fixed document date: identical inputs give identical bytes
LAST_ROW = 9999  # validations and formats cover Excel rows 2..10000 (0-based 1..9999)
_DICT_COLUMNS = ("table", "field", "meaning", "type", "required", "allowed", "example")
_DICT_WIDTHS = (12, 30, 36, 22, 8, 56, 24)
_LISTS_COL = 10  # long drop-down lists are written from this column of the dictionary sheet
_NUM_FORMATS = {"int": "#,##0", "number": "#,##0.00", "share": "0.0%", "date": "yyyy-mm-dd", "id": "@", "text": "@"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _default(config: ClientConfig | None) -> ClientConfig:
    return config if config is not None else ClientConfig(client_name="-")


def choices(field: Field, *, lang: str = "zh", config: ClientConfig | None = None) -> list[str] | None:
    """Drop-down values of a field, or None if it has no list.

    Chinese labels for ``lang="zh"``, English codes for ``"en"``; intake
    accepts both. Stages and time categories come from ``config``.

    >>> choices(TABLES["customers"].field("level"))
    ['潜在', '目标', '优质', '战略']
    >>> choices(TABLES["opportunities"].field("need"), lang="en")
    ['yes', 'no']
    >>> choices(TABLES["customers"].field("name")) is None
    True
    """
    check_lang(lang)
    zh = lang == "zh"
    if field.kind == "vocab":
        vocab = VOCABULARIES[field.vocab]
        return [label for _, label in vocab.values] if zh else list(vocab.codes)
    if field.kind == "bool":
        return [t("bool.true", lang), t("bool.false", lang)]
    if field.kind == "stage":
        return [s.label_zh if zh else s.name for s in _default(config).stages]
    if field.kind == "category":
        return [c.label_zh if zh else c.name for c in _default(config).time_categories]
    return None


def _allowed(field: Field, config: ClientConfig) -> str:
    """Allowed values for the dictionary, both spellings: ``potential/潜在, ...``."""
    if field.kind == "vocab":
        return VOCABULARIES[field.vocab].allowed()
    if field.kind == "bool":
        return "是/否, yes/no"
    if field.kind == "stage":
        return ", ".join(f"{s.name}/{s.label_zh}" for s in config.stages)
    if field.kind == "category":
        return ", ".join(f"{c.name}/{c.label_zh}" for c in config.time_categories)
    return ""


def _cell(field: Field, value: object, lang: str, config: ClientConfig) -> object:
    """A canonical (or example) value as the template shows it; None for empty.

    Codes become ``lang`` labels, ISO date text becomes a date, anything not
    understood is kept as text so it reaches intake unchanged.
    """
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    kind, zh = field.kind, lang == "zh"
    if kind == "bool":
        if isinstance(value, str):
            token = normalise_token(value)
            value = True if token in BOOL_TRUE else False if token in BOOL_FALSE else value
        elif isinstance(value, numbers.Number) and value in (0, 1):
            value = bool(value)
        return t(f"bool.{str(value).lower()}", lang) if isinstance(value, bool) else str(value)
    if kind == "vocab":
        vocab = VOCABULARIES[field.vocab]
        code = vocab.canonical(value)
        return str(value) if code is None else vocab.label(code, lang)
    if kind in ("stage", "category"):
        items = config.stages if kind == "stage" else config.time_categories
        lookup = config.stage_lookup() if kind == "stage" else config.category_lookup()
        name = lookup.get(normalise_token(value))
        return next((i.label_zh if zh else i.name for i in items if i.name == name), str(value))
    if kind == "date":
        if isinstance(value, str) and _ISO_DATE.match(value):
            return dt.datetime.fromisoformat(value)
        if isinstance(value, (dt.date, pd.Timestamp)):
            return pd.Timestamp(value).to_pydatetime().replace(tzinfo=None)
        return str(value)
    if kind in ("int", "number", "share"):
        real = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
        return value if real else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id read as a number: 1001.0 -> "1001"
    return str(value)


def _example(field: Field, lang: str, config: ClientConfig) -> object:
    """The schema's example in ``lang``; a list field falls back to its first choice."""
    value = _cell(field, field.example, lang, config)
    options = choices(field, lang=lang, config=config)
    if options is not None and value is not None and value not in options:
        return options[0]
    return value


def _width(*texts: object) -> int:
    """Column width for the longest text, counting CJK characters as two."""
    longest = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(x)) for x in texts if x is not None), default=8)
    return min(max(longest + 2, 10), 40)


def _list_source(info, values: list[str], *, title: str, col: int) -> list[str] | str:
    """Inline list when Excel allows it (255 characters, no commas), else a hidden range on the dictionary sheet."""
    if len(",".join(values)) <= 255 and not any("," in v for v in values):
        return values
    info.write_string(0, col, title)
    for i, value in enumerate(values, start=1):
        info.write_string(i, col, value)
    info.set_column(col, col, None, None, {"hidden": True})
    name = xl_col_to_name(col)
    return f"='{info.name}'!${name}$2:${name}${len(values) + 1}"


def _formats(book: xlsxwriter.Workbook) -> dict[str, object]:
    cell = {kind: book.add_format({"num_format": code}) for kind, code in _NUM_FORMATS.items()}
    header = {"border": 1, "text_wrap": True, "valign": "top"}
    return {
        **cell,
        "required": book.add_format({**header, "bold": True, "bg_color": "#F4B183"}),
        "optional": book.add_format({**header, "bold": False, "bg_color": "#DDEBF7"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "dict_header": book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }


def _write_dictionary(info, fmt: dict, *, lang: str, config: ClientConfig) -> None:
    """Instructions, then one row per field of every table."""
    info.write_string(0, 0, t("dict.title", lang), fmt["title"])
    for i in range(1, 7):
        info.write_string(i, 0, f"{i}. {t(f'dict.howto.{i}', lang)}")
    top = row = 8
    for col, (key, width) in enumerate(zip(_DICT_COLUMNS, _DICT_WIDTHS, strict=True)):
        info.set_column(col, col, width)
        info.write_string(top, col, t(f"dict.{key}", lang), fmt["dict_header"])
    for table in TABLES.values():
        for f in table.fields:
            row += 1
            example = _example(f, lang, config)
            if isinstance(example, dt.datetime):
                example = example.date().isoformat()
            values = [table.sheet_name(lang), f.header(), f.description_zh if lang == "zh" else f.description_en,
                      f.type_label(lang), t("bool.true" if f.required else "bool.false", lang),
                      _allowed(f, config), "" if example is None else str(example)]
            for col, value in enumerate(values):
                info.write_string(row, col, value, fmt["wrap"])
    info.freeze_panes(top + 1, 0)
    info.autofilter(top, 0, row, len(_DICT_COLUMNS) - 1)


def _write_table(ws, table: Table, rows: list[list[object]], fmt: dict, *, lang: str, config: ClientConfig,
                 list_source) -> None:
    """Headers with notes, column formats, validations on rows 2-10000, then ``rows``."""
    ws.freeze_panes(1, 0)
    ws.set_row(0, 32)
    for col, f in enumerate(table.fields):
        header = f.header()
        meaning = f.description_zh if lang == "zh" else f.description_en
        ws.write_string(0, col, header, fmt["required"] if f.required else fmt["optional"])
        note = f"{t('template.required_note', lang)}\n{meaning}" if f.required else meaning
        ws.write_comment(0, col, note, {"author": "workbook", "x_scale": 1.5})
        ws.set_column(col, col, _width(header, *(r[col] for r in rows[:50])), fmt.get(f.kind))
        options = choices(f, lang=lang, config=config)
        titles = {"input_title": header[:32], "error_title": header[:32], "error_type": "warning"}
        if options is not None:
            ws.data_validation(1, col, LAST_ROW, col, {
                "validate": "list", "source": list_source(f, options), **titles,
                "input_message": t("template.list_prompt", lang), "error_message": _allowed(f, config)[:255]})
        elif f.kind == "date":
            ws.data_validation(1, col, LAST_ROW, col, {
                "validate": "date", "criteria": "between", "minimum": dt.date(1950, 1, 1),
                "maximum": dt.date(2100, 12, 31), **titles,
                "input_message": t("template.date_prompt", lang), "error_message": t("template.date_prompt", lang)})
    for r, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            cell_fmt = fmt.get(table.fields[col].kind)
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                ws.write_datetime(r, col, value, fmt["date"])
            elif isinstance(value, numbers.Real) and not isinstance(value, bool):
                ws.write_number(r, col, float(value), cell_fmt)
            else:
                ws.write_string(r, col, str(value), cell_fmt)


def _build(path: Path, *, lang: str, config: ClientConfig, rows: Mapping[str, list[list[object]]]) -> Path:
    """Write the template with ``rows`` (shown values, in field order) under each table's headers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": t("dict.title", lang), "author": "workbook", "created": CREATED})
    fmt = _formats(book)
    info = book.add_worksheet(DICTIONARY_SHEET[lang])
    _write_dictionary(info, fmt, lang=lang, config=config)
    sources: dict[tuple[str, ...], list[str] | str] = {}  # drop-down values -> inline list or range

    def list_source(f: Field, options: list[str]) -> list[str] | str:
        if tuple(options) not in sources:
            ranges = sum(isinstance(src, str) for src in sources.values())
            sources[tuple(options)] = _list_source(info, options, title=f.header(), col=_LISTS_COL + ranges)
        return sources[tuple(options)]

    for table in TABLES.values():
        _write_table(book.add_worksheet(table.sheet_name(lang)), table, rows.get(table.name, []), fmt,
                     lang=lang, config=config, list_source=list_source)
    book.close()
    return path


def _target(path: str | Path, lang: str) -> Path:
    path = Path(path)
    return path / TEMPLATE_NAME[lang] if path.is_dir() else path


def write_template(path: str | Path, *, lang: str = "zh", config: ClientConfig | None = None) -> Path:
    """Write the intake template (.xlsx) for the client to fill in.

    Sheets: the data dictionary first (instructions, then one row per field:
    table, header, meaning, type, required, allowed values, example), then
    one sheet per table of :data:`~workbook.core.schema.TABLES` in schema order,
    each with the bilingual headers, one example row (row 2, to be deleted by
    the client), drop-down lists and cell formats on rows 2-10000.

    Parameters
    ----------
    path : str or Path
        Output file; an existing directory gets ``TEMPLATE_NAME[lang]`` inside.
    lang : {"zh", "en"}
        Sheet names, drop-down values and instructions.
    config : ClientConfig, optional
        Supplies the stage and time-category lists (default: the standard ones).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_template(tmp, lang="en")
    ...     out.name, openpyxl.load_workbook(out).sheetnames[:3]
    ('intake_template.xlsx', ['data dictionary', 'customers', 'leads'])
    """
    check_lang(lang)
    config = _default(config)
    rows = {name: [[_example(f, lang, config) for f in table.fields]] for name, table in TABLES.items()}
    return _build(_target(path, lang), lang=lang, config=config, rows=rows)


def fill_template(path: str | Path, tables: Mapping[str, pd.DataFrame], *, lang: str = "zh",
                  config: ClientConfig | None = None) -> Path:
    """Write the template with the given tables' rows instead of the example rows.

    Handy to hand a client their own CRM export in the template layout, and
    for round-trip tests (fill, then run intake). Values are written as the
    client would type them: vocabulary codes, booleans, stages and time
    categories as ``lang`` labels, dates as dates, blanks left empty.
    Tables not given get headers only.

    Parameters
    ----------
    path : str or Path
        Output file; an existing directory gets ``TEMPLATE_NAME[lang]`` inside.
    tables : mapping of str to DataFrame
        Canonical table name -> frame with canonical column names (any subset
        of the table's fields; ``_source_row`` is ignored). Not modified.
    lang : {"zh", "en"}
        As in :func:`write_template`.
    config : ClientConfig, optional
        Stage and time-category labels.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        Unknown table or column names.
    """
    check_lang(lang)
    config = _default(config)
    rows: dict[str, list[list[object]]] = {}
    for name, frame in tables.items():
        if name not in TABLES:
            raise ValueError(f"table must be one of {', '.join(TABLES)}, got {name!r}")
        table = TABLES[name]
        unknown = [col for col in frame.columns if col not in table.names and col != SOURCE_ROW]
        if unknown:
            raise ValueError(f"{name}: columns {', '.join(map(repr, unknown))} are not fields of the table; "
                             f"fields: {', '.join(table.names)}")
        present = [f for f in table.fields if f.name in frame.columns]
        converted = {f.name: [_cell(f, v, lang, config) for v in frame[f.name].tolist()] for f in present}
        rows[name] = [[converted[f.name][i] if f.name in converted else None for f in table.fields]
                      for i in range(len(frame))]
    return _build(_target(path, lang), lang=lang, config=config, rows=rows)
