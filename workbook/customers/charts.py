"""Charts of the customers: the inventory's profile bars, completeness and ladders; the quality matrix
heatmap with tier borders, assets per rep and the tier bars.

Each ``plot_*`` takes the output of an :mod:`workbook.customers.inventory` or :mod:`workbook.customers.matrix`
function (codes and numbers), labels it in ``lang``, draws only through ``ax`` and returns it; no business number
is computed here. Titles ask the question the chart answers. Apply :func:`workbook.core.theme.apply_theme` first.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Patch

from workbook.core import rules
from workbook.core.config import LEVELS, RELATIONSHIPS
from workbook.core.i18n import check_lang, column_label, t, tier_label, value_label
from workbook.core.schema import VOCABULARIES
from workbook.core.theme import PALETTE, TIER_COLORS
from workbook.core.ticks import SpacedFormatter
from workbook.customers.levels import INCOMPLETE, field_label, format_amount
from workbook.customers.profile import MISSING, UNASSIGNED, band_label

__all__ = ["plot_profile", "plot_profile_grid", "plot_completeness", "plot_ladder", "plot_matrix",
           "plot_assets_by_owner", "plot_tiers", "plot_tier_outcomes", "plot_next"]

_GREY = PALETTE[7]


def _bar_labels(ax, bars, counts, shares) -> None:
    for bar, n, share in zip(bars, counts, shares):
        ax.annotate(f"{int(n):,} ({share:.1%})", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)


def profile_label(dimension: str, value: str, lang: str, labels=None) -> str:
    """The label of one :func:`~workbook.customers.inventory.profile_counts` value in ``lang``; client categories
    (industry, region) through ``labels`` (``{vocab: {code: (zh, en)}}``, ``labels:`` of client.yaml) when given.

    >>> profile_label("brand_standing", "known", "zh"), profile_label("region", "_missing", "en")
    ('知名', 'not given')
    """
    if value == MISSING:
        return t("inv.not_given", lang)
    if dimension == "brand_standing" and value in VOCABULARIES["brand_standing"].codes:
        return value_label("brand_standing", value, lang)
    own = (labels or {}).get(dimension, {}).get(value)
    if own is not None:
        return own[0] if lang == "zh" else own[1]
    return band_label(dimension, value, lang)


def owner_label(owner, lang: str) -> str:
    """A rep as shown: the client's code, 未分配 / unassigned for :data:`~workbook.customers.inventory.UNASSIGNED`."""
    return t("inv.unassigned", lang) if str(owner) == UNASSIGNED else str(owner)


def plot_profile(profile: pd.DataFrame, *, dimension: str, top: int = 10, lang: str = "zh", ax=None, labels=None):
    """Horizontal bars of customers per value of one dimension of :func:`~workbook.customers.inventory.profile_counts`.

    Parameters
    ----------
    profile : DataFrame
        :func:`workbook.customers.inventory.profile_counts` output.
    dimension : str
        Which dimension to draw (e.g. ``"industry"``).
    top : int
        Most frequent values shown (bands always all); "not given" is drawn in grey.
    lang : {"zh", "en"}
    ax : Axes, optional
    labels : mapping, optional
        The client's own labels (``{vocab: {code: (zh, en)}}``) for industries and regions.

    Returns
    -------
    Axes
    """
    check_lang(lang)
    data = profile[profile["dimension"] == dimension]
    if data.empty:
        raise ValueError(f"dimension {dimension!r} not in the profile; dimensions: "
                         f"{', '.join(profile['dimension'].unique())}")
    given = data[data["value"] != MISSING].head(top)
    data = pd.concat([given, data[data["value"] == MISSING]])
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 0.35 * len(data) + 1))
    colors = [_GREY if v == MISSING else PALETTE[0] for v in data["value"]]
    y = np.arange(len(data))
    bars = ax.barh(y, data["customers"], color=colors)
    ax.set_yticks(y, [profile_label(dimension, v, lang, labels) for v in data["value"]])
    ax.invert_yaxis()
    _bar_labels(ax, bars, data["customers"], data["share"])
    ax.set_xlim(0, data["customers"].max() * 1.35)
    ax.set_title(field_label(dimension, lang))
    ax.set_xlabel(t("cu.axis.customers", lang))
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    return ax


