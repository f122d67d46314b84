"""Sales time allocation (时间分配): how much of the sellers' time is selling, and what offloading chores buys.

Pure functions on the clean ``time_log`` (owner, period, category, hours), ``reps``, ``activities``,
``opportunities`` tables (the notebook's key figures and interpretation: :mod:`workbook.timealloc.summary`).
Time categories, their kind (direct / indirect / non-selling) and whether they
can be offloaded come from ``client.yaml`` (``time_categories``) and are passed in.

The offload what-if follows a company case (direct selling time 12% -> 22%): chores moved to support staff
free the seller's hours, which go to direct selling. A rep at 12 of 100 hours who hands over 10 hours of chores
sells 22 hours: capacity gain 22 / 12 - 1 = +83.3%, as if 83% more sellers were hired.

>>> from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
>>> log = pd.DataFrame({"owner": ["R1"] * 3, "period": pd.to_datetime(["2025-03-03"] * 3),
...                     "category": ["customer_meeting", "order_entry", "internal_meeting"],
...                     "hours": [12.0, 10.0, 78.0]})
>>> out = offload_summary(log, categories=CATS, moved={"order_entry": 1.0}, support_hourly_cost=80)
>>> out["direct_share"], out["after_offload_share"], round(out["capacity_gain"], 3), out["offload_cost"]
(0.12, 0.22, 0.833, 800.0)
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.config import TimeCategory

__all__ = [
    "BENCHMARKS", "KINDS", "PLANNED_TARGET", "benchmark_comparison", "default_moves", "direct_share",
    "filter_owners", "hours_by_category", "offload_by_rep", "offload_summary", "planned_calls", "planned_share",
    "revenue_per_selling_hour", "selling_shares", "sellers_only",
]

KINDS = ("direct", "indirect", "non_selling")
# reference points for the direct selling share: a company case, before and after moving chores to support staff
# (direct selling time 12% -> 22%)
BENCHMARKS: dict[str, float] = {"case_before": 0.12, "case_after": 0.22}
SELLER_ROLES = ("field", "inside")  # reps.role values analysed as sellers; "support" staff are left out
PLANNED_TARGET = 0.6  # plan about 60% of sellers' calls, leave 40% free
DEFAULT_PERIOD_DAYS = 7  # a time log with a single period is read as one week


def _category_map(categories: Sequence[TimeCategory]) -> dict[str, TimeCategory]:
    return {cat.name: cat for cat in categories}


def _with_kind(time_log: pd.DataFrame, categories: Sequence[TimeCategory]) -> pd.DataFrame:
    """``time_log`` plus a ``kind`` column; a category missing from ``categories`` is an error."""
    cats = _category_map(categories)
    unknown = sorted(set(time_log[c.CATEGORY].dropna().unique()) - set(cats))
    if unknown:
        raise ValueError(f"time_log category {', '.join(map(repr, unknown))} is not in time_categories "
                         f"(client.yaml); allowed: {', '.join(cats)}")
    out = time_log[[c.OWNER, c.PERIOD, c.CATEGORY, c.HOURS]].dropna(subset=[c.CATEGORY, c.HOURS])
    return out.assign(kind=out[c.CATEGORY].map({n: cat.kind for n, cat in cats.items()}).astype(object))


def filter_owners(frame: pd.DataFrame, *, reps: pd.DataFrame | None = None, owners: Iterable[str] | None = None,
                  teams: Iterable[str] | None = None) -> pd.DataFrame:
    """Rows of any table with an ``owner`` column whose rep is among ``owners`` and in one of ``teams``.

    None means no restriction. Teams are looked up in ``reps`` (owner -> team).

    >>> reps = pd.DataFrame({"owner": ["R1", "R2"], "team": ["东", "南"]})
    >>> filter_owners(pd.DataFrame({"owner": ["R1", "R2", "R2"]}), reps=reps, teams=["南"])["owner"].tolist()
    ['R2', 'R2']
    """
    keep = pd.Series(True, index=frame.index)
    if owners is not None:
        keep &= frame[c.OWNER].isin(list(owners))
    if teams is not None:
        if reps is None or c.TEAM not in reps:
            raise ValueError("filtering by team needs the reps table with a team column")
        members = reps.loc[reps[c.TEAM].isin(list(teams)), c.OWNER]
        keep &= frame[c.OWNER].isin(list(members))
    return frame[keep.to_numpy(dtype=bool)]


def sellers_only(frame: pd.DataFrame, *, reps: pd.DataFrame | None,
                 roles: Sequence[str] = SELLER_ROLES) -> pd.DataFrame:
    """Rows of reps whose ``role`` is in ``roles`` (support staff are not sellers); all rows without roles.

    Reps with no role given, and owners missing from ``reps``, are kept.

    >>> reps = pd.DataFrame({"owner": ["R1", "R2", "R3"], "role": ["field", "support", None]})
    >>> sellers_only(pd.DataFrame({"owner": ["R1", "R2", "R3", "R4"]}), reps=reps)["owner"].tolist()
    ['R1', 'R3', 'R4']
    """
    if reps is None or c.ROLE not in reps or reps[c.ROLE].isna().all():
        return frame
    other = reps.loc[reps[c.ROLE].notna().to_numpy(dtype=bool) & ~reps[c.ROLE].isin(list(roles)).to_numpy(dtype=bool),
                     c.OWNER]
    return frame[~frame[c.OWNER].isin(list(other)).to_numpy(dtype=bool)]


def _add_team(frame: pd.DataFrame, reps: pd.DataFrame | None) -> pd.DataFrame:
    if reps is None or c.TEAM not in reps:
        return frame
    teams = reps.drop_duplicates(c.OWNER).set_index(c.OWNER)[c.TEAM]
    frame.insert(1, c.TEAM, frame[c.OWNER].map(teams))
    return frame


def hours_by_category(time_log: pd.DataFrame, *, categories: Sequence[TimeCategory],
                      reps: pd.DataFrame | None = None, by: str = c.OWNER) -> pd.DataFrame:
    """Hours logged per category for each rep (``by="owner"``) or team (``by="team"``, needs ``reps``).

    Returns one row per rep or team: ``owner`` (and ``team`` when ``reps`` has it) or ``team``,
    one column per category of ``categories`` in config order, and ``total``.

    >>> from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
    >>> log = pd.DataFrame({"owner": ["R1", "R1", "R2"], "period": pd.to_datetime(["2025-03-03"] * 3),
    ...                     "category": ["travel", "travel", "customer_meeting"], "hours": [2.0, 3.0, 4.0]})
    >>> hours_by_category(log, categories=CATS)[["owner", "travel", "customer_meeting", "total"]].to_dict("list")
    {'owner': ['R1', 'R2'], 'travel': [5.0, 0.0], 'customer_meeting': [0.0, 4.0], 'total': [5.0, 4.0]}
    """
    log = _with_kind(time_log, categories)
    if by == c.TEAM:
        log = _add_team(log, reps)
        if c.TEAM not in log:
            raise ValueError("hours by team need the reps table with a team column")
    names = [cat.name for cat in categories]
    wide = log.pivot_table(index=by, columns=c.CATEGORY, values=c.HOURS, aggfunc="sum", fill_value=0.0,
                           observed=True)
    wide = wide.reindex(columns=names, fill_value=0.0).astype(float)
    wide["total"] = wide.sum(axis=1)
    out = wide.reset_index()
    out.columns.name = None
    return _add_team(out, reps) if by == c.OWNER else out


def selling_shares(time_log: pd.DataFrame, *, categories: Sequence[TimeCategory],
                   reps: pd.DataFrame | None = None, by: str = c.OWNER) -> pd.DataFrame:
    """Hours and share of each kind (direct, indirect, non-selling) per rep or team, ranked.

    Returns columns ``owner`` (+ ``team``) or ``team``, ``hours``, ``direct_hours``,
    ``indirect_hours``, ``non_selling_hours``, ``direct_share``, ``indirect_share``,
    ``non_selling_share`` and ``rank`` (1 = highest direct share), sorted by rank.

    >>> from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
    >>> log = pd.DataFrame({"owner": ["R1", "R1", "R2", "R2"], "period": pd.to_datetime(["2025-03-03"] * 4),
    ...                     "category": ["customer_meeting", "travel"] * 2, "hours": [1.0, 3.0, 2.0, 2.0]})
    >>> selling_shares(log, categories=CATS)[["owner", "direct_share", "rank"]].to_dict("list")
    {'owner': ['R2', 'R1'], 'direct_share': [0.5, 0.25], 'rank': [1, 2]}
    """
    log = _with_kind(time_log, categories)
    if by == c.TEAM:
        log = _add_team(log, reps)
        if c.TEAM not in log:
            raise ValueError("shares by team need the reps table with a team column")
    wide = log.pivot_table(index=by, columns="kind", values=c.HOURS, aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(columns=list(KINDS), fill_value=0.0).astype(float)
    out = pd.DataFrame({by: wide.index.to_numpy(), "hours": wide.sum(axis=1).to_numpy()})
    for kind in KINDS:
        out[f"{kind}_hours"] = wide[kind].to_numpy()
    for kind in KINDS:
        out[f"{kind}_share"] = out[f"{kind}_hours"] / out["hours"].where(out["hours"] > 0)
    out["rank"] = out["direct_share"].rank(ascending=False, method="min").astype("Int64")
    out = out.sort_values(["rank", by], kind="stable").reset_index(drop=True)
    return _add_team(out, reps) if by == c.OWNER else out


def direct_share(time_log: pd.DataFrame | None, *, categories: Sequence[TimeCategory]) -> float | None:
    """Direct selling hours / all hours logged; None without a time log.

    >>> from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
    >>> log = pd.DataFrame({"owner": ["R1", "R1"], "period": pd.to_datetime(["2025-03-03"] * 2),
    ...                     "category": ["selling_calls", "travel"], "hours": [1.0, 7.0]})
    >>> direct_share(log, categories=CATS)
    0.125
    """
    if time_log is None or time_log.empty:
        return None
    log = _with_kind(time_log, categories)
    return rules.ratio(log.loc[log["kind"].eq("direct"), c.HOURS].sum(), log[c.HOURS].sum())


def benchmark_comparison(shares: pd.DataFrame, *, markers: Mapping[str, float] = BENCHMARKS) -> pd.DataFrame:
    """How reps' direct selling shares compare with the benchmark markers.

    ``shares`` is :func:`selling_shares` output. Returns one row per marker: ``marker``, ``share``,
    ``reps_below`` (reps whose direct share is under it) and ``reps_below_share``.

    >>> shares = pd.DataFrame({"direct_share": [0.08, 0.13, 0.25]})
    >>> benchmark_comparison(shares)[["marker", "reps_below"]].to_dict("list")
    {'marker': ['case_before', 'case_after'], 'reps_below': [1, 2]}
    """
    values = shares["direct_share"].dropna()
    rows = [{"marker": name, "share": float(share), "reps_below": int((values < share).sum()),
             "reps_below_share": rules.ratio((values < share).sum(), len(values))} for name, share in markers.items()]
    return pd.DataFrame(rows)


# --- the offload what-if --------------------------------------------------------------------------------


def default_moves(categories: Sequence[TimeCategory], *, share: float = 0.5) -> dict[str, float]:
    """Every category flagged ``offloadable`` in the config, moved at ``share``.

    >>> from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
    >>> default_moves(CATS, share=0.5)
    {'visit_planning': 0.5, 'proposal_prep': 0.5, 'order_entry': 0.5, 'invoice_contract': 0.5, 'admin_training': 0.5}
    """
    return {cat.name: float(share) for cat in categories if cat.offloadable}


def _check_moves(moved: Mapping[str, float], categories: Sequence[TimeCategory]) -> dict[str, float]:
    cats = _category_map(categories)
    movable = [n for n, cat in cats.items() if cat.kind != "direct"]
    out = {}
    for name, share in moved.items():
        if name not in cats:
            raise ValueError(f"offload category {name!r} is not in time_categories (client.yaml); "
                             f"must be one of {', '.join(movable)}")
        if cats[name].kind == "direct":
            raise ValueError(f"category {name!r} is direct selling and cannot be offloaded; "
                             f"must be one of {', '.join(movable)}")
        if not 0 <= share <= 1:
            raise ValueError(f"offload share of {name!r} must be between 0 and 1, got {share}")
        out[name] = float(share)
    return out


def offload_by_rep(time_log: pd.DataFrame, *, categories: Sequence[TimeCategory], moved: Mapping[str, float],
                   reps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each rep before and after moving ``moved`` (category -> share of its hours) to support staff.

    The freed hours go to direct selling; the rep's total hours stay the same.
    Returns ``owner`` (+ ``team``), ``hours``, ``direct_hours``, ``offload_hours``, ``direct_share``,
    ``after_offload_share`` and ``capacity_gain`` (after / before - 1; NaN for a rep who logged no
    direct selling), sorted by ``direct_share``.

    >>> from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
    >>> log = pd.DataFrame({"owner": ["R1", "R1"], "period": pd.to_datetime(["2025-03-03"] * 2),
    ...                     "category": ["customer_meeting", "order_entry"], "hours": [10.0, 30.0]})
    >>> offload_by_rep(log, categories=CATS, moved={"order_entry": 0.5})[["after_offload_share", "capacity_gain"]]
       after_offload_share  capacity_gain
    0                0.625            1.5
    """
    moves = _check_moves(moved, categories)
    log = _with_kind(time_log, categories)
    moved_hours = log[c.HOURS] * log[c.CATEGORY].map(moves).astype(float).fillna(0.0)
    direct = log[c.HOURS].where(log["kind"].eq("direct"), 0.0)
    per = pd.DataFrame({c.OWNER: log[c.OWNER], "hours": log[c.HOURS], "direct_hours": direct,
                        "offload_hours": moved_hours}).groupby(c.OWNER, sort=True).sum().reset_index()
    hours = per["hours"].where(per["hours"] > 0)
    per["direct_share"] = per["direct_hours"] / hours
    per["after_offload_share"] = (per["direct_hours"] + per["offload_hours"]) / hours
    per["capacity_gain"] = per["offload_hours"] / per["direct_hours"].where(per["direct_hours"] > 0)
    per = per.sort_values(["direct_share", c.OWNER], kind="stable").reset_index(drop=True)
    return _add_team(per, reps)


