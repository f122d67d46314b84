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
import re
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
    assert SUMMARY[lang] in pages[2]  # page 1 is the cover, page 2 the contents, the summary comes next
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
    assert len(summary["summary.actions"]) == 5 and "summary.leaks" not in summary  # leaks live in the funnel
    assert 0 < summary["summary.prize"] <= summary["summary.values_total"]


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
    pdf = "".join("".join(report_check.pdf_text(reports / "report.pdf") + report_check.pdf_text(
        reports / "analysis.pdf")).split())  # table cells wrap lines; the main report keeps fewer sections
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


HEADLINE = {"zh": "按保守假设", "en": "on conservative assumptions"}  # after the problems, before the prize


@pytest.mark.slow
def test_the_main_report_is_at_most_20_pages_and_the_full_analysis_keeps_every_section(report):
    lang, reports = report
    main = report_check.pdf_text(reports / "report.pdf")
    full = report_check.pdf_text(reports / "analysis.pdf")
    assert not report_check.main_pdf_problems(main, lang), report_check.main_pdf_problems(main, lang)
    assert report_check.CONTENTS[lang] in full[1] and len(full) > len(main)
    page = report_check.read_html(reports / "report.html")
    flat = "".join("".join(full).split())
    sections = [h for h in page.headings if re.match(r"^\d+\. ", h)]  # every numbered section of report.html
    assert len(sections) > 40 and all("".join(h.split()) in flat for h in sections), \
        [h for h in sections if "".join(h.split()) not in flat][:5]
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert 'href="report.pdf"' in index and 'href="analysis.pdf"' in index


@pytest.mark.slow
def test_the_summary_opens_with_the_headline_and_the_prize_and_lists_actions_by_value_with_a_basis(report):
    import nbformat

    from workbook.core.formats import money_text
    from workbook.reports.summary import chapter_actions, top_actions

    lang, reports = report
    summary = json.loads((reports / "metrics.json").read_text())["summary"]
    pages = report_check.pdf_text(reports / "report.pdf")
    text = pages[2] + pages[3]  # the summary: one or two pages
    flat = "".join(text.split())
    headline = "".join(HEADLINE[lang].split())
    start = flat.index("".join(SUMMARY[lang].split()))  # after the page header, the summary's heading
    assert 0 <= flat.index(headline) - start < 200, flat[:120]  # then at once the governing sentence (its problems)
    # the prize as the summary's table prints it: the counted values added (metrics.json keeps them unrounded)
    # (an amount of the governing sentence within 1% of it)
    opening = text[text.index(SUMMARY[lang]):][:500]
    amounts = [report_check.money_amount(m, lang) for m in report_check.money_values(opening, lang)]
    assert any(abs(a - summary["summary.prize"]) <= 0.01 * summary["summary.prize"] for a in amounts), (
        money_text(summary["summary.prize"], lang), opening)
    assert not report_check.summary_problems(summary, text, HEADLINE[lang]), \
        report_check.summary_problems(summary, text, HEADLINE[lang])
    notebooks = [nbformat.read(p, as_version=4) for p in sorted(reports.glob("0*.ipynb"))]
    top = top_actions(chapter_actions(notebooks))
    assert [a["value"] for a in top] == [a["value"] for a in summary["summary.actions"]]
    unbased = [a["text"] for a in top if a["value"] > 0 and not a.get("basis")]
    assert not unbased, f"sized actions without the basis of their value: {unbased}"
    assert "三处最大流失" not in flat and "biggest leaks" not in text  # the leaks belong to the funnel chapter


@pytest.mark.slow
def test_every_sheet_the_report_names_exists_and_sheet_names_fit_excel(report):
    from openpyxl import load_workbook

    lang, reports = report
    sheets = load_workbook(reports / "appendix.xlsx", read_only=True).sheetnames
    assert all(len(name) <= 31 for name in sheets) and len({n.casefold() for n in sheets}) == len(sheets)
    page = report_check.read_html(reports / "report.html")
    text = "".join(page.text)
    assert report_check.named_sheets(text, lang), "the report names no appendix sheet"
    assert not report_check.missing_sheets(text, lang, sheets), report_check.missing_sheets(text, lang, sheets)


