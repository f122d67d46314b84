"""The kit's notebooks: where they are and which ones a render or a workshop runs."""
from __future__ import annotations

import os
from pathlib import Path

from workbook.exceptions import WorkbookError

__all__ = ["notebooks_dir", "list_notebooks"]


def notebooks_dir(path: str | Path | None = None) -> Path:
    """The notebooks folder: ``path``, else ``$WORKBOOK_NOTEBOOKS_DIR``, else the kit's ``notebooks/``."""
    env = os.environ.get("WORKBOOK_NOTEBOOKS_DIR")
    folder = Path(path) if path else Path(env) if env else Path(__file__).resolve().parents[2] / "notebooks"
    if not folder.is_dir():
        raise WorkbookError(f"notebooks folder not found at {folder}; set WORKBOOK_NOTEBOOKS_DIR")
    return folder


def list_notebooks(only: list[str] | None = None, *, notebooks_dir: str | Path | None = None) -> list[Path]:
    """Notebooks ``NN_topic.ipynb`` in order; ``only`` takes names with or without the number prefix."""
    found = sorted(_notebooks_dir(notebooks_dir).glob("[0-9][0-9]_*.ipynb"))
    if not only:
        return found
    wanted = {name.strip().removesuffix(".ipynb") for name in only if name.strip()}
    chosen = [p for p in found if p.stem in wanted or p.stem[3:] in wanted]
    unknown = wanted - {p.stem for p in chosen} - {p.stem[3:] for p in chosen}
    if unknown:
        names = ", ".join(p.stem for p in found)
        raise WorkbookError(f"unknown notebook(s) {', '.join(sorted(unknown))}; available: {names}")
    return chosen


_notebooks_dir = notebooks_dir
