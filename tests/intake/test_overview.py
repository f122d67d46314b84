"""The data overview's result: categories without an English label as findings, its actions on the value
scale (data chores: value 0, pool "data", with basis, owner, first step, KPI and when), its summary and
exhibits."""
from __future__ import annotations

import pandas as pd

from tests.helpers import opened_client
from workbook.core.formats import render
from workbook.intake import overview

LEADS = pd.DataFrame({"lead_id": [f"L{i}" for i in range(6)], "created_date": ["2025-01-05"] * 4 + ["2025-02-10"] * 2,
                      "source": ["网站", "网站", "展会", "展会", "Partner", "技术交流"]})
CUSTOMERS = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "name": ["甲", "乙", "丙"],
                          "industry": ["化工", "化工", "Retail"], "region": ["华东", None, "华东"]})
YAML = "client_name: Demo\nlanguage: en\nlabels:\n  region:\n    华东: East China\n"
LEADS_LABELLED = "  source:\n    展会: {en: Trade shows}\n"


def _client(tmp_path, yaml=YAML + LEADS_LABELLED):
    return opened_client(tmp_path / "c", {"leads.csv": LEADS, "customers.csv": CUSTOMERS}, yaml=yaml)


def test_categories_without_an_english_label_are_listed_by_vocabulary(tmp_path):
    client = _client(tmp_path)
    out = overview.unlabelled_categories({"leads": client.table("leads"), "customers": client.table("customers")},
                                         client.labels).set_index("vocab")
    # 网站 (2 leads) before 技术交流 (1); 展会 has a label, Partner and Retail need none; 华东 is labelled
    assert out.loc["source", "values"] == ("网站", "技术交流") and out.loc["industry", "values"] == ("化工",)
    assert sorted(out.index) == ["industry", "source"]


def test_an_english_report_lists_them_as_a_data_quality_finding(tmp_path):
    client = _client(tmp_path)
    result = overview.compute(client)
    assert result.figures["overview.unlabelled"] == 3  # 网站, 技术交流, 化工
    table = result.section("findings").tables[0].frame
    rows = table[table["rule"] == overview.NO_LABEL]
    assert rows[["table", "column", "value"]].values.tolist() == [["leads", ("线索来源", "Source"), "网站 / 技术交流"],
                                                                  ["customers", ("行业", "Industry"), "化工"]]
    fix = rows.iloc[0]["fix"][1]
    assert fix.startswith("add them under labels: in client.yaml, e.g. labels: {source: {网站: {en: ...}}}")
    assert render(result.summary[-1], "en", labels=result.labels).endswith(
        "3 category values (lead sources, industries) have no English label yet: the English report shows them "
        "as written.")
    [labels_action] = [a for a in result.actions if a.text.key == "act.overview.labels"]
    assert labels_action.text.fields["n"].value == 3 and labels_action.sheet == "overview_findings"
    assert "findings" in result.exhibits
    # once labelled, the finding and its action are gone
    labelled = YAML + "  industry:\n    化工: Chemicals\n  source:\n    展会: Trade shows\n    网站: Website\n" \
                      "    技术交流: Technical exchanges\n"
    clean = overview.compute(_client(tmp_path / "again", labelled))
    assert clean.figures["overview.unlabelled"] == 0
    assert overview.NO_LABEL not in set(clean.section("findings").tables[0].frame["rule"])
    assert not [a for a in clean.actions if a.text.key == "act.overview.labels"]


def test_a_chinese_report_gets_no_chore_for_english_labels(tmp_path):
    # the values are listed among the findings, but adding English names is no action of a Chinese report
    result = overview.compute(_client(tmp_path, YAML.replace("language: en", "language: zh") + LEADS_LABELLED))
    assert result.figures["overview.unlabelled"] == 3
    assert overview.NO_LABEL in set(result.section("findings").tables[0].frame["rule"])
    assert not [a for a in result.actions if a.text.key == "act.overview.labels"]
    assert not [line for line in result.summary if line.key == "sum.overview.with_labels"]


