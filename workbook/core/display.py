"""The display layer's output half: a result's chapter, sections and actions shown in one language.

Values, headers and sentences are formatted by :mod:`workbook.core.formats`;
this module turns them into escaped HTML for notebooks, Voila and report.html,
plus machine payloads (localised texts, formatted tables, charts as SVG, full
typed tables) that the PDF and the appendix are built from. :func:`show_in`
is the one way a widget shows a fresh result.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from workbook.core.formats import DASH, sheet_title
from workbook.core.i18n import t
from workbook.core.mimes import ACTIONS_MIME, APPENDIX_MIME, CHAPTER_MIME, SECTION_MIME
from workbook.core.paths import REPORTS_DIR

__all__ = ["DASH", "sheet_title", "show_in", "show_chapter", "show", "show_actions", "show_controls", "section_html",
           "table_html", "formatted_html", "actions_html", "action_item", "SECTION_MIME", "CHAPTER_MIME",
           "ACTIONS_MIME", "APPENDIX_MIME", "APPENDIX_DIR", "appendix_folder", "appendix_rows", "IN_PAGE",
           "chart_svg_in"]

SCREEN_DPI = 110  # the pixels per inch a chart is shown at on a page (the figure's own dpi in the theme)
IN_PAGE = "in-page"  # a published section's ``chart``: its SVG is the image of the output's HTML (chart_svg_in)
_PAGE_SVG = re.compile(r'<p class="wb-chart"><img [^>]*src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')


def show_in(out, *items) -> None:
    """Replace what the ipywidgets ``Output`` ``out`` shows with ``items`` (a control's fresh result)."""
    from IPython.display import display

    with out:
        out.clear_output(wait=True)
        for item in items:
            display(item)


# --- the display layer: a result's chapter, sections and actions, in one language ------------------------------

def _context(result) -> tuple[str, dict]:
    return result.context.get("currency", "CNY"), result.labels


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def formatted_html(caption: str, headers, rows, numeric, more: str | None = None) -> str:
    """An escaped HTML table from formatted text: caption, one header row, numbers right-aligned."""
    head = "".join(f'<th class="{"num" if n else "txt"}">{_esc(h)}</th>' for h, n in zip(headers, numeric))
    body = "".join("<tr>" + "".join(f'<td class="{"num" if n else "txt"}">{_esc(v)}</td>'
                                    for v, n in zip(row, numeric)) + "</tr>" for row in rows)
    note = f'<p class="wb-more">{_esc(more)}</p>' if more else ""
    return (f'<div class="wb-table"><table><caption>{_esc(caption)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}</div>')


def table_html(table, lang: str, *, currency: str = "CNY", labels=None) -> tuple[str, object]:
    """``(html, formatted)``: a result table as an escaped HTML table (caption, one header row, no index)."""
    from workbook.core.formats import format_table

    ft = format_table(table, lang, currency=currency, labels=labels)
    return formatted_html(ft.caption, ft.headers, ft.rows, ft.numeric, ft.more), ft


def action_item(action, lang: str, currency: str = "CNY") -> dict:
    """One published action worded for a reader: ``text``, ``value``, ``worth`` (its 12-month value and range),
    ``worth_shown`` (``worth``, or None when the text states the value already: the value once), ``basis``,
    ``line`` (value and basis in one line; an unsized action's basis, or that it is not sized), ``who``,
    ``step``, ``kpi`` (with when it should move) and ``sheet``.

    >>> item = action_item({"text": "x", "value": 3e6, "low": 2e6, "high": 4e6, "basis": "b", "kpi": "k",
    ...                     "days": 30}, "en")
    >>> item["line"], item["kpi"]
    ('about CNY 3.0m in 12 months (CNY 2.0m-CNY 4.0m): b', 'k, within 30 days')
    >>> action_item({"text": "Quote faster: about CNY 3.0m", "value": 3e6, "basis": "b"}, "en")["line"]
    'b'
    """
    from workbook.core.formats import render
    from workbook.core.result import Count, Money, Text

    value = float(action.get("value") or 0)
    if value <= 0:
        worth = t("sum.act.unsized", lang)
    elif action.get("low") is not None and action.get("high") is not None:
        worth = render(Text("sum.act.range", value=Money(value), low=Money(action["low"]),
                            high=Money(action["high"])), lang, currency=currency)
    else:
        worth = render(Text("sum.act.value", value=Money(value)), lang, currency=currency)
    when = render(Text("sum.act.when", kpi=action.get("kpi") or "", days=Count(action.get("days") or 90)), lang) \
        if action.get("kpi") else None
    from workbook.core.formats import money_text

    basis = action.get("basis")
    colon = "：" if lang == "zh" else ": "
    # one line: the value and the arithmetic behind it; an unsized action says why (its basis) or that it is not;
    # a text that states the value already is followed by the arithmetic alone (the value once)
    stated = value > 0 and money_text(value, lang, currency=currency) in str(action.get("text") or "")
    if value <= 0:
        line = basis or worth
    elif stated:
        line = basis or None
    else:
        line = f"{worth}{colon}{basis}" if basis else worth
    return {"text": action.get("text"), "value": value, "worth": worth, "worth_shown": None if stated else worth,
            "basis": basis, "line": line, "who": action.get("who"), "step": action.get("step"), "kpi": when,
            "sheet": action.get("sheet")}


def actions_html(actions: list[dict], lang: str, currency: str = "CNY") -> str:
    """An escaped numbered list of localised actions: each in bold, then its value and basis, then who owns it,
    the first step, the KPI and when, and the appendix list."""
    colon, sep = ("：", "；") if lang == "zh" else (": ", "; ")
    labels = {k: t(f"sum.act.{k}", lang) for k in ("who", "step", "kpi")}
    items = []
    for action in actions:
        item = action_item(action, lang, currency)
        owner = [f"{labels[k]}{colon}{item[k]}" for k in ("who", "step", "kpi") if item.get(k)]
        owner += [item["sheet"]] if item.get("sheet") else []
        lines = "".join(f'<br/><span class="wb-aside">{_esc(x)}</span>' for x in (item["line"], sep.join(owner)) if x)
        items.append(f"<li><strong>{_esc(item['text'])}</strong>{lines}</li>")
    return f'<ol class="wb-actions">{"".join(items)}</ol>'



def _figure(chart, lang: str):
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from workbook.core.theme import apply_theme, cjk_font_name

    if cjk_font_name() not in mpl.rcParams["font.sans-serif"]:  # a chart always has the kit's font, Chinese included
        apply_theme(lang=lang)
    drawn = chart.draw(*chart.args, lang=lang, **dict(chart.kwargs))
    if isinstance(drawn, Figure):
        return drawn
    figure = getattr(drawn, "figure", None) or getattr(drawn, "fig", None)
    if figure is None:
        figure = plt.gcf()
    return figure.get_figure() if hasattr(figure, "get_figure") and figure.get_figure() is not None else figure


def _tight_box(figure):
    """The area of ``figure`` that ``savefig(bbox_inches="tight")`` saves as SVG, in inches, padded the same way.

    Measured with the SVG renderer's own text metrics, without the dry-run drawing of the whole figure that
    savefig makes before it measures (a fifth of a chart's encoding time): the saved image is the same
    (identical size; positions equal to a millionth of a point). A figure with a layout engine is laid out by
    that drawing, so it keeps ``"tight"``.
    """
    import io

    import matplotlib as mpl
    from matplotlib.backends.backend_svg import RendererSVG

    if figure.get_layout_engine() is not None:
        return "tight"
    width, height = figure.get_size_inches()
    dpi = figure.dpi
    figure.dpi = 72  # as the SVG backend draws: a point is a pixel
    try:
        box = figure.get_tightbbox(RendererSVG(width * 72, height * 72, io.StringIO(), image_dpi=72))
    finally:
        figure.dpi = dpi
    return box.padded(mpl.rcParams["savefig.pad_inches"])


def _chart_svg(figure) -> tuple[str, int]:
    """The chart as SVG (the page shows it, the PDF embeds it) and its width in pixels at the screen's 110 dpi.

    One drawing serves both: text is drawn as outlines in the kit's font, so the image shows the same
    everywhere, and a page keeps the size a 110-dpi picture of the figure had.
    """
    import io
    import re

    import matplotlib as mpl

    svg = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "workbook"}):  # the same chart, the same bytes: no random ids, no date
        figure.savefig(svg, format="svg", bbox_inches=_tight_box(figure), metadata={"Date": None})
    text = svg.getvalue()
    points = re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"', text)
    width = round(float(points.group(1)) / 72 * SCREEN_DPI) if points else 0
    return text, width


