"""Build tiny client folders in ``tmp_path`` for the intake, quality and CLI tests.

A client folder is ``client.yaml`` plus ``data/raw/``; :func:`make_client`
writes both from a dict of file name -> content, where the content is

* ``str``: written as UTF-8 text (a CSV typed by hand),
* ``bytes``: written as is (other encodings, corrupt or empty files),
* a ``DataFrame``: written as CSV, or as the single sheet ``Sheet1`` of an ``.xlsx``,
* a ``dict`` of sheet name -> ``DataFrame``: a workbook with one sheet per entry.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from workbook.exceptions import DataValidationError, Problem

MINIMAL_YAML = "client_name: Demo\n"

# Small valid tables used by several test modules. Dates lie in the past and
# every row is consistent, so the only findings they cause are empty optional columns.
CUSTOMERS_CSV = (
    "customer_id,name,level,relationship\n"
    "C1,Acme,target,neutral\n"
    "C2,Beta,quality,familiar\n"
)
OPPORTUNITIES_CSV = (
    "opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
    "O1,2025-01-10,solution,C1,open,1000,2025-03-01\n"
    "O2,2025-02-01,bid,C2,won,2500,2025-04-01\n"
)
VALID_FILES = {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": OPPORTUNITIES_CSV}

FileContent = str | bytes | pd.DataFrame | Mapping[str, pd.DataFrame]


def make_client(root: Path, files: Mapping[str, FileContent] | None = None, *, yaml: str = MINIMAL_YAML) -> Path:
    """Write ``root/client.yaml`` and ``root/data/raw/<name>`` for each file; return ``root``."""
    raw = root / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (root / "client.yaml").write_text(yaml, encoding="utf-8")
    for name, content in (files or {}).items():
        write_raw(root, name, content)
    return root


def opened_client(root: Path, files: Mapping[str, FileContent] | None = None, *, yaml: str = MINIMAL_YAML):
    """:func:`make_client`, validated (``workbook validate``), opened as the notebooks open it."""
    from workbook.intake import open_client
    from workbook.intake.validate import run_intake

    run_intake(make_client(root, files, yaml=yaml))
    return open_client(root)


def write_raw(client: Path, name: str, content: FileContent) -> Path:
    """Write (or overwrite) one file of ``client/data/raw``."""
    path = client / "data" / "raw" / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, pd.DataFrame):
        if path.suffix == ".xlsx":
            write_workbook(path, {"Sheet1": content})
        else:
            content.to_csv(path, index=False, encoding="utf-8")
    else:
        write_workbook(path, content)
    return path


def write_workbook(path: Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """An ``.xlsx`` with one sheet per frame (dates become Excel date cells, numbers number cells)."""
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        for sheet, frame in sheets.items():
            frame.to_excel(writer, sheet_name=sheet, index=False)
    return path


def problems_with(exc: DataValidationError, rule: str) -> list[Problem]:
    """The problems of one rule (e.g. ``"bad_date"``)."""
    return [p for p in exc.problems if p.rule == rule]


def only_problem(exc: DataValidationError, rule: str) -> Problem:
    """The single problem of ``rule``; fails listing every problem otherwise."""
    found = problems_with(exc, rule)
    assert len(found) == 1, f"expected one {rule!r} problem, got: {[str(p) for p in exc.problems]}"
    return found[0]


def read_clean(client: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(client / "data" / "clean" / f"{table}.parquet")


def read_findings(client: Path) -> list[dict]:
    """The rows of ``data/clean/quality.json``."""
    return json.loads((client / "data" / "clean" / "quality.json").read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name -> bytes), to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


MAVEN = Path(__file__).resolve().parent / "data" / "maven-crm"


def maven_client(root: Path, name: str = "maven") -> Path:
    """The public Maven export through its preset, as a consultant would: ``new --preset``, copy, ``validate``."""
    import shutil

    from click.testing import CliRunner

    from workbook.cli import main

    client = root / name
    runner = CliRunner()
    result = runner.invoke(main, ["new", str(client), "--preset", "maven-crm", "--name", "Maven CRM"])
    assert result.exit_code == 0, result.output
    for csv in MAVEN.glob("*.csv"):
        shutil.copy(csv, client / "data" / "raw" / csv.name)
    result = runner.invoke(main, ["validate", str(client), "--lang", "en"])
    assert result.exit_code == 0, result.output
    return client
