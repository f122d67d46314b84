"""The analyst's path in a real browser: JupyterLab on a copy of the sample client (what `workbook lab` starts),
notebook 02 run from the Run menu, an ICP slider moved, the tier counts answer.

Drives Debian's chromium (`make test` installs it) with playwright; screenshots go to test-artifacts/.
The notebooks are copied first: JupyterLab saves what it runs, and the kit's notebooks stay without outputs.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import ACTION_MS, ARGS, ARTIFACTS, CHROMIUM, RUN_MS, set_slider_and_wait, wait_until_answers
from workbook.workshop.lab import lab_command, lab_config_dir, lab_environment
from workbook.workshop.present import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "02_quality_matrix.ipynb"
STOP_S = 60  # SIGTERM until JupyterLab has stopped its kernels


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
    log_path = base / "lab.log"
    log = log_path.open("w")
    proc = subprocess.Popen(lab_command(notebooks, port=port, extra=[
        f"--IdentityProvider.token={token}", "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]),
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(f"{url}/api/status?token={token}", proc, log_path, what="JupyterLab")
        yield url, token, notebooks
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


KIT_FONT = re.compile(r'^"?WorkbookCJK')  # the computed font-family starts with the kit's font


def _code_cells(notebook: Path) -> int:
    return sum(cell["cell_type"] == "code" for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"])


def _run_all(page, prompts) -> None:
    """Run > Run All Cells, as the analyst does; return once the first cell has been queued or has run.

    The menu item is clicked once it is shown and enabled (Playwright waits for both). A click can still be
    lost while JupyterLab rebuilds its menus: the run is asked for again only if no cell shows it was queued.
    """
    queued = prompts.filter(has_text=re.compile(r"\[(\*|\d+)\]"))
    for _ in range(3):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            expect(queued.first).to_be_visible(timeout=ACTION_MS)
            return
        except AssertionError:
            if queued.count():  # it started after all: running it twice would redraw the outputs
                return
            page.keyboard.press("Escape")
    raise AssertionError("Run > Run All Cells started no cell in three tries")


def test_lab_runs_notebook_02_and_a_slider_moves_the_tier_counts(lab):
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium (make test does)"
    from playwright.sync_api import sync_playwright

    url, token, notebooks = lab
    code_cells = _code_cells(notebooks / NOTEBOOK)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.set_default_timeout(ACTION_MS)
        started = time.monotonic()
        page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}", timeout=RUN_MS)
        prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt")
        expect(prompts).to_have_count(code_cells, timeout=RUN_MS)  # the notebook is open, every cell drawn
        # the kernel has started and answered (its status in the notebook's toolbar or the status bar)
        expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                            "#jp-main-statusbar :text('Idle')").first).to_be_visible(timeout=RUN_MS)
        idle = time.monotonic()
        _run_all(page, prompts)
        # Run All queues every cell at once ([*]); the run is over when none is left queued or running (after an
        # error JupyterLab drops the rest of the queue: the error is reported below, without waiting any longer)
        expect(prompts.filter(has_text="[*]")).to_have_count(0, timeout=RUN_MS)
        ran = time.monotonic()
        # JupyterLab 4 draws a traceback as stderr text, like a warning: an error output is one that holds a traceback
        stderr = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        errors = stderr.locator(".jp-mod-error").or_(page.locator(".jp-OutputArea-output[data-mime-type*='error']")
                                                     ).or_(stderr.filter(has_text="Traceback"))
        assert errors.count() == 0, errors.first.inner_text()[:500]
        expect(prompts.filter(has_text=re.compile(r"\[\d+\]"))).to_have_count(code_cells)  # every cell ran
        counts = page.locator(".workbook-tier-counts")
        expect(counts).to_be_visible()
        loaded = page.evaluate("async () => (await document.fonts.load('16px WorkbookCJK', '客户')).length")
        assert loaded > 0, "the kit's CJK font did not load in JupyterLab"
        label = page.locator(".widget-slider").filter(has_text="优质·最少人数").locator("label").first
        expect(label).to_have_css("font-family", KIT_FONT, timeout=ACTION_MS)
        options = page.locator(".widget-select-multiple select option").first  # form controls too
        expect(options).to_have_css("font-family", KIT_FONT, timeout=ACTION_MS)
        explorer = page.locator(".jp-OutputArea-output").filter(has=counts)
        grid = explorer.locator(".workbook-live-chart .wb-live-grid")  # the matrix drawn by the browser
        expect(grid).to_contain_text("客户级别")
        grid_before = grid.inner_text()
        moved = time.monotonic()
        before, after = set_slider_and_wait(page, counts, "优质·最少人数", "3000")
        assert after != before
        answered = time.monotonic()
        # the matrix is redrawn after the counts (its own message from the kernel): wait for the new one
        expect(grid).not_to_have_text(grid_before, use_inner_text=True, timeout=ACTION_MS)
        assert "客户级别" in grid.inner_text() and "<Figure size" not in explorer.inner_text()
        # a node read while it is being replaced has no style yet: the check retries on the node in the page
        expect(grid).to_have_css("font-family", KIT_FONT, timeout=ACTION_MS)
        page.screenshot(path=str(ARTIFACTS / "lab_02_after_slider.png"))
        browser.close()
    print(f"kernel idle in {idle - started:.1f} s, Run All done in {ran - idle:.1f} s, "
          f"the counts answered the slider in {answered - moved:.1f} s")
