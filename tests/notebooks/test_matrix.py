"""Papermill runs of notebooks 01 and 02 on the sample client; recorded figures checked independently."""
from pathlib import Path

import numpy as np
import pandas as pd
import papermill
import pytest

from workbook.core.config import DEFAULT_TIERS
from workbook.core.record import read_records

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PROFILE = ["industry", "main_business", "region", "headcount", "it_headcount", "annual_revenue",
           "revenue_growth_3y", "goal_3y", "brand_standing"]
LEVELS = ["potential", "target", "quality", "strategic"]
RELATIONSHIPS = ["untouched", "neutral", "familiar", "partner"]


def _expected(client) -> pd.DataFrame:
    """Level, relationship and tier with plain pandas and the default rules, as DOMAIN.md states them."""
    cfg = client.config
    cust = client.table("customers").set_index("customer_id")
    icp = cfg.icp
    hc, rev, growth = cust["headcount"].astype(float), cust["annual_revenue"], cust["revenue_growth_3y"]
    target = (hc >= icp.target.min_headcount) & (rev >= icp.target.min_annual_revenue)
    quality = target & (hc >= icp.quality.min_headcount) & (rev >= icp.quality.min_annual_revenue) & (
        growth >= icp.quality.min_revenue_growth_3y)
    strategic = quality & (rev >= icp.strategic.min_annual_revenue) & cust["brand_standing"].isin(
        icp.strategic.brand_standing)
    derived = np.select([strategic.fillna(False), quality.fillna(False), target.fillna(False)],
                        ["strategic", "quality", "target"], "potential")
    level = cust["level"].astype(object).where(cust["level"].notna(), derived)

    rules = cfg.relationship_rules
    as_of = pd.Timestamp(cfg.period.end)
    acts = client.table("activities")
    acts = acts[acts["date"] <= as_of]
    window = acts[acts["date"] > as_of - pd.Timedelta(days=rules.lookback_days)].groupby("customer_id").size()
    ever = acts.groupby("customer_id").size()
    last = acts.groupby("customer_id")["date"].max()
    opps = client.table("opportunities")
    won = opps[(opps["status"] == "won") & (opps["close_date"].isna() | (opps["close_date"] <= as_of))]
    won = won.groupby("customer_id").size()
    n_win, n_ever, n_won = (s.reindex(cust.index, fill_value=0) for s in (window, ever, won))
    recent = (as_of - last.reindex(cust.index)).dt.days <= rules.partner_recent_days
    rel = np.select([(n_won >= rules.partner_min_won) & recent,
                     (n_win >= rules.familiar_min_contacts) | (n_won >= rules.familiar_min_won),
                     (n_ever > 0) | (n_won > 0)], ["partner", "familiar", "neutral"], "untouched")
    rel = cust["relationship"].astype(object).where(cust["relationship"].notna(), rel)
    tier = [DEFAULT_TIERS[lv][r] for lv, r in zip(level, rel)]
    return pd.DataFrame({"owner": cust["owner"], "level": level, "relationship": rel,
                         "tier": ["none" if t is None else str(t) for t in tier]}, index=cust.index)


def _run(name, client, lang, tmp_path) -> dict:
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(out), kernel_name="python3", cwd=str(tmp_path),
                               parameters={"client_dir": str(client.dir), "lang": lang, "interactive": False},
                               progress_bar=False, execution_timeout=300)
    return read_records(out)


@pytest.mark.slow
def test_inventory_notebook_figures(sample_client, tmp_path):
    records = _run("01_customer_inventory", sample_client, "zh", tmp_path)
    expected = _expected(sample_client)
    customers = sample_client.table("customers")
    assert records["inventory.customers"] == len(customers)
    assert records["inventory.by_level"] == {k: int((expected["level"] == k).sum()) for k in LEVELS}
    assert records["inventory.by_relationship"] == {k: int((expected["relationship"] == k).sum())
                                                    for k in RELATIONSHIPS}
    assert records["inventory.completeness"] == pytest.approx(customers[PROFILE].notna().to_numpy().mean(),
                                                              abs=1e-6)
    # the sample's built-in facts: ~5% strategic accounts given, about half the quality customers without trust
    assert records["inventory.by_level"]["strategic"] == pytest.approx(0.05 * len(customers), rel=0.2)


@pytest.mark.slow
def test_matrix_notebook_figures(sample_client, tmp_path):
    records = _run("02_quality_matrix", sample_client, "en", tmp_path)
    expected = _expected(sample_client)
    assert records["matrix.tiers"] == {k: int((expected["tier"] == k).sum()) for k in ["1", "2", "3", "4", "5", "none"]}
    assets = expected[expected["tier"] != "none"]  # every tiered customer, tiers 1-5
    by_owner = pd.crosstab(expected["owner"], expected["tier"]).reindex(columns=list("12345"), fill_value=0)
    assert records["matrix.assets_by_owner"] == {
        owner: {k: int(v) for k, v in row.items()} for owner, row in by_owner.to_dict(orient="index").items()}
    assert sum(sum(v.values()) for v in records["matrix.assets_by_owner"].values()) == len(assets)
    # customer assets are tiers 1-3 only (tier 4 must be attended to but is not an asset; tier 5 neither)
    core = expected["tier"].isin(["1", "2", "3"])
    assert records["matrix.assets"] == int(core.sum())
    assert records["matrix.assets_share"] == pytest.approx(core.mean())
    assert records["matrix.assets"] < len(assets)
