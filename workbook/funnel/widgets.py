"""Workshop controls for the funnel diagnosis: thin ipywidgets wrappers, each callback calls one tested function.

Every builder computes its first view at construction (cheap enough for a papermill run) and redraws
into a ``widgets.Output`` with ``clear_output(wait=True)`` when a control moves.
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from workbook.core import columns as c
from workbook.core.display import show_in
from workbook.core.i18n import stage_label
from workbook.funnel import forecast as fc
from workbook.funnel import journey as fn


def forecast_table(opportunities: pd.DataFrame, probabilities: dict[str, float]) -> pd.DataFrame:
    """The forecast the sliders show: :func:`~workbook.funnel.forecast.weighted_forecast` (kept for the widget test)."""
    return fc.weighted_forecast(opportunities, probabilities=probabilities)


def forecast_sliders(opportunities: pd.DataFrame, config, *, lang: str = "zh") -> widgets.VBox:
    """One probability slider per configured stage driving the stage-weighted forecast."""
    sliders = {s.name: widgets.FloatSlider(value=s.probability, min=0, max=1, step=0.05,
                                           description=stage_label(config, s.name, lang), continuous_update=False)
               for s in config.stages}
    out = widgets.Output()

    def update(_=None):
        show_in(out, forecast_table(opportunities, {name: w.value for name, w in sliders.items()}))

    for w in sliders.values():
        w.observe(update, names="value")
    update()
    box = widgets.VBox([*sliders.values(), out])
    box.sliders, box.update = sliders, update
    box.config_settings = lambda: {"stages": [  # what workbook.workshop.settings saves to client.yaml
        s.model_dump() | {"probability": round(float(sliders[s.name].value), 6)} for s in config.stages]}
    return box


def target_slider(journey: pd.DataFrame, *, revenue_target: float | None, target_months: int = 12,
                  lang: str = "zh") -> widgets.VBox:
    """A revenue-target slider driving :func:`~workbook.funnel.journey.reverse_funnel`."""
    start = revenue_target or 1e6
    slider = widgets.FloatSlider(value=start, min=0, max=start * 3, step=start / 100, readout_format=",.0f",
                                 description="收入目标" if lang == "zh" else "Target", continuous_update=False)
    out = widgets.Output()

    def update(_=None):
        result = fn.reverse_funnel(journey, revenue_target=slider.value, target_months=target_months)
        show_in(out, pd.Series(result, name="value").to_frame())

    slider.observe(update, names="value")
    update()
    box = widgets.VBox([slider, out])
    box.slider, box.update = slider, update
    box.config_settings = lambda: ({} if revenue_target is None and slider.value == start  # untouched: no target
                                   else {"revenue_target": float(slider.value)})
    return box


def followup_window(leads: pd.DataFrame, *, as_of, window_days: int, by: str = c.SOURCE,
                    lang: str = "zh") -> widgets.VBox:
    """The follow-up window N driving :func:`~workbook.funnel.journey.utilisation` by ``by``."""
    slider = widgets.IntSlider(value=window_days, min=1, max=60, description="N 天" if lang == "zh" else "N days",
                               continuous_update=False)
    out = widgets.Output()

    def update(_=None):
        delays = fn.followup_delays(leads, window_days=slider.value, as_of=as_of)
        show_in(out, fn.utilisation(delays, by=by))

    slider.observe(update, names="value")
    update()
    box = widgets.VBox([slider, out])
    box.slider, box.update = slider, update
    box.config_settings = lambda: {"followup_days": int(slider.value)}
    return box


def funnel_filters(leads: pd.DataFrame, opportunities: pd.DataFrame | None, *, segment_col: str = c.SOURCE_TYPE,
                   lang: str = "zh") -> widgets.VBox:
    """Period, source, owner and segment filters driving the lead funnel
    (:func:`~workbook.funnel.journey.funnel_table`)."""
    zh = lang == "zh"

    def choices(col):
        return sorted(leads[col].dropna().astype(str).unique()) if col in leads else []

    start = widgets.DatePicker(description="开始" if zh else "From", value=leads[c.CREATED_DATE].min().date())
    end = widgets.DatePicker(description="结束" if zh else "To", value=leads[c.CREATED_DATE].max().date())
    pickers = {col: widgets.SelectMultiple(options=choices(col), description=label, rows=4)
               for col, label in ((c.SOURCE, "来源" if zh else "Source"), (c.OWNER, "销售" if zh else "Owner"),
                                  (segment_col, "细分" if zh else "Segment"))}
    out = widgets.Output()

    def update(_=None):
        chosen = fn.filter_leads(leads, start=start.value, end=end.value, sources=pickers[c.SOURCE].value,
                                 owners=pickers[c.OWNER].value, segment_col=segment_col,
                                 segments=pickers[segment_col].value)
        show_in(out, fn.funnel_table(fn.lead_journey(chosen, opportunities)))

    for w in (start, end, *pickers.values()):
        w.observe(update, names="value")
    update()
    box = widgets.VBox([widgets.HBox([start, end]), widgets.HBox(list(pickers.values())), out])
    box.start, box.end, box.pickers, box.update = start, end, pickers, update
    return box


def controls(client, *, followup_days: int = 0, target_months: int = 12, lang: str = "zh") -> list:
    """The chapter's workshop controls for ``client``: filters, forecast sliders, target slider, follow-up window.

    A control whose data are missing is left out (None in the list); the notebook shows them with
    ``show_controls(workshop.live, client, controls, client, ...)``, which adds the save button.
    """
    from workbook.core import rules

    config = client.config
    leads, opps = client.table(c.LEADS), client.table(c.OPPORTUNITIES)
    journey = fn.lead_journey(leads, opps) if leads is not None else None
    boxes = [
        funnel_filters(leads, opps, lang=lang) if leads is not None else None,
        forecast_sliders(opps, config, lang=lang) if rules.has(opps, c.AMOUNT) and c.STAGE in opps else None,
        target_slider(journey, revenue_target=config.revenue_target, target_months=target_months, lang=lang)
        if journey is not None else None,
        followup_window(leads, as_of=client.as_of, window_days=followup_days or config.followup_days, lang=lang)
        if rules.has(leads, c.FIRST_FOLLOWUP_DATE) else None,
    ]
    return boxes
