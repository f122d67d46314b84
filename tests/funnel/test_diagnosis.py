"""The whole diagnosis (workbook.funnel.diagnosis): diagnose, key_figures, the leaks and the chapter's compute()."""
from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from tests import pipeline_data as data
from tests.helpers import make_client, opened_client
from workbook.core.config import ClientConfig
from workbook.core.display import section_html
from workbook.core.formats import render
from workbook.funnel import diagnosis as dg
from workbook.intake import open_client
from workbook.intake.validate import run_intake

SECTIONS = ["five", "funnel", "lifecycle", "nurture", "breakdown", "tiers", "utilisation", "rotting", "mouth",
            "sources", "business", "new_by_rep", "tender", "reps", "cycle", "checklist", "forecast", "collections"]


def test_diagnose_and_key_figures_with_opportunities_only(opps, history):
    config = ClientConfig(client_name="Demo")
    d = dg.diagnose({"opportunities": opps, "stage_history": history}, config)
    fig = dg.key_figures(d)
    assert fig["funnel.leads"] is None and fig["funnel.by_source"] is None and fig["funnel.pre_tender_win_rate"] is None
    assert fig["funnel.won"] == 1 and fig["funnel.lost"] == 1 and fig["funnel.win_rate_closed"] == 0.5
    assert fig["funnel.weighted_pipeline"] == pytest.approx(200 * 0.2 + 400 * 0.8)
    assert fig["funnel.collected_share"] == 0.6
    assert list(fig["funnel.five_numbers"]) == ["sales_calls_per_week", "opportunities_per_week",
                                                "purchase_intents_per_week", "sales_per_week", "avg_revenue_per_sale"]
    assert fig["funnel.opportunities"] == 4


def test_won_only_data_leave_lost_and_win_rate_empty():
    opps = pd.DataFrame({"opportunity_id": ["O1"], "stage": ["negotiate"], "status": ["won"], "owner": ["R1"],
                         "created_date": pd.to_datetime(["2025-01-01"])})
    fig = dg.key_figures(dg.diagnose({"opportunities": opps}, ClientConfig(client_name="Demo")))
    assert fig["funnel.won"] == 1 and fig["funnel.lost"] is None and fig["funnel.win_rate_closed"] is None
    assert fig["funnel.win_rate_by_owner"] is None  # a won-only file says nothing about win rates


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
    from workbook.funnel import sections

    note = sections.cycle(d, lambda key: ("x",)).note
    assert render(note, "en").startswith("2 opportunities have no created date")
    assert sections.cycle(dg.diagnose({"opportunities": data.opportunities()}, ClientConfig(client_name="D")),
                          lambda key: ("x",)).note is None


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
    from workbook.funnel import sections

    assert sections.tiers(d, lambda key: ("x",)).finding is None  # one tier with closed deals: nothing to compare
    deals = pd.DataFrame({"opportunity_id": ["A", "B", "C"], "customer_id": ["K1", "K1", "K2"], "stage": ["bid"] * 3,
                          "status": ["won", "lost", "won"]})
    d = dg.diagnose({"opportunities": deals}, ClientConfig(client_name="Demo"), tiered=tiered)
    labels = dg.labels(ClientConfig(client_name="Demo"))
    finding = render(sections.tiers(d, lambda key: ("x",)).finding, "en", labels=labels)
    assert finding == "Not tiered customers' deals win 100.0% of the time, Tier 2 customers' 50.0%."
    bare = dg.key_figures(dg.diagnose({"opportunities": opps}, ClientConfig(client_name="Demo")))
    assert bare["funnel.revenue_by_industry"] is None and bare["funnel.win_rate_by_tier"] is None


