"""Three CRM exports nobody here made, each from ``workbook new`` to a rendered funnel report as a new user goes:
``new`` (no preset: the map recognises the CRM) -> the exports copied into data/raw -> ``map --write`` ->
``validate`` -> ``render --only funnel_diagnosis --formats html``, with no edit of client.yaml except the one
outcome the data cannot tell (Bitrix24's company stage C1:UC_ISSUED, answered in ``map --interactive``).

The fixtures are written by ``tests/data/crm-shapes/make_shapes.py``; the figures below are worked by hand from its
layout (its docstring lists the rows), the arithmetic in the comments.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from workbook.cli import main
from workbook.core import columns as c
from workbook.funnel.diagnosis import compute as funnel_chapter
from workbook.funnel.pipeline import cycle_times
from workbook.intake import open_client
from workbook.intake.overview import compute as overview_chapter
from workbook.timealloc import compute as time_chapter

SHAPES = Path(__file__).resolve().parents[1] / "data" / "crm-shapes"


def _run(*args: str, input: str | None = None) -> str:
    result = CliRunner().invoke(main, [*args, "--lang", "en"], input=input)
    assert result.exit_code == 0, f"workbook {' '.join(args[:1])} failed:\n{result.output}"
    return result.output


def _through(tmp_path: Path, shape: str, *, answers: str | None = None) -> tuple[Path, str]:
    """``new`` -> copy the exports -> ``map --write`` (``--interactive`` with ``answers``) -> ``validate``;
    the client folder and the map's output. client.yaml is never edited here."""
    client = tmp_path / shape
    _run("new", str(client), "--name", "Test")
    for path in sorted((SHAPES / shape).iterdir()):
        shutil.copy(path, client / "data" / "raw" / path.name)
    args = ["map", str(client), "--write", *(["--interactive"] if answers is not None else [])]
    mapped = _run(*args, input=answers)
    _run("validate", str(client))
    return client, mapped


def _render(client: Path) -> dict:
    """The funnel chapter rendered to HTML; its recorded figures from metrics.json."""
    _run("render", str(client), "--only", "funnel_diagnosis", "--formats", "html")
    assert (client / "reports" / "report.html").is_file()
    metrics = json.loads((client / "reports" / "metrics.json").read_text(encoding="utf-8"))
    return metrics["notebooks"]["03_funnel_diagnosis"]


def _outcomes(client) -> dict:
    """Deals by status and the median days created -> won and created -> closed (calendar days)."""
    opps = client.table("opportunities")
    cycle = cycle_times(None, opps).set_index("measure")["median"]
    status = opps[c.STATUS].value_counts()
    return {"deals": len(opps), "won": int(status.get("won", 0)), "lost": int(status.get("lost", 0)),
            "open": int(status.get("open", 0)), "days_to_win": float(cycle["opportunity_to_win"]),
            "days_to_close": float(cycle["opportunity_to_close"])}


def _rules(client, column: str | None = None) -> set[str]:
    findings = client.findings()
    if column is not None:
        findings = findings[findings["column"].astype("string").eq(column).fillna(False).to_numpy(dtype=bool)]
    return set(findings["rule"])


