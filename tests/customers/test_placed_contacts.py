"""Contacts placed on the customers once (relationship.placed_contacts), summed for any look-back window; the
relationships without their reasons for a workshop move."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from workbook.core.config import RelationshipRules
from workbook.customers.relationship import (
    assign_relationships,
    contact_stats,
    contact_weights,
    placed_contacts,
)

AS_OF = pd.Timestamp("2025-12-31")


@pytest.fixture
def tables():
    customers = pd.DataFrame({"customer_id": pd.array(["C1", "C2", "C3"], dtype="string")}, index=[10, 11, 12])
    activities = pd.DataFrame({
        "customer_id": pd.array(["C1", "C1", "C1", "C2", "C9", None, "C2"], dtype="string"),
        "date": pd.to_datetime(["2025-12-01", "2025-03-01", "2024-06-01", "2025-11-30", "2025-12-01",
                                "2025-12-01", "2026-01-05"]),
        "type": pd.array(["visit", "email", "visit", "phone", "visit", "visit", "visit"], dtype="string")})
    opportunities = pd.DataFrame({
        "customer_id": pd.array(["C1", "C1", "C2", "C3"], dtype="string"),
        "status": pd.array(["won", "won", "lost", "won"], dtype="string"),
        "close_date": pd.to_datetime(["2025-10-01", "2024-01-15", "2025-10-01", None])})
    return customers, activities, opportunities


def test_placed_contacts_keep_known_customers_dated_up_to_as_of(tables):
    customers, activities, opportunities = tables
    placed = placed_contacts(customers, activities, opportunities, as_of=AS_OF,
                             weights={"visit": 1.0, "phone": 0.5, "email": 0.2})
    # C9 is no customer, the empty id no one, 2026-01-05 after as_of: C1's three and C2's phone call stay
    assert placed.pos.tolist() == [0, 0, 0, 1]
    assert placed.weight.tolist() == [1.0, 0.2, 1.0, 0.5]
    assert placed.ever.tolist() == [3, 1, 0]
    # C1's two won deals are dated (C3's undated win does not count), C2's deal was lost
    assert placed.won_pos.tolist() == [0, 0] and placed.won_ever.tolist() == [2, 0, 0]
    assert pd.Timestamp(placed.last[0]) == pd.Timestamp("2025-12-01")
    assert placed.last_full[1] == np.iinfo(np.int64).min  # C2's only contact is a call: no full contact


@pytest.mark.parametrize("lookback", [30, 200, 365, 730])
def test_stats_from_placed_contacts_are_the_stats_from_the_tables(tables, lookback):
    customers, activities, opportunities = tables
    weights = {"visit": 1.0, "phone": 0.5, "email": 0.2}
    placed = placed_contacts(customers, activities, opportunities, as_of=AS_OF, weights=weights)
    direct = contact_stats(customers, activities, opportunities, as_of=AS_OF, lookback_days=lookback,
                           weights=weights)
    assert_frame_equal(contact_stats(customers, as_of=AS_OF, lookback_days=lookback, placed=placed), direct)


def test_a_window_sums_the_contacts_and_wins_inside_it(tables):
    customers, activities, opportunities = tables
    placed = placed_contacts(customers, activities, opportunities, as_of=AS_OF,
                             weights={"visit": 1.0, "phone": 0.5, "email": 0.2})
    stats = contact_stats(customers, as_of=AS_OF, lookback_days=365, placed=placed)
    # window (2024-12-31, 2025-12-31]: C1 a visit (1) and an e-mail (0.2), its 2025-10-01 win; C2 a call (0.5)
    assert stats["contacts_in_window"].tolist() == [2, 1, 0]
    assert stats["contact_score"].tolist() == [1.2, 0.5, 0.0]
    assert stats["won_deals"].tolist() == [1, 0, 0]
    assert stats["days_since_full_contact"].tolist()[:1] == [30.0]  # 2025-12-01 to 2025-12-31
    assert np.isnan(stats["days_since_full_contact"].iloc[1])  # a call is not a full contact
    stats = contact_stats(customers, as_of=AS_OF, lookback_days=60, placed=placed)
    assert stats["contacts_in_window"].tolist() == [1, 1, 0] and stats["won_deals"].tolist() == [0, 0, 0]


def test_placed_contacts_of_another_day_are_refused(tables):
    customers, activities, opportunities = tables
    placed = placed_contacts(customers, activities, opportunities, as_of=AS_OF)
    with pytest.raises(ValueError, match="as of 2025-12-31, not 2025-06-30"):
        contact_stats(customers, as_of=pd.Timestamp("2025-06-30"), lookback_days=365, placed=placed)


def test_contact_weights_per_type_untyped_and_unweighed_count_one():
    acts = pd.DataFrame({"type": pd.array(["visit", "email", None, "event", "email"], dtype="string")})
    assert contact_weights(acts, {"visit": 1.0, "email": 0.2}).tolist() == [1.0, 0.2, 1.0, 1.0, 0.2]
    assert contact_weights(pd.DataFrame({"x": [1, 2]}), {"visit": 0.5}).tolist() == [1.0, 1.0]


def test_relationships_without_reasons_are_the_same_relationships(tables):
    customers, activities, opportunities = tables
    customers = customers.assign(relationship=pd.array([None, "partner", None], dtype="string"))
    rules = RelationshipRules(familiar_min_contacts=1)
    full = assign_relationships(customers, activities, opportunities, rules=rules, as_of=AS_OF)
    quick = assign_relationships(customers, activities, opportunities, rules=rules, as_of=AS_OF, reasons=False)
    assert "relationship_reason" not in quick
    assert_frame_equal(quick, full.drop(columns="relationship_reason"))
    # C1: weighted contacts 1.2 >= 1; C2 given as partner in the data; C3 only an undated win: untouched
    assert full["relationship"].tolist() == ["familiar", "partner", "untouched"]
    assert full["relationship_reason"].tolist() == ["familiar_contacts:1.2", "given", "untouched"]


def test_the_explorers_inventory_after_window_and_rule_moves_is_the_inventory_of_its_settings(sample_client):
    from workbook.core import columns as c
    from workbook.customers.widgets import apply_settings, matrix_explorer, reclassify

    box = matrix_explorer(sample_client, lang="en", draw=False)
    box.controls["lookback_days"].value = 180  # placed once, summed for 180 days
    box.controls["familiar_min_contacts"].value = 3  # relationships without reasons for the move
    config = apply_settings(sample_client.config, box.settings())
    expected = reclassify(sample_client.table(c.CUSTOMERS), sample_client.table(c.ACTIVITIES),
                          sample_client.table(c.OPPORTUNITIES), config=config, as_of=sample_client.as_of)
    columns = ["tier", "level", "relationship", "relationship_reason", "contacts_in_window", "contact_score"]
    assert_frame_equal(box.tiered[columns], expected[columns])
    assert expected["relationship_reason"].str.startswith("familiar_contacts:").any()


def test_levels_given_in_the_data_keep_their_rung_and_the_rest_follow_the_rules():
    from workbook.core.config import IcpRules
    from workbook.customers.levels import assign_levels

    # A and C decided by the rules (the docstring customers), B given as target, D given an unknown word: rules
    df = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "headcount": [300, None, 600, 300],
                       "annual_revenue": [2e9, 1e8, 3e8, 2e9], "revenue_growth_3y": [-0.1, 0.1, None, -0.1],
                       "brand_standing": ["leading", "known", "known", "leading"],
                       "level": pd.array([None, "target", None, "top"], dtype="string")})
    out = assign_levels(df, icp=IcpRules())
    assert out["level"].tolist() == ["strategic", "target", "incomplete", "strategic"]
    assert out["level_source"].tolist() == ["rules", "data", "rules", "rules"]
    assert out["level_reason"][1] == "given" and out["level"].cat.ordered
    assert list(out["level"].cat.categories) == ["incomplete", "potential", "target", "quality", "strategic"]
