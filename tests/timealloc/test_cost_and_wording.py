"""Cost to serve in money only with a visit cost, the after-sale months named from the data, and the planned-call
sentence that says "mostly unplanned" only well below 60%: hand-worked on tiny frames."""
from __future__ import annotations

import pandas as pd
import pytest

from workbook.core import rules
from workbook.core.config import ClientConfig
from workbook.core.formats import render
from workbook.core.result import Money, Number
from workbook.timealloc import coverage as cv
from workbook.timealloc import sections, summary

PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}
# C5 (tier 5): 10 visits of 3 hours, 2 phone calls of half an hour, 1 e-mail of 0.1 hours; C1 (tier 1) one visit
ACTS = pd.DataFrame({
    "date": pd.to_datetime(["2025-06-01"] * 14), "owner": ["R1"] * 14, "customer_id": ["C5"] * 13 + ["C1"],
    "type": ["visit"] * 10 + ["phone"] * 2 + ["email", "visit"], "hours": [3.0] * 10 + [0.5] * 2 + [0.1, 3.0]})
TIERS = pd.Series(pd.array([1, 5], dtype="Int64"), index=pd.Index(["C1", "C5"], name="customer_id"))
OPPS = pd.DataFrame({"opportunity_id": ["O1"], "customer_id": ["C1"], "owner": ["R1"], "status": ["won"],
                     "amount": [20000.0], "close_date": pd.to_datetime(["2025-04-01"])})
SHIFT = {5: {"phone": 0.3, "email": 0.2}}


def _channel(**config):
    cfg = ClientConfig(client_name="Demo", period=PERIOD, **config)
    return sections.channel_part(ACTS, tiers=TIERS, opportunities=OPPS, config=cfg, start=PERIOD["start"],
                                 end=PERIOD["end"], shift=SHIFT, needs=())


def test_unit_costs_money_with_a_visit_cost_relative_without():
    assert cv.unit_costs({"visit": 100, "phone": 1, "email": 0.01}, visit_cost=1000) == (
        {"visit": 1000.0, "phone": 10.0, "email": 0.1}, "money")
    costs, unit = cv.unit_costs({"visit": 2, "phone": 0.02, "email": 0.0002})  # the same ratio written smaller
    assert unit == "relative" and costs == pytest.approx({"visit": 100.0, "phone": 1.0, "email": 0.01})


def test_cost_to_serve_in_money_with_visit_cost():
    part = _channel(visit_cost=1000)
    # a visit 1,000, a call 1,000 x 1/100 = 10, an e-mail 1,000 x 0.01/100 = 0.1
    # tier 5: 10 x 1,000 + 2 x 10 + 0.1 = 10,020.1; tier 1: 1,000
    figures = summary.figures(part.facts)
    assert figures["channel.cost_unit"] == "money"
    assert figures["channel.cost_to_serve_by_tier"] == pytest.approx({"1": 1000.0, "5": 10020.1})
    cost, shift = part.sections
    table = cost.tables[0]
    assert table.kinds["cost"] == "money" and "cost_per_revenue" in table.frame
    # money over money: tier 1 costs 1,000 for 20,000 won
    assert table.frame.set_index("tier").loc["1", "cost_per_revenue"] == pytest.approx(0.05)
    assert isinstance(cost.finding.fields["total"], Money)
    assert render(cost.finding, "en").startswith("Tier 5 takes 90.9% of the cost to serve but brings only 0.0% of won "
                                                 "revenue; the cost to serve is CNY 11,020 in all.")
    assert "每次拜访 1,000 元" in render(cost.note, "zh")
    # the what-if: 3 visits to phone, 2 to e-mail; after = 5 x 1,000 + 3 x 10 + 2 x 0.1 = 5,030.2
    row = shift.tables[0].frame.iloc[0]
    assert (row["cost_before"], row["cost_after"]) == pytest.approx((10000.0, 5030.2))
    assert row["saving"] == pytest.approx(4969.8)
    # hours freed: 3 x (3 - 0.5) + 2 x (3 - 0.1) = 13.3
    assert render(shift.finding, "en") == ("Moving 30.0% of Tier 5's visits to phone and 20.0% to e-mail (5 contacts) "
                                           "saves CNY 4,970 (49.7% of that tier's visit cost) and frees about 13 "
                                           "selling hours.")
    (action,) = summary.actions(part.facts)
    assert action.text.key == "act.timealloc.channel" and action.value == pytest.approx(4969.8)


