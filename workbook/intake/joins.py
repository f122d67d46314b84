"""Files a table needs besides its own: a second file joined by a key, and the header a map names.

:func:`join_file` left-joins ``tables.<table>.join`` onto the main file (unmatched keys are a finding);
:func:`find_header` finds a mapped header however its case and spaces are written; :func:`unreadable_file` is
the problem of a file whose reading failed in a way no rule foresaw.
"""
from __future__ import annotations

from pathlib import Path

from workbook.core import columns as c
from workbook.core.config import ClientConfig, TableSource
from workbook.exceptions import Problem, ReadFailure
from workbook.intake.readers import RawFrame, read_source


def find_header(headers, name: str) -> str | None:
    """The header spelled ``name``, compared case- and whitespace-insensitively.

    >>> find_header(["Deal Stage", "Amount"], "deal  stage")
    'Deal Stage'
    """
    if name in headers:
        return name
    token = "".join(str(name).lower().split())
    for header in headers:
        if "".join(str(header).lower().split()) == token:
            return header
    return None


def unreadable_file(file: str, sheet: str | None, table: str, exc: Exception) -> Problem:
    """The problem of a file whose reading raised an error no rule foresaw, naming the file and the error."""
    reason = f"{type(exc).__name__}: {str(exc)[:200]}"
    return Problem(file=file, sheet=sheet, row=None, column=None, value=reason, table=table, rule="unreadable_file",
                   expected="a file the kit can read as a table",
                   fix="open the file, save it again as .xlsx or CSV UTF-8, and copy it into data/raw/",
                   expected_zh="可以按表格读取的文件", fix_zh="打开该文件，另存为 .xlsx 或 CSV UTF-8 后放回 data/raw/")


def join_file(raw: RawFrame, spec: TableSource, raw_dir: Path, problems: list[Problem],
          findings: list[Problem], table: str, config: ClientConfig) -> RawFrame:
    """Left-join a second file onto the main one by a key (unmatched keys become findings); a join file
    :func:`~workbook.intake.discover.discover` refused (outside data/raw, beyond the limits) is not read."""
    join = spec.join
    if any(p.table == table and p.rule in ("outside_raw", "too_large") and p.file in (join.file, Path(join.file).name)
           for p in problems):
        return raw
    try:
        other = read_source(raw_dir / join.file, join.sheet, limits=config.limits, delimiter=join.delimiter)
    except ReadFailure as exc:
        problems.append(exc.problem)
        return raw
    except Exception as exc:  # noqa: BLE001 - a file no rule foresaw: a problem naming it, never a crash
        problems.append(unreadable_file(Path(join.file).name, join.sheet, table, exc))
        return raw
    left_on = find_header(list(raw.frame.columns), join.on) or join.on
    right_on = find_header(list(other.frame.columns), join.right_on or join.on) or (join.right_on or join.on)
    for frame, key, where in ((raw, left_on, raw), (other, right_on, other)):
        if key not in frame.frame.columns:
            problems.append(Problem(file=where.file, sheet=where.sheet, row=1, column=key, value=None, table=table,
                                    rule="missing_column", expected=f"the join key column {key!r}",
                                    fix=f"correct tables.{table}.join in client.yaml",
                                    expected_zh=f"关联键列 {key!r}",
                                    fix_zh=f"在 client.yaml 中改正 tables.{table}.join"))
            return raw
    right = other.frame.drop(columns=[c.SOURCE_ROW])
    right = right.drop_duplicates(subset=[right_on])
    # joined columns whose header the main file also has are reachable as "joined.<header>"
    clash = [h for h in right.columns if h in raw.frame.columns]
    right = right.rename(columns={h: f"joined.{h}" for h in clash})
    right_key = f"joined.{right_on}" if right_on in clash else right_on
    left_key = raw.frame[left_on].astype("string").str.strip()
    right[right_key] = right[right_key].astype("string").str.strip()
    merged = raw.frame.assign(_join_key=left_key).merge(
        right.assign(_join_key=right[right_key]), on="_join_key", how=join.how)
    unmatched = ~left_key.isin(right[right_key]) & left_key.notna()
    if unmatched.any():
        findings.append(Problem(file=raw.file, sheet=raw.sheet, row=None, column=left_on,
                                value=f"{int(unmatched.sum())} of {len(left_key)} keys", table=table,
                                rule="unmatched_join", expected=f"a matching {right_on} in {other.file}",
                                fix="those rows get empty values for the joined columns",
                                expected_zh=f"{other.file} 中有对应的 {right_on}",
                                fix_zh="这些行的关联列将为空"))
    decimals = tuple((h, join.decimal) for h in right.columns if h != "_join_key") if join.decimal else ()
    return RawFrame(raw.file, raw.sheet, merged.drop(columns=["_join_key"]), raw.decimals + decimals)
