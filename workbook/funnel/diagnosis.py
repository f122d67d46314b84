"""The whole funnel diagnosis, computed once: :func:`diagnose` runs every analysis of notebook 03,
:func:`key_figures` turns it into the recorded ``funnel.*`` figures, :func:`leaks` sizes the leaks in leads
and money, :data:`NEEDS` says which data each section needs, and :func:`compute` makes the chapter's
:class:`~workbook.core.result.Result` (sections built in :mod:`workbook.funnel.sections`).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.result import Action, Code, Count, Days, Result, Text
from workbook.funnel import business as bz
from workbook.funnel import forecast as fc
from workbook.funnel import journey as fn
from workbook.funnel import leaks as lk
from workbook.funnel import lifecycle as lc
from workbook.funnel import pipeline as pl
from workbook.funnel import segments as sg
from workbook.funnel.leaks import WORKABLE_DAYS, leak_figures, leaks

__all__ = ["diagnose", "key_figures", "leaks", "leak_figures", "compute", "labels", "NEEDS"]

# --------------------------------------------------------------------------- the whole diagnosis

def diagnose(tables: dict, config, *, window_days: int | None = None, probabilities: dict[str, float] | None = None,
             revenue_target: float | None = None, target_months: int = 12, terms_days: int = 90,
             top_share: float = 0.2, tiered: pd.DataFrame | None = None,
             tier_since: pd.Timestamp | None = None) -> dict:
    """Every table of the funnel diagnosis, computed once; a section whose inputs are missing is None.

    Parameters
    ----------
    tables : dict
        Clean tables by name (``leads``, ``opportunities``, ``stage_history``, ``activities``, ``customers``),
        None when absent. Opportunities without ``created_date`` are kept: only the measures that need
        the date leave them out (``undated_opportunities`` says how many).
    config : ClientConfig
        Stages (and default probabilities, the intent stage), ``followup_days``, ``revenue_target``, ``period``
        (the five numbers are weekly over it). The reps table, when given, limits sales calls to sellers.
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
    tier_since : Timestamp, optional
        The date ``tiered`` was taken at: the funnel and the win rate by tier count only the leads and deals
        created after it, so a deal cannot have made the tier it is measured in (all of them when None).

    Returns
    -------
    dict
        ``journey``, ``funnel`` and ``funnel_any`` (:func:`~workbook.funnel.journey.funnel_table`), ``delays``,
        ``utilisation``, ``delay_distribution``, ``rotting``, ``reverse``, ``sources``, ``active``,
        ``tender``, ``five``, ``reps``, ``top_vs_rest``, ``cycle``, ``spells``, ``stage_times``, ``stuck``,
        ``completeness``, ``still_leads``, ``lift``, ``forecast``, ``forecast_checklist``, ``backtest``,
        ``calibration``, ``collections``, ``overdue``, ``outcomes``, ``tiers``
        (:func:`~workbook.funnel.segments.tier_view`), ``tier_outcomes``, ``owner_win_rates``,
        ``industry_revenue``, ``lifecycle`` (:func:`~workbook.funnel.lifecycle.lifecycle`), plus ``as_of``,
        ``window_days``, ``late``, ``undated_opportunities``, ``won_unlinked`` (deals have a status but no lead
        is linked to one: lead -> won is not measurable).
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
        "collections", "overdue", "outcomes", "tiers", "tier_outcomes", "owner_win_rates", "industry_revenue",
        "first_hand", "checklist_as_entered", "followup"))
    d["won_unlinked"] = False
    undated = int(opps[c.CREATED_DATE].isna().sum()) if opps is not None and c.CREATED_DATE in opps else 0
    d.update(as_of=as_of, window_days=window, late=late, target_months=target_months, undated_opportunities=undated,
             checklist_probability=None, lead_months=None, run_rate=None, forecast_method=None,
             avg_won_amount=None, won_revenue=None)
    # the five numbers are weekly averages over the last 12 months (the run-rate window of every action value)
    # (the analysis period when it is shorter)
    first, last = rules.analysis_period(config, tables)
    period = (config.period.start, config.period.end) if config.period else None
    d["five_last_year"] = False
    if as_of is not None:
        start, end = rules.twelve_months(as_of)
        d["five_last_year"] = first is None or pd.Timestamp(first) <= start
        period = (start if d["five_last_year"] else pd.Timestamp(first), end)
    d["avg_deal"] = None if as_of is None else rules.average_won_deal(opps, end=as_of)  # THE average won deal
    d["five"] = fn.five_numbers(activities, opps, stages=config.stages, intent_stage=config.intent_stage,
                                period=period, history=history, reps=tables.get(c.REPS), leads=leads)
    d["sellers"] = fn.seller_count(tables.get(c.REPS), activities)  # the five numbers per seller
    d["calls_untyped"] = fn.untyped(activities)  # every activity counted as a call: the section says so
    d["opportunity_count"] = None if opps is None else len(opps)
    if rules.has(opps, c.STATUS) and rules.has(opps, c.AMOUNT):
        won_amounts = opps.loc[rules.as_bool(opps[c.STATUS].eq("won")), c.AMOUNT]
        d["avg_won_amount"] = None if pd.isna(won_amounts.mean()) else float(won_amounts.mean())
        d["won_revenue"] = float(won_amounts.sum())
    journey = None
    if leads is not None:
        journey = d["journey"] = fn.lead_journey(leads, opps)
        # deals have outcomes but no lead names its deal: lead -> won is not measurable (not zero)
        d["won_unlinked"] = "won" not in journey and rules.has(opps, c.STATUS)
        d["funnel"] = fn.funnel_table(journey)
        d["funnel_any"] = fn.funnel_table(journey, form="any_point")
        d["sources"] = fn.source_table(journey)
        d["active"] = fn.active_share(journey)
        d["tender"] = fn.tender_timing(journey)
        d["first_hand"] = fn.first_hand(journey)
        if "won" in journey and not rules.has(opps, c.STATUS):  # outcomes from the leads' own records
            won = journey["won"].to_numpy(bool)
            d["outcomes"] = {"won": int(won.sum()), "lost": 0, "open": len(journey) - int(won.sum()),
                             "won_only": True}  # a lead not won may be open or lost: no win rate of closed deals
            if rules.has(journey, f"opp_{c.AMOUNT}") and won.any():
                amounts = journey.loc[won, f"opp_{c.AMOUNT}"]
                d["avg_won_amount"] = _float_or_none(amounts.mean())
                d["won_revenue"] = float(amounts.sum())
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
    tier_journey, tier_opps = (journey, opps) if tier_since is None else (
        sg.created_after(journey, tier_since), sg.created_after(opps, tier_since))
    d["tiers"] = sg.tier_view(tier_journey, tier_opps, tiered)
    d["tier_since"] = None if tiered is None else tier_since
    if tiered is not None and rules.has(tier_opps, c.CUSTOMER_ID) and rules.has(tier_opps, c.STATUS):
        d["tier_outcomes"] = sg.outcomes_by(sg.with_tier(tier_opps, tiered), by=sg.TIER)
    d["owner_win_rates"] = sg.win_rates(opps, by=c.OWNER)
    d["industry_revenue"] = sg.revenue_by_industry(opps, tables.get(c.CUSTOMERS))
    if rules.has(opps, c.STATUS):  # the opportunities' outcomes (the leads' own ones above when it has none)
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
            # the checklist is scored only on what was known when each stage was entered; without that
            # history the forecast is fitted on today's checklist of closed deals and nothing is scored
            as_entered = fc.elements_as_entered(opps, history)
            d["checklist_as_entered"] = as_entered
            obs = fc.backtest_observations(opps, history, probabilities=probabilities, as_entered=as_entered)
            if len(obs) and obs["won"].any() and not obs["won"].all():
                d["backtest"] = fc.backtest(obs) if as_entered else obs.drop(columns="elements")
                d["calibration"] = fc.calibration_table(d["backtest"])
                if pl.checklist_elements(opps) and rules.has(opps, c.AMOUNT):
                    p_stage = opps[c.STAGE].map(probabilities).fillna(0).to_numpy(float)
                    p = fc.adjusted_probability(p_stage, fc.element_count(opps, as_entered or None),
                                                fc.checklist_factors(obs))
                    d["forecast_checklist"] = fc.weighted_forecast(opps, probabilities=probabilities, p=p)
                    if as_entered and c.OPPORTUNITY_ID in opps:  # the checklist probability of each open deal
                        d["checklist_probability"] = pd.Series(p, index=opps[c.OPPORTUNITY_ID].to_numpy())
            if as_of is not None:
                d["collections"] = fc.collections(opps, as_of=as_of, terms_days=terms_days)
                d["overdue"] = fc.overdue_deals(opps, as_of=as_of, terms_days=terms_days, limit=None)
    d["forecast_method"] = forecast_method(d)
    d["run_rate"] = fn.run_rate(opps, as_of=as_of)
    if journey is not None:  # the target against the last 12 months, the rate at the better forecast's odds
        better = d.get("checklist_probability") if d["forecast_method"] == "checklist" else None
        d["reverse"] = fn.reverse_funnel(journey, revenue_target=target, target_months=target_months, as_of=as_of,
                                         probabilities=probabilities, open_probability=better, run_rate=d["run_rate"],
                                         avg_deal=d["avg_deal"])
        first_won = bz.first_wins(opps, tables.get(c.CUSTOMERS)) if rules.has(opps, c.STATUS, c.CUSTOMER_ID) else None
        compared = lk.like_for_like(journey, first_won=first_won) if "won" in journey else None
        if compared is not None:
            d["sources"] = compared
        created = journey[c.CREATED_DATE].dropna() if c.CREATED_DATE in journey else pd.Series(dtype="datetime64[ns]")
        if len(created):
            d["lead_months"] = ((created.max() - created.min()).days + 1) / lk.DAYS_PER_MONTH
        d["followup"] = lk.followup_test(journey, d["reverse"], as_of=as_of, rotting=d.get("rotting"))
    start, end = rules.analysis_period(config, tables)  # new vs existing business over the analysis period
    d["business"] = bz.analyse(opps, leads, tables.get(c.CUSTOMERS), tables.get(c.REPS), start=start, end=end)
    # the lead lifecycle (assess, assign, follow up, nurture) and contacts before the hand-off, as of ``as_of``
    d["lifecycle"] = lc.lifecycle(leads, journey, activities, as_of=as_of)
    return d


