"""The real Maven CRM export (tests/data/maven-crm) through the whole kit, as `make demo-real` does it:
``workbook new --preset maven-crm``, the CSVs copied into data/raw, ``validate``, then every notebook rendered.

The recorded figures are checked against an independent pandas computation on the raw CSVs, and the rendered
notebooks must say which sections lack data (the export has no leads and no time log).
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from tests.helpers import MAVEN, maven_client
from workbook.core.formats import needs_text
from workbook.core.notebooks import list_notebooks
from workbook.core.record import read_records
from workbook.reports.execute import render_client


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, list]:
    client = maven_client(tmp_path_factory.mktemp("real"))
    return client, render_client(client, force=True)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """Deals with the account's sector, the typo in the export mapped."""
    deals = pd.read_csv(MAVEN / "sales_pipeline.csv", parse_dates=["engage_date", "close_date"])
    accounts = pd.read_csv(MAVEN / "accounts.csv")
    accounts["sector"] = accounts["sector"].replace({"technolgy": "technology"})
    return deals.merge(accounts[["account", "sector"]], on="account", how="left")


def _outputs(notebook: Path) -> list[str]:
    """Every text, Markdown and HTML output of an executed notebook."""
    texts = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", ""))
            for kind in ("text/markdown", "text/plain", "text/html"):
                texts.append(out.get("data", {}).get(kind, ""))
    return ["".join(x) if isinstance(x, list) else x for x in texts if x]


@pytest.mark.slow
def test_every_notebook_renders(rendered):
    _, results = rendered
    assert [r.notebook for r in results] == [nb.stem for nb in list_notebooks(None)]
    failed = [(r.notebook, r.cell, r.error) for r in results if not r.ok]
    assert not failed, failed


@pytest.mark.slow
def test_funnel_figures_match_an_independent_computation(rendered, raw):
    rec = read_records(rendered[0] / "reports" / "03_funnel_diagnosis.ipynb")
    won, lost = raw["deal_stage"].eq("Won"), raw["deal_stage"].eq("Lost")
    assert (rec["funnel.won"], rec["funnel.lost"]) == (won.sum(), lost.sum()) == (4238, 2473)
    assert rec["funnel.opportunities"] == len(raw) == 8800
    assert rec["funnel.win_rate_closed"] == pytest.approx(won.sum() / (won.sum() + lost.sum()))
    closed = raw[won | lost]
    assert rec["funnel.median_days_opportunity_to_close"] == (
        (closed["close_date"] - closed["engage_date"]).dt.days.median())
    revenue = raw[won].groupby("sector")["close_value"].sum()
    assert "technolgy" not in revenue.index and revenue.index.size == 10
    assert rec["funnel.revenue_by_industry"] == pytest.approx(revenue.to_dict())
    per_agent = closed.groupby("sales_agent")["deal_stage"].apply(lambda s: (s == "Won").mean())
    assert rec["funnel.win_rate_by_owner"] == pytest.approx(per_agent.to_dict())
    assert len(rec["funnel.win_rate_by_owner"]) == 30
    # the Prospecting deals without an engage date are kept and counted
    assert rec["funnel.undated_opportunities"] == raw["engage_date"].isna().sum() == 500
    assert rec["funnel.leads"] is None and rec["funnel.lead_to_win_rate"] is None  # no leads: no made-up number


@pytest.mark.slow
def test_rendered_notebooks_say_which_sections_lack_data(rendered):
    reports = rendered[0] / "reports"
    funnel = _outputs(reports / "03_funnel_diagnosis.ipynb")
    assert any(needs_text(["leads"], "en") in text for text in funnel)  # no leads
    assert any("500 opportunities have no created date" in text for text in funnel)
    timealloc = _outputs(reports / "04_time_allocation.ipynb")
    assert any("This section needs: Time log" in text for text in timealloc)  # no time log
    overview = " ".join(_outputs(reports / "00_data_overview.ipynb"))
    assert "missing: Leads" in overview and "Time log" in overview
