"""The executive summary as a pyramid: the prize with overlaps removed, the five actions by value, the headline."""
from __future__ import annotations

from nbformat.v4 import new_code_cell, new_notebook, new_output

from workbook.core.display import ACTIONS_MIME, CHAPTER_MIME, SECTION_MIME
from workbook.reports.pdf import report_data
from workbook.reports.summary import overlaps_with, pools, prize, summarise, summary_content, summary_html, top_actions


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


def test_the_prize_counts_an_action_only_when_no_larger_counted_one_draws_on_its_pools():
    total, counted = prize(ACTIONS)
    # by value: web 30 (leads) counts; tender 20, mouth 12 share the leads; offload 9 (time) counts; movers 8
    # (customers) counts; next 5 shares the customers; no pool 2 counts in full; cash, data 0 count nothing
    assert total == 30e6 + 9e6 + 8e6 + 2e6 == 49e6
    assert [a["key"] for a in counted] == ["act.web", "act.offload", "act.movers", "act.nopool"]
    assert total <= sum(a["value"] for a in ACTIONS)  # at most the values added (86m)
    assert prize([]) == (0.0, [])
    # two actions without a pool do not overlap: 3 + 4 = 7
    assert prize([_act("a", 3.0), _act("b", 4.0)])[0] == 7.0
    # several pools: offload 9 on time+leads is blocked by web 30 (leads), so the 6 on time alone counts:
    # 30 + 6 = 36; the 9 overlaps with action 1, the 6 counts
    several = [_act("f", 30.0, "leads"), _act("t", 9.0, "time+leads"), _act("q", 6.0, "time")]
    assert prize(several)[0] == 36.0
    # the table names the pools an overlapping action shares with the counted one: here both
    both = [_act("f", 30e6, "leads+time"), _act("t", 9e6, "time+leads")]
    content = summary_content(summarise({}, both), both, lang="en")
    assert content["prize_table"]["rows"][1][3] == "not counted: shares selling time and leads with action 1"
    assert summary_content(summarise({}, both), both, lang="zh")["prize_table"]["rows"][1][3] == (
        "不计入：与第 1 项共用销售时间、线索")
    assert overlaps_with(several) == [0, 1, 0]
    assert pools(several[1]) == ("time", "leads") and pools(_act("x", 1.0)) == ()


def test_the_top_five_are_the_most_valuable_and_never_an_unsized_one_while_sized_ones_exist():
    top = top_actions(ACTIONS)
    assert [a["key"] for a in top] == ["act.web", "act.tender", "act.mouth", "act.offload", "act.movers"]
    values = [a["value"] for a in top]
    assert values == sorted(values, reverse=True) and all(v > 0 for v in values)
    # only two sized: they come first, then an unsized action of a chapter not listed yet, then the others
    few = [_act("funnel", 0.0, key="f0"), _act("funnel", 0.0, key="f1"), _act("matrix", 0.0, key="m0"),
           _act("time", 3.0, key="t3"), _act("funnel", 7.0, key="f7")]
    assert [a["key"] for a in top_actions(few, 4)] == ["f7", "t3", "m0", "f0"]


