"""Who to work next (先联系谁): one ranked list of customers, the reasons, the owner and the channel.

"根据购买潜力对客户进行优先排序，并保持排序更新": the list combines what the quality matrix already found
(:func:`workbook.customers.matrix.action_lists`: tier 4, untouched premium customers, the neglect list) with
the open opportunities whose element checklist (商机要素配齐表) is not complete, and orders them by a
points score anyone can recompute by hand:

======================  ======  ===============================================================
reason (``next_reason``)  points  who
======================  ======  ===============================================================
``build_trust``           6       tier 4: quality or strategic customers with no trust yet
``untouched``             3       quality and strategic customers nobody has contacted
``neglected``             2       customer assets (tiers 1-3) without contact for ``neglect_days``
``checklist``             1       an open opportunity with at least one checklist element not confirmed
(buying potential)        0-1     every listed customer, from its profile (see :func:`potential_score`)
======================  ======  ===============================================================

A customer is listed when it has at least one reason; its points are the sum of its reasons' points plus its
buying potential. Tier 4 always comes first (6 points; any other customer has at most 3 + 1 + 1, as untouched
customers are outside the matrix and neglect is about tiers 1-3). Ties: the larger open pipeline first, then
the larger annual revenue, then the customer ID (so the order never depends on the input order).

The suggested channel: a **visit** to build trust (tier 4, untouched premium customers) and for a big open deal
(top quarter of the open deals' amounts) whose decision maker is not confirmed; otherwise the cheapest sales
call in ``channel_costs`` (phone by default: field : phone = 100 : 1): a call restores contact with a neglected
asset and confirms missing elements at a hundredth of a visit's cost. E-mail is not a sales call.

No language here: reasons, channels and tiers are codes; :func:`reason_labels` gives the (zh, en) texts of
the reason combinations for the display layer.

>>> tiered = pd.DataFrame({"customer_id": ["A", "B", "C"], "owner": ["R1", "R1", "R2"],
...                        "tier": pd.array([4, 1, None], dtype="Int64"), "annual_revenue": [1e8, 3e8, 2e8]})
>>> lists = {"build_trust": tiered.iloc[[0]], "untouched": tiered.iloc[[2]], "neglected": tiered.iloc[[1]]}
>>> ranked = next_list(tiered, lists)
>>> ranked[["customer_id", "reasons", "channel"]].values.tolist(), ranked["points"].round(2).tolist()
([['A', 'build_trust', 'visit'], ['C', 'untouched', 'visit'], ['B', 'neglected', 'phone']], [6.33, 3.67, 3.0])
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.columns import TIER
from workbook.core.i18n import t
from workbook.core.result import Action, Chart, Code, Count, Date, Days, Money, Name, Rate, Section, Table, Text
from workbook.customers.levels import IT_SHARE, numeric_field
from workbook.customers.profile import UNASSIGNED, owner_codes

__all__ = ["REASONS", "POINTS", "POTENTIAL_WEIGHTS", "BIG_DEAL_SHARE", "TOP_BY_REP", "TOP_FIGURE", "NO_FIGURES",
           "potential_score", "open_deals", "call_channel", "next_list", "by_rep", "reasons_by_rep", "reason_labels",
           "top_figure", "section"]

REASONS = ("build_trust", "untouched", "neglected", "checklist")  # the ``next_reason`` codes, in article order
POINTS = {"build_trust": 6.0, "untouched": 3.0, "neglected": 2.0, "checklist": 1.0}
# buying potential: each field's percentile among the customers, weighted; a field a customer lacks adds nothing
POTENTIAL_WEIGHTS = {c.ANNUAL_REVENUE: 0.4, c.HEADCOUNT: 0.2, IT_SHARE: 0.2, c.REVENUE_GROWTH_3Y: 0.2}
BIG_DEAL_SHARE = 0.25  # a big open deal: in the top quarter of the open deals' amounts
CALL_CHANNELS = ("phone", "visit", "technical_exchange")  # sales calls; e-mail is not one
VISIT = "visit"
TOP_BY_REP = 10  # each rep's top rows in ``next_by_rep``
TOP_FIGURE = 5  # customers recorded in ``matrix.next_top``
NO_FIGURES = {"matrix.next_customers": None, "matrix.next_top": None}
SEP = "+"  # joins a customer's reason codes into one code of the ``next_reasons`` vocabulary
LIST_COLUMNS = ("rank", c.CUSTOMER_ID, c.NAME, TIER, "reasons", c.OWNER, "channel", "days_since_contact",
                "open_pipeline", "potential", "points")


def potential_score(customers: pd.DataFrame, *, weights: Mapping[str, float] = POTENTIAL_WEIGHTS) -> pd.Series:
    """Buying potential (购买潜力) from the profile, 0-1: the weighted percentiles of size, revenue and growth.

    Each field of ``weights`` (default :data:`POTENTIAL_WEIGHTS`: annual revenue 0.4, headcount 0.2, IT share
    of the headcount 0.2, revenue growth over three years 0.2) is ranked among the customers that have it
    (percentile, ties averaged: the largest is 1.0); a customer lacking the field gets 0 for it. Fields the
    client's data never give are left out and the weights of the others scaled to sum to 1; with none, 0.

    >>> df = pd.DataFrame({"annual_revenue": [1.0, 2.0, 3.0, 4.0], "headcount": [10, 10, None, 40]})
    >>> potential_score(df, weights={"annual_revenue": 0.5, "headcount": 0.5}).tolist()
    [0.375, 0.5, 0.375, 1.0]
    """
    fields = {f: w for f, w in weights.items() if numeric_field(customers, f).notna().any()}
    total = sum(fields.values())
    if not total:
        return pd.Series(0.0, index=customers.index)
    ranks = {f: numeric_field(customers, f).rank(pct=True, method="average").fillna(0.0) for f in fields}
    return sum(ranks[f] * (w / total) for f, w in fields.items()).astype("float64")


def open_deals(opportunities: pd.DataFrame | None, *, as_of: pd.Timestamp,
               big_share: float = BIG_DEAL_SHARE) -> pd.DataFrame | None:
    """Open opportunities per customer: how many, their amount, and whether checklist elements are missing.

    Open: ``status`` ``open`` and created by ``as_of``. The checklist elements are the :data:`c.CHECKLIST`
    columns the table fills at all; an element left empty counts as not confirmed.

    Returns
    -------
    DataFrame or None
        Index ``customer_id``; ``open_deals``, ``open_pipeline`` (sum of ``amount``, 0 when unknown),
        ``incomplete_deals`` (open deals with an element not confirmed), ``big_no_decision_maker`` (an open
        deal in the top ``big_share`` of the open amounts without a confirmed decision maker). None without
        opportunities with a status and a customer.

    Examples
    --------
    >>> opps = pd.DataFrame({"customer_id": ["A", "A", "B", "C"], "status": ["open", "open", "open", "won"],
    ...                      "created_date": pd.to_datetime(["2025-01-01"] * 4), "amount": [100, 900, 200, 50],
    ...                      "decision_maker": [True, False, True, False], "budget": [True, True, None, True]})
    >>> open_deals(opps, as_of=pd.Timestamp("2025-06-30")).values.tolist()
    [[2, 1000.0, 1, True], [1, 200.0, 1, False]]
    """
    if not rules.has(opportunities, c.STATUS, c.CUSTOMER_ID):
        return None
    opps = opportunities[opportunities[c.STATUS].astype(object).eq("open").to_numpy(dtype=bool)
                         & opportunities[c.CUSTOMER_ID].notna().to_numpy(dtype=bool)]
    if c.CREATED_DATE in opps:
        opps = opps[~(opps[c.CREATED_DATE] > as_of).to_numpy(dtype=bool)]
    amount = (pd.to_numeric(opps[c.AMOUNT], errors="coerce").fillna(0.0) if c.AMOUNT in opps
              else pd.Series(0.0, index=opps.index))
    elements = [e for e in c.CHECKLIST if rules.has(opportunities, e)]
    confirmed = {e: rules.as_bool(opps[e]) for e in elements}
    complete = np.logical_and.reduce(list(confirmed.values())) if elements else np.ones(len(opps), dtype=bool)
    big = amount.to_numpy() >= amount.quantile(1 - big_share) if len(opps) else np.zeros(0, dtype=bool)
    no_dm = ~confirmed[c.DECISION_MAKER] if c.DECISION_MAKER in confirmed else np.zeros(len(opps), dtype=bool)
    frame = pd.DataFrame({c.CUSTOMER_ID: opps[c.CUSTOMER_ID].astype(str).to_numpy(), "open_deals": 1,
                          "open_pipeline": amount.to_numpy(dtype=float),
                          "incomplete_deals": (~complete).astype(np.int64) if elements else 0,
                          "big_no_decision_maker": big & no_dm})
    out = frame.groupby(c.CUSTOMER_ID).agg(open_deals=("open_deals", "sum"), open_pipeline=("open_pipeline", "sum"),
                                           incomplete_deals=("incomplete_deals", "sum"),
                                           big_no_decision_maker=("big_no_decision_maker", "any"))
    return out.astype({"open_deals": np.int64, "incomplete_deals": np.int64, "big_no_decision_maker": bool})


def call_channel(channel_costs: Mapping[str, float]) -> str:
    """The cheapest sales call in ``channel_costs`` (ties: the order of :data:`CALL_CHANNELS`); phone if none.

    >>> call_channel({"visit": 100, "phone": 1, "email": 0.01}), call_channel({"email": 1})
    ('phone', 'phone')
    """
    priced = [ch for ch in CALL_CHANNELS if ch in channel_costs]
    return min(priced, key=lambda ch: (channel_costs[ch], CALL_CHANNELS.index(ch))) if priced else "phone"


def _member(ids: pd.Index, frame: pd.DataFrame | None) -> np.ndarray:
    """Whether each of ``ids`` (customer IDs as an object index) is in ``frame``'s customer_id."""
    if frame is None or not len(frame):
        return np.zeros(len(ids), dtype=bool)
    return ids.isin(frame[c.CUSTOMER_ID].to_numpy(dtype=object).astype(str))


