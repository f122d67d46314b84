"""Thin exports: deals with outcomes that no lead names (lead -> won not measurable, not 0), spreads whose
lowest and highest read the same, and actions that would promise a value of nothing."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import opened_client
from workbook.core.config import ClientConfig
from workbook.core.formats import render
from workbook.core.result import Money
from workbook.funnel import diagnosis as dg
from workbook.funnel import journey as fn
from workbook.funnel import sections as s

PERIOD = "client_name: Demo\nperiod: {start: 2025-01-01, end: 2025-03-31}\n"
# four leads, two converted (an opportunity) by their own status; nothing says which deal is whose
LEADS_CSV = ("lead_id,created_date,source,owner,status\n"
             "L1,2025-01-01,网站,R1,converted\n"
             "L2,2025-01-02,网站,R1,new\n"
             "L3,2025-01-10,展会,R2,converted\n"
             "L4,2025-01-12,展会,R2,new\n")
OPPS_CSV = ("opportunity_id,created_date,stage,status,amount,close_date,owner\n"
            "O1,2025-01-05,negotiate,won,300,2025-02-01,R1\n"
            "O2,2025-01-15,solution,lost,50,2025-02-10,R2\n")


LABELS = dg.labels(ClientConfig(client_name="Demo"))


def _needs(key: str) -> tuple[str, ...]:
    return (key,)


def test_deals_no_lead_names_leave_the_won_step_unmeasured(tmp_path):
    result = dg.compute(opened_client(tmp_path / "client", {"leads.csv": LEADS_CSV, "opportunities.csv": OPPS_CSV},
                                      yaml=PERIOD))
    funnel = result.section("funnel")
    stages = funnel.tables[0].frame["stage"].tolist()
    assert stages == ["leads", "qualified", "opportunity"]  # no "won" row of 0 (O1 was won, by a lead no one named)
    assert funnel.note.key == "note.funnel.won_unlinked"
    zh, en = render(funnel.note, "zh"), render(funnel.note, "en")
    assert "不是 0" in zh and "「线索编号」（lead_id）" in zh and "「是否赢单」" in zh
    assert "opportunities.lead_id" in en and "leads.won" in en
    # the reverse funnel says the same, not "send the opportunities and their status" (they were sent)
    assert result.section("mouth").note.key == "note.funnel.won_unlinked"
    # no action is valued from the missing step, none promises "0 元"
    for action in result.actions:
        money = action.text.fields.get("money")
        assert not (isinstance(money, Money) and not money.value), render(action.text, "zh")


def test_a_lead_id_on_the_deals_measures_the_won_step():
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "created_date": pd.to_datetime(["2025-01-01"] * 3),
                          "source": ["网站"] * 3, "owner": ["R1", "R1", "R2"]})
    opps = pd.DataFrame({"opportunity_id": ["O1", "O2"], "lead_id": ["L1", "L3"], "status": ["won", "lost"]})
    journey = fn.lead_journey(leads, opps)
    # L1 -> O1 won, L3 -> O2 lost, L2 no deal: 1 won of 3 leads, measured
    assert journey["won"].tolist() == [True, False, False]
    assert journey["lost"].tolist() == [False, False, True]
    unlinked = fn.lead_journey(leads, opps.drop(columns="lead_id"))
    assert "won" not in unlinked and "lost" not in unlinked
    # the lead's own won flag measures it too, with no link at all
    own = fn.lead_journey(leads.assign(won=[False, True, False]), opps.drop(columns="lead_id"))
    assert own["won"].tolist() == [False, True, False]


def _journey(won_by_owner: dict[str, list[bool]]) -> pd.DataFrame:
    owners = [owner for owner, flags in won_by_owner.items() for _ in flags]
    won = [flag for flags in won_by_owner.values() for flag in flags]
    ids = [f"L{i}" for i in range(len(owners))]
    leads = pd.DataFrame({"lead_id": ids, "created_date": pd.to_datetime(["2025-01-01"] * len(ids)),
                          "source": ["网站"] * len(ids), "owner": owners})
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(len(ids))], "lead_id": ids,
                         "status": ["won" if w else "lost" for w in won]})
    return fn.lead_journey(leads, opps)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_spread_whose_ends_read_the_same_says_every_group_is_even(lang):
    # 李静 and 王磊: 5 leads each, none won: 0.0% and 0.0%, not "from 李静's 0.0% to 李静's 0.0%"
    section = s.breakdown({"journey": _journey({"李静": [False] * 5, "王磊": [False] * 5})}, _needs)
    assert section.finding.key == "find.funnel.breakdown_even"
    assert section.finding.fields["n"].value == 2 and section.finding.fields["rate"].value == 0.0
    text = render(section.finding, lang, labels=LABELS)
    assert "李静" not in text and ("0.0%" in text)


def test_a_real_spread_still_names_its_lowest_and_highest():
    # 李静 1 of 5 won (20.0%), 王磊 3 of 5 (60.0%)
    journey = _journey({"李静": [True, False, False, False, False], "王磊": [True, True, True, False, False]})
    finding = s.breakdown({"journey": journey}, _needs).finding
    assert finding.key == "find.funnel.breakdown"
    assert render(finding, "zh", labels=LABELS) == "按销售看，线索到「赢单」的累计转化从李静的 20.0% 到王磊的 60.0%。"


def test_same_shown_compares_rates_as_printed():
    assert s.same_shown(0.0, 0.0) and s.same_shown(0.20001, 0.20004)
    assert not s.same_shown(0.2, 0.2006)  # 20.0% and 20.1%


def test_an_action_quoting_a_value_of_nothing_is_not_listed():
    assert dg.quotes_nothing({"money": Money(0.0), "leads": 57}, 0.0)
    assert not dg.quotes_nothing({"money": Money(1.2e5)}, 1.2e5)
    assert not dg.quotes_nothing({"leads": 3}, 0.0)  # unvalued on purpose: its sentence quotes no money


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tiers_whose_win_rates_read_the_same_name_no_best_or_worst(lang):
    # tier 1: 1 won of 2 closed, tier 2: 2 won of 4 closed: 50.0% both
    view = pd.DataFrame({"tier": [1, 2], "deals": [2, 4], "won": [1, 2], "lost": [1, 2],
                         "win_rate": [0.5, 0.5]}).set_index("tier")
    section = s.tiers({"tiers": view}, _needs)
    assert section.finding.key == "find.funnel.tiers_deals_even"
    assert section.finding.fields["rate"].value == 0.5
    assert "50.0%" in render(section.finding, lang, labels=LABELS)
    # 1 of 2 against 3 of 4: tier 2 best (75.0%), tier 1 worst (50.0%)
    view.loc[2, ["won", "lost", "win_rate"]] = [3, 1, 0.75]
    finding = s.tiers({"tiers": view}, _needs).finding
    assert finding.key == "find.funnel.tiers_deals"
    assert finding.fields["high"].value == 0.75 and finding.fields["low"].value == 0.5
