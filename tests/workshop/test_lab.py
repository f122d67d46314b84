"""workbook lab: JupyterLab with the kit's CJK font, the analyst's own settings kept."""
from __future__ import annotations

import os

from workbook.core.theme import cjk_font_path
from workbook.workshop.lab import FONT_FILE, lab_command, lab_config_dir, lab_environment


def test_config_dir_holds_the_custom_css_and_the_font(tmp_path):
    folder = lab_config_dir(tmp_path / "cfg")
    css = (folder / "custom" / "custom.css").read_text(encoding="utf-8")
    assert f'src: url("{FONT_FILE}")' in css and '--jp-ui-font-family: "WorkbookCJK"' in css
    font = folder / "custom" / FONT_FILE
    assert font.stat().st_size == cjk_font_path().stat().st_size
    lab_config_dir(tmp_path / "cfg")  # again: idempotent


def test_environment_points_at_the_client_and_keeps_the_analysts_settings(tmp_path):
    user = tmp_path / "home-jupyter"
    env = lab_environment(tmp_path / "client", tmp_path / "cfg", {"JUPYTER_CONFIG_DIR": str(user), "PATH": "/bin"})
    assert env["JUPYTER_CONFIG_DIR"] == str(tmp_path / "cfg")
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(user)  # their server config still read
    assert env["JUPYTERLAB_SETTINGS_DIR"] == str(user / "lab" / "user-settings")
    assert env["JUPYTERLAB_WORKSPACES_DIR"] == str(user / "lab" / "workspaces")
    assert env["WORKBOOK_CLIENT_DIR"] == str((tmp_path / "client").resolve())
    assert env["MPLBACKEND"] == "module://matplotlib_inline.backend_inline" and env["PATH"] == "/bin"


def test_command_serves_the_kits_notebooks_on_loopback_with_custom_css(tmp_path):
    (tmp_path / "01_x.ipynb").write_text("{}")
    cmd = lab_command(tmp_path, port=8999)
    assert cmd[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path}" in cmd and "--ServerApp.ip=127.0.0.1" in cmd
    assert "--LabApp.custom_css=True" in cmd and "--ServerApp.port=8999" in cmd
