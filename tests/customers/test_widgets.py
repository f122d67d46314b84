import pandas as pd
import pytest

from workbook.core import columns as c
from workbook.core.config import ClientConfig
from workbook.customers import matrix
from workbook.customers.widgets import MatrixExplorer, apply_settings, matrix_explorer, reclassify
from workbook.exceptions import ConfigError


def test_apply_settings_replaces_thresholds():
    cfg = apply_settings(ClientConfig(client_name="X"), {
        "target.min_headcount": None, "quality.min_revenue_growth_3y": 0.1, "industries": ("化工",),
        "familiar_min_contacts": 3})
    assert cfg.icp.target.min_headcount is None
    assert cfg.icp.quality.min_revenue_growth_3y == 0.1
    assert cfg.icp.target.industries == ("化工",)
    assert cfg.relationship_rules.familiar_min_contacts == 3
    assert apply_settings(cfg, {"industries": ()}).icp.target.industries is None


def test_apply_settings_rejects_bad_values():
    with pytest.raises(ConfigError, match="familiar_min_contacts"):
        apply_settings(ClientConfig(client_name="X"), {"familiar_min_contacts": 0})


def test_reclassify_owner_filter(sample_client):
    customers = sample_client.table(c.CUSTOMERS)
    args = (customers, sample_client.table(c.ACTIVITIES), sample_client.table(c.OPPORTUNITIES))
    everyone = reclassify(*args, config=sample_client.config, as_of=sample_client.as_of)
    r07 = reclassify(*args, config=sample_client.config, as_of=sample_client.as_of, owner="R07")
    assert len(r07) == int(customers[c.OWNER].eq("R07").sum())
    mine = everyone[everyone[c.OWNER] == "R07"]
    assert matrix.tier_counts(r07) == matrix.tier_counts(mine)


@pytest.fixture(scope="module")
def explorer(sample_client):
    return matrix_explorer(sample_client, lang="en", draw=False)


def test_slider_change_updates_tier_counts_and_label(explorer):
    before, label = dict(explorer.tier_counts), explorer.counts_label.value
    explorer.controls["quality.min_headcount"].value = 3000  # far fewer quality customers
    after = explorer.tier_counts
    assert after != before
    assert after["4"] < before["4"] and after["5"] > before["5"]
    assert explorer.counts_label.value != label
    assert f"<b>{after['4']:,}</b>" in explorer.counts_label.value
    explorer.controls["quality.min_headcount"].value = 500
    assert explorer.tier_counts == before


def test_relationship_and_owner_controls(explorer):
    before = dict(explorer.tier_counts)
    explorer.controls["familiar_min_contacts"].value = 30
    assert explorer.tier_counts["3"] < before["3"]
    explorer.controls["familiar_min_contacts"].value = 6
    explorer.controls["owner"].value = "R07"
    assert sum(explorer.tier_counts.values()) == int(explorer.tiered[c.OWNER].eq("R07").sum()) < sum(before.values())
    explorer.controls["owner"].value = ""
    assert explorer.tier_counts == before


def test_industries_control(explorer):
    before = dict(explorer.tier_counts)
    explorer.controls["industries"].value = ("化工",)
    assert explorer.settings()["industries"] == ("化工",)
    assert explorer.tier_counts["none"] > before["none"]
    explorer.controls["industries"].value = ()
    assert explorer.tier_counts == before


def test_explorer_draws_the_heatmap_into_its_output(sample_client):
    box = MatrixExplorer(sample_client.table(c.CUSTOMERS), None, None, config=sample_client.config,
                         as_of=sample_client.as_of, lang="zh")
    assert box.tier_counts["none"] == len(sample_client.table(c.CUSTOMERS)) - sum(
        box.tier_counts[k] for k in "12345")
    assert box.output in box.children and box.counts_label in box.children


def test_no_customers_no_explorer(tmp_path):
    class NoCustomers:
        config = ClientConfig(client_name="X")

        def table(self, name):
            return None if name == c.CUSTOMERS else pd.DataFrame()

    assert matrix_explorer(NoCustomers()) is None