def plot_profile_grid(profile: pd.DataFrame, *, lang: str = "zh", ncols: int = 2, labels=None):
    """Every dimension of the profile in one figure (one panel each; ``labels`` as :func:`plot_profile`); returns
    the array of Axes.

    Two panels a row in a 7.2-inch-wide figure: at A4 text width (about 6.3 inches) its 10-point labels print at
    about 8.8 points, the bar labels at 8.3 (four a row printed them below 5 points)."""
    dims = list(dict.fromkeys(profile["dimension"]))
    nrows = -(-len(dims) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.7 * nrows), squeeze=False)
    for ax, dim in zip(axes.flat, dims):
        plot_profile(profile, dimension=dim, lang=lang, ax=ax, labels=labels)
        ax.set_xlabel("")
        ax.tick_params(labelsize=10)
        ax.title.set_fontsize(11)
        for text in ax.texts:
            text.set_fontsize(9.5)
    for ax in axes.flat[len(dims):]:
        ax.set_visible(False)
    fig.suptitle(t("cu.chart.profile", lang), y=1.0)
    fig.tight_layout()
    return axes


def plot_completeness(fill: pd.DataFrame, *, lang: str = "zh", ax=None):
    """Fill rate per profile field (:func:`workbook.customers.inventory.fill_rates`), least filled highlighted."""
    check_lang(lang)
    data = fill.sort_values("fill_rate")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.35 * len(data) + 1.2))
    colors = [PALETTE[4] if r < 0.9 else PALETTE[1] for r in data["fill_rate"]]
    y = np.arange(len(data))
    bars = ax.barh(y, data["fill_rate"], color=colors)
    for bar, rate in zip(bars, data["fill_rate"]):
        ax.annotate(f"{rate:.1%}", (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, [field_label(f, lang) for f in data["field"]])
    ax.set_xlim(0, 1.12)
    ax.axvline(1.0, color=_GREY, lw=0.8, ls="--", label=t("cu.chart.all_filled", lang))
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel(t("cu.axis.fill_rate", lang))
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(t("cu.chart.completeness", lang))
    ax.grid(axis="y", visible=False)
    return ax


def plot_ladder(ladder: pd.DataFrame, *, kind: str = "level", lang: str = "zh", ax=None):
    """A ladder of :func:`workbook.customers.inventory.ladder` as a funnel: one centred bar per rung,
    lowest rung on top.

    Each bar is labelled with its customers and share (inside, or beside a narrow bar); bars darken up
    the ladder; the rungs are the y tick labels. Incomplete records (a first ``incomplete`` row) are grey.
    """
    check_lang(lang)
    if kind not in ("level", "relationship"):
        raise ValueError(f"kind must be one of level, relationship, got {kind!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.6))
    rungs = ladder["rung"].tolist()
    colors = sns.light_palette(PALETTE[0] if kind == "level" else PALETTE[1], n_colors=len(ladder) + 1)[1:]
    if rungs and rungs[0] == INCOMPLETE:  # the undecided records: grey, above the ladder
        colors = [_GREY, *sns.light_palette(PALETTE[0], n_colors=len(ladder))[1:]]
    widest = max(int(ladder["customers"].max()), 1)
    y = np.arange(len(ladder))
    width = ladder["customers"].to_numpy(dtype=float)
    ax.barh(y, width, left=-width / 2, color=colors, height=0.8, edgecolor="white")
    for i, (n, share) in enumerate(zip(ladder["customers"], ladder["share"])):
        inside = n > widest * 0.3  # else written beside the bar
        ax.text(0 if inside else n / 2 + widest * 0.02, i, f"{int(n):,}  ({share:.1%})", va="center", fontsize=10,
                ha="center" if inside else "left", color="white" if inside and i >= len(ladder) / 2 else "#222222")
    ax.set_yticks(y, [t("vocab.level.incomplete", lang) if rung == INCOMPLETE else value_label(kind, rung, lang)
                      for rung in rungs])
    ax.invert_yaxis()
    ax.set_xlim(-widest * 0.6, widest * 0.6)
    ax.set_xticks([])
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(t("cu.axis.customers_share", lang))
    share = dict(zip(ladder["rung"], ladder["share"].astype(float)))
    if kind == "level":  # the title states the finding: how few are premium, how many still potential
        title = t("cu.chart.level", lang, premium=f"{share.get('quality', 0.0) + share.get('strategic', 0.0):.1%}",
                  potential=f"{share.get('potential', 0.0):.1%}")
    else:
        title = t("cu.chart.relationship", lang,
                  no_trust=f"{share.get('untouched', 0.0) + share.get('neutral', 0.0):.1%}")
    ax.set_title(title)
    return ax


_CMAP = LinearSegmentedColormap.from_list("counts", ["#F5F7FA", "#8FA9B8", PALETTE[0]])
_INSET = 0.05


def _grid(cells: pd.DataFrame, value: str) -> np.ndarray:
    """Cells as a 4x4 array, row 0 = strategic (top of the chart), column 0 = untouched."""
    table = cells.pivot(index="level", columns="relationship", values=value)
    return table.reindex(index=list(LEVELS)[::-1], columns=list(RELATIONSHIPS)).to_numpy(dtype=float)


def _tier_of(value) -> int | str:
    return "none" if pd.isna(value) else int(value)


def plot_matrix(cells: pd.DataFrame, *, show_revenue: bool = True, lang: str = "zh", ax=None):
    """The quality matrix as a heatmap of customers, with each tier's region outlined in its colour.

    Parameters
    ----------
    cells : DataFrame
        :func:`workbook.customers.matrix.matrix_cells` output (16 rows).
    show_revenue : bool
        Add each cell's annual revenue under the count when known.
    lang : {"zh", "en"}
    ax : Axes, optional

    Returns
    -------
    Axes
        Cell texts are the counts (``"1,234"``, then the revenue line); every tier has a badge
        (``tier_label``) in its first cell and a legend entry.
    """
    check_lang(lang)
    counts = _grid(cells, "customers")
    revenue = _grid(cells, "revenue")
    tiers = _grid(cells.assign(tier=cells["tier"].astype("Float64")), "tier")
    if ax is None:
        _, ax = plt.subplots(figsize=(8.5, 6.2))
    top = max(counts.max(), 1)
    ax.imshow(counts, cmap=_CMAP, vmin=0, vmax=top, aspect="auto")
    n_rows, n_cols = counts.shape
    for i in range(n_rows):  # 16 cells: text and borders (not a loop over customers)
        for j in range(n_cols):
            dark = counts[i, j] > 0.55 * top
            text = f"{int(counts[i, j]):,}"
            if show_revenue and not np.isnan(revenue[i, j]):
                text += "\n" + t("mx.revenue", lang, value=format_amount(revenue[i, j], lang))
            ax.text(j, i + 0.05, text, ha="center", va="center", fontsize=10, linespacing=1.5,
                    color="white" if dark else "#222222")
            _draw_borders(ax, tiers, i, j)
    seen: list = []
    for i in range(n_rows):
        for j in range(n_cols):
            tier = _tier_of(tiers[i, j])
            if tier != "none" and tier not in seen:
                seen.append(tier)
                ax.text(j - 0.5 + _INSET + 0.03, i - 0.5 + _INSET + 0.03, tier_label(tier, lang), ha="left",
                        va="top", fontsize=7, color="white" if tier in (1, 2) else "#222222",
                        bbox={"boxstyle": "round,pad=0.25", "facecolor": TIER_COLORS[tier], "edgecolor": "none"})
    ax.set_xticks(range(n_cols), [value_label("relationship", r, lang) for r in RELATIONSHIPS])
    ax.set_yticks(range(n_rows), [value_label("level", lv, lang) for lv in list(LEVELS)[::-1]])
    ax.set_xlabel(column_label("customers", "relationship", lang))
    ax.set_ylabel(column_label("customers", "level", lang))
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [Patch(facecolor=TIER_COLORS[k], label=tier_label(k, lang)) for k in (*range(1, 6), "none")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    ax.set_title(t("cu.chart.matrix", lang))
    return ax


def _draw_borders(ax, tiers: np.ndarray, i: int, j: int) -> None:
    """Outline cell (i, j) where its neighbour belongs to another tier (or the grid ends)."""
    tier = _tier_of(tiers[i, j])
    if tier == "none":
        return
    n_rows, n_cols = tiers.shape
    lo, hi = -0.5 + _INSET, 0.5 - _INSET
    sides = {(-1, 0): ([j + lo, j + hi], [i + lo, i + lo]), (1, 0): ([j + lo, j + hi], [i + hi, i + hi]),
             (0, -1): ([j + lo, j + lo], [i + lo, i + hi]), (0, 1): ([j + hi, j + hi], [i + lo, i + hi])}
    for (di, dj), (xs, ys) in sides.items():
        ni, nj = i + di, j + dj
        inside = 0 <= ni < n_rows and 0 <= nj < n_cols
        if not inside or _tier_of(tiers[ni, nj]) != tier:
            ax.plot(xs, ys, color=TIER_COLORS[tier], lw=4, solid_capstyle="projecting")


def _bars_by_owner(ax, owners, stacks, totals, *, lang: str, xlabel: str, title: str, ncols: int):
    """Horizontal stacked bars, one per rep (``stacks``: (values, colour, label) each), the total at the end of
    each bar, the first rep on top, the legend above the chart."""
    y = np.arange(len(owners))
    left = np.zeros(len(owners))
    for values, color, label in stacks:
        ax.barh(y, values, left=left, color=color, label=label, edgecolor="white", linewidth=0.5)
        left += values
    for yi, total in zip(y, totals):
        ax.annotate(f"{int(total):,}", (total, yi), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=8)
    ax.set_yticks(y, [owner_label(o, lang) for o in owners])
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(totals.max()), 1) * 1.12)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(t("col.owner", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower left", fontsize=8, ncols=ncols, bbox_to_anchor=(0.0, 1.0))
    ax.set_title(title, loc="left", pad=24)
    return ax


def plot_assets_by_owner(table: pd.DataFrame, *, top: int | None = None, lang: str = "zh", ax=None):
    """Stacked bars of the customer assets (tiers 1-3) per rep, in the table's order.

    ``table`` is :func:`workbook.customers.matrix.assets_by_owner` output (owner as index or column); the
    total of assets is written at the end of each bar; ``top`` keeps the first reps only.
    """
    check_lang(lang)
    data = table.set_index("owner") if "owner" in table.columns else table
    data = data.head(top) if top else data
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.32 * len(data) + 1.4))
    stacks = [(data[key].to_numpy(dtype=float), TIER_COLORS[int(key)], tier_label(int(key), lang))
              for key in rules.TIER_KEYS[:3]]
    return _bars_by_owner(ax, data.index, stacks, data["assets"], lang=lang, xlabel=t("cu.axis.assets", lang),
                          title=t("cu.chart.owners", lang), ncols=3)


def plot_tiers(summary: pd.DataFrame, *, lang: str = "zh", ax=None):
    """Customers per tier (:func:`workbook.customers.matrix.tier_summary`), each bar in its tier colour."""
    check_lang(lang)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    x = np.arange(len(summary))
    colors = [TIER_COLORS[k if k == "none" else int(k)] for k in summary["tier"]]
    bars = ax.bar(x, summary["customers"], color=colors, edgecolor="#B0B0B0", linewidth=0.5)
    for bar, n, share in zip(bars, summary["customers"], summary["share"]):
        ax.annotate(f"{int(n):,}\n{share:.1%}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize=8)
    # long tier names ("五级：富余精力服务") break onto a second line instead of overlapping
    labels = [tier_label(k if k == "none" else int(k), lang) for k in summary["tier"]]
    ax.set_xticks(x, [label.replace("：", "：\n").replace(": ", ":\n") for label in labels])
    ax.set_ylim(0, max(float(summary["customers"].max()), 1) * 1.25)
    ax.set_ylabel(t("cu.axis.customers", lang))
    ax.set_title(t("cu.chart.tiers", lang))
    ax.grid(axis="x", visible=False)
    return ax


def plot_next(table: pd.DataFrame, *, top: int | None = 20, lang: str = "zh", ax=None):
    """Stacked bars of the customers each rep should work next, by main reason, the busiest rep on top.

    ``table`` is :func:`workbook.customers.nextlist.reasons_by_rep` output (``owner``, one column per reason,
    ``customers``); ``top`` keeps the first reps only.
    """
    check_lang(lang)
    data = table.head(top) if top else table
    reasons = [col for col in data.columns if col not in ("owner", "customers")]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.32 * len(data) + 1.4))
    stacks = [(data[reason].to_numpy(dtype=float), PALETTE[[4, 3, 1, 2][i % 4]], t(f"vocab.next_reason.{reason}", lang))
              for i, reason in enumerate(reasons)]
    return _bars_by_owner(ax, data["owner"], stacks, data["customers"], lang=lang, xlabel=t("cu.axis.next", lang),
                          title=t("cu.chart.next", lang), ncols=4)