def test_salesforce_european_locale_report(tmp_path):
    path, mapped = _through(tmp_path, "salesforce-eu")
    assert "Recognised as Salesforce" in mapped
    client = open_client(path)
    # 40 deals: 12 Closed Won, 8 Closed Lost, 20 in the six open stages (4 + 4 + 3 + 3 + 3 + 3)
    # created -> won: 20, 25, ..., 75 days, median (45 + 50) / 2 = 47.5; with the lost 10, 15, 20, 30, 40, 50, 60, 70
    # the 20 closed deals' median is the 10th and 11th of them sorted: (40 + 45) / 2 = 42.5
    assert _outcomes(client) == {"deals": 40, "won": 12, "lost": 8, "open": 20, "days_to_win": 47.5,
                                 "days_to_close": 42.5}
    opps = client.table("opportunities").set_index(c.OPPORTUNITY_ID)
    # the funnel in the order of Probability (%), the custom stage (95%) after Negotiation/Review (80%)
    assert [(s.name, s.probability) for s in client.config.stages] == [
        ("prospecting", 0.1), ("qualification", 0.2), ("needs_analysis", 0.3), ("proposal_price_quote", 0.6),
        ("negotiation_review", 0.8), ("contract_sent", 0.95)]
    assert opps.loc["Rivière Renewal 03", c.STAGE] == "contract_sent"
    assert opps.loc["Rivière Renewal 03", c.STATUS] == "open"
    # 31.12.3999 is no close date: the 8 Prospecting and Qualification deals; dd.mm.yyyy read day first
    assert int(opps[c.CLOSE_DATE].isna().sum()) == 8
    findings = client.findings()
    (placeholders,) = findings.loc[findings["rule"].eq("placeholder_date").to_numpy(dtype=bool), "value"]
    assert "'31.12.3999'" in placeholders and placeholders.endswith("(8 cells)")  # counted in one finding
    assert opps.loc["Alpenglas Pilot 02", c.CREATED_DATE] == pd.Timestamp("2025-02-08")
    assert opps.loc["Alpenglas Pilot 02", c.CLOSE_DATE] == pd.Timestamp("2025-12-18")
    assert c.AMOUNT not in opps or opps[c.AMOUNT].isna().all()  # no Amount column in the report
    fig = _render(path)
    assert (fig["funnel.opportunities"], fig["funnel.won"], fig["funnel.lost"]) == (40, 12, 8)
    assert fig["funnel.win_rate_closed"] == pytest.approx(12 / 20)
    assert fig["funnel.median_days_opportunity_to_close"] == pytest.approx(42.5)


def test_bitrix24_deals_and_activities_with_one_answered_question(tmp_path):
    # the one question: C1:UC_ISSUED (closed, no won or lost word) is an invoice issued, which this company wins
    path, mapped = _through(tmp_path, "bitrix24", answers="won\n")
    assert "Recognised as Bitrix24" in mapped and "C1:UC_ISSUED" in mapped
    client = open_client(path)
    # won: WON 12 + C1:WON 3 + C1:UC_ISSUED 4 = 19; lost: LOSE 6 + APOLOGY 3 + C1:LOSE 2 = 11; open 50 - 30 = 20
    # created -> won in calendar days (a creation time of day, a close date at midnight, both +03:00):
    # 3 5 7 8 10 12 14 15 18 [20] 21 25 28 30 35 40 45 50 60 -> the 10th of 19 is 20
    # closed: those 19 and the lost 0 0 0 4 6 9 11 16 22 27 33 -> 30 values, the 15th and 16th are 15 and 16
    assert _outcomes(client) == {"deals": 50, "won": 19, "lost": 11, "open": 20, "days_to_win": 20.0,
                                 "days_to_close": 15.5}
    opps = client.table("opportunities").set_index(c.OPPORTUNITY_ID)
    # deal 101 was created at 01:15 Moscow time, still 31 August in UTC: the day is the client's
    assert opps.loc["101", c.CREATED_DATE].normalize() == pd.Timestamp("2020-09-01")
    # three lost deals closed (at midnight) the day they were created (later that day): not out of order
    assert "date_order" not in _rules(client)
    # the lost deals carry no stage (lost with no stage, by the preset): they left the funnel, no data is missing
    assert not {"required_empty_kept", "required_empty_unknown"} & _rules(client, "STAGE_ID")
    # the period ends at the last completed activity (29 Jan 2021), not at March's scheduled ones or the
    # expected close dates of open deals
    start, end = client.period
    assert (pd.Timestamp(start), pd.Timestamp(end)) == (pd.Timestamp("2020-09-01"), pd.Timestamp("2021-01-29"))
    findings = client.findings()
    later = findings[findings["rule"].eq("after_last_event").to_numpy(dtype=bool)]
    # counted, not dropped: the 10 scheduled activities and the 20 open deals' expected close dates
    assert sorted(later["value"].str.split(" ").str[0]) == ["10", "20"]
    # the overview says the records cover the period up to the last event, not to March's scheduled activities
    headline = overview_chapter(client).summary[0]
    assert headline.key == "sum.overview.tables"
    assert pd.Timestamp(headline.fields["last"].value) == pd.Timestamp("2021-01-29")
    # the deals and the activities are both written at +03:00: the client's zone is said once, for both files
    zone = findings[findings["rule"].eq("timezone_assumed").to_numpy(dtype=bool)]
    assert zone["value"].tolist() == ["UTC+03:00"]
    assert zone["file"].tolist() == ["deals.csv, activities.csv"]
    # activities with only a date and an owner feed the sales calls, the missing type said
    time = time_chapter(client)
    section = time.section("calls")
    assert section.note is not None and section.note.key == "note.calls_untyped"
    # 84 completed activities by 4 sellers over 2020-09-01 .. 2021-01-29 = 151 days = 151 / 7 weeks:
    # 84 / (151 / 7) / 4 = 0.9735 a week each; user 1: 30 / (151 / 7) = 1.39
    assert time.figures["time.sales_calls_per_rep_week"] == pytest.approx(84 * 7 / 151 / 4)
    per_rep = section.tables[0].frame.set_index(c.OWNER)["calls_per_week"]
    assert per_rep["1"] == pytest.approx(30 * 7 / 151)
    fig = _render(path)
    # the funnel's five numbers count the same calls (the first of the five), per week for all four sellers,
    # and say that the type is missing
    assert fig["funnel.five_numbers"]["sales_calls_per_week"] == pytest.approx(84 * 7 / 151)
    assert fig["funnel.sellers"] == 4
    five = funnel_chapter(client).section("five")
    assert five.note is not None and five.note.key == "note.calls_untyped"
    assert (fig["funnel.opportunities"], fig["funnel.won"], fig["funnel.lost"]) == (50, 19, 11)
    assert fig["funnel.win_rate_closed"] == pytest.approx(19 / 30)
    assert fig["funnel.median_days_opportunity_to_close"] == pytest.approx(15.5)


