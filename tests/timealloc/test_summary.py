"""workbook.timealloc.summary.compute: the chapter's sections, figures and actions, hand-worked on tiny clients."""
from __future__ import annotations

import re

import pytest

from tests.helpers import opened_client
from tests.timealloc.test_allocation import CONFIG, TIERS, _tables
from workbook.core.display import section_html
from workbook.core.formats import render
from workbook.timealloc import compute, sections, summary

KEYS = ["time_mix", "by_team", "benchmarks", "offload", "calls", "planned", "coverage", "neglected", "after_sale",
        "departments", "channel_cost", "channel_shift", "quotes", "kpis"]
# a rep at 12 of 100 hours selling; half of 20 hours of order entry moves to support staff at 80 an hour
LOG = ("owner,period,category,hours\n"
       "R1,2025-03-03,customer_meeting,12\nR1,2025-03-03,order_entry,20\nR1,2025-03-03,internal_meeting,68\n")
ACTS = ("date,owner,customer_id,type,planned,department\n"
        "2025-03-03,R1,C1,visit,是,sales\n2025-03-04,R1,C1,phone,否,service\n"
        "2025-03-05,R2,C2,email,是,sales\n2025-03-06,R2,C2,visit,是,finance\n")


def _client(tmp_path, files, yaml="client_name: Demo\n"):
    return opened_client(tmp_path / "client", files, yaml=yaml)


def test_time_log_only(tmp_path):
    result = compute(_client(tmp_path, {"time_log.csv": LOG}, yaml="client_name: Demo\noffload_share: 0.5\n"))
    assert [s.key for s in result.sections] == KEYS
    assert all(not result.section(key).needs for key in KEYS[:4])
    assert result.section("planned").needs == ("activities",)
    assert result.section("coverage").needs == ("customers", "activities")
    assert result.section("after_sale").needs == ("activities", "opportunities")
    assert result.section("quotes").needs == ("quotes",)
    figures = result.figures
    assert set(figures) == set(summary.FIGURES)
    assert figures["time.direct_selling_share"] == pytest.approx(0.12)
    assert figures["time.after_offload_share"] == pytest.approx(0.22)
    assert figures["time.capacity_gain"] == pytest.approx(10 / 12)
    assert figures["time.offload_cost"] == pytest.approx(800.0)
    assert figures["coverage.planned_share"] is None and figures["quotes.median_hours"] is None
    # the action title: 10 of 20 order-entry hours move, 12% -> 22%, 10 / 12 = +83.3% said as a whole percent
    # (no false precision); one rep: 10 / 12 = 0.8 of a seller, rounded to one; no won deals: no value
    finding = render(result.section("offload").finding, "en", labels=result.labels)
    assert finding == ("Moving 50.0% of Order entry to support staff lifts direct selling time from 12.0% to 22.0% "
                       "(about 83% more selling capacity, about one seller's worth); without won deals its revenue "
                       "cannot be valued.")
    assert "订单录入" in render(result.section("offload").finding, "zh", labels=result.labels)
    (action,) = result.actions
    assert action.sheet == "timealloc_offload_reps" and action.value == 0  # no won deals: no revenue value
    assert "from 12.0% to 22.0%" in render(action.text, "en", labels=result.labels)


def test_activities_only(tmp_path):
    result = compute(_client(tmp_path, {"activities.csv": ACTS}))
    assert [s.key for s in result.sections] == KEYS
    assert result.section("time_mix").needs == ("time_log",)
    assert result.section("coverage").needs == ("customers",)
    assert result.section("channel_shift").needs == ("customers",)
    assert not result.section("planned").needs and not result.section("departments").needs
    assert result.figures["coverage.planned_share"] == pytest.approx(0.75)
    assert result.figures["time.direct_selling_share"] is None
    # R1: 1 of 2 contacts planned (50%), R2: 2 of 2
    assert render(result.section("planned").finding, "en").endswith("1 of 2 sellers are below 60%, "
                                                                     "the lowest being R1 (50.0%).")
    assert "sales makes 50.0%" in render(result.section("departments").finding, "en")
    assert result.actions == ()


def test_customers_without_level_or_relationship_name_what_tiers_need(tmp_path):
    customers = "customer_id,name\nC1,Acme\nC2,Beta\n"
    result = compute(_client(tmp_path, {"activities.csv": ACTS, "customers.csv": customers}))
    assert result.section("coverage").needs == ("customers.level", "customers.relationship")
    assert result.section("channel_cost").needs == ("customers.level", "customers.relationship")
    assert result.figures["coverage.below_policy_customers"] is None


