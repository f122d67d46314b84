"""Warm kernels: one kernel per worker (process or thread) that has imported the stack once, reused by notebooks.

Papermill starts a kernel per notebook, and each new kernel imports pandas,
seaborn, matplotlib and the kit and registers the CJK font before the
notebook's first line does anything. A warm kernel does that once; every
notebook still runs through papermill (:func:`papermill.execute_notebook`,
with the ``workbook-warm`` engine below), so parameters are injected as
papermill does (an ``injected-parameters`` cell after ``parameters``), the
executed notebook carries papermill's metadata and error cell, and a failing
cell raises papermill's error naming it.

Between notebooks the kernel is cleaned (:func:`clean_namespace`, run in the
kernel): every name the last notebook defined is deleted (IPython's reset) and
what it held is collected (the warm-up's objects are frozen out of the
collector's sight, so that takes milliseconds), the execution counter starts
at 1 again, matplotlib's figures are closed and its settings restored to those
after the warm-up, warnings shown once are shown again, and the working
directory is the client's folder. What stays is what should: imported modules,
the registered font, and the clean tables a client's notebooks read
(:func:`workbook.core.client.load_client` keeps them while ``data/clean/`` is
unchanged).

A kernel that timed out, died or failed outside a cell is shut down; the next
notebook starts a fresh one. One pool per thread: a process pool worker or a
Dask worker thread runs one notebook at a time on its own kernel.
"""
from __future__ import annotations

import atexit
import functools
import threading
from pathlib import Path

ENGINE = "workbook-warm"
KERNEL = "python3"


@functools.cache
def kernel_manager_class():
    """The kernel manager of report runs: a local kernel over IPC sockets, shut down without an interrupt.

    jupyter_client's default talks to the kernel over TCP on localhost, which ipykernel warns about on
    every start ("Kernel is running over TCP without encryption"), and interrupts the kernel before
    asking it to shut down, which ipykernel logs as an error ("KeyboardInterrupt caught in kernel").
    A report kernel is local and idle when it is shut down: UNIX sockets in Jupyter's runtime folder
    and a plain shutdown request say nothing.
    """
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import CaselessStrEnum, default

    class ReportKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _ip_default(self) -> str:
            folder = Path(jupyter_runtime_dir())
            folder.mkdir(parents=True, exist_ok=True)
            return str(folder / f"workbook-{uuid.uuid4().hex[:12]}-ipc")

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            if not self.owns_kernel:
                return
            self.shutting_down = True
            self.stop_restarter()
            if now:
                await self._async_kill_kernel()
            else:
                await self._async_request_shutdown(restart=restart)
                await self._async_finish_shutdown(restart=restart)
            await self._async_cleanup_resources(restart=restart)

    return ReportKernelManager


# run in the kernel, once after start; the kit's import of pandas, seaborn and matplotlib comes with it
WARM_UP = "__import__('workbook.reports.kernels', fromlist=['warm_up']).warm_up()"
CLEAN = "__import__('workbook.reports.kernels', fromlist=['clean_namespace']).clean_namespace({path!r})"
REST = "__import__('workbook.reports.kernels', fromlist=['rest']).rest()"
START_TIMEOUT = 60

_RC: dict = {}  # kernel side: matplotlib's settings after the warm-up
_LOCAL = threading.local()  # worker side: this thread's WarmKernel


# --- both sides: a process that ends with its parent -------------------------------------------------------------

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_EVERY = 0.2  # seconds between the watchdog's looks at the parent


def end_with_parent(parent: int | None = None) -> None:
    """End this process as soon as ``parent`` (default: the current parent) ends; call once, early.

    A render's pool workers and their kernels do work for the ``workbook render`` that started them and
    for nobody else: if that process is killed (``kill -9``, a closed terminal), they must not go on
    running and writing over a newer render's outputs. On Linux the kernel sends this process SIGKILL
    the moment its parent ends (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon thread checks every
    :data:`WATCH_EVERY` seconds whether the parent is still the one it was and ends the process if not.
    A parent already gone when this is called ends it at once.
    """
    import os
    import signal
    import sys

    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl (another C library): the watchdog alone
            pass
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="workbook-end-with-parent", daemon=True).start()


# --- kernel side -------------------------------------------------------------------------------------------------

