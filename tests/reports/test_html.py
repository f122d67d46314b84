"""Client-facing HTML: sanitised outputs, the offline page (template, unique anchors, TOC, font) and index.html."""
from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tests.render_fixtures import SCRIPT, make_tiny_client
from workbook.core.record import MIME
from workbook.reports.appendix import TABLE_MIME
from workbook.reports.combined import write_index
from workbook.reports.html import Headings, clean_notebook, export_html, sanitise_html

SECTION = "1. 解读 · What this means"
SECTION_ID = "1.-%E8%A7%A3%E8%AF%BB-%C2%B7-What-this-means"
HOSTILE = "<b>x</b>&"


def executed(title: str, section: str, value: str):
    nb = new_notebook()
    hidden = new_code_cell("client_dir = 'x'", metadata={"tags": ["injected-parameters"]})
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


class Page(HTMLParser):
    """A parsed page: its tags, ids, TOC links and texts, the visible text (outside head, style, script)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.toc: list[tuple[str, str]] = []
        self.visible: list[str] = []
        self.title = ""
        self._stack: list[str] = []
        self._link: str | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "nav" in self._stack:
            self._link = attrs["href"]
            self.toc.append((self._link, ""))
        if tag not in {"meta", "br", "img", "hr", "link", "input", "col"}:
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "title":
            self.title += data
        if self._link is not None:
            self.toc[-1] = (self._link, self.toc[-1][1] + data)
        if not {"head", "style", "script"} & set(self._stack):
            self.visible.append(data)

    def attrs_of(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


def embedded_font_chars(page: str) -> set[str]:
    """The characters the page's embedded WOFF font has glyphs for."""
    from fontTools.ttLib import TTFont

    match = re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", page)
    assert match, "no embedded font"
    font = TTFont(io.BytesIO(base64.b64decode(match.group(1))))
    return {chr(code) for code in font.getBestCmap()}


def is_cjk(ch: str) -> bool:
    return 0x3000 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF


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
    page = export_html([executed("客户 · One", SECTION, "A"), executed("汇总 · Two", SECTION, "B")],
                       lang="en", title=f"Client {SCRIPT}", subtitle="Report", toc=True)
    parsed = Page(page)
    assert "<script" not in page.lower() and "cdnjs" not in page and not parsed.attrs_of("script")
    assert page.count('<nav class="wb-toc">') == 1 and "<h2>Contents</h2>" in page
    assert parsed.ids.count(SECTION_ID) == 1 and parsed.ids.count(f"{SECTION_ID}-2") == 1
    assert len(parsed.ids) == len(set(parsed.ids))  # every id on the page is unique
    assert [text for _, text in parsed.toc] == ["客户 · One", SECTION, "汇总 · Two", SECTION]
    assert [href for href, _ in parsed.toc][-1] == f"#{SECTION_ID}-2"
    assert all(href[1:] in parsed.ids for href, _ in parsed.toc)  # every TOC link lands on a heading
    assert "Client &lt;script&gt;alert(1)&lt;/script&gt;" in page and parsed.title == f"Client {SCRIPT}"
    assert parsed.attrs_of("html") == [{"lang": "en"}] and "@font-face" in page
    breaks = [h["id"] for h in parsed.attrs_of("h1") if h.get("class") == "wb-break"]
    assert breaks == ["%E6%B1%87%E6%80%BB-%C2%B7-Two"]  # a page break before notebook 2 only
    headings = [h for h in parsed.attrs_of("a") if h.get("class") == "anchor-link"]
    assert [a["href"] for a in headings] == ["#%E5%AE%A2%E6%88%B7-%C2%B7-One", f"#{SECTION_ID}",
                                             "#%E6%B1%87%E6%80%BB-%C2%B7-Two", f"#{SECTION_ID}-2"]
    main = page.split("<main>", 1)[1]
    assert main.index('<header class="wb-cover">') < main.index('<nav class="wb-toc">') < main.index("<h1")


def test_page_language_and_client_title_escaped_once_in_title_and_cover():
    page = export_html([executed("客户", "汇总", "A")], lang="zh", title=HOSTILE, subtitle=f"副标题 {HOSTILE}")
    parsed = Page(page)
    assert '<html lang="zh-CN">' in page and parsed.attrs_of("html") == [{"lang": "zh-CN"}]
    assert "<title>&lt;b&gt;x&lt;/b&gt;&amp;</title>" in page and parsed.title == HOSTILE
    assert '<header class="wb-cover"><div style="font-size:2em">&lt;b&gt;x&lt;/b&gt;&amp;</div>' in page
    assert "<p>副标题 &lt;b&gt;x&lt;/b&gt;&amp;</p></header>" in page
    assert "<b>x</b>" not in page and "&amp;lt;" not in page
    assert not parsed.attrs_of("nav") and not parsed.attrs_of("h1")[0].get("class")  # no toc, no breaks


def test_a_notebook_page_without_title_keeps_nbconvert_title_and_unique_ids():
    nb = new_notebook(cells=[new_markdown_cell("# A\n\n## A\n\n## A-2\n\n### 明细 <i>x</i> & y")])
    parsed = Page(export_html([nb], lang="en"))
    assert parsed.title == "Notebook" and not parsed.attrs_of("header") and not parsed.attrs_of("nav")
    heading_ids = [attrs["id"] for name, attrs in parsed.tags if name in {"h1", "h2", "h3"}]
    assert heading_ids == ["A", "A-2", "A-2-2", "%E6%98%8E%E7%BB%86-x-&-y"]