def test_win_rate_by_tier_counts_only_deals_created_after_the_tier_date():
    # K1 was tier 1 on 2024-12-31; its deal won in 2024 (before that date) helped make the tier and must not count
    tiered = pd.DataFrame({"customer_id": ["K1", "K2"], "tier": pd.array([1, 5], dtype="Int64")})
    deals = pd.DataFrame({"opportunity_id": ["A", "B", "C", "D", "E"], "customer_id": ["K1", "K1", "K1", "K2", "K2"],
                          "stage": ["bid"] * 5, "status": ["won", "lost", "won", "won", "lost"],
                          "created_date": pd.to_datetime(["2024-06-01", "2025-02-01", "2025-03-01", "2024-12-31",
                                                          "2025-04-01"])})
    config = ClientConfig(client_name="Demo")
    since = pd.Timestamp("2024-12-31")
    d = dg.diagnose({"opportunities": deals}, config, tiered=tiered, tier_since=since)
    rates = dg.key_figures(d)["funnel.win_rate_by_tier"]
    assert rates["1"] == 0.5  # B lost, C won; A (2024-06) left out
    assert rates["5"] == 0.0  # E lost; D created on the tier date itself is not after it
    assert d["tiers"].loc["1", "deals"] == 2 and d["tiers"].loc["5", "deals"] == 1
    everything = dg.key_figures(dg.diagnose({"opportunities": deals}, config, tiered=tiered))["funnel.win_rate_by_tier"]
    assert everything["1"] == pytest.approx(2 / 3) and everything["5"] == 0.5
    from workbook.funnel import sections

    note = render(sections.tiers(d, lambda key: ("x",)).note, "zh")
    assert note.startswith("客户分级按 2024-12-31 的状态确定")


# --------------------------------------------------------------------------- the chapter

LEADS_CSV = ("lead_id,created_date,source,owner,first_followup_date\n"
             "L1,2025-01-01,网站,R1,2025-01-03\n"
             "L2,2025-01-01,网站,R1,\n"
             "L3,2025-01-10,展会,R2,\n"
             "L4,2025-03-01,展会,R2,\n")
OPPS_CSV = ("opportunity_id,created_date,stage,status,amount,close_date,owner\n"
            "O1,2025-01-05,discover,open,100,,R1\n"
            "O2,2025-01-06,bid,open,200,,R1\n"
            "O3,2025-01-07,negotiate,won,300,2025-02-01,R2\n"
            "O4,2025-01-08,solution,lost,50,2025-02-10,R2\n")
PERIOD = "client_name: Demo\nperiod: {start: 2025-01-01, end: 2025-03-31}\n"


def _client(tmp_path, files):
    return opened_client(tmp_path / "client", files, yaml=PERIOD)


def test_compute_with_leads_only(tmp_path):
    result = dg.compute(_client(tmp_path, {"leads.csv": LEADS_CSV}))
    assert [s.key for s in result.sections] == SECTIONS
    missing = {s.key for s in result.sections if s.missing}
    assert missing == {"five", "lifecycle", "nurture", "tiers", "tender", "cycle", "checklist", "forecast",
                       "collections", "business", "new_by_rep"}
    assert "opportunities" in result.section("forecast").needs
    # 3 of 4 leads never followed up, all three older than 7 days at 2025-03-31; only L1 within the window
    finding = render(result.section("utilisation").finding, "zh")
    assert finding == "75.0% 的线索从未被跟进，其中 3 条已超过 7 天的跟进窗口；只有 25.0% 的线索在窗口内得到跟进。"
    assert result.figures["funnel.rotting_leads"] == 3 and result.figures["funnel.leads"] == 4
    assert result.figures["funnel.leaks"] == [{"step": "unused_leads", "leads": 3, "money": 0.0}]  # no wins: no money
    assert [a.sheet for a in result.actions] == ["funnel_rotting_leads"]


def test_compute_with_opportunities_only(tmp_path):
    result = dg.compute(_client(tmp_path, {"opportunities.csv": OPPS_CSV}))
    assert [s.key for s in result.sections] == SECTIONS
    missing = {s.key for s in result.sections if s.missing}
    assert missing == {"funnel", "lifecycle", "nurture", "breakdown", "tiers", "utilisation", "rotting", "mouth",
                       "sources", "tender", "checklist", "collections", "business", "new_by_rep"}
    assert result.section("funnel").needs == ("leads",)
    assert "opportunities.need" in result.section("checklist").needs
    # 2025-01-01..03-31 is 90 days, 12.857 weeks: 4 opportunities created (0.3 a week); intent stage bid,
    # no stage history: O2 (bid) and the won O3 (0.2 a week); O3 won 2025-02-01 (0.1 a week), 300
    five = render(result.section("five").finding, "zh")
    assert five == "每周新增商机 0.3 个，进入购买意向 0.2 个，成交 0.1 单（平均每单 300 元）。"
    assert result.figures["funnel.weighted_pipeline"] == pytest.approx(100 * 0.1 + 200 * 0.6)
    assert result.figures["funnel.leads"] is None and result.figures["funnel.leaks"] == []
    assert result.figures["funnel.won_revenue"] == 300.0
    assert result.labels["stage"]["bid"] == ("投标", "Bid") and result.labels["stage"]["total"][1] == "Total"


