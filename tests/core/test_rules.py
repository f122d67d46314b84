"""The shared rules: one ratio, one presence test, one as-of date and period for every analysis."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.helpers import make_client
from workbook.core import rules
from workbook.core.client import load_client
from workbook.core.config import ClientConfig
from workbook.funnel.diagnosis import diagnose
from workbook.intake.validate import run_intake

NO_PERIOD = ClientConfig(client_name="X")
WITH_PERIOD = ClientConfig(client_name="X", period={"start": "2025-01-01", "end": "2025-06-30"})


def test_ratio_is_nan_without_a_denominator_for_scalars_and_arrays():
    assert rules.ratio(1, 4) == 0.25
    assert np.isnan(rules.ratio(1, 0)) and np.isnan(rules.ratio(0, 0)) and np.isnan(rules.ratio(1, -2))
    out = rules.ratio(np.array([1.0, 3.0, 2.0]), np.array([2.0, 0.0, np.nan]))
    assert out[0] == 0.5 and np.isnan(out[1:]).all()


def test_has_needs_every_column_with_a_value():
    frame = pd.DataFrame({"a": [1, None], "b": [None, None]})
    assert rules.has(frame, "a") and not rules.has(frame, "b") and not rules.has(frame, "a", "b")
    assert not rules.has(None, "a") and not rules.has(frame, "zz") and not rules.has(frame.iloc[:0], "a")


def test_tier_keys_and_bools():
    assert rules.tier_key(pd.Series([1, None, 5.0])).tolist() == ["1", "none", "5"]
    assert rules.as_bool(pd.Series([True, None, False], dtype="boolean")).tolist() == [True, False, False]
    assert rules.TIER_KEYS == ("1", "2", "3", "4", "5", "none") and rules.ASSET_TIERS == (1, 2, 3)


TABLES = {
    "activities": pd.DataFrame({"date": pd.to_datetime(["2025-02-03", "2025-05-06"])}),
    "leads": pd.DataFrame({"created_date": pd.to_datetime(["2025-01-15", "2025-07-20"])}),
    "opportunities": pd.DataFrame({"created_date": pd.to_datetime(["2025-03-01", None]),
                                   "close_date": pd.to_datetime([None, "2025-06-30"])}),
}


def test_as_of_is_the_period_end_else_the_latest_date_of_any_table():
    assert rules.as_of_date(WITH_PERIOD, TABLES) == pd.Timestamp("2025-06-30")
    assert rules.as_of_date(NO_PERIOD, TABLES) == pd.Timestamp("2025-07-20")  # a lead, after every activity
    assert rules.as_of_date(NO_PERIOD, {"activities": TABLES["activities"]}) == pd.Timestamp("2025-05-06")


def test_as_of_without_any_date_is_today():
    assert rules.as_of_date(NO_PERIOD, {}) == pd.Timestamp.today().normalize()


def test_analysis_period_spans_all_dated_tables():
    assert rules.analysis_period(NO_PERIOD, TABLES) == (pd.Timestamp("2025-01-15"), pd.Timestamp("2025-07-20"))
    assert rules.analysis_period(WITH_PERIOD, TABLES) == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    assert rules.analysis_period(NO_PERIOD, {"leads": None}) == (None, None)


@pytest.fixture
def client(tmp_path):
    folder = make_client(tmp_path, {
        "customers.csv": "customer_id,name,level,relationship\nC1,Acme,target,neutral\n",
        "leads.csv": "lead_id,created_date,source\nL1,2025-01-15,web\nL2,2025-08-02,fair\n",
        "opportunities.csv": "opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
                             "O1,2025-02-10,negotiate,C1,won,1000,2025-03-01\n",
        "activities.csv": "date,owner,customer_id,type\n2025-04-01,R1,C1,visit\n",
    })
    run_intake(folder)
    return load_client(folder)


def test_every_analysis_of_a_client_uses_the_same_as_of(client):
    """The customer notebooks (client.as_of) and the funnel diagnosis agree, here on a lead's date."""
    assert client.as_of == pd.Timestamp("2025-08-02")
    assert diagnose(client.tables(), client.config)["as_of"] == client.as_of
    assert client.period == (pd.Timestamp("2025-01-15"), pd.Timestamp("2025-08-02"))
