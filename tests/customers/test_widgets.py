import re

import pandas as pd
import pytest

from tests.workshop import shown
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


# five customers whose levels and relationships are worked by hand under the default rules
# (target: >= 200 staff and >= 50M revenue; quality: >= 500 staff, >= 200M, >= 5% growth; strategic: >= 1bn and
# a leading brand; familiar: >= 6 weighted contacts in 365 days, a visit weighing 1 and an e-mail 0.2)
AS_OF = pd.Timestamp("2025-12-31")
CUSTOMERS = pd.DataFrame({
    "customer_id": ["C1", "C2", "C3", "C4", "C5"], "name": ["甲", "乙", "丙", "丁", "戊"],
    "industry": ["制造", "制造", "化工", "制造", "制造"], "owner": ["R2", "R2", "R1", "R2", "R1"],
    "headcount": [100, 300, 800, 2500, 3000], "annual_revenue": [10e6, 100e6, 300e6, 500e6, 2e9],
    "revenue_growth_3y": [0.1, 0.1, 0.1, 0.1, 0.0],
    "brand_standing": ["average", "known", "known", "known", "leading"]})
# C3: six visits 200 days before the as-of date (familiar); C2 and C4: one e-mail each a month ago (neutral)
ACTIVITIES = pd.DataFrame({"customer_id": ["C3"] * 6 + ["C2", "C4"], "owner": ["R1"] * 6 + ["R2", "R2"],
                           "date": [AS_OF - pd.Timedelta(days=200)] * 6 + [AS_OF - pd.Timedelta(days=30)] * 2,
                           "type": ["visit"] * 6 + ["email", "email"]})
# by hand: C1 potential/untouched (no tier), C2 target/neutral (tier 5), C3 quality/familiar (tier 2),
# C4 quality/neutral (tier 4), C5 strategic/untouched (no tier)
START = {("potential", "untouched"): "1", ("target", "neutral"): "1", ("quality", "familiar"): "1",
         ("quality", "neutral"): "1", ("strategic", "untouched"): "1"}


def _explorer(lang="en"):
    return MatrixExplorer(CUSTOMERS, ACTIVITIES, None, config=ClientConfig(client_name="X"), as_of=AS_OF, lang=lang)


def _shown(box) -> dict:
    """The non-zero customer counts the matrix grid shows, by cell."""
    cells = shown.matrix_cells(box.chart.value)
    assert len(cells) == 16
    return {key: lines[0] for key, lines in cells.items() if lines[0] != "0"}


def _chips(box) -> str:
    return re.sub(r"<[^>]+>", "", box.counts_label.value)


def test_the_grid_shows_each_cell_with_its_revenue():
    box = _explorer()
    assert _shown(box) == START
    cells = shown.matrix_cells(box.chart.value)
    assert cells[("quality", "familiar")] == ["1", "customer revenue CNY 300.0m"]
    assert cells[("strategic", "untouched")] == ["1", "customer revenue CNY 2.00bn"]
    assert cells[("strategic", "partner")] == ["0"]  # an empty cell: no revenue line
    zh = shown.matrix_cells(_explorer("zh").chart.value)
    assert zh[("quality", "familiar")] == ["1", "客户年营收 3.00 亿元"]
    assert "Tier 2 1" in _chips(box) and "Tier 4 1" in _chips(box) and "Not tiered 2" in _chips(box)


def test_icp_threshold_moves_a_customer_down_a_level():
    box = _explorer()
    box.controls["quality.min_headcount"].value = 1000  # C3 (800 staff) is no longer quality: target
    assert _shown(box) == {**{k: v for k, v in START.items() if k != ("quality", "familiar")},
                           ("target", "familiar"): "1"}
    assert shown.matrix_cells(box.chart.value)[("target", "familiar")] == ["1", "customer revenue CNY 300.0m"]
    assert "Tier 2 0" in _chips(box) and "Tier 3 1" in _chips(box)
    box.controls["quality.min_headcount"].value = 500
    assert _shown(box) == START


def test_industries_control_keeps_only_the_chosen_industry_in_the_icp():
    box = _explorer()
    box.controls["industries"].value = ("化工",)  # only C3 is in the chemicals industry: the rest are potential
    assert _shown(box) == {("potential", "untouched"): "2", ("potential", "neutral"): "2",
                           ("quality", "familiar"): "1"}
    assert "Not tiered 4" in _chips(box)


def test_relationship_rule_and_lookback_window():
    box = _explorer()
    box.controls["familiar_min_contacts"].value = 7  # six visits no longer make C3 familiar
    assert _shown(box) == {("potential", "untouched"): "1", ("target", "neutral"): "1", ("quality", "neutral"): "2",
                           ("strategic", "untouched"): "1"}
    box.controls["familiar_min_contacts"].value = 6
    assert _shown(box) == START
    box.controls["lookback_days"].value = 180  # the visits, 200 days ago, fall out of the window: C3 neutral
    assert _shown(box)[("quality", "neutral")] == "2" and ("quality", "familiar") not in _shown(box)
    assert "Tier 4 2" in _chips(box)


def test_owner_filter_shows_only_that_reps_customers():
    box = _explorer()
    box.controls["owner"].value = "R1"  # C3 and C5
    assert _shown(box) == {("quality", "familiar"): "1", ("strategic", "untouched"): "1"}
    assert sum(box.tier_counts.values()) == 2
    box.controls["owner"].value = ""
    assert _shown(box) == START


def test_sample_client_grid_matches_a_crosstab_of_the_inventory(sample_client):
    box = matrix_explorer(sample_client, lang="zh")
    box.controls["owner"].value = "R07"
    mine = box.tiered
    assert len(mine) == int(sample_client.table(c.CUSTOMERS)[c.OWNER].eq("R07").sum())
    counts = pd.crosstab(mine["level"].astype(str), mine["relationship"].astype(str))
    cells = shown.matrix_cells(box.chart.value)
    for (level, rel), lines in cells.items():
        expected = int(counts.loc[level, rel]) if level in counts.index and rel in counts.columns else 0
        assert lines[0] == f"{expected:,}", (level, rel)
    assert box.tier_counts == matrix.tier_counts(mine)


def test_no_draw_no_grid(sample_client):
    box = matrix_explorer(sample_client, lang="en", draw=False)
    assert box.chart.value == "" and box.tier_counts["none"] == len(sample_client.table(c.CUSTOMERS)) - sum(
        box.tier_counts[k] for k in "12345")


def test_no_customers_no_explorer(tmp_path):
    class NoCustomers:
        config = ClientConfig(client_name="X")

        def table(self, name):
            return None if name == c.CUSTOMERS else pd.DataFrame()

    assert matrix_explorer(NoCustomers()) is None