@pytest.mark.slow
def test_titles_state_findings_rates_differ_in_points_and_lost_means_closed_lost(report):
    lang, reports = report
    page = report_check.read_html(reports / "report.html")
    text = "".join(page.text)
    assert not report_check.question_titles(page.headings), report_check.question_titles(page.headings)
    assert not report_check.percent_gaps(text, lang), report_check.percent_gaps(text, lang)
    funnel = json.loads((reports / "metrics.json").read_text())["notebooks"]["03_funnel_diagnosis"]
    wrong = report_check.wrong_lost(text, lang, lost=funnel["funnel.lost"], opportunities=funnel[
        "funnel.opportunities"], won=funnel["funnel.won"])
    assert not wrong, wrong


def test_the_partner_checks_catch_what_they_are_for():
    assert report_check.question_titles(["报价越快，赢单越多吗？", "Faster quotes win more?", "网站线索占 35%"]) == [
        "报价越快，赢单越多吗？", "Faster quotes win more?"]
    assert report_check.missing_sheets('见附录「线索渠道」；名单见随附 Excel 附录的「被冷落的客户资产」工作表', "zh",
                                       ["线索渠道"]) == ["被冷落的客户资产"]
    assert report_check.missing_sheets('the full list is in the sheet "Premium customers never contacted"', "en",
                                       ["Premium customers never conta"]) == ["Premium customers never contacted"]
    assert report_check.percent_gaps("赢单率差距 4.7%；高出 2.1 个百分点", "zh") == ["差距 4.7%"]
    assert report_check.percent_gaps("目标比近 12 个月赢单金额高出 59.8%", "zh") == []  # money grows in %
    assert report_check.percent_gaps("win rate: a gap of 4.7%; 2.1 pp higher", "en") == ["gap of 4.7%"]
    # 3,578 opportunities - 948 won = 2,630 is not lost: 412 are open; closed lost is 2,218
    assert report_check.wrong_lost("2,630 单丢单", "zh", lost=2218, opportunities=3578, won=948) == ["2,630 单丢单"]
    assert report_check.wrong_lost("2,218 deals lost", "en", lost=2218, opportunities=3578, won=948) == []
    assert report_check.main_pdf_problems(["cover", "目录", "摘要"] + ["x"] * 18, "zh") == [
        "main report of 21 pages (at most 20)"]
    assert report_check.main_pdf_problems(["cover", "摘要", "x"], "zh") == ["no contents page after the cover"]
    summary = {"summary.actions": [{"value": 3.0}, {"value": 5.0}], "summary.prize": 9.0, "summary.values_total": 8.0}
    found = report_check.summary_problems(summary, "摘要 问题集中在 …", "问题集中在")
    assert len(found) == 2 and "sorted" in found[0] and "prize" in found[1]


