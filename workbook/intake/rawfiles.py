"""The raw files the mapping assistant reads: every file and sheet in ``data/raw/``, held to the client's limits."""
from __future__ import annotations

from pathlib import Path

from workbook.core.config import ClientConfig
from workbook.core.schema import normalise_token
from workbook.exceptions import ReadFailure
from workbook.intake.discover import outside
from workbook.intake.mapfaults import problem_note, unreadable_note
from workbook.intake.notes import Note
from workbook.intake.readers import (
    EXCEL_SUFFIXES,
    RAW_SUFFIXES,
    RawFrame,
    header_finding,
    list_sheets,
    read_source,
)

__all__ = ["raw_folder", "read_raw_sources"]


def raw_folder(path: str | Path) -> Path:
    """``DIR/data/raw`` when it exists, else ``DIR`` itself."""
    path = Path(path)
    raw = path / "data" / "raw"
    return raw if raw.is_dir() else path


def read_raw_sources(raw_dir: Path, config: ClientConfig | None = None) -> tuple[list[RawFrame], list[str]]:
    """Every readable file and sheet in ``raw_dir`` (dictionary sheets skipped) and notes on what was not read:
    a link leading outside ``raw_dir`` is not followed unless ``config.allow_outside``; every file is held to
    ``config.limits`` before it is opened."""
    config = config or ClientConfig(client_name="-")
    frames, notes = [], []
    for path in sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith(("~$", "."))):
        if path.suffix.lower() not in RAW_SUFFIXES:
            kinds = "/".join(RAW_SUFFIXES)
            notes.append(Note(f"{path.name}: not a {kinds} file, not read", f"{path.name}：不是 {kinds} 文件，未读取"))
            continue
        if normalise_token(path.stem) in ("datadictionary", "readme", "数据字典"):
            notes.append(Note(f"{path.name}: a data dictionary, not read", f"{path.name}：数据字典，未读取"))
            continue
        target = outside(path, raw_dir)
        if target is not None and not config.allow_outside:
            notes.append(Note(f"{path.name}: a link to {target}, outside data/raw/, not read (allow_outside: true "
                              "reads it)", f"{path.name}：指向 data/raw/ 之外的 {target} 的链接，未读取"
                                           "（allow_outside: true 时读取）"))
            continue
        try:
            sheets = list_sheets(path, limits=config.limits) if path.suffix.lower() in EXCEL_SUFFIXES else [None]
        except ReadFailure as exc:
            notes.append(problem_note(exc.problem))
            continue
        except Exception as exc:  # noqa: BLE001 - a file no rule foresaw: a note naming it, never a crash
            notes.append(unreadable_note(path.name, exc))
            continue
        for sheet in sheets:
            where = f"{path.name}{f' [{sheet}]' if sheet else ''}"
            try:
                frames.append(raw := read_source(path, sheet, limits=config.limits))
            except ReadFailure as exc:
                notes.append(problem_note(exc.problem, where))
                continue
            except Exception as exc:  # noqa: BLE001 - as above
                notes.append(unreadable_note(where, exc))
                continue
            if (skipped := header_finding(raw)) is not None:
                notes.append(Note(f"{raw.where}: {skipped.fix}", f"{raw.where}：{skipped.fix_zh}"))
    return frames, notes


