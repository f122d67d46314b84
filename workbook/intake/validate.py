"""Intake: raw client files -> validated canonical tables -> ``data/clean/``.

Intake is the only code that reads ``data/raw/``. It finds each table (by
sheet or file name in English or Chinese, or where ``client.yaml`` points),
maps headers to canonical fields, parses every cell, and gathers **all**
problems before raising one :class:`~workbook.exceptions.DataValidationError`.
Nothing is written to ``data/clean/`` unless the whole intake is valid, and
then atomically. Non-blocking findings (close before create, unknown
customers, future dates, empty optional columns) go to ``quality.json``.

Client cells are screened as they are parsed (:mod:`workbook.intake.parsing`):
control characters are removed and ids get one spelling (each with a finding
naming the cells); Excel error values, non-finite or absurd numbers and dates
outside a plausible range are refused: a problem in a required field, else a
finding and an empty cell, so no analysis meets them. Dates whose day and month
order no cell settles get a finding saying which order was read.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.client import CLEAN_DIR, RAW_DIR
from workbook.core.config import ClientConfig, ColumnSpec, TableSource, load_config
from workbook.core.formats import looks_like_formula
from workbook.core.io import write_atomic
from workbook.core.schema import TABLES, UNKNOWN, VOCABULARIES, Field, Table, normalise_token
from workbook.exceptions import DataValidationError, Problem, ReadFailure
from workbook.intake import datecells, parsing
from workbook.intake.cells import MAX_ROWS_PER_RULE, Collector, empty_finding, screen_cells
from workbook.intake.discover import discover, match_headers
from workbook.intake.joins import find_header, join_file, unreadable_file
from workbook.intake.readers import RawFrame, header_finding, read_source
from workbook.intake.zones import sample_zone, zone_finding

# required categories whose blank cells become the code ``unknown`` (unless ``strict: true``): the row is kept
# (a time category stays an error: an unknown category has no kind, so time allocation could not place its hours)
UNKNOWN_WHEN_EMPTY = frozenset({(c.LEADS, c.SOURCE), (c.OPPORTUNITIES, c.STAGE)})
PROBLEMS_FILE = "intake_problems.csv"  # in data/: every problem of a failed intake, for Excel


@dataclass
class IntakeResult:
    """What intake produced: typed tables, where each came from, and non-blocking findings."""

    client_dir: Path
    config: ClientConfig
    tables: dict[str, pd.DataFrame]
    sources: dict[str, str]
    findings: list[Problem] = field(default_factory=list)

    def summary(self) -> pd.DataFrame:
        """One row per table: source, rows, fields filled."""
        rows = []
        for name, frame in self.tables.items():
            present = [col for col in frame.columns if col != c.SOURCE_ROW and frame[col].notna().any()]
            rows.append({"table": name, "source": self.sources.get(name, ""), "rows": len(frame),
                         "fields": f"{len(present)}/{len(TABLES[name].fields)}"})
        return pd.DataFrame(rows, columns=["table", "source", "rows", "fields"])


# --------------------------------------------------------------------------- one table

def _value_map(spec_values: dict | None) -> dict[str, object]:
    return {normalise_token(k): v for k, v in (spec_values or {}).items()}


_UNMAPPED = object()


def _apply_value_map(raw: pd.Series, spec_values: dict | None) -> pd.Series:
    """Replace mapped values; a value mapped to null empties the cell; the key ``""`` fills empty cells.

    >>> _apply_value_map(pd.Series(["Won", "Closed Lost", None, "x"]), {"won": "won", "closed lost": None, "": "open"}
    ...                  ).tolist()
    ['won', None, 'open', 'x']
    """
    if not spec_values:
        return raw
    lookup = _value_map(spec_values)
    source = raw
    if "" in lookup:
        source = raw.astype(object).where(~parsing.empty_mask(raw), "")
    mapped = parsing.map_tokens(source, {k: (_UNMAPPED if v is None else v) for k, v in lookup.items()})
    out = mapped.where(mapped.notna(), source.astype(object))
    return out.mask(out.map(lambda v: v is _UNMAPPED), None)


def _vocab_lookup(f: Field, config: ClientConfig) -> tuple[dict[str, str], str, str, str]:
    """Lookup, allowed-values text and the fix (English, Chinese) for a vocabulary, stage or category field."""
    if f.kind == "stage":
        allowed = ", ".join(f"{s.name}/{s.label_zh}" for s in config.stages)
        return config.stage_lookup(), allowed, (
            "use one of the stages, add the stage to `stages` in client.yaml, or map the value with "
            f"tables.<table>.columns.{f.name}.values"), (
            "使用已有的阶段之一，在 client.yaml 的 `stages` 中添加该阶段，或用 "
            f"tables.<table>.columns.{f.name}.values 映射该值")
    if f.kind == "category":
        allowed = ", ".join(f"{t.name}/{t.label_zh}" for t in config.time_categories)
        return config.category_lookup(), allowed, (
            "use one of the categories, add it to `time_categories` in client.yaml (with its kind and "
            f"offloadable flag), or map it with tables.time_log.columns.{f.name}.values"), (
            "使用已有的类别之一，在 client.yaml 的 `time_categories` 中添加它（含 kind 和 offloadable），"
            f"或用 tables.time_log.columns.{f.name}.values 映射该值")
    vocab = VOCABULARIES[f.vocab]
    return vocab.lookup(), vocab.allowed(), (
        f"use the drop-down values of the intake template, or map the value in client.yaml with "
        f"tables.<table>.columns.{f.name}.values"), (
        "使用数据收集模板中的下拉选项，或在 client.yaml 中用 "
        f"tables.<table>.columns.{f.name}.values 映射该值")


def parse_table(table: Table, raw: RawFrame, spec: TableSource | None, config: ClientConfig,
                problems: list[Problem], findings: list[Problem] | None = None, *,
                offset_columns: list[tuple[str, str, str]] | None = None) -> pd.DataFrame:
    """Map and parse one raw frame into the canonical table (problems appended, never raised).

    ``offset_columns``: when given, (table, file, header) of each date column written with a UTC offset is
    appended (the client's one time-zone finding names them, :func:`workbook.intake.zones.zone_finding`).
    """
    col = Collector(problems, raw, table.name)
    notes = Collector(findings if findings is not None else [], raw, table.name)
    bounds = parsing.date_bounds(config.period.end if config.period is not None else None, config.report_date)
    frame = raw.frame
    headers = [h for h in frame.columns if h != c.SOURCE_ROW]
    sources = _field_sources(table, frame, headers, spec, col, notes)
    out = pd.DataFrame(index=frame.index)
    labels = {name: label for name, (_, label, _) in sources.items()}
    dated = [name for name in sources if table.field(name).kind == "date"]
    zone, assumed = datecells.table_zone(config.timezone, [sources[name][0] for name in dated])
    decimal = spec.decimal if spec is not None and spec.decimal else parsing.decimal_mark(
        [sources[name][0] for name in sources if table.field(name).kind in ("int", "number", "share")])
    joined_decimals = dict(raw.decimals)  # columns of a joined file whose join sets its decimal mark
    for name, (cells, label, colspec) in sorted(sources.items(), key=lambda item: item[0] == c.STAGE):
        f = table.field(name)  # a deal's stage after its status: a closed deal may have left the funnel's stages
        try:
            _one_field(out, f, table, cells, label, colspec, config, col, notes, findings, frame, bounds=bounds,
                       zone=zone, decimal=joined_decimals.get(label, decimal), expected_empty=_closed(table, out))
        except Exception as exc:  # noqa: BLE001 - a cell no rule foresaw: a problem naming it, never a crash
            out[f.name] = pd.Series(pd.NA, index=frame.index, dtype=object)
            col.whole(**_failed_cell(f, cells, label, exc, frame, config, zone=zone, decimal=decimal))
    if assumed and findings is not None:
        datecells.zone_finding(notes, zone, [labels[name] for name in dated])
    if offset_columns is not None:
        offset_columns += [(table.name, raw.where, labels[name]) for name in dated
                           if datecells.has_offset(sources[name][0])]
    out = out[[name for name in sources if name in out]]  # the fields in the table's order
    out[c.SOURCE_ROW] = frame[c.SOURCE_ROW].astype("int64")
    if table.key and table.key in out:
        _check_unique(out, table.key, labels.get(table.key, table.key), col)
    return out


def _field_sources(table: Table, frame: pd.DataFrame, headers: list[str], spec: TableSource | None,
                   col: Collector, notes: Collector) -> dict[str, tuple[pd.Series, str, ColumnSpec | None]]:
    """Each field's cells, label and column spec; a mapped column that is missing is a problem for a required
    field and a finding for an optional one (the export may leave it out)."""
    matched = match_headers(table, headers)
    found: dict[str, tuple[pd.Series, str, ColumnSpec | None]] = {}
    for f in table.fields:
        colspec = spec.spec(f.name) if spec else None
        if colspec is not None and colspec.value is not None:
            found[f.name] = (pd.Series([colspec.value] * len(frame), index=frame.index, dtype=object),
                             f"{f.name} (constant)", colspec)
        elif colspec is not None:
            header = find_header(headers, colspec.column)
            if header is not None:
                found[f.name] = (frame[header], header, colspec)
            elif f.required:
                col.whole(column=colspec.column, value=colspec.column, rule="missing_column",
                          expected=f"a column headed {colspec.column!r} (mapped to {f.name} in client.yaml); "
                                   f"found: {', '.join(headers)}",
                          fix=f"correct tables.{table.name}.columns.{f.name} in client.yaml", row=1,
                          expected_zh=f"标题为 {colspec.column!r} 的列（client.yaml 中映射到 {f.name}）；"
                                      f"现有的列：{', '.join(headers)}",
                          fix_zh=f"在 client.yaml 中改正 tables.{table.name}.columns.{f.name}")
            else:
                notes.whole(column=colspec.column, value=colspec.column, rule="missing_optional_column", row=1,
                            expected=f"a column headed {colspec.column!r} (mapped to the optional field {f.name}); "
                                     f"found: {', '.join(headers)}",
                            fix=f"{f.name} is left empty and analyses that need it say so; if the export has it "
                                f"under another header, correct tables.{table.name}.columns.{f.name} in client.yaml",
                            expected_zh=f"标题为 {colspec.column!r} 的列（映射到可选字段 {f.name}）；"
                                        f"现有的列：{', '.join(headers)}",
                            fix_zh=f"{f.name} 留空，需要它的分析会说明；如导出文件中该列的标题不同，请在 client.yaml "
                                   f"中改正 tables.{table.name}.columns.{f.name}")
        elif f.name in matched:
            found[f.name] = (frame[matched[f.name]], matched[f.name], None)
        elif f.required:
            col.whole(column=f.header(), value=None, rule="missing_column", row=1,
                      expected=f"a required column {f.header()!r}; found: {', '.join(headers) or 'no headers'}",
                      fix=f"add the column (see the intake template), or map your header in client.yaml: "
                          f"tables.{table.name}.columns.{f.name}: <your header>",
                      expected_zh=f"必填列 {f.header()!r}；现有的列：{', '.join(headers) or '没有标题'}",
                      fix_zh=f"添加该列（参见数据收集模板），或在 client.yaml 中映射您的列标题："
                             f"tables.{table.name}.columns.{f.name}: <您的列标题>")
    return found


def _closed(table: Table, out: pd.DataFrame) -> pd.Series | None:
    """The deals whose status is won or lost: a stage left empty on them is expected (the deal left the funnel's
    stages when it closed, as a CRM writes a lost deal), not missing data. None for other tables."""
    if table.name != c.OPPORTUNITIES or c.STATUS not in out:
        return None
    return out[c.STATUS].isin(["won", "lost"]).fillna(False).astype(bool)


def _one_field(out: pd.DataFrame, f: Field, table: Table, cells: pd.Series, label: str, colspec: ColumnSpec | None,
               config: ClientConfig, col: Collector, notes: Collector, findings: list[Problem] | None,
               frame: pd.DataFrame, *, bounds: tuple[pd.Timestamp, pd.Timestamp], zone: str | None,
               decimal: str | None, expected_empty: pd.Series | None = None) -> None:
    """Map, screen and parse one field's cells into ``out[f.name]``; a stage left empty on an ``expected_empty``
    row (a closed deal, :func:`_closed`) is no finding."""
    cells = _apply_value_map(cells, colspec.values if colspec else None)
    on_empty = empty_rule(table.name, f, colspec, config) if f.required else "error"
    blocking = f.required and on_empty == "error"
    screened, refused = screen_cells(f, cells, label, col, notes, blocking=blocking)
    out[f.name] = _parse_field(f, screened, label, colspec.format if colspec else None, config, col, notes,
                               required=blocking, refused=refused, bounds=bounds, written=cells, zone=zone,
                               decimal=decimal)
    cells = screened
    empty = out[f.name].isna() & parsing.empty_mask(cells)
    if on_empty == "error" or not empty.any():
        return
    if on_empty == "unknown":
        out[f.name] = out[f.name].astype("string").mask(empty, UNKNOWN)
    if f.name == c.STAGE and expected_empty is not None:
        empty = empty & ~expected_empty
    if findings is not None and (empty & ~refused).any():  # refused cells have their own finding
        empty_finding(notes, f, label, on_empty, empty & ~refused, frame)


def _failed_cell(f: Field, cells: pd.Series, label: str, exc: Exception, frame: pd.DataFrame, config: ClientConfig,
                 *, zone: str | None, decimal: str | None) -> dict:
    """The problem of a column whose reading raised: the first cell that fails on its own, by row and value."""
    kind = {"date": "a date", "int": "a whole number", "number": "a number", "share": "a share",
            "bool": "yes or no"}.get(f.kind, "a value")
    kind_zh = {"date": "日期", "int": "整数", "number": "数字", "share": "比例", "bool": "是或否"}.get(f.kind, "值")
    row, value = None, None
    for index, cell in cells.iloc[:10_000].items():
        one = RawFrame("", None, frame.loc[[index]])
        try:
            _parse_field(f, pd.Series([cell], index=[index], dtype=object), label, None, config,
                         Collector([], one, ""), Collector([], one, ""), required=False,
                         refused=pd.Series([False], index=[index]), bounds=parsing.date_bounds(), zone=zone,
                         decimal=decimal)
        except Exception:  # noqa: BLE001 - this cell is the one that fails
            row, value = int(frame.at[index, c.SOURCE_ROW]), str(cell)
            break
    reason = f"{type(exc).__name__}: {str(exc)[:120]}"
    return {"column": label, "value": value, "row": row, "rule": "unreadable_value",
            "expected": f"{kind} the kit can read ({reason})",
            "fix": f"correct or clear the cell and export again, or map the value in client.yaml: "
                   f"tables.<table>.columns.{f.name}.values",
            "expected_zh": f"可以读取的{kind_zh}（{reason}）",
            "fix_zh": "改正或清空该单元格后重新导出，或在 client.yaml 中映射该值："
                      f"tables.<table>.columns.{f.name}.values"}


def empty_rule(table: str, f: Field, colspec: ColumnSpec | None, config: ClientConfig) -> str:
    """What a blank cell in a required field becomes: ``error``, ``keep`` (left empty) or ``unknown`` (the code).

    ``if_empty`` in the column map decides; by default a required category (:data:`UNKNOWN_WHEN_EMPTY`) becomes
    ``unknown`` unless ``strict: true``, and every other required field (ids, dates, names) is an error.
    """
    if colspec is not None and colspec.if_empty is not None:
        return colspec.if_empty
    return "unknown" if (table, f.name) in UNKNOWN_WHEN_EMPTY and not config.strict else "error"


def _parse_field(f: Field, cells: pd.Series, label: str, fmt: str | None, config: ClientConfig,
                 col: Collector, notes: Collector, *, required: bool, refused: pd.Series,
                 bounds: tuple[pd.Timestamp, pd.Timestamp], written: pd.Series | None = None,
                 zone: str | None = None, decimal: str | None = None) -> pd.Series:
    """Parse ``cells`` (screened) into the field's type; problems and findings show the cells as ``written``."""
    written = cells if written is None else written
    if f.kind in ("id", "text"):
        values, bad = parsing.parse_text(cells)
    elif f.kind in ("int", "number", "share"):
        values, bad = parsing.parse_numbers(cells, share=f.kind == "share", decimal=decimal)
        what = {"int": "a whole number", "number": "a number", "share": "a share such as 0.15 or 15%"}[f.kind]
        what_zh = {"int": "整数", "number": "数字", "share": "比例，例如 0.15 或 15%"}[f.kind]
        infinite = parsing.non_finite(cells, values)
        values, bad = values.mask(infinite), bad & ~infinite
        col.refused(infinite, written, notes, blocking=required, column=label, rule="not_finite",
                    expected=f"{what}: inf and nan are what a failed calculation exports",
                    fix="correct the calculation in the source and export again",
                    expected_zh=f"{what_zh}：inf 和 nan 是计算失败时导出的值", fix_zh="请在源数据中改正计算后重新导出")
        col.cells(bad, written, column=label, rule="not_a_number", expected=what,
                  fix="remove text and units from the cell (thousands separators are fine)",
                  expected_zh=what_zh, fix_zh="删除单元格中的文字和单位（千位分隔符可以保留）")
        absurd = (values.abs() > parsing.MAX_NUMBER).fillna(False).astype(bool)
        values = values.mask(absurd)
        power = int(np.log10(parsing.MAX_NUMBER))
        col.refused(absurd, written, notes, blocking=required, column=label, rule="implausible_number",
                    expected=f"{what} below 10^{power} (no amount, count or revenue reaches it)",
                    fix="check the digits (a pasted id, an overflow?) and correct the value in the source",
                    expected_zh=f"小于 10^{power} 的{what_zh}（任何金额、数量或收入都达不到）",
                    fix_zh="检查数字位数（是否误贴了编号或数值溢出），并在源数据中改正")
        if f.kind != "share":
            negative = values < 0
            col.cells(negative.fillna(False), written, column=label, rule="negative", expected="a value >= 0",
                      fix="correct the sign; refunds or credits belong in a separate column",
                      expected_zh="大于或等于 0 的值", fix_zh="改正正负号；退款或抵扣应放在单独的列中")
        if f.kind == "int":
            fractional = (values.notna() & (values % 1 != 0))
            col.cells(fractional, written, column=label, rule="not_whole", expected="a whole number",
                      fix="round the value", expected_zh="整数", fix_zh="将该值四舍五入")
            values = values.round().astype("Int64")
        bad = pd.Series(False, index=cells.index)
    elif f.kind == "date":
        values = datecells.date_field(f, cells, written, label, col, notes, fmt=fmt, zone=zone, required=required,
                                      bounds=bounds, keep_time=(col.table, f.name) in datecells.TIMED)
        bad = pd.Series(False, index=cells.index)
    elif f.kind == "bool":
        values, bad = parsing.parse_bools(cells)
        col.cells(bad, written, column=label, rule="bad_bool", expected="是/否, Y/N, yes/no, true/false or 1/0",
                  fix=f"use 是 or 否, or map the value in client.yaml: tables.<table>.columns.{f.name}.values",
                  expected_zh="是/否、Y/N、yes/no、true/false 或 1/0",
                  fix_zh=f"填写“是”或“否”，或在 client.yaml 中映射该值：tables.<table>.columns.{f.name}.values")
        bad = pd.Series(False, index=cells.index)
    else:
        lookup, allowed, fix, fix_zh = _vocab_lookup(f, config)
        values, bad = parsing.parse_choice(cells, lookup)
        col.cells(bad, written, column=label, rule="not_in_vocabulary", expected=f"one of: {allowed}", fix=fix,
                  expected_zh=f"以下值之一：{allowed}", fix_zh=fix_zh)
        bad = pd.Series(False, index=cells.index)
    if required:
        missing = values.isna() & ~bad & ~refused
        col.cells(missing & parsing.empty_mask(cells), written, column=label, rule="required_empty",
                  expected=f"a value ({f.name} is required)", fix="fill the cell or delete the row",
                  expected_zh=f"一个值（{f.name} 为必填）", fix_zh="填写该单元格或删除该行")
    return values


def _check_unique(out: pd.DataFrame, key: str, label: str, col: Collector) -> None:
    """A problem for each repeat of an id, naming the row where that id was first seen."""
    dup = out[key].notna() & out[key].duplicated(keep=False)
    if not dup.any():
        return
    first_row = out.loc[dup].groupby(key)[c.SOURCE_ROW].transform("min")
    later = dup & out[key].duplicated(keep="first")
    rows, firsts, values = out.loc[later, c.SOURCE_ROW], first_row[later], out.loc[later, key]
    for row, first, value in zip(rows.iloc[:MAX_ROWS_PER_RULE], firsts.iloc[:MAX_ROWS_PER_RULE],
                                 values.iloc[:MAX_ROWS_PER_RULE]):
        col.whole(column=label, value=str(value), rule="duplicate_id", row=int(row), expected=f"each {key} once",
                  fix=f"remove the duplicate row or give it its own id (first seen in row {int(first)})",
                  expected_zh=f"每个 {key} 只出现一次",
                  fix_zh=f"删除重复的行，或给它一个新的编号（首次出现在第 {int(first)} 行）")
    extra = int(later.sum()) - MAX_ROWS_PER_RULE
    if extra > 0:
        col.whole(column=label, value=f"{extra} more rows", rule="duplicate_id", expected=f"each {key} once",
                  fix=f"remove the duplicate rows or give them their own ids (same problem in {extra} further "
                      f"rows, e.g. row {int(rows.iloc[-1])})",
                  expected_zh=f"每个 {key} 只出现一次",
                  fix_zh=f"删除重复的行，或给它们新的编号（另有 {extra} 行同样的问题，例如第 {int(rows.iloc[-1])} 行）")


# --------------------------------------------------------------------------- the whole intake

def read_client_data(client_dir: str | Path, config: ClientConfig | None = None, *,
                     progress: Callable[[str], None] | None = None) -> IntakeResult:
    """Read, map and validate every raw table; raise if anything blocks. Writes nothing.

    Raises
    ------
    DataValidationError
        With every problem found, each naming file, sheet, row, column, value, expectation and fix.
    """
    client_dir = Path(client_dir)
    config = config or load_config(client_dir)
    raw_dir = client_dir / RAW_DIR
    problems: list[Problem] = []
    findings: list[Problem] = []
    if not raw_dir.is_dir() or not any(raw_dir.iterdir()):
        raise DataValidationError([Problem(
            file=str(RAW_DIR), sheet=None, row=None, column=None, value=None, rule="no_data",
            expected="the client's exports (one workbook with a sheet per table, or one file per table)",
            fix="copy the files into data/raw/; `workbook template` writes a template to send the client",
            expected_zh="客户导出的文件（一个每表一个工作表的工作簿，或每表一个文件）",
            fix_zh="把文件复制到 data/raw/；`workbook template` 可生成发给客户的数据收集模板")])
    tables: dict[str, pd.DataFrame] = {}
    sources: dict[str, str] = {}
    found = discover(raw_dir, config, problems, findings)
    zone = None if config.timezone else sample_zone([source.path for source in found])
    parse_config = config.model_copy(update={"timezone": zone}) if zone else config  # one zone for every table
    offset_columns: list[tuple[str, str, str]] = []
    for source in found:
        if progress:
            progress(f"{source.table}: {source.path.name}" + (f" [{source.sheet}]" if source.sheet else ""))
        spec = config.tables.get(source.table)
        try:
            raw = read_source(source.path, source.sheet, limits=config.limits,
                              delimiter=spec.delimiter if spec else None)
        except ReadFailure as exc:
            problems.append(Problem(**{**exc.problem.as_dict(), "table": source.table}))
            continue
        except Exception as exc:  # noqa: BLE001 - a file no rule foresaw: a problem naming it, never a crash
            problems.append(unreadable_file(source.path.name, source.sheet, source.table, exc))
            continue
        if (skipped := header_finding(raw, source.table)) is not None:
            findings.append(skipped)
        if spec and spec.join:
            raw = join_file(raw, spec, raw_dir, problems, findings, source.table, config)
        tables[source.table] = parse_table(TABLES[source.table], raw, spec, parse_config, problems, findings,
                                           offset_columns=offset_columns)
        sources[source.table] = raw.where
    if zone and offset_columns:
        findings.append(zone_finding(zone, offset_columns))
    for required in (c.CUSTOMERS,):
        if required not in tables and not any(p.table == required for p in problems):
            found = "; ".join(sources.values()) or None
            findings.append(Problem(file=str(RAW_DIR), sheet=None, row=None, column=None, value=found,
                                    table=required, rule="missing_table",
                                    expected=f"a {required} table ({TABLES[required].zh})",
                                    fix="analyses that need it will say so; add it for the full report",
                                    expected_zh=f"{required} 表（{TABLES[required].zh}）",
                                    fix_zh="需要该表的分析会提示；补上它才能生成完整报告"))
    if problems:
        raise DataValidationError(problems)
    from workbook.intake.quality import derive, quality_findings

    tables = derive(tables, config)
    findings += quality_findings(tables, config, sources)
    return IntakeResult(client_dir, config, tables, sources, findings)


def run_intake(client_dir: str | Path, config: ClientConfig | None = None, *,
               progress: Callable[[str], None] | None = None) -> IntakeResult:
    """Validate the raw data and, only if valid, replace ``data/clean/`` atomically.

    An earlier run's problem list (:func:`write_problems`) goes first: it never outlives the next validate.
    """
    problems_path(client_dir).unlink(missing_ok=True)
    result = read_client_data(client_dir, config, progress=progress)
    write_clean(result)
    return result


def problems_path(client_dir: str | Path) -> Path:
    """Where a failed intake's full problem list is written (:func:`write_problems`)."""
    return Path(client_dir) / "data" / PROBLEMS_FILE


def write_problems(problems: list[Problem], client_dir: str | Path) -> Path:
    """Write every problem to ``data/intake_problems.csv`` for Excel (UTF-8 with a BOM); returns the path.

    Client text is data here too: a cell that Excel would read as a formula (``=HYPERLINK(...)``, ``+1``, ``@x``,
    see :func:`workbook.core.formats.looks_like_formula`) is written with a leading apostrophe, shown as text.
    """
    frame = pd.DataFrame([p.as_dict() for p in problems])
    frame = frame.map(lambda v: "'" + v if looks_like_formula(v) else v)
    # CRLF rows (as Excel writes CSV): a carriage return inside a value is then quoted, never a row break
    text = frame.to_csv(index=False, lineterminator="\r\n")
    return write_atomic(problems_path(client_dir), text.encode("utf-8-sig"))


def write_clean(result: IntakeResult) -> Path:
    """Write parquet tables, ``quality.json`` and ``manifest.json`` to a temp dir, then swap it in.

    Under the client's lock (a render reading ``data/clean/`` is never given a new one midway), and
    ``data/clean/`` exists at every instant (:func:`workbook.core.swap.staged_folder`).
    """
    from workbook.core.swap import staged_folder
    from workbook.core.version import __version__

    target = result.client_dir / CLEAN_DIR
    with staged_folder(target, client_dir=result.client_dir) as tmp:
        for name, frame in result.tables.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / "quality.json").write_text(
            json.dumps([p.as_dict() for p in result.findings], ensure_ascii=False, indent=1), encoding="utf-8")
        manifest = {
            "kit_version": __version__,
            "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
            "tables": {name: {"rows": len(frame), "source": result.sources.get(name)}
                       for name, frame in result.tables.items()},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target