def test_the_summary_checks_catch_a_total_that_does_not_add_up_a_gap_in_numbering_and_a_value_twice():
    rows = [["1", "销售时间", "5,409 万元", "计入"], ["2", "线索缺口", "4,792 万元", "计入"],
            ["3", "网站", "4,044 万元", "不计入：与第 2 项共用线索"],
            ["", "总额", "10,201 万元（1.02 亿元）", "2 项行动"]]
    # 5,409 + 4,792 = 10,201 万元 = 1.02 亿元: adds up exactly as printed, and the headline states it
    assert report_check.prize_problems(rows, "……2 项行动可多赢单约 1.02 亿元", "zh", counted="计入") == []
    # counting the overlapping 4,044 as well would make 14,245 万元 = 1.42 亿元
    wrong = [*rows[:2], ["3", "网站", "4,044 万元", "计入"], rows[3]]
    assert report_check.prize_problems(wrong, "约 1.42 亿元", "zh", counted="计入") == [
        "the counted values add up to 1.42 亿元, the table's total says 10,201 万元（1.02 亿元）"]
    assert len(report_check.prize_problems(rows, "约 1.50 亿元", "zh", counted="计入")) == 1  # another prize
    # a total only in 亿 (10,200 万) does not add up exactly to the rows' 10,201 万
    rounded = [*rows[:3], ["", "总额", "1.02 亿元", "2 项行动"]]
    assert len(report_check.prize_problems(rounded, "约 1.02 亿元", "zh", counted="计入")) == 1
    en = [["1", "time", "CNY 54.1m", "counted"], ["2", "leads", "CNY 47.9m", "counted"],
          ["", "Total", "CNY 102.0m", "2 actions"]]
    assert report_check.prize_problems(en, "about CNY 102.0m of won revenue", "en", counted="counted") == []
    # the unit in the header, bare numbers in the cells: 54.1 + 47.9 = 102.0
    bare = [["1", "Time", "54.1", "counted"], ["2", "Leads", "47.9", "counted"], ["", "Total", "102.0", "2 actions"]]
    assert report_check.prize_problems(bare, "about CNY 102.0m of won revenue", "en", counted="counted",
                                       unit="Value in 12 months (CNY m)") == []
    # the summary on pages 3 and 4, the first chapter on 5: two pages; on 6: three
    assert report_check.summary_length_problems("Contents\nExecutive summary . . 3\nData overview . . 5\n") == []
    assert report_check.summary_length_problems("目录\n摘要 3\n客户盘点 6\n 1. 客户级别 6\n") == [
        "the summary runs 3 pages (from page 3; at most two)"]
    wrapped = ("Contents\nFunnel 13\n 1. Follow-up 13\n 2. Following up leaves a gap of\n 208 leads a month 14\n"
               " 3. Tender 15\n")
    assert report_check.section_number_problems(wrapped) == []  # a heading on two lines is one entry
    contents = "目录\n摘要 3\n客户盘点 6\n 1. 客户级别 6\n 2. 客户关系 7\n漏斗诊断 12\n 1. 目标 12\n 3. 渠道 13\n"
    assert report_check.section_number_problems(contents) == [
        "section 3 where 2 was due under '漏斗诊断 12': '3. 渠道 13'"]
    assert report_check.section_number_problems("Contents\nFunnel 5\n 1. a 5\n 2. b 6\nTime 7\n 1. c 7\n") == []
    assert report_check.repeated_values(["把杂务交给支持人员：约 5,409 万元 "
                                         "12 个月约增 5,409 万元（3,227 万元–7,591 万元）"],
                                        "zh") == ["['5,409 万元'] twice in '把杂务交给支持人员：约 5,409 万元 "
                                                  "12 个月约增 5,409 万元（3,227 万元–7,591 万元）'"]
    assert report_check.repeated_values(["Quotes within 48 hours: about CNY 33.0m Owner: Head of presales"], "en") == []


@pytest.mark.slow
def test_the_summary_table_adds_up_to_the_prize_sections_run_1_to_n_and_each_action_states_its_value_once(report):
    from workbook.core.i18n import t

    lang, reports = report
    caption = t("table.summary_prize", lang)
    (rows,) = [rows for name, rows in report_check.html_tables(reports / "report.html") if name == caption]
    page = report_check.read_html(reports / "report.html")
    headline = next(text for text in page.text if text.strip() and "".join(HEADLINE[lang].split()) in "".join(
        text.split()))
    found = report_check.prize_problems(rows[1:], headline, lang, counted=t("sum.prize.counted", lang),
                                        unit=rows[0][2])
    assert not found, found
    main = report_check.pdf_text(reports / "report.pdf")
    assert not report_check.section_number_problems(main[1]), report_check.section_number_problems(main[1])
    items = report_check.summary_action_items(reports / "report.html")
    assert len(items) == 5 and not report_check.repeated_values(items, lang), report_check.repeated_values(items, lang)


@pytest.mark.slow
def test_a_firms_wider_font_still_fits_the_main_report_in_20_pages(sample_client, tmp_path_factory, tmp_path):
    """DejaVu Sans is about a tenth wider than the kit's font: the English main report gives up exhibits, then
    its least valuable chapter actions (the reader is sent to the full analysis for them), and stays at 20 pages."""
    from tests.reports.test_firm import NAME, write_firm
    from workbook.reports.batch import render_batch
    from workbook.reports.pdf import page_count

    client = shutil.copytree(rendered("en", sample_client, tmp_path_factory), tmp_path / "client")
    firm = write_firm(tmp_path / "firm")
    batch = render_batch([client], lang="en", templates=firm, formats=("pdf",))
    assert batch.ok, [r.error for r in batch.failed]
    main = report_check.pdf_text(client / "reports" / "report.pdf")
    assert page_count(client / "reports" / "report.pdf") == len(main) <= 20
    assert NAME["en"] in main[1] and not report_check.main_pdf_problems(main, "en")
    full = "".join(report_check.pdf_text(client / "reports" / "analysis.pdf"))
    for line in "".join(main).splitlines():  # what the main report sends the reader to is in the full analysis
        if "The full analysis lists this chapter's other actions" in line:
            assert "What to do" in full
