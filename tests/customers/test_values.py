"""The customer actions' 12-month values: one tiny frame per formula, the arithmetic in the comments."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbook.core.formats import render
from workbook.customers import values

DATE = pd.Timestamp("2024-12-31")


def _opps(rows):
    """(customer, status, amount, created) rows as an opportunities frame."""
    return pd.DataFrame(rows, columns=["customer_id", "status", "amount", "created_date"]).assign(
        created_date=lambda f: pd.to_datetime(f["created_date"]))


def test_won_after_counts_won_deals_created_after_the_date_only():
    opps = _opps([("A", "won", 100.0, "2025-03-01"), ("A", "won", 900.0, "2024-06-01"),  # before: history
                  ("B", "lost", 50.0, "2025-03-01"), ("C", "open", 70.0, "2025-03-01")])
    assert values.won_after(opps, since=DATE).to_dict() == {"A": 100.0}
    assert values.won_after(opps.drop(columns="amount"), since=DATE).empty  # no amounts: nothing to value


def test_per_year():
    assert values.per_year(DATE, pd.Timestamp("2025-12-31")) == pytest.approx(1.0)
    assert values.per_year(pd.Timestamp("2025-06-30"), pd.Timestamp("2025-12-31")) == pytest.approx(184 / 365)
    assert np.isnan(values.per_year(DATE, DATE))


def test_value_by_tier_is_won_per_customer_per_year():
    then = pd.DataFrame({"customer_id": list("ABCDE"), "tier": pd.array([1, 2, 4, 4, None], dtype="Int64")})
    after = pd.Series({"A": 300.0, "B": 100.0, "C": 40.0, "E": 10.0})
    got = values.value_by_tier(then, after, years=0.5)
    # half a year: tier 1 300 / 1 / 0.5 = 600; assets (300 + 100) / 2 / 0.5 = 400; tier 4 (40 + 0) / 2 / 0.5 = 40
    assert (got["1"], got["assets"], got["4"], got["none"]) == (600.0, 400.0, 40.0, 20.0)
    assert np.isnan(got["5"])  # no customer in tier 5


def test_build_trust_is_half_the_gap_to_the_assets():
    # 4 tier 4 customers x (400 - 40) / 2 = 720
    sized = values.build_trust_value({"assets": 400.0, "4": 40.0}, 4)
    assert sized.value == pytest.approx(720.0)
    assert render(sized.basis, "en", currency="CNY") == (
        "4 customers x half the gap in yearly won revenue per customer between the assets (tiers 1-3) and tier 4 "
        "(CNY 400 - CNY 40) = CNY 720")
    # tier 4 winning more than the assets: nothing to close, no negative value
    assert values.build_trust_value({"assets": 40.0, "4": 400.0}, 4).value == 0.0
    assert values.build_trust_value({"assets": np.nan, "4": 40.0}, 4).basis.key == "cu.basis.no_amounts"


def test_build_trust_leaves_out_the_tier_4_customers_that_move_up_on_their_own():
    # a year back 10 tier 4 customers: 3 are tier 2 today, 1 tier 3, 5 still tier 4, 1 tier 5 -> 4 of 10 moved up
    transition = pd.DataFrame({"1": [0, 0], "2": [0, 3], "3": [0, 1], "4": [2, 5], "5": [0, 1]}, index=["2", "4"])
    assert values.natural_upgrade(transition) == (4, 10)
    assert values.natural_upgrade(None) == (0, 0)
    # 4 customers x (1 - 4/10 = 60%) x (400 - 40) / 2 = 4 x 0.6 x 180 = 432 (720 without the netting)
    sized = values.build_trust_value({"assets": 400.0, "4": 40.0}, 4, natural=(4, 10),
                                     since=pd.Timestamp("2024-12-31"))
    assert sized.value == pytest.approx(432.0)
    assert render(sized.basis, "en", currency="CNY") == (
        "4 customers x 60.0% (leaving out the 40.0% that move up on their own: 4 of the 10 tier 4 customers of "
        "2024-12-31 were in tiers 1-3 a year later without an action) x half the gap in yearly won revenue per "
        "customer between the assets (tiers 1-3) and tier 4 (CNY 400 - CNY 40) = CNY 432")
    # no tier 4 customer a year back: nothing to net, the plain half gap
    assert values.build_trust_value({"assets": 400.0, "4": 40.0}, 4, natural=(0, 0)).value == pytest.approx(720.0)


def test_neglected_is_half_the_gap_to_the_same_tier_still_in_contact():
    # on the tier date: tier 2 A, B contacted (won 200, 100 afterwards), C silent (won 0); tier 3 D contacted
    # (won 50), E silent (won 30); F tier 4 is no asset
    then = pd.DataFrame({"customer_id": list("ABCDEF"), "tier": pd.array([2, 2, 2, 3, 3, 4], dtype="Int64"),
                         "days_since_contact": [10.0, 20.0, 200.0, 5.0, np.nan, 400.0]})
    after = pd.Series({"A": 200.0, "B": 100.0, "D": 50.0, "E": 30.0})
    silent = pd.DataFrame({"customer_id": ["X", "Y", "Z"], "tier": pd.array([2, 2, 3], dtype="Int64")})
    sized = values.neglected_value(then, after, silent, years=1.0, neglect_days=90)
    # tier 2: 2 silent today x (150 - 0) / 2 = 150; tier 3: 1 x (50 - 30) / 2 = 10; 160 in all
    assert sized.value == pytest.approx(160.0)
    assert sized.basis.fields["gap"].value == pytest.approx(160.0 / 0.5 / 3)  # the average gap: (150*2 + 20) / 3
    # silent assets of a tier nobody was silent in on the tier date: no like-for-like benchmark, not sized
    only_two = then[then["customer_id"] != "C"]
    alone = values.neglected_value(only_two, after, silent.iloc[:2], years=1.0, neglect_days=90)
    assert alone.value == 0.0 and alone.basis.key == "cu.basis.no_amounts"


def test_untouched_is_half_the_new_customer_rate_times_a_first_year():
    # 4 customers had no win on the tier date; 1 of them (B) won 800 afterwards: rate 25% a year, first year 800
    then = pd.DataFrame({"customer_id": list("ABCDE"), "won_ever": [0, 0, 0, 0, 3]})
    after = pd.Series({"B": 800.0, "E": 5000.0})  # E was already a customer: not a new one
    sized = values.untouched_value(then, after, 10, years=1.0, date=DATE)
    # 10 premium customers never contacted x 25% / 2 x 800 = 1,000
    assert sized.value == pytest.approx(1000.0)
    fields = {k: v.value for k, v in sized.basis.fields.items()}
    assert (fields["rate"], fields["half"], fields["first_year"]) == (0.25, 0.125, 800.0)
    # over half a year the rate and the first year's revenue double: 10 x 50% / 2 x 1,600 = 4,000
    assert values.untouched_value(then, after, 10, years=0.5, date=DATE).value == pytest.approx(4000.0)


def test_movers_down_is_half_the_gap_between_the_tiers_left_and_joined():
    down = pd.DataFrame({"tier_before": ["1", "2", "4"], "tier_after": ["3", "none", "5"]})
    yearly = {"1": 500.0, "2": 300.0, "3": 100.0, "4": 20.0, "5": 60.0, "none": 0.0}
    sized = values.movers_down_value(down, yearly)
    # (500 - 100) / 2 + (300 - 0) / 2 + 0 (tier 5 wins more than tier 4: no gap) = 350
    assert sized.value == pytest.approx(350.0)
    assert sized.basis.fields["n"].value == 3


def test_movers_down_is_capped_by_what_each_won_before_it_moved():
    down = pd.DataFrame({"customer_id": ["A", "B", "C"], "tier_before": ["1", "2", "3"],
                         "tier_after": ["3", "none", "5"]})
    yearly = {"1": 500.0, "2": 300.0, "3": 100.0, "5": 60.0, "none": 0.0}
    # the year before the move: A won 120 (in 2024), B 900, C nothing; D is not a mover
    opps = pd.DataFrame({"customer_id": ["A", "B", "B", "D"], "status": ["won", "won", "lost", "won"],
                         "amount": [120.0, 900.0, 50.0, 70.0],
                         "close_date": pd.to_datetime(["2024-05-01", "2024-09-01", "2024-09-01", "2024-03-01"])})
    before = values.won_between(opps, start=pd.Timestamp("2023-12-31"), end=DATE)
    assert before.to_dict() == {"A": 120.0, "B": 900.0, "D": 70.0}
    sized = values.movers_down_value(down, yearly, before=before)
    # A: min((500 - 100) / 2, 120) = 120; B: min((300 - 0) / 2, 900) = 150; C: min((100 - 60) / 2, 0) = 0
    assert sized.value == pytest.approx(270.0)
    assert sized.basis.key == "cu.basis.movers_down_capped"


def test_movers_down_basis_gives_the_per_customer_numbers():
    down = pd.DataFrame({"customer_id": ["A", "B", "C"], "tier_before": ["1", "2", "3"],
                         "tier_after": ["3", "none", "5"]})
    yearly = {"1": 500.0, "2": 300.0, "3": 100.0, "5": 60.0, "none": 0.0}
    before = pd.Series({"A": 120.0, "B": 900.0})
    sized = values.movers_down_value(down, yearly, before=before)
    # gaps 400, 300, 40: average 740 / 3 = 246.67; halves 200 + 150 + 20 = 370 before the cap; A (120 < 200) and
    # C (0 < 20) are capped by their own prior year, B (900) is not: 120 + 150 + 0 = 270
    assert render(sized.basis, "en", currency="CNY") == (
        "3 customers x half the gap in yearly won revenue per customer between the tier each left and the tier it "
        "is in (average CNY 247) = CNY 370; 2 of them capped by what the customer itself won in the year before it "
        "moved, in all CNY 270")
    assert render(sized.basis, "zh", currency="CNY") == (
        "3 家 × 原分级与现分级每户年赢单差距（平均 247 元）的一半 = 370 元；其中 2 家以其自身在分级下降前一年的赢单"
        "为上限，合计 270 元")


def test_movers_down_says_which_movers_another_action_counts():
    down = pd.DataFrame({"customer_id": ["A"], "tier_before": ["1"], "tier_after": ["3"]})
    yearly = {"1": 500.0, "3": 100.0}
    # 1 counted here: (500 - 100) / 2 = 200; 2 more movers are tier 4 today and valued by building trust
    sized = values.movers_down_value(down, yearly, trust=2)
    assert sized.value == pytest.approx(200.0)
    assert sized.basis.key == "cu.basis.movers_shared_trust"
    assert render(sized.basis, "en", currency="CNY").endswith(
        "= CNY 200 (another 2 are tier 4 today, valued in building trust, not again)")
    assert values.movers_down_value(down, yearly, silent=1).basis.key == "cu.basis.movers_shared_silent"
    assert values.movers_down_value(down, yearly, trust=1, silent=1).basis.key == "cu.basis.movers_shared"
