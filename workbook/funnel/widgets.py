"""Workshop controls for the funnel diagnosis: thin ipywidgets wrappers, each callback calls one tested function.

Every builder computes its first view at construction (cheap enough for a papermill run) and, when a
control moves, replaces the HTML its ``box.view`` widget shows: the table as the report formats it
(:func:`workbook.core.display.table_html`), in the client's currency and stage names. One widget value
changes, so the browser updates in place; the last computed frame or dict is kept on ``box.result``.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.display import table_html
from workbook.core.formats import code_label
from workbook.core.i18n import LANGS, stage_label, t
from workbook.core.live import tables
from workbook.core.result import Table
from workbook.funnel import forecast as fc
from workbook.funnel import journey as fn
from workbook.funnel.diagnosis import labels as chapter_labels
from workbook.funnel.sections import metric_table

__all__ = ["controls", "followup_window", "forecast_sliders", "funnel_filters", "target_slider"]


def _funnel_stages() -> dict:
    """The lead funnel's stage names (the ``funnel_stage`` vocabulary of :func:`workbook.funnel.diagnosis.labels`)."""
    return {"funnel_stage": {s: tuple(t(f"funnel.stage.{s}", lang) for lang in LANGS) for s in fn.LEAD_STAGES}}


def _view() -> widgets.HTML:
    view = widgets.HTML()
    view.add_class("workbook-live-chart")
    return view


def forecast_sliders(opportunities: pd.DataFrame, config, *, lang: str = "zh") -> widgets.VBox:
    """One probability slider per configured stage driving :func:`~workbook.funnel.forecast.weighted_forecast`."""
    sliders = {s.name: widgets.FloatSlider(value=s.probability, min=0, max=1, step=0.05,
                                           description=stage_label(config, s.name, lang), continuous_update=False)
               for s in config.stages}
    view = _view()
    box = widgets.VBox([*sliders.values(), view])
    labels = chapter_labels(config)

    def update(_=None):
        table = fc.weighted_forecast(opportunities, probabilities={name: w.value for name, w in sliders.items()})
        box.result = table
        frame = table.loc[(table["deals"] > 0) | (table["stage"] == "total"), ["stage", "deals", "amount", "expected",
                                                                                "low", "high"]]
        shown = Table("funnel_forecast", frame.rename(columns={"expected": "stage_expected"}),
                      kinds={"stage": "code", "deals": "count"}, vocab={"stage": "stage"},
                      headers={"deals": _text("col.deals"), "amount": _text("col.pipeline_amount")})
        view.value = tables(table_html(shown, lang, currency=config.currency, labels=labels)[0])

    for w in sliders.values():
        w.observe(update, names="value")
    update()
    box.sliders, box.update, box.view = sliders, update, view
    box.config_settings = lambda: {"stages": [  # what workbook.workshop.settings saves to client.yaml
        s.model_dump() | {"probability": round(float(sliders[s.name].value), 6)} for s in config.stages]}
    return box


def _text(key: str):
    from workbook.core.result import Text

    return Text(key)


def target_slider(journey: pd.DataFrame, *, revenue_target: float | None, target_months: int = 12,
                  currency: str = "CNY", lang: str = "zh", as_of=None, avg_deal: float | None = None,
                  probabilities: dict[str, float] | None = None) -> widgets.VBox:
    """A revenue-target slider driving :func:`~workbook.funnel.journey.reverse_funnel` (the funnel mouth), at the
    report's average won deal (``avg_deal``) and mature cohorts as of ``as_of`` (their open deals at the stage
    ``probabilities``) when given."""
    start = revenue_target or 1e6
    slider = widgets.FloatSlider(value=start, min=0, max=start * 3, step=start / 100, readout_format=",.0f",
                                 description=code_label("funnel_metric", "revenue_target", lang),
                                 continuous_update=False)
    view = _view()
    box = widgets.VBox([slider, view])

    # the rates and the inflow are measured over the leads once; a move only sets them against its target
    measured = fn.reverse_funnel(journey, revenue_target=start, target_months=target_months, as_of=as_of,
                                 avg_deal=avg_deal, probabilities=probabilities)

    def update(_=None):
        rev = fn.retarget(measured, revenue_target=slider.value, target_months=target_months)
        box.result = rev
        rows = [("revenue_target", rev["revenue_target"], "money"), ("avg_deal", rev["avg_deal"], "money"),
                ("lead_to_win_rate", rev["lead_to_win_rate"], "rate"), ("required_wins", rev["required_wins"], "count"),
                ("required_leads_per_month", rev["required_leads_per_month"], "count"),
                ("current_leads_per_month", rev["current_leads_per_month"], "count"),
                ("gap_per_month", rev["gap_per_month"], "count")]
        view.value = tables(table_html(metric_table("funnel_mouth", rows, currency=currency), lang,
                                       currency=currency)[0])

    slider.observe(update, names="value")
    update()
    box.slider, box.update, box.view = slider, update, view
    box.config_settings = lambda: ({} if revenue_target is None and slider.value == start  # untouched: no target
                                   else {"revenue_target": float(slider.value)})
    return box


