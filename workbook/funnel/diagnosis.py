"""The whole funnel diagnosis, computed once: :func:`diagnose` runs every section of notebook 03,
:func:`key_figures` turns it into the recorded ``funnel.*`` figures, :func:`leaks` and :func:`interpret`
name the biggest leaks in words, :data:`NEEDS` says which data each section needs.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.display import pct
from workbook.core.i18n import t
from workbook.funnel import forecast as fc
from workbook.funnel import journey as fn
from workbook.funnel import pipeline as pl
from workbook.funnel import segments as sg

# --------------------------------------------------------------------------- the whole diagnosis

def diagnose(tables: dict, config, *, window_days: int | None = None, probabilities: dict[str, float] | None = None,
             revenue_target: float | None = None, target_months: int = 12, terms_days: int = 90,
             top_share: float = 0.2, tiered: pd.DataFrame | None = None) -> dict:
    """Every table of the funnel diagnosis, computed once; a section whose inputs are missing is None.

    Parameters
    ----------
    tables : dict
        Clean tables by name (``leads``, ``opportunities``, ``stage_history``, ``activities``, ``customers``),
        None when absent. Opportunities without ``created_date`` are kept: only the measures that need
        the date leave them out (``undated_opportunities`` says how many).
    config : ClientConfig
        Stages (and default probabilities), ``followup_days``, ``revenue_target``, ``period``.
    window_days, probabilities, revenue_target : optional
        Override ``config.followup_days``, the stage probabilities and ``config.revenue_target`` (the sliders).
    target_months : int
        Months the revenue target covers (12: an annual target).
    terms_days : int
        Payment terms: won deals older than this and not fully paid are overdue.
    top_share : float
        Share of reps counted as the top group.
    tiered : DataFrame, optional
        The quality-matrix inventory (``customer_id``, ``tier``: :func:`workbook.customers.matrix.assign_tiers`)
        for the funnel by customer tier.

    Returns
    -------
    dict
        ``journey``, ``funnel`` and ``funnel_any`` (:func:`~workbook.funnel.journey.funnel_table`), ``delays``,
        ``utilisation``, ``delay_distribution``, ``rotting``, ``reverse``, ``sources``, ``active``,
        ``tender``, ``five``, ``reps``, ``top_vs_rest``, ``cycle``, ``spells``, ``stage_times``, ``stuck``,
        ``completeness``, ``still_leads``, ``lift``, ``forecast``, ``forecast_checklist``, ``backtest``,
        ``calibration``, ``collections``, ``overdue``, ``outcomes``, ``tiers``
        (:func:`~workbook.funnel.segments.tier_view`), ``tier_outcomes``, ``owner_win_rates``,
        ``industry_revenue``, plus ``as_of``, ``window_days``, ``late``, ``undated_opportunities``.
    """
    leads, opps = tables.get(c.LEADS), tables.get(c.OPPORTUNITIES)
    history, activities = tables.get(c.STAGE_HISTORY), tables.get(c.ACTIVITIES)
    stage_names = [s.name for s in config.stages]
    probabilities = probabilities or {s.name: s.probability for s in config.stages}
    window = window_days or config.followup_days
    target = config.revenue_target if revenue_target is None else revenue_target
    as_of = rules.as_of_date(config, tables)
    late = fn.late_stages(config.stages)
    d: dict = dict.fromkeys((
        "journey", "funnel", "funnel_any", "delays", "utilisation", "delay_distribution", "rotting", "reverse",
        "sources", "active", "tender", "five", "reps", "top_vs_rest", "cycle", "spells", "stage_times", "stuck",
        "completeness", "still_leads", "lift", "forecast", "forecast_checklist", "backtest", "calibration",
        "collections", "overdue", "outcomes", "tiers", "tier_outcomes", "owner_win_rates", "industry_revenue"))
    undated = int(opps[c.CREATED_DATE].isna().sum()) if opps is not None and c.CREATED_DATE in opps else 0
    d.update(as_of=as_of, window_days=window, late=late, target_months=target_months, undated_opportunities=undated)
    weeks = ((config.period.end - config.period.start).days + 1) / 7 if config.period else None
    d["five"] = fn.five_numbers(activities, opps, stages=config.stages, weeks=weeks, late=late)
    journey = None
    if leads is not None:
        journey = d["journey"] = fn.lead_journey(leads, opps)
        d["funnel"] = fn.funnel_table(journey)
        d["funnel_any"] = fn.funnel_table(journey, form="any_point")
        d["sources"] = fn.source_table(journey)
        d["active"] = fn.active_share(journey)
        d["tender"] = fn.tender_timing(journey)
        d["reverse"] = fn.reverse_funnel(journey, revenue_target=target, target_months=target_months)
        if c.FIRST_FOLLOWUP_DATE in leads:
            d["delays"] = fn.followup_delays(leads, window_days=window, as_of=as_of)
            d["utilisation"] = fn.utilisation(d["delays"])
            d["delay_distribution"] = fn.delay_distribution(d["delays"])
            d["rotting"] = fn.rotting_leads(d["delays"], as_of=as_of, window_days=window, limit=None)
    steps = pl.rep_steps(journey, opps)
    if len(steps):
        d["reps"] = pl.rep_conversion(steps)
        d["top_vs_rest"] = pl.top_vs_rest(d["reps"], top_share=top_share)
    d["cycle"] = pl.cycle_times(journey, opps)
    d["tiers"] = sg.tier_view(journey, opps, tiered)
    if tiered is not None and rules.has(opps, c.CUSTOMER_ID) and rules.has(opps, c.STATUS):
        d["tier_outcomes"] = sg.outcomes_by(sg.with_tier(opps, tiered), by=sg.TIER)
    d["owner_win_rates"] = sg.win_rates(opps, by=c.OWNER)
    d["industry_revenue"] = sg.revenue_by_industry(opps, tables.get(c.CUSTOMERS))
    if rules.has(opps, c.STATUS):
        status = opps[c.STATUS]
        won, lost = int(status.eq("won").sum()), int(status.eq("lost").sum())
        d["outcomes"] = {"won": won, "lost": lost, "open": len(opps) - won - lost,
                         "won_only": won == len(opps)}
    if opps is not None:
        if history is not None and as_of is not None:
            d["spells"] = pl.stage_spells(history, opps, stages=stage_names, as_of=as_of)
            d["stage_times"] = pl.time_in_stage(d["spells"], stages=stage_names)
            d["stuck"] = pl.stuck_deals(d["spells"], d["stage_times"], opps, limit=None)
        if pl.checklist_elements(opps):
            d["completeness"] = pl.checklist_completeness(opps, stages=stage_names)
            d["still_leads"] = pl.really_still_leads(opps, late=late)
            d["lift"] = pl.element_lift(opps)
        if rules.has(opps, c.AMOUNT):
            d["forecast"] = fc.weighted_forecast(opps, probabilities=probabilities)
        if rules.has(opps, c.STATUS):
            obs = fc.backtest_observations(opps, history, probabilities=probabilities)
            if len(obs) and obs["won"].any() and not obs["won"].all():
                d["backtest"] = fc.backtest(obs) if pl.checklist_elements(opps) else obs
                d["calibration"] = fc.calibration_table(d["backtest"])
                if pl.checklist_elements(opps) and rules.has(opps, c.AMOUNT):
                    p_stage = opps[c.STAGE].map(probabilities).fillna(0).to_numpy(float)
                    p = fc.adjusted_probability(p_stage, fc.element_count(opps), fc.checklist_factors(obs))
                    d["forecast_checklist"] = fc.weighted_forecast(opps, probabilities=probabilities, p=p)
            if as_of is not None:
                d["collections"] = fc.collections(opps, as_of=as_of, terms_days=terms_days)
                d["overdue"] = fc.overdue_deals(opps, as_of=as_of, terms_days=terms_days, limit=None)
    return d


def _float_or_none(value):
    """float or None (NaN, NA and None become None)."""
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def key_figures(d: dict) -> dict:
    """The recorded ``funnel.*`` figures from :func:`diagnose`; None wherever the inputs are missing.

    Lead counts come from the journey (leads table); ``opportunities``, ``won`` and ``lost`` from the
    opportunities table when present (else the converted leads for ``opportunities``). ``lost`` and
    ``win_rate_closed`` are None when the client sent won deals only (no lost or open deal), and so are
    the win rates by owner and by tier. ``revenue_by_industry`` is None when customers lack industry.
    """
    j, five = d["journey"], d["five"]
    fig: dict = {}

    def count(col):
        return int(j[col].sum()) if j is not None and col in j else None

    fig["funnel.leads"] = None if j is None else len(j)
    fig["funnel.followed_up"] = count("followed_up")
    util = d["utilisation"]
    fig["funnel.never_followed_up_share"] = None if util is None else _float_or_none(util["never_share"].iloc[0])
    fig["funnel.followed_within_window_share"] = None if util is None else _float_or_none(
        util["within_window_share"].iloc[0])
    fig["funnel.qualified"] = count("qualified")
    fig["funnel.opportunities"] = five["opportunities"] if five["opportunities"] is not None else count("opportunity")
    outcomes = d["outcomes"]
    fig["funnel.won"] = None if outcomes is None else outcomes["won"]
    fig["funnel.lost"] = None if outcomes is None or outcomes["won_only"] else outcomes["lost"]
    fig["funnel.win_rate_closed"] = None if fig["funnel.lost"] is None else _float_or_none(
        rules.ratio(outcomes["won"], outcomes["won"] + outcomes["lost"]))
    fig["funnel.lead_to_win_rate"] = None if j is None or "won" not in j or not len(j) else _float_or_none(
        j["won"].mean())
    fig["funnel.median_days_lead_to_win"] = None
    fig["funnel.median_days_opportunity_to_close"] = None
    if d["cycle"] is not None:
        cycle = d["cycle"].set_index("measure")
        fig["funnel.median_days_lead_to_win"] = _float_or_none(cycle.loc["lead_to_win", "median"])
        fig["funnel.median_days_opportunity_to_close"] = _float_or_none(cycle.loc["opportunity_to_close", "median"])
    fig["funnel.by_source"] = None
    if d["sources"] is not None:
        fig["funnel.by_source"] = {
            str(row[c.SOURCE]): {"leads": int(row["leads"]), "won": _float_or_none(row["won"]),
                                 "lead_to_win_rate": _float_or_none(row["lead_to_win_rate"]),
                                 "cost_per_lead": _float_or_none(row["cost_per_lead"]),
                                 "cost_per_win": _float_or_none(row["cost_per_win"]),
                                 "roi": _float_or_none(row["roi"])}
            for _, row in d["sources"].iterrows()}
    fig["funnel.active_share"] = None if d["active"] is None else d["active"]["active_lead_share"]
    fig["funnel.pre_tender_win_rate"] = fig["funnel.post_tender_win_rate"] = None
    if d["tender"] is not None:
        rates = d["tender"].set_index("timing")["win_rate"]
        fig["funnel.pre_tender_win_rate"] = _float_or_none(rates["before"])
        fig["funnel.post_tender_win_rate"] = _float_or_none(rates["after"])
    fig["funnel.required_leads_per_month"] = None if d["reverse"] is None else _float_or_none(
        d["reverse"]["required_leads_per_month"])
    fig["funnel.weighted_pipeline"] = None if d["forecast"] is None else _float_or_none(
        d["forecast"]["expected"].iloc[-1])
    bt = d["backtest"]
    fig["funnel.forecast_brier_stage"] = None if bt is None else fc.brier(bt["p_stage"], bt["won"])
    fig["funnel.forecast_brier_checklist"] = None if bt is None or "p_checklist" not in bt else fc.brier(
        bt["p_checklist"], bt["won"])
    fig["funnel.collected_share"] = None if d["collections"] is None else d["collections"]["collected_share"]
    fig["funnel.five_numbers"] = {k: _float_or_none(v) for k, v in five.items()}
    won_only = outcomes is None or outcomes["won_only"]  # no lost deal sent: no win rate
    fig["funnel.win_rate_by_owner"] = None if won_only else d.get("owner_win_rates")
    fig["funnel.revenue_by_industry"] = d.get("industry_revenue")
    tiers = d.get("tier_outcomes")
    fig["funnel.win_rate_by_tier"] = None if tiers is None or won_only else {
        str(k): _float_or_none(v) for k, v in zip(tiers["tier"], tiers["win_rate"], strict=True)}
    fig["funnel.undated_opportunities"] = d.get("undated_opportunities")
    return fig


# --------------------------------------------------------------------------- interpretation

def leaks(d: dict, figures: dict) -> pd.DataFrame:
    """Candidate leaks with a severity in [0, 1] (share of the flow lost there) and a sentence in zh and en.

    Returns ``leak``, ``severity``, ``zh``, ``en``, sorted by severity, largest first.
    """
    import html

    rows = []
    never = figures.get("funnel.never_followed_up_share")
    within = figures.get("funnel.followed_within_window_share")
    if never is not None:
        w = d["window_days"]
        rows.append(("unused_leads", never,
                     f"线索利用不足：{pct(never)} 的线索从未跟进，{w} 天内跟进的仅 {pct(within or 0)}。",
                     f"Unused leads: {pct(never)} of leads were never followed up; only {pct(within or 0)} "
                     f"within {w} days."))
    if d["funnel"] is not None:
        steps = d["funnel"].dropna(subset=["step_rate"])
        steps = steps[steps["stage"] != "followed_up"] if never is not None else steps
        if len(steps):
            worst = steps.loc[steps["step_rate"].idxmin()]
            rate = float(worst["step_rate"])
            rows.append(("weak_step", 1 - rate,
                         f"漏斗断点：进入“{t('funnel.stage.' + worst['stage'], 'zh')}”的转化率只有 {pct(rate)}。",
                         f"Break in the funnel: only {pct(rate)} move on to "
                         f"'{t('funnel.stage.' + worst['stage'], 'en')}'."))
    rev = d["reverse"]
    if rev is not None and rev.get("gap_per_month") is not None and rev["gap_per_month"] > 0:
        gap, need = rev["gap_per_month"], rev["required_leads_per_month"]
        rows.append(("funnel_mouth", gap / need,
                     f"喇叭口太小：实现收入目标每月需 {need:,.0f} 条线索，"
                     f"目前约 {rev['current_leads_per_month']:,.0f} 条，每月缺口 {gap:,.0f} 条。",
                     f"Funnel mouth too small: the target needs {need:,.0f} leads a month, today about "
                     f"{rev['current_leads_per_month']:,.0f}; a gap of {gap:,.0f} a month."))
    src = d["sources"]
    overall = figures.get("funnel.lead_to_win_rate")
    if src is not None and overall:
        weak = src[src["lead_to_win_rate"] < overall / 2]
        if len(weak):
            top = weak.loc[weak["lead_share"].idxmax()]
            name = html.escape(str(top[c.SOURCE]))
            rows.append(("weak_source", float(top["lead_share"]),
                         f"渠道质量：“{name}”贡献 {pct(top['lead_share'])} 的线索，但赢单转化仅 "
                         f"{top['lead_to_win_rate']:.1%}（整体 {overall:.1%}）。",
                         f"Channel quality: '{name}' brings {pct(top['lead_share'])} of leads but converts "
                         f"{top['lead_to_win_rate']:.1%} to wins (all: {overall:.1%})."))
    pre, post = figures.get("funnel.pre_tender_win_rate"), figures.get("funnel.post_tender_win_rate")
    if pre and post is not None and pre > post:
        rows.append(("late_engagement", (pre - post) / pre / 2,
                     f"介入太晚：标前介入的赢单率 {pct(pre)}，标后仅 {pct(post)}。",
                     f"Engaged too late: {pct(pre)} win rate when engaged before the tender, {pct(post)} after."))
    cash = figures.get("funnel.collected_share")
    if cash is not None:
        rows.append(("uncollected_cash", 1 - cash, f"回款漏损：赢单金额中只有 {pct(cash)} 已回款。",
                     f"Cash leak: only {pct(cash)} of the won amount has been collected."))
    out = pd.DataFrame(rows, columns=["leak", "severity", "zh", "en"])
    return out.sort_values("severity", ascending=False, kind="stable").reset_index(drop=True)


def interpret(d: dict, figures: dict, *, lang: str = "zh", n: int = 3) -> str:
    """The ``n`` biggest leaks as a numbered Markdown list, with what to do; computed from the numbers."""
    table = leaks(d, figures).head(n)
    if table.empty:
        return "数据不足，无法判断主要漏损。" if lang == "zh" else "Not enough data to name the biggest leaks."
    head = "**三个最大的漏损点：**" if lang == "zh" else "**The biggest leaks:**"
    return "\n".join([head, ""] + [f"{i}. {text}" for i, text in enumerate(table[lang], start=1)])


# what each section of the diagnosis needs, for the notebook's "missing data" notes
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "five": {c.ACTIVITIES: (c.DATE, c.TYPE), c.OPPORTUNITIES: (c.STAGE, c.STATUS, c.AMOUNT)},
    "funnel": {c.LEADS: (c.LEAD_ID, c.FIRST_FOLLOWUP_DATE, c.QUALIFIED_DATE), c.OPPORTUNITIES: (c.STATUS,)},
    "utilisation": {c.LEADS: (c.FIRST_FOLLOWUP_DATE,)},
    "reverse": {c.LEADS: (c.CREATED_DATE,), c.OPPORTUNITIES: (c.STATUS, c.AMOUNT, c.CLOSE_DATE)},
    "sources": {c.LEADS: (c.SOURCE, c.SOURCE_TYPE, c.COST), c.OPPORTUNITIES: (c.STATUS, c.AMOUNT)},
    "tender": {c.LEADS: (c.TENDER_DATE,), c.OPPORTUNITIES: (c.STATUS,)},
    "reps": {c.LEADS: (c.OWNER,), c.OPPORTUNITIES: (c.OWNER, c.STATUS)},
    "stage_times": {c.STAGE_HISTORY: (c.ENTERED_DATE,), c.OPPORTUNITIES: (c.STATUS, c.CLOSE_DATE)},
    "completeness": {c.OPPORTUNITIES: c.CHECKLIST},
    "forecast": {c.OPPORTUNITIES: (c.STAGE, c.STATUS, c.AMOUNT)},
    "backtest": {c.OPPORTUNITIES: (c.STATUS, *c.CHECKLIST), c.STAGE_HISTORY: (c.ENTERED_DATE,)},
    "collections": {c.OPPORTUNITIES: (c.INVOICED_AMOUNT, c.COLLECTED_AMOUNT, c.COLLECTED_DATE)},
    "tiers": {c.CUSTOMERS: (c.CUSTOMER_ID,), c.OPPORTUNITIES: (c.CUSTOMER_ID, c.STATUS)},
}


def undated_note(d: dict, *, lang: str = "zh") -> str:
    """Markdown saying how many opportunities lack a created date and where they are left out ("" if none)."""
    n = d.get("undated_opportunities") or 0
    return "> " + t("funnel.undated", lang, n=n) if n else ""
