"""Workshop pages: the analysis notebooks served by Voilà for one client, code hidden, widgets live.

:func:`start` launches Voilà on the loopback interface with the client folder in
``$WORKBOOK_CLIENT_DIR`` (every notebook's empty ``client_dir`` resolves to it through
:func:`workbook.intake.open_client`), waits until it answers and returns a :class:`Presentation` with the
page URLs; :meth:`Presentation.stop` shuts it down (kernels included). :func:`present` is the
``workbook present`` command: start, print the URLs, wait for Ctrl-C, stop.

The pages carry client data, and a web page open in the same browser can reach 127.0.0.1 by DNS rebinding
(its own host name pointed at 127.0.0.1). So the server is for the consultant alone, as Jupyter's own are: it
answers only requests addressed to its own host names (127.0.0.1, localhost; any other ``Host`` gets 403) and
only with the token made fresh for each start (``secrets.token_urlsafe``). The printed URLs carry the token;
the first visit sets Jupyter's login cookie, which the page's own requests (kernel, widgets, the save button)
then use. The token and these settings are in a Voilà config file of the run (:func:`voila_config`), read
instead of any other: never on the command line, where other users of the machine could read it.

>>> voila_command(Path("nb"), port=8866, config_dir=Path("cfg"))[3:]
['nb', '--no-browser', '--port=8866', '--Voila.ip=127.0.0.1', '--Voila.port_retries=0', '--strip_sources=True', \
'--show_tracebacks=False', '--theme=light', '--template=workbook', '--Voila.config_file_paths=cfg']
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from workbook.core.client import ENV_CLIENT_DIR
from workbook.core.notebooks import list_notebooks
from workbook.core.terminal import visible
from workbook.exceptions import WorkbookError
from workbook.intake import open_client

__all__ = ["DEFAULT_PORT", "LOCAL_HOSTNAMES", "Presentation", "free_port", "new_token", "present", "start",
           "open_private", "voila_command", "voila_config", "write_voila_config"]

DEFAULT_PORT = 8866
HOST = "127.0.0.1"  # loopback only: the pages carry client data
LOCAL_HOSTNAMES = ("localhost",)  # with loopback addresses, the only Host headers answered (Jupyter's setting)


REFILL_DELAY_S = 20  # seconds
TEMPLATE = "workbook"
FONT_URL = "voila/static/workbook-cjk.otf"
# Voila's lab template links Font Awesome from a CDN although its own voila-style.js bundles the same icons
# with their fonts: the kit's pages drop those two links, so a page loads nothing from outside the machine.
FONT_AWESOME_CDN = (
    '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/all.min.css" '
    'type="text/css" />',
    '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/v4-shims.min.css" '
    'type="text/css" />',
)
_DROP_CDN = "".join(f" | replace('{link}', '')" for link in FONT_AWESOME_CDN)  # Jinja filters
_TEMPLATE_J2 = """{%- extends 'voila/templates/lab/index.html.j2' -%}
{%- block notebook_css -%}
{{ super()DROP_CDN }}
<style>
@font-face { font-family: "WorkbookCJK"; src: url("{{ resources.base_url }}FONT_URL") format("opentype"); }
:root { --jp-content-font-family: "WorkbookCJK", sans-serif; --jp-ui-font-family: "WorkbookCJK", sans-serif; }
body, button, select, input, textarea, .jupyter-widgets { font-family: "WorkbookCJK", sans-serif; }
</style>
{%- endblock notebook_css -%}
"""


def write_template(share: Path) -> Path:
    """A Voila template ``workbook`` under ``share`` (a Jupyter data dir): the lab template plus the kit's CJK
    font (served by Voila, no system font needed), so Chinese text renders on any machine.

    Returns ``share``; put it on ``JUPYTER_PATH`` for the Voila process.
    """
    from workbook.core.theme import cjk_font_path

    folder = share / "voila" / "templates" / TEMPLATE
    (folder / "static").mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text('{"base_template": "lab"}\n', encoding="utf-8")
    page = _TEMPLATE_J2.replace("FONT_URL", FONT_URL).replace("DROP_CDN", _DROP_CDN)
    (folder / "index.html.j2").write_text(page, encoding="utf-8")
    font = folder / "static" / Path(FONT_URL).name
    if not font.exists():  # a link or a copy: Voila refuses to follow a symlink out of its static folder
        try:
            os.link(cjk_font_path(), font)
        except OSError:
            shutil.copyfile(cjk_font_path(), font)
    return share


def new_token() -> str:
    """A fresh token for one server start (what Jupyter asks for in ``?token=``)."""
    return secrets.token_urlsafe(32)


def voila_config(token: str) -> dict:
    """Voilà's configuration for the consultant alone: the token, Jupyter's check of the ``Host`` header (Voilà
    turns it off by default; its ``tornado_settings`` turn it back on) and no files served from the notebooks'
    folder (``/voila/files/``, which answers without the token)."""
    if not token:
        raise ValueError("the workshop server needs a token")
    return {"Voila": {"token": token,
                      "tornado_settings": {"allow_remote_access": False, "local_hostnames": list(LOCAL_HOSTNAMES)}},
            "VoilaConfiguration": {"file_allowlist": []}}


def open_private(path: Path) -> TextIO:
    """``path`` opened for writing (emptied), readable by the user alone; a link planted at that name is not
    followed. For the files that hold a server's token, or requests that carry it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.fchmod(fd, 0o600)  # a file that was there keeps its mode otherwise
    return os.fdopen(fd, "w", encoding="utf-8")