def forecast_method(d: dict) -> str | None:
    """``checklist`` when the checklist-adjusted forecast was backtested and scored better (lower Brier error)
    than the stage forecast, ``stage`` when only the stage forecast exists or it did as well; None without one.
    The report uses this one forecast everywhere (the pipeline's value, the funnel mouth's expected wins).
    """
    if d.get("forecast") is None:
        return None
    bt = d.get("backtest")
    if d.get("forecast_checklist") is None or bt is None or "p_checklist" not in bt:
        return "stage"
    return "checklist" if fc.brier(bt["p_checklist"], bt["won"]) < fc.brier(bt["p_stage"], bt["won"]) else "stage"


def forecast_total(d: dict) -> pd.Series | None:
    """The total row (``expected``, ``low``, ``high``, ``deals``) of the forecast :func:`forecast_method` chose."""
    method = d.get("forecast_method") or forecast_method(d)
    table = d.get("forecast_checklist") if method == "checklist" else d.get("forecast")
    return None if table is None else table.set_index("stage").loc["total"]


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
    fig["funnel.opportunities"] = d.get("opportunity_count")
    if fig["funnel.opportunities"] is None:
        fig["funnel.opportunities"] = count("opportunity")
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
    fig["funnel.first_hand_share"] = None if d["first_hand"] is None else d["first_hand"]["first_hand_share"]
    fig["funnel.pre_tender_win_rate"] = fig["funnel.post_tender_win_rate"] = None
    if d["tender"] is not None:
        rates = d["tender"].set_index("timing")["win_rate"]
        fig["funnel.pre_tender_win_rate"] = _float_or_none(rates["before"])
        fig["funnel.post_tender_win_rate"] = _float_or_none(rates["after"])
    fig["funnel.required_leads_per_month"] = None if d["reverse"] is None else _float_or_none(
        d["reverse"]["required_leads_per_month"])
    fig["funnel.weighted_pipeline"] = None if d["forecast"] is None else _float_or_none(
        d["forecast"]["expected"].iloc[-1])
    total = forecast_total(d)
    fig["funnel.forecast_method"] = d.get("forecast_method")  # the forecast the report uses (the better backtest)
    fig["funnel.forecast_expected"] = None if total is None else _float_or_none(total["expected"])
    reverse = d["reverse"] or {}
    fig["funnel.won_revenue_last_12_months"] = d.get("run_rate")
    fig["funnel.target_growth"] = _float_or_none(reverse.get("growth"))
    bt = d["backtest"]
    fig["funnel.forecast_brier_stage"] = None if bt is None else fc.brier(bt["p_stage"], bt["won"])
    fig["funnel.forecast_brier_checklist"] = None if bt is None or "p_checklist" not in bt else fc.brier(
        bt["p_checklist"], bt["won"])
    fig["funnel.collected_share"] = None if d["collections"] is None else d["collections"]["collected_share"]
    fig["funnel.five_numbers"] = {k: _float_or_none(five[k]) for k in fn.FIVE}
    fig["funnel.sellers"] = d.get("sellers")  # the five numbers' sellers (the portfolio divides by it)
    fig["funnel.won_revenue"] = d.get("won_revenue")  # every won deal's amount (the summary's won revenue)
    fig["funnel.five_conversions"] = {k: _float_or_none(v) for k, v in five["conversions"].items()}
    won_only = outcomes is None or outcomes["won_only"]  # no lost deal sent: no win rate
    fig["funnel.win_rate_by_owner"] = None if won_only else d.get("owner_win_rates")
    fig["funnel.revenue_by_industry"] = d.get("industry_revenue")
    tiers = d.get("tier_outcomes")
    fig["funnel.win_rate_by_tier"] = None if tiers is None or won_only else {
        str(k): _float_or_none(v) for k, v in zip(tiers["tier"], tiers["win_rate"], strict=True)}
    fig["funnel.undated_opportunities"] = d.get("undated_opportunities")
    business = d.get("business")  # new vs existing business, inbound vs outbound (None without the fields)
    for name, key in (("self_developed_revenue_share", "self_developed_share"),
                      ("new_customer_revenue_share", "new_customer_share"),
                      ("inbound_existing_share", "inbound_existing_share")):
        fig[f"funnel.{name}"] = None if business is None else _float_or_none(business[key])
    fig["funnel.new_customers_won"] = None if business is None else business["new_customers_won"]
    return fig


