"""The Excel appendix: tables from the display layer's payloads, one formatted sheet each, formulas neutralised."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import papermill
import pytest
from openpyxl import load_workbook

from tests import render_fixtures
from tests.render_fixtures import ALPHA, FORMULA
from workbook.core.display import APPENDIX_MIME
from workbook.core.i18n import MESSAGES
from workbook.reports.appendix import collect_appendix, sheet_name, write_appendix

rendered_pair = render_fixtures.rendered_pair  # the shared session fixture
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)"]
LONG = "客户有数据时应填写这些可选列，需要这些列的分析会说明缺少什么"


def _payload(sheet: str, rows: list[list], *, section: str = "1. 客户名单", chapter: str = "overview",
             columns: tuple = ("客户", "赢单数", "赢单率", "赢单金额（元）", "跟进天数", "工时（小时）", "平均值",
                               "比值", "首次接触", "月份", "级别", "是否重点", "客户编号", "说明"),
             kinds: tuple = ("name", "count", "rate", "money", "days", "hours", "number", "ratio", "date", "month",
                             "code", "bool", "id", "text")) -> dict:
    return {"sheet": sheet, "section": section, "columns": list(columns), "kinds": list(kinds), "data": rows,
            "chapter": chapter}


def _notebook(*payloads: dict):
    nb = nbformat.v4.new_notebook()
    for payload in payloads:
        cell = nbformat.v4.new_code_cell("show(result, 'x', lang=lang)")
        cell.outputs = [nbformat.v4.new_output("display_data", data={APPENDIX_MIME: payload,
                                                                     "text/html": "<p>shown</p>"})]
        nb.cells.append(cell)
    return nb


ROWS = [["甲方阿尔法", 3, 0.25, 1_250_000.0, 45, 12.5, 3.14159, 1.5, "2025-03-02T00:00:00.000", "2025-03",
         "战略客户", "是", "C0001", LONG],
        [HOSTILE[0], None, None, None, None, None, None, None, None, None, "普通客户", "否", 10023, HOSTILE[1]],
        [HOSTILE[2], 0, 0.0, 0.0, 0, 0.0, 0.0, 0.0, "2024-12-31T00:00:00.000", "2024-12-01T00:00:00.000",
         HOSTILE[3], "否", "C0003", ""]]


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.setitem(MESSAGES, "chapter.testfunnel", ("漏斗分析", "Funnel"))  # chapters name themselves
    nb = _notebook(_payload("客户名单", ROWS), _payload("客户名单", ROWS),  # the same table shown twice
                   _payload("客户名单", ROWS[:1], section="2. 重点客户"),  # another table, same caption
                   _payload("很长很长的表格标题" * 5, ROWS[:1], chapter="testfunnel", section="1. 漏斗"))
    tables = collect_appendix([("00_data_overview", nb)])
    path = write_appendix(tables, tmp_path / "appendix.xlsx", lang="zh", title="示例客户")
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left behind
    return load_workbook(path)


def test_one_sheet_per_table_with_unique_valid_names(book):
    names = book.sheetnames
    assert names[:3] == ["目录", "客户名单", "客户名单 (2)"]
    assert len(names) == 4 and len(names[3]) <= 31 and names[3].startswith("很长很长的表格标题")
    taken: set[str] = set()
    assert [sheet_name(n, taken) for n in ("a/b: [c]?", "a b c", "History", "x" * 40)] == [
        "a b c", "a b c (2)", "History (2)", "x" * 31]
    assert [t.sheet for t in collect_appendix([("nb", _notebook(_payload("目录", ROWS)))])] == ["目录 (2)"]


def test_headers_localised_bold_filled_frozen_and_filtered(book):
    sheet = book["客户名单"]
    assert [c.value for c in sheet[1]] == ["客户", "赢单数", "赢单率", "赢单金额（元）", "跟进天数", "工时（小时）",
                                           "平均值", "比值", "首次接触", "月份", "级别", "是否重点", "客户编号", "说明"]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DCE6F1") for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N4" and sheet.max_row == 4
    assert book["客户名单 (2)"].auto_filter.ref == "A1:N2"


def test_number_formats_dates_and_missing_values_by_kind(book):
    sheet = book["客户名单"]
    formats = [sheet.cell(2, col).number_format for col in range(2, 11)]
    # money: zero shows as a dash through the format, the cell stays a number
    assert formats == ["#,##0", "0.0%", '#,##0;-#,##0;"—"', "#,##0", "#,##0.0", "#,##0.0", "0.00", "yyyy-mm-dd",
                       "yyyy-mm"]
    assert [sheet.cell(2, col).value for col in range(2, 9)] == [3, 0.25, 1_250_000, 45, 12.5, 3.14159, 1.5]
    assert sheet["I2"].value == dt.datetime(2025, 3, 2) and sheet["I2"].is_date
    assert sheet["J2"].value == dt.datetime(2025, 3, 1) and sheet["J4"].value == dt.datetime(2024, 12, 1)
    assert all(sheet.cell(3, col).value is None for col in range(2, 11))  # missing: empty cells
    assert [sheet[f"{col}2"].value for col in "KLM"] == ["战略客户", "是", "C0001"]
    assert sheet["M3"].value == "10023" and sheet["M3"].data_type == "s"  # an id stays text
    assert sheet["N4"].value is None  # an empty text is an empty cell


def test_formula_like_client_text_is_quoted_text(book):
    sheet = book["客户名单"]
    for cell in (sheet["A3"], sheet["N3"], sheet["A4"], sheet["K4"]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert [sheet["A3"].value, sheet["N3"].value, sheet["A4"].value, sheet["K4"].value] == HOSTILE
    assert not sheet["A2"].quotePrefix


def test_widths_fit_the_content_counting_cjk_twice(book):
    sheet = book["客户名单"]
    width = {col: sheet.column_dimensions[col].width for col in "ABCN"}
    assert width["N"] > 55 and width["N"] <= 61  # 30 CJK characters: capped at 60
    assert width["A"] > 20  # the HYPERLINK text is 25 characters
    assert 8 < width["C"] < 14  # "赢单率": 6 wide


def test_contents_sheet_lists_each_sheet_by_chapter_with_links(book):
    contents = book["目录"]
    assert contents["A1"].value == "示例客户" and contents["A1"].font.bold
    rows = [[c.value for c in row] for row in contents.iter_rows(min_row=3)]
    assert rows == [["工作表", "章节", "行数"], ["数据概览", None, None], ["客户名单", "1. 客户名单", 3],
                    ["客户名单 (2)", "2. 重点客户", 1], ["漏斗分析", None, None], [book.sheetnames[3], "1. 漏斗", 1]]
    assert contents["A6"].hyperlink.location == "'客户名单 (2)'!A1"
    assert contents.freeze_panes == "A4"


def test_contents_in_english_and_hostile_names(tmp_path):
    nb = _notebook(_payload("=evil", [["x"]], section="=1+1", columns=("=col",), kinds=("name",)))
    path = write_appendix(collect_appendix([("nb", nb)]), tmp_path / "a.xlsx", lang="en", title="=Client")
    book = load_workbook(path)
    assert book.sheetnames == ["Contents", "=evil"]
    contents = book["Contents"]
    assert [c.value for c in contents[3]] == ["Sheet", "Section", "Rows"]
    assert contents["A1"].value == "=Client" and contents["A1"].quotePrefix
    assert contents["A5"].value == "=evil" and contents["A5"].quotePrefix and contents["B5"].quotePrefix
    assert book["=evil"]["A1"].quotePrefix and book["=evil"]["A1"].data_type == "s"


def test_an_empty_appendix_is_a_contents_sheet(tmp_path):
    book = load_workbook(write_appendix(collect_appendix([("nb", nbformat.v4.new_notebook())]), tmp_path / "a.xlsx"))
    assert book.sheetnames == ["目录"]


@pytest.mark.slow
def test_data_overview_notebook_gives_localised_sheets(sample_client, tmp_path):
    out = tmp_path / "00_data_overview.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "00_data_overview.ipynb"), str(out), kernel_name="python3",
                               cwd=str(tmp_path), parameters={"client_dir": str(sample_client.dir), "lang": "zh"},
                               progress_bar=False, execution_timeout=300)
    tables = collect_appendix([("00_data_overview", nbformat.read(out, as_version=4))])
    book = load_workbook(write_appendix(tables, tmp_path / "appendix.xlsx", lang="zh", title="示例客户"))
    assert {"目录", "数据清单", "数据质量提示"} <= set(book.sheetnames)
    quality = book["数据质量提示"]
    headers = [c.value for c in quality[1]]
    assert headers[:2] == ["表", "文件"] and all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in headers)
    texts = [c.value for row in quality.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert texts and not any(v.startswith("[") for v in texts)  # bilingual texts: the zh half only
    inventory = book["数据清单"]
    assert inventory.freeze_panes == "A2" and inventory["B2"].number_format == "#,##0"
    assert inventory["E2"].number_format == "0.0%" and inventory["F2"].is_date


@pytest.mark.slow
def test_a_rendered_batch_writes_the_tables_it_shows(rendered_pair):
    zephyr, _, _ = rendered_pair
    book = load_workbook(zephyr / "reports" / "appendix.xlsx")
    assert book.sheetnames[0] == "目录" and "客户" in book.sheetnames
    customers = book["客户"]
    assert [c.value for c in customers["B"]][1:] == ALPHA and customers.freeze_panes == "A2"
    hostile = customers.cell(ALPHA.index(FORMULA) + 2, 2)
    assert hostile.data_type == "s" and hostile.quotePrefix
    links = [c.hyperlink.location for c in book["目录"]["A"] if c.hyperlink]
    assert links == [f"'{name}'!A1" for name in book.sheetnames[1:]]


def test_every_caption_too_long_for_a_sheet_has_a_chosen_sheet_name_that_fits():
    from workbook.core.display import sheet_title
    from workbook.core.i18n import LANGS, MESSAGES

    for lang in LANGS:
        names = {}
        for key, texts in MESSAGES.items():
            if key.startswith("table."):
                name = sheet_title(key[len("table."):], texts[LANGS.index(lang)], lang)
                assert len(name) <= 31, (lang, key, name)  # chosen, never cut by Excel's limit
                names.setdefault(name.casefold(), []).append(key)
        assert len(MESSAGES["table.matrix_untouched"][1]) > 31  # the en caption needs its chosen name
        assert sheet_title("matrix_untouched", MESSAGES["table.matrix_untouched"][1], "en") == \
            "Premium customers not contacted"


def _values(sheet) -> list[list]:
    return [[(c.value, c.number_format, c.data_type, bool(c.quotePrefix)) for c in row] for row in sheet.iter_rows()]


def test_a_table_whose_rows_are_in_a_side_file_gives_the_same_sheet(tmp_path):
    import json

    folder = tmp_path / "reports" / ".appendix"
    folder.mkdir(parents=True)
    name = "0123456789abcdef0123456789abcdef.json"
    (folder / name).write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    inline = _payload("客户名单", ROWS)
    side = {key: value for key, value in inline.items() if key != "data"} | {"file": name, "rows": len(ROWS)}
    books = []
    for payload in (inline, side):
        tables = collect_appendix([("01_customer_inventory", _notebook(payload))], folder)
        assert [t.rows for t in tables] == [3]
        books.append(load_workbook(write_appendix(tables, tmp_path / f"{len(books)}.xlsx", title="示例客户")))
    assert books[0].sheetnames == books[1].sheetnames == ["目录", "客户名单"]
    for sheet in books[0].sheetnames:
        assert _values(books[0][sheet]) == _values(books[1][sheet])
    assert books[1]["客户名单"]["A3"].value == HOSTILE[0] and books[1]["客户名单"]["A3"].quotePrefix
    assert books[1]["目录"]["C5"].value == 3


def test_a_missing_side_file_names_the_notebook_the_sheet_and_the_file(tmp_path):
    from workbook.exceptions import WorkbookError

    payload = {key: value for key, value in _payload("客户名单", ROWS).items() if key != "data"}
    nb = _notebook(payload | {"file": "ffffffffffffffffffffffffffffffff.json", "rows": 3})
    with pytest.raises(WorkbookError, match=r"03_funnel_diagnosis: the rows of the appendix table \"客户名单\" are "
                                            r"missing \(.*ffffffffffffffffffffffffffffffff\.json\); render the client "
                                            r"again with --force"):
        collect_appendix([("03_funnel_diagnosis", nb)], tmp_path, lang="en")
    with pytest.raises(WorkbookError, match="03_funnel_diagnosis 的附录表「客户名单」缺少数据文件"):
        collect_appendix([("03_funnel_diagnosis", nb)], tmp_path)
    with pytest.raises(WorkbookError, match="passwd"):  # a name that leaves the folder is never read
        collect_appendix([("03_funnel_diagnosis", _notebook(payload | {"file": "../../etc/passwd"}))], tmp_path)


def test_a_list_longer_than_a_sheet_continues_on_the_next_sheet(tmp_path, monkeypatch):
    from workbook.reports import appendix

    monkeypatch.setattr(appendix, "SHEET_ROWS", 2)  # Excel's 1,048,575 data rows, made small
    tables = collect_appendix([("nb", _notebook(_payload("客户名单", ROWS)))])
    book = load_workbook(write_appendix(tables, tmp_path / "a.xlsx", lang="en", title="Client"))
    assert book.sheetnames == ["Contents", "客户名单", "客户名单 (2)"]
    first, second = book["客户名单"], book["客户名单 (2)"]
    assert [c.value for c in first[1]] == [c.value for c in second[1]]  # the header on each
    assert [first["A2"].value, first["A3"].value, second["A2"].value] == ["甲方阿尔法", HOSTILE[0], HOSTILE[2]]
    assert first.max_row == 3 and second.max_row == 2 and second.auto_filter.ref == "A1:N2"
    rows = [[c.value for c in row] for row in book["Contents"].iter_rows(min_row=5)]
    assert rows == [["客户名单", "1. 客户名单 (longer than an Excel sheet holds, in 2 sheets: this is part 1, "
                                 "rows 1–2 of 3)", 2],
                    ["客户名单 (2)", "1. 客户名单 (longer than an Excel sheet holds, in 2 sheets: this is part 2, "
                                     "rows 3–3 of 3)", 1]]


def test_side_files_no_executed_notebook_names_are_removed(tmp_path):
    from workbook.reports.appendix import prune_side_files

    kept, old = "a" * 32 + ".json", "b" * 32 + ".json"
    for name in (kept, old, "notes.json"):
        (tmp_path / name).write_text("[]")
    payload = {key: value for key, value in _payload("客户名单", ROWS).items() if key != "data"}
    removed = prune_side_files(tmp_path, [("nb", _notebook(payload | {"file": kept, "rows": 0}))])
    assert removed == [tmp_path / old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([kept, "notes.json"])  # not ours: left alone


def test_true_and_one_stay_apart_and_a_text_in_both_languages_shows_one(tmp_path):
    rows = [["甲", 1], ["乙", True], ["丙", 1.0], [["丁方", "Party D"], 1], [["丁方", "Party D"], False]]
    payload = _payload("客户名单", rows, columns=("客户", "赢单数"), kinds=("name", "count"))
    for lang, texts in (("zh", ["甲", "乙", "丙", "丁方", "丁方"]), ("en", ["甲", "乙", "丙", "Party D", "Party D"])):
        book = load_workbook(write_appendix(collect_appendix([("nb", _notebook(payload))]), tmp_path / f"{lang}.xlsx",
                                            lang=lang))
        sheet = book["客户名单"]
        assert [c.value for c in sheet["A"]][1:] == texts
        yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
        assert [c.value for c in sheet["B"]][1:] == [1, yes, 1, 1, no]  # a truth value is a word, never the number
        assert sheet["B3"].data_type == "s" and sheet["B4"].data_type == "n"
