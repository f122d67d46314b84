import numpy as np
import pytest

from workbook.core.config import ClientConfig, Stage, TimeCategory
from workbook.core.i18n import (
    LANGS,
    MESSAGES,
    category_label,
    check_lang,
    column_label,
    humanise,
    stage_label,
    t,
    table_label,
    tier_label,
    value_label,
)
from workbook.core.schema import TABLES, VOCABULARIES

CLI_KEYS = [
    "validate.ok", "validate.invalid", "validate.findings", "validate.more", "sample.done", "new.done",
    "template.done", "render.done", "render.summary.ok", "render.summary.up_to_date",
    "render.summary.failed", "render.summary.report_failed", "error.config", "col.table", "col.file", "col.sheet",
    "col.row", "col.column", "col.value", "col.expected", "col.fix", "summary.table", "summary.rows",
    "summary.fields", "summary.findings",
]


@pytest.fixture
def config():
    return ClientConfig(
        client_name="Demo",
        stages=(Stage(name="first_meeting", label_zh="初次会面", probability=0.1),
                Stage(name="contract", label_zh="合同", probability=0.9)),
        time_categories=(TimeCategory(name="travel", label_zh="差旅", kind="indirect"),),
    )


def test_every_message_has_zh_and_en():
    for key, pair in MESSAGES.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        zh, en = pair
        assert zh.strip() and en.strip(), key


def test_cli_keys_present_with_the_same_fields_in_both_languages():
    import string

    for key in CLI_KEYS:
        assert key in MESSAGES, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in MESSAGES[key]]
        assert fields[0] == fields[1], key


@pytest.mark.parametrize(("key", "fmt", "zh", "en"), [
    ("validate.ok", {"tables": 3, "rows": 120}, "数据有效：3 张表，共 120 行", "Data valid: 3 tables, 120 rows"),
    ("validate.invalid", {"n": 2}, "数据有误：发现 2 个问题，未写入任何清洗数据。",
     "Invalid data: 2 problem(s); nothing was written to data/clean/."),
    ("validate.findings", {"n": 5}, "数据质量提示（不影响使用）：5 条", "Data-quality findings (not blocking): 5"),
    ("sample.done", {"path": "clients/demo"}, "示例客户已生成：clients/demo", "Sample client written to clients/demo"),
    ("render.done", {"path": "reports"}, "报告已生成：reports", "Reports written to reports"),
    ("render.summary.failed", {"client": "acme", "n": 5, "ok": 4, "failed": 1, "index": "r/index.html"},
     "acme：5 个笔记本中 4 个完成、1 个失败：报告未更新，见 r/index.html",
     "acme: 4 of 5 ok, 1 failed: report not updated, see r/index.html"),
    ("render.summary.ok", {"client": "acme", "n": 5, "ok": 5, "path": "r/report.html"},
     "acme：5 个笔记本中 5 个完成，报告已生成：r/report.html",
     "acme: 5 of 5 notebooks ok, report written: r/report.html"),
    ("error.config", {"message": "bad key"}, "配置错误：bad key", "Configuration error: bad key"),
    ("col.fix", {}, "如何修改", "How to fix"),
    ("col.expected", {}, "应为", "Expected"),
])
def test_messages_in_both_languages(key, fmt, zh, en):
    assert t(key, "zh", **fmt) == zh
    assert t(key, "en", **fmt) == en


def test_default_language_is_chinese():
    assert t("col.row") == "行"


def test_unknown_key_names_the_key():
    with pytest.raises(KeyError, match="validate.okay"):
        t("validate.okay")
    with pytest.raises(KeyError, match="column.customers.shoe_size"):
        t("column.customers.shoe_size")


def test_missing_format_field_names_it():
    with pytest.raises(KeyError, match="'rows'"):
        t("validate.ok", tables=3)


@pytest.mark.parametrize("lang", ["fr", "ZH", "", None])
def test_bad_lang(lang):
    with pytest.raises(ValueError, match=f"lang must be one of zh, en, got {lang!r}"):
        t("col.row", lang)
    with pytest.raises(ValueError, match="lang must be one of zh, en"):
        check_lang(lang)


def test_table_and_column_labels_come_from_the_schema():
    assert column_label("customers", "headcount", "zh") == "人员规模"
    assert column_label("customers", "headcount", "en") == "Headcount"
    assert column_label("customers", "customer_id", "en") == "Customer ID"
    assert column_label("leads", "first_followup_date", "en") == "First follow-up date"
    assert table_label("opportunities", "zh") == "商机"
    assert table_label("reps", "en") == "Sales team"
    assert t("column.opportunities.amount", "zh") == "金额"
    for name, table in TABLES.items():
        assert table_label(name, "zh") == table.zh
        assert table_label(name, "en")
        for f in table.fields:
            assert column_label(name, f.name, "zh") == f.zh
            assert column_label(name, f.name, "en")[0].isupper()


def test_unknown_table_or_column():
    with pytest.raises(KeyError, match="unknown table 'deals'"):
        table_label("deals")
    with pytest.raises(KeyError, match="no field 'colour'"):
        column_label("customers", "colour")


def test_value_labels_cover_every_vocabulary():
    assert value_label("level", "quality", "zh") == "优质"
    assert value_label("level", "quality", "en") == "Quality"
    assert t("value.status.lost", "zh") == "丢单"
    for name, vocab in VOCABULARIES.items():
        for en, zh in vocab.values:
            assert value_label(name, en, "zh") == zh
            assert value_label(name, en, "en")
    with pytest.raises(KeyError, match="unknown level value 'gold'"):
        value_label("level", "gold")
    with pytest.raises(KeyError, match="unknown vocabulary 'colour'"):
        value_label("colour", "red")


def test_stage_and_category_labels_from_config(config):
    assert stage_label(config, "first_meeting", "zh") == "初次会面"
    assert stage_label(config, "first_meeting", "en") == "First meeting"
    assert category_label(config, "travel", "zh") == "差旅"
    assert category_label(config, "travel", "en") == "Travel"
    with pytest.raises(KeyError, match="unknown stage 'bid'.*first_meeting, contract"):
        stage_label(config, "bid")
    with pytest.raises(KeyError, match="unknown time category 'admin'"):
        category_label(config, "admin")


def test_tier_labels():
    assert [tier_label(i, "zh") for i in range(1, 6)] == ["1级客户", "2级客户", "3级客户", "4级客户", "5级客户"]
    assert [tier_label(i, "en") for i in range(1, 6)] == [f"Tier {i}" for i in range(1, 6)]
    assert tier_label(None, "zh") == "未分级"
    assert tier_label("none", "en") == "Not tiered"
    assert tier_label(np.nan, "en") == "Not tiered"
    assert tier_label(np.int64(2), "zh") == "2级客户"
    assert tier_label(3.0, "en") == "Tier 3"
    with pytest.raises(ValueError, match="tier must be one of 1, 2, 3, 4, 5, None, got 6"):
        tier_label(6)


def test_humanise():
    assert humanise("revenue_growth_3y") == "Revenue growth (3 years)"
    assert humanise("it_headcount") == "IT headcount"
    assert humanise("goal_3y") == "Goal (3 years)"


def test_langs():
    assert LANGS == ("zh", "en")