# the tables the diagnosis reads (time logs and quotes belong to the time-allocation chapter)
TABLES_READ = (c.LEADS, c.OPPORTUNITIES, c.STAGE_HISTORY, c.ACTIVITIES, c.REPS, c.CUSTOMERS)

# what each section of the diagnosis needs, for the notebook's "missing data" notes
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "five": {c.ACTIVITIES: (c.DATE,),
             c.OPPORTUNITIES: (c.CREATED_DATE, c.STAGE, c.STATUS, c.AMOUNT, c.CLOSE_DATE)},
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
    "business": {c.OPPORTUNITIES: (c.CUSTOMER_ID, c.CLOSE_DATE, c.STATUS, c.AMOUNT), c.LEADS: (c.SOURCE_TYPE,)},
    "new_by_rep": {c.OPPORTUNITIES: (c.CUSTOMER_ID, c.CLOSE_DATE, c.STATUS, c.AMOUNT, c.OWNER)},
    "lifecycle": {c.LEADS: (c.ASSESSED_DATE, c.ASSIGNED_DATE, c.NURTURE_START)},
    "nurture": {c.LEADS: (c.CUSTOMER_ID, c.ASSIGNED_DATE, c.NURTURE_START), c.ACTIVITIES: (c.CUSTOMER_ID, c.DATE)},
}



