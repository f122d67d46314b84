"""`workbook present` without a browser: the Voila command line, the refusals before anything starts, and a
running server that answers only its own host names and only with its token."""
from __future__ import annotations

import html
import http.client
import json
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from click.testing import CliRunner

from workbook.cli import main
from workbook.exceptions import MissingDataError, WorkbookError
from workbook.workshop.present import HOST, free_port, start, voila_command, voila_config

FOREIGN = "evil.example"  # a web page's own host name, pointed at 127.0.0.1 by DNS rebinding
NO_KERNEL = "00000000-0000-4000-8000-000000000000"


def test_voila_serves_loopback_only_without_code():
    cmd = voila_command(Path("notebooks"), port=9123)
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=9123" in cmd and "--Voila.port_retries=0" in cmd
    assert "--strip_sources=True" in cmd and "--show_tracebacks=False" in cmd
    assert "--preheat_kernel=True" in voila_command(Path("notebooks"), port=9123, preheat=True)
    assert voila_command(Path("notebooks"), port=9123, config_dir=Path("cfg"))[-1] == "--Voila.config_file_paths=cfg"


def test_voila_config_asks_for_the_token_and_checks_the_host():
    config = voila_config("t0ken")
    assert config["Voila"]["token"] == "t0ken"
    assert config["Voila"]["tornado_settings"] == {"allow_remote_access": False, "local_hostnames": ["localhost"]}
    assert config["VoilaConfiguration"]["file_allowlist"] == []  # /voila/files/ answers without the token
    with pytest.raises(ValueError, match="token"):
        voila_config("")


def test_a_taken_port_is_refused(sample_client):
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        sock.listen()
        with pytest.raises(WorkbookError, match=f"port {sock.getsockname()[1]} is already in use"):
            start(sample_client.dir, port=sock.getsockname()[1])


def test_an_unknown_notebook_is_refused(sample_client):
    with pytest.raises(WorkbookError, match="unknown notebook"):
        start(sample_client.dir, notebook="no_such_page", port=free_port())


def test_a_client_without_validated_data_is_refused(tmp_path):
    (tmp_path / "client.yaml").write_text("client_name: X\n", encoding="utf-8")
    with pytest.raises(MissingDataError, match="workbook validate"):
        start(tmp_path, port=free_port())
    result = CliRunner().invoke(main, ["present", str(tmp_path), "--port", str(free_port())])
    assert result.exit_code == 1 and "workbook validate" in result.output


@pytest.mark.slow
def test_ctrl_c_stops_the_server_even_when_started_with_sigint_ignored(sample_client):
    """A background job (CI runners, `cmd &`) starts with SIGINT ignored; Ctrl-C must still stop the pages."""
    import signal
    import subprocess
    import sys
    import time

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "workbook.cli", "present", str(sample_client.dir),
                             "--notebook", "data_overview", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 90
        lines = []
        while time.monotonic() < deadline and "Ctrl-C" not in (line := proc.stdout.readline()):
            assert line or proc.poll() is None, "present exited at start-up"
            lines.append(line)
        # the URL printed opens the page: it carries the token
        assert any(re.fullmatch(rf"00_data_overview: http://127\.0\.0\.1:{port}/\?token=[\w-]{{40,}}\n", line)
                   for line in lines), lines
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.terminate()  # SIGTERM: present stops Voila and its kernels
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    with socket.socket() as sock:
        assert sock.connect_ex((HOST, port)) != 0


def _get(port: int, path: str, *, host: str = HOST, method: str = "GET", headers: dict | None = None):
    """One request to 127.0.0.1:``port`` with ``Host: host``; returns (status, headers, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=300)
    try:
        conn.request(method, path, headers={"Host": f"{host}:{port}", **(headers or {})})
        answer = conn.getresponse()
        return answer.status, answer.headers, answer.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def served(sample_client):
    """The overview page of the sample client, and the client's own: its name and row counts (on the page)."""
    server = start(sample_client.dir, notebook="00_data_overview", port=free_port())
    clean = sample_client.dir / "data" / "clean"
    own = [sample_client.config.client_name]
    own += [f"{len(pd.read_parquet(clean / f'{table}.parquet')):,}" for table in ("leads", "opportunities")]
    try:
        yield server, urlsplit(server.url).port, own
    finally:
        server.stop()


