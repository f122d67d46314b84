"""Small rules every analysis shares, each defined once: ratios, presence, booleans, tiers, the as-of date.

>>> ratio(3, 4), ratio(1, 0)
(0.75, nan)
>>> ratio(np.array([1, 2]), np.array([2, 0])).tolist()
[0.5, nan]
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from workbook.core import columns as c

__all__ = ["MONTH_DAYS", "TIER_KEYS", "ASSET_TIERS", "GAP_SHARE", "ratio", "has", "as_bool", "tier_key",
           "DATED_COLUMNS", "latest_date", "last_event", "as_of_date", "analysis_period", "after_last_event",
           "twelve_months", "average_won_deal"]

MONTH_DAYS = 365.25 / 12  # days in an average month: contacts "per month", cohorts, cycle lengths
TIER_KEYS = ("1", "2", "3", "4", "5", "none")  # the five tiers as text keys, "none": not in the matrix
ASSET_TIERS = (1, 2, 3)  # customer assets: the tiers whose neglect matters most
GAP_SHARE = 0.5  # the share of a like-for-like gap an action is assumed to close in 12 months (conservative)
# the dated columns of the client's data, in the order their latest date is looked for
DATED_COLUMNS = ((c.ACTIVITIES, c.DATE), (c.LEADS, c.CREATED_DATE), (c.OPPORTUNITIES, c.CLOSE_DATE),
                 (c.OPPORTUNITIES, c.CREATED_DATE))


def ratio(num, den):
    """``num / den``; where the denominator is zero, negative or missing the ratio is undefined: NaN.

    Works on scalars (returns a float) and arrays or Series (returns an array). NaN is recorded
    as ``null`` in metrics.json and shown as "–" in reports.

    >>> ratio(pd.Series([2, 0, 3]), pd.Series([4, 0, np.nan])).tolist()
    [0.5, nan, nan]
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    ok = den > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(ok, num / np.where(ok, den, 1.0), np.nan)
    return float(out) if out.ndim == 0 else out


def has(frame: pd.DataFrame | None, *cols: str) -> bool:
    """Whether ``frame`` exists and each of ``cols`` holds at least one value.

    >>> has(pd.DataFrame({"a": [1, None], "b": [None, None]}), "a"), has(None, "a")
    (True, False)
    >>> has(pd.DataFrame({"a": [1, None], "b": [None, None]}), "a", "b")
    False
    """
    return frame is not None and all(col in frame and bool(frame[col].notna().any()) for col in cols)


def as_bool(series: pd.Series) -> np.ndarray:
    """A boolean column as a numpy array, missing values read as False.

    >>> as_bool(pd.Series([True, None, False], dtype="boolean")).tolist()
    [True, False, False]
    """
    return series.fillna(False).to_numpy(dtype=bool)


def tier_key(values: pd.Series) -> pd.Series:
    """Tiers as text keys ``"1"`` .. ``"5"``, ``"none"`` for customers outside the matrix.

    >>> tier_key(pd.Series([2, None])).tolist()
    ['2', 'none']
    """
    return values.astype("Int64").astype("string").fillna("none")


def _dates(tables: Mapping[str, pd.DataFrame | None], *, cutoff=None) -> list[pd.Series]:
    """The dates of the events that happened (:func:`last_event`), each column's dates up to its end."""
    end = last_event(tables, cutoff=cutoff)
    out = []
    for name, col in DATED_COLUMNS:
        dates = _event_dates(tables, name, col)
        if dates is not None and end is not None:
            dates = dates[dates <= end]
        if dates is not None and len(dates):
            out.append(dates)
    return out


def _event_dates(tables: Mapping[str, pd.DataFrame | None], name: str, col: str) -> pd.Series | None:
    """A dated column's dates of actual events: an open deal's close date is expected, not an event."""
    frame = tables.get(name)
    if frame is None or not has(frame, col):
        return None
    dates = frame[col]
    if (name, col) == (c.OPPORTUNITIES, c.CLOSE_DATE) and c.STATUS in frame:
        dates = dates[frame[c.STATUS].astype("string").ne("open").fillna(True).to_numpy(dtype=bool)]
    return dates.dropna()


def last_event(tables: Mapping[str, pd.DataFrame | None], *, cutoff=None) -> pd.Timestamp | None:
    """The day of the last event that happened, None when nothing is dated.

    The CRM writes a record's creation (a lead, a deal) and a deal's closing only when they happen, so the latest
    of them is the day of the export; an activity after it is scheduled, an open deal's close date is expected,
    and neither moves it. Without leads or deals, the latest activity. Nothing after ``cutoff`` (the report date,
    else today) has happened.

    >>> opps = pd.DataFrame({"created_date": pd.to_datetime(["2020-09-01", "2020-09-10"]),
    ...                      "close_date": pd.to_datetime(["2020-09-20", "2020-12-31"]), "status": ["won", "open"]})
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2020-09-15", "2020-11-02"])})  # 2020-11-02: scheduled
    >>> last_event({"opportunities": opps, "activities": acts}, cutoff="2026-01-01")
    Timestamp('2020-09-20 00:00:00')
    >>> last_event({"activities": acts}, cutoff="2026-01-01")
    Timestamp('2020-11-02 00:00:00')
    """
    cutoff = pd.Timestamp(cutoff if cutoff is not None else pd.Timestamp.today()).normalize()
    recorded = [d[d <= cutoff] for name, col in DATED_COLUMNS if name != c.ACTIVITIES
                for d in [_event_dates(tables, name, col)] if d is not None]
    recorded = [d for d in recorded if len(d)]
    if recorded:
        return pd.Timestamp(max(d.max() for d in recorded)).normalize()
    acts = _event_dates(tables, c.ACTIVITIES, c.DATE)
    acts = acts[acts <= cutoff] if acts is not None else None
    return pd.Timestamp(acts.max()).normalize() if acts is not None and len(acts) else None


