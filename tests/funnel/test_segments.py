"""Hand-worked tables for workbook.funnel.segments: the funnel by customer tier, win rates by owner,
revenue by industry."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbook.funnel import segments as sg

TIERED = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "tier": pd.array([1, 3, None], dtype="Int64")})
OPPS = pd.DataFrame({"opportunity_id": ["O1", "O2", "O3", "O4", "O5", "O6"],
                     "customer_id": ["C1", "C1", "C2", "C3", None, "C9"],
                     "owner": ["A", "A", "B", "B", "B", None],
                     "status": ["won", "lost", "won", "lost", "open", "won"],
                     "amount": [100.0, 40.0, np.nan, 10.0, 7.0, 5.0]})


def test_with_tier_keys_and_unknown_customers():
    out = sg.with_tier(OPPS, TIERED)
    assert out["tier"].astype(str).tolist() == ["1", "1", "3", "none", "unknown", "unknown"]
    assert "tier" not in OPPS  # the input is not mutated
    no_key = sg.with_tier(OPPS.drop(columns="customer_id"), TIERED)
    assert set(no_key["tier"].astype(str)) == {"unknown"}


def test_outcomes_by_tier_hand_worked():
    out = sg.outcomes_by(sg.with_tier(OPPS, TIERED), by="tier").set_index("tier")
    assert out.index.astype(str).tolist() == ["1", "3", "none", "unknown"]  # tier order, empty tiers left out
    assert out.loc["1", ["deals", "won", "lost"]].tolist() == [2, 1, 1]
    assert out.loc["1", "win_rate"] == 0.5 and out.loc["1", "won_amount"] == 100.0
    assert out.loc["3", "won_amount"] == 0.0  # a won deal without amount adds nothing
    assert out.loc["none", "win_rate"] == 0.0
    assert out.loc["unknown", "win_rate"] == 1.0  # O5 is open: only O6 (won) is closed


def test_outcomes_by_without_amount_or_closed_deals():
    out = sg.outcomes_by(OPPS.drop(columns="amount"), by="owner")
    assert out["won_amount"].isna().all()
    only_open = sg.outcomes_by(OPPS[OPPS["status"] == "open"], by="owner")
    assert only_open["deals"].tolist() == [1] and np.isnan(only_open["win_rate"].iloc[0])


def test_tier_funnel_and_view_from_leads():
    journey = pd.DataFrame({"customer_id": ["C1", "C1", "C2", None], "leads": True,
                            "followed_up": [True, False, True, True], "won": [True, False, False, False]})
    table = sg.tier_funnel(journey, TIERED)
    won = table[table["stage"] == "won"].set_index("tier")
    assert won.loc["1", "count"] == 1 and won.loc["1", "cumulative_rate"] == 0.5
    view = sg.tier_view(journey, OPPS, TIERED)  # leads first: the opportunities are not used
    assert view.index.astype(str).tolist() == ["1", "3", "unknown"]
    assert view.columns.tolist() == ["leads", "followed_up", "won"]
    assert view["leads"].tolist() == [2, 1, 1]  # counts; the other stages are shares of the tier's leads
    assert view["followed_up"].tolist() == [0.5, 1.0, 1.0] and view["won"].tolist() == [0.5, 0.0, 0.0]


def test_tier_view_falls_back_to_opportunities_and_none():
    view = sg.tier_view(None, OPPS, TIERED)
    assert view.loc["1", "win_rate"] == 0.5 and view.loc["none", "deals"] == 1
    assert sg.tier_view(None, OPPS, None) is None
    assert sg.tier_view(None, OPPS.drop(columns="customer_id"), TIERED) is None


def test_win_rates_by_owner():
    assert sg.win_rates(OPPS) == {"A": 0.5, "B": pytest.approx(0.5)}  # B: O3 won, O4 lost, O5 open
    assert sg.win_rates(OPPS.drop(columns="status")) is None
    assert sg.win_rates(None) is None


def test_revenue_by_industry():
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "industry": ["retail", "retail", None]})
    assert sg.revenue_by_industry(OPPS, customers) == {"retail": 100.0}  # C2's won deal has no amount
    assert sg.revenue_by_industry(OPPS, customers.assign(industry=None)) is None
    assert sg.revenue_by_industry(OPPS, None) is None
    assert sg.revenue_by_industry(OPPS.drop(columns="amount"), customers) is None