def test_cost_to_serve_in_relative_units_without_visit_cost():
    part = _channel()
    figures = summary.figures(part.facts)
    assert figures["channel.cost_unit"] == "relative"
    # one visit = 100 units: tier 5 = 1,000 + 2 + 0.01 = 1,002.01; tier 1 = 100
    assert figures["channel.cost_to_serve_by_tier"] == pytest.approx({"1": 100.0, "5": 1002.01})
    cost, shift = part.sections
    table = cost.tables[0]
    assert "cost_per_revenue" not in table.frame  # relative units are never divided by yuan
    assert {"cost_share", "revenue_share"} <= set(table.frame)
    assert table.kinds["cost"] == table.kinds["cost_per_customer"] == "number"
    assert table.headers["cost"].key == "col.timealloc.cost_rel"
    assert isinstance(cost.finding.fields["total"], Number)
    en, zh = render(cost.finding, "en"), render(cost.finding, "zh")
    assert en.endswith("the cost to serve is 1,102 relative units in all (as much as 11 visits).")
    assert zh.endswith("服务成本合计相当于 11 次拜访（1,102 个成本单位，一次拜访 = 100 个单位）。") and "元" not in zh
    assert "一次拜访 = 100 个单位" in render(cost.note, "zh")
    # the what-if: before 1,000, after 500 + 3 + 0.02 = 503.02, saving 496.98 units
    assert shift.tables[0].headers["saving"].key == "col.timealloc.saving_rel"
    assert shift.tables[0].kinds["saving"] == "number"
    assert render(shift.finding, "en") == ("Moving 30.0% of Tier 5's visits to phone and 20.0% to e-mail (5 contacts) "
                                           "cuts that tier's visit cost by 49.7% (497 relative units) and frees "
                                           "about 13 selling hours.")
    assert "元" not in render(shift.finding, "zh")
    (action,) = summary.actions(part.facts)
    assert action.text.key == "act.timealloc.channel_rel" and action.value == 0  # no money at stake to rank by
    assert "49.7%" in render(action.text, "en") and "元" not in render(action.text, "zh")


def _after(as_of, *, records_to_as_of=True):
    # one win on 2025-01-01; two contacts in each of months 1-3 after it, one in each of months 4-6; the records
    # run to as_of (a contact with C9, who never won, that day) unless said otherwise
    days = [5, 6, 35, 36, 65, 66, 100, 130, 160]
    acts = pd.DataFrame({"date": pd.Timestamp("2025-01-01") + pd.to_timedelta(days, unit="D"),
                         "customer_id": "C1"})
    if records_to_as_of:
        acts = pd.concat([acts, pd.DataFrame({"date": [pd.Timestamp(as_of)], "customer_id": ["C9"]})],
                         ignore_index=True)
    opps = pd.DataFrame({"customer_id": ["C1"], "status": ["won"], "close_date": pd.to_datetime(["2025-01-01"])})
    return sections.after_sale(acts, opps, as_of=as_of, needs=())


def test_after_sale_months_are_named_from_the_data():
    # 2025-07-01: 181 days = 5.95 months observed, so months 1-3 are set against months 4-6
    part = _after("2025-07-01")
    late = 3 / (2 + (181 / rules.MONTH_DAYS - 5))  # 3 contacts over 2.95 customer-months
    assert part.facts["decay"] == pytest.approx(late / 2)  # 0.509: months 1-3 had 6 contacts in 3 months
    assert part.facts["decay_window"] == {"ratio": part.facts["decay"], "early_from": 1, "early_to": 3,
                                          "late_from": 4, "late_to": 6}
    finding = render(part.sections[0].finding, "en")
    assert finding == ("Contact fades after the sale: months 4-6 after it see only 50.9% of the contact of months "
                       "1-3, and loyalty fades with it.")
    assert "第 4–6 个月" in render(part.sections[0].finding, "zh")
    (action,) = summary.actions(part.facts)
    assert "months 4-6 after it are down to 50.9% of months 1-3" in render(action.text, "en")
    # a whole year observed: months 10-12 (no contact) against months 1-3
    year = _after("2026-01-02")
    assert year.facts["decay"] == 0
    assert "第 10–12 个月" in render(year.sections[0].finding, "zh")
    # five months observed: the two windows would overlap, so no comparison
    short = _after("2025-05-20")
    assert short.facts["decay"] is None and short.sections[0].finding.key == "find.timealloc.after_sale_short"
    # the records stop on day 160 (10 Jun) although the period runs to 2026: the months after it are not
    # observed, so months 10-12 are not read as months without contact; 160 days = 5.26 months observed, so
    # months 1-3 are set against months 4-6 (3 contacts over 2.26 customer-months)
    stopped = _after("2026-01-02", records_to_as_of=False)
    assert stopped.facts["decay"] == pytest.approx(3 / (2 + 160 / rules.MONTH_DAYS - 5) / 2)  # 0.665, not 0
    assert (stopped.facts["decay_window"]["late_from"], stopped.facts["decay_window"]["late_to"]) == (4, 6)


def _planned(flags):
    acts = pd.DataFrame({"owner": ["R1"] * len(flags), "planned": pd.array(flags, dtype="boolean")})
    return sections.planned(acts, reps=None, needs=()).sections[0].finding


@pytest.mark.parametrize(("planned", "key", "unplanned"), [
    (9, "find.timealloc.planned_low", True),   # 45%: well below 60%, the calls are mostly unplanned
    (10, "find.timealloc.planned", False),     # 50%: below 60%, said neutrally
    (11, "find.timealloc.planned", False),     # 55%
    (12, "find.timealloc.planned_ok", False),  # 60%
])
def test_mostly_unplanned_only_well_below_60(planned, key, unplanned):
    finding = _planned([True] * planned + [False] * (20 - planned))
    assert finding.key == key
    assert ("拜访多为临时安排" in render(finding, "zh")) is unplanned
    assert ("Most calls are unplanned" in render(finding, "en")) is unplanned
    assert render(finding, "en").endswith(f"the lowest being R1 ({planned * 5}.0%).")


