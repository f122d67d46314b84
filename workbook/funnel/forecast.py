"""Forecasts and cash: the stage-weighted pipeline with an interval, the checklist-adjusted forecast,
its backtest on closed deals (Brier score, calibration) and collections.

Pure functions on the clean ``opportunities`` (and ``stage_history``) tables.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.keys import lookup, shared_codes
from workbook.funnel.pipeline import checklist_elements

Z90 = 1.6449  # two-sided 90% normal interval


# --------------------------------------------------------------------------- forecast

def _open(opportunities: pd.DataFrame) -> np.ndarray:
    if c.STATUS not in opportunities:
        return np.ones(len(opportunities), bool)
    return ~rules.as_bool(opportunities[c.STATUS].isin(["won", "lost"]))


def _with_interval(table: pd.DataFrame, z: float) -> pd.DataFrame:
    total = table[["deals", "amount", "expected", "variance"]].sum()
    row = pd.DataFrame([{"stage": "total", **total.to_dict(),
                         "probability": rules.ratio(total["expected"], total["amount"])}])
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

    >>> opps = pd.DataFrame({"stage": ["a", "b", "b"], "status": ["open", "open", "won"],
    ...                      "amount": [100.0, 200.0, 5.0]})
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
    table["probability"] = rules.ratio(table["expected"], table["amount"])
    return _with_interval(table[["stage", "deals", "amount", "probability", "expected", "variance"]], z)


def element_count(frame: pd.DataFrame, elements: list[str] | None = None) -> np.ndarray:
    """Number of checklist elements confirmed per row (empty = not confirmed): of ``elements``, else of every
    element ``frame`` (opportunities, or the stage history's values as entered) has."""
    elements = checklist_elements(frame) if elements is None else elements
    if not elements:
        return np.zeros(len(frame), dtype=np.int64)
    return np.column_stack([rules.as_bool(frame[col]) for col in elements]).sum(axis=1)


def elements_as_entered(opportunities: pd.DataFrame, stage_history: pd.DataFrame | None) -> list[str]:
    """The checklist elements the stage history records as they stood when each stage was entered (and the
    opportunities record today): what a backtest may use without looking ahead. Empty without them.

    >>> opps = pd.DataFrame({"need": [True], "budget": [False]})
    >>> elements_as_entered(opps, pd.DataFrame({"need": [True], "budget": [None], "value_clear": [True]}))
    ['need']
    """
    if stage_history is None:
        return []
    return [col for col in checklist_elements(opportunities) if rules.has(stage_history, col)]


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
                          probabilities: dict[str, float], as_entered: list[str] | None = None) -> pd.DataFrame:
    """Closed deals as forecast observations: one per stage the deal entered (from the history), else one
    at its last stage. ``p_stage`` is the configured probability of that stage; ``won`` the outcome.

    Returns ``opportunity_id``, ``stage``, ``p_stage``, ``won`` and ``elements``: with ``as_entered`` (the
    elements of :func:`elements_as_entered`), how many of them were confirmed when the deal entered that
    stage, read from the stage history, so a backtest sees only what was known then; without it, how many
    of the deal's elements are confirmed today (the outcome may have filled them in: fit a forecast on it,
    never score one).
    """
    won = rules.as_bool(opportunities[c.STATUS].eq("won"))
    closed = won | rules.as_bool(opportunities[c.STATUS].eq("lost"))
    elements = element_count(opportunities)
    rows = None
    if stage_history is not None and len(stage_history):
        deal, opp_deal = shared_codes(stage_history[c.OPPORTUNITY_ID], opportunities[c.OPPORTUNITY_ID], sort=True)
        stage = shared_codes(stage_history[c.STAGE], sort=True)[0]
        pair = deal * (stage.max(initial=0) + 1) + stage
        valid = np.flatnonzero((deal >= 0) & (stage >= 0))
        rows = valid[np.unique(pair[valid], return_index=True)[1]]  # one per (deal, stage), sorted by both
        pos = lookup(deal[rows], opp_deal)
        rows, pos = rows[pos >= 0], pos[pos >= 0]
        rows, pos = rows[closed[pos]], pos[closed[pos]]
        ids, stages = stage_history[c.OPPORTUNITY_ID].array.take(rows), stage_history[c.STAGE].array.take(rows)
    else:
        pos = np.flatnonzero(closed)
        pos = pos[np.argsort(shared_codes(opportunities[c.OPPORTUNITY_ID], sort=True)[0][pos], kind="stable")]
        ids, stages = opportunities[c.OPPORTUNITY_ID].array.take(pos), opportunities[c.STAGE].array.take(pos)
    obs = pd.DataFrame({c.OPPORTUNITY_ID: ids, c.STAGE: stages})
    obs["p_stage"] = obs[c.STAGE].map(probabilities).astype(float)
    obs["elements"] = elements[pos] if not as_entered or rows is None else element_count(
        stage_history.iloc[rows], as_entered)
    obs["won"] = won[pos]
    return obs[obs["p_stage"].notna().to_numpy()].reset_index(drop=True)


