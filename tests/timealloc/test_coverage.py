"""workbook.timealloc.coverage: contact policy, after-sale contact, departments, cost to serve, channel shift,
quotes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from workbook.core import rules
from workbook.timealloc import coverage as cv

COSTS = {"visit": 100.0, "phone": 1.0, "email": 0.01}


def tiers(mapping):
    return pd.Series(pd.array(list(mapping.values()), dtype="Int64"),
                     index=pd.Index(list(mapping), name="customer_id"))


def acts(rows):
    """Activities from (date, customer_id, type) triples."""
    date, cust, kind = zip(*rows, strict=True)
    return pd.DataFrame({"date": pd.to_datetime(list(date)), "owner": "R1", "customer_id": list(cust),
                         "type": list(kind)})


# --- policy coverage -------------------------------------------------------------------------------------

def test_policy_coverage_counts():
    # 2025-01-01 .. 2025-03-31: 90 days = 2.957 months
    rows = ([("2025-02-01", "C1", "visit")] * 6 + [("2025-02-01", "C2", "phone")] * 2 + [("2025-03-01", "C5", "email")]
            + [("2025-03-01", "CX", "visit")] * 9)
    policy = {1: 2.0, 2: 1.0, 3: 0.5, 4: 1.0, 5: 0.25}
    out = cv.contact_coverage(acts(rows), tiers=tiers({"C1": 1, "C2": 2, "C5": 5, "C4": 4, "CX": None}),
                              policy=policy, start="2025-01-01", end="2025-03-31", neglect_days=90)
    out = out.set_index("customer_id")
    assert list(out.index) == ["C1", "C2", "C5", "C4"]  # CX has no tier: left out
    assert out["contacts"].tolist() == [6, 2, 1, 0]
    assert out.loc["C1", "contacts_per_month"] == pytest.approx(6 / (90 / (365.25 / 12)))
    # needs: tier 1 >= 5.91, tier 2 >= 2.96, tier 5 >= 0.74, tier 4 >= 2.96
    assert out["below_policy"].tolist() == [False, True, False, True]
    assert out["neglected"].tolist() == [False, False, False, False]  # tier 4 and 5 are not asset tiers
    summary = cv.coverage_by_tier(out.reset_index())
    assert summary["tier"].tolist() == [1, 2, 4, 5]
    assert summary["below_policy"].tolist() == [0, 1, 1, 0]


def test_neglect_is_tier_1_to_3_without_contact_for_neglect_days():
    rows = [("2025-10-02", "C1", "visit"),   # 90 days before the end: not neglected
            ("2025-10-01", "C2", "visit"),   # 91 days: neglected
            ("2024-05-01", "C4", "visit")]   # tier 4: never counted as neglected
    out = cv.contact_coverage(acts(rows), tiers=tiers({"C1": 1, "C2": 2, "C3": 3, "C4": 4}), policy={},
                              start="2025-01-01", end="2025-12-31", neglect_days=90)
    assert out["days_since_contact"].tolist() == [90, 91, pd.NA, 609]
    assert out["neglected"].tolist() == [False, True, True, False]  # C3 never contacted
    names = pd.DataFrame({"customer_id": ["C2", "C3"], "name": ["乙", "丙"], "owner": ["R1", "R2"]})
    listed = cv.neglected_list(out, names)
    assert listed["customer_id"].tolist() == ["C2", "C3"]
    assert listed["name"].tolist() == ["乙", "丙"]


def test_tier_series():
    out = cv.tier_series(pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "tier": [1, 1, None]}))
    assert out.index.tolist() == ["C1", "C2"] and out.dtype == "Int64" and out.isna().tolist() == [False, True]


# --- after the sale and departments ----------------------------------------------------------------------

def test_after_sale_contact_rates_and_exposure():
    opps = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "status": ["won", "won", "lost"],
                         "close_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-01-01"])})
    # the records run to as_of (C3's contact that day): every day up to it is observed
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2024-12-01", "2025-01-05", "2025-01-06", "2025-02-10", "2025-02-03", "2025-03-02"]),
        "customer_id": ["C1", "C1", "C1", "C1", "C2", "C3"],
        "department": ["sales", "sales", "finance", "service", "sales", "sales"]})
    as_of = pd.Timestamp("2025-03-02")
    out = cv.after_sale_contact(frame, opps, as_of=as_of, max_months=2)
    total = out[out["department"] == "all"]
    # C1 before its win and C3 (lost deal) do not count; month 0: C1 x2 + C2 x1; month 1: C1 x1
    assert total["contacts"].tolist() == [3, 1]
    c1 = (as_of - pd.Timestamp("2025-01-01")).days / rules.MONTH_DAYS   # 1.94 months observed
    c2 = (as_of - pd.Timestamp("2025-02-01")).days / rules.MONTH_DAYS   # 0.95
    assert total["exposure_months"].tolist() == pytest.approx([1 + min(c2, 1), max(c1 - 1, 0) + max(c2 - 1, 0)])
    assert sorted(out["department"].unique()) == ["all", "finance", "sales", "service"]
    sales = out[out["department"] == "sales"]
    assert sales["contacts"].tolist() == [2, 0]


def test_decay_ratio():
    frame = pd.DataFrame({"months_since_sale": range(6), "department": "all", "contacts": [4, 4, 4, 1, 1, 1],
                          "exposure_months": [2.0] * 6})
    assert cv.decay_ratio(frame) == pytest.approx(0.25)
    assert cv.decay_ratio(frame.assign(contacts=0)) is None


def test_department_mix():
    frame = pd.DataFrame({"customer_id": ["C1", "C1", "C1", "C2"],
                          "department": ["sales", "finance", "sales", "sales"]})
    out = cv.department_mix(frame, tiers=tiers({"C1": 1, "C2": None}))
    expected = pd.DataFrame({"tier": ["1", "1", "none"], "department": ["finance", "sales", "sales"],
                             "contacts": [1, 2, 1], "contact_share": [1 / 3, 2 / 3, 1.0], "customers": [1, 1, 1],
                             "customer_share": [1.0, 1.0, 1.0]})
    assert_frame_equal(out, expected, check_dtype=False)


# --- cost to serve ---------------------------------------------------------------------------------------

def test_cost_to_serve_arithmetic_100_1_001():
    rows = ([("2025-01-01", "C1", "visit")] * 2 + [("2025-01-01", "C1", "phone")] * 3
            + [("2025-01-01", "C1", "email")] * 5 + [("2025-01-01", "C1", "technical_exchange")]
            + [("2025-01-01", "C2", "email")] * 100)
    out = cv.cost_to_serve(acts(rows), channel_costs=COSTS, tiers=tiers({"C1": 1, "C2": 5})).set_index("customer_id")
    assert out.loc["C1", "cost"] == pytest.approx(2 * 100 + 3 * 1 + 5 * 0.01)  # 203.05
    assert out.loc["C1", "uncosted"] == 1 and out.loc["C1", "contacts"] == 11
    assert out.loc["C2", "cost"] == pytest.approx(1.0)  # 100 e-mails cost one phone call
    assert out["tier"].tolist() == ["1", "5"]


def test_cost_by_tier_against_revenue():
    cost = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "tier": ["1", "5", "5"], "contacts": [10, 2, 2],
                         "cost": [300.0, 50.0, 50.0]})
    revenue = pd.Series({"C1": 3000.0, "C9": 1000.0})  # C9: no contact, tier 5 by the tier series
    out = cv.cost_by_tier(cost, revenue=revenue, tiers=tiers({"C1": 1, "C9": 5}))
    assert out["tier"].tolist() == ["1", "5"]
    assert out["cost"].tolist() == [300.0, 100.0]
    assert out["cost_per_customer"].tolist() == [300.0, 50.0]
    assert out["cost_share"].tolist() == [0.75, 0.25]
    assert out["revenue"].tolist() == [3000.0, 1000.0]
    assert out["cost_per_revenue"].tolist() == [0.1, 0.1]


def test_won_revenue_in_period():
    opps = pd.DataFrame({"customer_id": ["C1", "C1", "C2", None], "status": ["won", "won", "lost", "won"],
                         "amount": [1.0, 2.0, 4.0, 8.0],
                         "close_date": pd.to_datetime(["2024-12-31", "2025-01-01", "2025-01-01", "2025-01-01"])})
    assert cv.won_revenue(opps, start="2025-01-01", end="2025-12-31").to_dict() == {"C1": 2.0}
    assert cv.won_revenue(None).empty


def test_channel_shift_saving_and_hours():
    rows = [("2025-01-01", "C5", "visit")] * 10 + [("2025-01-01", "C5", "phone")] * 2 + [("2025-01-01", "C1", "visit")]
    frame = acts(rows).assign(hours=[3.0] * 10 + [0.5] * 2 + [3.0])
    out = cv.channel_shift(frame, tiers=tiers({"C1": 1, "C5": 5}), shifts={5: {"phone": 0.5}, 1: {}},
                           channel_costs=COSTS)
    five = out.set_index("tier").loc[5]
    assert five["visits"] == 10 and five["moved"] == 5
    assert five["cost_before"] == 1000.0 and five["cost_after"] == pytest.approx(505.0)
    assert five["saving"] == pytest.approx(5 * (100 - 1))
    assert five["hours_freed"] == pytest.approx(5 * (3.0 - 0.5))
    assert out.set_index("tier").loc[1, "saving"] == 0.0


def test_channel_shift_errors():
    frame = acts([("2025-01-01", "C5", "visit")])
    with pytest.raises(ValueError, match="sum to at most 1"):
        cv.channel_shift(frame, tiers=tiers({"C5": 5}), shifts={5: {"phone": 0.7, "email": 0.4}}, channel_costs=COSTS)
    with pytest.raises(ValueError, match="'fax' has no unit cost.*visit, phone, email"):
        cv.channel_shift(frame, tiers=tiers({"C5": 5}), shifts={5: {"fax": 0.5}}, channel_costs=COSTS)


# --- quote turnaround ------------------------------------------------------------------------------------

def test_quote_bands_and_win_rates():
    days = [0, 2, 3, 7, 8, 14, 15, None]
    requested = pd.Timestamp("2025-03-01")
    quotes = pd.DataFrame({"quote_id": [f"Q{i}" for i in range(8)], "opportunity_id": [f"O{i}" for i in range(8)],
                           "requested_date": [requested] * 8,
                           "sent_date": [requested + pd.Timedelta(days=d) if d is not None else pd.NaT for d in days]})
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(8)],
                         "status": ["won", "lost", "won", "won", "lost", "open", "lost", "lost"]})
    out = cv.quote_turnaround(quotes, opportunities=opps)
    assert out["band"].tolist() == [0, 0, 1, 1, 2, 2, 3, -1]  # 48 h is within 48 h; 7 and 14 days close a band
    summary = cv.quote_summary(out)
    assert summary == {"quotes": 8, "sent": 7, "median_hours": 7 * 24.0, "within_48h_share": 2 / 7,
                       "over_14d_share": 1 / 7}
    rates = cv.win_rate_by_band(out)
    assert rates["band"].tolist() == [0, 1, 2, 3, -1]
    assert rates["quotes"].tolist() == [2, 2, 2, 1, 1]
    assert rates["closed"].tolist() == [2, 2, 1, 1, 1]  # the open deal is not closed
    assert rates["win_rate"].tolist() == [0.5, 1.0, 0.0, 0.0, 0.0]
    assert rates["upper_hours"].iloc[:3].tolist() == [48, 168, 336] and np.isnan(rates["upper_hours"].iloc[3])


def test_quotes_without_status_or_sent_date():
    quotes = pd.DataFrame({"quote_id": ["Q1"], "requested_date": pd.to_datetime(["2025-03-01"])})
    out = cv.quote_turnaround(quotes)
    assert out["band"].tolist() == [-1] and out["status"].isna().all()
    assert cv.quote_summary(out)["median_hours"] is None
    assert cv.quote_summary(None)["within_48h_share"] is None


def test_after_sale_months_after_the_records_stop_are_not_observed():
    # won 1 Jan; the activity records stop on 15 Feb although the period runs to 2 Jul: months 2 and later after
    # the sale are unobserved (no rate), not months without contact (a rate of 0)
    acts = pd.DataFrame({"date": pd.to_datetime(["2025-01-10", "2025-01-20", "2025-02-15"]),
                         "customer_id": ["C1"] * 3})
    opps = pd.DataFrame({"customer_id": ["C1"], "status": ["won"], "close_date": pd.to_datetime(["2025-01-01"])})
    out = cv.after_sale_contact(acts, opps, as_of="2025-07-02", max_months=6).set_index("months_since_sale")
    # observed 1 Jan .. 15 Feb = 45 days = 1.478 months: month 0 fully, month 1 for 0.478 of a month
    assert out.loc[0, "exposure_months"] == pytest.approx(1.0)
    assert out.loc[1, "exposure_months"] == pytest.approx(45 / rules.MONTH_DAYS - 1)
    assert out.loc[0, "contacts_per_month"] == pytest.approx(2.0)
    assert out.loc[1, "contacts_per_month"] == pytest.approx(1 / (45 / rules.MONTH_DAYS - 1))
    assert out.loc[2:, "contacts_per_month"].isna().all()
