"""The report PDF, laid out by Typst (the ``typst`` package from PyPI): no browser, no system font.

:func:`build_pdf` reads the machine payloads the display layer leaves in the
executed notebooks (chapter, sections, actions: localised, formatted text and
charts as SVG), writes them with the summary to ``data.json`` next to the
template ``templates/report.typ`` in a temporary folder, and compiles it with
the kit's CJK font (it also has the Latin glyphs, so both languages use it).

Client text is data: the template reads every string from the JSON file and
places it as text, so nothing a client typed can become Typst markup or code.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from workbook.core.display import ACTIONS_MIME, CHAPTER_MIME, IN_PAGE, SECTION_MIME, chart_svg_in
from workbook.core.io import publish
from workbook.exceptions import PdfUnavailable, WorkbookError
from workbook.reports.firm import Firm, font_scale, kit_firm

__all__ = ["build_pdf", "report_data", "main_exhibits", "cut_exhibit", "chapter_pages", "column_weights",
           "header_words", "page_count", "MAIN_PAGES", "PdfUnavailable"]

TEMPLATE = "report.typ"
DATA = "data.json"
MAIN_PAGES = 20  # the main report's most pages
_WIDE = ("W", "F")
_NUMBER = re.compile(r"^\d+\. ")


def _payload(value):
    """A MIME payload as a dict (nbformat keeps JSON types parsed; a string is parsed)."""
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _outputs(notebook) -> Iterable[tuple[str, dict]]:
    """``(mime, payload)`` of the chapter, section and actions payloads of one notebook, in order."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data") or {}
            for mime in (CHAPTER_MIME, SECTION_MIME, ACTIONS_MIME):
                if mime in data:
                    payload = _payload(data[mime])
                    if mime == SECTION_MIME and payload.get("chart") == IN_PAGE:  # the SVG is the page's image
                        payload = {**payload, "chart": chart_svg_in(data.get("text/html"))}
                    yield mime, payload


def _width(text: str) -> float:
    """A text's printed width in ems (a CJK character 1, a Latin one about 0.52: the kit font's Latin glyphs
    measure about 0.49 em on average, "Relationship" 5.85 em)."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in _WIDE else 0.52 for ch in str(text))


_BRACKET = re.compile(r"[（(][^）)]*[）)]")
_CJK_WORD = 6.0  # a Chinese header's words up to this many ems stay on one line ("未接触天数", "赢单金额")


def _cjk(text: str) -> bool:
    return any(ord(c) >= 0x3000 for c in str(text))


_PIECE = re.compile(r"[（(][^）)]*[）)]|\s+|[^\s（(]+")


def _pieces(header: str) -> list[tuple[str, bool]]:
    """``(piece, held)`` in order: spaces (not held), a unit in brackets, a Latin word or a Chinese run up to six
    ems (held), a longer Chinese run in held pairs of characters (it breaks between them)."""
    out = []
    for m in _PIECE.finditer(str(header)):
        piece = m.group(0)
        if _cjk(piece) and piece[0] not in "（(" and _width(piece) > _CJK_WORD:  # held in pairs, see _pairs
            out += [(pair, True) for pair in _pairs(piece)]
        else:
            out.append((piece, not piece.isspace()))
    return out


def header_words(header: str) -> list[str]:
    """The parts of a header that never break across lines: a unit in brackets ("（万元）", "(CNY k)"), a Latin
    word ("2024-12-31" too), a Chinese run up to six characters (a longer one breaks between pairs of characters).

    >>> header_words("赢单金额（万元）"), header_words("Average revenue per sale (CNY k)")
    (['赢单金额', '（万元）'], ['Average', 'revenue', 'per', 'sale', '(CNY k)'])
    >>> header_words("每元获客成本带来赢单（元）")[-2:]
    ['赢单', '（元）']
    """
    words: list[str] = []
    for piece, held in _pieces(header):
        if held:
            words.append(piece)
        elif not piece.isspace():
            words.extend(_pairs(piece))
    return words


def _pairs(run: str) -> list[str]:
    """A long Chinese run in pieces of two characters (most Chinese words are two), so it breaks between them and
    never inside a two-character word at the run's start ("最近一次销售接触" -> 最近 一次 销售 接触)."""
    return [run[i:i + 2] for i in range(0, len(run), 2)]


