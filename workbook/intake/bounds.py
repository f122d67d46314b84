"""Bounds on a raw file, checked from its bytes before anything parses it.

A CSV file is bounded by its size and its line count. A workbook (xlsx, xlsm, xlsb, ods) is a zip archive:
its directory gives the number of parts, each part's size once unzipped and its compression ratio; then one
streaming pass over the decompressed parts (no XML is parsed) counts the bytes they really hold (a directory
that understates them gains nothing) and, in each sheet, the rows and the columns its cells span. Those spans
matter more than the size: calamine allocates every cell of the rectangle a sheet's cells span, so a sheet of
two cells, ``A1`` and ``XFD1048576``, asks for 550 GB.

Every refusal is a :class:`~workbook.exceptions.ReadFailure` whose problem names the file, what was found,
the limit and the ``limits:`` key of client.yaml that raises it (:class:`~workbook.core.config.Limits`).
"""
from __future__ import annotations

import copy
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from workbook.core.config import Limits
from workbook.exceptions import Problem, ReadFailure

__all__ = ["Checked", "check_file", "sniff", "WORKBOOK_SUFFIXES"]

MB = 1_000_000
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")  # zip archives; .xls is a compound file of at most 65,536 rows
CHUNK = 1 << 22
RATIO_FLOOR = MB  # parts smaller than this are not judged by their compression ratio
_REF = re.compile(rb' r="[A-Z]{0,3}(\d{1,10})"')  # a row's or a cell's reference: the row number
_ANY_REF = re.compile(rb'\sr="[A-Z]{0,3}(\d{1,10})"')  # the same after a tab or a line break (slower: rare)
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d')  # a cell beyond column Z (rare in a client's export)
_ANY_WIDE_REF = re.compile(rb'\sr="([A-Z]{2,3})\d')
_ERROR_CELL = b't="e"'  # a cell Excel stored as an error value (#DIV/0!, #N/A, ...)


@dataclass(frozen=True)
class Checked:
    """What the check saw on its way through a file: ``error_cells``, whether a workbook's sheet holds a cell of
    type error (calamine reads those as empty; the reader names them)."""

    error_cells: bool = False


_APPROVED: dict[tuple[str, int, int], tuple[Limits, Checked]] = {}  # files checked (path, size, time): limits, what
_KEEP = 512


def check_file(path: Path, limits: Limits | None = None) -> Checked:
    """Refuse ``path`` when it passes a bound of ``limits``, reading only its bytes (nothing is parsed).

    ``limits=None``: the limits the same file (path, size and modification time) was last approved under in
    this process (:func:`workbook.intake.discover.discover` checks every source with client.yaml's), else the
    defaults. A file is checked once per set of limits. Returns what the pass saw (:class:`Checked`).

    Raises
    ------
    ReadFailure
        The problem names the file, what it holds, the limit and the client.yaml key that raises it.
    """
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    held = _APPROVED.get(key)
    if held is not None and (limits is None or limits == held[0]):
        return held[1]
    limits = limits or Limits()
    if not path.is_file():
        raise ReadFailure(Problem(file=path.name, sheet=None, row=None, column=None, value=None, rule="file_type",
                                  expected="a regular file", fix="copy the file itself into data/raw/",
                                  expected_zh="普通文件", fix_zh="把文件本身复制到 data/raw/"))
    suffix = path.suffix.lower()
    checked = Checked()
    if suffix in WORKBOOK_SUFFIXES or suffix == ".xls":
        checked = _check_workbook(path, stat.st_size, limits)
    else:
        _check_text(path, stat.st_size, limits)
    if len(_APPROVED) >= _KEEP:
        del _APPROVED[next(iter(_APPROVED))]
    _APPROVED[key] = (limits, checked)
    return checked


