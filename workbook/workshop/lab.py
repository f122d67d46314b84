"""JupyterLab for the analyst: the kit's notebooks on one client, live widgets, and Chinese on any machine.

JupyterLab draws its pages with the browser's fonts, and a machine without a CJK system font shows
Chinese labels and tables as boxes. The kit starts JupyterLab with a Jupyter config folder of its own
whose ``custom/custom.css`` (JupyterLab's ``custom_css`` option) declares the kit's CJK font, served
from the same folder. The analyst's own settings, workspaces and server config stay in use
(``JUPYTERLAB_SETTINGS_DIR``, ``JUPYTERLAB_WORKSPACES_DIR``, ``JUPYTER_CONFIG_PATH``).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from workbook.core.client import ENV_CLIENT_DIR
from workbook.core.notebooks import installed, list_notebooks, notebooks_dir

__all__ = ["FONT_FILE", "lab_command", "lab_config_dir", "lab_environment", "lab_notebooks"]

FONT_FILE = "workbook-cjk.otf"
FAMILY = '"WorkbookCJK", system-ui, -apple-system, "Segoe UI", helvetica, arial, sans-serif'
# first in the list (chromium's fallback to a web font named later misses glyphs); !important: the theme,
# loaded after this file, sets the same variables
CUSTOM_CSS = f"""/* written by the workbook kit: its CJK font for JupyterLab, so Chinese renders without system fonts */
@font-face {{ font-family: "WorkbookCJK"; src: url("{FONT_FILE}") format("opentype"); }}
:root {{ --jp-ui-font-family: {FAMILY} !important; --jp-content-font-family: {FAMILY} !important; }}
select, option, input, textarea, button, .jupyter-widgets {{ font-family: {FAMILY} !important; }}
"""


def lab_config_dir(folder: str | Path) -> Path:
    """Write the kit's Jupyter config folder into ``folder``: ``custom/custom.css`` and the font beside it."""
    from workbook.core.theme import cjk_font_path

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
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [user, env.get("JUPYTER_CONFIG_PATH")]))
    env["JUPYTER_CONFIG_DIR"] = str(config_dir)
    env[ENV_CLIENT_DIR] = str(Path(client_dir).resolve())
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # live charts draw inline
    return env


def lab_command(notebooks: str | Path | None = None, *, port: int | None = None, extra: list[str] | None = None
                ) -> list[str]:
    """The JupyterLab command line on ``notebooks`` (default: the kit's), on 127.0.0.1, with custom CSS on."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={notebooks_dir(notebooks)}",
           "--ServerApp.ip=127.0.0.1", "--LabApp.custom_css=True"]
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


def run_lab(client_dir: str | Path, *, port: int | None = None, echo=print) -> int:
    """Run JupyterLab on the kit's notebooks for ``client_dir`` until it is stopped; its exit code."""
    import subprocess

    notebooks = lab_notebooks(client_dir)
    echo(f"JupyterLab: {notebooks}")
    with tempfile.TemporaryDirectory(prefix="workbook-lab-") as folder:
        config = lab_config_dir(folder)
        return subprocess.call(lab_command(notebooks, port=port), env=lab_environment(client_dir, config))