# --------------------------------------------------------------------------- the chapter

def _codes(missing: list[str]) -> tuple[str, ...]:
    """``client.missing`` strings (``"leads.cost (成本)"``) as the codes a section's ``needs`` holds."""
    return tuple(str(m).split(" (")[0] for m in missing)


def _needs(client) -> Callable[[str], tuple[str, ...]]:
    def needs(key: str) -> tuple[str, ...]:
        spec = NEEDS[key]
        found = _codes(client.missing(spec))
        return found or tuple(f"{table}.{col}" for table, cols in spec.items() for col in cols)
    return needs


def labels(config) -> dict:
    """The chapter's vocabularies that come from the client or the kit's funnel: stages, funnel stages,
    checklist elements, tiers (with customers unknown to the matrix)."""
    from workbook.core.i18n import LANGS, column_label, humanise, t, tier_label

    both = {lang: lang for lang in LANGS}
    return {
        "stage": {s.name: (s.label_zh, humanise(s.name)) for s in config.stages}
        | {"total": tuple(t("col.total", lang) for lang in both)},
        "funnel_stage": {s: tuple(t(f"funnel.stage.{s}", lang) for lang in both) for s in fn.LEAD_STAGES},
        "checklist_element": {e: tuple(column_label(c.OPPORTUNITIES, e, lang) for lang in both) for e in c.CHECKLIST},
        "funnel_tier": {str(k): tuple(tier_label(k, lang) for lang in both) for k in (1, 2, 3, 4, 5)}
        | {"none": tuple(tier_label(None, lang) for lang in both),
           sg.UNKNOWN: tuple(t("vocab.funnel_tier.unknown", lang) for lang in both)},
    }


