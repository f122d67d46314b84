"""Read raw client files into frames of text, keeping the row numbers users see.

Only intake calls this module. CSV files may be UTF-8 (with or without BOM) or
GBK/GB18030; workbooks are read with calamine. Fully blank rows and columns
(trailing or not) are dropped; every frame carries ``_source_row``, the row as
numbered in Excel or a text editor (header = row 1).

Every file is first held to the bounds of :mod:`workbook.intake.bounds` (sizes,
rows, cells, from its bytes alone); a workbook saved under a ``.csv`` name is
named as such. A header below blank or title rows (a report title, an export date) is found and read from;
the rows above it are named in a finding (:func:`header_finding`) and the row numbers stay the ones users see.
"""
from __future__ import annotations

import codecs
import csv
import itertools
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbook.core.columns import SOURCE_ROW
from workbook.core.config import Limits
from workbook.exceptions import Problem, ReadFailure
from workbook.intake.bounds import check_file, sniff

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
RAW_SUFFIXES = CSV_SUFFIXES + EXCEL_SUFFIXES
HEADER_SEARCH = 30  # rows looked at for a header below blank or title rows
DELIMITERS = (",", ";", "\t", "|")  # the field separators a CSV export uses, in order of preference
SNIFF_CHARS, SNIFF_LINES = 65_536, 50  # how much of a CSV file the separator is read from


