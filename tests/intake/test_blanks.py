"""Blank required categories are kept as the code ``unknown`` (未知 / Unknown) and counted in a finding;
``strict: true`` makes them errors; ids and dates stay errors; the column map rejects unknown fields and tables."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.helpers import make_client, only_problem, read_findings
from tests.intake.test_presets import _funnel, _new, _validate
from workbook.cli import main
from workbook.core.config import parse_config
from workbook.core.formats import format_table
from workbook.exceptions import ConfigError, DataValidationError
from workbook.intake.validate import run_intake

MQL = ("mql_id,first_contact_date,landing_page_id,origin\n"
       "m1,2018-01-02,p1,organic_search\nm2,2018-01-05,p2,\nm3,2018-02-01,p1,social\n"
       "m4,2018-02-03,p3,\nm5,2018-02-09,p1,organic_search\n")
DEALS = ("mql_id,seller_id,sdr_id,sr_id,won_date,business_segment\n"
         "m1,s9,d1,r1,2018-02-26 09:00:00,pet\nm4,s7,d2,r2,2018-03-10 12:30:00,toys\n")
MQL_FILES = {"olist_marketing_qualified_leads_dataset.csv": MQL.encode(),
             "olist_closed_deals_dataset.csv": DEALS.encode()}


def test_mql_deals_blank_origin_is_kept_as_unknown_and_counted(tmp_path):
    client = _validate(_new(tmp_path, "mql-deals", MQL_FILES))
    leads = client.table("leads").set_index("lead_id")
    assert leads["source"].tolist() == ["organic_search", "unknown", "social", "unknown", "organic_search"]
    [finding] = [f for f in read_findings(tmp_path / "mql-deals") if f["rule"] == "required_empty_unknown"]
    assert (finding["file"], finding["sheet"], finding["row"], finding["column"], finding["value"]) == (
        "olist_marketing_qualified_leads_dataset.csv", None, 3, "origin", "3, 5")
    assert finding["expected"] == "a source in every row: 2 row(s) empty"
    assert finding["expected_zh"] == "每行都有线索来源：2 行为空"
    assert "Unknown" in finding["fix"] and "未知" in finding["fix_zh"]
    fig = _funnel(client)
    assert fig["funnel.leads"] == 5 and fig["funnel.won"] == 2
    assert fig["funnel.by_source"]["unknown"]["leads"] == 2  # the blank-origin leads are in the funnel


def test_strict_makes_blank_categories_errors(tmp_path):
    folder = _new(tmp_path, "mql-deals", MQL_FILES)
    yaml = folder / "client.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "\nstrict: false" in text  # the template documents the key
    yaml.write_text(text.replace("\nstrict: false", "\nstrict: true"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder), "--lang", "en"])
    assert result.exit_code == 1
    with pytest.raises(DataValidationError) as exc:
        run_intake(folder)
    problems = [p for p in exc.value.problems if p.rule == "required_empty"]
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("olist_marketing_qualified_leads_dataset.csv", 3, "origin"),
        ("olist_marketing_qualified_leads_dataset.csv", 5, "origin")]
    assert not (folder / "data" / "clean").exists()


def test_required_ids_and_dates_stay_errors(tmp_path):
    text = "lead_id,created_date,source\nL1,2025-01-02,\n,2025-01-03,Web\nL3,,Web\n"
    with pytest.raises(DataValidationError) as exc:
        run_intake(make_client(tmp_path, {"leads.csv": text}))
    empty = sorted((p.row, p.column) for p in exc.value.problems if p.rule == "required_empty")
    assert empty == [(3, "lead_id"), (4, "created_date")]  # row 2's blank source is not an error


def test_blank_stage_is_unknown_and_every_grouped_table_labels_it(tmp_path):
    from workbook.funnel.diagnosis import compute
    from workbook.intake import open_client

    opps = ("opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
            "O1,2025-01-10,solution,C1,open,1000,2025-09-01\nO2,2025-02-01,,C2,open,2500,2025-09-01\n"
            "O3,2025-02-03,bid,C1,won,800,2025-04-01\n")
    leads = ("lead_id,created_date,source,opportunity_id\nL1,2025-01-02,展会,O1\nL2,2025-01-20,,O2\n"
             "L3,2025-01-25,网站,O3\n")
    client = make_client(tmp_path, {"opportunities.csv": opps, "leads.csv": leads,
                                    "customers.csv": "customer_id,name\nC1,Acme\nC2,Beta\n"},
                         yaml="client_name: Demo\nperiod: {start: 2025-01-01, end: 2025-06-30}\n")
    run_intake(client)
    opened = open_client(client)
    assert opened.table("opportunities").set_index("opportunity_id").loc["O2", "stage"] == "unknown"
    result = compute(opened)
    shown = {"zh": [], "en": []}
    for section in result.sections:
        for table in section.tables:
            for lang in shown:
                ft = format_table(table, lang, labels=result.labels)
                shown[lang] += [cell for row in ft.rows for cell in row]
    assert "未知" in shown["zh"] and "Unknown" in shown["en"]
    assert "unknown" not in shown["zh"] + shown["en"]


def test_unknown_label_in_the_catalogue_and_sentences():
    from workbook.core.formats import value_text
    from workbook.core.i18n import t

    assert (value_text("unknown", "name", "zh"), value_text("unknown", "name", "en")) == ("未知", "Unknown")
    assert value_text("展会", "name", "zh") == "展会"
    assert t("vocab.rule.required_empty_unknown", "zh") == "必填项为空（记为未知）"


# --------------------------------------------------------------------------- column-map keys

def test_unknown_field_in_a_column_map_names_table_key_and_fields():
    with pytest.raises(ConfigError) as exc:
        parse_config({"client_name": "X", "tables": {"leads": {"columns": {"lead_id": "ID", "converted": "Conv",
                                                                           "sourse": "Source"}}}})
    message = str(exc.value)
    assert "tables.leads.columns: unknown field 'converted'" in message
    assert "unknown field 'sourse' (did you mean 'source'?)" in message
    assert "the leads fields are lead_id, created_date, source, source_type" in message


def test_unknown_table_suggests_the_table(tmp_path):
    with pytest.raises(ConfigError, match=r"'deals' must be one of customers.*\(did you mean 'opportunities'\?\)"):
        parse_config({"client_name": "X", "tables": {"deals": {"columns": {}}}})
    with pytest.raises(ConfigError, match=r"'lead' must be one of .*\(did you mean 'leads'\?\)"):
        parse_config({"client_name": "X", "tables": {"lead": {}}})


def test_validate_rejects_a_typo_in_the_column_map_without_writing(tmp_path):
    client = make_client(tmp_path, {"leads.csv": "ID,Created,Source,Converted\nL1,2025-01-02,Web,1\n"},
                         yaml="client_name: X\ntables:\n  leads:\n    columns: {lead_id: ID, created_date: Created, "
                              "source: Source, wonn: Converted}\n")
    result = CliRunner().invoke(main, ["validate", str(client), "--lang", "en"])
    assert result.exit_code == 1
    assert "unknown field 'wonn'" in result.output and "lead_id, created_date" in result.output
    assert not (client / "data" / "clean").exists()


def test_if_empty_unknown_is_for_categories_only():
    with pytest.raises(ConfigError, match="created_date: if_empty: unknown is for categories only"):
        parse_config({"client_name": "X", "tables": {"leads": {"columns": {
            "created_date": {"column": "Created", "if_empty": "unknown"}}}}})


def test_if_empty_keep_still_leaves_the_cell_empty(tmp_path):
    client = make_client(tmp_path, {"leads.csv": "lead_id,created_date,source\nL1,2025-01-02,\n"},
                         yaml="client_name: X\ntables:\n  leads:\n    columns:\n"
                              "      source: {column: source, if_empty: keep}\n")
    result = run_intake(client)
    assert pd.isna(result.tables["leads"]["source"].iloc[0])
    assert only_problem(DataValidationError(result.findings), "required_empty_kept").row == 2


def test_charts_label_unknown_sources_and_stages():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from workbook.funnel.charts import plot_forecast, plot_sources

    sources = pd.DataFrame({"source": ["unknown", "网站"], "leads": [5, 10], "lead_to_win_rate": [0.1, 0.2]})
    assert sorted(t.get_text() for t in plot_sources(sources, lang="zh").texts) == ["未知", "网站"]
    assert sorted(t.get_text() for t in plot_sources(sources, lang="en").texts) == ["Unknown", "网站"]
    forecast = pd.DataFrame({"stage": ["bid", "unknown"], "deals": [1, 1], "amount": [100.0, 50.0],
                             "probability": [0.6, 0.0], "expected": [60.0, 0.0], "variance": [1.0, 0.0],
                             "low": [50.0, 0.0], "high": [70.0, 0.0]})
    ax = plot_forecast(forecast, stage_labels={"bid": "投标"}, lang="zh")
    assert "未知" in [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    plt.close("all")


def test_an_empty_stage_is_a_finding_on_open_deals_only(tmp_path):
    """Lost with no stage (the preset convention, if_empty: keep): the closed deals left the funnel's stages, so
    only the open deal's empty stage (row 5) is missing data."""
    opps = ("opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
            "O1,2025-01-10,,C1,lost,1000,2025-03-01\n"
            "O2,2025-02-01,bid,C2,won,2500,2025-04-01\n"
            "O3,2025-02-03,,C2,lost,300,2025-04-02\n"
            "O4,2025-02-05,,C1,open,700,2025-05-01\n"
            "O5,2025-02-07,solution,C1,open,900,2025-05-02\n")
    yaml = ("client_name: Demo\ntables:\n  opportunities:\n    file: opportunities.csv\n    columns:\n"
            "      stage: {column: stage, if_empty: keep}\n")
    client = make_client(tmp_path, {"customers.csv": "customer_id,name\nC1,Acme\nC2,Beta\n",
                                    "opportunities.csv": opps}, yaml=yaml)
    result = run_intake(client)
    assert result.tables["opportunities"]["stage"].isna().tolist() == [True, False, True, True, False]
    assert list(result.tables["opportunities"].columns[:3]) == ["opportunity_id", "created_date", "stage"]
    [empty] = [f for f in read_findings(client) if f["rule"] == "required_empty_kept" and f["column"] == "stage"]
    assert (empty["value"], empty["row"]) == ("1 empty cell(s)", 5)

    closed_only = opps.replace("O4,2025-02-05,,C1,open", "O4,2025-02-05,bid,C1,open")
    client = make_client(tmp_path / "closed", {"customers.csv": "customer_id,name\nC1,Acme\nC2,Beta\n",
                                               "opportunities.csv": closed_only}, yaml=yaml)
    run_intake(client)
    assert not [f for f in read_findings(client) if f["column"] == "stage"]
