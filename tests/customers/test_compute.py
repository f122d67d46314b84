"""The two customer chapters' results: hand-worked numbers on a tiny client, missing data, one language each."""
from __future__ import annotations

import re

import matplotlib as mpl
import pandas as pd
import pytest

from tests.helpers import make_client
from workbook.core.display import section_html
from workbook.core.formats import render
from workbook.core.theme import apply_theme
from workbook.customers import inventory, matrix
from workbook.intake import open_client
from workbook.intake.validate import run_intake

YAML = "client_name: Tiny\nperiod:\n  start: 2025-01-01\n  end: 2025-12-31\n"
# against the default ICP rules: C1 quality, C2 strategic, C3 target, C4 incomplete (no headcount), C5 potential
CUSTOMERS = (
    "customer_id,name,industry,owner,headcount,annual_revenue,revenue_growth_3y,brand_standing\n"
    "C1,Alpha,化工,R1,900,300000000,0.1,known\n"
    "C2,Beta,化工,R1,1000,2000000000,0.1,leading\n"
    "C3,Gamma,化工,R1,300,60000000,0.0,known\n"
    "C4,Delta,纺织,R2,,100000000,0.1,known\n"
    "C5,Epsilon,,,100,10000000,0.1,average\n"
)
# C1: six contacts up to June (familiar, silent 213 days); C2: one contact (neutral); C3: six contacts to
# December (familiar); C4: none (untouched); C5: one contact (neutral)
ACTIVITIES = "date,owner,customer_id\n" + "".join(
    f"2025-{m:02d}-01,R1,C1\n" for m in range(1, 7)) + "2025-12-01,R1,C2\n" + "".join(
    f"2025-{m:02d}-01,R1,C3\n" for m in range(7, 13)) + "2025-11-01,R9,C5\n"
OPPORTUNITIES = (
    "opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
    "O1,2025-01-10,bid,C1,won,500000,2025-03-01\n"
    "O2,2025-02-01,bid,C3,won,200000,2025-09-01\n"
    "O3,2025-03-01,solution,C2,open,1000000,\n"
    "O4,2025-03-01,solution,C4,lost,50000,2025-06-01\n"
)


def _client(root, **files):
    make_client(root, {f"{name}.csv": text for name, text in files.items()}, yaml=YAML)
    run_intake(root)
    return open_client(root)


@pytest.fixture
def full(tmp_path):
    return _client(tmp_path / "full", customers=CUSTOMERS, activities=ACTIVITIES, opportunities=OPPORTUNITIES)


@pytest.fixture
def customers_only(tmp_path):
    return _client(tmp_path / "only", customers=CUSTOMERS)


def _fields(text) -> dict:
    return {k: getattr(v, "value", v) for k, v in text.fields.items()}


