"""Who to work next: the ranking worked by hand on a tiny frame, the channel rule, per-rep caps, thin clients."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import make_client
from workbook.core.display import section_html
from workbook.core.formats import render
from workbook.customers import matrix, nextlist
from workbook.intake import open_client
from workbook.intake.validate import run_intake

AS_OF = pd.Timestamp("2025-12-31")
# A, B tier 4; C, G neglected assets (tier 2); D a premium customer nobody contacted; E a tier 3 customer in
# touch with an open deal missing its budget; F a tier 1 customer with nothing to do (not listed)
TIERED = pd.DataFrame({
    "customer_id": ["A", "B", "C", "D", "E", "F", "G"],
    "name": ["Alpha", "Beta", "Gamma", "Delta", "Eps", "Phi", "Gee"],
    "owner": ["R1", "R2", "R1", None, "R1", "R2", "R2"],
    "tier": pd.array([4, 4, 2, None, 3, 1, 2], dtype="Int64"),
    "annual_revenue": [100.0, 300.0, 400.0, 200.0, 50.0, 500.0, 400.0],
    "days_since_contact": [10.0, 20.0, 200.0, None, 5.0, 3.0, 120.0],
})
LISTS = {"build_trust": TIERED.iloc[[0, 1]], "untouched": TIERED.iloc[[3]], "neglected": TIERED.iloc[[2, 6]]}
OPPS = pd.DataFrame({
    "opportunity_id": ["O1", "O2", "O3", "O4", "O5"],
    "customer_id": ["E", "G", "A", "F", "B"],
    "status": ["open", "open", "open", "won", "open"],
    "created_date": pd.to_datetime(["2025-06-01", "2025-07-01", "2025-08-01", "2025-01-01", "2026-01-05"]),
    "amount": [100.0, 1000.0, 500.0, 9000.0, 10.0],
    "decision_maker": pd.array([True, False, True, False, False], dtype="boolean"),
    "budget": pd.array([False, True, True, True, True], dtype="boolean"),
})
REVENUE_ONLY = {"annual_revenue": 1.0}


def _ranked(**options):
    deals = nextlist.open_deals(OPPS, as_of=AS_OF)
    return nextlist.next_list(TIERED, LISTS, deals, weights=REVENUE_ONLY, **options)


def test_open_deals_by_hand():
    deals = nextlist.open_deals(OPPS, as_of=AS_OF)
    # O4 is won and O5 created after the as-of date: neither is open; amounts 100, 1000, 500 -> the top quarter
    # starts at 750, so only G's deal is big, and its decision maker is not confirmed
    assert deals.index.tolist() == ["A", "E", "G"]
    assert deals["open_pipeline"].tolist() == [500.0, 100.0, 1000.0]
    assert deals["incomplete_deals"].tolist() == [0, 1, 1]  # A's deal has every element confirmed
    assert deals["big_no_decision_maker"].tolist() == [False, False, True]
    assert nextlist.open_deals(OPPS.drop(columns="status"), as_of=AS_OF) is None


def test_ranking_by_hand():
    ranked = _ranked()
    # revenue percentiles of the 7 customers: E 1/7, A 2/7, D 3/7, B 4/7, C and G 5.5/7 (tied), F 7/7
    # points: B 6 + 4/7, A 6 + 2/7, G 2 + 1 + 5.5/7, D 3 + 3/7, C 2 + 5.5/7, E 1 + 1/7; F has no reason
    assert ranked["customer_id"].tolist() == ["B", "A", "G", "D", "C", "E"]
    assert ranked["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert ranked["points"].tolist() == pytest.approx([6 + 4 / 7, 6 + 2 / 7, 3 + 5.5 / 7, 3 + 3 / 7, 2 + 5.5 / 7,
                                                       1 + 1 / 7], abs=1e-6)
    assert ranked["potential"].tolist() == pytest.approx([4 / 7, 2 / 7, 5.5 / 7, 3 / 7, 5.5 / 7, 1 / 7])
    assert ranked["reasons"].tolist() == ["build_trust", "build_trust", "neglected+checklist", "untouched",
                                          "neglected", "checklist"]
    assert ranked["tier"].tolist() == ["4", "4", "2", "none", "2", "3"]
    assert ranked["owner"].tolist() == ["R2", "R1", "R2", "unassigned", "R1", "R1"]
    assert ranked["open_pipeline"].tolist() == [0.0, 500.0, 1000.0, 0.0, 0.0, 100.0]
    assert ranked["days_since_contact"].tolist()[:3] == [20.0, 10.0, 120.0]


def test_tier_four_first_whatever_else():
    """Tier 4 (6 points) ranks above a customer with every other reason and the top potential (3 + 1 + 1)."""
    tiered = pd.DataFrame({"customer_id": ["T4", "U"], "tier": pd.array([4, None], dtype="Int64"),
                           "annual_revenue": [1.0, 2.0]})
    lists = {"build_trust": tiered.iloc[[0]], "untouched": tiered.iloc[[1]]}
    opps = pd.DataFrame({"customer_id": ["U"], "status": ["open"], "amount": [9e9], "budget": [False]})
    ranked = nextlist.next_list(tiered, lists, nextlist.open_deals(opps, as_of=AS_OF), weights=REVENUE_ONLY)
    assert ranked["customer_id"].tolist() == ["T4", "U"]
    assert ranked["points"].tolist() == pytest.approx([6.5, 5.0])  # U: untouched 3, checklist 1, potential 1


def test_channel_rule():
    ranked = _ranked().set_index("customer_id")
    # visits build trust (tier 4, untouched) and chase the big deal without a decision maker (G, though G is a
    # neglected asset); the rest get the cheapest sales call
    assert ranked["channel"].to_dict() == {"B": "visit", "A": "visit", "G": "visit", "D": "visit", "C": "phone",
                                           "E": "phone"}
    costs = {"visit": 100.0, "technical_exchange": 5.0, "email": 0.01}  # e-mail is no sales call
    assert _ranked(channel_costs=costs).set_index("customer_id")["channel"]["C"] == "technical_exchange"
    assert nextlist.call_channel({"visit": 3.0, "phone": 3.0}) == "phone"  # ties: phone before visit


def test_ties_broken_by_pipeline_revenue_then_id():
    tiered = pd.DataFrame({"customer_id": ["Z", "Y", "X", "W"], "tier": pd.array([4] * 4, dtype="Int64"),
                           "annual_revenue": [5.0, 5.0, 5.0, None]})
    opps = pd.DataFrame({"customer_id": ["X"], "status": ["open"], "amount": [10.0]})
    ranked = nextlist.next_list(tiered, {"build_trust": tiered}, nextlist.open_deals(opps, as_of=AS_OF),
                                weights={})  # no potential: every tier 4 customer has 6 points
    assert ranked["points"].tolist() == [6.0] * 4
    # X has the open pipeline; Y and Z tie on everything else and go by ID; W's revenue is unknown: last
    assert ranked["customer_id"].tolist() == ["X", "Y", "Z", "W"]
    again = nextlist.next_list(tiered.iloc[::-1], {"build_trust": tiered}, nextlist.open_deals(opps, as_of=AS_OF),
                               weights={})
    assert again["customer_id"].tolist() == ["X", "Y", "Z", "W"]  # the input order does not matter


def test_potential_weights_by_hand():
    customers = pd.DataFrame({"annual_revenue": [10.0, 20.0], "headcount": [100, 300], "it_headcount": [30, 30],
                              "revenue_growth_3y": [0.5, None]})
    # revenue 0.5 / 1.0, headcount 0.5 / 1.0, IT share 0.3 (1.0) / 0.1 (0.5), growth 1.0 / missing (0)
    score = nextlist.potential_score(customers)
    assert score.tolist() == pytest.approx([0.4 * 0.5 + 0.2 * 0.5 + 0.2 * 1.0 + 0.2 * 1.0,
                                            0.4 * 1.0 + 0.2 * 1.0 + 0.2 * 0.5 + 0.0])
    # a field the data never give is left out and the others' weights scaled up
    assert nextlist.potential_score(customers[["annual_revenue"]]).tolist() == [0.5, 1.0]
    assert nextlist.potential_score(customers[[]]).tolist() == [0.0, 0.0]


def test_by_rep_caps_each_rep_at_ten():
    ranked = pd.DataFrame({"rank": range(1, 16), "customer_id": [f"C{i:02d}" for i in range(15)],
                           "owner": ["R2"] * 12 + ["R1"] * 2 + [None], "reasons": ["checklist"] * 15,
                           "channel": ["phone"] * 15})
    table = nextlist.by_rep(ranked)
    assert table.groupby("owner", sort=False).size().to_dict() == {"R1": 2, "R2": 10, "unassigned": 1}
    assert table[table["owner"] == "R2"]["customer_id"].tolist() == [f"C{i:02d}" for i in range(10)]
    assert table[table["owner"] == "R2"]["rank"].tolist() == list(range(1, 11))
    assert list(table.columns) == ["owner", "rank", "customer_id", "reasons", "channel"]


def test_reason_labels_list_every_reason_in_both_languages():
    labels = nextlist.reason_labels(["neglected+checklist", "untouched"])
    assert labels["neglected+checklist"] == ("客户资产被冷落、商机要素未配齐",
                                              "neglected asset, open deal, checklist incomplete")
    assert labels["untouched"][0] == "优质战略客户未接触"


def test_top_figure_is_codes_and_the_name():
    top = nextlist.top_figure(_ranked(), 2)
    assert top == [{"customer_id": "B", "name": "Beta", "reasons": ["build_trust"], "channel": "visit", "owner": "R2"},
                   {"customer_id": "A", "name": "Alpha", "reasons": ["build_trust"], "channel": "visit",
                    "owner": "R1"}]


# --- in the chapter: a tiny client, and clients missing tables ---------------------------------------------------

YAML = "client_name: Tiny\nperiod:\n  start: 2025-01-01\n  end: 2025-12-31\n"
# default ICP: C1 quality, C2 strategic, C3 target, C5 potential; C6 quality (never contacted)
CUSTOMERS = (
    "customer_id,name,owner,headcount,annual_revenue,revenue_growth_3y,brand_standing\n"
    "C1,Alpha,R1,900,300000000,0.1,known\n"
    "C2,Beta,R1,1000,2000000000,0.1,leading\n"
    "C3,Gamma,R2,300,60000000,0.0,known\n"
    "C5,Epsilon,R2,100,10000000,0.1,average\n"
    "C6,Zeta,,900,400000000,0.2,known\n"
)
# C1 familiar but silent since June (neglected tier 2); C2 neutral (tier 4); C3 familiar to December (tier 3)
ACTIVITIES = "date,owner,customer_id\n" + "".join(
    f"2025-{m:02d}-01,R1,C1\n" for m in range(1, 7)) + "2025-12-01,R1,C2\n" + "".join(
    f"2025-{m:02d}-01,R2,C3\n" for m in range(7, 13)) + "2025-11-01,R2,C5\n"
# C3's open deal lacks the decision maker; C2's is complete
OPPORTUNITIES = (
    "opportunity_id,created_date,stage,customer_id,status,amount,close_date,decision_maker,budget\n"
    "O1,2025-01-10,bid,C1,won,500000,2025-03-01,是,是\n"
    "O2,2025-03-01,solution,C2,open,1000000,,是,是\n"
    "O3,2025-05-01,solution,C3,open,300000,,否,是\n"
)


def _client(root, **files):
    make_client(root, {f"{name}.csv": text for name, text in files.items()}, yaml=YAML)
    run_intake(root)
    return open_client(root)


def test_section_in_the_chapter(tmp_path):
    client = _client(tmp_path, customers=CUSTOMERS, activities=ACTIVITIES, opportunities=OPPORTUNITIES)
    result = matrix.compute(client)
    section = result.section("next")
    assert section.key == matrix.SECTIONS[-1] and not section.needs
    full, reps = section.tables
    assert (full.key, reps.key) == ("next_customers", "next_by_rep")
    # C2 tier 4 first; C6 untouched quality (3 + potential); C1 neglected (2 + potential); C3 checklist
    assert full.frame["customer_id"].tolist() == ["C2", "C6", "C1", "C3"]
    assert full.frame["reasons"].tolist() == ["build_trust", "untouched", "neglected", "checklist"]
    # C3's deal is the smaller of two open deals (the top quarter starts above it): a phone call
    assert full.frame["channel"].tolist() == ["visit", "visit", "phone", "phone"]
    assert result.figures["matrix.next_customers"] == 4
    assert [row["customer_id"] for row in result.figures["matrix.next_top"]] == ["C2", "C6", "C1", "C3"]
    fields = section.finding.fields
    assert (fields["n"].value, fields["tier4"].value, fields["pipeline"].value) == (4, 1, 1_300_000.0)
    assert render(section.finding, "zh", labels=result.labels) == (
        "先联系这 4 家客户：其中 1 家是待建立信任的 4 级客户，名单上的未结商机合计 130 万元；排在首位的是「Beta」"
        "（4 级：建立信任）。")
    assert section.note.key == "cu.note.next"  # nothing left out
    action = result.actions[-1]
    assert (action.sheet, action.value) == ("next_customers", 0.0)  # the others' customers: counted there, last here
    assert [a.sheet for a in result.actions][:-1] == ["matrix_untouched", "matrix_build_trust", "matrix_neglected"]
    ax = section.chart.draw(*section.chart.args, lang="en")
    assert [label.get_text() for label in ax.get_yticklabels()] == ["R1", "R2", "unassigned"]  # 2, 1, 1 listed
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "tier 4: build trust", "premium, never contacted", "neglected asset", "open deal, checklist incomplete"]
    _, payload = section_html(result, "next", "en")
    # today's tiers, dated
    assert payload["tables"][0]["headers"][:5] == ["Rank", "Customer ID", "Customer", "Tier on 2025-12-31", "Why"]
    assert payload["tables"][0]["rows"][0][4] == "tier 4: build trust"


def test_without_opportunities_and_profile(tmp_path):
    customers = "customer_id,name,owner,level,relationship\nC1,Alpha,R1,quality,neutral\nC2,Beta,R1,quality,untouched\n"
    result = matrix.compute(_client(tmp_path, customers=customers))
    section = result.section("next")
    assert not section.needs
    assert section.tables[0].frame["customer_id"].tolist() == ["C1", "C2"]
    assert "open_pipeline" not in section.tables[0].frame or section.tables[0].frame["open_pipeline"].isna().all()
    assert "potential" not in section.tables[0].frame and "days_since_contact" not in section.tables[0].frame
    assert section.finding.key == "find.matrix.next_no_pipeline"
    assert section.note.key == "cu.note.next_partial"
    assert [part.key for part in section.note.fields["left"]] == [
        "cu.note.next_left.neglected", "cu.note.next_left.checklist", "cu.note.next_left.potential"]
    note = render(section.note, "en", labels=result.labels)
    assert "Left out: neglected assets and days since contact (no contact history), open deals missing" in note
    assert result.actions[-1].sheet == "next_customers" and result.actions[-1].value == 0.0


def test_opportunities_without_checklist_fields(tmp_path):
    opps = "\n".join(line.rsplit(",", 2)[0] for line in OPPORTUNITIES.splitlines()) + "\n"  # no checklist
    result = matrix.compute(_client(tmp_path, customers=CUSTOMERS, activities=ACTIVITIES, opportunities=opps))
    section = result.section("next")
    assert section.tables[0].frame["customer_id"].tolist() == ["C2", "C6", "C1"]  # C3: no checklist reason
    assert section.tables[0].frame["open_pipeline"].tolist() == [1_000_000.0, 0.0, 0.0]
    assert [part.key for part in section.note.fields["left"]] == ["cu.note.next_left.elements"]


def test_nobody_to_work(tmp_path):
    customers = "customer_id,name,owner,level,relationship\nC1,Alpha,R1,target,neutral\n"
    result = matrix.compute(_client(tmp_path, customers=customers))
    section = result.section("next")
    assert section.finding.key == "find.matrix.next_none" and section.tables == ()
    assert result.figures["matrix.next_customers"] == 0 and result.figures["matrix.next_top"] == []
    assert "next_customers" not in [a.sheet for a in result.actions]


def test_no_customers_table_needs_it(tmp_path):
    result = matrix.compute(_client(tmp_path, opportunities=OPPORTUNITIES))
    assert result.section("next").needs == ("customers",)
    assert result.figures["matrix.next_customers"] is None and result.figures["matrix.next_top"] is None
