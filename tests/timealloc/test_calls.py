"""Sales calls a week per seller (workbook.timealloc.calls), with activity types and with only a date and an owner."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import opened_client
from workbook.core.display import section_html
from workbook.core.formats import render
from workbook.timealloc import calls, compute

# two weeks, 2025-03-03 (Monday) to 2025-03-16; R1 three contacts, R2 two, one of them after the period
PERIOD = "client_name: Demo\nperiod: {start: 2025-03-03, end: 2025-03-16}\n"
UNTYPED = ("date,owner,customer_id\n"
           "2025-03-03,R1,C1\n2025-03-05,R1,C2\n2025-03-12,R1,C1\n2025-03-04,R2,C2\n2025-04-20,R2,C1\n")
TYPED = ("date,owner,customer_id,type\n"
         "2025-03-03,R1,C1,visit\n2025-03-05,R1,C2,email\n2025-03-12,R1,C1,phone\n2025-03-04,R2,C2,technical_exchange\n"
         "2025-04-20,R2,C1,visit\n")


def test_calls_per_week_counts_every_activity_without_a_type():
    acts = pd.DataFrame({"date": pd.to_datetime(["2025-03-03", "2025-03-05", "2025-03-12", "2025-03-04",
                                                 "2025-04-20"]),
                         "owner": ["R1", "R1", "R1", "R2", "R2"]})
    out = calls.calls_per_week(acts, start="2025-03-03", end="2025-03-16")
    # 14 days = 2 weeks: R1 3 / 2 = 1.5, R2 1 / 2 = 0.5 (its April activity is after the period)
    assert out.to_dict("list") == {"owner": ["R1", "R2"], "calls": [3, 1], "calls_per_week": [1.5, 0.5]}


def test_calls_per_week_lists_a_seller_without_calls_and_leaves_support_out():
    acts = pd.DataFrame({"date": pd.to_datetime(["2025-03-03", "2025-03-04"]), "owner": ["R1", "S1"],
                         "type": ["visit", "visit"]})
    reps = pd.DataFrame({"owner": ["R1", "R2", "S1"], "role": ["field", "inside", "support"],
                         "team": ["East", "West", "East"]})
    out = calls.calls_per_week(acts, start="2025-03-03", end="2025-03-09", reps=reps)
    assert out.to_dict("list") == {"owner": ["R1", "R2"], "team": ["East", "West"], "calls": [1, 0],
                                   "calls_per_week": [1.0, 0.0]}


def test_untyped_activities_feed_the_section_and_say_the_type_is_missing(tmp_path):
    result = compute(opened_client(tmp_path / "c", {"activities.csv": UNTYPED}, yaml=PERIOD))
    section = result.section("calls")
    assert not section.needs
    # 4 calls in the period by 2 sellers over 2 weeks: (1.5 + 0.5) / 2 = 1.0 a week each
    assert result.figures["time.sales_calls_per_rep_week"] == pytest.approx(1.0)
    assert render(section.finding, "en") == ("2 sellers logged 4 activities in 2 weeks, each counted as a sales "
                                             "call (the export has no type): 1.0 a week each on average; the "
                                             "fewest, R2, 0.5 a week.")
    assert render(section.note, "en").startswith("The activities carry no type (visit, phone call, e-mail): every "
                                                 "activity in the period counts as a sales call")
    assert "接触记录没有接触方式" in render(section.note, "zh")
    html, _ = section_html(result, "calls", "en")
    assert "carry no type" in html and "Sales calls a week by seller" in html


def test_typed_activities_count_sales_calls_only(tmp_path):
    result = compute(opened_client(tmp_path / "c", {"activities.csv": TYPED}, yaml=PERIOD))
    section = result.section("calls")
    assert section.note is None  # the type is there: nothing to say
    assert render(section.finding, "en").startswith("2 sellers made 3 sales calls (visits, phone calls and "
                                                    "technical exchanges) in 2 weeks")
    # R1: a visit and a phone call (the e-mail is no call) = 2 / 2 weeks = 1.0; R2: a technical exchange, 0.5
    assert result.figures["time.sales_calls_per_rep_week"] == pytest.approx(0.75)
    assert render(section.title, "en") == "Each seller makes about 0.8 sales calls a week"


def test_without_activities_the_section_names_what_it_needs(tmp_path):
    log = "owner,period,category,hours\nR1,2025-03-03,customer_meeting,12\n"
    result = compute(opened_client(tmp_path / "c", {"time_log.csv": log}))
    assert result.section("calls").needs == ("activities",)
    assert result.figures["time.sales_calls_per_rep_week"] is None


def test_calls_reach_the_main_report_when_little_else_can_be_computed(tmp_path):
    result = compute(opened_client(tmp_path / "c", {"activities.csv": UNTYPED}, yaml=PERIOD))
    assert "calls" in result.exhibits
