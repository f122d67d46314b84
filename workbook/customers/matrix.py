"""The customer quality matrix (客户质量矩阵): level x relationship graded into customer-asset tiers.

Input is the inventory of :func:`workbook.customers.inventory.classify` (one row per customer with ``level``,
``relationship``, ``owner``, ``annual_revenue``, ``days_since_contact``). The tier of each of the 16
cells comes from ``config.tiers`` (default :data:`workbook.core.config.DEFAULT_TIERS`, the five tiers): tiers 1-5
are customer assets, ``None`` is not an asset. All of it is vectorised.

>>> from workbook.core.config import DEFAULT_TIERS
>>> inv = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "owner": ["R1", "R1", "R2"],
...                     "level": ["strategic", "quality", "potential"],
...                     "relationship": ["partner", "neutral", "familiar"]})
>>> assign_tiers(inv, tiers=DEFAULT_TIERS)["tier"].tolist()
[1, 4, <NA>]
>>> tier_counts(assign_tiers(inv, tiers=DEFAULT_TIERS))
{'1': 1, '2': 0, '3': 0, '4': 1, '5': 0, 'none': 1}
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.columns import TIER
from workbook.core.config import LEVELS, RELATIONSHIPS, IcpRules, RelationshipRules, TierMatrix
from workbook.core.i18n import check_lang, t, tier_label, value_label
from workbook.customers.inventory import classify

__all__ = [
    "tier_grid", "assign_tiers", "matrix_cells", "matrix_table", "tier_summary", "tier_counts",
    "assets_by_owner", "action_lists", "earlier_inventory", "tier_migration", "key_figures", "interpret",
]


ACTION_COLUMNS = (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", "relationship", TIER, c.ANNUAL_REVENUE,
                  "contacts_in_window", "won_deals", "last_contact", "days_since_contact", "relationship_reason")


def tier_grid(tiers: TierMatrix) -> np.ndarray:
    """The tier matrix as a 4x4 float array, rows :data:`LEVELS`, columns :data:`RELATIONSHIPS` (NaN = none).

    >>> from workbook.core.config import DEFAULT_TIERS
    >>> tier_grid(DEFAULT_TIERS)[3].tolist()  # strategic
    [nan, 4.0, 2.0, 1.0]
    """
    return np.array([[np.nan if tiers.get(lv, {}).get(rel) is None else float(tiers[lv][rel])
                      for rel in RELATIONSHIPS] for lv in LEVELS])


def _cell_index(inventory: pd.DataFrame) -> np.ndarray:
    """level * 4 + relationship per customer (-1 when either is unknown)."""
    lv = pd.Categorical(inventory["level"].astype(object), categories=LEVELS).codes.astype(np.int64)
    rel = pd.Categorical(inventory["relationship"].astype(object), categories=RELATIONSHIPS).codes.astype(np.int64)
    return np.where((lv < 0) | (rel < 0), -1, lv * len(RELATIONSHIPS) + rel)


def assign_tiers(inventory: pd.DataFrame, *, tiers: TierMatrix) -> pd.DataFrame:
    """A copy of ``inventory`` with ``tier`` (Int64 1-5, NA = not a customer asset).

    Needs ``level`` and ``relationship`` (canonical codes or the inventory's categoricals).
    """
    cell = _cell_index(inventory)
    flat = np.append(tier_grid(tiers).ravel(), np.nan)  # index -1 -> NaN
    out = inventory.copy()
    out[TIER] = pd.array(flat[cell], dtype="Float64").astype("Int64")
    return out


def matrix_cells(inventory: pd.DataFrame, *, tiers: TierMatrix) -> pd.DataFrame:
    """The 16 cells of the matrix: customers and annual revenue per level x relationship.

    Returns
    -------
    DataFrame
        16 rows (levels x relationships in ladder order): ``level``, ``relationship``, ``tier`` (Int64,
        NA = none), ``customers``, ``revenue`` (sum of ``annual_revenue``; NaN when no customer of the cell
        has one, or the column is absent), ``revenue_known`` (customers with a revenue).

    Examples
    --------
    >>> from workbook.core.config import DEFAULT_TIERS
    >>> inv = pd.DataFrame({"level": ["quality", "quality"], "relationship": ["neutral", "neutral"],
    ...                     "annual_revenue": [3e8, None]})
    >>> cells = matrix_cells(inv, tiers=DEFAULT_TIERS).set_index(["level", "relationship"])
    >>> row = cells.loc[("quality", "neutral")]
    >>> int(row["tier"]), int(row["customers"]), float(row["revenue"])
    (4, 2, 300000000.0)
    """
    cell = _cell_index(inventory)
    ok = cell >= 0
    size = len(LEVELS) * len(RELATIONSHIPS)
    counts = np.bincount(cell[ok], minlength=size)
    if c.ANNUAL_REVENUE in inventory:
        revenue = pd.to_numeric(inventory[c.ANNUAL_REVENUE], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        known = ok & ~np.isnan(revenue)
        total = np.bincount(cell[known], weights=revenue[known], minlength=size)
        n_known = np.bincount(cell[known], minlength=size)
    else:
        total, n_known = np.zeros(size), np.zeros(size, dtype=np.int64)
    return pd.DataFrame({
        "level": np.repeat(LEVELS, len(RELATIONSHIPS)), "relationship": np.tile(RELATIONSHIPS, len(LEVELS)),
        TIER: pd.array(tier_grid(tiers).ravel(), dtype="Float64").astype("Int64"), "customers": counts,
        "revenue": np.where(n_known > 0, total, np.nan), "revenue_known": n_known.astype(np.int64)})


def matrix_table(cells: pd.DataFrame, *, value: str = "customers", lang: str = "zh") -> pd.DataFrame:
    """:func:`matrix_cells` as the 4x4 grid a slide shows: strategic on top, relationship left to right.

    Rows and columns are labelled in ``lang``; ``value`` is ``customers``, ``revenue`` or ``tier``.
    """
    grid = cells.pivot(index="level", columns="relationship", values=value)
    grid = grid.reindex(index=list(LEVELS)[::-1], columns=list(RELATIONSHIPS))
    grid.index = [value_label("level", lv, lang) for lv in grid.index]
    grid.columns = [value_label("relationship", rel, lang) for rel in grid.columns]
    return grid


def tier_counts(tiered: pd.DataFrame) -> dict[str, int]:
    """Customers per tier, keys ``"1"`` .. ``"5"`` and ``"none"`` (every key present)."""
    counts = rules.tier_key(tiered[TIER]).value_counts()
    return {key: int(counts.get(key, 0)) for key in rules.TIER_KEYS}


def tier_summary(tiered: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """One row per tier: ``tier`` (key), ``label``, ``customers``, ``share``, ``revenue`` (NaN if unknown)."""
    key = rules.tier_key(tiered[TIER])
    counts = tier_counts(tiered)
    n = len(tiered)
    if c.ANNUAL_REVENUE in tiered:
        revenue = pd.to_numeric(tiered[c.ANNUAL_REVENUE], errors="coerce").groupby(key.to_numpy()).sum(min_count=1)
    else:
        revenue = pd.Series(dtype="float64")
    return pd.DataFrame({
        TIER: list(rules.TIER_KEYS), "label": [tier_label(k, lang) if k == "none" else tier_label(int(k), lang)
                                         for k in rules.TIER_KEYS],
        "customers": [counts[k] for k in rules.TIER_KEYS],
        "share": [counts[k] / n if n else 0.0 for k in rules.TIER_KEYS],
        "revenue": [float(revenue.get(k, np.nan)) for k in rules.TIER_KEYS]})


def assets_by_owner(tiered: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """Customer assets each rep has built: tiers per owner, most assets first.

    Returns
    -------
    DataFrame
        Index ``owner`` (customers without one under 未分配/unassigned); columns ``"1"`` .. ``"5"``,
        ``assets`` (tiers 1-5), ``none``, ``customers``; sorted by tier 1, 2 and total assets.

    Examples
    --------
    >>> df = pd.DataFrame({"owner": ["R1", "R1", "R2"], "tier": pd.array([1, None, 3], dtype="Int64")})
    >>> assets_by_owner(df, lang="en")[["1", "3", "assets", "none"]].values.tolist()
    [[1, 0, 1, 1], [0, 1, 1, 0]]
    """
    owner = (tiered[c.OWNER].astype("string") if c.OWNER in tiered else pd.Series(pd.NA, index=tiered.index,
                                                                                   dtype="string"))
    owner = owner.fillna(t("inv.unassigned", lang))
    table = pd.crosstab(owner.to_numpy(), rules.tier_key(tiered[TIER]).to_numpy())
    table = table.reindex(columns=list(rules.TIER_KEYS), fill_value=0).astype(np.int64)
    table.insert(5, "assets", table[list(rules.TIER_KEYS[:5])].sum(axis=1))
    table["customers"] = table["assets"] + table["none"]
    table.index.name = c.OWNER
    table.columns.name = None
    return table.sort_values(["1", "2", "assets"], ascending=False, kind="stable")


def action_lists(tiered: pd.DataFrame, *, neglect_days: int) -> dict[str, pd.DataFrame]:
    """Who to act on, computed from the data.

    Returns
    -------
    dict
        ``build_trust``: tier 4 (quality or strategic, no trust yet), largest revenue first;
        ``neglected``: tier 1-2 customers with no contact in the last ``neglect_days`` days (or never),
        longest silence first; ``spare_capacity``: tier 5, serve only with spare capacity.
        Each keeps the :data:`ACTION_COLUMNS` present in ``tiered``.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": ["A", "B", "C"], "tier": pd.array([1, 2, 4], dtype="Int64"),
    ...                    "days_since_contact": [200.0, 10.0, 5.0]})
    >>> {k: v["customer_id"].tolist() for k, v in action_lists(df, neglect_days=90).items()}
    {'build_trust': ['C'], 'neglected': ['A'], 'spare_capacity': []}
    """
    tier = tiered[TIER]
    cols = [col for col in ACTION_COLUMNS if col in tiered]
    by_revenue = [c.ANNUAL_REVENUE] if c.ANNUAL_REVENUE in tiered else []
    silent = tiered["days_since_contact"].isna() | (tiered["days_since_contact"] > neglect_days)
    neglected = tiered.loc[tier.isin([1, 2]).fillna(False) & silent, cols]
    return {
        "build_trust": tiered.loc[tier.eq(4).fillna(False), cols].sort_values(by_revenue, ascending=False,
                                                                            na_position="last"),
        "neglected": neglected.sort_values("days_since_contact", ascending=False, na_position="first"),
        "spare_capacity": tiered.loc[tier.eq(5).fillna(False), cols].sort_values(by_revenue, ascending=False,
                                                                               na_position="last"),
    }


def earlier_inventory(customers: pd.DataFrame, activities: pd.DataFrame | None,
                      opportunities: pd.DataFrame | None, *, icp: IcpRules, rules: RelationshipRules,
                      as_of: pd.Timestamp, days_back: int = 365, lang: str = "zh") -> tuple[pd.DataFrame | None, str]:
    """The inventory as it stood ``days_back`` days before ``as_of``, rebuilt from the contact history.

    Levels come from today's profile; derived relationships are recomputed from activities and won deals
    up to the earlier date. Possible only when the activities reach back over a full lookback window
    before that date and some relationship is derived.

    Returns
    -------
    (DataFrame or None, str)
        The earlier inventory (see :func:`workbook.customers.inventory.classify`) and an empty note, or None and a
        note saying what data would enable the comparison.
    """
    earlier = pd.Timestamp(as_of) - pd.Timedelta(days=days_back)
    need = t("mx.migration.need", lang, date=f"{earlier:%Y-%m-%d}")
    if activities is None or c.DATE not in activities or activities[c.DATE].isna().all():
        return None, need
    if c.RELATIONSHIP in customers and customers[c.RELATIONSHIP].notna().all():
        return None, t("mx.migration.given", lang)
    if activities[c.DATE].min() > earlier - pd.Timedelta(days=rules.lookback_days - 1):
        return None, need
    return classify(customers, activities, opportunities, icp=icp, rules=rules, as_of=earlier, lang=lang), ""


def _rank(key: pd.Series) -> pd.Series:
    """Tier key -> rank for comparing (1 best, none worst)."""
    return key.map({k: i for i, k in enumerate(rules.TIER_KEYS)}).astype("int64")


def tier_migration(before: pd.DataFrame, after: pd.DataFrame, *, lang: str = "zh") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Transition between two tiered inventories (matched on ``customer_id``) and the customers that moved.

    Returns
    -------
    (DataFrame, DataFrame)
        ``transition``: customers per (tier before, tier after), rows and columns :data:`rules.TIER_KEYS`;
        ``movers``: ``customer_id``, ``name``/``owner`` when present, ``tier_before``, ``tier_after`` (keys),
        ``relationship_before``, ``relationship_after``, ``steps`` (tier ranks gained, none ranking below 5;
        negative = down), ``direction`` (上升/下降, up/down); up first.

    Examples
    --------
    >>> b = pd.DataFrame({"customer_id": ["A", "B"], "tier": pd.array([4, 2], dtype="Int64"),
    ...                   "relationship": ["neutral", "familiar"]})
    >>> a = b.assign(tier=pd.array([2, 2], dtype="Int64"), relationship=["familiar", "familiar"])
    >>> transition, movers = tier_migration(b, a, lang="en")
    >>> int(transition.loc["4", "2"]), movers["direction"].tolist()
    (1, ['up'])
    """
    check_lang(lang)
    left = before[[c.CUSTOMER_ID, TIER, "relationship"]].assign(key=rules.tier_key(before[TIER]))
    keep = [col for col in (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", TIER, "relationship") if col in after]
    right = after[keep].assign(key=rules.tier_key(after[TIER]))
    both = right.merge(left, on=c.CUSTOMER_ID, suffixes=("_after", "_before"))
    transition = pd.crosstab(both["key_before"], both["key_after"]).reindex(
        index=list(rules.TIER_KEYS), columns=list(rules.TIER_KEYS), fill_value=0).astype(np.int64)
    transition.index.name, transition.columns.name = "tier_before", "tier_after"
    delta = _rank(both["key_after"]) - _rank(both["key_before"])
    moved = delta.ne(0)
    both = both.assign(tier_before=both["key_before"], tier_after=both["key_after"])
    movers = both.loc[moved].assign(steps=-delta[moved], direction=np.where(delta[moved] < 0, t("mx.move.up", lang),
                                                                             t("mx.move.down", lang)))
    cols = [col for col in (c.CUSTOMER_ID, c.NAME, c.OWNER, "level") if col in movers] + [
        "tier_before", "tier_after", "relationship_before", "relationship_after", "steps", "direction"]
    movers = movers.sort_values(["steps", c.CUSTOMER_ID], ascending=[False, True], kind="stable")[cols]
    movers = movers.reset_index(drop=True)
    return transition, movers


def key_figures(tiered: pd.DataFrame | None) -> dict:
    """The matrix's recorded figures: ``matrix.tiers`` and ``matrix.assets_by_owner`` ({owner: {tier: count}},
    tiers "1".."5"); None without an inventory."""
    if tiered is None:
        return {"matrix.tiers": None, "matrix.assets_by_owner": None}
    owners = assets_by_owner(tiered, lang="en")[list(rules.TIER_KEYS[:5])]
    return {"matrix.tiers": tier_counts(tiered),
            "matrix.assets_by_owner": {str(o): {k: int(v) for k, v in row.items()} for o, row in
                                       owners.sort_index().to_dict(orient="index").items()}}


def interpret(tiered: pd.DataFrame, *, neglect_days: int, movers: pd.DataFrame | None = None,
              lang: str = "zh") -> str:
    """A short reading of the matrix computed from the numbers (assets, trust gap, neglect, reps)."""
    check_lang(lang)
    n = len(tiered)
    if not n:
        return "没有客户可分级。" if lang == "zh" else "No customers to grade."
    counts = tier_counts(tiered)
    assets = sum(counts[k] for k in rules.TIER_KEYS[:5])
    top = counts["1"] + counts["2"]
    rel = tiered["relationship"].astype(object)
    quality = tiered["level"].astype(object).eq("quality")
    no_trust = float((quality & rel.isin(["untouched", "neutral"])).sum() / quality.sum()) if quality.any() else None
    lists = action_lists(tiered, neglect_days=neglect_days)
    neglected = len(lists["neglected"])
    owners = assets_by_owner(tiered, lang=lang)
    owners = owners[owners["customers"] > 0]
    best, worst = owners["assets"].idxmax(), owners["assets"].idxmin()
    revenue_4 = pd.to_numeric(lists["build_trust"].get(c.ANNUAL_REVENUE), errors="coerce")
    rev_text = "" if revenue_4 is None or revenue_4.isna().all() else (
        f"（年营收合计 {revenue_4.sum() / 1e8:,.1f} 亿）" if lang == "zh"
        else f" (annual revenue {revenue_4.sum() / 1e6:,.0f}M)")
    moved = None if movers is None else (int((movers["steps"] > 0).sum()), int((movers["steps"] < 0).sum()))
    if lang == "zh":
        parts = [f"{n:,} 家客户中 {assets:,} 家（{assets / n:.0%}）是客户资产，其中一、二级核心资产 {top:,} 家。"]
        if no_trust is not None:
            parts.append(f"{no_trust:.0%} 的优质客户尚未建立信任（未接触或中立）。")
        parts.append(f"四级客户 {counts['4']:,} 家{rev_text}：级别高但缺少信任，应优先投入建立关系。")
        parts.append(f"{neglected:,} 家一、二级客户超过 {neglect_days} 天没有接触，存在流失风险，请立即安排回访。"
                     if neglected else f"一、二级客户在 {neglect_days} 天内都有接触。")
        parts.append(f"五级客户 {counts['5']:,} 家，仅以富余精力服务。")
        parts.append(f"客户资产最多的是 {best}（{int(owners.loc[best, 'assets']):,} 家），最少的是 {worst}"
                     f"（{int(owners.loc[worst, 'assets']):,} 家）。")
        if moved is not None:
            parts.append(f"与一年前相比，{moved[0]:,} 家客户资产级别上升，{moved[1]:,} 家下降。")
        return "".join(parts)
    parts = [f"{assets:,} of {n:,} customers ({assets / n:.0%}) are customer assets; {top:,} are core assets "
             "(tier 1-2)."]
    if no_trust is not None:
        parts.append(f"{no_trust:.0%} of quality customers have no trust relationship yet (untouched or neutral).")
    parts.append(f"Tier 4: {counts['4']:,} customers{rev_text}, high level but no trust: build the relationship first.")
    parts.append(f"{neglected:,} tier 1-2 customers have had no contact for over {neglect_days} days: call on them "
                 "before a competitor does." if neglected else f"Every tier 1-2 customer was contacted within "
                 f"{neglect_days} days.")
    parts.append(f"Tier 5: {counts['5']:,} customers, to serve with spare capacity only.")
    parts.append(f"Most customer assets: {best} ({int(owners.loc[best, 'assets']):,}); fewest: {worst} "
                 f"({int(owners.loc[worst, 'assets']):,}).")
    if moved is not None:
        parts.append(f"Compared with a year earlier, {moved[0]:,} customers moved up a tier and {moved[1]:,} down.")
    return " ".join(parts)


def tiered_customers(client) -> pd.DataFrame | None:
    """The client's customers classified (level, relationship) and tiered by ``tiers`` of client.yaml.

    The one entry point other chapters use for customer tiers; None without a customers table.
    """
    from workbook.customers.inventory import classify_client

    classified = classify_client(client)
    return None if classified is None else assign_tiers(classified, tiers=client.config.tiers)
