"""Customer inventory (客户盘点): profile, completeness, customer level and relationship.

Pure functions on the clean ``customers``, ``activities`` and ``opportunities``
tables. The rules come from ``client.yaml`` (:class:`~workbook.config.IcpRules`,
:class:`~workbook.config.RelationshipRules`) and are passed in as data. Every
customer carries the reason for its level and relationship, so a consultant
can answer "why is this one only 'target'?". All of it is vectorised: no loop
runs per customer.

>>> customers = pd.DataFrame({"customer_id": ["C1", "C2"], "headcount": [900, 120],
...                           "annual_revenue": [3e8, 2e7], "revenue_growth_3y": [0.1, 0.0]})
>>> out = assign_levels(customers, icp=IcpRules(), lang="en")
>>> out["level"].tolist()
['quality', 'potential']
>>> out["level_reason"].tolist()[1]
'target rule not met: Headcount < 200, Annual revenue < 50,000,000'
"""
from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook import columns as c
from workbook.config import LEVELS, RELATIONSHIPS, ClientConfig, IcpRules, LevelRule, RelationshipRules
from workbook.i18n import check_lang, column_label, t, value_label

__all__ = [
    "PROFILE_FIELDS", "BANDS", "profile_counts", "fill_rates", "completeness", "completeness_by_owner",
    "rule_fields", "thin_records", "assign_levels", "contact_stats", "assign_relationships", "as_of_date",
    "classify", "classify_client", "ladder", "reason_counts", "key_figures", "interpret",
]

# the profile a consultant gathers per customer (seed 004); completeness is measured over these
PROFILE_FIELDS = (c.INDUSTRY, c.MAIN_BUSINESS, c.REGION, c.HEADCOUNT, c.IT_HEADCOUNT, c.ANNUAL_REVENUE,
                  c.REVENUE_GROWTH_3Y, c.GOAL_3Y, c.BRAND_STANDING)
IT_SHARE = "it_share"
MISSING = "_missing"

# display bands: lower edges (the last band is open) and (zh, en) labels
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
DERIVED_COLUMNS = ("level", "level_source", "level_reason", "relationship", "relationship_source",
                   "relationship_reason", "contacts_in_window", "contacts_ever", "won_deals", "last_contact",
                   "days_since_contact")


def _label(field: str, lang: str) -> str:
    return t("inv.it_share", lang) if field == IT_SHARE else column_label(c.CUSTOMERS, field, lang)


def _numeric(customers: pd.DataFrame, field: str) -> pd.Series:
    if field == IT_SHARE:
        head = _numeric(customers, c.HEADCOUNT)
        return _numeric(customers, c.IT_HEADCOUNT) / head.where(head > 0)
    if field not in customers:
        return pd.Series(np.nan, index=customers.index)
    return pd.to_numeric(customers[field], errors="coerce").astype("float64")


def profile_counts(customers: pd.DataFrame, *, dimensions=PROFILE_DIMENSIONS, lang: str = "zh") -> pd.DataFrame:
    """Customers per value of each profile dimension; numbers are put into :data:`BANDS`.

    Parameters
    ----------
    customers : DataFrame
        The clean customers table; any of ``industry``, ``region``, ``headcount``, ``annual_revenue``,
        ``revenue_growth_3y``, ``brand_standing`` and ``it_headcount`` may be absent.
    dimensions : sequence of str
        Fields to count (``"it_share"`` = it_headcount / headcount).
    lang : {"zh", "en"}

    Returns
    -------
    DataFrame
        ``dimension``, ``dimension_label``, ``value``, ``label``, ``customers``, ``share`` (of all customers).
        Empty values count as ``value == "_missing"`` (label 未填写 / not given), listed last. Bands keep their
        order; other values are sorted by count.

    Examples
    --------
    >>> df = pd.DataFrame({"headcount": [30, 250, 260, None]})
    >>> profile_counts(df, dimensions=["headcount"], lang="en")[["label", "customers"]].values.tolist()
    [['<50', 1], ['200-499', 2], ['not given', 1]]
    """
    check_lang(lang)
    parts = []
    n = len(customers)
    for field in dimensions:
        if field in BANDS:
            edges, labels = BANDS[field]
            values = _numeric(customers, field)
            codes = np.searchsorted(np.asarray(edges[1:]), values.to_numpy(), side="right")
            counts = np.bincount(codes[values.notna().to_numpy()], minlength=len(labels))
            frame = pd.DataFrame({"value": [lab[1] for lab in labels], "label": [lab[lang == "en"] for lab in labels],
                                  "customers": counts})
            frame = frame[frame["customers"] > 0]
            n_missing = int(values.isna().sum())
        else:
            values = customers[field] if field in customers else pd.Series(pd.NA, index=customers.index)
            counts = values.dropna().astype(str).value_counts()
            frame = pd.DataFrame({"value": counts.index.astype(str), "customers": counts.to_numpy()})
            vocab = "brand_standing" if field == c.BRAND_STANDING else None
            frame["label"] = frame["value"].map(lambda v: value_label(vocab, v, lang)) if vocab else frame["value"]
            n_missing = int(values.isna().sum())
        if n_missing:
            frame = pd.concat([frame, pd.DataFrame({"value": [MISSING], "label": [t("inv.not_given", lang)],
                                                    "customers": [n_missing]})], ignore_index=True)
        frame.insert(0, "dimension_label", _label(field, lang))
        frame.insert(0, "dimension", field)
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    out["customers"] = out["customers"].astype("int64")
    out["share"] = out["customers"] / n if n else 0.0
    return out[["dimension", "dimension_label", "value", "label", "customers", "share"]]


