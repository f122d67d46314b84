"""Customer inventory (客户盘点): profile, completeness, level and relationship in one table.

Pure functions on the clean ``customers``, ``activities`` and ``opportunities`` tables. The rules come
from ``client.yaml`` (:class:`~workbook.core.config.IcpRules`, :class:`~workbook.core.config.RelationshipRules`)
and are passed in as data. Every customer carries the reason for its level and relationship
(:mod:`workbook.customers.levels`, :mod:`workbook.customers.relationship`, re-exported here), so a consultant can answer
"why is this one only 'target'?". All of it is vectorised: no loop runs per customer.

>>> customers = pd.DataFrame({"customer_id": ["C1", "C2"], "headcount": [900, 120],
...                           "annual_revenue": [3e8, 2e7], "revenue_growth_3y": [0.1, 0.0]})
>>> out = classify(customers, icp=IcpRules(), rules=RelationshipRules(), as_of=pd.Timestamp("2025-12-31"), lang="en")
>>> out[["customer_id", "level", "relationship"]].astype(str).values.tolist()
[['C1', 'quality', 'untouched'], ['C2', 'potential', 'untouched']]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.config import LEVELS, RELATIONSHIPS, ClientConfig, IcpRules, RelationshipRules
from workbook.core.i18n import check_lang, t, value_label
from workbook.core.schema import VOCABULARIES
from workbook.customers.levels import (
    IT_SHARE,
    assign_levels,
    field_label,
    format_amount,
    numeric_field,
    rule_fields,
    thin_records,
)
from workbook.customers.relationship import assign_relationships, contact_stats

__all__ = [
    "PROFILE_FIELDS", "BANDS", "EXPLAIN_COLUMNS", "explain", "profile_counts", "fill_rates", "completeness",
    "completeness_by_owner", "format_amount", "rule_fields", "thin_records", "assign_levels", "contact_stats",
    "assign_relationships", "classify", "classify_client", "ladder", "reason_counts", "key_figures", "interpret",
]

# the profile a consultant gathers per customer; completeness is measured over these
PROFILE_FIELDS = (c.INDUSTRY, c.MAIN_BUSINESS, c.REGION, c.HEADCOUNT, c.IT_HEADCOUNT, c.ANNUAL_REVENUE,
                  c.REVENUE_GROWTH_3Y, c.GOAL_3Y, c.BRAND_STANDING)
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
# what a consultant reads to answer "why is this one only 'target'?"
EXPLAIN_COLUMNS = (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", "level_reason", "relationship", "relationship_reason")
DERIVED_COLUMNS = ("level", "level_source", "level_reason", "relationship", "relationship_source",
                   "relationship_reason", "contacts_in_window", "contacts_ever", "won_deals", "last_contact",
                   "days_since_contact")


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
            values = numeric_field(customers, field)
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
            labels = ({code: value_label("brand_standing", code, lang) for code in VOCABULARIES["brand_standing"].codes}
                      if field == c.BRAND_STANDING else {})
            frame["label"] = [labels.get(v, v) for v in frame["value"]]  # one per distinct value
            n_missing = int(values.isna().sum())
        if n_missing:
            frame = pd.concat([frame, pd.DataFrame({"value": [MISSING], "label": [t("inv.not_given", lang)],
                                                    "customers": [n_missing]})], ignore_index=True)
        frame.insert(0, "dimension_label", field_label(field, lang))
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
    return pd.DataFrame({"field": list(fields), "label": [field_label(f, lang) for f in fields], "filled": filled,
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


def completeness_by_owner(customers: pd.DataFrame, *, fields=PROFILE_FIELDS, lang: str = "zh") -> pd.DataFrame:
    """Per owner (rep): customers, overall completeness and the fill rate of each field.

    Rows are owners sorted by completeness (worst first), customers without an owner under
    ``t("inv.unassigned")``; columns ``customers``, ``completeness`` then one column per field label.
    """
    owner = customers[c.OWNER].astype("string").fillna(t("inv.unassigned", lang)) if c.OWNER in customers else (
        pd.Series(t("inv.unassigned", lang), index=customers.index))
    filled = pd.DataFrame({field_label(f, lang): customers[f].notna() if f in customers else False for f in fields},
                          index=customers.index)
    by = filled.groupby(owner.to_numpy())
    out = by.mean()
    out.insert(0, "completeness", out.mean(axis=1))
    out.insert(0, "customers", by.size())
    out.index.name = c.OWNER
    return out.sort_values(["completeness", "customers"], ascending=[True, False])


def classify(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
             opportunities: pd.DataFrame | None = None, *, icp: IcpRules, rules: RelationshipRules,
             as_of: pd.Timestamp, lang: str = "zh", stats: pd.DataFrame | None = None) -> pd.DataFrame:
    """The inventory: ``customers`` plus level and relationship with their sources and reasons.

    Returns a copy of ``customers`` (any earlier derived columns replaced) with the columns of
    :func:`assign_levels` and :func:`assign_relationships`.
    """
    base = customers.drop(columns=[col for col in DERIVED_COLUMNS if col in customers and col not in
                                   (c.LEVEL, c.RELATIONSHIP)])
    levels = assign_levels(base, icp=icp, lang=lang)
    rel = assign_relationships(base, activities, opportunities, rules=rules, as_of=as_of, lang=lang, stats=stats)
    return base.drop(columns=[c.LEVEL, c.RELATIONSHIP], errors="ignore").join(levels).join(rel)


def classify_client(client, *, config: ClientConfig | None = None, lang: str = "zh") -> pd.DataFrame | None:
    """:func:`classify` on a :class:`~workbook.core.client.Client`'s tables (None without a customers table)."""
    config = config or client.config
    customers = client.table(c.CUSTOMERS)
    if customers is None:
        return None
    return classify(customers, client.table(c.ACTIVITIES), client.table(c.OPPORTUNITIES), icp=config.icp,
                    rules=config.relationship_rules, as_of=client.as_of, lang=lang)