def test_inventory_by_hand(full):
    result = inventory.compute(full)
    assert [s.key for s in result.sections] == list(inventory.SECTIONS)
    assert not any(s.needs for s in result.sections)
    assert result.figures["inventory.customers"] == 5
    assert result.figures["inventory.by_level"] == {"potential": 1, "target": 1, "quality": 1, "strategic": 1}
    assert result.figures["inventory.incomplete"] == 1  # C4: no headcount, so its level cannot be told
    assert result.figures["inventory.by_relationship"] == {"untouched": 1, "neutral": 2, "familiar": 2, "partner": 0}
    # 5 customers x 9 profile fields; filled: industry 4, headcount 4, revenue 5, growth 5, brand 5
    assert result.figures["inventory.completeness"] == pytest.approx(23 / 45, abs=1e-6)
    profile = _fields(result.section("profile").finding)
    assert profile["industry"] == "化工" and profile["share"] == pytest.approx(0.6)
    assert profile["n"] == 5  # nobody has a main business, region, IT headcount or goal
    completeness = _fields(result.section("completeness").finding)
    assert completeness["field"] == "main_business" and completeness["rate"] == 0
    assert completeness["owner"] == "R2" and completeness["owner_rate"] == pytest.approx(4 / 9)  # worst real rep
    thin = result.section("thin").tables[0].frame
    assert thin["customer_id"].tolist() == ["C4"] and thin.columns.tolist()[-1] == "missing_headcount"
    assert thin["relationship"].tolist() == ["untouched"]
    assert _fields(result.section("thin").finding) == {"n": 1, "share": 0.2, "field": "headcount", "field_n": 1,
                                                        "trusted": 0}
    level = _fields(result.section("level").finding)
    assert (level["premium"], level["share"], level["potential_share"], level["incomplete"], level["given"]) == (
        2, 0.4, 0.2, 1, 0)
    relationship = result.section("relationship")
    assert _fields(relationship.finding) == {"n": 1, "share": 0.5, "untouched_share": 0.2}
    # reasons summed up by rule (C1, C3: six contacts; C2, C5: contacted, below the familiar rule; C4 untouched)
    assert relationship.tables[0].frame[["relationship", "reason", "customers"]].values.tolist() == [
        ["neutral", "neutral", 2], ["familiar", "familiar_contacts", 2], ["untouched", "untouched", 1]]
    note = render(relationship.note, "zh", labels=result.labels)
    assert note.startswith("接触按深度折算：拜访 1.0 次、技术交流 1.0 次")
    assert relationship.tables[1].frame["customer_id"].tolist() == ["C2"]  # strategic, only neutral
    explain = result.section("explain").tables[0].frame
    assert explain["customer_id"].tolist() == ["C2", "C1", "C4", "C3", "C5"]  # largest annual revenue first
    assert _fields(result.section("explain").finding) == {"rows": 5, "n": 3}
    # C2 (strategic, neutral) is the quality matrix's tier 4: that chapter values building trust with it, so the
    # inventory's action carries no value of its own (each customer valued once) and its basis points there;
    # completing records is not sized.
    assert [(a.sheet, a.value, a.pool) for a in result.actions] == [
        ("inventory_no_trust", 0.0, "customers"), ("inventory_thin", 0.0, "data"),
        ("inventory_completeness", 0.0, "data")]
    assert render(result.actions[0].basis, "en", labels=result.labels) == (
        "valued in the quality matrix chapter's action to build trust with tier 4 (the 1 neutral customers), not "
        "counted again here")


