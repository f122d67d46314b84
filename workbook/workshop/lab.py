"""JupyterLab for the analyst: the kit's notebooks on one client, live widgets, and Chinese on any machine.

JupyterLab draws its pages with the browser's fonts, and a machine without a CJK system font shows
Chinese labels and tables as boxes. The kit starts JupyterLab with a Jupyter config folder of its own
whose ``custom/custom.css`` (JupyterLab's ``custom_css`` option) declares the kit's CJK font, served
from the same folder. The analyst's own settings, workspaces and server config stay in use
(``JUPYTERLAB_SETTINGS_DIR``, ``JUPYTERLAB_WORKSPACES_DIR``, ``JUPYTER_CONFIG_PATH`` after the kit's folder).

The server is the analyst's alone, whatever their own config says: it listens on 127.0.0.1, answers only
requests addressed to 127.0.0.1 or localhost (``ServerApp.allow_remote_access=False``: a web page cannot reach
it by DNS rebinding) and asks for a token made fresh for each start. The token is in the kit's config folder
(``jupyter_server_config.json``, which outranks the analyst's own), not on the command line; the URL printed
(:func:`lab_url`) carries it, and the first visit sets Jupyter's login cookie.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from workbook.core.client import ENV_CLIENT_DIR
from workbook.core.notebooks import installed, list_notebooks, notebooks_dir
from workbook.core.terminal import visible
from workbook.workshop.present import HOST, LOCAL_HOSTNAMES, free_port, new_token, open_private

__all__ = ["DEFAULT_PORT", "FONT_FILE", "lab_command", "lab_config_dir", "lab_environment", "lab_notebooks",
           "lab_url", "run_lab", "start_lab"]

DEFAULT_PORT = 8888  # JupyterLab's own; another free port when it is taken
SERVER_CONFIG = "jupyter_server_config.json"

FONT_FILE = "workbook-cjk.otf"
FAMILY = '"WorkbookCJK", system-ui, -apple-system, "Segoe UI", helvetica, arial, sans-serif'
# first in the list (chromium's fallback to a web font named later misses glyphs); !important: the theme,
# loaded after this file, sets the same variables
CUSTOM_CSS = f"""/* written by the workbook kit: its CJK font for JupyterLab, so Chinese renders without system fonts */
@font-face {{ font-family: "WorkbookCJK"; src: url("{FONT_FILE}") format("opentype"); }}
:root {{ --jp-ui-font-family: {FAMILY} !important; --jp-content-font-family: {FAMILY} !important; }}
select, option, input, textarea, button, .jupyter-widgets {{ font-family: {FAMILY} !important; }}
"""


def lab_config_dir(folder: str | Path, *, token: str | None = None) -> Path:
    """Write the kit's Jupyter config folder into ``folder``: ``custom/custom.css`` and the font beside it, and
    with ``token`` the server's token (``jupyter_server_config.json``, readable by the user alone)."""
    from workbook.core.theme import cjk_font_path

    if token is not None:
        if not token:
            raise ValueError("JupyterLab needs a token")
        Path(folder).mkdir(mode=0o700, parents=True, exist_ok=True)
        with open_private(Path(folder) / SERVER_CONFIG) as out:
            # the default provider's own section too: an analyst's config for it would outrank IdentityProvider's
            json.dump({"IdentityProvider": {"token": token}, "PasswordIdentityProvider": {"token": token}}, out)
    custom = Path(folder) / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    (custom / "custom.css").write_text(CUSTOM_CSS, encoding="utf-8")
    font = custom / FONT_FILE
    if not font.exists():
        try:
            os.link(cjk_font_path(), font)
        except OSError:
            shutil.copyfile(cjk_font_path(), font)
    return Path(folder)


