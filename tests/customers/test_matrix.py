import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.lines import Line2D

from workbook.core.config import DEFAULT_TIERS, ClientConfig, IcpRules, RelationshipRules
from workbook.core.theme import TIER_COLORS, apply_theme
from workbook.customers import charts, matrix

# DOMAIN.md section 2 (seed 004), written out cell by cell
SEED_TIERS = [
    ("strategic", "untouched", None), ("strategic", "neutral", 4), ("strategic", "familiar", 2),
    ("strategic", "partner", 1),
    ("quality", "untouched", None), ("quality", "neutral", 4), ("quality", "familiar", 2), ("quality", "partner", 2),
    ("target", "untouched", None), ("target", "neutral", 5), ("target", "familiar", 3), ("target", "partner", 3),
    ("potential", "untouched", None), ("potential", "neutral", None), ("potential", "familiar", None),
    ("potential", "partner", None),
]


@pytest.mark.parametrize(("level", "relationship", "tier"), SEED_TIERS)
def test_all_16_cells_map_to_the_seed_tiers(level, relationship, tier):
    assert DEFAULT_TIERS[level][relationship] == tier
    assert ClientConfig(client_name="X").tiers[level][relationship] == tier
    one = pd.DataFrame({"level": [level], "relationship": [relationship]})
    got = matrix.assign_tiers(one, tiers=ClientConfig(client_name="X").tiers)["tier"].iloc[0]
    assert (pd.isna(got) and tier is None) or got == tier


def test_sixteen_customers_one_per_cell():
    inv = pd.DataFrame({"level": [lv for lv, _, _ in SEED_TIERS], "relationship": [r for _, r, _ in SEED_TIERS],
                        "annual_revenue": np.arange(1, 17) * 1e6})
    tiered = matrix.assign_tiers(inv, tiers=DEFAULT_TIERS)
    assert matrix.tier_counts(tiered) == {"1": 1, "2": 3, "3": 2, "4": 2, "5": 1, "none": 7}
    summary = matrix.tier_summary(tiered, lang="en").set_index("tier")
    assert summary.loc["2", "revenue"] == pytest.approx((3 + 7 + 8) * 1e6)
    assert summary.loc["none", "label"] == "Not an asset"
    assert summary["share"].sum() == pytest.approx(1.0)


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
    table = matrix.matrix_table(cells.reset_index(), lang="en")
    assert table.index.tolist() == ["Strategic", "Quality", "Target", "Potential"]
    assert table.columns.tolist() == ["Untouched", "Neutral", "Familiar", "Partner"]
    assert table.loc["Quality", "Neutral"] == 2


def test_assets_by_owner(tiered):
    out = matrix.assets_by_owner(tiered, lang="en")
    assert out.index.tolist() == ["R1", "R2", "unassigned"]
    assert out.loc["R1", ["1", "2", "3", "4", "5", "assets", "none", "customers"]].tolist() == [1, 0, 0, 2, 0, 3, 0, 3]
    assert out.loc["R2", ["2", "5", "assets", "none"]].tolist() == [1, 1, 2, 1]
    figures = matrix.key_figures(tiered)
    assert figures["matrix.tiers"] == {"1": 1, "2": 1, "3": 0, "4": 2, "5": 1, "none": 2}
    assert figures["matrix.assets_by_owner"]["R1"] == {"1": 1, "2": 0, "3": 0, "4": 2, "5": 0}
    assert set(figures["matrix.assets_by_owner"]) == {"R1", "R2", "unassigned"}
    assert matrix.key_figures(None) == {"matrix.tiers": None, "matrix.assets_by_owner": None}


def test_action_lists(tiered):
    lists = matrix.action_lists(tiered, neglect_days=90)
    assert lists["build_trust"]["customer_id"].tolist() == ["G", "B"]  # largest revenue first
    # A: 200 days silent; C: never contacted
    assert lists["neglected"]["customer_id"].tolist() == ["C", "A"]
    assert lists["spare_capacity"]["customer_id"].tolist() == ["E"]
    assert matrix.action_lists(tiered, neglect_days=365)["neglected"]["customer_id"].tolist() == ["C"]


def test_tier_migration_by_hand():
    before = pd.DataFrame({"customer_id": list("ABCD"), "tier": pd.array([4, 2, None, 3], dtype="Int64"),
                           "relationship": ["neutral", "familiar", "untouched", "familiar"]})
    after = pd.DataFrame({"customer_id": list("ABCD"), "owner": ["R1"] * 4,
                          "tier": pd.array([2, 2, 5, None], dtype="Int64"),
                          "relationship": ["familiar", "familiar", "neutral", "untouched"]})
    transition, movers = matrix.tier_migration(before, after, lang="en")
    assert transition.loc["4", "2"] == 1 and transition.loc["2", "2"] == 1
    assert transition.loc["none", "5"] == 1 and transition.loc["3", "none"] == 1
    assert int(transition.to_numpy().sum()) == 4
    assert movers[["customer_id", "tier_before", "tier_after", "steps", "direction"]].values.tolist() == [
        ["A", "4", "2", 2, "up"], ["C", "none", "5", 1, "up"], ["D", "3", "none", -3, "down"]]


