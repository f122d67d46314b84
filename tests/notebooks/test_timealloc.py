"""Papermill runs of notebook 04 on the sample client; recorded figures checked by plain pandas."""
from pathlib import Path

import pandas as pd
import papermill
import pytest

from workbook.core.record import read_records
from workbook.customers import matrix

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "04_time_allocation.ipynb"
MONTH_DAYS = 365.25 / 12
# the quality matrix written out from the domain brief (level x relationship -> tier), independent of the package's
# assign_tiers: 1 strategic partner; 2 quality familiar/partner and strategic familiar; 3 target familiar/partner;
# 4 quality/strategic neutral; 5 target neutral; everything else (potential, untouched) has no tier
TIER_OF = {("strategic", "partner"): 1, ("strategic", "familiar"): 2, ("quality", "partner"): 2,
           ("quality", "familiar"): 2, ("target", "partner"): 3, ("target", "familiar"): 3,
           ("strategic", "neutral"): 4, ("quality", "neutral"): 4, ("target", "neutral"): 5}


def _run(client, tmp_path, **parameters) -> dict:
    out = tmp_path / "04.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(tmp_path),
                               parameters={"client_dir": str(client.dir), "interactive": False, **parameters},
                               progress_bar=False, execution_timeout=300)
    return read_records(out)


def _time_figures(client, share: float) -> dict:
    """Direct share and the default offload scenario of the sellers (support staff left out)."""
    cfg = client.config
    reps = client.table("reps")
    log = client.table("time_log")
    log = log[~log["owner"].isin(reps.loc[reps["role"] == "support", "owner"])]
    kinds = {cat.name: cat.kind for cat in cfg.time_categories}
    offloadable = [cat.name for cat in cfg.time_categories if cat.offloadable]
    direct = log.loc[log["category"].map(kinds) == "direct", "hours"].sum()
    total = log["hours"].sum()
    moved = log.loc[log["category"].isin(offloadable), "hours"].sum() * share
    return {"time.direct_selling_share": direct / total, "time.after_offload_share": (direct + moved) / total,
            "time.capacity_gain": moved / direct, "time.equivalent_sellers": moved / (direct / log["owner"].nunique()),
            "time.offload_hours": moved, "time.offload_cost": moved * cfg.support_hourly_cost}


def _offload_value(client, share: float) -> float:
    """The offload's 12-month value by plain pandas: a year (46 working weeks) of the hours moved a week, valued at
    the sellers' won revenue per direct selling hour x 25% (half the freed hours sell, at half today's rate), at
    most what the unworked leads of the last 12 months and the open deals could win, less the support cost."""
    cfg = client.config
    reps, log = client.table("reps"), client.table("time_log")
    log = log[~log["owner"].isin(reps.loc[reps["role"] == "support", "owner"])]
    kinds = {cat.name: cat.kind for cat in cfg.time_categories}
    offloadable = [cat.name for cat in cfg.time_categories if cat.offloadable]
    weeks = log["period"].nunique()  # the sample logs whole weeks
    per_week = log.loc[log["category"].isin(offloadable), "hours"].sum() * share / weeks
    start, end = pd.Timestamp(cfg.period.start), pd.Timestamp(cfg.period.end)
    opps = client.table("opportunities")
    won = opps[(opps["status"] == "won") & opps["close_date"].between(start, end) & opps["owner"].isin(log["owner"])]
    per_day = won["amount"].sum() / ((end - start).days + 1)
    selling_per_day = log.loc[log["category"].map(kinds) == "direct", "hours"].sum() / (weeks * 7)
    rate = per_day / selling_per_day
    year = end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    recent_won = opps[(opps["status"] == "won") & opps["close_date"].between(year, end)]
    leads = client.table("leads")
    followed = leads["first_followup_date"].notna()
    unworked = (~followed & leads["created_date"].between(year, end)).sum()
    lead_to_win = leads.loc[followed, "opportunity_id"].isin(set(opps.loc[opps["status"] == "won",
                                                                          "opportunity_id"])).mean()
    closed = opps[opps["status"].isin(["won", "lost"])]
    cap = (unworked * lead_to_win + (opps["status"] == "open").sum() * (closed["status"] == "won").mean()) \
        * recent_won["amount"].mean()
    hours = per_week * 46
    return max(0.0, min(hours * rate * 0.25, cap) - hours * cfg.support_hourly_cost)


