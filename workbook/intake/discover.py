"""Which raw file (or sheet) holds which table, and which header holds which field.

``client.yaml``'s ``tables:`` map first; then sheet and file names in either language
(``customers`` / ``客户``); headers matched case- and whitespace-insensitively, in English,
Chinese or both (``客户编号 (customer_id)``).

Every source stays inside ``data/raw/``: a link that leads out of it, or a ``tables.<table>.file``
(or ``join.file``) with ``../`` or an absolute path, is a problem naming the entry unless client.yaml
says ``allow_outside: true``; and every source is held to client.yaml's ``limits:`` before it is opened.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbook.core.config import ClientConfig
from workbook.core.schema import DICTIONARY_SHEETS, TABLES, Field, Table, normalise_token, table_for_name
from workbook.exceptions import Problem, ReadFailure
from workbook.intake.bounds import check_file
from workbook.intake.readers import EXCEL_SUFFIXES, RAW_SUFFIXES, list_sheets

__all__ = ["discover", "match_headers"]


# --------------------------------------------------------------------------- discovery

@dataclass(frozen=True)
class _Source:
    table: str
    path: Path
    sheet: str | None


def _configured(config: ClientConfig) -> set[tuple[str, str | None]]:
    """(file, sheet) pairs client.yaml assigns; sheet None means the whole file."""
    taken = set()
    for spec in config.tables.values():
        if spec.file:
            taken.add((spec.file, spec.sheet))
        if spec.join:
            taken.add((spec.join.file, spec.join.sheet))
    return taken


def outside(path: Path, raw_dir: Path) -> Path | None:
    """Where ``path`` really leads when that is outside ``raw_dir`` (links and ``..`` followed), else None.

    >>> import tempfile
    >>> raw = Path(tempfile.mkdtemp())
    >>> outside(raw / "leads.csv", raw) is None
    True
    >>> outside(raw / "../other/leads.csv", raw) == raw.parent.resolve() / "other" / "leads.csv"
    True
    """
    target = path.resolve()
    return None if target.is_relative_to(raw_dir.resolve()) else target


def _kept_inside(entry: str, path: Path, raw_dir: Path, config: ClientConfig, problems: list[Problem],
                 findings: list[Problem], *, key: str | None = None, table: str | None = None) -> bool:
    """False (with a problem naming the entry) when ``path`` leads outside ``raw_dir`` and that is not allowed.

    ``key`` is the client.yaml key that names the file (``tables.leads.file``), None for a file found in
    ``data/raw/`` itself (a link).
    """
    target = outside(path, raw_dir)
    if target is None:
        return True
    named = f"{key}: {entry}" if key else f"{entry} (a link)"
    if config.allow_outside:
        findings.append(Problem(file=entry, sheet=None, row=None, column=None, value=f"{named} -> {target}",
                                table=table, rule="outside_raw",
                                expected="a file inside data/raw/", fix="read because allow_outside: true",
                                expected_zh="data/raw/ 中的文件", fix_zh="因 allow_outside: true 而读取"))
        return True
    if key:
        fix = (f"copy the file into data/raw/ and set {key} to its name, or set allow_outside: true in client.yaml "
               "if reading it from there is intended")
        fix_zh = (f"把文件复制到 data/raw/ 并把 {key} 改为其文件名；"
                  "若确需从该处读取，在 client.yaml 中设置 allow_outside: true")
    else:
        fix = ("replace the link with a copy of the file, or set allow_outside: true in client.yaml if reading it "
               "from there is intended")
        fix_zh = "用文件的副本替换该链接；若确需从该处读取，在 client.yaml 中设置 allow_outside: true"
    problems.append(Problem(file=entry, sheet=None, row=None, column=None, value=f"{named} -> {target}",
                            table=table, rule="outside_raw",
                            expected="a file inside data/raw/ (another folder may hold another client's data)",
                            fix=fix, expected_zh="data/raw/ 中的文件（其他文件夹可能是其他客户的数据）", fix_zh=fix_zh))
    return False


def _within_limits(path: Path, config: ClientConfig, problems: list[Problem], table: str | None = None) -> bool:
    """False (with the problem) when ``path`` passes a bound of ``limits:``; a missing file is left to the reader."""
    if not path.exists():
        return True
    try:
        check_file(path, config.limits)
    except ReadFailure as exc:
        problems.append(Problem(**{**exc.problem.as_dict(), "table": table or exc.problem.table}))
        return False
    return True


def discover(raw_dir: Path, config: ClientConfig, problems: list[Problem],
             findings: list[Problem]) -> list[_Source]:
    """Find one source per table: config first, then sheet and file names in either language.

    A source outside ``raw_dir`` (see :func:`outside`) or beyond client.yaml's ``limits:`` is a problem and
    is left out.
    """
    found: dict[str, list[_Source]] = {}
    for table, spec in config.tables.items():
        if spec.file:
            path = raw_dir / spec.file
            if (_kept_inside(spec.file, path, raw_dir, config, problems, findings, key=f"tables.{table}.file",
                             table=table)
                    and _within_limits(path, config, problems, table)):
                found.setdefault(table, []).append(_Source(table, path, spec.sheet))
        if spec.join:
            path = raw_dir / spec.join.file
            if _kept_inside(spec.join.file, path, raw_dir, config, problems, findings,
                            key=f"tables.{table}.join.file", table=table):
                _within_limits(path, config, problems, table)
    taken = _configured(config)
    files = sorted(p for p in raw_dir.iterdir() if p.is_file()) if raw_dir.is_dir() else []
    for path in files:
        if (path.name, None) in taken or path.name.startswith(("~$", ".")):
            continue
        if not _kept_inside(path.name, path, raw_dir, config, problems, findings, table=table_for_name(path.stem)):
            continue
        if path.suffix.lower() in RAW_SUFFIXES and not _within_limits(path, config, problems,
                                                                      table_for_name(path.stem)):
            continue
        if path.suffix.lower() not in RAW_SUFFIXES:
            findings.append(Problem(file=path.name, sheet=None, row=None, column=None, value=None,
                                    rule="ignored_file", expected=f"a {'/'.join(RAW_SUFFIXES)} file",
                                    fix="not read; remove it or save it as .xlsx/.csv",
                                    expected_zh=f"{'/'.join(RAW_SUFFIXES)} 文件",
                                    fix_zh="未读取；请删除它，或另存为 .xlsx/.csv"))
            continue
        stem_table = table_for_name(path.stem)
        if path.suffix.lower() in EXCEL_SUFFIXES:
            try:
                sheets = list_sheets(path)
            except ReadFailure as exc:
                problems.append(exc.problem)
                continue
            matched = False
            for sheet in sheets:
                if (path.name, sheet) in taken:
                    continue
                table = table_for_name(sheet)
                if table is None and len(sheets) == 1:
                    table = stem_table
                if table is None:
                    if normalise_token(sheet) not in {normalise_token(s) for s in DICTIONARY_SHEETS}:
                        findings.append(Problem(
                            file=path.name, sheet=sheet, row=None, column=None, value=sheet, rule="ignored_sheet",
                            expected=f"a sheet named after a table ({_table_names()})",
                            fix="not read; rename the sheet or point tables.<table>.sheet at it in client.yaml",
                            expected_zh=f"以表名命名的工作表（{_table_names()}）",
                            fix_zh="未读取；请重命名工作表，或在 client.yaml 中用 tables.<table>.sheet 指向它"))
                    continue
                if table in config.tables and config.tables[table].file:
                    continue
                matched = True
                found.setdefault(table, []).append(_Source(table, path, sheet))
            if not matched and stem_table is None and not sheets:
                problems.append(Problem(file=path.name, sheet=None, row=None, column=None, value=None,
                                        rule="empty_file", expected="at least one sheet", fix="export the file again",
                                        expected_zh="至少一个工作表", fix_zh="重新导出该文件"))
        else:
            if stem_table is None:
                findings.append(Problem(
                    file=path.name, sheet=None, row=None, column=None, value=path.stem, rule="ignored_file",
                    expected=f"a file named after a table ({_table_names()})",
                    fix="not read; rename the file or point tables.<table>.file at it in client.yaml",
                    expected_zh=f"以表名命名的文件（{_table_names()}）",
                    fix_zh="未读取；请重命名文件，或在 client.yaml 中用 tables.<table>.file 指向它"))
                continue
            if stem_table in config.tables and config.tables[stem_table].file:
                continue
            found.setdefault(stem_table, []).append(_Source(stem_table, path, None))
    sources = []
    for table, candidates in found.items():
        if len(candidates) > 1:
            where = "; ".join(f"{s.path.name}" + (f" [{s.sheet}]" if s.sheet else "") for s in candidates)
            problems.append(Problem(file=candidates[1].path.name, sheet=candidates[1].sheet, row=None, column=None,
                                    value=where, rule="duplicate_table", table=table,
                                    expected=f"one source for table {table!r}",
                                    fix=f"remove one, or set tables.{table}.file (and sheet) in client.yaml",
                                    expected_zh=f"表 {table!r} 只有一个来源",
                                    fix_zh=f"删除其中一个，或在 client.yaml 中设置 tables.{table}.file（及 sheet）"))
            continue
        sources.append(candidates[0])
    return sorted(sources, key=lambda s: list(TABLES).index(s.table))


def _table_names() -> str:
    return ", ".join(f"{t.name}/{t.zh}" for t in TABLES.values())


# --------------------------------------------------------------------------- headers

_BILINGUAL = re.compile(r"^(.*?)\s*[(（]\s*(.*?)\s*[)）]\s*$")


def _header_tokens(header: str) -> set[str]:
    """A header matches on its whole text or on either half of ``客户编号 (customer_id)``."""
    tokens = {normalise_token(header)}
    match = _BILINGUAL.match(header)
    if match:
        tokens |= {normalise_token(match.group(1)), normalise_token(match.group(2))}
    return tokens - {""}


def _field_tokens(f: Field) -> set[str]:
    return {normalise_token(n) for n in (f.name, f.zh, f.header(), *f.aliases)}


def match_headers(table: Table, headers: list[str]) -> dict[str, str]:
    """Canonical field -> raw header, for headers that name a field in English or Chinese."""
    by_token: dict[str, str] = {}
    for header in headers:
        for token in _header_tokens(header):
            by_token.setdefault(token, header)
    out = {}
    for f in table.fields:
        exact = [by_token[t] for t in (normalise_token(f.name), normalise_token(f.zh)) if t in by_token]
        other = [by_token[t] for t in _field_tokens(f) if t in by_token]
        if exact or other:
            out[f.name] = (exact or sorted(other))[0]
    return out