ACTS_CSV = ("date,type,owner,department\n"
            "2025-01-02,visit,R1,sales\n"               # a seller's visit: a call
            "2025-01-03,phone,R1,sales\n"               # a call
            "2025-01-05,technical_exchange,R2,sales\n"  # an inside seller's technical exchange: a call
            "2025-01-06,email,R1,sales\n"               # an e-mail is not a call
            "2025-01-07,phone,R1,service\n"             # a service department's call is not a sales call
            "2025-01-08,visit,R3,sales\n"               # a support rep's visit is not a sales call
            "2025-01-09,event,R1,sales\n"               # an event is not a call
            "2024-12-30,visit,R1,sales\n"               # before the period
            "2025-02-10,visit,R1,sales\n")              # after it
REPS_CSV = "owner,role\nR1,field\nR2,inside\nR3,support\n"
FIVE_OPPS_CSV = ("opportunity_id,created_date,stage,status,amount,close_date,owner\n"
                 "O1,2024-12-15,negotiate,won,400,2025-01-10,R1\n"  # created before, won in the period
                 "O2,2025-01-05,bid,open,200,,R1\n"
                 "O3,2025-01-10,discover,lost,50,2025-01-20,R2\n"
                 "O4,2025-01-12,negotiate,won,200,2025-01-25,R2\n"
                 "O5,2025-01-20,solution,won,100,2025-02-15,R2\n")  # won after the period
HISTORY_CSV = ("opportunity_id,stage,entered_date\n"
               "O1,bid,2024-12-20\nO1,negotiate,2025-01-05\n"  # reached bid before the period
               "O2,discover,2025-01-05\nO2,bid,2025-01-15\n"    # an intent in the period
               "O3,discover,2025-01-10\n"
               "O4,discover,2025-01-12\nO4,negotiate,2025-01-20\n"  # skipped bid: past it in the period
               "O5,solution,2025-01-20\nO5,bid,2025-02-01\n")   # after the period
FOUR_WEEKS = "client_name: Demo\nperiod: {start: 2025-01-01, end: 2025-01-28}\n"


def test_five_numbers_weekly_over_the_period(tmp_path):
    """Four weeks; intent stage bid (the stage before the last)."""
    files = {"activities.csv": ACTS_CSV, "reps.csv": REPS_CSV, "opportunities.csv": FIVE_OPPS_CSV,
             "stage_history.csv": HISTORY_CSV}
    root = make_client(tmp_path / "client", files, yaml=FOUR_WEEKS)
    run_intake(root)
    result = dg.compute(open_client(root))
    five, conv = result.figures["funnel.five_numbers"], result.figures["funnel.five_conversions"]
    # 3 sales calls; O2-O5 created in the period; O2 and O4 first reach bid or later in it; O1 and O4 won in it
    assert five == {"sales_calls_per_week": 0.75, "opportunities_per_week": 1.0, "purchase_intents_per_week": 0.5,
                    "sales_per_week": 0.5, "avg_revenue_per_sale": 300.0}
    assert conv == {"calls_to_opportunities": pytest.approx(4 / 3), "opportunities_to_intents": 0.5,
                    "intents_to_sales": 1.0}
    section = result.section("five")
    assert render(section.finding, "zh") == ("每周销售拜访、电话和技术交流 0.8 次，新增商机 1.0 个，"
                                             "进入购买意向 0.5 个，"
                                             "成交 0.5 单（平均每单 300 元）。")
    assert render(section.finding, "en") == ("Each week: 0.8 sales calls (visits, phone calls, technical exchanges), "
                                             "1.0 new opportunities, 0.5 purchase intents, 0.5 deals won "
                                             "(CNY 300 each on average).")
    table = section.tables[0]
    assert table.frame["metric"].tolist() == ["sales_calls_per_week", "calls_to_opportunities",
                                              "opportunities_per_week", "opportunities_to_intents",
                                              "purchase_intents_per_week", "intents_to_sales", "sales_per_week",
                                              "avg_revenue_per_sale"]
    assert table.row_kinds == ("number", "rate", "number", "rate", "number", "rate", "number", "money")
    # without stage history: opportunities created in the period at or past bid, or won: O2, O4, O5
    (root / "data" / "raw" / "stage_history.csv").unlink()
    run_intake(root)
    five = dg.compute(open_client(root)).figures["funnel.five_numbers"]
    assert five["purchase_intents_per_week"] == 0.75


