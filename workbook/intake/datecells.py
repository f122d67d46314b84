"""A canonical date field from its cells: read (:mod:`workbook.intake.dates`), screened, made a calendar day.

Every canonical date is a calendar day (but :data:`TIMED`): a close date at midnight and a creation at
14:05 on the same day are the same day, so no "close before create" and no day lost in a duration. What the
reading had to assume or leave out is said once per column: placeholders that mean "no date", dates outside a
plausible range, an order of day and month that no cell settles; and once per table, the time zone dates
written with a UTC offset were converted to.

The collectors are :class:`workbook.intake.cells.Collector` (``col``: problems, ``notes``: findings).
"""
from __future__ import annotations

import pandas as pd

from workbook.core import columns as c
from workbook.core.schema import Field
from workbook.intake import dates, parsing

# dates an analysis measures in hours keep their time of day (a quote sent the same afternoon took hours, not 0)
TIMED = frozenset({(c.QUOTES, c.REQUESTED_DATE), (c.QUOTES, c.SENT_DATE)})


def date_field(f: Field, cells: pd.Series, written: pd.Series, label: str, col, notes, *, fmt: str | None,
               zone: str | None, required: bool, bounds: tuple[pd.Timestamp, pd.Timestamp],
               keep_time: bool = False) -> pd.Series:
    """The field's dates (calendar days; with their time of day if ``keep_time``, see :data:`TIMED`) from the
    screened ``cells``; problems and findings show ``written``."""
    read = dates.read_dates(cells, fmt=fmt, zone=zone)
    values = read.values
    _placeholders(f, read.placeholder, written, label, col, notes, required=required)
    values = _screen(f, values, written, label, col, notes, required=required, bounds=bounds)
    if read.ambiguous is not None and read.ambiguous.any():
        _ambiguous(f, read.ambiguous & values.notna(), read.order, values, written, label, notes)
    col.cells(read.bad, written, column=label, rule="bad_date",
              expected=(f"a date in the form {fmt}" if fmt
                        else "a date such as 2025-03-31, 3/31/2025 or an Excel date"),
              fix="correct the date, or set its format in client.yaml: "
                  f"tables.<table>.columns.{f.name}: {{column: ..., format: '%d.%m.%Y'}}",
              expected_zh=(f"格式为 {fmt} 的日期" if fmt
                           else "日期，例如 2025-03-31、3/31/2025 或 Excel 日期"),
              fix_zh="改正日期，或在 client.yaml 中设置格式："
                     f"tables.<table>.columns.{f.name}: {{column: ..., format: '%d.%m.%Y'}}")
    return values if keep_time else values.dt.normalize()


def table_zone(zone: str | None, date_cells: list[pd.Series]) -> tuple[str | None, bool]:
    """The zone a table's dates with an offset are converted to: the client's ``timezone``, else the most common
    offset in its date columns; and whether that was assumed (no ``timezone`` set, offsets found).

    >>> table_zone(None, [pd.Series(["2020-09-10T09:20:25+03:00"]), pd.Series(["2020-09-11", None])])
    ('UTC+03:00', True)
    >>> table_zone("Europe/Moscow", [pd.Series(["2020-09-10T09:20:25+03:00"])])
    ('Europe/Moscow', False)
    """
    if zone is not None:
        return zone, False
    texts = [s for s in date_cells if s.dtype == object or pd.api.types.is_string_dtype(s)]
    found = dates.common_offset(pd.concat(texts, ignore_index=True)) if texts else None
    return found, found is not None


def has_offset(cells: pd.Series) -> bool:
    """Whether any cell of a text date column is written with a UTC offset.

    >>> has_offset(pd.Series(["2020-09-10T09:20:25+03:00", None])), has_offset(pd.Series(["2020-09-10"]))
    (True, False)
    """
    texts = cells.dtype == object or pd.api.types.is_string_dtype(cells)
    return bool(texts) and dates.common_offset(cells) is not None


def zone_finding(notes, zone: str, columns: list[str]) -> None:
    """One finding per table: the dates with a UTC offset were converted to ``zone``, assumed from the data."""
    notes.whole(column=", ".join(columns), value=zone, rule="timezone_assumed",
                expected="the client's time zone for dates exported with a UTC offset (timezone: in client.yaml)",
                fix=f"converted to {zone}, the most common offset in these columns, and compared by calendar day; "
                    "if the client works in another zone, set timezone: (an IANA name such as Europe/Moscow) in "
                    "client.yaml",
                expected_zh="带 UTC 偏移的日期所对应的客户时区（client.yaml 中的 timezone）",
                fix_zh=f"已换算为 {zone}（这些列中最常见的偏移），并按日历日比较；如客户所在时区不同，请在 client.yaml "
                       "中设置 timezone（IANA 名称，例如 Asia/Shanghai）")


