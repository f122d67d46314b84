"""workbook.timealloc.value: each action's 12-month value, hand-worked on tiny frames (arithmetic in comments)."""
from __future__ import annotations

import types

import pandas as pd
import pytest

from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
from workbook.core.config import ClientConfig
from workbook.core.formats import render
from workbook.timealloc import allocation as ta
from workbook.timealloc import sections, selling, summary
from workbook.timealloc import value as tv

END = "2025-12-31"
# one rep, two logged weeks: 10 h of direct selling and 20 h of order entry a week
LOG = pd.DataFrame({"owner": ["R1"] * 4, "period": pd.to_datetime(["2025-03-03"] * 2 + ["2025-03-10"] * 2),
                    "category": ["customer_meeting", "order_entry"] * 2, "hours": [10.0, 20.0] * 2})
# R1 won 2 deals of 36,500 in 2025 (365 days): 200 a day; 20 selling hours in 14 logged days = 1 3/7 h a day,
# so 200 / (20 / 14) = 140 of won revenue per selling hour
OPPS = pd.DataFrame({"opportunity_id": ["O1", "O2", "O3", "O4"], "owner": ["R1"] * 4,
                     "status": ["won", "won", "lost", "open"], "amount": [36_500.0, 36_500.0, 10_000.0, 50_000.0],
                     "close_date": pd.to_datetime(["2025-04-01", "2025-09-01", "2025-05-01", None]),
                     "customer_id": ["A", "B", "C", "A"]})


def test_revenue_per_selling_hour_of_the_tiny_client():
    rate = ta.revenue_per_selling_hour(OPPS, LOG, categories=CATS, start="2025-01-01", end=END)
    assert rate == pytest.approx(140.0)


def test_work_room_is_the_follow_up_action_plus_tier_4_trust():
    # the cap is exactly the other chapters' values: the funnel's follow-up action 182,500 + tier 4's trust 10,000
    room = tv.work_room(182_500.0, trust=10_000.0)
    assert (room["followup"], room["trust"], room["cap"]) == (182_500.0, 10_000.0, 192_500.0)
    # either part alone is the cap; neither sized: no cap (the basis then says the cap cannot be checked)
    assert tv.work_room(182_500.0)["cap"] == 182_500.0 and tv.work_room(None, trust=20_000.0)["cap"] == 20_000.0
    assert tv.work_room(None)["cap"] is None and tv.work_room(0.0, trust=0.0)["cap"] is None


def test_offload_value_cap_not_binding():
    # half of 20 h of order entry a week moves: 10 h a week x 46 weeks = 460 h; x 140 = 64,400 gross;
    # a quarter (half the hours sell, at half today's rate) = 16,100, under the cap of 182,500;
    # less 460 h x 10 of support cost = 4,600: 11,500 (15%: 9,660 - 4,600 = 5,060; 35%: 22,540 - 4,600 = 17,940)
    off = ta.offload_summary(LOG, categories=CATS, moved={"order_entry": 0.5}, support_hourly_cost=10)
    assert off["offload_hours_per_week"] == pytest.approx(10.0)
    room = tv.work_room(182_500.0)
    worth = tv.offload_value(off["offload_hours_per_week"], revenue_per_hour=140.0, support_hourly_cost=10,
                             cap=room["cap"])
    assert worth["hours"] == pytest.approx(460.0) and worth["gross"] == pytest.approx(64_400.0)
    assert worth["value"] == pytest.approx(11_500.0) and not worth["capped"]
    assert (worth["low"], worth["high"]) == (pytest.approx(5_060.0), pytest.approx(17_940.0))
    # the KPI target the value assumes: (20 direct + half of 20 freed hours) / 60 logged = 50%, not the 66.7%
    # of every freed hour selling
    assert off["after_offload_share"] == pytest.approx(40 / 60)
    assert selling.logged_span(LOG, off)["target_share"] == pytest.approx(30 / 60)


def test_offload_value_cap_binding():
    # following up leads is worth 12,000 (the funnel's action) and tier 4's trust 8,000: a cap of 20,000.
    # At 1,400 an hour the quarter is 161,000 > 20,000: every share is capped, 20,000 - 4,600 = 15,400
    room = tv.work_room(12_000.0, trust=8_000.0)
    assert room["cap"] == pytest.approx(20_000.0)
    worth = tv.offload_value(10.0, revenue_per_hour=1_400.0, support_hourly_cost=10, cap=room["cap"])
    assert worth["capped"]
    assert worth["value"] == worth["low"] == worth["high"] == pytest.approx(15_400.0)
    # the basis says the cap applied, with its parts, and discloses the time log it scales
    off = {"offload_hours_per_week": 10.0, "revenue_per_selling_hour": 1_400.0, "weeks": 2.0,
           **selling.logged_span(LOG, {})}
    text = render(selling.offload_basis(worth, room, off), "en")
    assert text.startswith("2 weeks of time log (2025-03-03 to 2025-03-10) scaled to 46 working weeks: ")
    # the cap says what it is made of, truthfully: two other chapters' actions, which the total counts once
    assert ("more than the work freed time can go to, so it is capped at CNY 20,000 (CNY 12,000 for following up "
            "leads (the funnel chapter's action), CNY 8,000 for building trust with tier 4 (the quality-matrix "
            "chapter's action); the offload draws on the same work, so the report's total counts only one") in text
    assert "no other action" not in text and "open deals are already in the forecast and not counted" in text
    zh = render(selling.offload_basis(worth, room, off), "zh")
    assert ("超过释放时间可投入的工作，按其上限计为 2.0 万元（跟进线索 1.2 万元（漏斗诊断一章的行动）、"
            "与4级客户建立信任 8,000 元（客户质量矩阵一章的行动）；转交杂务与之重叠，报告总额只计其中一项") in zh


