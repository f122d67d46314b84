"""The executive summary as a pyramid: the prize with overlaps removed, the five actions by value, the headline."""
from __future__ import annotations

from nbformat.v4 import new_code_cell, new_notebook, new_output

from workbook.core.display import ACTIONS_MIME, CHAPTER_MIME, SECTION_MIME
from workbook.reports.pdf import report_data
from workbook.reports.summary import prize, summarise, summary_content, summary_html, top_actions


def _act(chapter, value, pool=None, key="act.x", **extra):
    return {"chapter": chapter, "key": key, "value": value, "pool": pool, "text": f"{chapter} {value:,.0f}",
            "basis": f"basis of {chapter} {value:,.0f}" if value else None, "who": "销售总监", "days": 60, **extra}


# funnel: website screening 30m and pre-tender 20m both on the leads; funnel mouth 12m on leads too;
# matrix: movers 8m on customers, next list 5m on customers; time: offload 9m on time; a data chore 0; cash 0
ACTIONS = [_act("funnel", 30e6, "leads", "act.web"), _act("funnel", 20e6, "leads", "act.tender"),
           _act("funnel", 12e6, "leads", "act.mouth"), _act("funnel", 0.0, "cash", "act.cash"),
           _act("matrix", 8e6, "customers", "act.movers"), _act("matrix", 5e6, "customers", "act.next"),
           _act("matrix", 0.0, "data", "act.fill"), _act("time", 9e6, "time", "act.offload"),
           _act("overview", 2e6, None, "act.nopool")]


def test_the_prize_counts_the_largest_action_of_each_pool_once():
    total, counted = prize(ACTIONS)
    # leads: max(30, 20, 12) = 30m; customers: max(8, 5) = 8m; time: 9m; no pool: 2m in full; cash, data: 0
    assert total == 30e6 + 8e6 + 9e6 + 2e6 == 49e6
    assert [a["key"] for a in counted] == ["act.web", "act.movers", "act.offload", "act.nopool"]
    assert total <= sum(a["value"] for a in ACTIONS)  # at most the values added (86m)
    assert prize([]) == (0.0, [])
    # two actions without a pool do not overlap: 3 + 4 = 7
    assert prize([_act("a", 3.0), _act("b", 4.0)])[0] == 7.0


def test_the_top_five_are_the_most_valuable_and_never_an_unsized_one_while_sized_ones_exist():
    top = top_actions(ACTIONS)
    assert [a["key"] for a in top] == ["act.web", "act.tender", "act.mouth", "act.offload", "act.movers"]
    values = [a["value"] for a in top]
    assert values == sorted(values, reverse=True) and all(v > 0 for v in values)
    # only two sized: they come first, then an unsized action of a chapter not listed yet, then the others
    few = [_act("funnel", 0.0, key="f0"), _act("funnel", 0.0, key="f1"), _act("matrix", 0.0, key="m0"),
           _act("time", 3.0, key="t3"), _act("funnel", 7.0, key="f7")]
    assert [a["key"] for a in top_actions(few, 4)] == ["f7", "t3", "m0", "f0"]


def test_summarise_records_the_prize_and_the_headline_in_codes():
    chapters = [{"chapter": c, "title": c.upper(), "summary": [f"{c} line 1"], "exhibits": [], "findings": {}}
                for c in ("overview", "matrix", "funnel", "time")]
    summary = summarise({}, ACTIONS, chapters)
    assert summary["summary.prize"] == 49e6
    # the areas: the chapters whose counted actions are worth most (funnel 30m, time 9m, matrix 8m)
    assert summary["summary.headline"] == {"key": "sum.headline", "prize": 49e6, "moves": 4,
                                           "areas": ["funnel", "time", "matrix"], "base": None, "share": None}
    # with the last 12 months' won revenue the prize is also a share of it: 49m / 196m = 25%
    year = summarise({"03": {"funnel.won_revenue_last_12_months": 196e6}}, ACTIONS, chapters)["summary.headline"]
    assert year["key"] == "sum.headline_share" and year["share"] == 0.25
    assert summary_content({"summary.headline": year}, ACTIONS, lang="zh", chapters=chapters)["headline"].endswith(
        "相当于近 12 个月赢单金额（1.96 亿元）的 25%（相同线索、客户或时间上的重叠已剔除）。")
    assert [a["key"] for a in summary["summary.actions"]] == ["act.web", "act.tender", "act.mouth", "act.offload",
                                                              "act.movers"]
    assert summarise({}, [_act("a", 0.0)])["summary.headline"]["key"] == "sum.headline_unsized"


