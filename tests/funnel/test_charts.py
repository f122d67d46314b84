"""The funnel charts, checked by their artists and labels (never pixels), in zh and en."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from workbook.core import theme
from workbook.core.i18n import t
from workbook.core.result import Name, Number, Text
from workbook.funnel import charts as fc

FUNNEL = pd.DataFrame({"stage": ["leads", "followed_up", "won"], "count": [12000, 3000, 150],
                       "step_rate": [np.nan, 0.25, 0.05], "cumulative_rate": [1.0, 0.25, 0.0125]})
DELAYS = pd.DataFrame({"bucket": ["0-1", "1-3", ">=3", "never"], "lower": [0, 1, 3, np.nan],
                       "leads": [10, 20, 30, 40], "share": [0.1, 0.2, 0.3, 0.4]})
SOURCES = pd.DataFrame({"source": ["展会", "网站"], "leads": [100, 2500], "lead_to_win_rate": [0.08, 0.004]})
INFLOW = pd.DataFrame({"month": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"]), "leads": [80, 95, 90]})
CALIBRATION = pd.DataFrame({"model": ["p_stage", "p_stage", "p_checklist"], "bin": [0.0, 0.4, 0.4],
                            "n": [5, 6, 11], "predicted": [0.1, 0.5, 0.45], "observed": [0.2, 0.4, 0.45]})
FORECAST = pd.DataFrame({"stage": ["bid", "negotiate", "total"], "deals": [2, 1, 3],
                         "amount": [1000.0, 500.0, 1500.0], "probability": [0.6, 0.8, 0.67],
                         "expected": [600.0, 400.0, 1000.0], "variance": [1.0, 1.0, 2.0],
                         "low": [500.0, 300.0, 800.0], "high": [700.0, 500.0, 1200.0]})


def _texts(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plot_funnel_bars_labels_and_annotations(lang):
    ax = fc.plot_funnel(FUNNEL, lang=lang)
    assert len(ax.patches) == 3
    assert sorted(p.get_width() for p in ax.patches) == [150, 3000, 12000]
    # the first stage is drawn on top
    ticks = [tick.get_text() for tick in ax.get_yticklabels()]
    assert ticks == [t("funnel.stage.leads", lang), t("funnel.stage.followed_up", lang), t("funnel.stage.won", lang)]
    assert ax.get_yticks().tolist() == [2, 1, 0]
    assert ax.get_title() == t("funnel.chart.funnel", lang) and ax.get_xlabel() == t("funnel.chart.count", lang)
    assert [s.strip() for s in _texts(ax)] == ["12,000", "3,000  (25%)", "150  (5%)"]
    assert ax.xaxis.get_major_formatter()(12000, 0) == "12,000"


def test_plot_funnel_titles_differ_by_language():
    zh = fc.plot_funnel(FUNNEL, lang="zh").get_title()
    en = fc.plot_funnel(FUNNEL, lang="en").get_title()
    assert zh == "线索漏斗：从线索到回款" and en == "Lead funnel: lead to cash"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plot_delays_never_last_in_its_own_colour(lang):
    ax = fc.plot_delays(DELAYS, lang=lang)
    assert [p.get_height() for p in ax.patches] == [0.1, 0.2, 0.3, 0.4]
    labels = [tick.get_text() for tick in ax.get_xticklabels()]
    assert labels == ["0-1", "1-3", ">=3", t("funnel.chart.never", lang)]
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours[0] == colours[1] == colours[2] != colours[3]
    assert ax.get_ylabel() == t("funnel.chart.share", lang) and ax.get_title() == t("funnel.chart.delays", lang)
    assert ax.yaxis.get_major_formatter()(0.4, 0) == "40%"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plot_sources_one_labelled_point_per_source(lang):
    theme.apply_theme(lang=lang)  # the labels are measured to keep them apart: with the kit's font
    ax = fc.plot_sources(SOURCES, lang=lang)
    offsets = ax.collections[0].get_offsets()
    assert offsets.tolist() == [[100, 0.08], [2500, 0.004]]
    assert _texts(ax) == ["展会", "网站"]
    assert ax.get_xlabel() == t("funnel.chart.leads", lang) and ax.get_ylabel() == t("funnel.chart.lead_to_win", lang)
    assert ax.get_title() == t("funnel.chart.sources", lang)
    assert ax.yaxis.get_major_formatter()(0.004, 0) == "0.4%"


def test_plot_sources_names_sources_in_english_states_the_finding_and_keeps_labels_apart():
    theme.apply_theme(lang="en")
    # the sample's eight sources: three sit within 300 leads and 2 points of each other
    data = pd.DataFrame({"source": ["网站", "老客户", "展会", "陌生拜访", "市场活动", "转介绍", "交付服务", "技术交流"],
                         "leads": [7074, 2803, 2356, 2073, 1971, 1586, 1320, 817],
                         "lead_to_win_rate": [0.006, 0.096, 0.039, 0.027, 0.018, 0.078, 0.092, 0.222]})
    english = ["Website", "Existing customers", "Trade shows", "Cold visits", "Own events", "Referrals",
               "Delivery service", "Technical exchanges"]
    labels = {"source": {zh: (zh, en) for zh, en in zip(data["source"], english, strict=True)}}
    title = Text("funnel.chart.title.sources_like", source=Name("网站", vocab="source"), gap=Number(4.5))
    ax = fc.plot_sources(data, labels=labels, title=title, lang="en")
    assert ax.get_title() == "Website converts 4.5 pp below like-for-like sources"
    assert sorted(_texts(ax)) == sorted(english)
    renderer = ax.figure.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in ax.texts]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plot_inflow_with_and_without_the_required_level(lang):
    ax = fc.plot_inflow(INFLOW, required=120.0, lang=lang)
    assert ax.lines[0].get_ydata().tolist() == [80, 95, 90]
    assert list(ax.lines[1].get_ydata()) == [120.0, 120.0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [t("funnel.chart.leads", lang), t("funnel.chart.required", lang)]
    assert ax.get_title() == t("funnel.chart.inflow", lang) and ax.get_xlabel() == t("funnel.chart.month", lang)
    _, bare = plt.subplots()
    assert fc.plot_inflow(INFLOW, required=None, lang=lang, ax=bare) is bare and len(bare.lines) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plot_calibration_diagonal_and_one_line_per_model(lang):
    ax = fc.plot_calibration(CALIBRATION, lang=lang)
    assert len(ax.lines) == 3  # the diagonal and two models
    assert list(ax.lines[0].get_xdata()) == [0, 1]
    assert ax.lines[1].get_ydata().tolist() == [0.2, 0.4] and ax.lines[2].get_ydata().tolist() == [0.45]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [t("funnel.chart.p_stage", lang), t("funnel.chart.p_checklist", lang)]
    assert ax.get_xlabel() == t("funnel.chart.predicted", lang) and ax.get_ylabel() == t("funnel.chart.observed", lang)
    assert ax.get_title() == t("funnel.chart.calibration", lang)
    assert ax.get_xlim() == (0, 1) and ax.get_ylim() == (0, 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plot_forecast_bars_with_intervals_and_stage_labels(lang):
    labels = {"bid": "投标", "negotiate": "谈判", "total": "合计"}
    _, ax = plt.subplots()
    assert fc.plot_forecast(FORECAST, stage_labels=labels, lang=lang, ax=ax) is ax
    assert [p.get_height() for p in ax.patches] == [600.0, 400.0, 1000.0]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["投标", "谈判", "合计"]
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours[0] == colours[1] != colours[2]  # the total stands out
    segments = ax.collections[0].get_segments()  # the error bars: low to high per stage
    assert [(s[0][1], s[1][1]) for s in segments] == [(500.0, 700.0), (300.0, 500.0), (800.0, 1200.0)]
    assert ax.get_ylabel() == t("funnel.chart.amount", lang) and ax.get_title() == t("funnel.chart.forecast", lang)
    assert ax.yaxis.get_major_formatter()(1200, 0) == "1,200"
    unlabelled = fc.plot_forecast(FORECAST, lang=lang)
    assert [tick.get_text() for tick in unlabelled.get_xticklabels()] == ["bid", "negotiate", "total"]
