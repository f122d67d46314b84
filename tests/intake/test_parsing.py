"""Cell parsers: raw text or Excel-typed cells -> typed values plus a mask of unparseable cells."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from workbook.core.schema import VOCABULARIES
from workbook.intake.parsing import (
    empty_mask,
    map_tokens,
    parse_bools,
    parse_choice,
    parse_dates,
    parse_numbers,
    parse_text,
)


def _dates(values: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else str(v.date()) for v in values]


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize(("cell", "expected"), [
    ("2025-03-14", "2025-03-14"),
    ("3/14/2025", "2025-03-14"),
    ("2025/3/14", "2025-03-14"),
    ("2025年3月14日", "2025-03-14"),
    ("2025.03.14", "2025-03-14"),
    ("20250314", "2025-03-14"),
    ("45000", "2023-03-15"),        # Excel serial written into a CSV
    (" 2025-03-14 ", "2025-03-14"),
])
def test_parse_dates_text_forms(cell, expected):
    parsed, bad = parse_dates(pd.Series([cell], dtype=object))
    assert _dates(parsed) == [expected]
    assert not bad.any()


def test_parse_dates_excel_cells():
    """calamine gives date cells as datetimes and serial numbers as floats or ints."""
    raw = pd.Series([dt.datetime(2025, 3, 14), 45000.0, 45000, pd.Timestamp("2024-02-29"), dt.date(2025, 1, 2)],
                    dtype=object)
    parsed, bad = parse_dates(raw)
    assert _dates(parsed) == ["2025-03-14", "2023-03-15", "2023-03-15", "2024-02-29", "2025-01-02"]
    assert parsed.dtype == "datetime64[ns]"
    assert not bad.any()


def test_parse_dates_datetime_column_passes_through():
    raw = pd.Series(pd.to_datetime(["2025-03-14", None]))
    parsed, bad = parse_dates(raw)
    assert _dates(parsed) == ["2025-03-14", None]
    assert not bad.any()


def test_parse_dates_empty_cells_are_missing_not_bad():
    parsed, bad = parse_dates(pd.Series(["", "  ", None, np.nan], dtype=object))
    assert parsed.isna().all()
    assert not bad.any()


@pytest.mark.parametrize("cell", ["soon", "2025-13-45", "14.03.2025x", "7", "99999999"])
def test_parse_dates_flags_unparseable_text(cell):
    parsed, bad = parse_dates(pd.Series(["2025-01-01", cell], dtype=object))
    assert bad.tolist() == [False, True]
    assert pd.isna(parsed.iloc[1])


def test_parse_dates_flags_numeric_cells_outside_serial_range():
    """An Excel number cell that is no plausible date serial is bad, like the same text in a CSV."""
    parsed, bad = parse_dates(pd.Series([45000.0, 7, 250000.0], dtype=object))
    assert _dates(parsed) == ["2023-03-15", None, None]
    assert bad.tolist() == [False, True, True]


def test_parse_dates_explicit_format():
    parsed, bad = parse_dates(pd.Series(["14.03.2025", "3/14/2025", ""], dtype=object), fmt="%d.%m.%Y")
    assert _dates(parsed) == ["2025-03-14", None, None]
    assert bad.tolist() == [False, True, False]


# --------------------------------------------------------------------------- numbers

def test_parse_numbers_separators_and_currency():
    raw = pd.Series(["1,234", "1,234.5", "￥2,000", "3 000", "12元", "", "abc", "-5"], dtype=object)
    values, bad = parse_numbers(raw)
    assert values.tolist()[:5] == [1234.0, 1234.5, 2000.0, 3000.0, 12.0]
    assert pd.isna(values.iloc[5]) and pd.isna(values.iloc[6])
    assert values.iloc[7] == -5.0  # the sign check belongs to intake
    assert bad.tolist() == [False, False, False, False, False, False, True, False]


def test_parse_numbers_share_accepts_percent():
    values, bad = parse_numbers(pd.Series(["15%", "0.15", "-3%", " 2.5 % "], dtype=object), share=True)
    assert values.tolist() == pytest.approx([0.15, 0.15, -0.03, 0.025])
    assert not bad.any()


def test_parse_numbers_percent_is_bad_outside_shares():
    values, bad = parse_numbers(pd.Series(["15%"], dtype=object))
    assert bad.tolist() == [True]
    assert values.isna().all()


def test_parse_numbers_excel_number_cells():
    values, bad = parse_numbers(pd.Series([1234.0, 5, "1,000"], dtype=object))
    assert values.tolist() == [1234.0, 5.0, 1000.0]
    assert not bad.any()
    numeric, bad = parse_numbers(pd.Series([1.5, np.nan]))
    assert numeric.iloc[0] == 1.5 and pd.isna(numeric.iloc[1])
    assert not bad.any()


# --------------------------------------------------------------------------- booleans, text, choices

def test_parse_bools_both_languages_and_excel_booleans():
    raw = pd.Series(["是", "否", "Y", "N", "yes", "No", "TRUE", "false", "1", "0", True, False, 1.0, ""],
                    dtype=object)
    values, bad = parse_bools(raw)
    assert values.dtype == "boolean"
    assert values.tolist()[:13] == [True, False, True, False, True, False, True, False, True, False, True, False,
                                    True]
    assert pd.isna(values.iloc[13])
    assert not bad.any()


def test_parse_bools_flags_other_words():
    values, bad = parse_bools(pd.Series(["是", "maybe", "2"], dtype=object))
    assert bad.tolist() == [False, True, True]
    assert pd.isna(values.iloc[1])


def test_parse_text_strips_and_undoes_excel_floats():
    values, bad = parse_text(pd.Series([" C1 ", 12.0, 12.5, "", None], dtype=object))
    assert values.tolist()[:3] == ["C1", "12", "12.5"]
    assert values.iloc[3:].isna().all()
    assert not bad.any()


@pytest.mark.parametrize(("vocab", "cells", "codes"), [
    ("level", ["潜在", "目标", "优质", "战略"], ["potential", "target", "quality", "strategic"]),
    ("level", ["Potential", " TARGET ", "quality", "strategic"], ["potential", "target", "quality", "strategic"]),
    ("relationship", ["未接触", "中立", "熟悉", "伙伴"], ["untouched", "neutral", "familiar", "partner"]),
    ("relationship", ["untouched", "Neutral", "familiar", "partner"], ["untouched", "neutral", "familiar", "partner"]),
    ("source_type", ["主动", "被动", "active", "Passive"], ["active", "passive", "active", "passive"]),
])
def test_parse_choice_accepts_both_languages(vocab, cells, codes):
    values, bad = parse_choice(pd.Series(cells, dtype=object), VOCABULARIES[vocab].lookup())
    assert values.tolist() == codes
    assert not bad.any()


def test_parse_choice_flags_values_outside_the_vocabulary():
    values, bad = parse_choice(pd.Series(["优质", "VIP", ""], dtype=object), VOCABULARIES["level"].lookup())
    assert bad.tolist() == [False, True, False]
    assert values.iloc[0] == "quality" and pd.isna(values.iloc[1])


def test_map_tokens_normalises_spelling_once_per_value():
    mapped = map_tokens(pd.Series(["Closed Won", "closed_won", None, "x"], dtype=object), {"closedwon": "won"})
    assert mapped.tolist()[:2] == ["won", "won"]
    assert mapped.iloc[2:].isna().all()


def test_empty_mask():
    assert empty_mask(pd.Series(["a", "", " ", None], dtype=object)).tolist() == [False, True, True, True]
    assert empty_mask(pd.Series([1.0, np.nan])).tolist() == [False, True]
