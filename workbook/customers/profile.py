"""The customer profile (客户画像) and how complete the records are: counts per profile value, fill rates.

Pure functions on the clean ``customers`` table, re-exported by :mod:`workbook.customers.inventory`. No
language: values are the client's own, band codes (:data:`BANDS`) or vocabulary codes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.customers.levels import IT_SHARE, numeric_field

__all__ = ["PROFILE_FIELDS", "PROFILE_DIMENSIONS", "BANDS", "MISSING", "UNASSIGNED", "profile_counts", "band_label",
           "fill_rates", "completeness", "owner_codes", "completeness_by_owner"]

# the profile a consultant gathers per customer; completeness is measured over these
PROFILE_FIELDS = (c.INDUSTRY, c.MAIN_BUSINESS, c.REGION, c.HEADCOUNT, c.IT_HEADCOUNT, c.ANNUAL_REVENUE,
                  c.REVENUE_GROWTH_3Y, c.GOAL_3Y, c.BRAND_STANDING)
MISSING = "_missing"
UNASSIGNED = "unassigned"  # owner code of customers without a rep (labelled 未分配 / unassigned)

# display bands: lower edges (the last band is open) and (zh, en) labels; the en label is the band's code
BANDS: dict[str, tuple[tuple[float, ...], tuple[tuple[str, str], ...]]] = {
    c.HEADCOUNT: ((0, 50, 200, 500, 1000, 5000),
                  (("<50", "<50"), ("50-199", "50-199"), ("200-499", "200-499"), ("500-999", "500-999"),
                   ("1,000-4,999", "1,000-4,999"), ("≥5,000", "≥5,000"))),
    c.ANNUAL_REVENUE: ((0, 1e7, 5e7, 2e8, 1e9),
                       (("<1千万", "<10M"), ("1千万-5千万", "10M-50M"), ("5千万-2亿", "50M-200M"),
                        ("2亿-10亿", "200M-1B"), ("≥10亿", "≥1B"))),
    c.REVENUE_GROWTH_3Y: ((-np.inf, 0, 0.05, 0.15),
                          (("下降", "<0%"), ("0-5%", "0-5%"), ("5-15%", "5-15%"), ("≥15%", "≥15%"))),
    IT_SHARE: ((0, 0.01, 0.03, 0.05), (("<1%", "<1%"), ("1-3%", "1-3%"), ("3-5%", "3-5%"), ("≥5%", "≥5%"))),
}
PROFILE_DIMENSIONS = (c.INDUSTRY, c.REGION, c.HEADCOUNT, c.ANNUAL_REVENUE, c.REVENUE_GROWTH_3Y, c.BRAND_STANDING,
                      IT_SHARE)
def profile_counts(customers: pd.DataFrame, *, dimensions=PROFILE_DIMENSIONS) -> pd.DataFrame:
    """Customers per value of each profile dimension; numbers are put into :data:`BANDS`.

    Parameters
    ----------
    customers : DataFrame
        The clean customers table; any of ``industry``, ``region``, ``headcount``, ``annual_revenue``,
        ``revenue_growth_3y``, ``brand_standing`` and ``it_headcount`` may be absent.
    dimensions : sequence of str
        Fields to count (``"it_share"`` = it_headcount / headcount).

    Returns
    -------
    DataFrame
        ``dimension``, ``value`` (the band code, the vocabulary code or the client's own value),
        ``customers``, ``share`` (of all customers). Empty values count as ``value == "_missing"``, listed
        last. Bands keep their order; other values are sorted by count.

    Examples
    --------
    >>> df = pd.DataFrame({"headcount": [30, 250, 260, None]})
    >>> profile_counts(df, dimensions=["headcount"])[["value", "customers"]].values.tolist()
    [['<50', 1], ['200-499', 2], ['_missing', 1]]
    """
    parts = []
    n = len(customers)
    for field in dimensions:
        if field in BANDS:
            edges, labels = BANDS[field]
            values = numeric_field(customers, field)
            codes = np.searchsorted(np.asarray(edges[1:]), values.to_numpy(), side="right")
            counts = np.bincount(codes[values.notna().to_numpy()], minlength=len(labels))
            frame = pd.DataFrame({"value": [lab[1] for lab in labels], "customers": counts})
            frame = frame[frame["customers"] > 0]
        else:
            values = customers[field] if field in customers else pd.Series(pd.NA, index=customers.index)
            counts = values.dropna().astype(str).value_counts()
            frame = pd.DataFrame({"value": counts.index.astype(str), "customers": counts.to_numpy()})
        n_missing = int(values.isna().sum())
        rows = [frame] + ([pd.DataFrame({"value": [MISSING], "customers": [n_missing]})] if n_missing else [])
        frame = pd.concat(rows, ignore_index=True)
        frame.insert(0, "dimension", field)
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    out["customers"] = out["customers"].astype("int64")
    out["share"] = out["customers"] / n if n else 0.0
    return out[["dimension", "value", "customers", "share"]]


def band_label(dimension: str, value: str, lang: str) -> str:
    """The label of a :func:`profile_counts` band code in ``lang`` (``value`` itself when not a band).

    >>> band_label("annual_revenue", "200M-1B", "zh"), band_label("industry", "化工", "en")
    ('2亿-10亿', '化工')
    """
    for zh, en in BANDS.get(dimension, ((), ()))[1]:
        if en == value:
            return zh if lang == "zh" else en
    return value


def fill_rates(customers: pd.DataFrame, *, fields=PROFILE_FIELDS) -> pd.DataFrame:
    """Share of customers with each profile field filled (an absent column scores 0).

    Returns ``field``, ``filled`` (customers), ``fill_rate`` (0-1).

    >>> df = pd.DataFrame({"industry": ["化工", None], "headcount": [10, 20]})
    >>> fill_rates(df, fields=["industry", "headcount", "region"])["fill_rate"].tolist()
    [0.5, 1.0, 0.0]
    """
    n = len(customers)
    filled = [int(customers[f].notna().sum()) if f in customers else 0 for f in fields]
    return pd.DataFrame({"field": list(fields), "filled": filled,
                         "fill_rate": [x / n if n else 0.0 for x in filled]})


def completeness(customers: pd.DataFrame, *, fields=PROFILE_FIELDS) -> float:
    """Filled profile cells over all cells (customers x profile fields), 0-1; NaN for no customers.

    >>> completeness(pd.DataFrame({"industry": ["化工", None], "headcount": [10, 20]}),
    ...              fields=["industry", "headcount"])
    0.75
    """
    if not len(customers):
        return float("nan")
    return float(fill_rates(customers, fields=fields)["filled"].sum() / (len(customers) * len(fields)))


def owner_codes(customers: pd.DataFrame) -> pd.Series:
    """Each customer's owner (rep) as text, :data:`UNASSIGNED` where there is none.

    >>> owner_codes(pd.DataFrame({"owner": ["R1", None]})).tolist()
    ['R1', 'unassigned']
    """
    if c.OWNER not in customers:
        return pd.Series(UNASSIGNED, index=customers.index, dtype="string")
    return customers[c.OWNER].astype("string").fillna(UNASSIGNED)


def completeness_by_owner(customers: pd.DataFrame, *, fields=PROFILE_FIELDS) -> pd.DataFrame:
    """Per owner (rep): customers, overall completeness and the fill rate of each field.

    One row per owner (:func:`owner_codes`), worst completeness first (then more customers first);
    columns ``owner``, ``customers``, ``completeness`` then one column per field code (fill rate, 0-1).

    >>> df = pd.DataFrame({"owner": ["R1", "R1", None], "industry": ["化工", None, "纺织"], "region": ["华东"] * 3})
    >>> completeness_by_owner(df, fields=["industry", "region"]).values.tolist()
    [['R1', 2, 0.75, 0.5, 1.0], ['unassigned', 1, 1.0, 1.0, 1.0]]
    """
    owner = owner_codes(customers)
    filled = pd.DataFrame({f: customers[f].notna() if f in customers else False for f in fields},
                          index=customers.index)
    by = filled.groupby(owner.to_numpy())
    out = by.mean()
    out.insert(0, "completeness", out.mean(axis=1))
    out.insert(0, "customers", by.size())
    out.index.name = c.OWNER
    out = out.sort_values(["completeness", "customers"], ascending=[True, False], kind="stable")
    return out.reset_index()