MOUTH_LEADS = ("lead_id,created_date,source,source_type,owner,first_followup_date,opportunity_id,tender_date\n"
               "L1,2025-01-01,技术交流,active,R1,2025-01-02,O1,2025-02-01\n"  # active, before the tender
               "L2,2025-02-01,网站,passive,R2,2025-02-03,O2,2025-02-02\n"     # engaged after the tender
               "L3,2025-03-01,网站,passive,R1,2025-03-05,O3,\n"
               "L4,2025-06-01,网站,passive,R2,,,\n"
               "L5,2025-11-15,展会,passive,R1,,,\n"                          # too recent to judge
               "L6,2025-12-01,展会,passive,R2,,,\n")
MOUTH_OPPS = ("opportunity_id,created_date,stage,status,amount,close_date,owner\n"
              "O1,2025-01-02,negotiate,won,100,2025-03-02,R1\n"  # 60 days after its lead
              "O2,2025-02-03,negotiate,won,300,2025-04-02,R2\n"  # 60 days
              "O3,2025-03-06,bid,open,500,,R1\n")                # expected 0.6 wins, 300 weighted
YEAR = "client_name: Demo\nrevenue_target: 2000\nperiod: {start: 2025-01-01, end: 2025-12-31}\n"


def test_funnel_mouth_from_mature_cohorts_and_first_hand_leads(tmp_path):
    root = make_client(tmp_path / "client", {"leads.csv": MOUTH_LEADS, "opportunities.csv": MOUTH_OPPS}, yaml=YEAR)
    run_intake(root)
    result = dg.compute(open_client(root))
    # median lead to win 60 days: leads created by 2025-11-01 are mature (L1-L4): (2 won + 0.6) / 4 = 65%;
    # the open pipeline is not added on top of a year of leads: 2,000 target / 200 a win = 10 wins / 65% / 12
    # months = 1.28 leads a month
    assert result.figures["funnel.required_leads_per_month"] == pytest.approx(10 / 0.65 / 12)
    mouth = result.section("mouth")
    assert render(mouth.note, "zh") == (
        "测算假设：线索赢单率只看 2025-11-01 及以前创建、已超过线索到赢单中位周期（60 天）的线索，"
        "共 4 条，已赢单 2 单，其在途商机按阶段概率预计再赢约 1 单。"  # 0.6 expected: a count is never fractional
        "在途商机不另计入目标：一年的新线索按这一赢单率已带来一年的赢单（去年的线索今年成交，今年的线索明年成交）。")
    # the deals reach back less than 12 months: no run-rate, so the target is stated without a growth
    assert result.figures["funnel.won_revenue_last_12_months"] is None
    # the adjusted (mature, with expected wins) rate stands beside the raw one and its n: 2 won of 4 leads = 50%
    assert render(mouth.finding, "en").startswith("The revenue target is CNY 2,000. At the mature cohorts' "
                                                  "lead-to-win rate of 65.0% (50.0% actually won, 2 of 4 leads, plus 1 "
                                                  "wins expected from their open deals) and an average won deal of "
                                                  "CNY 200, it needs 1 leads a month")
    rows = dict(zip(mouth.tables[0].frame["metric"], mouth.tables[0].frame["value"], strict=True))
    assert rows["lead_to_win_rate"][1] == "65.0%" and rows["all_cohorts_rate"][1] == "33.3%"
    assert "pipeline_expected" not in rows
    # every action is on the one value scale: basis, pool, owner, first step, KPI, when, evidence section
    for action in result.actions:
        assert action.basis is not None and action.pool and action.who and action.step and action.kpi, action
        assert action.section in [section.key for section in result.sections], action
    assert 3 <= len(result.exhibits) <= 5 and len(result.summary) == 3
    assert result.summary[0] == result.section(result.exhibits[0]).finding
    # first-hand: L1 and L2 carry a tender date; only L1 is active and created before it
    assert result.figures["funnel.first_hand_share"] == 0.5
    tender = result.section("tender")
    assert render(tender.finding, "zh").endswith(
        "有招标日期的 2 条线索中，一手线索（主动获客、在招标前创建）只占 50.0%。")
    assert tender.tables[1].frame["value"].tolist() == [2, 1, 0.5]


