"""The display layer's output: escaped HTML and the payloads the PDF and appendix read."""
from __future__ import annotations

from workbook.core.display import DASH, actions_html, formatted_html
from workbook.core.formats import DASH as FORMATS_DASH


def test_one_dash_for_missing_values():
    assert DASH == FORMATS_DASH == "—"


def test_tables_and_actions_are_escaped():
    page = formatted_html("<c>", ["<h>"], [["<v>"]], [False], more="<m>")
    assert "<c>" not in page and "&lt;c&gt;" in page and "&lt;h&gt;" in page and "&lt;v&gt;" in page
    assert "&lt;m&gt;" in page
    actions = [{"text": "<a>", "who": "R1", "sheet": "名单见附录「x」", "value": 0.0, "basis": None}]
    lines = ('<br/><span class="wb-aside">金额无法估算</span>'
             '<br/><span class="wb-aside">负责人：R1；名单见附录「x」</span>')
    assert actions_html(actions, "zh") == f'<ol class="wb-actions"><li><strong>&lt;a&gt;</strong>{lines}</li></ol>'
    assert "Owner: R1; " in actions_html(actions, "en")
    sized = [{"text": "a", "who": None, "sheet": None, "value": 2e6, "basis": "<b>", "kpi": "k", "days": 60}]
    page = actions_html(sized, "zh")
    assert "约增 200 万元：&lt;b&gt;" in page and "衡量：k，60 天内见效" in page


def _bars(values, *, lang):
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=(4, 2))
    ax.bar(range(len(values)), values)
    ax.set_title("线索" if lang == "zh" else "Leads")
    return figure


def test_a_chart_is_drawn_once_as_svg_for_the_page_and_the_pdf():
    import base64
    import re

    from workbook.core.display import SCREEN_DPI, section_html
    from workbook.core.result import Chart, Result, Section

    section = Section("funnel", chart=Chart(_bars, ([3, 1, 2],)))
    page, payload = section_html(Result("funnel", (section,)), "funnel", "en")
    images = re.findall(r'<img alt="[^"]*" width="(\d+)" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"/>', page)
    assert len(images) == 1 and "image/png" not in page
    width, data = images[0]
    assert base64.b64decode(data).decode() == payload["chart"]  # the page shows what the PDF prints
    points = float(re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"', payload["chart"]).group(1))
    assert int(width) == round(points / 72 * SCREEN_DPI)  # about 4 in at 110 dpi: a tight box of the figure
    assert 300 < int(width) < 4 * SCREEN_DPI + 10


def test_the_same_chart_gives_the_same_bytes():
    from workbook.core.display import section_html
    from workbook.core.result import Chart, Result, Section

    result = Result("funnel", (Section("funnel", chart=Chart(_bars, ([3, 1, 2],))),))
    first, second = section_html(result, "funnel", "zh")[0], section_html(result, "funnel", "zh")[0]
    assert first == second and "<dc:date>" not in section_html(result, "funnel", "zh")[1]["chart"]


def test_a_long_appendix_table_is_written_beside_the_notebook(tmp_path, monkeypatch):
    import json

    import pandas as pd

    from workbook.core import display

    frame = pd.DataFrame({"lead": ["L1", "L2", "L3"], "created": pd.to_datetime(["2025-01-02", None, "2025-03-04"]),
                          "days": [3.0, None, 1.5], "source": ["网站", "展会", None]})
    inline = json.loads(frame.to_json(orient="values", date_format="iso", default_handler=str))
    assert display.appendix_rows(frame, None) == {"data": inline}  # an interactive session: in the notebook
    monkeypatch.chdir(tmp_path)
    assert display.appendix_folder() is None  # not a client folder
    (tmp_path / "client.yaml").write_text("client_name: x\n")
    folder = display.appendix_folder()
    assert folder == tmp_path / "reports" / ".appendix"
    assert display.appendix_rows(frame, folder) == {"data": inline}  # a short table stays in the notebook
    monkeypatch.setattr(display, "INLINE_ROWS", 2)
    payload = display.appendix_rows(frame, folder)
    assert payload["rows"] == 3 and set(payload) == {"file", "rows"}
    assert json.loads((folder / payload["file"]).read_text(encoding="utf-8")) == inline  # the same rows
    assert inline[0] == ["L1", "2025-01-02T00:00:00.000", 3.0, "网站"] and inline[1][1:3] == [None, None]
    assert display.appendix_rows(frame, folder) == payload  # shown again: the same file
    assert [p.name for p in folder.iterdir()] == [payload["file"]]  # written atomically: no temporary left


def test_a_published_chart_travels_once_and_the_pdf_reads_it_from_the_page(monkeypatch):
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from workbook.core import display
    from workbook.core.result import Chart, Result, Section
    from workbook.reports.pdf import _outputs

    published = []
    monkeypatch.setattr(display, "_publish", lambda mime, payload, page=None: published.append((mime, payload, page)))
    result = Result("funnel", (Section("funnel", chart=Chart(_bars, ([3, 1, 2],))),))
    display.show(result, "funnel", lang="en")
    [(mime, payload, page)] = published
    assert mime == display.SECTION_MIME and payload["chart"] == display.IN_PAGE  # no second copy of the SVG
    svg = display.section_html(result, "funnel", "en")[1]["chart"]
    assert display.chart_svg_in(page) == svg and svg.lstrip().startswith("<?xml")
    nb = new_notebook(cells=[new_code_cell(outputs=[new_output("display_data", data={mime: payload,
                                                                                      "text/html": page})])])
    [(_, read)] = list(_outputs(nb))
    assert read["chart"] == svg and read["heading"] == payload["heading"]  # the PDF prints what the page shows
