"""The mapping assistant scores columns by header and values: a column whose values fit a vocabulary beats one
whose header does, id columns are candidates for a table's key, a field whose values cannot be mapped is left
out; a known CRM is recognised from its headers; and the map it writes validates."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from workbook.cli import main
from workbook.core.config import load_config
from workbook.intake.mapping import propose

SHAPES = Path(__file__).resolve().parents[1] / "data" / "crm-shapes"

# a CordysCRM-like export with none of its preset's exact headers (so the values decide, not the preset)
FOLLOWUPS = ("编号,跟进日期,跟进人,客户,跟进类型,跟进方式\n"
             "F1,2025-03-02,王磊,华东精密,客户,电话\nF2,2025-03-05,李静,苏州重工,线索,拜访\n"
             "F3,2025-03-09,王磊,华东精密,客户,微信\nF4,2025-03-11,陈晨,宁波电子,客户,邮件\n")
CUSTOMERS = ("唯一ID,客户名称,客户等级,部门,所属行业\n"
             "u-01,华东精密,重要客户,华东销售一部,机械\nu-02,苏州重工,一般客户,华东销售二部,机械\n"
             "u-03,宁波电子,一般客户,华南销售部,电子\n")
LEADS = "系统ID,线索来源,创建时间,负责人\nx-1,展会,2025-01-03,王磊\nx-2,官网,2025-01-09,李静\n"


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_column_whose_values_are_channels_is_the_activity_type(tmp_path):
    src = next(s for s in propose(_folder(tmp_path, {"跟进记录.csv": FOLLOWUPS})).sources)
    assert src.table == "activities"
    # 跟进类型 (客户/线索: what was followed up) is not the channel; 跟进方式 is: 电话/拜访/邮件 are the vocabulary's,
    # 微信 as the cordys-crm preset reads it (a written message)
    assert src.specs()["type"] == {"column": "跟进方式", "values": {"微信": "email"}}
    assert "跟进类型" in src.unmatched


def test_a_crm_grading_and_team_names_are_left_out_and_the_level_is_derived(tmp_path):
    src = propose(_folder(tmp_path, {"客户.csv": CUSTOMERS})).sources[0]
    assert src.table == "customers"
    assert "level" not in src.columns() and "客户等级" in src.unmatched
    assert ("level left out: '客户等级' holds '重要客户', '一般客户', not potential/潜在, target/目标, quality/优质, "
            "strategic/战略 (derived from the rules in client.yaml instead)") in src.notes
    # 部门 holds sales teams, not the department vocabulary (and customers have no department field at all)
    assert "部门" in src.unmatched


def test_an_id_column_of_unique_values_is_the_tables_key(tmp_path):
    proposal = propose(_folder(tmp_path, {"线索.csv": LEADS, "客户.csv": CUSTOMERS}))
    leads = next(s for s in proposal.sources if s.table == "leads")
    # no spelling of lead_id says 系统ID: an id-like header over unique values
    assert (leads.columns()["lead_id"], next(m for m in leads.matches if m.field == "lead_id").how) == ("系统ID", "id")
    # a header that names the field (客户名称, as exports that key customers by name do) beats an id column
    customers = next(s for s in proposal.sources if s.table == "customers")
    assert customers.columns()["customer_id"] == "客户名称"


def test_bitrix24_and_cordys_exports_are_recognised_from_their_headers():
    bitrix = propose(SHAPES / "bitrix24")
    assert (bitrix.recognised.preset, bitrix.recognised.name) == ("bitrix24", "Bitrix24")
    assert bitrix.recognised.found / bitrix.recognised.total >= 0.75
    acts = next(s for s in bitrix.sources if s.table == "activities")
    # the preset's join: the deal's company is the customer contacted
    assert acts.extra["join"] == {"file": "deals.csv", "on": "OWNER_ID", "right_on": "ID"}
    assert acts.columns()["customer_id"] == "COMPANY_ID"
    cordys = propose(SHAPES / "cordys")
    assert cordys.recognised.preset == "cordys-crm"
    assert {s.table: s.columns().get("type") for s in cordys.sources if s.table == "activities"} == {
        "activities": "跟进方式"}


def test_an_untuned_chinese_export_is_not_taken_for_a_known_crm():
    assert propose(SHAPES.parent / "untuned" / "cn-crm-xlsx").recognised is None


def _new_client(tmp_path: Path, shape: str) -> Path:
    client = tmp_path / shape
    runner = CliRunner()
    result = runner.invoke(main, ["new", str(client), "--lang", "en"])
    assert result.exit_code == 0, result.output
    for path in (SHAPES / shape).iterdir():
        shutil.copy(path, client / "data" / "raw" / path.name)
    return client


def test_cordys_export_map_write_then_validate_passes_with_no_edit(tmp_path):
    client = _new_client(tmp_path, "cordys")
    runner = CliRunner()
    result = runner.invoke(main, ["map", str(client), "--write", "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Recognised as CordysCRM" in result.output
    assert "tables.activities.columns.type: 跟进方式  # preset" in result.output  # each line with its evidence
    config = load_config(client)
    assert "level" not in config.tables["customers"].columns
    status = config.tables["opportunities"].spec("status")
    assert (status.values["成功"], status.values["失败"]) == ("won", "lost")
    validate = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert validate.exit_code == 0, validate.output
    opps = pd.read_parquet(client / "data" / "clean" / "opportunities.parquet")
    raw = pd.read_excel(client / "data" / "raw" / "商机.xlsx", dtype=str)
    # every deal's status as its stage says: 成功 won, 失败 lost, every other stage open
    want = raw["商机阶段"].map({"成功": "won", "失败": "lost"}).fillna("open")
    assert list(opps.sort_values("_source_row")["status"]) == list(want)


def test_bitrix24_export_map_write_then_validate_passes_with_the_one_guess_commented(tmp_path):
    client = _new_client(tmp_path, "bitrix24")
    runner = CliRunner()
    result = runner.invoke(main, ["map", str(client), "--write", "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Recognised as Bitrix24" in result.output
    assert "To check: stage 'C1:UC_ISSUED' is taken as won" in result.output
    text = (client / "client.yaml").read_text(encoding="utf-8")
    assert "C1:UC_ISSUED: won  # a guess to check: CLOSED says closed" in text
    assert "currency: RUB" in text  # the preset's settings over the defaults of `workbook new`
    validate = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert validate.exit_code == 0, validate.output
    opps = pd.read_parquet(client / "data" / "clean" / "opportunities.parquet")
    raw = pd.read_csv(client / "data" / "raw" / "deals.csv", dtype=str)
    won = raw["STAGE_ID"].isin(["WON", "C1:WON", "C1:UC_ISSUED"])
    lost = raw["STAGE_ID"].isin(["LOSE", "C1:LOSE", "APOLOGY"])
    assert (opps["status"] == "won").sum() == won.sum() and (opps["status"] == "lost").sum() == lost.sum()


def test_after_new_with_the_preset_the_presets_own_stage_map_gives_way_to_the_datas(tmp_path):
    # `workbook new --preset salesforce` writes the standard stages; the org's own Contract Sent joins the funnel
    client = tmp_path / "sf"
    runner = CliRunner()
    assert runner.invoke(main, ["new", str(client), "--preset", "salesforce", "--lang", "en"]).exit_code == 0
    shutil.copy(SHAPES / "salesforce-eu" / "opportunities.csv", client / "data" / "raw" / "opportunities.csv")
    (client / "client.yaml").write_text((client / "client.yaml").read_text(encoding="utf-8") + "# by hand\n",
                                        encoding="utf-8")
    result = runner.invoke(main, ["map", str(client), "--write", "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    config = load_config(client)
    # ordered by Probability (%): 10, 20, 30 (Needs Analysis), 60, 80, 95 (Contract Sent)
    assert [(s.name, s.probability) for s in config.stages] == [
        ("prospecting", 0.1), ("qualification", 0.2), ("needs_analysis", 0.3), ("proposal_price_quote", 0.6),
        ("negotiation_review", 0.8), ("contract_sent", 0.95)]
    assert config.tables["opportunities"].spec("status").values["Contract Sent"] == "open"
    assert "# by hand" in (client / "client.yaml").read_text(encoding="utf-8")
    validate = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert validate.exit_code == 0, validate.output


def test_the_notes_are_said_in_chinese(tmp_path):
    folder = _folder(tmp_path, {"客户.csv": CUSTOMERS})
    result = CliRunner().invoke(main, ["map", str(folder), "--lang", "zh"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert ("注意：level 未映射：「客户等级」的取值为 '重要客户', '一般客户'，不属于 potential/潜在, target/目标, "
            "quality/优质, strategic/战略（改按 client.yaml 中的规则推导）") in result.output
