"""Hand-worked tables for workbook.funnel.journey: four leads, three opportunities (won, lost, open)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from workbook.core.config import DEFAULT_STAGES
from workbook.funnel import journey as fn

D = pd.Timestamp


@pytest.fixture
def leads():
    return pd.DataFrame({
        "lead_id": ["L1", "L2", "L3", "L4"],
        "created_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-10", "2025-01-10"]),
        "source": ["A", "A", "B", "B"],
        "source_type": ["active", "active", "passive", "passive"],
        "owner": ["R1", "R2", "R1", "R2"],
        "first_followup_date": pd.to_datetime(["2025-01-02", None, "2025-01-20", None]),
        "qualified_date": pd.to_datetime(["2025-01-05", None, None, None]),
        "opportunity_id": ["O1", "O2", None, None],
        "cost": [10.0, 30.0, 5.0, 5.0],
        "tender_date": pd.to_datetime(["2025-01-03", "2025-01-01", None, None]),
    })


@pytest.fixture
def opps():
    return pd.DataFrame({
        "opportunity_id": ["O1", "O2", "O3"],
        "created_date": pd.to_datetime(["2025-01-06", "2025-01-01", "2025-01-12"]),
        "stage": ["negotiate", "solution", "bid"], "status": ["won", "lost", "open"],
        "amount": [100.0, 50.0, 70.0], "close_date": pd.to_datetime(["2025-02-01", "2025-03-01", None]),
        "collected_amount": [100.0, np.nan, np.nan],
    })


def test_journey_flags_and_opportunity_without_follow_up(leads, opps):
    j = fn.lead_journey(leads, opps)
    assert fn.journey_stages(j) == fn.LEAD_STAGES
    assert j["opportunity"].tolist() == [True, True, False, False]
    assert j["won"].tolist() == [True, False, False, False]
    assert j["lost"].tolist() == [False, True, False, False]
    assert j["cash"].tolist() == [True, False, False, False]
    assert j["opp_amount"].tolist()[:2] == [100.0, 50.0] and j["opp_amount"].isna().tolist()[2:] == [True, True]


def test_journey_links_by_lead_id_when_leads_lack_opportunity_ids(leads, opps):
    j = fn.lead_journey(leads.drop(columns="opportunity_id"), opps.assign(lead_id=["L3", None, "L3"]))
    # L3 has two opportunities: the won one is preferred
    assert j["opportunity"].tolist() == [False, False, True, False]
    assert j["won"].tolist() == [False, False, True, False]


def test_funnel_in_order_vs_any_point(leads, opps):
    j = fn.lead_journey(leads, opps)
    in_order = fn.funnel_table(j)
    any_point = fn.funnel_table(j, form="any_point")
    assert in_order["count"].tolist() == [4, 2, 1, 1, 1, 1]
    assert any_point["count"].tolist() == [4, 2, 1, 2, 1, 1]  # L2 became an opportunity without a follow-up
    assert in_order["step_rate"].tolist()[1:] == [0.5, 0.5, 1.0, 1.0, 1.0]
    assert np.isnan(in_order["step_rate"].iloc[0])
    assert any_point["step_rate"].iloc[3] == 2.0
    assert in_order["cumulative_rate"].tolist() == [1.0, 0.5, 0.25, 0.25, 0.25, 0.25]


def test_funnel_by_group_zero_division_is_nan(leads, opps):
    out = fn.funnel_table(fn.lead_journey(leads, opps), by="source").set_index(["source", "stage"])
    assert out.loc[("B", "qualified"), "count"] == 0
    assert np.isnan(out.loc[("B", "opportunity"), "step_rate"])  # 0 / 0
    assert out.loc[("B", "followed_up"), "step_rate"] == 0.5


def test_funnel_rejects_unknown_form(leads):
    with pytest.raises(ValueError, match="form must be one of in_order, any_point"):
        fn.funnel_table(fn.lead_journey(leads), form="sideways")


def test_leads_only_journey_has_no_won_stage(leads):
    j = fn.lead_journey(leads)
    assert fn.journey_stages(j) == ("leads", "followed_up", "qualified", "opportunity")


def test_five_numbers_hand_worked(opps):
    acts = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-14", "2025-01-20"]),
                         "type": ["visit", "technical_exchange", "email", "phone"]})
    out = fn.five_numbers(acts, opps, stages=DEFAULT_STAGES, intent_stage="bid", period=("2025-01-01", "2025-01-28"))
    # four weeks: visit, technical exchange, phone (not the e-mail); O1-O3 created; O1 (won) and O3 (bid) at or
    # past the intent stage; O1 is won on 2025-02-01, after the period: no sale, no average
    assert {k: out[k] for k in fn.FIVE} == {"sales_calls_per_week": 0.75, "opportunities_per_week": 0.75,
                                            "purchase_intents_per_week": 0.5, "sales_per_week": 0.0,
                                            "avg_revenue_per_sale": None}
    assert out["conversions"] == {"calls_to_opportunities": 1.0, "opportunities_to_intents": pytest.approx(2 / 3),
                                  "intents_to_sales": 0.0}
    # the period reaching 2025-02-01: one sale of 100 a week in 5 weeks
    out = fn.five_numbers(acts, opps, stages=DEFAULT_STAGES, intent_stage="bid", period=("2025-01-01", "2025-02-04"))
    assert (out["sales_per_week"], out["avg_revenue_per_sale"]) == (0.2, 100.0)
    empty = fn.five_numbers(None, None, stages=DEFAULT_STAGES)
    assert list(empty) == [*fn.FIVE, "conversions"] and all(empty[k] is None for k in fn.FIVE)
    assert empty["conversions"] == dict.fromkeys(fn.FIVE_CONVERSIONS)


def test_late_stages_by_probability_or_position():
    from workbook.core.config import Stage

    stages = (Stage(name="a", label_zh="甲", probability=0.7), Stage(name="b", label_zh="乙", probability=0.1),
              Stage(name="c", label_zh="丙", probability=0.2))
    assert fn.late_stages(stages) == ("a", "b", "c")
    assert fn.late_stages(stages, last=1, min_probability=0.9) == ("c",)


def test_utilisation_with_due_leads(leads):
    delays = fn.followup_delays(leads, window_days=7, as_of="2025-01-15")
    assert delays["delay_days"].tolist()[::2] == [1.0, 10.0]
    assert delays["due"].tolist() == [True, True, False, False]
    row = fn.utilisation(delays).iloc[0]
    assert row["never_share"] == 0.5 and row["due"] == 2
    assert row["within_window_share"] == 0.5  # L1 of the two due leads
    assert row["median_delay"] == 5.5
    by = fn.utilisation(delays, by="owner").set_index("owner")
    assert by.loc["R2", "followed_up"] == 0 and by.loc["R2", "within_window_share"] == 0.0


def test_delay_distribution_buckets_ties_on_edges(leads):
    delays = fn.followup_delays(leads.assign(first_followup_date=pd.to_datetime(
        ["2025-01-08", None, "2025-01-11", "2025-01-10"])), window_days=7)
    out = fn.delay_distribution(delays, bins=(0, 1, 7)).set_index("bucket")
    # delays 7 (on the edge: falls in >=7), 1 (edge: 1-7), 0
    assert out["leads"].to_dict() == {"0-1": 1, "1-7": 1, ">=7": 1, "never": 1}
    assert out["share"].sum() == pytest.approx(1.0)


def test_rotting_leads_oldest_first_without_disqualified(leads):
    delays = fn.followup_delays(leads.assign(status=["converted", "new", "new", "disqualified"]), window_days=7)
    out = fn.rotting_leads(delays, as_of="2025-01-31", window_days=7)
    assert out["lead_id"].tolist() == ["L2"]
    assert out["age_days"].tolist() == [30.0]


def test_reverse_funnel_hand_worked(leads, opps):
    j = fn.lead_journey(leads, opps)
    r = fn.reverse_funnel(j, revenue_target=1200.0, target_months=12, recent_months=1)
    assert r["lead_to_win_rate"] == 0.25 and r["avg_deal"] == 100.0
    assert r["required_wins"] == 12 and r["required_leads"] == 48 and r["required_leads_per_month"] == 4
    assert r["current_leads_per_month"] == 4.0 and r["gap_per_month"] == 0.0
    assert r["lag_days"] == 31.0
    none = fn.reverse_funnel(fn.lead_journey(leads), revenue_target=1200.0)
    assert none["required_leads_per_month"] is None and none["current_leads_per_month"] == 4.0


def test_reverse_funnel_rate_from_mature_cohorts_with_open_deals_counted():
    created = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-06-01", "2025-11-15", "2025-12-01"])
    j = pd.DataFrame({"created_date": created, "cohort": created.to_period("M").to_timestamp(),
                      "won": [True, True, False, False, False, False],
                      "opp_amount": [100.0, 300.0, 500.0, None, None, None],
                      "opp_close_date": pd.to_datetime(["2025-03-02", "2025-04-02", None, None, None, None]),
                      "opp_opportunity_id": ["O1", "O2", "O3", None, None, None],
                      "opp_stage": ["negotiate", "negotiate", "bid", None, None, None],
                      "opp_status": ["won", "won", "open", None, None, None]})
    r = fn.reverse_funnel(j, revenue_target=2000.0, target_months=12, as_of="2025-12-31",
                          probabilities={"bid": 0.6, "negotiate": 0.8}, run_rate=1600.0)
    # both wins took 60 days: leads created by 2025-11-01 are mature (L1-L4): 2 won + 0.6 expected from L3's
    # open bid, of 4 leads = 65% (all leads: 2 of 6); the open pipeline is not added on top of a year of leads:
    # 2,000 / 200 a win = 10 wins, / 65% = 15.4 leads, 1.28 a month against 6 leads in 12 months (0.5);
    # the target is 2,000 / 1,600 - 1 = 25% above the last 12 months' won revenue
    assert (r["lag_days"], r["mature_cutoff"], r["mature_leads"], r["mature_won"]) == (
        60.0, D("2025-11-01"), 4, 2)
    assert r["expected_open_wins"] == pytest.approx(0.6) and r["lead_to_win_rate"] == pytest.approx(0.65)
    assert r["all_cohorts_rate"] == pytest.approx(2 / 6) and r["avg_deal"] == 200.0
    assert r["required_wins"] == 10.0 and r["required_leads"] == pytest.approx(10 / 0.65)
    assert r["required_leads_per_month"] == pytest.approx(10 / 0.65 / 12)
    assert r["current_leads_per_month"] == 0.5 and r["gap_per_month"] == pytest.approx(10 / 0.65 / 12 - 0.5)
    assert r["growth"] == pytest.approx(0.25) and r["run_rate"] == 1600.0
    # the better forecast's probability of each open deal replaces the stage's: O3 at 90%: (2 + 0.9) / 4
    better = fn.reverse_funnel(j, revenue_target=2000.0, as_of="2025-12-31", probabilities={"bid": 0.6},
                               open_probability=pd.Series({"O1": 0.0, "O3": 0.9}))
    assert better["expected_open_wins"] == pytest.approx(0.9) and better["lead_to_win_rate"] == pytest.approx(0.725)


def test_run_rate_is_the_last_12_months_won_revenue():
    opps = pd.DataFrame({"status": ["won", "won", "lost", "won", "open"],
                         "amount": [100.0, 50.0, 70.0, 30.0, 900.0],
                         "close_date": pd.to_datetime(["2024-12-31", "2025-06-01", "2025-07-01", "2025-12-31", None])})
    # 2024-12-31 is the day before the window (2025-01-01 .. 2025-12-31): 50 + 30; lost and open deals never count
    assert fn.run_rate(opps, as_of="2025-12-31") == 80.0
    # data reaching back only 7 months give no run-rate, rather than a year's revenue understated
    assert fn.run_rate(opps.iloc[1:], as_of="2025-12-31") is None


def test_source_table_hand_worked(leads, opps):
    out = fn.source_table(fn.lead_journey(leads, opps)).set_index("source")
    a, b = out.loc["A"], out.loc["B"]
    assert (a["leads"], a["qualified"], a["opportunities"], a["won"], a["closed"]) == (2, 1, 2, 1, 2)
    assert a["win_rate"] == 0.5 and a["avg_deal"] == 100.0 and a["revenue"] == 100.0
    assert (a["cost"], a["cost_per_lead"], a["cost_per_win"], a["roi"]) == (40.0, 20.0, 40.0, 1.5)
    assert np.isnan(b["win_rate"]) and np.isnan(b["cost_per_win"]) and b["roi"] == -1.0
    # won revenue per unit of acquisition cost (the report's column): 100 / 40 and 0 / 10
    assert (a["revenue_per_cost"], b["revenue_per_cost"]) == (2.5, 0.0)
    assert a["revenue_share"] == 1.0


def test_active_share(leads, opps):
    out = fn.active_share(fn.lead_journey(leads, opps))
    assert out == {"active_lead_share": 0.5, "active_revenue_share": 1.0, "inbound_revenue_share": 0.0}
    assert fn.active_share(fn.lead_journey(leads.drop(columns="source_type")))["active_lead_share"] is None


def test_first_hand_share_active_and_created_before_the_tender(leads):
    # L1 (active, created 01-01, tender 01-03): first-hand; L2 (active, tender on its creation day): not;
    # L3 and L4 have no tender; so 1 of 2 leads with a tender date
    assert fn.first_hand(fn.lead_journey(leads)) == {"tendered": 2, "first_hand": 1, "first_hand_share": 0.5}
    passive = leads.assign(source_type=["passive"] * 4)
    assert fn.first_hand(fn.lead_journey(passive))["first_hand_share"] == 0.0
    assert fn.first_hand(fn.lead_journey(leads.drop(columns="source_type")))["first_hand_share"] is None


def test_tender_timing_same_day_counts_as_after(leads, opps):
    out = fn.tender_timing(fn.lead_journey(leads, opps))
    expected = pd.DataFrame({"timing": ["before", "after"], "closed": [1, 1], "won": [1, 0], "win_rate": [1.0, 0.0]})
    assert_frame_equal(out, expected)
    empty = fn.tender_timing(fn.lead_journey(leads))
    assert empty["closed"].tolist() == [0, 0] and empty["win_rate"].isna().all()


def test_filter_leads(leads):
    out = fn.filter_leads(leads, start="2025-01-05", owners=["R1"])
    assert out["lead_id"].tolist() == ["L3"]
    assert len(fn.filter_leads(leads)) == 4


def test_inputs_not_mutated(leads, opps):
    before_l, before_o = leads.copy(), opps.copy()
    fn.source_table(fn.lead_journey(leads, opps))
    assert_frame_equal(leads, before_l)
    assert_frame_equal(opps, before_o)
