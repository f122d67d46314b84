"""Non-blocking data-quality findings and derived columns of a valid intake."""
from __future__ import annotations

import pandas as pd

from tests.helpers import CUSTOMERS_CSV, make_client, read_findings
from workbook.core.config import ClientConfig
from workbook.intake.quality import derive, quality_findings
from workbook.intake.validate import run_intake

CONFIG = ClientConfig(client_name="Demo")
SOURCES = {"customers": "customers.csv", "opportunities": "crm.xlsx [商机]", "leads": "leads.csv"}


def _customers() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["A", "B"], "_source_row": [2, 3]})


def _opportunities(**cols) -> pd.DataFrame:
    base = {
        "opportunity_id": ["O1", "O2", "O3"],
        "created_date": pd.to_datetime(["2025-01-10", "2025-02-01", "2025-03-01"]),
        "stage": ["bid", "bid", "bid"],
        "customer_id": ["C1", "C2", "C1"],
        "status": ["open", "won", "lost"],
        "close_date": pd.to_datetime(["2025-03-01", "2025-04-01", "2025-05-01"]),
        "_source_row": [2, 3, 4],
    }
    return pd.DataFrame({**base, **cols})


def _by_rule(findings, rule, table=None):
    return [f for f in findings if f.rule == rule and (table is None or f.table == table)]


def test_consistent_data_has_no_row_findings():
    findings = quality_findings({"customers": _customers(), "opportunities": _opportunities()}, CONFIG, SOURCES)
    assert {f.rule for f in findings} == {"empty_optional", "derived_empty"}  # no row-level finding


def test_close_date_before_created_date():
    opportunities = _opportunities(close_date=pd.to_datetime(["2025-03-01", "2025-01-15", None]))
    findings = quality_findings({"customers": _customers(), "opportunities": opportunities}, CONFIG, SOURCES)
    [finding] = _by_rule(findings, "date_order")
    assert (finding.table, finding.column, finding.row) == ("opportunities", "close_date", 3)
    assert (finding.file, finding.sheet) == ("crm.xlsx", "商机")
    assert finding.value == "1 row(s): 3"


def test_opportunity_pointing_at_an_unknown_customer():
    opportunities = _opportunities(customer_id=["C1", "C9", "C8"])
    findings = quality_findings({"customers": _customers(), "opportunities": opportunities}, CONFIG, SOURCES)
    [finding] = _by_rule(findings, "unknown_reference", "opportunities")
    assert (finding.column, finding.row, finding.value) == ("customer_id", 3, "2 row(s): 3, 4")
    assert "customers" in finding.expected


def test_references_are_not_checked_without_the_referenced_table():
    findings = quality_findings({"opportunities": _opportunities(customer_id=["C9"] * 3)}, CONFIG, SOURCES)
    assert not _by_rule(findings, "unknown_reference")


def test_future_dates_except_expected_close_of_open_deals():
    future = pd.Timestamp.today().normalize() + pd.Timedelta(days=400)
    opportunities = _opportunities(
        created_date=pd.to_datetime(["2025-01-10", "2025-02-01", future]),
        close_date=pd.to_datetime([future, future, future]),
    )
    findings = quality_findings({"customers": _customers(), "opportunities": opportunities}, CONFIG, SOURCES)
    future_findings = {f.column: f for f in _by_rule(findings, "future_date")}
    assert set(future_findings) == {"created_date", "close_date"}
    assert future_findings["created_date"].value == "1 row(s): 4"
    assert future_findings["close_date"].value == "2 row(s): 3, 4"  # O1 is open: an expected date


def test_empty_optional_columns_are_listed():
    customers = _customers().assign(industry=[None, None], region=["华东", None])
    findings = quality_findings({"customers": customers}, CONFIG, SOURCES)
    [finding] = _by_rule(findings, "empty_optional", "customers")
    empty = finding.column.split(", ")
    assert "industry" in empty and "headcount" in empty
    assert "region" not in empty and "name" not in empty