def test_coverage_channel_and_quotes_hand_worked():
    tables = _tables()
    cover = sections.coverage_part(tables["activities"], tiers=TIERS, customers=None, config=CONFIG,
                                   start="2025-01-01", end="2025-12-31", needs=())
    # 12 months: C1 (tier 1, 2 contacts) and C3 (tier 3, 1) are below 2.0 and 0.5 a month; C2 (tier 5, 1) too
    assert cover.facts["below_policy"] == 3
    assert cover.facts["neglected"] == 1  # C3: last contact 2025-06-01, more than 90 days before the end
    assert cover.sections[1].tables[0].frame["customer_id"].tolist() == ["C3"]
    channel = sections.channel_part(tables["activities"], tiers=TIERS, opportunities=tables["opportunities"],
                                    config=CONFIG, start="2025-01-01", end="2025-12-31",
                                    shift={5: {"phone": 0.3, "email": 0.2}}, needs=())
    quotes = sections.quotes(tables["quotes"], opportunities=tables["opportunities"], needs=())
    figures = summary.figures({**cover.facts, **channel.facts, **quotes.facts})
    assert figures["channel.cost_to_serve_by_tier"] == {"1": 101.0, "3": 100.0, "5": 0.01}
    assert figures["channel.cost_unit"] == "relative"  # no visit_cost: one visit = 100 units
    assert figures["quotes.within_48h_share"] == 0.5
    assert figures["quotes.median_hours"] == pytest.approx((24 + 480) / 2)
    # tier 3 takes 100 of 201.01 of the cost (49.7%) and no won revenue (C3's deal was lost)
    assert render(channel.sections[0].finding, "en").startswith("Tier 3 takes 49.7% of the cost to serve but brings "
                                                               "only 0.0% of won revenue")
    assert channel.facts["shift"] is None  # tier 5 has no visits


def test_actions_are_ordered_by_their_12_month_value():
    # offload: 10 h a week x 46 weeks = 460 h x 100 an hour = 46,000 gross; a quarter is 11,500, less 460 h x 10 of
    # support = 4,600: 6,900 (low 15%: 6,900 - 4,600 = 2,300; high 35%: 16,100 - 4,600 = 11,500)
    worth = {"hours": 460.0, "gross": 46_000.0, "cost": 4_600.0, "cap": None, "low": 2_300.0, "value": 6_900.0,
             "high": 11_500.0, "capped": False, "realisation": 0.25}
    facts = {"offload": {"offload_hours": 10.0, "offload_hours_per_week": 10.0, "direct_share": 0.12,
                         "after_offload_share": 0.22, "capacity_gain": 0.83, "offload_cost": 100.0,
                         "revenue_per_selling_hour": 100.0, "target_share": 0.17},
             "offload_value": worth, "room": None, "moved": {"order_entry": 0.5},
             "shift": {"tier": 5, "saving": 18_000.0, "saving_12m": 9_000.0, "unit": "money", "moved": 40,
                       "movers": 2, "target": "4", "tier_shares": (0.3, 0.1)},
             "neglected": 3, "neglect_days": 90,
             "quote_summary": {"within_48h_share": 0.2},
             "quote_value": {"fast": 0.5, "slow": 0.3, "fast_n": 10, "slow_n": 40, "gap": 0.2, "slow_deals": 50,
                             "wins": 5.0, "average_deal": 2_000.0, "value": 10_000.0, "capped": False},
             "decay": 0.5,
             "decay_window": {"ratio": 0.5, "early_from": 1, "early_to": 3, "late_from": 10, "late_to": 12}}
    out = summary.actions(facts)
    # the neglected customer assets have one home, the quality-matrix chapter: no action or value here
    assert [a.text.key for a in out] == ["act.timealloc.quotes_value", "act.timealloc.channel",
                                         "act.timealloc.offload_value", "act.timealloc.after_sale"]
    assert [a.value for a in out] == [10_000.0, 9_000.0, 6_900.0, 0.0]
    assert (out[2].low, out[2].high) == (2_300.0, 11_500.0)
    # freed hours are realised by working the unworked leads and tier 4: the offload draws on all three pools
    assert [a.pool for a in out] == ["pipeline", "time", "time+leads+customers", "customers"]
    assert [a.section for a in out] == ["quotes", "channel_shift", "offload", "after_sale"]
    assert all(a.basis and a.who and a.step and a.kpi and a.problem and a.days in (30, 60, 90) for a in out)
    # lists (sellers) name their appendix sheet; the what-if, quote bands and after-sale months do not
    assert [a.sheet for a in out] == [None, None, "timealloc_offload_reps", None]
    # the KPI target is the share the value assumes (half the freed hours selling), not all of them
    assert render(out[2].kpi, "en") == ("Direct selling share of logged hours (now 12.0%, target 17.0%: half the freed "
                                        "hours spent selling)")
    assert render(out[2].problem, "zh") == "销售只有 12.0% 的时间用于直接销售"
    # the channel shift sends the freed time where the data say (tier 4 here) and leaves out the recent movers
    assert render(out[1].text, "en") == (
        "Move part of Tier 5's visits to phone and e-mail (leaving out the 2 customers that moved down into it in "
        "the last year), saving about CNY 9,000 a year, and spend the freed time on Tier 4")
    assert render(out[0].basis, "en") == (
        "50 deals quoted after more than 48 hours in the last 12 months x half the 20.0-pp gap in win rate "
        "(within 48 hours 50.0%, n = 10; slower 30.0%, n = 40) = about 5 more wins x the CNY 2,000 average won deal "
        "= CNY 10,000.")
    # the chapter summary: the findings behind the two largest sized actions, then the next
    lines = summary.chapter_summary(facts, out)
    assert [line.key for line in lines] == ["summary.timealloc.quotes", "summary.timealloc.time_value",
                                            "summary.timealloc.neglected"]
    # the tiers do not rank outcomes: the third line says channel advice by tier is withheld
    withheld = summary.chapter_summary({**facts, "shift_withheld": True}, out)
    assert withheld[-1].key == "summary.timealloc.withheld" and len(withheld) == 3


