import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest

from workbook.core.config import ClientConfig, Stage, TimeCategory
from workbook.core.schema import DICTIONARY_SHEETS, TABLES
from workbook.intake.template import CREATED, TEMPLATE_NAME, choices, fill_template, write_template

DICT_TOP = 9  # header row of the data dictionary table (1-based)


@pytest.fixture(params=["zh", "en"])
def lang(request):
    return request.param


@pytest.fixture
def book(tmp_path, lang):
    return openpyxl.load_workbook(write_template(tmp_path / f"template_{lang}.xlsx", lang=lang))


def validations(ws) -> dict[str, object]:
    """Column letter -> its data validation (each covers one column)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        out["".join(ch for ch in first if ch.isalpha())] = dv
    return out


def list_values(dv) -> list[str]:
    return dv.formula1.strip('"').split(",")


def test_sheet_names_dictionary_first_then_schema_order(book, lang):
    assert book.sheetnames[0] in DICTIONARY_SHEETS
    assert book.sheetnames[0] == ("数据字典" if lang == "zh" else "data dictionary")
    assert book.sheetnames[1:] == [t.sheet_name(lang) for t in TABLES.values()]
    if lang == "zh":
        assert book.sheetnames[1:4] == ["客户", "线索", "商机"]


def test_headers_match_schema_with_required_marked(book, lang):
    for table in TABLES.values():
        ws = book[table.sheet_name(lang)]
        assert [c.value for c in ws[1]] == [f.header() for f in table.fields]
        assert ws.freeze_panes == "A2"
        for cell, f in zip(ws[1], table.fields, strict=True):
            assert bool(cell.font.b) == f.required, f.header()
            if f.required:
                assert cell.fill.fgColor.rgb.endswith("F4B183")
                assert cell.comment.text.startswith({"zh": "必填", "en": "Required"}[lang])
            assert ws.column_dimensions[cell.column_letter].width >= 10


def test_one_example_row_consistent_across_tables(book, lang):
    rows = {}
    for name, table in TABLES.items():
        ws = book[table.sheet_name(lang)]
        assert ws.max_row == 2
        rows[name] = dict(zip(table.names, (c.value for c in ws[2]), strict=True))
    customer, lead, opp = rows["customers"], rows["leads"], rows["opportunities"]
    assert opp["customer_id"] == lead["customer_id"] == customer["customer_id"] == "C0001"
    assert opp["lead_id"] == lead["lead_id"]
    assert lead["opportunity_id"] == opp["opportunity_id"] == rows["stage_history"]["opportunity_id"]
    assert rows["quotes"]["opportunity_id"] == opp["opportunity_id"]
    assert customer["owner"] == opp["owner"] == rows["reps"]["owner"] == rows["time_log"]["owner"]
    assert opp["created_date"] == dt.datetime(2025, 3, 20)
    assert customer["level"] == ("优质" if lang == "zh" else "quality")
    assert opp["need"] == ("是" if lang == "zh" else "yes")
    assert opp["stage"] == ("方案" if lang == "zh" else "solution")
    assert rows["time_log"]["category"] in choices(TABLES["time_log"].field("category"), lang=lang)


def test_lists_and_formats(book, lang):
    ws = book[TABLES["customers"].sheet_name(lang)]
    dvs = validations(ws)
    level_col = openpyxl.utils.get_column_letter(TABLES["customers"].names.index("level") + 1)
    level = dvs[level_col]
    assert level.type == "list"
    assert str(level.sqref) == f"{level_col}2:{level_col}10000"
    expected = ["潜在", "目标", "优质", "战略"] if lang == "zh" else ["potential", "target", "quality", "strategic"]
    assert list_values(level) == expected
    for table in TABLES.values():
        ws = book[table.sheet_name(lang)]
        dvs = validations(ws)
        for i, f in enumerate(table.fields, start=1):
            col = openpyxl.utils.get_column_letter(i)
            if f.kind in ("vocab", "bool", "stage", "category"):
                assert list_values(dvs[col]) == choices(f, lang=lang), f.header()
            elif f.kind == "date":
                assert dvs[col].type == "date" and dvs[col].prompt
                assert ws.cell(2, i).number_format == "yyyy-mm-dd" or ws.cell(2, i).value is None
            else:
                assert col not in dvs
            if f.kind in ("int", "number") and ws.cell(2, i).value is not None:
                assert ws.cell(2, i).number_format.startswith("#,##0")


def test_dictionary_lists_every_field(book, lang):
    ws = book.worksheets[0]
    assert "yyyy-mm-dd" in " ".join(str(c.value) for c in ws["A"][:8])
    howto = " ".join(str(c.value) for c in ws["A"][:8])
    assert ("删除示例行" in howto) if lang == "zh" else ("delete it" in howto)
    header = [c.value for c in ws[DICT_TOP]][:7]
    if lang == "zh":
        assert header == ["表", "字段（表头）", "含义", "类型", "必填", "可选值", "示例"]
    listed = [(r[0], r[1]) for r in ws.iter_rows(min_row=DICT_TOP + 1, max_col=7, values_only=True)]
    assert listed == [(t.sheet_name(lang), f.header()) for t in TABLES.values() for f in t.fields]
    rows = {r[1]: r for r in ws.iter_rows(min_row=DICT_TOP + 1, max_col=7, values_only=True) if r[0] == listed[0][0]}
    level = rows[TABLES["customers"].field("level").header()]
    assert level[3] == TABLES["customers"].field("level").type_label(lang)
    assert level[4] == ("否" if lang == "zh" else "no")
    assert "quality/优质" in level[5]
    assert rows[TABLES["customers"].field("customer_id").header()][4] == ("是" if lang == "zh" else "yes")


def test_deterministic_and_dated(tmp_path):
    a = write_template(tmp_path / "a.xlsx")
    b = write_template(tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    assert openpyxl.load_workbook(a).properties.created == CREATED


def test_directory_target_gets_template_name(tmp_path, lang):
    assert write_template(tmp_path, lang=lang) == tmp_path / TEMPLATE_NAME[lang]


@pytest.mark.parametrize(("n", "label"), [(3, "阶段{i}, 第{i}步"), (60, "阶段第{i}步")])
def test_config_stages_and_categories(tmp_path, n, label):
    """Labels with commas, or lists over Excel's 255 characters, are read from the dictionary sheet."""
    config = ClientConfig(
        client_name="Demo",
        stages=tuple(Stage(name=f"s{i}", label_zh=label.format(i=i), probability=0.5) for i in range(1, n + 1)),
        time_categories=(TimeCategory(name="travel", label_zh="差旅", kind="indirect"),),
    )
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", config=config))
    opp = book["商机"]
    assert opp["C2"].value == label.format(i=1)  # the schema example (方案) is not a stage here: first one instead
    stage_dv = validations(opp)["C"]
    assert stage_dv.formula1.startswith("'数据字典'!$")
    assert validations(book["阶段历史"])["B"].formula1 == stage_dv.formula1  # one range per list
    sheet, ref = stage_dv.formula1.split("!")
    cells = book["数据字典"][ref.replace("$", "")]
    assert [row[0].value for row in cells] == [s.label_zh for s in config.stages]
    assert list_values(validations(book["时间分配"])["C"]) == ["差旅"]


