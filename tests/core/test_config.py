"""client.yaml: one typed, frozen config; unknown keys and bad values are ConfigErrors naming the key."""
from __future__ import annotations

from importlib.resources import files

import pydantic
import pytest

from workbook.core.config import ClientConfig, load_config, parse_config, with_overrides
from workbook.exceptions import ConfigError, WorkbookError


def _write(tmp_path, text: str):
    path = tmp_path / "client.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_error_is_a_value_error():
    assert issubclass(ConfigError, ValueError)
    assert issubclass(ConfigError, WorkbookError)


def test_minimal_config_takes_the_defaults(tmp_path):
    config = load_config(_write(tmp_path, "client_name: Demo\n"))
    assert config == ClientConfig(client_name="Demo")
    assert config.followup_days == 7
    assert [s.name for s in config.stages] == ["discover", "qualify", "solution", "bid", "negotiate"]


def test_load_config_accepts_the_client_folder(tmp_path):
    _write(tmp_path, "client_name: Demo\nlanguage: en\n")
    assert load_config(tmp_path).language == "en"


def test_shipped_template_equals_the_defaults(tmp_path):
    text = files("workbook.intake").joinpath("client_template.yaml").read_text(encoding="utf-8")
    config = load_config(_write(tmp_path, text.replace("{client_name}", "华东精密")))
    assert config == ClientConfig(client_name="华东精密")


def test_strategic_needs_brand_and_size_not_growth_by_default():
    """战略 is the well-known benchmark customer: its rule is brand standing and size; levels are not cumulative
    unless asked (the template documents the switch)."""
    icp = ClientConfig(client_name="Demo").icp
    assert icp.strategic_needs_quality is False
    assert icp.strategic.brand_standing == ("leading",) and icp.strategic.min_annual_revenue == 1_000_000_000
    assert icp.strategic.min_revenue_growth_3y is None
    cumulative = parse_config({"client_name": "Demo", "icp": {"strategic_needs_quality": True}})
    assert cumulative.icp.strategic_needs_quality is True
    assert cumulative.icp.quality == icp.quality  # the other rules keep their defaults


def test_contact_weights_rank_depth():
    weights = ClientConfig(client_name="Demo").relationship_rules.contact_weights
    assert weights["visit"] == weights["technical_exchange"] > weights["phone"] > weights["email"]
    with pytest.raises(ConfigError, match="'fax' must be one of visit"):
        parse_config({"client_name": "Demo", "relationship_rules": {"contact_weights": {"fax": 0.5}}})
    with pytest.raises(ConfigError, match="between 0 and 1"):
        parse_config({"client_name": "Demo", "relationship_rules": {"contact_weights": {"visit": 2}}})


def test_config_is_frozen():
    config = ClientConfig(client_name="Demo")
    with pytest.raises(pydantic.ValidationError):
        config.followup_days = 3


def test_unknown_key_names_the_key(tmp_path):
    with pytest.raises(ConfigError, match="revenue_traget") as exc:
        load_config(_write(tmp_path, "client_name: Demo\nrevenue_traget: 5\n"))
    assert exc.value.key == "revenue_traget"
    assert "unknown key" in str(exc.value)
    assert str(tmp_path / "client.yaml") in str(exc.value)


def test_unknown_nested_key_names_its_path(tmp_path):
    text = "client_name: Demo\ntables:\n  customers:\n    colums: {name: Firma}\n"
    with pytest.raises(ConfigError, match=r"tables\.customers\.colums") as exc:
        load_config(_write(tmp_path, text))
    assert exc.value.key == "tables.customers.colums"


@pytest.mark.parametrize(("extra", "key"), [
    ({"followup_days": 0}, "followup_days"),
    ({"tiers": {"strategic": {"untouched": None, "neutral": 7, "familiar": 2, "partner": 1},
                "quality": {}, "target": {}, "potential": {}}}, "tiers"),
    ({"channel_costs": {"visit": 100, "fax": 3}}, "channel_costs"),
    ({"stages": [{"name": "discover", "label_zh": "发现", "probability": 1.5}]}, "stages.0.probability"),
    ({"period": {"start": "2025-12-31", "end": "2025-01-01"}}, "period"),
    ({"tables": {"deals": {"file": "crm.xlsx"}}}, "tables"),
    ({"language": "fr"}, "language"),
    ({"neglect_days": -1}, "neglect_days"),
    ({"client_name": ""}, "client_name"),
])
def test_bad_value_names_the_key(extra, key):
    with pytest.raises(ConfigError, match=rf"key '{key}'") as exc:
        parse_config({"client_name": "Demo", **extra})
    assert exc.value.key == key


@pytest.mark.parametrize(("extra", "words"), [
    ({"followup_days": 0}, "greater than 0"),
    ({"tiers": {"strategic": {"neutral": 7}, "quality": {}, "target": {}, "potential": {}}}, "1-5"),
    ({"channel_costs": {"fax": 3}}, "'fax' must be one of visit"),
    ({"period": {"start": "2025-12-31", "end": "2025-01-01"}}, "before period.start"),
    ({"tables": {"deals": {}}}, "'deals' must be one of customers"),
])
def test_bad_value_says_what_is_allowed(extra, words):
    with pytest.raises(ConfigError, match=words):
        parse_config({"client_name": "Demo", **extra})


def test_missing_client_name():
    with pytest.raises(ConfigError, match="client_name"):
        parse_config({})


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_non_mapping_yaml(tmp_path, text):
    with pytest.raises(ConfigError, match="mapping"):
        load_config(_write(tmp_path, text))