def next_list(tiered: pd.DataFrame, lists: Mapping[str, pd.DataFrame], deals: pd.DataFrame | None = None, *,
              channel_costs: Mapping[str, float] | None = None,
              weights: Mapping[str, float] = POTENTIAL_WEIGHTS) -> pd.DataFrame:
    """The ranked list of customers to work next (see the module docstring for the points and the channel).

    Parameters
    ----------
    tiered
        The matrix's customers (``customer_id``, ``tier``; optional ``name``, ``owner``, ``annual_revenue``,
        ``days_since_contact`` and the profile fields of :func:`potential_score`).
    lists
        :func:`~workbook.customers.matrix.action_lists`: ``build_trust``, ``untouched`` and ``neglected`` (a
        list left out, e.g. the neglect list without contact history, gives no such reason).
    deals
        :func:`open_deals` (None: no checklist reason, no pipeline).
    channel_costs
        ``client.yaml`` ``channel_costs`` (default visit 100, phone 1, e-mail 0.01).

    Returns
    -------
    DataFrame
        One row per listed customer, best first: ``rank`` (1..n), ``customer_id``, ``name``, ``tier`` (key),
        ``reasons`` (codes joined with ``+`` in :data:`REASONS` order), ``owner``, ``channel``
        (``activity_type`` code), ``days_since_contact``, ``open_pipeline`` (0 without open deals; NaN
        without ``deals``), ``potential`` (0-1), ``points``; the columns ``tiered`` lacks are left out.
    """
    costs = dict(channel_costs) if channel_costs is not None else {"visit": 100.0, "phone": 1.0, "email": 0.01}
    ids = pd.Index(tiered[c.CUSTOMER_ID].to_numpy(dtype=object).astype(str), dtype=object)
    flags = {key: _member(ids, lists.get(key)) for key in ("build_trust", "untouched", "neglected")}
    if deals is not None:
        per = deals.reindex(ids)
        flags["checklist"] = per["incomplete_deals"].fillna(0).to_numpy() > 0
        pipeline = per["open_pipeline"].fillna(0.0).to_numpy(dtype=float)
        big_no_dm = per["big_no_decision_maker"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    else:
        flags["checklist"] = np.zeros(len(tiered), dtype=bool)
        pipeline, big_no_dm = np.full(len(tiered), np.nan), np.zeros(len(tiered), dtype=bool)
    potential = potential_score(tiered, weights=weights).to_numpy(dtype=float)
    points = sum(POINTS[r] * flags[r] for r in REASONS) + potential
    reasons = np.full(len(tiered), "", dtype=object)
    for r in REASONS:  # the codes joined in REASONS order, vectorised
        reasons = np.where(flags[r], np.where(reasons == "", r, reasons + SEP + r), reasons)
    visit = flags["build_trust"] | flags["untouched"] | big_no_dm
    out = pd.DataFrame({c.CUSTOMER_ID: ids.to_numpy(), TIER: rules.tier_key(tiered[TIER]).to_numpy(),
                        "reasons": reasons, "channel": np.where(visit, VISIT, call_channel(costs)),
                        "open_pipeline": pipeline, "potential": potential, "points": np.round(points, 6)},
                       index=tiered.index)
    if c.NAME in tiered:
        out.insert(1, c.NAME, tiered[c.NAME])
    if c.OWNER in tiered:
        out.insert(out.columns.get_loc("reasons") + 1, c.OWNER, owner_codes(tiered))
    if "days_since_contact" in tiered:
        out.insert(out.columns.get_loc("channel") + 1, "days_since_contact", tiered["days_since_contact"])
    revenue = numeric_field(tiered, c.ANNUAL_REVENUE)
    out = out.assign(_pipeline=np.nan_to_num(pipeline), _revenue=revenue.to_numpy(dtype=float))
    out = out[reasons != ""].sort_values(["points", "_pipeline", "_revenue", c.CUSTOMER_ID],
                                         ascending=[False, False, False, True], na_position="last", kind="stable")
    out = out.drop(columns=["_pipeline", "_revenue"]).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1, dtype=np.int64))
    return out