def test_summarise_makes_the_prize_of_the_five_actions_shown():
    chapters = [{"chapter": c, "title": c.upper(), "summary": [f"{c} line 1"], "exhibits": [], "findings": {}}
                for c in ("overview", "matrix", "funnel", "time")]
    summary = summarise({}, ACTIONS, chapters)
    # the five shown: web 30, tender 20, mouth 12 (leads), offload 9 (time), movers 8 (customers);
    # counted: 30 + 9 + 8 = 47m (the 2m without a pool is not among the five, so not in the prize)
    assert summary["summary.prize"] == 47e6
    assert summary["summary.values_total"] == 30e6 + 20e6 + 12e6 + 9e6 + 8e6
    assert summary["summary.headline"] == {"key": "sum.headline", "prize": 47e6, "moves": 3,
                                           "areas": ["funnel", "time", "matrix"], "base": None, "share": None}
    assert [a["overlaps"] for a in summary["summary.actions"]] == [0, 1, 1, 0, 0]
    # with the last 12 months' won revenue the prize is also a share of it: 47m / 188m = 25.0%
    year = summarise({"03": {"funnel.won_revenue_last_12_months": 188e6}}, ACTIONS, chapters)["summary.headline"]
    assert year["key"] == "sum.headline_share" and year["share"] == 0.25
    assert summary_content({"summary.headline": year}, ACTIONS, lang="zh", chapters=chapters)["headline"].endswith(
        "相当于近 12 个月赢单金额（1.88 亿元）的 25.0%（行动之间的重叠已剔除，见下表）。")
    assert [a["key"] for a in summary["summary.actions"]] == ["act.web", "act.tender", "act.mouth", "act.offload",
                                                              "act.movers"]
    assert summarise({}, [_act("a", 0.0)])["summary.headline"]["key"] == "sum.headline_unsized"


def test_the_summary_states_the_problems_and_the_prize_the_table_adds_up_to():
    chapters = [{"chapter": "funnel", "title": "漏斗诊断",
                 "summary": ["网站线索赢单率 0.6%，低于同类来源 2.1 个百分点。"],
                 "exhibits": [], "findings": {"web": "网站 7,074 条线索赢单率 0.5%。"}},
                {"chapter": "time", "title": "时间分配", "summary": [], "exhibits": ["direct"],
                 "findings": {"direct": "直接销售时间只占 14.0%。"}},
                {"chapter": "matrix", "title": "客户质量矩阵", "summary": ["4 级客户 134 家。"], "exhibits": [],
                 "findings": {}}]
    acts = [_act("funnel", 30.04e6, "leads", "act.web", problem="网站线索赢单率只有 0.5%", section="web"),
            _act("funnel", 20e6, "leads", "act.tender"),
            _act("funnel", 12e6, "leads", "act.mouth"),
            _act("time", 9.04e6, "time", "act.offload", problem="销售只有 14.0% 的时间用于直接销售", section="direct"),
            _act("matrix", 8.04e6, "customers", "act.movers")]
    summary = summarise({"03": {"funnel.five_numbers": {"sales_per_week": 9.1}}}, acts, chapters)
    zh = summary_content(summary, acts, lang="zh", chapters=chapters)
    # the governing sentence: the counted actions' problems (the matrix action has none: its chapter's title),
    # then the prize as the table prints it: 3,004 + 904 + 804 = 4,712 万元
    assert zh["headline"] == ("网站线索赢单率只有 0.5%、销售只有 14.0% 的时间用于直接销售、客户质量矩阵：按保守假设，"
                              "3 项行动可在未来 12 个月多赢单约 4,712 万元（行动之间的重叠已剔除，见下表）。")
    # the key messages are the moves making the prize: each one's evidence section, else its chapter's first line
    assert [m["text"] for m in zh["messages"]] == ["网站 7,074 条线索赢单率 0.5%。", "直接销售时间只占 14.0%。",
                                                   "4 级客户 134 家。"]
    table = zh["prize_table"]
    assert table["headers"] == [
        "行动", "针对的问题", "未来 12 个月增量（万元）", "是否计入总额"]
    # the unit once, in the header; the cells are numbers in it (3,004 + 904 + 804 = 4,712)
    assert [row[2:] for row in table["rows"]] == [
        ["3,004", "计入"], ["2,000", "不计入：与第 1 项共用线索"],
        ["1,200", "不计入：与第 1 项共用线索"],
        ["904", "计入"], ["804", "计入"], ["4,712", "3 项行动"]]
    # the calculation chains leave the action items for a block numbered as the actions
    assert [b["n"] for b in zh["bases"]] == [1, 2, 3, 4, 5] and zh["bases"][0]["text"] == "basis of funnel 30,040,000"
    first = zh["actions"][0]
    assert first["worth_shown"] == "12 个月约增 3,004 万元"
    page = summary_html(zh, lang="zh")
    order = [page.index(x) for x in ("网站线索赢单率只有", "三个关键发现", "最重要的五项行动", "五项行动如何合成总额",
                                     "金额如何计算", "关键数字")]
    assert order == sorted(order)
    assert "basis of funnel" not in page[:page.index("五项行动如何合成总额")]  # no chain in the action items
    en = summary_content(summary, acts, lang="en", chapters=chapters)
    # en: 30.0 + 9.0 + 8.0 = CNY 47.0m, as printed in the table
    assert en["headline"].startswith("网站线索赢单率只有 0.5%, 销售只有 14.0% 的时间用于直接销售 "
                                     "and 客户质量矩阵: on conservative assumptions, 3 moves can add "
                                     "about CNY 47.0m of won revenue in the next 12 months")
    assert en["prize_table"]["headers"][2] == "Value in 12 months (CNY m)"
    assert en["prize_table"]["rows"][-1][2:] == ["47.0", "3 actions"]  # 30.0 + 9.0 + 8.0
    assert en["prize_table"]["rows"][1][3] == "not counted: shares leads with action 1"
    assert en["actions"][4]["kpi"] is None and en["actions"][0]["worth"] == "about CNY 30.0m in 12 months"