def test_offload_value_is_never_negative_and_needs_a_rate():
    # 1 h a week x 46 x 10 = 460 gross, a quarter is 115, less 46 x 80 = 3,680 of cost: 0, not a loss
    assert tv.offload_value(1.0, revenue_per_hour=10.0, support_hourly_cost=80, cap=None)["value"] == 0.0
    assert tv.offload_value(1.0, revenue_per_hour=None, support_hourly_cost=80, cap=None)["value"] is None


def test_quote_value_half_the_gap_on_a_year_of_slow_deals():
    # within 48 h: 3 won of 4 closed (75%); slower: 1 won of 4 closed (25%): a 50-pp gap.
    # Slow-quoted deals requested in 2025: O5..O9 (5; O10 was requested in 2024) x 25 pp = 1.25 more wins,
    # counted whole as 1 so the page ties: 1 x 36,500 average won deal = 36,500
    q = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(1, 11)],
                      "band": [0, 0, 0, 0, 1, 2, 3, 3, 1, 3],
                      "status": ["won", "won", "won", "lost", "won", "lost", "lost", "lost", "open", "won"],
                      "requested_date": pd.to_datetime(["2025-03-01"] * 9 + ["2024-06-01"])})
    out = tv.quote_value(q, OPPS, end=END)
    assert (out["fast"], out["slow"]) == (0.75, pytest.approx(2 / 5))  # O10 (won, 2024) counts in the rates
    q = q.iloc[:9]
    out = tv.quote_value(q, OPPS, end=END)
    assert (out["fast"], out["fast_n"], out["slow"], out["slow_n"]) == (0.75, 4, 0.25, 4)
    assert out["slow_deals"] == 5 and out["wins"] == 1.0 and not out["capped"]
    assert out["value"] == pytest.approx(36_500.0)


def test_quote_value_ties_on_the_page():
    # the sample's figures: 573 slow deals x half the 23.6-pp gap = 67.6, shown as 68 wins; the value is
    # 68 x the average deal shown in full (487,616) = 33,157,888, so the sentence's product is the value shown
    worth = {"slow_deals": 573, "gap": 0.236, "fast": 0.596, "fast_n": 359, "slow": 0.36, "slow_n": 983,
             "wins": 68.0, "average_deal": 487_616.0, "value": 68 * 487_616.0, "capped": False}
    facts = {"quote_summary": {"within_48h_share": 0.266}, "quote_value": worth}
    [action] = summary.actions(facts)
    assert action.value == 33_157_888.0
    assert render(action.basis, "zh").endswith("≈ 多赢 68 单 × 平均赢单金额 487,616 元 = 3,316 万元。")
    assert render(action.basis, "en").endswith("= about 68 more wins x the CNY 487,616 average won deal = CNY 33.2m.")


def test_quote_value_capped_by_the_slow_deals_not_won():
    # fast: 2 won of 2 (100%); slow: 10 lost in 2024 and 2 won in 2025, 2 of 12 (16.7%): an 83.3-pp gap.
    # The 2 slow deals of 2025 x 41.7 pp = 0.83 more wins, but both are won already: capped at 0 not won
    q = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(14)], "band": [0, 0] + [2] * 12,
                      "status": ["won", "won"] + ["lost"] * 10 + ["won", "won"],
                      "requested_date": pd.to_datetime(["2025-03-01"] * 2 + ["2024-03-01"] * 10
                                                       + ["2025-03-01"] * 2)})
    out = tv.quote_value(q, OPPS, end=END)
    assert out["gap"] == pytest.approx(1 - 2 / 12) and out["slow_deals"] == 2
    assert out["capped"] and out["wins"] == 0.0 and out["value"] == 0.0
    # one of them lost instead: 1 not won caps nothing (0.83 <= 1)
    out = tv.quote_value(q.assign(status=["won", "won"] + ["lost"] * 11 + ["won"]), OPPS, end=END)
    assert not out["capped"] and out["wins"] == 1.0  # 2 x 91.7 pp / 2 = 0.92, one whole win


