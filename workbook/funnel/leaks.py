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
SHARE_CLOSED = 0.5  # the share of a gap to its benchmark an action is assumed to close (conservative)
MIN_LEADS = 20  # leads a source needs before it is compared
DAYS_PER_MONTH = 365.25 / 12
LEAK_SHEETS = {  # the appendix list each leak's action points to
    "unused_leads": "funnel_rotting_leads", "weak_step": None, "funnel_mouth": None, "weak_source": "funnel_sources",
    "late_engagement": None, "uncollected_cash": "funnel_overdue", "stalled_deals": "funnel_stuck_deals",
    "late_stage_leads": "funnel_still_leads",
}
LEAK_OWNERS = {  # who acts on each leak (act.funnel.who.<code>)
    "unused_leads": "sales", "weak_step": "sales", "funnel_mouth": "marketing", "weak_source": "marketing",
    "late_engagement": "sales", "uncollected_cash": "finance", "stalled_deals": "sales",
    "late_stage_leads": "sales",
}
LEAK_SECTIONS = {  # the section whose numbers support each leak's action
    "unused_leads": "rotting", "weak_step": "reps", "funnel_mouth": "mouth", "weak_source": "sources",
    "late_engagement": "tender", "uncollected_cash": "collections", "stalled_deals": "cycle",
    "late_stage_leads": "checklist",
}
LEAK_POOLS = {  # what each value draws on: actions on one pool overlap (the prize counts the largest)
    "unused_leads": "leads", "weak_step": "pipeline", "funnel_mouth": "leads", "weak_source": "leads",
    "late_engagement": "pipeline", "uncollected_cash": "cash", "stalled_deals": "pipeline",
    "late_stage_leads": "data",
}
LEAK_DAYS = {  # when the action's KPI should move
    "unused_leads": 30, "weak_step": 90, "funnel_mouth": 60, "weak_source": 90, "late_engagement": 90,
    "uncollected_cash": 30, "stalled_deals": 30, "late_stage_leads": 30,
}
COLUMNS = ["leak", "leads", "money", "sheet", "fields", "basis", "step", "kpi", "low", "high"]


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
    first = pd.to_datetime(journey[c.CUSTOMER_ID].map(first_won))
    existing = rules.as_bool(first < journey[c.CREATED_DATE])
    return pd.Series(np.where(existing, "existing", "new"), index=journey.index)


