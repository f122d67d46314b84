"""`workbook present` without a browser: the Voila command line and the refusals before anything starts."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbook.cli import main
from workbook.exceptions import MissingDataError, WorkbookError
from workbook.workshop.present import HOST, free_port, start, voila_command


def test_voila_serves_loopback_only_without_code():
    cmd = voila_command(Path("notebooks"), port=9123)
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=9123" in cmd and "--Voila.port_retries=0" in cmd
    assert "--strip_sources=True" in cmd and "--show_tracebacks=False" in cmd
    assert "--preheat_kernel=True" in voila_command(Path("notebooks"), port=9123, preheat=True)


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
        while time.monotonic() < deadline and "Ctrl-C" not in (line := proc.stdout.readline()):
            assert line or proc.poll() is None, "present exited at start-up"
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
