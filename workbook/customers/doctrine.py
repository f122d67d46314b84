"""Does the grading work? The tier doctrine tested against what the tiers won after the tier date.

The matrix advises from its tiers (build trust with tier 4, serve tier 5 with spare capacity only). That
advice holds only when the tiers rank outcomes. The rule, in one sentence a client can follow: **the tiers
rank outcomes when the customer assets (tiers 1-3) win a larger share of their closed deals than tiers 4-5
and won more per customer, and tier 1 does not win less often than tier 5**; a tier with fewer than
``min_closed`` closed deals (won + lost) after the tier date is left out of the comparison. When they do not,
:func:`tier_check` names the rule that is off: ``"level"`` when quality and strategic customers win less often
than target customers, ``"relationship"`` when familiar and partner customers win less often than neutral ones.

Outcomes are measured on deals created after the tier date, against the tier each customer had on that
date (:func:`workbook.customers.tiers.tier_date`), so a win in the period cannot have made the tier.
:func:`check_tiers` is the entry point other chapters use: tier-policy advice is withheld when its
``ranks`` is False.

>>> tiers = pd.DataFrame({"tier": list("12345") + ["none"], "customers": [2, 2, 2, 2, 2, 0],
...                       "won": [6, 5, 4, 3, 2, 0], "lost": [4, 5, 6, 7, 8, 0],
...                       "revenue": [60.0, 50.0, 40.0, 10.0, 10.0, 0.0]})
>>> check = tier_check(tiers, by_level=None, by_relationship=None)
>>> check.ranks, check.off, round(check.assets_rate, 2), round(check.others_rate, 2)
(True, (), 0.5, 0.25)
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.customers.tiers import ASSET_KEYS, tier_date, tier_outcomes, tiered_customers

__all__ = ["MIN_CLOSED", "HIGH_LEVELS", "CLOSE_RELATIONSHIPS", "TierCheck", "outcomes_by", "tier_check",
           "check_tiers", "NO_FIGURES"]

MIN_CLOSED = 10  # closed deals (won + lost) a tier needs after the tier date to enter the comparison
HIGH_LEVELS, BASE_LEVEL = ("quality", "strategic"), "target"  # higher levels should win more than target
CLOSE_RELATIONSHIPS, BASE_RELATIONSHIP = ("familiar", "partner"), "neutral"  # closer ones more than neutral
OTHER_KEYS = ("4", "5")  # the graded tiers that are not customer assets
NO_FIGURES = {"matrix.tiers_rank_outcomes": None, "matrix.tier_check": None}


@dataclass(frozen=True)
class TierCheck:
    """Whether the tiers rank outcomes after the tier date, which rule is off, and the evidence.

    ``ranks``: the assets (tiers 1-3) win a larger share of closed deals than tiers 4-5 and more per
    customer, and tier 1 wins at least as often as tier 5 (each where both sides have enough closed deals).
    ``off``: ``"level"`` and/or ``"relationship"`` (see the module). By tier key ``"1"`` .. ``"5"``:
    ``win_rate`` (won / closed, NaN without a closed deal), ``closed`` (won + lost), ``won_per_customer``
    (won amount / customers in the tier at the date). ``left_out``: tiers with fewer than ``min_closed``
    closed deals. ``assets_rate`` / ``others_rate`` and ``assets_value`` / ``others_value``: the pooled win
    rate and won amount per customer of the tiers 1-3 and 4-5 compared. ``level_rates`` (``"high"``:
    quality and strategic, ``"target"``) and ``relationship_rates`` (``"close"``: familiar and partner,
    ``"neutral"``) with their closed deals in ``level_closed`` / ``relationship_closed``.
    """

    ranks: bool
    off: tuple[str, ...]
    win_rate: Mapping[str, float]
    closed: Mapping[str, int]
    won_per_customer: Mapping[str, float]
    left_out: tuple[str, ...]
    assets_rate: float
    others_rate: float
    assets_value: float
    others_value: float
    level_rates: Mapping[str, float] = field(default_factory=dict)
    level_closed: Mapping[str, int] = field(default_factory=dict)
    relationship_rates: Mapping[str, float] = field(default_factory=dict)
    relationship_closed: Mapping[str, int] = field(default_factory=dict)
    min_closed: int = MIN_CLOSED
    date: pd.Timestamp | None = None

    def figures(self) -> dict:
        """``matrix.tiers_rank_outcomes`` and ``matrix.tier_check`` (codes and raw numbers, None for NaN)."""
        def num(value):
            return None if value is None or pd.isna(value) else float(value)

        evidence = {
            "off": list(self.off), "left_out": list(self.left_out), "min_closed": self.min_closed,
            "date": None if self.date is None else pd.Timestamp(self.date).date().isoformat(),
            "win_rate": {k: num(v) for k, v in self.win_rate.items()},
            "closed": {k: int(v) for k, v in self.closed.items()},
            "won_per_customer": {k: num(v) for k, v in self.won_per_customer.items()},
            "assets_rate": num(self.assets_rate), "others_rate": num(self.others_rate),
            "assets_value": num(self.assets_value), "others_value": num(self.others_value),
            "level_rates": {k: num(v) for k, v in self.level_rates.items()},
            "relationship_rates": {k: num(v) for k, v in self.relationship_rates.items()},
        }
        return {"matrix.tiers_rank_outcomes": bool(self.ranks), "matrix.tier_check": evidence}


def outcomes_by(tiered: pd.DataFrame, opportunities: pd.DataFrame | None, *, since: pd.Timestamp,
                by: str) -> pd.DataFrame:
    """Won and lost deals created after ``since`` per value of ``tiered[by]`` (``level``, ``relationship``).

    Returns
    -------
    DataFrame
        One row per value found: ``by``, ``won``, ``lost`` (int). Empty without opportunities.

    Examples
    --------
    >>> tiered = pd.DataFrame({"customer_id": ["A", "B"], "level": ["target", "strategic"]})
    >>> opps = pd.DataFrame({"customer_id": ["A", "A", "B"], "status": ["won", "lost", "lost"],
    ...                      "created_date": pd.to_datetime(["2025-02-01", "2025-03-01", "2025-04-01"])})
    >>> outcomes_by(tiered, opps, since=pd.Timestamp("2024-12-31"), by="level").values.tolist()
    [['strategic', 0, 1], ['target', 1, 1]]
    """
    empty = pd.DataFrame({by: pd.Series(dtype=object), "won": pd.Series(dtype=np.int64),
                          "lost": pd.Series(dtype=np.int64)})
    if opportunities is None or not {c.CUSTOMER_ID, c.STATUS, c.CREATED_DATE} <= set(opportunities) \
            or by not in tiered:
        return empty
    after = opportunities[(opportunities[c.CREATED_DATE] > pd.Timestamp(since)).fillna(False).to_numpy(dtype=bool)]
    group_of = pd.Series(tiered[by].astype(object).to_numpy(), index=tiered[c.CUSTOMER_ID].astype(object))
    group_of = group_of[~group_of.index.duplicated()]
    group = after[c.CUSTOMER_ID].astype(object).map(group_of)
    status = after[c.STATUS].astype(object)
    frame = pd.DataFrame({by: group.to_numpy(), "won": status.eq("won").to_numpy(dtype=np.int64),
                          "lost": status.eq("lost").to_numpy(dtype=np.int64)}).dropna(subset=[by])
    if frame.empty:
        return empty
    return frame.groupby(by, sort=True)[["won", "lost"]].sum().astype(np.int64).reset_index()


def _pooled(frame: pd.DataFrame | None, col: str, values) -> tuple[float, int]:
    """The pooled win rate of the rows of ``frame`` whose ``col`` is in ``values``, and their closed deals."""
    if frame is None or col not in frame:
        return np.nan, 0
    rows = frame[frame[col].astype(object).isin(list(values))]
    won, closed = int(rows["won"].sum()), int((rows["won"] + rows["lost"]).sum())
    return float(rules.ratio(won, closed)), closed


def _rule_off(frame: pd.DataFrame | None, col: str, high, base: str, min_closed: int) -> tuple[dict, dict, bool]:
    """Rates and closed deals of the higher group and the base; True when the higher group wins less often."""
    high_rate, high_n = _pooled(frame, col, high)
    base_rate, base_n = _pooled(frame, col, (base,))
    names = ("high", "target") if col == "level" else ("close", "neutral")
    rates, closed = dict(zip(names, (high_rate, base_rate))), dict(zip(names, (high_n, base_n)))
    return rates, closed, high_n >= min_closed and base_n >= min_closed and not high_rate > base_rate


def tier_check(outcomes: pd.DataFrame, *, by_level: pd.DataFrame | None, by_relationship: pd.DataFrame | None,
               min_closed: int = MIN_CLOSED, date: pd.Timestamp | None = None) -> TierCheck | None:
    """Test the tiers against what they won after the tier date (the rule of the module).

    Parameters
    ----------
    outcomes
        :func:`workbook.customers.tiers.tier_outcomes`: one row per tier key with ``customers``, ``won``,
        ``lost`` and ``revenue`` (won amount; NaN without amounts, then only win rates are compared).
    by_level, by_relationship
        :func:`outcomes_by` of the tiered customers by ``level`` and by ``relationship`` (``won``, ``lost``);
        None to skip naming that rule.
    min_closed
        Closed deals (won + lost) a tier or group needs to be compared.
    date
        The tier date, kept with the evidence.

    Returns
    -------
    TierCheck or None
        None when tiers 1-3 or tiers 4-5 have no tier with ``min_closed`` closed deals: nothing to compare.

    Examples
    --------
    Tier 5 wins 40% (n = 20), tier 1 25% (n = 20): the tiers do not rank outcomes, and target customers
    win more often than quality and strategic ones, so the level rule is off.

    >>> tiers = pd.DataFrame({"tier": list("12345") + ["none"], "customers": [4, 4, 4, 4, 4, 0],
    ...                       "won": [5, 6, 6, 5, 8, 0], "lost": [15, 14, 14, 15, 12, 0],
    ...                       "revenue": [50.0, 60.0, 60.0, 50.0, 80.0, 0.0]})
    >>> levels = pd.DataFrame({"level": ["quality", "strategic", "target"], "won": [5, 5, 14],
    ...                        "lost": [15, 15, 26]})
    >>> check = tier_check(tiers, by_level=levels, by_relationship=None)
    >>> check.ranks, check.off, check.win_rate["5"], check.win_rate["1"]
    (False, ('level',), 0.4, 0.25)
    """
    frame = outcomes.set_index(outcomes["tier"].astype(str))
    graded = [k for k in rules.TIER_KEYS[:5] if k in frame.index]
    won = {k: int(frame.at[k, "won"]) for k in graded}
    closed = {k: int(frame.at[k, "won"] + frame.at[k, "lost"]) for k in graded}
    customers = {k: int(frame.at[k, "customers"]) for k in graded}
    revenue = {k: float(frame.at[k, "revenue"]) if "revenue" in frame else np.nan for k in graded}
    win_rate = {k: float(rules.ratio(won[k], closed[k])) for k in graded}
    per_customer = {k: float(rules.ratio(revenue[k], customers[k])) for k in graded}
    rated = [k for k in graded if closed[k] >= min_closed]
    assets, others = [k for k in rated if k in ASSET_KEYS], [k for k in rated if k in OTHER_KEYS]
    if not assets or not others:
        return None

    def pool(keys):
        rate = rules.ratio(sum(won[k] for k in keys), sum(closed[k] for k in keys))
        value = rules.ratio(sum(revenue[k] for k in keys), sum(customers[k] for k in keys))
        return float(rate), float(value)

    (assets_rate, assets_value), (others_rate, others_value) = pool(assets), pool(others)
    ranks = assets_rate > others_rate
    if not (np.isnan(assets_value) or np.isnan(others_value)):
        ranks = ranks and assets_value > others_value
    if "1" in rated and "5" in rated:
        ranks = ranks and win_rate["1"] >= win_rate["5"]
    level_rates, level_closed, level_off = _rule_off(by_level, "level", HIGH_LEVELS, BASE_LEVEL, min_closed)
    rel_rates, rel_closed, rel_off = _rule_off(by_relationship, "relationship", CLOSE_RELATIONSHIPS,
                                               BASE_RELATIONSHIP, min_closed)
    off = tuple(name for name, is_off in (("level", level_off), ("relationship", rel_off)) if is_off)
    return TierCheck(ranks=bool(ranks), off=off, win_rate=win_rate, closed=closed, won_per_customer=per_customer,
                     left_out=tuple(k for k in graded if k not in rated), assets_rate=assets_rate,
                     others_rate=others_rate, assets_value=assets_value, others_value=others_value,
                     level_rates=level_rates, level_closed=level_closed, relationship_rates=rel_rates,
                     relationship_closed=rel_closed, min_closed=min_closed,
                     date=None if date is None else pd.Timestamp(date))


def check_tiers(client, *, min_closed: int = MIN_CLOSED) -> TierCheck | None:
    """:func:`tier_check` of ``client``: its customers tiered at :func:`~workbook.customers.tiers.tier_date`
    and the deals created afterwards. None without customers or opportunities, or with too few closed deals
    to compare (see :func:`tier_check`). Chapters that advise from the tiers withhold that advice when the
    result's ``ranks`` is False."""
    opportunities = client.table(c.OPPORTUNITIES)
    if opportunities is None or client.period[0] is None:
        return None
    date = tier_date(client)
    then = tiered_customers(client, as_of=date)
    if then is None:
        return None
    return tier_check(tier_outcomes(then, opportunities, since=date),
                      by_level=outcomes_by(then, opportunities, since=date, by="level"),
                      by_relationship=outcomes_by(then, opportunities, since=date, by="relationship"),
                      min_closed=min_closed, date=date)
