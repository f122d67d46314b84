"""The executive summary names the first customers to work next, with their reasons, as escaped client text."""
from __future__ import annotations

from workbook.reports.summary import summarise, summary_content, summary_html

TOP = [{"customer_id": "C7", "name": "<script>alert(1)</script>", "reasons": ["build_trust", "checklist"],
        "channel": "visit", "owner": "R1"},
       {"customer_id": "C2", "name": "华东精密", "reasons": ["neglected"], "channel": "phone", "owner": "R2"},
       {"customer_id": "C9", "name": None, "reasons": ["untouched"], "channel": "visit", "owner": "unassigned"},
       {"customer_id": "C4", "name": "Fourth", "reasons": ["checklist"], "channel": "phone", "owner": "R2"}]


def test_summary_exposes_the_recorded_top():
    summary = summarise({"02": {"matrix.next_top": TOP, "matrix.next_customers": 40}}, [])
    assert summary["summary.next_top"] == TOP
    assert summarise({}, [])["summary.next_top"] is None


def test_summary_names_the_first_three_with_their_reasons():
    summary = {"summary.next_top": TOP}
    zh = summary_content(summary, [], lang="zh")["paragraphs"]
    assert zh == ["最该先联系的客户：「<script>alert(1)</script>」（4 级：建立信任、商机要素未配齐；建议拜访）、"
                  "「华东精密」（客户资产被冷落；建议电话）、「C9」（优质战略客户未接触；建议拜访）"
                  "（完整名单见附录「先联系的客户」）。"]
    en = summary_content(summary, [], lang="en")["paragraphs"][0]
    assert en.startswith("Customers to work first: <script>alert(1)</script> (tier 4: build trust, open deal, "
                         "checklist incomplete; suggested contact: Visit), 华东精密 (neglected asset; "
                         "suggested contact: Phone), C9 ")
    assert "Fourth" not in en  # three names, not five
    assert summary_content({"summary.next_top": []}, [], lang="zh")["paragraphs"] == []


def test_summary_groups_customers_with_the_same_reasons():
    same = [dict(row, reasons=["build_trust"], channel="visit") for row in TOP[1:4]]
    en = summary_content({"summary.next_top": same}, [], lang="en")["paragraphs"][0]
    assert en.startswith("Customers to work first: 华东精密, C9, Fourth (tier 4: build trust; "
                         "suggested contact: Visit) (the full list")


def test_summary_page_escapes_the_names():
    page = summary_html(summary_content({"summary.next_top": TOP}, [], lang="en"), lang="en")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
