"""Vectorised parsers from raw cells to typed columns.

Each parser takes a Series of raw cells (text from CSV, or Excel-typed
objects) and returns ``(parsed, bad)``: the typed Series (missing where the
cell is empty or bad) and a boolean mask of cells that are non-empty but could
not be parsed. Intake turns ``bad`` into problems with row numbers.

>>> parsed, bad = parse_dates(pd.Series(["2025-03-02", "3/14/2025", "45000", "", "soon"]))
>>> [str(d.date()) if pd.notna(d) else None for d in parsed]
['2025-03-02', '2025-03-14', '2023-03-15', None, None]
>>> bad.tolist()
[False, False, False, False, True]
>>> parse_numbers(pd.Series(["1,234.5", "￥2,000", "n/a"]))[0].tolist()
[1234.5, 2000.0, nan]
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from workbook.core.schema import BOOL_FALSE, BOOL_TRUE, normalise_token

DATE_FORMATS = ("%Y/%m/%d", "%m/%d/%Y", "%Y年%m月%d日", "%Y.%m.%d", "%Y%m%d",
                "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# serials between 1930-01-01 and 2100-01-01: anything else is not a plausible business date
SERIAL_RANGE = (10958, 73051)


def empty_mask(raw: pd.Series) -> pd.Series:
    """True where a cell is missing or only whitespace."""
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        return raw.isna() | (raw.astype("string").str.strip() == "").fillna(True)
    return raw.isna()


def _as_text(raw: pd.Series) -> pd.Series:
    return raw.astype("string").str.strip()


def parse_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text cells, stripped; numbers written by Excel as ``12.0`` become ``12``."""
    if raw.dtype == object:
        raw = raw.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else v)
    text = _as_text(raw)
    text = text.mask(text == "")
    return text, pd.Series(False, index=raw.index)


def parse_numbers(raw: pd.Series, *, share: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers with thousands separators, currency signs and (for shares) percent signs."""
    empty = empty_mask(raw)
    if pd.api.types.is_numeric_dtype(raw):
        return raw.astype(float), pd.Series(False, index=raw.index)
    text = _as_text(raw).str.replace(r"[,，\s￥¥$€元]", "", regex=True)
    percent = text.str.endswith("%").fillna(False)
    text = text.str.rstrip("%")
    values = pd.to_numeric(text, errors="coerce").astype(float)
    if share:
        values = values.where(~percent, values / 100)
    else:
        values = values.where(~percent)
    bad = values.isna() & ~empty
    return values, bad


def parse_dates(raw: pd.Series, *, fmt: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Dates from ISO text, ``M/D/YYYY``, ``YYYY/M/D``, Chinese dates, Excel serials or Excel date cells."""
    empty = empty_mask(raw)
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if pd.api.types.is_datetime64_any_dtype(raw):
        return raw.astype("datetime64[ns]"), pd.Series(False, index=raw.index)
    todo = ~empty
    if raw.dtype == object:
        is_dt = raw.map(lambda v: isinstance(v, (dt.date, dt.datetime, pd.Timestamp)))
        if is_dt.any():
            out[is_dt] = pd.to_datetime(raw[is_dt].astype(object), errors="coerce")
            todo &= ~is_dt
        is_num = raw.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool))
        if is_num.any():
            out[is_num & todo] = _serials(pd.to_numeric(raw[is_num & todo], errors="coerce"))
            todo &= ~(is_num & out.notna())
    text = _as_text(raw)
    formats = (fmt,) if fmt else ("ISO8601", *DATE_FORMATS)
    for f in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=f, errors="coerce")
        if parsed.dtype != out.dtype:  # "1100.04" parses to a year 1100 that nanoseconds cannot hold: not a date
            parsed = parsed.where(parsed.between(pd.Timestamp.min, pd.Timestamp.max)).astype(out.dtype)
        out[todo] = parsed
        todo &= out.isna()
    if todo.any() and not fmt:
        numeric = pd.to_numeric(text[todo], errors="coerce")
        out[todo] = _serials(numeric)
        todo &= out.isna()
    return out, todo


def _serials(numbers: pd.Series) -> pd.Series:
    ok = numbers.between(*SERIAL_RANGE)
    days = numbers.where(ok)
    return EXCEL_EPOCH + pd.to_timedelta(days, unit="D")


def parse_bools(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """是/否, Y/N, yes/no, true/false, 1/0 (and Excel booleans)."""
    empty = empty_mask(raw)
    lookup = {normalise_token(v): True for v in BOOL_TRUE} | {normalise_token(v): False for v in BOOL_FALSE}
    values = map_tokens(raw, lookup)
    bad = values.isna() & ~empty
    return values.astype("boolean"), bad


def map_tokens(raw: pd.Series, lookup: dict[str, object]) -> pd.Series:
    """Map each cell through ``lookup`` keyed by :func:`normalise_token`, computed once per distinct value."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    mapped = np.array([lookup.get(normalise_token(_cell_text(u))) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=raw.index, dtype=object)


def _cell_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_choice(raw: pd.Series, lookup: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Cells from a closed vocabulary; ``lookup`` maps normalised spellings to codes."""
    empty = empty_mask(raw)
    values = map_tokens(raw, lookup)
    bad = values.isna() & ~empty
    return values.astype("string"), bad
