"""The funnel's leaks, each valued on the one scale of every action: the additional won revenue expected in the
next 12 months, from the client's own rates, with conservative stated assumptions (half a gap closed), capped
by the leads and deals that exist. :func:`like_for_like` compares each lead source with sources of its own
kind before any source is called weak; :func:`leaks` sizes every leak with the arithmetic behind it.

Past revenue is never a value: overdue cash is cash, not new revenue (value 0, the amount in its sentence);
the stuck deals' and the incomplete late deals' weighted amounts are already in the forecast (value 0).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.result import Code, Count, Days, Money, Name, Number, Rate, Text
from workbook.funnel.journey import source_table

WORKABLE_DAYS = 90  # a lead left this long without follow-up has mostly gone elsewhere: not sized as revenue
SHARE_CLOSED = rules.GAP_SHARE  # the share of a gap to its benchmark an action is assumed to close (conservative)
START_MONTHS = 1  # an action on the leads that arrive (follow-up, a screen) works from its first month
RAMP_MONTHS = 2  # new leads (more inflow, spend moved between sources) start arriving after about 60 days
RATE_GROWTH = 2.0  # a source's lead-to-win rate at most doubles in 12 months, whatever its gap to its peers
MARKETING_SCENE = "marketing"  # the lead scene the head of marketing produces leads in
MIN_LEADS = 20  # leads a source needs before it is compared
DAYS_PER_MONTH = 365.25 / 12
TEST_SHARE = 0.1  # the share of the lowest-return sources' quarterly spend moved as a 90-day test
MIN_GAP = 0.02  # a source converts below its like-for-like peers only when at least 2 points below
LEAK_SHEETS = {  # the appendix list each leak's action points to
    "unused_leads": "funnel_rotting_leads", "weak_step": None, "funnel_mouth": None, "weak_source": "funnel_sources",
    "source_spend": "funnel_sources",
    "late_engagement": None, "uncollected_cash": "funnel_overdue", "stalled_deals": "funnel_stuck_deals",
    "late_stage_leads": "funnel_still_leads",
}
LEAK_OWNERS = {  # who acts on each leak (act.funnel.who.<code>)
    "unused_leads": "sales", "weak_step": "sales", "funnel_mouth": "marketing", "weak_source": "marketing",
    "source_spend": "marketing",
    "late_engagement": "sales", "uncollected_cash": "finance", "stalled_deals": "sales",
    "late_stage_leads": "sales",
}
LEAK_SECTIONS = {  # the section whose numbers support each leak's action
    "unused_leads": "utilisation", "weak_step": "reps", "funnel_mouth": "mouth", "weak_source": "sources",
    "source_spend": "sources",
    "late_engagement": "tender", "uncollected_cash": "collections", "stalled_deals": "cycle",
    "late_stage_leads": "checklist",
}
LEAK_POOLS = {  # what each value draws on: actions on one pool overlap (the prize counts the largest); working
    # the unworked leads takes the sellers' hours as well as the leads; more leads and spend moved between sources
    # add leads the company does not have yet
    "unused_leads": "leads+time", "weak_step": "pipeline", "funnel_mouth": "new_leads", "weak_source": "leads",
    "source_spend": "new_leads",
    "late_engagement": "pipeline", "uncollected_cash": "cash", "stalled_deals": "pipeline",
    "late_stage_leads": "data",
}
LEAK_DAYS = {  # when the action's KPI should move
    "unused_leads": 30, "weak_step": 90, "funnel_mouth": 60, "weak_source": 90, "late_engagement": 90,
    "source_spend": 90,
    "uncollected_cash": 30, "stalled_deals": 30, "late_stage_leads": 30,
}
COLUMNS = ["leak", "leads", "money", "sheet", "fields", "basis", "step", "kpi", "low", "high", "problem", "text",
           "pool"]


def points(a, b) -> float:
    """``a - b`` in percentage points as the two rates read on the page (one decimal each), so a difference
    stated beside its rates is their difference: 37.2% against 32.4% is 4.8 points, not 4.9.

    >>> points(0.37249, 0.32351), round(100 * (0.37249 - 0.32351), 1)
    (4.8, 4.9)
    """
    return round(float(f"{float(a):.1%}"[:-1]) - float(f"{float(b):.1%}"[:-1]), 1)


# --------------------------------------------------------------------------- like-for-like sources

def lead_segments(journey: pd.DataFrame, first_won: pd.Series | None) -> pd.Series | None:
    """``existing`` for a lead whose customer had a won deal before the lead was created, else ``new``; None when
    the data cannot tell (no customer on the leads, no first wins).

    >>> j = pd.DataFrame({"customer_id": ["C1", "C1", "C2", None],
    ...                   "created_date": pd.to_datetime(["2024-01-01", "2025-01-01", "2025-01-01", "2025-01-01"])})
    >>> lead_segments(j, pd.Series(pd.to_datetime(["2024-06-01"]), index=["C1"])).tolist()
    ['new', 'existing', 'new', 'new']
    """
    if first_won is None or not len(first_won) or not rules.has(journey, c.CUSTOMER_ID, c.CREATED_DATE):
        return None
    codes, uniques = pd.factorize(journey[c.CUSTOMER_ID], use_na_sentinel=True)  # each customer looked up once
    found = pd.to_datetime(pd.Series(np.asarray(uniques, dtype=object)).map(first_won)).to_numpy(dtype="M8[ns]")
    first = np.append(found, np.datetime64("NaT", "ns"))[np.where(codes >= 0, codes, len(found))]
    existing = rules.as_bool(pd.Series(first, index=journey.index) < journey[c.CREATED_DATE])
    return pd.Series(np.array(["new", "existing"], dtype=object)[existing.astype(np.int64)], index=journey.index,
                     dtype=object)


def _lead_cells(source: pd.Series, won: np.ndarray, kind: pd.Series | None, segment: pd.Series | None, *,
                by: str) -> pd.DataFrame:
    """The leads with a source counted by (source, kind, segment): ``n`` leads and ``w`` of them won, one row per
    combination present, sorted. Each column is factorised once and the cells counted by ``bincount``."""
    columns = [pd.Series(source).reset_index(drop=True),
               pd.Series("all", index=range(len(source))) if kind is None else kind.reset_index(drop=True),
               pd.Series("all", index=range(len(source))) if segment is None else segment.reset_index(drop=True)]
    codes, names = zip(*(pd.factorize(col, use_na_sentinel=True) for col in columns), strict=True)
    keep = codes[0] >= 0
    sizes = [len(values) for values in names]
    cell = np.ravel_multi_index([code[keep] for code in codes], sizes) if all(sizes) else np.zeros(0, np.int64)
    n = np.bincount(cell, minlength=int(np.prod(sizes)))
    w = np.bincount(cell, weights=won[keep], minlength=int(np.prod(sizes)))
    present = np.flatnonzero(n)
    at = np.unravel_index(present, sizes)
    out = pd.DataFrame({key: np.asarray(values, dtype=object)[pos]
                        for key, values, pos in zip((by, "kind", "segment"), names, at, strict=True)})
    out["n"], out["w"] = n[present].astype(np.int64), w[present]
    return out.sort_values([by, "kind", "segment"], kind="stable").reset_index(drop=True)


def like_for_like(journey: pd.DataFrame, *, first_won: pd.Series | None = None, by: str = c.SOURCE
                  ) -> pd.DataFrame | None:
    """The source table (:func:`~workbook.funnel.journey.source_table`) with each source's like-for-like benchmark.

    A source's peers are the other sources of its source type (active / passive; every other source when the
    type is not given). Where the data tell which leads come from existing customers (:func:`lead_segments`),
    the peers' lead-to-win rate is taken per segment (new, existing) and weighted by the source's own mix, so
    a source of new-customer leads is not measured against old customers' repeat orders.

    Adds ``source_type`` (the source's type), ``existing_share`` (its leads from existing customers; NaN when
    unknown), ``benchmark_rate`` (the peers' rate on the source's mix; NaN without peers) and ``gap``
    (benchmark - own lead-to-win rate, > 0 when the source converts below its peers) and ``peer_leads`` (the peers'
    leads, the n behind the benchmark). None without outcomes.

    >>> j = pd.DataFrame({"source": ["web"] * 4 + ["fair"] * 4 + ["old"] * 2,
    ...                   "source_type": ["passive"] * 10, "won": [1, 0, 0, 0, 1, 1, 0, 0, 1, 1]}).astype(
    ...                   {"won": bool})
    >>> t = like_for_like(j).set_index("source")
    >>> round(float(t.loc["web", "benchmark_rate"]), 4), round(float(t.loc["web", "gap"]), 4)  # fair + old: 4 of 6
    (0.6667, 0.4167)
    """
    if "won" not in journey or not rules.has(journey, by):
        return None
    table = source_table(journey, by=by)
    kind = journey[c.SOURCE_TYPE].astype(object) if rules.has(journey, c.SOURCE_TYPE) else None
    segment = lead_segments(journey, first_won)
    frame = _lead_cells(journey[by], journey["won"].to_numpy(dtype=float),
                        None if kind is None else kind.fillna("all"), segment, by=by)
    # a source's type: its most common one (the first in sort order on a tie)
    types = frame.sort_values(["n", "kind"], ascending=[False, True], kind="stable").groupby(by)["kind"].first()
    cells = frame.groupby([by, "segment"]).agg(n=("n", "sum"), w=("w", "sum")).reset_index()
    cells["kind"] = cells[by].map(types)
    # the peers of a cell: every lead of the same kind and segment (every kind for "all") minus the source's own
    pool = cells.groupby(["kind", "segment"])[["n", "w"]].sum()
    every = cells.groupby("segment")[["n", "w"]].sum()
    same = np.array([pool.loc[(k, g)].to_numpy() if k != "all" else every.loc[g].to_numpy()
                     for k, g in zip(cells["kind"], cells["segment"], strict=True)], dtype=float).reshape(-1, 2)
    peer_n, peer_w = same[:, 0] - cells["n"].to_numpy(float), same[:, 1] - cells["w"].to_numpy(float)
    cells["peer_rate"] = rules.ratio(peer_w, peer_n)
    # a segment where the source has no peer falls back on the peers of all its segments together
    whole = cells.groupby(by)[["n", "w"]].sum()
    kind_all = cells.groupby("kind")[["n", "w"]].sum()
    fallback = {}
    for source, row in whole.iterrows():
        k = types[source]
        total = every.sum() if k == "all" else kind_all.loc[k]
        fallback[source] = rules.ratio(float(total["w"] - row["w"]), float(total["n"] - row["n"]))
    cells["peer_rate"] = cells["peer_rate"].fillna(cells[by].map(fallback))
    weighted = (cells["peer_rate"] * cells["n"]).groupby(cells[by]).sum(min_count=1)
    known = cells["n"].where(cells["peer_rate"].notna()).groupby(cells[by]).sum()
    bench = rules.ratio(weighted, known)
    existing = cells[cells["segment"].eq("existing")].groupby(by)["n"].sum()
    table["source_type"] = table[by].map(types).replace("all", None) if kind is not None else None
    table["existing_share"] = (rules.ratio(table[by].map(existing).fillna(0).to_numpy(float),
                                           table["leads"].to_numpy(float)) if segment is not None else np.nan)
    table["benchmark_rate"] = table[by].map(pd.Series(bench, index=weighted.index)).astype(float)
    table["gap"] = table["benchmark_rate"] - table["lead_to_win_rate"]
    own = frame.groupby(by)["n"].sum()
    same_kind = frame.groupby("kind")["n"].sum()
    total = int(frame["n"].sum())
    peer_leads = {source: int((total if types[source] == "all" else same_kind[types[source]]) - n)
                  for source, n in own.items()}
    table["peer_leads"] = table[by].map(peer_leads)  # the n behind the benchmark
    return table


def median_return(sources: pd.DataFrame | None) -> float | None:
    """The median won revenue per unit of acquisition cost over the sources with a cost (None without costs).

    >>> median_return(pd.DataFrame({"cost": [10.0, 0.0, 5.0], "revenue_per_cost": [3.0, np.nan, 31.0]}))
    17.0
    """
    if sources is None or "revenue_per_cost" not in sources or "cost" not in sources:
        return None
    costed = sources.loc[(sources["cost"] > 0).to_numpy(bool), "revenue_per_cost"].dropna()
    return float(costed.median()) if len(costed) else None


def weak_source(sources: pd.DataFrame | None, *, min_leads: int = MIN_LEADS, besides=()) -> pd.Series | None:
    """The source to screen: clearly below its like-for-like benchmark (by :data:`MIN_GAP` or more) and, where
    costs are known, at or below the median return on cost (a source above the median is never called weak); the
    largest gap x leads first.

    >>> s = pd.DataFrame({"source": ["web", "fair"], "leads": [500, 100], "gap": [0.05, 0.02],
    ...                   "cost": [1.0, 1.0], "revenue_per_cost": [50.0, 2.0]})
    >>> weak_source(s)["source"]  # the web converts worse but returns 50 per unit of cost: above the median
    'fair'
    """
    if sources is None or "gap" not in sources:
        return None
    median = median_return(sources)
    weak = sources[(sources["gap"] >= MIN_GAP).to_numpy(bool) & (sources["leads"] >= min_leads).to_numpy(bool)
                   & ~sources[c.SOURCE].isin(list(besides)).to_numpy(bool)]  # ``besides``: spend moved away instead
    if median is not None:
        weak = weak[~(weak["revenue_per_cost"] > median).to_numpy(bool)]
    if not len(weak):
        return None
    return weak.loc[(weak["gap"] * weak["leads"]).idxmax()]


def worst_sources(sources: pd.DataFrame | None, *, min_leads: int = MIN_LEADS) -> pd.DataFrame | None:
    """The sources to take spend from: a cost, below half the median return on cost and converting clearly below
    their like-for-like peers (gap at least :data:`MIN_GAP`); the lowest return first. None without costs or when
    no source is that bad.

    >>> s = pd.DataFrame({"source": ["fair", "events", "web", "ref"], "leads": [100] * 4, "cost": [9.0] * 4,
    ...                   "revenue_per_cost": [12.0, 8.0, 31.0, 259.0], "gap": [0.001, 0.12, 0.05, -0.05]})
    >>> worst_sources(s)["source"].tolist()  # median 21.5: below 10.75 and below their peers
    ['events']
    """
    median = median_return(sources)
    if median is None or "gap" not in sources:
        return None
    costed = sources[(sources["cost"] > 0).to_numpy(bool) & (sources["leads"] >= min_leads).to_numpy(bool)]
    worst = costed[(costed["revenue_per_cost"] < median / 2).to_numpy(bool) & (costed["gap"] >= MIN_GAP).to_numpy(bool)]
    return worst.sort_values("revenue_per_cost", kind="stable") if len(worst) else None


def reallocation_return(worst: pd.DataFrame) -> float | None:
    """The won revenue per unit of acquisition cost of a group of sources together (cost-weighted).

    >>> reallocation_return(pd.DataFrame({"cost": [1.0, 3.0], "revenue_per_cost": [10.0, 2.0]}))
    4.0
    """
    return rules.ratio(float((worst["revenue_per_cost"] * worst["cost"]).sum()), float(worst["cost"].sum()))


def best_sources(sources: pd.DataFrame, *, n: int = 3, min_leads: int = MIN_LEADS) -> pd.DataFrame:
    """The ``n`` sources with a cost and the highest won revenue per unit of it: where moved spend goes.

    >>> s = pd.DataFrame({"source": ["a", "b", "c"], "leads": [100] * 3, "cost": [1.0, 0.0, 1.0],
    ...                   "revenue_per_cost": [5.0, np.nan, 9.0]})
    >>> best_sources(s, n=1)["source"].tolist()
    ['c']
    """
    costed = sources[(sources["cost"] > 0).to_numpy(bool) & (sources["leads"] >= min_leads).to_numpy(bool)]
    return costed.sort_values("revenue_per_cost", ascending=False, kind="stable").head(n)


def reallocation(sources: pd.DataFrame | None, *, year: float, months: float) -> dict | None:
    """Spend moved from the worst sources (:func:`worst_sources`) to the best (:func:`best_sources`), valued in
    wins; None when there is nothing to move.

    Conservative and stated: half the worst sources' spend a year is moved, capped at what lifts the best
    sources' leads by half again their own volume (half their spend, at their cost per lead); the new leads win
    halfway between the two groups' lead-to-win rates (half the gap: extra leads are rarely as good as the
    first), less the wins of the leads no longer bought; only the months in which a lead that starts arriving
    after :data:`RAMP_MONTHS` can still be won count (``months`` of 12). ``wins`` = the net extra wins.

    >>> s = pd.DataFrame({"source": ["bad", "good", "mid"], "leads": [1000] * 3, "won": [10, 100, 50],
    ...                   "cost": [10_000.0, 1_000.0, 1_000.0], "revenue_per_cost": [1.0, 100.0, 30.0],
    ...                   "gap": [0.05, -0.05, 0.0]})
    >>> r = reallocation(s, year=1.0, months=6.0)  # moved min(5,000, 1,000); 1,000 new leads, 100 no longer bought
    >>> r["moved"], r["new_leads"], r["lost_leads"], round(r["wins"], 2)  # (1,000 x 4.25% - 100 x 1%) x 6/12
    (1000.0, 1000.0, 100.0, 20.75)
    """
    worst = worst_sources(sources)
    if worst is None:
        return None
    best = best_sources(sources[~sources[c.SOURCE].isin(worst[c.SOURCE])])
    if not len(best) or not best["leads"].sum():
        return None
    cost_w, leads_w, won_w = (float(worst[k].sum()) * year for k in ("cost", "leads", "won"))
    cost_b, leads_b, won_b = (float(best[k].sum()) * year for k in ("cost", "leads", "won"))
    rate_w, rate_b = won_w / leads_w, won_b / leads_b
    moved = min(SHARE_CLOSED * cost_w, SHARE_CLOSED * cost_b)  # the cap: half again the best sources' leads
    new_leads = moved / (cost_b / leads_b)
    lost_leads = moved / (cost_w / leads_w)
    new_rate = rate_w + SHARE_CLOSED * (rate_b - rate_w)
    wins = (new_leads * new_rate - lost_leads * rate_w) * months / 12
    return {"worst": worst, "best": best, "spend": cost_w, "moved": moved, "new_leads": new_leads,
            "lost_leads": lost_leads, "rate_worst": rate_w, "rate_best": rate_b, "new_rate": new_rate,
            "months": months, "wins": max(wins, 0.0), "return_worst": reallocation_return(worst)}


def followup_value(journey: pd.DataFrame | None, *, as_of=None, rotting: pd.DataFrame | None = None,
                   lag_days: float | None = None, avg: float = 0.0) -> pd.DataFrame | None:
    """Following up the unworked leads, valued per lead source: each source's followed-up leads' win rate against
    its never-followed ones' (a source whose followed-up leads win little adds little), half that gap counted
    (the better leads get followed first).

    Per source: ``recent`` (the backlog: the :data:`WORKABLE_DAYS` newest of ``rotting``), ``unworked_year`` (the
    leads of the 12 months up to ``as_of`` never followed up, all of them without a date: the next 12 months'
    unworked inflow), ``leads`` = recent + unworked_year x the months after :data:`START_MONTHS` and the median
    lead-to-win (``lag_days``) in which a lead can still be won / 12, ``gap`` (followed-up - never-followed rate, at
    least 0), ``wins`` = leads x half the gap and ``money`` = wins x ``avg``; the most wins first. One row
    ``all`` without sources. The time chapter caps its follow-up offload with it. None without follow-up and
    outcomes.

    >>> j = pd.DataFrame({"source": ["web"] * 4 + ["fair"] * 4, "followed_up": [True, True, False, False] * 2,
    ...                   "won": [True, False, False, False, True, True, False, False]})
    >>> t = followup_value(j, avg=100.0).set_index("source")  # no lag: 11 of 12 months; web 2 x 11/12 x 25%
    >>> round(float(t.loc["web", "wins"]), 4), round(float(t.loc["fair", "money"]), 2)  # fair 2 x 11/12 x 50% x 100
    (0.4583, 91.67)
    """
    if journey is None or not len(journey) or not rules.has(journey, "followed_up", "won"):
        return None
    followed = journey["followed_up"].to_numpy(dtype=bool)
    if not followed.any():
        return None
    won = journey["won"].to_numpy(dtype=bool)
    has_source = c.SOURCE in journey and journey[c.SOURCE].notna().any()
    source = (journey[c.SOURCE].astype(object).fillna("—").astype(str).to_numpy() if has_source
              else np.full(len(journey), "all", dtype=object))
    unworked = ~followed
    if as_of is not None and rules.has(journey, c.CREATED_DATE):
        start, end = rules.twelve_months(as_of)
        dates = journey[c.CREATED_DATE]
        unworked &= (dates.ge(start) & dates.le(end)).to_numpy(dtype=bool, na_value=False)
    frame = pd.DataFrame({c.SOURCE: source, "f": followed.astype(float), "fw": (followed & won).astype(float),
                          "n": (~followed).astype(float), "nw": (~followed & won).astype(float),
                          "u": unworked.astype(float)})
    t = frame.groupby(c.SOURCE, sort=True).sum()
    t.columns = ["followed", "followed_won", "never", "never_won", "unworked_year"]
    t = t.astype(int)
    t["followed_rate"] = rules.ratio(t["followed_won"].to_numpy(float), t["followed"].to_numpy(float))
    t["never_rate"] = rules.ratio(t["never_won"].to_numpy(float), t["never"].to_numpy(float))
    t["gap"] = (t["followed_rate"] - t["never_rate"].fillna(0.0)).clip(lower=0.0).fillna(0.0)
    recent = pd.Series(0, index=t.index, dtype=float)
    if rotting is not None and len(rotting):
        fresh = rotting if "age_days" not in rotting else rotting[rotting["age_days"] <= WORKABLE_DAYS]
        if has_source and c.SOURCE in fresh:
            counts = fresh[c.SOURCE].astype(object).fillna("—").astype(str).value_counts()
            recent = counts.reindex(t.index, fill_value=0).astype(float)
        elif has_source:  # the backlog's sources unknown: shared as the unworked leads are
            share = rules.ratio(t["unworked_year"].to_numpy(float), float(t["unworked_year"].sum()))
            recent = pd.Series(np.nan_to_num(share) * len(fresh), index=t.index)
        else:
            recent = pd.Series(float(len(fresh)), index=t.index)
    months = max(12 - START_MONTHS - (lag_days or 0.0) / DAYS_PER_MONTH, 0.0)
    t["recent"] = recent.to_numpy()
    t["months"] = months
    t["leads"] = t["recent"] + t["unworked_year"] / 12 * months
    t["wins"] = t["leads"] * SHARE_CLOSED * t["gap"]
    t["money"] = t["wins"] * avg
    return t.reset_index().sort_values(["wins", c.SOURCE], ascending=[False, True], kind="stable").reset_index(
        drop=True)


def followup_test(journey: pd.DataFrame | None, reverse: dict | None, *, as_of=None,
                  rotting: pd.DataFrame | None = None) -> dict | None:
    """Would working the leads that arrive but go unworked cover the wins the revenue target needs?

    The wins are :func:`followup_value`'s, per source (each source at half its own gap between followed-up and
    never-followed leads, the backlog and the next 12 months' unworked inflow in the months a lead can still be
    won, the reverse funnel's lag): ``extra_wins``, the same wins the follow-up action is valued on. The overall
    rates are shown beside them. ``wins_needed``: the wins a year the target needs beyond today's inflow (the
    reverse funnel's monthly lead gap x 12 x its lead-to-win rate; 0 without a gap). ``covers`` (None without a
    gap) when the extra wins reach it; ``residual_per_month``: the monthly lead gap left after follow-up;
    ``by_source``: the per-source table. None without follow-up and outcomes.

    >>> j = pd.DataFrame({"followed_up": [True] * 10 + [False] * 10, "won": [True] * 2 + [False] * 18})
    >>> r = followup_test(j, {"gap_per_month": 1.0, "lead_to_win_rate": 0.1})
    >>> round(r["extra_wins"], 4), round(r["wins_needed"], 2), r["covers"]  # 10 x 11/12 x half of 20%; 1 x 12 x 10%
    (0.9167, 1.2, False)
    """
    reverse = reverse or {}
    table = followup_value(journey, as_of=as_of, rotting=rotting, lag_days=reverse.get("lag_days"))
    if table is None:
        return None
    n_f, w_f = int(table["followed"].sum()), int(table["followed_won"].sum())
    n_n, w_n = int(table["never"].sum()), int(table["never_won"].sum())
    rate_f, rate_n = w_f / n_f, (w_n / n_n if n_n else 0.0)
    extra = float(table["wins"].sum())
    per_month, rate = reverse.get("gap_per_month"), reverse.get("lead_to_win_rate")
    needed = per_month * 12 * rate if per_month is not None and rate and per_month > 0 else 0.0
    covers = None if not needed else bool(extra >= needed)
    residual = 0.0 if not needed else per_month * max(1 - extra / needed, 0.0)
    return {"followed": n_f, "followed_won": w_f, "followed_rate": rate_f, "never": n_n, "never_won": w_n,
            "never_rate": rate_n, "gap": max(rate_f - rate_n, 0.0), "unworked_year": int(table["unworked_year"].sum()),
            "recent": int(round(float(table["recent"].sum()))), "months": float(table["months"].iloc[0]),
            "extra_wins": extra, "wins_needed": needed, "covers": covers, "residual_per_month": residual,
            "by_source": table}


def marketing_rate(journey: pd.DataFrame | None) -> dict | None:
    """The lead-to-win rate of the sources marketing produces leads from (scene ``marketing``), lead-weighted
    (their wins over their leads): the rate new leads from the head of marketing are valued at. None without
    scenes or outcomes.

    >>> marketing_rate(pd.DataFrame({"scene": ["marketing"] * 4 + ["sales"], "won": [True, False, False, False,
    ...                                                                             True]}))["rate"]
    0.25
    """
    if journey is None or not rules.has(journey, c.SCENE, "won"):
        return None
    mine = journey[c.SCENE].astype("string").eq(MARKETING_SCENE).to_numpy(dtype=bool, na_value=False)
    if not mine.any():
        return None
    won = int(journey.loc[mine, "won"].to_numpy(dtype=bool).sum())
    sources = sorted(journey.loc[mine, c.SOURCE].dropna().astype(str).unique()) if c.SOURCE in journey else []
    return {"rate": won / int(mine.sum()), "leads": int(mine.sum()), "won": won, "sources": sources}


def source_names(sources) -> Text | Name:
    """Two or three source names joined in a sentence (a single one as itself)."""
    names = [Name(str(x), vocab="source") for x in sources]
    text = names[0]
    for i, name in enumerate(names[1:], start=1):
        text = Text("act.funnel.names_last" if i == len(names) - 1 else "act.funnel.names_and", a=text, b=name)
    return text


# --------------------------------------------------------------------------- the leaks, valued

def _expected_amount(deals: pd.DataFrame | None, probabilities: dict[str, float]) -> float:
    """Sum of amount x stage probability over ``deals`` (0 without amounts)."""
    if deals is None or not len(deals) or c.AMOUNT not in deals:
        return 0.0
    return float((deals[c.AMOUNT].fillna(0) * deals[c.STAGE].map(probabilities).fillna(0)).sum())


def _year(d: dict) -> float:
    """12 / the months the leads span: what turns the period's counts into a year's (1 when unknown)."""
    months = d.get("lead_months")
    return 12 / months if months else 1.0


def leaks(d: dict, figures: dict, *, probabilities: dict[str, float] | None = None) -> pd.DataFrame:
    """The funnel's leaks, each valued as the additional won revenue of the next 12 months; the largest first.

    ``avg`` is the client's average won deal, ``year`` = 12 / the months the leads span (a period's count as a
    year's), half = :data:`SHARE_CLOSED`:

    - ``unused_leads`` (follow-up, :func:`followup_test`): the leads that would go unworked, at half the gap
      between the followed-up and the never-followed leads' win rates x avg: the backlog (the never-followed
      leads of the last :data:`WORKABLE_DAYS` days; older ones have mostly gone elsewhere) plus the next 12
      months' unworked inflow (the last 12 months' count) arriving in the months after :data:`START_MONTHS` in
      which a lead can still be won (12 - 1 - the median lead-to-win);
    - ``weak_step``: the step where the top 20% of reps differ most from the rest (the reps section's finding;
      not the follow-up, valued above): the other reps' trials at the step a year x half the gap (top rate - rest
      rate, the raw pooled rates shown) x the share of those passing who go on to win x avg;
    - ``funnel_mouth``: only the monthly inflow gap left once follow-up has done its part (none when follow-up
      covers the target's wins: no action): half of it x the months in which a new lead can still be won (12 -
      :data:`RAMP_MONTHS` - the median lead-to-win) x the marketing sources' own lead-to-win rate
      (:func:`marketing_rate`; the mature rate without scenes) x avg, capped by the target minus the last 12
      months' won revenue;
    - ``source_spend``: spend moved from the worst sources on return and like-for-like conversion to the best
      (:func:`reallocation`): the net extra wins x avg;
    - ``weak_source``: the source of :func:`weak_source` (not one spend is moved from): its leads a year x the
      smaller of half its gap to like-for-like sources and its own rate (a rate at most doubles in 12 months) x
      the months after :data:`START_MONTHS` in which a lead can still be won / 12 x avg;
    - ``late_engagement``: closed deals a year engaged after the tender x half (win rate before - after) x avg;
    - ``uncollected_cash``: won deals unpaid past the payment terms: cash, not revenue (value 0, the amount in
      the sentence);
    - ``stalled_deals``, ``late_stage_leads``: the stuck and really-still-leads lists; their stage-weighted amount
      is already in the forecast, so the value is 0 (the amount in the sentence).

    ``avg`` is the report's one average won deal (``d["avg_deal"]``: :func:`workbook.core.rules.average_won_deal`).
    Returns ``leak``, ``leads``, ``money`` (the value), ``sheet``, ``fields`` (the action sentence's numbers),
    ``basis``, ``step``, ``kpi`` and ``problem`` (texts), ``low``, ``high``, ``text`` (the action's catalogue key)
    and ``pool`` (what the value draws on: :data:`LEAK_POOLS`, the weak step's by its stage).

    >>> d = {"rotting": pd.DataFrame({"lead_id": ["L1", "L2"], "age_days": [10.0, 200.0]}), "journey": pd.DataFrame(
    ...     {"followed_up": [True, True, False, False], "won": [True, False, False, False]}),
    ...     "avg_deal": 100.0, "window_days": 7}
    >>> leaks(d, {})[["leak", "leads", "money"]].values.tolist()  # (1 recent + 2 a year x 11/12) x half of 50% x 100
    [['unused_leads', 3, 70.83333333333333]]
    """
    probabilities = probabilities or {}
    journey = d.get("journey")
    reverse = d.get("reverse") or {}
    avg = d.get("avg_deal") or reverse.get("avg_deal") or d.get("avg_won_amount") or 0.0
    year = _year(d)
    lag = (reverse.get("lag_days") or 0.0) / DAYS_PER_MONTH  # the median lead-to-win, in months
    rows: list[dict] = []
    pools = dict(LEAK_POOLS)

    def add(leak: str, leads: float, money: float, *, basis: Text, step: Text, kpi: Text, problem: Text,
            **fields) -> None:
        money = 0.0 if money is None or not np.isfinite(money) else float(money)
        leads = int(round(leads))
        rows.append({"leak": leak, "leads": leads, "money": money, "sheet": LEAK_SHEETS[leak],
                     "fields": {"leads": Count(leads), "money": Money(money), **fields}, "basis": basis,
                     "step": step, "kpi": kpi, "low": None, "high": None, "problem": problem,
                     "text": f"act.funnel.{leak}", "pool": pools[leak]})

    has_won = journey is not None and "won" in journey
    util = d.get("utilisation")
    within = None if util is None else float(util["within_window_share"].iloc[0])
    never = None if util is None else float(util["never_share"].iloc[0])
    rotting = d.get("rotting")
    follow = d.get("followup")
    if follow is None and has_won and "followed_up" in journey:
        follow = followup_test(journey, reverse, rotting=rotting)
    if rotting is not None and len(rotting) and follow is not None:
        table = follow["by_source"]
        wins = follow["extra_wins"]
        money = wins * avg
        top = table[table["wins"] > 0].head(3)
        parts = [Text("basis.funnel.unused_source", source=Name(src_name, vocab="source"), leads=Count(leads),
                      gap=Number(100 * gap), wins=Count(w))
                 for src_name, leads, gap, w in zip(top[c.SOURCE], top["leads"], top["gap"], top["wins"], strict=True)]
        listed = parts[0] if parts else ()
        for part in parts[1:]:
            listed = Text("act.funnel.names_and", a=listed, b=part)
        by = (Text("basis.funnel.unused_by_source", parts=listed, more=Count(len(table) - len(top)))
              if len(table) > len(top) else Text("basis.funnel.unused_one", parts=listed))
        rates = dict(rate=Rate(follow["followed_rate"]), n=Count(follow["followed"]), won=Count(follow["followed_won"]),
                     never=Rate(follow["never_rate"]), n_never=Count(follow["never"]))
        add("unused_leads", float(table["leads"].sum()), money, window=Days(d.get("window_days")),
            recent=Count(follow["recent"]), days=Days(WORKABLE_DAYS), year_leads=Count(follow["unworked_year"]),
            wins=Count(wins), **rates,
            basis=Text("basis.funnel.unused_leads", recent=Count(follow["recent"]), days=Days(WORKABLE_DAYS),
                       year_leads=Count(follow["unworked_year"]), months=Number(follow["months"]), by=by,
                       wins=Count(wins), avg=Money(avg), money=Money(money)),
            step=Text("step.funnel.unused_leads", recent=Count(follow["recent"]), days=Days(WORKABLE_DAYS)),
            kpi=Text("kpi.funnel.unused_leads", now=Rate(within)) if within is not None else
            Text("kpi.funnel.unused_leads_count", now=Count(len(rotting))),
            problem=Text("problem.funnel.unused_leads", share=Rate(never)) if never is not None else
            Text("problem.funnel.unused_leads_count", n=Count(follow["unworked_year"])))
    elif rotting is not None and len(rotting):  # no outcomes on the leads: the list to work, not sized
        recent = len(rotting) if "age_days" not in rotting else int((rotting["age_days"] <= WORKABLE_DAYS).sum())
        rows.append({"leak": "unused_leads", "leads": len(rotting), "money": 0.0, "sheet": LEAK_SHEETS["unused_leads"],
                     "fields": {"leads": Count(len(rotting)), "recent": Count(recent), "days": Days(WORKABLE_DAYS)},
                     "basis": Text("basis.funnel.unused_leads_unsized"), "text": "act.funnel.unused_leads_unsized",
                     "step": Text("step.funnel.unused_leads", recent=Count(recent), days=Days(WORKABLE_DAYS)),
                     "kpi": Text("kpi.funnel.unused_leads", now=Rate(within)) if within is not None else
                     Text("kpi.funnel.unused_leads_count", now=Count(len(rotting))), "low": None, "high": None,
                     "problem": Text("problem.funnel.unused_leads", share=Rate(never)) if never is not None else
                     Text("problem.funnel.unused_leads_rotting", n=Count(len(rotting))), "pool": "leads"})
    funnel = d.get("funnel")
    top = d.get("top_vs_rest")
    if funnel is not None and has_won and top is not None and len(top) and "rest_trials" in top:
        table = funnel.reset_index(drop=True)
        counts = table.set_index("stage")["count"]
        rated = top[~top["step"].isin(["followed_up", "cash"]) & top["gap"].notna()
                    & top["step"].isin(counts.index)].set_index("step")
        rated = rated[rated["gap"] > 0]
        if len(rated):
            stage = rated["gap"].idxmax()  # where the top reps differ most, as the reps section says
            # qualifying followed-up leads works the leads; the steps after it, the deals
            pools["weak_step"] = "leads" if stage in ("followed_up", "qualified") else LEAK_POOLS["weak_step"]
            row = rated.loc[stage]
            gap = float(row["gap"])
            onward = rules.ratio(counts.get("won", 0), counts[stage]) if counts[stage] else 0.0
            trials = float(row["rest_trials"]) * year
            money = trials * gap * SHARE_CLOSED * onward * avg
            top_n = int(row["top_trials"]) if "top_trials" in row and pd.notna(row["top_trials"]) else None
            onward_text = () if stage == "won" else Text("basis.funnel.onward", onward=Rate(onward))
            code = Code("funnel_stage", stage)
            shown = Number(points(row["top_rate"], row["rest_rate"]))  # the difference of the rates shown
            add("weak_step", round(float(row["rest_trials"])), money, stage=code, top=Rate(float(row["top_rate"])),
                rest=Rate(float(row["rest_rate"])), top_n=Count(top_n), rest_n=Count(int(row["rest_trials"])),
                gap=shown,
                basis=Text("basis.funnel.weak_step_won" if stage == "won" else "basis.funnel.weak_step",
                           trials=Count(round(trials)), stage=code,
                           gap=shown, onward=onward_text, avg=Money(avg), money=Money(money)),
                step=Text("step.funnel.weak_step", stage=code),
                kpi=Text("kpi.funnel.weak_step", stage=code, now=Rate(float(row["rest_rate"]))),
                problem=Text("problem.funnel.weak_step", stage=code, gap=shown))
    gap, need = reverse.get("gap_per_month"), reverse.get("required_leads_per_month")
    residual = gap if follow is None or follow["covers"] is None else follow["residual_per_month"]
    if gap is not None and need and gap > 0 and residual and residual > 0:
        months = max(12 - RAMP_MONTHS - lag, 0.0)
        mkt = marketing_rate(journey)
        sized = reverse.get("lead_to_win_rate") or 0.0  # the rate the gap was sized with
        rate = mkt["rate"] if mkt is not None and mkt["rate"] > 0 and sized else sized
        # one rate: the wins the gap stands for, as leads a month at the rate the new leads are valued at
        missing = residual * sized / rate if rate else residual
        extra = SHARE_CLOSED * missing * months
        money = extra * rate * avg
        target, run = reverse.get("revenue_target"), reverse.get("run_rate")
        cap = None if target is None or run is None else max(target - run, 0.0)
        capped = cap is not None and money > cap
        money = min(money, cap) if capped else money
        whose = (Text("basis.funnel.mouth_marketing", won=Count(mkt["won"]), n=Count(mkt["leads"]))
                 if rate != sized else Text("basis.funnel.mouth_mature"))
        after = () if follow is None or follow["covers"] is None else Text(
            "act.funnel.mouth_after_followup", wins=Count(follow["extra_wins"]), needed=Count(follow["wins_needed"]))
        restated = () if rate == sized else Text("act.funnel.mouth_restated", residual=Count(residual),
                                                 sized=Rate(sized), rate=Rate(rate))
        basis = Text("basis.funnel.funnel_mouth", gap=Count(missing), months=Number(months),
                     ramp=Count(RAMP_MONTHS), lag=Days(reverse.get("lag_days")), whose=whose,
                     rate=Number(100 * rate, digits=2),  # two decimals: a rate near 1% moves the value a lot
                     avg=Money(avg), money=Money(money),
                     cap=Text("basis.funnel.mouth_cap", cap=Money(cap)) if capped else ())
        add("funnel_mouth", extra, money, per_month=Count(missing), required=Count(need),
            current=Count(reverse.get("current_leads_per_month")), half=Count(SHARE_CLOSED * missing),
            rate=Rate(rate), after=after, restated=restated,
            basis=basis, step=Text("step.funnel.funnel_mouth", half=Count(SHARE_CLOSED * missing)),
            kpi=Text("kpi.funnel.funnel_mouth", now=Count(reverse.get("current_leads_per_month")),
                     required=Count(need)),
            problem=Text("problem.funnel.funnel_mouth", gap=Count(residual)))
    src = d.get("sources")
    moved = reallocation(src, year=year, months=max(12 - RAMP_MONTHS - lag, 0.0)) if src is not None else None
    if moved is not None:  # a 90-day test, not sized: what extra spend on the best sources returns is unknown
        worst, best = source_names(moved["worst"][c.SOURCE]), source_names(moved["best"][c.SOURCE])
        spend = Money(moved["spend"])
        test = Money(moved["spend"] * TEST_SHARE / 4)
        add("source_spend", 0, 0.0, worst=worst, best=best, spend=spend, test=test,
            per_cost=Number(moved["return_worst"]),
            basis=Text("basis.funnel.source_spend", best=best),
            step=Text("step.funnel.source_spend", worst=worst, best=best, test=test),
            kpi=Text("kpi.funnel.source_spend", best=best, now=Count(moved["best"]["leads"].sum() * year / 12)),
            problem=Text("problem.funnel.source_spend", worst=worst, per_cost=Number(moved["return_worst"])))
    besides = () if moved is None else tuple(moved["worst"][c.SOURCE])
    pick = weak_source(src, besides=besides)
    if pick is not None:
        median = median_return(src)
        cost = Text("act.funnel.weak_source_nocost")
        if median is not None and pd.notna(pick.get("revenue_per_cost")):
            cost = Text("act.funnel.weak_source_cost", per_cost=Number(pick["revenue_per_cost"]),
                        median=Number(median))
        leads_year = pick["leads"] * year
        own = float(pick["lead_to_win_rate"])
        lift = min(SHARE_CLOSED * float(pick["gap"]), own * (RATE_GROWTH - 1))
        months = max(12 - START_MONTHS - lag, 0.0)
        money = leads_year * lift * months / 12 * avg
        source = Name(pick[c.SOURCE], vocab="source")
        gap_pp = Number(points(pick["benchmark_rate"], own))
        adjusted = source_adjusted(src).get(pick[c.SOURCE])
        won = int(pick["won"]) if "won" in pick else None
        per_month = None if won is None else won * year / 12
        add("weak_source", pick["leads"], money, source=source, rate=Rate(own), won=Count(won),
            adjusted=Rate(adjusted), bench=Rate(float(pick["benchmark_rate"])), gap=gap_pp,
            peer_n=Count(pick.get("peer_leads")),
            peers=peers_text(src, pick), cost=cost,
            basis=Text("basis.funnel.weak_source", source=source, leads=Count(round(leads_year)), gap=gap_pp,
                       lift=Number(100 * lift), months=Number(months), avg=Money(avg), money=Money(money),
                       capped=Text("basis.funnel.weak_source_cap", rate=Rate(own))
                       if lift < SHARE_CLOSED * float(pick["gap"]) else ()),
            step=Text("step.funnel.weak_source", source=source),
            kpi=Text("kpi.funnel.weak_source", source=source, now=Number(per_month)),
            problem=Text("problem.funnel.weak_source", source=source, rate=Rate(own), gap=gap_pp))
    tender = d.get("tender")
    pre, post = figures.get("funnel.pre_tender_win_rate"), figures.get("funnel.post_tender_win_rate")
    if tender is not None and pre is not None and post is not None and pre > post:
        timing = tender.set_index("timing")
        after = int(timing.loc["after", "closed"])
        deals_year = after * year
        money = deals_year * SHARE_CLOSED * (pre - post) * avg
        share = (d.get("first_hand") or {}).get("first_hand_share")
        tendered = (d.get("first_hand") or {}).get("tendered")
        add("late_engagement", after, money, pre=Rate(pre), post=Rate(post),
            n_pre=Count(timing.loc["before", "closed"]),
            basis=Text("basis.funnel.late_engagement", deals=Count(round(deals_year)), gap=Number(points(pre, post)),
                       avg=Money(avg), money=Money(money)),
            step=Text("step.funnel.late_engagement"),
            kpi=(Text("kpi.funnel.late_engagement", now=Rate(share), n=Count(tendered)) if tendered else
                 Text("kpi.funnel.late_engagement_share", now=Rate(share)))
            if share is not None else Text("kpi.funnel.late_engagement_rate", now=Rate(post)),
            problem=Text("problem.funnel.late_engagement", post=Rate(post)))
    cash = d.get("collections")
    if cash is not None and cash.get("overdue_deals"):
        unpaid = Money(cash["overdue_amount"] or 0.0)
        add("uncollected_cash", cash["overdue_deals"], 0.0, unpaid=unpaid, basis=Text("basis.funnel.cash"),
            step=Text("step.funnel.uncollected_cash"), kpi=Text("kpi.funnel.uncollected_cash", now=unpaid),
            problem=Text("problem.funnel.uncollected_cash", unpaid=unpaid))
    for leak, key in (("stalled_deals", "stuck"), ("late_stage_leads", "still_leads")):
        deals = d.get(key)
        if deals is not None and len(deals):
            weighted = Money(_expected_amount(deals, probabilities))
            add(leak, len(deals), 0.0, weighted=weighted, basis=Text("basis.funnel.in_forecast", weighted=weighted),
                step=Text(f"step.funnel.{leak}"), kpi=Text(f"kpi.funnel.{leak}", now=Count(len(deals))),
                problem=Text(f"problem.funnel.{leak}", n=Count(len(deals))))
    out = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("sheet", "low", "high"):  # None stays None (an action's missing sheet or range), never NaN
        out[col] = pd.Series([row[col] for row in rows], index=out.index, dtype=object)
    return out.sort_values("money", ascending=False, kind="stable").reset_index(drop=True)


def source_adjusted(sources: pd.DataFrame | None) -> dict:
    """Each source's adjusted lead-to-win rate (empirical-Bayes, pulled toward the rate of all sources:
    :func:`workbook.funnel.pipeline.shrink`), shown beside the raw rate and its wins; {} without wins.

    >>> r = source_adjusted(pd.DataFrame({"source": ["a", "b"], "won": [1, 30], "leads": [10, 100]}))
    >>> bool(r["a"] > 0.1)  # one win in ten leads, pulled up toward 31 in 110
    True
    """
    from workbook.funnel.pipeline import shrink

    if sources is None or "won" not in sources or "leads" not in sources:
        return {}
    rates, _, _ = shrink(sources["won"].to_numpy(float), sources["leads"].to_numpy(float))
    return dict(zip(sources[c.SOURCE], (float(r) for r in rates), strict=True))


def peers_text(sources: pd.DataFrame, pick: pd.Series) -> Text:
    """Who a source was compared with: the other sources of its type (all the others without a type), on its mix
    of new and existing customers' leads when the data tell."""
    kind = pick.get("source_type")
    kind = kind if isinstance(kind, str) and kind in ("active", "passive") else "all"
    mixed = "existing_share" in sources and sources["existing_share"].notna().any()
    return Text(f"find.funnel.peers_{kind}{'_mix' if mixed else ''}")


def leak_figures(table: pd.DataFrame, *, n: int = 3) -> list[dict]:
    """``funnel.leaks``: the ``n`` most valuable leaks as ``{"step": code, "leads": int, "money": float}``.

    >>> leak_figures(pd.DataFrame({"leak": ["a", "b"], "leads": [3, 9], "money": [50.0, 7.0]}), n=1)
    [{'step': 'a', 'leads': 3, 'money': 50.0}]
    """
    top = table.sort_values("money", ascending=False, kind="stable").head(n)
    return [{"step": str(leak), "leads": int(leads), "money": float(money)}
            for leak, leads, money in zip(top["leak"], top["leads"], top["money"], strict=True)]
