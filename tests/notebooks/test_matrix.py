"""Papermill runs of notebooks 01 and 02 on the sample client; recorded figures checked independently."""
from pathlib import Path

import numpy as np
import pandas as pd
import papermill
import pytest

from workbook.core.record import read_records

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PROFILE = ["industry", "main_business", "region", "headcount", "it_headcount", "annual_revenue",
           "revenue_growth_3y", "goal_3y", "brand_standing"]
LEVELS = ["potential", "target", "quality", "strategic"]
RELATIONSHIPS = ["untouched", "neutral", "familiar", "partner"]
CHECKLIST = ["solution_fit", "need", "value_clear", "project_approved", "budget", "decision_maker",
             "influencers_known", "competition_known", "competitive_edge"]  # the opportunity element checklist
# DOMAIN.md's table, written out: level x relationship -> tier; every other cell (potential, untouched) is none
TIER_OF = {("strategic", "partner"): "1",
           ("strategic", "familiar"): "2", ("quality", "partner"): "2", ("quality", "familiar"): "2",
           ("target", "partner"): "3", ("target", "familiar"): "3",
           ("strategic", "neutral"): "4", ("quality", "neutral"): "4",
           ("target", "neutral"): "5"}


def _rule(*conditions):
    """(met, failed) of a rule from (value, test) pairs: failed when a known value fails, met when all pass."""
    known = [v.notna() for v, _ in conditions]
    passed = [v.notna() & test for v, test in conditions]
    failed = np.logical_or.reduce([k & ~p for k, p in zip(known, passed)])
    met = np.logical_and.reduce(passed)
    return pd.Series(met, index=conditions[0][0].index), pd.Series(failed, index=conditions[0][0].index)


def _expected(client) -> pd.DataFrame:
    """Level, relationship and tier with plain pandas and the default rules, as DOMAIN.md states them."""
    cfg = client.config
    cust = client.table("customers").set_index("customer_id")
    icp = cfg.icp
    hc, rev = cust["headcount"].astype(float), cust["annual_revenue"].astype(float)
    growth, brand = cust["revenue_growth_3y"].astype(float), cust["brand_standing"].astype(object)
    t_met, t_fail = _rule((hc, hc >= icp.target.min_headcount), (rev, rev >= icp.target.min_annual_revenue))
    q_met, q_fail = _rule((hc, hc >= icp.quality.min_headcount), (rev, rev >= icp.quality.min_annual_revenue),
                          (growth, growth >= icp.quality.min_revenue_growth_3y))
    # strategic: the well-known benchmark customer, brand standing and size (not the growth of quality)
    s_met, s_fail = _rule((rev, rev >= icp.strategic.min_annual_revenue),
                          (brand, brand.isin(icp.strategic.brand_standing)))
    # a missing value that leaves the level undecided makes the record incomplete, not potential
    derived = np.select([t_fail, ~t_met, s_met, ~s_fail, q_met, q_fail],
                        ["potential", "incomplete", "strategic", "incomplete", "quality", "target"], "incomplete")
    level = cust["level"].astype(object).where(cust["level"].notna(), derived)

    rules = cfg.relationship_rules
    as_of = pd.Timestamp(cfg.period.end)
    start = as_of - pd.Timedelta(days=rules.lookback_days)
    acts = client.table("activities")
    acts = acts[acts["date"] <= as_of].assign(weight=acts["type"].astype(object).map(rules.contact_weights).fillna(1))
    window = acts[acts["date"] > start]
    score = window.groupby("customer_id")["weight"].sum().reindex(cust.index, fill_value=0)
    ever = acts.groupby("customer_id").size().reindex(cust.index, fill_value=0)
    last_visit = acts[acts["weight"] >= 1].groupby("customer_id")["date"].max().reindex(cust.index)
    opps = client.table("opportunities")
    won = opps[(opps["status"] == "won") & (opps["close_date"] <= as_of)]
    won_ever = won.groupby("customer_id").size().reindex(cust.index, fill_value=0)
    n_won = won[won["close_date"] > start].groupby("customer_id").size().reindex(cust.index, fill_value=0)
    recent = (as_of - last_visit).dt.days <= rules.partner_recent_days
    rel = np.select([(n_won >= rules.partner_min_won) & recent,
                     (score >= rules.familiar_min_contacts) | (n_won >= rules.familiar_min_won),
                     (ever > 0) | (won_ever > 0)], ["partner", "familiar", "neutral"], "untouched")
    rel = cust["relationship"].astype(object).where(cust["relationship"].notna(), rel)
    tier = [TIER_OF.get((lv, r), "none") for lv, r in zip(level, rel)]
    return pd.DataFrame({"owner": cust["owner"], "level": level, "relationship": rel, "tier": tier}, index=cust.index)


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
    assert records["inventory.incomplete"] == int((expected["level"] == "incomplete").sum()) > 0
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
    # who to work next: every customer with a reason, the recorded top five tier 4 customers
    reasons = _next_expected(sample_client, expected)
    assert records["matrix.next_customers"] == int(reasons.any(axis=1).sum())
    assert [expected.loc[row["customer_id"], "tier"] for row in records["matrix.next_top"]] == ["4"] * 5
    _check_tier_check(sample_client, records)