LATIN = re.compile(r"[A-Za-z][A-Za-z-]+")
CJK = re.compile(r"[\u3400-\u9fff]")
ALLOWED = {"ROI", "ICP", "CNY", "PDF", "Excel"}


def _texts(result, lang):
    """Headings, action titles, notes, captions and headers of every section, and the actions, in ``lang``."""
    out = []
    for section in result.sections:
        _, payload = section_html(result, section.key, lang)
        names = section.key in ("by_team",)  # the by-team title and headers name the client's teams
        out += [payload["heading"], payload["note"] or "", payload["needs"] or ""]
        if not names:
            out.append(payload["finding"] or "")
        for table in payload["tables"]:
            out.append(table["caption"])
            if not names:
                out += table["headers"]
    out += [render(a.text, lang, labels=result.labels) for a in result.actions]
    return out


@pytest.mark.slow
def test_sample_client_speaks_one_language(sample_client):
    result = compute(sample_client)
    assert not [s.key for s in result.sections if s.needs]
    zh = " ".join(_texts(result, "zh"))
    latin = {w for w in LATIN.findall(zh) if w not in ALLOWED and not re.fullmatch(r"[A-Z]+\d*", w)}
    assert not latin, latin
    en = _texts(result, "en")
    assert not [text for text in en if CJK.search(text)]
    for word in ("seed", "种子", "published", "DOMAIN", "client.yaml"):
        assert word not in zh and word not in " ".join(en)
    assert "某企业案例：直接销售时间 12% → 22%" in zh


def test_the_neglected_assets_are_the_quality_matrix_list(sample_client):
    # one neglect rule everywhere: tiers 1-3 of today without contact for neglect_days, in both chapters
    from workbook.customers import matrix

    def ids(result):
        [table] = [t for t in result.section("neglected").tables if "customer_id" in t.frame]
        return set(table.frame["customer_id"])

    in_matrix, in_time = ids(matrix.compute(sample_client)), ids(summary.compute(sample_client))
    assert in_matrix and in_matrix == in_time
    result = summary.compute(sample_client)
    assert render(result.section("neglected").note, "zh") == (
        "按 2025-12-31 的分级列出，与客户质量矩阵一章的名单相同；回访这些客户的行动及其估值见该章。")
    assert not [a for a in result.actions if a.section == "neglected"]  # one action, one value: the matrix's
    assert render(result.section("coverage").note, "zh").startswith("各级客户按 2024-12-31 的分级，接触按分析期统计")


def test_sample_headings_and_chart_titles_state_findings(sample_client):
    # every computed section's heading states a finding with its number (Section.title), never a question
    result = compute(sample_client)
    headings = {s.key: section_html(result, s.key, "en")[1]["heading"] for s in result.sections}
    assert all(s.title is not None for s in result.sections), [s.key for s in result.sections if s.title is None]
    assert not [h for h in headings.values() if h.rstrip().endswith(("?", "？"))]
    assert [key for key, h in headings.items() if not re.search(r"\d%|\d+ ", h.split(". ", 1)[1])] == []
    assert headings["offload"].startswith("4. Moving chores to support staff is worth about CNY ")
    assert result.exhibits and 3 <= len(result.exhibits) <= 5 and result.exhibits[0] == "offload"
    assert len(result.summary) == 3
