"""Shared axis ticks (workbook.core.ticks) and the charts that use them, checked by their tick artists."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from workbook.core import theme  # noqa: E402
from workbook.core.ticks import SpacedFormatter, count_axis, month_axis  # noqa: E402
from workbook.customers import charts as cc  # noqa: E402
from workbook.funnel import charts as fc  # noqa: E402
from workbook.timealloc import charts as tc  # noqa: E402


@pytest.fixture(autouse=True)
def _theme():
    with matplotlib.rc_context():
        theme.apply_theme()
        yield
    plt.close("all")


def _labels(axis) -> list[str]:
    """The tick labels as printed, inside the axis's range."""
    axis.axes.figure.canvas.draw()
    low, high = sorted(axis.get_view_interval())
    return [tick.get_text() for tick, loc in zip(axis.get_ticklabels(), axis.get_ticklocs(), strict=True)
            if low - 1e-9 <= loc <= high + 1e-9]


def test_spaced_formatter_adds_decimals_only_when_ticks_are_closer_than_one():
    assert SpacedFormatter().format_ticks([0, 5000, 10000]) == ["0", "5,000", "10,000"]
    assert SpacedFormatter().format_ticks([5.96, 5.98, 6.0, 6.02]) == ["5.96", "5.98", "6.00", "6.02"]
    # 万元 from yuan: 2,000 yuan apart is 0.2 万
    assert SpacedFormatter(scale=1e4).format_ticks([0, 2000, 4000]) == ["0.0", "0.2", "0.4"]
    assert SpacedFormatter(percent=True).format_ticks([0.0, 0.1, 0.2]) == ["0%", "10%", "20%"]
    assert SpacedFormatter(percent=True).format_ticks([0.0, 0.0025, 0.005]) == ["0.00%", "0.25%", "0.50%"]
    assert SpacedFormatter(decimals=1).format_ticks([0, 1, 2]) == ["0.0", "1.0", "2.0"]


def test_count_axis_gives_a_flat_series_a_range_from_zero_with_distinct_labels():
    _, ax = plt.subplots()
    ax.plot([0, 1, 2, 3, 4], [6, 6, 6, 6, 6])
    count_axis(ax.yaxis)
    # 6 x 1.15 = 6.9: the axis runs 0 to 6.9, whole-number ticks
    assert ax.get_ylim() == pytest.approx((0.0, 6.9))
    labels = _labels(ax.yaxis)
    assert labels[0] == "0" and "6" in labels and len(set(labels)) == len(labels)
    _, empty = plt.subplots()
    count_axis(empty.yaxis, 0)
    assert empty.get_ylim() == (0.0, 1.0)


@pytest.mark.parametrize(("lang", "first", "last"), [("zh", "2025年1月", "2025年5月"), ("en", "Jan 2025", "May 2025")])
def test_month_axis_puts_one_tick_per_month(lang, first, last):
    months = pd.date_range("2025-01-01", periods=5, freq="MS")
    _, ax = plt.subplots(figsize=(9, 3.6))
    ax.plot(months, [6] * 5)
    month_axis(ax.xaxis, months, lang=lang)
    labels = _labels(ax.xaxis)
    assert labels[0] == first and labels[-1] == last and len(labels) == 5


def test_month_axis_thins_two_years_to_at_most_eight_ticks():
    months = pd.date_range("2024-01-01", periods=24, freq="MS")
    _, ax = plt.subplots(figsize=(9, 3.6))
    ax.plot(months, range(24))
    month_axis(ax.xaxis, months, lang="zh")
    labels = _labels(ax.xaxis)
    # 24 months / 8 = every 3rd month: 2024年1月, 4月, 7月, ...
    assert labels[:3] == ["2024年1月", "2024年4月", "2024年7月"] and len(labels) <= 8


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inflow_chart_of_a_flat_series_reads_month_ticks_and_distinct_counts(lang):
    # the thin export: 6 leads in each of 5 months, no target
    inflow = pd.DataFrame({"month": pd.date_range("2025-01-01", periods=5, freq="MS"), "leads": [6] * 5})
    ax = fc.plot_inflow(inflow, required=None, lang=lang)
    y = _labels(ax.yaxis)
    assert ax.get_ylim()[0] == 0 and len(set(y)) == len(y) and y[0] == "0"
    x = _labels(ax.xaxis)
    assert x == ([f"2025年{m}月" for m in range(1, 6)] if lang == "zh"
                 else ["Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025"])
    # month labels do not overlap: each ends before the next begins
    renderer = ax.figure.canvas.get_renderer()
    boxes = [label.get_window_extent(renderer) for label in ax.get_xticklabels() if label.get_text() in x]
    assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:], strict=False))


def test_inflow_chart_with_a_target_keeps_the_target_inside():
    inflow = pd.DataFrame({"month": pd.date_range("2025-01-01", periods=3, freq="MS"), "leads": [80, 95, 90]})
    ax = fc.plot_inflow(inflow, required=120.0)
    assert ax.get_ylim() == pytest.approx((0.0, 138.0))  # 120 x 1.15


def test_small_money_and_share_axes_keep_distinct_labels():
    # won revenue of a few thousand yuan: 万元 ticks 0.1 apart, not "0, 0, 0, 1"
    split = pd.DataFrame({"customer_type": ["new", "existing"], "origin": ["inbound", "outbound"],
                          "revenue": [3000.0, 5000.0]})
    ax = fc.plot_business_split(split)
    labels = _labels(ax.yaxis)
    assert len(set(labels)) == len(labels) and "0.2" in labels
    # win rates after the tier date all under 1%: percent ticks with the decimals they need
    outcomes = pd.DataFrame({"tier": [1, 2], "deals": [200, 300], "won": [1, 1], "lost": [199, 299],
                             "win_rate": [0.005, 1 / 300]})
    ax = cc.plot_tier_outcomes(outcomes, lang="zh")
    labels = _labels(ax.yaxis)
    assert len(set(labels)) == len(labels) and labels[0] in ("0.0%", "0.00%")


def test_revenue_per_hour_bars_of_tiny_values_keep_distinct_labels():
    data = pd.DataFrame({"segment": ["1", "2"], "contact_hours": [10.0, 20.0],
                         "revenue_per_contact_hour": [30.0, 50.0]})  # 0.003 and 0.005 万元 per hour
    ax = tc.plot_kpis(data, lang="zh")
    labels = _labels(ax.yaxis)
    assert len(set(labels)) == len(labels)
