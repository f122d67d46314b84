"""workbook.timealloc.summary: the notebook's key figures and interpretation, hand-worked."""
from __future__ import annotations

import pytest

from tests.timealloc.test_allocation import CONFIG, TIERS, _tables, log
from workbook.timealloc import allocation as ta
from workbook.timealloc import summary as ts


def test_key_figures_hand_worked():
    facts = ts.summarise(_tables(), config=CONFIG, tiers=TIERS, moved={"order_entry": 0.5})
    figures = ts.key_figures(facts)
    assert set(figures) == set(ts.FIGURES)
    assert figures["time.direct_selling_share"] == pytest.approx(0.12)
    assert figures["time.after_offload_share"] == pytest.approx(0.22)
    assert figures["time.offload_cost"] == pytest.approx(800.0)
    assert figures["coverage.planned_share"] == pytest.approx(0.75)
    # 12 months: C1 (tier 1, 2 contacts) and C3 (tier 3, 1) are below 2.0 and 0.5 a month; C2 (tier 5, 1) too
    assert figures["coverage.below_policy_customers"] == 3
    assert figures["coverage.neglected_asset_customers"] == 1  # C3: last contact 2025-06-01, > 90 days
    assert figures["channel.cost_to_serve_by_tier"] == {"1": 101.0, "3": 100.0, "5": 0.01}
    assert figures["quotes.within_48h_share"] == 0.5
    assert figures["quotes.median_hours"] == pytest.approx((24 + 480) / 2)


def test_key_figures_missing_inputs_are_none():
    facts = ts.summarise({}, config=CONFIG)
    assert set(ts.key_figures(facts).values()) == {None}
    facts = ts.summarise({"activities": _tables()["activities"]}, config=CONFIG, tiers=None)
    figures = ts.key_figures(facts)
    assert figures["coverage.planned_share"] == pytest.approx(0.75)
    assert figures["coverage.below_policy_customers"] is None and figures["time.capacity_gain"] is None


def test_default_scenario_moves_every_offloadable_category():
    frame = log([("R1", "customer_meeting", 10), ("R1", "order_entry", 10), ("R1", "visit_planning", 10),
                 ("R1", "travel", 10)])
    facts = ts.summarise({"time_log": frame}, config=CONFIG, offload_share=0.5)
    assert facts["offload"]["offload_hours"] == pytest.approx(10.0)  # travel is not offloadable
    assert facts["offload"]["moved"] == ta.default_moves(CONFIG.time_categories, share=0.5)


def test_interpretation_is_computed_from_the_numbers():
    facts = ts.summarise(_tables(), config=CONFIG, tiers=TIERS, moved={"order_entry": 0.5})
    zh = ts.interpret(facts, config=CONFIG, lang="zh")
    en = ts.interpret(facts, config=CONFIG, lang="en")
    assert "12%" in zh and "22%" in zh and "订单录入" in zh
    assert "from 12% to 22%" in en and "83% more selling capacity" in en
    assert "75% of contacts are planned" in en
    assert "only 50% go out within 48 hours" in en and "What to do" in en
    facts["time"] = None
    assert "Without Time log" in ts.interpret(facts, config=CONFIG, lang="en")


