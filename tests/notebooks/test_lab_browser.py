"""The analyst's path in a real browser: JupyterLab on a copy of the sample client (what `workbook lab` starts),
notebook 02 run from the Run menu, an ICP slider moved, the tier counts answer.

Drives Debian's chromium (`make test` installs it) with playwright; screenshots go to test-artifacts/.
The notebooks are copied first: JupyterLab saves what it runs, and the kit's notebooks stay without outputs.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM, set_slider_and_wait
from workbook.workshop.lab import lab_command, lab_config_dir, lab_environment
from workbook.workshop.present import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def lab(sample_client, tmp_path_factory):
    base = tmp_path_factory.mktemp("lab")
    client_dir, notebooks = base / "client", base / "notebooks"
    shutil.copytree(sample_client.dir, client_dir, ignore=shutil.ignore_patterns("reports", "*.bak"))
    shutil.copytree(ROOT / "notebooks", notebooks)
    port, token = free_port(), secrets.token_hex(16)
    own = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),  # the analyst's own: here, empty
           "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces")}
    env = lab_environment(client_dir, lab_config_dir(base / "config"), own)  # what `workbook lab` (make lab) runs
    env["JUPYTER_RUNTIME_DIR"] = str(base / "runtime")
    log = (base / "lab.log").open("w")
    proc = subprocess.Popen(lab_command(notebooks, port=port, extra=[
        f"--IdentityProvider.token={token}", "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]),
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError("JupyterLab did not start:\n" + (base / "lab.log").read_text()[-3000:]) from None
            time.sleep(0.5)
    yield url, token, notebooks
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


KIT_FONT = re.compile(r'^"?WorkbookCJK')  # the computed font-family starts with the kit's font


def test_lab_runs_notebook_02_and_a_slider_moves_the_tier_counts(lab):
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium (make test does)"
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    url, token, notebooks = lab
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{url}/lab/tree/02_quality_matrix.ipynb?token={token}")
        page.locator(".jp-Notebook").first.wait_for()
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                     "#jp-main-statusbar :text('Idle')").first.wait_for()
        started = page.locator(".jp-InputPrompt").filter(has_text=re.compile(r"\[(\*|\d+)\]"))
        for _ in range(3):  # a click while the menu bar is still settling can be lost: check the run started
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            try:
                started.first.wait_for(timeout=20_000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
        counts = page.locator(".workbook-tier-counts")
        counts.wait_for()
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] .jp-mod-error,"
                              " .jp-OutputArea-output[data-mime-type*='error']")
        assert errors.count() == 0, errors.first.inner_text()[:500]
        loaded = page.evaluate("async () => (await document.fonts.load('16px WorkbookCJK', '客户')).length")
        assert loaded > 0, "the kit's CJK font did not load in JupyterLab"
        label = page.locator(".widget-slider").filter(has_text="优质·最少人数").locator("label").first
        expect(label).to_have_css("font-family", KIT_FONT)
        options = page.locator(".widget-select-multiple select option").first  # form controls too
        expect(options).to_have_css("font-family", KIT_FONT)
        before, after = set_slider_and_wait(page, counts, "优质·最少人数", "3000")
        assert after != before
        explorer = page.locator(".jp-OutputArea-output").filter(has=counts)
        grid = explorer.locator(".workbook-live-chart .wb-live-grid")  # the matrix drawn by the browser
        grid.wait_for()
        assert "客户级别" in grid.inner_text() and "<Figure size" not in explorer.inner_text()
        # the output is redrawn after the slider moved: a node read while it is being replaced has no style yet,
        # so the check retries on the node in the page until it holds or times out
        expect(grid).to_have_css("font-family", KIT_FONT)
        page.screenshot(path=str(ARTIFACTS / "lab_02_after_slider.png"))
        browser.close()
