"""Charts of the time-allocation chapter (04): slide-ready, every word from the catalogue in ``lang``.

Each ``plot_<thing>(data, *, lang, ..., ax=None) -> Axes`` draws the output of one function of
:mod:`workbook.timealloc.allocation` or :mod:`workbook.timealloc.coverage` through ``ax`` only; none computes a
business number. Titles state the finding (``title``, a catalogue text with the section's numbers; without it
a plain statement of what is drawn); axes carry their units; reference lines (the case
benchmarks, the 60% target, the policy minimum) are labelled.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from workbook.core.formats import code_label, money_unit, render
from workbook.core.i18n import check_lang, t, tier_label
from workbook.core.result import Text
from workbook.core.theme import PALETTE, TIER_COLORS
from workbook.core.ticks import SpacedFormatter
from workbook.timealloc.allocation import BENCHMARKS, KINDS, PLANNED_TARGET

__all__ = [
    "plot_after_sale", "plot_cost_revenue", "plot_coverage", "plot_offload", "plot_planned", "plot_quotes",
    "plot_share_distribution", "plot_time_mix", "plot_kpis",
]

KIND_COLORS = {"direct": PALETTE[0], "indirect": PALETTE[2], "non_selling": PALETTE[7]}
MARKER_STYLES = {"case_before": ":", "case_after": "--"}


CHART_WIDTH = 6.5  # inches: about a printed page's text width, so the 10-pt chart text prints at 8 pt or more
# A chart prints at most about 105 mm (4.1 in) tall, so a figure taller than about 5.2 in is shrunk below 80%
# and its 11-pt tick labels below 8 pt: a per-seller chart draws at most REP_ROWS sellers, ROW_INCH apart
# (0.18 in = 13 pt, room for an 11-pt label), and says so when it leaves some out.
REP_ROWS = 18
ROW_INCH = 0.18


def _rep_rows(data: pd.DataFrame, by: str, lang: str) -> tuple[pd.DataFrame, str]:
    """The sellers a per-seller chart draws, ``data`` sorted lowest direct share first: the :data:`REP_ROWS`
    lowest, and the axis label (saying how many of how many when some are left out)."""
    label = t(f"col.{by}", lang)
    if len(data) <= REP_ROWS:
        return data, label
    return data.head(REP_ROWS), _k("lowest_reps", lang, label=label, n=REP_ROWS, reps=len(data))


def _rep_size(rows: int) -> tuple[float, float]:
    return CHART_WIDTH, max(3.0, ROW_INCH * rows + 1.5)


def _legend_below(ax: Axes, *, gap: float = 0.5) -> None:
    """The legend under the axis label, ``gap`` inches below the axes whatever the chart's height (a fixed share
    of the axes would run into the label on a short chart)."""
    height = ax.get_position().height * ax.figure.get_figheight()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -gap / height), ncol=2, frameon=False)


def _ax(ax: Axes | None, size: tuple[float, float] = (CHART_WIDTH, 3.8)) -> Axes:
    return ax if ax is not None else plt.subplots(figsize=size)[1]


def _k(key: str, lang: str, **fields) -> str:
    return t(f"chart.timealloc.{key}", lang, **fields)


def _markers(ax: Axes, markers: Mapping[str, float], lang: str, *, vertical: bool = True) -> None:
    for name, share in markers.items():
        draw = ax.axvline if vertical else ax.axhline
        draw(share, color=PALETTE[4], linestyle=MARKER_STYLES.get(name, "--"), linewidth=1.2,
             label=code_label("benchmark", name, lang))


def _set_title(ax: Axes, key: str, title: Text | None, lang: str) -> None:
    """The chart's title: ``title`` (the finding with its numbers, from the section) or ``chart.timealloc.<key>``."""
    text = _k(key, lang) if title is None else render(title, lang)
    width = 34 if lang == "zh" else 64  # characters a line: a long finding wraps rather than widen the chart
    ax.set_title("\n".join(textwrap.wrap(text, width)) if len(text) > width else text)


def _tier_name(key, lang: str) -> str:
    return tier_label(None if key in ("none", None) or pd.isna(key) else int(key), lang)


