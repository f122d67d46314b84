"""Customer inventory (客户盘点): profile, completeness, level and relationship in one table.

Pure functions on the clean ``customers``, ``activities`` and ``opportunities`` tables. The rules come
from ``client.yaml`` (:class:`~workbook.core.config.IcpRules`, :class:`~workbook.core.config.RelationshipRules`)
and are passed in as data. Every customer carries the reason for its level and relationship as a code
(:mod:`workbook.customers.levels`, :mod:`workbook.customers.relationship`, re-exported here; their texts come
from :func:`reason_labels`), so a consultant can answer "why is this one only 'target'?". No function here
takes a language: :func:`compute` returns the chapter as codes and numbers. All of it is vectorised.

>>> customers = pd.DataFrame({"customer_id": ["C1", "C2"], "headcount": [900, 120],
...                           "annual_revenue": [3e8, 2e7], "revenue_growth_3y": [0.1, 0.0]})
>>> out = classify(customers, icp=IcpRules(), rules=RelationshipRules(), as_of=pd.Timestamp("2025-12-31"))
>>> out[["customer_id", "level", "relationship"]].astype(str).values.tolist()
[['C1', 'quality', 'untouched'], ['C2', 'potential', 'untouched']]
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.config import LEVELS, RELATIONSHIPS, ClientConfig, IcpRules, RelationshipRules
from workbook.core.result import Action, Chart, Code, Count, Name, Number, Rate, Result, Section, Table, Text
from workbook.customers.context import context, field_labels, owner_labels, relationship_needs
from workbook.customers.levels import (
    INCOMPLETE,
    assign_levels,
    format_amount,
    level_reason_labels,
    rule_fields,
    thin_records,
)
from workbook.customers.profile import (
    BANDS,
    MISSING,
    PROFILE_DIMENSIONS,
    PROFILE_FIELDS,
    UNASSIGNED,
    band_label,
    completeness,
    completeness_by_owner,
    fill_rates,
    owner_codes,
    profile_counts,
)
from workbook.customers.relationship import (
    assign_relationships,
    contact_stats,
    relationship_reason_labels,
    relationship_rule,
    relationship_rule_labels,
    won_revenue,
)
from workbook.customers.tiers import DERIVED_COLUMNS, classify

__all__ = [
    "PROFILE_FIELDS", "BANDS", "EXPLAIN_COLUMNS", "DERIVED_COLUMNS", "UNASSIGNED", "explain", "profile_counts",
    "fill_rates", "completeness", "completeness_by_owner", "format_amount", "rule_fields", "thin_records",
    "assign_levels", "contact_stats", "won_revenue", "assign_relationships", "classify", "classify_client", "ladder",
    "reason_counts", "reason_labels", "owner_codes", "band_label", "MISSING", "PROFILE_DIMENSIONS", "key_figures",
    "compute",
]

PREMIUM = ("quality", "strategic")
LIST_ROWS = 10  # customers a list shows in the report body (the appendix keeps them all)
NO_TRUST = ("untouched", "neutral")

# what a consultant reads to answer "why is this one only 'target'?"
EXPLAIN_COLUMNS = (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", "level_reason", "relationship", "relationship_reason")
def classify_client(client, *, config: ClientConfig | None = None, lang: str | None = None) -> pd.DataFrame | None:
    """:func:`classify` on a :class:`~workbook.core.client.Client`'s tables (None without a customers table).

    ``lang`` is ignored (the result holds codes only); it is still accepted so that callers written
    before reasons became codes keep working.
    """
    del lang  # ignored: see the docstring
    config = config or client.config
    customers = client.table(c.CUSTOMERS)
    if customers is None:
        return None
    return classify(customers, client.table(c.ACTIVITIES), client.table(c.OPPORTUNITIES), icp=config.icp,
                    rules=config.relationship_rules, as_of=client.as_of)


def ladder(classified: pd.DataFrame, *, kind: str = "level") -> pd.DataFrame:
    """Customers on each rung of a ladder, lowest rung first.

    Returns ``rung`` (code), ``customers``, ``share``, ``given`` (customers whose value came from the data).
    For levels, customers whose level is undecided (:data:`~workbook.customers.levels.INCOMPLETE`) are on a
    row of their own before the lowest rung, only when there are any.

    >>> df = pd.DataFrame({"level": ["target", "target", "strategic"], "level_source": ["rules", "rules", "data"]})
    >>> ladder(df)[["rung", "customers", "given"]].values.tolist()
    [['potential', 0, 0], ['target', 2, 0], ['quality', 0, 0], ['strategic', 1, 1]]
    """
    if kind not in ("level", "relationship"):
        raise ValueError(f"kind must be one of level, relationship, got {kind!r}")
    rungs = LEVELS if kind == "level" else RELATIONSHIPS
    values = classified[kind].astype(object)
    if kind == "level" and values.eq(INCOMPLETE).any():
        rungs = (INCOMPLETE, *rungs)
    counts = values.value_counts().reindex(rungs, fill_value=0)
    given = values[classified[f"{kind}_source"].eq("data")].value_counts().reindex(rungs, fill_value=0)
    n = len(classified)
    return pd.DataFrame({"rung": list(rungs), "customers": counts.to_numpy(dtype=np.int64),
                         "share": counts.to_numpy() / n if n else 0.0, "given": given.to_numpy(dtype=np.int64)})


def reason_counts(classified: pd.DataFrame, *, kind: str = "level") -> pd.DataFrame:
    """How many customers each reason placed, per rung: ``<kind>``, ``reason`` (code), ``customers``,
    ``share`` (of all customers); most first."""
    out = (classified.groupby([kind, f"{kind}_reason"], observed=True).size().rename("customers").reset_index()
           .rename(columns={f"{kind}_reason": "reason"}))
    out["share"] = out["customers"] / len(classified) if len(classified) else 0.0
    return out.sort_values("customers", ascending=False, kind="stable").reset_index(drop=True)


def reason_labels(classified: pd.DataFrame, *, icp: IcpRules, rules: RelationshipRules) -> dict:
    """The zh/en texts of the reason codes in ``classified``: ``{"level_reason": {...}, "relationship_reason": {...},
    "relationship_rule": {...}}`` (the vocabularies :class:`~workbook.core.result.Result` ``labels`` carries to the
    display layer)."""
    return {"level_reason": level_reason_labels(classified["level_reason"], icp=icp),
            "relationship_reason": relationship_reason_labels(classified["relationship_reason"], rules=rules),
            "relationship_rule": relationship_rule_labels(rules)}


def explain(classified: pd.DataFrame, *, rows: int | None = 20) -> pd.DataFrame:
    """Largest customers first (by annual revenue when known) with level, relationship and the rule behind each.

    Only the :data:`EXPLAIN_COLUMNS` the client's data have are kept (plus ``annual_revenue`` when known);
    ``rows=None`` keeps every customer.

    >>> frame = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["甲", "乙"], "annual_revenue": [1.0, 5.0],
    ...                       "level": ["target", "quality"], "level_reason": ["a", "b"]})
    >>> explain(frame)["customer_id"].tolist(), list(explain(frame).columns)
    (['C2', 'C1'], ['customer_id', 'name', 'annual_revenue', 'level', 'level_reason'])
    """
    ordered = classified
    cols = list(EXPLAIN_COLUMNS)
    if c.ANNUAL_REVENUE in classified and classified[c.ANNUAL_REVENUE].notna().any():
        ordered = classified.sort_values(c.ANNUAL_REVENUE, ascending=False, kind="stable")
        cols.insert(3 if c.OWNER in classified else 2, c.ANNUAL_REVENUE)
    out = ordered[[col for col in cols if col in ordered]]
    return out if rows is None else out.head(rows)


def key_figures(classified: pd.DataFrame | None) -> dict:
    """The inventory's recorded figures: ``inventory.customers``, ``.by_level`` (the four levels),
    ``.incomplete`` (customers whose level a missing field leaves undecided), ``.by_relationship``,
    ``.completeness`` (profile fields filled over all customers, 0-1); all None without an inventory."""
    if classified is None:
        return dict.fromkeys(("inventory.customers", "inventory.by_level", "inventory.incomplete",
                              "inventory.by_relationship", "inventory.completeness"))
    by_level = ladder(classified, kind="level")
    by_level = by_level[by_level["rung"] != INCOMPLETE]
    by_rel = ladder(classified, kind="relationship")
    return {
        "inventory.customers": int(len(classified)),
        "inventory.by_level": dict(zip(by_level["rung"], by_level["customers"].astype(int).tolist())),
        "inventory.incomplete": int(classified["level"].astype(object).eq(INCOMPLETE).sum()),
        "inventory.by_relationship": dict(zip(by_rel["rung"], by_rel["customers"].astype(int).tolist())),
        "inventory.completeness": None if not len(classified) else round(completeness(classified), 6),
    }


# --- the chapter's result --------------------------------------------------------------------------------------

SECTIONS = ("profile", "completeness", "thin", "level", "relationship", "explain")
LIST_COLUMNS = (c.CUSTOMER_ID, c.NAME, c.OWNER, "level", "relationship", c.ANNUAL_REVENUE, "revenue")


def _header(*cols: str) -> dict[str, Text]:
    return {col: Text(f"cu.col.{col}") for col in cols}


def _owner_table(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{c.OWNER: owner_codes(frame)}) if c.OWNER in frame else frame


CODES = {c.OWNER: "code", "level": "code", "relationship": "code", "tier": "code"}
VOCAB = {c.OWNER: "owner", "level": "level", "relationship": "relationship", "tier": "tier"}


def _kinds(frame: pd.DataFrame, **more: str) -> dict[str, str]:
    return {**{k: v for k, v in CODES.items() if k in frame}, **more}


def _vocab(frame: pd.DataFrame, **more: str) -> dict[str, str]:
    return {**{k: v for k, v in VOCAB.items() if k in frame}, **more}


def _profile(classified: pd.DataFrame, labels: dict) -> Section:
    """Section ``profile``; ``labels`` (the client's own, ``{vocab: {code: (zh, en)}}``) name industries and regions
    in the chart."""
    from workbook.customers.charts import plot_profile_grid

    profile = profile_counts(classified)
    n = len(classified)
    present = [f for f in PROFILE_FIELDS if f in classified]
    lacking = int(classified[present].isna().any(axis=1).sum()) if present else n
    if len(present) < len(PROFILE_FIELDS):
        lacking = n
    industries = profile[(profile["dimension"] == c.INDUSTRY) & (profile["value"] != MISSING)]
    if len(industries):
        top = industries.sort_values("customers", ascending=False, kind="stable").iloc[0]
        finding = Text("find.inventory.profile", industry=Name(top["value"], vocab="industry"),
                       share=Rate(float(top["share"])), n=Count(lacking),
                       lacking_share=Rate(lacking / n if n else None))
    else:
        finding = Text("find.inventory.profile_no_industry", n=Count(lacking),
                       lacking_share=Rate(lacking / n if n else None))
    own = {vocab: dict(labels[vocab]) for vocab in (c.INDUSTRY, c.REGION) if vocab in labels}
    return Section("profile", finding=finding, chart=Chart(plot_profile_grid, (profile,), {"labels": own}))


def _completeness(classified: pd.DataFrame) -> tuple[Section, Action | None]:
    from workbook.customers.charts import plot_completeness

    fill = fill_rates(classified)
    worst_field = fill.sort_values("fill_rate", kind="stable").iloc[0]
    by_owner = completeness_by_owner(classified)
    reps = by_owner[by_owner[c.OWNER] != UNASSIGNED]
    worst = (reps if len(reps) else by_owner).iloc[0]  # the worst rep: customers without one have nobody to ask
    finding = Text("find.inventory.completeness", overall=Rate(completeness(classified)),
                   field=Code("customer_field", worst_field["field"]), rate=Rate(float(worst_field["fill_rate"])),
                   owner=Code("owner", worst[c.OWNER]), owner_rate=Rate(float(worst["completeness"])),
                   customers=Count(int(worst["customers"])))
    table = Table("inventory_completeness", by_owner, kinds={c.OWNER: "code", "completeness": "rate",
                                                             **{f: "rate" for f in PROFILE_FIELDS}},
                  vocab={c.OWNER: "owner"},
                  headers={**_header("completeness"), **{f: Code("customer_field", f) for f in PROFILE_FIELDS}})
    gaps = [f for f in PROFILE_FIELDS if (fill.set_index("field").loc[f, "fill_rate"] < 1)]
    if gaps:  # fields every customer has filled say nothing per rep
        table = replace(table, frame=by_owner[[c.OWNER, "customers", "completeness", *gaps]])
    action = None
    if worst["completeness"] < 1:
        rep = Text("cu.who", who=Code("owner", worst[c.OWNER]))
        action = Action(Text("act.inventory.completeness", rate=Rate(float(worst["completeness"]))), who=rep,
                        sheet="inventory_completeness", basis=Text("cu.basis.data"), pool="data",
                        step=Text("cu.step.completeness", who=rep),
                        kpi=Text("cu.kpi.completeness", rate=Rate(float(worst["completeness"]))), days=30,
                        section="completeness", problem=Text("act.inventory.completeness.problem", who=rep,
                                                             rate=Rate(float(worst["completeness"]))))
    return Section("completeness", finding=finding, chart=Chart(plot_completeness, (fill,)), tables=(table,)), action


def _thin(classified: pd.DataFrame, icp: IcpRules, relationship_known: bool) -> tuple[Section, Action | None]:
    """Section ``thin``: the incomplete records (资料不全), whose level a missing field leaves undecided, on their
    own list with the fields to complete; they stay outside the quality matrix until completed."""
    incomplete = classified[classified["level"].astype(object).eq(INCOMPLETE).to_numpy()]
    thin = thin_records(incomplete, icp=icp)
    n = len(classified)
    info = classified.set_index(c.CUSTOMER_ID)
    position = min(3, len(thin.columns))
    if relationship_known:
        thin.insert(position, "relationship", thin[c.CUSTOMER_ID].map(info["relationship"].astype(object)))
    thin.insert(position + relationship_known, "revenue", thin[c.CUSTOMER_ID].map(info["revenue"]).astype("float64"))
    thin = thin.sort_values(["revenue", "n_missing"], ascending=False, na_position="last", kind="stable")
    flags = [col for col in thin.columns if col.startswith("missing_")]
    thin = thin.drop(columns=[col for col in flags if not thin[col].any()]).reset_index(drop=True)
    if not (thin["revenue"].fillna(0) > 0).any():
        thin = thin.drop(columns="revenue")
    fields = rule_fields(icp)
    counts = {f: int(thin[f"missing_{f}"].sum()) for f in fields if f"missing_{f}" in thin}
    if counts:
        worst = max(counts, key=counts.get)
        fields_found = {"n": Count(len(thin)), "share": Rate(len(thin) / n if n else None),
                        "field": Code("customer_field", worst), "field_n": Count(counts[worst])}
        if relationship_known:
            trusted = int(thin["relationship"].isin(["familiar", "partner"]).sum())
            finding = Text("find.inventory.thin", **fields_found, trusted=Count(trusted))
        else:
            finding = Text("find.inventory.thin_levels", **fields_found)
    else:
        finding = Text("find.inventory.thin_none", fields=[Code("customer_field", f) for f in fields])
    headers = {**_header("n_missing"),
               **{f"missing_{f}": Text("cu.col.missing_field", field=Code("customer_field", f)) for f in fields}}
    table = Table("inventory_thin", _owner_table(thin), kinds=_kinds(thin, n_missing="count"), vocab=_vocab(thin),
                  headers=headers, rows=LIST_ROWS)
    action = None
    if len(thin):
        action = Action(Text("act.inventory.thin", n=Count(len(thin))), who=_who(thin), sheet="inventory_thin",
                        basis=Text("cu.basis.data_thin", n=Count(len(thin))), pool="data",
                        step=Text("cu.step.thin", n=Count(len(thin))), kpi=Text("cu.kpi.thin", n=Count(len(thin))),
                        days=30, section="thin", problem=Text("act.inventory.thin.problem", n=Count(len(thin))))
    return Section("thin", finding=finding, tables=(table,), note=Text("cu.note.thin")), action


def _level(classified: pd.DataFrame) -> Section:
    from workbook.customers.charts import plot_ladder

    rungs = ladder(classified, kind="level").set_index("rung")
    n = len(classified)
    premium = int(rungs.loc[list(PREMIUM), "customers"].sum())
    incomplete = int(rungs.loc[INCOMPLETE, "customers"]) if INCOMPLETE in rungs.index else 0
    finding = Text("find.inventory.level", premium=Count(premium), share=Rate(premium / n if n else None),
                   potential_share=Rate(float(rungs.loc["potential", "share"])), incomplete=Count(incomplete),
                   given=Count(int(rungs["given"].sum())))
    if n and incomplete == n:  # none graded: no "0 quality customers, 0.0% potential"
        finding = Text("find.inventory.level_none", n=Count(n))
    reasons = reason_counts(classified, kind="level")
    table = Table("inventory_level_reasons", reasons, kinds={"level": "code", "reason": "code"},
                  vocab={"level": "level", "reason": "level_reason"}, headers=_header("reason"), rows=LIST_ROWS)
    return Section("level", finding=finding, chart=Chart(plot_ladder, (ladder(classified, kind="level"),),
                                                         {"kind": "level"}), tables=(table,))


def _relationship(classified: pd.DataFrame, needs: tuple[str, ...],
                  rules: RelationshipRules) -> tuple[Section, Action | None]:
    """Section ``relationship``; its action (premium customers without trust) carries no value of its own: the
    quality matrix values the same customers (building trust with tier 4, a first visit to the never contacted),
    so the basis points there and each customer is valued once."""
    from workbook.customers.charts import plot_ladder

    if needs:
        return Section("relationship", needs=needs), None
    rel = classified["relationship"].astype(object)
    premium = classified["level"].astype(object).isin(PREMIUM)
    no_trust = premium & rel.isin(NO_TRUST)
    n = len(classified)
    finding = Text("find.inventory.relationship", n=Count(int(no_trust.sum())),
                   share=Rate(no_trust.sum() / premium.sum() if premium.any() else None),
                   untouched_share=Rate(float(rel.eq("untouched").mean()) if n else None))
    # summed up by rule: the per-customer numbers (weighted contacts, days) stay in the explain table
    reasons = reason_counts(classified.assign(relationship_reason=relationship_rule(classified["relationship_reason"])),
                            kind="relationship")
    cols = [col for col in (*LIST_COLUMNS, "contacts_in_window", "contact_score", "last_contact") if col in classified]
    listed = classified.loc[no_trust, cols]
    if "revenue" in listed and not (listed["revenue"].fillna(0) > 0).any():
        listed = listed.drop(columns="revenue")
    if c.ANNUAL_REVENUE in listed:
        listed = listed.sort_values(c.ANNUAL_REVENUE, ascending=False, na_position="last", kind="stable")
    tables = (Table("inventory_relationship_reasons", reasons, kinds={"relationship": "code", "reason": "code"},
                    vocab={"relationship": "relationship", "reason": "relationship_rule"},
                    headers=_header("reason")),
              Table("inventory_no_trust", _owner_table(listed).reset_index(drop=True),
                    kinds=_kinds(listed, contacts_in_window="count", contact_score="number"), vocab=_vocab(listed),
                    headers=_header("contacts_in_window", "contact_score", "last_contact"), rows=LIST_ROWS))
    action = None
    if no_trust.any():
        untouched = int((premium & rel.eq("untouched")).sum())
        neutral = int(no_trust.sum()) - untouched
        key = "cu.basis.in_matrix" + ("" if neutral and untouched else "_neutral" if neutral else "_untouched")
        basis = Text(key, neutral=Count(neutral), untouched=Count(untouched))
        action = Action(Text("act.inventory.no_trust", n=Count(int(no_trust.sum()))), value=0.0, basis=basis,
                        pool="customers", who=_who(listed), sheet="inventory_no_trust",
                        step=Text("cu.step.no_trust", untouched=Count(untouched), neutral=Count(neutral)),
                        kpi=Text("cu.kpi.no_trust", n=Count(int(no_trust.sum()))), days=90, section="relationship",
                        problem=Text("act.inventory.no_trust.problem", n=Count(int(no_trust.sum()))))
    chart = Chart(plot_ladder, (ladder(classified, kind="relationship"),), {"kind": "relationship"})
    return Section("relationship", finding=finding, chart=chart, tables=tables,
                   note=relationship_note(rules)), action


def relationship_note(rules: RelationshipRules) -> Text:
    """The relationship rules' weights and window, as the note under the relationship section."""
    weights = [Text("cu.weight", type=Code("activity_type", kind), weight=Number(weight))
               for kind, weight in sorted(rules.contact_weights.items(), key=lambda kv: -kv[1])]
    return Text("cu.note.relationship", weights=weights, lookback=Count(rules.lookback_days))


def _explain(classified: pd.DataFrame, rows: int, relationship_known: bool) -> Section:
    shown = explain(classified, rows=None)
    if not relationship_known:
        shown = shown.drop(columns=["relationship", "relationship_reason"], errors="ignore")
    top = shown.head(rows)
    if relationship_known:
        no_trust = int(top["relationship"].astype(object).isin(NO_TRUST).sum())
        finding = Text("find.inventory.explain", rows=Count(len(top)), n=Count(no_trust))
    else:
        premium = int(top["level"].astype(object).isin(PREMIUM).sum())
        finding = Text("find.inventory.explain_levels", rows=Count(len(top)), n=Count(premium))
    table = Table("inventory_explain", _owner_table(shown).reset_index(drop=True),
                  kinds=_kinds(shown, level_reason="code", relationship_reason="code"),
                  vocab=_vocab(shown, level_reason="level_reason", relationship_reason="relationship_reason"),
                  headers=_header("level_reason", "relationship_reason"), rows=rows)
    return Section("explain", finding=finding, tables=(table,))


def _who(frame: pd.DataFrame) -> Text | None:
    """Each listed customer's rep, naming the one with most of them."""
    if c.OWNER not in frame or not len(frame):
        return None
    counts = owner_codes(frame).value_counts()
    most = Text("cu.who_most", who=Code("owner", counts.index[0]), n=Count(int(counts.iloc[0])))
    return Text("cu.who.owners", most=most)


def _summary(sections: dict[str, Section], actions: tuple[Action, ...]) -> tuple[Text, ...]:
    """The chapter summary: premium customers without trust and their worth, the level ladder, the gaps."""
    lines = []
    relationship = sections["relationship"]
    no_trust = next((a for a in actions if a.sheet == "inventory_no_trust"), None)
    if not relationship.missing and no_trust is not None:
        fields = relationship.finding.fields
        lines.append(Text("cu.sum.no_trust", n=fields["n"], share=fields["share"]))
    lines += [sections["level"].finding, sections["thin"].finding, sections["completeness"].finding]
    return tuple(line for line in lines if line is not None)[:3]


def compute(client, *, rows: int = 20) -> Result:
    """The customer inventory of ``client``: profile, completeness, thin records, the two ladders, reasons.

    Sections (keys): ``profile``, ``completeness``, ``thin``, ``level``, ``relationship``, ``explain``;
    each needs the customers table, ``relationship`` also the contact history (activities with dates and
    customer IDs) unless the data give every relationship. ``rows`` is how many of the largest customers the
    ``explain`` table shows (the appendix keeps them all).

    Figures: ``inventory.customers``, ``inventory.by_level``, ``inventory.incomplete``,
    ``inventory.by_relationship``, ``inventory.completeness`` (see :func:`key_figures`). Every section shows
    the customers as of the as-of date (today's records and contact history).

    Actions are valued on the one scale of every action (additional won revenue in the next 12 months, see
    :mod:`workbook.customers.values`): building trust with premium customers from the client's own rates after
    the tier date; completing records is a data-quality task, not sized (0).
    """
    ctx = context(client)
    customers = client.table(c.CUSTOMERS)
    if customers is None or client.missing({c.CUSTOMERS: [c.CUSTOMER_ID]}):
        return Result("inventory", tuple(Section(key, needs=("customers",)) for key in SECTIONS), key_figures(None),
                      (), {}, ctx)
    config = client.config
    classified = classify(customers, client.table(c.ACTIVITIES), client.table(c.OPPORTUNITIES), icp=config.icp,
                          rules=config.relationship_rules, as_of=client.as_of)
    figures = key_figures(classified)
    classified = classified.assign(revenue=won_revenue(classified, client.table(c.OPPORTUNITIES), as_of=client.as_of))
    needs = relationship_needs(client, customers)
    labels = {"owner": owner_labels(owner_codes(classified)), "customer_field": field_labels(),
              **reason_labels(classified, icp=config.icp, rules=config.relationship_rules)}
    completeness_section, completeness_action = _completeness(classified)
    thin_section, thin_action = _thin(classified, config.icp, not needs)
    relationship_section, relationship_action = _relationship(classified, needs, config.relationship_rules)
    sections = (_profile(classified, client.with_labels({})), completeness_section, thin_section, _level(classified),
                relationship_section, _explain(classified, rows, not needs))
    actions = tuple(a for a in (relationship_action, thin_action, completeness_action) if a is not None)
    exhibits = tuple(key for key in ("relationship", "level", "thin", "completeness")
                     if not next(s for s in sections if s.key == key).missing)
    return Result("inventory", sections, figures, actions, client.with_labels(labels), ctx,
                  summary=_summary({s.key: s for s in sections}, actions), exhibits=exhibits)
