import re

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.lines import Line2D

from workbook.core.config import DEFAULT_TIERS, ClientConfig, IcpRules, RelationshipRules
from workbook.core.formats import render
from workbook.core.i18n import t
from workbook.core.theme import TIER_COLORS, apply_theme
from workbook.customers import charts, matrix

# DOMAIN.md section 2 (seed 004), written out cell by cell
ARTICLE_TIERS = [
    ("strategic", "untouched", None), ("strategic", "neutral", 4), ("strategic", "familiar", 2),
    ("strategic", "partner", 1),
    ("quality", "untouched", None), ("quality", "neutral", 4), ("quality", "familiar", 2), ("quality", "partner", 2),
    ("target", "untouched", None), ("target", "neutral", 5), ("target", "familiar", 3), ("target", "partner", 3),
    ("potential", "untouched", None), ("potential", "neutral", None), ("potential", "familiar", None),
    ("potential", "partner", None),
]


@pytest.mark.parametrize(("level", "relationship", "tier"), ARTICLE_TIERS)
def test_all_16_cells_map_to_the_five_tiers(level, relationship, tier):
    assert DEFAULT_TIERS[level][relationship] == tier
    assert ClientConfig(client_name="X").tiers[level][relationship] == tier
    one = pd.DataFrame({"level": [level], "relationship": [relationship]})
    got = matrix.assign_tiers(one, tiers=ClientConfig(client_name="X").tiers)["tier"].iloc[0]
    assert (pd.isna(got) and tier is None) or got == tier


def test_sixteen_customers_one_per_cell():
    inv = pd.DataFrame({"level": [lv for lv, _, _ in ARTICLE_TIERS], "relationship": [r for _, r, _ in ARTICLE_TIERS],
                        "annual_revenue": np.arange(1, 17) * 1e6})
    tiered = matrix.assign_tiers(inv, tiers=DEFAULT_TIERS)
    assert matrix.tier_counts(tiered) == {"1": 1, "2": 3, "3": 2, "4": 2, "5": 1, "none": 7}
    summary = matrix.tier_summary(tiered).set_index("tier")
    assert summary.loc["2", "annual_revenue"] == pytest.approx((3 + 7 + 8) * 1e6)
    assert summary["asset"].tolist() == [True, True, True, False, False, False]  # only tiers 1-3 are assets
    assert summary["share"].sum() == pytest.approx(1.0)
    assert "revenue" not in summary  # no won revenue column without one in the inventory


def test_custom_tier_matrix_is_data():
    tiers = {lv: dict(row) for lv, row in DEFAULT_TIERS.items()}
    tiers["potential"]["partner"] = 5
    inv = pd.DataFrame({"level": ["potential"], "relationship": ["partner"]})
    assert matrix.assign_tiers(inv, tiers=tiers)["tier"].tolist() == [5]


@pytest.fixture
def tiered():
    inv = pd.DataFrame({
        "customer_id": list("ABCDEFG"),
        "owner": ["R1", "R1", "R2", "R2", "R2", None, "R1"],
        "level": ["strategic", "quality", "quality", "quality", "target", "potential", "quality"],
        "relationship": ["partner", "neutral", "familiar", "untouched", "neutral", "familiar", "neutral"],
        "annual_revenue": [2e9, 3e8, None, 4e8, 1e8, 1e7, 5e8],
        "days_since_contact": [200.0, 5.0, np.nan, np.nan, 30.0, 1.0, 400.0],
    })
    return matrix.assign_tiers(inv, tiers=DEFAULT_TIERS)


def test_tiers_and_cells(tiered):
    assert tiered["tier"].tolist() == [1, 4, 2, pd.NA, 5, pd.NA, 4]
    cells = matrix.matrix_cells(tiered, tiers=DEFAULT_TIERS).set_index(["level", "relationship"])
    assert len(cells) == 16
    assert cells.loc[("quality", "neutral"), "customers"] == 2
    assert cells.loc[("quality", "neutral"), "revenue"] == pytest.approx(8e8)
    assert np.isnan(cells.loc[("quality", "familiar"), "revenue"])  # its one customer has no revenue
    assert cells.loc[("quality", "familiar"), "revenue_known"] == 0
    table = matrix.matrix_table(cells.reset_index()).set_index("level")
    assert table.index.tolist() == ["strategic", "quality", "target", "potential"]
    assert table.columns.tolist() == ["untouched", "neutral", "familiar", "partner"]
    assert table.loc["quality", "neutral"] == 2


