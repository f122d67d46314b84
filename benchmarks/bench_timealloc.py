"""Time allocation at scale: every computation of notebook 04 on 200 reps x 52 weeks and 2,000,000 activities.

The data are generated here (seeded, vectorised): a time log of 200 reps x 52 weeks x 9 categories,
2,000,000 activities over 50,000 customers, 200,000 opportunities and 90,000 quotes; customer tiers are
drawn at random (the matrix has its own benchmark) and the customers table carries the level and relationship
that give those tiers under the default tier matrix, so that :func:`workbook.timealloc.summary.compute`, which
tiers the customers itself, finds the same tiers. The last step is the chapter's ``compute(client)`` on an
in-memory client of those tables (what notebook 04 runs; it recomputes every section). Each run is a fresh
process (time and peak memory via ``common.measure``); the same computations on a tenth of the activities give
the scaling ratio.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import measure  # noqa: E402

START, END = np.datetime64("2024-01-01"), np.datetime64("2025-12-31")
TYPES = np.array(["visit", "phone", "email", "technical_exchange", "event", "service"])
DEPTS = np.array(["sales", "service", "finance"])


def make_data(*, reps: int = 200, weeks: int = 52, activities: int = 2_000_000, customers: int = 50_000,
              opportunities: int = 200_000, quotes: int = 90_000, seed: int = 11) -> dict:
    """Clean-table-shaped frames (the dtypes intake writes) and a tier Series."""
    from workbook.core.config import DEFAULT_TIME_CATEGORIES

    rng = np.random.default_rng(seed)
    owners = np.char.add("R", np.char.zfill(np.arange(1, reps + 1).astype(str), 3))
    cats = np.array([cat.name for cat in DEFAULT_TIME_CATEGORIES])
    periods = np.datetime64("2025-01-06") + 7 * np.arange(weeks)
    n_log = reps * weeks * len(cats)
    time_log = pd.DataFrame({
        "owner": pd.array(np.repeat(owners, weeks * len(cats)), dtype="string"),
        "period": np.tile(np.repeat(periods, len(cats)), reps).astype("datetime64[ns]"),
        "category": pd.array(np.tile(cats, reps * weeks), dtype="string"),
        "hours": np.round(rng.gamma(4.0, 1.3, n_log) * 2) / 2})
    rep_table = pd.DataFrame({"owner": pd.array(owners, dtype="string"),
                              "team": pd.array(np.array(["东", "南", "北", "西"])[np.arange(reps) % 4], dtype="string"),
                              "role": pd.array(np.where(np.arange(reps) % 10 == 9, "support", "field"),
                                               dtype="string")})
    cust_ids = np.char.add("C", np.char.zfill(np.arange(1, customers + 1).astype(str), 6))
    days = (END - START).astype(int) + 1
    pick = rng.integers(0, customers, activities)
    acts = pd.DataFrame({
        "date": (START + rng.integers(0, days, activities)).astype("datetime64[ns]"),
        "owner": pd.array(owners[pick % reps], dtype="string"),
        "customer_id": pd.array(cust_ids[pick], dtype="string"),
        "type": pd.array(TYPES[rng.choice(len(TYPES), activities, p=[0.25, 0.4, 0.2, 0.05, 0.03, 0.07])],
                         dtype="string"),
        "hours": np.round(rng.gamma(2.0, 0.8, activities), 1),
        "planned": pd.array(rng.random(activities) < 0.55, dtype="boolean"),
        "department": pd.array(DEPTS[rng.choice(3, activities, p=[0.7, 0.2, 0.1])], dtype="string")})
    opp_ids = np.char.add("O", np.char.zfill(np.arange(1, opportunities + 1).astype(str), 7))
    close = START + rng.integers(0, days, opportunities)
    opps = pd.DataFrame({
        "opportunity_id": pd.array(opp_ids, dtype="string"),
        "customer_id": pd.array(cust_ids[rng.integers(0, customers, opportunities)], dtype="string"),
        "owner": pd.array(owners[rng.integers(0, reps, opportunities)], dtype="string"),
        "status": pd.array(np.array(["won", "lost", "open"])[rng.choice(3, opportunities, p=[0.3, 0.5, 0.2])],
                           dtype="string"),
        "amount": np.round(rng.lognormal(12.5, 0.8, opportunities), -3),
        "close_date": close.astype("datetime64[ns]")})
    requested = START + rng.integers(0, days, quotes)
    quote_table = pd.DataFrame({
        "quote_id": pd.array(np.char.add("Q", np.arange(quotes).astype(str)), dtype="string"),
        "opportunity_id": pd.array(opp_ids[rng.integers(0, opportunities, quotes)], dtype="string"),
        "requested_date": requested.astype("datetime64[ns]"),
        "sent_date": (requested + np.floor(rng.lognormal(1.6, 0.9, quotes)).astype(int)).astype("datetime64[ns]")})
    tier_values = rng.choice([1, 2, 3, 4, 5, 0], customers, p=[0.02, 0.06, 0.25, 0.05, 0.15, 0.47])
    tiers = pd.Series(pd.array(np.where(tier_values > 0, tier_values, None), dtype="Int64"),
                      index=pd.Index(cust_ids, name="customer_id"), name="tier")
    # (level, relationship) of each tier under DEFAULT_TIERS; no tier (0): a potential customer
    pairs = np.array([("potential", "neutral"), ("strategic", "partner"), ("quality", "familiar"),
                      ("target", "familiar"), ("quality", "neutral"), ("target", "neutral")])[tier_values]
    customer_table = pd.DataFrame({
        "customer_id": pd.array(cust_ids, dtype="string"),
        "owner": pd.array(owners[np.arange(customers) % reps], dtype="string"),
        "level": pd.array(pairs[:, 0], dtype="string"),
        "relationship": pd.array(pairs[:, 1], dtype="string")})
    return {"time_log": time_log, "reps": rep_table, "activities": acts, "opportunities": opps,
            "quotes": quote_table, "customers": customer_table, "tiers": tiers}


def run_notebook_computations(data: dict) -> dict:
    """Every computation of notebook 04's sections (charts and widgets aside), timed by step, then the
    chapter's ``compute(client)`` (what the notebook runs), which recomputes them all with the tiers."""
    import time

    from workbook.core import rules
    from workbook.core.client import Client
    from workbook.core.config import ClientConfig
    from workbook.core.schema import TABLES
    from workbook.timealloc import allocation as ta
    from workbook.timealloc import coverage as cv
    from workbook.timealloc import summary as ts

    config = ClientConfig(client_name="bench", period={"start": "2024-01-01", "end": "2025-12-31"})
    cats, tiers, acts, opps = config.time_categories, data["tiers"], data["activities"], data["opportunities"]
    steps, clock = {}, time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        steps[name] = now - clock
        clock = now

    log = ta.sellers_only(data["time_log"], reps=data["reps"])
    ta.selling_shares(log, categories=cats, reps=data["reps"])
    ta.hours_by_category(log, categories=cats, reps=data["reps"], by="team")
    rate = ta.revenue_per_selling_hour(opps, log, categories=cats, start=config.period.start, end=config.period.end)
    ta.offload_summary(log, categories=cats, moved=ta.default_moves(cats), support_hourly_cost=80,
                       revenue_per_hour=rate)
    ta.offload_by_rep(log, categories=cats, moved=ta.default_moves(cats))
    lap("time log")
    ta.planned_calls(acts, reps=data["reps"])
    lap("planned calls")
    start, end = rules.analysis_period(config, {"activities": acts})
    cov = cv.contact_coverage(acts, tiers=tiers, policy=config.contact_policy, start=start, end=end,
                              neglect_days=config.neglect_days)
    cv.coverage_by_tier(cov)
    cv.neglected_list(cov)
    lap("coverage")
    cv.after_sale_contact(acts, opps, as_of=end)
    lap("after the sale")
    cv.department_mix(acts, tiers=tiers)
    lap("departments")
    per_customer = cv.cost_to_serve(acts, channel_costs=config.channel_costs, tiers=tiers)
    cv.cost_by_tier(per_customer, revenue=cv.won_revenue(opps, start=start, end=end), tiers=tiers)
    cv.channel_shift(acts, tiers=tiers, shifts={5: {"phone": 0.3, "email": 0.2}}, channel_costs=config.channel_costs)
    lap("cost to serve")
    cv.win_rate_by_band(cv.quote_turnaround(data["quotes"], opportunities=opps))
    lap("quotes")
    client = Client(HERE / ".data" / "no-such-client", config, {name: data[name] for name in TABLES if name in data})
    result = ts.compute(client)
    lap("compute(client): tiers + all sections again")
    return {"steps": steps, "sections": len(result.sections), "missing": [s.key for s in result.sections if s.missing],
            "actions": len(result.actions), "below_policy": result.figures["coverage.below_policy_customers"],
            "below_policy_steps": int(cov["below_policy"].sum())}