def test_toc_text_is_plain_and_escaped():
    nb = new_notebook(cells=[new_markdown_cell("# 一 <i>A</i> & 1 < 2\n\n## Two\n\n### Three")])
    page = export_html([nb], lang="zh", title="T", toc=True)
    parsed = Page(page)
    assert [text for _, text in parsed.toc] == ["一 A & 1 < 2", "Two"]  # level 3 is left out
    assert "<h2>目录</h2>" in page and ">一 A &amp; 1 &lt; 2</a>" in page


def test_no_script_from_javascript_or_widget_outputs_or_widget_state():
    cell = new_code_cell("x", outputs=[
        new_output("display_data", data={"application/javascript": "alert(1)", "text/plain": "js"}),
        new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "m"},
                                         "text/plain": "IntSlider()"}),
        new_output("display_data", data={"text/vnd.mermaid": "graph TD; A-->B", "text/plain": "m"}),
    ])
    nb = new_notebook(cells=[new_markdown_cell("# W\n\n$x^2$\n\n```mermaid\ngraph TD; A-->B\n```"), cell])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    page = export_html([nb], lang="en")
    assert "<script" not in page.lower() and not Page(page).attrs_of("script")
    assert "require.js" not in page and "mathjax" not in page.lower() and page.rstrip().endswith("</html>")


def test_chinese_headings_and_outputs_are_in_the_embedded_font():
    nb = executed("客户盘点 · 罕见字：饕餮", "龘靐齉", "甲方阿尔法")
    page = export_html([nb, executed("漏斗诊断", "时间分配", "乙方贝塔")], lang="zh", title="客户：鑫源",
                       subtitle="报告 · 2025", toc=True)
    assert "饕餮" in page and "龘靐齉" in page
    shown = {ch for ch in "".join(Page(page).visible) if is_cjk(ch)}
    assert {"饕", "龘", "甲", "鑫", "目", "录"} <= shown
    assert shown <= embedded_font_chars(page)  # every Chinese character shown has a glyph in the subset


def test_headings_number_repeats_and_avoid_existing_ids():
    headings = Headings()
    assert [headings.add(2, a, a)[0] for a in ("A", "A", "A-2", "B", "A")] == ["A", "A-2", "A-2-2", "B", "A-3"]


def test_index_escapes_client_text_once_and_quotes_links(tmp_path):
    client = make_tiny_client(tmp_path / "c", f"Zephyr {SCRIPT} & Co", None)
    reports = client / "reports"
    reports.mkdir()
    for name in ("report.html", "metrics.json", "01_a b.html", "01_a b.ipynb"):
        (reports / name).write_text("x", encoding="utf-8")
    path = write_index(client, lang="en", notebooks=[tmp_path / "01_a b.ipynb", tmp_path / "02_c.ipynb"],
                       failed={"02_c": "ValueError: <bad> & 'x'"})
    index = path.read_text(encoding="utf-8")
    assert path == reports / "index.html" and '<html lang="en">' in index
    assert "<script" not in index and "&amp;lt;" not in index and "&amp;amp;" not in index
    assert "<title>Zephyr &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</title>" in index
    assert "<h1>Zephyr &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</h1>" in index
    assert '<a href="report.html">Full report (HTML)</a>' in index and "report.pdf" not in index
    assert '<a href="01_a%20b.html">01_a b</a>' in index and '<a href="01_a%20b.ipynb">' in index
    assert '<a href="02_c.failed.ipynb">02_c.failed.ipynb</a> <code>ValueError: &lt;bad&gt; &amp; &#39;x&#39;</code>' \
        in index
    assert "Reports · Generated: 20" in index and "Kit version: " in index
    assert 'role="alert"' in index and "This render did not complete" in index


def test_an_index_names_a_failed_report_build_without_an_empty_link(tmp_path):
    client = make_tiny_client(tmp_path / "c", "Zephyr", None)
    (client / "reports").mkdir()
    index = write_index(client, lang="zh", notebooks=[tmp_path / "01_a.ipynb"],
                        failed={"report": "OSError: No space left on device"}).read_text(encoding="utf-8")
    assert "本次生成未完成" in index
    assert "<li>报告文件（网页、PDF、附录） · <strong" in index and "出错</strong> <code>OSError: No space" in index
    assert 'href=""' not in index
    clean = write_index(client, lang="zh", notebooks=[tmp_path / "01_a.ipynb"]).read_text(encoding="utf-8")
    assert "本次生成未完成" not in clean and 'role="alert"' not in clean


def test_a_font_subset_is_made_once_and_read_back_from_the_cache(tmp_path, monkeypatch):
    from fontTools import subset

    from workbook.reports import html as page_html

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    chars = page_html.font_chars("缓存里的字：饕餮")
    page_html.font_subset.cache_clear()
    made = page_html.font_subset(chars)
    cached = list((tmp_path / "sales-workbook" / "fonts").glob("*.woff.b64"))
    assert len(cached) == 1 and cached[0].read_text(encoding="ascii") == made
    page_html.font_subset.cache_clear()

    def no_subsetting(*args, **kwargs):
        raise AssertionError("the font was subset again")

    monkeypatch.setattr(subset, "load_font", no_subsetting)
    assert page_html.font_subset(chars) == made  # read back: no second subsetting
    css = page_html.font_css("缓存里的字：饕餮")
    assert {"饕", "餮", "缓"} <= embedded_font_chars(css)
    page_html.font_subset.cache_clear()
    with pytest.raises(AssertionError, match="subset again"):  # other characters: a new subset
        page_html.font_subset(page_html.font_chars("别的字"))
    page_html.font_subset.cache_clear()
