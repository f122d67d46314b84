"""New vs existing business (workbook.funnel.business) on a hand-worked book of deals, its sections in the
funnel chapter, and the built-in finding of the sample client."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from tests.helpers import opened_client
from workbook.core.formats import render
from workbook.funnel import business as bz
from workbook.funnel import charts
from workbook.funnel import diagnosis as dg

START, END = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31")


def _opps() -> pd.DataFrame:
    """Eight deals; the period is 2024. C1 won before it (O1, 2023): existing. C2 first won in it: new. C3 won
    before the export (its customer record says 2019): existing. O8 names no customer."""
    return pd.DataFrame({
        "opportunity_id": [f"O{i}" for i in range(1, 9)],
        "customer_id": ["C1", "C1", "C2", "C2", "C3", "C4", "C5", None],
        "lead_id": ["L1", "L2", "L3", "L4", None, "L5", "L6", "L7"],
        "owner": ["R1", "R1", "R2", "R2", "R1", "R2", "R3", "R2"],
        "status": ["won", "won", "won", "won", "won", "lost", "won", "won"],
        "amount": [100.0, 300.0, 200.0, 100.0, 400.0, 500.0, 50.0, 80.0],
        "close_date": pd.to_datetime(["2023-11-01", "2024-02-10", "2024-05-01", "2024-08-01", "2024-11-20",
                                      "2024-06-01", "2025-01-05", "2024-03-01"]),
    })


LEADS = pd.DataFrame({"lead_id": [f"L{i}" for i in range(1, 8)],
                      "source_type": ["passive", "passive", "active", "passive", "active", "passive", "active"]})
CUSTOMERS = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
                          "first_won_date": pd.to_datetime([None, None, "2019-06-18"])})


@pytest.fixture
def deals() -> pd.DataFrame:
    return bz.won_deals(_opps(), LEADS, CUSTOMERS, start=START, end=END)


def test_won_deals_of_the_period_with_customer_and_origin(deals):
    # O1 closed before the period, O6 was lost, O7 closed after it: left out
    assert deals["opportunity_id"].tolist() == ["O2", "O3", "O4", "O5", "O8"]
    # C1 won before the period (O1) and C3 before the export (its record): existing; C2's first win is O3: new
    assert deals["customer_type"].tolist() == ["existing", "new", "new", "existing", "unknown"]
    # passive source -> inbound, active -> outbound; O5 has no lead: unknown, kept
    assert deals["origin"].tolist() == ["inbound", "outbound", "inbound", "unknown", "outbound"]


def test_the_first_win_before_the_period_comes_from_the_deals_or_the_customer_record():
    first = bz.first_wins(_opps(), CUSTOMERS)
    assert first.to_dict() == {"C1": pd.Timestamp("2023-11-01"), "C2": pd.Timestamp("2024-05-01"),
                               "C3": pd.Timestamp("2019-06-18"), "C5": pd.Timestamp("2025-01-05")}
    # without the customer record C3's first win is its 2024 deal: new
    deals = bz.won_deals(_opps(), LEADS, start=START, end=END)
    assert deals.set_index("opportunity_id").loc["O5", "customer_type"] == "new"


def test_shares_hand_worked(deals):
    # period revenue 300 + 200 + 100 + 400 + 80 = 1,080; self-developed: new (O3 200, O4 100) or outbound (O8 80)
    assert bz.self_developed_share(deals) == pytest.approx(380 / 1080)
    assert bz.new_customer_share(deals) == pytest.approx(300 / 1080)
    # inbound: O2 300 (existing) + O4 100 (new)
    assert bz.inbound_existing_share(deals) == pytest.approx(300 / 400)


def test_split_table_counts_unknown_rows(deals):
    table = bz.split_table(deals)
    expected = pd.DataFrame({
        "customer_type": ["new", "new", "existing", "existing", "existing", "unknown"],
        "origin": ["inbound", "outbound", "inbound", "outbound", "unknown", "outbound"],
        "deals": [1, 1, 1, 0, 1, 1], "revenue": [100.0, 200.0, 300.0, 0.0, 400.0, 80.0],
        "revenue_share": np.array([100, 200, 300, 0, 400, 80]) / 1080})
    assert_frame_equal(table, expected)
    assert table["revenue"].sum() == deals["amount"].sum()  # nothing dropped


def test_new_customers_per_rep_include_sellers_without_wins(deals):
    reps = pd.DataFrame({"owner": ["R1", "R2", "R3", "R4"], "role": ["field", "inside", "field", "support"]})
    table = bz.new_by_rep(deals, reps)
    # R2: C2 (O3 + O4) new, O8 unknown customer; R1: existing customers only; R3 won nothing; R4 is support
    expected = pd.DataFrame({"owner": ["R2", "R1", "R3"], "new_customers": [1, 0, 0],
                             "new_revenue": [300.0, 0.0, 0.0], "won_revenue": [380.0, 700.0, 0.0],
                             "new_share": [300 / 380, 0.0, np.nan]})
    assert_frame_equal(table, expected)


def test_quarterly_trend(deals):
    table = bz.quarterly_trend(deals)
    expected = pd.DataFrame({"quarter": ["2024Q1", "2024Q2", "2024Q3", "2024Q4"], "deals": [2, 1, 1, 1],
                             "revenue": [380.0, 200.0, 100.0, 400.0], "new_share": [0.0, 1.0, 1.0, 0.0],
                             "outbound_share": [80 / 380, 1.0, 0.0, 0.0]})
    assert_frame_equal(table, expected)


def test_analyse_without_source_types_has_no_origin_shares():
    out = bz.analyse(_opps(), None, CUSTOMERS, start=START, end=END)
    assert out["self_developed_share"] is None and out["inbound_existing_share"] is None
    assert out["new_customer_share"] == pytest.approx(300 / 1080) and out["new_customers_won"] == 1
    assert out["unknown_origin_deals"] == 5
    assert bz.analyse(_opps().drop(columns="customer_id"), LEADS, start=START, end=END) is None


def test_business_chart_draws_both_panels(deals):
    fig = charts.plot_business(bz.split_table(deals), bz.quarterly_trend(deals), lang="en")
    split_ax, trend_ax = fig.axes
    assert [t.get_text() for t in split_ax.get_xticklabels()] == ["New customer", "Existing customer",
                                                                  "Customer not given"]
    assert [t.get_text() for t in split_ax.get_legend().get_texts()] == ["Inbound (passive)", "Outbound (active)",
                                                                        "Origin unknown"]
    assert split_ax.get_ylabel() == "Won revenue (CNY m)"
    assert [line.get_label() for line in trend_ax.get_lines()] == ["New customers' share", "Outbound share"]


PERIOD = "client_name: Demo\nperiod: {start: 2024-01-01, end: 2024-12-31}\n"
OPPS_CSV = ("opportunity_id,created_date,stage,status,amount,close_date,owner,customer_id,lead_id\n"
            "O1,2023-09-01,negotiate,won,100,2023-11-01,R1,C1,L1\n"
            "O2,2024-01-05,negotiate,won,300,2024-02-10,R1,C1,L2\n"
            "O3,2024-02-01,negotiate,won,200,2024-05-01,R2,C2,L3\n")
LEADS_CSV = ("lead_id,created_date,source,source_type\n"
             "L1,2023-08-01,老客户,passive\nL2,2024-01-01,老客户,passive\nL3,2024-01-20,技术交流,active\n")


def _client(tmp_path, files):
    return opened_client(tmp_path / "client", files, yaml=PERIOD)


def test_sections_title_the_chairmans_numbers(tmp_path):
    result = dg.compute(_client(tmp_path, {"opportunities.csv": OPPS_CSV, "leads.csv": LEADS_CSV}))
    # 2024: O2 300 existing inbound, O3 200 new outbound: self-developed 40%, the other 60% existing inbound;
    # inbound 60% of revenue, all of it existing: the two shares of the title add up to all won revenue
    assert render(result.section("business").finding, "zh") == (
        "公司自己开发（新客户或主动获客）的赢单金额只占 40.0%，其余 60.0% 是老客户自己找上门的生意；"
        "客户找上门的生意共占 60.0%，其中 100.0% 来自老客户。")
    section = result.section("business")
    assert all("won" in table.frame and "deals" not in table.frame for table in section.tables)  # won deals counted
    assert section.note.key == "note.funnel.business_new"  # says what new and existing mean
    by_rep = result.section("new_by_rep").tables[0].frame
    assert "new_share_own" in by_rep and "new_share" not in by_rep  # the rep's own revenue, not all new revenue
    assert render(result.section("new_by_rep").finding, "en") == (
        "R2 brings the most new-customer revenue: CNY 200 (new customers won: 1; 100.0% of all new-customer revenue); "
        "reps who won no new customer: 1.")
    assert result.figures["funnel.self_developed_revenue_share"] == pytest.approx(0.4)
    assert result.figures["funnel.inbound_existing_share"] == 1.0
    assert result.figures["funnel.new_customers_won"] == 1


def test_sections_say_which_data_they_need(tmp_path):
    no_types = LEADS_CSV.replace(",source_type", "").replace(",passive", "").replace(",active", "")
    result = dg.compute(_client(tmp_path, {"opportunities.csv": OPPS_CSV, "leads.csv": no_types}))
    assert result.section("business").needs == ("leads.source_type",)
    assert not result.section("new_by_rep").missing  # new customers per rep need no origin
    thin = OPPS_CSV.replace(",customer_id,lead_id", "").replace(",C1,L1", "").replace(",C1,L2", "").replace(
        ",C2,L3", "")
    result = dg.compute(_client(tmp_path / "thin", {"opportunities.csv": thin}))
    assert result.section("business").needs == ("opportunities.customer_id", "leads")
    assert result.section("new_by_rep").needs == ("opportunities.customer_id",)
    assert result.figures["funnel.self_developed_revenue_share"] is None


@pytest.mark.slow
def test_sample_client_rediscovers_the_chairmans_complaint(sample_client):
    result = dg.compute(sample_client)
    share, inbound_existing = (result.figures[f"funnel.{k}"] for k in ("self_developed_revenue_share",
                                                                       "inbound_existing_share"))
    # the company develops little of its revenue itself (the sample whose tiers rank outcomes gives 40.0%,
    # against 60% from existing customers coming back by themselves)
    assert 0.25 <= share <= 0.42
    assert inbound_existing > 0.5  # the business that comes in by itself is mostly old customers'
    assert result.figures["funnel.new_customers_won"] > 0
    split = result.section("business").tables[0].frame.set_index(["customer_type", "origin"])
    assert {("new", "inbound"), ("existing", "outbound")} <= set(split.index)


def test_the_summary_states_the_self_developed_share():
    from workbook.reports.summary import summarise, summary_content

    summary = summarise({"03": {"funnel.self_developed_revenue_share": 0.375}}, [])
    assert summary["summary.self_developed_revenue_share"] == 0.375
    zh = summary_content(summary, [], lang="zh")["paragraphs"]
    assert zh == ["只有 37.5% 的赢单金额是公司自己开发的（新客户或主动获客）；其余来自老客户，且不是主动开发的。"]
    en = summary_content(summary, [], lang="en")["paragraphs"]
    assert en[0].startswith("Only 37.5% of won revenue was developed by the company itself")
    assert summarise({}, [])["summary.self_developed_revenue_share"] is None
    assert summary_content(summarise({}, []), [], lang="en")["paragraphs"] == []