def test_matrix_by_hand(full):
    result = matrix.compute(full)
    assert [s.key for s in result.sections] == list(matrix.SECTIONS)
    # C1 quality x familiar: tier 2; C2 strategic x neutral: tier 4; C3 target x familiar: tier 3
    assert result.figures["matrix.tiers"] == {"1": 0, "2": 1, "3": 1, "4": 1, "5": 0, "none": 2}
    assert result.figures["matrix.assets"] == 2
    assert result.figures["matrix.assets_share"] == pytest.approx(0.4)
    assert result.figures["matrix.assets_by_owner"]["R1"] == {"1": 0, "2": 1, "3": 1, "4": 1, "5": 0}
    tiers = result.section("tiers").tables[0].frame.set_index("tier")
    assert tiers["customers"].tolist() == [0, 1, 1, 1, 0, 2] and "revenue" not in tiers  # today's tiers
    # the contact history starts with the period (2025): on its eve nobody had been contacted, so every deal
    # since belongs to customers outside the matrix then
    outcomes = result.section("tiers").tables[1].frame.set_index("tier")
    assert outcomes.loc["none", ["customers", "deals", "won", "lost", "revenue"]].tolist() == [5, 4, 2, 1, 700_000]
    assert outcomes.loc["2", "deals"] == 0
    assert result.section("tiers").note.key == "cu.note.tiers"
    assert _fields(result.section("tiers").note)["date"] == pd.Timestamp("2024-12-31")
    assert _fields(result.section("matrix").note) == {"n": 1}  # C4 outside the matrix, incomplete
    owners = _fields(result.section("owners").finding)
    assert (owners["best"], owners["best_n"], owners["worst"], owners["worst_n"], owners["reps"]) == (
        "R1", 2, "R2", 0, 2)
    assert result.section("build_trust").tables[0].frame["customer_id"].tolist() == ["C2"]
    neglected = result.section("neglected")
    assert neglected.tables[0].frame["customer_id"].tolist() == ["C1"]  # 213 days without contact
    # C1 won 500,000 before: past revenue, never an action's value; on the tier date (2024-12-31) nobody had
    # been contacted, so no customer asset then to measure what renewed contact is worth: not sized
    assert _fields(neglected.finding)["value"] == 0
    assert result.section("spare").tables[0].frame.empty
    # the contact history starts in 2025: too short to rebuild the tiers of a year earlier
    assert result.section("migration").needs == matrix.HISTORY_NEEDS
    assert result.section("build_trust").tables[1].frame.empty  # no quality/strategic customer untouched
    assert [(a.sheet, a.value) for a in result.actions] == [("matrix_build_trust", 0.0),
                                                           ("matrix_neglected", 0.0),
                                                           ("next_customers", 0.0)]  # the others' customers
    assert [a.basis.key for a in result.actions[:2]] == ["cu.basis.no_amounts"] * 2
    assert render(result.actions[1].who, "en", labels=result.labels) == "Each customer's rep (R1 holds the most, 1)"
    # no tier 1-3 or 4-5 had closed deals after the tier date: the tiers cannot be tested, the tier advice stays
    assert result.figures["matrix.tiers_rank_outcomes"] is None and result.figures["matrix.tier_check"] is None
    assert result.section("spare").finding.key == "find.matrix.spare"


# A period from July: the first half-year is the history the tiers are taken from on 2025-06-30.
YAML_H2 = "client_name: Tiny\nperiod:\n  start: 2025-07-01\n  end: 2025-12-31\n"
CUSTOMERS_H2 = (
    "customer_id,name,owner,headcount,annual_revenue,revenue_growth_3y,brand_standing\n"
    "A,Alpha,R1,900,300000000,0.1,known\n"  # quality
    "B,Beta,R1,900,300000000,0.1,known\n"  # quality
    "C,Gamma,R2,300,60000000,0.0,known\n"  # target
    "D,Delta,R2,,2000000000,0.1,leading\n"  # incomplete: no headcount, yet a leading brand
    "E,Eta,R2,300,2000000000,0.1,leading\n"  # strategic, never contacted
)
ACTIVITIES_H2 = ("date,owner,customer_id,type\n" + "".join(f"2025-{m:02d}-01,R1,A,visit\n" for m in range(1, 7))
                 + "2025-03-01,R1,B,visit\n2025-02-01,R2,C,phone\n2025-11-01,R1,B,visit\n")
OPPORTUNITIES_H2 = (
    "opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
    "O1,2025-03-01,bid,A,won,50,2025-05-01\n"  # before the period: history, not an outcome
    "O2,2025-09-01,bid,A,lost,80,2025-10-01\n"
    "O3,2025-08-01,bid,B,won,100,2025-09-01\n"  # B was neutral (tier 4) on 2025-06-30; this win makes it familiar
    "O4,2025-08-01,bid,C,lost,30,2025-10-01\n"
)


@pytest.fixture
def half_year(tmp_path):
    root = tmp_path / "h2"
    make_client(root, {"customers.csv": CUSTOMERS_H2, "activities.csv": ACTIVITIES_H2,
                       "opportunities.csv": OPPORTUNITIES_H2}, yaml=YAML_H2)
    run_intake(root)
    return open_client(root)