def _on(body: str, text: str) -> bool:
    """``text`` is in ``body`` as written, as HTML or as JSON (a Voila page holds its outputs as JSON: 客户 is
    \\u5ba2\\u6237 there)."""
    return any(form in body for form in (text, html.escape(text), json.dumps(text)[1:-1]))


def _assert_none_of(body: str, own: list[str]) -> None:
    shown = [text for text in own if _on(body, text)]
    assert not shown, f"client data in a refused answer: {shown}"


@pytest.mark.slow
def test_the_urls_carry_a_fresh_token_kept_off_the_command_line(served):
    server, port, _ = served
    assert len(server.token) >= 40
    assert server.url == f"http://127.0.0.1:{port}/?token={server.token}"
    assert list(server.pages.values()) == [server.url]
    assert not any(server.token in arg for arg in server.process.args)  # `ps` shows the command line to all
    config = Path(str(server.process.args[-1]).split("=", 1)[1]) / "voila.json"
    assert json.loads(config.read_text(encoding="utf-8"))["Voila"]["token"] == server.token
    assert config.stat().st_mode & 0o777 == 0o600 and server.log.stat().st_mode & 0o777 == 0o600


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/", "/?token={token}", f"/api/kernels/{NO_KERNEL}",
                                  f"/api/kernels/{NO_KERNEL}?token={{token}}", f"/api/kernels/{NO_KERNEL}/channels"])
def test_a_foreign_host_gets_no_client_data_with_or_without_the_token(served, path):
    server, port, own = served
    status, _, body = _get(port, path.format(token=server.token), host=FOREIGN)
    assert status == 403, body[:500]
    _assert_none_of(body, own)


@pytest.mark.slow
def test_without_the_token_the_page_asks_for_it(served):
    server, port, own = served
    for path in ("/", "/?token=wrong", "/voila/render/00_data_overview.ipynb"):
        status, headers, body = _get(port, path)
        assert status in (302, 403, 404), (path, status)
        if status == 302:
            assert urlsplit(headers["Location"]).path == "/login"
        _assert_none_of(body, own)
    status, _, body = _get(port, "/login")
    assert status == 200 and "token" in body.lower()
    _assert_none_of(body, own)
    status, _, body = _get(port, f"/api/kernels/{NO_KERNEL}")
    assert status == 403
    for query in ("", f"?token={server.token}"):  # no files of the notebooks' folder (a missing one: 404)
        assert _get(port, f"/voila/files/logo.png{query}")[0] == 403


@pytest.mark.slow
def test_the_token_opens_the_page_and_its_cookie_the_pages_own_requests(served):
    server, port, own = served
    status, headers, page = _get(port, urlsplit(server.url).path + "?" + urlsplit(server.url).query)
    assert status == 200
    assert all(_on(page, text) for text in own), own  # the overview: the client's name and row counts
    cookie = headers["Set-Cookie"].split(";")[0]  # Jupyter's login cookie, set from the token
    kernel = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", page)[0]  # the page's kernel
    status, _, body = _get(port, f"/api/kernels/{kernel}", headers={"Cookie": cookie})
    assert status == 200 and json.loads(body)["id"] == kernel
    assert _get(port, f"/api/kernels/{kernel}")[0] == 403  # the same request without the cookie
    assert _get(port, f"/api/kernels/{kernel}", host=FOREIGN, headers={"Cookie": cookie})[0] == 403
    auth = {"Authorization": f"token {server.token}"}
    assert _get(port, f"/api/kernels/{kernel}", host="localhost", headers=auth)[0] == 200  # its other name
