"""One job at a time per client folder: ``render`` and ``validate`` hold a lock that names who holds it.

A validate that replaces ``data/clean/`` while a render reads it gives a report whose chapters read
different data; two renders write over each other's outputs. Both take :func:`client_lock` on the
client folder: the lock file ``<client>/.workbook.lock`` is locked by the operating system (``flock``;
on Windows ``msvcrt.locking``) and holds the holder's pid, command and start time. A second job fails
at once with :class:`ClientBusy` naming the holder, and does not wait: the consultant decides whether
to wait or to end the other job.

The lock belongs to the process, so a holder that dies (even by ``kill -9``) leaves no lock behind:
the next job takes it over and writes its own name into the file. Within one process the lock is
re-entrant (``workbook render`` takes it, then the batch it runs takes it again), so a job that
holds a client's lock may call anything that takes it.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with client_lock(folder, "workbook render"):
...     holder(folder).command
'workbook render'
>>> holder(folder) is None
True
"""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workbook.exceptions import WorkbookError

__all__ = ["LOCK_FILE", "ClientBusy", "Holder", "client_lock", "holder"]

LOCK_FILE = ".workbook.lock"
_WINDOWS_BYTE = 1 << 30  # msvcrt locks a byte range: one far past the holder's text, which stays readable

_HELD: dict[str, list[int]] = {}  # lock file -> [file descriptor, depth] of the locks this process holds
_GUARD = threading.Lock()


class ClientBusy(WorkbookError):
    """Another job holds the client's lock; ``holder`` says which (None when it could not be read)."""

    def __init__(self, message: str, *, path: Path, holder: Holder | None) -> None:
        super().__init__(message)
        self.path = path
        self.holder = holder


@dataclass(frozen=True)
class Holder:
    """Who holds a client's lock: process id, command line, start time (ISO, local) and host."""

    pid: int
    command: str
    started: str
    host: str = ""

    def describe(self) -> str:
        where = f" on {self.host}" if self.host and self.host != socket.gethostname() else ""
        return f"`{self.command}` (pid {self.pid}{where}, started {self.started})"


def _lock_path(client_dir: str | Path) -> Path:
    return Path(client_dir).resolve() / LOCK_FILE


def _read(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "null")
        return Holder(int(data["pid"]), str(data["command"]), str(data["started"]), str(data.get("host", "")))
    except (OSError, ValueError, TypeError, KeyError):  # no file, or a holder still writing its name
        return None


def _try_lock(fd: int) -> bool:
    """Lock ``fd`` without waiting; False when another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - the kit's tests run on Linux
        import msvcrt

        os.lseek(fd, _WINDOWS_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def holder(client_dir: str | Path) -> Holder | None:
    """Who holds ``client_dir``'s lock now (None: nobody; a lock file of a dead holder is no lock)."""
    path = _lock_path(client_dir)
    if str(path) in _HELD:
        return _read(path)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        return None if _try_lock(fd) else _read(path)
    finally:
        os.close(fd)  # closing releases a lock taken just to look


@contextmanager
def client_lock(client_dir: str | Path, command: str | None = None) -> Iterator[Path]:
    """Hold the lock of ``client_dir`` for the block; yield the lock file.

    ``command`` is what the holder is shown as (default: this process's command line).

    Raises
    ------
    ClientBusy
        Another process holds the lock; the message names it and says what to do.
    """
    path = _lock_path(client_dir)
    key = str(path)
    with _GUARD:
        if key in _HELD:  # this process holds it already: re-entrant
            _HELD[key][1] += 1
            fd = None
        else:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise WorkbookError(f"cannot create the lock file {path}: {exc.strerror or exc}; the client "
                                    f"folder must be writable") from exc
            if not _try_lock(fd):
                os.close(fd)
                who = _read(path)
                name = who.describe() if who else "another workbook command"
                raise ClientBusy(f"{path.parent} is in use by {name}; wait until it has finished (or end it) "
                                 f"and run this again. The lock is {path}; it frees itself when that process "
                                 f"ends.", path=path, holder=who)
            me = {"pid": os.getpid(), "command": command or " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
                  "started": dt.datetime.now().isoformat(timespec="seconds"), "host": socket.gethostname()}
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0)  # a dead holder's name goes
                os.write(fd, json.dumps(me, ensure_ascii=False).encode("utf-8"))
                os.fsync(fd)
            except OSError:  # a full disk: the lock holds all the same, without a name
                pass
            _HELD[key] = [fd, 1]
    try:
        yield path
    finally:
        with _GUARD:
            _HELD[key][1] -= 1
            if _HELD[key][1] == 0:
                fd = _HELD.pop(key)[0]
                os.ftruncate(fd, 0)  # nobody holds it: the file names nobody
                os.close(fd)