def compute(client, *, followup_days: int = 0, target_months: int = 12, payment_days: int = 90,
            top_share: float = 0.2) -> Result:
    """The funnel diagnosis of ``client`` (chapter ``funnel``), lead to cash, in codes and raw numbers.

    Parameters
    ----------
    client : Client
        An opened client (:func:`workbook.intake.open_client`).
    followup_days : int
        Follow-up window in days; 0 means ``followup_days`` of the client's configuration.
    target_months : int
        Months the revenue target covers (12: an annual target).
    payment_days : int
        Payment terms: won deals older than this and not fully paid are overdue.
    top_share : float
        Share of reps counted as the top group.

    Returns
    -------
    Result
        Sections ``five``, ``funnel``, ``breakdown``, ``tiers``, ``utilisation``, ``rotting``, ``mouth``,
        ``sources``, ``tender``, ``reps``, ``cycle``, ``checklist``, ``forecast``, ``collections``; the
        figures of :func:`key_figures` (among them ``funnel.five_numbers``: the weekly five numbers over the
        period, ``funnel.five_conversions``, ``funnel.first_hand_share``, ``funnel.won_revenue``) plus
        ``funnel.rotting_leads``, ``funnel.stuck_deals``, ``funnel.really_still_leads`` (list lengths) and
        ``funnel.leaks`` (:func:`leak_figures`), ``funnel.forecast_method`` and ``funnel.forecast_expected`` (the
        forecast the backtest found better, used throughout), ``funnel.won_revenue_last_12_months`` and
        ``funnel.target_growth``; one action per leak of :func:`~workbook.funnel.leaks.leaks`, each valued as the
        next 12 months' additional won revenue with its basis, pool, owner, first step, KPI, days and section,
        largest first. Sections ``lifecycle`` and ``nurture`` (after ``funnel``) and the figures of
        :func:`workbook.funnel.lifecycle.figures` show the lead lifecycle; :func:`lifecycle_actions` comes last.
        ``summary`` and ``exhibits``: :func:`chapter_summary`.
    """
    from workbook.customers.matrix import tier_date, tiered_customers
    from workbook.funnel import sections as s

    config = client.config
    tables = {name: client.table(name) for name in TABLES_READ}
    d = diagnose(tables, config, window_days=followup_days or None, target_months=target_months,
                 terms_days=payment_days, top_share=top_share, tiered=tiered_customers(client),
                 tier_since=tier_date(client))
    figures = key_figures(d)
    for name, key in (("funnel.rotting_leads", "rotting"), ("funnel.stuck_deals", "stuck"),
                      ("funnel.really_still_leads", "still_leads")):
        figures[name] = None if d[key] is None else len(d[key])
    probabilities = {st.name: st.probability for st in config.stages}
    table = leaks(d, figures, probabilities=probabilities)
    figures["funnel.leaks"] = leak_figures(table)
    figures.update(lc.figures(d["lifecycle"]))
    vocab = client.with_labels(labels(config))
    currency = config.currency
    needs = _needs(client)
    sections = (
        s.five(d, needs), s.funnel(d, needs, labels=vocab), s.lifecycle(d, needs), s.nurture(d, needs),
        s.breakdown(d, needs), s.tiers(d, needs), s.utilisation(d, needs),
        s.rotting(d, needs), s.mouth(d, needs, currency=currency), s.sources(d, needs, labels=vocab),
        s.business(d, needs, currency=currency), s.new_by_rep(d, needs), s.tender(d, needs),
        s.reps(d, needs, top_share=top_share), s.cycle(d, needs), s.checklist(d, needs),
        s.forecast(d, needs, labels=vocab["stage"], currency=currency),
        s.collections(d, needs, terms_days=payment_days, currency=currency),
    )
    actions = tuple(Action(Text(row.text, **row.fields), value=row.money,
                           who=Text(f"act.funnel.who.{lk.LEAK_OWNERS[row.leak]}"),
                           sheet=row.sheet if isinstance(row.sheet, str) else None, basis=row.basis,
                           low=_float_or_none(row.low), high=_float_or_none(row.high), pool=row.pool,
                           step=row.step, kpi=row.kpi, days=lk.LEAK_DAYS[row.leak],
                           section=lk.LEAK_SECTIONS[row.leak], problem=row.problem)
                    for row in table.itertuples(index=False) if not quotes_nothing(row.fields, row.money))
    actions += lifecycle_actions(d)
    context = {"client": config.client_name, "currency": currency, "as_of": d["as_of"]}
    summary, exhibits = chapter_summary(sections, actions)
    return Result("funnel", sections, figures, actions, vocab, context, summary=summary,
                  exhibits=exhibits)