def test_bad_lang(tmp_path):
    with pytest.raises(ValueError, match="lang must be one of zh, en, got 'de'"):
        write_template(tmp_path / "t.xlsx", lang="de")


def test_fill_template_writes_rows_under_the_right_headers(tmp_path, lang):
    customers = pd.DataFrame({
        "level": ["quality", None, "gold"],  # an unknown value is kept so intake can report it
        "customer_id": ["C1", "C2", "C3"],
        "name": ["甲公司", "乙公司", "丙公司"],
        "headcount": [120, np.nan, 3000],
        "_source_row": [2, 3, 4],
    })
    opportunities = pd.DataFrame({
        "opportunity_id": ["O1"],
        "created_date": pd.to_datetime(["2025-02-03"]),
        "stage": ["bid"],
        "need": [True],
        "budget": [False],
        "amount": [1.5e6],
    })
    before = customers.copy()
    path = fill_template(tmp_path / "filled.xlsx", {"customers": customers, "opportunities": opportunities},
                         lang=lang)
    pd.testing.assert_frame_equal(customers, before)
    book = openpyxl.load_workbook(path)
    ws = book[TABLES["customers"].sheet_name(lang)]
    headers = [c.value for c in ws[1]]
    assert headers == [f.header() for f in TABLES["customers"].fields]
    columns = zip(*ws.iter_rows(min_row=2, values_only=True), strict=True)
    got = dict(zip(TABLES["customers"].names, columns, strict=True))
    assert got["customer_id"] == ("C1", "C2", "C3")
    assert got["name"] == ("甲公司", "乙公司", "丙公司")
    assert got["headcount"] == (120, None, 3000)
    assert got["level"] == (("优质", None, "gold") if lang == "zh" else ("quality", None, "gold"))
    assert got["industry"] == (None, None, None)
    opp = book[TABLES["opportunities"].sheet_name(lang)]
    row = dict(zip(TABLES["opportunities"].names, (c.value for c in opp[2]), strict=True))
    assert row["created_date"] == dt.datetime(2025, 2, 3)
    assert row["stage"] == ("投标" if lang == "zh" else "bid")
    assert (row["need"], row["budget"]) == (("是", "否") if lang == "zh" else ("yes", "no"))
    assert row["amount"] == 1.5e6
    assert book[TABLES["leads"].sheet_name(lang)].max_row == 1  # no example rows in a filled template


def test_fill_template_rejects_unknown_names(tmp_path):
    with pytest.raises(ValueError, match="table must be one of customers, .*got 'deals'"):
        fill_template(tmp_path / "x.xlsx", {"deals": pd.DataFrame()})
    with pytest.raises(ValueError, match="customers: columns 'shoe_size' are not fields"):
        fill_template(tmp_path / "x.xlsx", {"customers": pd.DataFrame({"shoe_size": [42]})})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_sample_data_through_template_and_intake(sample_client, tmp_path, lang):
    """The template, filled with the sample client's clean data, validates back to the same tables."""
    from workbook.core.schema import TABLES
    from workbook.intake.validate import run_intake

    tables = {name: sample_client.table(name).head(300) for name in TABLES}
    client = tmp_path / "client"
    (client / "data" / "raw").mkdir(parents=True)
    (client / "client.yaml").write_text((sample_client.dir / "client.yaml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    write_template(client / "data" / "raw" / "intake.xlsx", lang=lang)
    fill_template(client / "data" / "raw" / "intake.xlsx", tables, lang=lang)

    result = run_intake(client)

    assert set(result.tables) == set(TABLES)
    for name, original in tables.items():
        back = result.tables[name]
        assert len(back) == len(original), name
        for col in TABLES[name].names:
            if col not in original:
                continue
            left = original[col].reset_index(drop=True)
            right = back[col].reset_index(drop=True)
            if pd.api.types.is_float_dtype(left):
                assert np.allclose(left.astype(float), right.astype(float), equal_nan=True), (name, col)
            else:
                assert left.astype(object).where(left.notna(), None).tolist() == \
                    right.astype(object).where(right.notna(), None).tolist(), (name, col)
    assert (client / "data" / "clean" / "customers.parquet").exists()