# --- the tier doctrine: channel advice by tier only on tiers that rank outcomes --------------------------------

def _check(ranks: bool):
    """A stand-in for :class:`workbook.customers.doctrine.TierCheck`: tier 5 wins 40.0% of 50, tier 1 25.0% of 20."""
    return types.SimpleNamespace(ranks=ranks, off=("level",), win_rate={"1": 0.25, "5": 0.4},
                                 closed={"1": 20, "5": 50}, left_out=(), assets_rate=0.3, others_rate=0.35)


def _channel(check):
    """The cost test's tiny client (tier 5: 10 visits) with a visit cost of 1,000, tier 5's visits half to phone."""
    from tests.timealloc.test_cost_and_wording import ACTS, PERIOD, TIERS
    from tests.timealloc.test_cost_and_wording import OPPS as COST_OPPS

    cfg = ClientConfig(client_name="Demo", period=PERIOD, visit_cost=1000)
    return sections.channel_part(ACTS, tiers=TIERS, opportunities=COST_OPPS, config=cfg, start=PERIOD["start"],
                                 end=PERIOD["end"], shift={5: {"phone": 0.5, "email": 0.0}}, needs=(), check=check)


def test_channel_advice_by_tier_is_withheld_when_the_tiers_do_not_rank():
    kept = _channel(_check(True))
    assert kept.facts["shift"] is not None and not kept.facts["shift_withheld"]
    assert [a.text.key for a in summary.actions(kept.facts)] == ["act.timealloc.channel"]
    withheld = _channel(_check(False))
    section = withheld.sections[1]
    assert section.key == "channel_shift" and not section.tables and section.chart is None
    assert withheld.facts["shift"] is None and withheld.facts["shift_withheld"]
    assert summary.actions(withheld.facts) == ()  # no visit-to-phone action
    assert render(section.finding, "en") == (
        "Channel advice by tier waits until the grading is recalibrated: after the tier date, tier 5 won 40.0% of its "
        "closed deals (50), more than tier 1's 25.0% (20).")
    assert "待分级规则重新校准" in render(section.finding, "zh")


def test_stale_tiers_client_gets_no_channel_advice(stale_tiers_client):
    from workbook.customers.doctrine import check_tiers

    assert check_tiers(stale_tiers_client).ranks is False
    result = summary.compute(stale_tiers_client)
    assert result.figures["channel.shift_withheld"] is True
    assert not [a for a in result.actions if a.text.key.startswith("act.timealloc.channel")]
    assert result.section("channel_shift").finding.key.startswith("find.timealloc.channel_shift_withheld")
    assert [line.key for line in result.summary][-1] == "summary.timealloc.withheld"
    assert "channel_shift" in result.exhibits[:3]  # the main report says why tier advice waits


def worth_cap(result) -> float:
    """The offload's cap as the chapter's arithmetic table states it."""
    frame = result.section("offload").tables[0].frame
    return float(frame.loc[frame["measure"] == "cap_12m", "value"].iloc[0])


@pytest.mark.slow
def test_sample_offload_value_target_and_basis_agree(sample_client):
    result = summary.compute(sample_client)
    [action] = [a for a in result.actions if a.section == "offload"]
    assert action.pool == "time+leads+customers" and action.pools == ("time", "leads", "customers")
    # the KPI target is what the value assumes: (direct + half the freed hours) / all hours = 20.5%, not 27.7%
    assert "目标 20.5%：释放工时的一半用于直接销售" in render(action.kpi, "zh")
    basis = render(action.basis, "zh", labels=result.labels)
    # the time log is disclosed, and hours x the rate shown in full x 25% ties: 5,620 x 38,818 x 25% = 5,454 万元
    assert basis.startswith("10 周工时记录（2025-10-20 至 2025-12-22）按每年 46 个工作周折算")
    assert "5,620 小时；× 每直接销售小时赢单 38,818 元 × 实现比例 25.0%" in basis and "= 5,454 万元" in basis
    # the cap is exactly the funnel chapter's follow-up action plus the quality matrix's trust with tier 4 (when
    # sized), each named with its chapter, and the basis says the total counts only one of these
    from workbook.core.formats import value_text
    from workbook.funnel import diagnosis
    followup = next(a.value for a in diagnosis.compute(sample_client).actions
                    if a.text.key == "act.funnel.unused_leads")
    trust = summary.matrix_facts(sample_client)["trust"]
    assert followup > 0 and worth_cap(result) == pytest.approx(followup + (trust or 0.0))
    assert f"跟进线索 {value_text(followup, 'money', 'zh')}（漏斗诊断一章的行动）" in basis
    assert "转交杂务与之重叠，报告总额只计其中一项" in basis and "尚未计入其他行动" not in basis
    # the section's note does not repeat the basis
    assert result.section("offload").note.key == "note.timealloc.offload_log"
