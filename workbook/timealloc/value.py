"""What the chapter's actions are worth: additional won revenue in the next 12 months, from the client's own rates.

Every value here follows the one scale of :class:`workbook.core.result.Action`: the additional won revenue (or
cost saved) expected in the next 12 months, computed from the client's own rates with stated, conservative
assumptions and capped by what there is to sell to. Past revenue is never a value.

- :func:`work_room`: the work freed selling time can go to in the next 12 months, at the values the other
  chapters give it (following up leads, the funnel chapter's action; building trust with tier 4, the quality
  matrix's; never the open deals, already in the forecast): the cap of the freed time. Those actions are counted
  in their own chapters too, so the report's total counts only one of them.
- :func:`offload_value`: the selling hours freed by moving chores to support staff, a year of them, valued at the
  client's own won revenue per selling hour times a realisation share (only part of the freed time becomes
  selling, and an extra selling hour earns less than today's average one), capped by :func:`work_room`, minus
  the support staff's cost; a range.
- :func:`quote_value`: half the win-rate gap between quotes sent within 48 hours and slower ones, on the deals a
  year quoted slowly, in whole deals (so the page's wins x deal ties), times the average won deal.

Pure functions on the clean tables; no language (the catalogue's ``basis.timealloc.*`` sentences state the
arithmetic with these numbers).

>>> out = offload_value(100.0, revenue_per_hour=1_000.0, support_hourly_cost=50.0, cap=None)
>>> out["hours"], out["gross"], out["cost"], out["value"], out["low"], out["high"]
(4600.0, 4600000.0, 230000.0, 920000.0, 460000.0, 1380000.0)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules

__all__ = ["REALISATION", "SELLING_SHARE", "WORK_WEEKS", "YIELD", "offload_value", "quote_value", "work_room"]

WORK_WEEKS = 46  # working weeks in a year: 52 less public holidays and leave
SELLING_SHARE = 0.5  # share of the freed hours that become direct selling (the rest goes to other work)
YIELD = (0.3, 0.5, 0.7)  # what an extra selling hour earns against today's average one: low, middle, high
REALISATION = tuple(SELLING_SHARE * y for y in YIELD)  # share of the freed hours' value at today's rate: 15/25/35%


def _between(dates: pd.Series, start, end) -> np.ndarray:
    return (dates.ge(start) & dates.le(end)).to_numpy(dtype=bool, na_value=False)


def work_room(followup: float | None, *, trust: float | None = None) -> dict:
    """The work freed selling time can go to in the next 12 months, at the values other chapters give it: the
    cap of the offload's value.

    ``followup``: the funnel chapter's follow-up action's value (working the leads nobody follows up; None when
    not sized); ``trust``: the quality-matrix chapter's value of building trust with tier 4 (None when not
    sized); ``cap`` = followup + trust (None when neither is sized). Both are valued in their own chapters: the
    report's total counts only one of these overlapping actions. Open deals are not in it: they are already in the
    forecast.

    >>> work_room(50.0, trust=30.0)["cap"], work_room(None, trust=30.0)["cap"], work_room(None)["cap"]
    (80.0, 30.0, None)
    """
    followup = float(followup) if followup else None
    trust = float(trust) if trust else None
    parts = [v for v in (followup, trust) if v is not None]
    return {"followup": followup, "trust": trust, "cap": sum(parts) if parts else None}


def offload_value(hours_per_week: float | None, *, revenue_per_hour: float | None, support_hourly_cost: float,
                  cap: float | None, weeks: float = WORK_WEEKS,
                  realisation: tuple[float, float, float] = REALISATION) -> dict:
    """The offload's 12-month value: a year of freed hours at the client's revenue per selling hour, realised in
    part, capped by what there is to sell to, less the support staff's cost.

    ``hours`` = ``hours_per_week`` x ``weeks``; ``gross`` = hours x ``revenue_per_hour`` (what the hours would
    bring if every one sold as today's average hour); ``cost`` = hours x ``support_hourly_cost``; for each
    realisation share (low, middle, high) the revenue is gross x share, capped at ``cap`` (None: no cap), less
    the cost, never below 0: ``low``, ``value`` (the middle) and ``high``. ``capped``: True when the cap binds
    the middle. All None without hours; only ``hours`` and ``cost`` without a rate.

    The cap binds: 10 hours a week x 46 weeks x 1,000 = 460,000 gross; a quarter is 115,000, above the cap of
    50,000; less 460 hours x 50 = 23,000 of support cost leaves 27,000 (every share is capped the same).

    >>> out = offload_value(10.0, revenue_per_hour=1_000.0, support_hourly_cost=50.0, cap=50_000.0)
    >>> out["value"], out["low"], out["high"], out["capped"]
    (27000.0, 27000.0, 27000.0, True)
    """
    keys = ("hours", "gross", "cost", "cap", "low", "value", "high", "capped", "realisation")
    if not hours_per_week:
        return dict.fromkeys(keys)
    hours = float(hours_per_week) * weeks
    cost = hours * float(support_hourly_cost)
    if revenue_per_hour is None or pd.isna(revenue_per_hour):  # the hours and their cost, no value
        return {**dict.fromkeys(keys), "hours": hours, "cost": cost}
    gross = hours * float(revenue_per_hour)

    def net(share: float) -> float:
        revenue = gross * share if cap is None else min(gross * share, float(cap))
        return max(0.0, revenue - cost)

    low, mid, high = realisation
    return {"hours": hours, "gross": gross, "cost": cost, "cap": cap, "low": net(low), "value": net(mid),
            "high": net(high), "capped": cap is not None and gross * mid > cap, "realisation": mid}


def quote_value(turnaround: pd.DataFrame, opportunities: pd.DataFrame | None, *, end) -> dict:
    """Faster quotes' 12-month value: half the win-rate gap between quotes sent within 48 hours and slower ones,
    on the deals quoted slowly in the last 12 months, times the average won deal.

    ``turnaround`` is :func:`workbook.timealloc.coverage.quote_turnaround` (``band`` 0 = within 48 hours,
    1.. slower, -1 not sent; ``status``). Win rates are won / closed over all quotes: ``fast`` (band 0) and
    ``slow`` (bands 1 and up, pooled), with their closed deals ``fast_n`` and ``slow_n``. ``slow_deals``: the
    deals whose quote was requested in the 12 months up to ``end`` and sent after 48 hours. ``gap`` = fast -
    slow; ``wins`` = slow_deals x gap / 2 rounded to whole deals, at most the slow deals not won (the cap);
    ``value`` = wins x ``average_deal`` (None when a part is missing; 0 when the slow quotes win as often).

    >>> q = pd.DataFrame({"opportunity_id": ["O1", "O2", "O3", "O4"], "band": [0, 0, 2, 3],
    ...     "status": ["won", "lost", "lost", "won"], "requested_date": pd.to_datetime(["2025-05-01"] * 4)})
    >>> opps = pd.DataFrame({"status": ["won"], "amount": [1000.0], "close_date": pd.to_datetime(["2025-06-01"])})
    >>> out = quote_value(q, opps, end="2025-12-31")
    >>> out["fast"], out["slow"], out["slow_deals"], out["wins"], out["value"]
    (0.5, 0.5, 2, 0.0, 0.0)
    """
    out = dict.fromkeys(("fast", "slow", "fast_n", "slow_n", "gap", "slow_deals", "wins", "average_deal",
                         "value", "capped"))
    status = turnaround[c.STATUS].astype("string") if c.STATUS in turnaround else None
    if status is None or turnaround.empty:
        return out
    band = turnaround["band"].to_numpy()
    closed = status.isin(["won", "lost"]).to_numpy(dtype=bool, na_value=False)
    won = status.eq("won").to_numpy(dtype=bool, na_value=False)
    fast, slow = band == 0, band >= 1
    out["fast_n"], out["slow_n"] = int((closed & fast).sum()), int((closed & slow).sum())
    out["fast"] = rules.ratio(int((won & fast).sum()), out["fast_n"])
    out["slow"] = rules.ratio(int((won & slow).sum()), out["slow_n"])
    start, stop = rules.twelve_months(end)
    recent = slow & _between(turnaround[c.REQUESTED_DATE], start, stop)
    ids = turnaround[c.OPPORTUNITY_ID] if c.OPPORTUNITY_ID in turnaround else turnaround.index.to_series()
    out["slow_deals"] = int(ids[recent].nunique())
    not_won = int(ids[recent & ~won].nunique())
    out["average_deal"] = rules.average_won_deal(opportunities, end=end)
    if out["fast"] is None or out["slow"] is None or pd.isna(out["fast"]) or pd.isna(out["slow"]):
        return out
    out["gap"] = float(out["fast"] - out["slow"])
    wins = out["slow_deals"] * max(0.0, out["gap"]) * rules.GAP_SHARE
    out["capped"] = wins > not_won
    out["wins"] = float(round(min(wins, not_won)))  # whole deals, so wins x deal ties on the page
    if out["average_deal"] is not None:
        out["value"] = out["wins"] * out["average_deal"]
    return out
