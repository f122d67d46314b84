"""Customer tiers: the 16 cells of level x relationship graded into five tiers, and the date tiers are read at.

The one home of the tier rules every chapter uses: :func:`classify` (level and relationship of each
customer as of a date), :func:`assign_tiers` (tier 1-5 from ``tiers`` of
client.yaml; customers outside the matrix have NA), :func:`tier_counts`, :func:`tier_date` (the eve of the
analysis period), :func:`tiered_customers` (the client's customers tiered as of that date) and
:func:`tier_outcomes` (what each tier won on deals created afterwards). Only tiers 1-3 are customer assets
(:data:`ASSET_KEYS`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.columns import TIER
from workbook.core.config import LEVELS, RELATIONSHIPS, IcpRules, RelationshipRules, TierMatrix
from workbook.customers.levels import assign_levels
from workbook.customers.relationship import assign_relationships

__all__ = ["ASSET_KEYS", "DERIVED_COLUMNS", "classify", "tier_grid", "cell_index", "assign_tiers", "tier_counts",
           "baseline_date", "tier_date", "tiered_customers", "tier_outcomes"]

ASSET_KEYS = tuple(str(t) for t in rules.ASSET_TIERS)  # customer assets: tiers "1", "2", "3"

DERIVED_COLUMNS = ("level", "level_source", "level_reason", "relationship", "relationship_source",
                   "relationship_reason", "contacts_in_window", "contacts_ever", "won_deals", "won_ever",
                   "contact_score", "last_contact", "days_since_contact", "days_since_full_contact")


def classify(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
             opportunities: pd.DataFrame | None = None, *, icp: IcpRules, rules: RelationshipRules,
             as_of: pd.Timestamp, stats: pd.DataFrame | None = None) -> pd.DataFrame:
    """The inventory: ``customers`` plus level and relationship with their sources and reason codes.

    Returns a copy of ``customers`` (any earlier derived columns replaced) with the columns of
    :func:`assign_levels` and :func:`assign_relationships`.
    """
    base = customers.drop(columns=[col for col in DERIVED_COLUMNS if col in customers and col not in
                                   (c.LEVEL, c.RELATIONSHIP)])
    levels = assign_levels(base, icp=icp)
    rel = assign_relationships(base, activities, opportunities, rules=rules, as_of=as_of, stats=stats)
    return base.drop(columns=[c.LEVEL, c.RELATIONSHIP], errors="ignore").join(levels).join(rel)


def tier_grid(tiers: TierMatrix) -> np.ndarray:
    """The tier matrix as a 4x4 float array, rows :data:`LEVELS`, columns :data:`RELATIONSHIPS` (NaN = none).

    >>> from workbook.core.config import DEFAULT_TIERS
    >>> tier_grid(DEFAULT_TIERS)[3].tolist()  # strategic
    [nan, 4.0, 2.0, 1.0]
    """
    return np.array([[np.nan if tiers.get(lv, {}).get(rel) is None else float(tiers[lv][rel])
                      for rel in RELATIONSHIPS] for lv in LEVELS])


def cell_index(inventory: pd.DataFrame) -> np.ndarray:
    """level * 4 + relationship per customer (-1 when either is unknown)."""
    # codes outside the ladders (incomplete records) and missing values give -1
    lv = pd.Index(LEVELS).get_indexer(inventory["level"].astype(object)).astype(np.int64)
    rel = pd.Index(RELATIONSHIPS).get_indexer(inventory["relationship"].astype(object)).astype(np.int64)
    return np.where((lv < 0) | (rel < 0), -1, lv * len(RELATIONSHIPS) + rel)


def assign_tiers(inventory: pd.DataFrame, *, tiers: TierMatrix) -> pd.DataFrame:
    """A copy of ``inventory`` with ``tier`` (Int64 1-5; NA = outside the matrix; only tiers 1-3 are customer assets).

    Needs ``level`` and ``relationship`` (canonical codes or the inventory's categoricals).
    """
    cell = cell_index(inventory)
    flat = np.append(tier_grid(tiers).ravel(), np.nan)  # index -1 -> NaN
    out = inventory.copy()
    out[TIER] = pd.array(flat[cell], dtype="Float64").astype("Int64")
    return out


def tier_counts(tiered: pd.DataFrame) -> dict[str, int]:
    """Customers per tier, keys ``"1"`` .. ``"5"`` and ``"none"`` (every key present)."""
    counts = rules.tier_key(tiered[TIER]).value_counts()
    return {key: int(counts.get(key, 0)) for key in rules.TIER_KEYS}




def baseline_date(start, end, first_record, *, lookback_days: int) -> pd.Timestamp:
    """The date tiers are taken at to measure what they win afterwards: the eve of the analysis period.

    Level and relationship are read as of ``start - 1 day`` from the history up to it, and outcomes by tier
    come from deals created from ``start`` on. When the history before ``start`` is shorter than one
    look-back window (the data begin with the period), the date moves to the end of the month in which the
    first full window ends (``first_record + lookback_days - 1 day``), as long as that is still before ``end``.

    >>> ts = pd.Timestamp
    >>> baseline_date(ts("2025-01-01"), ts("2025-12-31"), ts("2023-05-01"), lookback_days=365)
    Timestamp('2024-12-31 00:00:00')
    >>> baseline_date(ts("2024-01-01"), ts("2025-12-31"), ts("2024-01-01"), lookback_days=365)
    Timestamp('2024-12-31 00:00:00')
    >>> baseline_date(ts("2024-01-01"), ts("2025-12-31"), ts("2023-03-10"), lookback_days=365)  # 2024-03-08
    Timestamp('2024-03-31 00:00:00')
    >>> baseline_date(ts("2025-01-01"), ts("2025-06-30"), ts("2025-01-01"), lookback_days=365)  # no room
    Timestamp('2024-12-31 00:00:00')
    """
    day = pd.Timedelta(days=1)
    eve = pd.Timestamp(start) - day
    if first_record is None or pd.isna(first_record):
        return eve
    ready = pd.Timestamp(first_record).normalize() + pd.Timedelta(days=lookback_days) - day + pd.offsets.MonthEnd(0)
    return ready if eve < ready < pd.Timestamp(end) else eve


def _first_record(activities: pd.DataFrame | None, opportunities: pd.DataFrame | None) -> pd.Timestamp | None:
    dates = [frame[col].min() for frame, col in ((activities, c.DATE), (opportunities, c.CREATED_DATE),
                                               (opportunities, c.CLOSE_DATE))
             if frame is not None and col in frame and frame[col].notna().any()]
    return min(dates) if dates else None


def tier_date(client) -> pd.Timestamp:
    """:func:`baseline_date` of ``client``: its analysis period, its first dated contact or deal, its look-back
    window; ``client.as_of`` when there is no period (no dated data)."""
    start, end = client.period
    if start is None:
        return client.as_of
    first = _first_record(client.table(c.ACTIVITIES), client.table(c.OPPORTUNITIES))
    return baseline_date(start, end, first, lookback_days=client.config.relationship_rules.lookback_days)


def tiered_customers(client, *, as_of: pd.Timestamp | None = None) -> pd.DataFrame | None:
    """The client's customers classified (level, relationship) and tiered by ``tiers`` of client.yaml,
    **as of the eve of the analysis period** (:func:`tier_date`; ``as_of`` to choose another date).

    The one entry point other chapters use for customer tiers: what a tier wins, and how it is served during
    the period, is measured against the tier the customer had when the period began, so a win in the period
    cannot have made the tier. Relationships use the contacts and won deals up to that date only; levels use
    the customer record as it is (there is no history of profiles). Incomplete records have tier NA like
    every customer outside the matrix. None without a customers table.
    """
    customers = client.table(c.CUSTOMERS)
    if customers is None or c.CUSTOMER_ID not in customers:
        return None
    config = client.config
    date = tier_date(client) if as_of is None else pd.Timestamp(as_of)
    classified = classify(customers, client.table(c.ACTIVITIES), client.table(c.OPPORTUNITIES), icp=config.icp,
                          rules=config.relationship_rules, as_of=date)
    return assign_tiers(classified, tiers=config.tiers)


def tier_outcomes(tiered: pd.DataFrame, opportunities: pd.DataFrame | None, *, since: pd.Timestamp) -> pd.DataFrame:
    """What each tier won on deals created after ``since`` (the date ``tiered`` was taken at).

    Returns
    -------
    DataFrame
        One row per tier key (:data:`workbook.core.rules.TIER_KEYS`): ``tier``, ``asset`` (tiers 1-3),
        ``customers`` (in the tier at ``since``), ``deals`` (created after ``since``), ``won``, ``lost``,
        ``win_rate`` (won / (won + lost), NaN without a closed deal), ``revenue`` (won amount) and
        ``revenue_share`` (of all won amount after ``since``). Undated deals are left out.

    Examples
    --------
    >>> tiered = pd.DataFrame({"customer_id": ["A", "B"], "tier": pd.array([4, 1], dtype="Int64")})
    >>> opps = pd.DataFrame({"customer_id": ["A", "A", "B", "B"], "status": ["won", "lost", "won", "won"],
    ...                      "amount": [10.0, 5.0, 30.0, 99.0],
    ...                      "created_date": pd.to_datetime(["2025-02-01", "2025-03-01", "2025-04-01", "2024-06-01"])})
    >>> out = tier_outcomes(tiered, opps, since=pd.Timestamp("2024-12-31")).set_index("tier")
    >>> out.loc[["1", "4"], ["deals", "won", "win_rate", "revenue", "revenue_share"]].values.tolist()
    [[1.0, 1.0, 1.0, 30.0, 0.75], [2.0, 1.0, 0.5, 10.0, 0.25]]
    >>> out["deals"].dtype.name
    'int64'

    """
    counts = tier_counts(tiered)
    out = pd.DataFrame({TIER: list(rules.TIER_KEYS), "asset": [k in ASSET_KEYS for k in rules.TIER_KEYS],
                        "customers": [counts[k] for k in rules.TIER_KEYS]})
    zero = dict.fromkeys(("deals", "won", "lost"), 0)
    if opportunities is None or not {c.CUSTOMER_ID, c.STATUS, c.CREATED_DATE} <= set(opportunities):
        return out.assign(**zero, win_rate=np.nan, revenue=np.nan, revenue_share=np.nan)
    after = opportunities[(opportunities[c.CREATED_DATE] > pd.Timestamp(since)).fillna(False).to_numpy(dtype=bool)]
    tier_of = pd.Series(rules.tier_key(tiered[TIER]).to_numpy(), index=tiered[c.CUSTOMER_ID].astype(object))
    tier_of = tier_of[~tier_of.index.duplicated()]
    key = after[c.CUSTOMER_ID].astype(object).map(tier_of).fillna("none").to_numpy(dtype=object)
    status = after[c.STATUS].astype(object).to_numpy()
    amount = (pd.to_numeric(after[c.AMOUNT], errors="coerce").fillna(0.0).to_numpy(dtype=float)
              if c.AMOUNT in after else np.zeros(len(after)))
    won, lost = status == "won", status == "lost"
    frame = pd.DataFrame({TIER: key, "deals": 1, "won": won.astype(int), "lost": lost.astype(int),
                          "revenue": np.where(won, amount, 0.0)})
    sums = frame.groupby(TIER).sum().reindex(list(rules.TIER_KEYS), fill_value=0)
    out = out.assign(deals=sums["deals"].to_numpy(dtype=np.int64), won=sums["won"].to_numpy(dtype=np.int64),
                     lost=sums["lost"].to_numpy(dtype=np.int64))
    out["win_rate"] = rules.ratio(out["won"], out["won"] + out["lost"])
    out["revenue"] = sums["revenue"].to_numpy(dtype=float) if c.AMOUNT in after else np.nan
    out["revenue_share"] = rules.ratio(out["revenue"], out["revenue"].sum())
    return out
