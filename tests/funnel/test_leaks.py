"""The leaks valued on the one scale of every action (workbook.funnel.leaks): like-for-like sources, each value
formula by hand, lost = closed lost, the forecast the report uses."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbook.core.config import ClientConfig
from workbook.core.formats import render
from workbook.core.result import Text
from workbook.funnel import diagnosis as dg
from workbook.funnel import leaks as lk
from workbook.funnel import pipeline as pl
from workbook.funnel import sections

LABELS = dg.labels(ClientConfig(client_name="Demo"))


def _journey(rows: list[tuple[str, str, int, int, float]]) -> pd.DataFrame:
    """A journey from ``(source, source_type, leads, won, cost per lead)``, every won deal worth 1,000."""
    frames = []
    for source, kind, leads, won, cost in rows:
        frames.append(pd.DataFrame({"source": source, "source_type": kind, "won": np.arange(leads) < won,
                                    "opp_amount": np.where(np.arange(leads) < won, 1000.0, np.nan), "cost": cost}))
    return pd.concat(frames, ignore_index=True)


# sources: web is cheap volume (2 of 100 won for 50 of cost: 40 per unit), fair and events are dear
SOURCES = [("web", "passive", 100, 2, 0.5), ("fair", "passive", 100, 5, 10.0), ("old", "passive", 100, 20, 1.0),
           ("events", "active", 50, 1, 10.0), ("tech", "active", 50, 10, 10.0)]


def test_a_source_is_compared_with_its_own_kind_and_a_cheap_source_above_the_median_return_is_not_weak():
    table = lk.like_for_like(_journey(SOURCES)).set_index("source")
    # peers of the same source type: web against fair + old (25 of 200 = 12.5%), events against tech (10 of 50)
    assert table.loc["web", "benchmark_rate"] == pytest.approx(0.125)
    assert table.loc["web", "gap"] == pytest.approx(0.125 - 0.02)
    assert table.loc["events", "benchmark_rate"] == pytest.approx(0.2)
    assert table.loc["tech", "gap"] == pytest.approx(1 / 50 - 0.2)  # tech beats its peers: a negative gap
    # won revenue per unit of cost: web 2,000 / 50 = 40, fair 5, old 200, events 2, tech 20: median 20
    assert lk.median_return(table) == 20.0
    # web converts furthest below its peers after events, yet returns 40 > 20: never the weak source;
    # events (18 points below, 50 leads) outweighs the fair (7.5 points below... of 100 leads: 7.5 < 9)
    pick = lk.weak_source(table.reset_index())
    assert pick["source"] == "events"
    d = {"sources": table.reset_index(), "reverse": {"avg_deal": 1000.0}, "lead_months": 24.0}
    row = lk.leaks(d, {}).set_index("leak").loc["weak_source"]
    # 50 leads in 24 months = 25 a year x half the 18-point gap x 1,000 = 2,250
    assert row["money"] == pytest.approx(25 * 0.5 * 0.18 * 1000)
    assert render(row["basis"], "en") == ("25 events leads a year x half the 18.0-pp gap to like-for-like sources x "
                                          "CNY 1,000 average won deal = CNY 2,250")
    text = render(Text("act.funnel.weak_source", **row["fields"]), "en")
    assert text.startswith("Screen and route events's leads faster: its 50 leads are won at 2%, 18.0 pp below "
                           "other active sources (20%), and each unit of its acquisition cost brings 2.0 of won "
                           "revenue, not above the median source's 20.0")


def test_like_for_like_weights_new_and_existing_customers_leads_by_the_sources_own_mix():
    created = pd.Timestamp("2025-06-01")
    # web: 20 new customers' leads, 1 won; old: 20 existing customers' leads, 10 won;
    # fair: 10 new (1 won) and 10 existing (5 won)
    customers = ["N"] * 20 + ["E"] * 20 + ["N"] * 10 + ["E"] * 10
    won = [i < 1 for i in range(20)] + [i < 10 for i in range(20)] + [i < 1 for i in range(10)] + \
        [i < 5 for i in range(10)]
    journey = pd.DataFrame({"source": ["web"] * 20 + ["old"] * 20 + ["fair"] * 20, "source_type": "passive",
                            "customer_id": customers, "created_date": created, "won": won})
    first_won = pd.Series(pd.to_datetime(["2024-01-01"]), index=["E"])
    mixed = lk.like_for_like(journey, first_won=first_won).set_index("source")
    # web's leads are all new customers': its peers' new-customer leads are the fair's 10, 1 won = 10%
    assert mixed.loc["web", "existing_share"] == 0.0 and mixed.loc["web", "benchmark_rate"] == pytest.approx(0.1)
    # the fair, half and half: new 1 of 20 (web) = 5%, existing 10 of 20 (old) = 50%: 0.5 x 5% + 0.5 x 50%
    assert mixed.loc["fair", "benchmark_rate"] == pytest.approx(0.275)
    # blind to the mix, web would be measured against old customers' repeat orders: 16 of 40 = 40%
    blind = lk.like_for_like(journey).set_index("source")
    assert blind.loc["web", "benchmark_rate"] == pytest.approx(0.4) and np.isnan(blind.loc["web", "existing_share"])


def test_leaks_valued_on_the_12_month_scale_largest_first():
    # 10 rotting leads; followed-up leads win 1 in 4; average won deal 1,000; 24 months of leads
    journey = pd.DataFrame({"followed_up": [True] * 4 + [False] * 10, "won": [True] + [False] * 13})
    d = {"rotting": pd.DataFrame({"lead_id": [f"L{i}" for i in range(10)]}), "journey": journey, "lead_months": 24.0,
         "reverse": {"avg_deal": 1000.0, "gap_per_month": 5.0, "required_leads_per_month": 20.0,
                     "current_leads_per_month": 15.0, "lead_to_win_rate": 0.1, "lag_days": 0.0},
         "window_days": 7, "collections": {"overdue_deals": 2, "overdue_amount": 4000.0},
         "stuck": pd.DataFrame({"stage": ["bid"], "amount": [500.0]})}
    table = lk.leaks(d, {}, probabilities={"bid": 0.6})
    # funnel mouth: half the gap of 5 a month x 12 months (a lead wins within days) = 30 leads x 10% x 1,000;
    # unused: 10 recent leads x half of 25% x 1,000 = 1,250; overdue cash is cash, not revenue: 0;
    # the stuck deal's 500 x 60% = 300 is already in the forecast: 0
    assert table[["leak", "leads", "money"]].values.tolist() == [
        ["funnel_mouth", 30, 3000.0], ["unused_leads", 10, 1250.0], ["uncollected_cash", 2, 0.0],
        ["stalled_deals", 1, 0.0]]
    assert table["sheet"].tolist() == [None, "funnel_rotting_leads", "funnel_overdue", "funnel_stuck_deals"]
    rows = table.set_index("leak")
    assert render(rows.loc["funnel_mouth", "basis"], "en") == (
        "half the monthly lead gap of 5 x the 12.0 months in which a new lead can still be won this year (median "
        "lead to win 0 days) x 10% lead-to-win rate x CNY 1,000 average won deal = CNY 3,000")
    cash = render(Text("act.funnel.uncollected_cash", **rows.loc["uncollected_cash", "fields"]), "zh")
    assert cash == "催收 2 单超期未结清的赢单，未回款 4,000 元（这是现金，不是新增收入，不计入价值）。"
    assert lk.leak_figures(table, n=2) == [{"step": "funnel_mouth", "leads": 30, "money": 3000.0},
                                           {"step": "unused_leads", "leads": 10, "money": 1250.0}]
    # a target 200 above the last 12 months caps the mouth's value at 200, and the basis says so
    d["reverse"] |= {"revenue_target": 1000.0, "run_rate": 800.0, "lag_days": 91.3125}  # 3 months to win
    mouth = lk.leaks(d, {}).set_index("leak").loc["funnel_mouth"]
    assert mouth["leads"] == round(0.5 * 5 * 9) and mouth["money"] == 200.0  # 22.5 x 10% x 1,000 = 2,250 > 200
    assert render(mouth["basis"], "en").endswith(
        "= CNY 200 (capped at the target minus the last 12 months' won revenue, CNY 200)")


def test_only_recent_rotting_leads_are_valued():
    journey = pd.DataFrame({"followed_up": [True] * 4 + [False] * 3, "won": [True] + [False] * 6})
    rotting = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "age_days": [500.0, 91.0, 20.0]})
    row = lk.leaks({"rotting": rotting, "journey": journey, "reverse": {"avg_deal": 1000.0}, "window_days": 7},
                   {}).set_index("leak").loc["unused_leads"]
    assert row["leads"] == 3  # the whole list is acted on ...
    assert row["money"] == 1 * 0.5 * 0.25 * 1000  # ... but only L3 (20 days) is worth money, at half the rate


def test_the_step_into_won_counts_closed_lost_deals_not_opportunities_minus_won():
    # 40 opportunities: 10 won, 20 closed lost, 10 still open
    journey = pd.DataFrame({"won": [True] * 10 + [False] * 90, "lost": [False] * 10 + [True] * 20 + [False] * 70})
    funnel = pd.DataFrame({"stage": ["leads", "opportunity", "won"], "count": [100, 40, 10],
                           "step_rate": [np.nan, 0.4, 0.25], "cumulative_rate": [1.0, 0.4, 0.1]})
    # the top 20% of reps win 36% of their closed deals, the others 30% of their 24
    top = pd.DataFrame({"step": ["opportunity", "won"], "top_rate": [0.5, 0.36], "rest_rate": [0.35, 0.3],
                        "gap": [0.15, 0.06], "ratio": [0.5 / 0.35, 1.2], "rest_trials": [80, 24]})
    d = {"journey": journey, "funnel": funnel, "top_vs_rest": top, "reverse": {"avg_deal": 100.0}, "lead_months": 12}
    row = lk.leaks(d, {}).set_index("leak").loc["weak_step"]
    # weakest step: into won; 20 deals closed lost (not 40 - 10 = 30: the open ones are undecided);
    # the others' 24 closed deals a year x half the 6-point gap to the top reps x 100 = 72
    assert (row["leads"], row["money"]) == (20, pytest.approx(72.0))
    assert render(Text("act.funnel.weak_step", **row["fields"]), "en", labels=LABELS) == (
        "Fix the step into \"Won\" (win rate of closed deals 33.3%; 20 deals closed lost): closing half the gap "
        "between the other reps and the top 20% adds about CNY 72 in won deals a year.")
    assert render(row["basis"], "en", labels=LABELS) == (
        "the other reps' 24 closed deals a year x half their 6.0-pp win-rate gap to the top 20% of reps x "
        "CNY 100 average won deal = CNY 72")
    assert render(row["kpi"], "zh", labels=LABELS) == "其余销售进入「赢单」的通过率（目前 30%）"


def test_late_engagement_is_half_the_gap_on_a_years_late_deals():
    tender = pd.DataFrame({"timing": ["before", "after"], "closed": [10, 20], "won": [5, 4],
                           "win_rate": [0.5, 0.2]})
    d = {"tender": tender, "reverse": {"avg_deal": 1000.0}, "lead_months": 24.0,
         "first_hand": {"first_hand_share": 0.25}}
    row = lk.leaks(d, {"funnel.pre_tender_win_rate": 0.5, "funnel.post_tender_win_rate": 0.2}).set_index(
        "leak").loc["late_engagement"]
    # 20 late deals in 24 months = 10 a year x half of 30 points x 1,000 = 1,500
    assert row["money"] == pytest.approx(1500.0)
    assert render(row["basis"], "zh") == ("每年 10 个标后才介入的已关闭商机 × 标前标后赢单率差 30.0 个百分点的一半 × "
                                          "平均单笔赢单 1,000 元 = 1,500 元")
    assert render(row["kpi"], "en") == "First-hand lead share (now 25%)"


def test_the_forecast_that_backtests_better_is_the_one_used():
    table = pd.DataFrame({"stage": ["bid", "total"], "expected": [60.0, 60.0], "low": [0.0, 0.0],
                          "high": [100.0, 100.0], "deals": [1, 1]})
    checklist = table.assign(expected=90.0)
    # deals won, lost: the checklist's 0.9 / 0.1 beats the stage's flat 0.6 (Brier 0.01 against 0.26)
    bt = pd.DataFrame({"p_stage": [0.6, 0.6], "p_checklist": [0.9, 0.1], "won": [True, False]})
    d = {"forecast": table, "forecast_checklist": checklist, "backtest": bt}
    assert dg.forecast_method(d) == "checklist" and dg.forecast_total(d)["expected"] == 90.0
    assert dg.forecast_method(d | {"backtest": bt.assign(p_checklist=[0.1, 0.9])}) == "stage"
    assert dg.forecast_method(d | {"forecast_checklist": None}) == "stage"
    assert dg.forecast_method({"forecast": None}) is None


def test_rep_win_rates_show_the_actual_rate_and_its_counts_beside_the_adjusted_one():
    # R07 won 9 of 46 closed deals; the others 30 of 100: the adjusted rate pulls R07 toward the team's
    steps = pd.DataFrame({"owner": ["R07", "R01", "R02"], "step": "won", "trials": [46, 100, 100],
                          "successes": [9, 30, 30]})
    conv = pl.rep_conversion(steps)
    section = sections.reps({"reps": conv, "top_vs_rest": None}, lambda key: ())
    frame = section.tables[0].frame.set_index("owner")
    assert frame.loc["R07", ["closed", "won_deals"]].tolist() == [46, 9]
    assert frame.loc["R07", "win_rate"] == pytest.approx(9 / 46)  # 19.6%, shown as it is
    assert frame.loc["R07", "adjusted_win_rate"] == pytest.approx(conv.set_index("owner").loc["R07", "shrunk_rate"])
    # the team's win rate of closed deals: 69 / 246 = 28.0%, said in the note
    assert render(section.note, "zh").startswith("「调整后赢单率」把已关闭商机少的销售的赢单率向团队的 28%收拢")


def test_the_funnels_title_counts_closed_lost_deals_and_the_open_ones_apart():
    journey = pd.DataFrame({"won": [True] * 10 + [False] * 90, "lost": [False] * 10 + [True] * 20 + [False] * 70})
    funnel = pd.DataFrame({"stage": ["leads", "opportunity", "won"], "count": [100, 40, 10],
                           "step_rate": [np.nan, 0.4, 0.25], "cumulative_rate": [1.0, 0.4, 0.1]})
    d = {"journey": journey, "funnel": funnel, "funnel_any": funnel}
    section = sections.funnel(d, lambda key: (), labels=LABELS)
    # 40 opportunities: 10 won + 20 closed lost = 30 closed (33.3%), 10 open; never "30 lost"
    assert render(section.finding, "en", labels=LABELS) == (
        "The biggest break is winning: of 30 closed deals only 10 were won (33.3%) and 20 were lost, with 10 still "
        "open; 10% of leads reach \"Won\".")
    title = render(section.chart.kwargs["title"], "zh", labels=LABELS)
    assert title == "10% 的线索走到「赢单」，最大断点在进入「赢单」"


def test_the_cheapest_volume_is_never_called_weak_even_when_it_converts_worst():
    # web wins 1 of 100 for 20 of cost (50 per unit), the fair 10 of 100 for 1,000 (10 per unit): median 30
    journey = _journey([("web", "passive", 100, 1, 0.2), ("fair", "passive", 100, 10, 10.0)])
    table = lk.like_for_like(journey)
    assert lk.weak_source(table) is None  # web is 9 points below the fair, but returns above the median
    d = {"sources": table, "journey": journey, "active": None}
    finding = sections.sources(d, lambda key: ()).finding
    assert render(finding, "en") == ("web has the lowest lead-to-win rate (1%), yet each unit of its acquisition "
                                     "cost brings 50.0 of won revenue, above the median source's 30.0: cheap volume "
                                     "to screen and route, not to cut.")
    assert "weak_source" not in set(lk.leaks(d | {"reverse": {"avg_deal": 1000.0}}, {})["leak"])
