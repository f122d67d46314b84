"""Contact coverage and cost to serve (接触覆盖与服务成本): the right customers, the right contact, the right channel.

Pure functions on the clean ``activities`` (date, owner, customer_id, type, hours, planned, department),
``opportunities`` and a customer -> tier Series from the quality matrix (``tiers``: index customer_id,
values 1-5 or NA = not a customer asset; see :func:`tier_series`). The rules come from ``client.yaml``
and are passed in: ``contact_policy`` (minimum contacts per month per tier), ``neglect_days`` and
``channel_costs`` (a ratio, default visit : phone : e-mail = 100 : 1 : 0.01; :func:`unit_costs` turns it into
money with ``visit_cost``, the money cost of one visit, or into relative units, one visit = 100). Quote
turnaround (报价响应时间) from the ``quotes`` table closes the module: the two weeks -> 48 hours case.
All of it is vectorised.

>>> acts = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-01-06", "2025-01-07"]),
...                      "customer_id": ["C1", "C1", "C2"], "type": ["visit", "phone", "email"]})
>>> tiers = pd.Series(pd.array([1, 5], dtype="Int64"), index=pd.Index(["C1", "C2"], name="customer_id"))
>>> cost_by_tier(cost_to_serve(acts, channel_costs={"visit": 100, "phone": 1, "email": 0.01}, tiers=tiers))[
...     ["tier", "contacts", "cost"]].to_dict("list")
{'tier': ['1', '5'], 'contacts': [2, 1], 'cost': [101.0, 0.01]}
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.columns import TIER

__all__ = [
    "QUOTE_BANDS", "RELATIVE_VISIT", "after_sale_contact", "channel_shift", "contact_coverage",
    "cost_by_tier", "cost_to_serve", "freed_time_target", "coverage_by_tier", "decay_ratio", "decay_window",
    "department_mix",
    "shift_base", "shift_rows",
    "neglected_list", "quote_summary", "quote_turnaround", "tier_series", "unit_costs", "win_rate_by_band",
    "won_revenue",
]


ALL = "all"
RELATIVE_VISIT = 100.0  # without a money cost of one visit, cost to serve is in units where one visit = 100
QUOTE_BANDS = (48, 7 * 24, 14 * 24)  # upper edges in hours: <= 48 h, <= 7 days, <= 14 days, longer
WITHIN_HOURS = 48


def tier_series(tiered: pd.DataFrame) -> pd.Series:
    """customer_id -> tier (Int64, NA = not an asset) from a frame with ``customer_id`` and ``tier``.

    >>> tier_series(pd.DataFrame({"customer_id": ["C1", "C2"], "tier": [2, None]})).tolist()
    [2, <NA>]
    """
    frame = tiered.drop_duplicates(c.CUSTOMER_ID)
    return pd.Series(pd.array(frame[TIER].to_numpy(dtype=object), dtype="Int64"),
                     index=pd.Index(frame[c.CUSTOMER_ID].astype(str).to_numpy(), name=c.CUSTOMER_ID), name=TIER)


def _tiers_of(ids: pd.Series, tiers: pd.Series) -> pd.Series:
    """The tier of each customer id (NA when untiered), looked up once per distinct id."""
    codes, uniques = pd.factorize(ids.astype(str))
    found = pd.Series(np.asarray(uniques, dtype=object)).map(tiers).astype("Int64").to_numpy()
    return pd.Series(pd.array(found, dtype="Int64").take(codes, allow_fill=True), index=ids.index)


def _customer_contacts(activities: pd.DataFrame) -> pd.DataFrame:
    return activities[activities[c.CUSTOMER_ID].notna().to_numpy(dtype=bool)]


# --- coverage against the contact policy ----------------------------------------------------------------


def contact_coverage(activities: pd.DataFrame, *, tiers: pd.Series, policy: Mapping[int, float], start, end,
                     neglect_days: int, neglect_tiers: Sequence[int] = rules.ASSET_TIERS) -> pd.DataFrame:
    """Contacts per month of every tiered customer against the policy of its tier.

    Counts every activity dated in ``[start, end]``; the months are the period's days / 30.44. A
    customer is *below policy* when its contacts per month are under the tier's minimum, and
    *neglected* when it is in ``neglect_tiers`` and its last contact up to ``end`` is more than
    ``neglect_days`` before ``end`` (or it was never contacted). Customers without a tier are left out.

    Returns one row per customer: ``customer_id``, ``tier``, ``contacts``, ``contacts_per_month``,
    ``policy``, ``below_policy``, ``last_contact``, ``days_since_contact``, ``neglected``.

    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2025-01-10", "2025-01-20", "2025-01-30"]),
    ...                      "customer_id": ["C1"] * 3})
    >>> tiers = pd.Series(pd.array([1, 3], dtype="Int64"), index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> out = contact_coverage(acts, tiers=tiers, policy={1: 2.0, 3: 0.5}, start="2025-01-01", end="2025-01-31",
    ...                        neglect_days=90)
    >>> out[["customer_id", "contacts", "below_policy", "neglected"]].to_dict("list")
    {'customer_id': ['C1', 'C2'], 'contacts': [3, 0], 'below_policy': [False, True], 'neglected': [False, True]}
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    months = ((end - start).days + 1) / rules.MONTH_DAYS
    tiered = tiers.dropna()
    acts = _customer_contacts(activities)
    acts = acts[(acts[c.DATE] <= end).to_numpy(dtype=bool)]
    in_period = acts[(acts[c.DATE] >= start).to_numpy(dtype=bool)]
    counts = in_period[c.CUSTOMER_ID].value_counts()
    last = acts.groupby(c.CUSTOMER_ID, observed=True)[c.DATE].max()
    ids = tiered.index
    out = pd.DataFrame({c.CUSTOMER_ID: ids.to_numpy(), TIER: tiered.to_numpy()})
    out["contacts"] = counts.reindex(ids, fill_value=0).to_numpy().astype(int)
    out["contacts_per_month"] = out["contacts"] / months
    out["policy"] = out[TIER].map(lambda tier: float(policy.get(int(tier), 0.0))).astype(float)
    out["below_policy"] = out["contacts_per_month"] < out["policy"]
    out["last_contact"] = last.reindex(ids).to_numpy()
    out["days_since_contact"] = (end - out["last_contact"]).dt.days.astype("Int64")
    stale = out["days_since_contact"].isna() | (out["days_since_contact"] > neglect_days)
    out["neglected"] = (out[TIER].isin(list(neglect_tiers)) & stale).to_numpy(dtype=bool)
    return out


def coverage_by_tier(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per tier: ``customers``, ``policy``, ``median_contacts_per_month``, ``below_policy``,
    ``below_policy_share`` and ``neglected`` (from :func:`contact_coverage`).

    >>> cov = pd.DataFrame({"tier": [1, 1, 3], "contacts_per_month": [3.0, 1.0, 0.0], "policy": [2.0, 2.0, 0.5],
    ...                     "below_policy": [False, True, True], "neglected": [False, False, True]})
    >>> coverage_by_tier(cov)[["tier", "customers", "below_policy", "neglected"]].to_dict("list")
    {'tier': [1, 3], 'customers': [2, 1], 'below_policy': [1, 1], 'neglected': [0, 1]}
    """
    out = coverage.groupby(TIER).agg(customers=("policy", "size"), policy=("policy", "first"),
                                     median_contacts_per_month=("contacts_per_month", "median"),
                                     below_policy=("below_policy", "sum"), neglected=("neglected", "sum"))
    out["below_policy_share"] = out["below_policy"] / out["customers"]
    out = out.reset_index()
    out[TIER] = out[TIER].astype(int)
    for col in ("below_policy", "neglected"):
        out[col] = out[col].astype(int)
    return out[[TIER, "customers", "policy", "median_contacts_per_month", "below_policy", "below_policy_share",
                "neglected"]]


def neglected_list(coverage: pd.DataFrame, customers: pd.DataFrame | None = None, *,
                   limit: int | None = 30) -> pd.DataFrame:
    """The neglected customers of :func:`contact_coverage`, best tier and longest silence first,
    with ``name`` and ``owner`` from ``customers`` when given.

    >>> cov = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "tier": [2, 1, 1], "days_since_contact": [200, 95, None],
    ...                     "neglected": [True, True, True]})
    >>> neglected_list(cov)["customer_id"].tolist()
    ['C3', 'C2', 'C1']
    """
    out = coverage[coverage["neglected"].to_numpy(dtype=bool)]
    silence = out["days_since_contact"].astype("Float64").fillna(float("inf"))
    out = out.assign(_silence=silence.to_numpy(dtype=float)).sort_values([TIER, "_silence"],
                                                                          ascending=[True, False], kind="stable")
    out = out.drop(columns="_silence")
    if customers is not None:
        cols = [col for col in (c.NAME, c.OWNER) if col in customers]
        info = customers.drop_duplicates(c.CUSTOMER_ID).set_index(c.CUSTOMER_ID)[cols]
        out = out.join(info, on=c.CUSTOMER_ID)
    return (out if limit is None else out.head(limit)).reset_index(drop=True)


# --- contact after the sale and who touches the customer ------------------------------------------------


def after_sale_contact(activities: pd.DataFrame, opportunities: pd.DataFrame, *, as_of,
                       max_months: int = 12) -> pd.DataFrame:
    """Contacts per customer-month by months since the customer's last won deal: does contact decay?

    Each activity is placed after the latest won deal of its customer closed on or before it;
    ``contacts_per_month`` = contacts in month ``k`` after the sale / customer-months observed at ``k``
    (a deal is observed until the customer's next win, ``as_of`` or the last dated activity, whichever comes
    first: months after the activity records stop are unobserved, not months without contact). Long format, one
    row per month and
    department (``"all"`` first, then each department when the column exists): ``months_since_sale``,
    ``department``, ``contacts``, ``exposure_months``, ``contacts_per_month``.

    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2025-01-10", "2025-01-20", "2025-02-15"]),
    ...                      "customer_id": ["C1"] * 3})
    >>> opps = pd.DataFrame({"customer_id": ["C1"], "status": ["won"], "close_date": pd.to_datetime(["2025-01-01"])})
    >>> after_sale_contact(acts, opps, as_of="2025-03-02",
    ...                    max_months=2)[["months_since_sale", "contacts"]].to_dict("list")
    {'months_since_sale': [0, 1], 'contacts': [2, 1]}
    """
    as_of = pd.Timestamp(as_of)
    acts = _customer_contacts(activities)
    last = acts[c.DATE].max()  # the activity records stop here: later months are not observed
    observed_to = min(as_of, last) if pd.notna(last) else as_of
    won = opportunities[opportunities[c.STATUS].eq("won").fillna(False).to_numpy(dtype=bool)]
    won = won[won[c.CUSTOMER_ID].notna() & won[c.CLOSE_DATE].notna() & (won[c.CLOSE_DATE] <= as_of)]
    deals = won[[c.CUSTOMER_ID, c.CLOSE_DATE]].astype({c.CUSTOMER_ID: str}).drop_duplicates()
    deals = deals.sort_values([c.CUSTOMER_ID, c.CLOSE_DATE]).reset_index(drop=True)
    following = deals.groupby(c.CUSTOMER_ID)[c.CLOSE_DATE].shift(-1).fillna(as_of)
    span = (following.clip(upper=observed_to) - deals[c.CLOSE_DATE]).dt.days.to_numpy(dtype=float) / rules.MONTH_DAYS
    span = np.clip(span, 0.0, None)  # a deal won after the records stop is observed for no month
    k = np.arange(max_months)
    exposure = np.clip(span[:, None] - k[None, :], 0.0, 1.0).sum(axis=0)

    keep = [c.DATE, c.CUSTOMER_ID] + ([c.DEPARTMENT] if c.DEPARTMENT in acts else [])
    acts = acts.loc[(acts[c.DATE] <= as_of).to_numpy(dtype=bool), keep].dropna(subset=[c.DATE])
    acts = acts.astype({c.CUSTOMER_ID: str}).sort_values(c.DATE, kind="stable")
    placed = pd.merge_asof(acts, deals.sort_values(c.CLOSE_DATE), left_on=c.DATE, right_on=c.CLOSE_DATE,
                           by=c.CUSTOMER_ID, direction="backward")
    month = np.floor((placed[c.DATE] - placed[c.CLOSE_DATE]).dt.days / rules.MONTH_DAYS)
    placed = placed.assign(months_since_sale=month)[month.notna() & (month < max_months)]
    placed["months_since_sale"] = placed["months_since_sale"].astype(int)
    groups = [(ALL, placed)]
    if c.DEPARTMENT in placed:
        groups += [(str(dept), part) for dept, part in placed.groupby(c.DEPARTMENT, sort=True, observed=True)]
    frames = []
    for dept, part in groups:
        counts = part["months_since_sale"].value_counts().reindex(k, fill_value=0).to_numpy()
        frames.append(pd.DataFrame({"months_since_sale": k, "department": dept, "contacts": counts.astype(int),
                                    "exposure_months": exposure}))
    out = pd.concat(frames, ignore_index=True)
    out["contacts_per_month"] = out["contacts"] / out["exposure_months"].where(out["exposure_months"] > 0)
    return out


def decay_window(after_sale: pd.DataFrame, *, early: int = 3) -> dict | None:
    """Contact rate in the last ``early`` observed months / rate in the first ``early`` months (all departments),
    with the months compared.

    Months are observed when some customer-month is (``exposure_months`` > 0); the two windows must not
    overlap, so at least ``2 * early`` months must be observed. Returns ``ratio`` (below 1: contact decays after
    the sale), ``early_from``/``early_to`` and ``late_from``/``late_to`` (months after the sale counted from 1,
    as the report names them: months 1-3 against months 10-12 when a year is observed); None when fewer months
    are observed or the first window has no contact.

    >>> frame = pd.DataFrame({"months_since_sale": range(8), "department": "all",
    ...                       "contacts": [6, 6, 6, 2, 2, 2, 0, 0], "exposure_months": [3.0] * 6 + [0.0] * 2})
    >>> decay_window(frame)
    {'ratio': 0.3333333333333333, 'early_from': 1, 'early_to': 3, 'late_from': 4, 'late_to': 6}
    >>> decay_window(frame.head(5)) is None  # five months observed: the windows would overlap
    True
    """
    rows = after_sale[after_sale["department"].eq(ALL)].sort_values("months_since_sale")
    rows = rows[rows["exposure_months"].to_numpy(dtype=float) > 0]
    if len(rows) < 2 * early:
        return None
    head, tail = rows.head(early), rows.tail(early)
    first = head["contacts"].sum() / head["exposure_months"].sum()
    if not first:
        return None
    last = tail["contacts"].sum() / tail["exposure_months"].sum()
    months = rows["months_since_sale"].to_numpy(dtype=int) + 1
    return {"ratio": float(last / first), "early_from": int(months[0]), "early_to": int(months[early - 1]),
            "late_from": int(months[-early]), "late_to": int(months[-1])}


def decay_ratio(after_sale: pd.DataFrame, *, early: int = 3) -> float | None:
    """The ``ratio`` of :func:`decay_window` (None when it cannot be computed).

    >>> frame = pd.DataFrame({"months_since_sale": range(6), "department": "all",
    ...                       "contacts": [6, 6, 6, 2, 2, 2], "exposure_months": [3.0] * 6})
    >>> decay_ratio(frame)
    0.3333333333333333
    """
    window = decay_window(after_sale, early=early)
    return None if window is None else window["ratio"]


def department_mix(activities: pd.DataFrame, *, tiers: pd.Series | None = None) -> pd.DataFrame:
    """Which departments touch the customers: contacts and customers reached per department (and tier).

    Returns ``tier`` (``"1"`` .. ``"5"``, ``"none"``, or ``"all"`` without ``tiers``), ``department``,
    ``contacts``, ``contact_share`` (within the tier), ``customers`` (reached by that department) and
    ``customer_share`` (of the tier's contacted customers).

    >>> acts = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "department": ["sales", "finance", "sales"]})
    >>> department_mix(acts)[["department", "contacts", "customers", "customer_share"]].to_dict("list")
    {'department': ['finance', 'sales'], 'contacts': [1, 2], 'customers': [1, 2], 'customer_share': [0.5, 1.0]}
    """
    acts = _customer_contacts(activities)
    acts = acts[acts[c.DEPARTMENT].notna().to_numpy(dtype=bool)]
    ids = acts[c.CUSTOMER_ID].astype(str)
    tier = rules.tier_key(_tiers_of(ids, tiers)) if tiers is not None else pd.Series(ALL, index=acts.index)
    # customers as integer codes: counting distinct integers is far cheaper than distinct strings
    frame = pd.DataFrame({TIER: pd.Categorical(tier.to_numpy()),
                          "department": pd.Categorical(acts[c.DEPARTMENT].astype(str).to_numpy()),
                          c.CUSTOMER_ID: pd.factorize(ids)[0]})
    out = frame.groupby([TIER, "department"], observed=True).agg(
        contacts=(c.CUSTOMER_ID, "size"), customers=(c.CUSTOMER_ID, "nunique")).reset_index()
    out = out.astype({TIER: str, "department": str})
    reached = frame.groupby(TIER, observed=True)[c.CUSTOMER_ID].nunique()
    reached.index = reached.index.astype(str)
    out["contact_share"] = out["contacts"] / out.groupby(TIER)["contacts"].transform("sum")
    out["customer_share"] = out["customers"] / out[TIER].map(reached)
    return out[[TIER, "department", "contacts", "contact_share", "customers", "customer_share"]]


# --- channel cost to serve ------------------------------------------------------------------------------


def unit_costs(channel_costs: Mapping[str, float], *, visit_cost: float | None = None,
               from_channel: str = "visit") -> tuple[dict[str, float], str]:
    """The cost of one contact per channel, and its unit: ``"money"`` or ``"relative"``.

    ``channel_costs`` is a ratio (visit : phone : e-mail = 100 : 1 : 0.01 by default), not money. With
    ``visit_cost`` (the money cost of one visit) each channel costs ``visit_cost`` x its ratio to a visit, in
    money; without it, the costs are relative units in which one visit is :data:`RELATIVE_VISIT` (100). A ratio
    without a (positive) visit cannot be anchored to money and stays in its own relative units.

    >>> unit_costs({"visit": 100, "phone": 1, "email": 0.01}, visit_cost=1500)
    ({'visit': 1500.0, 'phone': 15.0, 'email': 0.15}, 'money')
    >>> unit_costs({"visit": 1, "phone": 0.01})
    ({'visit': 100.0, 'phone': 1.0}, 'relative')
    """
    visit = float(channel_costs.get(from_channel, 0.0))
    if visit <= 0:
        return {ch: float(v) for ch, v in channel_costs.items()}, "relative"
    anchor, unit = (float(visit_cost), "money") if visit_cost is not None else (RELATIVE_VISIT, "relative")
    return {ch: float(v) / visit * anchor for ch, v in channel_costs.items()}, unit


def cost_to_serve(activities: pd.DataFrame, *, channel_costs: Mapping[str, float],
                  tiers: pd.Series | None = None) -> pd.DataFrame:
    """Contacts by channel x unit cost, per customer.

    Returns ``customer_id``, ``tier`` (text key, ``"none"`` when not an asset), one count column per
    activity type present, ``contacts``, ``cost`` (sum of counts x ``channel_costs``) and ``uncosted``
    (contacts of a type without a unit cost in ``channel_costs``: counted, not costed).

    >>> acts = pd.DataFrame({"customer_id": ["C1"] * 3, "type": ["visit", "phone", "event"]})
    >>> cost_to_serve(acts, channel_costs={"visit": 100, "phone": 1})[["contacts", "cost", "uncosted"]].to_dict("list")
    {'contacts': [3], 'cost': [101.0], 'uncosted': [1]}
    """
    acts = _customer_contacts(activities)
    acts = acts[acts[c.TYPE].notna().to_numpy(dtype=bool)]
    id_codes, ids = pd.factorize(acts[c.CUSTOMER_ID].astype(str), sort=True)
    type_codes, types = pd.factorize(acts[c.TYPE].astype(str), sort=True)
    values = np.bincount(id_codes * len(types) + type_codes, minlength=len(ids) * len(types))
    values = values.reshape(len(ids), len(types))
    unit = np.array([float(channel_costs.get(t, 0.0)) for t in types])
    costed = np.array([t in channel_costs for t in types])
    out = pd.DataFrame(values, columns=list(types))
    out.insert(0, c.CUSTOMER_ID, np.asarray(ids, dtype=object))
    tier_values = out[c.CUSTOMER_ID].map(tiers) if tiers is not None else pd.Series(pd.NA, index=out.index)
    out.insert(1, TIER, rules.tier_key(tier_values).to_numpy())
    out["contacts"] = values.sum(axis=1)
    out["cost"] = values @ unit
    out["uncosted"] = values[:, ~costed].sum(axis=1)
    return out


def won_revenue(opportunities: pd.DataFrame | None, *, start=None, end=None) -> pd.Series:
    """Won amount per customer_id for deals closed in ``[start, end]`` (empty without opportunities).

    >>> opps = pd.DataFrame({"customer_id": ["C1", "C1"], "status": ["won", "lost"], "amount": [5.0, 9.0],
    ...                      "close_date": pd.to_datetime(["2025-02-01", "2025-02-01"])})
    >>> won_revenue(opps).to_dict()
    {'C1': 5.0}
    """
    if opportunities is None or not {c.STATUS, c.AMOUNT, c.CUSTOMER_ID} <= set(opportunities.columns):
        return pd.Series(dtype=float, name=c.AMOUNT)
    won = opportunities[opportunities[c.STATUS].eq("won").fillna(False).to_numpy(dtype=bool)]
    if c.CLOSE_DATE in won and (start is not None or end is not None):
        lo = pd.Timestamp(start) if start is not None else pd.Timestamp.min
        hi = pd.Timestamp(end) if end is not None else pd.Timestamp.max
        won = won[((won[c.CLOSE_DATE] >= lo) & (won[c.CLOSE_DATE] <= hi)).fillna(False).to_numpy(dtype=bool)]
    won = won[won[c.CUSTOMER_ID].notna().to_numpy(dtype=bool)]
    return won.groupby(won[c.CUSTOMER_ID].astype(str))[c.AMOUNT].sum().rename(c.AMOUNT)


def cost_by_tier(cost: pd.DataFrame, *, revenue: pd.Series | None = None,
                 tiers: pd.Series | None = None) -> pd.DataFrame:
    """Cost to serve per tier against the tier's won revenue.

    ``cost`` is :func:`cost_to_serve` output; ``revenue`` customer_id -> won amount (:func:`won_revenue`);
    ``tiers`` places revenue of customers who had no contact. Returns ``tier``, ``customers``
    (contacted), ``contacts``, ``cost``, ``cost_per_customer``, ``cost_share``, ``revenue``,
    ``revenue_share`` and ``cost_per_revenue`` (cost / revenue; NaN without revenue).

    >>> cost = pd.DataFrame({"customer_id": ["C1", "C2"], "tier": ["1", "none"], "contacts": [3, 1],
    ...                      "cost": [200.0, 1.0]})
    >>> rev = pd.Series({"C1": 1000.0})
    >>> cost_by_tier(cost, revenue=rev)[["tier", "cost_per_revenue"]].to_dict("list")
    {'tier': ['1', 'none'], 'cost_per_revenue': [0.2, nan]}
    """
    out = cost.groupby(TIER).agg(customers=(c.CUSTOMER_ID, "size"), contacts=("contacts", "sum"),
                                 cost=("cost", "sum"))
    out = out.reindex([k for k in rules.TIER_KEYS if k in out.index]).reset_index()
    out["cost_per_customer"] = out["cost"] / out["customers"]
    out["cost_share"] = out["cost"] / out["cost"].sum() if out["cost"].sum() else np.nan
    rev = pd.Series(0.0, index=out[TIER])
    if revenue is not None and len(revenue):
        place = cost.set_index(c.CUSTOMER_ID)[TIER]
        if tiers is not None:
            place = rules.tier_key(tiers).combine_first(place)
        keys = pd.Series(revenue.index.astype(str), index=revenue.index).map(place).fillna("none")
        rev = revenue.groupby(keys.to_numpy()).sum().reindex(out[TIER], fill_value=0.0)
    out["revenue"] = rev.to_numpy(dtype=float)
    total = out["revenue"].sum()
    out["revenue_share"] = out["revenue"] / total if total else np.nan
    out["cost_per_revenue"] = out["cost"] / out["revenue"].where(out["revenue"] > 0)
    return out


def freed_time_target(kpis_by_tier: Mapping | None, *, exclude: int) -> str | None:
    """Where the contact hours freed from tier ``exclude`` should go, as the data say: the tier (1-4, not
    ``exclude``) with the most won revenue per contact hour left uncovered, i.e. the largest
    ``revenue_per_contact_hour`` x (1 - ``coverage``) of :func:`workbook.timealloc.kpis.kpis_by_tier`: a tier
    already served to policy gains little from more contact, a well-covered tier with a low yield less still.
    None when no tier has both figures.

    On the sample's figures tier 4 wins: 16,577 an hour x (1 - 8.5%) = 15,169, against tier 2's 21,276 x
    (1 - 83.3%) = 3,546 and tier 3's 10,186 x (1 - 95.4%) = 473.

    >>> kpis = {"2": {"coverage": 0.833, "revenue_per_contact_hour": 21_276.0},
    ...         "3": {"coverage": 0.954, "revenue_per_contact_hour": 10_186.0},
    ...         "4": {"coverage": 0.085, "revenue_per_contact_hour": 16_577.0},
    ...         "5": {"coverage": 0.600, "revenue_per_contact_hour": 90_000.0}}
    >>> freed_time_target(kpis, exclude=5)
    '4'
    """
    best, score = None, -1.0
    for key, row in (kpis_by_tier or {}).items():
        if key not in {str(t) for t in (1, 2, 3, 4, 5)} or key == str(exclude):
            continue
        rate, cover = row.get("revenue_per_contact_hour"), row.get("coverage")
        if rate is None or cover is None or pd.isna(rate) or pd.isna(cover):
            continue
        value = float(rate) * (1.0 - float(cover))
        if value > score:
            best, score = key, value
    return best


def channel_shift(activities: pd.DataFrame, *, tiers: pd.Series, shifts: Mapping[int, Mapping[str, float]],
                  channel_costs: Mapping[str, float], from_channel: str = "visit") -> pd.DataFrame:
    """What-if: move a share of a tier's ``from_channel`` contacts (visits) to cheaper channels.

    ``shifts`` is ``{tier: {channel: share of the tier's visits moved there}}`` (shares of a tier sum
    to at most 1). Hours freed use each type's mean ``hours`` in the activities (NaN without hours).
    Returns one row per tier in ``shifts``: ``tier``, ``visits``, ``moved`` (contacts moved),
    ``cost_before``, ``cost_after``, ``saving`` and ``hours_freed``.

    >>> acts = pd.DataFrame({"customer_id": ["C1"] * 4, "type": ["visit"] * 4, "hours": [3.0] * 4})
    >>> tiers = pd.Series(pd.array([5], dtype="Int64"), index=pd.Index(["C1"], name="customer_id"))
    >>> costs = {"visit": 100, "phone": 1, "email": 0.01}
    >>> channel_shift(acts, tiers=tiers, shifts={5: {"phone": 0.5}}, channel_costs=costs)[
    ...     ["visits", "moved", "saving", "hours_freed"]].to_dict("list")
    {'visits': [4], 'moved': [2.0], 'saving': [198.0], 'hours_freed': [nan]}
    """
    return shift_rows(shift_base(activities, tiers=tiers, from_channel=from_channel), shifts=shifts,
                      channel_costs=channel_costs, from_channel=from_channel)


def shift_base(activities: pd.DataFrame, *, tiers: pd.Series, from_channel: str = "visit") -> dict:
    """What a channel what-if reads from the activities, whatever the shares moved: ``visits`` (tier ->
    ``from_channel`` contacts of its customers) and ``mean_hours`` (type -> mean ``hours``; empty without hours).
    Computed once per selection of activities, so that moving a share is arithmetic (:func:`shift_rows`).

    >>> acts = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "type": ["visit", "visit", "phone"]})
    >>> tiers = pd.Series(pd.array([5, 4], dtype="Int64"), index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> shift_base(acts, tiers=tiers)["visits"]
    {5: 2}
    """
    acts = _customer_contacts(activities)
    visits = acts[c.TYPE].eq(from_channel).fillna(False).to_numpy(dtype=bool)
    tier = _tiers_of(acts.loc[visits, c.CUSTOMER_ID], tiers)
    per_tier = {int(key): int(n) for key, n in tier.value_counts().items()}
    mean_hours = (acts.groupby(c.TYPE, observed=True)[c.HOURS].mean() if c.HOURS in acts
                  else pd.Series(dtype=float))
    return {"visits": per_tier, "mean_hours": {str(key): float(value) for key, value in mean_hours.items()}}


def shift_rows(base: Mapping, *, shifts: Mapping[int, Mapping[str, float]], channel_costs: Mapping[str, float],
               from_channel: str = "visit") -> pd.DataFrame:
    """:func:`channel_shift` from a :func:`shift_base` of the same activities (the shares checked here)."""
    for tier, moves in shifts.items():
        unknown = [ch for ch in moves if ch not in channel_costs]
        if unknown or from_channel not in channel_costs:
            raise ValueError(f"channel {', '.join(map(repr, unknown or [from_channel]))} has no unit cost; "
                             f"channels in channel_costs (client.yaml): {', '.join(channel_costs)}")
        if any(share < 0 for share in moves.values()) or sum(moves.values()) > 1 + 1e-9:
            raise ValueError(f"shares moved from tier {tier}'s {from_channel} contacts must be >= 0 and sum to "
                             f"at most 1, got {dict(moves)}")
    mean_hours = base["mean_hours"]
    rows = []
    for key, moves in shifts.items():
        n = int(base["visits"].get(int(key), 0))
        moved = {ch: n * share for ch, share in moves.items()}
        before = n * float(channel_costs[from_channel])
        after = (n - sum(moved.values())) * float(channel_costs[from_channel]) + sum(
            m * float(channel_costs[ch]) for ch, m in moved.items())
        freed = sum(m * (mean_hours.get(from_channel, np.nan) - mean_hours.get(ch, np.nan)) for ch, m in moved.items())
        rows.append({TIER: int(key), "visits": n, "moved": float(sum(moved.values())), "cost_before": before,
                     "cost_after": after, "saving": before - after, "hours_freed": float(freed)})
    return pd.DataFrame(rows, columns=[TIER, "visits", "moved", "cost_before", "cost_after", "saving",
                                       "hours_freed"])


# --- quote turnaround -----------------------------------------------------------------------------------


def quote_turnaround(quotes: pd.DataFrame, *, opportunities: pd.DataFrame | None = None,
                     bands: Sequence[float] = QUOTE_BANDS) -> pd.DataFrame:
    """One row per quote: turnaround in hours and its band, with the deal's status when known.

    Dates without a time of day give whole days (a quote sent the next day took 24 hours). Unsent
    quotes have NaN hours and band -1. ``bands`` are upper edges in hours (inclusive); band ``i`` is
    ``(bands[i-1], bands[i]]`` and the last band is everything longer.
    Returns ``quote_id``, ``opportunity_id``, ``requested_date``, ``sent_date``, ``turnaround_hours``,
    ``band`` and ``status`` (open/won/lost or NA).

    >>> q = pd.DataFrame({"quote_id": ["Q1", "Q2", "Q3"], "requested_date": pd.to_datetime(["2025-01-01"] * 3),
    ...                   "sent_date": pd.to_datetime(["2025-01-03", "2025-01-20", None])})
    >>> quote_turnaround(q)[["turnaround_hours", "band"]].to_dict("list")
    {'turnaround_hours': [48.0, 456.0, nan], 'band': [0, 3, -1]}
    """
    cols = [col for col in (c.QUOTE_ID, c.OPPORTUNITY_ID, c.REQUESTED_DATE, c.SENT_DATE) if col in quotes]
    out = quotes[cols].reset_index(drop=True)
    if c.SENT_DATE not in out:
        out[c.SENT_DATE] = pd.NaT
    hours = (out[c.SENT_DATE] - out[c.REQUESTED_DATE]).dt.total_seconds() / 3600
    out["turnaround_hours"] = hours
    band = np.searchsorted(np.asarray(bands, dtype=float), hours.to_numpy(dtype=float), side="left")
    out["band"] = np.where(hours.notna(), band, -1)
    status = pd.Series(pd.NA, index=out.index, dtype="string")
    if opportunities is not None and c.OPPORTUNITY_ID in out and c.STATUS in opportunities:
        lookup = opportunities.drop_duplicates(c.OPPORTUNITY_ID).set_index(c.OPPORTUNITY_ID)[c.STATUS]
        status = out[c.OPPORTUNITY_ID].map(lookup).astype("string")
    out[c.STATUS] = status
    return out


def quote_summary(turnaround: pd.DataFrame | None, *, within_hours: float = WITHIN_HOURS,
                  long_hours: float = QUOTE_BANDS[-1]) -> dict:
    """``quotes``, ``sent``, ``median_hours``, ``within_48h_share`` and ``over_14d_share`` of sent quotes.

    >>> q = pd.DataFrame({"turnaround_hours": [0.0, 48.0, 72.0, 400.0, None]})
    >>> quote_summary(q)
    {'quotes': 5, 'sent': 4, 'median_hours': 60.0, 'within_48h_share': 0.5, 'over_14d_share': 0.25}
    """
    if turnaround is None:
        return {"quotes": None, "sent": None, "median_hours": None, "within_48h_share": None, "over_14d_share": None}
    sent = turnaround["turnaround_hours"].dropna()
    return {"quotes": len(turnaround), "sent": len(sent),
            "median_hours": float(sent.median()) if len(sent) else None,
            "within_48h_share": rules.ratio((sent <= within_hours).sum(), len(sent)),
            "over_14d_share": rules.ratio((sent > long_hours).sum(), len(sent))}


def win_rate_by_band(turnaround: pd.DataFrame, *, bands: Sequence[float] = QUOTE_BANDS) -> pd.DataFrame:
    """Quotes, closed deals, won deals and win rate (won / closed) per turnaround band.

    Returns ``band`` (0 .. len(bands); -1 = not sent), ``upper_hours`` (the band's edge, NaN for the
    last and for unsent), ``quotes``, ``closed``, ``won``, ``win_rate``.

    >>> q = pd.DataFrame({"band": [0, 0, 0, 2], "status": ["won", "lost", "open", "lost"]})
    >>> win_rate_by_band(q)[["band", "quotes", "closed", "win_rate"]].to_dict("list")
    {'band': [0, 1, 2, 3], 'quotes': [3, 0, 1, 0], 'closed': [2, 0, 1, 0], 'win_rate': [0.5, nan, 0.0, nan]}
    """
    status = (turnaround[c.STATUS].astype("string") if c.STATUS in turnaround
              else pd.Series(pd.NA, index=turnaround.index))
    frame = pd.DataFrame({"band": turnaround["band"].to_numpy(),
                          "closed": status.isin(["won", "lost"]).to_numpy(dtype=bool).astype(int),
                          "won": status.eq("won").fillna(False).to_numpy(dtype=bool).astype(int)})
    order = list(range(len(bands) + 1)) + ([-1] if (frame["band"] == -1).any() else [])
    out = frame.groupby("band").agg(quotes=("won", "size"), closed=("closed", "sum"), won=("won", "sum"))
    out = out.reindex(order, fill_value=0).rename_axis("band").reset_index()
    edges = list(bands) + [np.nan]
    out.insert(1, "upper_hours", [edges[b] if b >= 0 else np.nan for b in out["band"]])
    out["win_rate"] = out["won"] / out["closed"].where(out["closed"] > 0)
    return out
