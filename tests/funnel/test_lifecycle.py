"""Tests for :mod:`workbook.funnel.lifecycle`: each step's days, the leads waiting, the nurture pool, recycled
leads and the conversion of leads contacted before the hand-off, on one hand-worked frame; the two sections of
the funnel chapter on small clients with and without the fields; the built-in findings on the sample client."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import opened_client
from workbook.core.formats import render
from workbook.funnel import diagnosis as dg
from workbook.funnel import journey as fn
from workbook.funnel import lifecycle as lc

AS_OF = pd.Timestamp("2025-01-31")
D = pd.Timestamp


def _dates(*values):
    return pd.to_datetime(pd.Series(values, dtype=object))


@pytest.fixture
def frame() -> pd.DataFrame:
    """Ten leads as :func:`lc.lead_frame` returns them (as of 2025-01-31; L10 is created after it).

    L1 goes through every step (2, 7, 1 and 8 days); L2 is assigned without an assessment (4 days from
    creation) and won; L3 is assessed, not assigned; L4 is new, not assessed; L5 is assigned, never followed up
    and was handed out twice; L6's assignment is dated after the as-of date; L7 is disqualified; L8 went into
    nurturing after its follow-up; L9's deal was lost on 01-15 and the lead went back to nurturing on 01-20.
    """
    return pd.DataFrame({
        "lead_id": [f"L{i}" for i in range(1, 11)],
        "created_date": _dates(*["2025-01-01"] * 3, "2025-01-21", *["2025-01-01"] * 5, "2025-02-05"),
        "source": ["a", "a", "b", "b", "a", "b", "a", "a", "b", "a"],
        "customer_id": ["C1", "C1", "C2", None, "C2", "C3", "C3", "C1", "C2", "C1"],
        "status": ["qualified", "converted", "new", "new", "following", "new", "disqualified", "following",
                   "converted", "new"],
        "first_followup_date": _dates("2025-01-11", "2025-01-08", None, None, None, None, None, "2025-01-05",
                                      "2025-01-03", None),
        "qualified_date": _dates("2025-01-20", None, None, None, None, None, None, None, None, None),
        "assessed_date": _dates("2025-01-03", None, "2025-01-02", None, "2025-01-02", "2025-01-05", "2025-01-02",
                                "2025-01-02", "2025-01-01", None),
        "assigned_date": _dates("2025-01-10", "2025-01-05", None, None, "2025-01-04", "2025-02-10", None,
                                "2025-01-03", "2025-01-02", None),
        "nurture_start": _dates("2025-01-12", None, None, None, None, None, None, "2025-01-15", "2025-01-20", None),
        "reassigned_count": pd.array([0, 0, None, 0, 2, 0, 0, 0, 1, 0], dtype="Int64"),
        "opportunity": [True, True, False, False, False, False, False, False, True, False],
        "won": [False, True, False, False, False, False, False, False, False, False],
        "opp_status": ["open", "won", None, None, None, None, None, None, "lost", None],
        "opp_created_date": _dates("2025-01-22", "2025-01-09", None, None, None, None, None, None, "2025-01-05",
                                   None),
        "opp_close_date": _dates(None, "2025-01-25", None, None, None, None, None, None, "2025-01-15", None),
    })


@pytest.fixture
def activities() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C3"],
                         "date": _dates("2025-01-05", "2025-01-10", "2025-01-01", "2025-01-03")})


def test_step_days(frame):
    steps = lc.step_days(frame, as_of=AS_OF)
    by = {step: dict(zip(part["lead_id"], part["days"], strict=True)) for step, part in steps.groupby("step")}
    assert by["assess"] == {"L1": 2, "L3": 1, "L5": 1, "L6": 4, "L7": 1, "L8": 1, "L9": 0}
    assert by["assign"] == {"L1": 7, "L2": 4, "L5": 2, "L8": 1, "L9": 1}  # L2 from creation; L6 not yet
    assert by["follow_up"] == {"L1": 1, "L2": 3, "L8": 2, "L9": 1}
    assert by["nurture"] == {"L1": 8}  # L8 and L9 are still in nurturing


def test_negative_spans_count_zero_and_nurture_after_qualifying_is_none():
    frame = pd.DataFrame({"lead_id": ["L1"], "created_date": _dates("2025-01-05"),
                          "assessed_date": _dates("2025-01-03"), "nurture_start": _dates("2025-01-10"),
                          "qualified_date": _dates("2025-01-08")})
    steps = lc.step_days(frame)
    assert steps[["step", "days"]].values.tolist() == [["assess", 0.0]]


def test_step_summary_and_slowest(frame):
    summary = lc.step_summary(frame, as_of=AS_OF).set_index("step")
    assert summary.index.tolist() == ["assess", "assign", "follow_up", "nurture"]
    # assess [0, 1, 1, 1, 1, 2, 4]: p90 at 0.9 * 6 = 5.4 -> 2 + 0.4 * 2; assign [1, 1, 2, 4, 7]: 4 + 0.6 * 3
    assert summary.loc["assess", ["leads", "median", "p90"]].tolist() == pytest.approx([7, 1, 2.8])
    assert summary.loc["assign", ["leads", "median", "p90"]].tolist() == pytest.approx([5, 2, 5.8])
    assert summary.loc["follow_up", ["leads", "median", "p90"]].tolist() == pytest.approx([4, 1.5, 2.7])
    assert summary.loc["nurture", ["leads", "median", "p90"]].tolist() == pytest.approx([1, 8, 8])
    # waiting today: L4 at assess (10 days), L3 and L6 at assign (29 and 26 days since assessed), L5 at
    # follow-up (27 days since assigned), L8 and L9 in nurturing (16 and 11 days)
    assert summary["waiting"].to_dict() == {"assess": 1, "assign": 2, "follow_up": 1, "nurture": 2}
    assert summary["waiting_median_age"].to_dict() == {"assess": 10, "assign": 27.5, "follow_up": 27,
                                                       "nurture": 13.5}
    # nurturing (8 days) is longer but is no wait: the slowest wait is the assignment
    assert lc.slowest_step(summary.reset_index()) == pytest.approx({"step": "assign", "median": 2.0, "p90": 5.8,
                                                                    "leads": 5})


def test_unassigned_leads(frame):
    out = lc.unassigned_leads(frame, as_of=AS_OF)
    # L3 and L6 (its assignment is after the as-of date) since 01-01, L4 since 01-21; L7 is disqualified,
    # L2 was followed up (it reached a rep), L10 did not exist yet
    assert out[["lead_id", "age_days"]].values.tolist() == [["L3", 30.0], ["L6", 30.0], ["L4", 10.0]]


def test_nurture_pool(frame):
    pool = lc.nurture_pool(frame, as_of=AS_OF)
    # L1 qualified after its nurture start (moved on); L9 lost its deal and came back: in the pool again
    assert pool[["lead_id", "age_days"]].values.tolist() == [["L8", 16.0], ["L9", 11.0]]
    assert pool["nurture_start"].tolist() == [D("2025-01-15"), D("2025-01-20")]


def test_nurture_pool_leaves_out_disqualified_and_undated_conversions():
    frame = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "created_date": _dates(*["2025-01-01"] * 3),
                          "nurture_start": _dates(*["2025-01-10"] * 3),
                          "status": ["disqualified", "converted", "following"]})
    assert lc.nurture_pool(frame, as_of=AS_OF)["lead_id"].tolist() == ["L3"]
    assert lc.nurture_pool(frame, as_of=D("2025-01-09")).empty  # not started yet at that date


def test_recycled_leads(frame):
    out = lc.recycled_leads(frame, as_of=AS_OF)
    assert out[["lead_id", "reassigned_count", "after_loss"]].values.tolist() == [["L5", 2, False], ["L9", 1, True]]
    # seen before the loss came back (as of 01-18 the nurture start of 01-20 has not happened): count only
    early = lc.recycled_leads(frame.assign(reassigned_count=0), as_of=D("2025-01-18"))
    assert early.empty


def test_prior_contacts_and_comparison(frame, activities):
    contacts = lc.prior_contacts(frame, activities, as_of=AS_OF)
    # hand-off: assigned date, else first follow-up; contacts in [created, hand-off)
    assert contacts.loc[contacts["eligible"], "lead_id"].tolist() == ["L1", "L2", "L5", "L8", "L9"]
    assert contacts["contacts"].tolist()[:9] == [1, 0, pd.NA, pd.NA, 1, pd.NA, pd.NA, 0, 1]
    table = lc.nurture_comparison(frame, contacts).set_index("group")
    # nurtured L1, L5, L9: 2 opportunities (L1, L9), none won; cold L2, L8: 1 opportunity, won
    assert table.loc["nurtured"].tolist() == pytest.approx([3, 2, 2 / 3, 0, 0.0])
    assert table.loc["not_nurtured"].tolist() == pytest.approx([2, 1, 0.5, 1, 0.5])


def test_lifecycle_and_figures(frame, activities):
    leads = frame.drop(columns=["opportunity", "won", "opp_status", "opp_created_date", "opp_close_date"])
    journey = frame[["opportunity", "won", "opp_status", "opp_created_date", "opp_close_date"]]
    found = lc.lifecycle(leads, journey, activities, as_of=AS_OF)
    assert found["slowest"]["step"] == "assign"
    figures = lc.figures(found)
    assert figures.pop("funnel.lifecycle_days") == {"assess": 1.0, "assign": 2.0, "follow_up": 1.5, "nurture": 8.0}
    assert figures == pytest.approx({"funnel.unassigned_leads": 3, "funnel.nurture_pool": 2,
                                     "funnel.recycled_leads": 2, "funnel.nurtured_conversion": 2 / 3,
                                     "funnel.unnurtured_conversion": 0.5})
    assert lc.lifecycle(leads[["lead_id", "created_date", "source"]], None, None, as_of=AS_OF) is None
    assert lc.figures(None) == {"funnel.lifecycle_days": None, "funnel.unassigned_leads": None,
                                "funnel.nurture_pool": None, "funnel.recycled_leads": None,
                                "funnel.nurtured_conversion": None, "funnel.unnurtured_conversion": None}


# --------------------------------------------------------------------------- the chapter's sections

PERIOD = "client_name: Demo\nperiod: {start: 2025-01-01, end: 2025-01-31}\n"
LEADS_CSV = ("lead_id,created_date,source,customer_id,first_followup_date,assessed_date,assigned_date,nurture_start\n"
             "L1,2025-01-01,展会,C1,2025-01-20,2025-01-02,2025-01-18,\n"
             "L2,2025-01-01,网站,C2,2025-01-04,2025-01-01,2025-01-03,2025-01-10\n"
             "L3,2025-01-11,展会,C1,,2025-01-12,,\n")
OPPS_CSV = "opportunity_id,created_date,stage,lead_id,status\nO1,2025-01-22,discover,L1,open\n"
ACTS_CSV = "date,owner,customer_id,type\n2025-01-05,R1,C1,email\n"


def _client(tmp_path, files):
    return opened_client(tmp_path / "client", files, yaml=PERIOD)


def test_sections_on_a_small_client(tmp_path):
    result = dg.compute(_client(tmp_path, {"leads.csv": LEADS_CSV, "opportunities.csv": OPPS_CSV,
                                           "activities.csv": ACTS_CSV}))
    section = result.section("lifecycle")
    # assess: 1, 0, 1 days; assign: 16 (L1), 2 (L2): median 9, p90 2 + 0.9 * 14 = 14.6; follow-up 2, 1;
    # L3 (created 01-11) waits at assign; L2 is in nurturing since 01-10
    assert render(section.finding, "zh") == (
        "线索等得最久的一步是「分配」：中位数 9 天，最慢的一成要 15 天以上；"
        "目前 1 条线索仍未分配到人，中位已等 20 天。")
    assert render(section.finding, "en") == (
        "Leads wait longest at the step \"Assign\": a median 9 days, the slowest tenth 15 days or more. "
        "1 leads have not been assigned to anyone yet, waiting a median 20 days.")
    assert [t.key for t in section.tables] == ["funnel_lifecycle", "funnel_unassigned"]  # < 20 leads a source
    assert section.chart is not None
    nurture = result.section("nurture")
    # L1 (contact on 01-05, before its hand-off on 01-18) became an opportunity; L2 (none before 01-03) did not
    assert render(nurture.finding, "en").startswith(
        "Of the 1 leads whose customer was contacted before the hand-off, 100.0% became opportunities; of the 1 "
        "handed over without a contact, only 0.0%: a gap of 100.0 percentage points. 1 leads are in nurturing, "
        "a median 21 days so far.")
    assert result.figures["funnel.lifecycle_days"] == {"assess": 1.0, "assign": 9.0, "follow_up": 1.5}
    assert (result.figures["funnel.nurtured_conversion"], result.figures["funnel.unnurtured_conversion"]) == (1.0, 0.0)
    assert result.figures["funnel.unassigned_leads"] == 1 and result.figures["funnel.nurture_pool"] == 1
    # assignment is the slowest wait and a lead has no rep: one action, last, its value counted elsewhere
    assert result.actions[-1].text.key == "act.funnel.slow_handoff" and result.actions[-1].value == 0.0
    assert result.actions[-1].sheet == "funnel_unassigned"


def test_sections_without_the_fields_say_what_would_enable_them(tmp_path):
    leads = "lead_id,created_date,source,first_followup_date\nL1,2025-01-01,展会,2025-01-03\n"
    result = dg.compute(_client(tmp_path, {"leads.csv": leads}))
    assert result.section("lifecycle").needs == ("leads.assessed_date", "leads.assigned_date", "leads.nurture_start")
    needs = result.section("nurture").needs
    assert needs[:3] == ("leads.customer_id", "leads.assigned_date", "leads.nurture_start")
    assert "activities" in needs
    for key in ("lifecycle", "nurture"):
        assert not result.section(key).tables and result.section(key).chart is None
    assert result.figures["funnel.lifecycle_days"] is None and result.figures["funnel.nurture_pool"] is None
    assert not [a for a in result.actions if a.text.key == "act.funnel.slow_handoff"]


def test_sections_with_nothing_measured_yet():
    from workbook.funnel import sections

    empty = lc.nurture_pool(pd.DataFrame({"lead_id": ["L1"], "created_date": _dates("2025-01-01"),
                                          "nurture_start": _dates("2025-02-01")}), as_of=AS_OF)
    nurture = sections.nurture({"lifecycle": {"comparison": None, "pool": empty, "recycled": None}}, lambda key: ())
    assert render(nurture.finding, "zh") == "目前没有线索在培育中。" and not nurture.tables and nurture.chart is None
    # only leads waiting, no step finished (L2's assignment is after the as-of date): a table, no chart of days
    frame = pd.DataFrame({"lead_id": ["L1", "L2"], "created_date": _dates("2025-01-01", "2025-01-01"),
                          "assigned_date": _dates(None, "2025-02-03"), "first_followup_date": _dates(None, None)})
    found = {"summary": lc.step_summary(frame, as_of=AS_OF), "slowest": None, "unassigned":
             lc.unassigned_leads(frame, as_of=AS_OF)}
    section = sections.lifecycle({"lifecycle": found}, lambda key: ())
    assert section.chart is None and [t.key for t in section.tables] == ["funnel_lifecycle", "funnel_unassigned"]
    row = section.tables[0].frame.iloc[0]
    assert (row["step"], row["leads"], row["waiting"], row["waiting_median_age"]) == ("assign", 0, 2, 30.0)
    assert pd.isna(row["median"]) and pd.isna(row["p90"])
    assert render(section.finding, "en") == "2 leads have not been assigned to anyone yet, waiting a median 30 days."


# --------------------------------------------------------------------------- the sample's built-in findings

@pytest.mark.slow
def test_sample_findings_are_rediscovered(sample_client):
    leads, opps = sample_client.table("leads"), sample_client.table("opportunities")
    as_of = D("2025-12-31")
    found = lc.lifecycle(leads, fn.lead_journey(leads, opps), sample_client.table("activities"), as_of=as_of)
    # assignment is the slowest wait; trade-show leads wait longest for it, about two weeks at the median
    assert found["slowest"]["step"] == "assign"
    by = found["slowest_by_source"]
    assert by["source"].iloc[0] == "展会" and by["median"].iloc[0] >= 1.5 * found["slowest"]["median"]
    # leads contacted before the hand-off become opportunities at about twice the rate of the others
    table = found["comparison"].set_index("group")
    assert table.loc["nurtured", "opportunity_rate"] > 1.8 * table.loc["not_nurtured", "opportunity_rate"]
    assert table.loc["nurtured", "win_rate"] > table.loc["not_nurtured", "win_rate"]
    assert len(found["unassigned"]) > 0 and len(found["pool"]) > 0 and found["recycled"]["after_loss"].any()


def test_a_lead_with_a_rep_is_handed_out_even_without_an_assigned_date(frame):
    # L3 and L4 wait unassigned; give L3 a rep (the export has no assigned date for it): it no longer waits for
    # a rep but for its follow-up, since its assessed date (01-02 in the frame: 29 days as of 01-31)
    owned = frame.assign(owner=[None] * len(frame))
    owned.loc[owned["lead_id"].eq("L3"), "owner"] = "R1"
    assert lc.unassigned_leads(owned, as_of=AS_OF)["lead_id"].tolist() == ["L6", "L4"]
    waits = lc.waiting(owned, as_of=AS_OF)
    l3 = waits[waits["lead_id"].eq("L3")]
    assert l3["step"].tolist() == ["follow_up"]
    assert l3["since"].tolist() == [D("2025-01-02")] and l3["age_days"].tolist() == [29.0]
