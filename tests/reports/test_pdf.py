"""The report PDF laid out by Typst from the notebooks' payloads: cover, summary, chapters; client text stays text."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import papermill
import pypdf
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from workbook.core.display import ACTIONS_MIME, CHAPTER_MIME, SECTION_MIME
from workbook.exceptions import WorkbookError
from workbook.reports.firm import Firm, FirmConfig
from workbook.reports.pdf import PdfUnavailable, build_pdf, report_data

ROOT = Path(__file__).resolve().parents[2]
CLIENT = "华瑞<script>alert(1)</script>智能 #eval(\"1+1\") $x$"
HOSTILE = ['#eval("1+1")', "]", "[", "<script>alert(1)</script>", '=HYPERLINK("http://x")', "$x^2$", "*star*",
           "_under_", "@ref", "#pagebreak()", "//slash", "\\u{41}"]
HOSTILE_TEXT = " ".join(HOSTILE)


def _chart_svg() -> str:
    import io

    figure, ax = plt.subplots(figsize=(6, 3))
    ax.plot([1, 2, 3], [3, 1, 2])
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _table(key, caption, headers, rows, numeric, more=None):
    return {"key": key, "caption": caption, "headers": headers, "rows": rows, "numeric": numeric, "more": more,
            "total": len(rows), "appendix": True}


def _notebook(*payloads) -> nbformat.NotebookNode:
    cells = [new_code_cell(source="show(...)", outputs=[new_output("display_data", data={mime: payload})])
             for mime, payload in payloads]
    cells.insert(0, new_code_cell(source="x = 1"))  # a cell without payloads is ignored
    return new_notebook(cells=cells)


def _synthetic() -> tuple[list, dict]:
    long_rows = [[f"C{i:04d}", f"客户{i}", f"{i * 1000:,}", f"{i / 100:.1%}"] for i in range(1, 61)]
    funnel = _notebook(
        (CHAPTER_MIME, {"chapter": "funnel", "title": "漏斗诊断", "subtitle": "数据截至 2025-12-31"}),
        (SECTION_MIME, {"chapter": "funnel", "key": "source", "heading": "1. 线索来源",
                        "finding": "网站带来 35.4% 的线索，但赢单转化率只有 2.1%，为各渠道最低",
                        "needs": None, "chart": _chart_svg(), "note": "某企业案例：直接销售时间 12% → 22%",
                        "tables": [_table("src", "来源", ["来源", "线索", "赢单率"],
                                          [["网站", "7,080", "2.1%"], ["展会", "3,000", "8.0%"]],
                                          [False, True, True])]}),
        (SECTION_MIME, {"chapter": "funnel", "key": "neglected", "heading": f"2. 长期未跟进 {HOSTILE_TEXT}",
                        "finding": f"最久未跟进：{HOSTILE_TEXT}", "needs": None, "chart": None, "note": None,
                        "tables": [_table("neglected", "未跟进客户",
                                          ["客户编号", "客户名称", "赢单金额（元）", "赢单率"], long_rows,
                                          [False, False, True, True], more="前 60 名；完整列表见附录"),
                                   _table("hostile", "名单", ["客户", "备注"], [[x, "—"] for x in HOSTILE],
                                          [False, False])]}),
        (SECTION_MIME, {"chapter": "funnel", "key": "forecast", "heading": "3. 预测准确度", "finding": None,
                        "needs": "需要商机表的预计成交日期，才能计算这一节。", "chart": None, "tables": [],
                        "note": None}),
        (ACTIONS_MIME, {"chapter": "funnel", "heading": "行动建议",
                        "actions": [{"text": "把 7,600 条未跟进线索分给销售", "who": "销售总监",
                                     "sheet": "名单见附录「未跟进客户」", "value": 5e6},
                                    {"text": f"联系 {HOSTILE_TEXT}", "who": None, "sheet": None, "value": 0.0}]}))
    time_alloc = _notebook(
        (CHAPTER_MIME, {"chapter": "timealloc", "title": "时间分配", "subtitle": "数据截至 2025-12-31"}),
        (SECTION_MIME, {"chapter": "timealloc", "key": "direct", "heading": "1. 直接销售时间", "finding":
                        "直接销售时间只占 12.0%", "needs": None, "chart": None, "tables": [], "note": None}),
        (ACTIONS_MIME, {"chapter": "timealloc", "heading": "行动建议", "actions": []}))
    summary = {"heading": "摘要", "paragraphs": ["每周五个数字：线索 385，赢单 12，赢单金额 3,480 万元。"],
               "tables": [_table("five", "五个数字", ["指标", "本周"], [["线索", "385"]], [False, True])],
               "actions": [{"text": "把未跟进线索分给销售", "who": "销售总监", "sheet": "名单见附录「未跟进客户」",
                            "value": 1.0}],
               "actions_heading": "最重要的五项行动"}
    return [funnel, new_notebook(), time_alloc], summary


def _pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def synthetic_pdf(tmp_path_factory) -> tuple[Path, list[str]]:
    notebooks, summary = _synthetic()
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    assert build_pdf(notebooks, out, lang="zh", title=CLIENT, subtitle="销售诊断报告 · 2025-12-31", summary=summary,
                     firm=Firm(FirmConfig(name="某某咨询")), as_of="2025-12-31", date="2026-01-15") == out
    return out, _pages(out)


def test_cover_summary_and_chapters_each_on_their_page(synthetic_pdf):
    path, pages = synthetic_pdf
    assert path.read_bytes().startswith(b"%PDF-") and not [p for p in path.parent.iterdir() if p != path]
    assert 5 <= len(pages) <= 9
    cover = pages[0]
    assert _flat(CLIENT) in _flat(cover) and "某某咨询" in cover and "销售诊断报告" in cover
    assert "1 / " not in cover  # no header or page number on the cover
    assert "数据截至 2025-12-31" in cover and "报告日期：2026-01-15" in cover  # dated by the data and the report
    assert "目录" in pages[1] and "摘要" in pages[1] and "漏斗诊断" in pages[1]  # the contents page lists chapters
    assert "摘要" in pages[2] and "每周五个数字" in pages[2] and "最重要的五项行动" in pages[2]
    assert "漏斗诊断" not in pages[2]
    funnel_pages = [i for i, p in enumerate(pages) if "漏斗诊断" in p and i > 1]
    time_pages = [i for i, p in enumerate(pages) if "时间分配" in p and i > 1]
    assert funnel_pages == [3] and len(time_pages) == 1
    last_funnel = time_pages[0] - 1
    assert "把7,600条未跟进线索分给销售" in _flat(pages[last_funnel])  # the funnel's actions end the page before
    assert "未跟进线索" not in pages[time_pages[0]] and "直接销售时间只占12.0%" in _flat(pages[time_pages[0]])
    assert "本章数据未显示需要立即采取的行动" in pages[time_pages[0]]


def test_header_and_page_numbers_after_the_cover(synthetic_pdf):
    _, pages = synthetic_pdf
    for number, text in enumerate(pages[1:], start=2):
        assert _flat(text).startswith(_flat(CLIENT)), number
        assert f"{number} / {len(pages)}" in text


def test_a_long_table_breaks_with_its_header_repeated(synthetic_pdf):
    _, pages = synthetic_pdf
    first = next(i for i, p in enumerate(pages) if "C0001" in p)
    last = next(i for i, p in enumerate(pages) if "C0060" in p)
    assert last > first
    for page in pages[first:last + 1]:
        assert "客户编号 客户名称 赢单金额（元） 赢单率" in page
    assert "前 60 名；完整列表见附录" in pages[last]


def test_chinese_text_needs_and_numbers_are_extractable(synthetic_pdf):
    _, pages = synthetic_pdf
    text = _flat("".join(pages))
    for expected in ("网站带来35.4%的线索，但赢单转化率只有2.1%，为各渠道最低",
                     "需要商机表的预计成交日期，才能计算这一节。", "某企业案例：直接销售时间12%→22%",
                     "负责人：销售总监", "名单见附录「未跟进客户」", "1.线索来源", "3.预测准确度"):
        assert _flat(expected) in text


def test_client_text_is_printed_literally(synthetic_pdf):
    _, pages = synthetic_pdf
    text = _flat("".join(pages))
    assert text.count(_flat(HOSTILE_TEXT)) >= 3  # heading, finding, action (and the header of every page: CLIENT)
    for hostile in HOSTILE:  # one per table cell
        assert _flat(hostile) in text
    assert '#eval("1+1")' in "".join(pages) and "#pagebreak()" in "".join(pages)


def test_report_data_is_plain_json_with_the_charts_as_files(tmp_path):
    notebooks, summary = _synthetic()
    data = report_data(notebooks, tmp_path, lang="zh", title="A", subtitle="B", summary=summary, date="2025-01-02")
    assert [c["title"] for c in data["chapters"]] == ["漏斗诊断", "时间分配"]
    kinds = [b["kind"] for b in data["chapters"][0]["blocks"]]
    assert kinds == ["section", "section", "section", "actions"]
    assert data["chapters"][0]["blocks"][0]["chart"] == f"{tmp_path.name}/000.svg"
    assert (tmp_path / "000.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert data["summary"]["heading"] == "摘要" and data["date"] == "报告日期：2025-01-02"


def test_a_typst_error_is_a_workbook_error_and_leaves_nothing(tmp_path):
    broken = _notebook((SECTION_MIME, {"chapter": "x", "key": "k", "heading": "1. X", "finding": None, "needs": None,
                                       "chart": "<svg not really", "tables": [], "note": None}))
    with pytest.raises(WorkbookError, match="Typst could not lay out report.pdf"):
        build_pdf([broken], tmp_path / "report.pdf", lang="en", title="Acme", subtitle="")
    assert not list(tmp_path.iterdir())
    assert issubclass(PdfUnavailable, WorkbookError)


def test_a_short_table_of_tall_rows_breaks_instead_of_running_off_the_page(tmp_path):
    # 15 rows (a short table is kept on one page) whose wrapped text makes each row several lines high: taller
    # than a page, so it breaks, each row printed once, the first and last on different pages
    why = "tier 4: build trust, open deal, checklist incomplete, " * 12
    rows = [[f"R{i:02d}", f"customer {i}", why, f"{i:,}"] for i in range(1, 16)]
    notebook = _notebook(
        (CHAPTER_MIME, {"chapter": "matrix", "title": "Quality matrix", "subtitle": "Data as of 2025-12-31"}),
        (SECTION_MIME, {"chapter": "matrix", "key": "next", "heading": "1. Work next", "finding": None,
                        "needs": None, "chart": None, "note": None,
                        "tables": [_table("next", "Customers to work next", ["Rank", "Customer", "Why", "Points"], rows,
                                          [False, False, False, True])]}))
    pages = _pages(build_pdf([notebook], tmp_path / "report.pdf", lang="en", title="Acme", subtitle="x"))
    where = {row[0]: [i for i, page in enumerate(pages) if f"{row[0]}customer{int(row[0][1:])}tier" in _flat(page)]
             for row in rows}
    assert all(len(found) == 1 for found in where.values()), where
    assert where["R01"][0] < where["R15"][0]
    for page in pages[where["R01"][0]:where["R15"][0] + 1]:  # the header repeated on each page of the table
        assert "Rank Customer Why Points" in page


def test_english_report(tmp_path):
    notebook = _notebook(
        (CHAPTER_MIME, {"chapter": "funnel", "title": "Funnel diagnosis", "subtitle": "Data as of 2025-12-31"}),
        (SECTION_MIME, {"chapter": "funnel", "key": "source", "heading": "1. Lead sources",
                        "finding": "The website brings 35.4% of leads but converts only 2.1%", "needs": None,
                        "chart": None, "note": None, "tables": []}),
        (ACTIONS_MIME, {"chapter": "funnel", "heading": "What to do",
                        "actions": [{"text": "Assign 7,600 leads", "who": "Sales director", "sheet": None,
                                     "value": 1.0}]}))
    out = build_pdf([notebook], tmp_path / "report.pdf", lang="en", title="Acme 华瑞", subtitle="Sales diagnosis")
    pages = _pages(out)
    assert len(pages) == 3 and "Acme 华瑞" in pages[0] and "Contents" in pages[1]
    assert "Funnel diagnosis" in pages[2] and "Assign 7,600 leads" in pages[2] and "Owner: Sales director" in pages[2]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sample_client_overview_notebook(lang, tmp_path, sample_client):
    client = tmp_path / "client"
    shutil.copytree(sample_client.dir, client, ignore=shutil.ignore_patterns("reports"))
    executed = tmp_path / "00.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "00_data_overview.ipynb"), str(executed),
                               parameters={"client_dir": str(client), "lang": lang}, kernel_name="python3",
                               cwd=str(tmp_path), progress_bar=False, execution_timeout=300)
    notebook = nbformat.read(executed, as_version=4)
    out = build_pdf([notebook], tmp_path / "report.pdf", lang=lang, title="华瑞智能装备有限公司（示例）",
                    subtitle="2025-12-31")
    pages = _pages(out)
    text = _flat("".join(pages[2:]))
    title, first = ("数据概览", "1.贵公司提供的数据") if lang == "zh" else ("Data overview", "1.")
    assert len(pages) >= 4 and title in pages[2] and first in text  # cover, contents, then the chapter
    assert "<Axes" not in text and "NaN" not in text and "None" not in text
    assert pages[2].count("\n") > 10  # the sections' findings and tables, not an empty chapter page


def test_columns_are_as_wide_as_their_content_and_a_name_wraps_to_two_lines_at_most():
    from workbook.reports.pdf import column_weights

    headers = ["客户编号", "客户名称", "级别", "关系", "负责人", "赢单金额（万元）", "未接触天数", "为什么先联系"]
    name = "无锡兴业储能股份有限公司"  # 12 CJK characters: 12 ems
    rows = [["C0001", name, "4级", "信任", "R01", "1,234.5", "123", "建立信任、商机要素未配齐、客户资产被冷落" * 2]]
    weights = column_weights(headers, rows, [False, False, False, False, False, True, True, False])
    ems = [w / sum(weights) * 60 for w in weights]  # the 60 ems of 8-pt text on the line
    assert ems[1] - 1.6 >= 12 / 2  # the name gets at least half its width: two lines at most
    # a number and a code on one line (a Latin character about 0.52 em in the kit's font: measured 0.49)
    assert ems[5] - 1.6 >= 7 * 0.52 - 0.01 and ems[0] - 1.6 >= 5 * 0.52
    assert ems[7] == max(ems)  # the long reasons take what is left
    # English headers: a column is at least as wide as its header's longest word (no words run together)
    weights = column_weights(["Stage", "Influencers known", "Competition known", "Competitive edge", "Note"],
                             [["Negotiate", "72.4%", "84.3%", "49.3%", "a long remark " * 10]],
                             [False, True, True, True, False])
    ems = [w / sum(weights) * 60 for w in weights]
    assert all(e - 1.6 >= len("Competition") * 0.52 - 0.01 for e in ems[1:4]) and ems[4] == max(ems)


def test_a_table_too_wide_for_the_line_keeps_its_names_on_two_lines_and_chinese_words_whole():
    from workbook.reports.pdf import _pieces, column_weights, header_words

    # the inventory's premium customers without trust in English: ten columns whose needs add up past the line;
    # the name column keeps half its 14-character name (7 + 1 + 1.6 = 9.6 ems), the others share the rest
    headers = ["Customer ID", "Customer", "Rep", "Level", "Relationship", "Annual revenue (CNY bn)",
               "Won revenue (CNY m)", "Contacts in the look-back window (unweighted)",
               "Weighted contacts in the look-back window", "Last contact"]
    rows = [["C1105", "珠海卓越精密电子股份有限公司", "R14", "Strategic", "Neutral", "3.60", "—", "2", "1.5",
             "2025-12-28"]]
    weights = column_weights(headers, rows, [False, False, False, False, False, True, True, True, True, False])
    ems = [w / sum(weights) * 60 for w in weights]
    assert ems[1] - 1.6 >= 14 / 2 + 1 - 0.01  # two lines: 8 characters and 6
    # a long Chinese header breaks between pairs of characters, never inside "销售" or "接触"
    assert header_words("最近一次销售接触日期") == ["最近", "一次", "销售", "接触", "日期"]
    assert all(held for _, held in _pieces("建议销售方向与理由说明"))


def _long_chapter(code: str, keys: list[str], rows: int) -> nbformat.NotebookNode:
    """A chapter whose every section is a table of ``rows`` rows (about 45 rows a page)."""
    body = [[f"{code}{i:03d}", f"name {i}", f"{i * 10:,}"] for i in range(rows)]
    return _notebook((CHAPTER_MIME, {"chapter": code, "title": f"Chapter {code}", "exhibits": keys}),
                     *[(SECTION_MIME, {"chapter": code, "key": k, "heading": f"{i}. Section {code}-{k}",
                                       "finding": None, "needs": None, "chart": None, "note": None,
                                       "tables": [_table(k, f"Table {code}-{k}", ["Id", "Name", "Amount"], body,
                                                         [False, False, True])]})
                       for i, k in enumerate(keys, start=1)])


def test_the_main_report_cuts_the_longest_chapter_first_keeps_two_and_every_cited_section(tmp_path):
    from workbook.reports.pdf import MAIN_PAGES, page_count

    # chapter a: 5 sections of 3 to 4 pages each (200 rows); b: 4 of about 1.5 pages (80 rows); c: 2 short
    # ones. All of them (a about 17 + b about 6 + c 1 + cover, contents, summary) run past 20 pages; cutting the
    # longest chapter first takes a's sections a4, a3 ... but never a5, which the summary's first action cites.
    notebooks = [_long_chapter("a", ["a1", "a2", "a3", "a4", "a5"], 200),
                 _long_chapter("b", ["b1", "b2", "b3", "b4"], 80), _long_chapter("c", ["c1", "c2"], 5)]
    summary = {"heading": "Summary", "actions": [{"text": "Do a5", "value": 1.0, "chapter": "a", "section": "a5"}]}
    path = build_pdf(notebooks, tmp_path / "report.pdf", lang="en", title="A", subtitle="B", main=True,
                     summary=summary)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    kept = set(re.findall(r"Section ([abc]-[abc]\d)", text))
    assert page_count(path) <= MAIN_PAGES
    assert "a-a5" in kept  # cited by a summary action: kept though it is a's least valuable
    assert {"c-c1", "c-c2"} <= kept  # the short chapter keeps both: it is never the longest
    # a's least valuable uncited ones went first (a4, a3, a2: a keeps a1 and the cited a5, about 7 pages); then the
    # report fits, so b, shorter all along, keeps its four
    assert {k for k in kept if k.startswith("a")} == {"a-a1", "a-a5"}
    assert {k for k in kept if k.startswith("b")} == {"b-b1", "b-b2", "b-b3", "b-b4"}
    for code, n in (("a", 5), ("b", 4), ("c", 2)):
        assert len([k for k in kept if k.startswith(code)]) >= min(2, n)


def test_a_section_note_sits_under_the_table_it_annotates(tmp_path):
    import pandas as pd

    from workbook.core.display import section_html
    from workbook.core.result import Result, Section, Table, Text

    first = Table("inventory_thin", pd.DataFrame({"customer_id": ["C1"], "won": [1.0]}))
    second = Table("inventory_completeness", pd.DataFrame({"customer_id": ["C2"], "won": [2.0]}))
    note = Text("report.title")  # any catalogue sentence stands for the note
    marked = Result("matrix", sections=(Section("tiers", tables=(first, second), note=note,
                                                note_table="inventory_thin"),))
    plain = Result("matrix", sections=(Section("tiers", tables=(first, second), note=note),))
    for result, before in ((marked, "never"), (plain, None)):
        page, payload = section_html(result, "tiers", "en")
        assert payload["note_table"] == ("inventory_thin" if before else None)
        noted = page.index('class="wb-note"')
        # marked: the note comes after the first table and before the second; else after the last
        assert (noted < page.rindex("<table")) == bool(before)
        notebook = _notebook((CHAPTER_MIME, {"chapter": "matrix", "title": "Matrix"}), (SECTION_MIME, payload))
        path = build_pdf([notebook], tmp_path / f"{before}.pdf", lang="en", title="A", subtitle="B")
        text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())
        shown = " ".join(payload["note"].split())
        captions = [t["caption"] for t in payload["tables"]]
        assert (text.index(shown) < text.index(captions[1])) == bool(before), (captions, text[-400:])
