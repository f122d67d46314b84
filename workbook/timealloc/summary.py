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
from workbook.core.i18n import humanise
from workbook.core.result import Action, Code, Count, Days, Money, Rate, Result, Text
from workbook.customers.matrix import tier_date, tiered_customers
from workbook.timealloc import coverage, kpis, sections
from workbook.timealloc.allocation import BENCHMARKS, sellers_only

__all__ = ["FIGURES", "NEEDS", "actions", "compute", "figures", "lacks", "tiers_of"]

FIGURES = ("time.direct_selling_share", "time.after_offload_share", "time.capacity_gain", "time.equivalent_sellers",
           "time.offload_hours", "time.offload_cost", "coverage.below_policy_customers",
           "coverage.neglected_asset_customers", "coverage.planned_share", "channel.cost_to_serve_by_tier",
           "channel.cost_unit", "quotes.within_48h_share", "quotes.median_hours", "time.kpis_by_tier")
# ``channel.cost_to_serve_by_tier`` is {tier key: cost to serve} in the unit ``channel.cost_unit`` names:
# "money" (the client's currency, when client.yaml sets visit_cost, the money cost of one visit) or "relative"
# (units in which one visit costs 100, phone and e-mail by the channel_costs ratio; default 100 : 1 : 0.01)

# the data each group of sections needs ({table: columns})
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "time": {c.TIME_LOG: (c.OWNER, c.PERIOD, c.CATEGORY, c.HOURS)},
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
    ``by_team``, ``benchmarks``, ``offload``, ``planned``, ``coverage``, ``neglected``, ``after_sale``,
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

    time = sections.time_part(tables[c.TIME_LOG], config=config, reps=reps, opportunities=opps, share=share,
                              start=start, end=end, needs=needs["time"])
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
    channel = sections.channel_part(acts, tiers=tiers, opportunities=opps, config=config, start=start, end=end,
                                    shift={int(shift_tier): {"phone": shift_to_phone, "email": shift_to_email}},
                                    needs=needs["channel"])
    quotes = sections.quotes(tables[c.QUOTES], opportunities=opps, needs=needs["quotes"])
    kpi, kpi_facts = kpis.kpi_section({**tables, c.LEADS: client.table(c.LEADS)}, tiers=tiers, config=config,
                                      start=start, end=end, needs=needs["kpis"],
                                      tier_date=since)  # KPIs by customer segment
    parts = (*time.sections, planned.sections[0], *cover.sections, after.sections[0], departments.sections[0],
             *channel.sections, quotes.sections[0], kpi)
    facts = {**time.facts, **planned.facts, **cover.facts, **after.facts, **channel.facts, **quotes.facts,
             **kpi_facts}
    labels = {"category": {cat.name: (cat.label_zh, humanise(cat.name)) for cat in config.time_categories}}
    context = {"client": config.client_name, "currency": config.currency, "as_of": client.as_of}
    return Result("timealloc", parts, figures(facts), actions(facts), client.with_labels(labels), context)


def figures(facts: Mapping) -> dict:
    """The recorded figures (:data:`FIGURES`) from the facts the sections computed; None where missing."""
    off = facts.get("offload") or {}
    quotes = facts.get("quote_summary") or {}
    by_tier = facts.get("cost_by_tier")
    return {
        "time.direct_selling_share": off.get("direct_share"),
        "time.after_offload_share": off.get("after_offload_share"),
        "time.capacity_gain": off.get("capacity_gain"),
        "time.equivalent_sellers": off.get("equivalent_sellers"),
        "time.offload_hours": off.get("offload_hours"),
        "time.offload_cost": off.get("offload_cost"),
        "coverage.below_policy_customers": facts.get("below_policy"),
        "coverage.neglected_asset_customers": facts.get("neglected"),
        "coverage.planned_share": facts.get("planned_share"),
        "channel.cost_to_serve_by_tier": None if by_tier is None else {
            str(tier): float(cost) for tier, cost in zip(by_tier[c.TIER], by_tier["cost"], strict=True)},
        "channel.cost_unit": None if by_tier is None else facts.get("cost_unit"),
        "quotes.within_48h_share": quotes.get("within_48h_share"),
        "quotes.median_hours": quotes.get("median_hours"),
        "time.kpis_by_tier": facts.get("kpis_by_tier"),
    }


def actions(facts: Mapping) -> tuple[Action, ...]:
    """What to do, from the same facts: offload chores, revisit neglected assets, shift visits, faster quotes.

    Ordered by the money at stake where it can be sized (the revenue value of the freed selling time, the
    channel saving in money), each action on a list of sellers or customers tied to the appendix sheet of that list
    (the channel what-if, quote bands and after-sale months are tables, not lists: no sheet).
    """
    out: list[Action] = []
    off = facts.get("offload") or {}
    if off.get("offload_hours") and off.get("direct_share") is not None \
            and off["direct_share"] < BENCHMARKS["case_after"]:
        cats = [Code("category", name) for name, moved in facts["moved"].items() if moved > 0]
        common = {"cats": cats, "before": Rate(off["direct_share"]), "after": Rate(off["after_offload_share"]),
                  "gain": Rate(off["capacity_gain"]), "cost": Money(off["offload_cost"]),
                  "weeks": sections.weeks_number(off.get("weeks"))}
        if off.get("freed_value") is not None:
            out.append(Action(Text("act.timealloc.offload_value", value=Money(off["freed_value"]), **common),
                              value=float(off["freed_value"]), sheet="timealloc_offload_reps"))
        else:
            out.append(Action(Text("act.timealloc.offload", **common), sheet="timealloc_offload_reps"))
    shift = facts.get("shift")
    if shift is not None and shift["saving"] > 0:
        if shift.get("unit", "money") == "money":  # money at stake orders the actions; relative units do not
            out.append(Action(Text("act.timealloc.channel", tier=Code("tier", shift["tier"]),
                                   saving=Money(shift["saving"])), value=float(shift["saving"])))
        else:
            out.append(Action(Text("act.timealloc.channel_rel", tier=Code("tier", shift["tier"]),
                                   share=Rate(shift.get("saving_share")))))
    if facts.get("neglected"):
        out.append(Action(Text("act.timealloc.neglected", n=Count(facts["neglected"]),
                               days=Days(facts["neglect_days"])), sheet="timealloc_neglected"))
    quotes = facts.get("quote_summary") or {}
    if quotes.get("within_48h_share") is not None and quotes["within_48h_share"] < QUOTES_TARGET:
        out.append(Action(Text("act.timealloc.quotes", within=Rate(quotes["within_48h_share"]),
                               fast=Rate(facts.get("fast_win_rate")), slow=Rate(facts.get("slow_win_rate")))))
    decay, window = facts.get("decay"), facts.get("decay_window")
    if decay is not None and window is not None and decay < DECAY_LIMIT:
        out.append(Action(Text("act.timealloc.after_sale", ratio=Rate(decay), **sections.window_counts(window))))
    return tuple(sorted(out, key=lambda action: -action.value))
