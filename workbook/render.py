"""Render a client's notebooks into ``reports/``: executed .ipynb and code-free HTML.

Each notebook runs with papermill, parameterised by the client folder and
language, in the client's own folder as working directory. Outputs are written
to a temporary file and renamed into place, so an interrupted run leaves the
previous report intact.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbook.exceptions import RenderError, WorkbookError

KERNEL = "python3"


def notebooks_dir() -> Path:
    """The kit's ``notebooks/`` folder (beside the package in a source checkout)."""
    env = os.environ.get("WORKBOOK_NOTEBOOKS_DIR")
    path = Path(env) if env else Path(__file__).resolve().parents[1] / "notebooks"
    if not path.is_dir():
        raise WorkbookError(f"notebooks folder not found at {path}; set WORKBOOK_NOTEBOOKS_DIR")
    return path


def list_notebooks(only: list[str] | None = None) -> list[Path]:
    """Notebooks ``NN_topic.ipynb`` in order; ``only`` takes names with or without the number prefix."""
    found = sorted(p for p in notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    if not only:
        return found
    wanted = {name.strip().removesuffix(".ipynb") for name in only if name.strip()}
    chosen = [p for p in found if p.stem in wanted or p.stem[3:] in wanted]
    unknown = wanted - {p.stem for p in chosen} - {p.stem[3:] for p in chosen}
    if unknown:
        names = ", ".join(p.stem for p in found)
        raise WorkbookError(f"unknown notebook(s) {', '.join(sorted(unknown))}; available: {names}")
    return chosen


@dataclass(frozen=True)
class NotebookResult:
    client: str
    notebook: str
    ok: bool
    seconds: float
    error: str = ""
    html: Path | None = None


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_html(notebook_path: Path) -> str:
    """Code-free, self-contained HTML of an executed notebook (images embedded)."""
    import nbformat
    from nbconvert import HTMLExporter

    from workbook.record import MIME

    nb = nbformat.read(notebook_path, as_version=4)
    for cell in nb.cells:  # recorded figures are for machines, not for the page
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs if MIME not in o.get("data", {})]
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def _failed_cell(exc: Exception) -> tuple[int | None, str]:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    return getattr(exc, "exec_count", None), f"{ename}: {evalue}"


def render_notebook(client_dir: Path, notebook: Path, *, lang: str | None = None,
                    parameters: dict | None = None) -> NotebookResult:
    """Execute one notebook for one client and export HTML; never raises for a failing cell."""
    import papermill as pm

    client_dir = client_dir.resolve()
    reports = client_dir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    params = {"client_dir": str(client_dir), **({"lang": lang} if lang else {}), **(parameters or {})}
    out = reports / notebook.name
    tmp = reports / f".{notebook.stem}.running.ipynb"
    start = time.perf_counter()
    try:
        pm.execute_notebook(str(notebook), str(tmp), parameters=params, kernel_name=KERNEL, cwd=str(client_dir),
                            progress_bar=False, log_output=False)
    except Exception as exc:  # papermill raises PapermillExecutionError for a failing cell
        cell, message = _failed_cell(exc)
        failed = reports / f"{notebook.stem}.failed.ipynb"
        if tmp.exists():
            os.replace(tmp, failed)
        where = f"cell {cell}" if cell else "start-up"
        return NotebookResult(client_dir.name, notebook.stem, False, time.perf_counter() - start,
                              f"{where}: {message} (see {failed.name})")
    html = reports / f"{notebook.stem}.html"
    write_atomic(html, to_html(tmp))
    os.replace(tmp, out)
    (reports / f"{notebook.stem}.failed.ipynb").unlink(missing_ok=True)
    return NotebookResult(client_dir.name, notebook.stem, True, time.perf_counter() - start, html=html)


def render_client(client_dir: str | Path, *, only: list[str] | None = None, lang: str | None = None,
                  on_done: Callable[[NotebookResult], None] | None = None) -> list[NotebookResult]:
    """Render every (or the chosen) notebook for one client; returns one result per notebook."""
    results = []
    for notebook in list_notebooks(only):
        result = render_notebook(Path(client_dir), notebook, lang=lang)
        results.append(result)
        if on_done:
            on_done(result)
    return results


def raise_for_failures(results: list[NotebookResult]) -> None:
    failed = [r for r in results if not r.ok]
    if failed:
        first = failed[0]
        raise RenderError(f"{len(failed)} notebook(s) failed; first: {first.client}/{first.notebook}: {first.error}",
                          client=first.client, notebook=first.notebook)
