"""What the chapter's actions are worth: additional won revenue in the next 12 months, from the client's own rates.

Every value here follows the one scale of :class:`workbook.core.result.Action`: the additional won revenue (or
cost saved) expected in the next 12 months, computed from the client's own rates with stated, conservative
assumptions and capped by what there is to sell to. Past revenue is never a value.

- :func:`work_room`: what there is to sell to in the next 12 months (the leads nobody followed up in the last 12
  months and the open deals, at the client's own rates): the cap of the freed selling time.
- :func:`offload_value`: the selling hours freed by moving chores to support staff, a year of them, valued at the
  client's own won revenue per selling hour times a realisation share (only part of the freed time becomes
  selling, and an extra selling hour earns less than today's average one), capped by :func:`work_room`, minus
  the support staff's cost; a range.
- :func:`quote_value`: half the win-rate gap between quotes sent within 48 hours and slower ones, on the deals a
  year quoted slowly, times the average won deal.
- :func:`neglected_value`: half the gap in won revenue per customer between contacted and neglected customer
  assets, on the neglected ones.

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

__all__ = ["REALISATION", "SELLING_SHARE", "WORK_WEEKS", "YIELD", "neglected_value", "offload_value",
           "quote_value", "twelve_months", "work_room"]

WORK_WEEKS = 46  # working weeks in a year: 52 less public holidays and leave
SELLING_SHARE = 0.5  # share of the freed hours that become direct selling (the rest goes to other work)
YIELD = (0.3, 0.5, 0.7)  # what an extra selling hour earns against today's average one: low, middle, high
REALISATION = tuple(SELLING_SHARE * y for y in YIELD)  # share of the freed hours' value at today's rate: 15/25/35%
GAP_SHARE = 0.5  # the share of a like-for-like gap an action is assumed to close


def twelve_months(end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The 12 months up to ``end`` (both ends included), the window a year's run-rate is read from.

    >>> [str(d.date()) for d in twelve_months("2025-12-31")]
    ['2025-01-01', '2025-12-31']
    """
    end = pd.Timestamp(end)
    return end - pd.DateOffset(years=1) + pd.Timedelta(days=1), end


def _between(dates: pd.Series, start, end) -> np.ndarray:
    return (dates.ge(start) & dates.le(end)).to_numpy(dtype=bool, na_value=False)


def _won(opportunities: pd.DataFrame) -> np.ndarray:
    return opportunities[c.STATUS].astype("string").eq("won").to_numpy(dtype=bool, na_value=False)


def average_deal(opportunities: pd.DataFrame | None, *, end) -> float | None:
    """The average amount of the deals won in the 12 months up to ``end``; None without one.

    >>> opps = pd.DataFrame({"status": ["won", "won", "lost"], "amount": [100.0, 300.0, 50.0],
    ...                      "close_date": pd.to_datetime(["2025-03-01", "2025-06-01", "2025-06-01"])})
    >>> average_deal(opps, end="2025-12-31")
    200.0
    """
    if not rules.has(opportunities, c.STATUS, c.AMOUNT, c.CLOSE_DATE):
        return None
    start, end = twelve_months(end)
    won = opportunities[_won(opportunities) & _between(opportunities[c.CLOSE_DATE], start, end)][c.AMOUNT].dropna()
    return float(won.mean()) if len(won) else None