def like_for_like(journey: pd.DataFrame, *, first_won: pd.Series | None = None, by: str = c.SOURCE
                  ) -> pd.DataFrame | None:
    """The source table (:func:`~workbook.funnel.journey.source_table`) with each source's like-for-like benchmark.

    A source's peers are the other sources of its source type (active / passive; every other source when the
    type is not given). Where the data tell which leads come from existing customers (:func:`lead_segments`),
    the peers' lead-to-win rate is taken per segment (new, existing) and weighted by the source's own mix, so
    a source of new-customer leads is not measured against old customers' repeat orders.

    Adds ``source_type`` (the source's type), ``existing_share`` (its leads from existing customers; NaN when
    unknown), ``benchmark_rate`` (the peers' rate on the source's mix; NaN without peers) and ``gap``
    (benchmark - own lead-to-win rate, > 0 when the source converts below its peers). None without outcomes.

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
    frame = pd.DataFrame({by: journey[by].to_numpy(), "won": journey["won"].to_numpy(dtype=float),
                          "kind": "all" if kind is None else kind.fillna("all").to_numpy(),
                          "segment": "all" if segment is None else segment.to_numpy()})
    frame = frame[frame[by].notna()]
    types = frame.groupby(by)["kind"].agg(lambda s: s.mode().iloc[0])
    cells = frame.groupby([by, "segment"]).agg(n=("won", "size"), w=("won", "sum")).reset_index()
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


def weak_source(sources: pd.DataFrame | None, *, min_leads: int = MIN_LEADS) -> pd.Series | None:
    """The source to screen: below its like-for-like benchmark and, where costs are known, at or below the median
    return on cost (a source above the median is never called weak); the largest gap x leads first.

    >>> s = pd.DataFrame({"source": ["web", "fair"], "leads": [500, 100], "gap": [0.05, 0.02],
    ...                   "cost": [1.0, 1.0], "revenue_per_cost": [50.0, 2.0]})
    >>> weak_source(s)["source"]  # the web converts worse but returns 50 per unit of cost: above the median
    'fair'
    """
    if sources is None or "gap" not in sources:
        return None
    median = median_return(sources)
    weak = sources[(sources["gap"] > 0).to_numpy(bool) & (sources["leads"] >= min_leads).to_numpy(bool)]
    if median is not None:
        weak = weak[~(weak["revenue_per_cost"] > median).to_numpy(bool)]
    if not len(weak):
        return None
    return weak.loc[(weak["gap"] * weak["leads"]).idxmax()]


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

    - ``unused_leads``: leads never followed up past the window (the rotting list); valued on those created in
      the last :data:`WORKABLE_DAYS` days only (older ones have mostly gone elsewhere) x half the win rate of
      followed-up leads x avg;
    - ``weak_step``: the in-order funnel's weakest step (not the follow-up, valued above; not cash): at the step
      into won, the deals closed lost (never opportunities minus won); the value is half of what the top 20% of
      reps' rate would add to the others: the other reps' trials at the step a year (their closed deals at the
      step into won) x half the gap (top rate - rest rate) x the share of those passing who go on to win x avg;
    - ``funnel_mouth``: half the monthly inflow gap to the target (:func:`~workbook.funnel.journey.reverse_funnel`)
      x the months of the year in which a new lead can still be won (12 - the median lead-to-win) x the mature
      lead-to-win rate x avg, capped by the target minus the last 12 months' won revenue;
    - ``weak_source``: the source of :func:`weak_source`: its leads a year x half its gap to like-for-like
      sources x avg;
    - ``late_engagement``: closed deals a year engaged after the tender x half (win rate before - after) x avg;
    - ``uncollected_cash``: won deals unpaid past the payment terms: cash, not revenue (value 0, the amount in
      the sentence);
    - ``stalled_deals``, ``late_stage_leads``: the stuck and really-still-leads lists; their stage-weighted amount
      is already in the forecast, so the value is 0 (the amount in the sentence).

    Returns ``leak``, ``leads``, ``money`` (the value), ``sheet``, ``fields`` (the action sentence's numbers),
    ``basis``, ``step`` and ``kpi`` (texts), ``low`` and ``high``.

    >>> d = {"rotting": pd.DataFrame({"lead_id": ["L1", "L2"]}), "journey": pd.DataFrame(
    ...     {"followed_up": [True, True, False, False], "won": [True, False, False, False]}),
    ...     "reverse": {"avg_deal": 100.0}, "window_days": 7}
    >>> leaks(d, {})[["leak", "leads", "money"]].values.tolist()  # 2 leads x half of 50% x 100
    [['unused_leads', 2, 50.0]]
    """
    probabilities = probabilities or {}
    journey = d.get("journey")
    reverse = d.get("reverse") or {}
    avg = reverse.get("avg_deal") or d.get("avg_won_amount") or 0.0
    year = _year(d)
    rows: list[dict] = []

    def add(leak: str, leads: float, money: float, *, basis: Text, step: Text, kpi: Text, **fields) -> None:
        money = 0.0 if money is None or not np.isfinite(money) else float(money)
        leads = int(round(leads))
        rows.append({"leak": leak, "leads": leads, "money": money, "sheet": LEAK_SHEETS[leak],
                     "fields": {"leads": Count(leads), "money": Money(money), **fields}, "basis": basis,
                     "step": step, "kpi": kpi, "low": None, "high": None})

    has_won = journey is not None and "won" in journey
    util = d.get("utilisation")
    within = None if util is None else float(util["within_window_share"].iloc[0])
    rotting = d.get("rotting")
    if rotting is not None and len(rotting):
        p = 0.0
        if has_won and "followed_up" in journey and journey["followed_up"].any():
            p = float(journey.loc[journey["followed_up"].to_numpy(bool), "won"].mean())
        recent = len(rotting) if "age_days" not in rotting else int((rotting["age_days"] <= WORKABLE_DAYS).sum())
        money = recent * SHARE_CLOSED * p * avg
        add("unused_leads", len(rotting), money, window=Days(d.get("window_days")), recent=Count(recent),
            days=Days(WORKABLE_DAYS),
            basis=Text("basis.funnel.unused_leads", recent=Count(recent), days=Days(WORKABLE_DAYS), rate=Rate(p),
                       avg=Money(avg), money=Money(money)),
            step=Text("step.funnel.unused_leads", recent=Count(recent), days=Days(WORKABLE_DAYS)),
            kpi=Text("kpi.funnel.unused_leads", now=Rate(within)) if within is not None else
            Text("kpi.funnel.unused_leads_count", now=Count(len(rotting))))
    funnel = d.get("funnel")
    if funnel is not None and has_won:
        table = funnel.reset_index(drop=True)
        counts = table.set_index("stage")["count"]
        steps = table.iloc[1:]
        steps = steps[~steps["stage"].isin(["followed_up", "cash"])].dropna(subset=["step_rate"])
        top = d.get("top_vs_rest")
        if len(steps):
            i = steps["step_rate"].idxmin()
            stage, prev = table.loc[i, "stage"], table.loc[i - 1, "stage"]
            closed_lost = stage == "won" and "lost" in journey
            lost = int(journey["lost"].sum()) if closed_lost else int(counts[prev] - counts[stage])
            onward = rules.ratio(counts.get("won", 0), counts[stage]) if counts[stage] else 0.0
            rated = top.set_index("step") if top is not None and len(top) else None
            gap = rated["gap"].get(stage, np.nan) if rated is not None and "gap" in rated else np.nan
            gap = gap if np.isfinite(gap) and gap > 0 else 0.0
            # the rest of the reps' trials at the step (all of them when not known) x half their gap to the top
            trials = rated["rest_trials"].get(stage, np.nan) if rated is not None and "rest_trials" in rated else np.nan
            trials = (trials if np.isfinite(trials) else counts[prev]) * year
            money = trials * gap * SHARE_CLOSED * onward * avg
            rest = rated["rest_rate"].get(stage, np.nan) if rated is not None and "rest_rate" in rated else np.nan
            # at the step into won the rate that matters is the win rate of closed deals (open ones are undecided)
            rate = rules.ratio(counts[stage], counts[stage] + lost) if closed_lost else float(table.loc[i, "step_rate"])
            onward_text = () if stage == "won" else Text("basis.funnel.onward", onward=Rate(onward))
            add("weak_step", lost, money, stage=Code("funnel_stage", stage),
                lost_kind=Text("act.funnel.weak_step_lost" if closed_lost else "act.funnel.weak_step_short",
                               n=Count(lost), rate=Rate(rate)),
                basis=Text("basis.funnel.weak_step_won" if stage == "won" else "basis.funnel.weak_step",
                           trials=Count(round(trials)), stage=Code("funnel_stage", stage),
                           gap=Number(100 * gap), onward=onward_text, avg=Money(avg), money=Money(money)),
                step=Text("step.funnel.weak_step", stage=Code("funnel_stage", stage)),
                kpi=Text("kpi.funnel.weak_step", stage=Code("funnel_stage", stage),
                         now=Rate(rest if np.isfinite(rest) else rate)))
    gap, need = reverse.get("gap_per_month"), reverse.get("required_leads_per_month")
    rate = reverse.get("lead_to_win_rate") or 0.0
    if gap is not None and need and gap > 0:
        lag = reverse.get("lag_days") or 0.0
        months = max(12 - lag / DAYS_PER_MONTH, 0.0)
        extra = SHARE_CLOSED * gap * months
        money = extra * rate * avg
        target, run = reverse.get("revenue_target"), reverse.get("run_rate")
        cap = None if target is None or run is None else max(target - run, 0.0)
        capped = cap is not None and money > cap
        money = min(money, cap) if capped else money
        basis = Text("basis.funnel.funnel_mouth", gap=Count(gap), months=Number(months), lag=Days(lag), rate=Rate(rate),
                     avg=Money(avg), money=Money(money),
                     cap=Text("basis.funnel.mouth_cap", cap=Money(cap)) if capped else ())
        add("funnel_mouth", extra, money, per_month=Count(gap), required=Count(need),
            current=Count(reverse.get("current_leads_per_month")), half=Count(SHARE_CLOSED * gap),
            basis=basis, step=Text("step.funnel.funnel_mouth", half=Count(SHARE_CLOSED * gap)),
            kpi=Text("kpi.funnel.funnel_mouth", now=Count(reverse.get("current_leads_per_month")),
                     required=Count(need)))
    src = d.get("sources")
    pick = weak_source(src)
    if pick is not None:
        median = median_return(src)
        cost = Text("act.funnel.weak_source_nocost")
        if median is not None and pd.notna(pick.get("revenue_per_cost")):
            cost = Text("act.funnel.weak_source_cost", per_cost=Number(pick["revenue_per_cost"]),
                        median=Number(median))
        leads_year = pick["leads"] * year
        money = leads_year * SHARE_CLOSED * pick["gap"] * avg
        source = Name(pick[c.SOURCE], vocab="source")
        gap_pp = Number(100 * pick["gap"])
        add("weak_source", pick["leads"], money, source=source, rate=Rate(float(pick["lead_to_win_rate"])),
            bench=Rate(float(pick["benchmark_rate"])), gap=gap_pp, peers=peers_text(src, pick), cost=cost,
            basis=Text("basis.funnel.weak_source", source=source, leads=Count(round(leads_year)), gap=gap_pp,
                       avg=Money(avg), money=Money(money)),
            step=Text("step.funnel.weak_source", source=source),
            kpi=Text("kpi.funnel.weak_source", source=source, now=Rate(float(pick["lead_to_win_rate"])),
                     bench=Rate(float(pick["benchmark_rate"]))))
    tender = d.get("tender")
    pre, post = figures.get("funnel.pre_tender_win_rate"), figures.get("funnel.post_tender_win_rate")
    if tender is not None and pre is not None and post is not None and pre > post:
        timing = tender.set_index("timing")
        after = int(timing.loc["after", "closed"])
        deals_year = after * year
        money = deals_year * SHARE_CLOSED * (pre - post) * avg
        share = (d.get("first_hand") or {}).get("first_hand_share")
        add("late_engagement", after, money, pre=Rate(pre), post=Rate(post),
            n_pre=Count(timing.loc["before", "closed"]),
            basis=Text("basis.funnel.late_engagement", deals=Count(round(deals_year)), gap=Number(100 * (pre - post)),
                       avg=Money(avg), money=Money(money)),
            step=Text("step.funnel.late_engagement"),
            kpi=Text("kpi.funnel.late_engagement", now=Rate(share)) if share is not None else
            Text("kpi.funnel.late_engagement_rate", now=Rate(post)))
    cash = d.get("collections")
    if cash is not None and cash.get("overdue_deals"):
        unpaid = Money(cash["overdue_amount"] or 0.0)
        add("uncollected_cash", cash["overdue_deals"], 0.0, unpaid=unpaid, basis=Text("basis.funnel.cash"),
            step=Text("step.funnel.uncollected_cash"), kpi=Text("kpi.funnel.uncollected_cash", now=unpaid))
    for leak, key in (("stalled_deals", "stuck"), ("late_stage_leads", "still_leads")):
        deals = d.get(key)
        if deals is not None and len(deals):
            weighted = Money(_expected_amount(deals, probabilities))
            add(leak, len(deals), 0.0, weighted=weighted, basis=Text("basis.funnel.in_forecast", weighted=weighted),
                step=Text(f"step.funnel.{leak}"), kpi=Text(f"kpi.funnel.{leak}", now=Count(len(deals))))
    out = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("sheet", "low", "high"):  # None stays None (an action's missing sheet or range), never NaN
        out[col] = pd.Series([row[col] for row in rows], index=out.index, dtype=object)
    return out.sort_values("money", ascending=False, kind="stable").reset_index(drop=True)


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
