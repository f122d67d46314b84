"""What the browser tests share: Debian's chromium with the flags this network needs, and moving a slider."""
from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def set_slider_and_wait(page, counts, label: str, value: str) -> tuple[str, str]:
    """Type ``value`` into the readout of the slider labelled ``label``; wait until ``counts`` changes.

    Returns the text of ``counts`` before and after.
    """
    before = counts.inner_text()
    slider = page.locator(".widget-slider").filter(has_text=label)
    slider.scroll_into_view_if_needed()
    slider.locator(".widget-readout").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[counts.element_handle(), before])
    return before, counts.inner_text()
