"""New vs existing business: who the period's won revenue came from, and whether the company went out for it.

A won deal of the analysis period is split two ways:

- **customer**: ``new`` when the customer's first won deal falls in the period, ``existing`` when it had a won
  deal before the period start (in the opportunities, or the CRM's ``customers.first_won_date``), ``unknown``
  when the deal names no customer;
- **origin**, from the deal's lead: ``inbound`` when the lead's source type is passive (the customer came to us:
  old customers, referrals, the website, trade shows, cold visits), ``outbound`` when it is active (we went to
  the customer before any tender), ``unknown`` when the deal has no lead or the lead no source type. Unknown
  deals are counted in every total and shown as their own row, never dropped.

The **self-developed share** is the won revenue from new customers or of active origin over all won revenue of
the period; revenue from existing customers of unknown origin is not claimed as self-developed.

>>> opps = pd.DataFrame({"opportunity_id": ["O1", "O2", "O3"], "customer_id": ["C1", "C1", "C2"],
...     "lead_id": ["L1", "L2", None], "owner": ["R1", "R1", "R2"], "status": ["won"] * 3,
...     "amount": [100.0, 300.0, 600.0], "close_date": pd.to_datetime(["2023-05-01", "2024-02-01", "2024-03-01"])})
>>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "source_type": ["active", "passive"]})
>>> deals = won_deals(opps, leads, start=pd.Timestamp("2024-01-01"), end=pd.Timestamp("2024-12-31"))
>>> deals[["opportunity_id", "customer_type", "origin"]].values.tolist()
[['O2', 'existing', 'inbound'], ['O3', 'new', 'unknown']]
>>> self_developed_share(deals), inbound_existing_share(deals)
(0.6666666666666666, 1.0)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules

CUSTOMER_TYPES = ("new", "existing", "unknown")
ORIGINS = ("inbound", "outbound", "unknown")
ORIGIN_OF = {"passive": "inbound", "active": "outbound"}  # source type -> origin
DEAL_COLUMNS = (c.OPPORTUNITY_ID, c.CUSTOMER_ID, c.OWNER, c.AMOUNT, c.CLOSE_DATE, "customer_type", "origin")


def first_wins(opportunities: pd.DataFrame, customers: pd.DataFrame | None = None) -> pd.Series:
    """Each customer's first won deal: the earliest won ``close_date``, or ``customers.first_won_date`` when earlier.

    Returns a Series of dates indexed by ``customer_id`` (customers never won are absent).

    >>> opps = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "status": ["won", "won", "lost"],
    ...     "close_date": pd.to_datetime(["2024-05-01", "2024-02-01", "2024-03-01"])})
    >>> cust = pd.DataFrame({"customer_id": ["C2", "C3"], "first_won_date": pd.to_datetime(["2019-01-01", None])})
    >>> first_wins(opps, cust).dt.strftime("%Y-%m-%d").to_dict()
    {'C1': '2024-02-01', 'C2': '2019-01-01'}
    """
    won = opportunities[rules.as_bool(opportunities[c.STATUS].eq("won"))]
    dates = [won.dropna(subset=[c.CUSTOMER_ID, c.CLOSE_DATE]).groupby(c.CUSTOMER_ID)[c.CLOSE_DATE].min()]
    if rules.has(customers, c.CUSTOMER_ID, c.FIRST_WON_DATE):
        recorded = customers.dropna(subset=[c.CUSTOMER_ID, c.FIRST_WON_DATE])
        dates.append(recorded.groupby(c.CUSTOMER_ID)[c.FIRST_WON_DATE].min())
    both = pd.concat(dates, axis=1)
    out = both.min(axis=1).dropna().sort_index()
    out.index.name = c.CUSTOMER_ID
    return out.astype("datetime64[ns]")


def won_deals(opportunities: pd.DataFrame, leads: pd.DataFrame | None = None,
              customers: pd.DataFrame | None = None, *, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The won deals closed in ``[start, end]``, each with its ``customer_type`` and ``origin`` (codes above).

    Parameters
    ----------
    opportunities : DataFrame
        ``opportunity_id``, ``customer_id``, ``status``, ``amount``, ``close_date``; ``lead_id`` and ``owner``
        when present.
    leads : DataFrame, optional
        ``lead_id``, ``source_type`` (active/passive): the origin of each deal; without it every origin is unknown.
    customers : DataFrame, optional
        ``customer_id``, ``first_won_date``: wins before the exported data.
    start, end : Timestamp
        The analysis period (inclusive days).

    Returns
    -------
    DataFrame
        :data:`DEAL_COLUMNS`, amounts missing read as 0, in the opportunities' order.
    """
    opps = opportunities
    close = opps[c.CLOSE_DATE]
    won = rules.as_bool(opps[c.STATUS].eq("won")) & close.ge(start).to_numpy() & close.lt(
        pd.Timestamp(end) + pd.Timedelta(days=1)).to_numpy()
    deals = opps.loc[won].copy()
    for col in (c.OWNER, c.LEAD_ID):
        if col not in deals:
            deals[col] = pd.NA
    deals[c.AMOUNT] = deals[c.AMOUNT].astype(float).fillna(0.0)
    first = deals[c.CUSTOMER_ID].map(first_wins(opps, customers))
    deals["customer_type"] = np.select([deals[c.CUSTOMER_ID].isna().to_numpy(),
                                        first.lt(start).to_numpy(dtype=bool, na_value=False)],
                                       ["unknown", "existing"], "new")
    origin = pd.Series(pd.NA, index=deals.index, dtype="object")
    if rules.has(leads, c.LEAD_ID, c.SOURCE_TYPE):
        # only the deals' own leads are indexed (a few thousand of a million): the same first row per lead id
        own = leads[c.LEAD_ID].isin(deals[c.LEAD_ID].dropna().unique()).to_numpy(dtype=bool)
        candidates = leads.loc[own, [c.LEAD_ID, c.SOURCE_TYPE]]
        types = candidates.dropna(subset=[c.LEAD_ID]).drop_duplicates(c.LEAD_ID).set_index(c.LEAD_ID)[c.SOURCE_TYPE]
        origin = deals[c.LEAD_ID].map(types).map(ORIGIN_OF)
    deals["origin"] = origin.fillna("unknown").astype(str).to_numpy()
    return deals[list(DEAL_COLUMNS)].reset_index(drop=True)


