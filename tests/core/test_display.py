"""The display layer's output: escaped HTML and the payloads the PDF and appendix read."""
from __future__ import annotations

from workbook.core.display import DASH, actions_html, formatted_html
from workbook.core.formats import DASH as FORMATS_DASH


def test_one_dash_for_missing_values():
    assert DASH == FORMATS_DASH == "—"


def test_tables_and_actions_are_escaped():
    page = formatted_html("<c>", ["<h>"], [["<v>"]], [False], more="<m>")
    assert "<c>" not in page and "&lt;c&gt;" in page and "&lt;h&gt;" in page and "&lt;v&gt;" in page
    assert "&lt;m&gt;" in page
    actions = [{"text": "<a>", "who": "R1", "sheet": "名单见附录「x」"}]
    aside = '<span class="wb-aside">（R1；名单见附录「x」）</span>'
    assert actions_html(actions, "zh") == f"<ol><li>&lt;a&gt;{aside}</li></ol>"
    assert "(R1; " in actions_html(actions, "en")