def test_invalid_yaml_syntax(tmp_path):
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(_write(tmp_path, "client_name: [Demo\nfollowup_days: 7\n"))


def test_python_object_tags_are_rejected(tmp_path):
    text = "client_name: !!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(_write(tmp_path, text))


def test_python_object_tag_on_whole_document_is_rejected(tmp_path):
    text = "!!python/object:workbook.core.config.ClientConfig {client_name: Demo}\n"
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(_write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="workbook new"):
        load_config(tmp_path / "client.yaml")


def test_table_mapping_syntax(tmp_path):
    text = """\
client_name: Demo
tables:
  opportunities:
    file: crm.xlsx
    sheet: Deals
    columns:
      opportunity_id: Deal ID
      status: {column: Stage, values: {Closed Won: won}}
      owner: {value: R01}
      created_date: {column: Created, format: "%d.%m.%Y"}
"""
    source = load_config(_write(tmp_path, text)).tables["opportunities"]
    assert (source.file, source.sheet) == ("crm.xlsx", "Deals")
    assert source.spec("opportunity_id").column == "Deal ID"
    assert source.spec("status").values == {"Closed Won": "won"}
    assert source.spec("owner").value == "R01"
    assert source.spec("created_date").format == "%d.%m.%Y"
    assert source.spec("amount") is None


def test_column_spec_needs_column_or_value():
    with pytest.raises(ConfigError, match="tables.customers.columns.name"):
        parse_config({"client_name": "Demo", "tables": {"customers": {"columns": {"name": {"format": "%Y"}}}}})


def test_join_as_written_in_the_template(tmp_path):
    """The template documents ``join: {file: ..., on: ..., right_on: ...}``; YAML 1.1 must not read ``on`` as true."""
    text = "client_name: Demo\ntables:\n  opportunities:\n    file: crm.csv\n" \
           "    join: {file: deals.csv, on: 商机编号, right_on: deal_id}\n"
    join = load_config(_write(tmp_path, text)).tables["opportunities"].join
    assert (join.file, join.on, join.right_on, join.how) == ("deals.csv", "商机编号", "deal_id", "left")


def test_with_overrides_validates_like_the_file():
    config = ClientConfig(client_name="Demo")
    assert with_overrides(config, {"followup_days": 14}).followup_days == 14
    assert with_overrides(config, None) is config
    with pytest.raises(ConfigError, match="followup_dayz"):
        with_overrides(config, {"followup_dayz": 14})


def test_stage_and_category_lookups_accept_both_languages():
    config = ClientConfig(client_name="Demo")
    assert config.stage_lookup()["方案"] == "solution"
    assert config.stage_lookup()["negotiate"] == "negotiate"
    assert config.category_lookup()["差旅"] == "travel"


def test_labels_translate_the_clients_categories_per_language(tmp_path):
    text = ("client_name: Demo\nlabels:\n  source:\n    网站: {en: Website}\n    展会: Trade shows\n"
            "  industry:\n    化工: {zh: 化学工业, en: Chemicals}\n  stage:\n    投标: {en: Tender}\n"
            "  time_category:\n    travel: {en: Travel time}\n")
    labels = load_config(_write(tmp_path, text)).vocab_labels()
    # the zh label defaults to the client's own value; a bare text is the English label
    assert labels["source"] == {"网站": ("网站", "Website"), "展会": ("展会", "Trade shows")}
    assert labels["industry"] == {"化工": ("化学工业", "Chemicals")}
    # stages and time categories are keyed by their name, whichever spelling labels: used
    assert labels["stage"] == {"bid": ("投标", "Tender")}
    assert labels["category"] == {"travel": ("差旅", "Travel time")}  # the kit labels time categories "category"
    assert ClientConfig(client_name="Demo").vocab_labels() == {}


def test_an_unknown_label_vocabulary_or_stage_is_an_error_naming_it():
    with pytest.raises(ConfigError, match=r"unknown vocabulary 'sources' \(did you mean 'source'\?\).*industry"):
        parse_config({"client_name": "Demo", "labels": {"sources": {"网站": {"en": "Website"}}}})
    with pytest.raises(ConfigError, match=r"labels.stage: '签约' is not a configured stage"):
        parse_config({"client_name": "Demo", "labels": {"stage": {"签约": {"en": "Signing"}}}})
    with pytest.raises(ConfigError, match=r"labels.source.网站.fr"):
        parse_config({"client_name": "Demo", "labels": {"source": {"网站": {"fr": "Site"}}}})


def test_every_chapter_gets_the_clients_labels_beside_its_own(tmp_path):
    from workbook.core.client import Client

    config = ClientConfig(client_name="Demo", labels={"stage": {"bid": {"en": "Tender"}},
                                                      "team": {"华南组": {"en": "South China"}}})
    chapter = {"stage": {"bid": ("投标", "Bid"), "total": ("合计", "Total")}, "level": {"x": ("甲", "X")}}
    merged = Client(tmp_path, config).with_labels(chapter)
    assert merged["stage"] == {"bid": ("投标", "Tender"), "total": ("合计", "Total")}  # the client's label wins
    assert merged["team"] == {"华南组": ("华南组", "South China")} and merged["level"] == chapter["level"]
    assert chapter["stage"]["bid"] == ("投标", "Bid")  # the chapter's own dict is not changed
