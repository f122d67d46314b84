"""Notebook 00 (data overview): its recorded figures checked against pandas, its sections and actions."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.sample_render import rendered
from workbook.core.formats import render
from workbook.core.record import read_records
from workbook.core.schema import TABLES
from workbook.intake import open_client, overview


@pytest.mark.slow
def test_recorded_rows_and_findings_match_pandas(sample_client, tmp_path_factory):
    folder = rendered("en", sample_client, tmp_path_factory)
    records = read_records(folder / "reports" / "00_data_overview.ipynb")
    clean = folder / "data" / "clean"
    expected = {name: len(pd.read_parquet(clean / f"{name}.parquet")) if (clean / f"{name}.parquet").exists() else 0
                for name in TABLES}
    assert records["overview.rows"] == expected
    assert records["overview.findings"] == len(pd.read_json(clean / "quality.json"))


def test_compute_states_each_finding_with_its_number(tmp_path):
    from tests.render_fixtures import make_tiny_client

    client = open_client(make_tiny_client(tmp_path / "c", "C", ["甲", "乙", "丙"]))
    result = overview.compute(client)
    assert [s.key for s in result.sections] == ["tables", "monthly", "completeness", "findings"]
    tables = result.section("tables").finding
    assert tables.fields["supplied"].value == 1 and tables.fields["rows"].value == 3
    assert result.section("monthly").needs  # no dated table: the section says which data would enable it
    thin = result.section("completeness")
    # only id and name of 15 customer fields are filled; level and relationship, which the kit derives, and the
    # first won date, whose blank means "never bought before", apart: 15 - 2 - 2 - 1 = 10
    assert thin.finding.fields["n"].value == 10
    assert render(thin.note, "zh", labels=result.labels) == (
        "客户级别、客户关系由本报告按接触与赢单记录推算，缺填不影响分析，不计入上述字段。"
        "首次赢单日期为空表示该客户此前没有成交，不是缺填，不计入上述字段。")
    assert result.figures["overview.rows"]["customers"] == 3
    assert result.figures["overview.findings"] == len(client.findings()) > 0
    # the findings only inform (empty columns): nothing to correct, so the one action asks for the 7 tables missing
    assert set(client.findings()["rule"]) == {"empty_optional", "derived_empty"}
    [ask] = result.actions
    assert len(ask.text.fields["missing"]) == 7
