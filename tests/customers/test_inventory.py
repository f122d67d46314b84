import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from workbook.core.config import IcpRules, LevelRule, RelationshipRules
from workbook.core.theme import apply_theme
from workbook.customers import charts
from workbook.customers import inventory as inv

AS_OF = pd.Timestamp("2025-12-31")


@pytest.fixture
def customers():
    """Nine customers worked by hand against the default ICP rules."""
    return pd.DataFrame({
        "customer_id": [f"C{i}" for i in range(1, 10)],
        "owner": ["R1", "R1", "R2", "R2", None, "R1", "R2", "R2", "R1"],
        "headcount": pd.array([900, 1000, 300, None, 100, 10, 600, None, 300], dtype="Int64"),
        "annual_revenue": [3e8, 2e9, 6e7, 1e8, 1e7, 1e6, 3e8, None, 2e9],
        "revenue_growth_3y": [0.1, 0.1, 0.0, 0.1, 0.1, 0.0, None, None, -0.1],
        "brand_standing": ["leading", "leading", "known", "known", "average", "average", "known", None, "leading"],
        "level": [None, None, None, None, None, "quality", None, None, None],
    })


EXPECTED_LEVELS = [
    ("quality", "rules", "Quality customer rule met; Strategic customer rule not met: Annual revenue < 1B"),
    ("strategic", "rules", "inside the target profile and meets the strategic rule"),
    ("target", "rules", "Target customer rule met; Quality customer rule not met: Headcount < 500, Annual revenue "
                        "< 200M, Revenue growth (3 years) < 5%; Strategic customer rule not met: Annual revenue < 1B, "
                        "Brand standing not in Leading"),
    # C4: no headcount, so the target rule cannot be told: incomplete, not potential
    ("incomplete", "rules", "incomplete record: Headcount missing, the level cannot be told"),
    ("potential", "rules", "Target customer rule not met: Headcount < 200, Annual revenue < 50M"),
    ("quality", "data", "marked in your records"),
    # C7: inside the ICP, too small for strategic, quality size but no growth figure: quality or target?
    ("incomplete", "rules", "Target customer rule met; incomplete record: Revenue growth (3 years) missing, the "
                            "level cannot be told"),
    ("incomplete", "rules", "incomplete record: Headcount, Annual revenue missing, the level cannot be told"),
    # C9: revenue 2B and a leading brand but shrinking and 300 staff: strategic needs brand and size, not growth
    ("strategic", "rules", "inside the target profile and meets the strategic rule"),
]


def _reasons(out, lang, icp=None):
    labels = inv.level_reason_labels(out["level_reason"], icp=icp or IcpRules())
    return [labels[code][lang == "en"] for code in out["level_reason"]]


def test_levels_and_reasons_by_hand(customers):
    out = inv.assign_levels(customers, icp=IcpRules())
    got = list(zip(out["level"].astype(str), out["level_source"], _reasons(out, "en")))
    assert got == EXPECTED_LEVELS
    assert out["level_reason"].iloc[5] == "given"  # reasons are codes, labelled at display time
    assert list(out["level"].cat.categories) == ["incomplete", "potential", "target", "quality", "strategic"]
    assert out["level"].cat.ordered


def test_missing_field_that_cannot_change_the_level_is_not_incomplete():
    # revenue 10M fails the target rule whatever the headcount: potential; growth cannot lift a 100-staff firm
    df = pd.DataFrame({"customer_id": ["A", "B"], "headcount": [None, 300], "annual_revenue": [1e7, 6e7],
                       "revenue_growth_3y": [None, None], "brand_standing": ["known", "known"]})
    out = inv.assign_levels(df, icp=IcpRules())
    assert out["level"].astype(str).tolist() == ["potential", "target"]  # B: 300 staff < 500, 60M < 1B
    assert _reasons(out, "en")[0] == "Target customer rule not met: Headcount missing, Annual revenue < 50M"


