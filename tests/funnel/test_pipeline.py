"""Hand-worked tables for workbook.funnel.pipeline: reps, cycle times, time in stage, element checklist."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests import pipeline_data as data
from workbook.funnel import pipeline as pl

STAGES = data.STAGES




def test_shrink_hand_worked():
    rates, p0, m = pl.shrink([1, 30], [1, 100])
    assert p0 == pytest.approx(31 / 101)
    observed = (1 / 101) * (1 - p0) ** 2 + (100 / 101) * (0.3 - p0) ** 2
    noise = p0 * (1 - p0) * (1 / 101 + (100 / 101) / 100)
    m_expected = p0 * (1 - p0) / (observed - noise) - 1
    assert m == pytest.approx(m_expected)
    assert rates[0] == pytest.approx((1 + m_expected * p0) / (1 + m_expected))
    assert rates[0] < 0.5  # one lucky win does not rank a rep first


def test_shrink_no_spread_and_no_trials():
    rates, p0, m = pl.shrink([5, 5], [10, 10])
    assert p0 == 0.5 and m == 1e6 and rates.tolist() == pytest.approx([0.5, 0.5])
    rates, p0, _ = pl.shrink([0, 0], [0, 0])
    assert np.isnan(p0) and np.isnan(rates).all()


def test_rep_steps_and_top_vs_rest():
    journey = pd.DataFrame({"owner": ["R1", "R1", "R2", "R2"], "leads": True,
                            "followed_up": [True, True, True, False], "opportunity": [True, False, False, False]})
    opps = pd.DataFrame({"owner": ["R1", "R1", "R2", "R2"], "status": ["won", "lost", "lost", "open"]})
    steps = pl.rep_steps(journey, opps).set_index(["owner", "step"])
    assert steps.loc[("R1", "followed_up")].tolist() == [2, 2]
    assert steps.loc[("R2", "opportunity")].tolist() == [1, 0]
    assert steps.loc[("R2", "won")].tolist() == [1, 0]  # the open deal is not a trial
    conv = pl.rep_conversion(steps.reset_index())
    assert set(conv["rank"][conv["step"] == "won"]) == {1.0, 2.0}
    top = pl.top_vs_rest(conv, top_share=0.5).set_index("step")
    assert top.loc["won", "top_rate"] == 0.5 and top.loc["won", "rest_rate"] == 0.0
    assert top.loc["followed_up", "gap"] == pytest.approx(0.5)
    # what a better rate would apply to: R2's (the rest's) trials at each step: 2 leads, 1 followed up, 1 closed
    assert top["rest_trials"].to_dict() == {"followed_up": 2, "opportunity": 1, "won": 1}


def test_cycle_times_closed_deals_only():
    opps = pd.DataFrame({"status": ["won", "lost", "open"], "created_date": pd.to_datetime(["2025-01-01"] * 3),
                         "close_date": pd.to_datetime(["2025-01-11", "2025-01-21", "2025-03-01"]),
                         "collected_date": pd.to_datetime(["2025-02-10", None, None])})
    out = pl.cycle_times(None, opps).set_index("measure")
    assert out.loc["opportunity_to_close", "median"] == 15.0 and out.loc["opportunity_to_close", "n"] == 2
    assert out.loc["win_to_cash", "median"] == 30.0
    assert out.loc["lead_to_win", "n"] == 0


def test_kaplan_meier_ties_and_censoring():
    out = pl.kaplan_meier([2, 2, 2, 5], [True, False, True, False])
    assert out.to_dict("list") == {"time": [2.0], "at_risk": [4], "events": [2], "survival": [0.5]}
    assert pl.km_median(out) == 2.0
    assert np.isnan(pl.km_median(pl.kaplan_meier([3], [False])))


def test_stage_spells_re_entered_and_censored(history, opps):
    out = pl.stage_spells(history, opps, stages=STAGES, as_of="2025-01-31").set_index(["opportunity_id", "stage"])
    assert out.loc[("O1", "discover"), "days"] == 7.0  # 4 + 3, re-entered
    assert out.loc[("O1", "qualify"), "days"] == 12.0  # 2 + 10 up to the close date
    assert out.loc[("O1", "qualify"), "observed"]
    # same-day entries follow the stage order: discover (0 days) then qualify, open: censored at as_of
    assert out.loc[("O2", "discover"), "days"] == 0.0
    assert out.loc[("O2", "qualify"), "days"] == 30.0 and not out.loc[("O2", "qualify"), "observed"]


def test_time_in_stage_and_stuck_deals(history, opps):
    spells = pl.stage_spells(history, opps, stages=STAGES, as_of="2025-01-31")
    times = pl.time_in_stage(spells, stages=STAGES).set_index("stage")
    assert times.loc["qualify", "censored"] == 1 and times.loc["qualify", "won_p80"] == 12.0
    assert times.loc["qualify", "km_median"] == 12.0
    stuck = pl.stuck_deals(spells, times.reset_index(), opps)
    assert stuck[["opportunity_id", "days", "threshold", "over", "owner"]].values.tolist() == [
        ["O2", 30.0, 12.0, 18.0, "R2"]]


def test_checklist_completeness_and_still_leads(opps):
    comp = pl.checklist_completeness(opps, stages=STAGES).set_index("stage")
    assert comp.loc["qualify", "deals"] == 2 and comp.loc["qualify", "budget"] == 0.5  # empty = not confirmed
    assert comp.loc["qualify", "complete"] == 0.5 and comp.loc["discover", "deals"] == 0
    still = pl.really_still_leads(opps, late=("bid", "negotiate"))
    assert still[["opportunity_id", "missing"]].values.tolist() == [["O4", "need"]]  # O3 is closed


def test_element_lift(opps):
    out = pl.element_lift(opps).set_index("element")
    assert out.loc["need", ["closed_with", "won_with", "closed_without", "won_without"]].tolist() == [1, 1, 1, 0]
    assert out.loc["need", "win_rate_with"] == 1.0 and out.loc["need", "difference"] == 1.0
    assert out.loc["budget", "win_rate_with"] == 0.5 and out.loc["budget", "closed_without"] == 0
    assert np.isnan(out.loc["budget", "lift"])  # no closed deal without a budget: 0 / 0


def test_cycle_times_leave_out_undated_deals_and_say_how_many():
    opps = pd.DataFrame({"status": ["won", "lost", "won", "open"],
                         "created_date": pd.to_datetime(["2025-01-01", None, "2025-01-01", None]),
                         "close_date": pd.to_datetime(["2025-01-11", "2025-01-21", "2025-01-31", None])})
    out = pl.cycle_times(None, opps).set_index("measure")
    assert out.loc["opportunity_to_close", ["n", "excluded"]].tolist() == [2, 1]
    assert out.loc["opportunity_to_close", "median"] == 20.0
    assert out.loc["opportunity_to_win", ["n", "excluded"]].tolist() == [2, 0]


def test_cycle_times_lead_measures_count_only_linked_leads():
    journey = pd.DataFrame({"created_date": pd.to_datetime(["2025-01-01"] * 3),
                            "opp_opportunity_id": ["O1", "O2", None],
                            "opp_created_date": pd.to_datetime(["2025-01-05", None, None]),
                            "opp_close_date": pd.to_datetime(["2025-01-20", "2025-02-01", None]),
                            "won": [True, True, False]})
    out = pl.cycle_times(journey, None).set_index("measure")
    assert out.loc["lead_to_opportunity", ["n", "excluded", "median"]].tolist() == [1, 1, 4.0]
    assert out.loc["lead_to_win", ["n", "excluded", "median"]].tolist() == [2, 0, 25.0]
