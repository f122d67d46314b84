"""Axis ticks every chart shares: labels that never repeat, count axes from 0, month axes by month.

A fixed format ("{:,.0f}", "0%") prints ticks closer together than its last digit as the same label:
a flat series of 6 leads autoscales to 5.94 ... 6.06 and every tick reads "6". :class:`SpacedFormatter`
gives each axis as many decimals as its tick spacing needs (and no more); :func:`count_axis` starts a count
at 0 with whole-number ticks; :func:`month_axis` puts one tick per month (fewer when there are many), labelled
as the kit writes months (``2025年1月`` / ``Jan 2025``), so daily dates never crowd the axis.

>>> SpacedFormatter().format_ticks([5.98, 5.99, 6.0, 6.01])
['5.98', '5.99', '6.00', '6.01']
>>> SpacedFormatter(percent=True).format_ticks([0.0, 0.25, 0.5])
['0%', '25%', '50%']
"""
from __future__ import annotations

import math

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axis import Axis
from matplotlib.ticker import FixedLocator, Formatter, MaxNLocator

from workbook.core.formats import value_text

__all__ = ["SpacedFormatter", "count_axis", "month_axis"]

MAX_MONTH_TICKS = 8  # month labels that fit under a report-wide chart side by side


class SpacedFormatter(Formatter):
    """Tick labels with thousands separators and the fewest decimals that keep neighbouring ticks distinct.

    Parameters
    ----------
    scale : float
        Each tick is divided by it first (1e4: 万元 from yuan).
    percent : bool
        Print the tick x 100 with a ``%`` sign (shares held as 0-1).
    decimals : int
        The fewest decimals shown (more only when the spacing needs them, at most 6).

    Examples
    --------
    >>> SpacedFormatter(scale=1e4).format_ticks([0, 2000, 4000])
    ['0.0', '0.2', '0.4']
    >>> SpacedFormatter(percent=True).format_ticks([0.0, 0.002, 0.004])
    ['0.0%', '0.2%', '0.4%']
    """

    def __init__(self, *, scale: float = 1.0, percent: bool = False, decimals: int = 0) -> None:
        self.scale = scale * (0.01 if percent else 1.0)
        self.suffix = "%" if percent else ""
        self.least = decimals
        self.decimals = decimals

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        values = np.unique(np.asarray(locs, dtype=float) / self.scale)
        self.decimals = self.least
        if len(values) < 2:
            return
        # the fewest decimals that print every tick as it is (0.25 apart: "0.25", never "0.2")
        tolerance = float(np.min(np.diff(values))) * 1e-3
        while self.decimals < 6 and (np.abs(np.round(values, self.decimals) - values) > tolerance).any():
            self.decimals += 1

    def _text(self, value: float) -> str:
        text = f"{value:,.{self.decimals}f}"
        return ("0" + text[2:] if text.startswith("-0") and float(text.replace(",", "")) == 0 else text) + self.suffix

    def __call__(self, x, pos=None) -> str:
        return self._text(float(x) / self.scale)


def count_axis(axis: Axis, top: float | None = None, *, scale: float = 1.0) -> None:
    """A count axis: from 0, whole-number ticks, distinct labels, and room above a flat or empty series.

    ``top`` is the largest value drawn (the axis's own data limit when None); the axis ends 15% above it, at
    least at 1, so a constant series sits inside a sane range instead of a band 0.1 wide.
    """
    ax = axis.axes
    y = axis is ax.yaxis
    if top is None:
        top = float(ax.dataLim.y1 if y else ax.dataLim.x1)
    top = max(float(top) if np.isfinite(top) else 0.0, 0.0)
    (ax.set_ylim if y else ax.set_xlim)(0, max(top * 1.15, 1.0))
    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=3))
    axis.set_major_formatter(SpacedFormatter(scale=scale))


def month_axis(axis: Axis, months, *, lang: str) -> None:
    """Month ticks for a series drawn against month-start dates: one tick per month from the first (every 2nd,
    3rd, ... when more than :data:`MAX_MONTH_TICKS` months), each labelled as the kit writes a month, half a
    month of room either side so the first and last month stand clear of the frame."""
    stamps = pd.to_datetime(pd.Series(months)).dropna()
    if stamps.empty:
        return
    first, last = stamps.min(), stamps.max()
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    step = max(1, math.ceil(count / MAX_MONTH_TICKS))
    ticks = pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS")[::step]
    axis.set_major_locator(FixedLocator(mdates.date2num(ticks)))
    axis.set_major_formatter(lambda x, _pos: value_text(pd.Timestamp(mdates.num2date(x)).tz_localize(None),
                                                        "month", lang))
    low, high = mdates.date2num(first - pd.Timedelta(days=15)), mdates.date2num(last + pd.Timedelta(days=15))
    (axis.axes.set_xlim if axis is axis.axes.xaxis else axis.axes.set_ylim)(low, high)