@dataclass(frozen=True)
class RawFrame:
    """One sheet or CSV file as read: text cells, original headers, row numbers."""

    file: str
    sheet: str | None
    frame: pd.DataFrame
    decimals: tuple[tuple[str, str], ...] = ()  # (header, decimal mark) of columns joined from a file that sets one
    header_row: int = 1  # the row (as Excel shows it) the headers were read from; the rows above were skipped

    @property
    def where(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` for UTF-8 (BOM or not), ``utf-16`` for Excel's "Unicode text" (a UTF-16 BOM), else
    ``gb18030`` (a superset of GBK), else ``cp1251`` for Cyrillic Windows text (a Russian CRM's export).

    Raises :class:`ReadFailure` when the bytes are none of them.
    """
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        if _cyrillic(data):
            return "cp1251"
        row, column, value = _where_bytes_break(data, first_bad, sep=b"\t" if path.suffix.lower() == ".tsv" else b",")
        raise ReadFailure(Problem(
            file=path.name, sheet=None, row=row, column=column, value=value, rule="encoding",
            expected="a CSV file encoded in UTF-8 or GBK/GB18030",
            fix="re-save the file as 'CSV UTF-8' from Excel",
            expected_zh="UTF-8 或 GBK/GB18030 编码的 CSV 文件",
            fix_zh="在 Excel 中另存为“CSV UTF-8”格式")) from None


def _cyrillic(data: bytes) -> bool:
    r"""Whether the bytes above ASCII are (nearly all) Cyrillic letters in Windows-1251: А-я, Ёё, №, «».

    Chinese GBK text decodes as GB18030 and never gets here; a Russian word of an odd number of letters is no
    GB18030 text.

    >>> _cyrillic("Сделка закрыта, №5".encode("cp1251")), _cyrillic(bytes([0x81, 0x8d, 0x90, 0x41]))
    (True, False)
    >>> _cyrillic(b"C2,Beta \xff\xfe GmbH")  # two stray bytes are no Russian text
    False
    """
    high = [b for b in data if b >= 0x80]
    letters = sum(b >= 0xC0 or b in (0xA8, 0xB8, 0xB9, 0xAB, 0xBB) for b in high)
    words = [len(run) for run in re.findall(rb"[\xc0-\xff\xa8\xb8]+", data)]
    return bool(high) and letters >= 0.9 * len(high) and sum(words) >= 3 * len(words)  # words, not stray bytes


def _where_bytes_break(data: bytes, at: int, *, sep: bytes) -> tuple[int, str | None, str]:
    r"""Row (header = 1), column header and the undecodable bytes at byte offset ``at``.

    >>> _where_bytes_break(b"id,name\nC1,A\xff\xfeB\n", 12, sep=b",")
    (2, 'name', '\\xff\\xfe')
    """
    line_start = data.rfind(b"\n", 0, at) + 1
    row = data.count(b"\n", 0, at) + 1
    header = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip("\r\ufeff").split(sep.decode())
    field = data.count(sep, line_start, at)
    column = header[field].strip() if field < len(header) else None
    bad = bytearray()
    for byte in data[at:at + 8]:
        if byte < 0x80:
            break
        bad.append(byte)
    return row, column, "".join(f"\\x{b:02x}" for b in bad)


def _tidy(frame: pd.DataFrame, file: str, sheet: str | None, *, header: int = 1) -> pd.DataFrame:
    """Drop blank rows/columns, strip headers, add the user-visible row number (``header``: the headers' row)."""
    frame = frame.copy()
    frame.columns = [("" if pd.isna(col) else str(col)).strip() for col in frame.columns]
    frame[SOURCE_ROW] = pd.RangeIndex(header + 1, len(frame) + header + 1)
    blank = frame.drop(columns=[SOURCE_ROW]).apply(_is_blank)
    frame = frame.loc[~blank.all(axis=1)]
    keep = [col for col in frame.columns
            if col == SOURCE_ROW or not (col == "" or col.startswith("Unnamed:")) or not blank[col].all()]
    frame = frame[keep].reset_index(drop=True)
    if frame.columns.duplicated().any():
        dup = frame.columns[frame.columns.duplicated()][0]
        raise ReadFailure(Problem(
            file=file, sheet=sheet, row=header, column=dup, value=dup, rule="duplicate_header",
            expected="each column header once", fix=f"rename or delete the second column headed {dup!r}",
            expected_zh="每个列标题只出现一次", fix_zh=f"重命名或删除第二个标题为 {dup!r} 的列"))
    return frame


def _first_row_as_header(frame: pd.DataFrame) -> pd.DataFrame:
    """Headers as written: pandas would rename a second ``name`` column to ``name.1`` and hide the duplicate."""
    if frame.empty and frame.shape[0] == 0:
        return frame
    header = [(f"Unnamed: {i}" if pd.isna(v) or not str(v).strip()
               else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
              for i, v in enumerate(frame.iloc[0])]
    body = frame.iloc[1:].reset_index(drop=True)
    body.columns = header
    return body


def _is_blank(col: pd.Series) -> pd.Series:
    if col.dtype == object or pd.api.types.is_string_dtype(col):
        return col.isna() | (col.astype("string").str.strip() == "")
    return col.isna()


def header_row(rows: list[list]) -> int | None:
    """The row (1 = first) holding the headers, from the first rows of a sheet or file; None when none can be told.

    The header row is the first with two or more filled cells and at least half as many as the fullest row: the
    rows above it are blank or a title (a report name, an export date, "exported by"). A table of one column has
    its header in row 1; rows none of which holds two filled cells are no table whose header can be told.

    >>> header_row([["Leads export 2024", None, None], [None, None, None], ["lead_id", "source", "created_date"]])
    3
    >>> header_row([["lead_id", "source"], ["L1", "web"]]), header_row([["lead_id"], ["L1"]])
    (1, 1)
    >>> header_row([["Exported on", "2024-05-31", None, None, None], ["id", "name", "stage", "amount", "owner"]])
    2
    >>> header_row([["Leads export 2024", None], ["by the CRM", None]]) is None
    True
    """
    filled = [sum(not _blank_cell(v) for v in row) for row in rows]
    if not filled or max(len(row) for row in rows) < 2:
        return 1
    widest = max(filled)
    return next((i + 1 for i, n in enumerate(filled) if n >= 2 and 2 * n >= widest), None)


def _blank_cell(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def _no_header(file: str, sheet: str | None) -> ReadFailure:
    return ReadFailure(Problem(
        file=file, sheet=sheet, row=None, column=None, value=f"rows 1-{HEADER_SEARCH}", rule="no_header",
        expected=f"a row of column headers within the first {HEADER_SEARCH} rows (no row there holds two or more "
                 "filled cells)",
        fix=f"export the table again with its column headers, or delete the title rows above them so that they "
            f"start within the first {HEADER_SEARCH} rows",
        expected_zh=f"前 {HEADER_SEARCH} 行中有一行列标题（这些行中没有一行含两个或以上非空单元格）",
        fix_zh=f"重新导出带列标题的表格，或删除列标题上方的标题行，使列标题位于前 {HEADER_SEARCH} 行之内"))


def header_finding(raw: RawFrame, table: str | None = None) -> Problem | None:
    """The finding that the headers of ``raw`` were read from a row below blank or title rows, naming the rows
    skipped; None when the headers are in row 1."""
    row = raw.header_row
    if row <= 1:
        return None
    above, above_zh = ("row 1", "第 1 行") if row == 2 else (f"rows 1-{row - 1}", f"第 1-{row - 1} 行")
    return Problem(file=raw.file, sheet=raw.sheet, row=row, column=None, value=above, table=table,
                   rule="header_below_title",
                   expected="the column headers in row 1",
                   fix=f"nothing to correct: the headers were read from row {row}; {above} (blank or a title) "
                       "were skipped",
                   expected_zh="列标题位于第 1 行",
                   fix_zh=f"无需改正：已从第 {row} 行读取列标题，跳过了{above_zh}（空行或标题）")


def _not_text(path: Path) -> None:
    """A workbook saved under a text name (``.csv``) is named as one, not read as badly encoded text."""
    kind = sniff(path)
    if kind is None:
        return
    right = ".xls" if kind == "xls" else ".xlsx"
    what = "an old Excel workbook (.xls)" if kind == "xls" else "an Excel workbook (or another zip archive)"
    raise _misnamed(path, right, f"a CSV text file; this is {what}, not CSV",
                    f"CSV 文本文件；该文件是 Excel 工作簿（{right}），不是 CSV", "a workbook", "工作簿")


def _misnamed(path: Path, right: str, expected: str, expected_zh: str, read_as: str, read_as_zh: str) -> ReadFailure:
    """The problem of a file whose name says one type and whose bytes another: rename it ``right``."""
    return ReadFailure(Problem(
        file=path.name, sheet=None, row=None, column=None, value=path.name, rule="file_type", expected=expected,
        fix=f"rename it {path.stem}{right} (it is read as {read_as} then)", expected_zh=expected_zh,
        fix_zh=f"把文件重命名为 {path.stem}{right}（之后按{read_as_zh}读取）"))


def _not_binary(path: Path) -> None:
    """Bytes that are no text at all (NUL bytes in what no text encoding reads: an image, an archive, a database)
    are named as such, not read as badly encoded text; a stray NUL in UTF-8 text is a control character."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if b"\x00" not in head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    for encoding in ("utf-8", "gb18030"):
        try:
            head[:-4].decode(encoding)  # a character cut at the end of the sample is no sign
            return
        except UnicodeDecodeError:
            continue
    nul = head.count(b"\x00")
    raise ReadFailure(Problem(
        file=path.name, sheet=None, row=None, column=None, value=f"{nul} NUL bytes in the first {len(head)}",
        rule="file_type", expected="a CSV text file; this file holds binary data, not text",
        fix="export the table again as CSV or .xlsx from the client's system",
        expected_zh="CSV 文本文件；该文件是二进制数据，不是文本", fix_zh="从客户系统重新导出该表，保存为 CSV 或 .xlsx"))


def _not_a_workbook(path: Path) -> None:
    """A text file saved under a workbook's name (``.xlsx``) is named as text, not as a damaged workbook."""
    if sniff(path) is not None:
        return
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head or b"\x00" in head:
        return
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not a character cut at the end of the sample
            try:
                head.decode("gb18030")
            except UnicodeDecodeError:
                return
    raise _misnamed(path, ".csv", f"an Excel workbook ({path.suffix}); this is a text file (CSV), not a workbook",
                    f"Excel 工作簿（{path.suffix}）；该文件是文本文件（CSV），不是工作簿", "CSV", " CSV ")


def read_csv(path: Path, *, limits: Limits | None = None, delimiter: str | None = None) -> RawFrame:
    """Read a CSV as text (no type guessing): intake parses each field itself.

    ``limits``: as in :func:`workbook.intake.bounds.check_file`, checked before the file is read; ``delimiter``:
    the field separator (``delimiter:`` in client.yaml), else read from the file (:func:`sniff_delimiter`).
    """
    check_file(path, limits)
    if path.stat().st_size == 0:
        raise ReadFailure(Problem(file=path.name, sheet=None, row=None, column=None, value=None, rule="empty_file",
                                  expected="a header row and data rows",
                                  fix="export the table again; the file is empty",
                                  expected_zh="一行标题和若干数据行", fix_zh="文件是空的，请重新导出该表"))
    _not_text(path)
    _not_binary(path)
    encoding = detect_encoding(path)
    sep = delimiter or sniff_delimiter(path, encoding)
    found = _csv_header_row(path, encoding, sep)
    try:
        frame = _first_row_as_header(pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False,
                                                 na_values=[""], sep=sep, skip_blank_lines=False, header=None,
                                                 skiprows=found - 1))
    except pd.errors.EmptyDataError:
        raise ReadFailure(Problem(file=path.name, sheet=None, row=None, column=None, value=None, rule="empty_file",
                                  expected="a header row and data rows",
                                  fix="export the table again; the file is empty",
                                  expected_zh="一行标题和若干数据行", fix_zh="文件是空的，请重新导出该表")) from None
    except pd.errors.ParserError as exc:
        raise ReadFailure(Problem(file=path.name, sheet=None, row=None, column=None, value=str(exc)[:200],
                                  rule="corrupt_file", expected="a well-formed CSV (same number of fields per row)",
                                  fix="check quoting and separators; re-export the file as CSV",
                                  expected_zh="格式正确的 CSV（每行字段数相同）",
                                  fix_zh="检查引号和分隔符，重新导出为 CSV")) from None
    return RawFrame(path.name, None, _tidy(frame, path.name, None, header=found), header_row=found)


def _csv_header_row(path: Path, encoding: str, sep: str) -> int:
    """The headers' row of a CSV file (:func:`header_row`); :class:`ReadFailure` when none can be told and rows
    below the first :data:`HEADER_SEARCH` hold a table."""
    try:
        with open(path, encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=sep)
            found = header_row(list(itertools.islice(reader, HEADER_SEARCH)))
            if found is None and not any(sum(not _blank_cell(v) for v in row) >= 2 for row in reader):
                found = 1  # rows of one value each: a table of one column
    except csv.Error:  # a field beyond csv's own bound: pandas reports the file below
        return 1
    if found is None:
        raise _no_header(path.name, None)
    return found


def sniff_delimiter(path: Path, encoding: str) -> str:
    """The field separator of a CSV file, from its first lines: the one of ``,`` ``;`` tab ``|`` that splits most
    lines into the same number (two or more) of fields. A file no candidate splits: tab for ``.tsv``, else ``,``.
    """
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(SNIFF_CHARS)
    lines = sample.splitlines()
    if len(sample) == SNIFF_CHARS and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    default = "\t" if path.suffix.lower() == ".tsv" else ","
    return delimiter_of([line for line in lines if line.strip()][:SNIFF_LINES], default=default)


def delimiter_of(lines: list[str], *, default: str = ",") -> str:
    """The separator of ``,`` ``;`` tab ``|`` that splits the most ``lines`` into one count of two or more fields
    (quotes respected); ties go to the earlier candidate; ``default`` when none splits them.

    >>> delimiter_of(["Name;Amount;Close Date", "Acme;1.234,56;31.12.2025", "Beta;12,5;01.02.2026"])
    ';'
    >>> delimiter_of(['id,name', '1,"Smith; John"']), delimiter_of(["a|b|c", "1|2|3"]), delimiter_of(["one"])
    (',', '|', ',')
    """
    best, best_score = default, (0.0, 0)
    for candidate in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        except csv.Error:
            continue
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (counts.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = candidate, score
    return best


def list_sheets(path: Path, *, limits: Limits | None = None) -> list[str]:
    """Sheet names of a workbook, or :class:`ReadFailure` if it cannot be opened or passes a bound.

    ``limits``: as in :func:`workbook.intake.bounds.check_file`, checked before calamine opens the file.
    """
    from python_calamine import CalamineWorkbook

    check_file(path, limits)
    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # calamine raises several error types for bad files
        _not_a_workbook(path)
        raise ReadFailure(Problem(file=path.name, sheet=None, row=None, column=None, value=str(exc)[:200],
                                  rule="corrupt_file", expected="a readable Excel workbook (.xlsx/.xls)",
                                  fix="open the file in Excel and save it again as .xlsx",
                                  expected_zh="可以打开的 Excel 工作簿（.xlsx/.xls）",
                                  fix_zh="用 Excel 打开文件，再另存为 .xlsx")) from None


def excel_errors(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """The cells of ``sheet`` Excel stored as an error value (``#DIV/0!``, ``#N/A``, ...), by (row, column) from 1.

    calamine reads such a cell as empty; intake must name it as the error it is. openpyxl opens the file only
    when the bounds check saw an error cell in it (:class:`~workbook.intake.bounds.Checked`), so a clean export
    costs nothing more. Only xlsx/xlsm hold them so.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return {}  # calamine names a broken workbook
    try:
        if sheet not in book.sheetnames:
            return {}
        return {(cell.row, cell.column): str(cell.value) for row in book[sheet].iter_rows() for cell in row
                if getattr(cell, "data_type", None) == "e" and cell.value is not None}
    finally:
        book.close()


def read_sheet(path: Path, sheet: str, *, limits: Limits | None = None) -> RawFrame:
    """Read one sheet with calamine; cells keep their Excel types (dates, numbers).

    ``limits``: as in :func:`workbook.intake.bounds.check_file`, checked before calamine opens the file.
    """
    checked = check_file(path, limits)
    try:
        raw = pd.read_excel(path, sheet_name=sheet, engine="calamine", dtype=object, header=None)
        errors = excel_errors(path, sheet) if checked.error_cells else {}  # calamine reads them as empty
        for (row, col), error in errors.items():
            if row <= raw.shape[0] and col <= raw.shape[1]:
                raw.iat[row - 1, col - 1] = error
    except ValueError as exc:
        if "not found" in str(exc).lower() or "worksheet" in str(exc).lower():
            raise ReadFailure(Problem(file=path.name, sheet=sheet, row=None, column=None, value=sheet,
                                      rule="unknown_sheet", expected=f"one of the sheets {list_sheets(path)}",
                                      fix="correct the sheet name in client.yaml (tables.<table>.sheet)",
                                      expected_zh=f"以下工作表之一：{list_sheets(path)}",
                                      fix_zh="在 client.yaml 中改正工作表名称（tables.<table>.sheet）")) from None
        raise ReadFailure(Problem(file=path.name, sheet=sheet, row=None, column=None, value=str(exc)[:200],
                                  rule="corrupt_file", expected="a readable sheet",
                                  fix="open the file in Excel and save it again as .xlsx",
                                  expected_zh="可以读取的工作表", fix_zh="用 Excel 打开文件，再另存为 .xlsx")) from None
    except Exception as exc:
        raise ReadFailure(Problem(file=path.name, sheet=sheet, row=None, column=None, value=str(exc)[:200],
                                  rule="corrupt_file", expected="a readable Excel workbook",
                                  fix="open the file in Excel and save it again as .xlsx",
                                  expected_zh="可以打开的 Excel 工作簿",
                                  fix_zh="用 Excel 打开文件，再另存为 .xlsx")) from None
    if raw.shape[1] == 0:
        raise ReadFailure(Problem(file=path.name, sheet=sheet, row=None, column=None, value=None, rule="empty_file",
                                  expected="a header row and data rows", fix="fill the sheet or remove it",
                                  expected_zh="一行标题和若干数据行", fix_zh="填写该工作表或将其删除"))
    found = header_row(raw.iloc[:HEADER_SEARCH].values.tolist())
    if found is None:
        if any(sum(not _blank_cell(v) for v in row) >= 2 for row in raw.iloc[HEADER_SEARCH:].itertuples(index=False)):
            raise _no_header(path.name, sheet)
        found = 1
    frame = _first_row_as_header(raw.iloc[found - 1:])
    return RawFrame(path.name, sheet, _tidy(frame, path.name, sheet, header=found), header_row=found)


def read_source(path: Path, sheet: str | None = None, *, limits: Limits | None = None,
                delimiter: str | None = None) -> RawFrame:
    """Read a CSV file, or a sheet of a workbook (the first sheet when ``sheet`` is None).

    ``delimiter``: a CSV file's field separator (default: read from the file, :func:`sniff_delimiter`).

    ``limits`` bound the file before it is read (:func:`workbook.intake.bounds.check_file`; None: the limits
    :func:`workbook.intake.discover.discover` approved it under, else the defaults).
    """
    if not path.exists():
        raise ReadFailure(Problem(file=path.name, sheet=sheet, row=None, column=None, value=str(path),
                                  rule="missing_file", expected="a file in data/raw/",
                                  fix="copy the file into data/raw/ or correct tables.<table>.file in client.yaml",
                                  expected_zh="data/raw/ 中的一个文件",
                                  fix_zh="把文件复制到 data/raw/，或在 client.yaml 中改正 tables.<table>.file"))
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path, limits=limits, delimiter=delimiter)
    if suffix in EXCEL_SUFFIXES:
        sheets = list_sheets(path, limits=limits)
        if sheet is None:
            if not sheets:
                raise ReadFailure(Problem(file=path.name, sheet=None, row=None, column=None, value=None,
                                          rule="empty_file", expected="at least one sheet", fix="export the file again",
                                          expected_zh="至少一个工作表", fix_zh="重新导出该文件"))
            sheet = sheets[0]
        elif sheet not in sheets:
            raise ReadFailure(Problem(file=path.name, sheet=sheet, row=None, column=None, value=sheet,
                                      rule="unknown_sheet", expected=f"one of the sheets {sheets}",
                                      fix="correct the sheet name in client.yaml (tables.<table>.sheet)",
                                      expected_zh=f"以下工作表之一：{sheets}",
                                      fix_zh="在 client.yaml 中改正工作表名称（tables.<table>.sheet）"))
        return read_sheet(path, sheet, limits=limits)
    raise ReadFailure(Problem(file=path.name, sheet=None, row=None, column=None, value=path.suffix,
                              rule="file_type", expected=f"one of {', '.join(RAW_SUFFIXES)}",
                              fix="save the table as .xlsx or .csv",
                              expected_zh=f"以下文件类型之一：{', '.join(RAW_SUFFIXES)}",
                              fix_zh="把表格另存为 .xlsx 或 .csv"))
