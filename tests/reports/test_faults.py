"""Faults leave nothing running and nothing half-written; long names keep the layout.

A killed render ends its workers and kernels and leaves the previous report whole; a render and a
validate of one client exclude each other through a lock that names its holder; a client's outputs
replace the previous ones together, with temporaries inside the client folder removed by name (never
through a symlink); a killed validate never leaves a client without ``data/clean``; a full disk names
the folder and leaves an index that says the render failed; a 10,000-character name neither runs off
the PDF page nor widens report.html.
"""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from tests.browser import ARGS, CHROMIUM
from tests.helpers import snapshot
from tests.render_fixtures import OK, make_tiny_client
from workbook.cli import main
from workbook.reports import combined
from workbook.reports.batch import render_batch
from workbook.reports.combined import build_reports
from workbook.reports.execute import remove_stale, render_notebook

WORKBOOK = Path(sys.executable).with_name("workbook")
OUTPUTS = ("report.pdf", "report.html", "metrics.json", "appendix.xlsx", "analysis.pdf")


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# --- a killed render ends everything -----------------------------------------------------------------------------

@pytest.mark.slow
def test_a_killed_render_leaves_no_process_and_the_previous_report_whole(tmp_path):
    client = tmp_path / "kill"
    subprocess.run([WORKBOOK, "sample", client, "--scale", "tiny", "--lang", "en"], check=True, capture_output=True)
    subprocess.run([WORKBOOK, "validate", client], check=True, capture_output=True)
    render = [WORKBOOK, "render", client, "--only", "00_data_overview", "-j", "1"]
    subprocess.run(render, check=True, capture_output=True)
    before = {name: (client / "reports" / name).read_bytes() for name in OUTPUTS}

    cli = subprocess.Popen([*render, "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, psutil.Process] = {}
    deadline = time.monotonic() + 120
    kernel = None
    while kernel is None and time.monotonic() < deadline and cli.poll() is None:
        for child in psutil.Process(cli.pid).children(recursive=True):
            seen.setdefault(child.pid, child)
            try:
                if "ipykernel" in " ".join(child.cmdline()):
                    kernel = child
            except psutil.Error:
                pass
        time.sleep(0.05)
    assert kernel is not None, "no kernel started"
    time.sleep(1.0)  # the notebook is running
    for child in psutil.Process(cli.pid).children(recursive=True):
        seen.setdefault(child.pid, child)
    os.kill(cli.pid, signal.SIGKILL)
    cli.wait()

    deadline = time.monotonic() + 5
    while any(_alive(p) for p in seen.values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [" ".join(p.cmdline())[:80] for p in seen.values() if _alive(p)]
    assert not survivors, survivors
    assert len(seen) >= 3  # a pool worker, the resource tracker and the kernel were there
    time.sleep(2)  # nothing writes after the kill
    assert {name: (client / "reports" / name).read_bytes() for name in OUTPUTS} == before


# --- one job per client ------------------------------------------------------------------------------------------

HOLD = ("import sys, time; from workbook.core.lock import client_lock\n"
        "with client_lock(sys.argv[1], 'workbook render --force'):\n"
        "    print('held', flush=True); time.sleep(60)\n")


def _hold(client: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(client)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_validate_during_a_render_fails_at_once_naming_the_render_and_a_dead_holder_is_taken_over(tmp_path):
    from workbook.core.lock import LOCK_FILE, ClientBusy, holder

    client = make_tiny_client(tmp_path / "busy", "Busy", ["甲方", "乙方"])
    clean = snapshot(client / "data" / "clean")
    proc = _hold(client)
    try:
        who = holder(client)
        assert (who.pid, who.command) == (proc.pid, "workbook render --force")
        result = CliRunner().invoke(main, ["validate", str(client)])
        assert result.exit_code == 1
        assert f"pid {proc.pid}" in result.output and "workbook render --force" in result.output
        assert "started" in result.output and str(client / LOCK_FILE) in result.output
        assert snapshot(client / "data" / "clean") == clean  # nothing was written
        with pytest.raises(ClientBusy, match=f"pid {proc.pid}"):  # and a second render fails the same way
            render_batch([client], notebooks_dir=OK, formats="html")
        assert not (client / "reports").exists()
    finally:
        proc.kill()
        proc.wait()
    assert json.loads((client / LOCK_FILE).read_text())["pid"] == proc.pid  # a dead holder's name is left
    assert holder(client) is None  # but it holds nothing
    result = CliRunner().invoke(main, ["validate", str(client)])
    assert result.exit_code == 0, result.output


def test_the_lock_is_reentrant_in_one_process_and_exclusive_between_processes(tmp_path):
    from workbook.core.lock import client_lock, holder

    with client_lock(tmp_path, "outer"):
        with client_lock(tmp_path, "inner"):
            assert holder(tmp_path).command == "outer"
        assert holder(tmp_path).command == "outer"
        probe = subprocess.run([sys.executable, "-c", "import sys; from workbook.core.lock import client_lock\n"
                                "with client_lock(sys.argv[1]): pass", str(tmp_path)], capture_output=True, text=True)
        assert probe.returncode == 1 and "ClientBusy" in probe.stderr and "`outer`" in probe.stderr
    assert holder(tmp_path) is None


# --- nothing half-written ----------------------------------------------------------------------------------------

def test_a_validate_killed_mid_swap_leaves_data_clean_and_the_next_one_removes_its_temporaries(tmp_path,
                                                                                             monkeypatch):
    from workbook.intake.validate import run_intake

    client = make_tiny_client(tmp_path / "swap", "Swap", ["甲方"])
    (client / "data" / "raw" / "customers.csv").write_text("customer_id,name\nC0,甲方\nC1,乙方\n", encoding="utf-8")
    real_replace = os.replace

    def killed_after_one_rename(src, dst, *args, **kwargs):  # the process dies right after its first rename
        real_replace(src, dst, *args, **kwargs)
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(os, "replace", killed_after_one_rename)
    with pytest.raises(KeyboardInterrupt):
        run_intake(client)
        raise KeyboardInterrupt("the swap made no rename")
    monkeypatch.undo()
    clean = client / "data" / "clean"
    assert (clean / "customers.parquet").is_file() and (clean / "manifest.json").is_file()
    rows = json.loads((clean / "manifest.json").read_text())["tables"]["customers"]["rows"]
    assert rows == 2  # the new tables, whole

    (client / "data" / ".clean-abcd1234").mkdir()  # what a validate killed while writing leaves
    (client / "data" / ".clean-old-4242").mkdir()
    keep = client / "data" / ".cleaning-notes"
    keep.mkdir()
    run_intake(client)
    assert sorted(p.name for p in (client / "data").iterdir()) == [".cleaning-notes", "clean", "raw"]


def test_a_full_disk_during_validate_names_data_clean_and_keeps_it(tmp_path, monkeypatch):
    import pandas as pd

    client = make_tiny_client(tmp_path / "full", "Full", ["甲方"])
    clean = snapshot(client / "data" / "clean")

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", no_space)
    result = CliRunner().invoke(main, ["validate", str(client)])
    assert result.exit_code == 1
    assert "unexpected error" not in result.output
    assert f"No space left on device while writing {client / 'data' / 'clean'}; it is unchanged" in \
        " ".join(result.output.split())
    assert snapshot(client / "data" / "clean") == clean
    assert sorted(p.name for p in (client / "data").iterdir()) == ["clean", "raw"]


def test_stale_temporaries_are_removed_by_exact_name_and_never_through_a_symlinked_reports(tmp_path):
    client = tmp_path / "c"
    reports = client / "reports"
    (reports / ".inputs").mkdir(parents=True)
    stale = [".report.html.k2j3h4g5.tmp", ".01_customers.ab12cd34.running.ipynb", ".report.pdf.x9y8z7w6.pdf",
             ".inputs/.01_customers.sha256.qwertyui.tmp"]
    kept = [".notes.tmp", "my.tmp", ".report.html.tmp", ".drafts.running.ipynb", "report.html"]
    for name in stale + kept:
        (reports / name).write_text("x")
    for folder in (".typst-abcdefgh", ".staging-abcdefgh.tmp"):
        (reports / folder / "charts").mkdir(parents=True)
    removed = {str(p.relative_to(reports)) for p in remove_stale(client)}
    assert removed == set(stale) | {".typst-abcdefgh", ".staging-abcdefgh.tmp"}
    assert sorted(p.name for p in reports.iterdir() if p.name != ".inputs") == sorted(kept)

    elsewhere = tmp_path / "elsewhere"  # reports/ a symlink to a folder of someone else's
    elsewhere.mkdir()
    (elsewhere / ".report.html.k2j3h4g5.tmp").write_text("theirs")
    other = tmp_path / "other"
    other.mkdir()
    (other / "reports").symlink_to(elsewhere)
    assert remove_stale(other) == []
    assert (elsewhere / ".report.html.k2j3h4g5.tmp").read_text() == "theirs"


@pytest.fixture
def rendered_once(tmp_path):
    client = make_tiny_client(tmp_path / "once", "Once", ["甲方阿尔法", "乙方贝塔"])
    batch = render_batch([client], jobs=1, notebooks_dir=OK)
    assert batch.ok, batch.failed
    return client


def test_a_failing_pdf_replaces_nothing_keeps_no_temporaries_and_the_index_says_it_failed(rendered_once, tmp_path,
                                                                                         monkeypatch):
    import typst

    from workbook.reports import pdf

    client, reports = rendered_once, rendered_once / "reports"
    before = {name: (reports / name).read_bytes() for name in OUTPUTS}
    roots = []
    real_compile = typst.compile

    def full_disk(*args, **kwargs):  # Typst lays out the report in its folder, then the disk is full
        roots.append(Path(kwargs["root"]))
        real_compile(*args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(typst, "compile", full_disk)
    monkeypatch.setattr(pdf.tempfile, "tempdir", str(system_tmp))
    result = build_reports(client, force=True, notebooks_dir=OK)
    assert result.status == "failed"
    assert result.error == (f"OSError: No space left on device, writing in {reports}: free some disk space and "
                            "render again")
    assert roots and all(root.is_relative_to(reports) for root in roots)  # client data stays in its folder
    assert list(system_tmp.iterdir()) == []
    assert {name: (reports / name).read_bytes() for name in OUTPUTS} == before  # not one output replaced
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "No space left on device" in index and "report.html" in index
    assert sorted(p.name for p in reports.iterdir() if p.name.startswith(".")) == [".inputs"]


def test_an_index_that_cannot_be_written_is_removed_rather_than_left_saying_all_is_well(rendered_once, monkeypatch):
    reports = rendered_once / "reports"

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(combined, "write_index", no_space)
    assert combined.index_with_failure(rendered_once, lang="en", notebooks=[], failed={"report": "x"}) is None
    assert not (reports / "index.html").exists()


def test_a_full_disk_during_a_notebook_names_the_folder_and_keeps_no_cut_off_notebook(rendered_once, monkeypatch):
    from workbook.reports import kernels

    reports = rendered_once / "reports"
    before = snapshot(reports)

    def cut_off(nb, output, client_dir, **kwargs):  # papermill's save ran out of space half-way
        Path(output).write_text('{"cells": [{"cell_type": "code", "sou', encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kernels, "execute", cut_off)
    result = render_notebook(rendered_once, OK / "01_customers.ipynb", force=True)
    assert result.status == "failed" and result.executed is None
    assert result.cell == "writing the notebook" and result.ename == "OSError"
    assert result.evalue == f"No space left on device, writing in {reports}: free some disk space and render again"
    assert snapshot(reports) == before  # no .failed.ipynb, no temporary, the good notebook kept


# --- long names keep the layout ----------------------------------------------------------------------------------

LONG = "Q" * 10_000  # a 10,000-character Latin name with no place to break


@pytest.fixture(scope="module")
def long_named(tmp_path_factory):
    client = make_tiny_client(tmp_path_factory.mktemp("long") / "long", "Long Names", [LONG, "乙方贝塔"])
    batch = render_batch([client], jobs=1, notebooks_dir=OK)
    assert batch.ok, batch.failed
    return client


def test_a_long_name_stays_on_the_pdf_page_and_whole_in_the_appendix(long_named):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    reports = long_named / "reports"
    for name in ("report.pdf", "analysis.pdf"):
        reader = PdfReader(reports / name)
        assert len(reader.pages) <= 20
        for page in reader.pages:  # the name is cut at 80 characters and breaks into lines of a column's width
            runs = [len(run) for run in page.extract_text().replace("\u200b", " ").split() if set(run) == {"Q"}]
            assert max(runs, default=0) <= 80, (name, max(runs))
    cells = [cell.value for sheet in load_workbook(reports / "appendix.xlsx") for row in sheet.iter_rows()
             for cell in row]
    assert LONG in cells


@pytest.mark.browser
def test_a_long_name_wraps_in_report_html(long_named):
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    reports = long_named / "reports"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = chromium.new_page(viewport={"width": 1200, "height": 900})
            for name in ("report.html", "01_customers.html"):
                page.goto((reports / name).as_uri())
                assert LONG in page.content()  # wrapped, not cut: the page keeps the whole name
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width < 1300, (name, width)
                # nor does any table grow wide inside a box that scrolls sideways (the output area's)
                widest = page.evaluate("Math.max(...Array.from(document.querySelectorAll('body *'),"
                                       " el => Math.max(el.getBoundingClientRect().right, el.scrollWidth)))")
                assert widest < 1300, (name, widest)
        finally:
            chromium.close()