def test_derive_fills_source_type_from_config():
    config = ClientConfig(client_name="Demo", source_types={"展会": "passive", "Cold call": "active"})
    leads = pd.DataFrame({
        "lead_id": ["L1", "L2", "L3", "L4"],
        "source": ["展会", "cold_call", "展会", "web"],
        "source_type": pd.array(["active", None, None, None], dtype="string"),
        "_source_row": [2, 3, 4, 5],
    })
    out = derive({"leads": leads}, config)
    assert out["leads"]["source_type"].tolist()[:3] == ["active", "active", "passive"]  # data beats config
    assert pd.isna(out["leads"]["source_type"].iloc[3])
    assert leads["source_type"].isna().sum() == 3  # the input is not mutated
    [finding] = _by_rule(quality_findings(out, config, SOURCES), "untyped_source")
    assert (finding.row, finding.value) == (5, "1 row(s): 5")
    assert "web" in finding.fix


def test_derive_without_source_types_changes_nothing():
    leads = pd.DataFrame({"lead_id": ["L1"], "source": ["展会"], "_source_row": [2]})
    assert derive({"leads": leads}, CONFIG)["leads"] is leads


def test_intake_stores_findings_in_quality_json(tmp_path):
    soon = (pd.Timestamp.today() + pd.Timedelta(days=30)).date()  # in the future, yet plausible (within a year)
    files = {
        "customers.csv": CUSTOMERS_CSV,
        "opportunities.csv": "opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
                             "O1,2025-03-01,bid,C1,won,100,2025-02-01\n"      # closed before created
                             "O2,2025-02-01,bid,C9,open,100,2025-04-01\n"     # unknown customer
                             f"O3,{soon},bid,C2,open,100,{soon}\n",          # created in the future
    }
    client = make_client(tmp_path, files)
    result = run_intake(client)
    stored = read_findings(client)
    assert stored == [f.as_dict() for f in result.findings]
    rows = {(f["table"], f["rule"], f["column"]): f for f in stored}
    assert rows[("opportunities", "date_order", "close_date")]["row"] == 2
    assert rows[("opportunities", "unknown_reference", "customer_id")]["row"] == 3
    assert rows[("opportunities", "future_date", "created_date")]["row"] == 4
    assert ("opportunities", "future_date", "close_date") not in rows  # O3 is open
    [empty] = [f for f in stored if f["table"] == "customers" and f["rule"] == "empty_optional"]
    assert "industry" in empty["column"].split(", ") and "level" not in empty["column"].split(", ")
    assert all(f["file"] in ("customers.csv", "opportunities.csv") for f in stored)


def test_unmatched_join_keys_are_a_finding(tmp_path):
    yaml = ("client_name: Demo\ntables:\n  customers:\n    file: accounts.csv\n"
            "    join: {file: sizes.csv, \"on\": customer_id}\n")
    files = {
        "accounts.csv": "customer_id,name\nC1,A\nC2,B\n",
        "sizes.csv": "customer_id,headcount\nC1,50\n",
    }
    client = make_client(tmp_path, files, yaml=yaml)
    run_intake(client)
    [finding] = [f for f in read_findings(client) if f["rule"] == "unmatched_join"]
    assert (finding["table"], finding["file"], finding["column"]) == ("customers", "accounts.csv", "customer_id")
    assert finding["value"] == "1 of 2 keys"
    assert "sizes.csv" in finding["expected"]


def test_empty_derived_columns_ask_for_nothing():
    # the kit derives level and relationship; an export without them is no defect and no action
    customers = _customers().assign(level=[None, None], relationship=[None, None], industry=[None, None])
    findings = quality_findings({"customers": customers}, CONFIG, SOURCES)
    [derived] = _by_rule(findings, "derived_empty", "customers")
    assert derived.column == "level, relationship"
    assert derived.fix_zh.startswith("无需补填") and "nothing to fill in" in derived.fix
    [empty] = _by_rule(findings, "empty_optional", "customers")
    assert "industry" in empty.column.split(", ") and "relationship" not in empty.column.split(", ")
