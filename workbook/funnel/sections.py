"""The sections of the funnel chapter: each turns part of :func:`~workbook.funnel.diagnosis.diagnose` into a
:class:`~workbook.core.result.Section` (action title computed from the numbers, chart, tables in codes).

Every builder takes the diagnosis ``d`` and ``needs`` (section key -> the data that would enable it,
``table`` or ``table.column`` codes) and returns a section; a section whose inputs are missing
carries only its ``needs``. No words and no formatting here: texts are catalogue keys with typed fields.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.formats import value_text
from workbook.core.i18n import LANGS, t
from workbook.core.result import (
    Chart,
    Code,
    Count,
    Date,
    Days,
    Money,
    Month,
    Name,
    Number,
    Rate,
    Section,
    Table,
    Text,
)
from workbook.funnel import charts
from workbook.funnel import journey as fn
from workbook.funnel import leaks as lk

Needs = Callable[[str], tuple[str, ...]]

FIVE_ROWS = (("sales_calls_per_week", "number"), ("calls_to_opportunities", "rate"),
             ("opportunities_per_week", "number"), ("opportunities_to_intents", "rate"),
             ("purchase_intents_per_week", "number"), ("intents_to_sales", "rate"), ("sales_per_week", "number"),
             ("avg_revenue_per_sale", "money"))  # the five numbers, the conversion between each step beside them
BREAKDOWNS = (c.OWNER, c.SCENE, c.SOURCE_TYPE, fn.COHORT)  # preferred first for the action title
MIN_GROUP = 20  # leads a group needs before the action title compares it
SOURCE_VOCAB = {c.SOURCE: "source"}  # lead sources are the client's categories, shown through its labels


def sentence(*clauses: Text | None) -> Text:
    """Clauses joined into one sentence (``；`` / ``; ``), missing clauses left out."""
    parts = [clause for clause in clauses if clause is not None]
    text = parts[0]
    for part in parts[1:]:
        text = Text("find.funnel.and", a=text, b=part)
    return Text("find.funnel.sentence", a=text)


def metric_table(key: str, rows: list[tuple[str, object, str]], *, currency: str) -> Table:
    """A two-column table ``metric`` (code of ``funnel_metric``) / ``value`` for measures of mixed kinds.

    A column has one kind, so the values are written here in both languages by the display layer's
    own formatter (:func:`workbook.core.formats.value_text`); the raw numbers are the recorded figures.
    """
    frame = pd.DataFrame({"metric": [code for code, value, _ in rows if value is not None],
                          "value": [tuple(value_text(value, kind, lang, currency=currency) for lang in LANGS)
                                    for _, value, kind in rows if value is not None]})
    return Table(key, frame, kinds={"metric": "code", "value": "text"}, vocab={"metric": "funnel_metric"},
                 appendix=False)


def _stage_headers(stages) -> dict:
    return {stage: Code("funnel_stage", stage) for stage in stages}


# --------------------------------------------------------------------------- five numbers, funnel

def five(d: dict, needs: Needs) -> Section:
    """The weekly five numbers over the analysis period, with the conversion between each step: one
    measure/value table (code of ``funnel_metric``, value of each row's kind)."""
    values = d["five"] | d["five"]["conversions"]
    rows = [(code, kind) for code, kind in FIVE_ROWS if values.get(code) is not None]
    if not any(values.get(code) is not None for code, _ in FIVE_ROWS[::2]):
        return Section("five", needs=needs("five"))
    frame = pd.DataFrame({"metric": [code for code, _ in rows], "value": [values[code] for code, _ in rows]})
    table = Table("funnel_five", frame, kinds={"metric": "code", "value": "by_row"}, vocab={"metric": "funnel_metric"},
                  row_kinds=tuple(kind for _, kind in rows), appendix=False)
    clauses = []
    if values["sales_calls_per_week"] is not None:
        clauses.append(Text("find.funnel.five_calls", calls=Number(values["sales_calls_per_week"])))
    if values["opportunities_per_week"] is not None:
        clauses.append(Text("find.funnel.five_opps", opportunities=Number(values["opportunities_per_week"])))
    if values["purchase_intents_per_week"] is not None:
        clauses.append(Text("find.funnel.five_intents", intents=Number(values["purchase_intents_per_week"])))
    if values["sales_per_week"] is not None and values["avg_revenue_per_sale"] is not None:
        clauses.append(Text("find.funnel.five_sales_avg", sales=Number(values["sales_per_week"]),
                            avg=Money(values["avg_revenue_per_sale"])))
    elif values["sales_per_week"] is not None:
        clauses.append(Text("find.funnel.five_sales", sales=Number(values["sales_per_week"])))
    text = clauses[0]
    for clause in clauses[1:]:
        text = Text("find.funnel.five_and", a=text, b=clause)
    key = "find.funnel.five" if d.get("five_last_year") else "find.funnel.five_period"
    untyped = d.get("calls_untyped") and values["sales_calls_per_week"] is not None
    return Section("five", finding=Text(key, a=text), tables=(table,),
                   note=Text("note.calls_untyped") if untyped else None)


def funnel(d: dict, needs: Needs, *, labels: dict | None = None) -> Section:
    """The lead funnel in order (chart, counts and rates) with the any-point count beside it."""
    table = d["funnel"]
    if table is None:
        return Section("funnel", needs=needs("funnel"))
    frame = table.assign(any_point_count=d["funnel_any"]["count"].to_numpy())
    steps = frame.iloc[1:].dropna(subset=["step_rate"])
    finding = title = None
    journey = d.get("journey")
    if len(steps):
        worst = steps["step_rate"].idxmin()
        stage, last = frame.loc[worst, "stage"], Code("funnel_stage", frame["stage"].iloc[-1])
        cumulative = Rate(frame["cumulative_rate"].iloc[-1])
        if stage == "won" and journey is not None and "lost" in journey:  # lost means closed lost, never the rest
            won, lost = int(frame.loc[worst, "count"]), int(journey["lost"].sum())
            finding = Text("find.funnel.funnel_won", closed=Count(won + lost), won=Count(won), lost=Count(lost),
                           rate=Rate(rules.ratio(won, won + lost)),
                           open=Count(int(frame.loc[worst - 1, "count"]) - won - lost), last=last,
                           cumulative=cumulative)
        else:
            finding = Text("find.funnel.funnel", stage=Code("funnel_stage", stage),
                           prev=Code("funnel_stage", frame.loc[worst - 1, "stage"]),
                           rate=Rate(frame.loc[worst, "step_rate"]), last=last, cumulative=cumulative)
        title = Text("funnel.chart.title.funnel", stage=Code("funnel_stage", stage), last=last, cumulative=cumulative)
    chart = Chart(charts.plot_funnel, (table,), {"title": title, "labels": labels})
    return Section("funnel", finding=finding, chart=chart, note=won_unlinked_note(d),
                   tables=(Table("funnel_stages", frame, kinds={"stage": "code", "count": "count",
                                                                "any_point_count": "count"},
                                 vocab={"stage": "funnel_stage"}),))


def same_shown(low, high) -> bool:
    """Whether two rates read the same as printed (one decimal of a percent): a spread "from low to high" is
    then no spread.

    >>> same_shown(0.0, 0.0), same_shown(0.1231, 0.1234), same_shown(0.10, 0.25)
    (True, True, False)
    """
    return round(float(low) * 100, 1) == round(float(high) * 100, 1)


def won_unlinked_note(d: dict) -> Text | None:
    """The note that lead -> won is not measurable, and which field would make it so, when the deals have
    outcomes but no lead names its deal (``won_unlinked``); else None."""
    return Text("note.funnel.won_unlinked") if d.get("won_unlinked") else None


def _group_value(by: str, value):
    if by == fn.COHORT:
        return Month(value)
    if by in (c.SOURCE_TYPE, c.SCENE):
        return Code(by, value)
    return Name(value)


def breakdown(d: dict, needs: Needs) -> Section:
    """Cumulative rate per stage by source type, scene, owner and monthly cohort: one table each."""
    journey = d["journey"]
    if journey is None:
        return Section("breakdown", needs=needs("funnel"))
    tables, findings = [], {}
    for by in (c.SOURCE_TYPE, c.SCENE, c.OWNER, fn.COHORT):
        if by not in journey or not journey[by].notna().any():
            continue
        long = fn.funnel_table(journey, by=by)
        long = long[long[by].notna()]
        wide = long.pivot(index=by, columns="stage", values="cumulative_rate")
        stages = [s for s in fn.journey_stages(journey) if s != "leads"]
        wide = wide[stages]
        wide.insert(0, "leads", long[long["stage"] == "leads"].set_index(by)["count"])
        last = stages[-1] if stages else None
        if "won" in stages:
            last = "won"
        if by == fn.COHORT:
            wide = wide.sort_index(ascending=False)
        elif last is not None:
            wide = wide.sort_values(last, kind="stable")
        frame = wide.reset_index()
        kinds = {stage: "rate" for stage in stages} | {"leads": "count"}
        kinds[by] = "month" if by == fn.COHORT else ("code" if by in (c.SOURCE_TYPE, c.SCENE) else "name")
        vocab = {by: by} if by in (c.SOURCE_TYPE, c.SCENE) else {}
        tables.append(Table(f"funnel_by_{by}", frame, kinds=kinds, vocab=vocab, headers=_stage_headers(stages)))
        big = frame[frame["leads"] >= MIN_GROUP] if (frame["leads"] >= MIN_GROUP).sum() >= 2 else frame
        if last is not None and len(big) >= 2 and by != fn.COHORT:
            low, high = big.loc[big[last].idxmin()], big.loc[big[last].idxmax()]
            if same_shown(low[last], high[last]):  # "from A's 0.0% to A's 0.0%" says nothing: say they are even
                findings[by] = Text("find.funnel.breakdown_even", by=Code("funnel_dimension", by),
                                    stage=Code("funnel_stage", last), rate=Rate(high[last]), n=Count(len(big)))
                continue
            findings[by] = Text("find.funnel.breakdown", by=Code("funnel_dimension", by),
                                stage=Code("funnel_stage", last), low_name=_group_value(by, low[by]),
                                low=Rate(low[last]), high_name=_group_value(by, high[by]), high=Rate(high[last]))
    finding = next((findings[by] for by in BREAKDOWNS if by in findings), None)
    if not tables:
        return Section("breakdown", needs=tuple(f"{c.LEADS}.{col}" for col in (c.SOURCE_TYPE, c.SCENE, c.OWNER)))
    return Section("breakdown", finding=finding, tables=tuple(tables))


def tiers(d: dict, needs: Needs) -> Section:
    """The funnel (or the deals' outcomes) by customer tier of the quality matrix."""
    view = d["tiers"]
    if view is None:
        return Section("tiers", needs=needs("tiers"))
    frame = view.reset_index()
    frame["tier"] = frame["tier"].astype(str)
    if "deals" in frame:  # outcomes of the opportunities per tier
        frame = frame[frame["deals"] > 0]
        kinds = {"tier": "code", "deals": "count", "won": "count", "lost": "count"}
        rated, key = frame[(frame["won"] + frame["lost"] > 0) & (frame["tier"] != "unknown")], "win_rate"
        table = Table("funnel_tiers", frame, kinds=kinds, vocab={"tier": "funnel_tier"},
                      headers={"deals": Text("col.deals")})
        text = "find.funnel.tiers_deals"
    else:  # the lead funnel per tier: leads (count), then the cumulative rate of each later stage
        frame = frame[frame["leads"] > 0]
        stages = [col for col in frame.columns if col not in ("tier", "leads")]
        key = "won" if "won" in stages else stages[-1]
        rated = frame[frame["tier"] != "unknown"]
        table = Table("funnel_tiers", frame, kinds={"tier": "code", "leads": "count"} | {s: "rate" for s in stages},
                      vocab={"tier": "funnel_tier"}, headers=_stage_headers(stages))
        text = "find.funnel.tiers_leads"
    rated = rated.dropna(subset=[key])
    finding = None
    if len(rated) >= 2:
        best, worst = rated.loc[rated[key].idxmax()], rated.loc[rated[key].idxmin()]
        stage = {"stage": Code("funnel_stage", key)} if key != "win_rate" else {}
        if same_shown(best[key], worst[key]):  # no best and worst tier when they read the same
            finding = Text(f"{text}_even", rate=Rate(best[key]), **stage)
        else:
            finding = Text(text, best=Code("funnel_tier", best["tier"]), high=Rate(best[key]),
                           worst=Code("funnel_tier", worst["tier"]), low=Rate(worst[key]), **stage)
    since = d.get("tier_since")
    note = None if since is None else Text("note.funnel.tiers_since", date=Date(since))
    return Section("tiers", finding=finding, tables=(table,), note=note)


# --------------------------------------------------------------------------- lead utilisation

def utilisation(d: dict, needs: Needs) -> Section:
    """How many leads were never followed up, how fast the rest were, and by owner (worst first)."""
    util = d["utilisation"]
    if util is None:
        return Section("utilisation", needs=needs("utilisation"))
    row = util.iloc[0]
    rotting = 0 if d["rotting"] is None else len(d["rotting"])
    finding = Text("find.funnel.utilisation", never=Rate(row["never_share"]), rotting=Count(rotting),
                   window=Days(d["window_days"]), within=Rate(row["within_window_share"]))
    follow = d.get("followup")
    bottleneck = None
    if follow is not None and follow["covers"] is not None:  # is follow-up the first bottleneck?
        bottleneck = Text(
            "find.funnel.utilisation_bottleneck", rate_f=Rate(follow["followed_rate"]),
            rate_n=Rate(follow["never_rate"]), wins=Count(follow["extra_wins"]), needed=Count(follow["wins_needed"]),
            share=Rate(min(follow["extra_wins"] / follow["wins_needed"], 1.0)))
    finding = sentence(finding, bottleneck)
    head = Text("head.funnel.utilisation_first" if bottleneck is not None else "head.funnel.utilisation",
                never=Rate(row["never_share"]))
    kinds = {"median_delay": "days", "p75_delay": "days", "due": "count"}
    tables = [Table("funnel_utilisation", util, kinds=kinds)]
    if c.OWNER in d["delays"] and d["delays"][c.OWNER].notna().any():
        by = fn.utilisation(d["delays"], by=c.OWNER).dropna(subset=[c.OWNER])
        by = by.sort_values(["never_share", c.OWNER], ascending=[False, True], kind="stable")
        tables.append(Table("funnel_utilisation_by_owner", by, kinds=kinds | {c.OWNER: "name"}))
    title = Text("funnel.chart.title.delays", never=Rate(row["never_share"]))
    return Section("utilisation", finding=finding, title=head,
                   chart=Chart(charts.plot_delays, (d["delay_distribution"],), {"title": title}),
                   tables=tuple(tables))


def rotting(d: dict, needs: Needs) -> Section:
    """Leads left to rot: never followed up, older than the window; newest first (the backlog the follow-up
    action works first), the oldest last."""
    leads = d["rotting"]
    if leads is None:
        return Section("rotting", needs=needs("utilisation"))
    frame = leads.drop(columns=[col for col in (c.STATUS,) if col in leads])
    if "age_days" in frame:
        frame = frame.sort_values("age_days", kind="stable").reset_index(drop=True)
    owner = None
    if len(frame) and c.OWNER in frame and frame[c.OWNER].notna().any():
        counts = frame[c.OWNER].value_counts()
        counts = counts[counts == counts.max()].sort_index()
        owner = Text("find.funnel.rotting_owner", owner=Name(counts.index[0]), n=Count(int(counts.iloc[0])))
    if len(frame):
        finding = sentence(Text("find.funnel.rotting", n=Count(len(frame)), oldest=Days(frame["age_days"].max())),
                           owner)
    else:
        finding = Text("find.funnel.rotting_none", window=Days(d["window_days"]))
    kinds = {c.SOURCE: "name", c.OWNER: "name", "age_days": "days"}
    head = Text("head.funnel.rotting", n=Count(len(frame))) if len(frame) else None
    table = Table("funnel_rotting_leads", frame, kinds=kinds, rows=15, vocab=SOURCE_VOCAB)
    return Section("rotting", finding=finding, title=head, tables=(table,))


# --------------------------------------------------------------------------- funnel mouth, sources, tender

def mouth(d: dict, needs: Needs, *, currency: str) -> Section:
    """The revenue target against the last 12 months' won revenue (the growth it implies), and the monthly lead
    inflow it needs at the client's own lead-to-win rate and average deal against today's inflow."""
    rev, journey = d["reverse"], d["journey"]
    if rev is None or journey is None:
        return Section("mouth", needs=needs("reverse"))
    rows = [("revenue_target", rev["revenue_target"], "money"), ("run_rate", rev["run_rate"], "money"),
            ("target_growth", rev["growth"], "rate"), ("target_months", d["target_months"], "count"),
            ("avg_deal", rev["avg_deal"], "money"), ("lag_days", rev["lag_days"], "days"),
            ("mature_leads", rev["mature_leads"], "count"), ("lead_to_win_rate", rev["lead_to_win_rate"], "rate"),
            ("all_cohorts_rate", rev["all_cohorts_rate"], "rate"),
            ("required_wins", rev["required_wins"], "count"),
            ("required_leads_per_month", rev["required_leads_per_month"], "count"),
            ("current_leads_per_month", rev["current_leads_per_month"], "count"),
            ("gap_per_month", rev["gap_per_month"], "count")]
    required, current, gap = rev["required_leads_per_month"], rev["current_leads_per_month"], rev["gap_per_month"]
    target, growth = rev["revenue_target"], rev["growth"]
    note = None
    against = None
    if target is not None and growth is not None:
        against = Text("find.funnel.mouth_growth" if growth >= 0 else "find.funnel.mouth_below",
                       target=Money(target), run_rate=Money(rev["run_rate"]), growth=Rate(abs(growth)))
    elif target is not None:
        against = Text("find.funnel.mouth_target", target=Money(target))
    raw = rules.ratio(rev["mature_won"], rev["mature_leads"]) if rev["mature_leads"] else None
    rates = dict(rate=Rate(rev["lead_to_win_rate"]), avg=Money(rev["avg_deal"]), raw=Rate(raw),
                 won=Count(rev["mature_won"]), leads=Count(rev["mature_leads"]),
                 expected=Count(rev["expected_open_wins"] or 0))
    if required is not None and gap is not None and gap > 0:
        shown = round(required) - round(current)  # the gap as the two rounded counts beside it subtract
        finding = sentence(against, Text("find.funnel.mouth_gap", required=Count(required), current=Count(current),
                                         gap=Count(shown), gap_share=Rate(gap / required), **rates),
                           followup_clause(d.get("followup")))
    elif required is not None:
        finding = sentence(against, Text("find.funnel.mouth_ok", required=Count(required), current=Count(current),
                                         **rates))
    else:
        finding = Text("find.funnel.mouth_inflow", current=Count(current))
        note = won_unlinked_note(d) or Text("note.funnel.mouth_won" if not rev["lead_to_win_rate"] else
                                            "note.funnel.mouth_amount" if rev["avg_deal"] is None else
                                            "note.funnel.mouth_target")
    if required is not None and rev["mature_cutoff"] is not None and f"opp_{c.STAGE}" not in journey:  # no pipeline
        note = Text("note.funnel.mouth_mature_leads", cutoff=Date(rev["mature_cutoff"]), lag=Days(rev["lag_days"]),
                    leads=Count(rev["mature_leads"]), won=Count(rev["mature_won"]))
    elif required is not None and rev["mature_cutoff"] is not None:  # the assumption behind the rate, stated
        method = d.get("forecast_method") or "stage"
        note = Text("note.funnel.mouth_mature", cutoff=Date(rev["mature_cutoff"]), lag=Days(rev["lag_days"]),
                    leads=Count(rev["mature_leads"]), won=Count(rev["mature_won"]),
                    expected=Count(rev["expected_open_wins"]), method=Text(f"note.funnel.method_{method}"))
    title = Text("funnel.chart.title.inflow_required" if required is not None else "funnel.chart.title.inflow",
                 current=Count(current), required=Count(required))
    chart = Chart(charts.plot_inflow, (fn.monthly_inflow(journey),), {"required": required, "title": title})
    follow, head = d.get("followup"), None
    if required is not None and gap is not None and gap > 0 and follow is not None and follow["covers"] is not None:
        head = (Text("head.funnel.mouth_covered") if follow["covers"] else
                Text("head.funnel.mouth_partly", share=Rate(follow["extra_wins"] / follow["wins_needed"]),
                     residual=Count(follow["residual_per_month"])))
    elif required is not None and gap is not None and gap > 0:
        head = Text("head.funnel.mouth_gap", gap=Count(round(required) - round(current)))
    return Section("mouth", finding=finding, chart=chart, title=head,
                   tables=(metric_table("funnel_mouth", rows, currency=currency),), note=note)


def followup_clause(follow: dict | None) -> Text | None:
    """What following up the unworked leads brings against the wins the target needs (None without a gap)."""
    if follow is None or follow["covers"] is None:
        return None
    if follow["covers"]:
        cover = Text("find.funnel.mouth_covers", needed=Count(follow["wins_needed"]))
    else:
        cover = Text("find.funnel.mouth_partly", needed=Count(follow["wins_needed"]),
                     share=Rate(follow["extra_wins"] / follow["wins_needed"]),
                     residual=Count(follow["residual_per_month"]))
    return Text("find.funnel.mouth_followup", unworked=Count(follow["unworked_year"]),
                rate_f=Rate(follow["followed_rate"]), n_f=Count(follow["followed"]),
                won_f=Count(follow["followed_won"]), rate_n=Rate(follow["never_rate"]), n_n=Count(follow["never"]),
                wins=Count(follow["extra_wins"]), cover=cover)


SOURCE_COLUMNS = (c.SOURCE, c.SOURCE_TYPE, "leads", "existing_share", "lead_to_win_rate", "benchmark_rate",
                  "peer_leads", "gap_pp",
                  "revenue", "cost", "revenue_per_cost")


def sources(d: dict, needs: Needs, *, labels: dict | None = None) -> Section:
    """Each source against like-for-like sources (same source type, on its mix of new and existing customers'
    leads: :func:`workbook.funnel.leaks.like_for_like`) and on won revenue per unit of acquisition cost
    (每元获客成本带来的赢单金额); active vs passive shares. The title names the source to screen (below its peers
    and not above the median return on cost); a source above the median return is never called weak."""
    src = d["sources"]
    if src is None:
        return Section("sources", needs=needs("sources"))
    has_won = "won" in d["journey"]
    frame = src.assign(gap_pp=-100 * src["gap"]) if "gap" in src else src  # own rate - benchmark, in points
    frame = frame[[col for col in SOURCE_COLUMNS if col in frame and frame[col].notna().any()]]
    frame = frame.sort_values(["leads", c.SOURCE], ascending=[False, True], kind="stable")
    overall = d["journey"]["won"].mean() if has_won and len(d["journey"]) else None
    worst = lk.worst_sources(src) if "gap" in src else None  # spend moved away from these: the first finding
    pick, median = lk.weak_source(src, besides=() if worst is None else tuple(worst[c.SOURCE])), lk.median_return(src)
    low = src.loc[src["lead_to_win_rate"].idxmin()] if has_won and overall else None
    cheap = (low is not None and median is not None and pd.notna(low.get("revenue_per_cost"))
             and low["revenue_per_cost"] > median)
    below = pick if pick is not None else (  # too few leads for an action, yet below its peers: said as it is
        low if low is not None and not cheap and (low.get("gap") or 0) >= lk.MIN_GAP else None)
    if below is not None:
        pick = below
        cost = None
        if median is not None and pd.notna(pick.get("revenue_per_cost")):
            cost = Text("find.funnel.sources_return_below", per_cost=Number(pick["revenue_per_cost"]),
                        median=Number(median))
        worst_clause = None
        if worst is not None:
            worst_clause = Text("find.funnel.sources_worst", worst=lk.source_names(worst[c.SOURCE]),
                                per_cost=Number(lk.reallocation_return(worst)), median=Number(median))
        finding = sentence(worst_clause, Text(
            "find.funnel.sources_like", source=Name(pick[c.SOURCE], vocab="source"), share=Rate(pick["lead_share"]),
            rate=Rate(pick["lead_to_win_rate"]), won=Count(pick.get("won")),
            adjusted=Rate(lk.source_adjusted(src).get(pick[c.SOURCE])), bench=Rate(pick["benchmark_rate"]),
            peer_n=Count(pick.get("peer_leads")),
            gap=Number(lk.points(pick["benchmark_rate"], pick["lead_to_win_rate"])), peers=lk.peers_text(src, pick)),
            cost)
    elif low is not None:
        if cheap:
            finding = Text("find.funnel.sources_cheap", source=Name(low[c.SOURCE], vocab="source"),
                           rate=Rate(low["lead_to_win_rate"]), per_cost=Number(low["revenue_per_cost"]),
                           median=Number(median))
        else:
            finding = Text("find.funnel.sources_level", source=Name(low[c.SOURCE], vocab="source"),
                           rate=Rate(low["lead_to_win_rate"]))
    elif len(src) >= 2 and same_shown(src["lead_share"].min(), src["lead_share"].max()):  # no source leads
        finding = Text("find.funnel.sources_volume_even", n=Count(len(src)), share=Rate(src["lead_share"].max()))
    else:
        top = frame.iloc[0]
        finding = Text("find.funnel.sources_volume", source=Name(top[c.SOURCE], vocab="source"),
                       share=Rate(src["lead_share"].iloc[0]))
    tables = [Table("funnel_sources", frame,
                    kinds={c.SOURCE: "name", c.SOURCE_TYPE: "code", "revenue_per_cost": "ratio", "won": "count",
                           "peer_leads": "count",
                           "existing_share": "rate", "benchmark_rate": "rate", "gap_pp": "number"},
                    vocab={c.SOURCE: "source", c.SOURCE_TYPE: c.SOURCE_TYPE},
                    headers={"revenue_per_cost": Text("col.revenue_per_cost"), "gap_pp": Text("col.gap_to_peers_pp"),
                             "benchmark_rate": Text("col.benchmark_rate"), "peer_leads": Text("col.peer_leads"),
                             "existing_share": Text("col.existing_share")})]
    active = d["active"]
    if active is not None and active["active_lead_share"] is not None:
        shares = pd.DataFrame({"metric": [k for k, v in active.items() if v is not None],
                               "value": [v for v in active.values() if v is not None]})
        tables.append(Table("funnel_active", shares, kinds={"metric": "code", "value": "rate"},
                            vocab={"metric": "funnel_metric"}, headers={"value": Text("col.funnel_share")}))
    note = None
    if "benchmark_rate" in frame:
        note = Text("note.funnel.like_for_like",
                    mix=Text("note.funnel.like_mix") if "existing_share" in frame else (),
                    cost=Text("note.funnel.like_cost", median=Number(median)) if median is not None else ())
    title = None
    if pick is not None and worst is not None:  # the section's two findings: the worst return, the source below
        title = Text("funnel.chart.title.sources_worst_like", worst=lk.source_names(worst[c.SOURCE]),
                     source=Name(pick[c.SOURCE], vocab="source"),
                     gap=Number(lk.points(pick["benchmark_rate"], pick["lead_to_win_rate"])))
    elif pick is not None:
        title = Text("funnel.chart.title.sources_like", source=Name(pick[c.SOURCE], vocab="source"),
                     gap=Number(lk.points(pick["benchmark_rate"], pick["lead_to_win_rate"])))
    elif has_won and overall and same_shown(src["lead_to_win_rate"].min(), src["lead_to_win_rate"].max()):
        title = Text("funnel.chart.title.sources_even", rate=Rate(src["lead_to_win_rate"].max()))
    elif has_won and overall:
        title = Text("funnel.chart.title.sources_range", low=Rate(src["lead_to_win_rate"].min()),
                     high=Rate(src["lead_to_win_rate"].max()))
    chart = Chart(charts.plot_sources, (frame,), {"title": title, "labels": labels}) if has_won else None
    head = None
    if worst is not None and median is not None:
        head = Text("head.funnel.sources_worst", worst=lk.source_names(worst[c.SOURCE]),
                    per_cost=Number(lk.reallocation_return(worst)))
    return Section("sources", finding=finding, chart=chart, tables=tuple(tables), note=note, title=head,
                   note_table="funnel_sources")  # the like-for-like benchmark of the sources table


def tender(d: dict, needs: Needs) -> Section:
    """Win rate of closed deals engaged before vs after the tender date, with the counts behind them; the
    share of first-hand leads (active, created before the tender) among the leads with a tender."""
    table = d["tender"]
    if table is None or table["closed"].sum() == 0:
        return Section("tender", needs=needs("tender"))
    rates = table.set_index("timing")
    pre, post = rates.loc["before"], rates.loc["after"]
    key = "find.funnel.tender" if (pre["win_rate"] or 0) > (post["win_rate"] or 0) else "find.funnel.tender_same"
    clauses = [Text(key, pre=Rate(pre["win_rate"]), n_pre=Count(pre["closed"]), post=Rate(post["win_rate"]),
                    n_post=Count(post["closed"]))]
    tables = [Table("funnel_tender", table, kinds={"timing": "code"}, vocab={"timing": "tender_timing"},
                    headers={"closed": Text("col.closed")})]
    hand = d.get("first_hand") or {}
    if hand.get("first_hand_share") is not None:
        clauses.append(Text("find.funnel.first_hand", n=Count(hand["tendered"]), share=Rate(hand["first_hand_share"])))
        frame = pd.DataFrame({"metric": ["tendered", "first_hand", "first_hand_share"],
                              "value": [hand["tendered"], hand["first_hand"], hand["first_hand_share"]]})
        tables.append(Table("funnel_first_hand", frame, kinds={"metric": "code", "value": "by_row"},
                            vocab={"metric": "funnel_metric"}, row_kinds=("count", "count", "rate")))
    head = Text(key.replace("find.", "head."), pre=Rate(pre["win_rate"]), post=Rate(post["win_rate"]))
    return Section("tender", finding=sentence(*clauses), tables=tuple(tables), title=head)


# --------------------------------------------------------------------------- reps, cycle, checklist

def reps(d: dict, needs: Needs, *, top_share: float = 0.2) -> Section:
    """Conversion per rep and step (worst end to end first) and where the top reps differ.

    The table shows each rep's actual rates; at the won step the actual win rate (won / closed, both counts
    beside it) and the adjusted one side by side: the adjusted rate pulls a rep with few closed deals toward the
    team's rate (:func:`workbook.funnel.pipeline.shrink`), and the order follows the adjusted rates, so a note
    says so."""
    conv = d["reps"]
    if conv is None:
        return Section("reps", needs=needs("reps"))
    order = [s for s in ("followed_up", "qualified", "opportunity", "won") if s in set(conv["step"])]
    shrunk = conv.pivot_table(index=c.OWNER, columns="step", values="shrunk_rate", sort=False)[order]
    raw = conv.pivot_table(index=c.OWNER, columns="step", values="rate", sort=False)[order]
    score = shrunk.fillna(shrunk.mean()).prod(axis=1)
    trials = conv.pivot_table(index=c.OWNER, columns="step", values="trials", sort=False, aggfunc="sum")
    successes = conv.pivot_table(index=c.OWNER, columns="step", values="successes", sort=False, aggfunc="sum")
    frame = raw.assign(_score=score)
    count_cols = {}
    if order and order[0] != "won":
        count_cols["leads"] = trials[order[0]]
    extra = {}
    if "won" in order:
        count_cols["closed"] = trials["won"]
        count_cols["won_deals"] = successes["won"]
        extra = {"win_rate": raw["won"], "adjusted_win_rate": shrunk["won"]}
        frame = frame.drop(columns="won")
    steps = [s for s in order if s != "won"]
    frame = frame.assign(**count_cols, **extra).sort_values(["_score"], kind="stable").drop(columns="_score")
    leads = [col for col in ("leads",) if col in count_cols]
    closed = [col for col in ("closed", "won_deals") if col in count_cols]
    frame = frame[[*leads, *steps, *closed, *extra]].reset_index()
    for col in count_cols:
        frame[col] = frame[col].fillna(0).astype(np.int64)
    tables = [Table("funnel_reps", frame, kinds={c.OWNER: "name", **{s: "rate" for s in steps},
                                                  **{k: "count" for k in count_cols},
                                                  **{k: "rate" for k in extra}},
                    headers=_stage_headers(steps) | {"closed": Text("col.closed"), "won_deals": Text("col.won_deals"),
                                                     "win_rate": Text("col.actual_win_rate"),
                                                     "adjusted_win_rate": Text("col.adjusted_win_rate")})]
    note = None
    if "won" in order:
        team = conv.loc[conv["step"].eq("won"), "team_rate"]
        note = Text("note.funnel.reps_adjusted", team=Rate(float(team.iloc[0]) if len(team) else None))
    finding = None
    top = d["top_vs_rest"]
    if top is not None and len(top) and top["ratio"].notna().any():
        shown = top.assign(gap=[lk.points(a, b) if pd.notna(g) else np.nan  # the difference of the rates shown
                                for a, b, g in zip(top["top_rate"], top["rest_rate"], top["gap"], strict=True)]
                           ).rename(columns={"gap": "gap_pp"})
        shown = shown[[col for col in ("step", "top_rate", "top_trials", "rest_rate", "rest_trials", "gap_pp",
                                       "ratio") if col in shown]]
        tables.append(Table("funnel_top_reps", shown, kinds={"step": "code", "top_rate": "rate",
                                                             "rest_rate": "rate", "gap_pp": "number",
                                                             "ratio": "ratio", "top_trials": "count",
                                                             "rest_trials": "count"},
                            vocab={"step": "funnel_stage"},
                            headers={"gap_pp": Text("col.gap_pp"), "top_trials": Text("col.top_trials"),
                                     "rest_trials": Text("col.rest_trials")}))
        finding = eagles(top, reps=len(frame), top_share=top_share)
    head = None
    if finding is not None:
        rated = top.dropna(subset=["gap"]).set_index("step")
        step = rated["gap"].idxmax()
        head = Text("head.funnel.reps", step=Code("funnel_stage", step),
                    gap=Number(lk.points(rated.loc[step, "top_rate"], rated.loc[step, "rest_rate"])))
    return Section("reps", finding=finding, tables=tuple(tables), note=note, title=head)


def eagles(top: pd.DataFrame, *, reps: int, top_share: float) -> Text | None:
    """The eagles and the rookies: the step where the top reps' rate is furthest above the rest's (the largest
    gap in percentage points), then the other steps in funnel order; None without a measured gap."""
    rated = top.dropna(subset=["gap"])
    if not len(rated):
        return None
    where = rated.loc[rated["gap"].idxmax()]
    n_top = max(1, int(np.ceil(top_share * reps)))
    counted = pd.notna(where.get("top_trials")) and pd.notna(where.get("rest_trials"))
    lead = Text("find.funnel.reps_n" if counted else "find.funnel.reps", share=Rate(top_share, digits=0),
                n_top=Count(n_top), n_rest=Count(reps - n_top),
                step=Code("funnel_stage", where["step"]), top=Rate(where["top_rate"]), rest=Rate(where["rest_rate"]),
                top_n=Count(where.get("top_trials")), rest_n=Count(where.get("rest_trials")),
                gap=Number(lk.points(where["top_rate"], where["rest_rate"])))
    others = [Text("find.funnel.reps_step", step=Code("funnel_stage", row["step"]), top=Rate(row["top_rate"]),
                   rest=Rate(row["rest_rate"])) for _, row in rated.iterrows() if row["step"] != where["step"]]
    if not others:
        return sentence(lead)
    steps = others[0]
    for other in others[1:]:
        steps = Text("find.funnel.reps_and", a=steps, b=other)
    return sentence(lead, Text("find.funnel.reps_steps", steps=steps))


def cycle(d: dict, needs: Needs) -> Section:
    """Cycle times, time in stage (open deals censored) and the stuck deals."""
    cyc = d["cycle"]
    measured = cyc[cyc["n"] > 0] if cyc is not None else None
    if (measured is None or not len(measured)) and d["stage_times"] is None:
        return Section("cycle", needs=needs("stage_times"))
    tables, clauses = [], []
    medians = cyc.set_index("measure")["median"]
    if len(measured):
        if not measured["excluded"].any():  # every date there: no column of zeros
            measured = measured.drop(columns="excluded")
        tables.append(Table("funnel_cycle", measured, kinds={"measure": "code", "n": "count", "excluded": "count",
                                                             "median": "days", "p25": "days", "p75": "days",
                                                             "mean": "days"},
                            vocab={"measure": "cycle_measure"}, headers={"n": Text("col.count")}))
        if pd.notna(medians.get("lead_to_win")):
            clauses.append(Text("find.funnel.cycle_lead", days=Days(medians["lead_to_win"])))
        if pd.notna(medians.get("opportunity_to_close")):
            clauses.append(Text("find.funnel.cycle_opp", days=Days(medians["opportunity_to_close"])))
    if d["stage_times"] is not None:
        tables.append(Table("funnel_stage_times", d["stage_times"],
                            kinds={"stage": "code", "deals": "count", "censored": "count", "km_median": "days",
                                   "closed_median": "days", "won_p80": "days"}, vocab={"stage": "stage"},
                            headers={"deals": Text("col.deals")}))
    stuck = d["stuck"]
    if stuck is not None:
        clauses.append(Text("find.funnel.cycle_stuck", n=Count(len(stuck))))
        tables.append(Table("funnel_stuck_deals", stuck, kinds={"stage": "code", "days": "days", "threshold": "days",
                                                                "over": "days", c.OWNER: "name"},
                            vocab={"stage": "stage"}))
    n = d.get("undated_opportunities") or 0
    note = Text("note.funnel.undated", n=Count(n)) if n else None
    finding = sentence(*clauses) if clauses else None
    return Section("cycle", finding=finding, tables=tuple(tables), note=note)


def checklist(d: dict, needs: Needs) -> Section:
    """Completeness of the opportunity elements by stage, late deals that are still leads, element lift."""
    comp = d["completeness"]
    if comp is None:
        return Section("checklist", needs=needs("completeness"))
    elements = [col for col in comp.columns if col not in ("stage", "deals")]
    tables = [Table("funnel_checklist", comp.dropna(subset=elements, how="all"),
                    kinds={"stage": "code", "deals": "count", **{e: "rate" for e in elements}},
                    vocab={"stage": "stage"}, headers={"deals": Text("col.deals"), "complete": Text("col.complete")})]
    clauses = []
    still = d["still_leads"]
    if still is not None:
        frame = still.drop(columns="missing")
        missing = still["missing"].str.split(", ")
        for element in (e for e in ("need", "budget", "decision_maker") if e in elements):
            frame[element] = ~missing.map(lambda m, e=element: e in m)
        tables.append(Table("funnel_still_leads", frame, kinds={"stage": "code", c.OWNER: "name"},
                            vocab={"stage": "stage"}))
        clauses.append(Text("find.funnel.still_leads", n=Count(len(still))))
    lift = d["lift"]
    if lift is not None and len(lift):
        lift = lift.sort_values("lift", ascending=False, kind="stable")
        shown = lift[["element", "closed_with", "win_rate_with", "closed_without", "win_rate_without", "lift"]]
        tables.append(Table("funnel_lift", shown, kinds={"element": "code", "lift": "ratio"},
                            vocab={"element": "checklist_element"}))
        rated = lift.dropna(subset=["difference"])
        if len(rated):
            top = rated.loc[rated["difference"].idxmax()]
            clauses.append(Text("find.funnel.lift", element=Code("checklist_element", top["element"]),
                                with_rate=Rate(top["win_rate_with"]), without_rate=Rate(top["win_rate_without"])))
    return Section("checklist", finding=sentence(*clauses) if clauses else None, tables=tuple(tables))


# --------------------------------------------------------------------------- forecast, collections

def forecast(d: dict, needs: Needs, *, labels: dict, currency: str) -> Section:
    """Stage-weighted (and checklist-adjusted) forecast with its 90% interval; backtest calibration."""
    table = d["forecast"]
    if table is None:
        return Section("forecast", needs=needs("forecast"))
    frame = table[["stage", "deals", "amount", "expected", "low", "high"]].copy()
    if d["forecast_checklist"] is not None:
        adjusted = d["forecast_checklist"].set_index("stage")
        for col in ("expected", "low", "high"):
            frame[f"checklist_{col}"] = frame["stage"].map(adjusted[col]).to_numpy()
    frame = frame[(frame["deals"] > 0) | (frame["stage"] == "total")].rename(columns={"expected": "stage_expected"})
    method = d.get("forecast_method") or "stage"
    chosen = d["forecast_checklist"] if method == "checklist" else table
    total = chosen.set_index("stage").loc["total"]
    interval = dict(expected=Money(total["expected"]), low=Money(total["low"]), high=Money(total["high"]),
                    deals=Count(total["deals"]))
    bt = d["backtest"]
    clauses = []
    if bt is not None and "p_checklist" in bt:
        from workbook.funnel.forecast import brier

        errors = dict(stage=Number(brier(bt["p_stage"], bt["won"]), 3),
                      checklist=Number(brier(bt["p_checklist"], bt["won"]), 3))
        clauses.append(Text("find.funnel.forecast_checklist" if method == "checklist" else
                            "find.funnel.forecast_stage", **interval, **errors))
    else:
        clauses.append(Text("find.funnel.forecast", **interval))
    tables = [Table("funnel_forecast", frame, kinds={"stage": "code", "deals": "count"}, vocab={"stage": "stage"},
                    headers={"deals": Text("col.deals"), "amount": Text("col.pipeline_amount")})]
    calibration = d["calibration"]
    if calibration is not None:
        tables.append(Table("funnel_calibration", calibration,
                            kinds={"model": "code", "bin": "rate", "n": "count", "predicted": "rate",
                                   "observed": "rate"}, vocab={"model": "forecast_model"},
                            headers={"n": Text("col.observations")}))
    chart = Chart(charts.plot_forecast_panel, (chosen, calibration),
                  {"stage_labels": labels, "currency": currency,
                   "title": Text("funnel.chart.title.forecast", expected=Money(total["expected"]),
                                 method=Text(f"funnel.chart.p_{method}")),
                   "calibration_title": None if bt is None or "p_checklist" not in bt else Text(
                       "funnel.chart.title.calibration", method=Text(f"funnel.chart.p_{method}"),
                       error=errors[method], other=errors["stage" if method == "checklist" else "checklist"])})
    note = None
    if d["completeness"] is not None and bt is not None:  # the client keeps a checklist: can it be scored?
        note = Text("note.funnel.backtest_as_entered" if d.get("checklist_as_entered") else
                    "note.funnel.backtest_needs")
    return Section("forecast", finding=sentence(*clauses), chart=chart, tables=tuple(tables), note=note)


def collections(d: dict, needs: Needs, *, terms_days: int, currency: str) -> Section:
    """Won -> delivered -> invoiced -> collected, the delays and the overdue deals (largest unpaid first);
    without delivery dates a note says the delivery step cannot be seen."""
    cash = d["collections"]
    if cash is None or cash.get("collected_share") is None:
        return Section("collections", needs=needs("collections"))
    rows = [("won_deals", cash["won_deals"], "count"), ("won_amount", cash["won_amount"], "money"),
            ("delivered_deals", cash.get("delivered_deals"), "count"),
            ("delivered_share", cash.get("delivered_share"), "rate"),
            ("median_days_to_delivery", cash.get("median_days_to_delivery"), "days"),
            ("invoiced_amount", cash["invoiced_amount"], "money"), ("invoiced_share", cash["invoiced_share"], "rate"),
            ("collected_amount", cash["collected_amount"], "money"),
            ("collected_share", cash["collected_share"], "rate"),
            ("median_days_to_cash", cash["median_days_to_cash"], "days"),
            ("overdue_deals", cash["overdue_deals"], "count"), ("overdue_amount", cash["overdue_amount"], "money")]
    clauses = [Text("find.funnel.collected", share=Rate(cash["collected_share"]))]
    if cash.get("overdue_deals"):
        clauses.append(Text("find.funnel.overdue", n=Count(cash["overdue_deals"]), terms=Days(terms_days),
                            unpaid=Money(cash["overdue_amount"])))
    tables = [metric_table("funnel_collections", rows, currency=currency)]
    if d["overdue"] is not None:
        tables.append(Table("funnel_overdue", d["overdue"], kinds={c.OWNER: "name", "unpaid": "money",
                                                                   "days_since_close": "days"}))
    note = Text("note.funnel.no_delivery") if cash.get("delivered_deals") is None else None
    return Section("collections", finding=sentence(*clauses), tables=tuple(tables), note=note)


# --------------------------------------------------------------------------- new vs existing business

def _quarter_text(quarter: str) -> tuple[str, str]:
    """``2024Q1`` as the zh and en labels (``2024年第1季度`` / ``Q1 2024``)."""
    year, q = quarter.split("Q")
    return tuple(t("funnel.quarter", lang, year=year, q=q) for lang in LANGS)


def business(d: dict, needs: Needs, *, currency: str = "CNY") -> Section:
    """Won revenue of the period by new vs existing customer x inbound (passive) vs outbound (active) origin,
    with the quarterly trend; the title states the self-developed share and existing customers' share of
    the inbound revenue."""
    bz = d.get("business")
    if bz is None or not bz["has_origin"] or not bz["deals"][c.AMOUNT].sum():
        return Section("business", needs=needs("business"))
    split, deals = bz["split"], bz["deals"]
    inbound = rules.ratio(deals.loc[deals["origin"].eq("inbound"), c.AMOUNT].sum(), deals[c.AMOUNT].sum())
    if bz["inbound_existing_share"] is None:
        finding = Text("find.funnel.business_no_inbound", share=Rate(bz["self_developed_share"]))
    else:
        existing_inbound = deals["customer_type"].eq("existing") & deals["origin"].eq("inbound")
        rest = rules.ratio(deals.loc[existing_inbound, c.AMOUNT].sum(), deals[c.AMOUNT].sum())
        finding = Text("find.funnel.business", share=Rate(bz["self_developed_share"]), rest=Rate(rest),
                       inbound=Rate(inbound), existing=Rate(bz["inbound_existing_share"]))
    trend = bz["trend"].assign(quarter=lambda f: f["quarter"].map(_quarter_text))
    won = {"deals": "won"}  # every row counts won deals
    tables = (Table("funnel_business", split.rename(columns=won),
                    kinds={"customer_type": "code", "origin": "code", "won": "count", "revenue": "money",
                           "revenue_share": "rate"},
                    vocab={"customer_type": "business_customer", "origin": "business_origin"}),
              Table("funnel_business_trend", trend.rename(columns=won),
                    kinds={"quarter": "text", "won": "count", "revenue": "money", "new_share": "rate",
                           "outbound_share": "rate"}))
    unknown = deals[deals["origin"].eq("unknown")]
    note = Text("note.funnel.business_new") if not len(unknown) else Text(
        "note.funnel.business_unknown", deals=Count(len(unknown)), revenue=Money(unknown[c.AMOUNT].sum()))
    trend_title = None
    shares = bz["trend"]["new_share"].dropna() if "new_share" in bz["trend"] else pd.Series(dtype=float)
    if len(shares) >= 2:
        trend_title = Text("funnel.chart.title.business_trend", first=Rate(shares.iloc[0]), last=Rate(shares.iloc[-1]))
    titles = (Text("funnel.chart.title.business", share=Rate(bz["self_developed_share"])), trend_title)
    chart = Chart(charts.plot_business, (split, bz["trend"]), {"currency": currency, "titles": titles})
    return Section("business", finding=finding, chart=chart, tables=tables, note=note)


def new_by_rep(d: dict, needs: Needs) -> Section:
    """Per rep: new customers won in the period and their revenue; the title names the rep who brings the most
    new-customer revenue and counts the reps who brought none."""
    bz = d.get("business")
    if bz is None or not rules.has(bz["deals"], c.OWNER):
        return Section("new_by_rep", needs=needs("new_by_rep"))
    table = bz["by_rep"]
    top, none = table.iloc[0], int(table["new_revenue"].le(0).sum())
    if top["new_revenue"] <= 0:
        finding = Text("find.funnel.new_by_rep_nil", reps=Count(len(table)))
    else:
        key = "find.funnel.new_by_rep" if none else "find.funnel.new_by_rep_all"
        finding = Text(key, rep=Name(top[c.OWNER]), revenue=Money(top["new_revenue"]),
                       customers=Count(top["new_customers"]),
                       share=Rate(rules.ratio(top["new_revenue"], table["new_revenue"].sum())), none=Count(none),
                       reps=Count(len(table)))
    return Section("new_by_rep", finding=finding, tables=(Table(
        "funnel_new_by_rep", table.rename(columns={"new_share": "new_share_own"}),
        kinds={c.OWNER: "name", "new_customers": "count", "new_revenue": "money", "won_revenue": "money",
               "new_share_own": "rate"}),))


# --------------------------------------------------------------------------- lead lifecycle

LIFECYCLE_KINDS = {"step": "code", "leads": "count", "median": "days", "p90": "days", "waiting": "count",
                   "waiting_median_age": "days"}


def lifecycle(d: dict, needs: Needs) -> Section:
    """The steps before a rep works a lead (assess, assign, follow up, nurture): median and p90 days per step and
    the leads waiting at each today (chart and table); the slowest wait named with its days, the source that
    waits longest for it, and the leads no rep has yet (listed, oldest first)."""
    lc = d.get("lifecycle") or {}
    summary = lc.get("summary")
    if summary is None or not len(summary):
        return Section("lifecycle", needs=needs("lifecycle"))
    clauses, slowest = [], lc.get("slowest")
    if slowest is not None:
        clauses.append(Text("find.funnel.lifecycle", step=Code("lifecycle_step", slowest["step"]),
                            days=Days(slowest["median"]), p90=Days(slowest["p90"])))
        by = lc.get("slowest_by_source")
        if by is not None and len(by) >= 2 and by["median"].iloc[0] > slowest["median"]:
            clauses.append(Text("find.funnel.lifecycle_source", source=Name(by[c.SOURCE].iloc[0], vocab="source"),
                                days=Days(by["median"].iloc[0])))
    unassigned = lc.get("unassigned")
    if unassigned is not None and len(unassigned):
        clauses.append(Text("find.funnel.lifecycle_unassigned", n=Count(len(unassigned)),
                            age=Days(unassigned["age_days"].median())))
    headers = {"leads": Text("col.lifecycle_leads"), "median": Text("col.lifecycle_median"),
               "p90": Text("col.p90"), "waiting": Text("col.waiting"),
               "waiting_median_age": Text("col.waiting_median_age")}
    tables = [Table("funnel_lifecycle", summary, kinds=LIFECYCLE_KINDS, vocab={"step": "lifecycle_step"},
                    headers=headers, appendix=False)]
    by = lc.get("slowest_by_source")
    if by is not None and len(by):
        tables.append(Table("funnel_lifecycle_by_source", by, kinds={c.SOURCE: "name", "leads": "count",
                                                                     "median": "days", "p90": "days"},
                            headers=headers, vocab=SOURCE_VOCAB))
    if unassigned is not None and len(unassigned):
        frame = unassigned[[col for col in (c.LEAD_ID, c.CREATED_DATE, c.SOURCE, "age_days") if col in unassigned]]
        tables.append(Table("funnel_unassigned", frame, kinds={c.LEAD_ID: "id", c.CREATED_DATE: "date",
                                                                c.SOURCE: "name", "age_days": "days"},
                            vocab=SOURCE_VOCAB))
    finding = sentence(*clauses) if clauses else None
    chart = None
    if summary["median"].notna().any():
        title = None if slowest is None else Text("funnel.chart.title.lifecycle", step=Code("lifecycle_step",
                                                                                          slowest["step"]),
                                                   days=Days(slowest["median"]))
        chart = Chart(charts.plot_lifecycle, (summary,), {"title": title})
    return Section("lifecycle", finding=finding, chart=chart, tables=tuple(tables))


def nurture(d: dict, needs: Needs) -> Section:
    """Leads with a contact before the hand-off against those handed over cold (conversion side by side),
    the nurture pool and the leads recycled after a lost deal."""
    lc = d.get("lifecycle") or {}
    comparison, pool, recycled = lc.get("comparison"), lc.get("pool"), lc.get("recycled")
    if comparison is None and pool is None and recycled is None:
        return Section("nurture", needs=needs("nurture"))
    clauses, tables, chart = [], [], None
    if comparison is not None:
        rows = comparison.set_index("group")
        yes, no = rows.loc["nurtured"], rows.loc["not_nurtured"]
        if "opportunity_rate" in rows:
            better = yes["opportunity_rate"] > no["opportunity_rate"]
            clauses.append(Text("find.funnel.nurture" if better else "find.funnel.nurture_same",
                                nurtured=Rate(yes["opportunity_rate"]), n=Count(yes["leads"]),
                                cold=Rate(no["opportunity_rate"]), m=Count(no["leads"]),
                                gap=Number(abs(lk.points(yes["opportunity_rate"], no["opportunity_rate"])))))
            chart = Chart(charts.plot_nurture, (comparison,), {"title": Text(
                "funnel.chart.title.nurture", nurtured=Rate(yes["opportunity_rate"]),
                cold=Rate(no["opportunity_rate"]))})
        tables.append(Table("funnel_nurture", comparison,
                            kinds={"group": "code", "leads": "count", "opportunities": "count",
                                   "opportunity_rate": "rate", "won": "count", "win_rate": "rate"},
                            vocab={"group": "nurture_group"},
                            headers={"group": Text("col.nurture_group"),
                                     "opportunity_rate": Text("col.opportunity_rate"),
                                     "win_rate": Text("col.lead_to_win_rate")}, appendix=False))
    if pool is not None and not len(pool):
        clauses.append(Text("find.funnel.nurture_pool_empty"))
    elif pool is not None:
        clauses.append(Text("find.funnel.nurture_pool", n=Count(len(pool)), age=Days(pool["age_days"].median())))
        frame = pool[[col for col in (c.LEAD_ID, c.CREATED_DATE, c.SOURCE, c.OWNER, c.NURTURE_START, "age_days")
                      if col in pool]]
        tables.append(Table("funnel_nurture_pool", frame, kinds={c.LEAD_ID: "id", c.CREATED_DATE: "date",
                                                                  c.SOURCE: "name", c.OWNER: "name",
                                                                  c.NURTURE_START: "date", "age_days": "days"},
                            headers={"age_days": Text("col.nurture_age")}, vocab=SOURCE_VOCAB))
    if recycled is not None and len(recycled):
        clauses.append(Text("find.funnel.recycled", n=Count(len(recycled)),
                            after_loss=Count(int(recycled["after_loss"].sum()))))
        tables.append(Table("funnel_recycled", recycled, kinds={c.LEAD_ID: "id", c.SOURCE: "name", c.OWNER: "name",
                                                                 c.REASSIGNED_COUNT: "count", "after_loss": "bool"},
                            vocab=SOURCE_VOCAB))
    finding = sentence(*clauses) if clauses else None
    return Section("nurture", finding=finding, chart=chart, tables=tuple(tables))