def plot_tier_outcomes(outcomes: pd.DataFrame, *, ranks: bool | None = None, lang: str = "zh", ax=None):
    """Win rate after the tier date per tier (:func:`workbook.customers.tiers.tier_outcomes`), the closed deals
    (n) over each bar; the title says whether the tiers rank outcomes (``ranks``; None: not tested)."""
    check_lang(lang)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    data = outcomes[outcomes["tier"] != "none"]
    x = np.arange(len(data))
    closed = (data["won"] + data["lost"]).to_numpy(dtype=int)
    rates = data["win_rate"].fillna(0.0).to_numpy(dtype=float)
    bars = ax.bar(x, rates, color=[TIER_COLORS[int(k)] for k in data["tier"]], edgecolor="#B0B0B0", linewidth=0.5)
    for bar, rate, n in zip(bars, data["win_rate"], closed):
        text = "—" if pd.isna(rate) else f"{rate:.1%}\nn = {n:,}"
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8)
    labels = [tier_label(int(k), lang) for k in data["tier"]]
    ax.set_xticks(x, [label.replace("：", "：\n").replace(": ", ":\n") for label in labels])
    ax.set_ylim(0, max(float(rates.max()) if len(rates) else 0.0, 0.01) * 1.3)
    ax.yaxis.set_major_formatter(SpacedFormatter(percent=True))
    ax.set_ylabel(t("cu.axis.win_rate", lang))
    key = {True: "cu.chart.tier_outcomes_rank", False: "cu.chart.tier_outcomes_no_rank"}.get(ranks,
                                                                                          "cu.chart.tier_outcomes")
    ax.set_title(t(key, lang))
    ax.grid(axis="x", visible=False)
    return ax
