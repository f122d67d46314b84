"""Time allocation for the notebook: every fact its figures and "what this means / what to do" need.

:func:`summarise` runs :mod:`workbook.timealloc.allocation` and :mod:`workbook.timealloc.coverage` on a
client's tables; :func:`key_figures` is the recorded subset; :func:`interpret` the text, every sentence
computed from the numbers.
"""
from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.config import ClientConfig
from workbook.core.display import number, pct
from workbook.core.i18n import category_label, check_lang, t, table_label, tier_label
from workbook.timealloc import coverage
from workbook.timealloc.allocation import (
    BENCHMARKS,
    PLANNED_TARGET,
    default_moves,
    direct_share,
    offload_summary,
    planned_share,
    revenue_per_selling_hour,
    sellers_only,
    selling_shares,
)

__all__ = ["FIGURES", "NEEDS", "category_labels", "interpret", "key_figures", "summarise"]

FIGURES = ("time.direct_selling_share", "time.after_offload_share", "time.capacity_gain", "time.equivalent_sellers",
           "time.offload_hours", "time.offload_cost", "coverage.below_policy_customers",
           "coverage.neglected_asset_customers", "coverage.planned_share", "channel.cost_to_serve_by_tier",
           "quotes.within_48h_share", "quotes.median_hours")


# the data each notebook section needs ({table: columns}, for ``Client.missing``)
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "time": {c.TIME_LOG: (c.OWNER, c.PERIOD, c.CATEGORY, c.HOURS)},
    "planned": {c.ACTIVITIES: (c.OWNER, c.PLANNED)},
    "coverage": {c.CUSTOMERS: (c.CUSTOMER_ID,), c.ACTIVITIES: (c.DATE, c.CUSTOMER_ID)},
    "after_sale": {c.ACTIVITIES: (c.DATE, c.CUSTOMER_ID), c.OPPORTUNITIES: (c.CUSTOMER_ID, c.STATUS, c.CLOSE_DATE)},
    "departments": {c.ACTIVITIES: (c.CUSTOMER_ID, c.DEPARTMENT)},
    "channel": {c.CUSTOMERS: (c.CUSTOMER_ID,), c.ACTIVITIES: (c.CUSTOMER_ID, c.TYPE)},
    "quotes": {c.QUOTES: (c.REQUESTED_DATE, c.SENT_DATE)},
}


def category_labels(config: ClientConfig, *, lang: str = "zh") -> dict[str, str]:
    """Time category name -> label in ``lang`` (for display tables).

    >>> category_labels(ClientConfig(client_name="X"), lang="zh")["travel"]
    '差旅'
    """
    return {cat.name: category_label(config, cat.name, lang) for cat in config.time_categories}