def by_rep(ranked: pd.DataFrame, *, top: int = TOP_BY_REP) -> pd.DataFrame:
    """Each rep's first ``top`` customers of :func:`next_list`, as one long table (reps by code, unassigned last).

    Columns ``owner``, ``rank`` (within the rep, 1..top), ``customer_id``, ``name``, ``reasons``, ``channel``
    (those ``ranked`` has).

    >>> ranked = pd.DataFrame({"rank": [1, 2, 3, 4], "customer_id": list("ABCD"), "owner": ["R2", None, "R2", "R1"],
    ...                        "reasons": ["build_trust"] * 4, "channel": ["visit"] * 4})
    >>> by_rep(ranked, top=1)[["owner", "rank", "customer_id"]].values.tolist()
    [['R1', 1, 'D'], ['R2', 1, 'A'], ['unassigned', 1, 'B']]
    """
    frame = ranked.assign(**{c.OWNER: owner_codes(ranked)})
    frame = frame.assign(_last=frame[c.OWNER].eq(UNASSIGNED).to_numpy(dtype=bool))
    frame = frame.sort_values(["_last", c.OWNER, "rank"], kind="stable")
    frame["rank"] = frame.groupby(c.OWNER, sort=False).cumcount().to_numpy(dtype=np.int64) + 1
    cols = [col for col in (c.OWNER, "rank", c.CUSTOMER_ID, c.NAME, "reasons", "channel") if col in frame]
    return frame[frame["rank"] <= top][cols].reset_index(drop=True)