def column_weights(headers: list[str], rows: list[list[str]], numeric: list[bool]) -> list[float] | None:
    """Each column's share of a table's width, from what it holds; None when the table fits with every column
    at its natural width (the template then sizes columns to their content).

    A column wants its widest cell; a header may wrap, so it asks for half its width (at least its longest
    word, :func:`header_words`: a unit in brackets is one word). It needs at least that word, a column of
    numbers its widest number, and a text column its widest cell when that is short (up to 10 ems), else half
    of it (a name in at most two lines, 8 to 14 ems). A table that does not fit gives each column what it
    needs and shares the rest of the line in proportion to what each still wants.

    >>> column_weights(["名称", "数"], [["甲", "1"]], [False, True]) is None
    True
    >>> w = column_weights(["Customer", "Won"], [["A" * 120, "1,000"]], [False, True])
    >>> round(w[1] / sum(w), 2) < 0.1, round(w[0] / sum(w), 2) > 0.9
    (True, True)
    """
    line, pad = 60.0, 1.6  # ems of 8-pt text on the 170-mm text width; a cell's inset and a gap
    wants, needs = [], []
    for i, header in enumerate(headers):
        cells = [_width(row[i]) for row in rows if i < len(row)] or [0.0]
        word = max([_width(w) for w in header_words(header)] or [0.0])
        widest = max(cells)
        text = widest if widest <= 10.0 else max(8.0, min(widest / 2 + 1.0, 14.0))
        wants.append(max(_width(header) / 2, word, *cells, 1.0) + pad)
        needs.append(max(word, widest if numeric[i] else text, 1.0) + pad)
    if sum(wants) <= line:
        return None
    if sum(needs) >= line:  # too wide: a name column keeps half its longest name (two lines), the others share
        names = [not numeric[i] and max([_width(row[i]) for row in rows if i < len(row)] or [0.0]) > 10.0
                 for i in range(len(headers))]
        kept = sum(n for n, name in zip(needs, names) if name)
        if 0 < kept < line and not all(names):
            scale = (line - kept) / (sum(needs) - kept)
            return [round(n if name else n * scale, 2) for n, name in zip(needs, names)]
        return [round(n, 2) for n in needs]
    more = [w - n for w, n in zip(wants, needs)]
    room = line - sum(needs)
    return [round(n + room * m / sum(more), 2) for n, m in zip(needs, more)]


# a table cell's most characters in a PDF, a longer one ends in "…" (the appendix has it whole): a row never breaks
# across pages, and 800 characters of Chinese make about 60 lines in a narrow column, most of a page
CELL_CHARS = 800
WORD_CHARS = 80  # a Latin word's most characters in a PDF (a longer one ends in "…")
BREAK_EVERY = 20  # a long Latin word may break after every this many characters
LONG_WORD = 40  # a Latin word longer than this is long (an e-mail address or a code up to this stays whole)
ZWSP = "\u200b"  # where Typst may break a line: the zero-width space
# a run of characters that are neither spaces nor CJK (which breaks between any two characters anyway)
_LATIN_RUN = re.compile(r"[^\s\u200b\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
                        f"{{{LONG_WORD + 1},}}")


def fit_words(text: str) -> str:
    """``text`` with every long Latin word breakable: a word longer than :data:`LONG_WORD` characters may break
    after every :data:`BREAK_EVERY` (a zero-width space), one longer than :data:`WORD_CHARS` is cut with "…";
    a shorter word (an e-mail address, a code, a name) stays whole, as it is copied from the PDF.

    Typst never breaks inside a word it cannot hyphenate: a 10,000-character name would run off the page.

    >>> fit_words("Acme " + "Q" * 45).split(ZWSP)
    ['Acme QQQQQQQQQQQQQQQQQQQQ', 'QQQQQQQQQQQQQQQQQQQQ', 'QQQQQ']
    >>> fit_words("<script>alert(1)</script> anna.lind@northwind.example")
    '<script>alert(1)</script> anna.lind@northwind.example'

    >>> len(fit_words("Q" * 10_000).replace(ZWSP, "")), fit_words("Q" * 10_000)[-1]
    (80, '…')
    >>> fit_words("每一行中文不受影响（一个很长很长很长很长很长很长很长很长的句子）")
    '每一行中文不受影响（一个很长很长很长很长很长很长很长很长的句子）'
    """
    def fit(match: re.Match) -> str:
        word = match.group(0)
        if len(word) > WORD_CHARS:
            word = word[:WORD_CHARS - 1] + "…"
        return ZWSP.join(word[i:i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY))

    return _LATIN_RUN.sub(fit, text)


