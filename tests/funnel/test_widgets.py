"""The funnel widgets build cheaply and their callbacks redraw with the tested functions."""
from __future__ import annotations

import pandas as pd
import pytest

from workbook.core.config import ClientConfig
from workbook.funnel import forecast as fc
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



def test_forecast_sliders_drive_the_forecast():
    config = ClientConfig(client_name="Demo")
    box = fw.forecast_sliders(OPPS, config, lang="en")
    assert [w.description for w in box.sliders.values()][:2] == ["Discover", "Qualify"]
    box.sliders["discover"].value = 0.5
    probs = {name: w.value for name, w in box.sliders.items()}
    expected = fc.weighted_forecast(OPPS, probabilities=probs)
    assert expected.set_index("stage").loc["total", "expected"] == 25.0
    assert fw.forecast_table(OPPS, probs).equals(expected)


def test_target_slider_and_followup_window_update():
    journey = fn.lead_journey(LEADS, OPPS)
    box = fw.target_slider(journey, revenue_target=300.0, lang="zh")
    assert box.slider.value == 300.0 and box.slider.description == "收入目标"
    box.slider.value = 600.0  # the observer runs reverse_funnel again without error
    assert fn.reverse_funnel(journey, revenue_target=600.0)["required_wins"] == 6.0
    window = fw.followup_window(LEADS, as_of="2025-03-01", window_days=7)
    window.slider.value = 30
    assert window.slider.value == 30


def test_funnel_filters_choices_and_update():
    box = fw.funnel_filters(LEADS, OPPS, lang="en")
    assert box.pickers["source"].options == ("A", "B")
    assert box.pickers["source_type"].options == ("active", "passive")
    box.pickers["owner"].value = ("R1",)
    chosen = fn.filter_leads(LEADS, owners=["R1"])
    assert fn.funnel_table(fn.lead_journey(chosen, OPPS))["count"].tolist()[:2] == [2, 1]


@pytest.mark.parametrize("builder", ["forecast", "target", "window", "filters"])
def test_builders_return_boxes_with_an_output(builder):
    import ipywidgets as widgets

    config = ClientConfig(client_name="Demo")
    box = {"forecast": lambda: fw.forecast_sliders(OPPS, config),
           "target": lambda: fw.target_slider(fn.lead_journey(LEADS, OPPS), revenue_target=None),
           "window": lambda: fw.followup_window(LEADS, as_of=None, window_days=7),
           "filters": lambda: fw.funnel_filters(LEADS, None)}[builder]()
    assert isinstance(box, widgets.VBox) and isinstance(box.children[-1], widgets.Output)


def test_controls_of_a_client_leave_out_what_the_data_cannot_drive(tmp_path, sample_client):
    import ipywidgets as widgets

    from tests.funnel.test_diagnosis import OPPS_CSV, _client

    boxes = fw.controls(sample_client, lang="en")
    assert len(boxes) == 4 and all(isinstance(box, widgets.VBox) for box in boxes)
    assert boxes[3].slider.value == sample_client.config.followup_days
    only_opps = fw.controls(_client(tmp_path, {"opportunities.csv": OPPS_CSV}), followup_days=14)
    assert [box is None for box in only_opps] == [True, False, True, True]
