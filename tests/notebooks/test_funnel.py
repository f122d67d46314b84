"""Notebook 03 run with papermill: the sample client (figures checked against plain pandas) and the three
partial-data shapes (leads only; opportunities only, the Maven CRM export through its preset; leads plus won deals
joined by lead id)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import papermill
import pytest

from tests.helpers import MAVEN, maven_client
from workbook.core.record import read_records
from workbook.customers import inventory, matrix
from workbook.intake.validate import run_intake

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "03_funnel_diagnosis.ipynb"

ALL = ("funnel.leads", "funnel.followed_up", "funnel.never_followed_up_share", "funnel.followed_within_window_share",
       "funnel.qualified", "funnel.opportunities", "funnel.won", "funnel.lost", "funnel.lead_to_win_rate",
       "funnel.win_rate_closed", "funnel.median_days_lead_to_win", "funnel.median_days_opportunity_to_close",
       "funnel.by_source", "funnel.active_share", "funnel.pre_tender_win_rate", "funnel.post_tender_win_rate",
       "funnel.required_leads_per_month", "funnel.weighted_pipeline", "funnel.forecast_brier_stage",
       "funnel.forecast_brier_checklist", "funnel.collected_share", "funnel.five_numbers", "funnel.win_rate_by_owner",
       "funnel.revenue_by_industry", "funnel.win_rate_by_tier", "funnel.undated_opportunities",
       "funnel.rotting_leads", "funnel.stuck_deals", "funnel.really_still_leads", "funnel.leaks",
       "funnel.five_conversions", "funnel.first_hand_share", "funnel.won_revenue", "funnel.lifecycle_days",
       "funnel.unassigned_leads", "funnel.nurture_pool", "funnel.nurtured_conversion", "funnel.unnurtured_conversion",
       "funnel.self_developed_revenue_share", "funnel.new_customer_revenue_share", "funnel.inbound_existing_share",
       "funnel.new_customers_won", "funnel.forecast_method", "funnel.forecast_expected",
       "funnel.won_revenue_last_12_months", "funnel.target_growth")
# level x relationship -> tier, written out from the quality matrix of the domain brief (seed 004), so the
# figures by tier are checked against an independent mapping, not the package's own assign_tiers
TIER = {("strategic", "partner"): 1, ("strategic", "familiar"): 2, ("quality", "partner"): 2,
        ("quality", "familiar"): 2, ("target", "partner"): 3, ("target", "familiar"): 3,
        ("strategic", "neutral"): 4, ("quality", "neutral"): 4, ("target", "neutral"): 5}


def _run(client_dir: Path, tmp_path: Path, lang: str = "zh") -> dict:
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out),
                               parameters={"client_dir": str(client_dir), "lang": lang, "interactive": False},
                               kernel_name="python3", cwd=str(tmp_path), progress_bar=False, execution_timeout=300)
    records = read_records(out)
    assert set(ALL) <= set(records)
    return records


@pytest.mark.slow
def test_sample_client_figures_match_pandas(sample_client, tmp_path):
    rec = _run(sample_client.dir, tmp_path, lang="en")
    leads, opps = sample_client.table("leads"), sample_client.table("opportunities")
    assert rec["funnel.leads"] == len(leads)
    assert rec["funnel.followed_up"] == leads["first_followup_date"].notna().sum()
    assert rec["funnel.never_followed_up_share"] == pytest.approx(leads["first_followup_date"].isna().mean())
    won, lost = (opps["status"] == "won").sum(), (opps["status"] == "lost").sum()
    assert (rec["funnel.opportunities"], rec["funnel.won"], rec["funnel.lost"]) == (len(opps), won, lost)
    assert rec["funnel.win_rate_closed"] == pytest.approx(won / (won + lost))
    merged = leads.merge(opps[["opportunity_id", "status", "amount", "close_date"]], on="opportunity_id", how="left",
                         suffixes=("_lead", ""))
    is_won = merged["status"].eq("won").fillna(False).astype(bool)
    assert rec["funnel.lead_to_win_rate"] == pytest.approx(is_won.mean())
    assert rec["funnel.median_days_lead_to_win"] == (
        (merged["close_date"] - merged["created_date"])[is_won].dt.days.median())
    closed = opps["status"].isin(["won", "lost"])
    assert rec["funnel.median_days_opportunity_to_close"] == (
        (opps["close_date"] - opps["created_date"])[closed].dt.days.median())
    web = merged[merged["source"] == "网站"]
    assert rec["funnel.by_source"]["网站"]["leads"] == len(web)
    assert rec["funnel.by_source"]["网站"]["cost_per_lead"] == pytest.approx(web["cost"].mean())
    assert rec["funnel.active_share"] == pytest.approx((leads["source_type"] == "active").mean())
    due = leads["created_date"] <= pd.Timestamp("2025-12-24")
    within = (leads["first_followup_date"] - leads["created_date"]).dt.days <= 7
    assert rec["funnel.followed_within_window_share"] == pytest.approx((within & due).sum() / due.sum())
    is_open = opps["status"] == "open"
    probs = {"discover": 0.1, "qualify": 0.2, "solution": 0.4, "bid": 0.6, "negotiate": 0.8}
    assert rec["funnel.weighted_pipeline"] == pytest.approx((opps["amount"] * opps["stage"].map(probs))[is_open].sum())
    won_opps = opps[opps["status"] == "won"]
    assert rec["funnel.collected_share"] == pytest.approx(won_opps["collected_amount"].sum() / won_opps["amount"].sum())
    assert rec["funnel.won_revenue"] == pytest.approx(won_opps["amount"].sum())
    # the built-in findings are rediscovered
    assert rec["funnel.pre_tender_win_rate"] > 2 * rec["funnel.post_tender_win_rate"]
    assert rec["funnel.never_followed_up_share"] > 0.4
    assert rec["funnel.forecast_brier_checklist"] < rec["funnel.forecast_brier_stage"]
    # the five numbers, weekly over the last 12 months 2025-01-01..2025-12-31 (365 days; the data reach back two
    # years, the run-rate window every action value is read from)
    weeks = 365 / 7
    start, end = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")
    period = pd.Timestamp("2024-01-01"), end  # the analysis period, for what is measured over it below
    acts = sample_client.table("activities")
    role = acts["owner"].map(sample_client.table("reps").set_index("owner")["role"])
    calls = (acts["type"].isin(["visit", "phone", "technical_exchange"]) & acts["department"].eq("sales")
             & role.isin(["field", "inside"]) & acts["date"].between(start, end))
    history = sample_client.table("stage_history")
    intent = history[history["stage"].isin(["bid", "negotiate"])].groupby("opportunity_id")["entered_date"].min()
    sold = opps[(opps["status"] == "won") & opps["close_date"].between(start, end)]
    assert rec["funnel.five_numbers"] == pytest.approx({
        "sales_calls_per_week": calls.sum() / weeks,
        "opportunities_per_week": opps["created_date"].between(start, end).sum() / weeks,
        "purchase_intents_per_week": intent.between(start, end).sum() / weeks,
        "sales_per_week": len(sold) / weeks, "avg_revenue_per_sale": sold["amount"].mean()})
    conv = rec["funnel.five_conversions"]
    assert conv["intents_to_sales"] == pytest.approx(len(sold) / intent.between(start, end).sum())
    # first-hand leads: active and created before the tender, of the leads with a tender date
    tendered = leads[leads["tender_date"].notna()]
    first = (tendered["source_type"] == "active") & (tendered["created_date"] < tendered["tender_date"])
    assert rec["funnel.first_hand_share"] == pytest.approx(first.mean())
    assert (leads.loc[leads["source"] == "陌生拜访", "source_type"] == "passive").all()
    closed_opps = opps[closed]
    by_owner = closed_opps.groupby("owner")["status"].apply(lambda s: (s == "won").mean())
    assert rec["funnel.win_rate_by_owner"] == pytest.approx(by_owner.to_dict())
    industry = won_opps.merge(sample_client.table("customers")[["customer_id", "industry"]], on="customer_id")
    assert rec["funnel.revenue_by_industry"] == pytest.approx(industry.groupby("industry")["amount"].sum().to_dict())
    classified = inventory.classify(sample_client.table("customers"), sample_client.table("activities"), opps,
                                    icp=sample_client.config.icp, rules=sample_client.config.relationship_rules,
                                    as_of=matrix.tier_date(sample_client))  # as of the eve of the period
    tiers = pd.Series([str(TIER[key]) if key in TIER else "none"
                       for key in zip(classified["level"], classified["relationship"], strict=True)],
                      index=classified["customer_id"])
    after = closed_opps[closed_opps["created_date"] > pd.Timestamp("2024-12-31")]  # deals after the tier date only
    tier = after["customer_id"].map(tiers)
    by_tier = after.assign(tier=tier.fillna("unknown")).groupby("tier")["status"].apply(
        lambda s: (s == "won").mean())
    assert rec["funnel.win_rate_by_tier"] == pytest.approx(by_tier.to_dict())
    assert rec["funnel.undated_opportunities"] == 0
    # leads left to rot, and what following them up is worth, source by source: (the source's backlog of the last
    # 90 days + its unworked leads of the last 12 months x the 12 - 1 - median lead-to-win months they can still be
    # won in / 12) x half the gap between its followed-up and never-followed leads' win rates, summed, x the
    # average deal won in the last 12 months
    age = (pd.Timestamp("2025-12-31") - leads["created_date"]).dt.days
    rotting = leads["first_followup_date"].isna() & (age > 7) & leads["status"].ne("disqualified")
    assert rec["funnel.rotting_leads"] == rotting.sum()
    followed = merged["first_followup_date"].notna()
    avg = opps.loc[(opps["status"] == "won") & (opps["close_date"] > pd.Timestamp("2024-12-31")), "amount"].mean()
    lag = (merged["close_date"] - merged["created_date"])[is_won].dt.days.median() / (365.25 / 12)
    recent = (rotting & (age <= 90)).to_numpy()
    wins = 0.0
    for source in merged["source"].unique():
        mine = (merged["source"] == source).to_numpy()
        gap = max(is_won[followed & mine].mean() - is_won[~followed & mine].mean(), 0.0)
        unworked = (~followed & mine & (merged["created_date"] > pd.Timestamp("2024-12-31"))).sum()
        wins += ((recent & mine).sum() + unworked / 12 * (12 - 1 - lag)) * 0.5 * gap
    money = wins * avg
    leaks = {leak["step"]: leak for leak in rec["funnel.leaks"]}
    assert len(leaks) == 3
    assert leaks["unused_leads"]["money"] == pytest.approx(money)
    # the mouth, valued at the marketing rate on the gap restated at that rate, is the second largest; spend moved
    # from the worst return (Own events) is a 90-day test, not sized; the website screen, capped at doubling its
    # rate, is not among the three (its cap is worked by hand in tests/funnel)
    assert list(leaks) == ["unused_leads", "funnel_mouth", "late_engagement"]
    # 网站 against the other passive sources, lead by lead on new vs existing customers (a customer is existing
    # for a lead when it won a deal before the lead was created), weighted by 网站's own mix
    customers = sample_client.table("customers")
    first_won = pd.concat([won_opps.groupby("customer_id")["close_date"].min(),
                           customers.dropna(subset=["first_won_date"]).groupby("customer_id")["first_won_date"].min()],
                          axis=1).min(axis=1)
    merged["existing"] = merged["customer_id"].map(first_won).lt(merged["created_date"])
    merged["is_won"] = is_won
    passive = merged[(merged["source_type"] == "passive") & (merged["source"] != "网站")]
    peer = passive.groupby("existing")["is_won"].mean()
    web_rows = merged[merged["source"] == "网站"]
    bench = web_rows["existing"].map(peer).mean()
    assert bench - web_rows["is_won"].mean() > 0
    assert rec["funnel.by_source"]["网站"]["lead_to_win_rate"] == pytest.approx(web_rows["is_won"].mean())
    amounts = [leak["money"] for leak in rec["funnel.leaks"]]
    assert amounts == sorted(amounts, reverse=True)
    # the funnel mouth: the target against the won revenue of the last 12 months
    last_year = won_opps[won_opps["close_date"] > pd.Timestamp("2024-12-31")]["amount"].sum()
    assert rec["funnel.won_revenue_last_12_months"] == pytest.approx(last_year)
    assert rec["funnel.target_growth"] == pytest.approx(sample_client.config.revenue_target / last_year - 1)
    # the forecast the backtest finds better is the one the report uses
    assert rec["funnel.forecast_method"] == "checklist" and rec["funnel.forecast_expected"] > 0
    # new vs existing business: a customer is existing when it won before 2024 (its CRM record or a deal),
    # inbound when the deal's lead came from a passive source
    customers = sample_client.table("customers")
    before = {*customers.loc[customers["first_won_date"] < period[0], "customer_id"],
              *won_opps.loc[won_opps["close_date"] < period[0], "customer_id"]}
    period_won = won_opps[won_opps["close_date"].between(*period)]
    existing = period_won["customer_id"].isin(before)
    inbound = period_won["lead_id"].map(leads.set_index("lead_id")["source_type"]).eq("passive")
    total = period_won["amount"].sum()
    assert rec["funnel.self_developed_revenue_share"] == pytest.approx(
        period_won.loc[~existing | ~inbound, "amount"].sum() / total)
    assert rec["funnel.new_customer_revenue_share"] == pytest.approx(period_won.loc[~existing, "amount"].sum() / total)
    assert rec["funnel.inbound_existing_share"] == pytest.approx(
        period_won.loc[existing & inbound, "amount"].sum() / period_won.loc[inbound, "amount"].sum())
    assert rec["funnel.new_customers_won"] == period_won.loc[~existing, "customer_id"].nunique()
    # the chairman's complaint is rediscovered: little self-developed revenue, inbound mostly from old customers
    assert 0.25 <= rec["funnel.self_developed_revenue_share"] <= 0.42  # 40.0% on the sample whose tiers rank
    assert rec["funnel.inbound_existing_share"] > 0.5
    _check_lifecycle(rec, leads, opps, acts)


def _check_lifecycle(rec: dict, leads: pd.DataFrame, opps: pd.DataFrame, acts: pd.DataFrame) -> None:
    """The lead lifecycle figures against plain pandas (every date of the sample is on or before the as-of date)."""
    def days(end, start):
        return (end - start).dt.days

    assert rec["funnel.lifecycle_days"] == pytest.approx({
        "assess": days(leads["assessed_date"], leads["created_date"]).clip(lower=0).median(),
        "assign": days(leads["assigned_date"], leads["assessed_date"].fillna(leads["created_date"])).clip(
            lower=0).median(),
        "follow_up": days(leads["first_followup_date"], leads["assigned_date"]).clip(lower=0).median(),
        "nurture": days(leads["qualified_date"], leads["nurture_start"])[lambda s: s >= 0].median()})
    open_ = (leads["qualified_date"].isna() & ~leads["status"].isin(["disqualified", "qualified", "converted"])
             & leads["opportunity_id"].isna())
    assert rec["funnel.unassigned_leads"] == (open_ & leads["assigned_date"].isna()
                                              & leads["first_followup_date"].isna()).sum()
    deal = leads.merge(opps[["opportunity_id", "status", "created_date"]].rename(
        columns={"status": "deal_status", "created_date": "deal_created"}), on="opportunity_id", how="left")
    start = deal["nurture_start"]
    moved_on = (deal["qualified_date"] >= start) | (deal["deal_created"] >= start) | deal["deal_status"].isin(
        ["open", "won"]) | deal["status"].eq("disqualified") | (deal["status"].isin(["qualified", "converted"])
                                                              & deal["qualified_date"].isna()
                                                              & deal["deal_created"].isna())
    assert rec["funnel.nurture_pool"] == (start.notna() & ~moved_on).sum()
    # contact with the lead's customer on or after its creation and before the hand-off (assigned, else followed)
    handed = leads.assign(handoff=leads["assigned_date"].fillna(leads["first_followup_date"]))
    handed = handed[handed["customer_id"].notna() & handed["handoff"].notna()]
    pairs = handed[["lead_id", "customer_id", "created_date", "handoff"]].merge(
        acts[["customer_id", "date"]], on="customer_id")
    before = pairs[(pairs["date"] >= pairs["created_date"]) & (pairs["date"] < pairs["handoff"])]
    contacted = handed["lead_id"].isin(before["lead_id"])
    converted = handed["opportunity_id"].notna()
    assert rec["funnel.nurtured_conversion"] == pytest.approx(converted[contacted].mean())
    assert rec["funnel.unnurtured_conversion"] == pytest.approx(converted[~contacted].mean())
    assert rec["funnel.nurtured_conversion"] > 1.8 * rec["funnel.unnurtured_conversion"]  # the built-in finding
    waits = {step: days for step, days in rec["funnel.lifecycle_days"].items() if step != "nurture"}
    assert max(waits, key=waits.get) == "assign"  # the slowest wait: leads sit unassigned


@pytest.mark.slow
def test_leads_only(tmp_path, sample_client):
    client = tmp_path / "leads_only"
    (client / "data" / "raw").mkdir(parents=True)
    shutil.copy(sample_client.dir / "client.yaml", client / "client.yaml")
    shutil.copy(sample_client.dir / "data" / "raw" / "线索.csv", client / "data" / "raw" / "线索.csv")
    run_intake(client)
    rec = _run(client, tmp_path)
    leads = sample_client.table("leads")
    assert rec["funnel.leads"] == len(leads)
    assert rec["funnel.opportunities"] is None or rec["funnel.opportunities"] == leads["opportunity_id"].notna().sum()
    for name in ("funnel.won", "funnel.lost", "funnel.win_rate_closed", "funnel.lead_to_win_rate",
                 "funnel.weighted_pipeline", "funnel.forecast_brier_stage", "funnel.collected_share",
                 "funnel.required_leads_per_month", "funnel.pre_tender_win_rate"):
        assert rec[name] is None, name


@pytest.mark.slow
def test_opportunities_only_maven_export_through_the_preset(tmp_path):
    client = maven_client(tmp_path)
    rec = _run(client, tmp_path, lang="en")
    raw = pd.read_csv(MAVEN / "sales_pipeline.csv")
    # the 500 Prospecting rows without an engage date are kept: counted, left out only of durations
    assert rec["funnel.undated_opportunities"] == raw["engage_date"].isna().sum() == 500
    won, lost = (raw["deal_stage"] == "Won").sum(), (raw["deal_stage"] == "Lost").sum()
    assert (rec["funnel.opportunities"], rec["funnel.won"], rec["funnel.lost"]) == (len(raw), won, lost)
    assert rec["funnel.win_rate_closed"] == pytest.approx(won / (won + lost))
    closed = raw[raw["deal_stage"].isin(["Won", "Lost"])]
    days = (pd.to_datetime(closed["close_date"]) - pd.to_datetime(closed["engage_date"])).dt.days
    assert rec["funnel.median_days_opportunity_to_close"] == days.median()
    assert rec["funnel.five_numbers"]["avg_revenue_per_sale"] == pytest.approx(
        raw.loc[raw["deal_stage"] == "Won", "close_value"].mean())
    # open deals have no close value: the weighted pipeline is worth 0
    assert rec["funnel.weighted_pipeline"] == 0.0
    by_agent = closed.groupby("sales_agent")["deal_stage"].apply(lambda s: (s == "Won").mean())
    assert rec["funnel.win_rate_by_owner"] == pytest.approx(by_agent.to_dict())
    assert set(rec["funnel.revenue_by_industry"]) >= {"technology", "retail"}
    for name in ("funnel.leads", "funnel.followed_up", "funnel.by_source", "funnel.lead_to_win_rate",
                 "funnel.forecast_brier_checklist", "funnel.collected_share", "funnel.self_developed_revenue_share",
                 "funnel.inbound_existing_share"):
        assert rec[name] is None, name


@pytest.mark.slow
def test_leads_plus_won_deals_joined_by_lead_id(tmp_path):
    client = tmp_path / "won_file"
    (client / "data" / "raw").mkdir(parents=True)
    leads = pd.DataFrame({"lead_id": [f"L{i}" for i in range(1, 11)],
                          "created_date": [f"2025-0{1 + i % 3}-0{1 + i % 5}" for i in range(10)],
                          "source": ["展会", "网站"] * 5,
                          "first_followup_date": ["2025-04-01"] * 6 + [""] * 4})
    leads.to_csv(client / "data" / "raw" / "leads.csv", index=False)
    pd.DataFrame({"lead_ref": ["L1", "L2", "L4"], "won_date": ["2025-05-01", "2025-05-03", "2025-06-01"]}).to_csv(
        client / "data" / "raw" / "won_deals.csv", index=False)
    (client / "client.yaml").write_text("""client_name: Won file
tables:
  leads: {file: leads.csv}
  opportunities:
    file: won_deals.csv
    join: {file: leads.csv, on: lead_ref, right_on: lead_id}
    columns:
      opportunity_id: lead_ref
      lead_id: {column: lead_ref}
      created_date: created_date
      close_date: won_date
      stage: {value: negotiate}
      status: {value: won}
""", encoding="utf-8")
    run_intake(client)
    rec = _run(client, tmp_path)
    assert rec["funnel.leads"] == 10 and rec["funnel.followed_up"] == 6
    assert rec["funnel.won"] == 3 and rec["funnel.lead_to_win_rate"] == pytest.approx(0.3)
    assert rec["funnel.lost"] is None and rec["funnel.win_rate_closed"] is None  # no lost deals were sent
    created = pd.to_datetime(leads.set_index("lead_id").loc[["L1", "L2", "L4"], "created_date"])
    won_dates = pd.to_datetime(pd.Series(["2025-05-01", "2025-05-03", "2025-06-01"], index=created.index))
    assert rec["funnel.median_days_lead_to_win"] == (won_dates - created).dt.days.median()
    assert rec["funnel.by_source"]["展会"]["won"] == 1.0 and rec["funnel.by_source"]["网站"]["won"] == 2.0
