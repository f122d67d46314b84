"""Combined outputs of a rendered client: the pages, report, appendix, PDF, metrics.json and index.html.

The page itself (sanitising, template, anchors, TOC, font) and index.html escaping: test_html.py.
"""
from __future__ import annotations

import html
import json

import nbformat
import pytest

from tests import render_fixtures
from tests.render_fixtures import ALPHA, SCRIPT
from workbook import __version__
from workbook.core.display import SECTION_MIME

rendered_pair = render_fixtures.rendered_pair  # the shared session fixture


@pytest.mark.slow
def test_client_outputs_metrics_and_index(rendered_pair):
    zephyr, _, batch = rendered_pair
    reports = zephyr / "reports"
    for name in ("01_customers.ipynb", "01_customers.html", "02_summary.html", "report.html", "appendix.xlsx",
                 "report.pdf", "analysis.pdf", "metrics.json", "index.html"):
        assert (reports / name).is_file(), name
    assert [r.files for r in batch.reports][0] == ["metrics.json", "report.html", "appendix.xlsx", "report.pdf",
                                                   "analysis.pdf", "index.html"]
    metrics = json.loads((reports / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["client"] == {"name": f"Zephyr {SCRIPT}", "folder": "zephyr"}
    assert metrics["kit_version"] == __version__ and metrics["generated_at"][:2] == "20"
    assert metrics["notebooks"]["01_customers"]["fixture.customers"] == 3
    assert sorted(metrics["notebooks"]["02_summary"]["fixture.names"]) == sorted(ALPHA)
    report = (reports / "report.html").read_text(encoding="utf-8")
    assert "<script" not in report.lower()
    assert report.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # title, table cell, finding sentence
    assert "数据概览" not in report.split("<main>")[0]  # summary, TOC and cover live in the page body
    body = report.split("<main>")[1]
    assert body.index('class="wb-summary"') < body.index('<nav class="wb-toc">') < body.index('id="overview"')
    from workbook.core.i18n import t

    heading = html.escape(f"1. {t('section.overview.tables', 'zh')}", quote=False)
    assert f'<a href="#overview-tables">{heading}</a>' in body  # the TOC links the display layer's sections
    index = (reports / "index.html").read_text(encoding="utf-8")
    for link in ("report.html", "report.pdf", "analysis.pdf", "appendix.xlsx", "metrics.json", "01_customers.html",
                 "02_summary.ipynb"):
        assert f'href="{link}"' in index
    assert "<script" not in index and "Zephyr &lt;script&gt;" in index
    nb = nbformat.read(reports / "01_customers.ipynb", as_version=4)
    shown = [o for c in nb.cells for o in c.get("outputs", []) if SECTION_MIME in o.get("data", {})]
    assert len(shown) == 3  # the executed notebook keeps the three sections the display layer showed
