"""Charts and display tables of the time-allocation notebook (04): slide-ready, labelled in zh or en.

Each ``plot_<thing>(data, *, ..., ax=None) -> Axes`` draws the output of one function of
:mod:`workbook.timealloc.allocation` or :mod:`workbook.timealloc.coverage` through ``ax`` only; none computes a business
number. :func:`label_columns` and :func:`offload_table` turn analysis frames into the tables a report shows.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

from workbook.core.i18n import check_lang, humanise, t, tier_label, value_label
from workbook.core.schema import VOCABULARIES
from workbook.core.theme import PALETTE, TIER_COLORS
from workbook.timealloc.allocation import BENCHMARKS, KINDS, PLANNED_TARGET
from workbook.timealloc.coverage import QUOTE_BANDS

__all__ = [
    "band_label", "label_columns", "offload_table", "plot_after_sale", "plot_cost_revenue", "plot_coverage",
    "plot_offload", "plot_planned", "plot_quotes", "plot_share_distribution", "plot_time_mix",
]

KIND_COLORS = {"direct": PALETTE[0], "indirect": PALETTE[2], "non_selling": PALETTE[7]}
MARKER_STYLES = {"seed_case": ":", "published_low": "--", "published_high": "-."}
OFFLOAD_METRICS = ("reps", "weeks", "direct_share", "after_offload_share", "capacity_gain", "equivalent_sellers",
                   "offload_hours", "offload_hours_per_week", "support_fte", "offload_cost",
                   "revenue_per_selling_hour", "freed_value")
PERCENT_METRICS = ("direct_share", "after_offload_share", "capacity_gain")


def _ax(ax: Axes | None, size: tuple[float, float] = (8, 4.5)) -> Axes:
    return ax if ax is not None else plt.subplots(figsize=size)[1]


def band_label(band: int, lang: str = "zh", *, bands: Sequence[float] = QUOTE_BANDS) -> str:
    """Label of a quote-turnaround band of :func:`workbook.timealloc.coverage.quote_turnaround`.

    >>> [band_label(b, "en") for b in (0, 1, 3, -1)]
    ['≤48 h', '2–7 days', '>14 days', 'Not sent']
    """
    if band < 0:
        return t("ta.band.unsent", lang)
    if band == 0:
        return t("ta.band.0", lang)
    lo = bands[band - 1] / 24
    if band >= len(bands):
        return t("ta.band.last", lang, lo=lo)
    return t("ta.band.mid", lang, lo=lo, hi=bands[band] / 24)


def _dept_label(code: str, lang: str) -> str:
    if code == "all":
        return t("ta.dept.all", lang)
    return value_label("department", code, lang) if code in VOCABULARIES["department"].codes else code


def _tier_name(key, lang: str) -> str:
    if key == "total":
        return t("ta.col.total", lang)
    return tier_label(None if key in ("none", None) or pd.isna(key) else int(key), lang)


def label_columns(frame: pd.DataFrame, *, lang: str = "zh",
                  categories: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy for display: tiers, bands and departments named, columns labelled in ``lang``.

    ``categories`` maps time-category names to labels (for :func:`~workbook.timealloc.allocation.hours_by_category`).

    >>> label_columns(pd.DataFrame({"tier": ["1", "none"], "cost": [2.0, 1.0]}), lang="en").columns.tolist()
    ['Tier', 'Cost to serve']
    """
    check_lang(lang)
    out = frame.copy()
    if "tier" in out:
        out["tier"] = [_tier_name(v, lang) for v in out["tier"]]
    if "band" in out:
        out["band"] = [band_label(int(v), lang) for v in out["band"]]
    if "department" in out:
        out["department"] = [_dept_label(str(v), lang) for v in out["department"]]
    if "marker" in out:
        out["marker"] = [t(f"ta.marker.{v}", lang) for v in out["marker"]]
    names = {}
    for col in out.columns:
        key = f"ta.col.{col}"
        try:
            names[col] = t(key, lang)
        except KeyError:
            names[col] = (categories or {}).get(col, humanise(str(col)))
    return out.rename(columns=names)