def chart_svg_in(page) -> str | None:
    """The chart's SVG of a section's HTML (``page``: text or nbformat's list of lines), or None without one.

    >>> chart_svg_in('<p class="wb-chart"><img alt="x" src="data:image/svg+xml;base64,PHN2Zy8+"/></p>')
    '<svg/>'
    """
    import base64

    found = _PAGE_SVG.search("".join(page) if isinstance(page, list) else str(page or ""))
    return base64.b64decode(found.group(1)).decode("utf-8") if found else None


def section_html(result, key: str, lang: str) -> tuple[str, dict]:
    """``(html, payload)`` of one section: heading, action title, chart, tables, note; or what data it needs.

    The payload is the same content for the PDF (texts, formatted tables, the
    chart as SVG) and the appendix (the full typed tables).
    """
    import base64

    from workbook.core.formats import needs_text, render

    currency, labels = _context(result)
    section = result.section(key)
    number = result.number(key)
    name = t(f"section.{result.chapter}.{key}", lang) if section.title is None or section.needs \
        else render(section.title, lang, currency=currency, labels=labels)  # a heading that states the finding
    heading = f"{number}. {name}"
    anchor = f"{result.chapter}-{key}"
    payload = {"chapter": result.chapter, "key": key, "heading": heading, "finding": None, "needs": None,
               "chart": None, "tables": [], "note": None, "note_table": None}
    parts = [f'<h2 id="{_esc(anchor)}" class="wb-section">{_esc(heading)}</h2>']
    if section.needs:
        payload["needs"] = needs_text(section.needs, lang)
        parts.append(f'<p class="wb-needs">{_esc(payload["needs"])}</p>')
        return "".join(parts), payload
    if section.finding is not None:
        payload["finding"] = render(section.finding, lang, currency=currency, labels=labels)
        parts.append(f'<p class="wb-finding"><strong>{_esc(payload["finding"])}</strong></p>')
    if section.chart is not None:
        import matplotlib.pyplot as plt

        figure = _figure(section.chart, lang)
        svg, width = _chart_svg(figure)
        plt.close(figure)
        payload["chart"] = svg
        size = f' width="{width}"' if width else ""
        parts.append(f'<p class="wb-chart"><img alt="{_esc(heading)}"{size} '
                     f'src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"/></p>')
    note = None if section.note is None else render(section.note, lang, currency=currency, labels=labels)
    keys = [table.key for table in section.tables]
    after = section.note_table if section.note_table in keys else None  # the note under the table it annotates
    for table in section.tables:
        page, ft = table_html(table, lang, currency=currency, labels=labels)
        parts.append(page)
        payload["tables"].append({"key": ft.key, "caption": ft.caption, "headers": list(ft.headers),
                                  "rows": [list(r) for r in ft.rows], "numeric": list(ft.numeric), "more": ft.more,
                                  "total": ft.total, "appendix": table.appendix, "frame": ft.frame,
                                  "kinds": list(ft.kinds)})
        if note is not None and table.key == after:
            parts.append(f'<p class="wb-note">{_esc(note)}</p>')
    if note is not None:
        payload["note"], payload["note_table"] = note, after
        if after is None:
            parts.append(f'<p class="wb-note">{_esc(note)}</p>')
    return "".join(parts), payload