def test_assets_by_owner(tiered):
    out = matrix.assets_by_owner(tiered)
    assert out.index.tolist() == ["R1", "R2", "unassigned"]
    # customer assets are tiers 1-3 only: R1's two tier 4 customers are not assets
    assert out.loc["R1", ["1", "2", "3", "4", "5", "assets", "none", "customers"]].tolist() == [1, 0, 0, 2, 0, 1, 0, 3]
    assert out.loc["R2", ["2", "5", "assets", "none", "customers"]].tolist() == [1, 1, 1, 1, 3]
    figures = matrix.key_figures(tiered)
    assert figures["matrix.tiers"] == {"1": 1, "2": 1, "3": 0, "4": 2, "5": 1, "none": 2}
    assert figures["matrix.assets_by_owner"]["R1"] == {"1": 1, "2": 0, "3": 0, "4": 2, "5": 0}
    assert set(figures["matrix.assets_by_owner"]) == {"R1", "R2", "unassigned"}
    assert figures["matrix.assets"] == 2  # A (tier 1) and C (tier 2)
    assert figures["matrix.assets_share"] == pytest.approx(2 / 7)
    assert matrix.key_figures(None) == dict.fromkeys(
        ["matrix.tiers", "matrix.assets_by_owner", "matrix.assets", "matrix.assets_share"])


def test_action_lists(tiered):
    lists = matrix.action_lists(tiered, neglect_days=90)
    assert lists["build_trust"]["customer_id"].tolist() == ["G", "B"]  # largest revenue first
    # tiers 1-3 without contact: A 200 days silent; C never contacted
    assert lists["neglected"]["customer_id"].tolist() == ["C", "A"]
    assert lists["spare_capacity"]["customer_id"].tolist() == ["E"]
    assert matrix.action_lists(tiered, neglect_days=365)["neglected"]["customer_id"].tolist() == ["C"]


def test_tier_migration_by_hand():
    before = pd.DataFrame({"customer_id": list("ABCD"), "tier": pd.array([4, 2, None, 3], dtype="Int64"),
                           "relationship": ["neutral", "familiar", "untouched", "familiar"]})
    after = pd.DataFrame({"customer_id": list("ABCD"), "owner": ["R1"] * 4,
                          "tier": pd.array([2, 2, 5, None], dtype="Int64"),
                          "relationship": ["familiar", "familiar", "neutral", "untouched"]})
    transition, movers = matrix.tier_migration(before, after)
    assert transition.loc["4", "2"] == 1 and transition.loc["2", "2"] == 1
    assert transition.loc["none", "5"] == 1 and transition.loc["3", "none"] == 1
    assert int(transition.to_numpy().sum()) == 4
    assert movers[["customer_id", "tier_before", "tier_after", "steps", "direction"]].values.tolist() == [
        ["D", "3", "none", -3, "down"], ["A", "4", "2", 2, "up"], ["C", "none", "5", 1, "up"]]


def _history(start):
    customers = pd.DataFrame({"customer_id": ["A", "B"], "headcount": [900, 900], "annual_revenue": [3e8, 3e8],
                              "revenue_growth_3y": [0.1, 0.1]})
    dates = pd.date_range(start, periods=8, freq="MS").tolist() + [pd.Timestamp("2025-11-01")] * 6
    acts = pd.DataFrame({"customer_id": ["A"] * 8 + ["B"] * 6, "date": dates})
    return customers, acts


def test_earlier_inventory_from_history():
    customers, acts = _history("2024-01-01")
    before, note = matrix.earlier_inventory(customers, acts, None, icp=IcpRules(), rules=RelationshipRules(),
                                            as_of=pd.Timestamp("2025-12-31"))
    assert note == ()
    assert before["relationship"].astype(str).tolist() == ["familiar", "untouched"]
    after = matrix.assign_tiers(matrix.classify(customers, acts, None, icp=IcpRules(), rules=RelationshipRules(),
                                                as_of=pd.Timestamp("2025-12-31")), tiers=DEFAULT_TIERS)
    _, movers = matrix.tier_migration(matrix.assign_tiers(before, tiers=DEFAULT_TIERS), after)
    assert movers[["customer_id", "tier_before", "tier_after"]].values.tolist() == [
        ["A", "2", "4"], ["B", "none", "2"]]


