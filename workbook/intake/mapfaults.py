"""The mapping assistant never stops on a file it cannot read or sample: what fails is named, the rest is proposed.

A file that raises while read is a note naming the file (and sheet) and the error; a column whose values raise
while sampled is left out of the proposal with a note naming the file, sheet, column, row and value that failed,
found by trying the column, then its cells, on their own (as ``workbook validate`` names an unreadable value).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from workbook.core.columns import SOURCE_ROW
from workbook.exceptions import Problem
from workbook.intake.fit import SAMPLE_ROWS
from workbook.intake.notes import Note
from workbook.intake.readers import RawFrame

__all__ = ["guarded", "failing_cell", "problem_note", "unreadable_note"]

T = TypeVar("T")


def problem_note(problem: Problem, where: str | None = None) -> Note:
    """A note for a file that was not read: where, what failed (the value), what was expected and the fix."""
    where = where or (f"{problem.file} [{problem.sheet}]" if problem.sheet else problem.file)
    at = "".join(part for part in (f", row {problem.row}" if problem.row else "",
                                   f", column {problem.column!r}" if problem.column else ""))
    at_zh = "".join(part for part in (f"，第 {problem.row} 行" if problem.row else "",
                                      f"，列「{problem.column}」" if problem.column else ""))
    got = f" (got {problem.value})" if problem.value else ""
    got_zh = f"（实际为 {problem.value}）" if problem.value else ""
    return Note(f"{where}{at}: not read{got}; expected {problem.expected}; {problem.fix}",
                f"{where}{at_zh}：未读取{got_zh}；应为{problem.expected_in('zh')}；{problem.fix_in('zh')}")


def unreadable_note(where: str, exc: Exception) -> Note:
    """A note for a file whose reading raised an error no rule foresaw."""
    reason = f"{type(exc).__name__}: {str(exc)[:200]}"
    return Note(f"{where}: not read ({reason}); open the file, save it again as .xlsx or CSV UTF-8 and copy it "
                "into data/raw/",
                f"{where}：未读取（{reason}）；请打开该文件，另存为 .xlsx 或 CSV UTF-8 后放回 data/raw/")


def failing_cell(raw: RawFrame, use: Callable[[RawFrame], object]) -> tuple[str, int | None, str | None] | None:
    """The column (and the first of its sampled cells, by row and value) on which ``use`` raises when given that
    column alone; None when no single column makes it raise.

    >>> import pandas as pd
    >>> raw = RawFrame("deals.csv", None, pd.DataFrame({"id": ["D1", "D2"], "amount": ["5", "five"],
    ...                                                 "_source_row": [2, 3]}))
    >>> failing_cell(raw, lambda r: [pd.to_numeric(r.frame[h]) for h in r.frame.columns if h == "amount"])
    ('amount', 3, 'five')
    """
    for header in [h for h in raw.frame.columns if h != SOURCE_ROW]:
        alone = replace(raw, frame=raw.frame[[header, SOURCE_ROW]])
        if _works(use, alone):
            continue
        for index in raw.frame.index[:SAMPLE_ROWS]:
            if not _works(use, replace(raw, frame=raw.frame.loc[[index], [header, SOURCE_ROW]])):
                return header, int(raw.frame.at[index, SOURCE_ROW]), str(raw.frame.at[index, header])
        return header, None, None
    return None


def guarded(raw: RawFrame, use: Callable[[RawFrame], T], notes: list) -> tuple[RawFrame, T] | None:
    """``use(raw)``; when it raises, the failing column is left out (a note names it) and ``use`` tried again on
    the rest. None, with a note, when no column can be blamed or none is left."""
    while True:
        try:
            return raw, use(raw)
        except Exception as exc:  # noqa: BLE001 - a value no rule foresaw: named in a note, never a crash
            found = failing_cell(raw, use)
            if found is None or raw.frame.shape[1] <= 2:
                notes.append(unreadable_note(raw.where, exc))
                return None
            header, row, value = found
            reason = f"{type(exc).__name__}: {str(exc)[:120]}"
            at, at_zh = (f", row {row}", f"，第 {row} 行") if row else ("", "")
            got, got_zh = (f" (value {value!r})", f"（值为「{value}」）") if row else ("", "")
            notes.append(Note(f"{raw.where}, column {header!r}{at}: a value the kit cannot read{got}: {reason}; the "
                              "column is left out of the map (correct or clear the cell and export again)",
                              f"{raw.where}，列「{header}」{at_zh}：无法读取的值{got_zh}：{reason}；该列未纳入映射"
                              "（改正或清空该单元格后重新导出）"))
            raw = replace(raw, frame=raw.frame.drop(columns=[header]))


def _works(use: Callable[[RawFrame], object], raw: RawFrame) -> bool:
    try:
        use(raw)
    except Exception:  # noqa: BLE001 - any error: this part is the one that fails
        return False
    return True
