"""Workshop mode in a real browser: `workbook present` on a copy of the sample client, driven by chromium.

The copy carries hostile client text (tests/hostile.py): the pages must show it as text and run none of it.

Needs Debian's chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it) and the
playwright package (its own browser download is not used). Screenshots go to test-artifacts/.
"""
from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import hostile
from tests.browser import ACTION_MS, ARGS, ARTIFACTS, CHROMIUM, RUN_MS, SERVER_S, log_tail, set_slider_and_wait
from workbook.core.config import load_config
from workbook.workshop.present import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAVE_PAGES = ("01_customer_inventory", "02_quality_matrix", "03_funnel_diagnosis", "04_time_allocation")
STOP_S = 120  # Ctrl-C until `workbook present` has stopped Voila and its kernels, on a busy machine


class _Output:
    """Every line `workbook present` prints, read on a thread; ``ready`` is set at 'Ctrl-C stops' or at its end."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            self.lines.append(line.rstrip())
            if "Ctrl-C" in line:
                self.ready.set()
        self.ready.set()  # the process ended (or closed its output) without printing the URLs

    def text(self) -> str:
        return "\n".join(self.lines)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)


def _read_urls(proc: subprocess.Popen, output: _Output, timeout: float) -> dict[str, str]:
    """The 'name: url' lines `workbook present` prints before 'Ctrl-C stops' (after Voila answered HTTP)."""
    output.ready.wait(timeout)
    pages = {}
    for line in output.lines:
        match = re.match(r"^(\d\d_\w+): (http://127\.0\.0\.1:\d+/\S+)$", line)
        if match:
            pages[match[1]] = match[2]
    if not any("Ctrl-C" in line for line in output.lines):
        state = "still starting" if proc.poll() is None else f"exited with code {proc.returncode}"
        proc.kill()
        logs = "".join(f"\n--- {log} ends:\n{log_tail(Path(log))}"
                       for log in sorted(set(re.findall(r"(/\S+\.log)\b", output.text()))))
        raise AssertionError(f"workbook present printed no URLs within {timeout:.0f} s ({state}); it printed:\n"
                             f"{output.text()}{logs}")
    return pages


@pytest.fixture(scope="module")
def served(sample_client, tmp_path_factory):
    client_dir = hostile.hostile_copy(sample_client.dir, tmp_path_factory.mktemp("workshop") / "client")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "workbook.cli", "present", str(client_dir), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    output = _Output(proc)
    pages = _read_urls(proc, output, timeout=SERVER_S)
    yield client_dir, pages
    proc.send_signal(signal.SIGINT)  # what Ctrl-C does
    try:
        code = proc.wait(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        proc.terminate()  # present stops Voila and its kernels on SIGTERM too
        proc.wait(timeout=STOP_S)
        raise AssertionError(f"workbook present ignored Ctrl-C (SIGINT) for {STOP_S} s:\n{output.text()}") from None
    output.join(timeout=10)
    assert code == 0, f"workbook present exited with code {code} after Ctrl-C:\n{output.text()}"
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0, "the server still listens after Ctrl-C"


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _open(browser, url: str, *, widgets: bool, requests: list[str] | None = None, dialogs: list | None = None):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    if dialogs is not None:  # an alert() a client's text managed to run
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    page.set_default_timeout(ACTION_MS)
    # the page arrives while Voila runs the notebook: the load event comes after its last cell ran
    page.goto(url, timeout=RUN_MS)
    # Voila removes the spinner and shows the cells once every cell ran and its theme loaded
    expect(page.locator("#loading")).to_have_count(0, timeout=RUN_MS)
    expect(page.locator("#rendered_cells")).to_be_visible(timeout=ACTION_MS)
    if widgets:  # the widgets are drawn by the page's script once it has connected to the kernel
        expect(page.locator(".workbook-save button")).to_be_visible(timeout=RUN_MS)
    return page


def _assert_clean(page, name: str) -> None:
    errors = page.locator(".jp-OutputArea-output[data-mime-type*=error], .jp-RenderedText[data-mime-type*=error]")
    assert errors.count() == 0, f"{name}: error output: {errors.first.inner_text()[:500]}"
    text = page.inner_text("body")
    for bad in ("Traceback", "There was an error when executing cell"):
        assert bad not in text, f"{name}: {bad!r} on the page"
    code = page.locator(".jp-CodeCell .jp-InputArea-editor, .jp-CodeCell .cm-editor, .jp-CodeCell .jp-InputPrompt")
    assert code.count() == 0, f"{name}: code visible"
    for snippet in ("open_client(", "import ", "record(name"):
        assert snippet not in text, f"{name}: code {snippet!r} visible"


def test_every_page_renders_without_errors_or_code(served, browser):
    _, pages = served
    assert len(pages) >= 4 and set(SAVE_PAGES) <= set(pages)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, url in pages.items():
        started = time.monotonic()
        requests: list[str] = []
        dialogs: list[str] = []
        page = _open(browser, url, widgets=name in SAVE_PAGES, requests=requests, dialogs=dialogs)
        seconds = time.monotonic() - started
        _assert_clean(page, name)
        assert not dialogs, f"{name}: client text ran as code: {dialogs}"
        assert page.locator('img[src="x"], script:not([src])').filter(has_text="alert").count() == 0
        if name == "01_customer_inventory":  # the largest customers are listed: their hostile names as text
            expect(page.locator("body")).to_contain_text(hostile.CUSTOMERS[0], use_inner_text=True)
        outside = [r for r in requests if not r.startswith(("http://127.0.0.1:", "data:", "blob:"))]
        assert requests and not outside, f"{name}: requests leaving the machine: {outside[:5]}"
        if name in SAVE_PAGES:  # the save button's icon comes from the icon font Voila serves itself
            icon = page.locator(".workbook-save button i.fa").first
            family = icon.evaluate("el => getComputedStyle(el, '::before').fontFamily")
            assert "Font Awesome" in family, family
            assert page.evaluate("async () => (await document.fonts.load('900 16px \"Font Awesome 5 Free\"',"
                                 " '\\uf0c7')).length") > 0, f"{name}: the icon font did not load"
        assert page.locator(".jp-OutputArea-output").count() > 0, f"{name}: no output"
        loaded = page.evaluate("async () => (await document.fonts.load('16px WorkbookCJK', '客户')).length")
        assert loaded > 0, f"{name}: the CJK font did not load"
        page.set_viewport_size({"width": 1400, "height": 4000})  # Voila scrolls inside the page: a tall window
        page.screenshot(path=str(ARTIFACTS / f"present_{name}.png"))
        print(f"{name}: ready in {seconds:.1f} s")
        page.close()


def test_matrix_threshold_moves_tier_counts_and_save_writes_client_yaml(served, browser):
    client_dir, pages = served
    before_yaml = (client_dir / "client.yaml").read_text(encoding="utf-8")
    page = _open(browser, pages["02_quality_matrix"], widgets=True)
    grid = page.locator(".workbook-live-chart .wb-live-grid")
    cell = grid.locator('td[data-level="quality"][data-relationship="neutral"] div').first
    shown_text = cell.inner_text()
    shown_before = int(shown_text.replace(",", ""))
    page.screenshot(path=str(ARTIFACTS / "present_02_live_matrix.png"), full_page=False)
    before, after = set_slider_and_wait(page, page.locator(".workbook-tier-counts"), "优质·最少人数", "3000")
    assert after != before
    # the browser-drawn matrix answers in place, after the counts (its own message): the cell is found again on
    # every check, as the grid is a new node; fewer quality customers, and the tier-4 chip shows the same count
    expect(cell).not_to_have_text(shown_text, use_inner_text=True, timeout=ACTION_MS)
    shown_after = int(cell.inner_text().replace(",", ""))
    assert shown_after < shown_before
    strategic = grid.locator('td[data-level="strategic"][data-relationship="neutral"] div').first
    tier4 = shown_after + int(strategic.inner_text().replace(",", ""))  # tier 4: quality or strategic, neutral
    assert f"4级客户 {tier4:,}" in " ".join(after.split())
    assert "<Figure size" not in page.inner_text("body")
    expect(grid).to_have_css("font-family", re.compile("WorkbookCJK"), timeout=ACTION_MS)  # retried: mid-redraw
    page.locator(".workbook-save button").click()
    status = page.locator(".workbook-save .workbook-save-status")  # drawn when the kernel has written the file
    expect(status).to_contain_text("icp.quality.min_headcount", timeout=ACTION_MS)
    expect(status).to_contain_text("3,000", timeout=ACTION_MS)
    page.screenshot(path=str(ARTIFACTS / "present_02_after_save.png"), full_page=False)
    page.close()
    assert load_config(client_dir).icp.quality.min_headcount == 3000
    assert load_config(client_dir).icp.quality.min_annual_revenue == 200_000_000  # other rules unchanged
    assert (client_dir / "client.yaml").read_text(encoding="utf-8") != before_yaml
    backups = list(client_dir.glob("client.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before_yaml
