"""The client's time zone for dates exported with a UTC offset, decided once for the whole client.

``timezone:`` in client.yaml wins. Otherwise the most common offset written in the raw files is taken, read
from a sample at the head of each file (the text of a CSV, the shared strings of a workbook: where a
``2020-09-10T09:20:25+03:00`` cell is kept) so no file is held in memory a second time; every table then
converts its offset-dated columns to that one zone, and one finding says so (:func:`zone_finding`).
"""
from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from workbook.exceptions import Problem
from workbook.intake.dates import offset_name

__all__ = ["SAMPLE_BYTES", "sample_zone", "zone_finding"]

SAMPLE_BYTES = 262_144  # read from the head of each file (a CSV's text, a workbook's shared strings)
# a date-time with an offset or Z, as a cell of its own (not inside a longer token)
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)"
                    r"(?![\w:+-])")


def offsets_in(text: str) -> Counter:
    """How often each offset is written in ``text``.

    >>> offsets_in('D1,2020-09-10T09:20:25+03:00,2020-09-11T00:00:00+03:00\\nD2,"2020-09-12 10:00:00Z",x-0500')
    Counter({'UTC+03:00': 2, 'UTC+00:00': 1})
    """
    return Counter(offset_name(m.group(1)) for m in _STAMP.finditer(text))


def _head_text(path: Path) -> str:
    """The text at the head of a raw file: a CSV's first bytes; a workbook's shared strings (xlsx)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as book:
                names = [n for n in book.namelist() if n.lower().endswith("sharedstrings.xml")]
                if not names:
                    return ""
                with book.open(names[0]) as part:
                    return part.read(SAMPLE_BYTES).decode("utf-8", errors="replace")
        with open(path, "rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError):
        return ""  # an unreadable file is named by the reader
    for encoding in ("utf-16", "utf-8") if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8",):
        try:
            return head.decode(encoding, errors="replace")
        except UnicodeError:
            continue
    return ""


def sample_zone(paths: list[Path]) -> str | None:
    """The most common UTC offset written in the heads of ``paths`` (``UTC+03:00``), None when none is written.

    Ties go to the offset first seen.
    """
    counts: Counter = Counter()
    for path in dict.fromkeys(paths):
        counts.update(offsets_in(_head_text(path)))
    return counts.most_common(1)[0][0] if counts else None


def zone_finding(zone: str, columns: list[tuple[str, str, str]]) -> Problem:
    """One finding for the client: the dates with a UTC offset (``columns``: table, where, header) were converted
    to ``zone``, assumed from the data."""
    wheres = list(dict.fromkeys(where for _, where, _ in columns))
    if len(wheres) == 1:
        column = ", ".join(header for *_, header in columns)
    else:
        column = "; ".join(f"{where}: {', '.join(h for _, w, h in columns if w == where)}" for where in wheres)
    tables = list(dict.fromkeys(table for table, *_ in columns))
    return Problem(file=", ".join(dict.fromkeys(w.split(" [")[0] for w in wheres)), sheet=None, row=None,
                   column=column, value=zone, table=", ".join(tables), rule="timezone_assumed",
                   expected="the client's time zone for dates exported with a UTC offset (timezone: in client.yaml)",
                   fix=f"converted to {zone}, the most common offset in the client's files, and compared by "
                       "calendar day; if the client works in another zone, set timezone: (an IANA name such as "
                       "Europe/Moscow) in client.yaml",
                   expected_zh="带 UTC 偏移的日期所对应的客户时区（client.yaml 中的 timezone）",
                   fix_zh=f"已换算为 {zone}（客户文件中最常见的偏移），并按日历日比较；如客户所在时区不同，请在 "
                          "client.yaml 中设置 timezone（IANA 名称，例如 Asia/Shanghai）")
