"""What the browser tests share: Debian's chromium with the flags this network needs, the time limits, waiting
for a server to answer, and moving a slider.

Every wait is on the page's or the server's own state (an element, a text, an HTTP answer), never on the
clock. The limits are sized for a loaded 2-core machine (the whole suite running beside the test): they only
decide how long a test that is going to fail takes to say so, never whether a working page passes.
"""
from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

ACTION_MS = 120_000  # one step in a page: a click, a widget answering, a style or a font applied
RUN_MS = 480_000  # a kernel starting and a whole notebook running (a Voila page, Run All in JupyterLab):
# seen at 130 s for notebook 02 in JupyterLab beside two busy loops and another build (5 s when quiet)
SERVER_S = 300  # a server (Voila, JupyterLab) starting until it answers HTTP
POLL_S = 0.5  # between two HTTP tries, spent waiting for the server process to exit


def log_tail(log: Path, chars: int = 3000) -> str:
    """The last ``chars`` characters of a server's log (or why there is none)."""
    try:
        return Path(log).read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError as exc:
        return f"(no log: {exc})"


def wait_until_answers(url: str, proc: subprocess.Popen, log: Path, *, what: str, timeout: float = SERVER_S) -> None:
    """Return once ``url`` answers HTTP 2xx; fail at once when ``proc`` exits first, else after ``timeout`` s.

    Between tries the wait is on the process itself (``proc.wait``), so a server that dies is reported at
    once. The failure names the server, the address (without its query: the token) and the tail of its log.
    """
    shown = url.split("?")[0]
    started = time.monotonic()
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except urllib.error.HTTPError as exc:  # up, and refusing: waiting longer will not help
            proc.kill()
            raise AssertionError(f"{what} answered HTTP {exc.code} at {shown}; its log {log} ends:\n"
                                 f"{log_tail(log)}") from None
        except OSError:  # not listening yet (refused, reset, or slow to answer on a busy machine)
            pass
        waited = time.monotonic() - started
        if waited > timeout:
            proc.kill()
            raise AssertionError(f"{what} did not answer at {shown} within {timeout:.0f} s; its log {log} ends:\n"
                                 f"{log_tail(log)}")
        try:
            code = proc.wait(timeout=POLL_S)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"{what} exited (code {code}) after {waited:.0f} s without answering at {shown}; "
                             f"its log {log} ends:\n{log_tail(log)}")


def set_slider_and_wait(page, counts, label: str, value: str, *, timeout: float = ACTION_MS) -> tuple[str, str]:
    """Type ``value`` into the readout of the slider labelled ``label``; wait until ``counts`` shows another text.

    The keys go to the readout itself (focused by Playwright), never to whatever has the focus: in JupyterLab
    a stray "0 0" restarts the kernel. The readout must show ``value`` before Enter sets it. ``counts`` is a
    locator, asked again on every check, so a redrawn node is found too.

    Returns the text of ``counts`` before and after.
    """
    from playwright.sync_api import expect

    expect(counts).not_to_have_text("", timeout=timeout)  # the widget has drawn its first state
    before = counts.inner_text()
    readout = page.locator(".widget-slider").filter(has_text=label).locator(".widget-readout")
    readout.scroll_into_view_if_needed(timeout=timeout)
    readout.fill(value, timeout=timeout)
    expect(readout).to_have_text(value, timeout=timeout)
    readout.press("Enter", timeout=timeout)
    expect(counts).not_to_have_text(before, use_inner_text=True, timeout=timeout)
    return before, counts.inner_text()
