"""The governing sentence of a thin export: no action can be sized, so it names the problems the actions solve."""
from __future__ import annotations

from workbook.reports.summary import summarise, summary_content


def _act(chapter, key, **extra):
    return {"chapter": chapter, "key": key, "value": 0.0, "pool": "data", "text": key, "basis": None,
            "who": "销售总监", "days": 30, **extra}


CHAPTERS = [{"chapter": "overview", "title": "数据概览", "summary": [], "exhibits": [], "findings": {}},
            {"chapter": "inventory", "title": "客户盘点", "summary": [], "exhibits": [], "findings": {}},
            {"chapter": "time", "title": "时间分配", "summary": [], "exhibits": [], "findings": {}}]
# the cordys export: ask for the missing tables (no problem of its own), fill in 20 customers, visit after the sale
ACTIONS = [_act("overview", "act.ask"),
           _act("inventory", "act.thin", problem="20 家客户资料不全、无法分级"),
           _act("time", "act.after_sale", problem="成交后第 5–7 个月的接触只有第 1–3 个月的 0.0%")]


def test_an_unsized_headline_names_only_the_problems_set_off_by_semicolons():
    summary = summarise({}, ACTIONS, CHAPTERS)
    assert summary["summary.headline"]["key"] == "sum.headline_unsized"
    zh = summary_content(summary, ACTIONS, lang="zh", chapters=CHAPTERS)["headline"]
    # not "数据概览、20 家客户资料不全、无法分级、成交后...": a chapter's title is no problem, and a problem that
    # is itself a list does not run into the next
    assert zh == ("20 家客户资料不全、无法分级；成交后第 5–7 个月的接触只有第 1–3 个月的 0.0%："
                  "下列行动的金额尚无法从现有数据估算。")
    en = summary_content(summary, ACTIONS, lang="en", chapters=CHAPTERS)["headline"]
    assert en.startswith("20 家客户资料不全、无法分级 and 成交后") and "数据概览" not in en


def test_with_no_problem_named_the_chapters_stand_in():
    acts = [_act("overview", "act.ask")]
    zh = summary_content(summarise({}, acts, CHAPTERS), acts, lang="zh", chapters=CHAPTERS)["headline"]
    assert zh == "数据概览：下列行动的金额尚无法从现有数据估算。"


def test_customer_assets_are_not_called_zero_when_no_customer_could_be_graded():
    records = {"01": {"inventory.customers": 20, "inventory.incomplete": 20},
               "02": {"matrix.assets": 0, "matrix.assets_share": 0.0}}
    summary = summarise(records, ACTIONS, CHAPTERS)
    zh = summary_content(summary, ACTIONS, lang="zh", chapters=CHAPTERS)["paragraphs"]
    assert zh == ["20 家客户的资料都不全，尚无法判断哪些是客户资产（1-3级）。"]
    en = summary_content(summary, ACTIONS, lang="en", chapters=CHAPTERS)["paragraphs"]
    assert en == ["All 20 customers lack the details to be graded: which are customer assets (tiers 1-3) is not "
                  "yet known."]
    # 5 of 20 not graded: the assets stand as counted
    records["01"]["inventory.incomplete"] = 5
    graded = summary_content(summarise(records, ACTIONS, CHAPTERS), ACTIONS, lang="zh", chapters=CHAPTERS)
    assert graded["paragraphs"] == ["20 家客户中有 0 家是客户资产（1-3级），占 0.0%。"]
