"""`workbook present` without a browser: the Voila command line and the refusals before anything starts."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbook.cli import main
from workbook.exceptions import MissingDataError, WorkbookError
from workbook.present import HOST, free_port, start, voila_command


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
