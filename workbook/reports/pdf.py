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
import shutil
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from workbook.core.display import ACTIONS_MIME, CHAPTER_MIME, SECTION_MIME
from workbook.core.io import publish
from workbook.exceptions import PdfUnavailable, WorkbookError

__all__ = ["build_pdf", "report_data", "PdfUnavailable"]

TEMPLATE = "report.typ"
DATA = "data.json"
_NO_ACTIONS = {"zh": "暂无行动建议。", "en": "No actions."}
_DATE = {"zh": "报告日期：{date}", "en": "Report date: {date}"}  # the cover: when the report was made


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
                    yield mime, _payload(data[mime])


def _table(table: dict) -> dict:
    headers = [str(h) for h in table.get("headers") or []]
    return {"caption": str(table.get("caption") or ""), "headers": headers,
            "rows": [["" if v is None else str(v) for v in row] for row in table.get("rows") or []],
            "numeric": [bool(n) for n in table.get("numeric") or []][:len(headers)],
            "more": table.get("more") or None}


def _actions(actions: Iterable[dict]) -> list[dict]:
    return [{"text": str(a.get("text") or ""), "who": a.get("who") or None, "sheet": a.get("sheet") or None}
            for a in actions or []]


def report_data(notebooks: list, charts: Path | None = None, *, lang: str, title: str, subtitle: str,
                summary: dict | None = None, firm: str = "", date: str | None = None) -> dict:
    """The content of the PDF as plain JSON data; each chart's SVG is written to ``charts`` (a folder).

    Chapters follow the notebooks' order; a section or actions payload before
    any chapter payload opens an untitled chapter. Notebooks without payloads
    add nothing.

    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> cell = new_code_cell(outputs=[new_output("display_data", data={CHAPTER_MIME: {"title": "数据概览"}})])
    >>> data = report_data([new_notebook(cells=[cell])], lang="zh", title="A 公司", subtitle="诊断", date="2025-01-02")
    >>> [c["title"] for c in data["chapters"]], data["date"]
    (['数据概览'], '报告日期：2025-01-02')
    """
    chapters: list[dict] = []
    count = 0
    for notebook in notebooks:
        for mime, payload in _outputs(notebook):
            if mime == CHAPTER_MIME or not chapters:
                chapters.append({"title": "", "subtitle": None, "blocks": []})
            chapter = chapters[-1]
            if mime == CHAPTER_MIME:
                chapter.update(title=str(payload.get("title") or ""), subtitle=payload.get("subtitle") or None)
            elif mime == ACTIONS_MIME:
                chapter["blocks"].append({"kind": "actions", "heading": str(payload.get("heading") or ""),
                                          "actions": _actions(payload.get("actions"))})
            else:
                chart = None
                if payload.get("chart") and charts is not None:
                    chart = f"{charts.name}/{count:03d}.svg"
                    (charts / f"{count:03d}.svg").write_text(payload["chart"], encoding="utf-8")
                    count += 1
                chapter["blocks"].append({
                    "kind": "section", "heading": str(payload.get("heading") or ""),
                    "finding": payload.get("finding") or None, "needs": payload.get("needs") or None,
                    "chart": chart, "note": payload.get("note") or None,
                    "tables": [_table(t) for t in payload.get("tables") or [] if t.get("headers")]})
    summary_data = None
    if summary is not None:
        summary_data = {"heading": str(summary.get("heading") or ""),
                        "paragraphs": [str(p) for p in summary.get("paragraphs") or []],
                        "tables": [_table(t) for t in summary.get("tables") or [] if t.get("headers")],
                        "actions": _actions(summary.get("actions")),
                        "actions_heading": str(summary.get("actions_heading") or "")}
    date = date or dt.date.today().isoformat()
    return {"lang": lang, "title": title, "subtitle": subtitle, "firm": firm,
            "date": "" if date in subtitle else _DATE.get(lang, _DATE["en"]).format(date=date),
            "header_right": subtitle, "none_actions": _NO_ACTIONS.get(lang, _NO_ACTIONS["en"]),
            "summary": summary_data, "chapters": chapters}


def _typst():
    try:
        import typst
    except ImportError as exc:  # a broken install: name the fix
        raise PdfUnavailable("PDF skipped: the typst package is not installed; install it with "
                             "`pip install typst`", path="typst") from exc
    return typst


def build_pdf(notebooks: list, path: Path, *, lang: str, title: str, subtitle: str, summary: dict | None = None,
              firm: str = "") -> Path:
    """Write the report PDF of the executed ``notebooks`` (in report order) to ``path`` atomically; return ``path``.

    A4: a cover (``title`` = the client's name, ``subtitle``, today's date,
    ``firm``), the ``summary`` page (``{"heading", "paragraphs", "tables",
    "actions", "actions_heading"}``) on page 2, then each chapter on a new page.

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
    work = Path(tempfile.mkdtemp(prefix="workbook-pdf-"))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".pdf", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        charts, fonts = work / "charts", work / "fonts"
        charts.mkdir()
        fonts.mkdir()
        font = cjk_font_path()
        _link(font, fonts / font.name)  # only the one font: the folder it ships in holds five more
        data = report_data(notebooks, charts, lang=lang, title=title, subtitle=subtitle, summary=summary, firm=firm)
        data["font"] = cjk_font_name()
        (work / DATA).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        template = resources.files("workbook.reports").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")
        (work / TEMPLATE).write_text(template, encoding="utf-8")
        try:
            typst.compile(str(work / TEMPLATE), output=str(tmp), root=str(work), font_paths=[str(fonts)],
                          ignore_system_fonts=True)
        except typst.TypstError as exc:
            detail = " | ".join(part for part in (exc.message, *exc.hints) if part)
            raise WorkbookError(f"Typst could not lay out {path.name}: {detail}") from exc
        except RuntimeError as exc:
            raise WorkbookError(f"Typst could not lay out {path.name}: {exc}") from exc
        if not tmp.read_bytes()[:5] == b"%PDF-":
            raise WorkbookError(f"Typst wrote no PDF for {path.name}")
        publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return path


def _link(source: Path, target: Path) -> None:
    try:
        target.symlink_to(source)
    except OSError:  # no symlinks here (some file systems): copy
        shutil.copyfile(source, target)