def lab_environment(client_dir: str | Path, config_dir: str | Path, base: dict | None = None) -> dict[str, str]:
    """The environment for JupyterLab on ``client_dir`` with the kit's config folder (see the module text)."""
    from jupyter_core.paths import jupyter_config_dir

    env = dict(os.environ if base is None else base)
    user = env.get("JUPYTER_CONFIG_DIR") or jupyter_config_dir()  # the analyst's own, replaced below
    env.setdefault("JUPYTERLAB_SETTINGS_DIR", os.path.join(user, "lab", "user-settings"))
    env.setdefault("JUPYTERLAB_WORKSPACES_DIR", os.path.join(user, "lab", "workspaces"))
    # the kit's folder first: JUPYTER_CONFIG_PATH outranks JUPYTER_CONFIG_DIR, and the token in it must outrank
    # whatever the analyst's config says
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(config_dir), user, env.get("JUPYTER_CONFIG_PATH")]))
    env["JUPYTER_CONFIG_DIR"] = str(config_dir)
    env[ENV_CLIENT_DIR] = str(Path(client_dir).resolve())
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # live charts draw inline
    return env


def lab_command(notebooks: str | Path | None = None, *, port: int | None = None, extra: list[str] | None = None
                ) -> list[str]:
    """The JupyterLab command line on ``notebooks`` (default: the kit's), on 127.0.0.1 and for requests to its own
    host names only (the command line wins over any config file), with custom CSS on."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={notebooks_dir(notebooks)}",
           f"--ServerApp.ip={HOST}", "--ServerApp.allow_remote_access=False",
           *(f"--ServerApp.local_hostnames={name}" for name in LOCAL_HOSTNAMES), "--LabApp.custom_css=True"]
    if port is not None:
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root
        cmd.append("--ServerApp.allow_root=True")
    return cmd + list(extra or [])


def lab_notebooks(client_dir: str | Path) -> Path:
    """The notebooks JupyterLab opens for ``client_dir``: in a source checkout (or with ``$WORKBOOK_NOTEBOOKS_DIR``)
    the kit's own, so an analyst's edits are the kit's; an installed kit's notebooks are package data, so the
    client gets its own copy, ``notebooks/`` in its folder, made once (a notebook it lacks is added, none is
    overwritten) and edited there. Renders use the kit's notebooks either way."""
    if not installed() or os.environ.get("WORKBOOK_NOTEBOOKS_DIR"):
        return notebooks_dir()
    own = Path(client_dir) / "notebooks"
    own.mkdir(exist_ok=True)
    for notebook in list_notebooks():
        if not (own / notebook.name).exists():
            shutil.copyfile(notebook, own / notebook.name)
    return own


def lab_url(port: int, token: str) -> str:
    """The address that opens JupyterLab with its token."""
    return f"http://{HOST}:{port}/lab?token={token}"


def start_lab(client_dir: str | Path, config_dir: str | Path, *, port: int, token: str,
              **popen) -> subprocess.Popen:
    """Start JupyterLab for ``client_dir`` on ``port`` with ``token``, its config in ``config_dir`` (a folder
    of the user's alone); returns the process (open :func:`lab_url`)."""
    config = lab_config_dir(config_dir, token=token)
    return subprocess.Popen(lab_command(lab_notebooks(client_dir), port=port), env=lab_environment(client_dir, config),
                            **popen)


def run_lab(client_dir: str | Path, *, port: int | None = None, echo=print) -> int:
    """Run JupyterLab on the kit's notebooks for ``client_dir`` until it is stopped; its exit code."""
    if port is None:
        port = DEFAULT_PORT if _port_free(DEFAULT_PORT) else free_port()
    token = new_token()
    echo(f"JupyterLab: {visible(lab_notebooks(client_dir))}")
    with tempfile.TemporaryDirectory(prefix="workbook-lab-") as folder:  # the user's alone (mode 0700)
        proc = start_lab(client_dir, folder, port=port, token=token)
        echo(lab_url(port, token))
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Ctrl-C: JupyterLab got it too; let it stop its kernels
            proc.terminate()
            try:
                return proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                return proc.wait()


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0
