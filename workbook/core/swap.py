"""Replace a folder of outputs as a whole: never half-written, never missing, temporaries cleaned by name.

:func:`staged_folder` gives a temporary sibling folder to fill (``.clean-XXXXXXXX`` beside ``data/clean``);
when the block ends without an error, the filled folder takes the target's place in one step. On Linux the
two folders are exchanged by ``renameat2(RENAME_EXCHANGE)``, so the target exists at every instant, even
if the process is killed mid-swap; elsewhere the old folder is renamed aside first and, should the process
die between the two renames, the next run puts it back (:func:`recover_folder`).

Temporaries a killed run left (``.clean-XXXXXXXX``, ``.clean-old-<pid>``) are removed by those exact name
patterns, only as real folders (a symlink is unlinked, never followed), and only while the client's lock
is held (:mod:`workbook.core.lock`), so a running job's temporary is never taken for a dead one's.

:class:`StagedFiles` does the same for single files of one folder (a client's combined outputs): each is
written into a temporary folder inside it (``.staging-XXXXXXXX.tmp``) and all are moved into place together
once every one of them was written.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbook.core.lock import client_lock
from workbook.exceptions import WorkbookError

__all__ = ["staged_folder", "swap_in", "recover_folder", "remove_stale_folders", "StagedFiles", "STAGING_PATTERN"]

AT_FDCWD = -100
RENAME_EXCHANGE = 2
TEMP_RANDOM = "????????"  # tempfile's random part: eight characters


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # a C library without renameat2
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system or kernel cannot exchange
        return False
    raise OSError(error, os.strerror(error), str(b))


def _aside(path: Path) -> Path:
    return path.with_name(f".{path.name}-old-{os.getpid()}")


def _sync_files(folder: Path) -> None:
    for file in folder.rglob("*"):
        if file.is_file() and not file.is_symlink():
            with open(file, "rb") as handle:
                os.fsync(handle.fileno())


def swap_in(finished: str | Path, path: str | Path) -> Path:
    """Put the finished folder ``finished`` (a sibling of ``path``) in ``path``'s place; remove the old one.

    Every file is synced first. ``path`` always exists (Linux: one exchange) or is restored by
    :func:`recover_folder` after a crash between the two renames of the fallback.
    """
    finished, path = Path(finished), Path(path)
    _sync_files(finished)
    if path.exists() and _exchange(finished, path):
        old = finished  # the exchange left the old folder under the finished one's name
    else:
        old = None
        if path.exists():
            old = _aside(path)
            os.replace(path, old)
        os.replace(finished, path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return path


def recover_folder(path: str | Path) -> Path | None:
    """Put back a folder a run killed between the fallback's two renames left aside; return it if it did."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        return None
    asides = sorted((p for p in path.parent.glob(f".{path.name}-old-*") if p.is_dir() and not p.is_symlink()),
                    key=lambda p: p.stat().st_mtime)
    if not asides:
        return None
    os.replace(asides[-1], path)
    return path


def remove_stale_folders(path: str | Path) -> list[Path]:
    """Remove the temporaries of ``path`` a killed run left (``.<name>-XXXXXXXX``, ``.<name>-old-<pid>``).

    Call only while holding the client's lock. Symlinks by those names are unlinked, not followed.
    """
    path = Path(path)
    found = [p for pattern in (f".{path.name}-{TEMP_RANDOM}", f".{path.name}-old-*") for p in path.parent.glob(pattern)]
    for stale in found:
        if stale.is_symlink() or not stale.is_dir():
            stale.unlink(missing_ok=True)
        else:
            shutil.rmtree(stale, ignore_errors=True)
    return found


@contextmanager
def staged_folder(path: str | Path, *, client_dir: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``path`` to fill; swapped in for ``path`` when the block succeeds.

    Holds the lock of ``client_dir`` throughout (:func:`workbook.core.lock.client_lock`). Before the
    block, a folder a killed run left aside is put back and its temporaries are removed. On an error
    the temporary goes and ``path`` is untouched.
    """
    path = Path(path)
    with client_lock(client_dir):
        path.parent.mkdir(parents=True, exist_ok=True)
        recover_folder(path)
        remove_stale_folders(path)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
        try:
            yield tmp
            swap_in(tmp, path)
        except OSError as exc:
            if exc.filename or exc.errno is None:
                raise
            # a full disk: writers (parquet, json) name no file; say which folder and that the old one stays
            raise WorkbookError(f"{exc.strerror or exc} while writing {path}; it is unchanged. Free some disk "
                                f"space and run this again") from exc
        finally:
            if tmp.exists() and not tmp.is_symlink():
                shutil.rmtree(tmp, ignore_errors=True)


STAGING = ".staging-"  # a folder of outputs being written: .staging-XXXXXXXX.tmp
STAGING_PATTERN = f"{STAGING}{TEMP_RANDOM}.tmp"


class StagedFiles:
    """Outputs of one folder written first into a temporary folder inside it, then moved in together.

    ``path(name)`` is where to write output ``name``; :meth:`publish` moves every output written into
    place (each by one rename, in the order asked for) once all of them exist, so a failure or a kill
    before it leaves every previous output as it was. :meth:`discard` (also on leaving a ``with`` block)
    removes what is left. A folder a killed run left is matched by :data:`STAGING_PATTERN`.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._tmp: Path | None = None
        self._names: list[str] = []

    def path(self, name: str) -> Path:
        if self._tmp is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._tmp = Path(tempfile.mkdtemp(prefix=STAGING, suffix=".tmp", dir=self.folder))
        if name not in self._names:
            self._names.append(name)
        return self._tmp / name

    def publish(self) -> list[Path]:
        """Move every written output into the folder (synced first); return their new paths."""
        if self._tmp is None:
            return []
        written = [name for name in self._names if (self._tmp / name).is_file()]
        for name in written:
            with open(self._tmp / name, "rb") as handle:
                os.fsync(handle.fileno())
        for name in written:
            os.replace(self._tmp / name, self.folder / name)
        self.discard()
        return [self.folder / name for name in written]

    def discard(self) -> None:
        if self._tmp is not None and not self._tmp.is_symlink():
            shutil.rmtree(self._tmp, ignore_errors=True)
        self._tmp = None

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()
