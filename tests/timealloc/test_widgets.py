"""workbook.timealloc.widgets: controls drive the tested pure functions; cheap to build without a kernel."""
from __future__ import annotations

import pandas as pd
import pytest

from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
from workbook.core.config import ClientConfig
from workbook.timealloc import widgets as tw

COSTS = {"visit": 100.0, "phone": 1.0, "email": 0.01}
WEEK = pd.Timestamp("2025-03-03")
LOG = pd.DataFrame({"owner": ["R1", "R1", "R1", "R2", "R2"], "period": [WEEK] * 5,
                    "category": ["customer_meeting", "order_entry", "travel", "customer_meeting", "order_entry"],
                    "hours": [12.0, 20.0, 68.0, 20.0, 20.0]})
REPS = pd.DataFrame({"owner": ["R1", "R2"], "team": ["东", "南"]})
TIERS = pd.Series(pd.array([4, 5], dtype="Int64"), index=pd.Index(["C4", "C5"], name="customer_id"))
ACTS = pd.DataFrame({"owner": ["R1"] * 4 + ["R2"] * 2, "customer_id": ["C4"] * 4 + ["C5"] * 2,
                     "type": ["visit"] * 6, "hours": [3.0] * 6})


def test_moves_from_controls():
    assert tw.moves_from_controls({"a": True, "b": False}, {"a": 0.3, "b": 0.9}) == {"a": 0.3}


def test_offload_view_filters_reps_and_teams():
    summary, per_rep = tw.offload_view(LOG, categories=CATS, moved={"order_entry": 0.5}, support_hourly_cost=80,
                                       reps=REPS, teams=["东"])
    assert summary["reps"] == 1 and summary["after_offload_share"] == pytest.approx(0.22)
    assert per_rep["owner"].tolist() == ["R1"]
    summary, per_rep = tw.offload_view(LOG, categories=CATS, moved={}, support_hourly_cost=80, owners=["R9"])
    assert summary["reps"] is None and per_rep.empty


def test_offload_panel_updates_live():
    panel = tw.offload_panel(LOG, categories=CATS, support_hourly_cost=80, reps=REPS, default_share=0.5,
                             config=ClientConfig(client_name="Demo"), lang="en")
    assert "travel" in panel.checks and "customer_meeting" not in panel.checks  # direct selling cannot move
    assert panel.checks["order_entry"].value and not panel.checks["travel"].value  # offloadable flags from config
    assert panel.checks["order_entry"].description == "Order entry"
    assert panel.result["offload_hours"] == pytest.approx(20.0)  # half of 40 h of order entry
    panel.sliders["order_entry"].value = 1.0
    assert panel.result["offload_hours"] == pytest.approx(40.0)
    panel.cost.value = 100
    assert panel.result["offload_cost"] == pytest.approx(4000.0)
    panel.team.value = "东"
    assert panel.result["reps"] == 1 and panel.result["offload_hours"] == pytest.approx(20.0)
    panel.checks["travel"].value = True
    assert panel.result["offload_hours"] == pytest.approx(20.0 + 34.0)


def test_clamp_shifts_and_channel_view():
    assert tw.clamp_shifts({5: {"phone": 1.0, "email": 1.0}}) == {5: {"phone": 0.5, "email": 0.5}}
    out = tw.channel_view(ACTS, tiers=TIERS, shifts={4: {"phone": 0.5}, 5: {"email": 1.0}}, channel_costs=COSTS)
    assert out["tier"].tolist() == [4, 5, "total"]
    assert out["saving"].tolist() == pytest.approx([2 * 99, 2 * 99.99, 2 * 99 + 2 * 99.99])
    east = tw.channel_view(ACTS, tiers=TIERS, shifts={5: {"email": 1.0}}, channel_costs=COSTS, reps=REPS, teams=["东"])
    assert east["visits"].tolist() == [0, 0]


def test_channel_panel_updates_live():
    panel = tw.channel_panel(ACTS, tiers=TIERS, channel_costs=COSTS, reps=REPS, defaults={5: {"phone": 0.5}},
                             lang="zh")
    assert set(panel.sliders) == {1, 2, 3, 4, 5} and set(panel.sliders[5]) == {"phone", "email"}
    assert panel.result.set_index("tier").loc[5, "saving"] == pytest.approx(99.0)
    panel.sliders[4]["phone"].value = 1.0
    assert panel.result.set_index("tier").loc[4, "saving"] == pytest.approx(4 * 99.0)
    panel.team.value = "南"
    assert panel.result.set_index("tier").loc[4, "visits"] == 0


def test_controls_leave_out_the_panel_whose_data_are_missing(tmp_path):
    from tests.helpers import make_client
    from workbook.intake import open_client
    from workbook.intake.validate import run_intake

    log = "owner,period,category,hours\nR1,2025-03-03,customer_meeting,12\nR1,2025-03-03,order_entry,20\n"
    folder = make_client(tmp_path / "client", {"time_log.csv": log})
    run_intake(folder)
    offload, channel = tw.controls(open_client(folder), lang="en")
    assert channel is None
    assert offload.result["offload_hours"] == pytest.approx(5.0)  # order entry at the default 25%
    assert callable(offload.config_settings)
