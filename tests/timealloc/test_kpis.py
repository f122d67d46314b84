"""KPIs by customer segment (workbook.timealloc.kpis): hand-worked segment KPIs, gaps to the targets of
client.yaml, the section's title with and without targets, what it needs, and the sample's finding."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from tests.helpers import make_client
from tests.timealloc.test_summary import ACTS
from workbook.core.config import ClientConfig, KpiTargets, load_config
from workbook.core.formats import render
from workbook.exceptions import ConfigError
from workbook.intake import open_client
from workbook.intake.validate import run_intake
from workbook.timealloc import compute, kpis

START, END = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-03-31")
COSTS = {"visit": 100.0, "phone": 1.0, "email": 0.01}
CUSTOMERS = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"], "industry": ["化工", "化工", "纺织", None]})
TIERS = pd.Series(pd.array([1, 1, 5], dtype="Int64"), index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
# C2 is below its tier's contact policy; C4 is outside the matrix (no policy)
COVERAGE = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "below_policy": [False, True, False]})
LEADS = pd.DataFrame({"lead_id": ["L1", "L2", "L3", "L4", "L5"], "customer_id": ["C1", "C1", "C3", "C4", "C2"],
                      "created_date": pd.to_datetime(["2025-01-02", "2025-02-01", "2025-01-10", "2024-12-01",
                                                      "2025-03-01"])})
OPPS = pd.DataFrame({
    "opportunity_id": ["O1", "O2", "O3", "O4", "O5"], "customer_id": ["C1", "C2", "C3", "C4", "C1"],
    "lead_id": ["L1", "L5", "L3", None, None], "status": ["won", "lost", "won", "won", "won"],
    "amount": [1000.0, 500.0, 200.0, 300.0, 800.0],
    "created_date": pd.to_datetime(["2025-01-10", "2025-02-01", "2025-01-20", "2024-11-01", "2025-03-01"]),
    "close_date": pd.to_datetime(["2025-02-09", "2025-03-20", "2025-03-21", "2025-01-15", "2025-04-10"])})
ACTIVITIES = pd.DataFrame({
    "customer_id": ["C1", "C1", "C2", "C3", "C4", None], "type": ["visit", "phone", "visit", "email", "visit", "phone"],
    "hours": [3.0, 0.5, 2.0, 0.1, 4.0, 1.0],
    "date": pd.to_datetime(["2025-01-05", "2025-01-06", "2025-02-01", "2025-02-02", "2024-12-15", "2025-01-07"])})


def _by_tier() -> pd.DataFrame:
    return kpis.segment_kpis(kpis.tier_segments(CUSTOMERS, TIERS), activities=ACTIVITIES, opportunities=OPPS,
                             leads=LEADS, coverage=COVERAGE, costs=COSTS, start=START, end=END)


def test_segment_kpis_by_tier_hand_worked():
    # tier 1 (C1, C2): leads L1, L2, L5 of which L1 won; closed O1 won, O2 lost; O1 took 30 days; contacts cost
    # C1 100 + 1, C2 100 over 2 customers; 1,000 won over 3 + 0.5 + 2 hours. Tier 5 (C3): L3 won via O3 (60 days),
    # one e-mail (0.01) of 0.1 h for 200. C4 (not tiered): its lead and visit predate the period, O4 won in it
    # (75 days); O5 closes after the period
    expected = pd.DataFrame({
        "segment": ["1", "5", "none"], "customers": [2, 1, 1], "coverage": [0.5, 1.0, np.nan],
        "leads": [3, 1, 0], "lead_to_win": [1 / 3, 1.0, np.nan], "closed": [2, 1, 1], "win_rate": [0.5, 1.0, 1.0],
        "cycle_days": [30.0, 60.0, 75.0], "cost_to_serve": [100.5, 0.01, np.nan],
        "contact_hours": [5.5, 0.1, 0.0], "revenue": [1000.0, 200.0, 300.0],
        "revenue_per_contact_hour": [1000 / 5.5, 2000.0, np.nan]})
    assert_frame_equal(_by_tier(), expected, check_dtype=False)


def test_kpis_by_tier_count_only_what_came_after_the_tier_date():
    # tiers taken on 2025-01-15: L1, L3 and O1 are older and left out, as are the contacts of early January.
    # Tier 1: L2 and L5 (L5's deal O2 lost): 0 of 2 leads won; O2 the one closed deal, lost; one visit (C2, 2 h).
    # Tier 5: no lead after the date; O3 (created 01-20) won in 60 days, 200 over C3's e-mail of 0.1 h.
    # Not tiered: C4's deal and visit predate the date
    since = kpis.segment_kpis(kpis.tier_segments(CUSTOMERS, TIERS), activities=ACTIVITIES, opportunities=OPPS,
                              leads=LEADS, coverage=COVERAGE, costs=COSTS, start=START, end=END,
                              since=pd.Timestamp("2025-01-15"))
    expected = pd.DataFrame({
        "segment": ["1", "5", "none"], "customers": [2, 1, 1], "coverage": [0.5, 1.0, np.nan],
        "leads": [2, 0, 0], "lead_to_win": [0.0, np.nan, np.nan], "closed": [1, 1, 0], "win_rate": [0.0, 1.0, np.nan],
        "cycle_days": [np.nan, 60.0, np.nan], "cost_to_serve": [100.0, 0.01, np.nan],
        "contact_hours": [2.0, 0.1, 0.0], "revenue": [0.0, 200.0, 0.0],
        "revenue_per_contact_hour": [0.0, 2000.0, np.nan]})
    assert_frame_equal(since, expected, check_dtype=False)


def test_segment_kpis_by_industry_keep_customers_without_one():
    table = kpis.segment_kpis(kpis.industry_segments(CUSTOMERS), activities=ACTIVITIES, opportunities=OPPS,
                              leads=LEADS, coverage=COVERAGE, costs=COSTS, start=START, end=END)
    assert table["segment"].tolist() == ["化工", "纺织", "unknown"]  # C4 has no industry: counted as unknown
    assert table["customers"].tolist() == [2, 1, 1]
    assert table["win_rate"].tolist() == [0.5, 1.0, 1.0]
    assert table["coverage"].tolist()[:2] == [0.5, 1.0] and np.isnan(table["coverage"].iloc[2])


def test_gaps_against_targets_with_tier_overrides():
    targets = KpiTargets(win_rate=0.6, cost_to_serve=50, by_tier={5: {"win_rate": 1.0}})
    gaps = kpis.kpi_gaps(_by_tier(), targets, tiers=True)
    # cost is lower-is-better: tier 1 spends 100.5 against 50 (gap -50.5, 101% short); tier 1 wins 0.5 of 0.6;
    # tier 5 meets its own 100% win-rate target; "none" has no cost (no contact in the period): left out
    assert gaps[["segment", "kpi"]].values.tolist() == [["1", "cost_to_serve"], ["1", "win_rate"],
                                                       ["5", "win_rate"], ["none", "win_rate"],
                                                       ["5", "cost_to_serve"]]
    assert gaps["gap"].tolist() == pytest.approx([-50.5, -0.1, 0.0, 0.4, 49.99])
    assert gaps["shortfall"].tolist() == pytest.approx([1.01, 0.1 / 0.6, 0.0, -0.4 / 0.6, -0.9998])


def test_unknown_kpi_target_key_is_an_error_naming_it(tmp_path):
    (tmp_path / "client.yaml").write_text("client_name: X\nkpi_targets:\n  revenue_per_hour: 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"kpi_targets\.revenue_per_hour"):
        load_config(tmp_path)
    (tmp_path / "client.yaml").write_text("client_name: X\nkpi_targets:\n  by_tier: {7: {coverage: 0.5}}\n",
                                          encoding="utf-8")
    with pytest.raises(ConfigError, match="tier 7 must be 1-5"):
        load_config(tmp_path)
    (tmp_path / "client.yaml").write_text("client_name: X\nkpi_targets: {coverage: 1.5}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"kpi_targets\.coverage"):
        load_config(tmp_path)


def _section(config: ClientConfig):
    tables = {"customers": CUSTOMERS, "activities": ACTIVITIES, "opportunities": OPPS, "leads": LEADS}
    return kpis.kpi_section(tables, tiers=TIERS, config=config, start=START, end=END, needs=())


def test_title_names_the_segment_furthest_below_target():
    config = ClientConfig(client_name="X", period={"start": START.date(), "end": END.date()},
                          kpi_targets={"win_rate": 0.6, "coverage": 0.8},
                          contact_policy={1: 1.0, 5: 0.25})
    section, facts = _section(config)
    # contact per month over 90 days (2.96 months): C1 2 (0.68 < 1), C2 1 (0.34 < 1), C3 1 (0.34 >= 0.25): tier 1
    # coverage 0 of 2 against 80% (100% short) is the largest gap; below target: tier 1 coverage and win rate,
    # 化工 coverage and win rate, of 5 tier and 5 industry KPIs with a target
    assert render(section.finding, "en") == (
        "Tier 1: customers contacted to tier policy only 0.0% (target 80.0%), the furthest from target; 4 of 10 "
        "segment KPIs with a target are below it.")
    # the note says what that measures: contacts a month reaching the tier's minimum, not a recent contact
    assert "not merely whether they were contacted recently" in render(section.note, "en")
    assert [t.key for t in section.tables] == ["timealloc_kpis_tier", "timealloc_kpis_industry", "timealloc_kpi_gaps"]
    assert facts["kpis_by_tier"]["5"]["cycle_days"] == 60.0 and facts["kpis_by_tier"]["1"]["coverage"] == 0.0
    gaps = section.tables[2].frame
    assert gaps["value"].iloc[0] == ("0.0%", "0.0%") and gaps["gap"].iloc[0] == ("-80.0 个百分点", "-80.0 pp")


def test_title_without_targets_names_the_weakest_tier_per_contact_hour():
    section, _ = _section(ClientConfig(client_name="X"))
    # tier 1: 1,000 over 5.5 contact hours; tier 5: 200 over 0.1
    assert render(section.finding, "zh") == (
        "1级客户每接触小时只带来赢单金额 182 元，为各级客户最低（5级客户为 2,000 元）。")
    assert [t.key for t in section.tables] == ["timealloc_kpis_tier", "timealloc_kpis_industry"]  # no gaps
    assert section.chart is not None


def test_a_client_without_the_fields_gets_the_needs(tmp_path):
    folder = make_client(tmp_path / "client", {"activities.csv": ACTS}, yaml="client_name: Demo\n")
    run_intake(folder)
    result = compute(open_client(folder))
    assert result.section("kpis").needs == ("customers", "opportunities")
    assert result.figures["time.kpis_by_tier"] is None


@pytest.mark.slow
def test_sample_client_finds_tier_4_furthest_below_target(sample_client):
    result = compute(sample_client)
    section = result.section("kpis")
    # quality customers without trust (tier 4) get too little contact: the largest gap to the 80% coverage target
    assert section.finding.key == "find.timealloc.kpis_target"
    assert section.finding.fields["segment"].value == "4" and section.finding.fields["kpi"].value == "coverage"
    by_tier = result.figures["time.kpis_by_tier"]
    assert by_tier["4"]["coverage"] < 0.2 < min(by_tier[k]["coverage"] for k in ("1", "2", "3", "5"))
    # outcomes by tier count only the deals created after the tier date (a deal cannot make the tier it is
    # measured in): tier 4's win rate, from the clean tables with pandas
    from workbook.customers.matrix import tier_date
    from workbook.timealloc.summary import tiers_of

    date, tiers = tier_date(sample_client), tiers_of(sample_client)
    start, end = sample_client.period
    opps = sample_client.table("opportunities")
    tier4 = set(tiers[tiers.astype("string") == "4"].index.astype(str))
    closed = opps[opps["customer_id"].isin(tier4) & (opps["created_date"] > date) & opps["status"].isin(["won", "lost"])
                  & opps["close_date"].between(start, end)]
    assert len(closed) and by_tier["4"]["win_rate"] == pytest.approx((closed["status"] == "won").mean())
    assert section.note.key == "note.timealloc.kpis_since_relative" and section.note.fields["date"].value == date


def test_a_lead_won_through_its_opportunity_and_contacts_outside_the_segments():
    segments = pd.Series({"C1": "1", "C2": "5"})
    # L1 is won through its opportunity (the deal names no lead); C9 is no segment's customer; L4 has no customer
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3", "L4"], "customer_id": ["C1", "C1", "C9", None],
                          "opportunity_id": ["O1", None, None, None],
                          "created_date": pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"])})
    opps = pd.DataFrame({"opportunity_id": ["O1", "O2"], "customer_id": ["C1", "C9"], "lead_id": [None, "L3"],
                         "status": ["won", "won"], "amount": [100.0, 900.0],
                         "created_date": pd.to_datetime(["2025-01-05", "2025-01-06"]),
                         "close_date": pd.to_datetime(["2025-01-25", "2025-01-26"])})
    # a WeChat message has no unit cost: it costs nothing but its hour counts as contact
    acts = pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C9"], "type": ["visit", "wechat", "phone", "visit"],
                         "hours": [2.0, 1.0, 0.5, 5.0], "date": pd.to_datetime(["2025-01-10"] * 4)})
    out = kpis.segment_kpis(segments, activities=acts, opportunities=opps, costs=COSTS, start=START, end=END,
                            leads=leads).set_index("segment")
    assert out.loc["1", ["leads", "lead_to_win", "closed", "win_rate", "revenue"]].tolist() == [2, 0.5, 1, 1.0, 100.0]
    assert out.loc["1", ["cost_to_serve", "contact_hours"]].tolist() == [100.0, 3.0]  # one customer reached
    assert out.loc["1", "revenue_per_contact_hour"] == pytest.approx(100 / 3)
    assert out.loc["5", "leads"] == 0 and np.isnan(out.loc["5", "lead_to_win"])
    assert out.loc["5", ["cost_to_serve", "contact_hours", "revenue_per_contact_hour"]].tolist() == [1.0, 0.5, 0.0]