def warm_up() -> None:
    """Import what the notebooks import and register the CJK font (in the kernel, once).

    The kernel ends with the worker that started it (:func:`end_with_parent`).
    """
    import gc
    import os

    # jupyter_client names the worker in JPY_PARENT_PID (a process handle on Windows, a pid elsewhere)
    end_with_parent(int(os.environ.get("JPY_PARENT_PID") or 0) or None if os.name == "posix" else None)

    import matplotlib
    import matplotlib.pyplot  # noqa: F401 - the inline backend is set up here, as on a notebook's first chart
    import pandas  # noqa: F401
    import seaborn  # noqa: F401

    import workbook.core.display  # noqa: F401
    import workbook.customers.inventory  # noqa: F401
    import workbook.customers.matrix  # noqa: F401
    import workbook.funnel.diagnosis  # noqa: F401
    import workbook.intake  # noqa: F401
    import workbook.intake.overview  # noqa: F401
    import workbook.timealloc.summary  # noqa: F401
    from workbook.core import theme

    lean_memory()
    theme.cjk_font_name()
    theme._register_font(theme.cjk_font_path())
    _RC.clear()
    _RC.update(matplotlib.rcParams.copy())
    # what the warm-up made (the modules of the stack: a quarter of a million objects) lives as long as the
    # kernel: out of the collector's sight, a full collection (IPython's reset runs one before every notebook)
    # looks only at what notebooks made, in milliseconds instead of a fifth of a second
    gc.collect()
    gc.freeze()


def clean_namespace(client_dir: str) -> None:
    """Make the kernel look fresh to the next notebook (in the kernel, before each notebook)."""
    import gc
    import os
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close("all")
    if _RC:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(_RC)
    warnings.onceregistry.clear()
    warnings._filters_mutated()  # every module's "already shown" registry is stale: warnings show again
    os.chdir(client_dir)
    shell = get_ipython()
    shell.reset(new_session=False)  # %reset -f: every name of the last notebook goes
    gc.collect()  # and what they held in cycles (reset collects before it deletes the names)
    shell.execution_count = 1


def rest() -> None:
    """Give back what the last notebook held (in the kernel, after each notebook; its outputs are sent).

    Its names go (the next notebook would drop them anyway), a large client's clean tables are forgotten
    (:func:`workbook.core.client.release_tables`; a small client's stay for its next notebook), and the
    memory freed returns to the system: an idle kernel holds a few hundred MB, not the last notebook's peak,
    while the other kernel and the report step work.
    """
    import gc

    import matplotlib.pyplot as plt
    from IPython import get_ipython

    from workbook.core.client import release_tables

    plt.close("all")
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=False)
    release_tables()
    gc.collect()
    return_memory()


# --- both sides: memory given back to the system -----------------------------------------------------------------

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
MMAP_THRESHOLD = 64 * 1024  # bytes: a block this large or larger is mapped on its own, and unmapped when freed


def lean_memory() -> None:
    """Memory a process frees goes back to the system (call once, early, before large tables are read).

    glibc's malloc raises its mapping threshold each time a large block is freed, so after the first
    million-row column later ones come from the heap and stay there when freed: a kernel ends a notebook
    holding its peak. A fixed threshold maps every large block on its own and unmaps it when freed. Arrow's
    own pool (mimalloc or jemalloc) keeps freed pages too; Arrow allocates through malloc instead.
    """
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    lean_malloc()


def lean_malloc() -> None:
    """:func:`lean_memory` without importing Arrow: glibc's fixed threshold, and Arrow's pool chosen by the
    environment (``ARROW_DEFAULT_MEMORY_POOL``, inherited by the kernels this process starts)."""
    import os
    import sys

    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    libc = _libc() if sys.platform.startswith("linux") else None
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        libc.mallopt(M_TRIM_THRESHOLD, MMAP_THRESHOLD * 2)


def return_memory() -> None:
    """Hand freed memory back to the system now: Arrow's pool, and glibc's free heap pages (``malloc_trim``)."""
    import sys

    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    libc = _libc() if sys.platform.startswith("linux") else None
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


@functools.cache
def _libc():
    import ctypes

    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


# --- worker side -------------------------------------------------------------------------------------------------

class WarmKernel:
    """A started kernel (manager and client) that has run :func:`warm_up`."""

    def __init__(self) -> None:
        import nbformat
        from nbclient import NotebookClient


        starter = NotebookClient(nbformat.v4.new_notebook(), kernel_name=KERNEL, startup_timeout=START_TIMEOUT,
                                 kernel_manager_class=kernel_manager_class())
        starter.km = starter.create_kernel_manager()
        starter.start_new_kernel(cwd=str(Path.home()))
        try:
            self.kc = starter.start_new_kernel_client()
            self.km = starter.km
            self._run(WARM_UP, timeout=START_TIMEOUT * 3)
        except BaseException:
            from jupyter_core.utils import run_sync

            run_sync(starter.km.shutdown_kernel)(now=True)
            raise

    def _run(self, code: str, *, timeout: float) -> None:
        """Run ``code`` silently (no output, no history, no execution count); raise if it fails."""
        from jupyter_core.utils import run_sync

        reply = run_sync(self.kc.execute_interactive)(code, silent=True, store_history=False, timeout=timeout,
                                                      output_hook=lambda msg: None)
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"warm kernel: {content.get('ename')}: {content.get('evalue')}")

    def clean(self, client_dir: Path) -> None:
        self._run(CLEAN.format(path=str(client_dir)), timeout=START_TIMEOUT)

    def rest(self) -> None:
        self._run(REST, timeout=START_TIMEOUT)

    @property
    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            return bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop the kernel; without ``wait`` (a worker leaving) ask it to and go.

        A kernel asked to shut down exits by itself (and ipykernel's parent poller ends one whose worker is
        gone); waiting for it costs most of a second of every batch's end.
        """
        from jupyter_core.utils import run_sync

        try:
            self.kc.stop_channels()
            if wait:
                run_sync(self.km.shutdown_kernel)(now=False)
            else:
                self.km.shutting_down = True
                run_sync(self.km.request_shutdown)()
                run_sync(self.km.cleanup_resources)()  # its connection file and sockets
        except Exception:  # already gone: nothing left to stop
            pass


def warm_kernel() -> WarmKernel:
    """This thread's warm kernel, started (and warmed up) on first use or after the last one was discarded."""
    kernel = getattr(_LOCAL, "kernel", None)
    if kernel is None or not kernel.alive:
        if kernel is not None:
            kernel.shutdown()
        _register_engine()
        kernel = _LOCAL.kernel = WarmKernel()
        _at_exit(kernel)
    return kernel


