"""Render many clients at once: every notebook of every client as one task on an executor.

Each notebook runs on its worker's warm kernel (``engine="warm"``, see
:mod:`workbook.reports.kernels`; ``engine="papermill"`` starts one per notebook).
The executor is a ``concurrent.futures`` one: a ``ProcessPoolExecutor`` by
default (papermill is process-safe; each task runs one kernel), or a Dask
cluster's ``Client.get_executor()`` for ``scheduler="tcp://host:port"`` or a
passed ``distributed.Client``, so the same code runs on a cluster. Dask workers
must see the client folders at the same paths (a shared file system).

When every notebook of a client is done, its pages and combined outputs (report.html,
appendix.xlsx, report.pdf, analysis.pdf, metrics.json, index.html) are built by one more task
(:func:`workbook.reports.combined.build_reports`). A client whose notebook fails keeps its
previous combined report; only its index.html is rewritten to show the failure.
One client's failure never stops the others.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from workbook.core.lock import client_lock
from workbook.core.notebooks import list_notebooks
from workbook.exceptions import WorkbookError
from workbook.reports.combined import (
    FORMATS,
    ReportResult,
    build_reports,
    client_firm,
    index_with_failure,
    reports_up_to_date,
    write_pages,
)
from workbook.reports.execute import (
    NotebookResult,
    check_engine,
    client_language,
    remove_stale,
    render_notebook,
    up_to_date,
)


@dataclass
class BatchResult:
    """Everything a batch did: one NotebookResult per (client, notebook), one ReportResult per client."""

    notebooks: list[NotebookResult] = field(default_factory=list)
    reports: list[ReportResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.notebooks) and all(r.ok for r in self.reports)

    @property
    def failed(self) -> list[NotebookResult | ReportResult]:
        return [r for r in [*self.notebooks, *self.reports] if not r.ok]


def check_formats(formats: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """``"html,xlsx"`` or a list -> the formats tuple; raises naming the allowed ones.

    Examples
    --------
    >>> check_formats("pdf, html")
    ('html', 'pdf')
    >>> check_formats("docx")
    Traceback (most recent call last):
    ...
    workbook.exceptions.WorkbookError: unknown format(s) docx; must be one of html, xlsx, pdf
    """
    if formats is None:
        return FORMATS
    names = [f.strip().lower() for f in (formats.split(",") if isinstance(formats, str) else formats) if f.strip()]
    unknown = [f for f in names if f not in FORMATS]
    if unknown:
        raise WorkbookError(f"unknown format(s) {', '.join(unknown)}; must be one of {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in names)


def _worker_start() -> None:
    """A pool worker's start: when it leaves, it leaves at once.

    A spawned worker ends through the interpreter's full shutdown, which tears down the modules of pandas,
    matplotlib and nbconvert one by one: most of a second at the end of every batch, with the command
    waiting. By then its work is done (results sent, files written, its kernel asked to stop by the exit
    handler registered after this one, which runs before it), so its last exit handler flushes the output
    streams and ends the process.

    It also ends with the process that started it (:func:`workbook.reports.kernels.end_with_parent`): a
    killed ``workbook render`` leaves no worker running or writing; and what it frees (a report step's
    tables and pages) goes back to the system (:func:`workbook.reports.kernels.lean_malloc`).
    """
    import atexit
    from multiprocessing import parent_process

    from workbook.reports.kernels import end_with_parent, lean_malloc

    lean_malloc()
    skip_iri_grammar()
    parent = parent_process()
    end_with_parent(parent.pid if parent is not None else None)
    atexit.register(_leave_now)


def skip_iri_grammar() -> None:
    """Leave out jsonschema's optional IRI check in this process (call before papermill or nbformat is imported).

    jsonschema checks the ``iri`` format only when ``rfc3987_syntax`` imports, and that builds a grammar on
    import: a second of CPU and 25 MB in every worker. A notebook's schema has no IRI field, so nbformat's
    validation is the same without it; jsonschema skips a check whose module does not import.
    """
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)  # None: `import rfc3987_syntax` raises ImportError


def _leave_now() -> None:
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # closed or replaced: nothing to flush
            pass
    os._exit(0)


def _executor(stack: ExitStack, *, jobs: int | None, scheduler) -> Executor:
    if scheduler is None:
        workers = max(1, jobs or os.cpu_count() or 1)
        # spawn: a clean interpreter per worker (no inherited threads or event loops from the caller)
        return stack.enter_context(ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                                       initializer=_worker_start))
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - the optional extra is installed in the dev environment
        raise WorkbookError("--scheduler needs dask[distributed]: pip install 'sales-workbook-kit[dask]'") from exc
    if isinstance(scheduler, str):
        try:
            scheduler = stack.enter_context(Client(scheduler, timeout="10s"))
        except OSError as exc:
            raise WorkbookError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    return stack.enter_context(scheduler.get_executor())


def render_batch(client_dirs: list[str | Path], *, only: list[str] | None = None,
                 formats: str | list[str] | tuple[str, ...] | None = FORMATS, lang: str | None = None,
                 force: bool = False, jobs: int | None = None, scheduler=None, executor: Executor | None = None,
                 notebooks_dir: str | Path | None = None, engine: str = "warm",
                 on_result: Callable[[NotebookResult], None] | None = None,
                 on_report: Callable[[ReportResult], None] | None = None,
                 portfolio: str | Path | None = None, templates: str | Path | None = None) -> BatchResult:
    """Render ``only`` (default all) notebooks for every client, then each client's combined outputs.

    Parameters
    ----------
    client_dirs
        Client folders (``client.yaml`` + ``data/clean/``).
    only
        Notebook names with or without the number prefix.
    formats
        Any of ``html``, ``xlsx``, ``pdf`` (a list or ``"html,xlsx"``).
    lang
        Report language; default each client's ``client.yaml`` language.
    force
        Re-run notebooks whose inputs are unchanged.
    jobs
        Worker processes (default: the number of cores); ignored with ``scheduler`` / ``executor``.
    scheduler
        A Dask scheduler address (``tcp://host:port``) or a ``distributed.Client``.
    executor
        Any ``concurrent.futures.Executor`` (overrides ``jobs`` and ``scheduler``).
    engine
        ``warm``: each worker runs its notebooks on one warm kernel (:mod:`workbook.reports.kernels`);
        ``papermill``: a kernel per notebook. The outputs are the same.
    on_result, on_report
        Called in this process as each notebook / client finishes (progress bars).
    portfolio
        A folder holding ``portfolio.json``: each client's summary says how it compares.
    templates
        The firm's templates folder (``firm.yaml``: name, logo, colours, font; template overrides) for every
        client; default: each client's ``templates:`` in ``client.yaml``, else the kit's ``templates/``.

    Returns
    -------
    BatchResult
        Failures are results, not exceptions.

    Raises
    ------
    ConfigError
        Before any notebook runs: a client's firm folder is missing or its ``firm.yaml`` is invalid.
    """
    formats = check_formats(formats)
    check_engine(engine)
    dirs = [Path(d).resolve() for d in client_dirs]
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        raise WorkbookError(f"client folder(s) not found: {', '.join(missing)}")
    if len(set(dirs)) != len(dirs):
        raise WorkbookError("the same client folder is listed twice")
    notebooks = list_notebooks(only, notebooks_dir=notebooks_dir)
    templates = Path(templates).expanduser().resolve() if templates is not None else None
    for d in dirs:  # before any task: a bad firm.yaml is an error now, not after every notebook has run
        client_firm(d, templates)
    extra = {"templates": templates} if templates is not None else {}
    # each client's language read once (client.yaml is parsed once, not once per notebook and again for the report)
    langs = {d: lang or client_language(d) for d in dirs}
    result = BatchResult()
    with ExitStack() as stack:
        for d in sorted(dirs):  # one job per client: a validate or another render of it fails at once, naming us
            stack.enter_context(client_lock(d))
        for d in dirs:  # before any task: what a killed render left is gone even when every notebook is skipped
            remove_stale(d)
        pools: list[Executor] = [executor] if executor is not None else []

        def submit(*args, **kwargs) -> Future:  # the pool starts with the first task: up-to-date work needs none
            if not pools:
                pools.append(_executor(stack, jobs=jobs, scheduler=scheduler))
            return pools[0].submit(*args, **kwargs)

        pending: dict[Future, tuple[str, Path, str]] = {}
        left = {d: len(notebooks) for d in dirs}
        failures: dict[Path, dict[str, str]] = {d: {} for d in dirs}

        def report(d: Path, ready: ReportResult | None = None) -> None:
            ready = ready or (None if force else reports_up_to_date(d, formats=formats, lang=langs[d],
                                                                    notebooks_dir=notebooks_dir,
                                                                    portfolio=portfolio, templates=templates))
            if ready is None:
                pending[submit(build_reports, d, formats=formats, lang=langs[d], force=force,
                               notebooks_dir=notebooks_dir,
                               **({"portfolio": portfolio} if portfolio is not None else {}), **extra)] = (
                    "report", d, "")
                return
            result.reports.append(ready)
            if on_report:
                on_report(ready)

        def notebook_done(d: Path, nb_result: NotebookResult) -> None:
            result.notebooks.append(nb_result)
            if on_result:
                on_result(nb_result)
            if not nb_result.ok:
                failures[d][nb_result.notebook] = nb_result.error
            left[d] -= 1
            if left[d] == 0 and not failures[d]:
                report(d)
            elif left[d] == 0:
                done_ok = [r.notebook for r in result.notebooks if r.client == d.name and r.ok]
                _index_with_failures(d, langs[d], notebooks_dir, failures[d], done_ok, templates)

        for d in dirs:
            for nb in notebooks:
                skipped = None if force else _skipped(d, nb, langs[d])
                if skipped is not None:
                    notebook_done(d, skipped)
                else:
                    pending[submit(render_notebook, d, nb, lang=langs[d], force=force, engine=engine,
                                   export=False)] = ("notebook", d, nb.stem)
        if not notebooks:  # nothing to run: still (re)build the combined outputs
            for d in dirs:
                report(d)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                kind, d, stem = pending.pop(future)
                if kind == "report":
                    report(d, _outcome(future, d, stem))
                else:
                    notebook_done(d, _outcome(future, d, stem))
    order = {d.name: i for i, d in enumerate(dirs)}
    names = [nb.stem for nb in notebooks]
    result.notebooks.sort(key=lambda r: (order.get(r.client, 0), names.index(r.notebook)))
    result.reports.sort(key=lambda r: order.get(r.client, 0))
    return result


def _skipped(client_dir: Path, notebook: Path, lang: str | None) -> NotebookResult | None:
    """The notebook's ``skipped`` result when its inputs are unchanged; None to run it (a task names any error)."""
    try:
        return up_to_date(client_dir, notebook, lang=lang, export=False)
    except Exception:  # an unreadable notebook or input: its task reports it as a failure
        return None


def _outcome(future: Future, client_dir: Path, notebook: str):
    """The task's result; a task that crashed (worker died, pickling) becomes a failed result."""
    try:
        return future.result()
    except Exception as exc:
        if not notebook:
            return ReportResult(client_dir.name, "failed", 0.0, error=f"{type(exc).__name__}: {exc}")
        return NotebookResult(client_dir.name, notebook, False, 0.0, f"worker: {type(exc).__name__}: {exc}",
                              status="failed", cell="worker", ename=type(exc).__name__, evalue=str(exc))


def _index_with_failures(client_dir: Path, lang: str | None, notebooks_dir, failed: dict[str, str],
                         done_ok: list[str], templates: Path | None = None) -> None:
    """The pages of the notebooks that ran, and the index naming those that failed (the report is kept)."""
    lang = lang or client_language(client_dir)
    try:
        write_pages(client_dir, done_ok, lang=lang, templates=templates)
    except OSError:  # the pages are a convenience; the index and the summary name the failure
        pass
    index_with_failure(client_dir, lang=lang, notebooks=list_notebooks(notebooks_dir=notebooks_dir), failed=failed)
