"""Client text on the terminal is text: markup (``[/x]``, ``[bold]``) and ESC sequences in a cell, a header, the
client name and the client folder's name are printed literally, control characters as escapes, by every verb."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import CUSTOMERS_CSV, OPPORTUNITIES_CSV, make_client
from workbook import cli
from workbook.core.terminal import PlainConsole, visible

CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home: what a hostile export would print before "ALL VALID"
CELL = f"[/x][bold]{CLEAR}ALL VALID\x07"
CELL_SHOWN = r"[/x][bold]\x1b[2J\x1b[HALL VALID\x07"
HEADER = f"[/x]备注[bold]{CLEAR}"
HEADER_SHOWN = r"[/x]备注[bold]\x1b[2J\x1b[H"
NAME = f"[/x] Acme [bold]{CLEAR}"
NAME_SHOWN = r"[/x] Acme [bold]\x1b[2J\x1b[H"
FOLDER = f"acme [bold]{CLEAR}"  # a folder name cannot hold "/"
FOLDER_SHOWN = r"acme [bold]\x1b[2J\x1b[H"


def _yaml(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\e").replace("\x07", "\\a")
    return f'client_name: "{escaped}"\nlanguage: en\n'


def _hostile_client(root: Path, *, bad_cell: bool, folder: str = FOLDER) -> Path:
    """A client in a folder named FOLDER, named NAME, with HEADER as an extra column and CELL as a customer's
    name (valid) or also as an opportunity's created date (invalid)."""
    customers = CUSTOMERS_CSV.replace("relationship\n", f"relationship,{HEADER}\n", 1)
    customers = customers.replace("C1,Acme,target,neutral\n", f"C1,{CELL},target,neutral,1\n")
    customers = customers.replace("C2,Beta,quality,familiar\n", "C2,Beta,quality,familiar,2\n")
    opportunities = OPPORTUNITIES_CSV.replace("O2,2025-02-01,", f"O2,{CELL}," if bad_cell else "O2,2025-02-01,")
    return make_client(root / folder, {"customers.csv": customers, "opportunities.csv": opportunities},
                       yaml=_yaml(NAME))


@pytest.fixture(autouse=True)
def wide_consoles(monkeypatch):
    """Tables wide enough that no cell is folded onto two lines."""
    for console in (cli.console, cli.err_console):
        monkeypatch.setattr(console, "width", 400)


def _invoke(*args: object):
    result = CliRunner().invoke(cli.main, [str(a) for a in args], env={"WORKBOOK_LANG": None})
    return result, result.stdout + result.stderr


def _assert_shown(output: str, *shown: str) -> None:
    assert "unexpected error" not in output and "Traceback" not in output, output
    for control in ("\x1b", "\x07", "\r"):
        assert control not in output, f"raw {control!r} reached the terminal"
    for text in shown:
        assert text in output, f"{text!r} not shown literally in:\n{output}"


def test_the_helper_shows_control_characters_and_keeps_text():
    assert visible(CELL) == CELL_SHOWN
    assert visible("a\nb\u202ec") == r"a\nb\u202ec" and visible("a\nb", newlines=True) == "a\nb"
    assert visible("华东 [b]x[/b] :warning:") == "华东 [b]x[/b] :warning:" and visible(None) == ""


def test_the_console_prints_strings_as_text(tmp_path):
    path = tmp_path / "out.txt"
    with path.open("w", encoding="utf-8") as out:
        console = PlainConsole(file=out, width=200)
        console.print(f"{CELL} :warning:", markup=True)  # asked for markup: still text
        from rich.table import Table

        table = Table(title=NAME)
        table.add_column(HEADER)
        table.add_row(CELL)
        console.print(table)
    text = path.read_text(encoding="utf-8")
    _assert_shown(text, f"{CELL_SHOWN} :warning:", NAME_SHOWN, HEADER_SHOWN)


def test_validate_prints_a_bad_cell_in_the_problem_table(tmp_path):
    client = _hostile_client(tmp_path, bad_cell=True)
    result, output = _invoke("validate", client)
    assert result.exit_code == 1, output
    assert "Invalid data: 1 problem(s)" in output
    _assert_shown(output, CELL_SHOWN)
    assert not (client / "data" / "clean").exists()


def test_validate_prints_the_client_name_as_the_summary_title(tmp_path):
    client = _hostile_client(tmp_path, bad_cell=False)
    result, output = _invoke("validate", client)
    assert result.exit_code == 0, output
    _assert_shown(output, NAME_SHOWN, "Data valid: 2 tables, 4 rows")


def test_an_error_names_the_hostile_folder_as_text(tmp_path):
    folder = tmp_path / f"{FOLDER}\nData valid"
    folder.mkdir()
    (folder / "client.yaml").write_text("client_name: X\nfolowup_days: 3\n", encoding="utf-8")
    result, output = _invoke("validate", folder, "--lang", "en")
    assert result.exit_code == 1
    assert "Configuration error" in output and "folowup_days" in output
    _assert_shown(output, rf"{FOLDER_SHOWN}\nData valid/client.yaml")
    assert not any(line.startswith("Data valid") for line in output.splitlines())  # no line of its own
    result, output = _invoke("new", folder, "--lang", "en")  # a kit error of another kind: the same
    assert result.exit_code == 1 and "already exists" in output
    _assert_shown(output, rf"{FOLDER_SHOWN}\nData valid/client.yaml")
    assert not any(line.startswith("Data valid") for line in output.splitlines())


def test_map_prints_headers_and_paths_as_text(tmp_path):
    client = _hostile_client(tmp_path, bad_cell=False, folder=f"{FOLDER}\nData valid")
    result, output = _invoke("map", client)
    assert result.exit_code == 0, output
    _assert_shown(output, f"Unmatched columns: {HEADER_SHOWN}", rf"{FOLDER_SHOWN}\nData valid/client.yaml")
    assert not any(line.startswith("Data valid") for line in output.splitlines())  # no line of its own


@pytest.mark.slow
def test_render_prints_the_folder_name_in_its_table_and_summary_as_text(tmp_path):
    """A real run of the command (a subprocess: the render's workers and kernels are processes of their own)."""
    client = _hostile_client(tmp_path, bad_cell=False)
    exe = Path(sys.executable).with_name("workbook")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "WORKBOOK_LANG")}
    assert subprocess.run([exe, "validate", client], capture_output=True, env=env, timeout=120).returncode == 0
    done = subprocess.run([exe, "render", client, "--only", "00_data_overview", "--formats", "html"],
                          capture_output=True, env=env, timeout=600)
    raw = done.stdout + done.stderr
    assert b"\x1b" not in raw and b"\x07" not in raw
    output = raw.decode("utf-8")
    assert done.returncode == 0, output
    _assert_shown(output, f"{FOLDER_SHOWN}: 1 of 1 notebooks ok, report written: {client}/reports/report.html"
                  .replace(str(client), visible(client)))
    assert f"│ {FOLDER_SHOWN} │ 00_data_overview │ ok" in output


def test_a_usage_error_shows_the_path_as_text(tmp_path):
    result, output = _invoke("validate", tmp_path / f"no such {FOLDER}\x07")
    assert result.exit_code == 2 and "does not exist" in output
    _assert_shown(output, rf"no such {FOLDER_SHOWN}\x07")
