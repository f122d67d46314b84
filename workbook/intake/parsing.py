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

Client cells are screened before they are parsed: Excel error values (:func:`excel_errors`), control
characters (:func:`strip_controls`) and, in ids, look-alike spellings (:func:`normalise_ids`); after parsing,
numbers the analyses cannot use (:func:`non_finite`, :data:`MAX_NUMBER`) and dates outside a plausible range
(:func:`plausible_dates`), and dates whose day and month order the cells leave open (:func:`ambiguous_order`).
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from workbook.core.schema import BOOL_FALSE, BOOL_TRUE, normalise_token
from workbook.intake.dates import DATE_FORMATS, EXCEL_EPOCH, SERIAL_RANGE, parse_dates, read_dates

__all__ = ["DATE_FORMATS", "EXCEL_EPOCH", "SERIAL_RANGE", "parse_dates", "read_dates"]  # dates live in intake.dates

# the error values Excel shows in a cell whose formula failed (exported to CSV as this text)
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
# control characters a cell may not keep: all but tab, line feed and carriage return (none of them is text;
# NUL, BEL and ESC break files, terminals and the PDF's SVG charts)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# larger than any amount, count or revenue in any currency: a number beyond it is a typo or an overflow
MAX_NUMBER = 1e15
EARLIEST_DATE = pd.Timestamp("1990-01-01")  # no CRM record of a running engagement is older
LATEST_AHEAD = pd.DateOffset(years=1)  # how far past the report date (or today) a date may lie


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


