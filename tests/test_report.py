"""Client-facing HTML: sanitised outputs, offline pages, table of contents, metrics.json and index.html."""
from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tests import render_fixtures
from tests.render_fixtures import ALPHA, SCRIPT
from workbook import __version__
from workbook.appendix import TABLE_MIME
from workbook.record import MIME
from workbook.render import INJECTED_TAG
from workbook.report import clean_notebook, export_html, sanitise_html

rendered_pair = render_fixtures.rendered_pair  # the shared session fixture


def executed(title: str, section: str, value: str):
    nb = new_notebook()
    hidden = new_code_cell("client_dir = 'x'", metadata={"tags": [INJECTED_TAG]})
    hidden.outputs = [new_output("stream", name="stdout", text="hidden")]
    shown = new_code_cell("frame")
    shown.outputs = [
        new_output("display_data", data={MIME: {"n": 1}}),
        new_output("stream", name="stderr", text="UserWarning: noise"),
        new_output("display_data", data={"text/markdown": f"**{value}**", "text/plain": value}),
        new_output("execute_result", execution_count=1,
                   data={"text/html": f"<table><tr><td>{value}</td></tr></table>", TABLE_MIME: {"columns": []}}),
    ]
    nb.cells = [new_markdown_cell(f"# {title}\n\n## {section}"), hidden, shown]
    return nb


def test_sanitise_escapes_scripts_and_keeps_tables_styles_and_images():
    kept = '<style>td{color:red}</style><table class="x"><tbody><tr><td colspan="2">1</td></tr></tbody></table>'
    assert sanitise_html(kept) == kept
    assert sanitise_html('<img src="data:image/png;base64,AAA">') == '<img src="data:image/png;base64,AAA">'
    assert sanitise_html('<a href="javascript:alert(1)">x</a>') == "<a>x</a>"
    assert sanitise_html("<iframe src=x></iframe>") == "&lt;iframe src=x&gt;&lt;/iframe&gt;"


def test_clean_notebook_hides_machine_outputs_warnings_and_injected_cells():
    nb = executed("T", "S", SCRIPT)
    cleaned = clean_notebook(nb)
    assert len(cleaned.cells) == 2 and len(nb.cells) == 3  # the input is not mutated
    outputs = cleaned.cells[1].outputs
    assert [o.output_type for o in outputs] == ["display_data", "execute_result"]
    assert all(MIME not in o.data and TABLE_MIME not in o.data for o in outputs)
    assert "&lt;script&gt;" in outputs[0].data["text/html"]  # markdown with client text: rendered, then sanitised
    assert "&lt;script&gt;" in outputs[1].data["text/html"]


def test_combined_page_has_unique_anchors_a_toc_no_scripts_and_the_cjk_font():
    page = export_html([executed("客户 · One", "1. 解读 · What this means", "A"),
                        executed("汇总 · Two", "1. 解读 · What this means", "B")],
                       lang="en", title=f"Client {SCRIPT}", subtitle="Report", toc=True)
    assert "<script" not in page.lower() and "cdnjs" not in page
    assert page.count('<nav class="wb-toc">') == 1 and "<h2>Contents</h2>" in page
    assert 'id="1.-%E8%A7%A3%E8%AF%BB-%C2%B7-What-this-means"' in page
    assert 'id="1.-%E8%A7%A3%E8%AF%BB-%C2%B7-What-this-means-2"' in page
    assert 'href="#1.-%E8%A7%A3%E8%AF%BB-%C2%B7-What-this-means-2"' in page
    assert "Client &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<html lang="en">' in page and "@font-face" in page and "data:font/woff;base64," in page
    assert 'h1 id="%E6%B1%87%E6%80%BB-%C2%B7-Two" class="wb-break"' in page  # page break before notebook 2


@pytest.mark.slow
def test_client_outputs_metrics_and_index(rendered_pair):
    zephyr, _, batch = rendered_pair
    reports = zephyr / "reports"
    for name in ("01_customers.ipynb", "01_customers.html", "02_summary.html", "report.html", "appendix.xlsx",
                 "report.pdf", "metrics.json", "index.html"):
        assert (reports / name).is_file(), name
    assert [r.files for r in batch.reports][0] == ["metrics.json", "report.html", "appendix.xlsx", "report.pdf",
                                                   "index.html"]
    metrics = json.loads((reports / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["client"] == {"name": f"Zephyr {SCRIPT}", "folder": "zephyr"}
    assert metrics["kit_version"] == __version__ and metrics["generated_at"][:2] == "20"
    assert metrics["notebooks"]["01_customers"]["fixture.customers"] == 3
    assert sorted(metrics["notebooks"]["02_summary"]["fixture.names"]) == sorted(ALPHA)
    report = (reports / "report.html").read_text(encoding="utf-8")
    assert "<script" not in report.lower()
    assert report.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # title, tables, markdown output
    assert "Customer list" not in report.split("<main>")[0]  # TOC and cover live in the page body
    assert '<nav class="wb-toc">' in report and "客户名单" in report
    index = (reports / "index.html").read_text(encoding="utf-8")
    for link in ("report.html", "report.pdf", "appendix.xlsx", "metrics.json", "01_customers.html",
                 "02_summary.ipynb"):
        assert f'href="{link}"' in index
    assert "<script" not in index and "Zephyr &lt;script&gt;" in index
    nb = nbformat.read(reports / "01_customers.ipynb", as_version=4)
    assert any(INJECTED_TAG in c.metadata.get("tags", []) for c in nb.cells)  # the executed notebook is complete