def test_the_summary_opens_with_the_headline_and_the_prize_then_messages_then_actions_by_value():
    chapters = [{"chapter": "funnel", "title": "漏斗诊断",
                 "summary": ["网站线索赢单率 0.6%，低于同类来源 2.1 个百分点。"],
                 "exhibits": [], "findings": {}},
                {"chapter": "time", "title": "时间分配", "summary": [], "exhibits": ["direct"],
                 "findings": {"direct": "直接销售时间只占 14%。"}},
                {"chapter": "matrix", "title": "客户质量矩阵", "summary": ["4 级客户 134 家。"], "exhibits": [],
                 "findings": {}}]
    summary = summarise({"03": {"funnel.five_numbers": {"sales_per_week": 9.1}}}, ACTIONS, chapters)
    zh = summary_content(summary, ACTIONS, lang="zh", chapters=chapters)
    assert zh["headline"] == ("问题集中在漏斗诊断、时间分配、客户质量矩阵：按保守假设，"
                              "4 项行动可在未来 12 个月多带来约 "
                              "4,900 万元的赢单金额（相同线索、客户或时间上的重叠已剔除）。")
    # a chapter without summary lines speaks through its first exhibit's finding
    assert [m["text"] for m in zh["messages"]] == ["网站线索赢单率 0.6%，低于同类来源 2.1 个百分点。",
                                                   "直接销售时间只占 14%。", "4 级客户 134 家。"]
    assert [a["value"] for a in zh["actions"]] == [30e6, 20e6, 12e6, 9e6, 8e6]
    # the 2nd and 3rd draw on the leads the 1st counts: the prize leaves them out, and the summary says so
    assert zh["overlap"] == "第 2、3 项与排在前面的行动作用于同一批线索，总额中只计其中最大的一项。"
    first = zh["actions"][0]
    assert first["worth"] == "12 个月约增 3,000 万元" and first["basis"] == "basis of funnel 30,000,000"
    page = summary_html(zh, lang="zh")
    order = [page.index(x) for x in ("问题集中在", "三个关键发现", "最重要的五项行动", "关键数字")]
    assert order == sorted(order)
    en = summary_content(summary, ACTIONS, lang="en", chapters=chapters)
    assert en["headline"].startswith("The gaps lie in 漏斗诊断, 时间分配, 客户质量矩阵: on conservative assumptions, 4 "
                                     "moves can add about CNY 49.0m of won revenue in the next 12 months")
    assert en["actions"][4]["kpi"] is None and en["actions"][0]["worth"] == "about CNY 30.0m in 12 months"


def test_an_action_with_a_range_a_kpi_and_a_first_step_reads_in_full():
    action = _act("funnel", 30e6, "leads", low=15e6, high=45e6, kpi="网站线索 7 天内分配率", step="指定专人筛选")
    content = summary_content(summarise({}, [action]), [action], lang="zh")
    (item,) = content["actions"]
    assert item["worth"] == "12 个月约增 3,000 万元（1,500 万元–4,500 万元）"
    assert item["kpi"] == "网站线索 7 天内分配率，60 天内见效" and item["step"] == "指定专人筛选"
    assert "第一步：指定专人筛选" in summary_html(content, lang="zh")


def _cell(mime, payload):
    return new_code_cell(outputs=[new_output("display_data", data={mime: payload})])


def _section(key):
    return _cell(SECTION_MIME, {"chapter": "funnel", "key": key, "heading": f"{key}.", "finding": f"finding {key}",
                                "needs": None, "chart": None, "note": None, "tables": []})


def test_the_main_report_keeps_only_the_exhibits_and_the_full_analysis_every_section():
    notebook = new_notebook(cells=[
        _cell(CHAPTER_MIME, {"chapter": "funnel", "title": "Funnel", "summary": ["one", "two", "three"],
                             "exhibits": ["c", "a", "e"]}),
        *[_section(k) for k in "abcde"],
        _cell(ACTIONS_MIME, {"chapter": "funnel", "heading": "What to do", "actions": [_act("funnel", 5e6)]})])
    main = report_data([notebook], lang="en", title="A", subtitle="B", main=True, date="2026-01-02", as_of="2025-12-31")
    (chapter,) = main["chapters"]
    assert chapter["summary"] == ["one", "two", "three"]
    # the exhibits in the chapter's order, the actions kept
    assert [b.get("heading") for b in chapter["blocks"]] == ["a.", "c.", "e.", "What to do"]
    assert main["as_of"] == "Data as of 2025-12-31" and main["date"] == "Report date: 2026-01-02"
    assert main["kind"] == "Main report" and main["depth"] == 2
    fewer = report_data([notebook], lang="en", title="A", subtitle="B", main=True, exhibits=2)
    assert [b.get("heading") for b in fewer["chapters"][0]["blocks"]] == ["a.", "c.", "What to do"]
    full = report_data([notebook], lang="en", title="A", subtitle="B")
    assert [b.get("heading") for b in full["chapters"][0]["blocks"]] == ["a.", "b.", "c.", "d.", "e.", "What to do"]
    assert full["kind"] == "Full analysis"
    action = full["chapters"][0]["blocks"][-1]["actions"][0]
    assert action["worth"] == "about CNY 5.0m in 12 months" and action["basis"] == "basis of funnel 5,000,000"


def test_an_unsized_action_says_why_instead_of_a_value():
    chore = _act("matrix", 0.0, "data", basis="不计金额：数据质量工作")
    plain = _act("funnel", 0.0, "cash")
    sized = _act("time", 9e6, "time")
    items = summary_content(summarise({}, [chore, plain, sized]), [chore, plain, sized], lang="zh")["actions"]
    assert [a["line"] for a in items] == ["12 个月约增 900 万元：basis of time 9,000,000", "不计金额：数据质量工作",
                                          "金额无法估算"]
