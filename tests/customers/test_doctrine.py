"""The tier doctrine check: do the tiers rank what customers won after the tier date? Hand-worked frames."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import opened_client
from workbook.core.formats import render
from workbook.customers import doctrine


def _tiers(won, lost, revenue, customers=(10, 10, 10, 10, 10)):
    """A tier_outcomes-shaped frame: tiers "1".."5" then "none" (no deals)."""
    return pd.DataFrame({"tier": [*"12345", "none"], "customers": [*customers, 3], "won": [*won, 0],
                         "lost": [*lost, 0], "revenue": [*revenue, 0.0]})


def test_tiers_that_rank_outcomes():
    # assets 1-3: won 8+7+6 = 21 of 20+20+20 = 60 closed: 35.0%; tiers 4-5: won 4+3 = 7 of 40: 17.5%
    # won per customer: assets (800+700+600) / 30 = 70; tiers 4-5 (200+100) / 20 = 15; tier 1 40% >= tier 5 15%
    check = doctrine.tier_check(_tiers([8, 7, 6, 4, 3], [12, 13, 14, 16, 17], [800.0, 700.0, 600.0, 200.0, 100.0]),
                                by_level=None, by_relationship=None)
    assert check.ranks is True and check.off == ()
    assert check.assets_rate == pytest.approx(0.35) and check.others_rate == pytest.approx(0.175)
    assert check.assets_value == pytest.approx(70.0) and check.others_value == pytest.approx(15.0)
    assert check.win_rate["1"] == pytest.approx(0.4) and check.closed["5"] == 20
    assert check.won_per_customer["3"] == pytest.approx(60.0) and check.left_out == ()
    figures = check.figures()
    assert figures["matrix.tiers_rank_outcomes"] is True
    assert figures["matrix.tier_check"]["win_rate"]["5"] == pytest.approx(0.15)


def test_tier_5_beating_tier_1_breaks_the_ranking_and_names_the_rules_off():
    # assets pooled: won 4+8+8 = 20 of 60 = 33.3%, others 6+7 = 13 of 40 = 32.5%; per customer 2,000/30 = 66.7
    # against 300/20 = 15: both hold, but tier 1 wins 4/20 = 20% and tier 5 7/20 = 35%: the tiers do not rank
    check = doctrine.tier_check(
        _tiers([4, 8, 8, 6, 7], [16, 12, 12, 14, 13], [500.0, 800.0, 700.0, 200.0, 100.0]),
        # quality + strategic: 9 of 30 = 30.0% < target 12 of 30 = 40.0%: the level rule is off
        by_level=pd.DataFrame({"level": ["quality", "strategic", "target"], "won": [5, 4, 12], "lost": [10, 11, 18]}),
        # familiar + partner: 15 of 30 = 50.0% > neutral 10 of 30 = 33.3%: the relationship rule holds
        by_relationship=pd.DataFrame({"relationship": ["familiar", "neutral", "partner"], "won": [10, 10, 5],
                                      "lost": [10, 20, 5]}))
    assert check.ranks is False
    assert check.off == ("level",)
    assert check.level_rates == {"high": pytest.approx(0.3), "target": pytest.approx(0.4)}
    assert check.level_closed == {"high": 30, "target": 30}
    assert check.relationship_rates["close"] == pytest.approx(0.5)
    assert check.figures()["matrix.tiers_rank_outcomes"] is False
    assert check.figures()["matrix.tier_check"]["off"] == ["level"]


def test_assets_winning_less_per_customer_do_not_rank():
    # win rates rank (assets 21/60 = 35% > 7/40 = 17.5%), but tiers 4-5 won (2,000+1,000)/20 = 150 per customer
    # against (300+200+100)/30 = 20 for the assets
    check = doctrine.tier_check(_tiers([8, 7, 6, 4, 3], [12, 13, 14, 16, 17], [300.0, 200.0, 100.0, 2000.0, 1000.0]),
                                by_level=None, by_relationship=None)
    assert check.ranks is False and check.off == ()


def test_tiers_with_too_few_closed_deals_are_left_out():
    # tier 1 has 2 closed deals (both won: 100%), tier 4 has 5: both below 10, left out; tier 5 (10%, n = 20)
    # is then compared with tiers 2-3 only (won 12 of 40 = 30%): the tiers rank
    check = doctrine.tier_check(_tiers([2, 6, 6, 1, 2], [0, 14, 14, 4, 18], [200.0, 600.0, 600.0, 50.0, 100.0]),
                                by_level=None, by_relationship=None)
    assert check.left_out == ("1", "4")
    assert check.ranks is True
    assert check.assets_rate == pytest.approx(0.3) and check.others_rate == pytest.approx(0.1)
    # groups under the minimum do not name a rule either: target 5 of 9 closed against 1 of 20
    levels = pd.DataFrame({"level": ["quality", "target"], "won": [1, 5], "lost": [19, 4]})
    assert doctrine.tier_check(_tiers([2, 6, 6, 1, 2], [0, 14, 14, 4, 18], [200.0, 600.0, 600.0, 50.0, 100.0]),
                               by_level=levels, by_relationship=None).off == ()


def test_nothing_to_compare_gives_none():
    # tiers 4 and 5 have 5 and 9 closed deals: no graded non-asset tier reaches 10
    assert doctrine.tier_check(_tiers([8, 7, 6, 2, 3], [12, 13, 14, 3, 6], [1.0] * 5),
                               by_level=None, by_relationship=None) is None


def test_outcomes_by_counts_deals_created_after_the_date():
    tiered = pd.DataFrame({"customer_id": ["A", "B", "C"], "relationship": ["neutral", "partner", "neutral"]})
    opps = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "Z"], "status": ["won", "lost", "won", "open", "won"],
                         "created_date": pd.to_datetime(["2025-02-01", "2024-06-01", "2025-03-01", "2025-03-01",
                                                         "2025-03-01"])})
    out = doctrine.outcomes_by(tiered, opps, since=pd.Timestamp("2024-12-31"), by="relationship")
    # A's 2024 loss is before the date, C's deal is open, Z is not a customer
    assert out.values.tolist() == [["neutral", 1, 0], ["partner", 1, 0]]


YAML = "client_name: Tiny\nperiod:\n  start: 2025-01-01\n  end: 2025-12-31\n"


def _client(tmp_path, tier5_wins: bool):
    """Two customers per tier cell given by the data (tiers 1, 4, 5); deals created in 2025 after the tier date.

    Tier 1 (strategic partner) S1/S2, tier 4 (quality neutral) Q1/Q2, tier 5 (target neutral) T1/T2. One
    2023 deal makes the history longer than a look-back window, so the tier date is 2024-12-31.
    """
    customers = ("customer_id,name,level,relationship\nS1,a,strategic,partner\nS2,b,strategic,partner\n"
                 "Q1,c,quality,neutral\nQ2,d,quality,neutral\nT1,e,target,neutral\nT2,f,target,neutral\n")
    good, bad = ("won", "lost") if not tier5_wins else ("lost", "won")
    rows = ["O0,2023-01-05,bid,S1,won,10,2023-02-01"]
    # tier 1: 3 of 4 deals go `good`; tier 5: 3 of 4 go `bad`; tier 4: 1 won, 3 lost
    for i, (cust, status) in enumerate([("S1", good), ("S1", good), ("S2", good), ("S2", bad),
                                        ("T1", bad), ("T1", bad), ("T2", bad), ("T2", good),
                                        ("Q1", "won"), ("Q1", "lost"), ("Q2", "lost"), ("Q2", "lost")]):
        rows.append(f"O{i + 1},2025-03-01,bid,{cust},{status},100,2025-05-01")
    opportunities = "opportunity_id,created_date,stage,customer_id,status,amount,close_date\n" + "\n".join(rows)
    return opened_client(tmp_path, {"customers.csv": customers, "opportunities.csv": opportunities}, yaml=YAML)


def test_check_tiers_of_a_client_whose_tiers_rank(tmp_path):
    check = doctrine.check_tiers(_client(tmp_path, tier5_wins=False), min_closed=4)
    assert check.date == pd.Timestamp("2024-12-31")
    # tier 1: 3 of 4 won (75%), 300 won / 2 customers = 150; tiers 4-5: 1 + 1 of 8 (25%), 200 / 4 = 50
    assert check.win_rate["1"] == pytest.approx(0.75) and check.win_rate["5"] == pytest.approx(0.25)
    assert check.left_out == ("2", "3")  # no customer, no deal
    assert check.assets_value == pytest.approx(150.0) and check.others_value == pytest.approx(50.0)
    assert check.ranks is True


def test_check_tiers_of_a_client_whose_tier_5_beats_tier_1(tmp_path):
    check = doctrine.check_tiers(_client(tmp_path, tier5_wins=True), min_closed=4)
    # tier 1 wins 1 of 4 (25%), tier 5 3 of 4 (75%); target (75%, n = 4) beats strategic + quality (2 of 8)
    assert check.win_rate["1"] == pytest.approx(0.25) and check.win_rate["5"] == pytest.approx(0.75)
    assert check.ranks is False
    assert "level" in check.off


def _chapter_client(tmp_path, won: dict[str, int]):
    """Two customers per tier (1: strategic partner, 3: target familiar, 4: quality neutral, 5: target neutral),
    each tier with 10 deals created in 2025 (after the tier date 2024-12-31), ``won[tier]`` of them won, 100 each."""
    cells = {"1": ("strategic", "partner"), "3": ("target", "familiar"), "4": ("quality", "neutral"),
             "5": ("target", "neutral")}
    customers = "customer_id,name,level,relationship\n" + "".join(
        f"T{tier}{i},n{tier}{i},{level},{rel}\n" for tier, (level, rel) in cells.items() for i in (1, 2))
    rows = ["O0,2023-01-05,bid,T11,won,10,2023-02-01"]  # a history longer than a look-back window
    for tier in cells:
        for k in range(10):
            status = "won" if k < won[tier] else "lost"
            rows.append(f"O{tier}{k},2025-03-01,bid,T{tier}{k % 2 + 1},{status},100,2025-05-01")
    opportunities = "opportunity_id,created_date,stage,customer_id,status,amount,close_date\n" + "\n".join(rows)
    return opened_client(tmp_path, {"customers.csv": customers, "opportunities.csv": opportunities}, yaml=YAML)


def test_matrix_of_a_client_whose_tier_5_beats_tier_1_advises_recalibration(tmp_path):
    from workbook.customers import matrix

    # tier 1 wins 2 of 10 (20%), tier 5 6 of 10 (60%); assets (2 + 4) / 20 = 30% against tiers 4-5 (3 + 6) / 20 = 45%
    # quality + strategic (2 + 3) / 20 = 25% < target (4 + 6) / 20 = 50%: the level rule is off; partner + familiar
    # (2 + 4) / 20 = 30% < neutral (3 + 6) / 20 = 45%: so is the relationship rule
    result = matrix.compute(_chapter_client(tmp_path, {"1": 2, "3": 4, "4": 3, "5": 6}))
    assert result.figures["matrix.tiers_rank_outcomes"] is False
    assert result.figures["matrix.tier_check"]["off"] == ["level", "relationship"]
    first = result.actions[0]
    assert first.text.key == "act.matrix.recalibrate" and first.text.fields["rules"].key == "cu.rule.both"
    assert (first.value, first.pool, first.days, first.section) == (0.0, "customers", 60, "tiers")
    assert render(first.kpi, "en") == ("Tier 1 wins at least as often as tier 5 after regrading "
                                       "(now 20.0% against 60.0%)")
    assert "act.matrix.spare" not in [a.text.key for a in result.actions]  # no tier-5 policy from a broken grading
    assert result.section("spare").finding.key == "find.matrix.spare_no_rank"
    assert result.section("tiers").finding.key == "find.matrix.tiers_no_rank"
    assert result.summary[0].key == "find.matrix.tiers_no_rank"  # the chapter leads with the grading problem
    assert result.exhibits[0] == "tiers"
    lead = render(result.summary[0], "en")
    assert "tier 5 won 60.0% of its 10 closed deals, tier 1 only 20.0% of 10" in lead
    # a value from the gaps between tiers does not hold while the tiers do not rank: tier 4's is not sized
    trust = next(a for a in result.actions if a.text.key == "act.matrix.build_trust")
    assert (trust.value, trust.basis.key) == (0.0, "cu.basis.not_ranked")


def test_matrix_of_a_client_whose_tiers_rank_keeps_the_tier_advice(tmp_path):
    from workbook.customers import matrix

    # tier 1 8 of 10, tier 3 6, tier 4 3, tier 5 2: assets 14 / 20 = 70% > 5 / 20 = 25%; won per customer
    # assets (800 + 600) / 4 = 350 > (300 + 200) / 4 = 125; tier 1 80% >= tier 5 20%
    result = matrix.compute(_chapter_client(tmp_path, {"1": 8, "3": 6, "4": 3, "5": 2}))
    assert result.figures["matrix.tiers_rank_outcomes"] is True
    check = result.figures["matrix.tier_check"]
    assert check["assets_value"] == pytest.approx(350.0) and check["others_value"] == pytest.approx(125.0)
    keys = [a.text.key for a in result.actions]
    assert "act.matrix.recalibrate" not in keys and "act.matrix.spare" in keys
    assert result.section("tiers").finding.key == "find.matrix.tiers_rank"
    assert result.section("spare").finding.key == "find.matrix.spare_rank"  # with the evidence: 20% against 70%
    # as of the period end (2025-12-31), one year after the tier date: tier 4 won 300 / 2 customers = 150 a year,
    # the assets 1,400 / 4 = 350; the 2 tier 4 customers x half the gap: 2 x (350 - 150) / 2 = 200
    trust = next(a for a in result.actions if a.text.key == "act.matrix.build_trust")
    assert trust.value == pytest.approx(200.0)


def test_the_stale_sample_leads_the_matrix_with_the_grading_problem(stale_tiers_client):
    from workbook.customers import matrix

    check = doctrine.check_tiers(stale_tiers_client)
    assert check is not None and check.ranks is False
    result = matrix.compute(stale_tiers_client)
    assert result.figures["matrix.tiers_rank_outcomes"] is False
    assert result.summary[0].key.startswith("find.matrix.tiers_no_rank")
    keys = [a.text.key for a in result.actions]
    assert keys[0] == "act.matrix.recalibrate" and "act.matrix.spare" not in keys
    assert result.section("spare").finding.key.startswith("find.matrix.spare_no_rank")
    assert all(a.value == 0 for a in result.actions if a.text.key in ("act.matrix.build_trust",
                                                                      "act.matrix.movers_down"))
    for lang in ("zh", "en"):  # the spare section no longer recommends spare capacity only
        spare = render(result.section("spare").finding, lang, labels=result.labels)
        assert ("不减少" in spare) if lang == "zh" else ("keeps its current coverage" in spare)
