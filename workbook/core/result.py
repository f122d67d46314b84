"""What an analysis returns: tidy tables with codes, figures, findings, actions; no language.

Each analysis package has ``compute(client, **params) -> Result``. A result
holds everything a report shows, in codes and raw numbers; the words and the
number formats are applied later, once, by :mod:`workbook.core.display`.

- A :class:`Text` is a catalogue key with its fields (``Text("fn.find.sources",
  share=Rate(0.35))``). Fields are typed quantities (:class:`Count`,
  :class:`Rate`, :class:`Money`, ...), codes (:class:`Code`), client text
  (:class:`Name`, escaped wherever it is shown) or nested texts.
- A :class:`Table` is a frame of codes and raw numbers, with the kind of
  each column (count, rate, money, ...) and the vocabulary of each category
  column, so the display layer can label and format it.
- A :class:`Section` is one numbered part of a chapter: its action title
  (``finding``), its chart, its tables, and when it cannot be computed the
  data it needs (``needs``).
- An :class:`Action` is one thing to do, with the value that orders it and
  the appendix sheet that holds its list.

>>> r = Result("demo", sections=(Section("a", finding=Text("x.find", n=Count(3))),))
>>> r.section("a").finding.fields["n"]
Count(value=3)
>>> r.section("b")
Traceback (most recent call last):
...
KeyError: "demo has no section 'b'; sections: a"
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pandas as pd

__all__ = [
    "Count", "Rate", "Money", "Days", "Hours", "Number", "Date", "Month", "Code", "Name", "Text", "KINDS",
    "Table", "Chart", "Section", "Action", "Result", "WHEN_DAYS",
]


# --- typed quantities: how a number in a sentence is formatted -------------------------------------------------

@dataclass(frozen=True)
class Count:
    """A count: ``20,000``."""

    value: float | None


@dataclass(frozen=True)
class Rate:
    """A share or rate in 0-1: ``35.4%``, always one decimal; a benchmark the kit states (the top 20% of reps,
    about 60% of calls planned) is written ``Rate(0.2, digits=0)``: ``20%``."""

    value: float | None
    digits: int = 1


@dataclass(frozen=True)
class Money:
    """An amount in the client's currency: ``3,480 万元`` / ``CNY 34.8m``."""

    value: float | None


@dataclass(frozen=True)
class Days:
    """A duration in days: ``45 天`` / ``45 days``."""

    value: float | None


@dataclass(frozen=True)
class Hours:
    """A duration in hours: ``12.5 小时`` / ``12.5 h``."""

    value: float | None


@dataclass(frozen=True)
class Number:
    """A plain number with ``digits`` decimals: ``3.2``."""

    value: float | None
    digits: int = 1


@dataclass(frozen=True)
class Date:
    """A day: ``2025-03-02``."""

    value: dt.date | pd.Timestamp | None


@dataclass(frozen=True)
class Month:
    """A month: ``2025年3月`` / ``Mar 2025``."""

    value: dt.date | pd.Timestamp | pd.Period | None


@dataclass(frozen=True)
class Code:
    """A code of a vocabulary (``level``, ``status``, ``stage``, ``tier`` ...), labelled in the reader's language."""

    vocab: str
    value: Any


@dataclass(frozen=True)
class Name:
    """Client-supplied text (a customer, rep, source name), always escaped.

    ``vocab`` names the client vocabulary it belongs to (``source``, ``industry``, ``team``, ``region`` ...):
    it is then shown through that vocabulary's labels (``labels:`` in client.yaml, ``Result.labels``) in the
    reader's language, and as it is when no label is given.
    """

    value: Any
    vocab: str | None = None


@dataclass(frozen=True, init=False)
class Text:
    """A catalogue message by key with its fields, localised and formatted at display time."""

    key: str
    fields: Mapping[str, Any]

    def __init__(self, key: str, **fields: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "fields", MappingProxyType(dict(fields)))

    def __reduce__(self):
        return (_text, (self.key, dict(self.fields)))


def _text(key: str, fields: dict) -> Text:
    return Text(key, **fields)


# column kinds of a Table, and what each one shows (see workbook.core.display)
KINDS = ("count", "rate", "money", "days", "hours", "number", "ratio", "date", "month", "bool", "code", "name",
         "id", "text", "by_row")