def test_cordys_crm_four_files(tmp_path):
    path, mapped = _through(tmp_path, "cordys")
    assert "Recognised as CordysCRM" in mapped
    client = open_client(path)
    # 商机 40: 成功 14, 失败 8, open 5 + 5 + 4 + 4 = 18; created -> won 10 14 20 25 30 33 [40 45] 50 55 60 70 80
    # 90: (40 + 45) / 2 = 42.5 calendar days (a creation time of day, a date-only 预计结束时间); with the lost
    # 7 12 18 24 30 36 42 48 the 22 closed deals' 11th and 12th are 33 and 36: 34.5
    assert _outcomes(client) == {"deals": 40, "won": 14, "lost": 8, "open": 18, "days_to_win": 42.5,
                                 "days_to_close": 34.5}
    assert len(client.table("leads")) == 30
    # the lead's 唯一ID is its id
    assert client.table("leads")[c.LEAD_ID].iloc[0] == "1751888184019400"
    acts = client.table("activities")
    # 跟进方式 is the channel (电话 / 拜访 / 微信 / 邮件, 15 each), not 跟进类型 (客户 / 线索: what was followed up)
    assert acts[c.TYPE].value_counts().to_dict() == {"email": 30, "phone": 15, "visit": 15}
    customers = client.table("customers")
    # 客户等级 (一般客户 / 重要客户) is the CRM's own grading, not the customer level: the level is derived
    assert c.LEVEL not in customers or not customers[c.LEVEL].isin(["一般客户", "重要客户"]).any()
    # 部门 holds sales team names, not the department vocabulary
    assert c.DEPARTMENT not in acts or acts[c.DEPARTMENT].isna().all()
    fig = _render(path)
    assert (fig["funnel.leads"], fig["funnel.opportunities"], fig["funnel.won"], fig["funnel.lost"]) == (30, 40, 14, 8)
    assert fig["funnel.win_rate_closed"] == pytest.approx(14 / 22)
    assert fig["funnel.median_days_opportunity_to_close"] == pytest.approx(34.5)
