"""workbook lab: JupyterLab with the kit's CJK font, the analyst's own settings kept, for the analyst alone (its
own host names, a token made for each start)."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import time

import pytest

from workbook.core.theme import cjk_font_path
from workbook.workshop.lab import FONT_FILE, lab_command, lab_config_dir, lab_environment, lab_url, start_lab
from workbook.workshop.present import free_port, new_token

FOREIGN = "evil.example"  # a web page's own host name, pointed at 127.0.0.1 by DNS rebinding


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
    # their server config still read, after the kit's (whose token outranks theirs)
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[:2] == [str(tmp_path / "cfg"), str(user)]
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
    # on the command line, which wins over any config file of the analyst's
    assert "--ServerApp.allow_remote_access=False" in cmd and "--ServerApp.local_hostnames=localhost" in cmd
    assert not any("token" in arg.lower() for arg in cmd)  # the token is in a config file: `ps` shows this line


def test_the_token_is_in_a_config_file_of_the_users_alone(tmp_path):
    folder = lab_config_dir(tmp_path / "cfg", token="t0ken")
    config = folder / "jupyter_server_config.json"
    assert json.loads(config.read_text(encoding="utf-8")) == {"IdentityProvider": {"token": "t0ken"},
                                                              "PasswordIdentityProvider": {"token": "t0ken"}}
    assert config.stat().st_mode & 0o777 == 0o600
    assert not (lab_config_dir(tmp_path / "plain") / "jupyter_server_config.json").exists()
    with pytest.raises(ValueError, match="token"):
        lab_config_dir(tmp_path / "empty", token="")
    assert lab_url(8999, "t0ken") == "http://127.0.0.1:8999/lab?token=t0ken"


def _get(port: int, path: str, *, host: str = "127.0.0.1", method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, headers={"Host": f"{host}:{port}"})
        answer = conn.getresponse()
        return answer.status, answer.headers, answer.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


@pytest.mark.slow
def test_a_running_lab_answers_its_own_host_with_its_token_only(sample_client, tmp_path, monkeypatch):
    """What `workbook lab` starts, asked as a web page by DNS rebinding would ask it, and as the analyst does;
    the analyst's own config (read too) opens the server to everyone, and is overruled."""
    user = tmp_path / "user-jupyter"
    user.mkdir()
    (user / "jupyter_server_config.json").write_text(json.dumps({
        "ServerApp": {"allow_remote_access": True, "local_hostnames": [FOREIGN], "token": ""},
        "IdentityProvider": {"token": ""}, "PasswordIdentityProvider": {"token": ""}}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(user))
    port, token = free_port(), new_token()
    with (tmp_path / "lab.log").open("w") as log:
        proc = start_lab(sample_client.dir, tmp_path / "config", port=port, token=token, stdout=log,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(port, f"/api/status?token={token}")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "lab.log").read_text()[-3000:]
            time.sleep(0.5)
        assert not any(token in arg for arg in proc.args)
        notebook = "02_quality_matrix.ipynb"  # listed by the contents API; the kernels reach the client's data
        for path in ("/lab", f"/lab?token={token}", "/api/contents", f"/api/contents?token={token}",
                     f"/api/kernels?token={token}", f"/files/{notebook}?token={token}"):
            status, _, body = _get(port, path, host=FOREIGN)
            assert status == 403 and notebook not in body, (path, status)
        status, _, _ = _get(port, f"/api/kernels?token={token}", host=FOREIGN, method="POST")
        assert status == 403
        for path in ("/api/contents", "/api/contents?token=wrong", "/api/kernels"):
            status, _, body = _get(port, path)
            assert status == 403 and notebook not in body, (path, status)
        status, headers, _ = _get(port, "/lab")
        assert status == 302 and headers["Location"].startswith("/login")
        status, _, body = _get(port, f"/api/contents?token={token}")
        assert status == 200 and notebook in [item["name"] for item in json.loads(body)["content"]]
        assert json.loads(_get(port, f"/api/kernels?token={token}")[2]) == []  # the foreign POST started none
        status, headers, _ = _get(port, lab_url(port, token).split(str(port), 1)[1])
        assert status == 200 and "Set-Cookie" in headers  # the login cookie the page's requests then use
        assert _get(port, f"/api/contents?token={token}", host="localhost")[0] == 200  # its other name
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
