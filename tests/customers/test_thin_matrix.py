"""Thin customer data: reps with the same number of assets are even (no most or fewest), and a matrix with no
graded customer says why it is empty."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import make_client
from workbook.core.config import DEFAULT_TIERS
from workbook.core.formats import render
from workbook.customers import inventory, matrix
from workbook.customers.levels import INCOMPLETE
from workbook.intake import open_client
from workbook.intake.validate import run_intake


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reps_with_the_same_assets_are_said_to_be_even(lang):
    # 李静 and 王磊 each have one tier-4 customer and no assets: 0 and 0, not "李静 most (0), 李静 fewest (0)"
    tiered = pd.DataFrame({"owner": ["李静", "王磊"], "tier": pd.array([4, 4], dtype="Int64")})
    section = matrix._owners(tiered, "assets", pd.Timestamp("2025-09-09"))
    assert section.finding.key == "find.matrix.owners_even"
    assert section.finding.fields["reps"].value == 2 and section.finding.fields["n"].value == 0
    text = render(section.finding, lang)
    assert "李静" not in text and "2" in text


def test_reps_with_different_assets_name_the_most_and_the_fewest():
    # 李静: tiers 1 and 2 (2 assets), 王磊: tier 4 (0 assets)
    tiered = pd.DataFrame({"owner": ["李静", "李静", "王磊"], "tier": pd.array([1, 2, 4], dtype="Int64")})
    finding = matrix._owners(tiered, "assets", pd.Timestamp("2025-09-09")).finding
    assert finding.key == "find.matrix.owners"
    labels = {"owner": {"李静": ("李静", "Li Jing"), "王磊": ("王磊", "Wang Lei")}}
    assert render(finding, "zh", labels=labels) == ("2 名销售中，李静 的客户资产（1–3 级）最多（2 家），"
                                                    "王磊 最少（0 家）。")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_matrix_of_incomplete_customers_says_why_it_is_empty(lang):
    # three customers, none with the details to be graded: no fullest cell of 0, no picture of zeros
    inv = pd.DataFrame({"customer_id": list("ABC"), "level": [INCOMPLETE] * 3,
                        "relationship": ["familiar", "neutral", "partner"]})
    tiered = matrix.assign_tiers(inv, tiers=DEFAULT_TIERS)
    section = matrix._matrix(tiered, DEFAULT_TIERS, pd.Timestamp("2025-09-09"))
    assert section.finding.key == "find.matrix.matrix_empty" and section.chart is None
    assert section.finding.fields["incomplete"].value == 3 and section.finding.fields["customers"].value == 3
    assert "2025-09-09" in render(section.finding, lang)
    # one graded customer (strategic partner: tier 1) puts it back in the picture
    inv.loc[0, "level"] = "strategic"
    inv.loc[0, "relationship"] = "partner"
    section = matrix._matrix(matrix.assign_tiers(inv, tiers=DEFAULT_TIERS), DEFAULT_TIERS, pd.Timestamp("2025-09-09"))
    assert section.finding.key == "find.matrix.matrix" and section.chart is not None


# three customers without headcount (none can be graded), each contacted in 2025
THIN_CUSTOMERS = ("customer_id,name,industry,owner,annual_revenue\n"
                  "C1,Alpha,化工,R1,300000000\nC2,Beta,化工,R2,2000000000\nC3,Gamma,化工,R1,60000000\n")
THIN_ACTIVITIES = "date,owner,customer_id\n2025-11-01,R1,C1\n2025-11-02,R2,C2\n2025-11-03,R1,C3\n"


def test_a_chapter_of_ungraded_customers_states_no_zeros(tmp_path):
    root = tmp_path / "thin"
    make_client(root, {"customers.csv": THIN_CUSTOMERS, "activities.csv": THIN_ACTIVITIES},
                yaml="client_name: Thin\nperiod:\n  start: 2025-01-01\n  end: 2025-12-31\n")
    run_intake(root)
    client = open_client(root)
    level = inventory.compute(client).section("level").finding
    assert level.key == "find.inventory.level_none" and level.fields["n"].value == 3
    assert render(level, "zh") == ("3 家客户的资料都不全，暂时都无法判断客户级别：有多少优质、战略或潜在客户，"
                                   "要补齐资料后才知道。")
    result = matrix.compute(client)
    keys = {s.key: s.finding.key for s in result.sections if s.finding is not None}
    assert keys["matrix"] == "find.matrix.matrix_empty"
    assert keys["owners"] == "find.matrix.owners_even"  # R1 and R2: 0 assets each
    assert keys["build_trust"] == "find.matrix.build_trust_none"  # not "0 家 ... 年营收合计 0 元"
    assert keys["neglected"] == "find.matrix.neglected_none"  # not "0 家 ... 多赢约 0 元"
    # the chapter's summary line says the same (the main report's key findings take it), not "0 of 3, 0.0%"
    assert [line.key for line in result.summary] == ["find.matrix.matrix_empty"]
    for lang in ("zh", "en"):
        for section in result.sections:
            if section.finding is not None:
                text = render(section.finding, lang, labels=result.labels)
                assert "0 元" not in text and "CNY 0" not in text, text