def test_tiers_as_of_the_period_start_and_outcomes_after_it(half_year):
    # the history starts 2025-01-01: a full 365-day window would end after the period, so the eve of the period
    assert matrix.tier_date(half_year) == pd.Timestamp("2025-06-30")
    then = matrix.tiered_customers(half_year).set_index("customer_id")
    # A: 6 visits to June (familiar) x quality = 2; B: 1 visit (neutral) x quality = 4; C: 1 phone call x target
    # = 5; D incomplete, E untouched: outside the matrix
    assert then["tier"].astype("Int64").tolist() == [2, 4, 5, pd.NA, pd.NA]
    assert then.loc["D", "level"] == "incomplete"
    result = matrix.compute(half_year)
    # today B is familiar (won O3 in the window): tier 2; A: 6 visits + the May win, no partner (1 win < 2)
    assert result.figures["matrix.tiers"] == {"1": 0, "2": 2, "3": 0, "4": 0, "5": 1, "none": 2}
    outcomes = result.section("tiers").tables[1].frame.set_index("tier")
    rows = outcomes.loc[["2", "4", "5", "none"], ["customers", "deals", "won", "lost", "win_rate", "revenue"]]
    assert rows.fillna(-1).values.tolist() == [[1, 1, 0, 1, 0.0, 0.0],  # A: O2 lost (O1 was before the period)
                                               [1, 1, 1, 0, 1.0, 100.0],  # B: tier 4 won, measured after the date
                                               [1, 1, 0, 1, 0.0, 0.0],  # C
                                               [2, 0, 0, 0, -1, 0.0]]  # no closed deal: no win rate
    finding = _fields(result.section("tiers").finding)
    assert (finding["assets"], finding["assets_then"], finding["revenue_share"], finding["tier"], finding["rate"]) == (
        2, 1, 0.0, "4", 1.0)
    assert result.section("tiers").note.key == "cu.note.tiers"
    # untouched premium customers (E; D is incomplete, not untouched-premium) are on an action list of their own
    untouched = result.section("build_trust").tables[1]
    assert untouched.key == "matrix_untouched" and untouched.frame["customer_id"].tolist() == ["E"]
    assert _fields(result.section("build_trust").finding)["untouched"] == 1
    assert "matrix_untouched" in [a.sheet for a in result.actions]
    assert inventory.compute(half_year).figures["inventory.incomplete"] == 1


def test_tier_date_moves_when_the_history_is_shorter_than_a_window():
    ts = pd.Timestamp
    # data begin with a two-year period: the tiers are taken after the first full year
    assert matrix.baseline_date(ts("2024-01-01"), ts("2025-12-31"), ts("2024-01-01"), lookback_days=365) == ts(
        "2024-12-31")
    assert matrix.baseline_date(ts("2024-01-01"), ts("2025-12-31"), ts("2022-01-01"), lookback_days=365) == ts(
        "2023-12-31")


def test_owners_sorted_by_the_parameter(full):
    frame = matrix.compute(full, sort_owners_by="none").section("owners").tables[0].frame
    assert frame["owner"].tolist()[0] in ("R2", "unassigned")
    with pytest.raises(ValueError, match="sort_owners_by must be one of 1, 2, 3, 4, 5, assets, none, customers"):
        matrix.compute(full, sort_owners_by="tier")


def test_customers_only_sections_say_what_they_need(customers_only):
    result = inventory.compute(customers_only)
    assert [s.key for s in result.sections] == list(inventory.SECTIONS)
    assert result.section("relationship").needs == ("activities",)
    assert all(not result.section(k).needs for k in ("profile", "completeness", "thin", "level", "explain"))
    assert "relationship" not in result.section("explain").tables[0].frame
    assert result.figures["inventory.customers"] == 5
    tiers = matrix.compute(customers_only)
    assert [s.key for s in tiers.sections] == list(matrix.SECTIONS)
    assert all(s.needs == ("activities",) for s in tiers.sections)
    assert tiers.figures["matrix.tiers"]["none"] == 5  # every customer untouched
    for lang in ("zh", "en"):
        _, payload = section_html(tiers, "neglected", lang)
        assert payload["needs"] and payload["finding"] is None


