"""Charts of the customer inventory: profile bars, completeness, the two ladders drawn as funnels.

Each ``plot_*`` takes the output of an :mod:`workbook.inventory` function, draws only through ``ax``
and returns it; no business number is computed here. Apply :func:`workbook.theme.apply_theme` first.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from workbook.i18n import check_lang, t
from workbook.inventory import MISSING
from workbook.theme import PALETTE

__all__ = ["plot_profile", "plot_profile_grid", "plot_completeness", "plot_ladder"]

_GREY = PALETTE[7]


def _bar_labels(ax, bars, counts, shares) -> None:
    for bar, n, share in zip(bars, counts, shares):
        ax.annotate(f"{int(n):,} ({share:.0%})", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)


def plot_profile(profile: pd.DataFrame, *, dimension: str, top: int = 10, lang: str = "zh", ax=None):
    """Horizontal bars of customers per value of one dimension of :func:`~workbook.inventory.profile_counts`.

    Parameters
    ----------
    profile : DataFrame
        :func:`workbook.inventory.profile_counts` output.
    dimension : str
        Which dimension to draw (e.g. ``"industry"``).
    top : int
        Most frequent values shown (bands always all); "not given" is drawn in grey.
    lang : {"zh", "en"}
    ax : Axes, optional

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
    ax.set_yticks(y, data["label"])
    ax.invert_yaxis()
    _bar_labels(ax, bars, data["customers"], data["share"])
    ax.set_xlim(0, data["customers"].max() * 1.35)
    ax.set_title(data["dimension_label"].iloc[0])
    ax.set_xlabel(t("inv.customers", lang))
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    return ax


def plot_profile_grid(profile: pd.DataFrame, *, lang: str = "zh", ncols: int = 4):
    """Every dimension of the profile in one figure (one panel each); returns the array of Axes."""
    dims = list(dict.fromkeys(profile["dimension"]))
    nrows = -(-len(dims) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.4 * nrows), squeeze=False)
    for ax, dim in zip(axes.flat, dims):
        plot_profile(profile, dimension=dim, lang=lang, ax=ax)
        ax.set_xlabel("")
    for ax in axes.flat[len(dims):]:
        ax.set_visible(False)
    fig.suptitle(t("inv.chart.profile", lang), y=1.0)
    fig.tight_layout()
    return axes


def plot_completeness(fill: pd.DataFrame, *, lang: str = "zh", ax=None):
    """Fill rate per profile field (:func:`workbook.inventory.fill_rates`), least filled highlighted."""
    check_lang(lang)
    data = fill.sort_values("fill_rate")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.35 * len(data) + 1.2))
    colors = [PALETTE[4] if r < 0.9 else PALETTE[1] for r in data["fill_rate"]]
    y = np.arange(len(data))
    bars = ax.barh(y, data["fill_rate"], color=colors)
    for bar, rate in zip(bars, data["fill_rate"]):
        ax.annotate(f"{rate:.0%}", (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, data["label"])
    ax.set_xlim(0, 1.12)
    ax.axvline(1.0, color=_GREY, lw=0.8, ls="--")
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel(t("inv.fill_rate", lang))
    ax.set_title(t("inv.chart.completeness", lang))
    ax.grid(axis="y", visible=False)
    return ax


def plot_ladder(ladder: pd.DataFrame, *, kind: str = "level", lang: str = "zh", ax=None):
    """A ladder of :func:`workbook.inventory.ladder` as a funnel: one centred bar per rung, lowest rung on top.

    Each bar is labelled with its customers and share (inside, or beside a narrow bar); bars darken up
    the ladder; the rungs are the y tick labels.
    """
    check_lang(lang)
    if kind not in ("level", "relationship"):
        raise ValueError(f"kind must be one of level, relationship, got {kind!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.6))
    colors = sns.light_palette(PALETTE[0] if kind == "level" else PALETTE[1], n_colors=len(ladder) + 1)[1:]
    widest = max(int(ladder["customers"].max()), 1)
    y = np.arange(len(ladder))
    width = ladder["customers"].to_numpy(dtype=float)
    ax.barh(y, width, left=-width / 2, color=colors, height=0.8, edgecolor="white")
    for i, (n, share) in enumerate(zip(ladder["customers"], ladder["share"])):
        inside = n > widest * 0.3  # else written beside the bar
        ax.text(0 if inside else n / 2 + widest * 0.02, i, f"{int(n):,}  ({share:.0%})", va="center", fontsize=10,
                ha="center" if inside else "left", color="white" if inside and i >= len(ladder) / 2 else "#222222")
    ax.set_yticks(y, ladder["label"])
    ax.invert_yaxis()
    ax.set_xlim(-widest * 0.6, widest * 0.6)
    ax.set_xticks([])
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(t("inv.chart.level_funnel" if kind == "level" else "inv.chart.relationship_funnel", lang))
    return ax
