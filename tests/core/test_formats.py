"""The display layer: numbers, codes, headers, tables and sentences as a reader sees them."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from workbook.core.display import section_html, table_html
from workbook.core.formats import DASH, format_table, money_text, needs_text, render, value_text
from workbook.core.i18n import MESSAGES
from workbook.core.result import Code, Count, Money, Name, Rate, Result, Section, Table, Text


@pytest.mark.parametrize(("value", "zh", "en"), [
    (125_000_000, "1.25 亿元", "CNY 125.0m"),
    (34_800_000, "3,480 万元", "CNY 34.8m"),
    (4520, "4,520 元", "CNY 4,520"),
    (None, DASH, DASH),
])
def test_money_in_each_language(value, zh, en):
    assert money_text(value, "zh") == zh and money_text(value, "en") == en


def test_values_by_kind():
    assert value_text(0.3541, "rate", "zh") == "35.4%"
    assert value_text(20000, "count", "en") == "20,000"
    assert value_text(45, "days", "zh") == "45 天" and value_text(12.5, "hours", "en") == "12.5 h"
    assert value_text(True, "bool", "zh") == "是" and value_text(False, "bool", "en") == "no"
    assert value_text(pd.Timestamp("2025-03-02"), "month", "zh") == "2025年3月"
    assert value_text(pd.Timestamp("2025-03-02"), "month", "en") == "Mar 2025"
    for missing in (None, float("nan"), pd.NA, pd.NaT):
        assert value_text(missing, "rate", "zh") == DASH


def test_a_table_is_labelled_formatted_cut_and_its_empty_columns_dropped():
    frame = pd.DataFrame({"owner": [f"R{i:02d}" for i in range(30)], "win_rate": [0.25] * 30,
                          "revenue": [3.5e6] * 30, "level": ["quality"] * 30, "empty": [None] * 30})
    table = Table("customers", frame, kinds={"level": "code"}, headers={"empty": Text("col.value")})
    zh = format_table(table, "zh")
    assert zh.headers == ("销售", "赢单率", "赢单金额（万元）", "客户级别")
    assert zh.rows[0] == ("R00", "25.0%", "350.0", "优质") and len(zh.rows) == 15 and zh.total == 30
    assert zh.more == "仅列前 15 行（共 30 行）；完整列表见随附 Excel 附录的「客户」工作表。"
    short = format_table(Table("customers", frame.head(18), kinds={"level": "code"}), "zh")
    assert len(short.rows) == 18 and short.more is None  # 18 sellers are shown whole, not cut to 15
    en = format_table(table, "en")
    assert en.headers == ("Rep", "Win rate", "Won revenue (CNY m)", "Level") and en.rows[0][2] == "3.50"
    assert list(zh.frame.columns)[2] == "赢单金额（元）" and zh.frame.iloc[0, 2] == 3.5e6  # the appendix: raw


def test_a_long_table_shows_its_first_rows_formatted_and_gives_the_appendix_every_row():
    levels = ["quality", "target", None, "strategic"] * 500  # 2,000 rows repeating a few codes, with blanks
    frame = pd.DataFrame({"owner": [f"R{i % 7}" for i in range(2000)], "level": levels,
                          "revenue": [float(i) * 1e4 if i % 9 else None for i in range(2000)],
                          "days": [i % 40 for i in range(2000)]})
    ft = format_table(Table("customers", frame, kinds={"level": "code"}), "zh")
    assert len(ft.rows) == 15 and ft.total == 2000
    assert [row[1] for row in ft.rows[:4]] == ["优质", "目标", DASH, "战略"]
    assert ft.rows[0][2] == DASH and ft.rows[1][2] == "1.0" and ft.rows[14][3] == "14"  # 10,000 元 = 1.0 万
    appendix = ft.frame
    assert len(appendix) == 2000  # every row, codes labelled, numbers as numbers
    assert appendix["客户级别"].tolist() == ["优质", "目标", DASH, "战略"] * 500
    assert appendix["赢单金额（元）"].iloc[1] == 1e4 and pd.isna(appendix["赢单金额（元）"].iloc[9])


def test_an_unlabelled_column_or_code_is_an_error_naming_the_catalogue_key():
    with pytest.raises(KeyError, match="col.mystery"):
        format_table(Table("customers", pd.DataFrame({"mystery": [1]})), "zh")
    with pytest.raises(KeyError, match="vocab.level.huge"):
        format_table(Table("customers", pd.DataFrame({"level": ["huge"]}), kinds={"level": "code"}), "zh")


def test_two_columns_with_one_label_are_refused():
    with pytest.raises(ValueError, match="both labelled"):
        format_table(Table("customers", pd.DataFrame({"a": [1], "b": [2]}),
                           headers={"a": Text("col.owner"), "b": Text("col.owner")}), "zh")


def test_client_text_is_escaped_in_tables_and_sentences():
    frame = pd.DataFrame({"name": ["<script>x</script>", "=HYPERLINK(1)"]})
    page, _ = table_html(Table("customers", frame), "zh")
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    section = Section("findings", finding=Text("find.overview.findings", n=Count(2), top=[Name("<b>a</b>")]))
    page, payload = section_html(Result("overview", (section,)), "findings", "en")
    assert "<b>a</b>" not in page and "&lt;b&gt;a&lt;/b&gt;" in page
    assert payload["finding"] == "Data-quality findings: 2; the most common: <b>a</b>."  # plain text for the PDF


def test_a_missing_section_says_which_data_would_enable_it():
    page, payload = section_html(Result("overview", (Section("monthly", needs=("leads.created_date",)),)),
                                 "monthly", "zh")
    assert payload["needs"] == "本节需要以下数据：线索：创建日期。贵公司补充后即可重新生成报告。"
    assert payload["heading"] == "1. 每月的记录量显示业务的节奏" and payload["tables"] == []
    assert needs_text([], "en").startswith("This section needs: more data.")


def test_sentences_format_their_fields():
    text = Text("sum.assets", assets=Count(1023), share=Rate(0.5115), customers=Count(2000))
    assert render(text, "zh") == "2,000 家客户中有 1,023 家是客户资产（1-3级），占 51.1%。"
    assert render(Text("show.action_list", sheet=Code("table", "leads")), "en") == \
        'list in the sheet "Leads" of the Excel appendix'
    assert render(Text("sum.leaks", n=Count(3), step="x", leads=Count(10), money=Money(2e7)), "zh").endswith(
        "约合赢单金额 2,000 万元。")


def test_client_categories_read_in_the_report_language_through_the_labels():
    labels = {"source": {"网站": ("网站", "Website")}}
    text = Text("find.overview.findings", n=Count(2), top=[Name("网站", vocab="source"), Name("展会", vocab="source")])
    assert render(text, "en", labels=labels) == "Data-quality findings: 2; the most common: Website, 展会."
    assert render(text, "zh", labels=labels).endswith("网站、展会。")  # zh: the client's own value
    assert render(Text("find.overview.findings", n=Count(1), top=[Name("网站")]), "en", labels=labels).endswith(
        ": 网站.")  # no vocabulary: shown as it is
    frame = pd.DataFrame({"source": ["网站", "<展会>", None], "leads": [3, 2, 1]})
    en = format_table(Table("leads", frame, vocab={"source": "source"}), "en", labels=labels)
    assert [row[0] for row in en.rows] == ["Website", "<展会>", DASH]  # unlabelled: the raw text (escaped on a page)
    assert en.frame.iloc[:, 0].tolist() == ["Website", "<展会>", DASH]  # the appendix reads the same
    page, _ = table_html(Table("leads", frame, vocab={"source": "source"}), "en", labels=labels)
    assert "&lt;展会&gt;" in page and "<展会>" not in page


LATIN = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
ALLOWED = {"ID", "IT", "ICP", "ROI", "CNY", "PDF", "Excel", "CRM", "KPI", "workbook", "validate", "client", "yaml",
           "xlsx", "csv", "JupyterLab", "Voila", "render", "Voilà", "JSON"}


def test_the_catalogue_keeps_one_language_per_side():
    """zh strings carry no English words (acronyms, commands and file types aside); en strings no Chinese."""
    bad = []
    for key, (zh, en) in MESSAGES.items():
        plain = re.sub(r"\{[^}]*\}|`[^`]*`|--\w+|\S*/\S*|\w+_\w+|yyyy-mm-dd", "", zh)  # fields, code, paths
        words = {w for w in LATIN.findall(plain) if w not in ALLOWED}
        if words:
            bad.append(f"{key} zh: {sorted(words)}")
        if CJK.search(en):
            bad.append(f"{key} en has Chinese")
    assert not bad, "\n".join(bad)


def test_a_measure_value_list_formats_each_row_by_its_kind():
    frame = pd.DataFrame({"metric": ["a", "b", "c"], "value": [0.125, 3.5e7, 1200]})
    table = Table("customers", frame, kinds={"metric": "name", "value": "by_row"}, row_kinds=("rate", "money", "count"))
    assert [row[1] for row in format_table(table, "zh").rows] == ["12.5%", "3,500 万元", "1,200"]
    with pytest.raises(ValueError, match="3 rows but 1 row kinds"):
        format_table(Table("customers", frame, kinds={"value": "by_row"}, row_kinds=("rate",)), "zh")


def test_money_headers_name_the_clients_currency():
    # a rouble client's amounts are 万 RUB in a zh header, never 万元 (yuan), and RUB k/m in en
    from workbook.core.formats import format_table
    from workbook.core.result import Table

    table = Table("customers", pd.DataFrame({"owner": ["R1"], "revenue": [3.5e6]}))
    assert format_table(table, "zh", currency="RUB").headers == ("销售", "赢单金额（万 RUB）")
    assert format_table(table, "zh").headers == ("销售", "赢单金额（万元）")
    assert format_table(table, "en", currency="RUB").headers[1].endswith("(RUB m)")
