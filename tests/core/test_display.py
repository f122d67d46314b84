"""Numbers and notes as people read them."""
from __future__ import annotations

import math

from workbook.core.display import missing_note, number, pct


def test_missing_note_escapes_client_text():
    assert "&lt;b&gt;" in missing_note(["<b>"], lang="en")
    assert "<b>" not in missing_note(["<b>"], lang="zh")


def test_missing_note_names_the_data_in_each_language():
    assert missing_note(["quotes (报价)"], lang="zh") == ("> 本节需要以下数据：quotes (报价)。"
                                                          "请客户补充后运行 `workbook validate`。")
    assert missing_note([], lang="en").startswith("> This section needs: more data.")


def test_undefined_figures_show_a_dash():
    assert pct(math.nan) == pct(None) == number(None) == number(math.nan) == "–"
    assert pct(0.125) == "12%" and pct(1) == "100%"
    assert number(1234.5) == "1,234" and number(1234.56, 1) == "1,234.6"
