"""The opportunity pipeline: reps, cycle and stage times, element checklist, forecast, collections.

Pure, vectorised functions on the clean ``opportunities`` and ``stage_history`` tables (and the lead
journey of :mod:`workbook.funnel`). :func:`diagnose` runs the whole funnel diagnosis once and
:func:`key_figures` turns it into the figures the notebook records.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook import columns as c
from workbook.funnel import _bool, _has, _ratio
from workbook.i18n import t

Z90 = 1.6449  # two-sided 90% normal interval
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
        flags = np.logical_and.accumulate(journey[stages].to_numpy(bool), axis=1).astype(np.int64)
        sums = pd.DataFrame(flags, columns=stages).assign(**{by: journey[by].to_numpy()}).groupby(
            by, observed=True).sum()
        for prev, step in zip(stages[:-1], stages[1:], strict=True):
            parts.append(pd.DataFrame({by: sums.index, "step": step, "trials": sums[prev].to_numpy(),
                                       "successes": sums[step].to_numpy()}))
    if _has(opportunities, c.STATUS) and _has(opportunities, by):
        won = _bool(opportunities[c.STATUS].eq("won"))
        closed = won | _bool(opportunities[c.STATUS].eq("lost"))
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
        out.append(group.assign(rate=_ratio(group["successes"], group["trials"]), team_rate=p0,
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
    (top - rest) and ``ratio``; the step with the largest ratio is where the eagles win.
    """
    wide = conversion.pivot_table(index=by, columns="step", values="shrunk_rate", sort=False)
    if wide.empty:
        return pd.DataFrame(columns=["step", "top_rate", "rest_rate", "gap", "ratio"])
    score = wide.fillna(wide.mean()).prod(axis=1).sort_values(ascending=False, kind="stable")
    top = set(score.index[: max(1, int(np.ceil(top_share * len(score))))])
    is_top = conversion[by].isin(top)
    rows = []
    for step, group in conversion.groupby("step", sort=False):
        mask = is_top.loc[group.index]
        top_rate = _ratio(group.loc[mask, "successes"].sum(), group.loc[mask, "trials"].sum())
        rest_rate = _ratio(group.loc[~mask, "successes"].sum(), group.loc[~mask, "trials"].sum())
        rows.append({"step": step, "top_rate": top_rate, "rest_rate": rest_rate, "gap": top_rate - rest_rate,
                     "ratio": _ratio(top_rate, rest_rate)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- cycle times

def cycle_times(journey: pd.DataFrame | None, opportunities: pd.DataFrame | None) -> pd.DataFrame:
    """Durations in days, lead -> opportunity -> close -> cash.

    Rows ``measure``: ``lead_to_opportunity``, ``lead_to_win`` (journey), ``opportunity_to_close``
    (closed deals), ``opportunity_to_win``, ``win_to_cash`` (won deals with a collection date).
    Columns ``n``, ``median``, ``p25``, ``p75``, ``mean``; measures without data have n = 0.
    """
    series: dict[str, pd.Series] = {}
    if journey is not None and f"opp_{c.CREATED_DATE}" in journey:
        series["lead_to_opportunity"] = journey[f"opp_{c.CREATED_DATE}"] - journey[c.CREATED_DATE]
        if "won" in journey and f"opp_{c.CLOSE_DATE}" in journey:
            won = journey["won"].to_numpy(bool)
            series["lead_to_win"] = (journey[f"opp_{c.CLOSE_DATE}"] - journey[c.CREATED_DATE])[won]
    if _has(opportunities, c.CLOSE_DATE) and _has(opportunities, c.STATUS):
        won = _bool(opportunities[c.STATUS].eq("won"))
        closed = won | _bool(opportunities[c.STATUS].eq("lost"))
        span = opportunities[c.CLOSE_DATE] - opportunities[c.CREATED_DATE]
        series["opportunity_to_close"] = span[closed]
        series["opportunity_to_win"] = span[won]
        if _has(opportunities, c.COLLECTED_DATE):
            series["win_to_cash"] = (opportunities[c.COLLECTED_DATE] - opportunities[c.CLOSE_DATE])[won]
    rows = []
    for name in ("lead_to_opportunity", "lead_to_win", "opportunity_to_close", "opportunity_to_win", "win_to_cash"):
        days = series.get(name, pd.Series(dtype="timedelta64[ns]")).dt.days.dropna()
        rows.append({"measure": name, "n": len(days), "median": days.median(), "p25": days.quantile(0.25),
                     "p75": days.quantile(0.75), "mean": days.mean()})
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
    order = pd.Series(np.arange(len(stages)), index=stages)
    hist = hist.assign(_k=hist[c.STAGE].map(order).to_numpy(dtype=float)).sort_values(
        [c.OPPORTUNITY_ID, c.ENTERED_DATE, "_k"], kind="stable")
    ids = hist[c.OPPORTUNITY_ID].to_numpy()
    entered = hist[c.ENTERED_DATE].to_numpy()
    last = np.append(ids[1:] != ids[:-1], True)
    end = np.empty_like(entered)
    end[:-1] = entered[1:]
    status = pd.Series("open", index=hist.index, dtype=object)
    close = pd.Series(pd.NaT, index=hist.index, dtype="datetime64[ns]")
    if opportunities is not None and c.STATUS in opportunities:
        info = opportunities.drop_duplicates(c.OPPORTUNITY_ID).set_index(c.OPPORTUNITY_ID)
        status = hist[c.OPPORTUNITY_ID].map(info[c.STATUS]).fillna("open").astype(object)
        if c.CLOSE_DATE in info:
            close = hist[c.OPPORTUNITY_ID].map(info[c.CLOSE_DATE])
    closed = status.isin(["won", "lost"]).to_numpy()
    final_end = np.where(closed, close.to_numpy(dtype="datetime64[ns]"), np.datetime64(pd.Timestamp(as_of), "ns"))
    end = np.where(last, final_end, end)
    spells = pd.DataFrame({c.OPPORTUNITY_ID: ids, c.STAGE: hist[c.STAGE].to_numpy(),
                           "days": (end - entered) / np.timedelta64(1, "D"),
                           "current": last & ~closed, "status": status.to_numpy()})
    spells = spells[spells["days"].notna()]
    out = spells.groupby([c.OPPORTUNITY_ID, c.STAGE], sort=False, observed=True).agg(
        days=("days", "sum"), current=("current", "any"), status=("status", "first")).reset_index()
    out["days"] = out["days"].clip(lower=0)
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
    survival = np.cumprod(1 - _ratio(events, at_risk))
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
    for stage in stages:
        group = spells[spells[c.STAGE].to_numpy() == stage]
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
    return [col for col in c.CHECKLIST if _has(opportunities, col)]


def checklist_completeness(opportunities: pd.DataFrame, *, stages: list[str]) -> pd.DataFrame:
    """Share of opportunities with each element confirmed, by current stage (empty cells count as missing).

    Returns ``stage``, ``deals``, one share column per element and ``complete`` (all elements).
    """
    elements = checklist_elements(opportunities)
    frame = pd.DataFrame({col: _bool(opportunities[col]) for col in elements})
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
    elements = [col for col in key_elements if _has(opportunities, col)]
    open_ = ~_bool(opportunities[c.STATUS].isin(["won", "lost"])) if c.STATUS in opportunities else np.ones(
        len(opportunities), bool)
    in_late = _bool(opportunities[c.STAGE].isin(list(late)))
    missing = np.column_stack([~_bool(opportunities[col]) for col in elements]) if elements else np.zeros(
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
    won = _bool(opportunities[c.STATUS].eq("won")) if c.STATUS in opportunities else np.zeros(len(opportunities), bool)
    closed = won | (_bool(opportunities[c.STATUS].eq("lost")) if c.STATUS in opportunities else False)
    for col in checklist_elements(opportunities):
        has = _bool(opportunities[col])
        cw, ww = int((closed & has).sum()), int((won & has).sum())
        co, wo = int((closed & ~has).sum()), int((won & ~has).sum())
        rw, ro = _ratio(ww, cw), _ratio(wo, co)
        rows.append({"element": col, "closed_with": cw, "won_with": ww, "win_rate_with": rw, "closed_without": co,
                     "won_without": wo, "win_rate_without": ro, "lift": _ratio(rw, ro), "difference": rw - ro})
    return pd.DataFrame(rows, columns=["element", "closed_with", "won_with", "win_rate_with", "closed_without",
                                       "won_without", "win_rate_without", "lift", "difference"])


# --------------------------------------------------------------------------- forecast

def _open(opportunities: pd.DataFrame) -> np.ndarray:
    if c.STATUS not in opportunities:
        return np.ones(len(opportunities), bool)
    return ~_bool(opportunities[c.STATUS].isin(["won", "lost"]))


def _with_interval(table: pd.DataFrame, z: float) -> pd.DataFrame:
    total = table[["deals", "amount", "expected", "variance"]].sum()
    row = pd.DataFrame([{"stage": "total", **total.to_dict(), "probability": _ratio(total["expected"], total["amount"])}])
    out = pd.concat([table, row], ignore_index=True)
    sd = np.sqrt(out["variance"].to_numpy(float))
    out["low"] = np.maximum(out["expected"] - z * sd, 0.0)
    out["high"] = out["expected"] + z * sd
    out["deals"] = out["deals"].astype(np.int64)
    return out


def weighted_forecast(opportunities: pd.DataFrame, *, probabilities: dict[str, float], z: float = Z90,
                      p: np.ndarray | None = None) -> pd.DataFrame:
    """Stage-weighted forecast of the open pipeline with an interval, by stage plus a ``total`` row.

    Each open deal is won with its stage's probability ``p``, independently: expected = sum a p,
    variance = sum a^2 p (1 - p); the interval is expected +- ``z`` sd (default 90%), floored at 0.
    ``p`` overrides the per-deal probabilities (the checklist-adjusted forecast passes its own).

    Returns ``stage``, ``deals``, ``amount``, ``probability`` (amount-weighted), ``expected``,
    ``variance``, ``low``, ``high``.

    >>> opps = pd.DataFrame({"stage": ["a", "b", "b"], "status": ["open", "open", "won"], "amount": [100.0, 200.0, 5.0]})
    >>> out = weighted_forecast(opps, probabilities={"a": 0.5, "b": 0.1}).set_index("stage")
    >>> out.loc["total", ["expected", "variance"]].tolist()
    [70.0, 6100.0]
    """
    is_open = _open(opportunities)
    amount = opportunities[c.AMOUNT].fillna(0).to_numpy(float)[is_open] if c.AMOUNT in opportunities else np.zeros(
        is_open.sum())
    stage = opportunities[c.STAGE].to_numpy()[is_open]
    prob = pd.Series(stage).map(probabilities).fillna(0).to_numpy(float) if p is None else np.asarray(p, float)[is_open]
    frame = pd.DataFrame({"stage": stage, "deals": 1, "amount": amount, "expected": amount * prob,
                          "variance": amount**2 * prob * (1 - prob)})
    order = list(probabilities)
    table = frame.groupby("stage", observed=True).sum().reindex(
        order + sorted(set(frame["stage"]) - set(order))).fillna(0).reset_index()
    table["probability"] = _ratio(table["expected"], table["amount"])
    return _with_interval(table[["stage", "deals", "amount", "probability", "expected", "variance"]], z)


def element_count(opportunities: pd.DataFrame) -> np.ndarray:
    """Number of checklist elements confirmed per deal (empty = not confirmed)."""
    elements = checklist_elements(opportunities)
    if not elements:
        return np.zeros(len(opportunities), dtype=np.int64)
    return np.column_stack([_bool(opportunities[col]) for col in elements]).sum(axis=1)


def checklist_factors(observations: pd.DataFrame, *, smoothing: float = 5.0) -> pd.Series:
    """How much more (or less) often deals with ``k`` confirmed elements win than their stage says.

    factor_k = (wins_k + s) / (sum of stage probabilities_k + s), over observations with columns
    ``elements``, ``p_stage``, ``won``. Index: k.

    >>> obs = pd.DataFrame({"elements": [0, 0, 3, 3], "p_stage": [0.5] * 4, "won": [False, False, True, True]})
    >>> checklist_factors(obs, smoothing=0).to_dict()
    {0: 0.0, 3: 2.0}
    """
    sums = observations.groupby("elements")[["won", "p_stage"]].sum()
    return (sums["won"] + smoothing) / (sums["p_stage"] + smoothing)


def adjusted_probability(p_stage, elements, factors: pd.Series) -> np.ndarray:
    """Stage probability times the checklist factor for the deal's element count, capped at 0.99."""
    factor = pd.Series(np.asarray(elements)).map(factors).fillna(1.0).to_numpy(float)
    return np.clip(np.asarray(p_stage, float) * factor, 0.0, 0.99)


def backtest_observations(opportunities: pd.DataFrame, stage_history: pd.DataFrame | None, *,
                          probabilities: dict[str, float]) -> pd.DataFrame:
    """Closed deals as forecast observations: one per stage the deal entered (from the history), else one
    at its last stage. ``p_stage`` is the configured probability of that stage; ``won`` the outcome.

    Returns ``opportunity_id``, ``stage``, ``p_stage``, ``elements`` (confirmed, as recorded now), ``won``.
    """
    won = _bool(opportunities[c.STATUS].eq("won"))
    closed = won | _bool(opportunities[c.STATUS].eq("lost"))
    deals = pd.DataFrame({c.OPPORTUNITY_ID: opportunities[c.OPPORTUNITY_ID].to_numpy(), "won": won,
                          "elements": element_count(opportunities), c.STAGE: opportunities[c.STAGE].to_numpy()})[closed]
    if stage_history is not None and len(stage_history):
        pairs = stage_history[[c.OPPORTUNITY_ID, c.STAGE]].drop_duplicates()
        obs = pairs.merge(deals.drop(columns=c.STAGE), on=c.OPPORTUNITY_ID, how="inner")
    else:
        obs = deals
    obs = obs.assign(p_stage=obs[c.STAGE].map(probabilities).astype(float))
    obs = obs[obs["p_stage"].notna()]
    return obs[[c.OPPORTUNITY_ID, c.STAGE, "p_stage", "elements", "won"]].sort_values(
        [c.OPPORTUNITY_ID, c.STAGE]).reset_index(drop=True)


def backtest(observations: pd.DataFrame, *, folds: int = 2, smoothing: float = 5.0) -> pd.DataFrame:
    """Cross-fitted checklist-adjusted probability ``p_checklist`` for each observation.

    Deals are split into ``folds`` groups by the order of their ids; the factors used for a deal are
    fitted on the other groups only, so the comparison with the stage model is out of sample.
    """
    codes = pd.factorize(observations[c.OPPORTUNITY_ID], sort=True)[0] % folds
    p = np.empty(len(observations))
    for fold in range(folds):
        test = codes == fold
        factors = checklist_factors(observations[~test], smoothing=smoothing)
        p[test] = adjusted_probability(observations["p_stage"].to_numpy()[test],
                                       observations["elements"].to_numpy()[test], factors)
    return observations.assign(p_checklist=p)


def brier(p, outcome) -> float | None:
    """Mean squared error of probabilities against 0/1 outcomes (None when empty).

    >>> brier([0.5, 1.0], [True, False])
    0.625
    """
    p = np.asarray(p, float)
    if not len(p):
        return None
    return float(np.mean((p - np.asarray(outcome, float)) ** 2))


def calibration_table(observations: pd.DataFrame, *, models=("p_stage", "p_checklist"), bins: int = 5) -> pd.DataFrame:
    """Predicted vs observed win rate in equal-width probability bins, per model.

    Returns ``model``, ``bin`` (lower edge), ``n``, ``predicted`` (mean), ``observed`` (win rate).
    """
    rows = []
    for model in models:
        if model not in observations:
            continue
        p = observations[model].to_numpy(float)
        which = np.minimum((p * bins).astype(int), bins - 1)
        frame = pd.DataFrame({"bin": which / bins, "p": p, "won": observations["won"].to_numpy(float)})
        agg = frame.groupby("bin").agg(n=("p", "size"), predicted=("p", "mean"), observed=("won", "mean"))
        rows.append(agg.reset_index().assign(model=model))
    if not rows:
        return pd.DataFrame(columns=["model", "bin", "n", "predicted", "observed"])
    return pd.concat(rows, ignore_index=True)[["model", "bin", "n", "predicted", "observed"]]


# --------------------------------------------------------------------------- collections

def collections(opportunities: pd.DataFrame, *, as_of, terms_days: int = 90) -> dict:
    """Won -> invoiced -> collected: amounts, shares, delay, overdue (None where the column is missing).

    A won deal is overdue when it closed more than ``terms_days`` before ``as_of`` and less than its
    amount is collected; ``overdue_amount`` is what is still unpaid on those deals.
    """
    won = _bool(opportunities[c.STATUS].eq("won")) if c.STATUS in opportunities else np.zeros(len(opportunities), bool)
    deals = opportunities[won]
    out = dict.fromkeys(("won_deals", "won_amount", "invoiced_amount", "invoiced_share", "collected_amount",
                         "collected_share", "median_days_to_cash", "overdue_deals", "overdue_amount"))
    out["won_deals"] = int(won.sum())
    if not _has(deals, c.AMOUNT):
        return out
    amount = deals[c.AMOUNT].fillna(0)
    out["won_amount"] = float(amount.sum())
    if _has(opportunities, c.INVOICED_AMOUNT):
        out["invoiced_amount"] = float(deals[c.INVOICED_AMOUNT].fillna(0).sum())
        out["invoiced_share"] = _ratio(out["invoiced_amount"], out["won_amount"])
    if _has(opportunities, c.COLLECTED_AMOUNT):
        collected = deals[c.COLLECTED_AMOUNT].fillna(0)
        out["collected_amount"] = float(collected.sum())
        out["collected_share"] = _ratio(out["collected_amount"], out["won_amount"])
        if _has(deals, c.CLOSE_DATE):
            due = (deals[c.CLOSE_DATE] < pd.Timestamp(as_of) - pd.Timedelta(days=terms_days)).to_numpy(bool)
            short = (collected < amount).to_numpy(bool) & due
            out["overdue_deals"] = int(short.sum())
            out["overdue_amount"] = float((amount - collected)[short].sum())
    if _has(deals, c.COLLECTED_DATE) and _has(deals, c.CLOSE_DATE):
        delay = (deals[c.COLLECTED_DATE] - deals[c.CLOSE_DATE]).dt.days.median()
        out["median_days_to_cash"] = None if pd.isna(delay) else float(delay)
    for key in ("invoiced_share", "collected_share"):
        if out[key] is not None and np.isnan(out[key]):
            out[key] = None
    return out


def overdue_deals(opportunities: pd.DataFrame, *, as_of, terms_days: int = 90, limit: int | None = 50) -> pd.DataFrame:
    """Won deals closed more than ``terms_days`` ago and not fully collected, largest unpaid first."""
    if not {c.STATUS, c.AMOUNT, c.CLOSE_DATE, c.COLLECTED_AMOUNT} <= set(opportunities):
        return pd.DataFrame(columns=[c.OPPORTUNITY_ID, c.OWNER, c.CLOSE_DATE, c.AMOUNT, c.COLLECTED_AMOUNT, "unpaid",
                                     "days_since_close"])
    won = _bool(opportunities[c.STATUS].eq("won"))
    deals = opportunities[won]
    unpaid = deals[c.AMOUNT].fillna(0) - deals[c.COLLECTED_AMOUNT].fillna(0)
    age = (pd.Timestamp(as_of) - deals[c.CLOSE_DATE]).dt.days
    mask = ((unpaid > 0) & (age > terms_days)).to_numpy(bool)
    keep = [col for col in (c.OPPORTUNITY_ID, c.OWNER, c.CLOSE_DATE, c.AMOUNT, c.COLLECTED_AMOUNT) if col in deals]
    out = deals.loc[mask, keep].assign(unpaid=unpaid[mask], days_since_close=age[mask])
    out = out.sort_values(["unpaid", c.OPPORTUNITY_ID], ascending=[False, True]).reset_index(drop=True)
    return out if limit is None else out.head(limit)


# --------------------------------------------------------------------------- the whole diagnosis

def as_of_date(config, *frames_and_cols) -> pd.Timestamp | None:
    """``config.period.end``, else the latest date among ``(frame, column)`` pairs."""
    if config.period is not None:
        return pd.Timestamp(config.period.end)
    dates = [frame[col].max() for frame, col in frames_and_cols if _has(frame, col)]
    return max(dates) if dates else None


def diagnose(tables: dict, config, *, window_days: int | None = None, probabilities: dict[str, float] | None = None,
             revenue_target: float | None = None, target_months: int = 12, terms_days: int = 90,
             top_share: float = 0.2) -> dict:
    """Every table of the funnel diagnosis, computed once; a section whose inputs are missing is None.

    Parameters
    ----------
    tables : dict
        Clean tables by name (``leads``, ``opportunities``, ``stage_history``, ``activities``), None when absent.
    config : ClientConfig
        Stages (and default probabilities), ``followup_days``, ``revenue_target``, ``period``.
    window_days, probabilities, revenue_target : optional
        Override ``config.followup_days``, the stage probabilities and ``config.revenue_target`` (the sliders).
    target_months : int
        Months the revenue target covers (12: an annual target).
    terms_days : int
        Payment terms: won deals older than this and not fully paid are overdue.
    top_share : float
        Share of reps counted as the top group.

    Returns
    -------
    dict
        ``journey``, ``funnel`` and ``funnel_any`` (:func:`~workbook.funnel.funnel_table`), ``delays``,
        ``utilisation``, ``delay_distribution``, ``rotting``, ``reverse``, ``sources``, ``active``,
        ``tender``, ``five``, ``reps``, ``top_vs_rest``, ``cycle``, ``spells``, ``stage_times``, ``stuck``,
        ``completeness``, ``still_leads``, ``lift``, ``forecast``, ``forecast_checklist``, ``backtest``,
        ``calibration``, ``collections``, ``overdue``, plus ``as_of``, ``window_days``, ``late``.
    """
    from workbook import funnel as fn

    leads, opps = tables.get(c.LEADS), tables.get(c.OPPORTUNITIES)
    history, activities = tables.get(c.STAGE_HISTORY), tables.get(c.ACTIVITIES)
    stage_names = [s.name for s in config.stages]
    probabilities = probabilities or {s.name: s.probability for s in config.stages}
    window = window_days or config.followup_days
    target = config.revenue_target if revenue_target is None else revenue_target
    as_of = as_of_date(config, (leads, c.CREATED_DATE), (opps, c.CLOSE_DATE), (opps, c.CREATED_DATE))
    late = fn.late_stages(config.stages)
    d: dict = dict.fromkeys((
        "journey", "funnel", "funnel_any", "delays", "utilisation", "delay_distribution", "rotting", "reverse",
        "sources", "active", "tender", "five", "reps", "top_vs_rest", "cycle", "spells", "stage_times", "stuck",
        "completeness", "still_leads", "lift", "forecast", "forecast_checklist", "backtest", "calibration",
        "collections", "overdue", "outcomes"))
    d.update(as_of=as_of, window_days=window, late=late, target_months=target_months)
    weeks = ((config.period.end - config.period.start).days + 1) / 7 if config.period else None
    d["five"] = fn.five_numbers(activities, opps, stages=config.stages, weeks=weeks, late=late)
    journey = None
    if leads is not None:
        journey = d["journey"] = fn.lead_journey(leads, opps)
        d["funnel"] = fn.funnel_table(journey)
        d["funnel_any"] = fn.funnel_table(journey, form="any_point")
        d["sources"] = fn.source_table(journey)
        d["active"] = fn.active_share(journey)
        d["tender"] = fn.tender_timing(journey)
        d["reverse"] = fn.reverse_funnel(journey, revenue_target=target, target_months=target_months)
        if c.FIRST_FOLLOWUP_DATE in leads:
            d["delays"] = fn.followup_delays(leads, window_days=window, as_of=as_of)
            d["utilisation"] = fn.utilisation(d["delays"])
            d["delay_distribution"] = fn.delay_distribution(d["delays"])
            d["rotting"] = fn.rotting_leads(d["delays"], as_of=as_of, window_days=window, limit=None)
    steps = rep_steps(journey, opps)
    if len(steps):
        d["reps"] = rep_conversion(steps)
        d["top_vs_rest"] = top_vs_rest(d["reps"], top_share=top_share)
    d["cycle"] = cycle_times(journey, opps)
    if _has(opps, c.STATUS):
        status = opps[c.STATUS]
        won, lost = int(status.eq("won").sum()), int(status.eq("lost").sum())
        d["outcomes"] = {"won": won, "lost": lost, "open": len(opps) - won - lost,
                         "won_only": won == len(opps)}
    if opps is not None:
        if history is not None and as_of is not None:
            d["spells"] = stage_spells(history, opps, stages=stage_names, as_of=as_of)
            d["stage_times"] = time_in_stage(d["spells"], stages=stage_names)
            d["stuck"] = stuck_deals(d["spells"], d["stage_times"], opps, limit=None)
        if checklist_elements(opps):
            d["completeness"] = checklist_completeness(opps, stages=stage_names)
            d["still_leads"] = really_still_leads(opps, late=late)
            d["lift"] = element_lift(opps)
        if _has(opps, c.AMOUNT):
            d["forecast"] = weighted_forecast(opps, probabilities=probabilities)
        if _has(opps, c.STATUS):
            obs = backtest_observations(opps, history, probabilities=probabilities)
            if len(obs) and obs["won"].any() and not obs["won"].all():
                d["backtest"] = backtest(obs) if checklist_elements(opps) else obs
                d["calibration"] = calibration_table(d["backtest"])
                if checklist_elements(opps) and _has(opps, c.AMOUNT):
                    p_stage = opps[c.STAGE].map(probabilities).fillna(0).to_numpy(float)
                    p = adjusted_probability(p_stage, element_count(opps), checklist_factors(obs))
                    d["forecast_checklist"] = weighted_forecast(opps, probabilities=probabilities, p=p)
            if as_of is not None:
                d["collections"] = collections(opps, as_of=as_of, terms_days=terms_days)
                d["overdue"] = overdue_deals(opps, as_of=as_of, terms_days=terms_days, limit=None)
    return d


def _num(value):
    """float or None (NaN, NA and None become None)."""
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def key_figures(d: dict) -> dict:
    """The recorded ``funnel.*`` figures from :func:`diagnose`; None wherever the inputs are missing.

    Lead counts come from the journey (leads table); ``opportunities``, ``won`` and ``lost`` from the
    opportunities table when present (else the converted leads for ``opportunities``). ``lost`` and
    ``win_rate_closed`` are None when the client sent won deals only (no lost or open deal).
    """
    j, five = d["journey"], d["five"]
    fig: dict = {}

    def count(col):
        return int(j[col].sum()) if j is not None and col in j else None

    fig["funnel.leads"] = None if j is None else len(j)
    fig["funnel.followed_up"] = count("followed_up")
    util = d["utilisation"]
    fig["funnel.never_followed_up_share"] = None if util is None else _num(util["never_share"].iloc[0])
    fig["funnel.followed_within_window_share"] = None if util is None else _num(util["within_window_share"].iloc[0])
    fig["funnel.qualified"] = count("qualified")
    fig["funnel.opportunities"] = five["opportunities"] if five["opportunities"] is not None else count("opportunity")
    outcomes = d["outcomes"]
    fig["funnel.won"] = None if outcomes is None else outcomes["won"]
    fig["funnel.lost"] = None if outcomes is None or outcomes["won_only"] else outcomes["lost"]
    fig["funnel.win_rate_closed"] = None if fig["funnel.lost"] is None else _num(
        _ratio(outcomes["won"], outcomes["won"] + outcomes["lost"]))
    fig["funnel.lead_to_win_rate"] = None if j is None or "won" not in j or not len(j) else _num(j["won"].mean())
    fig["funnel.median_days_lead_to_win"] = None
    fig["funnel.median_days_opportunity_to_close"] = None
    if d["cycle"] is not None:
        cycle = d["cycle"].set_index("measure")
        fig["funnel.median_days_lead_to_win"] = _num(cycle.loc["lead_to_win", "median"])
        fig["funnel.median_days_opportunity_to_close"] = _num(cycle.loc["opportunity_to_close", "median"])
    fig["funnel.by_source"] = None
    if d["sources"] is not None:
        fig["funnel.by_source"] = {
            str(row[c.SOURCE]): {"leads": int(row["leads"]), "won": _num(row["won"]),
                                 "lead_to_win_rate": _num(row["lead_to_win_rate"]),
                                 "cost_per_lead": _num(row["cost_per_lead"]), "cost_per_win": _num(row["cost_per_win"]),
                                 "roi": _num(row["roi"])}
            for _, row in d["sources"].iterrows()}
    fig["funnel.active_share"] = None if d["active"] is None else d["active"]["active_lead_share"]
    fig["funnel.pre_tender_win_rate"] = fig["funnel.post_tender_win_rate"] = None
    if d["tender"] is not None:
        rates = d["tender"].set_index("timing")["win_rate"]
        fig["funnel.pre_tender_win_rate"] = _num(rates["before"])
        fig["funnel.post_tender_win_rate"] = _num(rates["after"])
    fig["funnel.required_leads_per_month"] = None if d["reverse"] is None else _num(
        d["reverse"]["required_leads_per_month"])
    fig["funnel.weighted_pipeline"] = None if d["forecast"] is None else _num(d["forecast"]["expected"].iloc[-1])
    bt = d["backtest"]
    fig["funnel.forecast_brier_stage"] = None if bt is None else brier(bt["p_stage"], bt["won"])
    fig["funnel.forecast_brier_checklist"] = None if bt is None or "p_checklist" not in bt else brier(
        bt["p_checklist"], bt["won"])
    fig["funnel.collected_share"] = None if d["collections"] is None else d["collections"]["collected_share"]
    fig["funnel.five_numbers"] = {k: _num(v) for k, v in five.items()}
    return fig


# --------------------------------------------------------------------------- interpretation

def _pct(x) -> str:
    return f"{x:.0%}"


def leaks(d: dict, figures: dict) -> pd.DataFrame:
    """Candidate leaks with a severity in [0, 1] (share of the flow lost there) and a sentence in zh and en.

    Returns ``leak``, ``severity``, ``zh``, ``en``, sorted by severity, largest first.
    """
    import html

    rows = []
    never = figures.get("funnel.never_followed_up_share")
    within = figures.get("funnel.followed_within_window_share")
    if never is not None:
        w = d["window_days"]
        rows.append(("unused_leads", never,
                     f"线索利用不足：{_pct(never)} 的线索从未跟进，{w} 天内跟进的仅 {_pct(within or 0)}。",
                     f"Unused leads: {_pct(never)} of leads were never followed up; only {_pct(within or 0)} "
                     f"within {w} days."))
    if d["funnel"] is not None:
        steps = d["funnel"].dropna(subset=["step_rate"])
        steps = steps[steps["stage"] != "followed_up"] if never is not None else steps
        if len(steps):
            worst = steps.loc[steps["step_rate"].idxmin()]
            rate = float(worst["step_rate"])
            rows.append(("weak_step", 1 - rate, f"漏斗断点：进入“{t('funnel.stage.' + worst['stage'], 'zh')}”的转化率只有 {_pct(rate)}。",
                         f"Break in the funnel: only {_pct(rate)} move on to '{t('funnel.stage.' + worst['stage'], 'en')}'."))
    rev = d["reverse"]
    if rev is not None and rev.get("gap_per_month") is not None and rev["gap_per_month"] > 0:
        gap, need = rev["gap_per_month"], rev["required_leads_per_month"]
        rows.append(("funnel_mouth", gap / need,
                     f"喇叭口太小：实现收入目标每月需 {need:,.0f} 条线索，目前约 {rev['current_leads_per_month']:,.0f} 条，"
                     f"每月缺口 {gap:,.0f} 条。",
                     f"Funnel mouth too small: the target needs {need:,.0f} leads a month, today about "
                     f"{rev['current_leads_per_month']:,.0f}; a gap of {gap:,.0f} a month."))
    src = d["sources"]
    overall = figures.get("funnel.lead_to_win_rate")
    if src is not None and overall:
        weak = src[src["lead_to_win_rate"] < overall / 2]
        if len(weak):
            top = weak.loc[weak["lead_share"].idxmax()]
            name = html.escape(str(top[c.SOURCE]))
            rows.append(("weak_source", float(top["lead_share"]),
                         f"渠道质量：“{name}”贡献 {_pct(top['lead_share'])} 的线索，但赢单转化仅 "
                         f"{top['lead_to_win_rate']:.1%}（整体 {overall:.1%}）。",
                         f"Channel quality: '{name}' brings {_pct(top['lead_share'])} of leads but converts "
                         f"{top['lead_to_win_rate']:.1%} to wins (all: {overall:.1%})."))
    pre, post = figures.get("funnel.pre_tender_win_rate"), figures.get("funnel.post_tender_win_rate")
    if pre and post is not None and pre > post:
        rows.append(("late_engagement", (pre - post) / pre / 2,
                     f"介入太晚：标前介入的赢单率 {_pct(pre)}，标后仅 {_pct(post)}。",
                     f"Engaged too late: {_pct(pre)} win rate when engaged before the tender, {_pct(post)} after."))
    cash = figures.get("funnel.collected_share")
    if cash is not None:
        rows.append(("uncollected_cash", 1 - cash, f"回款漏损：赢单金额中只有 {_pct(cash)} 已回款。",
                     f"Cash leak: only {_pct(cash)} of the won amount has been collected."))
    out = pd.DataFrame(rows, columns=["leak", "severity", "zh", "en"])
    return out.sort_values("severity", ascending=False, kind="stable").reset_index(drop=True)


def interpret(d: dict, figures: dict, *, lang: str = "zh", n: int = 3) -> str:
    """The ``n`` biggest leaks as a numbered Markdown list, with what to do; computed from the numbers."""
    table = leaks(d, figures).head(n)
    if table.empty:
        return "数据不足，无法判断主要漏损。" if lang == "zh" else "Not enough data to name the biggest leaks."
    head = "**三个最大的漏损点：**" if lang == "zh" else "**The biggest leaks:**"
    return "\n".join([head, ""] + [f"{i}. {text}" for i, text in enumerate(table[lang], start=1)])


# what each section of the diagnosis needs, for the notebook's "missing data" notes
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "five": {c.ACTIVITIES: (c.DATE, c.TYPE), c.OPPORTUNITIES: (c.STAGE, c.STATUS, c.AMOUNT)},
    "funnel": {c.LEADS: (c.LEAD_ID, c.FIRST_FOLLOWUP_DATE, c.QUALIFIED_DATE), c.OPPORTUNITIES: (c.STATUS,)},
    "utilisation": {c.LEADS: (c.FIRST_FOLLOWUP_DATE,)},
    "reverse": {c.LEADS: (c.CREATED_DATE,), c.OPPORTUNITIES: (c.STATUS, c.AMOUNT, c.CLOSE_DATE)},
    "sources": {c.LEADS: (c.SOURCE, c.SOURCE_TYPE, c.COST), c.OPPORTUNITIES: (c.STATUS, c.AMOUNT)},
    "tender": {c.LEADS: (c.TENDER_DATE,), c.OPPORTUNITIES: (c.STATUS,)},
    "reps": {c.LEADS: (c.OWNER,), c.OPPORTUNITIES: (c.OWNER, c.STATUS)},
    "stage_times": {c.STAGE_HISTORY: (c.ENTERED_DATE,), c.OPPORTUNITIES: (c.STATUS, c.CLOSE_DATE)},
    "completeness": {c.OPPORTUNITIES: c.CHECKLIST},
    "forecast": {c.OPPORTUNITIES: (c.STAGE, c.STATUS, c.AMOUNT)},
    "backtest": {c.OPPORTUNITIES: (c.STATUS, *c.CHECKLIST), c.STAGE_HISTORY: (c.ENTERED_DATE,)},
    "collections": {c.OPPORTUNITIES: (c.INVOICED_AMOUNT, c.COLLECTED_AMOUNT, c.COLLECTED_DATE)},
}


def missing_note(missing: list[str], *, lang: str = "zh") -> str:
    """Markdown saying which data would enable a section (``missing`` from ``Client.missing``), escaped."""
    import html

    what = ", ".join(html.escape(m) for m in missing) or ("更多数据" if lang == "zh" else "more data")
    return "> " + t("funnel.missing", lang, what=what)