def write_voila_config(folder: Path, token: str) -> Path:
    """``folder/voila.json`` from :func:`voila_config`, readable by the user alone; returns ``folder``."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open_private(folder / "voila.json") as out:
        json.dump(voila_config(token), out)
    return folder


def voila_command(target: Path, *, port: int, preheat: bool = False, config_dir: Path | None = None) -> list[str]:
    """The Voilà command line serving ``target`` (one notebook, or a folder of them) with code stripped;
    with ``config_dir``, Voilà reads its config from there alone (see :func:`write_voila_config`)."""
    cmd = [sys.executable, "-m", "voila", str(target), "--no-browser", f"--port={port}", f"--Voila.ip={HOST}",
           "--Voila.port_retries=0", "--strip_sources=True", "--show_tracebacks=False", "--theme=light",
           f"--template={TEMPLATE}"]
    if config_dir is not None:
        cmd.append(f"--Voila.config_file_paths={config_dir}")
    if preheat:  # one kernel per page runs the notebook in advance: the page opens at once
        # the next kernel is heated a while after a page took one, not while that page is being drawn
        cmd += ["--preheat_kernel=True", "--pool_size=1", f"--VoilaKernelManager.fill_delay={REFILL_DELAY_S}"]
    return cmd


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


@dataclass
class Presentation:
    """A running Voilà server: ``pages`` maps notebook names to their URLs; ``url`` (the server's root) and
    every page URL carry the token (``?token=...``)."""

    process: subprocess.Popen
    url: str
    pages: dict[str, str]
    log: Path
    token: str = field(default="", repr=False)
    _log_file: object = field(default=None, repr=False)
    _share: Path | None = field(default=None, repr=False)

    def stop(self, timeout: float = 20) -> int:
        """Shut the server down (SIGTERM: Jupyter stops its kernels), killing it after ``timeout`` seconds."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log_file is not None:
            self._log_file.close()
        if self._share is not None:
            shutil.rmtree(self._share, ignore_errors=True)
        return self.process.returncode

    def __enter__(self) -> Presentation:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _wait_ready(proc: subprocess.Popen, url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise WorkbookError(f"Voilà stopped at start-up (exit {proc.returncode}); its log {log} ends:\n{tail}")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    proc.terminate()
    raise WorkbookError(f"Voilà did not answer at {url} within {timeout:.0f} s; see its log {log}")


def start(client_dir: str | Path, *, notebook: str | None = None, port: int = DEFAULT_PORT, preheat: bool = False,
          notebooks_dir: str | Path | None = None, timeout: float = 60) -> Presentation:
    """Serve the notebooks (or one, by name with or without its number) for a client; return when it answers.

    Raises
    ------
    WorkbookError
        The port is taken, the client has no validated data (:class:`~workbook.exceptions.MissingDataError`),
        its ``client.yaml`` is invalid (:class:`~workbook.exceptions.ConfigError`), the notebook is unknown,
        or Voilà does not come up.
    """
    client = open_client(client_dir)  # fails early, with the fix, on a client that is not ready
    pages = list_notebooks([notebook] if notebook else None, notebooks_dir=notebooks_dir)
    if not pages:
        raise WorkbookError("no notebooks NN_topic.ipynb to present")
    if _port_taken(port):
        raise WorkbookError(f"port {port} is already in use on {HOST}; choose another with --port")
    target = pages[0] if notebook else pages[0].parent
    token = new_token()
    base, query = f"http://{HOST}:{port}/", f"?token={token}"
    urls = {pages[0].stem: base + query} if notebook else {p.stem: f"{base}voila/render/{p.name}{query}"
                                                           for p in pages}
    log = Path(tempfile.gettempdir()) / f"workbook-present-{port}.log"
    log_file = open_private(log)  # requests in it may carry the token; kept open for the server's life
    # the kernels draw inline even when the caller runs headless (MPLBACKEND=Agg would show "<Figure ...>")
    share = write_template(Path(tempfile.mkdtemp(prefix="workbook-voila-")))  # mkdtemp: the user's alone
    config_dir = write_voila_config(share / "config", token)
    env = {**os.environ, ENV_CLIENT_DIR: str(client.dir), "PYTHONUNBUFFERED": "1",
           "MPLBACKEND": "module://matplotlib_inline.backend_inline",
           "JUPYTER_PATH": os.pathsep.join(filter(None, [str(share), os.environ.get("JUPYTER_PATH")]))}
    proc = subprocess.Popen(voila_command(target, port=port, preheat=preheat, config_dir=config_dir), env=env,
                            cwd=target if target.is_dir() else target.parent, stdout=log_file,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)  # Ctrl-C reaches us, not Voilà
    try:
        _wait_ready(proc, base + FONT_URL, log, timeout)  # a static file: GET / would run a notebook
    except BaseException:
        log_file.close()
        if proc.poll() is None:
            proc.kill()
        shutil.rmtree(share, ignore_errors=True)
        raise
    return Presentation(proc, base + query, urls, log, token=token, _log_file=log_file, _share=share)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def present(client_dir: str | Path, *, notebook: str | None = None, port: int = DEFAULT_PORT, preheat: bool = False,
            echo: Callable[[str], None] = print) -> int:
    """Start the pages, print their URLs and serve until Ctrl-C (or SIGTERM); then stop cleanly."""
    # set before anything is printed: a process started in the background inherits SIGINT ignored, and a
    # Ctrl-C that comes right after the URLs appear must still stop the server
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    server = None
    try:
        server = start(client_dir, notebook=notebook, port=port, preheat=preheat)
        for name, url in server.pages.items():
            echo(f"{name}: {url}")
        echo(f"Voilà log: {visible(server.log)} · Ctrl-C stops")
        while server.process.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        echo("stopping ...")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        code = server.stop() if server is not None else 0
    return 0 if code in (0, -signal.SIGTERM, None) else code
