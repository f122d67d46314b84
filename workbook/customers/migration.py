"""Tier migration (客户分级变化): the tiers as they stood earlier, rebuilt from the contact history, against today's.

Re-exported by :mod:`workbook.customers.matrix`. No language: directions are codes (``up``/``down``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.columns import TIER
from workbook.core.config import IcpRules, RelationshipRules
from workbook.customers.inventory import classify

__all__ = ["HISTORY_NEEDS", "earlier_inventory", "tier_migration"]

HISTORY_NEEDS = ("activities_history", "customers_earlier")  # what a tier migration needs when history is short


def earlier_inventory(customers: pd.DataFrame, activities: pd.DataFrame | None,
                      opportunities: pd.DataFrame | None, *, icp: IcpRules, rules: RelationshipRules,
                      as_of: pd.Timestamp, days_back: int = 365) -> tuple[pd.DataFrame | None, tuple[str, ...]]:
    """The inventory as it stood ``days_back`` days before ``as_of``, rebuilt from the contact history.

    Levels come from today's profile; derived relationships are recomputed from activities and won deals
    up to the earlier date. Possible only when the activities reach back over a full lookback window
    before that date and some relationship is derived.

    Returns
    -------
    (DataFrame or None, tuple of str)
        The earlier inventory (see :func:`workbook.customers.inventory.classify`) and no needs, or None and
        what data would enable the comparison (``activities.date``, or :data:`HISTORY_NEEDS`, or
        ``("customers_earlier",)`` when the data give every relationship).
    """
    earlier = pd.Timestamp(as_of) - pd.Timedelta(days=days_back)
    if activities is None or c.DATE not in activities or activities[c.DATE].isna().all():
        return None, ("activities.date",)
    if c.RELATIONSHIP in customers and customers[c.RELATIONSHIP].notna().all():
        return None, ("customers_earlier",)
    if activities[c.DATE].min() > earlier - pd.Timedelta(days=rules.lookback_days - 1):
        return None, HISTORY_NEEDS
    return classify(customers, activities, opportunities, icp=icp, rules=rules, as_of=earlier), ()


def _rank(key: pd.Series) -> pd.Series:
    """Tier key -> rank for comparing (1 best, none worst)."""
    return key.map({k: i for i, k in enumerate(rules.TIER_KEYS)}).astype("int64")


def tier_migration(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Transition between two tiered inventories (matched on ``customer_id``) and the customers that moved.

    Returns
    -------
    (DataFrame, DataFrame)
        ``transition``: customers per (tier before, tier after), rows and columns :data:`rules.TIER_KEYS`;
        ``movers``: ``customer_id``, ``name``/``owner``/``level`` when present, ``tier_before``, ``tier_after``
        (keys), ``relationship_before``, ``relationship_after``, ``steps`` (tier ranks gained, none ranking
        below 5; negative = down), ``direction`` (``up``/``down``); up first.

    Examples
    --------
    >>> b = pd.DataFrame({"customer_id": ["A", "B"], "tier": pd.array([4, 2], dtype="Int64"),
    ...                   "relationship": ["neutral", "familiar"]})
    >>> a = b.assign(tier=pd.array([2, 2], dtype="Int64"), relationship=["familiar", "familiar"])
    >>> transition, movers = tier_migration(b, a)
    >>> int(transition.loc["4", "2"]), movers["direction"].tolist()
    (1, ['up'])
    >>> tier_migration(a, b)[1]["steps"].tolist()
    [-2]
    """
    left = before[[c.CUSTOMER_ID, TIER, "relationship"]].assign(key=rules.tier_key(before[TIER]))
    keep = [col for col in (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", TIER, "relationship", "revenue")
            if col in after]
    right = after[keep].assign(key=rules.tier_key(after[TIER]))
    both = right.merge(left, on=c.CUSTOMER_ID, suffixes=("_after", "_before"))
    transition = pd.crosstab(both["key_before"], both["key_after"]).reindex(
        index=list(rules.TIER_KEYS), columns=list(rules.TIER_KEYS), fill_value=0).astype(np.int64)
    transition.index.name, transition.columns.name = "tier_before", "tier_after"
    delta = _rank(both["key_after"]) - _rank(both["key_before"])
    moved = delta.ne(0)
    both = both.assign(tier_before=both["key_before"], tier_after=both["key_after"])
    movers = both.loc[moved].assign(steps=-delta[moved], direction=np.where(delta[moved] < 0, "up", "down"))
    cols = [col for col in (c.CUSTOMER_ID, c.NAME, c.OWNER, "level") if col in movers] + [
        "tier_before", "tier_after", "relationship_before", "relationship_after", "steps", "direction"] + [
        col for col in ("revenue",) if col in movers]
    order = movers.assign(_up=movers["steps"] > 0, _size=-movers["steps"].abs(),
                          _revenue=-movers["revenue"].fillna(0) if "revenue" in movers else 0.0)
    movers = order.sort_values(["_up", "_size", "_revenue", c.CUSTOMER_ID], kind="stable")[cols]
    movers = movers.reset_index(drop=True)
    return transition, movers
