"""``workbook map --interactive``: each open decision asked in the terminal with the likely answer as the default,
the answers written, and the map validates."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from workbook.cli import main
from workbook.core.config import load_config

SHAPES = Path(__file__).resolve().parents[1] / "data" / "crm-shapes"


def _bitrix(tmp_path: Path) -> Path:
    client = tmp_path / "b24"
    assert CliRunner().invoke(main, ["new", str(client), "--lang", "en"]).exit_code == 0
    for path in (SHAPES / "bitrix24").iterdir():
        shutil.copy(path, client / "data" / "raw" / path.name)
    return client


def test_the_answer_is_written_and_the_deals_follow_it(tmp_path):
    client = _bitrix(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["map", str(client), "--interactive", "--lang", "en"], input="lost\n",
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Stage 'C1:UC_ISSUED' (4 rows): its outcome cannot be known from the data" in result.output
    assert "[won]" in result.output  # the likely answer is the default
    status = load_config(client).tables["opportunities"].spec("status")
    assert status.values["C1:UC_ISSUED"] == "lost"
    text = (client / "client.yaml").read_text(encoding="utf-8")
    assert "a guess to check" not in text and "To check:" not in result.output  # answered: no guess left
    validate = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert validate.exit_code == 0, validate.output
    opps = pd.read_parquet(client / "data" / "clean" / "opportunities.parquet")
    raw = pd.read_csv(client / "data" / "raw" / "deals.csv", dtype=str)
    lost = raw["STAGE_ID"].isin(["LOSE", "C1:LOSE", "APOLOGY", "C1:UC_ISSUED"])
    assert (opps["status"] == "lost").sum() == lost.sum()


def test_enter_takes_the_likely_answer_and_the_question_is_asked_in_chinese(tmp_path):
    client = _bitrix(tmp_path)
    result = CliRunner().invoke(main, ["map", str(client), "--interactive", "--lang", "zh"], input="\n",
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "阶段「C1:UC_ISSUED」（4 行）的结果无法从数据判断" in result.output
    assert load_config(client).tables["opportunities"].spec("status").values["C1:UC_ISSUED"] == "won"


def test_an_answer_outside_the_choices_is_asked_again(tmp_path):
    client = _bitrix(tmp_path)
    result = CliRunner().invoke(main, ["map", str(client), "--interactive", "--lang", "en"], input="maybe\nopen\n",
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "'maybe' is not one of 'won', 'lost', 'open'" in result.output
    config = load_config(client)
    assert config.tables["opportunities"].spec("status").values["C1:UC_ISSUED"] == "open"
    # an open answer makes the value a stage of the funnel, so the map still validates
    assert "c1_uc_issued" in [s.name for s in config.stages]
    validate = CliRunner().invoke(main, ["validate", str(client), "--lang", "en"])
    assert validate.exit_code == 0, validate.output
    opps = pd.read_parquet(client / "data" / "clean" / "opportunities.parquet")
    assert set(opps.loc[opps["status"] == "open", "stage"]) >= {"c1_uc_issued"}


def test_a_stage_answered_open_joins_the_clients_own_stages(tmp_path):
    client = tmp_path / "cn"
    (client / "data" / "raw").mkdir(parents=True)
    (client / "data" / "raw" / "商机.csv").write_text(
        "商机编号,创建日期,阶段,是否关闭\nD1,2025-01-02,方案,否\nD2,2025-01-05,已开票,是\nD3,2025-01-09,赢单,是\n",
        encoding="utf-8")
    (client / "client.yaml").write_text(
        "client_name: 某客户\nstages:  # by hand\n  - {name: solution, label_zh: 方案, probability: 0.4}\n",
        encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["map", str(client), "--interactive", "--lang", "zh"], input="open\n",
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "阶段「已开票」（1 行）的结果无法从数据判断：是否关闭 表明 1 行中 1 行已关闭" in result.output
    config = load_config(client)
    assert [(s.name, s.label_zh) for s in config.stages] == [("solution", "方案"), ("已开票", "「已开票」")]
    validate = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert validate.exit_code == 0, validate.output
    opps = pd.read_parquet(client / "data" / "clean" / "opportunities.parquet")
    assert list(opps.sort_values("opportunity_id")["status"]) == ["open", "open", "won"]