def summarise(tables: Mapping[str, pd.DataFrame | None], *, config: ClientConfig, tiers: pd.Series | None = None,
              moved: Mapping[str, float] | None = None, offload_share: float = 0.25,
              support_hourly_cost: float | None = None) -> dict:
    """Every fact the notebook's figures and interpretation need, None where the inputs are missing.

    ``tables`` maps table names to clean frames (absent or None = not supplied); the time log is read for
    sellers only (:func:`sellers_only`, when ``reps`` gives roles). ``moved`` defaults to
    every offloadable category at ``offload_share``; ``support_hourly_cost`` to ``config``'s.
    Returns ``{"time", "offload", "planned_share", "coverage", "decay", "cost_by_tier", "quotes"}``:
    see :func:`key_figures` for the recorded subset and :func:`interpret` for the text.
    """
    cats = config.time_categories
    time_log, acts = tables.get(c.TIME_LOG), tables.get(c.ACTIVITIES)
    if time_log is not None:
        time_log = sellers_only(time_log, reps=tables.get(c.REPS))
    opps, quotes = tables.get(c.OPPORTUNITIES), tables.get(c.QUOTES)
    start, end = rules.analysis_period(config, tables)
    moves = default_moves(cats, share=offload_share) if moved is None else dict(moved)
    cost = config.support_hourly_cost if support_hourly_cost is None else support_hourly_cost
    facts: dict = dict.fromkeys(("time", "coverage", "decay", "cost_by_tier", "quotes"))
    has_log = rules.has(time_log, c.OWNER, c.CATEGORY, c.HOURS, c.PERIOD)
    if has_log:
        shares = selling_shares(time_log, categories=cats)
        worst = shares.iloc[-1]
        facts["time"] = {"direct_share": direct_share(time_log, categories=cats), "reps": len(shares),
                         "reps_below_seed": int((shares["direct_share"] < BENCHMARKS["seed_case"]).sum()),
                         "worst_rep": str(worst[c.OWNER]), "worst_share": float(worst["direct_share"])}
    rate = revenue_per_selling_hour(opps, time_log, categories=cats, start=start, end=end) if has_log else None
    facts["offload"] = {**offload_summary(time_log if has_log else None, categories=cats, moved=moves,
                                          support_hourly_cost=cost, revenue_per_hour=rate),
                        "moved": moves, "support_hourly_cost": float(cost)}
    facts["planned_share"] = planned_share(acts) if rules.has(acts, c.PLANNED) else None
    if rules.has(acts, c.DATE, c.CUSTOMER_ID):
        lo, hi = start, end
        if tiers is not None and tiers.notna().any():
            cov = coverage.contact_coverage(acts, tiers=tiers, policy=config.contact_policy, start=lo, end=hi,
                                            neglect_days=config.neglect_days)
            facts["coverage"] = {"tiered": len(cov), "below": int(cov["below_policy"].sum()),
                                 "neglected": int(cov["neglected"].sum()), "neglect_days": config.neglect_days}
            if rules.has(acts, c.TYPE):
                per_customer = coverage.cost_to_serve(acts, channel_costs=config.channel_costs, tiers=tiers)
                facts["cost_by_tier"] = coverage.cost_by_tier(
                    per_customer, revenue=coverage.won_revenue(opps, start=lo, end=hi), tiers=tiers)
        if rules.has(opps, c.STATUS, c.CLOSE_DATE, c.CUSTOMER_ID):
            facts["decay"] = coverage.decay_ratio(coverage.after_sale_contact(acts, opps, as_of=hi))
    if rules.has(quotes, c.REQUESTED_DATE, c.SENT_DATE):
        turnaround = coverage.quote_turnaround(quotes, opportunities=opps)
        by_band = coverage.win_rate_by_band(turnaround).set_index("band")["win_rate"]
        facts["quotes"] = {**coverage.quote_summary(turnaround), "fast_win_rate": by_band.get(0),
                           "slow_win_rate": by_band.get(len(coverage.QUOTE_BANDS))}
    return facts


def key_figures(facts: Mapping) -> dict:
    """The notebook's recorded figures (names in :data:`FIGURES`) from :func:`summarise` output; None if missing."""
    off, cov, quotes, by_tier = facts["offload"], facts["coverage"] or {}, facts["quotes"] or {}, facts["cost_by_tier"]
    return {
        "time.direct_selling_share": off["direct_share"],
        "time.after_offload_share": off["after_offload_share"],
        "time.capacity_gain": off["capacity_gain"],
        "time.equivalent_sellers": off["equivalent_sellers"],
        "time.offload_hours": off["offload_hours"],
        "time.offload_cost": off["offload_cost"],
        "coverage.below_policy_customers": cov.get("below"),
        "coverage.neglected_asset_customers": cov.get("neglected"),
        "coverage.planned_share": facts["planned_share"],
        "channel.cost_to_serve_by_tier": None if by_tier is None else dict(zip(by_tier["tier"], by_tier["cost"])),
        "quotes.within_48h_share": quotes.get("within_48h_share"),
        "quotes.median_hours": quotes.get("median_hours"),
    }