def backtest(observations: pd.DataFrame, *, folds: int = 2, smoothing: float = 5.0) -> pd.DataFrame:
    """Cross-fitted checklist-adjusted probability ``p_checklist`` for each observation.

    Deals are split into ``folds`` groups by the order of their ids; the factors used for a deal are
    fitted on the other groups only, so the comparison with the stage model is out of sample.
    """
    codes = shared_codes(observations[c.OPPORTUNITY_ID], sort=True)[0] % folds
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
    """Won -> delivered -> invoiced -> collected: amounts, shares, delays, overdue (None where the column is
    missing).

    ``delivered_deals`` / ``delivered_share`` (of won deals) and ``median_days_to_delivery`` (close to
    delivery) need the optional ``delivered_date``. A won deal is overdue when it closed more than
    ``terms_days`` before ``as_of`` and less than its amount is collected; ``overdue_amount`` is what is
    still unpaid on those deals.

    >>> opps = pd.DataFrame({"status": ["won", "won", "lost"], "amount": [100.0, 300.0, 50.0],
    ...                      "close_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-01-01"]),
    ...                      "delivered_date": pd.to_datetime(["2025-01-21", None, None])})
    >>> out = collections(opps, as_of="2025-06-30")
    >>> out["delivered_deals"], out["delivered_share"], out["delivered_amount"], out["median_days_to_delivery"]
    (1, 0.5, 100.0, 20.0)
    """
    won = (rules.as_bool(opportunities[c.STATUS].eq("won")) if c.STATUS in opportunities
           else np.zeros(len(opportunities), bool))
    deals = opportunities[won]
    out = dict.fromkeys(("won_deals", "won_amount", "delivered_deals", "delivered_share", "delivered_amount",
                         "median_days_to_delivery", "invoiced_amount", "invoiced_share", "collected_amount",
                         "collected_share", "median_days_to_cash", "overdue_deals", "overdue_amount"))
    out["won_deals"] = int(won.sum())
    if rules.has(deals, c.DELIVERED_DATE):
        delivered = deals[c.DELIVERED_DATE].notna().to_numpy()
        out["delivered_deals"] = int(delivered.sum())
        out["delivered_share"] = float(rules.ratio(out["delivered_deals"], out["won_deals"]))
        if rules.has(deals, c.AMOUNT):
            out["delivered_amount"] = float(deals.loc[delivered, c.AMOUNT].fillna(0).sum())
        if rules.has(deals, c.CLOSE_DATE):
            days = (deals[c.DELIVERED_DATE] - deals[c.CLOSE_DATE]).dt.days.median()
            out["median_days_to_delivery"] = None if pd.isna(days) else float(days)
    if not rules.has(deals, c.AMOUNT):
        return out
    amount = deals[c.AMOUNT].fillna(0)
    out["won_amount"] = float(amount.sum())
    if rules.has(opportunities, c.INVOICED_AMOUNT):
        out["invoiced_amount"] = float(deals[c.INVOICED_AMOUNT].fillna(0).sum())
        out["invoiced_share"] = rules.ratio(out["invoiced_amount"], out["won_amount"])
    if rules.has(opportunities, c.COLLECTED_AMOUNT):
        collected = deals[c.COLLECTED_AMOUNT].fillna(0)
        out["collected_amount"] = float(collected.sum())
        out["collected_share"] = rules.ratio(out["collected_amount"], out["won_amount"])
        if rules.has(deals, c.CLOSE_DATE):
            due = (deals[c.CLOSE_DATE] < pd.Timestamp(as_of) - pd.Timedelta(days=terms_days)).to_numpy(bool)
            short = (collected < amount).to_numpy(bool) & due
            out["overdue_deals"] = int(short.sum())
            out["overdue_amount"] = float((amount - collected)[short].sum())
    if rules.has(deals, c.COLLECTED_DATE) and rules.has(deals, c.CLOSE_DATE):
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
    won = rules.as_bool(opportunities[c.STATUS].eq("won"))
    deals = opportunities[won]
    unpaid = deals[c.AMOUNT].fillna(0) - deals[c.COLLECTED_AMOUNT].fillna(0)
    age = (pd.Timestamp(as_of) - deals[c.CLOSE_DATE]).dt.days
    mask = ((unpaid > 0) & (age > terms_days)).to_numpy(bool)
    keep = [col for col in (c.OPPORTUNITY_ID, c.OWNER, c.CLOSE_DATE, c.AMOUNT, c.COLLECTED_AMOUNT) if col in deals]
    out = deals.loc[mask, keep].assign(unpaid=unpaid[mask], days_since_close=age[mask])
    out = out.sort_values(["unpaid", c.OPPORTUNITY_ID], ascending=[False, True]).reset_index(drop=True)
    return out if limit is None else out.head(limit)
