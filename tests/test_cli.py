"""The ``workbook`` command: exit codes, problem tables, languages, no tracebacks unless ``--debug``."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import CUSTOMERS_CSV, OPPORTUNITIES_CSV, VALID_FILES, make_client
from workbook.cli import main
from workbook.core.config import ClientConfig, load_config

BAD_OPPORTUNITIES = OPPORTUNITIES_CSV + "O3,someday,bid,C2,open,100,\n"


def invoke(*args: object):
    """Run the CLI in-process; a wide terminal so table cells are not folded."""
    runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], env={"COLUMNS": "400", "WORKBOOK_LANG": None})


@pytest.mark.parametrize("verb", [[], ["sample"], ["new"], ["template"], ["validate"], ["render"]])
def test_help_on_every_verb(verb):
    result = invoke(*verb, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    if verb:
        assert "--lang" in result.output and "--debug" in result.output


def test_validate_valid_data(tmp_path):
    client = make_client(tmp_path, VALID_FILES)
    result = invoke("validate", client, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "customers.csv" in result.stdout and "opportunities.csv" in result.stdout
    assert "Data valid: 2 tables, 4 rows" in result.stdout
    assert (client / "data" / "clean" / "customers.parquet").exists()
    assert "Traceback" not in result.output


def test_validate_prints_findings(tmp_path):
    opportunities = OPPORTUNITIES_CSV.replace(",C2,won,", ",C9,won,")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": opportunities})
    result = invoke("validate", client, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Data-quality findings (not blocking)" in result.stdout
    assert "a customer_id listed in customers" in result.stdout


def test_validate_invalid_data_prints_the_problem_table(tmp_path):
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": BAD_OPPORTUNITIES})
    result = invoke("validate", client, "--lang", "en")
    assert result.exit_code == 1
    assert "Invalid data: 1 problem(s)" in result.output
    line = next(ln for ln in result.output.splitlines() if "someday" in ln)
    assert "opportunities.csv" in line and " 4 " in line and "created_date" in line
    assert "Traceback" not in result.output
    assert not (client / "data" / "clean").exists()


def test_validate_messages_in_chinese(tmp_path):
    good = invoke("validate", make_client(tmp_path / "good", VALID_FILES), "--lang", "zh")
    assert good.exit_code == 0, good.output
    assert "数据有效：2 张表，共 4 行" in good.stdout
    bad = invoke("validate", make_client(tmp_path / "bad", {"opportunities.csv": BAD_OPPORTUNITIES}), "--lang", "zh")
    assert bad.exit_code == 1
    assert "数据有误：发现 1 个问题" in bad.output
    assert "如何修改" in bad.output  # the problem table's header


def test_validate_language_defaults_to_client_yaml(tmp_path):
    yaml = "client_name: Demo\nlanguage: en\n"
    good = invoke("validate", make_client(tmp_path / "good", VALID_FILES, yaml=yaml))
    assert "Data valid" in good.stdout
    bad = invoke("validate", make_client(tmp_path / "bad", {"opportunities.csv": BAD_OPPORTUNITIES}, yaml=yaml))
    assert bad.exit_code == 1
    assert "Invalid data" in bad.output


def test_validate_config_error_exits_1(tmp_path):
    client = make_client(tmp_path, VALID_FILES, yaml="client_name: Demo\nfolowup_days: 3\n")
    result = invoke("validate", client, "--lang", "en")
    assert result.exit_code == 1
    assert "Configuration error" in result.output and "folowup_days" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ["validate"],                               # missing argument
    ["validate", "/no/such/client/folder"],     # nonexistent folder
    ["validate", ".", "--lang", "fr"],          # bad option value
    ["frobnicate"],                             # unknown verb
])
def test_usage_errors_exit_2(args):
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_template_must_be_xlsx(tmp_path):
    result = invoke("template", tmp_path / "template.csv")
    assert result.exit_code == 2


def test_traceback_only_with_debug(tmp_path):
    client = make_client(tmp_path, {"opportunities.csv": BAD_OPPORTUNITIES})
    exe = Path(sys.executable).with_name("workbook")
    quiet = subprocess.run([exe, "validate", client, "--lang", "en"], capture_output=True, text=True, timeout=60)
    assert quiet.returncode == 1
    assert "someday" in quiet.stderr
    assert "Traceback" not in quiet.stdout + quiet.stderr
    loud = subprocess.run([exe, "validate", client, "--debug"], capture_output=True, text=True, timeout=60)
    assert loud.returncode == 1
    assert "Traceback" in loud.stderr and "DataValidationError" in loud.stderr


def test_new_creates_a_client_folder(tmp_path):
    client = tmp_path / "acme"
    result = invoke("new", client, "--name", "华东精密", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Client folder created" in result.stdout
    assert load_config(client) == ClientConfig(client_name="华东精密")
    assert (client / "data" / "raw").is_dir()
    assert (client / "intake_template.xlsx").is_file()


@pytest.mark.parametrize("name", ['Acme\\x41 "Q" #1', "Zeta \\n 'x' : [y] {z} &a *b !c", "华东\\u0041精密 \\"])
def test_new_stores_the_name_exactly_as_typed(tmp_path, name):
    result = invoke("new", tmp_path / "acme", "--name", name, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert load_config(tmp_path / "acme").client_name == name  # no escape read, no quote changed, no comment cut


def test_new_in_chinese_names_the_template_in_chinese(tmp_path):
    result = invoke("new", tmp_path / "acme", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "客户目录已创建" in result.stdout
    assert load_config(tmp_path / "acme").client_name == "acme"  # default: the folder name
    assert (tmp_path / "acme" / "数据收集模板.xlsx").is_file()


def test_new_refuses_an_existing_client(tmp_path):
    assert invoke("new", tmp_path / "acme", "--name", "A").exit_code == 0
    before = (tmp_path / "acme" / "client.yaml").read_bytes()
    result = invoke("new", tmp_path / "acme", "--name", "B")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert (tmp_path / "acme" / "client.yaml").read_bytes() == before


def test_new_then_validate_asks_for_data(tmp_path):
    assert invoke("new", tmp_path / "acme", "--name", "A").exit_code == 0
    result = invoke("validate", tmp_path / "acme", "--lang", "en")
    assert result.exit_code == 1
    assert "data/raw" in result.output


def test_template_writes_the_workbook(tmp_path):
    result = invoke("template", tmp_path / "t.xlsx", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Intake template written" in result.stdout
    assert (tmp_path / "t.xlsx").stat().st_size > 0


def test_map_prints_the_proposal_in_the_client_language(tmp_path):
    import shutil

    raw = tmp_path / "cn" / "data" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "data" / "untuned" / "cn-crm-xlsx" / "CRM导出_2025.xlsx", raw)
    (tmp_path / "cn" / "client.yaml").write_text("client_name: 示例\nlanguage: zh\n", encoding="utf-8")
    result = invoke("map", tmp_path / "cn")
    assert result.exit_code == 0, result.output
    assert "CRM导出_2025.xlsx [跟进记录] → activities" in result.stdout
    assert "字段" in result.stdout and "源列" in result.stdout and "把握度" in result.stdout
    assert "未匹配的列：记录编号, 跟进内容, 关联商机" in result.stdout
    assert "--write" in result.stdout
    assert not (tmp_path / "cn" / "client.yaml.bak").exists()


def test_map_help_and_missing_folder():
    assert invoke("map", "--help").exit_code == 0
    result = invoke("map", "/nonexistent/folder")
    assert result.exit_code == 2 and "does not exist" in result.output