def test_earlier_inventory_says_what_data_would_enable_it():
    customers, acts = _history("2024-06-01")  # history starts too late for a full window before 2024-12-31
    args = {"icp": IcpRules(), "rules": RelationshipRules(), "as_of": pd.Timestamp("2025-12-31")}
    before, needs = matrix.earlier_inventory(customers, acts, None, **args)
    assert before is None
    assert needs == ("activities_history", "customers_earlier")
    assert matrix.earlier_inventory(customers, None, None, **args) == (None, ("activities.date",))
    given = customers.assign(relationship=["familiar", "partner"])
    before, needs = matrix.earlier_inventory(given, _history("2023-01-01")[1], None, **args)
    assert before is None and needs == ("customers_earlier",)
    for need in ("activities_history", "customers_earlier"):  # each need has a sentence in both languages
        assert t(f"table.{need}", "zh") and t(f"table.{need}", "en")


# ---- charts --------------------------------------------------------------------------------------------

@pytest.fixture
def themed():
    with mpl.rc_context():
        apply_theme(lang="en")
        yield


def test_plot_matrix_counts_revenue_and_tier_borders(tiered, themed):
    cells = matrix.matrix_cells(tiered, tiers=DEFAULT_TIERS)
    ax = charts.plot_matrix(cells, lang="en")
    texts = [text.get_text() for text in ax.texts]
    assert "2\ncustomer revenue 800M" in texts  # quality x neutral: the customers' own annual revenue
    assert "1\ncustomer revenue 2B" in texts  # strategic x partner
    assert "1" in texts  # quality x familiar: revenue unknown
    assert {"Tier 1", "Tier 2", "Tier 3", "Tier 4", "Tier 5"} <= set(texts)  # one badge per tier
    colors = {mpl.colors.to_hex(line.get_color()).upper() for line in ax.lines if isinstance(line, Line2D)}
    assert colors == {TIER_COLORS[k].upper() for k in (1, 2, 3, 4, 5)}
    # tier 4 (quality and strategic x neutral) is one region: 6 outer sides, no side between its two cells
    tier4 = [line for line in ax.lines if mpl.colors.to_hex(line.get_color()).upper() == TIER_COLORS[4].upper()]
    assert len(tier4) == 6
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Tier 1", "Tier 2", "Tier 3", "Tier 4", "Tier 5", "Not tiered"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Strategic", "Quality", "Target", "Potential"]


def test_plot_assets_by_owner_and_tiers(tiered, themed):
    owners = matrix.assets_by_owner(tiered)
    ax = charts.plot_assets_by_owner(owners, lang="en")
    assert len(ax.patches) == 3 * len(owners)  # tiers 1-3 stacked: the customer assets
    assert [t.get_text() for t in ax.get_yticklabels()] == ["R1", "R2", "unassigned"]
    assert [t.get_text() for t in ax.texts] == ["1", "1", "0"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Tier 1", "Tier 2", "Tier 3"]
    zh = charts.plot_assets_by_owner(owners.reset_index(), lang="zh")
    assert zh.get_yticklabels()[-1].get_text() == "未分配"
    ax = charts.plot_tiers(matrix.tier_summary(tiered), lang="en")
    assert [t.get_text() for t in ax.texts][0] == "1\n14.3%"  # 1 of 7 customers
    assert len(ax.patches) == 6


def test_the_assets_share_reads_the_same_in_the_matrix_and_the_tiers_sections():
    # 411 assets of 2,000 customers: 20.55%, a half; summed per tier (40 + 100 + 271) the float falls on the
    # other side of it, and the two sections read 20.5% and 20.6% for one figure
    tiers = [1] * 40 + [2] * 100 + [3] * 271 + [4] * 589 + [5] * 1000
    cell = {1: ("strategic", "partner"), 2: ("quality", "familiar"), 3: ("target", "partner"),
            4: ("quality", "neutral"), 5: ("target", "neutral")}
    inv = pd.DataFrame({"customer_id": [f"C{i:04d}" for i in range(2000)], "owner": "R1",
                        "level": [cell[t][0] for t in tiers], "relationship": [cell[t][1] for t in tiers]})
    tiered = matrix.assign_tiers(inv, tiers=DEFAULT_TIERS)
    assert tiered["tier"].astype(int).tolist() == tiers
    day = pd.Timestamp("2024-12-31")
    outcomes = matrix.tier_outcomes(tiered, None, since=day)
    shares = []
    for section in (matrix._matrix(tiered, DEFAULT_TIERS, day),
                    matrix._tiers(tiered, outcomes, None, date=day, start=pd.Timestamp("2025-01-01"), as_of=day)):
        sentence = render(section.finding, "zh")
        assert "411" in sentence, sentence
        shares.append(re.search(r"(\d+\.\d)%", sentence).group(1))
    assert shares == [f"{411 / 2000 * 100:.1f}"] * 2