def _check_tier_check(client, records: dict) -> None:
    """The recorded tier check read again with plain pandas: the deals created after the tier date, by the tier
    each customer had on that date, and the rule (assets beat tiers 4-5 on win rate and won value per customer,
    tier 1 wins at least as often as tier 5; tiers with fewer than 10 closed deals left out)."""
    from workbook.customers import matrix

    check = records["matrix.tier_check"]
    date = pd.Timestamp(check["date"])
    assert date == matrix.tier_date(client)
    then = matrix.tiered_customers(client, as_of=date)
    tier = pd.Series(then["tier"].astype("Int64").astype(str).replace("<NA>", "none").to_numpy(),
                     index=then["customer_id"])
    opps = client.table("opportunities")
    after = opps[opps["created_date"] > date].assign(tier=lambda f: f["customer_id"].map(tier).fillna("none"))
    won = after[after["status"] == "won"].groupby("tier").size().reindex(list("12345"), fill_value=0)
    lost = after[after["status"] == "lost"].groupby("tier").size().reindex(list("12345"), fill_value=0)
    amount = after[after["status"] == "won"].groupby("tier")["amount"].sum().reindex(list("12345"), fill_value=0)
    customers = tier.value_counts().reindex(list("12345"), fill_value=0)
    closed = won + lost
    assert check["closed"] == {k: int(v) for k, v in closed.items()}
    for k in "12345":
        assert check["win_rate"][k] == pytest.approx(won[k] / closed[k])
        assert check["won_per_customer"][k] == pytest.approx(amount[k] / customers[k])
    rated = closed[closed >= 10].index
    assets, others = [k for k in rated if k in "123"], [k for k in rated if k in "45"]
    rate = {side: won[keys].sum() / closed[keys].sum() for side, keys in (("a", assets), ("o", others))}
    value = {side: amount[keys].sum() / customers[keys].sum() for side, keys in (("a", assets), ("o", others))}
    ranks = rate["a"] > rate["o"] and value["a"] > value["o"]
    if "1" in rated and "5" in rated:
        ranks = ranks and won["1"] / closed["1"] >= won["5"] / closed["5"]
    assert records["matrix.tiers_rank_outcomes"] is bool(ranks)


def _next_expected(client, expected: pd.DataFrame) -> pd.DataFrame:
    """The reasons to work each customer next, read with plain pandas from data/clean and the default rules."""
    cfg = client.config
    as_of = pd.Timestamp(cfg.period.end)
    acts = client.table("activities")
    last = acts[acts["date"] <= as_of].groupby("customer_id")["date"].max().reindex(expected.index)
    silent = last.isna() | ((as_of - last).dt.days > cfg.neglect_days)
    opps = client.table("opportunities")
    open_ = opps[(opps["status"] == "open") & (opps["created_date"] <= as_of) & opps["customer_id"].notna()]
    elements = [e for e in CHECKLIST if e in opps and opps[e].notna().any()]
    incomplete = open_[~open_[elements].fillna(False).astype(bool).all(axis=1)]["customer_id"]
    return pd.DataFrame({
        "build_trust": expected["tier"].eq("4"),
        "untouched": expected["level"].isin(["quality", "strategic"]) & expected["relationship"].eq("untouched"),
        "neglected": expected["tier"].isin(["1", "2", "3"]) & silent,
        "checklist": expected.index.isin(set(incomplete)),
    }, index=expected.index)


def test_sample_who_to_work_next(sample_client):
    """The sample's list against an independent reading: tier 4 first, the matrix's neglect list, every reason."""
    from workbook.customers import matrix

    result = matrix.compute(sample_client)
    ranked = result.section("next").tables[0].frame
    reasons = _next_expected(sample_client, _expected(sample_client))
    listed = reasons[reasons.any(axis=1)]
    assert sorted(ranked["customer_id"]) == sorted(listed.index)
    assert result.figures["matrix.next_customers"] == len(listed)
    by_code = ranked.set_index("customer_id")["reasons"].str.split("+")
    for reason in reasons.columns:
        assert set(by_code[by_code.map(lambda r, x=reason: x in r)].index) == set(reasons.index[reasons[reason]])
    # every tier 4 customer ranks above every other listed customer: build trust first
    tier4 = ranked["tier"].eq("4")
    assert tier4.sum() == reasons["build_trust"].sum() > 50
    assert ranked.loc[tier4, "rank"].max() < ranked.loc[~tier4, "rank"].min()
    # the tier 4 customers with an open deal missing checklist elements head the list (two reasons)
    both = reasons["build_trust"] & reasons["checklist"]
    assert set(ranked.head(int(both.sum()))["customer_id"]) == set(both.index[both]) and both.sum() >= 5
    # one neglect rule: the neglected customers on the list are exactly the matrix's neglect list
    neglect_list = result.section("neglected").tables[0].frame["customer_id"]
    assert set(by_code[by_code.map(lambda r: "neglected" in r)].index) == set(neglect_list)
    # the recorded top five are the list's first five, as codes
    top = result.figures["matrix.next_top"]
    assert [row["customer_id"] for row in top] == ranked["customer_id"].head(5).tolist()
    assert all(row["channel"] in ("visit", "phone") and set(row["reasons"]) <= set(reasons.columns) for row in top)
    # each rep's top ten: the rep's own best customers in list order, never more than ten
    reps = result.section("next").tables[1].frame
    assert reps.groupby("owner").size().max() == 10
    r08 = ranked[ranked["owner"] == "R08"]["customer_id"].head(10).tolist()
    assert reps[reps["owner"] == "R08"]["customer_id"].tolist() == r08
