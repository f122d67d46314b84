"""The architecture as a contract: layers, no import cycles, one definition of each shared helper."""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("core", "intake", "customers", "funnel", "timealloc", "reports", "workshop")


def _lint(cwd: Path, env_path: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(env_path)} if env_path else None
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_import_contract_is_kept():
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout


def test_a_layer_violation_fails_and_names_the_import(tmp_path):
    """The contract is live: core importing reports (a lower layer reaching up) is reported by name."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "workbook", copy / "workbook", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    theme = copy / "workbook" / "core" / "theme.py"
    theme.write_text(theme.read_text(encoding="utf-8") + "\nfrom workbook.reports import batch  # noqa\n",
                     encoding="utf-8")
    done = _lint(copy, env_path=copy)
    assert done.returncode == 1, done.stdout
    assert "BROKEN" in done.stdout
    assert "workbook.core.theme -> workbook.reports.batch" in done.stdout


def test_an_import_cycle_fails(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "workbook", copy / "workbook", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    io = copy / "workbook" / "core" / "io.py"  # core.io <- core.config already; close the loop
    io.write_text(io.read_text(encoding="utf-8") + "\nfrom workbook.core import config  # noqa\n", encoding="utf-8")
    done = _lint(copy, env_path=copy)
    assert done.returncode == 1, done.stdout
    assert "No cycles are allowed in workbook.core" in done.stdout and ".io -> .config (1 import)" in done.stdout


def test_every_package_of_the_design_exists_and_no_flat_modules_remain():
    top = sorted(p.name for p in (ROOT / "workbook").iterdir() if p.suffix == ".py")
    assert top == ["__init__.py", "__main__.py", "cli.py", "exceptions.py"]  # __main__: `python -m workbook`
    for name in PACKAGES:
        assert (ROOT / "workbook" / name / "__init__.py").is_file(), name


def _definitions() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "workbook").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                found[node.name].append(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("helper", ["ratio", "_ratio", "has", "_has", "_bool", "as_bool", "write_atomic",
                                    "_write_atomic", "as_of_date", "analysis_period", "period_bounds",
                                    "_pct", "pct", "missing_note", "_show", "show_in", "read_yaml", "tier_key",
                                    "_tier_key", "list_notebooks"])
def test_shared_helpers_are_defined_once(helper):
    assert len(_definitions().get(helper, [])) <= 1, _definitions()[helper]


def test_shared_constants_are_defined_once():
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "workbook").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id].append(str(path.relative_to(ROOT)))
    for name in ("MONTH_DAYS", "TIER_KEYS", "ASSET_TIERS", "TIER", "CLEAN_DIR", "RAW_DIR", "__version__"):
        assert len(found[name]) == 1, (name, found[name])


def test_one_yaml_library():
    for path in (ROOT / "workbook").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import yaml" not in text and "from yaml" not in text, path


def test_ruff_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run([str(ruff), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout[-4000:]
