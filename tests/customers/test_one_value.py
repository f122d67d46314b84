"""The customer chapters on the sample client: each customer valued once, one order of whom to contact first,
tier 5 advice that leaves the recent movers out, tables dated, every action naming its problem."""
from __future__ import annotations

import pandas as pd
import pytest

from workbook.core.formats import render
from workbook.customers import inventory, matrix


@pytest.fixture(scope="module")
def result(sample_client):
    return matrix.compute(sample_client)


def _action(result, key):
    return next(a for a in result.actions if a.text.key == key)


def test_every_action_names_its_problem_with_a_number(sample_client, result):
    for res in (inventory.compute(sample_client), result):
        for action in res.actions:
            assert action.problem is not None and action.problem.key.split(".")[-1].startswith("problem")
            for lang in ("zh", "en"):
                assert any(ch.isdigit() for ch in render(action.problem, lang, labels=res.labels))


def test_movers_down_leave_out_the_tier_4_customers_build_trust_counts(result):
    movers = result.section("migration").tables[1].frame
    down = movers[movers["direction"].eq("down")]
    trust_ids = set(result.section("build_trust").tables[0].frame["customer_id"])
    silent_ids = set(result.section("neglected").tables[0].frame["customer_id"])
    action = _action(result, "act.matrix.movers_down")
    shared = int(down["customer_id"].isin(trust_ids).sum())
    silent = int((down["customer_id"].isin(silent_ids) & ~down["customer_id"].isin(trust_ids)).sum())
    basis = action.basis
    assert shared > 0  # on the sample 14 of the 102 tier 4 customers moved down
    fields = basis.fields
    assert fields["trust"].value == shared and fields["silent"].value == silent
    counted = fields["first"].fields["n"].value
    assert counted + shared + silent == len(down)  # every mover either valued here or in the other action, once
    # redoable: customers x half the average gap = the uncapped total
    first = fields["first"].fields
    assert first["uncapped"].value == pytest.approx(counted * 0.5 * first["gap"].value)
    assert 0 < action.value <= first["uncapped"].value


def test_tier_5_advice_leaves_out_the_customers_that_moved_down_into_it(result):
    movers = result.section("migration").tables[1].frame
    into5 = set(movers.loc[movers["direction"].eq("down") & movers["tier_after"].eq("5"), "customer_id"])
    spare = result.section("spare")
    listed = set(spare.tables[0].frame["customer_id"])
    assert into5 and not into5 & listed
    assert spare.finding.fields["moved"].value == len(into5)
    tiers = result.figures["matrix.tiers"]
    assert spare.finding.fields["n"].value + len(into5) == tiers["5"]  # 462 + 89 = 551 on the sample
    zh = render(spare.finding, "zh", labels=result.labels)
    assert "每家每年赢单" in zh and f"降入 5 级的 {len(into5)} 家不在此列" in zh


def test_freed_tier_5_time_goes_to_the_least_covered_tier(result):
    action = _action(result, "act.matrix.spare")
    to = action.text.fields["to"]
    assert to.key == "cu.to.tier" and to.fields["tier"].value == "4"  # tier 4: 52% contacted in 90 days
    for lang in ("zh", "en"):
        assert "时间分配" not in render(action.basis, lang) and "time allocation" not in render(action.basis, lang)


def test_build_trust_follows_the_who_next_order(result):
    trust = result.section("build_trust").tables[0].frame["customer_id"].tolist()
    ranked = result.section("next").tables[0].frame
    assert trust == ranked.loc[ranked["tier"].eq("4"), "customer_id"].tolist()
    assert result.figures["matrix.next_top"][0]["customer_id"] == trust[0]
    assert result.section("build_trust").note.key == "cu.note.build_trust_order"


def test_tables_with_tiers_say_the_date(result):
    neglected = result.section("neglected").tables[0]
    assert render(neglected.headers["tier"], "en") == "Tier on 2025-12-31"
    assert render(result.section("owners").note, "zh") == "各级客户数按 2025-12-31 的分级。"


def test_time_goal_and_order_helpers():
    df = pd.DataFrame({"tier": pd.array([3, 3, 4, 4], dtype="Int64"), "days_since_contact": [5.0, 200.0, 9.0, 8.0]})
    assert matrix._time_goal(df, 90) == ("3", 0.5)  # tier 3: 1 of 2 contacted; tier 4: 2 of 2
    tie = df.assign(days_since_contact=[5.0, 200.0, 9.0, 300.0])
    assert matrix._time_goal(tie, 90) == ("4", 0.5)  # both 1 of 2: tier 4 first
    frame = pd.DataFrame({"customer_id": ["A", "B", "C"]})
    assert matrix._in_order(frame, None)["customer_id"].tolist() == ["A", "B", "C"]


def test_who_next_table_dates_its_tiers(result):
    table = result.section("next").tables[0]
    assert render(table.headers["tier"], "zh") == "2025-12-31 分级"


def test_movers_table_headers_read_apart_and_dated(result):
    headers = result.section("migration").tables[1].headers
    assert [render(headers[k], "zh") for k in ("tier_before", "tier_after", "relationship_before",
                                                "relationship_after")] == [
        "原分级（2024-12-31）", "现分级（2025-12-31）", "原客户关系（2024-12-31）", "现客户关系（2025-12-31）"]


def test_build_trust_nets_out_the_tier_4_customers_that_moved_up_without_an_action(result):
    """The transition table's tier 4 row a year back: those now in tiers 1-3 moved up anyway; only the rest are
    valued (today's tier 4 x the share that did not move up x half the gap to the assets)."""
    transition = result.section("migration").tables[0].frame.set_index("tier_before")
    row = transition.loc["4", ["1", "2", "3", "4", "5", "none"]]
    up, was = int(row[["1", "2", "3"]].sum()), int(row.sum())
    assert 0 < up < was  # the sample's tier 4 customers move up on their own
    action = _action(result, "act.matrix.build_trust")
    fields = action.basis.fields
    assert action.basis.key == "cu.basis.build_trust_net"
    assert (fields["up"].value, fields["was"].value) == (up, was)
    n = len(result.section("build_trust").tables[0].frame)
    gap = fields["assets"].value - fields["tier4"].value
    assert action.value == pytest.approx(n * (1 - up / was) * 0.5 * gap)
    assert action.value < n * 0.5 * gap
    assert "move up on their own" in render(action.basis, "en", labels=result.labels, currency="CNY")


def test_inventory_no_trust_points_to_the_matrix_rather_than_valuing_its_customers_again(sample_client, result):
    """The premium customers without trust are the matrix's tier 4 and untouched lists: valued there, once."""
    inv = inventory.compute(sample_client)
    action = next(a for a in inv.actions if a.sheet == "inventory_no_trust")
    assert action.value == 0.0 and action.basis.key == "cu.basis.in_matrix"
    fields = action.basis.fields
    trust = len(result.section("build_trust").tables[0].frame)
    untouched = len(result.section("build_trust").tables[1].frame)
    assert (fields["neutral"].value, fields["untouched"].value) == (trust, untouched)  # the same customers
    assert _action(result, "act.matrix.build_trust").value > 0 and _action(result, "act.matrix.untouched").value > 0