def test_cumulative_levels_when_strategic_needs_quality(customers):
    icp = IcpRules(strategic_needs_quality=True)
    out = inv.assign_levels(customers, icp=icp)
    assert out["level"].astype(str).tolist() == [
        "quality", "strategic", "target", "incomplete", "potential", "quality", "incomplete", "incomplete", "target"]
    reasons = _reasons(out, "en", icp)
    assert reasons[1] == "meets every rule up to strategic"
    assert reasons[8] == ("Target customer rule met; Quality customer rule not met: Headcount < 500, Revenue growth "
                          "(3 years) < 5%")


def test_levels_in_chinese(customers):
    zh = _reasons(inv.assign_levels(customers, icp=IcpRules()), "zh")
    assert zh[3] == "资料不全：缺少人员规模，无法判断客户级别"
    assert zh[5] == "客户档案中已标注"
    assert zh[0] == "已达优质客户标准；未满足战略客户规则：营收规模 < 10亿"
    assert zh[6] == "已达目标客户标准；资料不全：缺少近三年收入增长，无法判断客户级别"


def test_levels_do_not_mutate_input(customers):
    before = customers.copy()
    inv.assign_levels(customers, icp=IcpRules())
    assert_frame_equal(customers, before)


def test_industry_and_it_share_rules():
    icp = IcpRules(target=LevelRule(industries=("化工", "新能源"), min_it_share=0.05),
                   quality=LevelRule(min_headcount=100), strategic=LevelRule(brand_standing=("行业领先",)))
    df = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "industry": ["化工", "纺织", None, "新能源"],
                       "headcount": [200, 200, 200, 50], "it_headcount": [20, 20, 20, 1],
                       "brand_standing": ["average"] * 4})
    out = inv.assign_levels(df, icp=icp)
    assert out["level"].astype(str).tolist() == ["quality", "potential", "incomplete", "potential"]
    labels = inv.level_reason_labels(out["level_reason"], icp=icp)
    assert [labels[code][1] for code in out["level_reason"]] == [
        "Quality customer rule met; Strategic customer rule not met: Brand standing not in Leading",
        "Target customer rule not met: Industry not in 化工, 新能源",
        "incomplete record: Industry missing, the level cannot be told",
        "Target customer rule not met: IT share < 5%",
    ]
    assert inv.rule_fields(icp) == ("industry", "headcount", "it_headcount", "brand_standing")


def test_thin_records(customers):
    thin = inv.thin_records(customers, icp=IcpRules())
    assert thin["customer_id"].tolist() == ["C8", "C4", "C7"]
    assert thin["n_missing"].tolist() == [4, 1, 1]
    assert thin["missing_headcount"].tolist() == [True, True, False]
    assert thin["missing_revenue_growth_3y"].tolist() == [True, False, True]
    assert thin["missing_brand_standing"].tolist() == [True, False, False]


def test_completeness_arithmetic():
    df = pd.DataFrame({"customer_id": ["A", "B"], "industry": ["化工", "纺织"], "headcount": [10, None]})
    # 9 profile fields x 2 customers = 18 cells; industry 2 + headcount 1 filled
    assert inv.completeness(df) == pytest.approx(3 / 18)
    rates = inv.fill_rates(df).set_index("field")
    assert rates.loc["industry", "fill_rate"] == 1.0
    assert rates.loc["headcount", "fill_rate"] == 0.5
    assert rates.loc["goal_3y", "fill_rate"] == 0.0
    assert np.isnan(inv.completeness(df.iloc[:0]))


def test_completeness_by_owner():
    df = pd.DataFrame({"owner": ["R1", "R1", None], "industry": ["化工", None, "纺织"], "region": ["华东"] * 3})
    out = inv.completeness_by_owner(df, fields=["industry", "region"]).set_index("owner")
    assert out.index.tolist() == ["R1", "unassigned"]
    assert out.loc["R1", "completeness"] == pytest.approx(0.75)
    assert out.loc["R1", "customers"] == 2
    assert out.loc["R1", "industry"] == pytest.approx(0.5)