def test_data_chores_are_actions_of_value_0_on_the_data_pool(tmp_path):
    result = overview.compute(_client(tmp_path))
    assert result.actions  # the 5 missing tables and the unlabelled categories
    for action in result.actions:
        assert action.value == 0 and action.pool == "data" and action.days in (30, 60)
        assert action.basis and action.who and action.step and action.kpi and action.section
        assert render(action.basis, "en").startswith("Not sized:")
    [ask] = [a for a in result.actions if a.text.key == "act.overview.ask"]
    # leads and customers supplied: 8 tables - 2 = 6 missing
    assert render(ask.kpi, "en") == "Missing tables: from 6 down to 0"


def test_the_chapter_summary_states_three_findings_with_their_numbers(tmp_path):
    result = overview.compute(_client(tmp_path))
    zh = [render(line, "zh", labels=result.labels) for line in result.summary]
    en = [render(line, "en", labels=result.labels) for line in result.summary]
    assert len(zh) == 3
    # 2 of 8 tables, 6 leads + 3 customers = 9 records; the leads run from Jan to Feb 2025
    assert zh[0] == "贵公司提供了 2/8 张表、共 9 行记录，覆盖 2025年1月 至 2025年2月。"
    assert en[0] == "You supplied 2 of 8 tables, 9 records from Jan 2025 to Feb 2025."
    # 15 customer fields: id, name, industry filled, region 2 of 3 (66.7%), 11 empty; below 80%: 12, less level
    # and relationship (derived) and first won date (empty = never bought before) = 9; the first empty one in
    # the schema's order is main business
    assert en[1] == "9 of the 15 customer fields are less than 80% filled; the emptiest, Main business, is 0.0% filled."
    note = render(result.section("completeness").note, "en", labels=result.labels)
    assert note.endswith("First won date: empty where the customer had never bought before, an answer rather than "
                         "a gap; not counted above.") and note.startswith("Level, Relationship: derived")
    assert 1 <= len(result.exhibits) <= 2 and result.exhibits[0] == "tables"
    assert all(key in [s.key for s in result.sections] for key in result.exhibits)


def test_the_monthly_chart_title_states_the_finding(tmp_path):
    result = overview.compute(_client(tmp_path))
    section = result.section("monthly")
    title = section.chart.kwargs["title"]
    assert render(title, "en") == "New leads peak in Jan 2025 and are fewest in Feb 2025"  # 4 leads, then 2
    assert render(section.finding, "en") == ("The records run from Jan 2025 to Feb 2025; new leads peak in Jan 2025 "
                                             "(4) and are fewest in Feb 2025 (2).")
    assert not render(title, "zh").endswith(("?", "？"))
    ax = overview.plot_monthly_volume(*section.chart.args, **section.chart.kwargs, lang="zh")
    assert ax.get_title() == render(title, "zh")


def test_one_thin_field_reads_in_the_singular_and_none_says_so():
    from workbook.core.result import Result

    full = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["甲", "乙"]})
    section, labels, line = overview._completeness(full.assign(
        **{f.name: 1 for f in overview.TABLES["customers"].fields if f.name not in ("customer_id", "name")}))
    assert render(section.finding, "en") == "All 15 customer fields are at least 80% filled."
    assert render(line, "zh") == "客户资料 15 个字段的填写率均不低于 80%。"
    # one field half filled (1 of 2 = 50%): the singular sentence, in both places
    one = full.assign(**{f.name: 1 for f in overview.TABLES["customers"].fields
                         if f.name not in ("customer_id", "name", "region")}, region=["华东", None])
    section, labels, line = overview._completeness(one)
    result = Result("overview", (section,), labels=labels)
    assert render(section.finding, "en", labels=result.labels) == \
        "One of the 15 customer fields is less than 80% filled: Region."
    assert render(line, "en", labels=result.labels) == \
        "One of the 15 customer fields is less than 80% filled: Region, at 50.0%."