def work_room(leads: pd.DataFrame | None, opportunities: pd.DataFrame | None, *, end) -> dict:
    """What freed selling time could be spent on in the next 12 months, at the client's own rates.

    ``unworked``: leads created in the 12 months up to ``end`` that nobody followed up (no first follow-up
    date); ``lead_to_win``: the share of followed-up leads (all dates) whose deal was won; ``open_deals``:
    opportunities still open; ``win_rate``: won / closed (won or lost) deals; ``average_deal``
    (:func:`average_deal`); ``cap`` = (unworked x lead_to_win + open_deals x win_rate) x average_deal, None when
    a part is missing.

    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3", "L4"], "opportunity_id": ["O1", "O2", None, None],
    ...     "created_date": pd.to_datetime(["2025-02-01"] * 4),
    ...     "first_followup_date": pd.to_datetime(["2025-02-02", "2025-02-02", None, None])})
    >>> opps = pd.DataFrame({"opportunity_id": ["O1", "O2", "O3"], "status": ["won", "lost", "open"],
    ...     "amount": [100.0, 80.0, 60.0], "close_date": pd.to_datetime(["2025-03-01", "2025-03-01", None])})
    >>> room = work_room(leads, opps, end="2025-12-31")
    >>> room["unworked"], room["lead_to_win"], room["open_deals"], room["win_rate"], room["cap"]
    (2, 0.5, 1, 0.5, 150.0)
    """
    out = dict.fromkeys(("unworked", "lead_to_win", "open_deals", "win_rate", "average_deal", "cap"))
    if not rules.has(opportunities, c.STATUS):
        return out
    status = opportunities[c.STATUS].astype("string")
    won, lost = int(status.eq("won").sum()), int(status.eq("lost").sum())
    out["open_deals"] = int(status.eq("open").sum())
    out["win_rate"] = rules.ratio(won, won + lost)
    out["average_deal"] = average_deal(opportunities, end=end)
    if rules.has(leads, c.CREATED_DATE, c.FIRST_FOLLOWUP_DATE, c.OPPORTUNITY_ID) \
            and rules.has(opportunities, c.OPPORTUNITY_ID):
        start, stop = twelve_months(end)
        followed = leads[c.FIRST_FOLLOWUP_DATE].notna().to_numpy(dtype=bool)
        recent = _between(leads[c.CREATED_DATE], start, stop)
        out["unworked"] = int((~followed & recent).sum())
        won_ids = set(opportunities.loc[_won(opportunities), c.OPPORTUNITY_ID].dropna().astype(str))
        wins = leads.loc[followed, c.OPPORTUNITY_ID].astype("string").isin(won_ids).to_numpy(dtype=bool)
        out["lead_to_win"] = rules.ratio(int(wins.sum()), int(followed.sum()))
    parts = (out["unworked"], out["lead_to_win"], out["win_rate"], out["average_deal"])
    if all(v is not None and not pd.isna(v) for v in parts):
        out["cap"] = (out["unworked"] * out["lead_to_win"] + out["open_deals"] * out["win_rate"]) \
            * out["average_deal"]
    return out


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
    slow; ``wins`` = slow_deals x gap / 2, at most the slow deals not won (the cap); ``value`` = wins x
    ``average_deal`` (None when a part is missing; 0 when the slow quotes win as often).

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
    start, stop = twelve_months(end)
    recent = slow & _between(turnaround[c.REQUESTED_DATE], start, stop)
    ids = turnaround[c.OPPORTUNITY_ID] if c.OPPORTUNITY_ID in turnaround else turnaround.index.to_series()
    out["slow_deals"] = int(ids[recent].nunique())
    not_won = int(ids[recent & ~won].nunique())
    out["average_deal"] = average_deal(opportunities, end=end)
    if out["fast"] is None or out["slow"] is None or pd.isna(out["fast"]) or pd.isna(out["slow"]):
        return out
    out["gap"] = float(out["fast"] - out["slow"])
    wins = out["slow_deals"] * max(0.0, out["gap"]) * GAP_SHARE
    out["capped"] = wins > not_won
    out["wins"] = float(min(wins, not_won))
    if out["average_deal"] is not None:
        out["value"] = out["wins"] * out["average_deal"]
    return out


def neglected_value(neglected: pd.Series, contacted: pd.Series, opportunities: pd.DataFrame | None, *,
                    end) -> dict:
    """Revisiting neglected customer assets, worth half the gap in won revenue per customer (last 12 months)
    between the asset customers that were contacted and those that were not, on the neglected ones.

    ``neglected`` and ``contacted`` are customer ids (tier 1-3 customers without and with contact within the
    neglect window). ``per_contacted`` / ``per_neglected``: won revenue closed in the 12 months up to ``end``
    per customer of each group; ``value`` = len(neglected) x max(0, gap) / 2 (None without won amounts).

    >>> opps = pd.DataFrame({"customer_id": ["A", "B", "C"], "status": ["won", "won", "won"],
    ...     "amount": [400.0, 200.0, 100.0], "close_date": pd.to_datetime(["2025-06-01"] * 3)})
    >>> out = neglected_value(pd.Series(["C", "D"]), pd.Series(["A", "B"]), opps, end="2025-12-31")
    >>> out["per_contacted"], out["per_neglected"], out["value"]
    (300.0, 50.0, 250.0)
    """
    out = {"customers": len(neglected), "per_contacted": None, "per_neglected": None, "value": None}
    if not len(neglected) or not len(contacted) \
            or not rules.has(opportunities, c.CUSTOMER_ID, c.STATUS, c.AMOUNT, c.CLOSE_DATE):
        return out
    start, stop = twelve_months(end)
    won = opportunities[_won(opportunities) & _between(opportunities[c.CLOSE_DATE], start, stop)]
    revenue = won.groupby(won[c.CUSTOMER_ID].astype(str))[c.AMOUNT].sum()

    def per(ids: pd.Series) -> float:
        return float(revenue.reindex(ids.astype(str).unique(), fill_value=0.0).mean())

    out["per_contacted"], out["per_neglected"] = per(contacted), per(neglected)
    out["value"] = len(neglected) * max(0.0, out["per_contacted"] - out["per_neglected"]) * GAP_SHARE
    return out
