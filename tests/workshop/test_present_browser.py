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

from tests import hostile
from tests.browser import ARGS, ARTIFACTS, CHROMIUM, set_slider_and_wait
from workbook.core.config import load_config
from workbook.workshop.present import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAVE_PAGES = ("01_customer_inventory", "02_quality_matrix", "03_funnel_diagnosis", "04_time_allocation")
PAGE_TIMEOUT_MS = 90_000


def _read_urls(proc: subprocess.Popen, timeout: float) -> dict[str, str]:
    """The 'name: url' lines `workbook present` prints before 'Ctrl-C stops'."""
    lines: list[str] = []
    done = threading.Event()

    def reader():
        for line in proc.stdout:
            lines.append(line.rstrip())
            if "Ctrl-C" in line:
                done.set()
                return

    threading.Thread(target=reader, daemon=True).start()
    if not done.wait(timeout):
        proc.kill()
        raise AssertionError("workbook present printed no URLs:\n" + "\n".join(lines))
    pages = {}
    for line in lines:
        match = re.match(r"^(\d\d_\w+): (http://127\.0\.0\.1:\d+/\S+)$", line)
        if match:
            pages[match[1]] = match[2]
    return pages


@pytest.fixture(scope="module")
def served(sample_client, tmp_path_factory):
    client_dir = hostile.hostile_copy(sample_client.dir, tmp_path_factory.mktemp("workshop") / "client")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "workbook.cli", "present", str(client_dir), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    pages = _read_urls(proc, timeout=90)
    yield client_dir, pages
    proc.send_signal(signal.SIGINT)  # what Ctrl-C does
    try:
        code = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.terminate()  # present stops Voila and its kernels on SIGTERM too
        proc.wait(timeout=30)
        raise AssertionError("workbook present ignored Ctrl-C (SIGINT)") from None
    assert code == 0
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
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(url, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function("() => !document.getElementById('loading')")  # Voila removes it when every cell ran
    if widgets:
        page.wait_for_selector(".workbook-save button")
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
            assert hostile.CUSTOMERS[0] in page.inner_text("body")
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
    shown_before = int(cell.inner_text().replace(",", ""))
    page.screenshot(path=str(ARTIFACTS / "present_02_live_matrix.png"), full_page=False)
    before, after = set_slider_and_wait(page, page.locator(".workbook-tier-counts"), "优质·最少人数", "3000")
    assert after != before
    # the browser-drawn matrix answers in place: fewer quality customers, and the tier-4 chip shows the same count
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[cell.element_handle(), str(shown_before)])
    shown_after = int(cell.inner_text().replace(",", ""))
    assert shown_after < shown_before
    strategic = grid.locator('td[data-level="strategic"][data-relationship="neutral"] div').first
    tier4 = shown_after + int(strategic.inner_text().replace(",", ""))  # tier 4: quality or strategic, neutral
    assert f"4级客户 {tier4:,}" in " ".join(after.split())
    assert "<Figure size" not in page.inner_text("body")
    from playwright.sync_api import expect

    expect(grid).to_have_css("font-family", re.compile("WorkbookCJK"))  # retried: the grid may be mid-redraw
    page.locator(".workbook-save button").click()
    status = page.locator(".workbook-save .workbook-save-status")
    status.wait_for()
    assert "icp.quality.min_headcount" in status.inner_text() and "3,000" in status.inner_text()
    page.screenshot(path=str(ARTIFACTS / "present_02_after_save.png"), full_page=False)
    page.close()
    assert load_config(client_dir).icp.quality.min_headcount == 3000
    assert load_config(client_dir).icp.quality.min_annual_revenue == 200_000_000  # other rules unchanged
    assert (client_dir / "client.yaml").read_text(encoding="utf-8") != before_yaml
    backups = list(client_dir.glob("client.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before_yaml