def _placeholders(f: Field, placeholder: pd.Series, written: pd.Series, label: str, col, notes, *,
                  required: bool) -> None:
    """Cells that stand for "no date" (1900-01-01, 31.12.3999, Excel's day zero): one finding for the column, or a
    problem per cell where the field is required."""
    if required:
        fix = (f"fill in the date in the source, or set tables.<table>.columns.{f.name}.if_empty: keep to keep these "
               "rows without a date")
        fix_zh = f"在源数据中补填日期，或设置 tables.<table>.columns.{f.name}.if_empty: keep，保留这些行（日期为空）"
    else:
        fix = "nothing to correct: this is how the source system writes 'no date'"
        fix_zh = "无需改正：源系统以此表示“无日期”"
    col.refused(placeholder, written, notes, blocking=required, column=label, rule="placeholder_date",
                expected=f"a date; a year of {dates.PLACEHOLDER_UNTIL} or before, or {dates.PLACEHOLDER_FROM} or "
                         "after (or Excel's day zero) is the source system's way to write 'no date'",
                fix=fix,
                expected_zh=f"一个日期；{dates.PLACEHOLDER_UNTIL} 年及以前、{dates.PLACEHOLDER_FROM} 年及以后的年份"
                            "（或 Excel 的第 0 天）是源系统表示“无日期”的写法",
                fix_zh=fix_zh)


def _screen(f: Field, values: pd.Series, cells: pd.Series, label: str, col, notes, *, required: bool,
            bounds: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """Parsed dates outside ``bounds`` refused (:func:`parsing.date_bounds`). Returns the dates kept."""
    outside = parsing.plausible_dates(values, bounds)
    first, last = (str(b.date()) for b in bounds)
    keep, keep_zh = ((" with if_empty: keep (the row is kept without a date)",
                      "，并设置 if_empty: keep（保留该行，日期为空）") if required else ("", ""))
    col.refused(outside, cells, notes, blocking=required, column=label, rule="implausible_date",
                expected=f"a date from {first} to {last} (a year past the report date or today)",
                fix="correct the year in the source; a value that means 'no date' can be mapped to empty in "
                    f"client.yaml: tables.<table>.columns.{f.name}.values{keep}",
                expected_zh=f"{first} 至 {last} 之间的日期（报告日期或今天之后最多一年）",
                fix_zh="在源数据中改正年份；表示“无日期”的值可在 client.yaml 中映射为空："
                       f"tables.<table>.columns.{f.name}.values{keep_zh}")
    return values.mask(outside)


def _ambiguous(f: Field, ambiguous: pd.Series, order: str | None, values: pd.Series, cells: pd.Series, label: str,
               notes) -> None:
    """A finding naming the order of day and month assumed for cells no cell of the column settles."""
    if not ambiguous.any():
        return
    example = str(cells[ambiguous].iloc[0]).strip()
    read = str(values[ambiguous].iloc[0].date())
    sep = next((ch for ch in example if ch in "./-"), "/")
    day_first = f"%d{sep}%m{sep}%Y"
    month_first = f"%m{sep}%d{sep}%Y"
    setting = f"tables.<table>.columns.{f.name}: {{column: ..., format: '%s'}}"
    if order == "day_first":
        how, how_zh, other, other_zh, confirm, other_fmt = ("day first", "日在前", "month first", "月在前",
                                                           day_first, month_first)
    else:
        how, how_zh, other, other_zh, confirm, other_fmt = ("month first", "月在前", "day first", "日在前",
                                                           month_first, day_first)
    notes.listed(ambiguous, cells, column=label, rule="ambiguous_date",
                 expected="dates whose order of day and month is clear: every day in this column is 12 or less, "
                          "so each date reads both ways",
                 fix=f"read {how} ({example} = {read}); if the client writes the {other}, set "
                     f"{setting % other_fmt} in client.yaml (format: '{confirm}' confirms {how})",
                 expected_zh="日与月顺序明确的日期：该列所有日期的“日”都不大于 12，两种读法都成立",
                 fix_zh=f"已按“{how_zh}”读取（{example} = {read}）；如客户的写法是“{other_zh}”，请在 client.yaml "
                        f"中设置 {setting % other_fmt}（设为 format: '{confirm}' 则确认{how_zh}）")
