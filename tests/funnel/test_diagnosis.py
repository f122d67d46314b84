"""The whole diagnosis (workbook.funnel.diagnosis): diagnose, key_figures and the interpretation."""
from __future__ import annotations

import pandas as pd
import pytest

from tests import pipeline_data as data
from workbook.core.config import ClientConfig
from workbook.funnel import diagnosis as dg


def test_diagnose_and_key_figures_with_opportunities_only(opps, history):
    config = ClientConfig(client_name="Demo")
    d = dg.diagnose({"opportunities": opps, "stage_history": history}, config)
    fig = dg.key_figures(d)
    assert fig["funnel.leads"] is None and fig["funnel.by_source"] is None and fig["funnel.pre_tender_win_rate"] is None
    assert fig["funnel.won"] == 1 and fig["funnel.lost"] == 1 and fig["funnel.win_rate_closed"] == 0.5
    assert fig["funnel.weighted_pipeline"] == pytest.approx(200 * 0.2 + 400 * 0.8)
    assert fig["funnel.collected_share"] == 0.6
    assert "funnel.five_numbers" in fig and fig["funnel.five_numbers"]["opportunities"] == 4.0


def test_won_only_data_leave_lost_and_win_rate_empty():
    opps = pd.DataFrame({"opportunity_id": ["O1"], "stage": ["negotiate"], "status": ["won"], "owner": ["R1"],
                         "created_date": pd.to_datetime(["2025-01-01"])})
    fig = dg.key_figures(dg.diagnose({"opportunities": opps}, ClientConfig(client_name="Demo")))
    assert fig["funnel.won"] == 1 and fig["funnel.lost"] is None and fig["funnel.win_rate_closed"] is None
    assert fig["funnel.win_rate_by_owner"] is None  # a won-only file says nothing about win rates


def test_interpret_names_the_biggest_leaks_escaped():
    d = {"window_days": 7, "funnel": None, "reverse": None,
         "sources": pd.DataFrame({"source": ["<b>web</b>", "fair"], "lead_to_win_rate": [0.01, 0.2],
                                  "lead_share": [0.9, 0.1]})}
    fig = {"funnel.never_followed_up_share": 0.45, "funnel.followed_within_window_share": 0.3,
           "funnel.lead_to_win_rate": 0.05, "funnel.collected_share": 0.9}
    text = dg.interpret(d, fig, lang="en")
    assert text.index("web") < text.index("never followed") < text.index("Cash leak")
    assert "&lt;b&gt;web" in text and "<b>" not in text
    assert "45%" in dg.interpret(d, fig, lang="zh")


def test_undated_opportunities_are_kept_and_counted(opps):
    opps = opps.assign(created_date=pd.to_datetime(["2025-01-01", None, None, "2025-01-01"]))
    d = dg.diagnose({"opportunities": opps}, ClientConfig(client_name="Demo"))
    fig = dg.key_figures(d)
    assert fig["funnel.undated_opportunities"] == 2
    assert fig["funnel.opportunities"] == 4 and fig["funnel.won"] == 1 and fig["funnel.lost"] == 1
    assert fig["funnel.median_days_opportunity_to_close"] == 19.0  # O3 (lost, undated) is left out
    cycle = d["cycle"].set_index("measure")
    assert cycle.loc["opportunity_to_close", "excluded"] == 1
    assert fig["funnel.weighted_pipeline"] == pytest.approx(200 * 0.2 + 400 * 0.8)  # O2 still counts
    assert "2 opportunities have no created date" in dg.undated_note(d, lang="en")
    assert dg.undated_note(dg.diagnose({"opportunities": data.opportunities()}, ClientConfig(client_name="D"))) == ""


def test_win_rate_by_owner_revenue_by_industry_and_tier(opps):
    customers = pd.DataFrame({"customer_id": ["K1", "K2"], "industry": ["retail", None]})
    opps = opps.assign(customer_id=["K1", "K2", "K1", None])
    tiered = pd.DataFrame({"customer_id": ["K1", "K2"], "tier": pd.array([2, None], dtype="Int64")})
    d = dg.diagnose({"opportunities": opps, "customers": customers}, ClientConfig(client_name="Demo"), tiered=tiered)
    fig = dg.key_figures(d)
    assert fig["funnel.win_rate_by_owner"] == {"R1": 0.5}  # R2's deals are open
    assert fig["funnel.revenue_by_industry"] == {"retail": 100.0}
    assert fig["funnel.win_rate_by_tier"] == {"2": 0.5, "none": None, "unknown": None}
    assert d["tiers"].loc["2", "deals"] == 2
    bare = dg.key_figures(dg.diagnose({"opportunities": opps}, ClientConfig(client_name="Demo")))
    assert bare["funnel.revenue_by_industry"] is None and bare["funnel.win_rate_by_tier"] is None