def offload_table(summary: Mapping, *, lang: str = "zh") -> pd.DataFrame:
    """The offload what-if (:func:`workbook.timealloc.allocation.offload_summary`) as a two-column table,
    values formatted.

    >>> table = offload_table({"reps": 3, "direct_share": 0.12, "offload_cost": 8000.0, "freed_value": None},
    ...                       lang="en")
    >>> table["Value"].tolist()
    ['3', '12.0%', '8,000', '–']
    """
    rows = []
    for key in OFFLOAD_METRICS:
        if key not in summary:
            continue
        value = summary[key]
        if value is None or (isinstance(value, float) and np.isnan(value)):
            text = "–"
        elif key in PERCENT_METRICS:
            text = f"{value:+.1%}" if key == "capacity_gain" else f"{value:.1%}"
        elif key in ("equivalent_sellers", "support_fte", "weeks"):
            text = f"{value:,.1f}"
        else:
            text = f"{value:,.0f}"
        rows.append({t("ta.col.metric", lang): t(f"ta.metric.{key}", lang), t("ta.col.value", lang): text})
    return pd.DataFrame(rows)


def _markers(ax: Axes, markers: Mapping[str, float], lang: str, *, vertical: bool = True) -> None:
    for name, share in markers.items():
        draw = ax.axvline if vertical else ax.axhline
        draw(share, color=PALETTE[4], linestyle=MARKER_STYLES.get(name, "--"), linewidth=1.2,
             label=t(f"ta.marker.{name}", lang))