APPENDIX_DIR = ".appendix"  # reports/.appendix/: the rows of the appendix tables of the executed notebooks
INLINE_ROWS = 200  # a table of at most this many rows travels inside the notebook (no file for a short list)


def appendix_folder() -> Path | None:
    """Where :func:`show` writes the rows of an appendix table: ``reports/.appendix/`` of the client folder being
    rendered (a render runs the kernel in the client's folder, the one holding ``client.yaml``), else None (an
    interactive session elsewhere: the rows travel inside the notebook, as a short table's always do)."""
    here = Path.cwd()
    return here / REPORTS_DIR / APPENDIX_DIR if (here / "client.yaml").is_file() else None


def appendix_rows(frame, folder: Path | None) -> dict:
    """The rows of an appendix table for its payload: ``{"data": rows}`` (a short table, or no ``folder``), else
    ``{"file": name, "rows": n}``, the rows written as the same JSON to ``folder/name`` (named by their content:
    a table shown again is the same file; written atomically).

    >>> import pandas as pd
    >>> appendix_rows(pd.DataFrame({"a": [1, 2]}), None)
    {'data': [[1], [2]]}
    """
    import hashlib

    text = frame.to_json(orient="values", date_format="iso", default_handler=str, force_ascii=False)
    if folder is None or len(frame) <= INLINE_ROWS:
        return {"data": json.loads(text)}
    from workbook.core.io import write_atomic

    data = text.encode("utf-8")
    name = f"{hashlib.sha256(data).hexdigest()[:32]}.json"
    if not (folder / name).is_file():
        write_atomic(folder / name, data)
    return {"file": name, "rows": len(frame)}