def ladder(classified: pd.DataFrame, *, kind: str = "level", lang: str = "zh") -> pd.DataFrame:
    """Customers on each rung of a ladder, lowest rung first.

    Returns ``rung`` (code), ``label``, ``customers``, ``share``, ``given`` (customers whose value came
    from the data).

    >>> df = pd.DataFrame({"level": ["target", "target", "strategic"], "level_source": ["rules", "rules", "data"]})
    >>> ladder(df, lang="en")[["rung", "customers", "given"]].values.tolist()
    [['potential', 0, 0], ['target', 2, 0], ['quality', 0, 0], ['strategic', 1, 1]]
    """
    if kind not in ("level", "relationship"):
        raise ValueError(f"kind must be one of level, relationship, got {kind!r}")
    rungs = LEVELS if kind == "level" else RELATIONSHIPS
    values = classified[kind].astype(object)
    counts = values.value_counts().reindex(rungs, fill_value=0)
    given = values[classified[f"{kind}_source"].eq("data")].value_counts().reindex(rungs, fill_value=0)
    n = len(classified)
    return pd.DataFrame({"rung": list(rungs), "label": [value_label(kind, r, lang) for r in rungs],
                         "customers": counts.to_numpy(dtype=np.int64), "share": counts.to_numpy() / n if n else 0.0,
                         "given": given.to_numpy(dtype=np.int64)})


def reason_counts(classified: pd.DataFrame, *, kind: str = "level") -> pd.DataFrame:
    """How many customers each reason placed, per rung: ``<kind>``, ``reason``, ``customers`` (most first)."""
    out = (classified.groupby([kind, f"{kind}_reason"], observed=True).size().rename("customers").reset_index()
           .rename(columns={f"{kind}_reason": "reason"}))
    return out.sort_values("customers", ascending=False, kind="stable").reset_index(drop=True)


