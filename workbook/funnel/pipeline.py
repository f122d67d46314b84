"""The opportunity pipeline: reps, cycle times, time in stage and the opportunity element checklist.

Pure, vectorised functions on the clean ``opportunities`` and ``stage_history`` tables (and the lead
journey of :mod:`workbook.funnel.journey`). Forecasts and collections are in :mod:`workbook.funnel.forecast`; the
whole diagnosis in :mod:`workbook.funnel.diagnosis`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.keys import group_sums, lookup, shared_codes

KEY_ELEMENTS = (c.NEED, c.BUDGET, c.DECISION_MAKER)


# --------------------------------------------------------------------------- reps

def shrink(successes, trials) -> tuple[np.ndarray, float, float]:
    """Empirical-Bayes (beta-binomial, method of moments) shrinkage of group rates toward the pooled rate.

    The prior is Beta(m p0, m (1 - p0)) with p0 the pooled rate and m chosen so the prior variance equals
    the spread of the observed rates beyond binomial noise (no spread: m = 1e6, every rate shrinks to p0).
    A group with ``n`` trials keeps weight ``n / (n + m)`` on its own rate.

    Returns (shrunk rates, p0, m); NaN rates where the pooled rate is undefined.

    >>> rates, p0, m = shrink([1, 30], [1, 100])
    >>> round(p0, 4), bool(rates[0] < 0.5)
    (0.3069, True)
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    if n.sum() == 0:
        return np.full(len(n), np.nan), np.nan, np.nan
    p0 = x.sum() / n.sum()
    has = n > 0
    raw = x[has] / n[has]
    weights = n[has] / n[has].sum()
    observed_var = float(np.sum(weights * (raw - p0) ** 2))
    noise = float(np.sum(weights * p0 * (1 - p0) / n[has]))
    spread = observed_var - noise
    m = 1e6 if spread <= 0 or p0 in (0.0, 1.0) else max(p0 * (1 - p0) / spread - 1, 0.0)
    return (x + m * p0) / (n + m), float(p0), float(m)


def rep_steps(journey: pd.DataFrame | None, opportunities: pd.DataFrame | None, *, by: str = c.OWNER) -> pd.DataFrame:
    """Trials and successes per rep and funnel step, in the "in order" form.

    Steps are ``followed_up`` (of leads), ``qualified`` (of followed up), ``opportunity`` (of qualified)
    and ``won`` (of closed opportunities: won + lost, open deals not counted). Lead steps need the
    journey; ``won`` comes from the opportunities table.

    Returns ``[by]``, ``step``, ``trials``, ``successes``.
    """
    parts = []
    if journey is not None and by in journey:
        stages = [s for s in ("leads", "followed_up", "qualified", "opportunity") if s in journey]
        flags = np.logical_and.accumulate(journey[stages].to_numpy(bool), axis=1)
        index, counts = group_sums(journey[[by]], flags)
        known = index[by].notna().to_numpy()  # leads without an owner are nobody's trials
        sums = pd.DataFrame(counts[known].astype(np.int64), columns=stages, index=index[by][known])
        for prev, step in zip(stages[:-1], stages[1:], strict=True):
            parts.append(pd.DataFrame({by: sums.index, "step": step, "trials": sums[prev].to_numpy(),
                                       "successes": sums[step].to_numpy()}))
    if rules.has(opportunities, c.STATUS) and rules.has(opportunities, by):
        won = rules.as_bool(opportunities[c.STATUS].eq("won"))
        closed = won | rules.as_bool(opportunities[c.STATUS].eq("lost"))
        sums = pd.DataFrame({by: opportunities[by].to_numpy(), "trials": closed.astype(np.int64),
                             "successes": won.astype(np.int64)}).groupby(by, observed=True).sum()
        parts.append(sums.reset_index().assign(step="won")[[by, "step", "trials", "successes"]])
    if not parts:
        return pd.DataFrame(columns=[by, "step", "trials", "successes"])
    return pd.concat(parts, ignore_index=True)


