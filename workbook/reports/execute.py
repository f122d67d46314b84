"""Render one client's notebooks into ``reports/``: executed .ipynb and code-free HTML.

Each notebook runs with papermill, parameterised by the client folder (and
language), with the client's own folder as the kernel's working directory.
Before running, the renderer checks the notebook declares ``client_dir`` in a
cell tagged ``parameters`` (a notebook that cannot be pointed at the client
would silently render the sample client). The Excel appendix needs nothing
inserted: :func:`workbook.core.display.show` emits every full table itself.

A notebook whose inputs (notebook, ``client.yaml``, ``data/clean/``, kit version,
parameters) hash as on the last good render is skipped unless ``force``.
Outputs are written to a temporary file and renamed into place, so an
interrupted run leaves the previous report intact; a failing run keeps the
executed notebook with the error as ``NN_topic.failed.ipynb`` next to the
previous good report.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbook.core.io import publish, write_atomic
from workbook.core.notebooks import list_notebooks
from workbook.core.paths import CLEAN_DIR, REPORTS_DIR, clean_fingerprint
from workbook.exceptions import RenderError, WorkbookError
from workbook.reports.kernels import KERNEL, kernel_manager_class

REPORTS = REPORTS_DIR
STATE_DIR = ".inputs"  # reports/.inputs/<notebook>.sha256: the inputs of the last good render


@dataclass(frozen=True)
class NotebookResult:
    """What happened to one notebook of one client.

    ``status`` is ``ok``, ``skipped`` (inputs unchanged) or ``failed``; ``ok``
    is true for the first two. For a failure, ``cell`` says where (``In [7]``,
    ``parameters`` or ``start-up``), ``ename``/``evalue`` what, and ``executed``
    is the executed notebook holding the error.
    """

    client: str
    notebook: str
    ok: bool
    seconds: float
    error: str = ""
    html: Path | None = None
    status: str = "ok"
    cell: str = ""
    ename: str = ""
    evalue: str = ""
    executed: Path | None = None


def to_html(notebook_path: Path, *, lang: str = "zh") -> str:
    """Code-free, self-contained, offline HTML of an executed notebook (images and CJK font embedded).

    Recorded figures, captured tables and the parameter cells are left out;
    client text in outputs is sanitised (see :func:`workbook.reports.html.export_html`).
    """
    import nbformat

    from workbook.reports.html import export_html

    return export_html([nbformat.read(notebook_path, as_version=4)], lang=lang)


def kit_digest() -> str:
    """The kit version: a new release re-renders every report (while developing, use ``force``)."""
    from workbook.core.version import __version__

    return __version__


def inputs_digest(client_dir: Path, notebook: Path, params: dict) -> str:
    """SHA-256 of what a rendered notebook depends on: notebook, client.yaml, data/clean/, kit version, parameters."""
    digest = hashlib.sha256()
    digest.update(kit_digest().encode())
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    digest.update(notebook.read_bytes())
    config = client_dir / "client.yaml"
    digest.update(config.read_bytes() if config.exists() else b"-")
    clean = client_dir / CLEAN_DIR
    digest.update(_clean_digest(str(clean.resolve()), clean_fingerprint(clean)).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=64)
def _clean_digest(clean: str, fingerprint: str) -> str:
    """SHA-256 of every file's path and bytes in ``data/clean/``; read once per batch for all of a client's
    notebooks (``fingerprint``, of the files' names, sizes and times, says when to read again)."""
    digest = hashlib.sha256()
    root = Path(clean)
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


def client_language(client_dir: Path) -> str:
    """The report language of ``client.yaml`` (``zh`` when it cannot be read)."""
    from workbook.core.config import load_config

    try:
        return load_config(client_dir).language
    except (WorkbookError, OSError, ValueError):
        return "zh"


ENGINES = ("warm", "papermill")

# seconds one cell may run before the notebook fails (a stalled kernel never hangs a batch)
CELL_TIMEOUT = 1800


def declared_parameters(notebook: Path) -> set[str]:
    """Names the notebook's ``parameters`` cell declares (empty when it has none), by papermill's own reading."""
    import papermill

    return set(papermill.inspect_notebook(Path(notebook)))


def prepare(notebook: Path, params: dict, *, declared: set[str] | None = None):
    """The notebook to execute, its parameters checked (papermill inserts their values after ``parameters``).

    Raises
    ------
    RenderError
        No cell tagged ``parameters``, ``client_dir`` not declared in it, or a
        passed parameter the notebook does not declare (papermill would only warn).

    ``declared`` is :func:`declared_parameters` of ``notebook`` when the caller has it already.
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    index = next((i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", [])), None)
    if index is None:
        raise RenderError(f"{notebook.name} has no cell tagged 'parameters'; tag the cell that sets client_dir",
                          client="", notebook=notebook.stem, ename="ParameterError")
    declared = declared_parameters(notebook) if declared is None else declared
    missing = ({"client_dir"} | set(params)) - declared
    if missing:
        raise RenderError(f"{notebook.name}: the parameters cell does not declare {', '.join(sorted(missing))}; "
                          f"add e.g. `client_dir: str = \"\"  # client folder` to it",
                          client="", notebook=notebook.stem, ename="ParameterError")
    return nb


def _failure(exc: Exception) -> tuple[str, str, str]:
    """(cell, exception name, message) of a papermill or kernel error."""
    count = getattr(exc, "exec_count", None)
    source = (getattr(exc, "source", "") or "").strip().splitlines()
    cell = f"In [{count}]" if count else ("start-up" if not source else "")
    if source:
        cell += f" {source[0][:60]}"
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None) or str(exc)
    return cell.strip(), ename, str(evalue).strip().splitlines()[0][:300] if str(evalue).strip() else ""


def _last_started_cell(executed: Path) -> str:
    """``In [N] first line`` of the last code cell papermill started in ``executed`` ("" if none or unreadable)."""
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return ""
    started = [c for c in cells if c.get("cell_type") == "code"
               and c.get("metadata", {}).get("papermill", {}).get("status") not in (None, "pending")]
    if not started:
        return ""
    cell = started[-1]
    source = "".join(cell.get("source", "")).strip().splitlines()
    count = cell.get("execution_count")
    return " ".join(part for part in (f"In [{count}]" if count else "", source[0][:60] if source else "") if part)


OUTPUT_TYPES = ("html", "ipynb", "pdf", "xlsx", "json", "sha256")  # what a render writes


def stale_patterns(stem: str = "*") -> list[str]:
    """Names (glob patterns, in ``reports/``) of the temporaries a render writes, of notebook ``stem`` or all.

    ``.NN_topic.<random>.running.ipynb`` while a notebook runs; with ``*``, also ``.<output>.<random>.tmp``
    while an output (.html, .ipynb, .pdf, .xlsx, .json, .sha256) is written (:func:`workbook.core.io.write_atomic`),
    ``.<name>.pdf.<random>.pdf`` and the folder ``.typst-XXXXXXXX`` while Typst lays out a PDF, and the folder
    ``.staging-XXXXXXXX.tmp`` the combined outputs are written into before they replace the previous ones together,
    and ``.appendix/.<name>.json.<random>.tmp`` while a kernel writes an appendix table's rows
    (:func:`workbook.core.display.appendix_rows`).
    """
    from workbook.core.display import APPENDIX_DIR
    from workbook.core.swap import STAGING_PATTERN, TEMP_RANDOM

    running = f".{'[0-9][0-9]_*' if stem == '*' else stem}.*.running.ipynb"
    if stem != "*":
        return [running]
    return [running, *(f".*.{kind}.*.tmp" for kind in OUTPUT_TYPES), f"{STATE_DIR}/.*.sha256.*.tmp",
            f"{APPENDIX_DIR}/.*.json.*.tmp", ".*.pdf.*.pdf", f".typst-{TEMP_RANDOM}", STAGING_PATTERN]


def remove_stale(client_dir: Path, stem: str = "*") -> list[Path]:
    """Delete the temporaries a killed render left in ``reports/`` (of notebook ``stem``, default all).

    Every temporary is renamed or removed when its step finishes, so any found before a render starts
    belong to a render that was killed. Only names a render writes are removed (:func:`stale_patterns`),
    and never through a symlink: a ``reports/`` (or ``reports/.inputs/``) that is a symlink is left alone,
    and a symlink by such a name is unlinked, not followed. Returns what was removed.
    """
    import shutil

    reports = Path(client_dir) / REPORTS
    if reports.is_symlink() or not reports.is_dir():
        return []
    removed = []
    for pattern in stale_patterns(stem):
        folder = pattern.split("/")[0] if "/" in pattern else None
        if folder is not None and (reports / folder).is_symlink():
            continue
        for path in reports.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def error_text(exc: BaseException, where: Path) -> str:
    """``Name: message`` of an error; a file-system error that names no file (a full disk) names ``where``.

    >>> import errno
    >>> error_text(OSError(errno.ENOSPC, "No space left on device"), Path("/c/reports"))
    'OSError: No space left on device, writing in /c/reports: free some disk space and render again'
    """
    return f"{type(exc).__name__}: {_message(exc, where)}"


def _message(exc: BaseException, where: Path) -> str:
    import errno

    if not _unnamed_os_error(exc):
        return str(exc)
    fix = ": free some disk space and render again" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
    return f"{exc.strerror or exc}, writing in {where}{fix}"


def _unnamed_os_error(exc: BaseException) -> bool:
    """A file-system error that names no file (a write to a full disk); not a timeout (also an OSError)."""
    return isinstance(exc, OSError) and exc.errno is not None and not exc.filename


def _whole_notebook(path: Path) -> bool:
    """Whether ``path`` holds a complete notebook (a full disk can leave one cut off)."""
    try:
        return path.stat().st_size > 0 and "cells" in json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


def _inputs(client_dir, notebook, lang: str | None, parameters: dict | None) -> tuple[Path, Path, dict]:
    """(client folder, notebook, the parameters passed), resolved.

    The parameters the notebook runs with may add ``interactive=False`` (:func:`run_parameters`); that
    follows from the notebook's text, so the inputs' digest, which holds the text, need not read the cell.
    """
    client_dir = Path(client_dir).resolve()
    params = {"client_dir": str(client_dir), "lang": lang or client_language(client_dir), **(parameters or {})}
    return client_dir, Path(notebook).resolve(), params


def run_parameters(params: dict, declared: set[str]) -> dict:
    """The parameters a notebook runs with: ``params``, and ``interactive=False`` if it declares it."""
    params = dict(params)
    if "interactive" in declared:
        # a report is static: no live controls, and no widget comms, which can stall nbclient (jupyter/nbclient#312)
        params.setdefault("interactive", False)
    return params


def _current(out: Path, html: Path | None, state: Path, digest: str) -> bool:
    return out.exists() and (html is None or html.exists()) and state.exists() and state.read_text() == digest


def up_to_date(client_dir: Path, notebook: Path, *, lang: str | None = None, parameters: dict | None = None,
               export: bool = True) -> NotebookResult | None:
    """The ``skipped`` result :func:`render_notebook` would return without ``force``, else None (no kernel).

    The batch asks this first, so a re-render with nothing changed starts no worker at all.
    """
    start = time.perf_counter()
    client_dir, notebook, params = _inputs(client_dir, notebook, lang, parameters)
    reports = client_dir / REPORTS
    out, html = reports / notebook.name, reports / f"{notebook.stem}.html"
    if not _current(out, html if export else None, reports / STATE_DIR / f"{notebook.stem}.sha256",
                    inputs_digest(client_dir, notebook, params)):
        return None
    return NotebookResult(client_dir.name, notebook.stem, True, time.perf_counter() - start, html=html,
                          status="skipped", executed=out)


def check_engine(engine: str) -> str:
    """``warm`` or ``papermill``; raises naming the allowed ones."""
    if engine not in ENGINES:
        raise WorkbookError(f"unknown engine {engine!r}; must be one of {', '.join(ENGINES)}")
    return engine


def render_notebook(client_dir: Path, notebook: Path, *, lang: str | None = None,
                    parameters: dict | None = None, force: bool = False, engine: str = "warm",
                    export: bool = True) -> NotebookResult:
    """Execute one notebook for one client, export HTML; never raises for a failing notebook.

    The kernel's working directory is ``client_dir`` and its only path
    parameter is ``client_dir``. Returns status ``skipped`` when the inputs are
    unchanged since the last good render and ``force`` is false. ``engine``
    ``warm`` runs it on this worker's warm kernel (:mod:`workbook.reports.kernels`),
    ``papermill`` on a kernel of its own; both through papermill, with the same outputs.
    ``export=False`` leaves the HTML page to the caller (the batch writes a client's pages in one
    pass with its report, :func:`workbook.reports.combined.build_reports`).
    """
    import papermill as pm

    check_engine(engine)
    start = time.perf_counter()
    client_dir, notebook, params = _inputs(client_dir, notebook, lang, parameters)
    reports = client_dir / REPORTS
    reports.mkdir(parents=True, exist_ok=True)
    out, html = reports / notebook.name, reports / f"{notebook.stem}.html"
    failed = reports / f"{notebook.stem}.failed.ipynb"
    state = reports / STATE_DIR / f"{notebook.stem}.sha256"
    remove_stale(client_dir, notebook.stem)
    digest = inputs_digest(client_dir, notebook, params)
    if not force and _current(out, html if export else None, state, digest):
        return NotebookResult(client_dir.name, notebook.stem, True, time.perf_counter() - start, html=html,
                              status="skipped", executed=out)
    declared = declared_parameters(notebook)
    params = run_parameters(params, declared)

    def fail(cell: str, ename: str, evalue: str, executed: Path | None) -> NotebookResult:
        where = f" (see {executed.name})" if executed else ""
        return NotebookResult(client_dir.name, notebook.stem, False, time.perf_counter() - start,
                              f"{cell}: {ename}: {evalue}{where}", status="failed", cell=cell, ename=ename,
                              evalue=evalue, executed=executed)

    try:
        nb = prepare(notebook, params, declared=declared)
    except RenderError as exc:
        return fail("parameters", exc.ename or "ParameterError", str(exc), None)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{notebook.stem}.", suffix=".running.ipynb", dir=reports)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        run = {"parameters": params, "kernel_name": KERNEL, "progress_bar": False, "log_output": False,
               "execution_timeout": CELL_TIMEOUT}
        try:  # the kernel's cwd is the client's folder (no chdir of this process: safe in threads too)
            if engine == "warm":
                from workbook.reports import kernels

                kernels.execute(nb, tmp, client_dir, **run)
            else:
                pm.execute_notebook(nb, str(tmp), kernel_manager_class=kernel_manager_class(),
                                    resources={"metadata": {"path": str(client_dir)}}, **run)
        except Exception as exc:  # papermill raises PapermillExecutionError for a failing cell
            cell, ename, evalue = _failure(exc)
            if _unnamed_os_error(exc):  # papermill could not write it (a full disk)
                cell, evalue = "writing the notebook", _message(exc, reports)
            executed = None
            whole = _whole_notebook(tmp)  # a notebook cut off by a full disk is not kept
            if cell in {"", "start-up"} and whole:
                cell = _last_started_cell(tmp) or cell  # a timeout or a dead kernel: the cell that was running
            if whole:
                try:
                    executed = publish(tmp, failed)
                except OSError:
                    pass
            return fail(cell, ename, evalue, executed)
        try:
            if export:
                write_atomic(html, to_html(tmp, lang=params["lang"]))
            publish(tmp, out)
            write_atomic(state, digest)
        except OSError as exc:  # a full disk: the previous outputs stay, the message says where
            return fail("writing the outputs", type(exc).__name__, _message(exc, reports), None)
        failed.unlink(missing_ok=True)
    finally:
        tmp.unlink(missing_ok=True)
    return NotebookResult(client_dir.name, notebook.stem, True, time.perf_counter() - start, html=html,
                          executed=out)


def render_client(client_dir: str | Path, *, only: list[str] | None = None, lang: str | None = None,
                  on_done: Callable[[NotebookResult], None] | None = None, force: bool = False,
                  notebooks_dir: str | Path | None = None, engine: str = "warm") -> list[NotebookResult]:
    """Render every (or the chosen) notebook for one client, one after another; one result per notebook.

    For many clients, in parallel, with the combined report: :func:`workbook.reports.batch.render_batch`.
    Holds the client's lock (:func:`workbook.core.lock.client_lock`): a validate or a render of the same
    client meanwhile fails at once.
    """
    from workbook.core.lock import client_lock

    results = []
    with client_lock(client_dir):
        for notebook in list_notebooks(only, notebooks_dir=notebooks_dir):
            result = render_notebook(Path(client_dir), notebook, lang=lang, force=force, engine=engine)
            results.append(result)
            if on_done:
                on_done(result)
    return results


def raise_for_failures(results: list[NotebookResult]) -> None:
    """Raise :class:`RenderError` naming the first failed notebook, if any failed."""
    failed = [r for r in results if not r.ok]
    if failed:
        first = failed[0]
        raise RenderError(f"{len(failed)} notebook(s) failed; first: {first.client}/{first.notebook}: {first.error}",
                          client=first.client, notebook=first.notebook, cell=first.cell or None,
                          ename=first.ename or None, evalue=first.evalue or None)