def test_an_action_whose_text_states_its_value_does_not_state_it_again():
    action = _act("time", 54.1e6, "time", text="把杂务交给支持人员：12 个月内可多赢单约 5,410 万元")
    (item,) = summary_content(summarise({}, [action]), [action], lang="zh")["actions"]
    assert item["worth_shown"] is None  # the value once, in the text
    page = summary_html(summary_content(summarise({}, [action]), [action], lang="zh"), lang="zh")
    items = page[page.index("wb-summary-actions"):page.index("</ol>", page.index("wb-summary-actions"))]
    assert items.count("5,410 万元") == 1


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
    number = "abcde".index(key) + 1
    return _cell(SECTION_MIME, {"chapter": "funnel", "key": key, "heading": f"{number}. {key}",
                                "finding": f"finding {key}", "needs": None, "chart": None, "note": None,
                                "tables": []})


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
    # the exhibits in the chapter's order, numbered 1..n in the main report, the actions kept
    assert [b.get("heading") for b in chapter["blocks"]] == ["1. a", "2. c", "3. e", "What to do"]
    assert main["as_of"] == "Data as of 2025-12-31" and main["date"] == "Report date: 2026-01-02"
    assert main["depth"] == 2
    fewer = report_data([notebook], lang="en", title="A", subtitle="B", main=True, exhibits=2)
    assert [b.get("heading") for b in fewer["chapters"][0]["blocks"]] == ["1. a", "2. c", "What to do"]
    full = report_data([notebook], lang="en", title="A", subtitle="B")
    # the full analysis keeps every section under its own number
    assert [b.get("heading") for b in full["chapters"][0]["blocks"]] == [f"{i}. {k}" for i, k in enumerate(
        "abcde", start=1)] + ["What to do"]
    assert full["kind"] == "Sales diagnosis: full analysis" and main["kind"] == "Sales diagnosis: main report"
    action = full["chapters"][0]["blocks"][-1]["actions"][0]
    assert action["worth"] == "about CNY 5.0m in 12 months" and action["basis"] == "basis of funnel 5,000,000"


def test_an_unsized_action_says_why_instead_of_a_value():
    chore = _act("matrix", 0.0, "data", basis="不计金额：数据质量工作")
    plain = _act("funnel", 0.0, "cash")
    sized = _act("time", 9e6, "time")
    items = summary_content(summarise({}, [chore, plain, sized]), [chore, plain, sized], lang="zh")["actions"]
    assert [a["line"] for a in items] == ["12 个月约增 900 万元：basis of time 9,000,000", "不计金额：数据质量工作",
                                          "金额无法估算"]