def rep_conversion(steps: pd.DataFrame, *, by: str = c.OWNER) -> pd.DataFrame:
    """Per rep and step: raw rate, team rate and the shrunk rate; ranks by the shrunk rate.

    Returns the columns of :func:`rep_steps` plus ``rate``, ``team_rate``, ``shrunk_rate``,
    ``prior_strength`` and ``rank`` (1 = best shrunk rate within the step).
    """
    out = []
    for _, group in steps.groupby("step", sort=False):
        shrunk, p0, m = shrink(group["successes"], group["trials"])
        out.append(group.assign(rate=rules.ratio(group["successes"], group["trials"]), team_rate=p0,
                                shrunk_rate=shrunk, prior_strength=m))
    if not out:
        return steps.assign(rate=[], team_rate=[], shrunk_rate=[], prior_strength=[], rank=[])
    table = pd.concat(out, ignore_index=True)
    table["rank"] = table.groupby("step", sort=False)["shrunk_rate"].rank(ascending=False, method="min")
    return table


def top_vs_rest(conversion: pd.DataFrame, *, by: str = c.OWNER, top_share: float = 0.2) -> pd.DataFrame:
    """Where the top reps differ: pooled rate per step for the top ``top_share`` of reps vs the rest.

    Reps are ranked by the product of their shrunk step rates (their end-to-end conversion); the top
    group is the best ``ceil(top_share * reps)``. Returns ``step``, ``top_rate``, ``rest_rate``, ``gap``
    (top - rest), ``ratio``, ``rest_trials`` (the rest's trials at the step: what a better rate applies to) and
    ``top_trials`` (the top group's, the n behind its rate);
    the step with the largest ratio is where the eagles win.
    """
    wide = conversion.pivot_table(index=by, columns="step", values="shrunk_rate", sort=False)
    if wide.empty:
        return pd.DataFrame(columns=["step", "top_rate", "rest_rate", "gap", "ratio", "rest_trials", "top_trials"])
    score = wide.fillna(wide.mean()).prod(axis=1).sort_values(ascending=False, kind="stable")
    top = set(score.index[: max(1, int(np.ceil(top_share * len(score))))])
    is_top = conversion[by].isin(top)
    rows = []
    for step, group in conversion.groupby("step", sort=False):
        mask = is_top.loc[group.index]
        top_rate = rules.ratio(group.loc[mask, "successes"].sum(), group.loc[mask, "trials"].sum())
        rest_rate = rules.ratio(group.loc[~mask, "successes"].sum(), group.loc[~mask, "trials"].sum())
        rows.append({"step": step, "top_rate": top_rate, "rest_rate": rest_rate, "gap": top_rate - rest_rate,
                     "ratio": rules.ratio(top_rate, rest_rate),
                     "rest_trials": int(group.loc[~mask, "trials"].sum()),
                     "top_trials": int(group.loc[mask, "trials"].sum())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- cycle times

def cycle_times(journey: pd.DataFrame | None, opportunities: pd.DataFrame | None) -> pd.DataFrame:
    """Durations in days, lead -> opportunity -> close -> cash.

    Rows ``measure``: ``lead_to_opportunity`` (leads with an opportunity), ``lead_to_win`` (won leads),
    ``opportunity_to_close`` (closed deals), ``opportunity_to_win``, ``win_to_cash`` (won deals with a
    collection date). Columns ``n``, ``excluded`` (deals or leads of the measure left out for a missing
    date, e.g. an opportunity without ``created_date``), ``median``, ``p25``, ``p75``, ``mean``;
    measures without data have n = 0.
    """
    spans: dict[str, tuple[pd.Series, np.ndarray]] = {}  # measure: (durations, who the measure is about)
    if journey is not None and f"opp_{c.CREATED_DATE}" in journey:
        linked = journey[f"opp_{c.OPPORTUNITY_ID}"].notna().to_numpy() if f"opp_{c.OPPORTUNITY_ID}" in journey else \
            journey[f"opp_{c.CREATED_DATE}"].notna().to_numpy()
        spans["lead_to_opportunity"] = (journey[f"opp_{c.CREATED_DATE}"] - journey[c.CREATED_DATE], linked)
    if journey is not None and "won" in journey and f"opp_{c.CLOSE_DATE}" in journey:  # or the lead's won_date
        spans["lead_to_win"] = (journey[f"opp_{c.CLOSE_DATE}"] - journey[c.CREATED_DATE], journey["won"].to_numpy(bool))
    if rules.has(opportunities, c.CLOSE_DATE) and rules.has(opportunities, c.STATUS):
        won = rules.as_bool(opportunities[c.STATUS].eq("won"))
        closed = won | rules.as_bool(opportunities[c.STATUS].eq("lost"))
        span = opportunities[c.CLOSE_DATE] - opportunities[c.CREATED_DATE]
        spans["opportunity_to_close"] = (span, closed)
        spans["opportunity_to_win"] = (span, won)
        if rules.has(opportunities, c.COLLECTED_DATE):
            spans["win_to_cash"] = (opportunities[c.COLLECTED_DATE] - opportunities[c.CLOSE_DATE],
                                    won & opportunities[c.COLLECTED_DATE].notna().to_numpy())
    rows = []
    for name in ("lead_to_opportunity", "lead_to_win", "opportunity_to_close", "opportunity_to_win", "win_to_cash"):
        span, who = spans.get(name, (pd.Series(dtype="timedelta64[ns]"), np.zeros(0, bool)))
        all_days = span[who].dt.days
        days = all_days.dropna()
        rows.append({"measure": name, "n": len(days), "excluded": int(all_days.isna().sum()), "median": days.median(),
                     "p25": days.quantile(0.25), "p75": days.quantile(0.75), "mean": days.mean()})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- time in stage

def stage_spells(stage_history: pd.DataFrame, opportunities: pd.DataFrame | None, *, stages: list[str],
                 as_of) -> pd.DataFrame:
    """Days each opportunity spent in each stage, open deals censored at ``as_of``.

    A visit lasts until the next entry of the same deal (same-day entries are ordered by the stage
    order); the last visit ends at the close date when the deal is won or lost (event observed),
    else at ``as_of`` (censored). Re-entered stages add up their visits; a stage counts as left
    (``observed``) unless the open deal sits in it now.

    Returns ``opportunity_id``, ``stage``, ``days``, ``observed``, ``current`` (the open deal's stage
    now), ``status`` (the deal's; "open" when unknown).
    """
    hist = stage_history[[c.OPPORTUNITY_ID, c.STAGE, c.ENTERED_DATE]].dropna()
    has_info = opportunities is not None and c.STATUS in opportunities
    if has_info:
        deal, opp_deal = shared_codes(hist[c.OPPORTUNITY_ID], opportunities[c.OPPORTUNITY_ID])
    else:
        deal, opp_deal = shared_codes(hist[c.OPPORTUNITY_ID])[0], np.zeros(0, np.int64)
    stage_code, stage_names = pd.factorize(hist[c.STAGE])
    rank = pd.Index(stages).get_indexer(stage_names)  # unknown stages sort after the known ones
    rank = np.where(rank < 0, len(stages), rank)[stage_code]
    entered = hist[c.ENTERED_DATE].to_numpy(dtype="datetime64[ns]")
    order = np.lexsort((rank, entered, deal))  # by deal, date, stage order (stable)
    deal, stage_code, entered = deal[order], stage_code[order], entered[order]
    last = np.append(deal[1:] != deal[:-1], True)
    end = np.empty_like(entered)
    end[:-1] = entered[1:]
    pos = lookup(deal, opp_deal) if has_info else np.full(len(deal), -1, np.int64)
    found = pos >= 0
    closed = np.zeros(len(deal), bool)
    close = np.full(len(deal), np.datetime64("NaT"), dtype="datetime64[ns]")
    if has_info:
        closed[found] = rules.as_bool(opportunities[c.STATUS].isin(["won", "lost"]))[pos[found]]
        if c.CLOSE_DATE in opportunities:
            close[found] = opportunities[c.CLOSE_DATE].to_numpy(dtype="datetime64[ns]")[pos[found]]
    final_end = np.where(closed, close, np.datetime64(pd.Timestamp(as_of), "ns"))
    end = np.where(last, final_end, end)
    days = (end - entered) / np.timedelta64(1, "D")
    keep = ~np.isnan(days)
    current = last & ~closed
    # one row per (deal, stage): re-entered stages add up their visits
    group = pd.factorize(deal[keep] * len(stage_names) + stage_code[keep])[0]  # in order of first visit
    first = np.flatnonzero(keep)[np.unique(group, return_index=True)[1]]  # each group's first visit
    status = "open"
    if has_info:
        status = pd.Series(opportunities[c.STATUS].array.take(pos[first], allow_fill=True)).fillna("open").array
    out = pd.DataFrame({
        c.OPPORTUNITY_ID: hist[c.OPPORTUNITY_ID].array.take(order[first]),
        c.STAGE: stage_names.array.take(stage_code[first]),
        "days": np.clip(np.bincount(group, weights=days[keep], minlength=len(first)), 0, None),
        "current": np.bincount(group, weights=current[keep], minlength=len(first)) > 0,
        "status": status})
    out["observed"] = ~out["current"]
    return out[[c.OPPORTUNITY_ID, c.STAGE, "days", "observed", "current", "status"]]


def kaplan_meier(days, observed) -> pd.DataFrame:
    """Kaplan-Meier survival of time in a state: ``time``, ``at_risk``, ``events``, ``survival``.

    >>> kaplan_meier([1, 2, 2, 3], [True, True, False, True]).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'time': [1.0, 2.0, 3.0], 'at_risk': [4, 3, 1], 'events': [1, 1, 1], 'survival': [0.75, 0.5, 0.0]}
    """
    t = np.asarray(days, dtype=float)
    e = np.asarray(observed, dtype=bool)
    times, inverse = np.unique(t, return_inverse=True)
    events = np.bincount(inverse, weights=e, minlength=len(times))
    leaving = np.bincount(inverse, minlength=len(times))
    at_risk = len(t) - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    survival = np.cumprod(1 - rules.ratio(events, at_risk))
    keep = events > 0
    return pd.DataFrame({"time": times[keep], "at_risk": at_risk[keep].astype(np.int64),
                         "events": events[keep].astype(np.int64), "survival": survival[keep]})


def km_median(curve: pd.DataFrame) -> float:
    """First time the survival falls to 0.5 or below (NaN if it never does)."""
    hit = curve["survival"].to_numpy() <= 0.5
    return float(curve["time"].to_numpy()[hit][0]) if hit.any() else np.nan


def time_in_stage(spells: pd.DataFrame, *, stages: list[str], quantile: float = 0.8) -> pd.DataFrame:
    """Per stage: deals, open (censored) deals, Kaplan-Meier median days, naive median of finished stays,
    and the ``quantile`` of won deals' days (the stuck threshold).

    Returns ``stage``, ``deals``, ``censored``, ``km_median``, ``closed_median``, ``won_p80``.
    """
    rows = []
    where = spells.groupby(c.STAGE, sort=False).indices  # positions per stage, one pass
    for stage in stages:
        group = spells.iloc[where.get(stage, np.zeros(0, np.int64))]
        curve = kaplan_meier(group["days"], group["observed"])
        won = group.loc[group["status"].eq("won").to_numpy(), "days"]
        rows.append({"stage": stage, "deals": len(group), "censored": int((~group["observed"]).sum()),
                     "km_median": km_median(curve) if len(group) else np.nan,
                     "closed_median": group.loc[group["observed"], "days"].median(),
                     "won_p80": won.quantile(quantile) if len(won) else np.nan})
    return pd.DataFrame(rows)


def stuck_deals(spells: pd.DataFrame, stage_times: pd.DataFrame, opportunities: pd.DataFrame | None = None,
                *, limit: int | None = 50) -> pd.DataFrame:
    """Open deals in their current stage longer than won deals' threshold there (``won_p80``); longest first.

    Returns ``opportunity_id``, ``stage``, ``days``, ``threshold``, ``over`` (days - threshold), plus
    ``owner`` and ``amount`` when the opportunities are given.
    """
    now = spells[spells["current"].to_numpy()]
    threshold = now[c.STAGE].map(stage_times.set_index("stage")["won_p80"])
    out = now.assign(threshold=threshold.to_numpy(), over=(now["days"] - threshold).to_numpy())
    out = out[out["over"] > 0][[c.OPPORTUNITY_ID, c.STAGE, "days", "threshold", "over"]]
    if opportunities is not None:
        extra = [col for col in (c.OWNER, c.AMOUNT) if col in opportunities]
        out = out.merge(opportunities[[c.OPPORTUNITY_ID, *extra]].drop_duplicates(c.OPPORTUNITY_ID),
                        on=c.OPPORTUNITY_ID, how="left")
    out = out.sort_values(["over", c.OPPORTUNITY_ID], ascending=[False, True]).reset_index(drop=True)
    return out if limit is None else out.head(limit)


# --------------------------------------------------------------------------- element checklist

def checklist_elements(opportunities: pd.DataFrame) -> list[str]:
    """The checklist elements the client supplied (columns present and not all empty)."""
    return [col for col in c.CHECKLIST if rules.has(opportunities, col)]


def checklist_completeness(opportunities: pd.DataFrame, *, stages: list[str]) -> pd.DataFrame:
    """Share of opportunities with each element confirmed, by current stage (empty cells count as missing).

    Returns ``stage``, ``deals``, one share column per element and ``complete`` (all elements).
    """
    elements = checklist_elements(opportunities)
    frame = pd.DataFrame({col: rules.as_bool(opportunities[col]) for col in elements})
    frame["complete"] = frame.all(axis=1) if elements else False
    frame[c.STAGE] = opportunities[c.STAGE].to_numpy()
    shares = frame.groupby(c.STAGE, observed=True).mean()
    deals = frame.groupby(c.STAGE, observed=True).size()
    out = shares.reindex(stages).assign(deals=deals.reindex(stages).fillna(0).astype(np.int64))
    return out.rename_axis("stage").reset_index()[["stage", "deals", *elements, "complete"]]


def really_still_leads(opportunities: pd.DataFrame, *, late: tuple[str, ...],
                       key_elements: tuple[str, ...] = KEY_ELEMENTS) -> pd.DataFrame:
    """Open late-stage opportunities missing need, budget or decision maker: really still leads.

    Returns the deal's id, stage, owner, amount (when present) and ``missing`` (the elements not confirmed,
    comma-separated). Elements the client did not supply at all are not held against a deal.
    """
    elements = [col for col in key_elements if rules.has(opportunities, col)]
    open_ = ~rules.as_bool(opportunities[c.STATUS].isin(["won", "lost"])) if c.STATUS in opportunities else np.ones(
        len(opportunities), bool)
    in_late = rules.as_bool(opportunities[c.STAGE].isin(list(late)))
    missing = np.column_stack([~rules.as_bool(opportunities[col]) for col in elements]) if elements else np.zeros(
        (len(opportunities), 0), bool)
    flag = open_ & in_late & missing.any(axis=1)
    names = np.array(elements, dtype=object)
    keep = [col for col in (c.OPPORTUNITY_ID, c.STAGE, c.OWNER, c.AMOUNT) if col in opportunities]
    out = opportunities.loc[flag, keep].reset_index(drop=True)
    out["missing"] = [", ".join(names[row]) for row in missing[flag]]
    return out


def element_lift(opportunities: pd.DataFrame) -> pd.DataFrame:
    """Win rate of closed deals with and without each element; ``lift`` = with / without.

    Returns ``element``, ``closed_with``, ``won_with``, ``win_rate_with``, ``closed_without``,
    ``won_without``, ``win_rate_without``, ``lift``, ``difference``.
    """
    rows = []
    won = (rules.as_bool(opportunities[c.STATUS].eq("won")) if c.STATUS in opportunities
           else np.zeros(len(opportunities), bool))
    closed = won | (rules.as_bool(opportunities[c.STATUS].eq("lost")) if c.STATUS in opportunities else False)
    for col in checklist_elements(opportunities):
        has = rules.as_bool(opportunities[col])
        cw, ww = int((closed & has).sum()), int((won & has).sum())
        co, wo = int((closed & ~has).sum()), int((won & ~has).sum())
        rw, ro = rules.ratio(ww, cw), rules.ratio(wo, co)
        rows.append({"element": col, "closed_with": cw, "won_with": ww, "win_rate_with": rw, "closed_without": co,
                     "won_without": wo, "win_rate_without": ro, "lift": rules.ratio(rw, ro), "difference": rw - ro})
    return pd.DataFrame(rows, columns=["element", "closed_with", "won_with", "win_rate_with", "closed_without",
                                       "won_without", "win_rate_without", "lift", "difference"])
