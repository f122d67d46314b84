"""The time allocation and cost-to-serve chapter: :func:`compute` returns its sections, figures and actions.

:func:`compute` reads a client's tables once, runs :mod:`workbook.timealloc.allocation` and
:mod:`workbook.timealloc.coverage` once per section (:mod:`workbook.timealloc.sections`), and takes the
recorded figures (:data:`FIGURES`) and the actions from those same results. No language here: sections hold
codes and raw numbers; :mod:`workbook.core.display` words and formats them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.i18n import MESSAGES, humanise
from workbook.core.result import Action, Code, Count, Days, Money, Number, Rate, Result, Text
from workbook.customers.doctrine import check_tiers
from workbook.customers.matrix import tier_date, tiered_customers
from workbook.timealloc import calls, coverage, kpis, parts, sections, selling
from workbook.timealloc.allocation import BENCHMARKS, sellers_only

__all__ = ["FIGURES", "NEEDS", "actions", "compute", "figures", "lacks", "tiers_of"]

FIGURES = ("time.direct_selling_share", "time.after_offload_share", "time.capacity_gain", "time.equivalent_sellers",
           "time.offload_hours", "time.offload_cost", "time.offload_value", "time.offload_value_range",
           "time.sales_calls_per_rep_week",
           "coverage.below_policy_customers", "coverage.neglected_asset_customers", "coverage.planned_share",
           "channel.cost_to_serve_by_tier", "channel.cost_unit", "channel.shift_withheld", "quotes.within_48h_share",
           "quotes.median_hours", "quotes.value", "time.kpis_by_tier")
# ``time.offload_value`` and ``quotes.value``: the actions' additional won revenue in the next 12 months (the
# offload's [low, high] in ``time.offload_value_range``); ``channel.shift_withheld``: True when the tiers do not
# rank outcomes, so the channel what-if by tier is withheld
# ``channel.cost_to_serve_by_tier`` is {tier key: cost to serve} in the unit ``channel.cost_unit`` names:
# "money" (the client's currency, when client.yaml sets visit_cost, the money cost of one visit) or "relative"
# (units in which one visit costs 100, phone and e-mail by the channel_costs ratio; default 100 : 1 : 0.01)

# the data each group of sections needs ({table: columns})
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "time": {c.TIME_LOG: (c.OWNER, c.PERIOD, c.CATEGORY, c.HOURS)},
    "calls": {c.ACTIVITIES: (c.DATE, c.OWNER)},
    "planned": {c.ACTIVITIES: (c.OWNER, c.PLANNED)},
    "coverage": {c.CUSTOMERS: (c.CUSTOMER_ID,), c.ACTIVITIES: (c.DATE, c.CUSTOMER_ID)},
    "after_sale": {c.ACTIVITIES: (c.DATE, c.CUSTOMER_ID), c.OPPORTUNITIES: (c.CUSTOMER_ID, c.STATUS, c.CLOSE_DATE)},
    "departments": {c.ACTIVITIES: (c.CUSTOMER_ID, c.DEPARTMENT)},
    "channel": {c.CUSTOMERS: (c.CUSTOMER_ID,), c.ACTIVITIES: (c.CUSTOMER_ID, c.TYPE)},
    "quotes": {c.QUOTES: (c.REQUESTED_DATE, c.SENT_DATE)},
    "kpis": {c.CUSTOMERS: (c.CUSTOMER_ID,), c.ACTIVITIES: (c.DATE, c.CUSTOMER_ID, c.TYPE),
             c.OPPORTUNITIES: (c.CUSTOMER_ID, c.STATUS, c.CLOSE_DATE)},
}
TIER_NEEDS = (f"{c.CUSTOMERS}.{c.LEVEL}", f"{c.CUSTOMERS}.{c.RELATIONSHIP}")  # what places customers in tiers
QUOTES_TARGET = 0.5  # share of quotes out within 48 hours below which faster quotes become an action
DECAY_LIMIT = 0.8  # late / early contact rate after the sale below which after-sale visits become an action


def lacks(tables: Mapping[str, pd.DataFrame | None], needs: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """What of ``needs`` (``{table: columns}``) is absent or empty, as ``table`` / ``table.column`` codes.

    >>> lacks({"activities": pd.DataFrame({"owner": ["R1"], "planned": [None]})}, NEEDS["planned"])
    ('activities.planned',)
    >>> lacks({}, NEEDS["quotes"])
    ('quotes',)
    """
    out: list[str] = []
    for name, cols in needs.items():
        frame = tables.get(name)
        if frame is None:
            out.append(name)
        else:
            out += [f"{name}.{col}" for col in cols if not rules.has(frame, col)]
    return tuple(out)


def _with_tiers(missing: tuple[str, ...], tables: Mapping, tiers: pd.Series | None) -> tuple[str, ...]:
    """``missing`` plus what places customers in tiers, when no customer could be tiered."""
    if tiers is not None or c.CUSTOMERS in missing:
        return missing
    if tables.get(c.CUSTOMERS) is None:
        return (*missing, c.CUSTOMERS)
    return (*missing, *(need for need in TIER_NEEDS if need not in missing))


def tiers_of(client, *, as_of: pd.Timestamp | None = None) -> pd.Series | None:
    """customer_id -> tier of the quality matrix as of the eve of the period (``as_of`` for another date, e.g.
    ``client.as_of`` for the tiers of today); None when no customer has a tier."""
    tiered = tiered_customers(client, as_of=as_of)
    if tiered is None or c.TIER not in tiered or not tiered[c.TIER].notna().any():
        return None
    return coverage.tier_series(tiered)


def compute(client, *, offload_share: float | None = None, shift_tier: int = 5, shift_to_phone: float = 0.3,
            shift_to_email: float = 0.2) -> Result:
    """Time allocation and cost to serve of ``client``: where the sellers' hours go, what offloading chores buys,
    whether the right customers get the right contact through the right channel, and quote turnaround.

    ``offload_share`` is the share of each offloadable time category moved to support staff (None: the
    client's ``offload_share``); ``shift_tier``, ``shift_to_phone`` and ``shift_to_email`` set the channel what-if
    (the share of that tier's visits moved to phone and to e-mail). Sections, in order: ``time_mix``,
    ``by_team``, ``benchmarks``, ``offload``, ``calls``, ``planned``, ``coverage``, ``neglected``, ``after_sale``,
    ``departments``, ``channel_cost``, ``channel_shift``, ``quotes``, ``kpis``; one that cannot be computed names
    the data it needs. Figures: :data:`FIGURES` (None where the data are missing).
    """
    config = client.config
    share = config.offload_share if offload_share is None else float(offload_share)
    tables = {name: client.table(name) for name in (c.TIME_LOG, c.REPS, c.ACTIVITIES, c.OPPORTUNITIES, c.QUOTES,
                                                    c.CUSTOMERS)}
    reps, acts, opps = tables[c.REPS], tables[c.ACTIVITIES], tables[c.OPPORTUNITIES]
    if tables[c.TIME_LOG] is not None:
        tables[c.TIME_LOG] = sellers_only(tables[c.TIME_LOG], reps=reps)
    start, end = client.period
    needs = {key: lacks(tables, spec) for key, spec in NEEDS.items()}
    tiers = tiers_of(client) if not needs["coverage"] or not needs["channel"] or not needs["kpis"] else None
    for key in ("coverage", "channel", "kpis"):
        needs[key] = _with_tiers(needs[key], tables, tiers)

    peers = matrix_facts(client, shift_tier=int(shift_tier)) if tables[c.CUSTOMERS] is not None else {}
    time = selling.time_part(tables[c.TIME_LOG], config=config, reps=reps, opportunities=opps, share=share,
                              start=start, end=end, needs=needs["time"],
                              followup=None if needs["time"] else followup_value(client), trust=peers.get("trust"))
    # sales calls a week per seller: activities with only a date and an owner count too, the missing type said
    sales_calls = calls.calls_part(acts, reps=reps, start=start, end=end, needs=needs["calls"])
    planned = sections.planned(acts, reps=reps, needs=needs["planned"])
    # service during the period is held against the tier a customer had when it began; who is neglected
    # now against the tier of today, as the quality matrix lists them
    tiers_now = None if tiers is None else tiers_of(client, as_of=client.as_of)
    since = tier_date(client)  # the date ``tiers`` were taken at, read once for the chapter
    cover = sections.coverage_part(acts, tiers=tiers, customers=tables[c.CUSTOMERS], config=config, start=start,
                                   end=end, needs=needs["coverage"], tiers_now=tiers_now,
                                   tier_dates=(since, client.as_of))
    after = sections.after_sale(acts, opps, as_of=end, needs=needs["after_sale"])
    departments = sections.departments(acts, tiers=tiers, needs=needs["departments"])
    # channel advice by tier stands only on tiers that rank outcomes: the doctrine check, once for the chapter
    check = check_tiers(client) if not needs["channel"] else None
    kpi, kpi_facts = kpis.kpi_section({**tables, c.LEADS: client.table(c.LEADS)}, tiers=tiers, config=config,
                                      start=start, end=end, needs=needs["kpis"],
                                      tier_date=since)  # KPIs by customer segment
    # the what-if moves the visits of today's tier as the quality matrix lists it, less its recent movers down
    shift_tiers = None
    if tiers_now is not None:
        shift_tiers = tiers_now.drop(index=list(peers.get("movers_in", ())), errors="ignore")
    channel = sections.channel_part(acts, tiers=tiers, opportunities=opps, config=config, start=start, end=end,
                                    shift={int(shift_tier): {"phone": shift_to_phone, "email": shift_to_email}},
                                    needs=needs["channel"], check=check, shift_tiers=shift_tiers,
                                    movers=len(peers.get("movers_in", ())),
                                    dates=(since, client.as_of if tiers_now is not None else since),
                                    kpis=kpi_facts.get("kpis_by_tier"))
    quotes = sections.quotes(tables[c.QUOTES], opportunities=opps, needs=needs["quotes"], end=end)
    parts = (*time.sections, sales_calls.sections[0], planned.sections[0], *cover.sections, after.sections[0],
             departments.sections[0], *channel.sections, quotes.sections[0], kpi)
    facts = {**time.facts, **sales_calls.facts, **planned.facts, **cover.facts, **after.facts, **channel.facts,
             **quotes.facts, **kpi_facts}
    labels = {"category": category_labels(config)}
    context = {"client": config.client_name, "currency": config.currency, "as_of": client.as_of}
    todo = actions(facts)
    return Result("timealloc", parts, figures(facts), todo, client.with_labels(labels), context,
                  summary=chapter_summary(facts, todo), exhibits=exhibits(todo, parts))


def matrix_facts(client, *, shift_tier: int = 5) -> dict:
    """What the time chapter reads from the quality-matrix chapter (computed once, never recomputed here):
    ``trust``, the value of building trust with tier 4 (its action's value; None when not sized), which freed
    selling hours can be spent on; ``movers_in``, the customers that moved down into ``shift_tier`` in the
    last year (their tier is recent: the channel shift leaves them out)."""
    from workbook.customers import matrix  # the sibling chapter, imported where it is read

    result = matrix.compute(client)
    trust = next((a.value for a in result.actions if a.sheet == "matrix_build_trust" and a.value), None)
    movers_in: tuple[str, ...] = ()
    for section in result.sections:
        for table in section.tables if section.key == "migration" and not section.missing else ():
            frame = table.frame
            if table.key == "matrix_movers" and {"steps", "tier_after", c.CUSTOMER_ID} <= set(frame):
                down = (frame["steps"] < 0) & frame["tier_after"].astype(str).eq(str(shift_tier))
                movers_in = tuple(frame.loc[down.to_numpy(dtype=bool), c.CUSTOMER_ID].astype(str))
    return {"trust": trust, "movers_in": movers_in}


def followup_value(client) -> float | None:
    """The funnel chapter's follow-up action's value (working the leads nobody follows up; read from its result,
    never recomputed here): the work freed selling hours can go to, with tier 4's trust. None when not sized."""
    from workbook.funnel import diagnosis  # the sibling chapter, imported where it is read

    if client.table(c.LEADS) is None:  # no leads, no follow-up to value
        return None
    result = diagnosis.compute(client)
    return next((a.value for a in result.actions if a.text.key == "act.funnel.unused_leads" and a.value), None)


def category_labels(config) -> dict[str, tuple[str, str]]:
    """Each time category's (zh, en) label: the client's own (``labels:``), else the kit's English name of a
    default category (sentence-case), else the code made readable.

    >>> from workbook.core.config import ClientConfig
    >>> category_labels(ClientConfig(client_name="X"))["invoice_contract"]
    ('发票与合同事务', 'Invoices and contracts')
    """
    given = config.vocab_labels().get("time_category", {})
    out = {}
    for cat in config.time_categories:
        key = f"en.time_category.{cat.name}"
        en = MESSAGES[key][1] if key in MESSAGES else humanise(cat.name)
        out[cat.name] = given.get(cat.name, (cat.label_zh, en[:1].upper() + en[1:]))
    return out


def figures(facts: Mapping) -> dict:
    """The recorded figures (:data:`FIGURES`) from the facts the sections computed; None where missing."""
    off = facts.get("offload") or {}
    worth = facts.get("offload_value") or {}
    quotes = facts.get("quote_summary") or {}
    quote_worth = facts.get("quote_value") or {}
    by_tier = facts.get("cost_by_tier")
    return {
        "time.direct_selling_share": off.get("direct_share"),
        "time.after_offload_share": off.get("after_offload_share"),
        "time.capacity_gain": off.get("capacity_gain"),
        "time.equivalent_sellers": off.get("equivalent_sellers"),
        "time.offload_hours": off.get("offload_hours"),
        "time.offload_cost": off.get("offload_cost"),
        "time.offload_value": worth.get("value"),
        "time.offload_value_range": None if worth.get("value") is None else [worth["low"], worth["high"]],
        "time.sales_calls_per_rep_week": facts.get("sales_calls_per_rep_week"),
        "coverage.below_policy_customers": facts.get("below_policy"),
        "coverage.neglected_asset_customers": facts.get("neglected"),
        "coverage.planned_share": facts.get("planned_share"),
        "channel.cost_to_serve_by_tier": None if by_tier is None else {
            str(tier): float(cost) for tier, cost in zip(by_tier[c.TIER], by_tier["cost"], strict=True)},
        "channel.cost_unit": None if by_tier is None else facts.get("cost_unit"),
        "channel.shift_withheld": facts.get("shift_withheld"),
        "quotes.within_48h_share": quotes.get("within_48h_share"),
        "quotes.median_hours": quotes.get("median_hours"),
        "quotes.value": quote_worth.get("value"),
        "time.kpis_by_tier": facts.get("kpis_by_tier"),
    }


def _offload_action(facts: Mapping) -> Action | None:
    off = facts.get("offload") or {}
    if not off.get("offload_hours") or off.get("direct_share") is None \
            or off["direct_share"] >= BENCHMARKS["case_after"]:
        return None
    cats = [Code("category", name) for name, moved in facts["moved"].items() if moved > 0]
    common = {"cats": cats, "before": Rate(off["direct_share"]), "after": Rate(off["after_offload_share"]),
              "gain": Rate(off["capacity_gain"], digits=0)}
    target = off.get("target_share", off["after_offload_share"])
    plan = {"who": Text("who.timealloc.offload"), "step": Text("step.timealloc.offload", cats=cats),
            "kpi": Text("kpi.timealloc.offload", before=Rate(off["direct_share"]), after=Rate(target)),
            "days": 90, "pool": "time+leads+customers", "section": "offload", "sheet": "timealloc_offload_reps",
            "problem": Text("act.timealloc.offload.problem", share=Rate(off["direct_share"]))}
    worth = facts.get("offload_value") or {}
    if worth.get("value") is None:  # no won deals or no rate: the capacity, not sized
        return Action(Text("act.timealloc.offload", **common, cost=Money(off["offload_cost"]),
                           weeks=parts.weeks_number(off.get("weeks"))),
                      basis=Text("basis.timealloc.offload_unsized"), **plan)
    return Action(Text("act.timealloc.offload_value", cats=cats, per_week=Number(off["offload_hours_per_week"], 0),
                       value=Money(worth["value"]), low=Money(worth["low"]), high=Money(worth["high"])),
                  value=float(worth["value"]), low=float(worth["low"]), high=float(worth["high"]),
                  basis=selling.offload_basis(worth, facts.get("room"), off), **plan)


def _quote_action(facts: Mapping) -> Action | None:
    quotes = facts.get("quote_summary") or {}
    if quotes.get("within_48h_share") is None or quotes["within_48h_share"] >= QUOTES_TARGET:
        return None
    worth = facts.get("quote_value") or {}
    plan = {"who": Text("who.timealloc.quotes"), "step": Text("step.timealloc.quotes"),
            "kpi": Text("kpi.timealloc.quotes", within=Rate(quotes["within_48h_share"])), "days": 30,
            "pool": "pipeline", "section": "quotes",
            "problem": Text("act.timealloc.quotes.problem", within=Rate(quotes["within_48h_share"]))}
    within = Rate(quotes["within_48h_share"])
    if worth.get("value") is None:
        return Action(Text("act.timealloc.quotes", within=within, fast=Rate(worth.get("fast")),
                           slow=Rate(worth.get("slow"))), basis=Text("basis.timealloc.quotes_unsized"), **plan)
    basis = Text("basis.timealloc.quotes_capped" if worth["capped"] else "basis.timealloc.quotes",
                 deals=Count(worth["slow_deals"]), gap=Number(worth["gap"] * 100, 1), fast=Rate(worth["fast"]),
                 fast_n=Count(worth["fast_n"]), slow=Rate(worth["slow"]), slow_n=Count(worth["slow_n"]),
                 wins=Count(parts.whole(worth["wins"])), deal=Money(worth["average_deal"]),
                 deal_full=Number(worth["average_deal"], 0),
                 value=Money(worth["value"]))
    return Action(Text("act.timealloc.quotes_value", within=within, value=Money(worth["value"])),
                  value=float(worth["value"]), basis=basis, **plan)


def _channel_action(facts: Mapping) -> Action | None:
    shift = facts.get("shift")
    if shift is None or shift["saving"] <= 0:  # none, no saving, or withheld: the tiers do not rank outcomes
        return None
    tier = Code("tier", shift["tier"])
    target = Code("tier", shift["target"]) if shift.get("target") else Text("act.timealloc.channel_assets")
    movers = Text("act.timealloc.channel_movers", n=Count(shift["movers"])) if shift.get("movers") else ""
    shares = shift.get("tier_shares") or (None, None)
    plan = {"who": Text("who.timealloc.channel"), "step": Text("step.timealloc.channel", tier=tier),
            "kpi": Text("kpi.timealloc.channel", tier=tier), "days": 60, "pool": "time", "section": "channel_shift",
            "problem": Text("act.timealloc.channel.problem", tier=tier, cost_share=Rate(shares[0]),
                            rev_share=Rate(shares[1]))}
    if shift.get("unit", "money") == "money" and shift.get("saving_12m") is not None:
        saving = Money(shift["saving_12m"])
        return Action(Text("act.timealloc.channel", tier=tier, saving=saving, movers=movers, target=target),
                      value=float(shift["saving_12m"]),
                      basis=Text("basis.timealloc.channel", moved=Count(shift["moved"]), tier=tier, saving=saving),
                      **plan)
    return Action(Text("act.timealloc.channel_rel", tier=tier, share=Rate(shift.get("saving_share")), movers=movers,
                       target=target), basis=Text("basis.timealloc.channel_rel"), **plan)


def _after_sale_action(facts: Mapping) -> Action | None:
    decay, window = facts.get("decay"), facts.get("decay_window")
    if decay is None or window is None or decay >= DECAY_LIMIT:
        return None
    months = sections.window_counts(window)
    return Action(Text("act.timealloc.after_sale", ratio=Rate(decay), **months),
                  basis=Text("basis.timealloc.after_sale"), who=Text("who.timealloc.after_sale"),
                  step=Text("step.timealloc.after_sale"), kpi=Text("kpi.timealloc.after_sale", ratio=Rate(decay),
                                                                   **months),
                  days=90, pool="customers", section="after_sale",
                  problem=Text("act.timealloc.after_sale.problem", ratio=Rate(decay), **months))


def actions(facts: Mapping) -> tuple[Action, ...]:
    """What to do, from the same facts, each on the one 12-month value scale with the arithmetic in ``basis``:
    offload chores (time, and the unworked leads and tier-4 customers the freed hours are spent on: its value is
    capped by them, so the summary's prize does not count it beside the actions that work them), faster quotes
    (pipeline), keep contact after the sale (customers), shift a tier's visits to phone and send the freed time to
    the tier the data favour (time; withheld when the tiers do not rank outcomes). The neglected customer assets
    are listed here but their action and value are the quality matrix's (one action, one value). Each action
    names its ``problem`` in a few words with its number.

    Sorted by value, largest first; an action that cannot be sized (value 0) says why in its basis and comes
    after the sized ones.
    """
    built = (_offload_action(facts), _quote_action(facts), _channel_action(facts),
             _after_sale_action(facts))
    return tuple(sorted((a for a in built if a is not None), key=lambda action: -action.value))


def chapter_summary(facts: Mapping, todo: Sequence[Action]) -> tuple[Text, ...]:
    """Three sentences, most important first, each a finding with its number: the findings behind the largest
    actions, and that channel advice by tier is withheld when the tiers do not rank outcomes."""
    lines: list[tuple[float, Text]] = []
    off, worth = facts.get("offload") or {}, facts.get("offload_value") or {}
    if off.get("direct_share") is not None:
        key = "summary.timealloc.time_value" if worth.get("value") else "summary.timealloc.time"
        lines.append((worth.get("value") or 0.0, Text(key, share=Rate(off["direct_share"]),
                                                      value=Money(worth.get("value")))))
    quotes, qv = facts.get("quote_summary") or {}, facts.get("quote_value") or {}
    if quotes.get("within_48h_share") is not None and qv.get("gap") is not None:
        lines.append((qv.get("value") or 0.0, Text("summary.timealloc.quotes", within=Rate(quotes["within_48h_share"]),
                                                   fast=Rate(qv["fast"]), slow=Rate(qv["slow"]),
                                                   gap=Number(qv["gap"] * 100, 1))))
    if facts.get("neglected"):
        lines.append((0.0, Text("summary.timealloc.neglected", n=Count(facts["neglected"]),
                                                   days=Days(facts["neglect_days"]))))
    if facts.get("decay") is not None and facts.get("decay_window") and facts["decay"] < DECAY_LIMIT:
        lines.append((0.0, Text("summary.timealloc.after_sale", ratio=Rate(facts["decay"]),
                                **sections.window_counts(facts["decay_window"]))))
    ranked = [text for _, text in sorted(lines, key=lambda line: -line[0])]
    if facts.get("shift_withheld"):  # the method is off: the reader must know within three lines
        ranked = [*ranked[:2], Text("summary.timealloc.withheld")]
    return tuple(ranked[:3])


def exhibits(todo: Sequence[Action], parts: Sequence) -> tuple[str, ...]:
    """The 3-5 sections the main report keeps: those behind the two largest sized actions, the channel section
    when it withholds advice by tier (the tiers do not rank outcomes), the other sized actions', then the direct
    selling share against the case and the sections furthest from their benchmark (coverage, quotes); last, for
    a client whose exports hold little more than activities, the sales calls a week per seller."""
    shown = {part.key for part in parts if not part.missing and not part.live}
    keys = [a.section for a in todo if a.value and a.section]
    withheld = [p.key for p in parts if p.key == "channel_shift" and p.title is not None
                and p.title.key == "head.timealloc.channel_shift_withheld"]
    keys = [*keys[:2], *withheld, *keys[2:]]  # the grading is off: the main report says why tier advice waits
    keys += ["time_mix", "quotes", "channel_shift", "coverage", "benchmarks", "after_sale", "calls"]
    out = list(dict.fromkeys(key for key in keys if key in shown))
    return tuple(out[:4])