def plot_time_mix(shares: pd.DataFrame, *, lang: str = "zh", markers: Mapping[str, float] = BENCHMARKS,
                  by: str = "owner", ax: Axes | None = None) -> Axes:
    """Stacked bars of each rep's (or team's) direct / indirect / non-selling share, benchmarks marked.

    ``shares`` is :func:`workbook.timealloc.allocation.selling_shares` output (any order: drawn by direct share).
    """
    ax = _ax(ax, (8, max(3.0, 0.3 * len(shares) + 1.5)))
    data = shares.sort_values("direct_share", ascending=True)
    y = np.arange(len(data))
    left = np.zeros(len(data))
    for kind in KINDS:
        values = data[f"{kind}_share"].fillna(0).to_numpy()
        ax.barh(y, values, left=left, color=KIND_COLORS[kind], label=t(f"ta.kind.{kind}", lang), height=0.75)
        left += values
    _markers(ax, markers, lang)
    ax.set_yticks(y, data[by].astype(str).tolist())
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(t("ta.chart.share_of_hours", lang))
    ax.set_ylabel(t(f"ta.col.{by}", lang))
    ax.set_title(t("ta.chart.time_mix", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def plot_share_distribution(shares: pd.DataFrame, *, lang: str = "zh", markers: Mapping[str, float] = BENCHMARKS,
                            ax: Axes | None = None) -> Axes:
    """Histogram of reps' direct selling shares with the benchmark markers."""
    ax = _ax(ax)
    values = shares["direct_share"].dropna().to_numpy()
    top = max(0.45, float(values.max()) + 0.02) if len(values) else 0.45
    ax.hist(values, bins=np.arange(0, top + 0.02, 0.02), color=PALETTE[0], edgecolor="white")
    _markers(ax, markers, lang)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(t("ta.col.direct_share", lang))
    ax.set_ylabel(t("ta.chart.reps", lang))
    ax.set_title(t("ta.chart.distribution", lang))
    ax.legend(fontsize="small")
    return ax


def plot_offload(per_rep: pd.DataFrame, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Each rep's direct selling share now and after the offload
    (:func:`workbook.timealloc.allocation.offload_by_rep`)."""
    ax = _ax(ax, (8, max(3.0, 0.3 * len(per_rep) + 1.5)))
    data = per_rep.sort_values("direct_share", ascending=True)
    y = np.arange(len(data))
    before, after = data["direct_share"].to_numpy(dtype=float), data["after_offload_share"].to_numpy(dtype=float)
    ax.hlines(y, before, after, color=PALETTE[2], linewidth=2)
    ax.scatter(before, y, color=PALETTE[7], label=t("ta.chart.before", lang), zorder=3)
    ax.scatter(after, y, color=PALETTE[0], label=t("ta.chart.after", lang), zorder=3)
    _markers(ax, {k: BENCHMARKS[k] for k in ("seed_case", "published_low")}, lang)
    ax.set_yticks(y, data["owner"].astype(str).tolist())
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(t("ta.col.direct_share", lang))
    ax.set_title(t("ta.chart.offload", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def plot_planned(planned: pd.DataFrame, *, lang: str = "zh", target: float = PLANNED_TARGET,
                 ax: Axes | None = None) -> Axes:
    """Planned share of each rep's contacts (:func:`workbook.timealloc.allocation.planned_calls`) against the target."""
    ax = _ax(ax)
    x = np.arange(len(planned))
    ax.bar(x, planned["planned_share"], color=PALETTE[1])
    ax.axhline(target, color=PALETTE[4], linestyle="--", label=t("ta.chart.target", lang, share=f"{target:.0%}"))
    ax.set_xticks(x, planned["owner"].astype(str).tolist(), rotation=90)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylabel(t("ta.col.planned_share", lang))
    ax.set_title(t("ta.chart.planned", lang))
    ax.legend(fontsize="small")
    return ax


def plot_coverage(coverage: pd.DataFrame, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Contacts per month of each tier's customers (box plots) with the tier's policy minimum
    (:func:`workbook.timealloc.coverage.contact_coverage`)."""
    ax = _ax(ax)
    tiers = sorted(int(v) for v in coverage["tier"].dropna().unique())
    data = [coverage.loc[coverage["tier"] == tier, "contacts_per_month"].to_numpy(dtype=float) for tier in tiers]
    if tiers:
        boxes = ax.boxplot(data, positions=range(len(tiers)), widths=0.6, patch_artist=True, showfliers=False)
        for patch, tier in zip(boxes["boxes"], tiers, strict=True):
            patch.set_facecolor(TIER_COLORS[tier])
        policy = [float(coverage.loc[coverage["tier"] == tier, "policy"].iloc[0]) for tier in tiers]
        ax.scatter(range(len(tiers)), policy, marker="D", s=45, color=PALETTE[4], zorder=3,
                   label=t("ta.chart.policy", lang))
        ax.legend(fontsize="small")
    ax.set_xticks(range(len(tiers)), [tier_label(tier, lang) for tier in tiers], rotation=20, ha="right")
    ax.set_ylabel(t("ta.col.contacts_per_month", lang))
    ax.set_title(t("ta.chart.coverage", lang))
    return ax


def plot_after_sale(after_sale: pd.DataFrame, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Contacts per customer-month by months since the last won deal, one line per department
    (:func:`workbook.timealloc.coverage.after_sale_contact`)."""
    ax = _ax(ax)
    for i, (dept, part) in enumerate(after_sale.groupby("department", sort=False)):
        ax.plot(part["months_since_sale"], part["contacts_per_month"], marker="o", color=PALETTE[i % len(PALETTE)],
                linewidth=2.5 if dept == "all" else 1.5, label=_dept_label(str(dept), lang))
    ax.set_xlabel(t("ta.col.months_since_sale", lang))
    ax.set_ylabel(t("ta.col.contacts_per_month", lang))
    ax.set_ylim(bottom=0)
    ax.set_title(t("ta.chart.after_sale", lang))
    ax.legend(fontsize="small")
    return ax


def plot_cost_revenue(by_tier: pd.DataFrame, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Each tier's share of the cost to serve beside its share of won revenue
    (:func:`workbook.timealloc.coverage.cost_by_tier`)."""
    ax = _ax(ax)
    x = np.arange(len(by_tier))
    ax.bar(x - 0.2, by_tier["cost_share"].fillna(0), width=0.4, color=PALETTE[4], label=t("ta.col.cost_share", lang))
    ax.bar(x + 0.2, by_tier["revenue_share"].fillna(0), width=0.4, color=PALETTE[0],
           label=t("ta.col.revenue_share", lang))
    ax.set_xticks(x, [_tier_name(v, lang) for v in by_tier["tier"]], rotation=20, ha="right")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(t("ta.chart.cost_revenue", lang))
    ax.legend(fontsize="small")
    return ax


def plot_quotes(by_band: pd.DataFrame, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Quotes per turnaround band (bars) and the win rate of each band (line, right axis)
    (:func:`workbook.timealloc.coverage.win_rate_by_band`). Unsent quotes are left out."""
    ax = _ax(ax)
    data = by_band[by_band["band"] >= 0]
    x = np.arange(len(data))
    ax.bar(x, data["quotes"], color=PALETTE[2], label=t("ta.col.quotes", lang))
    ax.set_xticks(x, [band_label(int(b), lang) for b in data["band"]])
    ax.set_ylabel(t("ta.col.quotes", lang))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    right = ax.twinx()
    right.plot(x, data["win_rate"], color=PALETTE[0], marker="o", linewidth=2, label=t("ta.col.win_rate", lang))
    right.set_ylim(0, 1)
    right.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    right.set_ylabel(t("ta.col.win_rate", lang))
    right.grid(False)
    ax.set_xlabel(t("ta.col.band", lang))
    ax.set_title(t("ta.chart.quotes", lang))
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper right", fontsize="small")
    return ax
