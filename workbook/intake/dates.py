"""Date cells as CRMs export them -> calendar dates, with what the reading had to assume.

:func:`read_dates` reads one column of raw cells (text from CSV, or Excel-typed objects) and returns a
:class:`DateColumn`: the dates, the cells that are no date, the placeholders that mean "no date", and what the
column left open (the order of day and month, the time zone of an offset).

- ISO text, ``YYYY/M/D``, Chinese dates, Excel serials and Excel date cells are read as before.
- ``dd.mm.yyyy``, ``dd/mm/yyyy`` and ``mm/dd/yyyy`` (with or without a time): the column decides the order of
  day and month. A first number above 12 makes the column day-first, a second above 12 month-first; when no cell
  settles it, ``/`` is read month-first and ``.`` or ``-`` day-first, and the cells are :attr:`DateColumn.ambiguous`.
- A date with a UTC offset or zone (``2020-09-10T09:20:25+03:00``, ``...Z``) is converted to the client's time
  zone (an IANA name), else to the column's most common offset, and made naive.
- Placeholders (a year of 1900 or before, 2999 or after, Excel's ``1900-01-00`` or serial 0) are no date.

>>> col = read_dates(pd.Series(["25.03.2024", "01.02.2024 10:30", "31.12.3999", "", "soon"]))
>>> [str(d.date()) if pd.notna(d) else None for d in col.values]
['2024-03-25', '2024-02-01', None, None, None]
>>> col.bad.tolist(), col.placeholder.tolist(), col.order
([False, False, False, False, True], [False, False, True, False, False], 'day_first')
>>> col = read_dates(pd.Series(["2020-09-10T23:20:25+03:00", "2020-09-10T20:30:00Z"]))
>>> [str(d) for d in col.values], col.offset
(['2020-09-10 23:20:25', '2020-09-10 23:30:00'], 'UTC+03:00')
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

DATE_FORMATS = ("%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d", "%Y%m%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# serials between 1930-01-01 and 2100-01-01: anything else is not a plausible business date
SERIAL_RANGE = (10958, 73051)
# years that stand for "no date": a system's empty default (1900-01-01, 1899-12-31) or its "never" (31.12.3999)
PLACEHOLDER_UNTIL, PLACEHOLDER_FROM = 1900, 2999
# Excel's day zero as text, and the serial 0 it stands for
_EXCEL_ZERO = re.compile(r"^(?:1900-01-00|00[./]01[./]1900|0(?:\.0+)?)(?:[ T].*)?$")
# d.m.yyyy, d/m/yyyy, m/d/yyyy or d-m-yyyy, with an optional time
_DMY = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$")
# a time followed by a UTC offset or zone: ...T09:20:25+03:00, ... 09:20+0300, ...Z
_OFFSET = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE)
NS = "datetime64[ns]"
DISTINCT_FROM = 1000  # cells from which a text column is read once per distinct cell
_ENDS_OFFSET = r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$"  # a cheap first look before :data:`_OFFSET`
_LOOKS_DMY = r"\d{1,2}[./-]\d{1,2}[./-]\d{4}"  # a cheap first look before :data:`_DMY`


@dataclass(frozen=True)
class DateColumn:
    """One column of date cells as read.

    ``values``: naive dates (NaT where empty, bad or a placeholder); ``bad``: non-empty cells that are no date;
    ``placeholder``: cells that stand for "no date"; ``order``: ``day_first`` or ``month_first`` when cells wrote
    day and month as numbers, else None; ``ambiguous``: those cells when no cell settled the order (read as
    ``order``); ``offset``: the zone or offset dates with an offset were converted to (None when none had one).
    """

    values: pd.Series
    bad: pd.Series
    placeholder: pd.Series
    order: str | None = None
    ambiguous: pd.Series | None = None
    offset: str | None = None


def _empty(raw: pd.Series) -> pd.Series:
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        return (raw.isna() | (raw.astype("string").str.strip() == "")).fillna(True).astype(bool)
    return raw.isna()


def _placeholder_years(values: pd.Series) -> pd.Series:
    years = values.dt.year
    return ((years <= PLACEHOLDER_UNTIL) | (years >= PLACEHOLDER_FROM)).fillna(False).astype(bool)


def _fits(values: pd.Series) -> pd.Series:
    """Dates (any resolution) as nanosecond dates; a date nanoseconds cannot hold becomes NaT."""
    if values.dtype == NS:
        return values
    inside = values.notna() & (values.dt.year > 1677) & (values.dt.year < 2262)
    return values.where(inside).astype(NS)


def offset_name(token: str) -> str:
    """A written offset as ``UTC+03:00`` (``Z`` is ``UTC+00:00``).

    >>> [offset_name(t) for t in ("+03:00", "+0300", "-05", "Z")]
    ['UTC+03:00', 'UTC+03:00', 'UTC-05:00', 'UTC+00:00']
    """
    token = token.upper()
    if token == "Z":
        return "UTC+00:00"
    digits = token[1:].replace(":", "")
    return f"UTC{token[0]}{digits[:2]}:{(digits[2:] or '00')[:2]}"


def _zone(name: str):
    """A zone for :meth:`Series.dt.tz_convert` from an IANA name or ``UTC+hh:mm``."""
    if name.startswith("UTC") and len(name) == 9:
        sign = 1 if name[3] == "+" else -1
        return dt.timezone(sign * dt.timedelta(hours=int(name[4:6]), minutes=int(name[7:9])))
    return ZoneInfo(name)


def common_offset(cells: pd.Series) -> str | None:
    """The most common UTC offset written in ``cells`` (``UTC+03:00``), None when no cell has one.

    >>> common_offset(pd.Series(["2020-09-10T09:20:25+03:00", "2020-09-11T10:00:00+03:00", "2020-09-12Z", None]))
    'UTC+03:00'
    """
    counts = cells.astype("string").str.strip().value_counts(sort=False)  # each distinct cell once, as first seen
    found = counts.index.to_series().str.extract(_OFFSET, expand=False)
    found = found[found.notna()]
    if found.empty:
        return None
    weights = pd.Series(counts[found.index].to_numpy(), index=found.map(offset_name).to_numpy())
    return weights.groupby(level=0, sort=False).sum().sort_values(ascending=False, kind="stable").index[0]


def _with_offset(text: pd.Series, zone: str | None) -> tuple[pd.Series, str | None]:
    """Cells with an offset as naive dates in ``zone`` (else their most common offset); NaT where unreadable."""
    zone = zone or common_offset(text)
    parsed = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
    if parsed.isna().any():  # "2020-09-10 09:20:25 +0300" and other spellings the ISO reader refuses
        rest = parsed.isna()
        parsed[rest] = pd.to_datetime(text[rest].str.replace(r"\s+(?=[+-]\d{2}:?\d{2}$)", "", regex=True),
                                      utc=True, errors="coerce", format="mixed")
    return parsed.dt.tz_convert(_zone(zone)).dt.tz_localize(None), zone


def _day_month(parts: pd.DataFrame, order: str | None) -> tuple[pd.Series, pd.Series, str, bool]:
    """Dates from ``_DMY`` parts read in ``order`` (None: the column's own); returns the dates (NaT where no
    date or a placeholder), the placeholders (a year of 1900 or before, 2999 or after), the order and whether no
    cell settled it."""
    parts = parts.copy()
    for col in (0, 2, 3, 4, 5, 6):
        parts[col] = pd.to_numeric(parts[col]).fillna(0).astype("int64")
    first, second = parts[0], parts[2]
    unsettled = False
    if order is None:
        day_first, month_first = bool((first > 12).any()), bool((second > 12).any())
        if day_first != month_first:
            order = "day_first" if day_first else "month_first"
        else:  # no cell settles it (or cells contradict each other: those read the other way are bad)
            order = "month_first" if (parts[1] == "/").mean() >= 0.5 else "day_first"
            unsettled = not day_first and not bool((first == second).all())
    day, month = (first, second) if order == "day_first" else (second, first)
    held = (parts[3] <= PLACEHOLDER_UNTIL) | (parts[3] >= PLACEHOLDER_FROM)
    frame = pd.DataFrame({"year": parts[3].where(~held, 2000), "month": month, "day": day, "hour": parts[4],
                          "minute": parts[5], "second": parts[6]})
    values = pd.to_datetime(frame, errors="coerce").astype(NS).mask(held)
    return values, held, order, unsettled


def read_dates(raw: pd.Series, *, fmt: str | None = None, zone: str | None = None,
               order: str | None = None) -> DateColumn:
    """Read a column of date cells (see the module's rules).

    ``fmt``: an explicit strftime format, which wins over every inference; ``zone``: the client's IANA time zone
    for dates written with an offset; ``order``: ``day_first`` or ``month_first`` to read d/m cells so.
    A long column of text is read one distinct cell at a time (a CRM's dates repeat).
    """
    if len(raw) >= DISTINCT_FROM and (raw.dtype == object or pd.api.types.is_string_dtype(raw)):
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        if len(uniques) <= len(raw) // 2:
            once = _read_dates(pd.Series(uniques, dtype=object), fmt=fmt, order=order,
                               zone=zone if zone is not None or fmt else common_offset(raw))
            return DateColumn(*(_spread(part, codes, raw.index) for part in (once.values, once.bad, once.placeholder)),
                              once.order, _spread(once.ambiguous, codes, raw.index), once.offset)
    return _read_dates(raw, fmt=fmt, zone=zone, order=order)


def _spread(part: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A result read once per distinct cell, given back to every cell (a missing cell: NaT or False)."""
    filler = pd.Series([pd.NaT if part.dtype == NS else False], dtype=part.dtype)
    values = pd.concat([part, filler], ignore_index=True).to_numpy()[codes]  # code -1 takes the filler
    return pd.Series(values, index=index, dtype=part.dtype)


def _read_dates(raw: pd.Series, *, fmt: str | None, zone: str | None, order: str | None) -> DateColumn:
    empty = _empty(raw)
    false = pd.Series(False, index=raw.index)
    out = pd.Series(pd.NaT, index=raw.index, dtype=NS)
    placeholder = false.copy()
    if pd.api.types.is_datetime64_any_dtype(raw):
        values = raw
        if getattr(raw.dt, "tz", None) is not None:
            values = raw.dt.tz_convert(_zone(zone) if zone else raw.dt.tz).dt.tz_localize(None)
        placeholder = _placeholder_years(values)
        return DateColumn(_fits(values.mask(placeholder)), false, placeholder)
    todo = ~empty
    if raw.dtype == object:
        is_dt = raw.map(lambda v: isinstance(v, (dt.date, dt.datetime, pd.Timestamp))).astype(bool)
        if is_dt.any():
            cells = pd.to_datetime(raw[is_dt].astype(object), errors="coerce", utc=True).dt.tz_localize(None)
            found = _placeholder_years(cells)
            placeholder[found[found].index] = True
            out[is_dt] = _fits(cells.mask(found))
            todo &= ~(is_dt & (out.notna() | placeholder))  # a date no nanosecond can hold stays to be named
        is_num = raw.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)).astype(bool)
        if is_num.any():
            numbers = pd.to_numeric(raw[is_num & todo], errors="coerce")
            zero = numbers == 0
            placeholder[zero[zero].index] = True
            out[is_num & todo] = _serials(numbers)
            todo &= ~(is_num & (out.notna() | placeholder))
    text = raw.astype("string").str.strip()
    zero = (todo & text.str.fullmatch(_EXCEL_ZERO.pattern).fillna(False)).astype(bool)
    placeholder |= zero
    todo &= ~zero
    offset = None
    has_offset = false if fmt else (todo & text.str.contains(_ENDS_OFFSET, regex=True).fillna(False)).astype(bool)
    if has_offset.any():
        has_offset[has_offset] = text[has_offset].str.extract(_OFFSET, expand=False).notna().to_numpy()
    if has_offset.any():
        values, offset = _with_offset(text[has_offset], zone)
        found = _placeholder_years(values)
        placeholder[found[found].index] = True
        out[has_offset] = _fits(values.mask(found))
        todo &= ~has_offset
    found_order, ambiguous = None, false.copy()
    if not fmt:
        maybe = todo & text.str.match(_LOOKS_DMY, na=False).astype(bool)
        parts = text[maybe].str.extract(_DMY)
        dmy = parts[0].notna()
        if dmy.any():
            values, held, found_order, unsettled = _day_month(parts[dmy], order)
            placeholder[held[held].index] = True
            out[values.index] = values
            if unsettled:
                ambiguous[values.index[values.notna()]] = True
            todo[values.index] = values.isna() & ~held
    formats = (fmt,) if fmt else ("ISO8601", *DATE_FORMATS)
    for f in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=f, errors="coerce")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert(_zone(zone) if zone else parsed.dt.tz).dt.tz_localize(None)
        found = _placeholder_years(parsed)
        placeholder[found[found].index] = True
        out[todo] = _fits(parsed.mask(found))
        todo &= out.isna() & ~placeholder
    if todo.any() and not fmt:
        numeric = pd.to_numeric(text[todo], errors="coerce")
        out[todo] = _serials(numeric)
        todo &= out.isna()
    return DateColumn(out, todo.astype(bool), placeholder.astype(bool) & ~empty, found_order,
                      ambiguous.astype(bool), offset)


def _serials(numbers: pd.Series) -> pd.Series:
    ok = numbers.between(*SERIAL_RANGE)
    days = numbers.where(ok)
    return EXCEL_EPOCH + pd.to_timedelta(days, unit="D")


def parse_dates(raw: pd.Series, *, fmt: str | None = None, zone: str | None = None) -> tuple[pd.Series, pd.Series]:
    """``(dates, bad)`` of :func:`read_dates` (a placeholder is an empty date, not a bad one)."""
    col = read_dates(raw, fmt=fmt, zone=zone)
    return col.values, col.bad