def split_table(deals: pd.DataFrame) -> pd.DataFrame:
    """The 2x2 of won revenue: ``customer_type`` x ``origin`` with ``deals``, ``revenue``, ``revenue_share``.

    The four new/existing x inbound/outbound cells always appear (0 when empty); a row with an unknown
    customer or origin appears when it holds a deal. Shares are of all won revenue of the period.

    >>> deals = pd.DataFrame({"customer_type": ["new", "existing", "existing"],
    ...     "origin": ["outbound", "inbound", "unknown"], "amount": [50.0, 30.0, 20.0]})
    >>> split_table(deals)[["customer_type", "origin", "deals", "revenue_share"]].values.tolist()
    [['new', 'inbound', 0, 0.0], ['new', 'outbound', 1, 0.5], ['existing', 'inbound', 1, 0.3], \
['existing', 'outbound', 0, 0.0], ['existing', 'unknown', 1, 0.2]]
    """
    grid = pd.MultiIndex.from_product([CUSTOMER_TYPES, ORIGINS], names=["customer_type", "origin"])
    table = deals.groupby(["customer_type", "origin"])[c.AMOUNT].agg(deals="size", revenue="sum").reindex(grid)
    known = (table.index.get_level_values(0) != "unknown") & (table.index.get_level_values(1) != "unknown")
    table = table[known | table["deals"].gt(0).to_numpy()].fillna(0).reset_index()
    table["deals"] = table["deals"].astype(int)
    table["revenue_share"] = rules.ratio(table["revenue"], table["revenue"].sum())
    return table


def self_developed_share(deals: pd.DataFrame) -> float | None:
    """Won revenue from new customers or of active (outbound) origin, over all won revenue (None without revenue)."""
    mine = deals["customer_type"].eq("new") | deals["origin"].eq("outbound")
    share = rules.ratio(deals.loc[mine, c.AMOUNT].sum(), deals[c.AMOUNT].sum())
    return None if np.isnan(share) else share


def new_customer_share(deals: pd.DataFrame) -> float | None:
    """Won revenue from new customers over all won revenue (None without revenue)."""
    share = rules.ratio(deals.loc[deals["customer_type"].eq("new"), c.AMOUNT].sum(), deals[c.AMOUNT].sum())
    return None if np.isnan(share) else share


def inbound_existing_share(deals: pd.DataFrame) -> float | None:
    """Existing customers' share of the inbound (passive-origin) won revenue (None without inbound revenue)."""
    inbound = deals[deals["origin"].eq("inbound")]
    share = rules.ratio(inbound.loc[inbound["customer_type"].eq("existing"), c.AMOUNT].sum(), inbound[c.AMOUNT].sum())
    return None if np.isnan(share) else share


