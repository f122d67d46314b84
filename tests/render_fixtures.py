"""Tiny clients and fixture notebooks for the render, batch, report, appendix and PDF tests.

Clients are hand-made (a customers CSV and client.yaml) and validated with intake; the
fixture notebooks in ``tests/fixtures/notebooks/`` start a kernel in ~2 s, so tests stay fast
and do not depend on the analysis notebooks.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbook.intake.validate import run_intake

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
OK = FIXTURES / "ok"
FAILING = FIXTURES / "failing"
NO_PARAM = FIXTURES / "no_param"
SCRIPT = "<script>alert(1)</script>"
FORMULA = "=1+2 HYPERLINK"
ALPHA = ["甲方阿尔法", FORMULA, SCRIPT]
BETA = ["乙方贝塔科技"]


def make_tiny_client(root: Path, name: str, customers: list[str] | None) -> Path:
    """``root`` with client.yaml and, unless ``customers`` is None, a validated customers table."""
    raw = root / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (root / "client.yaml").write_text(f"client_name: {name!r}\n".replace("'", '"'), encoding="utf-8")
    if customers is not None:
        frame = pd.DataFrame({"customer_id": [f"C{i}" for i in range(len(customers))], "name": customers})
        frame.to_csv(raw / "customers.csv", index=False)
        run_intake(root)
    return root


def reports_text(client: Path) -> str:
    """Every text output of a client's reports/ (HTML, ipynb, JSON) plus the appendix's cells, as one string."""
    from openpyxl import load_workbook

    reports = client / "reports"
    parts = [p.read_text(encoding="utf-8") for p in reports.rglob("*")
             if p.is_file() and p.suffix in {".html", ".ipynb", ".json", ".sha256"}]
    if (reports / "appendix.xlsx").exists():
        book = load_workbook(reports / "appendix.xlsx")
        parts += [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row]
    return "\n".join(parts)


_PAIRS: dict[Path, tuple] = {}


@pytest.fixture(scope="session")
def rendered_pair(tmp_path_factory):
    """Two clients (zephyr: hostile names; quokka) rendered in one batch with every format, 2 processes.

    Test modules alias this fixture; the cache makes it run once per session, not once per module.
    """
    from workbook.reports.batch import render_batch

    base = tmp_path_factory.getbasetemp()
    if base not in _PAIRS:
        root = tmp_path_factory.mktemp("pair")
        alpha = make_tiny_client(root / "zephyr", f"Zephyr {SCRIPT}", ALPHA)
        beta = make_tiny_client(root / "quokka", "Quokka 乙方", BETA)
        _PAIRS[base] = (alpha, beta, render_batch([alpha, beta], jobs=2, notebooks_dir=OK))
    return _PAIRS[base]
