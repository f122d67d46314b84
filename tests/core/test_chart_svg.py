"""A chart's SVG (workbook.core.display._chart_svg): the area savefig's "tight" box saves, measured without its
dry-run drawing."""
from __future__ import annotations

import io
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from workbook.core.display import SCREEN_DPI, _chart_svg, _tight_box
from workbook.core.theme import apply_theme


@pytest.fixture(autouse=True)
def _theme():
    with mpl.rc_context():
        apply_theme(lang="zh")
        yield
    plt.close("all")


def _chart():
    """Bars with Chinese labels, a long tick label sticking out on the left and a legend placed by "best"."""
    figure, ax = plt.subplots(figsize=(6, 3.5))
    ax.barh(["华东区域的大客户", "华南", "西北"], [120, 45, 7], label="线索")
    ax.plot([10, 60, 100], [0, 1, 2], marker="o", label="商机")
    ax.set_title("各区域线索与商机")
    ax.legend(loc="best")
    return figure


def _tight_svg(figure) -> str:
    out = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "workbook"}):
        figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    return out.getvalue()


def _size(svg: str) -> tuple[float, float]:
    width, height = re.search(r'<svg[^>]*\swidth="([0-9.]+)pt" height="([0-9.]+)pt"', svg).groups()
    return float(width), float(height)


def _numbers(svg: str) -> list[float]:
    """Every coordinate of the drawing (element ids aside: they hash the clip boxes)."""
    body = re.sub(r'(id="|url\(#)[a-zA-Z0-9_]+', "", svg.split("<metadata>")[0] + svg.split("</metadata>")[-1])
    return [float(x) for x in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", body)]


def test_the_svg_is_the_picture_savefig_tight_makes():
    svg, width = _chart_svg(_chart())
    expected = _tight_svg(_chart())
    assert _size(svg) == _size(expected)
    ours, theirs = _numbers(svg), _numbers(expected)
    assert len(ours) == len(theirs)
    assert max(abs(a - b) for a, b in zip(ours, theirs)) < 1e-3  # the same positions, to a thousandth of a point
    assert "<text" not in svg and 'id="NotoSansCJKsc-Regular-' in svg  # text drawn as the font's outlines
    assert width == round(_size(svg)[0] / 72 * SCREEN_DPI)


def test_the_box_is_padded_as_savefig_pads_and_the_figure_keeps_its_dpi():
    figure = _chart()
    dpi = figure.dpi
    box = _tight_box(figure)
    assert figure.dpi == dpi == 110  # the theme's screen dpi, restored after measuring at 72
    width, height = _size(_tight_svg(figure))
    # the saved size in points is the padded box in inches x 72
    assert (round(box.width * 72, 3), round(box.height * 72, 3)) == (round(width, 3), round(height, 3))
    assert box.x0 < 0.4 < box.x1  # the long tick label extends the box to the left of the axes (at 0.125 x 6 in)


def test_a_figure_with_a_layout_engine_is_laid_out_by_savefig():
    figure, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.bar(["甲", "乙"], [1, 2])
    assert _tight_box(figure) == "tight"
    svg, _ = _chart_svg(figure)
    assert _size(svg) == _size(_tight_svg(figure))
