"""The sample client's report read as its chairman reads it, in Chinese and in English.

The sample client is rendered once per language (every notebook, every
format; the Chinese one with hostile client text from :mod:`tests.hostile`);
the visible text of report.html and the text of report.pdf must show no
object reprs, long floats, NaN/None/True, no English in the Chinese report
and no Chinese in the English headings, no internal words, and open with the
summary. Pictures of the first report pages and of every PDF page are kept in
``test-artifacts/report-<lang>/`` for a person to look at.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import hostile, report_check
from tests.sample_render import rendered

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SUMMARY = {"zh": "摘要", "en": "Executive summary"}
CLIENT_WORDS = {w for text in hostile.STRINGS for w in report_check.LATIN_WORD.findall(text)}


@pytest.fixture(scope="module", params=["zh", "en"])
def report(request, sample_client, tmp_path_factory):
    return request.param, rendered(request.param, sample_client, tmp_path_factory) / "reports"


@pytest.mark.slow
def test_report_html_reads_clean(report):
    lang, reports = report
    page = report_check.read_html(reports / "report.html")
    texts = [t for t in page.text if t.strip()]
    found = report_check.problems(texts, page.headings + page.headers, lang=lang, summary=SUMMARY[lang],
                                  client_words=CLIENT_WORDS if lang == "zh" else report_check.client_strings(
                                      reports.parent))
    assert not found, "\n".join(found[:30])
    assert not report_check.problems(["x"], ["y"], lang=lang, summary="x")  # the checker itself passes clean text


@pytest.mark.slow
def test_report_pdf_reads_clean_and_opens_with_the_summary(report):
    lang, reports = report
    pages = report_check.pdf_text(reports / "report.pdf")
    assert len(pages) >= 8
    assert SUMMARY[lang] in pages[1]  # page 1 is the cover, the summary comes next
    found = report_check.problems(pages, [], lang=lang, summary=SUMMARY[lang], client_words=CLIENT_WORDS)
    assert not found, "\n".join(found[:30])


@pytest.mark.slow
def test_metrics_are_the_same_in_both_languages(sample_client, tmp_path_factory):
    def figures(lang):
        data = json.loads((rendered(lang, sample_client, tmp_path_factory) / "reports" / "metrics.json").read_text())
        data.pop("generated_at")
        return data

    zh, en = figures("zh"), figures("en")
    assert zh == en
    summary = zh["summary"]
    assert summary["summary.assets"] > 0 and 0 < summary["summary.assets_share"] < 1
    assert len(summary["summary.leaks"]) == 3 and len(summary["summary.actions"]) == 5


@pytest.mark.slow
def test_pictures_of_the_report_are_kept(report):
    """The PDF's pages as PNG (pypdfium2) in test-artifacts/, for a person to look at."""
    import pypdfium2

    lang, reports = report
    out = ARTIFACTS / f"report-{lang}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    pdf = pypdfium2.PdfDocument(str(reports / "report.pdf"))
    for number in range(len(pdf)):
        pdf[number].render(scale=1).to_pil().save(out / f"page-{number + 1:02d}.png")
    shutil.copy(reports / "report.pdf", out / "report.pdf")
    shutil.copy(reports / "report.html", out / "report.html")
    assert (out / "page-01.png").stat().st_size > 10_000


@pytest.mark.slow
def test_hostile_client_text_is_shown_literally_and_runs_nowhere(sample_client, tmp_path_factory):
    import html

    from openpyxl import load_workbook

    reports = rendered("zh", sample_client, tmp_path_factory) / "reports"
    pages = {p.name: p.read_text(encoding="utf-8") for p in reports.glob("*.html")}
    for name, page in pages.items():
        assert "<script" not in page.lower() and "<img src=x" not in page and "<b>" not in page, name
    report = pages["report.html"]
    for text in (hostile.CUSTOMERS[0], hostile.CUSTOMERS[1], hostile.OWNER, hostile.SOURCE, hostile.STAGE_LABEL):
        assert html.escape(text, quote=False) in report or html.escape(text) in report, text
    pdf = "".join("".join(report_check.pdf_text(reports / "report.pdf")).split())  # table cells wrap lines
    for text in (hostile.OWNER, hostile.STAGE_LABEL, hostile.CUSTOMERS[0]):
        assert "".join(text.split()) in pdf, text  # Typst showed the text, ran no code
    book = load_workbook(reports / "appendix.xlsx")
    formulas = [cell for sheet in book for row in sheet.iter_rows() for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK")]
    assert formulas and all(cell.data_type == "s" and cell.quotePrefix for cell in formulas)


@pytest.mark.slow
@pytest.mark.browser
def test_report_page_in_a_browser_opens_with_the_summary(report):
    """report.html in chromium: offline, the summary before the contents, a picture of its first screens kept."""
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM

    lang, reports = report
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1600})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto((reports / "report.html").as_uri())
        assert page.locator(".wb-summary h1").inner_text() == SUMMARY[lang]
        assert page.evaluate("async () => (await document.fonts.load('16px WorkbookCJK', '客户')).length") > 0
        out = ARTIFACTS / f"report-{lang}"
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / "report-html-first-screen.png"))
        browser.close()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests[:5]
