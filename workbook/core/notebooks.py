"""The kit's own folders (its notebooks and the firm's templates) and which notebooks a render or a workshop runs.

An installed kit carries the top-level ``notebooks/`` and ``templates/`` inside the package (the wheel maps them
to ``workbook/notebooks`` and ``workbook/templates``), found with :mod:`importlib.resources`; a source checkout
(or an editable install) reads them where they are, beside the package.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from workbook.exceptions import WorkbookError

__all__ = ["installed", "kit_folder", "notebooks_dir", "list_notebooks"]

KIT_FOLDERS = ("notebooks", "templates")


def kit_folder(name: str) -> Path:
    """The kit's own folder ``name`` (one of :data:`KIT_FOLDERS`): the package's copy in an installed kit, else the
    source checkout's top-level folder.

    >>> kit_folder("notebooks").joinpath("00_data_overview.ipynb").is_file()
    True
    """
    if name not in KIT_FOLDERS:
        raise ValueError(f"unknown kit folder {name!r}; one of {', '.join(KIT_FOLDERS)}")
    if installed():  # package data, unpacked by pip
        return Path(str(resources.files("workbook").joinpath(name)))
    return Path(__file__).resolve().parents[2] / name


def installed() -> bool:
    """Whether this kit is an installed package (its notebooks are package data), not a source checkout."""
    return resources.files("workbook").joinpath("notebooks").is_dir()


def notebooks_dir(path: str | Path | None = None) -> Path:
    """The notebooks folder: ``path``, else ``$WORKBOOK_NOTEBOOKS_DIR``, else the kit's ``notebooks/``."""
    env = os.environ.get("WORKBOOK_NOTEBOOKS_DIR")
    folder = Path(path) if path else Path(env) if env else kit_folder("notebooks")
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
