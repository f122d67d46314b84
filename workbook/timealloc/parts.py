"""What the sections of the time-allocation chapter share: the :class:`Part` a builder returns and the small
helpers that word its numbers (headers, whole counts, chart titles that state findings)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from workbook.core import columns as c
from workbook.core.result import Number, Section, Text

__all__ = ["CASE", "REP_ROWS", "TEAM", "Part", "cols", "missing", "num", "title", "weeks_number",
           "whole"]

CASE = Text("note.timealloc.case")  # a company case: direct selling time 12% -> 22%


@dataclass(frozen=True)
class Part:
    """Sections of the chapter and the facts behind them (for figures and actions)."""

    sections: tuple[Section, ...]
    facts: dict = field(default_factory=dict)


def cols(*names: str) -> dict[str, Text]:
    """Headers of the chapter's own columns: ``col.timealloc.<name>`` in the catalogue."""
    return {name: Text(f"col.timealloc.{name}") for name in names}


def missing(keys: tuple[str, ...], needs: tuple[str, ...], facts: dict | None = None) -> Part:
    return Part(tuple(Section(key, needs=needs) for key in keys), facts or {})


def num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def weeks_number(weeks) -> Number:
    """Weeks logged: ``10`` for whole weeks, ``10.5`` otherwise."""
    return Number(weeks, 0 if weeks is not None and float(weeks).is_integer() else 1)


def title(key: str, **fields) -> dict:
    """A chart's title stating its finding: ``chart.timealloc.title.<key>`` with its numbers, as Chart kwargs."""
    return {"title": Text(f"chart.timealloc.title.{key}", **fields)}


TEAM = {c.TEAM: "team"}  # teams are the client's own category: shown through its labels
REP_ROWS = 10  # sellers a page lists (lowest direct share first); the appendix keeps every seller


def whole(value) -> int | None:
    """A count for a sentence or a table: rounded to a whole number (``18.2`` sellers' worth -> ``18``)."""
    return None if value is None or pd.isna(value) else int(round(float(value)))