def test_profile_counts_bands_and_missing():
    df = pd.DataFrame({"headcount": [30, 250, 260, None], "annual_revenue": [5e6, 1e9, 2e8, 2e8],
                       "brand_standing": ["known", "known", "leading", None]})
    out = inv.profile_counts(df, dimensions=["headcount", "annual_revenue", "brand_standing"])
    rev = out[out["dimension"] == "annual_revenue"]
    assert rev["value"].tolist() == ["<10M", "200M-1B", "≥1B"]
    assert [charts.profile_label("annual_revenue", v, "zh") for v in rev["value"]] == ["<1千万", "2亿-10亿", "≥10亿"]
    assert rev["customers"].tolist() == [1, 2, 1]
    brand = out[out["dimension"] == "brand_standing"]
    assert [charts.profile_label("brand_standing", v, "zh") for v in brand["value"]] == ["知名", "行业领先", "未填写"]
    assert brand["share"].tolist() == [0.5, 0.25, 0.25]


ACTS = pd.DataFrame({
    "customer_id": ["A"] * 6 + ["B", "C", "D", "F"],
    "date": pd.to_datetime(["2025-06-01"] * 6 + ["2025-10-01", "2025-03-01", "2023-06-01", "2026-02-01"]),
})
OPPS = pd.DataFrame({
    "customer_id": ["B", "B", "C", "C", "H", "E"],
    "status": ["won", "won", "won", "won", "won", "lost"],
    "close_date": pd.to_datetime(["2025-01-01", "2025-05-01", "2024-01-01", None, "2026-03-01", "2025-01-01"]),
})
REL_CUSTOMERS = pd.DataFrame({"customer_id": list("ABCDEFGH"),
                              "relationship": [None] * 6 + ["partner", None]})


def test_relationships_by_hand():
    out = inv.assign_relationships(REL_CUSTOMERS, ACTS, OPPS, rules=RelationshipRules(), as_of=AS_OF)
    assert out["relationship"].astype(str).tolist() == [
        "familiar",  # A: 6 contacts in the window (untyped: each counts 1)
        "partner",  # B: 2 won deals in the window, last (full-weight) contact 91 days ago
        "neutral",  # C: wins on 2024-01-01 (outside the window) and undated do not count; 1 contact
        "neutral",  # D: one contact, before the window
        "untouched",  # E: a lost deal only
        "untouched",  # F: a contact after the as-of date only
        "partner",  # G: given in data
        "untouched",  # H: its won deal closes after the as-of date
    ]
    assert out["contacts_in_window"].tolist() == [6, 1, 1, 0, 0, 0, 0, 0]
    assert out["won_deals"].tolist() == [0, 2, 0, 0, 0, 0, 0, 0]
    assert out["won_ever"].tolist() == [0, 2, 1, 0, 0, 0, 0, 0]
    assert out["days_since_contact"].iloc[1] == 91
    assert out["relationship_reason"].tolist() == [
        "familiar_contacts:6", "partner:2:91", "neutral:1:0", "neutral:0:0", "untouched", "untouched", "given",
        "untouched"]
    labels = inv.relationship_reason_labels(out["relationship_reason"], rules=RelationshipRules())
    assert [labels[code][1] for code in out["relationship_reason"]][:4] == [
        "weighted contacts in the last 365 days: 6 (>= 6)",
        "2 won deals in the last 365 days (>= 2), last visit or technical exchange 91 days ago (<= 180)",
        "weighted contacts in the last 365 days: 1 (< 6), 0 won deal(s)",
        "weighted contacts in the last 365 days: 0 (< 6), 0 won deal(s)",
    ]
    assert labels["given"] == ("客户档案中已标注", "marked in your records")
    assert labels["neutral:0:0"][0] == "近 365 天接触折算 0 次（<6），赢单 0 个"
    assert out["relationship_source"].tolist() == ["rules"] * 6 + ["data", "rules"]