def followup_window(leads: pd.DataFrame, *, as_of, window_days: int, by: str = c.SOURCE,
                    lang: str = "zh") -> widgets.VBox:
    """The follow-up window N driving :func:`~workbook.funnel.journey.utilisation` by ``by``."""
    slider = widgets.IntSlider(value=window_days, min=1, max=60, description="N 天" if lang == "zh" else "N days",
                               continuous_update=False)
    view = _view()
    box = widgets.VBox([slider, view])

    # a move changes which leads are due and within the window, not their delays: the leads are grouped once
    # (by code), the delays' quantiles measured once
    codes, names = pd.factorize(leads[by], sort=True) if by in leads else (None, None)
    slim = leads[[col for col in (c.CREATED_DATE, c.FIRST_FOLLOWUP_DATE) if col in leads]]
    if codes is not None:
        slim = slim.assign(**{by: np.where(codes >= 0, codes, np.nan)})
    group = by if codes is not None else None
    spread = fn.utilisation(fn.followup_delays(slim, window_days=window_days, as_of=as_of), by=group)

    def update(_=None):
        delays = fn.followup_delays(slim, window_days=slider.value, as_of=as_of)
        table = fn.utilisation(delays, by=group, spread=spread)
        if group is not None:  # the codes back to the names (an empty name stays empty)
            code = table[by].to_numpy(dtype=float)
            known = ~np.isnan(code)
            named = pd.Series(pd.NA, index=table.index, dtype=leads[by].dtype)
            named[known] = names[code[known].astype(np.int64)].to_numpy()
            table = table.assign(**{by: named})
        box.result = table
        shown = Table("funnel_utilisation", table, kinds={by: "name", "median_delay": "days", "p75_delay": "days",
                                                          "due": "count"})
        view.value = tables(table_html(shown, lang)[0])

    slider.observe(update, names="value")
    update()
    box.slider, box.update, box.view = slider, update, view
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
    view = _view()
    box = widgets.VBox([widgets.HBox([start, end]), widgets.HBox(list(pickers.values())), view])
    # the journey is one row per lead: built once, a move selects its rows (the filter columns are lead columns)
    journey = fn.lead_journey(leads, opportunities) if segment_col in fn.LEAD_COLUMNS else None

    def update(_=None):
        kwargs = {"start": start.value, "end": end.value, "sources": pickers[c.SOURCE].value,
                  "owners": pickers[c.OWNER].value, "segment_col": segment_col, "segments": pickers[segment_col].value}
        if journey is not None:
            table = fn.funnel_table(fn.filter_leads(journey, **kwargs))
        else:
            table = fn.funnel_table(fn.lead_journey(fn.filter_leads(leads, **kwargs), opportunities))
        box.result = table
        shown = Table("funnel_stages", table, kinds={"stage": "code", "count": "count"},
                      vocab={"stage": "funnel_stage"})
        view.value = tables(table_html(shown, lang, labels=_funnel_stages())[0])

    for w in (start, end, *pickers.values()):
        w.observe(update, names="value")
    update()
    box.start, box.end, box.pickers, box.update, box.view = start, end, pickers, update, view
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
        target_slider(journey, revenue_target=config.revenue_target, target_months=target_months,
                      currency=config.currency, lang=lang, as_of=client.as_of,
                      avg_deal=rules.average_won_deal(opps, end=client.as_of) if client.as_of is not None else None,
                      probabilities={s.name: s.probability for s in config.stages})
        if journey is not None else None,
        followup_window(leads, as_of=client.as_of, window_days=followup_days or config.followup_days, lang=lang)
        if rules.has(leads, c.FIRST_FOLLOWUP_DATE) else None,
    ]
    return boxes
