"""The funnel by segment: customer tier (from the quality matrix), owner and industry.

Pure functions joining the lead journey (:func:`workbook.funnel.journey.lead_journey`) or the clean
``opportunities`` to a per-customer attribute: the tier of :func:`workbook.customers.matrix.assign_tiers`, or
``customers.industry``. Deals and leads whose customer is unknown are kept, under :data:`UNKNOWN`.

>>> tiered = pd.DataFrame({"customer_id": ["C1", "C2"], "tier": pd.array([1, None], dtype="Int64")})
>>> opps = pd.DataFrame({"customer_id": ["C1", "C1", "C2", None], "status": ["won", "lost", "won", "open"],
...                      "amount": [100.0, 50.0, 30.0, 10.0]})
>>> outcomes_by(with_tier(opps, tiered), by="tier")[["tier", "deals", "won", "win_rate"]].values.tolist()
[['1', 2, 1, 0.5], ['none', 1, 1, 1.0], ['unknown', 1, 0, nan]]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.columns import TIER
from workbook.funnel.journey import funnel_table

UNKNOWN = "unknown"  # no customer, or a customer missing from the customers table
TIER_ORDER = ("1", "2", "3", "4", "5", "none", UNKNOWN)


def customer_tiers(tiered: pd.DataFrame) -> pd.Series:
    """Tier key per customer id: ``"1"`` ... ``"5"``, ``"none"`` (not a customer asset)."""
    first = tiered.drop_duplicates(c.CUSTOMER_ID)
    keys = first[TIER].astype("string").fillna("none").to_numpy(dtype=object)
    return pd.Series(keys, index=first[c.CUSTOMER_ID].astype("string"))


def created_after(frame: pd.DataFrame | None, since: pd.Timestamp) -> pd.DataFrame | None:
    """The rows of ``frame`` (leads, journey or opportunities) created after ``since``; undated rows are left out.

    >>> frame = pd.DataFrame({"created_date": pd.to_datetime(["2024-12-31", "2025-01-01", None])})
    >>> len(created_after(frame, pd.Timestamp("2024-12-31")))
    1
    """
    if frame is None or c.CREATED_DATE not in frame:
        return frame
    return frame[(frame[c.CREATED_DATE] > pd.Timestamp(since)).fillna(False).to_numpy(dtype=bool)]


def with_tier(frame: pd.DataFrame, tiered: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` (leads, journey or opportunities with ``customer_id``) with a ``tier`` key column.

    ``tiered`` is the matrix inventory (``customer_id``, ``tier``); rows whose customer is not in it get
    :data:`UNKNOWN`.
    """
    ids = frame[c.CUSTOMER_ID].astype("string") if c.CUSTOMER_ID in frame else pd.Series(pd.NA, index=frame.index)
    keys = ids.map(customer_tiers(tiered)).fillna(UNKNOWN).to_numpy(dtype=object)
    return frame.assign(**{TIER: pd.Categorical(keys, categories=TIER_ORDER)})


def outcomes_by(opportunities: pd.DataFrame, *, by: str) -> pd.DataFrame:
    """Deals, won, lost, win rate of closed deals and won amount per group of ``by``.

    Returns ``[by]``, ``deals``, ``won``, ``lost``, ``win_rate`` (won / (won + lost), NaN without closed
    deals), ``won_amount`` (NaN without an ``amount`` column); groups with no deal are left out, rows
    whose ``by`` is empty are grouped under NaN.
    """
    status = opportunities[c.STATUS] if c.STATUS in opportunities else pd.Series(pd.NA, index=opportunities.index)
    won = rules.as_bool(status.eq("won"))
    amount = opportunities[c.AMOUNT].to_numpy(dtype=float) if c.AMOUNT in opportunities else np.full(won.size, np.nan)
    frame = pd.DataFrame({by: opportunities[by].array, "deals": 1, "won": won.astype(np.int64),
                          "lost": rules.as_bool(status.eq("lost")).astype(np.int64),
                          "won_amount": np.where(won, np.nan_to_num(amount), 0.0)})
    agg = frame.groupby(by, observed=True, dropna=False, sort=True).sum()
    if c.AMOUNT not in opportunities:
        agg["won_amount"] = np.nan
    agg["win_rate"] = rules.ratio(agg["won"], agg["won"] + agg["lost"])
    return agg.reset_index()[[by, "deals", "won", "lost", "win_rate", "won_amount"]]