# --- tables, charts, sections ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """A table of codes and raw numbers, with what the display layer needs to label and format it.

    ``key`` names the table in the catalogue (``table.<key>``: its caption and
    the appendix sheet). ``kinds`` gives each column's kind (one of
    :data:`KINDS`); a column not named there is inferred from its name and
    dtype. ``vocab`` names the vocabulary of each ``code`` column (``level``,
    ``stage`` ...), and of each ``name`` column of client categories
    (``source``, ``industry`` ...: shown through ``Result.labels``, as they
    are when unlabelled). ``headers`` labels columns that are not kit codes (a pivot
    whose columns are stages: ``{"discover": Code("stage", "discover")}``).
    ``rows`` is how many rows the report body shows; the appendix keeps all.
    A ``by_row`` column (a measure/value list) takes each row's kind from
    ``row_kinds``, one per row.
    """

    key: str
    frame: pd.DataFrame
    kinds: Mapping[str, str] = field(default_factory=dict)
    vocab: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, Any] = field(default_factory=dict)
    rows: int = 15
    appendix: bool = True
    row_kinds: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        bad = {k: v for k, v in [*self.kinds.items(), *((str(i), k) for i, k in enumerate(self.row_kinds))]
               if v not in KINDS or v == "by_row" and k.isdigit()}
        if bad:
            raise ValueError(f"table {self.key}: unknown column kinds {bad}; kinds: {', '.join(KINDS)}")


@dataclass(frozen=True)
class Chart:
    """A chart to draw at display time: ``draw(*args, lang=lang, **kwargs)`` returns a matplotlib Figure or Axes."""

    draw: Callable[..., Any]
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """One numbered part of a chapter.

    ``key`` is the section's code (its heading is ``section.<chapter>.<key>``
    in the catalogue). ``finding`` is the action title: one sentence stating
    the finding with its number. ``needs`` lists the data (``table`` or
    ``table.column``) that would enable a section that could not be computed;
    a section with ``needs`` shows only that. ``note`` is an optional
    sentence after the tables (after the table keyed ``note_table`` when it
    annotates an earlier one). ``title``, when given, is the heading stated
    as a finding (a catalogue text with its numbers) in place of the
    catalogue's topic heading.
    """

    key: str
    finding: Text | None = None
    chart: Chart | None = None
    tables: tuple[Table, ...] = ()
    needs: tuple[str, ...] = ()
    note: Text | None = None
    live: bool = False  # workshop controls only: shown in JupyterLab and Voila, left out of reports
    title: Text | None = None  # the heading as a short finding with its number; None: ``section.<chapter>.<key>``
    note_table: str | None = None  # the key of the table ``note`` annotates; None: the last table

    @property
    def missing(self) -> bool:
        return bool(self.needs)


WHEN_DAYS = (30, 60, 90)  # when an action's KPI should show progress


@dataclass(frozen=True)
class Action:
    """One thing to do, on the one value scale of every action, with who does what first and how to see it work.

    ``value`` is the **additional won revenue (or cost saved) expected in the
    next 12 months**, in the client's currency, from the client's own rates
    with conservative, stated assumptions, capped by the leads, pipeline or
    capacity that exist; never revenue already won. 0 when the action cannot
    be sized (it is then listed after the sized ones). ``basis`` is the
    catalogue text stating that arithmetic with its numbers; ``low`` and
    ``high`` give a range when the value is an estimate with a wide spread.
    ``pool`` names what the value draws on (``"leads"``, ``"new_leads"``,
    ``"pipeline"``, ``"customers"``, ``"time"``, ``"cash"``, ``"data"``; several
    joined by ``+``): actions sharing a pool overlap, so the prize counts an
    action only when none of its pools is drawn on by a larger counted one. ``who`` owns it, ``step`` is the
    first step, ``kpi`` the measure that shows progress and ``days`` when
    (30, 60 or 90 days). ``problem`` names the problem the action solves in a
    few words with its number ("销售只有 13% 的时间用于直接销售" / "sellers spend
    only 13% of their time selling"): the summary's governing sentence is
    made of them. ``sheet`` is the key of the table (``table.<key>``)
    holding the customers, leads or reps the action is about; ``section``
    the section whose numbers support it.

    >>> a = Action(Text("act.x"), value=1e6, basis=Text("basis.x"), pool="leads", days=60)
    >>> a.days, a.pool, Action(Text("act.y"), pool="time+leads").pools
    (60, 'leads', ('time', 'leads'))
    >>> Action(Text("act.x"), days=45)
    Traceback (most recent call last):
    ...
    ValueError: action act.x: days must be one of 30, 60, 90, got 45
    """

    text: Text
    value: float = 0.0
    who: Text | None = None
    sheet: str | None = None
    basis: Text | None = None
    low: float | None = None
    high: float | None = None
    pool: str | None = None
    step: Text | None = None
    kpi: Text | None = None
    days: int = 90
    section: str | None = None
    problem: Text | None = None

    @property
    def pools(self) -> tuple[str, ...]:
        """What the value draws on, as a tuple (``pool`` may name several, joined by ``+``: ``"time+leads"``)."""
        return tuple(p for p in (self.pool or "").split("+") if p)

    def __post_init__(self) -> None:
        if self.days not in WHEN_DAYS:
            raise ValueError(f"action {self.text.key}: days must be one of "
                             f"{', '.join(map(str, WHEN_DAYS))}, got {self.days}")


@dataclass(frozen=True)
class Result:
    """An analysis result: its sections in report order, recorded figures, actions, and labelling context.

    ``figures`` are the numbers recorded in ``metrics.json`` (codes and raw
    numbers, identical in every language). ``labels`` holds the client's own
    vocabularies as ``{vocab: {code: (zh, en)}}`` (stages, time categories,
    and ``labels:`` of client.yaml through ``Client.with_labels``: sources,
    industries, teams ...), which the display layer uses like the kit's.
    ``context`` carries the client name, currency and dates for the chapter's
    subtitle. ``summary`` is the chapter summary that opens the chapter (up
    to three sentences, the most important first). ``exhibits`` names the
    3-5 sections the main report keeps (most valuable first: those that
    support the chapter's largest actions, then those furthest from their
    benchmark); every section stays in the full analysis. Empty means the
    chapter's first sections.
    """

    chapter: str
    sections: tuple[Section, ...] = ()
    figures: Mapping[str, Any] = field(default_factory=dict)
    actions: tuple[Action, ...] = ()
    labels: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)
    summary: tuple[Text, ...] = ()
    exhibits: tuple[str, ...] = ()

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"{self.chapter} has no section {key!r}; sections: {', '.join(s.key for s in self.sections)}")

    def number(self, key: str) -> int:
        """The section's number in the chapter (1-based, live sections included)."""
        return [s.key for s in self.sections].index(self.section(key).key) + 1
