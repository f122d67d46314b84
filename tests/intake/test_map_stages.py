"""Stage and outcome semantics: outcome words and codes map to status without help, every other stage value is
an open stage of the client's own funnel (ordered by a probability column, else by age), and a closed stage
that is no outcome word is the one question."""
from __future__ import annotations

import pandas as pd
import pytest

from workbook.core.config import Stage
from workbook.core.schema import VOCABULARIES, outcome_of
from workbook.intake.stages import plan_stages, stage_name


@pytest.mark.parametrize("value, outcome", [
    ("Closed Won", "won"), ("Closed Lost", "lost"), ("WON", "won"), ("LOSE", "lost"), ("C1:WON", "won"),
    ("C12:LOSE", "lost"), ("APOLOGY", "lost"), ("C3:APOLOGY", "lost"), ("赢单", "won"), ("输单", "lost"),
    ("丢单", "lost"), ("成功", "won"), ("失败", "lost"), ("关闭", "lost"),
    ("Invoice issued", None), ("C1:UC_ISSUED", None), ("方案报价", None), ("NEW", None),
])
def test_outcome_words_and_codes(value, outcome):
    assert outcome_of(value) == outcome


def test_the_status_vocabulary_reads_the_outcome_words_without_a_map():
    status = VOCABULARIES["status"]
    assert [status.canonical(v) for v in ("成功", "失败", "LOSE", "apology", "Closed Won")] == [
        "won", "lost", "lost", "lost", "won"]


def test_stages_ordered_by_the_probability_column_with_its_probabilities():
    frame = pd.DataFrame({
        "Stage": ["Contract Sent", "Prospecting", "Closed Won", "Qualification", "Closed Lost", "Contract Sent"],
        "Probability (%)": ["95", "10", "100", "20", "0", "95"],
    })
    plan = plan_stages(frame, "Stage")
    # 10 < 20 < 95: the column's order, its medians as probabilities; known Salesforce stages keep their labels
    assert [(s.name, s.label_zh, s.probability) for s in plan.stages] == [
        ("prospecting", "寻找客户", 0.1), ("qualification", "资格确认", 0.2),
        ("contract_sent", "合同已发出", 0.95)]
    assert plan.status_spec == {"column": "Stage", "values": {
        "Contract Sent": "open", "Prospecting": "open", "Closed Won": "won", "Qualification": "open",
        "Closed Lost": "lost"}}
    # a won deal stood at the last stage; a lost one keeps no last stage
    assert plan.stage_spec == {"column": "Stage", "values": {"Closed Won": "contract_sent", "Closed Lost": None},
                               "if_empty": "keep"}
    assert plan.questions == ()


def test_without_a_probability_column_stages_go_by_median_age_and_probabilities_spread_evenly():
    # ages up to the latest creation (2025-06-30): Angebot 150 and 90 days (median 120), Erstkontakt 10,
    # Verhandlung 170 -> Erstkontakt, Angebot, Verhandlung; probabilities 1/4, 2/4, 3/4
    frame = pd.DataFrame({
        "Phase": ["Angebot", "Erstkontakt", "Verhandlung", "Angebot", "WON"],
        "Created": ["2025-02-01", "2025-06-20", "2025-01-11", "2025-04-01", "2025-06-30"],
    })
    plan = plan_stages(frame, "Phase", created="Created")
    assert [(s.name, s.label_zh, s.probability) for s in plan.stages] == [
        ("erstkontakt", "「Erstkontakt」", 0.25), ("angebot", "「Angebot」", 0.5),
        ("verhandlung", "「Verhandlung」", 0.75)]
    assert "median age" in plan.evidence


def test_a_closed_stage_that_is_no_outcome_word_is_the_one_question_with_won_as_the_likely_answer():
    frame = pd.DataFrame({
        "STAGE_ID": ["NEW", "C1:UC_ISSUED", "WON", "C1:UC_ISSUED", "LOSE", "C1:NEW"],
        "CLOSED": ["N", "Y", "Y", "Y", "Y", "N"],
        "DATE_CREATE": ["2020-09-10T09:20:25+03:00"] * 6,
    })
    bitrix = (Stage(name="new", label_zh="新建", probability=0.1),
              Stage(name="final_invoice", label_zh="最终发票", probability=0.9))
    plan = plan_stages(frame, "STAGE_ID", created="DATE_CREATE", known=bitrix, configured=False)
    assert [(q.value, q.likely, q.rows) for q in plan.questions] == [("C1:UC_ISSUED", "won", 2)]
    assert "CLOSED says closed in 2 of 2 rows" in plan.questions[0].evidence
    # C1:NEW is the pipeline's NEW: the known stage; the guess stands until answered
    assert plan.status_spec["values"]["C1:UC_ISSUED"] == "won"
    assert plan.stage_spec["values"]["C1:NEW"] == "new"
    lost = plan.answer({"C1:UC_ISSUED": "lost"})
    assert lost.status_spec["values"]["C1:UC_ISSUED"] == "lost" and lost.answered == ("C1:UC_ISSUED",)
    assert lost.stage_spec["values"]["C1:UC_ISSUED"] is None
    with pytest.raises(ValueError, match="stage 'C1:UC_ISSUED': the outcome must be one of won, lost, open"):
        plan.answer({"C1:UC_ISSUED": "maybe"})


def test_an_answer_open_adds_the_stage_to_the_funnel():
    frame = pd.DataFrame({"Stage": ["A", "Invoice issued", "A"], "Probability": ["30", "100", "30"]})
    plan = plan_stages(frame, "Stage")
    assert [(q.value, q.likely) for q in plan.questions] == [("Invoice issued", "won")]
    opened = plan.answer({"Invoice issued": "open"})
    assert [s.label_zh for s in opened.stages] == ["「A」", "「Invoice issued」"]
    assert opened.status_spec["values"]["Invoice issued"] == "open"


def test_configured_stages_that_name_every_open_value_stay():
    frame = pd.DataFrame({"阶段": ["方案", "投标", "赢单", "输单"]})
    configured = (Stage(name="solution", label_zh="方案", probability=0.4),
                  Stage(name="bid", label_zh="投标", probability=0.6))
    plan = plan_stages(frame, "阶段", known=configured)
    assert plan.stages is None
    assert plan.stage_spec == {"column": "阶段", "values": {"赢单": "bid", "输单": None}, "if_empty": "keep"}


def test_stage_names():
    assert [stage_name(v) for v in ("Needs Analysis", "C1:UC_ISSUED", "Счёт выставлен", "  新建 ")] == [
        "needs_analysis", "c1_uc_issued", "Счёт выставлен", "新建"]


def test_an_answer_open_adds_the_stage_to_configured_stages_that_stay():
    frame = pd.DataFrame({"阶段": ["方案", "已开票", "赢单"], "是否关闭": ["否", "是", "是"]})
    configured = (Stage(name="solution", label_zh="方案", probability=0.4),)
    plan = plan_stages(frame, "阶段", known=configured)
    assert plan.stages is None and [q.value for q in plan.questions] == ["已开票"]
    opened = plan.answer({"已开票": "open"})
    assert [(s.name, s.label_zh) for s in opened.stages] == [("solution", "方案"), ("已开票", "「已开票」")]
