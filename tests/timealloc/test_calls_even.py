"""Sales calls a week per seller when every seller makes the same number: no "fewest" seller is named."""
from __future__ import annotations

import pytest

from tests.helpers import opened_client
from workbook.core.formats import render
from workbook.timealloc import compute

PERIOD = "client_name: Demo\nperiod: {start: 2025-03-03, end: 2025-03-16}\n"
# two weeks; R1 and R2 each one visit a week: 2 / 2 = 1.0 a week each
EVEN = ("date,owner,type\n2025-03-03,R1,visit\n2025-03-10,R1,visit\n"
        "2025-03-04,R2,visit\n2025-03-11,R2,visit\n")


def test_sellers_at_the_same_rate_are_said_to_be_even(tmp_path):
    result = compute(opened_client(tmp_path / "c", {"activities.csv": EVEN}, yaml=PERIOD))
    finding = result.section("calls").finding
    assert finding.key == "find.timealloc.calls_even"
    assert result.figures["time.sales_calls_per_rep_week"] == pytest.approx(1.0)
    assert render(finding, "zh") == "2 名销售在 2 周内共有 4 次销售拜访、电话和技术交流，每人每周都是 1.0 次。"
    assert render(finding, "en") == ("2 sellers made 4 sales calls (visits, phone calls and technical exchanges) "
                                     "in 2 weeks: 1.0 a week each, every one of them the same.")


def test_untyped_sellers_at_the_same_rate_are_said_to_be_even(tmp_path):
    untyped = "date,owner\n2025-03-03,R1\n2025-03-10,R1\n2025-03-04,R2\n2025-03-11,R2\n"
    result = compute(opened_client(tmp_path / "c", {"activities.csv": untyped}, yaml=PERIOD))
    finding = result.section("calls").finding
    assert finding.key == "find.timealloc.calls_untyped_even"
    assert "最少" not in render(finding, "zh") and "每人每周都是 1.0 次" in render(finding, "zh")