def reasons_by_rep(ranked: pd.DataFrame) -> pd.DataFrame:
    """Listed customers per rep by main reason (the first of a customer's reasons in :data:`REASONS` order).

    Returns one row per rep (``owner``), most listed first (ties: by code): a column per reason and
    ``customers`` (all listed).

    >>> ranked = pd.DataFrame({"owner": ["R1", "R2", "R2"], "reasons": ["checklist", "build_trust+checklist",
    ...                                                               "neglected"]})
    >>> reasons_by_rep(ranked).values.tolist()
    [['R2', 1, 0, 1, 0, 2], ['R1', 0, 0, 0, 1, 1]]
    """
    main = ranked["reasons"].astype(str).str.split(SEP).str[0]
    table = pd.crosstab(owner_codes(ranked).to_numpy(), main.to_numpy()).reindex(columns=list(REASONS), fill_value=0)
    table = table.astype(np.int64).assign(customers=lambda f: f.sum(axis=1))
    table.index.name, table.columns.name = c.OWNER, None
    table = table.reset_index().sort_values(["customers", c.OWNER], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def reason_labels(codes) -> dict[str, tuple[str, str]]:
    """The ``next_reasons`` vocabulary: each joined reason code as (zh, en), the reasons listed in article order.

    >>> reason_labels(["build_trust+checklist"])["build_trust+checklist"][1]
    'tier 4: build trust, open deal, checklist incomplete'
    """
    out = {}
    for code in pd.unique(pd.Series(list(codes), dtype=object).dropna()):
        parts = [p for p in str(code).split(SEP) if p]
        out[str(code)] = tuple(t("fmt.list_sep", lang).join(t(f"vocab.next_reason.{p}", lang) for p in parts)
                               for lang in ("zh", "en"))
    return out


def top_figure(ranked: pd.DataFrame, n: int = TOP_FIGURE) -> list[dict]:
    """``matrix.next_top``: the first ``n`` customers as ``{customer_id, name, reasons: [codes], channel, owner}``
    (codes; the name is the client's own text, the same in every language)."""
    rows = []
    for row in ranked.head(n).to_dict(orient="records"):
        name = row.get(c.NAME)
        rows.append({"customer_id": str(row[c.CUSTOMER_ID]), "name": None if pd.isna(name) else str(name),
                     "reasons": str(row["reasons"]).split(SEP), "channel": str(row["channel"]),
                     "owner": str(row.get(c.OWNER, UNASSIGNED))})
    return rows


KINDS = {"rank": "count", TIER: "code", "reasons": "code", c.OWNER: "code", "channel": "code",
         "days_since_contact": "days", "open_pipeline": "money", "potential": "ratio", "points": "ratio"}
VOCAB = {TIER: "tier", "reasons": "next_reasons", c.OWNER: "owner", "channel": "activity_type"}
HEADERS = ("rank", "reasons", "channel", "days_since_contact", "open_pipeline", "potential", "points")


def _table(key: str, frame: pd.DataFrame, **options) -> Table:
    return Table(key, frame, kinds={k: v for k, v in KINDS.items() if k in frame},
                 vocab={k: v for k, v in VOCAB.items() if k in frame},
                 headers={**{col: Text(f"cu.col.next_{col}") for col in HEADERS if col in frame},
                          **options.pop("headers", {})}, **options)


def _note(config, left: list[str]) -> Text:
    """How the list is ranked (the points and weights of this module) and which reasons the data left out."""
    w = POTENTIAL_WEIGHTS
    rule = Text("cu.note.next", trust=Count(POINTS["build_trust"]), untouched=Count(POINTS["untouched"]),
                neglected=Count(POINTS["neglected"]), checklist=Count(POINTS["checklist"]),
                days=Days(config.neglect_days), revenue=Rate(w[c.ANNUAL_REVENUE]), headcount=Rate(w[c.HEADCOUNT]),
                it=Rate(w[IT_SHARE]), growth=Rate(w[c.REVENUE_GROWTH_3Y]), big=Rate(BIG_DEAL_SHARE),
                visit=Code("activity_type", VISIT), call=Code("activity_type", call_channel(config.channel_costs)))
    if not left:
        return rule
    return Text("cu.note.next_partial", rule=rule, left=[Text(f"cu.note.next_left.{part}") for part in left])


def section(tiered: pd.DataFrame, lists: Mapping[str, pd.DataFrame], opportunities: pd.DataFrame | None, *,
            config, as_of: pd.Timestamp, contacts: bool) -> tuple[Section, dict, Action | None, dict]:
    """Section ``next`` of the quality matrix: the action title, the top 15, the full list and each rep's top 10.

    ``contacts`` is whether the contact history is there (else no neglect reason and no days since contact).
    Returns the section, the figures ``matrix.next_customers`` and ``matrix.next_top``, the action (None when
    nobody is listed) and the ``next_reasons`` labels.
    """
    deals = open_deals(opportunities, as_of=as_of)
    no_elements = deals is not None and not any(rules.has(opportunities, e) for e in c.CHECKLIST)
    left = [part for part, missing in (("neglected", not contacts), ("checklist", deals is None),
                                       ("elements", no_elements), ("potential", not potential_score(tiered).any()))
            if missing]
    if not contacts:
        lists = {k: v for k, v in lists.items() if k != "neglected"}
        tiered = tiered.drop(columns="days_since_contact", errors="ignore")
    ranked = next_list(tiered, lists, deals, channel_costs=config.channel_costs)
    if "potential" in left:
        ranked = ranked.drop(columns="potential")
    figures = {"matrix.next_customers": int(len(ranked)), "matrix.next_top": top_figure(ranked)}
    labels = {"next_reasons": reason_labels(ranked["reasons"])}
    tier4 = int(ranked[TIER].eq("4").sum())
    pipeline = float(ranked["open_pipeline"].sum()) if deals is not None else None
    note = _note(config, left)
    if not len(ranked):
        return Section("next", finding=Text("find.matrix.next_none"), note=note), figures, None, labels
    first = ranked.iloc[0]
    first_name = Name(first[c.NAME] if c.NAME in ranked and pd.notna(first[c.NAME]) else first[c.CUSTOMER_ID])
    key = "find.matrix.next" if pipeline is not None else "find.matrix.next_no_pipeline"
    finding = Text(key, n=Count(len(ranked)), tier4=Count(tier4), pipeline=Money(pipeline), first=first_name,
                   reasons=Code("next_reasons", first["reasons"]))
    from workbook.customers.charts import plot_next

    # the points only order the list (the rank shows it; the note says how they add up): not a column of their own
    # the tiers are today's: the header says so (the chapter also tests the tiers as of an earlier date)
    dated = {TIER: Text("cu.col.tier_on", date=Date(as_of))}
    tables = (_table("next_customers", ranked.drop(columns="points"), headers=dated),
              _table("next_by_rep", by_rep(ranked)))
    counts = owner_codes(ranked).value_counts()
    who = Text("cu.who_most", who=Code("owner", counts.index[0]), n=Count(int(counts.iloc[0])))
    # the list gathers the customers of the chapter's other actions: its money is theirs, counted there once;
    # it comes last in the chapter, and the executive summary names the top of it on its own
    action = Action(Text("act.matrix.next", n=Count(len(ranked)), tier4=Count(tier4)), value=0.0,
                    who=Text("cu.who.owners", most=who), sheet="next_customers", basis=Text("cu.basis.next"),
                    pool="customers", step=Text("cu.step.next"), kpi=Text("cu.kpi.next", n=Count(len(ranked))),
                    days=30, section="next", problem=Text("act.matrix.next.problem", n=Count(len(ranked)),
                                                          tier4=Count(tier4)))
    chart = Chart(plot_next, (reasons_by_rep(ranked),))
    return Section("next", finding=finding, chart=chart, tables=tables, note=note), figures, action, labels