def quotes_nothing(fields: dict, money: float) -> bool:
    """Whether an action's sentence would promise a value of nothing ("一年约多 0 元"): its fields quote the money
    and the money is 0. Such an action is not listed; one sized on purpose as unvalued quotes no money.

    >>> quotes_nothing({"money": 0.0}, 0.0), quotes_nothing({"leads": 3}, 0.0)
    (True, False)
    """
    return "money" in fields and not money > 0


def chapter_summary(sections, actions, *, lines: int = 3, most: int = 5) -> tuple[tuple[Text, ...], tuple[str, ...]]:
    """The chapter summary and the main report's exhibits, both led by the actions' values.

    Exhibits: the sections behind the actions, most valuable action first, then the sections in chapter order,
    up to ``most``; only sections with a finding (not a "data needed" note). Summary: the findings of the first
    ``lines`` exhibits: each states its finding with its numbers.
    """
    found = {section.key: section for section in sections if section.finding is not None and not section.missing}
    order = [a.section for a in sorted(actions, key=lambda a: -a.value) if a.section in found]
    order += [key for key in found if key not in order]
    exhibits = tuple(dict.fromkeys(order))[:most]
    return tuple(found[key].finding for key in exhibits[:lines]), exhibits


def lifecycle_actions(d: dict) -> tuple[Action, ...]:
    """Hand leads out faster, when the slowest wait is before a rep has the lead (assessment or assignment) and
    leads are waiting unassigned today; its value is 0: the never-followed-up leads it concerns are already
    sized by the ``unused_leads`` leak, so counting them again would double the money."""
    found = d.get("lifecycle") or {}
    slowest, unassigned = found.get("slowest"), found.get("unassigned")
    if slowest is None or slowest["step"] not in lc.HANDOFF_STEPS or unassigned is None or not len(unassigned):
        return ()
    recent = int((unassigned["age_days"] <= WORKABLE_DAYS).sum())
    text = Text("act.funnel.slow_handoff", step=Code("lifecycle_step", slowest["step"]), days=Days(slowest["median"]),
                n=Count(len(unassigned)), recent=Count(recent), workable=Days(WORKABLE_DAYS))
    return (Action(text, value=0.0, who=Text("act.funnel.who.sales"), sheet="funnel_unassigned",
                   basis=Text("basis.funnel.slow_handoff"), pool="leads", step=Text("step.funnel.slow_handoff"),
                   kpi=Text("kpi.funnel.slow_handoff", step=Code("lifecycle_step", slowest["step"]),
                            now=Days(slowest["median"])), days=30, section="lifecycle",
                   problem=Text("problem.funnel.slow_handoff", step=Code("lifecycle_step", slowest["step"]),
                                days=Days(slowest["median"]))),)
