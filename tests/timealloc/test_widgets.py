"""workbook.timealloc.widgets: controls drive the tested pure functions; cheap to build without a kernel."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.workshop import shown
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


def _summary(panel) -> dict[str, str]:
    tab = shown.table(panel.view.value, "Offload what-if")
    return {measure: value for measure, value in tab["rows"]}  # one measure a row: the 12-month arithmetic


def test_offload_panel_updates_the_table_and_chart():
    panel = tw.offload_panel(LOG, categories=CATS, support_hourly_cost=80, reps=REPS, default_share=0.5,
                             config=ClientConfig(client_name="Demo"), lang="en")
    assert "travel" in panel.checks and "customer_meeting" not in panel.checks  # direct selling cannot move
    assert panel.checks["order_entry"].value and not panel.checks["travel"].value  # offloadable flags from config
    assert panel.checks["order_entry"].description == "Order entry"
    # half of each rep's 20 h of order entry moves: R1 12 -> 22 of 100 h, R2 20 -> 30 of 40 h
    assert shown.dumbbell_rows(panel.view.value) == ["R2 50.0% → 75.0%", "R1 12.0% → 22.0%"]
    assert _summary(panel)["Hours moved a week (h)"] == "20.0"  # a one-week log
    assert _summary(panel)["Direct selling share (now)"] == "22.9%"  # 32 of 140 h
    assert _summary(panel)["Direct selling share (after the move)"] == "37.1%"  # 32 + 20 of 140 h
    panel.sliders["order_entry"].value = 1.0
    assert shown.dumbbell_rows(panel.view.value) == ["R2 50.0% → 100.0%", "R1 12.0% → 32.0%"]
    assert _summary(panel)["Hours moved a week (h)"] == "40.0"
    assert _summary(panel)["Hours freed in 12 months (h, 46 working weeks)"] == "1,840"  # 40 h x 46 weeks
    panel.cost.value = 100
    assert _summary(panel)["Support staff cost over 12 months"] == "CNY 184,000"  # 1,840 h x 100
    panel.team.value = "东"
    assert shown.dumbbell_rows(panel.view.value) == ["R1 12.0% → 32.0%"]
    assert _summary(panel)["Hours moved a week (h)"] == "20.0"
    panel.checks["travel"].value = True  # half of R1's 68 h of travel too: 12 + 20 + 34 of 100 h
    assert shown.dumbbell_rows(panel.view.value) == ["R1 12.0% → 66.0%"]
    assert _summary(panel)["Hours moved a week (h)"] == "54.0"
    panel.team.value = tw.ALL
    panel.reps.value = ("R2",)
    assert shown.dumbbell_rows(panel.view.value) == ["R2 50.0% → 100.0%"]


def test_offload_chart_escapes_client_text_and_labels_in_chinese():
    per_rep = pd.DataFrame({"owner": ["<img src=x onerror=alert(1)>"], "direct_share": [0.1],
                            "after_offload_share": [0.2]})
    html = tw.offload_chart_html(per_rep, lang="zh")
    assert "<img" not in html and "&lt;img src=x" in html
    assert "每位销售转交杂务前后的直接销售占比" in html and "某企业案例：转交前 12%" in html
    assert shown.dumbbell_rows(html) == ["<img src=x onerror=alert(1)> 10.0% → 20.0%"]


def test_clamp_shifts_and_channel_view():
    assert tw.clamp_shifts({5: {"phone": 1.0, "email": 1.0}}) == {5: {"phone": 0.5, "email": 0.5}}
    out = tw.channel_view(ACTS, tiers=TIERS, shifts={4: {"phone": 0.5}, 5: {"email": 1.0}}, channel_costs=COSTS)
    assert out["tier"].tolist() == [4, 5, "total"]
    assert out["saving"].tolist() == pytest.approx([2 * 99, 2 * 99.99, 2 * 99 + 2 * 99.99])
    east = tw.channel_view(ACTS, tiers=TIERS, shifts={5: {"email": 1.0}}, channel_costs=COSTS, reps=REPS, teams=["东"])
    assert east["visits"].tolist() == [0, 0]


def test_a_moved_share_equals_the_full_computation():
    from workbook.timealloc import coverage as cv

    acts = pd.DataFrame({"owner": ["R1", "R1", "R1", "R2", "R2", "R2"],
                         "customer_id": ["C4", "C4", "C5", "C5", "C5", None],
                         "type": ["visit", "phone", "visit", "visit", "email", "visit"],
                         "hours": [3.0, 0.5, 2.0, 4.0, 0.25, 9.0]})
    base = tw.channel_base(acts, tiers=TIERS)
    # the contact without a customer is no tier's; visits: C4 one, C5 two; mean visit hours (3 + 2 + 4) / 3 = 3
    assert base == {"visits": {4: 1, 5: 2}, "mean_hours": {"email": 0.25, "phone": 0.5, "visit": 3.0}}
    for shifts in ({5: {"phone": 0.5}}, {4: {"phone": 1.0}, 5: {"phone": 0.3, "email": 0.2}}, {3: {"email": 0.4}}):
        kept = tw.channel_view(None, tiers=None, shifts=shifts, channel_costs=COSTS, base=base)
        full = tw.channel_view(acts, tiers=TIERS, shifts=shifts, channel_costs=COSTS)
        pd.testing.assert_frame_equal(kept, full)
        pd.testing.assert_frame_equal(kept.iloc[:-1].reset_index(drop=True).astype({"tier": int}),
                                      cv.channel_shift(acts, tiers=TIERS, shifts=shifts, channel_costs=COSTS))
    both = tw.channel_view(None, tiers=None, shifts={5: {"phone": 0.5, "email": 0.5}}, channel_costs=COSTS, base=base)
    # tier 5: two visits of 100 become one call (1) and one e-mail (0.01); hours freed 1 x (3 - 0.5) + 1 x (3 - 0.25)
    assert both.loc[0, "saving"] == pytest.approx(200 - 1.01) and both.loc[0, "hours_freed"] == pytest.approx(5.25)
    with pytest.raises(ValueError, match="'fax' has no unit cost"):
        tw.channel_view(None, tiers=None, shifts={5: {"fax": 0.5}}, channel_costs=COSTS, base=base)


def _saving(panel) -> dict[str, str]:
    tab = shown.table(panel.view.value, "渠道调整测算")
    return shown.column(tab, next(h for h in tab["headers"] if h.startswith("节省")))


def test_channel_panel_updates_the_shown_saving():
    panel = tw.channel_panel(ACTS, tiers=TIERS, channel_costs=COSTS, reps=REPS, defaults={5: {"phone": 0.5}},
                             lang="zh")
    assert set(panel.sliders) == {1, 2, 3, 4, 5} and set(panel.sliders[5]) == {"phone", "email"}
    # tier 5 has two visits; half move to phone: one visit of 100 becomes a call of 1
    # zero money is shown as — (the report's rule), so tiers with nothing moved read —
    assert _saving(panel) == {"1级客户": "—", "2级客户": "—", "3级客户": "—", "4级客户": "—", "5级客户": "99",
                              "合计": "99"}
    panel.sliders[4]["phone"].value = 1.0  # all four tier-4 visits become calls
    assert _saving(panel)["4级客户"] == "396" and _saving(panel)["合计"] == "495"
    panel.team.value = "南"  # R2 alone: the tier-5 customer only
    assert _saving(panel)["4级客户"] == "—" and _saving(panel)["合计"] == "99"


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