# --- where the time freed from tier 5 goes, and who is left out of the shift --------------------------------------

def test_freed_time_goes_where_the_data_say_not_to_tiers_1_3_by_doctrine():
    # tier 3 is covered to policy (95%): little to gain; tier 4 is barely covered (10%) and wins 15,000 an hour:
    # 15,000 x 90% = 13,500 against tier 3's 20,000 x 5.0% = 1,000 and tier 1's 30,000 x 10% = 3,000
    kpis = {"1": {"coverage": 0.9, "revenue_per_contact_hour": 30_000.0},
            "3": {"coverage": 0.95, "revenue_per_contact_hour": 20_000.0},
            "4": {"coverage": 0.1, "revenue_per_contact_hour": 15_000.0},
            "5": {"coverage": 0.0, "revenue_per_contact_hour": 99_000.0},  # the shifted tier never receives
            "none": {"coverage": None, "revenue_per_contact_hour": 50_000.0}}
    assert cv.freed_time_target(kpis, exclude=5) == "4"
    # when tier 3 is the under-covered one, the same rule sends the time there: 20,000 x 60% = 12,000 > 1,500
    kpis["3"]["coverage"], kpis["4"]["coverage"] = 0.4, 0.9
    assert cv.freed_time_target(kpis, exclude=5) == "3"
    assert cv.freed_time_target({}, exclude=5) is None


def test_channel_shift_leaves_out_the_recent_movers_and_names_the_target():
    # C5 moved down into tier 5 in the last year: left out of the shift, only C6's 4 visits move
    # (4 x 30% = 1.2 to phone, 4 x 20% = 0.8 to e-mail: 2 contacts)
    acts = pd.concat([ACTS, ACTS.iloc[:4].assign(customer_id="C6")], ignore_index=True)
    tiers = pd.Series(pd.array([1, 5, 5], dtype="Int64"), index=pd.Index(["C1", "C5", "C6"], name="customer_id"))
    kpis = {"4": {"coverage": 0.1, "revenue_per_contact_hour": 15_000.0},
            "5": {"coverage": 0.5, "revenue_per_contact_hour": 2_000.0}}
    cfg = ClientConfig(client_name="Demo", period=PERIOD, visit_cost=1000)
    part = sections.channel_part(acts, tiers=tiers, opportunities=OPPS, config=cfg, start=PERIOD["start"],
                                 end=PERIOD["end"], shift=SHIFT, needs=(), shift_tiers=tiers.drop(index=["C5"]),
                                 movers=1, dates=(pd.Timestamp("2024-12-31"), pd.Timestamp("2025-12-31")),
                                 kpis=kpis)
    shift = part.facts["shift"]
    assert (shift["movers"], shift["target"], shift["moved"]) == (1, "4", 2)
    assert part.sections[1].tables[0].frame.iloc[0]["visits"] == 4
    note = render(part.sections[1].note, "en")
    assert note.startswith("The what-if uses the tiers as of 2025-12-31: 1 customers in Tier 5, the quality-matrix "
                           "chapter's list, leaving out the 1 customers that moved down into Tier 5 in the last year")
    # the share is of customers contacted as often as the tier's policy asks (not "contacted recently")
    assert "The freed time should go to Tier 4: only 10.0% of it is contacted as often as its tier's policy asks, " \
           "and it wins CNY 15,000 per contact hour against CNY 2,000 for Tier 5." in note
    # the cost table says which tier date it uses
    assert "Tiers as they stood on 2024-12-31 (the quality-matrix chapter's tier date)" in render(
        part.sections[0].note, "en")
    [action] = summary.actions(part.facts)
    assert render(action.text, "zh").endswith("把释放的时间投向4级客户")
    assert "（不含近一年从更高级别降入的 1 家）" in render(action.text, "zh")


@pytest.mark.slow
def test_sample_tier_5_shift_leaves_out_89_movers_and_feeds_tier_4(sample_client):
    result = summary.compute(sample_client)
    [action] = [a for a in result.actions if a.section == "channel_shift"]
    assert render(action.text, "en", labels=result.labels) == (
        "Move part of Tier 5's visits to phone and e-mail (leaving out the 89 customers that moved down into it in "
        "the last year), cutting that tier's visit cost by about 49.7%, and spend the freed time on Tier 4")
    # not tiered: 28.7% of the cost for 9.0% of revenue, further out of line than tier 5's 16.5% for 5.8%
    note = render(result.section("channel_shift").note, "zh")
    assert "Customers not tiered take 28.7% of the cost to serve" in render(result.section("channel_shift").note,
                                                                           "en")
    # 551 tier 5 customers today less the 89 recent movers: 462, the matrix's tier 5 list
    assert note.startswith("调整测算按 2025-12-31 的分级：462 家5级客户，与客户质量矩阵一章的名单相同，不含近一年"
                           "从更高级别降入5级客户的 89 家客户")
