"""Hand-worked tables for workbook.funnel.forecast: weighted forecast, backtest, calibration, collections."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests import pipeline_data as data
from workbook.funnel import forecast as fc

PROBS = data.PROBS




def test_weighted_forecast_interval(opps):
    out = fc.weighted_forecast(opps, probabilities=PROBS).set_index("stage")
    assert out.loc["qualify", "expected"] == 40.0 and out.loc["negotiate", "expected"] == 320.0
    var = 200**2 * 0.2 * 0.8 + 400**2 * 0.8 * 0.2
    assert out.loc["total", "variance"] == pytest.approx(var)
    assert out.loc["total", "high"] == pytest.approx(360 + fc.Z90 * np.sqrt(var))
    assert out.loc["total", "low"] == pytest.approx(max(0, 360 - fc.Z90 * np.sqrt(var)))
    assert out.loc["total", "deals"] == 2


def test_backtest_observations_and_brier(history, opps):
    obs = fc.backtest_observations(opps, history, probabilities=PROBS)
    assert obs[["opportunity_id", "stage", "p_stage", "won"]].values.tolist() == [
        ["O1", "discover", 0.1, True], ["O1", "qualify", 0.2, True]]  # O3 has no history, O2/O4 open
    no_history = fc.backtest_observations(opps, None, probabilities=PROBS)
    assert no_history["opportunity_id"].tolist() == ["O1", "O3"]
    assert fc.brier(no_history["p_stage"], no_history["won"]) == pytest.approx(((0.2 - 1) ** 2 + 0.6**2) / 2)
    assert fc.brier([], []) is None


def test_backtest_is_cross_fitted():
    obs = pd.DataFrame({"opportunity_id": ["A", "B", "C", "D"], "stage": "bid", "p_stage": 0.5,
                        "elements": [3, 3, 0, 0], "won": [True, True, False, False]})
    out = fc.backtest(obs, folds=2, smoothing=0)
    # A (fold 0) is scored with factors from B and D (fold 1): k=3 -> 1 / 0.5 = 2 -> 0.99 cap
    assert out["p_checklist"].tolist() == [0.99, 0.99, 0.0, 0.0]
    cal = fc.calibration_table(out, bins=2).set_index(["model", "bin"])
    assert cal.loc[("p_stage", 0.5), "n"] == 4 and cal.loc[("p_checklist", 0.5), "observed"] == 1.0


def test_collections_hand_worked(opps):
    out = fc.collections(opps, as_of="2025-06-01", terms_days=90)
    assert out["won_amount"] == 100.0 and out["invoiced_share"] == 1.0 and out["collected_share"] == 0.6
    assert out["median_days_to_cash"] == 40.0 and out["overdue_deals"] == 1 and out["overdue_amount"] == 40.0
    overdue = fc.overdue_deals(opps, as_of="2025-06-01")
    assert overdue[["opportunity_id", "unpaid"]].values.tolist() == [["O1", 40.0]]
    assert fc.collections(opps, as_of="2025-02-01")["overdue_deals"] == 0


def test_collections_won_delivered_invoiced_collected():
    from workbook.core.formats import render
    from workbook.funnel import sections

    opps = pd.DataFrame({"opportunity_id": ["O1", "O2", "O3"], "status": ["won", "won", "won"],
                         "amount": [100.0, 200.0, 300.0], "invoiced_amount": [100.0, 200.0, 0.0],
                         "collected_amount": [100.0, 0.0, 0.0],
                         "close_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-03-01"]),
                         "delivered_date": pd.to_datetime(["2025-01-11", "2025-01-31", None]),
                         "collected_date": pd.to_datetime(["2025-02-01", None, None])})
    out = fc.collections(opps, as_of="2025-06-30", terms_days=90)
    # 2 of 3 won deals delivered (10 and 30 days after the win: median 20), 300 of 600 invoiced, 100 collected
    assert (out["delivered_deals"], out["delivered_share"], out["delivered_amount"]) == (2, 2 / 3, 300.0)
    assert out["median_days_to_delivery"] == 20.0 and out["invoiced_share"] == 0.5
    assert out["collected_share"] == pytest.approx(1 / 6)
    d = {"collections": out, "overdue": None}
    section = sections.collections(d, lambda key: ("x",), terms_days=90, currency="CNY")
    metrics = section.tables[0].frame["metric"].tolist()
    assert metrics[:5] == ["won_deals", "won_amount", "delivered_deals", "delivered_share", "median_days_to_delivery"]
    assert section.note is None
    # without delivery dates the section says the step cannot be seen
    bare = fc.collections(opps.drop(columns="delivered_date"), as_of="2025-06-30")
    assert bare["delivered_deals"] is None
    note = sections.collections({"collections": bare, "overdue": None}, lambda key: ("x",), terms_days=90,
                                currency="CNY").note
    assert render(note, "zh").startswith("未提供交付日期，看不到赢单到交付这一段")


def _checklist_deals():
    """A won and C lost, both through discover and qualify; O open. Today A has both elements, but when A
    entered discover it had neither and at qualify only the need: what a backtest may know."""
    opps = pd.DataFrame({"opportunity_id": ["A", "C", "O"], "stage": ["qualify", "qualify", "discover"],
                         "status": ["won", "lost", "open"], "amount": [100.0, 80.0, 50.0],
                         "created_date": pd.to_datetime(["2025-01-01"] * 3),
                         "need": pd.array([True, True, True], dtype="boolean"),
                         "budget": pd.array([True, False, False], dtype="boolean")})
    history = pd.DataFrame({"opportunity_id": ["A", "A", "C", "C", "O"],
                            "stage": ["discover", "qualify", "discover", "qualify", "discover"],
                            "entered_date": pd.to_datetime(["2025-01-01", "2025-01-09", "2025-01-01", "2025-01-05",
                                                            "2025-01-02"]),
                            "need": pd.array([False, True, True, True, True], dtype="boolean"),
                            "budget": pd.array([False, False, False, False, False], dtype="boolean")})
    return opps, history


def test_backtest_counts_the_elements_known_when_each_stage_was_entered():
    opps, history = _checklist_deals()
    assert fc.elements_as_entered(opps, history) == ["need", "budget"]
    as_entered = fc.backtest_observations(opps, history, probabilities=PROBS, as_entered=["need", "budget"])
    assert as_entered[["opportunity_id", "stage", "elements", "won"]].values.tolist() == [
        ["A", "discover", 0, True], ["A", "qualify", 1, True], ["C", "discover", 1, False], ["C", "qualify", 1, False]]
    today = fc.backtest_observations(opps, history, probabilities=PROBS)
    assert today["elements"].tolist() == [2, 2, 1, 1]  # what the outcome may have filled in
    assert fc.elements_as_entered(opps, history.drop(columns=["need", "budget"])) == []
    assert fc.elements_as_entered(opps, None) == []


def test_checklist_backtest_only_with_the_history_and_a_note_without_it():
    from workbook.core.config import ClientConfig
    from workbook.core.formats import render
    from workbook.funnel import diagnosis as dg
    from workbook.funnel import sections

    opps, history = _checklist_deals()
    config = ClientConfig(client_name="Demo")
    scored = dg.diagnose({"opportunities": opps, "stage_history": history}, config)
    assert "p_checklist" in scored["backtest"] and scored["backtest"]["elements"].tolist() == [0, 1, 1, 1]
    assert dg.key_figures(scored)["funnel.forecast_brier_checklist"] is not None
    note = render(sections.forecast(scored, lambda key: ("x",), labels={}, currency="CNY").note, "zh")
    assert note.startswith("回测只用商机进入各阶段时已确认的要素")

    bare = dg.diagnose({"opportunities": opps, "stage_history": history[["opportunity_id", "stage", "entered_date"]]},
                       config)
    assert "p_checklist" not in bare["backtest"] and "elements" not in bare["backtest"]
    assert dg.key_figures(bare)["funnel.forecast_brier_checklist"] is None
    assert bare["forecast_checklist"] is not None  # the forecast is still shown, fitted on today's checklist
    section = sections.forecast(bare, lambda key: ("x",), labels={}, currency="CNY")
    assert "not backtested" in render(section.note, "en") and "one column per element" in render(section.note, "en")
    assert "尚未回测" in render(section.note, "zh")
