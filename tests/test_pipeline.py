"""Hand-worked tables for workbook.pipeline."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbook import pipeline as pl
from workbook.config import ClientConfig

STAGES = ["discover", "qualify", "solution", "bid", "negotiate"]
PROBS = {"discover": 0.1, "qualify": 0.2, "solution": 0.4, "bid": 0.6, "negotiate": 0.8}


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


@pytest.fixture
def history():
    return pd.DataFrame({
        "opportunity_id": ["O1", "O1", "O1", "O1", "O2", "O2"],
        "stage": ["discover", "qualify", "discover", "qualify", "qualify", "discover"],
        "entered_date": pd.to_datetime(["2025-01-01", "2025-01-05", "2025-01-07", "2025-01-10",
                                        "2025-01-01", "2025-01-01"]),
    })


@pytest.fixture
def opps():
    return pd.DataFrame({
        "opportunity_id": ["O1", "O2", "O3", "O4"], "stage": ["qualify", "qualify", "bid", "negotiate"],
        "status": ["won", "open", "lost", "open"], "owner": ["R1", "R2", "R1", "R2"],
        "amount": [100.0, 200.0, 50.0, 400.0], "created_date": pd.to_datetime(["2025-01-01"] * 4),
        "close_date": pd.to_datetime(["2025-01-20", None, "2025-02-01", None]),
        "need": pd.array([True, True, False, False], dtype="boolean"),
        "budget": pd.array([True, None, True, True], dtype="boolean"),
        "decision_maker": pd.array([True, True, False, True], dtype="boolean"),
        "invoiced_amount": [100.0, np.nan, np.nan, np.nan], "collected_amount": [60.0, np.nan, np.nan, np.nan],
        "collected_date": pd.to_datetime(["2025-03-01", None, None, None]),
    })


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


def test_weighted_forecast_interval(opps):
    out = pl.weighted_forecast(opps, probabilities=PROBS).set_index("stage")
    assert out.loc["qualify", "expected"] == 40.0 and out.loc["negotiate", "expected"] == 320.0
    var = 200**2 * 0.2 * 0.8 + 400**2 * 0.8 * 0.2
    assert out.loc["total", "variance"] == pytest.approx(var)
    assert out.loc["total", "high"] == pytest.approx(360 + pl.Z90 * np.sqrt(var))
    assert out.loc["total", "low"] == pytest.approx(max(0, 360 - pl.Z90 * np.sqrt(var)))
    assert out.loc["total", "deals"] == 2


def test_backtest_observations_and_brier(history, opps):
    obs = pl.backtest_observations(opps, history, probabilities=PROBS)
    assert obs[["opportunity_id", "stage", "p_stage", "won"]].values.tolist() == [
        ["O1", "discover", 0.1, True], ["O1", "qualify", 0.2, True]]  # O3 has no history, O2/O4 open
    no_history = pl.backtest_observations(opps, None, probabilities=PROBS)
    assert no_history["opportunity_id"].tolist() == ["O1", "O3"]
    assert pl.brier(no_history["p_stage"], no_history["won"]) == pytest.approx(((0.2 - 1) ** 2 + 0.6**2) / 2)
    assert pl.brier([], []) is None


def test_backtest_is_cross_fitted():
    obs = pd.DataFrame({"opportunity_id": ["A", "B", "C", "D"], "stage": "bid", "p_stage": 0.5,
                        "elements": [3, 3, 0, 0], "won": [True, True, False, False]})
    out = pl.backtest(obs, folds=2, smoothing=0)
    # A (fold 0) is scored with factors from B and D (fold 1): k=3 -> 1 / 0.5 = 2 -> 0.99 cap
    assert out["p_checklist"].tolist() == [0.99, 0.99, 0.0, 0.0]
    cal = pl.calibration_table(out, bins=2).set_index(["model", "bin"])
    assert cal.loc[("p_stage", 0.5), "n"] == 4 and cal.loc[("p_checklist", 0.5), "observed"] == 1.0


def test_collections_hand_worked(opps):
    out = pl.collections(opps, as_of="2025-06-01", terms_days=90)
    assert out["won_amount"] == 100.0 and out["invoiced_share"] == 1.0 and out["collected_share"] == 0.6
    assert out["median_days_to_cash"] == 40.0 and out["overdue_deals"] == 1 and out["overdue_amount"] == 40.0
    overdue = pl.overdue_deals(opps, as_of="2025-06-01")
    assert overdue[["opportunity_id", "unpaid"]].values.tolist() == [["O1", 40.0]]
    assert pl.collections(opps, as_of="2025-02-01")["overdue_deals"] == 0


def test_diagnose_and_key_figures_with_opportunities_only(opps, history):
    config = ClientConfig(client_name="Demo")
    d = pl.diagnose({"opportunities": opps, "stage_history": history}, config)
    fig = pl.key_figures(d)
    assert fig["funnel.leads"] is None and fig["funnel.by_source"] is None and fig["funnel.pre_tender_win_rate"] is None
    assert fig["funnel.won"] == 1 and fig["funnel.lost"] == 1 and fig["funnel.win_rate_closed"] == 0.5
    assert fig["funnel.weighted_pipeline"] == pytest.approx(200 * 0.2 + 400 * 0.8)
    assert fig["funnel.collected_share"] == 0.6
    assert "funnel.five_numbers" in fig and fig["funnel.five_numbers"]["opportunities"] == 4.0


def test_won_only_data_leave_lost_and_win_rate_empty():
    opps = pd.DataFrame({"opportunity_id": ["O1"], "stage": ["negotiate"], "status": ["won"],
                         "created_date": pd.to_datetime(["2025-01-01"])})
    fig = pl.key_figures(pl.diagnose({"opportunities": opps}, ClientConfig(client_name="Demo")))
    assert fig["funnel.won"] == 1 and fig["funnel.lost"] is None and fig["funnel.win_rate_closed"] is None


def test_interpret_names_the_biggest_leaks_escaped():
    d = {"window_days": 7, "funnel": None, "reverse": None,
         "sources": pd.DataFrame({"source": ["<b>web</b>", "fair"], "lead_to_win_rate": [0.01, 0.2],
                                  "lead_share": [0.9, 0.1]})}
    fig = {"funnel.never_followed_up_share": 0.45, "funnel.followed_within_window_share": 0.3,
           "funnel.lead_to_win_rate": 0.05, "funnel.collected_share": 0.9}
    text = pl.interpret(d, fig, lang="en")
    assert text.index("web") < text.index("never followed") < text.index("Cash leak")
    assert "&lt;b&gt;web" in text and "<b>" not in text
    assert "45%" in pl.interpret(d, fig, lang="zh")