def fill_rates(customers: pd.DataFrame, *, fields=PROFILE_FIELDS, lang: str = "zh") -> pd.DataFrame:
    """Share of customers with each profile field filled (an absent column scores 0).

    Returns ``field``, ``label``, ``filled`` (customers), ``fill_rate`` (0-1).

    >>> df = pd.DataFrame({"industry": ["化工", None], "headcount": [10, 20]})
    >>> fill_rates(df, fields=["industry", "headcount", "region"], lang="en")["fill_rate"].tolist()
    [0.5, 1.0, 0.0]
    """
    n = len(customers)
    filled = [int(customers[f].notna().sum()) if f in customers else 0 for f in fields]
    return pd.DataFrame({"field": list(fields), "label": [_label(f, lang) for f in fields], "filled": filled,
                         "fill_rate": [x / n if n else 0.0 for x in filled]})


def completeness(customers: pd.DataFrame, *, fields=PROFILE_FIELDS) -> float:
    """Filled profile cells over all cells (customers x profile fields), 0-1; NaN for no customers.

    >>> completeness(pd.DataFrame({"industry": ["化工", None], "headcount": [10, 20]}), fields=["industry", "headcount"])
    0.75
    """
    if not len(customers):
        return float("nan")
    return float(fill_rates(customers, fields=fields)["filled"].sum() / (len(customers) * len(fields)))


def completeness_by_owner(customers: pd.DataFrame, *, fields=PROFILE_FIELDS, lang: str = "zh") -> pd.DataFrame:
    """Per owner (rep): customers, overall completeness and the fill rate of each field.

    Rows are owners sorted by completeness (worst first), customers without an owner under
    ``t("inv.unassigned")``; columns ``customers``, ``completeness`` then one column per field label.
    """
    owner = customers[c.OWNER].astype("string").fillna(t("inv.unassigned", lang)) if c.OWNER in customers else (
        pd.Series(t("inv.unassigned", lang), index=customers.index))
    filled = pd.DataFrame({_label(f, lang): customers[f].notna() if f in customers else False for f in fields},
                          index=customers.index)
    by = filled.groupby(owner.to_numpy())
    out = by.mean()
    out.insert(0, "completeness", out.mean(axis=1))
    out.insert(0, "customers", by.size())
    out.index.name = c.OWNER
    return out.sort_values(["completeness", "customers"], ascending=[True, False])


# ---- customer level from the ICP rules -----------------------------------------------------------------

@dataclass(frozen=True)
class _Condition:
    key: str  # LevelRule attribute
    field: str  # customer field (or "it_share")
    threshold: object


_CONDITION_FIELDS = {"industries": c.INDUSTRY, "min_headcount": c.HEADCOUNT, "min_annual_revenue": c.ANNUAL_REVENUE,
                     "min_revenue_growth_3y": c.REVENUE_GROWTH_3Y, "min_it_share": IT_SHARE,
                     "brand_standing": c.BRAND_STANDING}


def _conditions(rule: LevelRule) -> list[_Condition]:
    return [_Condition(key, field, getattr(rule, key)) for key, field in _CONDITION_FIELDS.items()
            if getattr(rule, key) is not None]


