"""Every notebook renders on single-table clients and on thin tables (the required fields plus one optional).

One test per notebook. A notebook runs in one kernel for all the clients in turn (the parameters injected
as papermill does, then every cell executed), so a test starts one kernel, not one per client. A cell that
raises fails the test naming the client; each section shows either its content or the data it needs.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from nbclient import NotebookClient
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from tests.thin_clients import THIN_OPTIONAL, smallest_inventory, thin, tiny_tables, write_client
from workbook.core import columns as c
from workbook.core.display import SECTION_MIME
from workbook.core.schema import TABLES
from workbook.reports.kernels import kernel_manager_class

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
STEMS = ("00_data_overview", "01_customer_inventory", "02_quality_matrix", "03_funnel_diagnosis",
         "04_time_allocation")
# the table each notebook is about: on a client without it, every section says what it needs
MAIN = {"01_customer_inventory": c.CUSTOMERS, "02_quality_matrix": c.CUSTOMERS}


@pytest.fixture(scope="module")
def clients(sample_client, tmp_path_factory) -> dict[str, Path]:
    """One client per table alone, one of thin tables, and the smallest useful inventory."""
    root = tmp_path_factory.mktemp("thin")
    tables = tiny_tables(sample_client)
    out = {f"only_{name}": write_client(root / f"only_{name}", sample_client, {name: tables[name]})
           for name in TABLES}
    out["thin"] = write_client(root / "thin", sample_client,
                               {name: thin(frame, name, THIN_OPTIONAL[name]) for name, frame in tables.items()})
    out["smallest_inventory"] = write_client(root / "smallest_inventory", sample_client,
                                             {c.CUSTOMERS: smallest_inventory(tables[c.CUSTOMERS])})
    return out


def run_in_one_kernel(notebook: Path, clients: dict[str, Path], *, lang: str, cwd: Path) -> dict[str, list[dict]]:
    """The section payloads the notebook displays for each client, all runs in one kernel."""
    template = load_notebook_node(str(notebook))
    runner = NotebookClient(template, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(cwd)}},
                            kernel_manager_class=kernel_manager_class())
    shown: dict[str, list[dict]] = {}
    with runner.setup_kernel():
        for name, folder in clients.items():
            nb = parameterize_notebook(template, {"client_dir": str(folder), "lang": lang, "interactive": False})
            runner.nb = nb
            for index, cell in enumerate(nb.cells):
                try:
                    runner.execute_cell(cell, index)
                except Exception as exc:
                    raise AssertionError(f"{notebook.stem} on client {name!r}, cell {index}: {exc}") from None
            shown[name] = [out["data"][SECTION_MIME] for cell in nb.cells if cell.cell_type == "code"
                           for out in cell.get("outputs", []) if SECTION_MIME in out.get("data", {})]
    return shown


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_notebook_on_single_tables_and_thin_tables(stem, clients, tmp_path):
    lang = "en" if stem in ("02_quality_matrix", "04_time_allocation") else "zh"
    shown = run_in_one_kernel(NOTEBOOKS / f"{stem}.ipynb", clients, lang=lang, cwd=tmp_path)
    for name, sections in shown.items():
        assert sections, f"{stem} on {name}: no section shown"
        for payload in sections:
            assert payload["needs"] or payload["finding"] or payload["tables"] or payload["chart"], (name, payload)
        main = MAIN.get(stem)
        if main is not None and name.startswith("only_") and name != f"only_{main}":
            assert all(payload["needs"] for payload in sections), f"{stem} on {name} shows sections without {main}"
    if stem == "02_quality_matrix":  # the smallest inventory gives every relationship: the tiers are computed
        tiers = next(p for p in shown["smallest_inventory"] if p["key"] == "tiers")
        assert tiers["needs"] is None and tiers["tables"], tiers
