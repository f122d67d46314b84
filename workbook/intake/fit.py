"""What a column's values say about the field it may fill: dates parse as dates, numbers as numbers, 0/1 and
是/否 as flags, vocabulary words as the vocabulary; a column of unique codes under an id-like header is an id.

>>> values_fit_vocab(VOCABULARIES["level"], pd.Series(["一般客户", "重要客户"]))
0.0
>>> looks_like_id("唯一ID", pd.Series(["a1", "a2", "a3"])), looks_like_id("客户编号", pd.Series(["C1", "C1"]))
(True, False)
"""
from __future__ import annotations

import re

import pandas as pd

from workbook.core.schema import BOOL_FALSE, BOOL_TRUE, VOCABULARIES, Field, Vocabulary, normalise_token
from workbook.intake import parsing

__all__ = ["SAMPLE_ROWS", "value_fit", "values_fit_vocab", "odd_values", "looks_like_id", "looks_boolean",
           "sample", "values_map"]

SAMPLE_ROWS = 500  # values checked per column
# headers that name a table's own id: ID, 唯一ID, Record ID, and any *编号 / *ID / *_id
_ID_HEADER = re.compile(r"^(id|唯一id|recordid|编号|记录编号|唯一编号)$|(编号|id)$")


def sample(values: pd.Series) -> pd.Series:
    values = values.iloc[:SAMPLE_ROWS]
    return values[~parsing.empty_mask(values)]


def values_fit_vocab(vocab: Vocabulary, values: pd.Series, known: dict[str, str] | None = None) -> float:
    """Share of the column's distinct non-empty values the vocabulary (or ``known``: value -> code) knows
    (every row, not a sample)."""
    distinct = pd.unique(values[~parsing.empty_mask(values)].astype(str).str.strip())
    if not len(distinct):
        return 0.0
    lookup = vocab.lookup() | (known or {})
    return sum(normalise_token(v) in lookup for v in distinct) / len(distinct)


def odd_values(vocab: Vocabulary, values: pd.Series, known: dict[str, str] | None = None) -> list[str]:
    """The column's distinct values neither the vocabulary nor ``known`` knows."""
    lookup = vocab.lookup() | (known or {})
    distinct = pd.unique(values[~parsing.empty_mask(values)].astype(str).str.strip())
    return [v for v in distinct if normalise_token(v) not in lookup]


def values_map(vocab: Vocabulary, values: pd.Series, known: dict[str, str]) -> dict[str, str]:
    """``raw value: code`` for the column's values the vocabulary lacks and ``known`` maps (a preset's map)."""
    lookup = vocab.lookup()
    distinct = pd.unique(values[~parsing.empty_mask(values)].astype(str).str.strip())
    return {v: known[normalise_token(v)] for v in distinct
            if normalise_token(v) not in lookup and normalise_token(v) in known}


def looks_like_id(header: str, values: pd.Series) -> bool:
    """An id-like header over values that are all present and unique (a table's own key)."""
    if not _ID_HEADER.search(normalise_token(header)):
        return False
    cells = values.astype(str).str.strip()
    filled = ~parsing.empty_mask(values)
    return bool(len(cells)) and bool(filled.all()) and cells.is_unique



def value_fit(f: Field, values: pd.Series, *, stages: dict[str, str] | None = None) -> float | None:
    """Share of the non-empty sample that fits the field's type (None: nothing to check, e.g. free text)."""
    cells = sample(values)
    if cells.empty:
        return None
    if f.kind == "date":
        return _date_share(cells)
    if f.kind in ("int", "number", "share"):
        return float((~parsing.parse_numbers(cells, share=f.kind == "share")[1]).mean())
    if f.kind == "bool":
        tokens = {normalise_token(v) for v in BOOL_TRUE + BOOL_FALSE}
        return float(cells.map(lambda v: normalise_token(parsing._cell_text(v)) in tokens).mean())
    if f.kind == "vocab":
        lookup = VOCABULARIES[f.vocab].lookup()
        return float(cells.map(lambda v: normalise_token(v) in lookup).mean())
    if f.kind in ("text", "stage", "category"):
        # a column of dates is not a name, a source or a stage
        return 0.0 if _date_share(cells) > 0.9 else None
    return None


_DATE_SHARES: dict[tuple, float] = {}


def _date_share(cells: pd.Series) -> float:
    """Share of the sample that parses as dates (remembered per distinct sample: the costliest check); dates
    with a UTC offset (``2020-09-10T09:20:25+03:00``) count."""
    key = (cells.name, len(cells), tuple(cells.astype(str).iloc[:50]))
    if key not in _DATE_SHARES:
        if len(_DATE_SHARES) > 10_000:
            _DATE_SHARES.clear()
        try:
            share = float((~parsing.parse_dates(cells)[1]).mean())
        except (TypeError, ValueError):
            share = 0.0
        if share < 0.8 and cells.map(lambda v: isinstance(v, str)).all():
            offset = pd.to_datetime(cells, errors="coerce", utc=True, format="ISO8601")
            share = max(share, float(offset.notna().mean()))
        _DATE_SHARES[key] = share
    return _DATE_SHARES[key]


def looks_boolean(values: pd.Series) -> bool:
    cells = sample(values)
    tokens = {normalise_token(v) for v in BOOL_TRUE + BOOL_FALSE}
    return not cells.empty and bool(cells.map(lambda v: normalise_token(parsing._cell_text(v)) in tokens).all())