def rule_fields(icp: IcpRules) -> tuple[str, ...]:
    """Customer fields the ICP rules read (``it_share`` expands to headcount and it_headcount).

    >>> rule_fields(IcpRules())
    ('headcount', 'annual_revenue', 'revenue_growth_3y', 'brand_standing')
    """
    out: list[str] = []
    for level in LEVELS[1:]:
        for cond in _conditions(getattr(icp, level)):
            fields = (c.HEADCOUNT, c.IT_HEADCOUNT) if cond.field == IT_SHARE else (cond.field,)
            out += [f for f in fields if f not in out]
    return tuple(out)


def _evaluate(customers: pd.DataFrame, cond: _Condition) -> tuple[np.ndarray, np.ndarray]:
    """(met, missing) per customer; a condition on a missing value is not met."""
    if cond.key in ("industries", "brand_standing"):
        values = customers[cond.field] if cond.field in customers else pd.Series(pd.NA, index=customers.index)
        missing = values.isna().to_numpy()
        met = values.isin(list(cond.threshold)).fillna(False).to_numpy(dtype=bool) & ~missing
        return met, missing
    values = _numeric(customers, cond.field)
    missing = values.isna().to_numpy()
    return (values >= float(cond.threshold)).to_numpy() & ~missing, missing


def _number(value: float, field: str) -> str:
    if field in (c.REVENUE_GROWTH_3Y, IT_SHARE):
        return f"{value * 100:g}%"
    return f"{value:,.0f}"


def _describe(cond: _Condition, missing: bool, lang: str) -> str:
    label = _label(cond.field, lang)
    if missing:
        return t("inv.cond.missing", lang, field=label)
    if cond.key in ("industries", "brand_standing"):
        vocab = "brand_standing" if cond.key == "brand_standing" else None
        shown = [value_label(vocab, v, lang) if vocab else v for v in cond.threshold]
        return t("inv.cond.not_in", lang, field=label, values="、".join(shown) if lang == "zh" else ", ".join(shown))
    return t("inv.cond.below", lang, field=label, value=_number(float(cond.threshold), cond.field))


def _missing_fields(customers: pd.DataFrame, fields: tuple[str, ...]) -> np.ndarray:
    """Bit mask per customer: bit i set when ``fields[i]`` is empty."""
    mask = np.zeros(len(customers), dtype=np.int64)
    for i, field in enumerate(fields):
        empty = customers[field].isna().to_numpy() if field in customers else np.ones(len(customers), bool)
        mask |= empty.astype(np.int64) << i
    return mask