def _contact_figures(client) -> dict:
    cfg = client.config
    # level and relationship as the package classifies them at the tier date (the eve of the period); the tier
    # each pair gives is read from TIER_OF, not from the package's tier column
    classified = matrix.tiered_customers(client).set_index("customer_id")[["level", "relationship"]]
    tier = pd.Series([TIER_OF.get(pair) for pair in zip(classified["level"], classified["relationship"],
                                                          strict=True)], index=classified.index, dtype="Int64")
    tier = tier.dropna().astype(int)
    acts = client.table("activities")
    start, end = pd.Timestamp(cfg.period.start), pd.Timestamp(cfg.period.end)
    acts = acts[acts["date"] <= end]
    months = ((end - start).days + 1) / MONTH_DAYS
    per_month = acts[acts["date"] >= start].groupby("customer_id").size().reindex(tier.index, fill_value=0) / months
    below = (per_month < tier.map(cfg.contact_policy)).sum()
    # who is neglected now is judged by today's tiers (the quality matrix's list), not the period start's
    today = matrix.tiered_customers(client, as_of=client.as_of).set_index("customer_id")[["level", "relationship"]]
    tier_now = pd.Series([TIER_OF.get(pair) for pair in zip(today["level"], today["relationship"], strict=True)],
                         index=today.index, dtype="Int64").dropna().astype(int)
    silence_now = (end - acts.groupby("customer_id")["date"].max().reindex(tier_now.index)).dt.days
    neglected = (tier_now.isin([1, 2, 3]) & (silence_now.isna() | (silence_now > cfg.neglect_days))).sum()
    with_customer = acts[acts["customer_id"].notna()]
    # no visit_cost in the sample: relative units, one visit = 100, phone and e-mail by the channel_costs ratio
    assert cfg.visit_cost is None
    costs = with_customer["type"].map(cfg.channel_costs).fillna(0.0) * 100 / cfg.channel_costs["visit"]
    by_tier = costs.groupby(
        with_customer["customer_id"].map(tier).astype("Int64").astype("string").fillna("none")).sum()
    planned = client.table("activities")["planned"].dropna()
    quotes = client.table("quotes")
    hours = ((quotes["sent_date"] - quotes["requested_date"]).dt.days * 24).dropna()
    return {"coverage.below_policy_customers": int(below), "coverage.neglected_asset_customers": int(neglected),
            "coverage.planned_share": planned.astype(bool).mean(), "channel.cost_to_serve_by_tier": by_tier.to_dict(),
            "channel.cost_unit": "relative",
            "quotes.within_48h_share": (hours <= 48).mean(), "quotes.median_hours": hours.median()}


