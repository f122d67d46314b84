"""workbook.timealloc.allocation: time use, the offload what-if, planned calls."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from tests.helpers import make_client, only_problem
from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
from workbook.core.config import ClientConfig, TimeCategory
from workbook.exceptions import DataValidationError
from workbook.intake.validate import run_intake
from workbook.timealloc import allocation as ta

WEEK = pd.Timestamp("2025-03-03")


def log(rows, period=WEEK):
    """A time log from (owner, category, hours) triples."""
    owner, category, hours = zip(*rows, strict=True)
    return pd.DataFrame({"owner": list(owner), "period": [period] * len(rows), "category": list(category),
                         "hours": [float(h) for h in hours]})


# a rep at 12 of 100 hours direct selling; 20 hours of order entry, 68 of internal meetings
CASE_REP = log([("R1", "customer_meeting", 12), ("R1", "order_entry", 20), ("R1", "internal_meeting", 68)])


def test_company_case_12_to_22_is_83_percent_more_capacity():
    out = ta.offload_summary(CASE_REP, categories=CATS, moved={"order_entry": 0.5}, support_hourly_cost=80)
    assert out["direct_share"] == pytest.approx(0.12)
    assert out["offload_hours"] == pytest.approx(10.0)
    assert out["after_offload_share"] == pytest.approx(0.22)
    assert out["capacity_gain"] == pytest.approx(22 / 12 - 1)
    assert round(out["capacity_gain"], 3) == 0.833
    assert out["equivalent_sellers"] == pytest.approx(0.8333, abs=1e-4)  # one rep: 83% of a seller more
    assert out["offload_cost"] == pytest.approx(800.0)
    assert out["weeks"] == pytest.approx(1.0)  # one period read as one week
    assert out["offload_hours_per_week"] == pytest.approx(10.0)
    assert out["support_fte"] == pytest.approx(0.1)  # 10 h a week against 100 h a rep logs a week
    assert out["freed_value"] is None


def test_equivalent_sellers_use_the_average_reps_selling_hours():
    two = log([("R1", "customer_meeting", 10), ("R1", "order_entry", 10),
               ("R2", "customer_meeting", 30), ("R2", "order_entry", 30)])
    out = ta.offload_summary(two, categories=CATS, moved={"order_entry": 1.0}, support_hourly_cost=50,
                             revenue_per_hour=1000)
    # 40 hours freed; an average rep sells 20 hours -> 2 sellers; capacity +100%
    assert out["equivalent_sellers"] == pytest.approx(2.0)
    assert out["capacity_gain"] == pytest.approx(1.0)
    assert out["offload_cost"] == pytest.approx(2000.0)
    assert out["freed_value"] == pytest.approx(40_000.0)


def test_offload_by_rep():
    two = log([("R1", "customer_meeting", 10), ("R1", "proposal_prep", 30),
               ("R2", "selling_calls", 20), ("R2", "travel", 20)])
    out = ta.offload_by_rep(two, categories=CATS, moved={"proposal_prep": 0.5})
    expected = pd.DataFrame({"owner": ["R1", "R2"], "hours": [40.0, 40.0], "direct_hours": [10.0, 20.0],
                             "offload_hours": [15.0, 0.0], "direct_share": [0.25, 0.5],
                             "after_offload_share": [0.625, 0.5], "capacity_gain": [1.5, 0.0]})
    assert_frame_equal(out, expected)


def test_offload_moves_are_checked():
    with pytest.raises(ValueError, match="'golf' is not in time_categories.*must be one of visit_planning"):
        ta.offload_summary(CASE_REP, categories=CATS, moved={"golf": 0.5}, support_hourly_cost=80)
    with pytest.raises(ValueError, match="'customer_meeting' is direct selling"):
        ta.offload_by_rep(CASE_REP, categories=CATS, moved={"customer_meeting": 0.5})
    with pytest.raises(ValueError, match="between 0 and 1, got 1.5"):
        ta.offload_by_rep(CASE_REP, categories=CATS, moved={"order_entry": 1.5})
    with pytest.raises(ValueError, match="golf"):  # even without a time log
        ta.offload_summary(None, categories=CATS, moved={"golf": 0.5}, support_hourly_cost=80)


def test_offload_without_time_log_is_all_none():
    out = ta.offload_summary(None, categories=CATS, moved={"order_entry": 0.5}, support_hourly_cost=80)
    assert set(out.values()) == {None}


def test_default_moves_are_the_offloadable_categories():
    cats = (TimeCategory(name="meet", label_zh="会", kind="direct"),
            TimeCategory(name="paper", label_zh="纸", kind="non_selling", offloadable=True),
            TimeCategory(name="road", label_zh="路", kind="indirect"))
    assert ta.default_moves(cats, share=0.25) == {"paper": 0.25}


def test_selling_shares_and_rank():
    frame = log([("R1", "customer_meeting", 5), ("R1", "travel", 5), ("R1", "order_entry", 10),
                 ("R2", "selling_calls", 5), ("R2", "internal_meeting", 15),
                 ("R3", "customer_meeting", 1), ("R3", "admin_training", 3)])
    reps = pd.DataFrame({"owner": ["R1", "R2", "R3"], "team": ["东", "南", "南"]})
    out = ta.selling_shares(frame, categories=CATS, reps=reps)
    assert out["owner"].tolist() == ["R1", "R2", "R3"]  # R1 and R2 tie at 25%, R3 also 25%
    assert out["rank"].tolist() == [1, 1, 1]
    assert out["team"].tolist() == ["东", "南", "南"]
    assert out.loc[0, ["direct_share", "indirect_share", "non_selling_share"]].tolist() == [0.25, 0.25, 0.5]
    teams = ta.selling_shares(frame, categories=CATS, reps=reps, by="team").set_index("team")
    assert teams.loc["南", "direct_hours"] == 6.0 and teams.loc["南", "hours"] == 24.0


def test_hours_by_category_per_team_and_unknown_category():
    frame = log([("R1", "travel", 2), ("R2", "travel", 3), ("R2", "order_entry", 1)])
    reps = pd.DataFrame({"owner": ["R1", "R2"], "team": ["东", "东"]})
    out = ta.hours_by_category(frame, categories=CATS, reps=reps, by="team")
    assert out.loc[0, "travel"] == 5.0 and out.loc[0, "total"] == 6.0
    assert list(out.columns) == ["team", *(cat.name for cat in CATS), "total"]
    bad = log([("R1", "golf", 2)])
    with pytest.raises(ValueError, match=r"'golf' is not in time_categories \(client.yaml\); allowed: customer_"):
        ta.hours_by_category(bad, categories=CATS)
    with pytest.raises(ValueError, match="reps table"):
        ta.hours_by_category(frame, categories=CATS, by="team")


def test_direct_share_and_benchmarks():
    assert ta.direct_share(CASE_REP, categories=CATS) == pytest.approx(0.12)
    assert ta.direct_share(None, categories=CATS) is None
    shares = pd.DataFrame({"direct_share": [0.05, 0.12, 0.3, 0.5]})
    out = ta.benchmark_comparison(shares)  # the company case: 12% before, 22% after chores moved
    assert out["marker"].tolist() == ["case_before", "case_after"]
    assert out["reps_below"].tolist() == [1, 2]
    assert out["reps_below_share"].tolist() == [0.25, 0.5]


def test_revenue_per_selling_hour():
    two_weeks = pd.concat([log([("R1", "customer_meeting", 7)], WEEK),
                           log([("R1", "customer_meeting", 7), ("R1", "travel", 30)], WEEK + pd.Timedelta(days=7))])
    opps = pd.DataFrame({"owner": ["R1", "R1", "R9"], "status": ["won", "lost", "won"],
                         "amount": [3650.0, 999.0, 1e9], "close_date": pd.to_datetime(["2025-06-01"] * 3)})
    # 3,650 won by R1 over 365 days = 10 a day; 14 selling hours over 14 days = 1 an hour a day
    rate = ta.revenue_per_selling_hour(opps, two_weeks, categories=CATS, start="2025-01-01", end="2025-12-31")
    assert rate == pytest.approx(10.0)
    assert ta.revenue_per_selling_hour(None, two_weeks, categories=CATS) is None
    assert ta.revenue_per_selling_hour(opps.assign(status="lost"), two_weeks, categories=CATS) is None


def test_sellers_only_and_filter_owners():
    reps = pd.DataFrame({"owner": ["R1", "R2", "R3"], "role": ["field", "support", "inside"],
                         "team": ["东", "南", "南"]})
    frame = pd.DataFrame({"owner": ["R1", "R2", "R3"]})
    assert ta.sellers_only(frame, reps=reps)["owner"].tolist() == ["R1", "R3"]
    assert ta.sellers_only(frame, reps=None)["owner"].tolist() == ["R1", "R2", "R3"]
    assert ta.filter_owners(frame, reps=reps, teams=["南"], owners=["R1", "R3"])["owner"].tolist() == ["R3"]
    with pytest.raises(ValueError, match="team"):
        ta.filter_owners(frame, teams=["南"])


def test_planned_calls_against_60_40():
    acts = pd.DataFrame({"owner": ["R1"] * 5 + ["R2"] * 2,
                         "planned": pd.array([True, True, True, False, False, True, None], dtype="boolean")})
    out = ta.planned_calls(acts)
    assert out["owner"].tolist() == ["R1", "R2"]
    assert out["planned_share"].tolist() == [0.6, 1.0]
    assert out["gap"].tolist() == pytest.approx([0.0, 0.4])
    assert ta.planned_share(acts) == pytest.approx(4 / 6)
    assert ta.planned_share(acts.drop(columns="planned")) is None


def test_time_log_with_unknown_category_is_an_intake_error(tmp_path):
    text = "owner,period,category,hours\nR1,2025-03-03,订单录入,6\nR1,2025-03-03,打高尔夫,2\n"
    with pytest.raises(DataValidationError) as info:
        run_intake(make_client(tmp_path, {"time_log.csv": text}))
    problem = only_problem(info.value, "not_in_vocabulary")
    assert (problem.row, problem.column, problem.value) == (3, "category", "打高尔夫")
    assert "order_entry/订单录入" in problem.expected and "admin_training/行政与培训" in problem.expected
    assert "time_categories" in problem.fix and "client.yaml" in problem.fix
    assert "tables.time_log.columns.category.values" in problem.fix


# --- shared with the chapter tests (test_summary) ---------------------------------------------------------------

CONFIG = ClientConfig(client_name="Demo", period={"start": "2025-01-01", "end": "2025-12-31"})


def _tables():
    activities = pd.DataFrame({
        "date": pd.to_datetime(["2025-12-01", "2025-12-02", "2025-12-03", "2025-06-01"]),
        "owner": ["R1"] * 4, "customer_id": ["C1", "C1", "C2", "C3"], "type": ["visit", "phone", "email", "visit"],
        "planned": pd.array([True, True, False, True], dtype="boolean"), "hours": [3.0, 0.5, 0.2, 3.0]})
    quotes = pd.DataFrame({"quote_id": ["Q1", "Q2"], "opportunity_id": ["O1", "O2"],
                           "requested_date": pd.to_datetime(["2025-03-01", "2025-03-01"]),
                           "sent_date": pd.to_datetime(["2025-03-02", "2025-03-21"])})
    opps = pd.DataFrame({"opportunity_id": ["O1", "O2"], "customer_id": ["C1", "C3"], "owner": ["R1", "R1"],
                         "status": ["won", "lost"], "amount": [1000.0, 500.0],
                         "close_date": pd.to_datetime(["2025-04-01", "2025-04-01"])})
    return {"time_log": CASE_REP, "activities": activities, "quotes": quotes, "opportunities": opps}


TIERS = pd.Series(pd.array([1, 5, 3], dtype="Int64"), index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
