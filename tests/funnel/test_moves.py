"""A workshop move on a large client measures nothing twice: the reverse funnel set against another target
(journey.retarget), the follow-up window's shares with the delays' quantiles kept (utilisation(spread=)),
and the controls answering exactly as the full computation."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from workbook.funnel import journey as fn
from workbook.funnel import widgets as fw

# the docstring journey of reverse_funnel: four leads in one month, one won deal of 100 after 30 days
JOURNEY = pd.DataFrame({"cohort": pd.to_datetime(["2025-01-01"] * 4),
                        "created_date": pd.to_datetime(["2025-01-01"] * 4),
                        "won": [True, False, False, False], "opp_amount": [100.0, None, None, None],
                        "opp_close_date": pd.to_datetime(["2025-01-31", None, None, None])})

# two sources and an empty one; created 1 Jan to 20 Feb; delays 0, 2, 5, 12 and 30 days, two never followed up
LEADS = pd.DataFrame({
    "lead_id": pd.array([f"L{i}" for i in range(1, 8)], dtype="string"),
    "source": pd.array(["web", "web", "fair", "fair", "web", None, "fair"], dtype="string"),
    "created_date": pd.to_datetime(["2025-01-01", "2025-01-10", "2025-01-15", "2025-02-01", "2025-02-10",
                                    "2025-02-15", "2025-02-20"]),
    "first_followup_date": pd.to_datetime(["2025-01-01", "2025-01-12", "2025-01-20", "2025-02-13", None,
                                           "2025-03-17", None])})


def test_retarget_is_the_reverse_funnel_at_the_other_target():
    at_1200 = fn.reverse_funnel(JOURNEY, revenue_target=1200.0, recent_months=1, run_rate=1000.0)
    moved = fn.retarget(at_1200, revenue_target=2400.0)
    assert moved == fn.reverse_funnel(JOURNEY, revenue_target=2400.0, recent_months=1, run_rate=1000.0)
    # 2400 / 100 = 24 wins at one lead in four: 96 leads, 8 a month against 4 today; 2400 / 1000 - 1 = 1.4
    assert (moved["required_wins"], moved["required_leads_per_month"], moved["gap_per_month"]) == (24.0, 8.0, 4.0)
    assert moved["growth"] == pytest.approx(1.4)
    cleared = fn.retarget(moved, revenue_target=None)
    assert cleared == fn.reverse_funnel(JOURNEY, revenue_target=None, recent_months=1, run_rate=1000.0)
    assert cleared["required_wins"] is None and cleared["growth"] is None and cleared["lead_to_win_rate"] == 0.25


def test_a_window_move_keeps_the_delays_quantiles_and_recounts_the_shares():
    as_of = "2025-03-01"
    first = fn.utilisation(fn.followup_delays(LEADS, window_days=7, as_of=as_of), by="source")
    delays = fn.followup_delays(LEADS, window_days=3, as_of=as_of)
    assert_frame_equal(fn.utilisation(delays, by="source", spread=first), fn.utilisation(delays, by="source"))
    shares = fn.utilisation(delays, by="source", spread=first).set_index("source")
    # fair: L3 (5 days), L4 (12), L7 never; due by 26 Feb: all three; within 3 days: none
    # web: L1 (0), L2 (2), L5 never; all due; within 3 days: L1 and L2
    assert shares.loc["fair", "within_window_share"] == 0.0
    assert shares.loc["web", "within_window_share"] == pytest.approx(2 / 3)
    assert shares.loc["web", "median_delay"] == 1.0 and shares.loc["fair", "p75_delay"] == 10.25
    whole = fn.utilisation(delays, spread=fn.utilisation(fn.followup_delays(LEADS, window_days=7, as_of=as_of)))
    assert_frame_equal(whole, fn.utilisation(delays))


@pytest.mark.parametrize("window", [3, 14, 30, 7])
def test_the_followup_window_control_answers_as_the_full_computation(window):
    box = fw.followup_window(LEADS, as_of="2025-03-01", window_days=7, lang="en")
    box.slider.value = window
    expected = fn.utilisation(fn.followup_delays(LEADS, window_days=window, as_of="2025-03-01"), by="source")
    assert_frame_equal(box.result, expected)
    assert box.result["source"].isna().tolist() == [False, False, True]  # the empty source is a group, last


def test_the_target_control_answers_as_the_full_computation():
    box = fw.target_slider(JOURNEY, revenue_target=1200.0, lang="en", as_of="2025-12-31")
    for target in (2400.0, 600.0, 0.0):
        box.slider.value = target
        assert box.result == fn.reverse_funnel(JOURNEY, revenue_target=target, as_of="2025-12-31")
    assert box.result["required_wins"] == 0.0 and np.isclose(box.result["lead_to_win_rate"], 0.25)