def _publish(mime: str, payload, html_text: str | None = None) -> None:
    from IPython.display import display

    bundle = {mime: payload}
    if html_text is not None:
        bundle["text/html"] = html_text
    display(bundle, raw=True)


def show_chapter(result, *, lang: str) -> None:
    """The chapter's title and subtitle, and its recorded figures (``metrics.json``)."""
    from workbook.core.formats import render, value_text
    from workbook.core.record import record

    title = t(f"chapter.{result.chapter}", lang)
    context = result.context
    as_of = value_text(context.get("as_of"), "date", lang)
    subtitle = t("show.subtitle", lang, client=context.get("client", ""), as_of=as_of)
    currency, labels = _context(result)
    summary = [render(line, lang, currency=currency, labels=labels) for line in result.summary]
    exhibits = list(result.exhibits) or [s.key for s in result.sections if not s.live][:4]
    lines = "".join(f"<li>{_esc(line)}</li>" for line in summary)
    _publish(CHAPTER_MIME, {"chapter": result.chapter, "title": title, "subtitle": subtitle, "summary": summary,
                            "exhibits": exhibits},
             f'<h1 id="{_esc(result.chapter)}" class="wb-chapter">{_esc(title)}</h1>'
             f'<p class="wb-subtitle">{_esc(subtitle)}</p>'
             + (f'<ul class="wb-chapter-summary">{lines}</ul>' if lines else ""))
    for name, value in result.figures.items():
        record(name, value)


def show(result, key: str, *, lang: str) -> None:
    """Show one section of ``result``: heading, action title, chart, tables; or the data it needs.

    Each appendix table is published as an :data:`APPENDIX_MIME` payload; rendering a client, its rows go to a
    side file (:func:`appendix_folder`) and the payload names it, so the notebook carries what the page shows.
    """
    page, payload = section_html(result, key, lang)
    tables = payload.pop("tables")
    folder = appendix_folder()
    for table in tables:
        frame = table.pop("frame")
        kinds = table.pop("kinds")
        if table["appendix"]:
            sheet = sheet_title(table["key"], table["caption"], lang)  # the name the report cites
            _publish(APPENDIX_MIME, {"sheet": sheet, "section": payload["heading"],
                                     "columns": [str(c) for c in frame.columns], "kinds": kinds,
                                     **appendix_rows(frame, folder), "chapter": result.chapter})
    payload["tables"] = tables
    if payload["chart"]:
        payload["chart"] = IN_PAGE  # the SVG once per notebook: the page's image holds it, the PDF reads it there
    _publish(SECTION_MIME, payload, page)


def show_actions(result, *, lang: str) -> None:
    """The chapter's closing section: its actions ordered by value, each with who and the appendix list."""
    from workbook.core.formats import render

    currency, labels = _context(result)
    heading = t("show.actions", lang)
    actions = []
    def word(text):
        return None if text is None else render(text, lang, currency=currency, labels=labels)

    for action in sorted(result.actions, key=lambda a: -(a.value or 0)):
        sheet = t("show.action_list", lang, sheet=sheet_title(action.sheet, t(f"table.{action.sheet}", lang), lang)) \
            if action.sheet else None
        actions.append({"text": word(action.text), "who": word(action.who), "sheet": sheet,
                        "value": float(action.value or 0), "key": action.text.key, "sheet_key": action.sheet,
                        "basis": word(action.basis), "step": word(action.step), "kpi": word(action.kpi),
                        "days": action.days, "low": action.low, "high": action.high, "pool": action.pool,
                        "section": action.section, "problem": word(action.problem)})
    body = actions_html(actions, lang, currency) if actions else f'<p>{_esc(t("show.actions_none", lang))}</p>'
    page = f'<h2 id="{_esc(result.chapter)}-actions" class="wb-section">{_esc(heading)}</h2>{body}'
    _publish(ACTIONS_MIME, {"chapter": result.chapter, "heading": heading, "actions": actions}, page)


def show_controls(build, *args, interactive: bool, lang: str, **kwargs) -> None:
    """Workshop controls: ``build(*args, lang=lang, **kwargs)`` shown live; nothing at all in a rendered report."""
    from IPython.display import display

    if not interactive:
        return
    display({"text/html": f'<h2 class="wb-section">{_esc(t("show.controls", lang))}</h2>'
                          f'<p>{_esc(t("show.controls_note", lang))}</p>'}, raw=True)
    controls = build(*args, lang=lang, **kwargs)
    for control in controls if isinstance(controls, (list, tuple)) else (controls,):
        if control is not None:
            display(control)