def discard() -> None:
    """Shut down this thread's warm kernel (after a timeout or a dead kernel: the next notebook starts afresh)."""
    kernel = getattr(_LOCAL, "kernel", None)
    _LOCAL.kernel = None
    if kernel is not None:
        kernel.shutdown()


def shutdown_all() -> None:
    """Shut down this thread's warm kernel (at exit; a process pool worker's exit runs it too)."""
    discard()


def _at_exit(kernel: WarmKernel) -> None:
    # a process pool worker leaves through os._exit: multiprocessing's finalizers run, atexit's do not
    from multiprocessing import util

    leave = functools.partial(kernel.shutdown, wait=False)
    atexit.register(leave)
    util.Finalize(kernel, leave, exitpriority=10)


def execute(nb, output: Path, client_dir: Path, **papermill_kwargs) -> None:
    """Execute ``nb`` with papermill on this thread's warm kernel, cleaned for ``client_dir``; write ``output``.

    Raises what :func:`papermill.execute_notebook` raises; a kernel left in an unknown state (timeout,
    death, anything but a failing cell) is discarded first.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    kernel = warm_kernel()
    try:
        kernel.clean(client_dir)
        pm.execute_notebook(nb, str(output), engine_name=ENGINE, warm=kernel, **papermill_kwargs)
    except PapermillExecutionError:
        if kernel.alive:
            _rest(kernel)
        else:
            discard()
        raise
    except BaseException:
        discard()
        raise
    _rest(kernel)


def _rest(kernel: WarmKernel) -> None:
    """:meth:`WarmKernel.rest` after a notebook ran (its outputs are written); a kernel that cannot is discarded."""
    try:
        kernel.rest()
    except Exception:  # dead, or left unable to run code: the next notebook starts a fresh kernel
        discard()


# seconds between the writes of a running notebook. papermill writes the whole notebook at every cell's start and
# end (megabytes of outputs, validated each time: seconds per notebook); the warm engine writes it at most this
# often while it runs, and always when it ends: papermill's own last write on success or on a failing cell, the
# engine's when a cell times out or the kernel dies
SAVE_EVERY = 10.0


def _throttled(save, *, every: float):
    """``save``, called at most once every ``every`` seconds (the first call included)."""
    import time

    last = [time.monotonic()]

    def throttled(**kwargs):
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            save(**kwargs)

    return throttled


def _nothing(**kwargs) -> None:
    """A save that writes nothing (the last one: papermill writes the notebook right after)."""


def _register_engine() -> None:
    from papermill.engines import NBClientEngine, papermill_engines

    if ENGINE in papermill_engines._engines:
        return

    class WarmEngine(NBClientEngine):
        """papermill's nbclient engine on a kept kernel: the same client and cell loop, no start or shutdown."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, warm=None, **kwargs):
            from papermill.clientwrap import PapermillNotebookClient
            from papermill.engines import logger

            client = PapermillNotebookClient(nb_man, km=warm.km, timeout=execution_timeout,
                                             startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                             log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            client.kc = warm.kc
            save = nb_man.save
            nb_man.save = _throttled(save, every=SAVE_EVERY)
            try:
                executed = client.execute(cleanup_kc=False)
            except BaseException:  # a timeout or a dead kernel: papermill's last save (notebook_complete)
                nb_man.save = save  # writes the notebook as far as it ran, and nothing writes after it
                raise
            finally:  # nbclient registers a clean-up per run: it would keep every executed notebook alive
                atexit.unregister(client._cleanup_kernel)
            # the run ended (a failing cell included): papermill's engine would save once more
            # (notebook_complete) and execute_notebook then writes the same notebook to the same path (with a
            # failing cell, with its error cell): megabytes serialised twice. The one write is the latter.
            nb_man.save = _nothing
            return executed

    papermill_engines.register(ENGINE, WarmEngine)