def test_relationship_weighs_contact_depth_and_recency():
    """Visits and technical exchanges 1, phone 0.5, e-mail 0.2 (the defaults); partner needs a recent visit."""
    def rows(customer, kind, n, date="2025-10-01"):
        return pd.DataFrame({"customer_id": [customer] * n, "type": [kind] * n, "date": pd.to_datetime([date] * n)})

    acts = pd.concat([rows("P", "phone", 11),  # 5.5 < 6: neutral
                      rows("V", "visit", 3), rows("V", "phone", 6),  # 3 + 3 = 6: familiar
                      rows("T", "technical_exchange", 6),  # 6: familiar
                      rows("E", "email", 29),  # 5.8: neutral
                      rows("Z", "phone", 1, "2025-12-21"), rows("Z", "visit", 1, "2025-06-01")], ignore_index=True)
    # Z: two wins in the window, but the last visit is 213 days old (a phone call 10 days ago is not enough)
    opps = pd.DataFrame({"customer_id": ["Z", "Z"], "status": ["won", "won"],
                         "close_date": pd.to_datetime(["2025-03-01", "2025-09-01"])})
    customers = pd.DataFrame({"customer_id": list("PVTEZ")})
    out = inv.assign_relationships(customers, acts, opps, rules=RelationshipRules(), as_of=AS_OF)
    assert out["relationship"].astype(str).tolist() == ["neutral", "familiar", "familiar", "neutral", "familiar"]
    assert out["contact_score"].tolist() == pytest.approx([5.5, 6.0, 6.0, 5.8, 1.5])
    assert out["days_since_contact"].iloc[4] == 10 and out["days_since_full_contact"].iloc[4] == 213
    assert out["relationship_reason"].tolist()[:2] == ["neutral:5.5:0", "familiar_contacts:6"]
    assert out["relationship_reason"].iloc[4] == "familiar_won:2"
    recent = RelationshipRules(partner_recent_days=240)
    assert inv.assign_relationships(customers, acts, opps, rules=recent, as_of=AS_OF)["relationship"].iloc[4] == (
        "partner")
    every_contact_counts = RelationshipRules(contact_weights={k: 1.0 for k in ("phone", "email", "visit")})
    assert inv.assign_relationships(customers, acts, opps, rules=every_contact_counts,
                                    as_of=AS_OF)["relationship"].astype(str).tolist()[:4] == ["familiar"] * 4


def test_relationship_thresholds_are_data():
    rules = RelationshipRules(familiar_min_contacts=7, partner_recent_days=60)
    out = inv.assign_relationships(REL_CUSTOMERS, ACTS, OPPS, rules=rules, as_of=AS_OF)
    assert out["relationship"].astype(str).tolist()[:2] == ["neutral", "familiar"]


def test_no_activities_relationship_given():
    customers = pd.DataFrame({"customer_id": ["A", "B"], "headcount": [300, 300], "annual_revenue": [1e8, 1e8],
                              "relationship": ["familiar", None]})
    out = inv.classify(customers, None, None, icp=IcpRules(), rules=RelationshipRules(), as_of=AS_OF)
    assert out["relationship"].astype(str).tolist() == ["familiar", "untouched"]
    assert out["relationship_reason"].tolist() == ["given", "no_history"]
    labels = inv.reason_labels(out, icp=IcpRules(), rules=RelationshipRules())["relationship_reason"]
    assert labels["no_history"][1] == "no contact history supplied (activities table missing)"
    assert out["level"].astype(str).tolist() == ["target", "target"]


def test_classify_without_level_column_derives_it():
    customers = pd.DataFrame({"customer_id": ["A"], "headcount": [900], "annual_revenue": [3e8],
                              "revenue_growth_3y": [0.2]})
    out = inv.classify(customers, ACTS.iloc[:0], None, icp=IcpRules(), rules=RelationshipRules(), as_of=AS_OF)
    assert out["level"].astype(str).tolist() == ["quality"]
    assert out["level_source"].tolist() == ["rules"]
    assert set(inv.DERIVED_COLUMNS) <= set(out.columns)