def _history(start):
    customers = pd.DataFrame({"customer_id": ["A", "B"], "headcount": [900, 900], "annual_revenue": [3e8, 3e8],
                              "revenue_growth_3y": [0.1, 0.1]})
    dates = pd.date_range(start, periods=8, freq="MS").tolist() + [pd.Timestamp("2025-11-01")] * 6
    acts = pd.DataFrame({"customer_id": ["A"] * 8 + ["B"] * 6, "date": dates})
    return customers, acts


def test_earlier_inventory_from_history():
    customers, acts = _history("2024-01-01")
    before, note = matrix.earlier_inventory(customers, acts, None, icp=IcpRules(), rules=RelationshipRules(),
                                            as_of=pd.Timestamp("2025-12-31"), lang="en")
    assert note == ""
    assert before["relationship"].astype(str).tolist() == ["familiar", "untouched"]
    after = matrix.assign_tiers(matrix.classify(customers, acts, None, icp=IcpRules(), rules=RelationshipRules(),
                                                as_of=pd.Timestamp("2025-12-31")), tiers=DEFAULT_TIERS)
    _, movers = matrix.tier_migration(matrix.assign_tiers(before, tiers=DEFAULT_TIERS), after, lang="en")
    assert movers[["customer_id", "tier_before", "tier_after"]].values.tolist() == [
        ["B", "none", "2"], ["A", "2", "4"]]


def test_earlier_inventory_says_what_data_would_enable_it():
    customers, acts = _history("2024-06-01")  # history starts too late for a full window before 2024-12-31
    args = {"icp": IcpRules(), "rules": RelationshipRules(), "as_of": pd.Timestamp("2025-12-31"), "lang": "en"}
    before, note = matrix.earlier_inventory(customers, acts, None, **args)
    assert before is None
    assert note.startswith("Tier migration needs a second inventory") and "2024-12-31" in note
    assert matrix.earlier_inventory(customers, None, None, **args)[0] is None
    given = customers.assign(relationship=["familiar", "partner"])
    before, note = matrix.earlier_inventory(given, _history("2023-01-01")[1], None, **args)
    assert before is None and "given in the data" in note


def test_interpretation_is_computed(tiered):
    text = matrix.interpret(tiered, neglect_days=90, lang="en")
    # quality customers B, C, D, G: B, D and G are neutral or untouched
    assert "75% of quality customers have no trust relationship yet" in text
    assert "5 of 7 customers (71%) are customer assets" in text
    assert "2 tier 1-2 customers have had no contact for over 90 days" in text
    assert "Most customer assets: R1 (3)" in text
    zh = matrix.interpret(tiered, neglect_days=90, lang="zh")
    assert "75% 的优质客户尚未建立信任" in zh


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
    assert "2\nrevenue 800M" in texts  # quality x neutral
    assert "1\nrevenue 2B" in texts  # strategic x partner
    assert "1" in texts  # quality x familiar: revenue unknown
    assert {"Tier 1", "Tier 2", "Tier 3", "Tier 4", "Tier 5"} <= set(texts)  # one badge per tier
    colors = {mpl.colors.to_hex(line.get_color()).upper() for line in ax.lines if isinstance(line, Line2D)}
    assert colors == {TIER_COLORS[k].upper() for k in (1, 2, 3, 4, 5)}
    # tier 4 (quality and strategic x neutral) is one region: 6 outer sides, no side between its two cells
    tier4 = [line for line in ax.lines if mpl.colors.to_hex(line.get_color()).upper() == TIER_COLORS[4].upper()]
    assert len(tier4) == 6
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Tier 1", "Tier 2", "Tier 3", "Tier 4", "Tier 5", "Not an asset"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Strategic", "Quality", "Target", "Potential"]


def test_plot_assets_by_owner_and_tiers(tiered, themed):
    owners = matrix.assets_by_owner(tiered, lang="en")
    ax = charts.plot_assets_by_owner(owners, lang="en")
    assert len(ax.patches) == 5 * len(owners)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["R1", "R2", "unassigned"]
    assert [t.get_text() for t in ax.texts] == ["3", "2", "0"]
    ax = charts.plot_tiers(matrix.tier_summary(tiered, lang="en"), lang="en")
    assert [t.get_text() for t in ax.texts][0] == "1\n14%"
    assert len(ax.patches) == 6