def _kpi_figures(client) -> dict:
    """``time.kpis_by_tier`` by plain pandas: each customer's tier at the eve of the period (TIER_OF); coverage over
    the period, the outcomes (leads, closed deals, contacts) of the tier's customers after the tier date."""
    cfg = client.config
    start, end = pd.Timestamp(cfg.period.start), pd.Timestamp(cfg.period.end)
    classified = matrix.tiered_customers(client).set_index("customer_id")[["level", "relationship"]]
    tier = pd.Series([str(TIER_OF[p]) if p in TIER_OF else "none"
                      for p in zip(classified["level"], classified["relationship"], strict=True)],
                     index=classified.index)
    tier = tier.reindex(client.table("customers")["customer_id"]).fillna("none")
    acts, opps, leads = client.table("activities"), client.table("opportunities"), client.table("leads")
    acts = acts[acts["date"].between(start, end) & acts["customer_id"].notna()]
    months = ((end - start).days + 1) / MONTH_DAYS
    per_month = acts.groupby("customer_id").size().reindex(tier.index, fill_value=0) / months
    policy = tier.map(lambda k: cfg.contact_policy.get(int(k), 0.0) if k != "none" else None)
    won = opps[opps["status"] == "won"]
    # outcomes count only what came after the tier date: the leads and deals created after it, the contacts after it
    after = max(start, matrix.tier_date(client) + pd.Timedelta(days=1))
    leads = leads[leads["created_date"].between(after, end) & leads["customer_id"].notna()]
    lead_won = leads["opportunity_id"].isin(won["opportunity_id"]) | leads["lead_id"].isin(won["lead_id"])
    closed = opps[opps["status"].isin(["won", "lost"]) & opps["close_date"].between(after, end)
                  & (opps["created_date"] >= after)]
    wins = closed[closed["status"] == "won"]
    acts = acts[acts["date"] >= after]
    cost = acts["type"].map(cfg.channel_costs).fillna(0.0) * 100 / cfg.channel_costs["visit"]
    out = {}
    for key in sorted(tier.unique(), key=lambda k: (k == "none", k)):
        ids = set(tier.index[tier == key])
        mine = acts["customer_id"].isin(ids)
        w = wins[wins["customer_id"].isin(ids)]
        hours = acts.loc[mine, "hours"].sum()
        cover = None if key == "none" else float((per_month[tier == key] >= policy[tier == key]).mean())
        out[key] = {"coverage": cover,
                    "lead_to_win": float(lead_won[leads["customer_id"].isin(ids)].mean()),
                    "win_rate": float((closed.loc[closed["customer_id"].isin(ids), "status"] == "won").mean()),
                    "cycle_days": float((w["close_date"] - w["created_date"]).dt.days.median()),
                    "cost_to_serve": float(cost[mine].sum() / acts.loc[mine, "customer_id"].nunique()),
                    "revenue_per_contact_hour": float(w["amount"].sum() / hours)}
    return out


@pytest.mark.slow
def test_time_allocation_zh_figures_match_pandas(sample_client, tmp_path):
    records = _run(sample_client, tmp_path, lang="zh")
    expected = {**_time_figures(sample_client, 0.25), **_contact_figures(sample_client)}
    assert set(expected) <= set(records)
    for name, value in expected.items():
        if isinstance(value, str):
            assert records[name] == value, name
        elif isinstance(value, dict):
            assert records[name].keys() == value.keys(), name
            for key, cost in value.items():
                assert records[name][key] == pytest.approx(cost), (name, key)
        else:
            assert records[name] == pytest.approx(value), name
    kpi = _kpi_figures(sample_client)
    assert records["time.kpis_by_tier"].keys() == kpi.keys()
    for key, values in kpi.items():
        assert records["time.kpis_by_tier"][key] == pytest.approx(values), key
    assert records["time.offload_value"] == pytest.approx(_offload_value(sample_client, 0.25))
    low, high = records["time.offload_value_range"]
    assert low < records["time.offload_value"] < high
    # the sample's built-in findings
    assert 0.11 < records["time.direct_selling_share"] < 0.16
    assert kpi["4"]["coverage"] == min(v["coverage"] for v in kpi.values() if v["coverage"] is not None)
    assert 0.2 < records["quotes.within_48h_share"] < 0.32
    assert records["coverage.neglected_asset_customers"] > 0


@pytest.mark.slow
def test_time_allocation_en_offload_share_parameter(sample_client, tmp_path):
    records = _run(sample_client, tmp_path, lang="en", offload_share=0.5)
    for name, value in _time_figures(sample_client, 0.5).items():
        assert records[name] == pytest.approx(value), name


@pytest.mark.slow
def test_time_allocation_carries_on_without_data(tmp_path):
    from tests.helpers import VALID_FILES, make_client
    from workbook.intake import open_client
    from workbook.intake.validate import run_intake

    folder = make_client(tmp_path / "thin", VALID_FILES)
    run_intake(folder)
    records = _run(open_client(folder), tmp_path, lang="en")
    assert set(records.values()) == {None}
    text = (tmp_path / "04.ipynb").read_text(encoding="utf-8")
    assert "This section needs: Time log" in text and "This section needs: Quotes" in text
    assert "What to do" in text