LATIN = re.compile(r"[A-Za-z]{2,}")
ALLOWED = {"ROI", "ICP", "CNY", "PDF", "Excel"}
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.slow
def test_sample_client_texts_are_in_one_language(sample_client):
    result = dg.compute(sample_client)
    for key in SECTIONS:
        _, zh_payload = section_html(result, key, "zh")
        _, en_payload = section_html(result, key, "en")
        assert not zh_payload["needs"] and not en_payload["needs"], key  # the sample client has every table
        texts = [zh_payload["heading"], zh_payload["finding"] or ""]
        for table in zh_payload["tables"]:
            texts += [table["caption"], *table["headers"]]
        latin = {w for text in texts for w in LATIN.findall(text)} - ALLOWED
        assert not latin, (key, latin)
        texts = [en_payload["heading"]]
        for table in en_payload["tables"]:
            texts += [table["caption"], *table["headers"]]
        assert not [text for text in texts if CJK.search(text)], key
        for payload in (zh_payload, en_payload):
            cells = [payload["finding"] or "", payload["note"] or ""]
            cells += [cell for table in payload["tables"] for row in table["rows"] for cell in row]
            assert not {"nan", "None", "NaN", "NaT", "<NA>", "True", "False"} & set(cells), key
            assert not [cell for cell in cells if re.search(r"\d\.\d{4,}|e[+-]\d\d|\bnan\b", cell)], key
    for action in result.actions:
        assert LATIN.findall(render(action.text, "zh", labels=result.labels)) == []
        assert not CJK.search(render(action.who, "en"))


def test_eagles_and_rookies_name_the_largest_gap_and_every_step():
    from workbook.funnel import sections

    # 10 reps, the top 20% are 2: qualified 40% vs 30% (10 points), won 50% vs 35% (15 points, the largest)
    top = pd.DataFrame({"step": ["qualified", "won"], "top_rate": [0.4, 0.5], "rest_rate": [0.3, 0.35],
                        "gap": [0.1, 0.15], "ratio": [4 / 3, 0.5 / 0.35]})
    finding = sections.eagles(top, reps=10, top_share=0.2)
    labels = dg.labels(ClientConfig(client_name="Demo"))
    assert render(finding, "zh", labels=labels) == (
        "前 20% 的「老鹰」销售（2 名）与其余 8 名销售差距最大的一步是进入「赢单」：50.0% 对 35.0%，相差 15.0 个百分点；"
        "其余各步：「合格线索」40.0% 对 30.0%。")
    assert render(finding, "en", labels=labels) == (
        "The top 20% of reps (the 2 \"eagles\") differ most from the other 8 at the step into \"Won\": 50.0% against "
        "35.0%, a gap of 15.0 percentage points. At the other steps: \"Qualified\" 40.0% against 30.0%.")
    assert sections.eagles(top.assign(gap=float("nan")), reps=10, top_share=0.2) is None
    # with the groups' trials the n stands beside each rate: 40 closed deals of the top 2 reps, 160 of the others
    counted = sections.eagles(top.assign(top_trials=[50, 40], rest_trials=[200, 160]), reps=10, top_share=0.2)
    assert render(counted, "zh", labels=labels).startswith(
        "前 20% 的「老鹰」销售（2 名）与其余 8 名销售差距最大的一步是进入「赢单」："
        "50.0%（样本 40）对 35.0%（样本 160），")
    assert "50.0% (n = 40) against 35.0% (n = 160)" in render(counted, "en", labels=labels)


@pytest.mark.slow
def test_sample_client_headings_and_chart_titles_state_findings(sample_client):
    from workbook.core import theme
    from workbook.core.display import _figure

    result = dg.compute(sample_client)
    for lang in ("zh", "en"):
        theme.apply_theme(lang=lang)
        for section in result.sections:
            heading, payload = section_html(result, section.key, lang)
            assert not payload["heading"].rstrip().endswith(("?", "？")), payload["heading"]
            if section.chart is None:
                continue
            titles = [ax.get_title() for ax in _figure(section.chart, lang).axes if ax.get_title()]
            assert titles and not [title for title in titles if title.rstrip().endswith(("?", "？"))], titles
            assert all(re.search(r"\d", title) for title in titles), (section.key, titles)  # each states a number
        # the chapter opens with its three findings and names its main-report exhibits
        assert len(result.summary) == 3 and 3 <= len(result.exhibits) <= 5
        plt.close("all")