def plot_time_mix(shares: pd.DataFrame, *, lang: str, markers: Mapping[str, float] = BENCHMARKS,
                  by: str = "owner", title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Stacked bars of each rep's (or team's) direct / indirect / non-selling share, the case benchmarks marked.

    ``shares`` is :func:`workbook.timealloc.allocation.selling_shares` output (any order: drawn by direct share).
    """
    check_lang(lang)
    data, ylabel = _rep_rows(shares.sort_values("direct_share", ascending=True, kind="stable"), by, lang)
    ax = _ax(ax, _rep_size(len(data)))
    y = np.arange(len(data))
    left = np.zeros(len(data))
    for kind in KINDS:
        values = data[f"{kind}_share"].fillna(0).to_numpy()
        ax.barh(y, values, left=left, color=KIND_COLORS[kind], label=code_label("time_kind", kind, lang),
                height=0.75)
        left += values
    _markers(ax, markers, lang)
    ax.set_yticks(y, data[by].astype(str).tolist())
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(SpacedFormatter(percent=True))
    ax.set_xlabel(_k("share_of_hours", lang))
    ax.set_ylabel(ylabel)
    _set_title(ax, "time_mix", title, lang)
    _legend_below(ax)
    return ax


def plot_share_distribution(shares: pd.DataFrame, *, lang: str, markers: Mapping[str, float] = BENCHMARKS,
                            title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Histogram of reps' direct selling shares with the case benchmarks."""
    check_lang(lang)
    ax = _ax(ax)
    values = shares["direct_share"].dropna().to_numpy()
    top = max(0.3, float(values.max()) + 0.02) if len(values) else 0.3
    ax.hist(values, bins=np.arange(0, top + 0.02, 0.02), color=PALETTE[0], edgecolor="white")
    _markers(ax, markers, lang)
    ax.xaxis.set_major_formatter(SpacedFormatter(percent=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(SpacedFormatter())
    ax.set_xlabel(_k("direct_share", lang))
    ax.set_ylabel(_k("reps", lang))
    _set_title(ax, "distribution", title, lang)
    ax.legend()
    return ax


def plot_offload(per_rep: pd.DataFrame, *, lang: str, title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Each rep's direct selling share now and after the offload
    (:func:`workbook.timealloc.allocation.offload_by_rep`)."""
    check_lang(lang)
    data, ylabel = _rep_rows(per_rep.sort_values("direct_share", ascending=True, kind="stable"), "owner", lang)
    ax = _ax(ax, _rep_size(len(data)))
    y = np.arange(len(data))
    before, after = data["direct_share"].to_numpy(dtype=float), data["after_offload_share"].to_numpy(dtype=float)
    ax.hlines(y, before, after, color=PALETTE[2], linewidth=2)
    ax.scatter(before, y, color=PALETTE[7], label=_k("before", lang), zorder=3)
    ax.scatter(after, y, color=PALETTE[0], label=_k("after", lang), zorder=3)
    _markers(ax, BENCHMARKS, lang)
    ax.set_yticks(y, data["owner"].astype(str).tolist())
    ax.xaxis.set_major_formatter(SpacedFormatter(percent=True))
    ax.set_xlabel(_k("direct_share", lang))
    ax.set_ylabel(ylabel)
    _set_title(ax, "offload", title, lang)
    _legend_below(ax)
    return ax


def plot_planned(planned: pd.DataFrame, *, lang: str, target: float = PLANNED_TARGET,
                 title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Planned share of each rep's contacts (:func:`workbook.timealloc.allocation.planned_calls`) against the target."""
    check_lang(lang)
    ax = _ax(ax)
    data = planned.sort_values("planned_share", kind="stable")
    x = np.arange(len(data))
    ax.bar(x, data["planned_share"], color=PALETTE[1])
    ax.axhline(target, color=PALETTE[4], linestyle="--", label=_k("target", lang, share=f"{target:.0%}"))
    ax.set_xticks(x, data["owner"].astype(str).tolist(), rotation=90)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(SpacedFormatter(percent=True))
    ax.set_xlabel(t("col.owner", lang))
    ax.set_ylabel(_k("planned_share", lang))
    _set_title(ax, "planned", title, lang)
    ax.legend()
    return ax


def plot_coverage(coverage: pd.DataFrame, *, lang: str, title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Contacts per month of each tier's customers (box plots) with the tier's policy minimum
    (:func:`workbook.timealloc.coverage.contact_coverage`)."""
    check_lang(lang)
    ax = _ax(ax)
    tiers = sorted(int(v) for v in coverage["tier"].dropna().unique())
    data = [coverage.loc[coverage["tier"] == tier, "contacts_per_month"].to_numpy(dtype=float) for tier in tiers]
    if tiers:
        boxes = ax.boxplot(data, positions=range(len(tiers)), widths=0.6, patch_artist=True, showfliers=False)
        for patch, tier in zip(boxes["boxes"], tiers, strict=True):
            patch.set_facecolor(TIER_COLORS[tier])
        policy = [float(coverage.loc[coverage["tier"] == tier, "policy"].iloc[0]) for tier in tiers]
        ax.scatter(range(len(tiers)), policy, marker="D", s=45, color=PALETTE[4], zorder=3,
                   label=_k("policy", lang))
        ax.legend()
    ax.set_xticks(range(len(tiers)), [tier_label(tier, lang) for tier in tiers], rotation=20, ha="right")
    ax.set_ylabel(_k("contacts_per_month", lang))
    _set_title(ax, "coverage", title, lang)
    return ax


def plot_after_sale(after_sale: pd.DataFrame, *, lang: str, title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Contacts per customer-month by months since the last won deal, one line per department
    (:func:`workbook.timealloc.coverage.after_sale_contact`)."""
    check_lang(lang)
    ax = _ax(ax)
    for i, (dept, part) in enumerate(after_sale.groupby("department", sort=False)):
        ax.plot(part["months_since_sale"] + 1, part["contacts_per_month"], marker="o",
                color=PALETTE[i % len(PALETTE)], linewidth=2.5 if dept == "all" else 1.5,
                label=code_label("department", str(dept), lang))
    ax.set_xlabel(_k("months_since_sale", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # the first, second, ... month: never 1.25
    ax.set_ylabel(_k("contacts_per_customer_month", lang))
    ax.set_ylim(bottom=0)
    _set_title(ax, "after_sale", title, lang)
    ax.legend()
    return ax


def plot_cost_revenue(by_tier: pd.DataFrame, *, lang: str, title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Each tier's share of the cost to serve beside its share of won revenue
    (:func:`workbook.timealloc.coverage.cost_by_tier`)."""
    check_lang(lang)
    ax = _ax(ax)
    x = np.arange(len(by_tier))
    ax.bar(x - 0.2, by_tier["cost_share"].fillna(0), width=0.4, color=PALETTE[4], label=_k("cost_share", lang))
    ax.bar(x + 0.2, by_tier["revenue_share"].fillna(0), width=0.4, color=PALETTE[0],
           label=_k("revenue_share", lang))
    ax.set_xticks(x, [_tier_name(v, lang) for v in by_tier["tier"]], rotation=20, ha="right")
    ax.yaxis.set_major_formatter(SpacedFormatter(percent=True))
    ax.set_ylabel(_k("share", lang))
    _set_title(ax, "cost_revenue", title, lang)
    ax.legend()
    return ax


def plot_quotes(by_band: pd.DataFrame, *, lang: str, title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Quotes per turnaround band (bars) and the win rate of each band (line, right axis)
    (:func:`workbook.timealloc.coverage.win_rate_by_band`). Unsent quotes are left out."""
    check_lang(lang)
    ax = _ax(ax)
    data = by_band[by_band["band"] >= 0]
    x = np.arange(len(data))
    ax.bar(x, data["quotes"], color=PALETTE[2], label=_k("quotes", lang))
    ax.set_xticks(x, [code_label("quote_band", int(b), lang) for b in data["band"]])
    ax.set_ylabel(_k("quotes", lang))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(SpacedFormatter())
    right = ax.twinx()
    right.plot(x, data["win_rate"], color=PALETTE[0], marker="o", linewidth=2, label=_k("win_rate", lang))
    right.set_ylim(0, 1)
    right.yaxis.set_major_formatter(SpacedFormatter(percent=True))
    right.set_ylabel(_k("win_rate", lang))
    right.grid(False)
    ax.set_xlabel(_k("band", lang))
    _set_title(ax, "quotes_title", title, lang)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper right")
    return ax


def plot_kpis(data: pd.DataFrame, *, target: float | None = None, currency: str = "CNY", lang: str = "zh",
              title: Text | None = None, ax: Axes | None = None) -> Axes:
    """Bars of won revenue per contact hour by tier (:func:`workbook.timealloc.kpis.segment_kpis` by tier), with the
    target line when ``client.yaml`` sets one."""
    check_lang(lang)
    ax = _ax(ax, (CHART_WIDTH, 4.2))
    rows = data[data["contact_hours"].fillna(0) > 0]
    labels = [tier_label(None if key == "none" else int(key), lang) for key in rows["segment"]]
    colors = [TIER_COLORS.get("none" if key == "none" else int(key), PALETTE[7]) for key in rows["segment"]]
    scale, unit = (1e4, money_unit("unit.money.wan", lang, currency)) if lang == "zh" else (1e3, f"{currency} k")
    ax.bar(labels, rows["revenue_per_contact_hour"].fillna(0) / scale, color=colors)
    if target is not None:
        ax.axhline(target / scale, color=PALETTE[3], linestyle="--")
        ax.annotate(_k("kpi_target", lang), (0, target / scale), xycoords=("axes fraction", "data"),
                    xytext=(4, 4), textcoords="offset points", color=PALETTE[3])
    ax.yaxis.set_major_formatter(SpacedFormatter(decimals=1))
    ax.set_ylabel(_k("revenue_per_hour", lang, unit=unit))
    _set_title(ax, "kpis", title, lang)
    return ax