def _period_days(periods: pd.Series) -> float:
    """Length of one logged period in days: the median gap between distinct periods (a week if only one)."""
    distinct = np.sort(periods.dropna().unique())
    if len(distinct) < 2:
        return float(DEFAULT_PERIOD_DAYS)
    gaps = np.diff(distinct).astype("timedelta64[s]").astype(float) / 86_400
    return float(np.median(gaps))


def _logged_days(time_log: pd.DataFrame) -> float:
    return _period_days(time_log[c.PERIOD]) * time_log[c.PERIOD].nunique()


def revenue_per_selling_hour(opportunities: pd.DataFrame | None, time_log: pd.DataFrame | None, *,
                             categories: Sequence[TimeCategory], start=None, end=None) -> float | None:
    """Won revenue per direct selling hour, or None when either table (or a won deal) is missing.

    Revenue per day comes from won deals closed in ``[start, end]`` (default: the span of their close
    dates) whose owner logged time; selling hours per day from the time log's span. The freed hours are
    valued at this average rate: an assumption worth stating, since a new selling hour may sell less.

    >>> from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
    >>> log = pd.DataFrame({"owner": ["R1", "R1"], "period": pd.to_datetime(["2025-03-03", "2025-03-10"]),
    ...                     "category": ["customer_meeting"] * 2, "hours": [7.0, 7.0]})
    >>> opps = pd.DataFrame({"owner": ["R1"], "status": ["won"], "amount": [3650.0],
    ...                      "close_date": pd.to_datetime(["2025-06-01"])})
    >>> revenue_per_selling_hour(opps, log, categories=CATS, start="2025-01-01", end="2025-12-31")
    10.0
    """
    if time_log is None or opportunities is None or time_log.empty:
        return None
    if not {c.STATUS, c.AMOUNT, c.CLOSE_DATE} <= set(opportunities.columns):
        return None
    won = opportunities[opportunities[c.STATUS].eq("won").fillna(False).to_numpy(dtype=bool)]
    won = won[won[c.CLOSE_DATE].notna() & won[c.AMOUNT].notna()]
    owners = won[c.OWNER].isin(list(time_log[c.OWNER].dropna().unique())) if c.OWNER in won else None
    if owners is not None and owners.any():
        won = won[owners.to_numpy(dtype=bool)]
    start = pd.Timestamp(start) if start is not None else (won[c.CLOSE_DATE].min() if len(won) else None)
    end = pd.Timestamp(end) if end is not None else (won[c.CLOSE_DATE].max() if len(won) else None)
    if start is None or pd.isna(start):
        return None
    won = won[(won[c.CLOSE_DATE] >= start) & (won[c.CLOSE_DATE] <= end)]
    if won.empty:
        return None
    revenue_per_day = won[c.AMOUNT].sum() / ((end - start).days + 1)
    log = _with_kind(time_log, categories)
    selling_per_day = log.loc[log["kind"].eq("direct"), c.HOURS].sum() / _logged_days(log)
    return rules.ratio(revenue_per_day, selling_per_day)