def test_given_relationships_need_no_contact_history(tmp_path):
    client = _client(tmp_path / "given", customers="customer_id,name,level,relationship\nC1,Acme,quality,neutral\n"
                                                   "C2,Beta,strategic,partner\n")
    result = matrix.compute(client)
    assert result.figures["matrix.tiers"]["1"] == 1 and result.figures["matrix.tiers"]["4"] == 1
    assert result.section("build_trust").tables[0].frame["customer_id"].tolist() == ["C1"]
    assert result.section("neglected").needs == ("activities",)
    assert result.section("migration").needs == ("activities.date",)


def test_no_customers_table(tmp_path):
    make_client(tmp_path, {"opportunities.csv": OPPORTUNITIES}, yaml=YAML)
    run_intake(tmp_path)
    client = open_client(tmp_path)
    for module in (inventory, matrix):
        result = module.compute(client)
        assert [s.needs for s in result.sections] == [("customers",)] * len(module.SECTIONS)
        assert result.actions == ()
    assert inventory.compute(client).figures["inventory.customers"] is None
    assert matrix.compute(client).figures["matrix.assets"] is None


# --- one language per report: the sample client's texts ------------------------------------------------------

ALLOWED_LATIN = re.compile(r"^([A-Z]+\d+|ICP|ROI|CNY|PDF|Excel)$")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def sample_results(sample_client):
    return [inventory.compute(sample_client), matrix.compute(sample_client)]


@pytest.fixture(autouse=True)
def _themed():
    with mpl.rc_context():
        apply_theme(lang="zh")
        yield


def _texts(result, lang):
    """Headings, findings, table captions and headers, needs, and actions of a result in ``lang``."""
    heads, prose = [], []
    for section in result.sections:
        _, payload = section_html(result, section.key, lang)
        heads.append(payload["heading"])
        for table in payload["tables"]:
            heads += [table["caption"], *table["headers"]]
        prose += [payload["finding"] or "", payload["needs"] or "", payload["note"] or ""]
    prose += [render(text, lang, labels=result.labels) for a in result.actions
              for text in (a.text, a.who, a.basis, a.step, a.kpi) if text is not None]
    prose += [render(line, lang, labels=result.labels) for line in result.summary]
    return heads, prose


@pytest.mark.parametrize("index", [0, 1], ids=["inventory", "matrix"])
def test_zh_report_has_no_english(sample_results, index):
    heads, prose = _texts(sample_results[index], "zh")
    words = {w for text in heads + prose for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)}
    assert {w for w in words if not ALLOWED_LATIN.match(w)} == set()


@pytest.mark.parametrize("index", [0, 1], ids=["inventory", "matrix"])
def test_en_report_headings_have_no_chinese(sample_results, index):
    heads, _ = _texts(sample_results[index], "en")  # findings may quote the client's own (Chinese) names
    assert [h for h in heads if CJK.search(h)] == []


def test_sample_actions_on_the_value_scale(sample_results):
    for result in sample_results:
        keys = [s.key for s in result.sections]
        assert 1 <= len(result.summary) <= 3 and 3 <= len(result.exhibits) <= 5
        assert set(result.exhibits) <= set(keys)
        for action in result.actions:
            assert action.sheet is None or any(t.key == action.sheet for s in result.sections for t in s.tables)
            assert action.value >= 0 and action.basis is not None and action.pool is not None
            assert action.who is not None and action.step is not None and action.kpi is not None
            assert action.section in keys
    matrix_result = sample_results[1]
    neglected = next(a for a in matrix_result.actions if a.sheet == "matrix_neglected")
    listed = matrix_result.section("neglected").tables[0].frame
    # valued by what renewed contact adds in 12 months, not by what the listed customers have already won
    assert 0 < neglected.value != pytest.approx(listed["revenue"].sum())
    keys = [a.text.key for a in matrix_result.actions]
    if matrix_result.figures["matrix.tiers_rank_outcomes"] is False:
        assert keys[0] == "act.matrix.recalibrate" and "act.matrix.spare" not in keys
    else:
        assert "act.matrix.recalibrate" not in keys