def interpret(facts: Mapping, *, config: ClientConfig, lang: str = "zh") -> str:
    """"What this means / what to do" as Markdown, every sentence computed from :func:`summarise` output."""
    check_lang(lang)
    lines, todo = [], []
    time, off = facts["time"], facts["offload"]
    if time is None:
        lines.append(t("ta.i.missing", lang, what=table_label(c.TIME_LOG, lang), topic=t("ta.i.topic.time", lang)))
    else:
        lines.append(t("ta.i.time", lang, share=pct(time["direct_share"]), below=time["reps_below_seed"],
                       worst=html.escape(time["worst_rep"]), worst_share=pct(time["worst_share"])))
        if off["offload_hours"]:
            names = [category_label(config, name, lang) for name, share in off["moved"].items() if share > 0]
            lines.append(t("ta.i.offload", lang, cats=("、" if lang == "zh" else ", ").join(names),
                           cost=number(off["support_hourly_cost"]), before=pct(off["direct_share"]),
                           after=pct(off["after_offload_share"]), gain=pct(off["capacity_gain"]),
                           sellers=number(off["equivalent_sellers"], 1), hours=number(off["offload_hours"]),
                           fte=number(off["support_fte"], 1), money=number(off["offload_cost"])))
            if off["freed_value"] is not None and off["offload_cost"]:
                lines.append(t("ta.i.value", lang, rate=number(off["revenue_per_selling_hour"]),
                               value=number(off["freed_value"]),
                               ratio=number(off["freed_value"] / off["offload_cost"], 1)))
        if time["direct_share"] is not None and time["direct_share"] < BENCHMARKS["published_low"]:
            todo.append(t("ta.i.todo.offload", lang))
    share = facts["planned_share"]
    if share is not None:
        verdict = "low" if share < PLANNED_TARGET - 0.05 else "high" if share > PLANNED_TARGET + 0.05 else "ok"
        lines.append(t("ta.i.planned", lang, share=pct(share), verdict=t(f"ta.i.planned.{verdict}", lang)))
    cov = facts["coverage"]
    if cov is None:
        lines.append(t("ta.i.missing", lang, what=table_label(c.ACTIVITIES, lang),
                       topic=t("ta.i.topic.coverage", lang)))
    else:
        lines.append(t("ta.i.coverage", lang, below=number(cov["below"]), below_share=pct(rules.ratio(cov["below"],
                       cov["tiered"])), neglected=number(cov["neglected"]), days=cov["neglect_days"]))
        if cov["neglected"] or cov["below"]:
            todo.append(t("ta.i.todo.coverage", lang))
    if facts["decay"] is not None:
        decaying = facts["decay"] < 0.8
        lines.append(t("ta.i.decay" if decaying else "ta.i.nodecay", lang, late="10-12", ratio=pct(facts["decay"])))
        if decaying:
            todo.append(t("ta.i.todo.aftersale", lang))
    by_tier = facts["cost_by_tier"]
    if by_tier is not None and len(by_tier) and by_tier["cost"].sum() > 0:
        top = by_tier.loc[by_tier["cost"].idxmax()]
        costs = config.channel_costs
        ratio = costs["visit"] / costs["phone"] if costs.get("phone") and "visit" in costs else 0
        lines.append(t("ta.i.cost", lang, tier=tier_label(None if top["tier"] == "none" else int(top["tier"]), lang),
                       cost_share=pct(top["cost_share"]), rev_share=pct(top["revenue_share"]), ratio=ratio))
        low = by_tier[by_tier["tier"].isin(["4", "5", "none"])]
        if (low["cost_share"] > low["revenue_share"].fillna(0)).any():
            todo.append(t("ta.i.todo.channel", lang))
    quotes = facts["quotes"]
    if quotes is None:
        lines.append(t("ta.i.missing", lang, what=table_label(c.QUOTES, lang), topic=t("ta.i.topic.quotes", lang)))
    elif quotes["median_hours"] is not None:
        lines.append(t("ta.i.quotes", lang, median=number(quotes["median_hours"] / 24, 1),
                       within=pct(quotes["within_48h_share"]), fast=pct(quotes["fast_win_rate"]),
                       slow=pct(quotes["slow_win_rate"])))
        if quotes["within_48h_share"] is not None and quotes["within_48h_share"] < 0.5:
            todo.append(t("ta.i.todo.quotes", lang))
    text = "\n".join(f"- {line}" for line in lines)
    if todo:
        text += f"\n\n**{t('ta.i.todo', lang)}**\n\n" + "\n".join(f"{i}. {item}" for i, item in enumerate(todo, 1))
    return text