def latest_date(tables: Mapping[str, pd.DataFrame | None], *, cutoff=None) -> pd.Timestamp | None:
    """The latest date of an actual event in the client's dated columns (:func:`last_event`), None when none."""
    return last_event(tables, cutoff=cutoff)


def as_of_date(config, tables: Mapping[str, pd.DataFrame | None] | None = None) -> pd.Timestamp:
    """The one "as of" date of an analysis: recency, open deals and overdue payments are measured at it.

    ``config.period.end`` when the engagement sets a period; else the day of the last actual event in the
    client's data (:func:`last_event`: scheduled activities and expected close dates do not move it); else today
    (a client with no dated row at all).

    >>> from workbook.core.config import ClientConfig
    >>> as_of_date(ClientConfig(client_name="X", period={"start": "2025-01-01", "end": "2025-06-30"}))
    Timestamp('2025-06-30 00:00:00')
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2025-03-01", "2025-04-02"])})
    >>> as_of_date(ClientConfig(client_name="X"), {"activities": acts})
    Timestamp('2025-04-02 00:00:00')
    """
    if config.period is not None:
        return pd.Timestamp(config.period.end)
    latest = last_event(tables or {}, cutoff=config.report_date)
    return latest if latest is not None else pd.Timestamp.today().normalize()


def analysis_period(config, tables: Mapping[str, pd.DataFrame | None] | None = None
                    ) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``(start, end)`` of the analysis: ``config.period``, else from the first dated event to the last actual
    one (:func:`last_event`).

    ``(None, None)`` when there is neither. The end is :func:`as_of_date` whenever data are dated.

    >>> from workbook.core.config import ClientConfig
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2025-03-01", "2025-04-02"])})
    >>> analysis_period(ClientConfig(client_name="X"), {"activities": acts})
    (Timestamp('2025-03-01 00:00:00'), Timestamp('2025-04-02 00:00:00'))
    >>> analysis_period(ClientConfig(client_name="X"))
    (None, None)
    """
    if config.period is not None:
        return pd.Timestamp(config.period.start), pd.Timestamp(config.period.end)
    dates = _dates(tables or {}, cutoff=config.report_date)
    if not dates:
        return None, None
    return pd.Timestamp(min(s.min() for s in dates)).normalize(), pd.Timestamp(max(s.max() for s in dates)).normalize()


def after_last_event(tables: Mapping[str, pd.DataFrame | None], config) -> dict[tuple[str, str], pd.Series]:
    """The rows dated after the last actual event (:func:`last_event`) that :func:`analysis_period` leaves out of
    its end: scheduled activities, expected close dates of open deals, anything after the report date or today.
    ``{(table, column): mask}`` for the columns with such rows; empty when ``config.period`` is set.
    """
    if config.period is not None:
        return {}
    end = last_event(tables, cutoff=config.report_date)
    if end is None:
        return {}
    out = {}
    for name, col in DATED_COLUMNS:
        frame = tables.get(name)
        if frame is None or not has(frame, col):
            continue
        later = (frame[col] > end).fillna(False).to_numpy(dtype=bool)
        if later.any():
            out[(name, col)] = pd.Series(later, index=frame.index)
    return out


def twelve_months(end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The 12 months up to ``end`` (both ends included), the window every run-rate and action value is read from.

    >>> [str(d.date()) for d in twelve_months("2025-12-31")]
    ['2025-01-01', '2025-12-31']
    """
    end = pd.Timestamp(end)
    return end - pd.DateOffset(years=1) + pd.Timedelta(days=1), end


def average_won_deal(opportunities: pd.DataFrame | None, *, end) -> float | None:
    """The average won deal every action value uses: the mean amount of the deals won (closed) in the 12 months
    up to ``end``; None without one.

    >>> opps = pd.DataFrame({"status": ["won", "won", "lost", "won"], "amount": [100.0, 300.0, 50.0, 900.0],
    ...                      "close_date": pd.to_datetime(["2025-03-01", "2025-06-01", "2025-06-01", "2024-06-01"])})
    >>> average_won_deal(opps, end="2025-12-31")  # (100 + 300) / 2: the 2024 win is outside the 12 months
    200.0
    """
    if not has(opportunities, c.STATUS, c.AMOUNT, c.CLOSE_DATE):
        return None
    start, end = twelve_months(end)
    won = opportunities[c.STATUS].astype("string").eq("won").to_numpy(dtype=bool, na_value=False)
    dates = opportunities[c.CLOSE_DATE]
    inside = (dates.ge(start) & dates.le(end)).to_numpy(dtype=bool, na_value=False)
    amounts = pd.to_numeric(opportunities.loc[won & inside, c.AMOUNT], errors="coerce").dropna()
    return float(amounts.mean()) if len(amounts) else None