def tier_funnel(journey: pd.DataFrame, tiered: pd.DataFrame) -> pd.DataFrame:
    """The lead funnel (in order) per customer tier: :func:`~workbook.funnel.journey.funnel_table` by ``tier``."""
    return funnel_table(with_tier(journey, tiered), by=TIER)


def tier_view(journey: pd.DataFrame | None, opportunities: pd.DataFrame | None,
              tiered: pd.DataFrame | None) -> pd.DataFrame | None:
    """What the notebook shows by tier: the lead funnel's cumulative rates per tier (leads linked to
    customers), else the opportunities' outcomes per tier; None without a tiered inventory or a customer key.

    Returns tiers as rows: the stages as columns (share of the tier's leads reaching each), or the
    columns of :func:`outcomes_by`.
    """
    if tiered is None:
        return None
    if journey is not None and rules.has(journey, c.CUSTOMER_ID):
        table = tier_funnel(journey, tiered)
        wide = table.pivot(index=TIER, columns="stage", values="cumulative_rate")
        leads = table[table["stage"] == "leads"].set_index(TIER)["count"]
        return wide[list(table["stage"].unique())].assign(leads=leads)
    if opportunities is not None and rules.has(opportunities, c.CUSTOMER_ID):
        return outcomes_by(with_tier(opportunities, tiered), by=TIER).set_index(TIER)
    return None


def win_rates(opportunities: pd.DataFrame | None, *, by: str = c.OWNER) -> dict | None:
    """{group: won / (won + lost)} for groups with a closed deal (None without status or ``by``).

    >>> win_rates(pd.DataFrame({"owner": ["A", "A", "B"], "status": ["won", "lost", "open"]}))
    {'A': 0.5}
    """
    if not (rules.has(opportunities, c.STATUS) and rules.has(opportunities, by)):
        return None
    table = outcomes_by(opportunities, by=by).dropna(subset=[by, "win_rate"])
    return {str(k): float(v) for k, v in zip(table[by], table["win_rate"], strict=True)}


def revenue_by_industry(opportunities: pd.DataFrame | None, customers: pd.DataFrame | None) -> dict | None:
    """{industry: won amount} over won deals whose customer has an industry (None when customers lack
    industry, or deals lack status, amount or customer).

    >>> opps = pd.DataFrame({"customer_id": ["C1", "C2", "C2"], "status": ["won", "won", "lost"],
    ...                      "amount": [10.0, 5.0, 99.0]})
    >>> revenue_by_industry(opps, pd.DataFrame({"customer_id": ["C1", "C2"], "industry": ["retail", "retail"]}))
    {'retail': 15.0}
    """
    if not (rules.has(customers, c.INDUSTRY) and rules.has(opportunities, c.STATUS)
            and rules.has(opportunities, c.AMOUNT) and rules.has(opportunities, c.CUSTOMER_ID)):
        return None
    first = customers.drop_duplicates(c.CUSTOMER_ID)
    industry = pd.Series(first[c.INDUSTRY].to_numpy(dtype=object), index=first[c.CUSTOMER_ID].astype("string"))
    deals = opportunities.assign(**{c.INDUSTRY: opportunities[c.CUSTOMER_ID].astype("string").map(industry)})
    table = outcomes_by(deals, by=c.INDUSTRY).dropna(subset=[c.INDUSTRY])
    table = table[table["won"] > 0]
    return {str(k): float(v) for k, v in zip(table[c.INDUSTRY], table["won_amount"], strict=True)}
