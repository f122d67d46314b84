"""The outcome on the leads themselves (``won``, ``won_date``, ``won_amount``): the funnel reaches "won" without
an opportunities table, and agrees with the opportunities table when both are there."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import make_client, read_clean
from workbook.funnel import diagnosis
from workbook.funnel import journey as fn
from workbook.intake import open_client
from workbook.intake.validate import run_intake

PERIOD_YAML = "client_name: Both\nperiod: {start: 2025-01-01, end: 2025-06-30}\nrevenue_target: 100000\n"
# six leads, two won; every won lead has its won opportunity, L2's was lost, L6's is open
LEADS_CSV = (
    "lead_id,created_date,source,opportunity_id,won,won_date,won_amount\n"
    "L1,2025-01-05,展会,O1,是,2025-03-01,1000\n"
    "L2,2025-01-10,展会,O2,否,,\n"
    "L3,2025-02-01,网站,O3,是,2025-04-15,3000\n"
    "L4,2025-02-03,网站,,否,,\n"
    "L5,2025-02-20,网站,,否,,\n"
    "L6,2025-03-01,网站,O4,否,,\n"
)
OPPS_CSV = (
    "opportunity_id,created_date,stage,lead_id,status,amount,close_date\n"
    "O1,2025-01-20,negotiate,L1,won,1000,2025-03-01\n"
    "O2,2025-01-25,bid,L2,lost,500,2025-03-10\n"
    "O3,2025-02-15,negotiate,L3,won,3000,2025-04-15\n"
    "O4,2025-03-10,solution,L6,open,800,\n"
)


def _diagnosis(client_dir):
    result = diagnosis.compute(open_client(client_dir))
    return result, result.figures


@pytest.fixture(scope="module")
def both_and_leads_only(tmp_path_factory):
    root = tmp_path_factory.mktemp("outcome")
    both = make_client(root / "both", {"leads.csv": LEADS_CSV, "opportunities.csv": OPPS_CSV}, yaml=PERIOD_YAML)
    alone = make_client(root / "alone", {"leads.csv": LEADS_CSV}, yaml=PERIOD_YAML)
    run_intake(both)
    run_intake(alone)
    return _diagnosis(both), _diagnosis(alone), alone


def test_won_flag_parses_as_booleans(both_and_leads_only):
    *_, alone = both_and_leads_only
    leads = read_clean(alone, "leads")
    assert leads["won"].tolist() == [True, False, True, False, False, False]
    assert leads["won_amount"].dropna().tolist() == [1000.0, 3000.0]
    assert str(leads["won_date"].dropna().iloc[1].date()) == "2025-04-15"


def test_same_won_counts_and_rates_with_and_without_opportunities(both_and_leads_only):
    (with_opps, fig_both), (alone, fig_alone), _ = both_and_leads_only
    for fig in (fig_both, fig_alone):
        assert fig["funnel.won"] == 2
        assert fig["funnel.lead_to_win_rate"] == pytest.approx(2 / 6)
        assert fig["funnel.by_source"]["展会"]["won"] == 1 and fig["funnel.by_source"]["网站"]["won"] == 1
        assert fig["funnel.by_source"]["展会"]["lead_to_win_rate"] == pytest.approx(1 / 2)
        assert fig["funnel.by_source"]["网站"]["lead_to_win_rate"] == pytest.approx(1 / 4)
        assert fig["funnel.five_numbers"]["sales_per_week"] == pytest.approx(2 / (181 / 7))
        assert fig["funnel.five_numbers"]["avg_revenue_per_sale"] == pytest.approx(2000.0)
        assert fig["funnel.won_revenue"] == pytest.approx(4000.0)
        assert fig["funnel.median_days_lead_to_win"] == pytest.approx((55 + 73) / 2)  # Jan 5 -> Mar 1, Feb 1 -> Apr 15
    stages = [f.section("funnel").tables[0].frame[["stage", "count"]] for f in (with_opps, alone)]
    pd.testing.assert_frame_equal(*stages)
    assert stages[0].values.tolist() == [["leads", 6], ["opportunity", 4], ["won", 2]]
    # only the opportunities say what was lost: without them there is no win rate of closed deals
    assert fig_both["funnel.lost"] == 1 and fig_alone["funnel.lost"] is None


def test_reverse_funnel_and_sources_use_the_leads_own_amounts(both_and_leads_only):
    (with_opps, _), (alone, _), _ = both_and_leads_only
    for result in (with_opps, alone):
        sources = result.section("sources").tables[0].frame.set_index("source")
        assert sources.loc["网站", "revenue"] == 3000.0 and sources.loc["展会", "revenue"] == 1000.0
        mouth = result.section("mouth")
        assert mouth.needs == ()
        rows = dict(zip(mouth.tables[0].frame["metric"], mouth.tables[0].frame["value"], strict=True))
        assert rows["avg_deal"][1] == "CNY 2,000" and rows["all_cohorts_rate"][1] == "33.3%"
    # the assumption behind the rate: open deals count as expected wins only where there are opportunities
    assert with_opps.section("mouth").note.key == "note.funnel.mouth_mature"
    assert alone.section("mouth").note.key == "note.funnel.mouth_mature_leads"
    assert alone.section("mouth").note.fields["won"].value == 2


def test_a_lead_won_without_an_opportunity_counts_beside_the_opportunities():
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "created_date": pd.to_datetime(["2025-01-01"] * 3),
                          "source": ["a", "a", "b"], "won": pd.array([False, True, True], dtype="boolean"),
                          "won_amount": [None, 70.0, 500.0]})
    opps = pd.DataFrame({"opportunity_id": ["O1", "O2"], "lead_id": ["L1", "L2"], "status": ["won", "lost"],
                         "amount": [100.0, 60.0], "created_date": pd.to_datetime(["2025-01-05"] * 2),
                         "stage": ["bid", "bid"]})
    j = fn.lead_journey(leads, opps)
    # L1: its opportunity was won (its own flag is overruled); L2: lost deal wins over its own flag; L3: own record
    assert j["won"].tolist() == [True, False, True]
    assert j["opportunity"].tolist() == [True, True, True]
    assert j[f"opp_{'amount'}"].tolist() == [100.0, 60.0, 500.0]


def test_won_date_or_amount_alone_mark_the_lead_won():
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "created_date": pd.to_datetime(["2025-01-01"] * 3),
                          "source": ["a"] * 3, "won_date": pd.to_datetime(["2025-02-01", None, None]),
                          "won_amount": [None, 20.0, 0.0]})
    assert fn.lead_journey(leads)["won"].tolist() == [True, True, False]


# a public lead-scoring export in its own layout: a 0/1 Converted column, no dates, no opportunities
LEAD_EXPORT = (
    "Prospect ID,Lead Number,Lead Origin,Lead Source,Do Not Email,Converted,TotalVisits\n"
    "7927b2df-8bba-4d29-b9a2-b6e0beafe620,660737,API,Olark Chat,No,0,0\n"
    "2a272436-5132-4136-86fa-dcc88c88f482,660728,API,Organic Search,No,0,5\n"
    "8cc8c611-a219-4f35-ad23-fdfd2656bd8a,660727,Landing Page Submission,Direct Traffic,No,1,2\n"
    "0cc2df48-7cf4-4e39-9de9-19797f9b38cc,660719,Landing Page Submission,Direct Traffic,No,0,1\n"
    "3256f628-e534-4826-9d63-4a8b88782852,660681,Landing Page Submission,Google,No,1,2\n"
    "2058ef08-2858-443e-a01f-a9237db2f5ce,660680,API,Olark Chat,No,0,0\n"
    "9fae7df4-169d-489b-afe4-0f3d752542ed,660673,Landing Page Submission,Google,No,1,2\n"
    "20ef72a2-fb3b-45e0-924e-551c5fa59095,660664,API,Olark Chat,No,0,0\n"
    "cfa0128c-a0da-4656-9d47-0aa4e67bf690,660624,Landing Page Submission,Direct Traffic,No,0,4\n"
    "af465dfc-7204-4130-9e05-33231863c4b5,660616,API,Google,No,0,8\n"
)
LEAD_EXPORT_YAML = """client_name: Lead export
language: en
tables:
  leads:
    file: Leads.csv
    columns:
      lead_id: Lead Number
      source: Lead Source
      created_date: {value: 2025-06-30}  # the export has no dates: the day it was exported
      won: Converted
"""


def test_lead_export_with_a_converted_flag_reaches_won(tmp_path):
    client = make_client(tmp_path / "x", {"Leads.csv": LEAD_EXPORT}, yaml=LEAD_EXPORT_YAML)
    run_intake(client)
    result, fig = _diagnosis(client)
    funnel = result.section("funnel").tables[0].frame
    assert funnel[["stage", "count"]].values.tolist() == [["leads", 10], ["won", 3]]
    assert funnel["cumulative_rate"].iloc[-1] == pytest.approx(0.3)
    assert fig["funnel.won"] == 3 and fig["funnel.lead_to_win_rate"] == pytest.approx(0.3)
    rates = {k: v["lead_to_win_rate"] for k, v in fig["funnel.by_source"].items()}
    assert rates == pytest.approx({"Google": 2 / 3, "Direct Traffic": 1 / 3, "Olark Chat": 0.0,
                                   "Organic Search": 0.0})
    # Olark Chat (0 won) against the other sources (no source type: every other source is a peer)
    assert result.section("sources").finding.fields["a"].key == "find.funnel.sources_like"
    # the rate is known, the amounts are not: the funnel mouth says which data would size the leads needed
    assert result.section("mouth").note.key == "note.funnel.mouth_amount"