def _measure(activities: int) -> dict:
    return measure(f"""
        import sys
        sys.path.insert(0, {str(HERE)!r})
        from bench_timealloc import make_data, run_notebook_computations
        data = make_data(activities={activities})
        result["generate_s"] = time.perf_counter() - start
        t0 = time.perf_counter()
        result.update(run_notebook_computations(data))
        result["compute_s"] = time.perf_counter() - t0
        result["rows"] = {{name: len(frame) for name, frame in data.items()}}
    """)


def main() -> None:
    full = _measure(2_000_000)
    rows = full["rows"]
    print(f"data: time log {rows['time_log']:,} rows (200 reps x 52 weeks x 9 categories), activities "
          f"{rows['activities']:,}, opportunities {rows['opportunities']:,}, quotes {rows['quotes']:,}, "
          f"customers {rows['customers']:,} (generated in {full['generate_s']:.1f} s)")
    for step, seconds in full["steps"].items():
        print(f"  {step:<45} {seconds:6.2f} s")
    same = full["below_policy"] == full["below_policy_steps"]
    print(f"compute(client): {full['sections']} sections ({len(full['missing'])} missing data"
          f"{': ' + ', '.join(full['missing']) if full['missing'] else ''}), {full['actions']} actions; "
          f"customers below the contact policy {full['below_policy']:,} "
          f"({'same as' if same else 'DIFFERS from'} the step-by-step coverage)")
    print(f"notebook 04 computations: {full['compute_s']:.1f} s, peak {full['peak_mb']:.0f} MB "
          "(the process, data generation included)")
    tenth = _measure(200_000)
    ratio = full["compute_s"] / tenth["compute_s"]
    print(f"same computations on 200,000 activities: {tenth['compute_s']:.1f} s, peak {tenth['peak_mb']:.0f} MB; "
          f"10x the activities takes {ratio:.1f}x the time (linear would be <= 10x)")


if __name__ == "__main__":
    main()