def test_ladder_key_figures_and_reasons(customers):
    out = inv.classify(customers, None, None, icp=IcpRules(), rules=RelationshipRules(), as_of=AS_OF)
    figures = inv.key_figures(out)
    assert figures["inventory.customers"] == 9
    assert figures["inventory.by_level"] == {"potential": 1, "target": 1, "quality": 2, "strategic": 2}
    assert figures["inventory.incomplete"] == 3  # C4, C7, C8: counted on their own, not as potential
    assert figures["inventory.by_relationship"] == {"untouched": 9, "neutral": 0, "familiar": 0, "partner": 0}
    filled = customers[["headcount", "annual_revenue", "revenue_growth_3y", "brand_standing"]].notna().sum().sum()
    assert figures["inventory.completeness"] == pytest.approx(filled / (9 * 9), abs=1e-6)
    assert inv.key_figures(None)["inventory.by_level"] is None and inv.key_figures(None)["inventory.incomplete"] is None
    assert inv.ladder(out, kind="level")["rung"].tolist() == ["incomplete", "potential", "target", "quality",
                                                               "strategic"]
    reasons = inv.reason_counts(out, kind="level")
    assert reasons["customers"].sum() == 9
    assert reasons["share"].sum() == pytest.approx(1.0)


def test_classify_client_ignores_lang(sample_client):
    plain = inv.classify_client(sample_client)
    assert plain.equals(inv.classify_client(sample_client, lang="en"))


def test_ladder_rejects_unknown_kind(customers):
    with pytest.raises(ValueError, match="kind must be one of level, relationship"):
        inv.ladder(customers, kind="tier")


# ---- charts --------------------------------------------------------------------------------------------

@pytest.fixture
def themed():
    with mpl.rc_context():
        apply_theme(lang="zh")
        yield


def test_plot_ladder_labels(customers, themed):
    out = inv.classify(customers, None, None, icp=IcpRules(), rules=RelationshipRules(), as_of=AS_OF)
    ax = charts.plot_ladder(inv.ladder(out, kind="level"), kind="level", lang="en")
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Incomplete record", "Potential", "Target",
                                                                  "Quality", "Strategic"]
    assert [text.get_text() for text in ax.texts] == ["3  (33.3%)", "1  (11.1%)", "1  (11.1%)", "2  (22.2%)",
                                                    "2  (22.2%)"]  # 3, 1, 1, 2, 2 of 9, to one decimal
    # the title states the finding: quality 2 + strategic 2 = 4 of 9 customers = 44.4%; potential 1 of 9 = 11.1%
    assert ax.get_title() == "44.4% of customers are quality or strategic; 11.1% are still potential"
    assert len(ax.patches) == 5


def test_plot_profile_and_completeness(themed):
    df = pd.DataFrame({"industry": ["化工", "化工", None], "headcount": [10, 600, 700]})
    profile = inv.profile_counts(df, dimensions=["industry", "headcount"])
    ax = charts.plot_profile(profile, dimension="industry", lang="zh")
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["化工", "未填写"]
    assert [text.get_text() for text in ax.texts] == ["2 (66.7%)", "1 (33.3%)"]  # 2 and 1 of 3
    axes = charts.plot_profile_grid(profile, lang="zh")
    assert sum(a.get_visible() for a in axes.flat) == 2
    ax = charts.plot_completeness(inv.fill_rates(df, fields=["industry", "headcount"]), lang="en")
    assert [text.get_text() for text in ax.texts] == ["66.7%", "100.0%"]  # industry 2 of 3 filled
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Industry", "Headcount"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["all filled"]  # the reference line
    with pytest.raises(ValueError, match="dimension 'region' not in the profile"):
        charts.plot_profile(profile, dimension="region")


def test_profile_chart_names_client_categories_in_the_report_language(themed):
    profile = pd.DataFrame({"dimension": ["industry", "industry"], "value": ["汽车零部件", "化工"],
                            "customers": [3, 1], "share": [0.75, 0.25]})
    labels = {"industry": {"汽车零部件": ("汽车零部件", "Auto parts")}}  # 化工 has no label: shown as it is
    ax = charts.plot_profile(profile, dimension="industry", lang="en", labels=labels)
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Auto parts", "化工"]
    ax = charts.plot_profile(profile, dimension="industry", lang="zh", labels=labels)
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["汽车零部件", "化工"]
