"""The customer quality matrix (客户质量矩阵): level x relationship graded into customer-asset tiers.

Input is the inventory of :func:`workbook.customers.inventory.classify` (one row per customer with ``level``,
``relationship``, ``owner``, ``annual_revenue``, ``days_since_contact``). The tier of each of the 16
cells comes from ``config.tiers`` (default :data:`workbook.core.config.DEFAULT_TIERS`, the five tiers). Only
tiers 1-3 are customer assets (客户资产): tier 4 (quality or strategic customers with no trust yet) must be
attended to but is not an asset, tier 5 is served with spare capacity only, and customers outside the matrix
(``None``) are not assets either. That doctrine is advised only when the tiers rank what customers won after the
tier date (:mod:`workbook.customers.doctrine`); otherwise the chapter leads with the grading problem and advises
recalibrating it. No function here takes a language: :func:`compute` returns the chapter as
codes and numbers. All of it is vectorised.

>>> from workbook.core.config import DEFAULT_TIERS
>>> inv = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "owner": ["R1", "R1", "R2"],
...                     "level": ["strategic", "quality", "potential"],
...                     "relationship": ["partner", "neutral", "familiar"]})
>>> assign_tiers(inv, tiers=DEFAULT_TIERS)["tier"].tolist()
[1, 4, <NA>]
>>> tier_counts(assign_tiers(inv, tiers=DEFAULT_TIERS))
{'1': 1, '2': 0, '3': 0, '4': 1, '5': 0, 'none': 1}
>>> key_figures(assign_tiers(inv, tiers=DEFAULT_TIERS))["matrix.assets"]
1
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.columns import TIER
from workbook.core.config import LEVELS, RELATIONSHIPS, TierMatrix
from workbook.core.result import Action, Chart, Code, Count, Date, Days, Money, Rate, Result, Section, Table, Text
from workbook.customers import nextlist
from workbook.customers.context import ACTIVITY_NEEDS, context, money_sum, owner_labels, relationship_needs
from workbook.customers.doctrine import NO_FIGURES as NO_CHECK
from workbook.customers.doctrine import TierCheck, outcomes_by, tier_check
from workbook.customers.inventory import UNASSIGNED, classify, owner_codes, reason_labels, won_revenue
from workbook.customers.levels import INCOMPLETE
from workbook.customers.migration import HISTORY_NEEDS, earlier_inventory, tier_migration
from workbook.customers.tiers import (
    ASSET_KEYS,
    assign_tiers,
    baseline_date,
    cell_index,
    tier_counts,
    tier_date,
    tier_grid,
    tier_outcomes,
    tiered_customers,
)
from workbook.customers.values import (
    NOT_RANKED,
    build_trust_value,
    movers_down_value,
    natural_upgrade,
    neglected_value,
    per_year,
    untouched_value,
    value_by_tier,
    won_after,
    won_between,
)

__all__ = [
    "ASSET_KEYS", "OWNER_SORTS", "tier_grid", "assign_tiers", "matrix_cells", "matrix_table", "tier_summary",
    "tier_counts", "assets_by_owner", "action_lists", "earlier_inventory", "tier_migration", "key_figures",
    "tiered_customers", "tier_date", "baseline_date", "tier_outcomes", "HISTORY_NEEDS", "compute",
]

LIST_ROWS = 10  # customers a list shows in the report body (the appendix keeps them all)
LISTS = ("matrix_build_trust", "matrix_untouched", "matrix_neglected", "matrix_spare", "matrix_movers")
OWNER_SORTS = (*rules.TIER_KEYS[:5], "assets", "none", "customers")  # columns assets_by_owner can be sorted by
ACTION_COLUMNS = (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", "relationship", TIER, c.ANNUAL_REVENUE, c.INDUSTRY,
                  "revenue", "contacts_in_window", "contact_score", "won_deals", "last_contact", "days_since_contact",
                  "relationship_reason")


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
    cell = cell_index(inventory)
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


def matrix_table(cells: pd.DataFrame, *, value: str = "customers") -> pd.DataFrame:
    """:func:`matrix_cells` as the 4x4 grid a slide shows: strategic on top, relationship left to right.

    Columns ``level`` (code) then one column per relationship code; ``value`` is ``customers``, ``revenue``
    or ``tier``.

    >>> from workbook.core.config import DEFAULT_TIERS
    >>> grid = matrix_table(matrix_cells(pd.DataFrame({"level": ["quality"], "relationship": ["neutral"]}),
    ...                                  tiers=DEFAULT_TIERS))
    >>> list(grid.columns), grid.set_index("level").loc["quality"].astype(int).tolist()
    (['level', 'untouched', 'neutral', 'familiar', 'partner'], [0, 1, 0, 0])
    """
    grid = cells.pivot(index="level", columns="relationship", values=value)
    grid = grid.reindex(index=list(LEVELS)[::-1], columns=list(RELATIONSHIPS))
    grid.columns.name = None
    return grid.rename_axis("level").reset_index()


def tier_summary(tiered: pd.DataFrame) -> pd.DataFrame:
    """One row per tier: ``tier`` (key), ``asset`` (tiers 1-3), ``customers``, ``share``, ``annual_revenue``
    (the customers' own revenue, NaN if unknown) and ``revenue`` (won revenue, when ``tiered`` has it)."""
    key = rules.tier_key(tiered[TIER]).to_numpy()
    counts = tier_counts(tiered)
    n = len(tiered)
    out = pd.DataFrame({TIER: list(rules.TIER_KEYS), "asset": [k in ASSET_KEYS for k in rules.TIER_KEYS],
                        "customers": [counts[k] for k in rules.TIER_KEYS],
                        "share": [counts[k] / n if n else 0.0 for k in rules.TIER_KEYS]})
    for col in (c.ANNUAL_REVENUE, "revenue"):
        if col in tiered:
            sums = pd.to_numeric(tiered[col], errors="coerce").groupby(key).sum(min_count=1)
            out[col] = [float(sums.get(k, np.nan)) for k in rules.TIER_KEYS]
    return out


def assets_by_owner(tiered: pd.DataFrame) -> pd.DataFrame:
    """Customer assets each rep has built: customers per tier per owner, most assets first.

    Returns
    -------
    DataFrame
        Index ``owner`` (customers without one under ``"unassigned"``); columns ``"1"`` .. ``"5"``,
        ``assets`` (tiers 1-3: the customer assets), ``none``, ``customers`` (all); sorted by assets, then
        tiers 1 and 2.

    Examples
    --------
    >>> df = pd.DataFrame({"owner": ["R1", "R1", "R2", "R2"], "tier": pd.array([1, None, 3, 4], dtype="Int64")})
    >>> assets_by_owner(df)[["1", "3", "4", "assets", "none", "customers"]].values.tolist()
    [[1, 0, 0, 1, 1, 2], [0, 1, 1, 1, 0, 2]]
    """
    owner = owner_codes(tiered) if c.OWNER in tiered else pd.Series(UNASSIGNED, index=tiered.index)
    table = pd.crosstab(owner.to_numpy(), rules.tier_key(tiered[TIER]).to_numpy())
    table = table.reindex(columns=list(rules.TIER_KEYS), fill_value=0).astype(np.int64)
    table.insert(5, "assets", table[list(ASSET_KEYS)].sum(axis=1))
    table["customers"] = table[list(rules.TIER_KEYS)].sum(axis=1)
    table.index.name = c.OWNER
    table.columns.name = None
    return table.sort_values(["assets", "1", "2"], ascending=False, kind="stable")


def action_lists(tiered: pd.DataFrame, *, neglect_days: int) -> dict[str, pd.DataFrame]:
    """Who to act on, computed from the data.

    Returns
    -------
    dict
        ``build_trust``: tier 4 (quality or strategic, no trust yet), largest annual revenue first;
        ``untouched``: quality and strategic customers nobody has contacted (outside the matrix: not yet
        identified as customers, the inventory's biggest gap), largest annual revenue first;
        ``neglected``: customer assets (tiers 1-3, :data:`workbook.core.rules.ASSET_TIERS`) with no contact in
        the last ``neglect_days`` days (or never), longest silence first: the same rule as the time
        allocation chapter; ``spare_capacity``: tier 5, serve only with spare capacity.
        Each keeps the :data:`ACTION_COLUMNS` present in ``tiered``.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "tier": pd.array([1, 2, 4, 3], dtype="Int64"),
    ...                    "days_since_contact": [200.0, 10.0, 5.0, None]})
    >>> {k: v["customer_id"].tolist() for k, v in action_lists(df, neglect_days=90).items()}
    {'build_trust': ['C'], 'untouched': [], 'neglected': ['D', 'A'], 'spare_capacity': []}
    """
    tier = tiered[TIER]
    cols = [col for col in ACTION_COLUMNS if col in tiered]
    by_revenue = [c.ANNUAL_REVENUE] if c.ANNUAL_REVENUE in tiered else []
    silent = tiered["days_since_contact"].isna() | (tiered["days_since_contact"] > neglect_days)
    neglected = tiered.loc[tier.isin(list(rules.ASSET_TIERS)).fillna(False) & silent, cols]
    untouched = pd.Series(False, index=tiered.index)
    if {"level", "relationship"} <= set(tiered):
        untouched = (tiered["level"].astype(object).isin(["quality", "strategic"])
                     & tiered["relationship"].astype(object).eq("untouched"))
    return {
        "build_trust": tiered.loc[tier.eq(4).fillna(False), cols].sort_values(by_revenue, ascending=False,
                                                                            na_position="last", kind="stable"),
        "untouched": tiered.loc[untouched.to_numpy(dtype=bool), cols].sort_values(
            by_revenue, ascending=False, na_position="last", kind="stable"),
        "neglected": neglected.sort_values("days_since_contact", ascending=False, na_position="first",
                                           kind="stable"),
        "spare_capacity": tiered.loc[tier.eq(5).fillna(False), cols].sort_values(by_revenue, ascending=False,
                                                                               na_position="last", kind="stable"),
    }


def key_figures(tiered: pd.DataFrame | None) -> dict:
    """The matrix's recorded figures: ``matrix.tiers`` ({tier: customers}, tiers "1".."5" and "none"),
    ``matrix.assets_by_owner`` ({owner: {tier: count}}, tiers "1".."5"), ``matrix.assets`` (customers in
    tiers 1-3, the customer assets) and ``matrix.assets_share`` (of all customers, 0-1; None without
    customers); all None without an inventory."""
    if tiered is None:
        return dict.fromkeys(("matrix.tiers", "matrix.assets_by_owner", "matrix.assets", "matrix.assets_share"))
    owners = assets_by_owner(tiered)[list(rules.TIER_KEYS[:5])]
    counts = tier_counts(tiered)
    assets = sum(counts[k] for k in ASSET_KEYS)
    return {"matrix.tiers": counts,
            "matrix.assets_by_owner": {str(o): {k: int(v) for k, v in row.items()} for o, row in
                                       owners.sort_index().to_dict(orient="index").items()},
            "matrix.assets": int(assets),
            "matrix.assets_share": float(assets / len(tiered)) if len(tiered) else None}


# --- the chapter's result --------------------------------------------------------------------------------------

SECTIONS = ("matrix", "tiers", "owners", "build_trust", "neglected", "spare", "migration", "next")
LIST_COLUMNS = {
    "build_trust": (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", c.ANNUAL_REVENUE, "revenue", "contacts_in_window",
                    "contact_score", "last_contact", "days_since_contact"),
    "untouched": (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", c.ANNUAL_REVENUE, c.INDUSTRY),
    "neglected": (c.CUSTOMER_ID, c.NAME, c.OWNER, TIER, "level", "relationship", "revenue", "last_contact",
                  "days_since_contact"),
    "spare_capacity": (c.CUSTOMER_ID, c.NAME, c.OWNER, c.ANNUAL_REVENUE, "revenue", "contacts_in_window",
                       "last_contact"),
}
KINDS = {c.INDUSTRY: "name", c.OWNER: "code", "level": "code", "relationship": "code", TIER: "code",
         "tier_before": "code", "tier_after": "code", "relationship_before": "code", "relationship_after": "code",
         "direction": "code",
         "contacts_in_window": "count", "contact_score": "number", "steps": "count"}
VOCAB = {c.INDUSTRY: "industry", c.OWNER: "owner", "level": "level", "relationship": "relationship", TIER: "tier",
         "tier_before": "tier", "tier_after": "tier", "relationship_before": "relationship",
         "relationship_after": "relationship", "direction": "direction"}
HEADERS = ("contacts_in_window", "contact_score", "last_contact", "days_since_contact", "tier_before", "tier_after",
           "relationship_before", "relationship_after", "steps", "direction", "assets")


def _table(key: str, frame: pd.DataFrame, **options) -> Table:
    """A table of the chapter: owners as codes (unassigned labelled), codes and headers declared once."""
    frame = frame.reset_index(drop=True)
    if c.OWNER in frame:
        frame = frame.assign(**{c.OWNER: owner_codes(frame)})
    if TIER in frame and not pd.api.types.is_string_dtype(frame[TIER]):
        frame = frame.assign(**{TIER: rules.tier_key(frame[TIER])})
    kinds = {k: v for k, v in KINDS.items() if k in frame}
    vocab = {k: v for k, v in VOCAB.items() if k in frame}
    headers = {col: Text(f"cu.col.{col}") for col in HEADERS if col in frame}
    if key in LISTS:
        options.setdefault("rows", LIST_ROWS)
    return Table(key, frame, kinds={**kinds, **options.pop("kinds", {})}, vocab={**vocab, **options.pop("vocab", {})},
                 headers={**headers, **options.pop("headers", {})}, **options)


def _tier_headers(keys) -> dict[str, Code]:
    return {k: Code("tier", k) for k in keys}


def _matrix(tiered: pd.DataFrame, tiers: TierMatrix, as_of) -> Section:
    from workbook.customers.charts import plot_matrix

    cells = matrix_cells(tiered, tiers=tiers)
    n = len(tiered)
    biggest = cells.sort_values("customers", ascending=False, kind="stable").iloc[0]
    counts = tier_counts(tiered)
    assets = sum(counts[k] for k in ASSET_KEYS)
    finding = Text("find.matrix.matrix", assets=Count(assets), share=Rate(assets / n if n else None),
                   customers=Count(n), level=Code("level", biggest["level"]),
                   relationship=Code("relationship", biggest["relationship"]), n=Count(int(biggest["customers"])),
                   today=Date(as_of))
    grid = matrix_table(cells)
    table = Table("matrix_grid", grid, kinds={"level": "code", **{r: "count" for r in RELATIONSHIPS}},
                  vocab={"level": "level"}, headers={r: Code("relationship", r) for r in RELATIONSHIPS})
    incomplete = int(tiered["level"].astype(object).eq(INCOMPLETE).sum())
    note = Text("cu.note.matrix", n=Count(incomplete)) if incomplete else None
    if not int(biggest["customers"]):  # an empty matrix has no fullest cell and no picture: say why it is empty
        finding = Text("find.matrix.matrix_empty", customers=Count(n), incomplete=Count(incomplete), today=Date(as_of))
        return Section("matrix", finding=finding, tables=(table,), note=note)
    return Section("matrix", finding=finding, chart=Chart(plot_matrix, (cells,)), tables=(table,), note=note)


def _five_beats_one(check: TierCheck) -> bool:
    """Whether tier 5 won more often than tier 1 after the tier date (both with enough closed deals)."""
    return "1" not in check.left_out and "5" not in check.left_out and check.win_rate["5"] > check.win_rate["1"]


def _check_finding(check: TierCheck, counts: dict) -> Text:
    """The tiers section's action title: whether the tiers as of the tier date ranked what they won afterwards."""
    pooled = {"date": Date(check.date), "assets_rate": Rate(check.assets_rate), "others_rate": Rate(check.others_rate),
              "assets_value": Money(check.assets_value), "others_value": Money(check.others_value)}
    if check.ranks:
        return Text("find.matrix.tiers_rank", **pooled, **counts)
    if not _five_beats_one(check):
        return Text("find.matrix.tiers_no_rank_pooled", **pooled, **counts)
    return Text("find.matrix.tiers_no_rank", **pooled, **counts, rate1=Rate(check.win_rate["1"]),
                n1=Count(check.closed["1"]), rate5=Rate(check.win_rate["5"]), n5=Count(check.closed["5"]))


def _tiers(tiered: pd.DataFrame, outcomes: pd.DataFrame, check: TierCheck | None, *, date: pd.Timestamp, start,
           as_of) -> Section:
    """Section ``tiers``: customers per tier today; what each tier, as it stood at ``date``, won afterwards, and
    whether that ranks the tiers (:mod:`workbook.customers.doctrine`)."""
    from workbook.customers.charts import plot_tier_outcomes, plot_tiers

    summary = tier_summary(tiered.drop(columns="revenue", errors="ignore"))
    assets = summary[summary["asset"]]
    won = outcomes["revenue"].sum(min_count=1)
    n_assets = int(assets["customers"].sum())
    # the share as the matrix section and matrix.assets_share have it (assets / customers): the sum of the tiers'
    # rounded-off shares can fall on the other side of a half (411 of 2,000: 20.5% there, 20.6% here)
    counts = {"assets": Count(n_assets), "share": Rate(n_assets / len(tiered) if len(tiered) else None),
              "today": Date(as_of)}
    if check is not None:
        finding = _check_finding(check, counts)
    elif pd.notna(won) and won > 0:
        then = outcomes[outcomes["asset"]]
        rated = outcomes[outcomes["won"] + outcomes["lost"] > 0]
        best = rated.sort_values(["win_rate", TIER], ascending=[False, True], kind="stable").iloc[0]
        finding = Text("find.matrix.tiers", **counts, date=Date(date), assets_then=Count(int(then["customers"].sum())),
                       revenue_share=Rate(float(then["revenue"].sum() / won)), tier=Code("tier", best[TIER]),
                       rate=Rate(float(best["win_rate"])))
    else:
        finding = Text("find.matrix.tiers_no_revenue", **counts)
    table = Table("matrix_tiers", summary, kinds={TIER: "code"}, vocab={TIER: "tier"},
                  headers={"asset": Text("cu.col.asset"), "customers": Text("cu.col.customers_on", date=Date(as_of))})
    after_day = Date(date + pd.Timedelta(days=1))
    shown = outcomes.drop(columns="asset").assign(
        won_per_customer=rules.ratio(outcomes["revenue"], outcomes["customers"]))
    if shown["revenue"].isna().all():
        shown = shown.drop(columns=["revenue", "revenue_share", "won_per_customer"])
    after = Table("matrix_tier_outcomes", shown,
                  kinds={TIER: "code", "win_rate": "rate", "revenue_share": "rate", "won_per_customer": "money"},
                  vocab={TIER: "tier"}, headers={"customers": Text("cu.col.customers_then", date=Date(date)),
                                                 "deals": Text("cu.col.deals_after", date=after_day),
                                                 "lost": Text("cu.col.lost"),
                                                 "revenue_share": Text("cu.col.revenue_share"),
                                                 "won_per_customer": Text("cu.col.won_per_customer", date=after_day)})
    shifted = start is not None and date != pd.Timestamp(start) - pd.Timedelta(days=1)
    note = Text("cu.note.tiers_shifted" if shifted else "cu.note.tiers", today=Date(as_of), date=Date(date),
                after=after_day)
    if check is not None:
        left = [Code("tier", k) for k in check.left_out]
        rule = Text("cu.note.tier_rule_left" if left else "cu.note.tier_rule", min=Count(check.min_closed), left=left)
        note = Text("cu.note.join", first=note, second=rule)
        chart = Chart(plot_tier_outcomes, (outcomes,), {"ranks": check.ranks})
    else:
        chart = Chart(plot_tiers, (summary,))
    return Section("tiers", finding=finding, chart=chart, tables=(table, after), note=note)


def _owners(tiered: pd.DataFrame, sort_by: str, as_of) -> Section:
    from workbook.customers.charts import plot_assets_by_owner

    owners = assets_by_owner(tiered).sort_values([sort_by, "assets"], ascending=False, kind="stable")
    real = owners[owners.index != UNASSIGNED]
    real = real if len(real) else owners
    best, worst = real["assets"].idxmax(), real["assets"].idxmin()
    finding = Text("find.matrix.owners", best=Code("owner", best), best_n=Count(int(real.loc[best, "assets"])),
                   worst=Code("owner", worst), worst_n=Count(int(real.loc[worst, "assets"])), reps=Count(len(real)))
    if real.loc[best, "assets"] == real.loc[worst, "assets"]:  # no most and fewest when every rep has the same
        finding = Text("find.matrix.owners_even", reps=Count(len(real)), n=Count(int(real.loc[best, "assets"])))
    frame = owners.reset_index()
    table = _table("matrix_owners", frame, headers=_tier_headers(rules.TIER_KEYS), rows=20)
    return Section("owners", finding=finding, chart=Chart(plot_assets_by_owner, (frame,)), tables=(table,),
                   note=Text("cu.note.owners", today=Date(as_of)))


def _list(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The list's columns; won revenue only when some customer of the list has any."""
    out = frame[[col for col in LIST_COLUMNS[name] if col in frame]]
    if "revenue" in out and not (out["revenue"].fillna(0) > 0).any():
        out = out.drop(columns="revenue")
    return out


def _in_order(frame: pd.DataFrame, ranking: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` in the order of the who-next list (``ranking``, by ``customer_id``); unranked customers last.

    >>> _in_order(pd.DataFrame({"customer_id": ["A", "B", "C"]}),
    ...           pd.DataFrame({"customer_id": ["C", "A"]}))["customer_id"].tolist()
    ['C', 'A', 'B']
    """
    if ranking is None or not len(frame):
        return frame
    place = {cid: i for i, cid in enumerate(ranking[c.CUSTOMER_ID].astype(str))}
    order = frame[c.CUSTOMER_ID].astype(str).map(place).fillna(len(place)).to_numpy()
    return frame.iloc[np.argsort(order, kind="stable")]


def _time_goal(tiered: pd.DataFrame, neglect_days: int) -> tuple[str, float] | None:
    """Where the time freed from tier 5 goes: the tier of 1-4 with the lowest contact coverage (the share of its
    customers contacted in the last ``neglect_days`` days), tier 4 on a tie; None without such a tier.

    >>> df = pd.DataFrame({"tier": pd.array([1, 1, 4, 4], dtype="Int64"), "days_since_contact": [5.0, 9.0, 200.0, 3.0]})
    >>> _time_goal(df, 90)  # tier 1: 2 of 2 contacted, tier 4: 1 of 2
    ('4', 0.5)
    """
    key = rules.tier_key(tiered[TIER])
    contacted = tiered["days_since_contact"].le(neglect_days).fillna(False).to_numpy(dtype=bool)
    coverage = {k: float(contacted[(key == k).to_numpy()].mean()) for k in ("4", "3", "2", "1")
                if (key == k).any()}
    if not coverage:
        return None
    tier = min(coverage, key=lambda k: coverage[k])  # the first of 4, 3, 2, 1 on a tie
    return tier, coverage[tier]


def _top_owner(frame: pd.DataFrame) -> Text | None:
    if c.OWNER not in frame or not len(frame):
        return None
    counts = owner_codes(frame).value_counts()
    return Text("cu.who_most", who=Code("owner", counts.index[0]), n=Count(int(counts.iloc[0])))


def _who(frame: pd.DataFrame) -> Text | None:
    """Each listed customer's rep, naming the one with most of them."""
    most = _top_owner(frame)
    return None if most is None else Text("cu.who.owners", most=most)


def _recalibrate(check: TierCheck) -> Action:
    """The first action when the tiers do not rank outcomes: re-test and recalibrate the rule that is off."""
    rules_off = Text(f"cu.rule.{check.off[0]}" if len(check.off) == 1 else "cu.rule.both")
    if not _five_beats_one(check):
        kpi = Text("cu.kpi.recalibrate_pooled", assets=Rate(check.assets_rate), others=Rate(check.others_rate))
    else:
        kpi = Text("cu.kpi.recalibrate", rate1=Rate(check.win_rate["1"]), rate5=Rate(check.win_rate["5"]))
    return Action(Text("act.matrix.recalibrate", rules=rules_off), who=Text("cu.who.sales_ops"),
                  basis=Text("cu.basis.recalibrate"), pool="customers",
                  step=Text("cu.step.recalibrate", rules=rules_off, date=Date(check.date)), kpi=kpi, days=60,
                  section="tiers", problem=Text("act.matrix.recalibrate.problem", rate1=Rate(check.win_rate.get("1")),
                                                rate5=Rate(check.win_rate.get("5")))
                  if _five_beats_one(check) else Text("act.matrix.recalibrate.problem_pooled",
                                                      assets=Rate(check.assets_rate), others=Rate(check.others_rate)))


def _sized(text: Text, sized, **options) -> Action:
    return Action(text, value=sized.value, basis=sized.basis, pool="customers", **options)


def _summary(check: TierCheck | None, tiered: pd.DataFrame, actions: list[Action], as_of) -> tuple[Text, ...]:
    """The chapter summary: whether the tiers rank outcomes, the customer assets, the largest sized action."""
    n = len(tiered)
    assets = sum(tier_counts(tiered)[k] for k in ASSET_KEYS)
    lines = []
    if check is not None:
        lines.append(_check_finding(check, {"today": Date(as_of)}))
    incomplete = int(tiered["level"].astype(object).eq(INCOMPLETE).sum()) if "level" in tiered else 0
    if n and incomplete == n:  # none graded: "0 assets, 0.0%" would be a false zero
        lines.append(Text("find.matrix.matrix_empty", customers=Count(n), incomplete=Count(incomplete),
                          today=Date(as_of)))
    else:
        lines.append(Text("cu.sum.assets", assets=Count(assets), customers=Count(n),
                          share=Rate(assets / n if n else None), today=Date(as_of)))
    sized = sorted((a for a in actions if a.value > 0), key=lambda a: -a.value)
    if sized:
        lines.append(Text("cu.sum.top_action", action=sized[0].text, value=Money(sized[0].value)))
    return tuple(lines[:3])


def _exhibits(check: TierCheck | None, sections: tuple[Section, ...], actions: list[Action]) -> tuple[str, ...]:
    """The sections the main report keeps: the tier check, those behind the largest actions, the matrix."""
    ready = {s.key for s in sections if not s.missing}
    by_value = [a.section for a in sorted(actions, key=lambda a: -a.value) if a.value > 0]
    order = (["tiers"] if check is not None else []) + by_value + ["matrix", "tiers", "next"]
    return tuple(dict.fromkeys(k for k in order if k in ready))[:4]


def compute(client, *, sort_owners_by: str = "assets", migration_days: int = 365) -> Result:
    """The customer quality matrix of ``client``: matrix, tiers, assets per rep, the three action lists, migration.

    Sections (keys): ``matrix``, ``tiers`` (customers per tier today; what the tiers as of the tier date won
    afterwards, and whether that ranks them: :func:`workbook.customers.doctrine.tier_check`), ``owners``
    (assets per rep, sorted by ``sort_owners_by``: one of :data:`OWNER_SORTS`), ``build_trust`` (tier 4),
    ``neglected`` (customer assets, tiers 1-3, without contact for ``config.neglect_days``; needs the contact
    history), ``spare`` (tier 5), ``migration`` (tiers now against ``migration_days`` earlier; needs contact
    history reaching back that far), ``next`` (who to work next: one ranked list, see
    :mod:`workbook.customers.nextlist`). Every section needs the customers table, and the contact history
    unless the data give every relationship.

    Figures: ``matrix.tiers``, ``matrix.assets_by_owner``, ``matrix.assets``, ``matrix.assets_share`` (see
    :func:`key_figures`), ``matrix.tiers_rank_outcomes`` and ``matrix.tier_check`` (see
    :meth:`workbook.customers.doctrine.TierCheck.figures`; None when the tiers cannot be tested),
    ``matrix.next_customers`` and ``matrix.next_top`` (see :func:`workbook.customers.nextlist.top_figure`).

    Actions are valued on the one scale of every action (additional won revenue in the next 12 months, see
    :mod:`workbook.customers.values`). When the tiers do not rank outcomes, the first action is to
    recalibrate the rule that is off, and the tier-5 spare-capacity advice is withheld. Each customer is valued
    once: a mover down that is tier 4 today or a neglected asset is valued by that action, and the movers' basis
    says how many were left out. The tier-5 list leaves out the customers that moved down into tier 5 over the
    year (they are for the movers' review first), and its freed time goes to the least covered of tiers 1-4
    (:func:`_time_goal`). The tier-4 list follows the who-next order. Every action names its ``problem``.

    Raises
    ------
    ValueError
        ``sort_owners_by`` not one of :data:`OWNER_SORTS`.
    """
    if sort_owners_by not in OWNER_SORTS:
        raise ValueError(f"sort_owners_by must be one of {', '.join(OWNER_SORTS)}, got {sort_owners_by!r}")
    ctx = context(client)
    config = client.config
    customers = client.table(c.CUSTOMERS)
    no_figures = {**key_figures(None), **NO_CHECK, **nextlist.NO_FIGURES}
    if customers is None or client.missing({c.CUSTOMERS: [c.CUSTOMER_ID]}):
        return Result("matrix", tuple(Section(key, needs=("customers",)) for key in SECTIONS), no_figures, (), {}, ctx)
    activities, opportunities = client.table(c.ACTIVITIES), client.table(c.OPPORTUNITIES)
    classified = classify(customers, activities, opportunities, icp=config.icp, rules=config.relationship_rules,
                          as_of=client.as_of)
    tiered = assign_tiers(classified, tiers=config.tiers)
    needs = relationship_needs(client, customers)
    labels = {"owner": owner_labels(owner_codes(tiered)),
              **reason_labels(classified, icp=config.icp, rules=config.relationship_rules)}
    if needs:
        return Result("matrix", tuple(Section(key, needs=needs) for key in SECTIONS),
                      {**no_figures, **key_figures(tiered)}, (), client.with_labels(labels), ctx)
    tiered = tiered.assign(revenue=won_revenue(tiered, opportunities, as_of=client.as_of))
    lists = action_lists(tiered, neglect_days=config.neglect_days)
    n = len(tiered)
    premium = int(tiered["level"].astype(object).isin(["quality", "strategic"]).sum())

    # the tiers as of the tier date, what they won afterwards (per customer per year), and whether that ranks them
    date = tier_date(client)
    then = tiered_customers(client, as_of=date)
    outcomes = tier_outcomes(then, opportunities, since=date)
    check = None
    if opportunities is not None and client.period[0] is not None:
        check = tier_check(outcomes, by_level=outcomes_by(then, opportunities, since=date, by="level"),
                           by_relationship=outcomes_by(then, opportunities, since=date, by="relationship"),
                           date=date)
    ranks = check is None or check.ranks
    after = won_after(opportunities, since=date)
    years = per_year(date, client.as_of)
    yearly = value_by_tier(then, after, years=years) if not np.isnan(years) else {}
    actions = [_recalibrate(check)] if not ranks else []

    activity_gap = tuple(need.split(" ")[0] for need in client.missing(ACTIVITY_NEEDS))
    # who to work next: the lists above, the open deals' checklist and the buying potential, in one ranking; the
    # tier 4 list follows the same order, so the report names the same customers first wherever it names them
    next_up, next_figures, next_action, next_labels = nextlist.section(
        tiered, lists, opportunities, config=config, as_of=client.as_of, contacts=not activity_gap)
    ranking = next_up.tables[0].frame if next_up.tables else None
    lists["build_trust"] = _in_order(lists["build_trust"], ranking)

    # the movers a year back: those that moved down into tier 5 are for the movers' review, not the tier 5 policy
    before, gap = earlier_inventory(customers, activities, opportunities, icp=config.icp,
                                    rules=config.relationship_rules, as_of=client.as_of, days_back=migration_days)
    down, transition, earlier = None, None, None
    if before is not None:
        earlier = client.as_of - pd.Timedelta(days=migration_days)
        before = assign_tiers(before, tiers=config.tiers)
        transition, movers = tier_migration(before, tiered)
        up, down = movers[movers["steps"] > 0], movers[movers["steps"] < 0]
    into5 = set() if down is None else set(down.loc[down["tier_after"].astype(str).eq("5"), c.CUSTOMER_ID].astype(str))
    spare_ids = lists["spare_capacity"][c.CUSTOMER_ID].astype(str)
    lists["spare_capacity"] = lists["spare_capacity"][~spare_ids.isin(into5).to_numpy()]

    trust = _list(lists["build_trust"], "build_trust")
    untouched = _list(lists["untouched"], "untouched")
    build_trust = Section("build_trust", finding=Text(
        "find.matrix.build_trust", n=Count(len(trust)), share=Rate(len(trust) / premium if premium else None),
        annual=Money(money_sum(trust.get(c.ANNUAL_REVENUE))), untouched=Count(len(untouched)),
        untouched_annual=Money(money_sum(untouched.get(c.ANNUAL_REVENUE)))) if len(trust) or len(untouched) else
        Text("find.matrix.build_trust_none"),  # no "0 customers, revenue 0 元": there are none
        tables=(_table("matrix_build_trust", trust), _table("matrix_untouched", untouched)),
        note=Text("cu.note.build_trust_order") if ranking is not None and len(trust) else None,
        note_table="matrix_build_trust")  # the order of the tier-4 list, not the never-contacted one
    if len(untouched):  # the inventory's biggest gap: premium customers nobody has ever contacted
        actions.append(_sized(Text("act.matrix.untouched", n=Count(len(untouched))),
                              untouched_value(then, after, len(untouched), years=years, date=date),
                              who=_who(untouched), sheet="matrix_untouched",
                              step=Text("cu.step.untouched", n=Count(len(untouched))),
                              kpi=Text("cu.kpi.untouched", n=Count(len(untouched))), days=30, section="build_trust",
                              problem=Text("act.matrix.untouched.problem", n=Count(len(untouched)))))
    if len(trust):
        actions.append(_sized(Text("act.matrix.build_trust", n=Count(len(trust))),
                              build_trust_value(yearly, len(trust), natural=natural_upgrade(transition), since=earlier)
                              if ranks else NOT_RANKED, who=_who(trust),
                              sheet="matrix_build_trust",
                              step=Text("cu.step.build_trust", n=Count(min(len(trust), 20))),
                              kpi=Text("cu.kpi.build_trust", n=Count(len(trust))), days=90, section="build_trust",
                              problem=Text("act.matrix.build_trust.problem", n=Count(len(trust)))))

    silent_ids: set = set()
    if activity_gap:
        neglected = Section("neglected", needs=activity_gap)
    else:
        silent = _list(lists["neglected"], "neglected")
        silent_ids = set(lists["neglected"][c.CUSTOMER_ID].astype(str))
        assets = sum(tier_counts(tiered)[k] for k in ASSET_KEYS)
        sized = neglected_value(then, after, lists["neglected"], years=years, neglect_days=config.neglect_days)
        neglected = Section("neglected", finding=Text(
            "find.matrix.neglected", n=Count(len(silent)), share=Rate(len(silent) / assets if assets else None),
            days=Days(config.neglect_days), value=Money(sized.value)) if len(silent) else
            Text("find.matrix.neglected_none", days=Days(config.neglect_days)),  # never "0 assets worth 0 元"
            tables=(_table("matrix_neglected", silent,
                           headers={TIER: Text("cu.col.tier_on", date=Date(client.as_of))}),))
        if len(silent):
            actions.append(_sized(Text("act.matrix.neglected", n=Count(len(silent)), days=Days(config.neglect_days)),
                                  sized, who=_who(silent), sheet="matrix_neglected",
                                  step=Text("cu.step.neglected", n=Count(min(len(silent), 20))),
                                  kpi=Text("cu.kpi.neglected", n=Count(len(silent)), days=Days(config.neglect_days)),
                                  days=30, section="neglected",
                                  problem=Text("act.matrix.neglected.problem", n=Count(len(silent)),
                                               days=Days(config.neglect_days))))

    spare_list = _list(lists["spare_capacity"], "spare_capacity")
    share5 = Rate(len(spare_list) / n if n else None)
    spare_table = _table("matrix_spare", spare_list)
    moved5 = Count(len(into5))
    if ranks:
        finding = Text("find.matrix.spare", n=Count(len(spare_list)), share=share5, moved=moved5)
        if check is not None and "5" not in check.left_out:  # the evidence the advice rests on, per customer
            finding = Text("find.matrix.spare_rank", n=Count(len(spare_list)), share=share5, moved=moved5,
                           rate5=Rate(check.win_rate["5"]), assets_rate=Rate(check.assets_rate),
                           value5=Money(yearly.get("5")), value4=Money(yearly.get("4")),
                           assets_value=Money(yearly.get("assets")))
        spare = Section("spare", finding=finding, tables=(spare_table,))
        if len(spare_list):
            goal = _time_goal(tiered, config.neglect_days) if not activity_gap else None
            to = Text("cu.to.tier", tier=Code("tier", goal[0]), coverage=Rate(goal[1]),
                           days=Days(config.neglect_days)) if goal else Text("cu.to.assets")
            actions.append(Action(Text("act.matrix.spare", n=Count(len(spare_list)), to=to),
                                  basis=Text("cu.basis.time", tier=Code("tier", goal[0]) if goal else
                                             Text("cu.to.assets")), pool="time", who=Text("cu.who.sales_manager"),
                                  sheet="matrix_spare", step=Text("cu.step.spare", n=Count(len(spare_list))),
                                  kpi=Text("cu.kpi.spare_to", tier=Code("tier", goal[0])) if goal else
                                  Text("cu.kpi.spare"), days=60, section="spare",
                                  problem=Text("act.matrix.spare.problem", n=Count(len(spare_list)),
                                               rate5=Rate(check.win_rate.get("5") if check is not None else None))
                                  if check is not None and "5" not in check.left_out else
                                  Text("act.matrix.spare.problem_n", n=Count(len(spare_list)))))
    else:  # the grading does not rank outcomes: no tier-5 policy until it is recalibrated
        key = "find.matrix.spare_no_rank" if _five_beats_one(check) else "find.matrix.spare_no_rank_pooled"
        spare = Section("spare", finding=Text(key, n=Count(len(spare_list)), share=share5,
                                              rate5=Rate(check.win_rate.get("5")), rate1=Rate(check.win_rate.get("1")),
                                              assets_rate=Rate(check.assets_rate), others_rate=Rate(check.others_rate)),
                        tables=(spare_table,))

    if before is None:
        migration = Section("migration", needs=gap)
    else:
        assets_before = int(rules.tier_key(before[TIER]).isin(ASSET_KEYS).sum())
        assets_now = int(rules.tier_key(tiered[TIER]).isin(ASSET_KEYS).sum())
        migration = Section("migration", finding=Text(
            "find.matrix.migration", date=Date(earlier), up=Count(len(up)), down=Count(len(down)),
            before=Count(assets_before), after=Count(assets_now), today=Date(client.as_of)),
            tables=(Table("matrix_transition", transition.reset_index(), kinds={"tier_before": "code"},
                          vocab={"tier_before": "tier"},
                          headers={"tier_before": Text("cu.col.tier_before_after", before=Date(earlier),
                                                       now=Date(client.as_of)), **_tier_headers(rules.TIER_KEYS)},
                          appendix=True),
                    _table("matrix_movers", movers, headers={  # a word first, so four dated headers read apart
                        "tier_before": Text("cu.col.tier_was", date=Date(earlier)),
                        "tier_after": Text("cu.col.tier_now", date=Date(client.as_of)),
                        "relationship_before": Text("cu.col.relationship_was", date=Date(earlier)),
                        "relationship_after": Text("cu.col.relationship_now", date=Date(client.as_of))})))
        # what each mover itself won in the year before the earlier date caps what winning it back is worth;
        # a mover that is tier 4 today or a neglected asset is valued by that action, not again here
        prior = won_between(opportunities, start=earlier - pd.Timedelta(days=migration_days), end=earlier)
        if len(down):
            ids = down[c.CUSTOMER_ID].astype(str)
            in_trust = ids.isin(set(lists["build_trust"][c.CUSTOMER_ID].astype(str))).to_numpy()
            in_silent = ids.isin(silent_ids).to_numpy() & ~in_trust
            rest = down[~(in_trust | in_silent)]
            sized = (movers_down_value(rest, yearly, before=prior, trust=int(in_trust.sum()),
                                       silent=int(in_silent.sum())) if ranks else NOT_RANKED)
            actions.append(_sized(Text("act.matrix.movers_down", n=Count(len(down))), sized, who=_who(down),
                                  sheet="matrix_movers",
                                  step=Text("cu.step.movers_down", n=Count(len(down))),
                                  kpi=Text("cu.kpi.movers_down", n=Count(len(down))), days=60, section="migration",
                                  problem=Text("act.matrix.movers_down.problem", n=Count(len(down)),
                                               date=Date(earlier))))
    tiers_section = _tiers(tiered, outcomes, check, date=date, start=client.period[0], as_of=client.as_of)
    actions += [next_action] if next_action is not None else []
    sections = (_matrix(tiered, config.tiers, client.as_of), tiers_section,
                _owners(tiered, sort_owners_by, client.as_of), build_trust, neglected, spare, migration, next_up)
    figures = {**key_figures(tiered), **(check.figures() if check is not None else NO_CHECK), **next_figures}
    return Result("matrix", sections, figures, tuple(actions), client.with_labels({**labels, **next_labels}), ctx,
                  summary=_summary(check, tiered, actions, client.as_of), exhibits=_exhibits(check, sections, actions))
