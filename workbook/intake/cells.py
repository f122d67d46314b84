"""Cells before they are parsed, and the problems and findings they cause.

:class:`Collector` turns masks of cells into problems (or findings) naming file, sheet, row, column and value;
:func:`screen_cells` cleans a field's cells before parsing (control characters, look-alike ids, Excel error
values). Intake (:mod:`workbook.intake.validate`) uses both for every field.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from workbook.core import columns as c
from workbook.core.schema import Field
from workbook.exceptions import Problem
from workbook.intake import parsing
from workbook.intake.readers import RawFrame

MAX_ROWS_PER_RULE = 200  # detailed rows listed per (table, column, rule); the rest are counted
# fields holding ids that link the tables (besides each table's own key): one spelling each, or links break
ID_FIELDS = frozenset({c.CUSTOMER_ID, c.LEAD_ID, c.OPPORTUNITY_ID, c.QUOTE_ID, c.OWNER})
LISTED = 5  # cells a value finding lists by row and value


class Collector:
    """Turns masks of bad cells into problems, listing at most MAX_ROWS_PER_RULE rows per rule."""

    def __init__(self, problems: list[Problem], raw: RawFrame, table: str):
        self.problems, self.raw, self.table = problems, raw, table

    def whole(self, *, column: str | None, value: str | None, rule: str, expected: str, fix: str,
              row: int | None = None, expected_zh: str | None = None, fix_zh: str | None = None) -> None:
        self.problems.append(Problem(file=self.raw.file, sheet=self.raw.sheet, row=row, column=column, value=value,
                                     expected=expected, fix=fix.replace("<table>", self.table), table=self.table,
                                     rule=rule, expected_zh=expected_zh,
                                     fix_zh=None if fix_zh is None else fix_zh.replace("<table>", self.table)))

    def cells(self, mask: pd.Series, values: pd.Series, *, column: str, rule: str, expected: str, fix: str,
              expected_zh: str | None = None, fix_zh: str | None = None) -> None:
        if not mask.any():
            return
        rows = self.raw.frame.loc[mask, c.SOURCE_ROW]
        bad_values = values[mask]
        for row, value in zip(rows.iloc[:MAX_ROWS_PER_RULE], bad_values.iloc[:MAX_ROWS_PER_RULE]):
            self.whole(column=column, value=None if pd.isna(value) else str(value), rule=rule,
                       expected=expected, fix=fix, row=int(row), expected_zh=expected_zh, fix_zh=fix_zh)
        extra = int(mask.sum()) - MAX_ROWS_PER_RULE
        if extra > 0:
            self.whole(column=column, value=f"{extra} more rows", rule=rule, expected=expected,
                       fix=fix + f" (same problem in {extra} further rows, e.g. row {int(rows.iloc[-1])})",
                       expected_zh=expected_zh,
                       fix_zh=None if fix_zh is None
                       else fix_zh + f"（另有 {extra} 行同样的问题，例如第 {int(rows.iloc[-1])} 行）")

    def listed(self, mask: pd.Series, values: pd.Series, *, show: Callable = str, column: str, rule: str,
               expected: str, fix: str, expected_zh: str, fix_zh: str) -> None:
        """One problem for the cells under ``mask``: the first rows with their ``values`` (as ``show`` writes
        them), and how many."""
        if not mask.any():
            return
        rows = self.raw.frame.loc[mask, c.SOURCE_ROW]
        n = int(mask.sum())
        picked = mask[mask].index[:LISTED]
        cells = "; ".join(f"row {int(r)}: {show(v)}" for r, v in zip(rows.iloc[:LISTED], values.loc[picked]))
        self.whole(column=column, value=cells + (f"; ... ({n} cells)" if n > LISTED else ""), rule=rule,
                   row=int(rows.iloc[0]), expected=expected, fix=fix, expected_zh=expected_zh, fix_zh=fix_zh)

    def refused(self, mask: pd.Series, cells: pd.Series, notes: Collector, *, blocking: bool, column: str,
                rule: str, expected: str, fix: str, expected_zh: str, fix_zh: str) -> None:
        """Values the analyses cannot use: a problem per cell in a required field, else one finding (the cells
        are left empty)."""
        if blocking:
            self.cells(mask, cells, column=column, rule=rule, expected=expected, fix=fix, expected_zh=expected_zh,
                       fix_zh=fix_zh)
        else:
            notes.listed(mask, cells, show=visible, column=column, rule=rule, expected=expected,
                         fix="left empty, so the analyses leave these values out; " + fix, expected_zh=expected_zh,
                         fix_zh="已留空，分析中不使用这些值；" + fix_zh)


def visible(value) -> str:
    """A cell as text with its invisible characters spelled out (``'C\\u200b001'``)."""
    return repr(value) if isinstance(value, str) else str(value)


def screen_cells(f: Field, cells: pd.Series, label: str, col: Collector, notes: Collector, *,
                  blocking: bool) -> tuple[pd.Series, pd.Series]:
    """Cells cleaned before parsing: control characters removed, ids in one spelling, Excel error values refused.

    Returns the cells and the mask of refused ones (now empty; a problem or a finding names each).
    """
    original = cells
    cells, controls = parsing.strip_controls(cells)
    notes.listed(controls, original, show=visible, column=label, rule="control_characters",
                 expected="text without control characters (NUL, BEL, ESC, ...)",
                 fix="removed from these cells, the rest of each value kept; ask the client to clean the source "
                     "system", expected_zh="不含控制字符（NUL、BEL、ESC 等）的文本",
                 fix_zh="已从这些单元格中删除控制字符，其余内容保留；请客户清理源系统中的数据")
    if f.kind == "id" or f.name in ID_FIELDS:
        before = cells
        cells, changed = parsing.normalise_ids(cells)
        shown = pd.Series([f"{visible(a)} read as {b!r}" for a, b in zip(before[changed], cells[changed])],
                          index=changed[changed].index, dtype=object)
        notes.listed(changed, shown, column=label, rule="id_normalised",
                     expected="one spelling per id: no zero-width or text-direction characters, no full-width "
                              "letters or digits",
                     fix="read as shown, so the same id matches across the tables; correct the spelling in the "
                         "source system",
                     expected_zh="每个编号只有一种写法：不含零宽字符或文字方向控制符，不用全角字母或数字",
                     fix_zh="已按所示读取，同一编号在各表之间仍能对应；请在源系统中改正写法")
    errors = parsing.excel_errors(cells)
    if not errors.any():
        return cells, errors
    found = pd.unique(cells[errors].astype(str).str.strip().str.upper())
    if blocking:
        for row, value in zip(col.raw.frame.loc[errors, c.SOURCE_ROW].iloc[:MAX_ROWS_PER_RULE],
                              cells[errors].iloc[:MAX_ROWS_PER_RULE]):
            value = str(value).strip()
            col.whole(column=label, value=value, rule="excel_error", row=int(row),
                      expected=f"a value ({f.name} is required); the cell holds an Excel error value {value}: "
                               "a formula failed in the client's workbook",
                      fix="correct the formula in the client's workbook (or paste its values) and export again",
                      expected_zh=f"一个值（{f.name} 为必填）；该单元格是 Excel 错误值 {value}："
                                  "客户工作簿中的公式计算失败",
                      fix_zh="在客户的工作簿中改正公式（或粘贴为数值）后重新导出")
    else:
        notes.listed(errors, cells, show=lambda v: str(v).strip(), column=label, rule="excel_error",
                     expected=f"a value, not an Excel error value ({', '.join(found)}): a formula failed in the "
                              "client's workbook",
                     fix="left empty; correct the formula in the client's workbook (or paste its values) and "
                         "export again",
                     expected_zh=f"一个值，而不是 Excel 错误值（{'、'.join(found)}）：客户工作簿中的公式计算失败",
                     fix_zh="已留空；请在客户的工作簿中改正公式（或粘贴为数值）后重新导出")
    return cells.where(~errors), errors


def empty_finding(col: Collector, f: Field, label: str, on_empty: str, empty: pd.Series,
                   frame: pd.DataFrame) -> None:
    """One finding for a required field's empty cells that were kept (``on_empty``: ``unknown`` or ``keep``)."""
    n = int(empty.sum())
    rows = frame.loc[empty, c.SOURCE_ROW]
    example = ", ".join(str(int(r)) for r in rows.iloc[:5]) + (" ..." if n > 5 else "")
    if on_empty == "unknown":
        col.whole(column=label, value=example, rule="required_empty_unknown", row=int(rows.iloc[0]),
                  expected=f"a {f.name.replace('_', ' ')} in every row: {n} row(s) empty",
                  fix="kept and counted as Unknown; fill the cells in the source system and export again",
                  expected_zh=f"每行都有{f.zh}：{n} 行为空",
                  fix_zh="这些行已保留并记为“未知”；请在源系统中补填后重新导出")
    else:
        col.whole(column=label, value=f"{n} empty cell(s)", rule="required_empty_kept", row=int(rows.iloc[0]),
                  expected=f"a value ({f.name} is required; client.yaml says if_empty: keep)",
                  fix="analyses leave these rows out where they need the value",
                  expected_zh=f"一个值（{f.name} 为必填；client.yaml 设置了 if_empty: keep）",
                  fix_zh="需要该值的分析会跳过这些行")