def explain(classified: pd.DataFrame, *, rows: int = 20) -> pd.DataFrame:
    """Largest customers first (by annual revenue when known) with level, relationship and the rule behind each.

    Only the :data:`EXPLAIN_COLUMNS` the client's data have are shown.

    >>> frame = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["甲", "乙"], "annual_revenue": [1.0, 5.0],
    ...                       "level": ["target", "quality"], "level_reason": ["a", "b"]})
    >>> explain(frame)["customer_id"].tolist(), list(explain(frame).columns)
    (['C2', 'C1'], ['customer_id', 'name', 'level', 'level_reason'])
    """
    ordered = classified
    if c.ANNUAL_REVENUE in classified and classified[c.ANNUAL_REVENUE].notna().any():
        ordered = classified.sort_values(c.ANNUAL_REVENUE, ascending=False)
    return ordered[[col for col in EXPLAIN_COLUMNS if col in ordered]].head(rows)


def key_figures(classified: pd.DataFrame | None) -> dict:
    """The inventory's recorded figures: ``inventory.customers``, ``.by_level``, ``.by_relationship``,
    ``.completeness`` (profile fields filled over all customers, 0-1); all None without an inventory."""
    if classified is None:
        return dict.fromkeys(("inventory.customers", "inventory.by_level", "inventory.by_relationship",
                              "inventory.completeness"))
    by_level = ladder(classified, kind="level")
    by_rel = ladder(classified, kind="relationship")
    return {
        "inventory.customers": int(len(classified)),
        "inventory.by_level": dict(zip(by_level["rung"], by_level["customers"].astype(int).tolist())),
        "inventory.by_relationship": dict(zip(by_rel["rung"], by_rel["customers"].astype(int).tolist())),
        "inventory.completeness": None if not len(classified) else round(completeness(classified), 6),
    }


def interpret(classified: pd.DataFrame, *, icp: IcpRules, lang: str = "zh") -> str:
    """A few sentences computed from the inventory: size, completeness, ladders, trust gap."""
    check_lang(lang)
    n = len(classified)
    if not n:
        return "客户表为空。" if lang == "zh" else "The customer table is empty."
    full = completeness(classified)
    thin = len(thin_records(classified, icp=icp, lang=lang))
    levels = classified["level"].astype(object)
    rel = classified["relationship"].astype(object)
    premium = levels.isin(["quality", "strategic"])
    no_trust = premium & rel.isin(["untouched", "neutral"])
    untouched = float(rel.eq("untouched").mean())
    derived = int(classified["level_source"].eq("rules").sum())
    gap = no_trust.sum() / premium.sum() if premium.any() else float("nan")
    if lang == "zh":
        parts = [f"共盘点客户 {n:,} 家，客户资料完整度 {full:.0%}；{thin:,} 家（{thin / n:.0%}）缺少分级所需字段，"
                 "已列出清单，请客户补齐后重新分级。",
                 f"{derived:,} 家的级别按 ICP 规则推导。"
                 f"优质及战略客户 {int(premium.sum()):,} 家（{premium.mean():.0%}）。",
                 f"{untouched:.0%} 的客户从未接触。"]
        if premium.any():
            parts.append(f"优质及战略客户中 {gap:.0%}（{int(no_trust.sum()):,} 家）尚未建立信任（未接触或中立）："
                         "这是最值得投入的客户资产缺口。")
        return "".join(parts)
    parts = [f"{n:,} customers inventoried; profile completeness {full:.0%}. {thin:,} ({thin / n:.0%}) lack a field "
             "the level rules need: the list is above, for the client to complete.",
             f"{derived:,} levels were derived from the ICP rules. Quality and strategic customers: "
             f"{int(premium.sum()):,} ({premium.mean():.0%}).",
             f"{untouched:.0%} of customers have never been contacted."]
    if premium.any():
        parts.append(f"{gap:.0%} of quality and strategic customers ({int(no_trust.sum()):,}) have no trust "
                     "relationship yet (untouched or neutral): the asset gap most worth the effort.")
    return " ".join(parts)