def new_by_rep(deals: pd.DataFrame, reps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per rep: ``new_customers`` (distinct new customers won), ``new_revenue``, ``won_revenue``, ``new_share``.

    Reps are the owners of the period's won deals, plus every seller of ``reps`` (role not ``support``) so a
    rep who won nothing shows with zeros. Sorted by new-customer revenue, largest first (then rep id).

    >>> deals = pd.DataFrame({"owner": ["R1", "R1", "R2"], "customer_id": ["C1", "C1", "C2"],
    ...     "customer_type": ["new", "new", "existing"], "amount": [10.0, 5.0, 40.0]})
    >>> new_by_rep(deals, pd.DataFrame({"owner": ["R3"], "role": ["field"]})).values.tolist()
    [['R1', 1, 15.0, 15.0, 1.0], ['R2', 0, 0.0, 40.0, 0.0], ['R3', 0, 0.0, 0.0, nan]]
    """
    owned = deals.dropna(subset=[c.OWNER])
    new = owned[owned["customer_type"].eq("new")]
    table = pd.DataFrame({"new_customers": new.groupby(c.OWNER)[c.CUSTOMER_ID].nunique(),
                          "new_revenue": new.groupby(c.OWNER)[c.AMOUNT].sum(),
                          "won_revenue": owned.groupby(c.OWNER)[c.AMOUNT].sum()})
    if rules.has(reps, c.OWNER):
        sellers = reps if c.ROLE not in reps else reps[~reps[c.ROLE].eq("support").fillna(False)]
        table = table.reindex(table.index.union(pd.Index(sellers[c.OWNER].dropna().unique())))
    table = table.fillna(0.0)
    table["new_customers"] = table["new_customers"].astype(int)
    table["new_share"] = rules.ratio(table["new_revenue"], table["won_revenue"])
    table.index.name = c.OWNER
    return table.reset_index().sort_values(["new_revenue", c.OWNER], ascending=[False, True],
                                           kind="stable").reset_index(drop=True)


def quarterly_trend(deals: pd.DataFrame) -> pd.DataFrame:
    """Per quarter of ``close_date``: ``deals``, ``revenue``, ``new_share`` (new customers' share of the quarter's
    revenue) and ``outbound_share`` (active origin's share); ``quarter`` as ``2024Q1`` text.

    >>> deals = pd.DataFrame({"close_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-04-01"]),
    ...     "customer_type": ["new", "existing", "new"], "origin": ["inbound", "outbound", "unknown"],
    ...     "amount": [30.0, 10.0, 5.0]})
    >>> quarterly_trend(deals).values.tolist()
    [['2024Q1', 2, 40.0, 0.75, 0.25], ['2024Q2', 1, 5.0, 1.0, 0.0]]
    """
    quarter = deals[c.CLOSE_DATE].dt.to_period("Q").astype(str)
    amount = deals[c.AMOUNT]
    frame = pd.DataFrame({"quarter": quarter, "amount": amount,
                          "new": amount.where(deals["customer_type"].eq("new"), 0.0),
                          "outbound": amount.where(deals["origin"].eq("outbound"), 0.0)})
    table = frame.groupby("quarter").agg(deals=("amount", "size"), revenue=("amount", "sum"),
                                         new=("new", "sum"), outbound=("outbound", "sum"))
    table["new_share"] = rules.ratio(table["new"], table["revenue"])
    table["outbound_share"] = rules.ratio(table["outbound"], table["revenue"])
    return table.drop(columns=["new", "outbound"]).reset_index()


def analyse(opportunities: pd.DataFrame | None, leads: pd.DataFrame | None, customers: pd.DataFrame | None = None,
            reps: pd.DataFrame | None = None, *, start: pd.Timestamp | None, end: pd.Timestamp | None) -> dict | None:
    """Everything of the new-vs-existing view, or None when the opportunities lack customer, status, amount or
    close date, or the period is unknown. Without the leads' source types the origin shares are None.

    Returns ``deals`` (:func:`won_deals`), ``split`` (:func:`split_table`), ``by_rep`` (:func:`new_by_rep`),
    ``trend`` (:func:`quarterly_trend`), ``self_developed_share``, ``new_customer_share``,
    ``inbound_existing_share``, ``new_customers_won`` (distinct new customers with a win in the period),
    ``unknown_origin_deals``, ``has_origin`` (whether leads carry source types), ``start``, ``end``.
    """
    if start is None or not rules.has(opportunities, c.CUSTOMER_ID, c.STATUS, c.AMOUNT, c.CLOSE_DATE):
        return None
    deals = won_deals(opportunities, leads, customers, start=start, end=end)
    new = deals[deals["customer_type"].eq("new")]
    has_origin = rules.has(leads, c.LEAD_ID, c.SOURCE_TYPE)  # without it every origin is unknown: no origin shares
    return {"deals": deals, "split": split_table(deals), "by_rep": new_by_rep(deals, reps),
            "trend": quarterly_trend(deals),
            "self_developed_share": self_developed_share(deals) if has_origin else None,
            "new_customer_share": new_customer_share(deals),
            "inbound_existing_share": inbound_existing_share(deals) if has_origin else None,
            "new_customers_won": int(new[c.CUSTOMER_ID].nunique()),
            "unknown_origin_deals": int(deals["origin"].eq("unknown").sum()),
            "has_origin": has_origin, "start": start, "end": end}
