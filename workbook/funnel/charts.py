"""Charts of the funnel diagnosis: each takes a table from :mod:`workbook.funnel.journey` /
:mod:`workbook.funnel.forecast` and an optional ``ax``, draws only through it, computes no business
number and returns the Axes."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator, PercentFormatter

from workbook.core import columns as c
from workbook.core.formats import money_unit, name_label, render
from workbook.core.i18n import LANGS, t
from workbook.core.schema import UNKNOWN
from workbook.core.theme import PALETTE
from workbook.core.ticks import SpacedFormatter, count_axis, month_axis


def _title(ax, title, key: str, lang: str, *, labels=None, currency: str = "CNY") -> None:
    """The chart's title: the finding it shows (``title``, a catalogue text computed from the numbers), else the
    catalogue's plain title ``key``."""
    ax.set_title(render(title, lang, labels=labels, currency=currency) if title is not None else t(key, lang))


def _axes(ax, size=(8, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def plot_funnel(data: pd.DataFrame, *, title=None, labels=None, lang: str = "zh", ax=None):
    """Horizontal bars of :func:`~workbook.funnel.journey.funnel_table` (overall), labelled with count and step rate."""
    ax = _axes(ax)
    names = [t(f"funnel.stage.{s}", lang) for s in data["stage"]]
    y = np.arange(len(data))[::-1]
    ax.barh(y, data["count"], color=PALETTE[0])
    ax.set_yticks(y, names)
    for yi, count, step in zip(y, data["count"], data["step_rate"], strict=True):
        text = f"{count:,}" + ("" if pd.isna(step) else f"  ({step:.0%})")
        ax.text(count, yi, " " + text, va="center")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(SpacedFormatter())
    ax.set_xlabel(t("funnel.chart.count", lang))
    _title(ax, title, "funnel.chart.funnel", lang, labels=labels)
    ax.set_xlim(0, max(1, data["count"].max()) * 1.25)
    return ax


def plot_delays(data: pd.DataFrame, *, title=None, lang: str = "zh", ax=None):
    """Bars of :func:`~workbook.funnel.journey.delay_distribution`: share of leads per delay bucket, never last."""
    ax = _axes(ax)
    labels = [t("funnel.chart.never", lang) if b == "never" else b for b in data["bucket"]]
    colors = [PALETTE[3] if b == "never" else PALETTE[0] for b in data["bucket"]]
    ax.bar(labels, data["share"], color=colors)
    ax.yaxis.set_major_formatter(SpacedFormatter(percent=True))
    ax.set_xlabel(t("funnel.chart.delay_bucket", lang))
    ax.set_ylabel(t("funnel.chart.share", lang))
    _title(ax, title, "funnel.chart.delays", lang)
    return ax


def plot_sources(data: pd.DataFrame, *, title=None, labels=None, lang: str = "zh", ax=None):
    """Scatter of :func:`~workbook.funnel.journey.source_table`: leads (x) against lead-to-win rate (y),
    one label per source."""
    ax = _axes(ax)
    ax.scatter(data["leads"], data["lead_to_win_rate"], s=80, color=PALETTE[0])
    # each label takes the first place (right, left, above, below, then lower corners) where its box overlaps no
    # label already placed and no other marker (boxes measured by the renderer, in display pixels)
    ax.xaxis.set_major_formatter(SpacedFormatter())
    ax.yaxis.set_major_formatter(SpacedFormatter(percent=True, decimals=1))
    ax.set_xlabel(t("funnel.chart.leads", lang))
    ax.set_ylabel(t("funnel.chart.lead_to_win", lang))
    _title(ax, title, "funnel.chart.sources", lang, labels=labels)
    ax.autoscale_view()  # limits and layout as printed, before any label is measured
    if ax.figure.get_layout_engine() is not None:
        ax.figure.get_layout_engine().execute(ax.figure)
    renderer = ax.figure.canvas.get_renderer()
    markers = ax.transData.transform(np.column_stack([data["leads"].to_numpy(float),
                                                      data["lead_to_win_rate"].fillna(0).to_numpy(float)]))
    axes_box = ax.get_window_extent(renderer)
    placed = []
    for _, row in data.sort_values("lead_to_win_rate", ascending=False).iterrows():
        xy = (row["leads"], row["lead_to_win_rate"] or 0)
        here = ax.transData.transform(xy)
        for dx, dy, ha in ((6, 3, "left"), (-6, 3, "right"), (0, 8, "center"), (0, -16, "center"),
                           (6, -11, "left"), (-6, -11, "right")):
            label = ax.annotate(name_label(row[c.SOURCE], "source", lang, labels), xy, xytext=(dx, dy),
                                textcoords="offset points", ha=ha)
            box = label.get_window_extent(renderer).expanded(1.02, 1.05)
            hits = any(box.overlaps(other) for other in placed) or any(
                box.x0 - 9 < mx < box.x1 + 9 and box.y0 - 9 < my < box.y1 + 9
                for mx, my in markers if abs(mx - here[0]) + abs(my - here[1]) > 1e-6)
            if not hits and axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1 + 30:
                break
            label.remove()
        else:  # no free side: the first one, as drawn before
            label = ax.annotate(name_label(row[c.SOURCE], "source", lang, labels), xy, xytext=(6, 3),
                                textcoords="offset points", ha="left")
            box = label.get_window_extent(renderer)
        placed.append(box)
    return ax


def plot_inflow(inflow: pd.DataFrame, *, required: float | None, title=None, lang: str = "zh", ax=None):
    """Monthly lead inflow (:func:`~workbook.funnel.journey.monthly_inflow`) with the level the target needs;
    one tick per month, the lead count from 0."""
    ax = _axes(ax, (9, 3.6))
    ax.plot(inflow["month"], inflow["leads"], marker="o", color=PALETTE[0], label=t("funnel.chart.leads", lang))
    if required is not None:
        label = t("funnel.chart.required", lang)
        ax.axhline(required, color=PALETTE[3], linestyle="--", label=label)
        ax.annotate(f"{label} {required:,.0f}", (0, required), xycoords=("axes fraction", "data"),
                    xytext=(4, 4), textcoords="offset points", color=PALETTE[3])
    count_axis(ax.yaxis, max(float(inflow["leads"].max()) if len(inflow) else 0.0, required or 0.0))
    month_axis(ax.xaxis, inflow["month"], lang=lang)
    ax.set_xlabel(t("funnel.chart.month", lang))
    ax.set_ylabel(t("funnel.chart.leads", lang))
    _title(ax, title, "funnel.chart.inflow", lang)
    ax.legend(frameon=False)
    return ax


def plot_calibration(data: pd.DataFrame, *, title=None, lang: str = "zh", ax=None):
    """Predicted vs observed win rate per model (:func:`~workbook.funnel.forecast.calibration_table`),
    diagonal = perfect."""
    ax = _axes(ax, (5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    for i, (model, group) in enumerate(data.groupby("model", sort=False)):
        ax.plot(group["predicted"], group["observed"], marker="o", color=PALETTE[i],
                label=t(f"funnel.chart.{model}", lang))
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(t("funnel.chart.predicted", lang))
    ax.set_ylabel(t("funnel.chart.observed", lang))
    _title(ax, title, "funnel.chart.calibration", lang)
    ax.legend(frameon=False)
    return ax


def plot_forecast(data: pd.DataFrame, *, stage_labels: dict[str, str] | None = None, lang: str = "zh", ax=None):
    """Expected amount per stage with the 90% interval (:func:`~workbook.funnel.forecast.weighted_forecast`)."""
    ax = _axes(ax)
    labels = [(stage_labels or {}).get(s) or (t("value.unknown", lang) if s == UNKNOWN else s) for s in data["stage"]]
    err = np.vstack([data["expected"] - data["low"], data["high"] - data["expected"]])
    colors = [PALETTE[1] if s == "total" else PALETTE[0] for s in data["stage"]]
    ax.bar(labels, data["expected"], yerr=err, capsize=4, color=colors)
    ax.yaxis.set_major_formatter(SpacedFormatter())
    ax.set_ylabel(t("funnel.chart.amount", lang))
    ax.set_title(t("funnel.chart.forecast", lang))
    return ax


def plot_forecast_panel(forecast: pd.DataFrame, calibration: pd.DataFrame | None = None, *,
                        stage_labels: dict | None = None, currency: str = "CNY", title=None,
                        calibration_title=None, lang: str = "zh"):
    """The forecast (:func:`plot_forecast`) and, when there is a backtest, its calibration
    (:func:`plot_calibration`) side by side; returns the Figure.

    ``stage_labels`` maps stage codes to ``(zh, en)`` labels (the result's ``stage`` vocabulary).
    """
    panels = 1 if calibration is None or not len(calibration) else 2
    fig, axes = plt.subplots(1, panels, figsize=(12 if panels == 2 else 8, 4.4),
                             gridspec_kw={"width_ratios": [2, 1]} if panels == 2 else None, squeeze=False)
    labels = {code: pair[LANGS.index(lang)] for code, pair in (stage_labels or {}).items()}
    ax = plot_forecast(forecast, stage_labels=labels, lang=lang, ax=axes[0][0])
    _money_axis(ax, currency=currency, lang=lang, label=t("funnel.chart.amount", lang))
    if title is not None:
        _title(ax, title, "funnel.chart.forecast", lang, currency=currency)
    if panels == 2:
        plot_calibration(calibration, title=calibration_title, lang=lang, ax=axes[0][1])
    fig.tight_layout()
    return fig


def _money_axis(ax, *, currency: str, lang: str, label: str) -> None:
    """The y axis in 万元 (zh) or millions (en), labelled with its unit."""
    scale, unit = (1e4, money_unit("unit.money.wan", lang, currency)) if lang == "zh" else (1e6, f"{currency} m")
    ax.yaxis.set_major_formatter(SpacedFormatter(scale=scale))
    ax.set_ylabel(f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})")


def plot_business_split(split: pd.DataFrame, *, currency: str = "CNY", title=None, lang: str = "zh", ax=None):
    """Stacked bars of :func:`~workbook.funnel.business.split_table`: won revenue of new and existing customers
    (bars), inbound / outbound / unknown origin (stacks)."""
    ax = _axes(ax, (6, 4.4))
    types = [x for x in ("new", "existing", "unknown") if x in set(split["customer_type"])]
    cells = split.pivot_table(index="customer_type", columns="origin", values="revenue", aggfunc="sum",
                              fill_value=0.0).reindex(types, fill_value=0.0)
    bottom = np.zeros(len(types))
    colors = {"inbound": PALETTE[3], "outbound": PALETTE[0], "unknown": "#b0b0b0"}
    labels = [t(f"vocab.business_customer.{x}", lang) for x in types]
    total = float(split["revenue"].sum()) or 1.0
    for origin in ("inbound", "outbound", "unknown"):
        if origin not in cells:
            continue
        values = cells[origin].to_numpy(float)
        ax.bar(labels, values, bottom=bottom, color=colors[origin], label=t(f"vocab.business_origin.{origin}", lang))
        for x, (value, base) in enumerate(zip(values, bottom, strict=True)):
            if value / total >= 0.04:  # each block's share of all won revenue, where it fits
                ax.text(x, base + value / 2, f"{value / total:.1%}", ha="center", va="center", color="white")
        bottom += values
    _money_axis(ax, currency=currency, lang=lang, label=t("funnel.chart.won_revenue", lang))
    _title(ax, title, "funnel.chart.business", lang)
    ax.legend(frameon=False)
    return ax


def plot_business_trend(trend: pd.DataFrame, *, title=None, lang: str = "zh", ax=None):
    """Lines of :func:`~workbook.funnel.business.quarterly_trend`: new customers' and active origin's share of
    each quarter's won revenue."""
    ax = _axes(ax, (6, 4.4))
    quarters = [f"{q[:4]}\n{t('funnel.quarter_short', lang, q=q[-1])}" for q in trend["quarter"]]
    ax.plot(quarters, trend["new_share"], marker="o", color=PALETTE[1], label=t("col.new_share", lang))
    ax.plot(quarters, trend["outbound_share"], marker="s", color=PALETTE[0], label=t("col.outbound_share", lang))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(0, 1)
    ax.set_xlabel(t("funnel.chart.quarter", lang))
    ax.set_ylabel(t("funnel.chart.revenue_share", lang))
    _title(ax, title, "funnel.chart.business_trend", lang)
    ax.legend(frameon=False)
    return ax


def plot_business(split: pd.DataFrame, trend: pd.DataFrame, *, currency: str = "CNY", titles=(None, None),
                  lang: str = "zh"):
    """:func:`plot_business_split` and :func:`plot_business_trend` side by side (``titles``: one each); returns
    the Figure."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4))
    plot_business_split(split, currency=currency, title=titles[0], lang=lang, ax=axes[0])
    plot_business_trend(trend, title=titles[1], lang=lang, ax=axes[1])
    fig.tight_layout()
    return fig
# --------------------------------------------------------------------------- lead lifecycle

def plot_lifecycle(data: pd.DataFrame, *, title=None, lang: str = "zh", ax=None):
    """Days per lifecycle step (:func:`~workbook.funnel.lifecycle.step_summary`): the median as a bar, the
    slowest tenth (90th percentile) as a lighter bar behind it, each labelled; steps in lifecycle order."""
    ax = _axes(ax, (8, 3.4))
    data = data.dropna(subset=["median"])
    labels = [t(f"vocab.lifecycle_step.{s}", lang) for s in data["step"]]
    y = np.arange(len(data))[::-1]
    median, p90 = data["median"].to_numpy(float), data["p90"].to_numpy(float)
    ax.barh(y, p90, color=PALETTE[2], height=0.6, label=t("funnel.chart.lifecycle_p90", lang))
    ax.barh(y, median, color=PALETTE[0], height=0.6, label=t("funnel.chart.lifecycle_median", lang))
    unit = t("unit.days", lang)
    for yi, m, p in zip(y, median, p90, strict=True):
        ax.text(p, yi, f" {m:,.0f} / {p:,.0f} {unit}", va="center")
    ax.set_yticks(y, labels)
    ax.set_xlim(0, max(1.0, float(np.nanmax(p90)) if len(p90) else 1.0) * 1.3)
    ax.set_xlabel(t("funnel.chart.lifecycle_days", lang))
    _title(ax, title, "funnel.chart.lifecycle", lang)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2)
    return ax


def plot_nurture(data: pd.DataFrame, *, title=None, lang: str = "zh", ax=None):
    """Lead -> opportunity and lead -> won rates of leads with and without a contact before the hand-off
    (:func:`~workbook.funnel.lifecycle.nurture_comparison`), side by side, each bar labelled."""
    ax = _axes(ax, (7, 3.6))
    rates = [col for col in ("opportunity_rate", "win_rate") if col in data]
    x = np.arange(len(rates))
    width = 0.38
    for i, row in enumerate(data.itertuples(index=False)):
        values = [getattr(row, col) for col in rates]
        bars = ax.bar(x + (i - 0.5) * width, values, width, color=PALETTE[i],
                      label=t(f"vocab.nurture_group.{row.group}", lang))
        for bar, value in zip(bars, values, strict=True):
            ax.annotate(f"{value:.1%}", (bar.get_x() + bar.get_width() / 2, value), xytext=(0, 3),
                        textcoords="offset points", ha="center")
    ax.set_xticks(x, [t(f"funnel.chart.nurture_{col}", lang) for col in rates])
    ax.yaxis.set_major_formatter(SpacedFormatter(percent=True))
    top = float(np.nanmax(data[rates].to_numpy(float))) if len(data) else 0.0
    ax.set_ylim(0, max(top, 0.01) * 1.25)
    ax.set_ylabel(t("funnel.chart.nurture_share", lang))
    _title(ax, title, "funnel.chart.nurture", lang)
    ax.legend(frameon=False)
    return ax