def _join(labels: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(labels)


def thin_records(customers: pd.DataFrame, *, icp: IcpRules, lang: str = "zh") -> pd.DataFrame:
    """Customers missing a field the ICP rules need: the list to send back to the client for completion.

    Returns ``customer_id``, ``name``, ``owner`` (when present), ``missing`` (field labels) and
    ``n_missing``, most fields missing first.

    >>> df = pd.DataFrame({"customer_id": ["C1", "C2"], "headcount": [300, None], "annual_revenue": [None, None],
    ...                    "revenue_growth_3y": [0.1, 0.1], "brand_standing": ["known", "known"]})
    >>> thin_records(df, icp=IcpRules(), lang="en")[["customer_id", "missing"]].values.tolist()
    [['C2', 'Headcount, Annual revenue'], ['C1', 'Annual revenue']]
    """
    fields = rule_fields(icp)
    mask = _missing_fields(customers, fields)
    keep = mask > 0
    cols = [col for col in (c.CUSTOMER_ID, c.NAME, c.OWNER) if col in customers]
    out = customers.loc[keep, cols].copy()
    out["missing"] = _mask_labels(mask[keep], [_label(f, lang) for f in fields], lang)
    out["n_missing"] = np.bitwise_count(mask[keep].astype(np.uint64)).astype(np.int64)
    return out.sort_values("n_missing", ascending=False, kind="stable").reset_index(drop=True)


def _mask_labels(mask: np.ndarray, labels: list[str], lang: str) -> np.ndarray:
    """Text per bit mask ("a, b"), built once per distinct mask."""
    uniq, inverse = np.unique(mask, return_inverse=True)
    texts = np.array([_join([lab for i, lab in enumerate(labels) if m >> i & 1], lang) for m in uniq], dtype=object)
    return texts[inverse]


def assign_levels(customers: pd.DataFrame, *, icp: IcpRules, lang: str = "zh") -> pd.DataFrame:
    """Customer level per customer, from the data when given, else from the ICP rules, with the reason.

    A derived level is the highest level whose rule, and every lower level's rule, the customer meets;
    a condition on an empty field is not met. A customer lacking a field of the ``target`` rule is
    ``potential`` with the reason "incomplete record: missing X, Y" (every rule field it lacks).

    Parameters
    ----------
    customers : DataFrame
        ``customer_id`` and the rule fields (``headcount``, ``annual_revenue``, ...); ``level`` optional
        (canonical codes; a non-empty value is kept).
    icp : IcpRules
        ``config.icp``.
    lang : {"zh", "en"}
        Language of the reasons.

    Returns
    -------
    DataFrame
        Same index: ``level`` (ordered categorical potential < target < quality < strategic),
        ``level_source`` ("data" or "rules"), ``level_reason``.
    """
    check_lang(lang)
    n = len(customers)
    reached = np.zeros(n, dtype=np.int64)  # index into LEVELS
    alive = np.ones(n, dtype=bool)
    failed_at = np.zeros(n, dtype=np.int64)  # level index of the first rule not met (0: none failed)
    fail_bits = np.zeros(n, dtype=np.int64)
    miss_bits = np.zeros(n, dtype=np.int64)
    conditions = {}
    for li, level in enumerate(LEVELS[1:], start=1):
        conds = conditions[li] = _conditions(getattr(icp, level))
        met_all = np.ones(n, dtype=bool)
        fails = np.zeros(n, dtype=np.int64)
        misses = np.zeros(n, dtype=np.int64)
        for ci, cond in enumerate(conds):
            met, missing = _evaluate(customers, cond)
            met_all &= met
            fails |= (~met & ~missing).astype(np.int64) << ci
            misses |= missing.astype(np.int64) << ci
        stop = alive & ~met_all
        failed_at[stop], fail_bits[stop], miss_bits[stop] = li, fails[stop], misses[stop]
        alive &= met_all
        reached[alive] = li
    fields = rule_fields(icp)
    incomplete = (failed_at == 1) & (miss_bits > 0)
    # one integer per distinct reason: incomplete records by their missing fields, the rest by rule and conditions
    key = np.where(incomplete, -1 - _missing_fields(customers, fields), failed_at * 4096 + fail_bits * 64 + miss_bits)
    uniq, inverse = np.unique(key, return_inverse=True)
    texts = np.array([_level_reason(int(k), conditions, fields, lang) for k in uniq], dtype=object)
    level = np.array(LEVELS, dtype=object)[reached]
    reason = texts[inverse]
    source = np.full(n, "rules", dtype=object)
    if c.LEVEL in customers:
        given = customers[c.LEVEL].isin(LEVELS).fillna(False).to_numpy(dtype=bool)
        level = np.where(given, customers[c.LEVEL].astype(object).to_numpy(), level)
        reason = np.where(given, t("inv.reason.given", lang), reason)
        source = np.where(given, "data", source)
    return pd.DataFrame({"level": pd.Categorical(level, categories=LEVELS, ordered=True),
                         "level_source": source, "level_reason": reason}, index=customers.index)


def _level_reason(key: int, conditions: dict, fields: tuple[str, ...], lang: str) -> str:
    if key < 0:
        missing = -1 - key
        return t("inv.reason.incomplete", lang, fields=_join([_label(f, lang) for i, f in enumerate(fields)
                                                               if missing >> i & 1], lang))
    failed_at, fail_bits, miss_bits = key // 4096, key // 64 % 64, key % 64
    if failed_at == 0:
        return t("inv.reason.meets_all", lang, level=value_label("level", LEVELS[-1], lang))
    parts = [_describe(cond, bool(miss_bits >> i & 1), lang) for i, cond in enumerate(conditions[failed_at])
             if (fail_bits | miss_bits) >> i & 1]
    rule = value_label("level", LEVELS[failed_at], lang)
    text = t("inv.reason.not_met", lang, level=rule, conditions=_join(parts, lang))
    if failed_at > 1:
        text = t("inv.reason.reached", lang, level=value_label("level", LEVELS[failed_at - 1], lang)) + text
    return text