def fit_cell(text: str) -> str:
    """A table cell's text for the PDF: at most :data:`CELL_CHARS` characters (else cut with "…"), long words
    breakable (:func:`fit_words`).

    >>> len(fit_cell("客" * 10_000)), fit_cell("客" * 10_000)[-1]
    (800, '…')
    """
    text = text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"
    return fit_words(text)


_RAW_KEYS = frozenset({"key", "note_table", "chart", "logo", "code", "lang", "font"})  # names, not text


def _fit_all(data):
    """Every text in the report's data with long words made breakable (:func:`fit_words`); names kept as they are."""
    if isinstance(data, str):
        return fit_words(data)
    if isinstance(data, dict):
        return {k: v if k in _RAW_KEYS else _fit_all(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_fit_all(v) for v in data]
    return data


def _table(table: dict) -> dict:
    headers = [str(h) for h in table.get("headers") or []]
    rows = [["" if v is None else fit_cell(str(v)) for v in row] for row in table.get("rows") or []]
    numeric = [bool(n) for n in table.get("numeric") or []][:len(headers)]
    numeric += [False] * (len(headers) - len(numeric))
    return {"key": str(table.get("key") or ""), "caption": str(table.get("caption") or ""), "headers": headers,
            "rows": rows,
            "header_parts": [[[piece, held] for piece, held in _pieces(h)] for h in headers],
            "numeric": numeric, "more": table.get("more") or None, "widths": column_weights(headers, rows, numeric)}


def _actions(actions: Iterable[dict], lang: str, currency: str = "CNY") -> list[dict]:
    """The chapter's actions for the PDF: the text, its 12-month value and basis, who, the first step, the KPI."""
    from workbook.core.display import action_item

    out = []
    for action in actions or []:
        item = action_item(action, lang, currency)
        out.append({"text": str(action.get("text") or ""), "who": action.get("who") or None,
                    "sheet": action.get("sheet") or None, "worth": item["worth"], "line": item["line"],
                    "basis": action.get("basis") or None, "step": action.get("step") or None,
                    "kpi": item["kpi"], "sized": item["value"] > 0})
    return out


def _summary_action(action: dict, labels: dict, lang: str) -> dict:
    """A summary action for the PDF: its text, then one line with its value (unless the text states it) and one
    with owner, first step and KPI; the basis is printed apart, in the block numbered as the actions."""
    from workbook.reports.summary import _action_lines

    lines = _action_lines(action, {k: labels.get(k, "") for k in ("who", "step", "kpi")}, lang)
    value = [text for _, text in lines[:-1]] if len(lines) > 1 else []
    owner = lines[-1][1] if lines and any(action.get(k) for k in ("who", "step", "kpi", "sheet")) else None
    if owner is None and lines:
        value = [text for _, text in lines]
    return {"text": str(action.get("text") or ""), "line": " ".join(value) or None, "owner_line": owner,
            "sized": (action.get("value") or 0) > 0}


def report_data(notebooks: list, charts: Path | None = None, *, lang: str, title: str, subtitle: str,
                summary: dict | None = None, firm: Firm | None = None, date: str | None = None, as_of: str = "",
                main: bool = False, exhibits: int | None = None, currency: str = "CNY",
                keep: dict[str, list[str]] | None = None, logo: str | None = None,
                actions: dict[str, int] | None = None) -> dict:
    """The content of the PDF as plain JSON data; each chart's SVG is written to ``charts`` (a folder).

    ``firm``: the firm's look (:mod:`workbook.reports.firm`; None: the kit's): its texts in ``lang`` and its
    colours under ``firm``, its confidentiality line as ``confidential``; ``logo``: the logo's file name
    beside the template (the caller copies it there), None for none.

    Chapters follow the notebooks' order; a section or actions payload before
    any chapter payload opens an untitled chapter. Notebooks without payloads
    add nothing. ``main``: the main report, which keeps of each chapter only
    its exhibits (the sections its payload names, at most ``exhibits`` of
    them, most valuable first; or the sections ``keep`` names for its chapter code), shown in the chapter's order;
    ``actions`` names how many of a chapter's actions (by its code) the main report shows, the others counted in
    a line that sends the reader to the full analysis.

    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> cell = new_code_cell(outputs=[new_output("display_data", data={CHAPTER_MIME: {"title": "数据概览"}})])
    >>> data = report_data([new_notebook(cells=[cell])], lang="zh", title="A 公司", subtitle="诊断", date="2025-01-02")
    >>> [c["title"] for c in data["chapters"]], data["date"]
    (['数据概览'], '报告日期：2025-01-02')
    """
    from workbook.core.i18n import t

    chapters: list[dict] = []
    count = 0
    for notebook in notebooks:
        for mime, payload in _outputs(notebook):
            if mime == CHAPTER_MIME or not chapters:
                chapters.append({"title": "", "code": "", "subtitle": None, "summary": [], "keep": None,
                                 "blocks": []})
            chapter = chapters[-1]
            if mime == CHAPTER_MIME:
                code = str(payload.get("chapter") or "")
                kept = list(payload.get("exhibits") or [])[:exhibits] if main else None
                if main and keep is not None and code in keep:
                    kept = list(keep[code])
                chapter.update(title=str(payload.get("title") or ""), subtitle=payload.get("subtitle") or None,
                               summary=[str(line) for line in payload.get("summary") or []], code=code,
                               keep=set(kept) if kept else None)
            elif mime == ACTIONS_MIME:
                acts = _actions(payload.get("actions"), lang, currency)
                shown = (actions or {}).get(chapter["code"]) if main else None
                more = None
                if shown is not None and shown < len(acts):  # the main report's last resort (cut_action)
                    acts, more = acts[:shown], t("show.actions_more", lang, n=len(acts) - shown)
                chapter["blocks"].append({"kind": "actions", "heading": str(payload.get("heading") or ""),
                                          "actions": acts, "more": more})
            else:
                if main and chapter["keep"] is not None and payload.get("key") not in chapter["keep"]:
                    continue
                heading = str(payload.get("heading") or "")
                if main:  # the main report numbers its exhibits 1..n per chapter (the full analysis keeps all)
                    chapter["shown"] = chapter.get("shown", 0) + 1
                    heading = _NUMBER.sub(f"{chapter['shown']}. ", heading, count=1)
                chart = None
                if payload.get("chart") and charts is not None:
                    chart = f"{charts.name}/{count:03d}.svg"
                    (charts / f"{count:03d}.svg").write_text(payload["chart"], encoding="utf-8")
                    count += 1
                chapter["blocks"].append({
                    "kind": "section", "heading": heading,
                    "finding": payload.get("finding") or None, "needs": payload.get("needs") or None,
                    "chart": chart, "note": payload.get("note") or None,
                    "note_table": payload.get("note_table") or None,  # the table the note annotates; None: the last
                    "tables": [_table(t) for t in payload.get("tables") or [] if t.get("headers")]})
    for chapter in chapters:
        chapter.pop("keep", None)
        chapter.pop("shown", None)
    summary_data = None
    if summary is not None:
        summary_data = {"heading": str(summary.get("heading") or ""),
                        "headline": summary.get("headline") or None,
                        "messages_heading": summary.get("messages_heading") or None,
                        "messages": [{"chapter": str(m.get("chapter") or ""), "text": str(m.get("text") or "")}
                                     for m in summary.get("messages") or []],
                        "numbers_heading": summary.get("numbers_heading") or None,
                        "paragraphs": [str(p) for p in summary.get("paragraphs") or []],
                        "tables": [_table(t) for t in summary.get("tables") or [] if t.get("headers")],
                        "labels": summary.get("labels") or {},
                        "actions": [_summary_action(a, summary.get("labels") or {}, lang)
                                    for a in summary.get("actions") or []],
                        "overlap": summary.get("overlap") or None,
                        "prize_table": _table(summary["prize_table"]) if summary.get("prize_table") else None,
                        "bases_heading": summary.get("bases_heading") or None,
                        "bases": [{"n": int(b["n"]), "text": str(b["text"] or "")} for b in summary.get("bases")
                                  or []],
                        "actions_heading": str(summary.get("actions_heading") or "")}
    date = date or dt.date.today().isoformat()
    firm = firm or kit_firm()
    stripe, head_fill = firm.config.colours.fills
    firm_data = {"name": firm.text("name", lang, client=title), "cover_line": firm.text("cover_line", lang,
                                                                                        client=title),
                 "contact": firm.text("contact", lang, client=title), "logo": logo if firm.logo else None,
                 "primary": firm.config.colours.primary, "secondary": firm.config.colours.secondary,
                 "stripe": stripe, "head_fill": head_fill}
    kind = t("report.main" if main else "report.analysis", lang)
    short = t("report.main_short" if main else "report.analysis_short", lang)
    return _fit_all({"lang": lang, "title": title, "subtitle": subtitle, "firm": firm_data, "kind": kind,
            "as_of": t("report.as_of", lang, date=as_of) if as_of else "",
            "date": "" if date in subtitle else t("report.date", lang, date=date),
            "confidential": firm.text("confidential", lang, client=title),
            "contents": t("report.contents", lang), "depth": 2 if main else 1,
            "main_note": t("report.main_note", lang) if main else "",
            "header_right": f"{subtitle} · {short}", "header_title": f"{title} · {short}",
            "none_actions": t("show.actions_none", lang),
            "labels": (summary or {}).get("labels") or {"who": t("sum.act.who", lang),
                                                        "step": t("sum.act.step", lang),
                                                        "kpi": t("sum.act.kpi", lang)},
            "summary": summary_data, "chapters": chapters})


def _typst():
    try:
        import typst
    except ImportError as exc:  # a broken install: name the fix
        raise PdfUnavailable("PDF skipped: the typst package is not installed; install it with "
                             "`pip install typst`", path="typst") from exc
    return typst


def build_pdf(notebooks: list, path: Path, *, lang: str, title: str, subtitle: str, summary: dict | None = None,
              firm: Firm | None = None, as_of: str = "", date: str | None = None, main: bool = False,
              currency: str = "CNY") -> Path:
    """Write a report PDF of the executed ``notebooks`` (in report order) to ``path`` atomically; return ``path``.

    A4: a cover (``title`` = the client's name, ``subtitle`` (the period), the
    data's ``as_of`` date, the report's ``date``; the ``firm``'s logo, name, lines and confidentiality line:
    :mod:`workbook.reports.firm`, None: the kit's look), a contents page, the
    ``summary`` (:func:`workbook.reports.summary.summary_content`), then each
    chapter on a new page: its summary, its sections and its actions. ``main``:
    the main report, each chapter with only its exhibits, at most
    :data:`MAIN_PAGES` pages (:func:`cut_exhibit`: the longest chapter gives up its least valuable exhibit, one at
    a time, until it fits; a section a summary action cites stays).

    Raises
    ------
    PdfUnavailable
        The ``typst`` package is not installed.
    WorkbookError
        Typst could not lay out the report; the message carries its diagnostic.
    """
    from workbook.core.theme import cjk_font_name, cjk_font_path

    typst = _typst()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Typst's folder (the charts, the data with client text) beside the PDF, never in the system's temp folder;
    # one a killed render left is removed by name (workbook.reports.execute.stale_patterns)
    work = Path(tempfile.mkdtemp(prefix=".typst-", dir=path.parent))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".pdf", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        charts, fonts = work / "charts", work / "fonts"
        charts.mkdir()
        fonts.mkdir()
        firm = firm or kit_firm()
        font = cjk_font_path()
        _link(font, fonts / font.name)  # only the one font: the folder it ships in holds five more
        families = [cjk_font_name()]
        if firm.font is not None:  # the firm's font for Latin text, the CJK font for the rest
            _link(firm.font, fonts / f"firm{firm.font.suffix.lower()}")
            families.insert(0, firm.font_family())
        logo = None
        if firm.logo is not None:
            logo = f"logo{firm.logo.suffix.lower()}"
            shutil.copyfile(firm.logo, work / logo)
        template = (firm.typst.read_text(encoding="utf-8") if firm.typst is not None else
                    resources.files("workbook.reports").joinpath("templates", TEMPLATE).read_text(encoding="utf-8"))
        (work / TEMPLATE).write_text(template, encoding="utf-8")
        scale = font_scale(firm)  # read from the font files once, not per layout pass
        plan = main_exhibits(notebooks, summary) if main else None
        shown: dict[str, int] = {}
        while True:  # the main report: the longest chapter gives up its least valuable exhibit until it fits
            data = report_data(notebooks, charts, lang=lang, title=title, subtitle=subtitle, summary=summary,
                               firm=firm, as_of=as_of, date=date, main=main, currency=currency, keep=plan,
                               logo=logo, actions=shown)
            data["font"], data["font_scale"] = families, scale
            (work / DATA).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            if plan is None:
                break
            pages = _typst_call(typst, typst.query, path, str(work / TEMPLATE), "<wb-page>", field="value",
                                root=str(work), font_paths=[str(fonts)], ignore_system_fonts=True)
            laid_out = chapter_pages(json.loads(pages))
            if not (cut_exhibit(plan, laid_out, summary) or cut_action(shown, laid_out, data["chapters"])):
                break
        _typst_call(typst, typst.compile, path, str(work / TEMPLATE), output=str(tmp), root=str(work),
                    font_paths=[str(fonts)], ignore_system_fonts=True)
        if not tmp.read_bytes()[:5] == b"%PDF-":
            raise WorkbookError(f"Typst wrote no PDF for {path.name}")
        publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return path


def _typst_call(typst, call, path: Path, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except typst.TypstError as exc:
        detail = " | ".join(part for part in (exc.message, *exc.hints) if part)
        raise WorkbookError(f"Typst could not lay out {path.name}: {detail}") from exc
    except RuntimeError as exc:
        raise WorkbookError(f"Typst could not lay out {path.name}: {exc}") from exc


MAIN_EXHIBITS = 5  # a chapter's most exhibits in the main report
MIN_EXHIBITS = 2  # and its fewest, where it names that many


def cited_sections(summary: dict | None) -> set[tuple[str, str]]:
    """``(chapter, section)`` of every section a summary action cites: the main report always keeps them."""
    return {(str(a.get("chapter") or ""), str(a.get("section"))) for a in (summary or {}).get("actions") or []
            if a.get("section")}


def main_exhibits(notebooks: list, summary: dict | None = None) -> dict[str, list[str]]:
    """Each chapter's exhibits for the main report, most valuable first: those its payload names (at most
    :data:`MAIN_EXHIBITS`), then any section a summary action cites that they leave out."""
    cited = cited_sections(summary)
    plan: dict[str, list[str]] = {}
    for notebook in notebooks:
        for mime, payload in _outputs(notebook):
            if mime == CHAPTER_MIME and payload.get("chapter"):
                code = str(payload["chapter"])
                keys = [str(k) for k in payload.get("exhibits") or []][:MAIN_EXHIBITS]
                plan[code] = keys + sorted(k for c, k in cited if c == code and k not in keys)
    return plan


def chapter_pages(marks: list[dict]) -> dict[str, int]:
    """How many pages each part of the laid-out report takes (``summary`` and each chapter's code), and ``end``:
    the last page; ``marks`` are the template's ``(part, page)`` where each part starts, then the end.

    >>> chapter_pages([{"part": "summary", "page": 3}, {"part": "a", "page": 5}, {"part": "b", "page": 9},
    ...                {"part": "end", "page": 10}])
    {'summary': 2, 'a': 4, 'b': 2, 'end': 10}
    """
    marks = sorted(marks, key=lambda m: m["page"])
    end = max((m["page"] for m in marks), default=0)
    out = {}
    for mark, after in zip(marks, marks[1:] + [None]):
        if mark["part"] == "end":
            continue
        following = after["page"] if after is not None and after["part"] != "end" else end + 1
        out[mark["part"]] = following - mark["page"]
    out["end"] = end
    return out


def cut_exhibit(plan: dict[str, list[str]], pages: dict[str, int], summary: dict | None = None) -> bool:
    """When the report is longer than :data:`MAIN_PAGES`, drop one exhibit from ``plan`` (in place): the least
    valuable one (the last) not cited by a summary action, of the chapter with the most pages (then the most
    exhibits); a chapter keeps at least :data:`MIN_EXHIBITS` where it names that many, and goes down to one
    only when no chapter has more to give. False when the report fits or nothing can go.

    >>> plan = {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3", "b4"]}
    >>> cut_exhibit(plan, {"a": 6, "b": 4, "end": 22}, {"actions": [{"chapter": "a", "section": "a3"}]}), plan["a"]
    (True, ['a1', 'a3'])
    >>> cut_exhibit(plan, {"a": 5, "b": 4, "end": 21}), plan
    (True, {'a': ['a1', 'a3'], 'b': ['b1', 'b2', 'b3']})
    >>> cut_exhibit(plan, {"a": 5, "b": 4, "end": 20})
    False
    >>> plan = {"a": ["a1", "a2"], "b": ["b1"]}
    >>> cut_exhibit(plan, {"a": 5, "b": 4, "end": 21}), plan
    (True, {'a': ['a1'], 'b': ['b1']})
    >>> cut_exhibit(plan, {"a": 5, "b": 4, "end": 21})
    False
    """
    if pages.get("end", 0) <= MAIN_PAGES:
        return False
    cited = cited_sections(summary)
    for floor in (MIN_EXHIBITS, 1):  # a wider font or a longer summary: a chapter may go down to one exhibit
        candidates = [(pages.get(code, 0), len(keys), code) for code, keys in plan.items()
                      if len(keys) > floor and any((code, k) not in cited for k in keys)]
        if candidates:
            break
    else:
        return False
    code = max(candidates)[2]
    keys = plan[code]
    keys.remove(next(k for k in reversed(keys) if (code, k) not in cited))
    return True


MIN_ACTIONS = 3  # a chapter's fewest actions in the main report (the others are in the full analysis)


def cut_action(shown: dict[str, int], pages: dict[str, int], chapters: list[dict]) -> bool:
    """When the report is still longer than :data:`MAIN_PAGES` with every exhibit cut that can go, show one action
    fewer (its last, the least valuable) of the chapter with the most pages that lists more than
    :data:`MIN_ACTIONS`: ``shown`` (in place) maps a chapter's code to how many actions it shows. False when
    the report fits or nothing can go.

    >>> chapters = [{"code": "a", "blocks": [{"kind": "actions", "actions": [1, 2, 3, 4, 5], "more": None}]},
    ...             {"code": "b", "blocks": [{"kind": "actions", "actions": [1, 2, 3], "more": None}]}]
    >>> shown = {}
    >>> cut_action(shown, {"a": 4, "b": 6, "end": 21}, chapters), shown
    (True, {'a': 4})
    >>> cut_action(shown, {"a": 4, "b": 6, "end": 20}, chapters)
    False
    """
    if pages.get("end", 0) <= MAIN_PAGES:
        return False
    listed = {c["code"]: len(b["actions"]) for c in chapters for b in c["blocks"] if b["kind"] == "actions"}
    candidates = [(pages.get(code, 0), n, code) for code, n in listed.items() if n > MIN_ACTIONS]
    if not candidates:
        return False
    code = max(candidates)[2]
    shown[code] = listed[code] - 1
    return True


def page_count(path: Path) -> int:
    """How many pages a PDF Typst wrote has (its page objects: Typst keeps them uncompressed)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", Path(path).read_bytes()))


def _link(source: Path, target: Path) -> None:
    try:
        target.symlink_to(source)
    except OSError:  # no symlinks here (some file systems): copy
        shutil.copyfile(source, target)
