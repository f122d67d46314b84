"""Sales calls a week per seller: the first of the five numbers ("sales calls per week"), seller by seller.

A sales call is a seller's visit, phone call or technical exchange (:func:`workbook.funnel.journey.sales_calls`
holds that rule). Many CRMs export activities with only a date, an owner and the deal they belong to, and no
type: then every activity of a seller dated in the period counts as a call, and the section says so, so an
e-mail or a task logged as an activity is never silently taken for a visit.
"""
from __future__ import annotations

import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.result import Count, Name, Number, Section, Table, Text

# the rule of what a sales call is (and that an export without types counts every activity) lives with the five numbers
from workbook.funnel.journey import SELLER_ROLES, sales_calls
from workbook.funnel.journey import untyped as untyped_activities
from workbook.timealloc import allocation as ta
from workbook.timealloc import parts as tp
from workbook.timealloc.parts import Part

__all__ = ["calls_part", "calls_per_week"]

TYPE_MISSING = "type_missing"  # the fact naming an export without activity types


def calls_per_week(activities: pd.DataFrame, *, start, end, reps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each seller's sales calls dated in ``[start, end]`` (whole days) and per week (days / 7).

    With a ``type`` column only sellers' visits, phone calls and technical exchanges count
    (:func:`workbook.funnel.journey.sales_calls`, which also leaves out other departments and non-sellers);
    without one every activity counts. Returns ``owner`` (+ ``team`` when ``reps`` has it), ``calls`` and
    ``calls_per_week``, most calls first; a seller of ``reps`` without a call is listed with 0.

    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-09", "2025-02-01"]),
    ...                      "owner": ["R1", "R1", "R2", "R2"]})
    >>> calls_per_week(acts, start="2025-01-01", end="2025-01-14").to_dict("list")
    {'owner': ['R1', 'R2'], 'calls': [2, 1], 'calls_per_week': [1.0, 0.5]}
    >>> typed = acts.assign(type=["visit", "email", "phone", "visit"])
    >>> calls_per_week(typed, start="2025-01-01", end="2025-01-14")["calls"].tolist()
    [1, 1]
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    weeks = ((end - start).days + 1) / 7
    dates = pd.to_datetime(activities[c.DATE])
    within = rules.as_bool((dates >= start) & (dates < end + pd.Timedelta(days=1)))
    counted = activities.loc[sales_calls(activities, reps) & within & rules.as_bool(activities[c.OWNER].notna())]
    calls = counted.groupby(c.OWNER, observed=True).size()
    if rules.has(reps, c.OWNER):
        sellers = reps.drop_duplicates(c.OWNER)
        if rules.has(sellers, c.ROLE):
            sellers = sellers[rules.as_bool(sellers[c.ROLE].isin(list(SELLER_ROLES)) | sellers[c.ROLE].isna())]
        calls = calls.reindex(calls.index.union(pd.Index(sellers[c.OWNER].dropna().unique())), fill_value=0)
    out = pd.DataFrame({c.OWNER: calls.index.astype(str), "calls": calls.to_numpy(dtype="int64")})
    out["calls_per_week"] = out["calls"] / weeks
    out = out.sort_values(["calls", c.OWNER], ascending=[False, True], kind="stable").reset_index(drop=True)
    return ta._add_team(out, reps)


def calls_part(acts: pd.DataFrame | None, *, reps: pd.DataFrame | None, start, end,
               needs: tuple[str, ...]) -> Part:
    """Section ``calls``: sales calls a week per seller. Facts: ``sales_calls_per_rep_week`` (all sellers'
    calls / weeks / sellers) and ``type_missing`` (True when the activities carry no type)."""
    if needs:
        return tp.missing(("calls",), needs)
    untyped = untyped_activities(acts)
    per = calls_per_week(acts, start=start, end=end, reps=reps)
    weeks = ((pd.Timestamp(end) - pd.Timestamp(start)).days + 1) / 7
    total = int(per["calls"].sum())
    per_rep = rules.ratio(per["calls_per_week"].sum(), len(per))
    facts = {"sales_calls_per_rep_week": per_rep, TYPE_MISSING: untyped}
    if not len(per):
        return Part((Section("calls", finding=Text("find.timealloc.calls_none"),
                             note=Text("note.calls_untyped") if untyped else None),), facts)
    low = per.iloc[-1]
    # without a type the activities are not called visits and calls: the finding says what was counted
    key = "find.timealloc.calls_untyped" if untyped else "find.timealloc.calls"
    if round(float(per["calls_per_week"].max()), 1) == round(float(low["calls_per_week"]), 1):
        key += "_even"  # every seller at the same rate: no "fewest" to name
    finding = Text(key, per_rep=Number(per_rep, 1), calls=Count(total), reps=Count(len(per)),
                   weeks=tp.weeks_number(round(weeks, 1)), low=Name(low[c.OWNER]),
                   low_rate=Number(low["calls_per_week"], 1))
    table = Table("timealloc_calls", per, kinds={"calls": "count", "calls_per_week": "number", c.TEAM: "name"},
                  vocab=tp.TEAM, headers=tp.cols("calls", "calls_per_week"))
    note = Text("note.calls_untyped") if untyped else None
    head = Text("head.timealloc.calls", per_rep=Number(per_rep, 1))
    return Part((Section("calls", finding=finding, tables=(table,), note=note, title=head),), facts)