def offload_summary(time_log: pd.DataFrame | None, *, categories: Sequence[TimeCategory],
                    moved: Mapping[str, float], support_hourly_cost: float,
                    revenue_per_hour: float | None = None, per_rep: pd.DataFrame | None = None) -> dict:
    """The offload what-if for the whole sales force (or the reps in ``time_log``).

    Returns a dict: ``reps``, ``weeks`` (span of the log), ``hours``, ``direct_hours``,
    ``direct_share``, ``offload_hours`` (hours support staff take over in the logged span),
    ``offload_hours_per_week``, ``offload_cost`` (= offload_hours x ``support_hourly_cost``),
    ``after_offload_share``, ``capacity_gain`` (after / before - 1), ``equivalent_sellers``
    (freed hours / direct hours of an average rep), ``support_fte`` (support hours per week / hours an
    average rep logs a week), ``revenue_per_selling_hour`` and ``freed_value`` (freed hours x that rate,
    None when the rate is unknown). Every value is None without a time log. ``per_rep`` is
    :func:`offload_by_rep` of the same log and moves when the caller has it already (a live control).
    """
    keys = ("reps", "weeks", "hours", "direct_hours", "direct_share", "offload_hours", "offload_hours_per_week",
            "offload_cost", "after_offload_share", "capacity_gain", "equivalent_sellers", "support_fte",
            "revenue_per_selling_hour", "freed_value")
    if time_log is None or time_log.empty:
        _check_moves(moved, categories)
        return dict.fromkeys(keys)
    per = offload_by_rep(time_log, categories=categories, moved=moved) if per_rep is None else per_rep
    reps, hours = len(per), float(per["hours"].sum())
    direct, freed = float(per["direct_hours"].sum()), float(per["offload_hours"].sum())
    weeks = _logged_days(time_log) / 7
    per_rep_direct = direct / reps if reps else 0.0
    per_rep_week = hours / reps / weeks if reps and weeks else 0.0
    return {
        "reps": reps, "weeks": weeks, "hours": hours, "direct_hours": direct,
        "direct_share": rules.ratio(direct, hours), "offload_hours": freed, "offload_hours_per_week": freed / weeks,
        "offload_cost": freed * float(support_hourly_cost), "after_offload_share": rules.ratio(direct + freed, hours),
        "capacity_gain": rules.ratio(freed, direct), "equivalent_sellers": rules.ratio(freed, per_rep_direct),
        "support_fte": rules.ratio(freed / weeks, per_rep_week),
        "revenue_per_selling_hour": revenue_per_hour,
        "freed_value": None if revenue_per_hour is None else freed * revenue_per_hour,
    }