def sniff(path: Path) -> str | None:
    """What the first bytes say the file is: ``"zip"`` (xlsx, ods), ``"xls"`` (an old Excel file) or None."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    return None


# --------------------------------------------------------------------------- refusals

def _too_large(path: Path, found: str, limit: str, key: str, part: str | None = None) -> ReadFailure:
    where = f"{part}: " if part else ""
    return ReadFailure(Problem(
        file=path.name, sheet=None, row=None, column=None, value=f"{where}{found}", rule="too_large",
        expected=f"{limit} at most (limits.{key})",
        fix=f"if the file is genuine, raise limits.{key} in client.yaml; otherwise ask the client to export it again",
        expected_zh=f"不超过 {limit}（limits.{key}）",
        fix_zh=f"如果文件确实如此，请在 client.yaml 中调高 limits.{key}；否则请客户重新导出"))


def _mb(size: float, limit: float | None = None) -> str:
    """``size`` in MB, with the decimals that tell it from ``limit`` when it is just over it.

    >>> _mb(123_157_898), _mb(1_000_000_512, limit=1_000_000_000)
    ('123.2 MB', '1,000.000512 MB')
    """
    text = f"{size / MB:,.1f} MB"
    if limit is not None and size > limit and text == f"{limit / MB:,.1f} MB":
        text = f"{size / MB:,.6f} MB"
    return text


# --------------------------------------------------------------------------- CSV

def _check_text(path: Path, size: int, limits: Limits) -> None:
    if size > limits.file_mb * MB:
        raise _too_large(path, _mb(size, limits.file_mb * MB), _mb(limits.file_mb * MB), "file_mb")
    lines = 0
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            lines += chunk.count(b"\n")
            tail = chunk[-1:]
            if lines - 1 > limits.rows:
                raise _too_large(path, f"more than {limits.rows:,} rows", f"{limits.rows:,} rows", "rows")
    rows = lines - 1 + (tail not in (b"", b"\n"))  # data rows: lines less the header (the last may lack "\n")
    if rows > limits.rows:
        raise _too_large(path, f"{rows:,} rows", f"{limits.rows:,} rows", "rows")


# --------------------------------------------------------------------------- workbooks

def _check_workbook(path: Path, size: int, limits: Limits) -> Checked:
    if size > limits.file_mb * MB:
        raise _too_large(path, _mb(size, limits.file_mb * MB), _mb(limits.file_mb * MB), "file_mb")
    if not zipfile.is_zipfile(path):
        return Checked()  # an .xls (at most 65,536 x 256 cells), or not a workbook at all: the reader says which
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            if len(parts) > limits.zip_entries:
                raise _too_large(path, f"{len(parts):,} parts", f"{limits.zip_entries:,} parts", "zip_entries")
            declared = sum(p.file_size for p in parts)
            if declared > limits.file_mb * MB:
                raise _too_large(path, f"{_mb(declared, limits.file_mb * MB)} once unzipped",
                                 _mb(limits.file_mb * MB), "file_mb")
            for part in parts:
                if part.file_size > limits.sheet_mb * MB:
                    raise _too_large(path, f"{_mb(part.file_size, limits.sheet_mb * MB)} once unzipped",
                                     _mb(limits.sheet_mb * MB), "sheet_mb", part.filename)
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > RATIO_FLOOR and ratio > limits.zip_ratio:
                    raise _too_large(path, f"expands {ratio:,.0f} times once unzipped",
                                     f"{limits.zip_ratio:,.0f} times", "zip_ratio", part.filename)
            total, errors = 0, False
            for part in parts:
                size, error_cells = _scan_part(path, book, part, limits, total)
                total, errors = total + size, errors or error_cells
            return Checked(error_cells=errors)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as exc:
        raise ReadFailure(Problem(file=path.name, sheet=None, row=None, column=None, value=str(exc)[:200],
                                  rule="corrupt_file", expected="a readable Excel workbook (.xlsx/.xls)",
                                  fix="open the file in Excel and save it again as .xlsx",
                                  expected_zh="可以打开的 Excel 工作簿（.xlsx/.xls）",
                                  fix_zh="用 Excel 打开文件，再另存为 .xlsx")) from None


def _scan_part(path: Path, book: zipfile.ZipFile, part: zipfile.ZipInfo, limits: Limits,
               before: int) -> tuple[int, bool]:
    """The bytes ``part`` really holds once unzipped, and whether it holds an error cell; the rows and span of an
    XML part's cells checked on the way."""
    by_sheet = limits.sheet_mb * MB <= limits.file_mb * MB - before  # which limit comes first
    cap = int(limits.sheet_mb * MB if by_sheet else limits.file_mb * MB - before)
    probe = copy.copy(part)
    probe.file_size = 1 << 62  # read to the end of the compressed data: the directory's claim is not trusted
    sheet = part.filename.lower().endswith(".xml")  # any XML part: workbook.xml.rels may put a sheet anywhere
    size = rows = tags = cells = 0
    errors = False
    widest = b""
    tail = b""
    with book.open(probe) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > cap:
                key = "sheet_mb" if by_sheet else "file_mb"
                raise _too_large(path, f"more than {_mb(cap)} once unzipped", _mb(getattr(limits, key) * MB), key,
                                 part.filename)
            if not sheet:
                continue
            text = tail + chunk
            edge = tail[-3:] + chunk  # a tag split between two chunks is counted once
            tags += edge.count(b"<row")
            errors = errors or _ERROR_CELL in text
            cells += edge.count(b"<c")  # cells (and a few other tags: an upper bound)
            odd = text.count(b'r="') != text.count(b' r="')  # an attribute after a tab or a line break
            refs = (_ANY_REF if odd else _REF).findall(text)
            if refs:
                rows = max(rows, max(map(int, refs)))
            for letters in set((_ANY_WIDE_REF if odd else _WIDE_REF).findall(text)):
                if (len(letters), letters) > (len(widest), widest):
                    widest = letters
            tail = text[-24:]
    if sheet:
        rows = max(rows, tags)
        if rows > limits.rows:
            raise _too_large(path, f"{rows:,} rows", f"{limits.rows:,} rows", "rows", part.filename)
        columns = _column_number(widest.decode()) if widest else 26  # none beyond Z: at most 26
        span = rows * columns
        if max(span, cells) > limits.cells:
            wide = f"{columns:,} columns" if widest else "up to 26 columns (A-Z)"
            found = (f"cells spanning {rows:,} rows x {wide} ({span:,} cells)" if span >= cells
                     else f"{cells:,} cells")
            raise _too_large(path, found, f"{limits.cells:,} cells", "cells", part.filename)
    return size, errors


def _column_number(letters: str) -> int:
    """Excel column letters -> number.

    >>> _column_number("A"), _column_number("AA"), _column_number("XFD")
    (1, 27, 16384)
    """
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