def parse_numbers(raw: pd.Series, *, share: bool = False, decimal: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Numbers with thousands separators, currency signs and (for shares) percent signs.

    ``decimal``: the decimal mark, ``.`` or ``,``; None reads it from the column's values (:func:`decimal_mark`),
    else ``.``.

    >>> parse_numbers(pd.Series(["1.234,56", "1 234,5", "12,5", "7"]))[0].tolist()
    [1234.56, 1234.5, 12.5, 7.0]
    >>> parse_numbers(pd.Series(["1,234", "12"]))[0].tolist()
    [1234.0, 12.0]
    >>> parse_numbers(pd.Series(["1,234"]), decimal=",")[0].tolist()
    [1.234]
    """
    empty = empty_mask(raw)
    if pd.api.types.is_numeric_dtype(raw):
        return raw.astype(float), pd.Series(False, index=raw.index)
    decimal = decimal or decimal_mark([raw]) or "."
    text = _as_text(raw).str.replace(_NUMBER_NOISE, "", regex=True)
    if decimal == ",":
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(r"[,，]", "", regex=True)
    percent = text.str.endswith("%").fillna(False)
    text = text.str.rstrip("%")
    values = pd.to_numeric(text, errors="coerce").astype(float)
    if share:
        values = values.where(~percent, values / 100)
    else:
        values = values.where(~percent)
    bad = values.isna() & ~empty
    return values, bad


_NUMBER_NOISE = r"[\s\u00a0\u202f'￥¥$€£₽元]"  # spaces (thin, no-break), Swiss apostrophes, currency signs
_COMMA_DECIMAL = re.compile(r"^[-+]?\d*(?:\.\d{3})*,\d+%?$|^[-+]?\d{1,3}(?:\.\d{3}){2,}%?$")
_POINT_DECIMAL = re.compile(r"^[-+]?\d*(?:,\d{3})*\.\d+%?$|^[-+]?\d{1,3}(?:,\d{3}){2,}%?$")
_AMBIGUOUS = re.compile(r"^[-+]?\d{1,3}[.,]\d{3}%?$")  # 1,234 or 1.234: a thousands separator or a decimal mark


def decimal_mark(columns: list[pd.Series]) -> str | None:
    """The decimal mark the values of ``columns`` agree on: ``,`` (``1.234,56``, ``12,5``, ``1.234.567``) or ``.``
    (``1,234.56``, ``12.5``, ``1,234,567``); None when no value settles it or the values disagree. A value such as
    ``1,234`` reads both ways and settles nothing: the column decides, never one cell.

    >>> decimal_mark([pd.Series(["1.234,56", "1,234"])]), decimal_mark([pd.Series(["12.5", None])])
    (',', '.')
    >>> decimal_mark([pd.Series(["1,234"])]), decimal_mark([pd.Series(["12,5"]), pd.Series(["12.5"])]) is None
    (None, True)
    """
    texts = [_text(col).dropna() for col in columns if not pd.api.types.is_numeric_dtype(col)]
    texts = [t for t in texts if not t.empty]
    if not texts:
        return None
    text = pd.concat(texts, ignore_index=True).drop_duplicates().str.replace(_NUMBER_NOISE, "", regex=True)
    text = text[~text.str.fullmatch(_AMBIGUOUS.pattern).fillna(False).astype(bool)]
    comma = bool(text.str.fullmatch(_COMMA_DECIMAL.pattern).fillna(False).any())
    point = bool(text.str.fullmatch(_POINT_DECIMAL.pattern).fillna(False).any())
    if comma == point:
        return None
    return "," if comma else "."


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


# --------------------------------------------------------------------------- screening hostile values

def _text_cells(raw: pd.Series) -> pd.Series:
    """True where a cell holds a string (Excel numbers and dates, and missing cells, are not text)."""
    if pd.api.types.is_string_dtype(raw) and raw.dtype != object:
        return raw.notna()
    return raw.map(lambda v: isinstance(v, str)).astype(bool)


def _text(raw: pd.Series) -> pd.Series:
    """The text cells as strings (vectorised ``.str`` methods work on it); other cells missing."""
    if pd.api.types.is_string_dtype(raw) and raw.dtype != object:
        return raw
    return raw.where(_text_cells(raw)).astype("string")


def _replaced(raw: pd.Series, where: pd.Series, values) -> pd.Series:
    """``raw`` as objects with the cells under ``where`` replaced by ``values`` (others kept as they are)."""
    out = raw.astype(object).to_numpy(copy=True)
    out[where.to_numpy(dtype=bool)] = values
    return pd.Series(out, index=raw.index, name=raw.name, dtype=object)


def excel_errors(raw: pd.Series) -> pd.Series:
    """True where a cell is an Excel error value such as ``#DIV/0!`` or ``#N/A`` (a failed formula, not data).

    >>> excel_errors(pd.Series(["#DIV/0!", " #n/a ", "#1 customer", None, 3])).tolist()
    [True, True, False, False, False]
    """
    text = _text(raw)
    maybe = text.str.contains("#", regex=False).fillna(False).astype(bool)
    if not maybe.any():
        return maybe
    return (maybe & text.str.strip().str.upper().isin(EXCEL_ERRORS)).fillna(False).astype(bool)


def strip_controls(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Remove control characters (NUL, BEL, ESC, ...; tab and line breaks stay) from text cells.

    Returns the cleaned cells and a mask of the cells that held any.

    >>> cleaned, changed = strip_controls(pd.Series(["Web\x07", "a\tb", None, 7]))
    >>> cleaned.tolist(), changed.tolist()
    (['Web', 'a\tb', None, 7], [True, False, False, False])
    """
    changed = _text(raw).str.contains(_CONTROLS.pattern, regex=True).fillna(False).astype(bool)
    if not changed.any():
        return raw, changed
    return _replaced(raw, changed, [_CONTROLS.sub("", v) for v in raw[changed]]), changed


def normalise_id(value: str) -> str:
    """One spelling per id: Unicode NFKC (full-width letters and digits become ASCII), format characters
    (zero-width spaces, bidi controls such as U+202E, soft hyphens, BOMs) and control characters removed.

    >>> [normalise_id(v) for v in ["C001", "C\u200b001", "\uff23\uff10\uff10\uff11", "\u202eC001"]]
    ['C001', 'C001', 'C001', 'C001']
    """
    text = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc")).strip()


def normalise_ids(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """:func:`normalise_id` on every text cell; returns the cells and a mask of those it changed.

    >>> cells, changed = normalise_ids(pd.Series(["C001", "C\u200b001", "\uff23\uff10\uff10\uff11", None]))
    >>> cells.iloc[:3].tolist(), changed.tolist()
    (['C001', 'C001', 'C001'], [False, True, True, False])
    """
    text = _text(raw)
    # printable ASCII is its own normal form: only the other cells need a look
    todo = text.notna() & ~text.str.fullmatch(r"[\x20-\x7e]*").fillna(True).astype(bool)
    changed = pd.Series(False, index=raw.index)
    if not todo.any():
        return raw, changed
    values = text[todo].astype(str)
    codes, uniques = pd.factorize(values)
    normal = np.array([normalise_id(u) for u in uniques], dtype=object)[codes]
    changed[todo] = normal != values.str.strip().to_numpy(dtype=object)
    if not changed.any():
        return raw, changed
    return _replaced(raw, todo, normal), changed


def non_finite(raw: pd.Series, values: pd.Series) -> pd.Series:
    """True where a number cell is infinite or spells out ``nan``/``inf`` (what a failed division exports).

    >>> raw = pd.Series(["inf", "-Infinity", "NaN", "12", "abc"])
    >>> non_finite(raw, parse_numbers(raw)[0]).tolist()
    [True, True, True, False, False]
    """
    spelled = raw.where(_text_cells(raw)).astype("string").str.strip().str.lower().str.lstrip("+-")
    named = spelled.isin(("nan", "inf", "infinity")).fillna(False).astype(bool)
    return named | np.isinf(values.astype(float)).fillna(False).astype(bool)


def date_bounds(*report_dates, today=None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The plausible dates: from :data:`EARLIEST_DATE` to a year (:data:`LATEST_AHEAD`) after the latest of the
    report dates (the period's end, the report date; ``None`` where not set) and today.

    >>> [str(d.date()) for d in date_bounds("2025-12-31", None, today="2025-06-01")]
    ['1990-01-01', '2026-12-31']
    """
    latest = pd.Timestamp(today if today is not None else pd.Timestamp.today()).normalize()
    for date in report_dates:
        if date is not None:
            latest = max(latest, pd.Timestamp(date))
    return EARLIEST_DATE, latest + LATEST_AHEAD


def plausible_dates(values: pd.Series, bounds: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """True where a parsed date lies outside ``bounds`` (:func:`date_bounds`).

    >>> plausible_dates(pd.to_datetime(pd.Series(["1900-01-01", "2025-03-01", None, "2200-01-01"])),
    ...                 (pd.Timestamp("1990-01-01"), pd.Timestamp("2027-01-01"))).tolist()
    [True, False, False, True]
    """
    return (values.notna() & ((values < bounds[0]) | (values > bounds[1]))).astype(bool)


def ambiguous_order(raw: pd.Series, parsed: pd.Series) -> pd.Series:
    """The ``3/4/2025`` cells read in an order of day and month that no cell of the column settles (every day and
    month <= 12, and at least one date reads differently the other way); :attr:`DateColumn.ambiguous` of
    :func:`~workbook.intake.dates.read_dates`. Empty when the order is clear.

    >>> raw = pd.Series(["3/4/2025", "12/1/2025", "2025-05-06"])
    >>> ambiguous_order(raw, parse_dates(raw)[0]).tolist()
    [True, True, False]
    >>> raw = pd.Series(["3/4/2025", "12/31/2025"])  # 31 cannot be a month: month-first is certain
    >>> ambiguous_order(raw, parse_dates(raw)[0]).any()
    np.False_
    """
    return read_dates(raw).ambiguous & parsed.notna()