# --- planned vs free calls ------------------------------------------------------------------------------


def planned_calls(activities: pd.DataFrame, *, reps: pd.DataFrame | None = None,
                  target: float = PLANNED_TARGET) -> pd.DataFrame:
    """Planned share of each rep's contacts against the 60/40 rule.

    Activities without a ``planned`` value are left out. Returns ``owner`` (+ ``team``),
    ``contacts``, ``planned``, ``planned_share`` and ``gap`` (planned_share - ``target``), sorted by share.

    >>> acts = pd.DataFrame({"owner": ["R1", "R1", "R2"], "planned": pd.array([True, False, None], "boolean")})
    >>> planned_calls(acts)[["owner", "contacts", "planned_share"]].to_dict("list")
    {'owner': ['R1'], 'contacts': [2], 'planned_share': [0.5]}
    """
    known = activities[activities[c.PLANNED].notna().to_numpy(dtype=bool)]
    flag = known[c.PLANNED].astype(bool).astype(int)
    out = flag.groupby(known[c.OWNER]).agg(contacts="size", planned="sum").reset_index()
    out["planned_share"] = out["planned"] / out["contacts"]
    out["gap"] = out["planned_share"] - target
    out = out.sort_values(["planned_share", c.OWNER], kind="stable").reset_index(drop=True)
    return _add_team(out, reps)


def planned_share(activities: pd.DataFrame | None) -> float | None:
    """Planned contacts / contacts with a known planned flag; None when there is none.

    >>> planned_share(pd.DataFrame({"planned": pd.array([True, True, False, None], "boolean")}))
    0.6666666666666666
    """
    if activities is None or c.PLANNED not in activities:
        return None
    known = activities[c.PLANNED].dropna()
    return rules.ratio(known.astype(bool).sum(), len(known))
