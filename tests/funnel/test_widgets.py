"""The funnel widgets build cheaply and their callbacks redraw with the tested functions."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.workshop import shown
from workbook.core.config import ClientConfig
from workbook.funnel import journey as fn
from workbook.funnel import widgets as fw

LEADS = pd.DataFrame({"lead_id": ["L1", "L2", "L3"],
                      "created_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]),
                      "source": ["A", "B", "A"], "source_type": ["active", "passive", "active"],
                      "owner": ["R1", "R2", "R1"],
                      "first_followup_date": pd.to_datetime(["2025-01-03", "2025-01-20", None]),
                      "opportunity_id": ["O1", None, None]})
OPPS = pd.DataFrame({"opportunity_id": ["O1", "O2"], "created_date": pd.to_datetime(["2025-01-05", "2025-01-06"]),
                     "stage": ["bid", "discover"], "status": ["won", "open"], "amount": [100.0, 50.0],
                     "close_date": pd.to_datetime(["2025-02-04", None])})


def test_forecast_slider_changes_the_shown_forecast():
    box = fw.forecast_sliders(OPPS, ClientConfig(client_name="Demo"), lang="en")
    assert [w.description for w in box.sliders.values()][:2] == ["Discover", "Qualify"]
    box.sliders["discover"].value = 0.5
    # one open deal of 50 at 50%: expected 25, sd = 50 * sqrt(0.25) = 25, 90% interval 25 +- 1.645 * 25
    tab = shown.table(box.view.value, "Weighted forecast")
    assert tab["headers"][:3] == ["Stage", "Deals", "Open amount (CNY)"]
    # the interval's low end is 0: zero money is shown as a dash
    assert tab["rows"] == [["Discover", "1", "50", "25", "—", "66"], ["Total", "1", "50", "25", "—", "66"]]
    box.sliders["discover"].value = 0.2  # expected 10, sd = 50 * sqrt(0.16) = 20, high 10 + 32.9
    assert shown.table(box.view.value, "Weighted forecast")["rows"][1] == ["Total", "1", "50", "10", "—", "43"]


# the docstring journey of reverse_funnel: four leads in one month, one won deal of 100 after 30 days
JOURNEY = pd.DataFrame({"cohort": pd.to_datetime(["2025-01-01"] * 4),
                        "created_date": pd.to_datetime(["2025-01-01"] * 4),
                        "won": [True, False, False, False], "opp_amount": [100.0, None, None, None],
                        "opp_close_date": pd.to_datetime(["2025-01-31", None, None, None])})


def test_target_slider_changes_the_leads_needed():
    box = fw.target_slider(JOURNEY, revenue_target=1200.0, lang="en")
    assert box.slider.description == "Revenue target"
    mouth = shown.column(shown.table(box.view.value, "Funnel mouth"), "Value")
    # 1200 / 100 = 12 wins; one lead in four wins: 48 leads, 4 a month over 12 months; 4 a month come today
    assert (mouth["Wins needed"], mouth["Leads needed a month"], mouth["Gap a month"]) == ("12", "4", "0")
    box.slider.value = 2400.0  # 24 wins, 96 leads, 8 a month: 4 short
    mouth = shown.column(shown.table(box.view.value, "Funnel mouth"), "Value")
    assert (mouth["Revenue target"], mouth["Wins needed"], mouth["Leads needed a month"], mouth["Gap a month"]) == (
        "CNY 2,400", "24", "8", "4")
    zh = fw.target_slider(JOURNEY, revenue_target=1200.0, lang="zh")
    assert zh.slider.description == "收入目标"


def test_followup_window_changes_the_share_followed_in_time():
    window = fw.followup_window(LEADS, as_of="2025-03-01", window_days=7, lang="en")
    within = shown.column(shown.table(window.view.value, "Lead utilisation"), "Followed up in the window")
    # source A: L1 followed after 2 days, L3 never (1 of 2 due); B: L2 followed after 19 days
    assert within == {"A": "50.0%", "B": "0.0%"}
    window.slider.value = 30  # L2 now in time; L3 (created 1 Feb) is not due yet on 1 Mar, so A is 1 of 1
    tab = shown.table(window.view.value, "Lead utilisation")
    assert shown.column(tab, "Followed up in the window") == {"A": "100.0%", "B": "100.0%"}
    assert shown.column(tab, "Old enough to judge") == {"A": "1", "B": "1"}


def test_funnel_filters_change_the_shown_funnel():
    box = fw.funnel_filters(LEADS, OPPS, lang="en")
    assert box.pickers["source"].options == ("A", "B")
    assert box.pickers["source_type"].options == ("active", "passive")
    counts = shown.column(shown.table(box.view.value, "Lead funnel"), "Count")
    assert (counts["Leads"], counts["Followed up"]) == ("3", "2")
    box.pickers["owner"].value = ("R1",)  # L1 (followed up) and L3 (not)
    tab = shown.table(box.view.value, "Lead funnel")
    assert (shown.column(tab, "Count")["Leads"], shown.column(tab, "Count")["Followed up"]) == ("2", "1")
    assert shown.column(tab, "Step rate")["Followed up"] == "50.0%"
    box.pickers["owner"].value = ()
    box.pickers["source"].value = ("B",)  # L2 alone
    assert shown.column(shown.table(box.view.value, "Lead funnel"), "Count")["Leads"] == "1"


@pytest.mark.parametrize("builder", ["forecast", "target", "window", "filters"])
def test_builders_return_boxes_with_an_output(builder):
    import ipywidgets as widgets

    config = ClientConfig(client_name="Demo")
    box = {"forecast": lambda: fw.forecast_sliders(OPPS, config),
           "target": lambda: fw.target_slider(fn.lead_journey(LEADS, OPPS), revenue_target=None),
           "window": lambda: fw.followup_window(LEADS, as_of=None, window_days=7),
           "filters": lambda: fw.funnel_filters(LEADS, None)}[builder]()
    assert isinstance(box, widgets.VBox) and box.children[-1] is box.view and box.view.value.startswith("<div")


def test_controls_of_a_client_leave_out_what_the_data_cannot_drive(tmp_path, sample_client):
    import ipywidgets as widgets

    from tests.funnel.test_diagnosis import OPPS_CSV, _client

    boxes = fw.controls(sample_client, lang="en")
    assert len(boxes) == 4 and all(isinstance(box, widgets.VBox) for box in boxes)
    assert boxes[3].slider.value == sample_client.config.followup_days
    only_opps = fw.controls(_client(tmp_path, {"opportunities.csv": OPPS_CSV}), followup_days=14)
    assert [box is None for box in only_opps] == [True, False, True, True]
