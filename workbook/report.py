"""Client-ready outputs from executed notebooks: HTML pages, the combined report, metrics.json, index.html.

Every page is self-contained and opens offline: code hidden, images embedded,
no scripts at all (nbconvert's loaders of require.js, MathJax and mermaid fetch
them from the web; a report needs none of them), and the CJK font embedded as a
subset of the characters the page uses, so Chinese renders on any machine and
in the headless browser that prints the PDF. Client text in outputs is data:
HTML outputs are sanitised (a ``<script>`` a client typed shows as text) and
Markdown outputs are converted and sanitised the same way.

:func:`build_reports` writes a client's combined outputs from the executed
notebooks in ``reports/``; every file is written atomically.
"""
from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import html
import io
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from workbook.appendix import TABLE_MIME
from workbook.record import MIME as RECORD_MIME
from workbook.render import HIDDEN_TAGS, REPORTS, STATE_DIR, kit_digest, list_notebooks, write_atomic

FORMATS = ("html", "xlsx", "pdf")
REPORT_HTML, REPORT_PDF, APPENDIX, METRICS, INDEX = "report.html", "report.pdf", "appendix.xlsx", "metrics.json", \
    "index.html"
MACHINE_MIMES = {RECORD_MIME, TABLE_MIME}
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small", "span", "strong",
    "style", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"*": ["class", "id", "style", "title", "colspan", "rowspan", "border", "align"],
                      "img": ["src", "alt", "width", "height"], "a": ["href"]}
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>\s*", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.DOTALL)


def sanitise_html(fragment: str) -> str:
    """Allow tables, text markup, ``<style>`` and data-URI images; escape anything else (scripts, iframes).

    Examples
    --------
    >>> sanitise_html('<p><script>alert(1)</script></p>')
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    """
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    return bleach.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        protocols={"http", "https", "data", "mailto"}, css_sanitizer=CSSSanitizer(), strip=False)


def clean_notebook(nb):
    """A copy of an executed notebook as the client should see it.

    Drops the parameter and injected cells, the machine-readable outputs
    (recorded figures, captured tables) and warnings (stderr), and sanitises
    HTML and Markdown outputs.
    """
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    nb = copy.deepcopy(nb)
    nb.cells = [cell for cell in nb.cells if not HIDDEN_TAGS & set(cell.metadata.get("tags", []))]
    for cell in nb.cells:
        outputs = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            data = output.get("data")
            if data is not None:
                for mime in MACHINE_MIMES & set(data):
                    del data[mime]
                if not data:
                    continue
                if "text/markdown" in data:
                    data["text/html"] = markdown2html_mistune(str(data.pop("text/markdown")))
                if "text/html" in data:
                    source = data["text/html"]
                    data["text/html"] = sanitise_html("".join(source) if isinstance(source, list) else source)
            outputs.append(output)
        if cell.cell_type == "code":
            cell.outputs = outputs
    return nb


def font_css(text: str) -> str:
    """``@font-face`` with the kit's CJK font subset to the characters of ``text`` (WOFF, base64)."""
    from fontTools import subset

    from workbook.theme import cjk_font_path

    chars = {ch for ch in text if ord(ch) > 0x7F} | {chr(i) for i in range(0x20, 0x7F)}
    options = subset.Options()
    options.flavor = "woff"
    font = subset.load_font(str(cjk_font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode()
    family = '"WorkbookCJK", sans-serif'  # first: chromium's fallback to a later web font misses glyphs
    return (f'<style>@font-face{{font-family:"WorkbookCJK";src:url(data:font/woff;base64,{data}) format("woff");}}'
            f":root{{--jp-content-font-family:{family};--jp-ui-font-family:{family};}}"
            f"body{{font-family:{family};}}"
            "nav.wb-toc{margin:1em 0 2em}nav.wb-toc ul{list-style:none;padding-left:1.2em}"
            ".wb-cover{margin:2em 0 1em}.wb-cover p{color:#555}"
            "@media print{nav.wb-toc{page-break-after:always}h1.wb-break{page-break-before:always}"
            ".jp-Cell{page-break-inside:avoid}}</style>")


def _plain_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _number_headings(body: str, *, toc: bool) -> tuple[str, list[tuple[int, str, str]]]:
    """Give every heading a unique id (notebooks repeat section names); list (level, id, text)."""
    seen: dict[str, int] = {}
    headings: list[tuple[int, str, str]] = []

    def unique(match: re.Match) -> str:
        level, anchor, inner = int(match.group(1)), match.group(2), match.group(3)
        seen[anchor] = seen.get(anchor, 0) + 1
        new = anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}"
        headings.append((level, new, _plain_text(inner)))
        css = ' class="wb-break"' if toc and level == 1 and len([h for h in headings if h[0] == 1]) > 1 else ""
        return f'<h{level} id="{new}"{css}>{inner}<a class="anchor-link" href="#{new}">¶</a></h{level}>'

    return _HEADING.sub(unique, body), headings


def export_html(notebooks: list, *, lang: str = "zh", title: str | None = None, subtitle: str = "",
                toc: bool = False) -> str:
    """One offline HTML page from executed notebooks (one: a notebook page; several: the combined report).

    ``title`` and ``subtitle`` (escaped here: they may be client text) head the
    page; ``toc`` adds a linked table of contents of the level 1-2 headings.
    """
    import nbformat
    from nbconvert import HTMLExporter

    from workbook.i18n import t

    merged = nbformat.v4.new_notebook(metadata=copy.deepcopy(notebooks[0].metadata) if notebooks else {})
    for nb in notebooks:
        merged.cells.extend(clean_notebook(nb).cells)
    for number, cell in enumerate(merged.cells):  # notebooks reuse ids; the page needs unique ones
        cell.id = f"cell-{number}"
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True)
    body, _ = exporter.from_notebook_node(merged)
    body = _SCRIPT.sub("", body)  # a static page: no MathJax, require.js or mermaid loaders
    body, headings = _number_headings(body, toc=toc)
    head = ""
    if title is not None:
        head += f'<header class="wb-cover"><div style="font-size:2em">{html.escape(title)}</div>'
        head += f"<p>{html.escape(subtitle)}</p></header>" if subtitle else "</header>"
        body = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", body, count=1, flags=re.DOTALL)
    if toc:
        items = "".join(f'<li style="margin-left:{(level - 1) * 1.2}em"><a href="#{anchor}">{html.escape(text)}'
                        f"</a></li>" for level, anchor, text in headings if level <= 2)
        head += f'<nav class="wb-toc"><h2>{html.escape(t("report.contents", lang))}</h2><ul>{items}</ul></nav>'
    body = body.replace("<main>", "<main>" + head, 1)
    body = re.sub(r"<html[^>]*>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', body, count=1)
    return body.replace("</head>", font_css(body) + "</head>", 1)


@dataclass
class ReportResult:
    """The combined outputs of one client: ``status`` ok, skipped (up to date) or failed."""

    client: str
    status: str
    seconds: float
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def client_name(client_dir: Path) -> str:
    """The client's name from ``client.yaml`` (the folder name when it cannot be read)."""
    from workbook.config import load_config

    try:
        return load_config(client_dir).client_name
    except Exception:  # an unreadable config is reported by the notebooks; the index still needs a title
        return client_dir.name


def metrics(client_dir: Path, executed: list[tuple[str, Path]], *, lang: str) -> dict:
    """metrics.json content: ``client``, ``generated_at``, ``kit_version``, ``lang`` and ``notebooks``.

    ``notebooks`` maps each notebook to every figure it recorded (``workbook.record``).
    """
    from workbook import __version__
    from workbook.record import read_records

    return {"client": {"name": client_name(client_dir), "folder": client_dir.name},
            "generated_at": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
            "kit_version": __version__, "lang": lang,
            "notebooks": {name: read_records(path) for name, path in executed}}


def write_index(client_dir: Path, *, lang: str, notebooks: list[Path], failed: dict[str, str] | None = None) -> Path:
    """``reports/index.html``: links to every output present, and the notebooks that failed."""
    from workbook import __version__
    from workbook.i18n import t

    reports = client_dir / REPORTS
    failed = failed or {}

    def link(name: str, label: str) -> str:
        return f'<a href="{html.escape(quote(name))}">{html.escape(label)}</a>'

    items = [link(name, t(key, lang)) for name, key in ((REPORT_HTML, "index.report"), (REPORT_PDF, "index.pdf"),
                                                         (APPENDIX, "index.appendix"), (METRICS, "index.metrics"))
             if (reports / name).exists()]
    rows = []
    for nb in notebooks:
        parts = []
        if (reports / f"{nb.stem}.html").exists():
            parts.append(link(f"{nb.stem}.html", nb.stem))
        else:
            parts.append(html.escape(nb.stem))
        if (reports / nb.name).exists():
            parts.append(link(nb.name, t("index.executed", lang)))
        if nb.stem in failed:
            parts.append(f'<strong style="color:#b00">{html.escape(t("index.failed", lang))}</strong> '
                         + link(f"{nb.stem}.failed.ipynb", f"{nb.stem}.failed.ipynb")
                         + f" <code>{html.escape(failed[nb.stem])}</code>")
        rows.append(" · ".join(parts))
    name = client_name(client_dir)
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    page = ("<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>"
            "<style>body{{font-family:Arial,sans-serif;max-width:50em;margin:2em auto;line-height:1.6}}</style>"
            "</head><body><h1>{}</h1><p>{} · {}: {} · {}: {}</p><ul>{}</ul><h2>{}</h2><ul>{}</ul></body></html>\n"
            ).format("zh-CN" if lang == "zh" else "en", html.escape(name), html.escape(name),
                     html.escape(t("index.title", lang)), html.escape(t("report.generated", lang)), when,
                     html.escape(t("report.kit", lang)), html.escape(__version__),
                     "".join(f"<li>{i}</li>" for i in items), html.escape(t("index.notebooks", lang)),
                     "".join(f"<li>{r}</li>" for r in rows))
    path = reports / INDEX
    write_atomic(path, page)
    return path


def _digest(executed: list[tuple[str, Path]], formats: tuple[str, ...], lang: str) -> str:
    digest = hashlib.sha256(f"{kit_digest()}|{','.join(formats)}|{lang}".encode())
    for name, path in executed:
        digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()


def build_reports(client_dir: str | Path, *, formats: tuple[str, ...] | list[str] = FORMATS, lang: str | None = None,
                  force: bool = False, notebooks_dir: str | Path | None = None) -> ReportResult:
    """Write a client's combined outputs from the executed notebooks in ``reports/``.

    ``metrics.json`` and ``index.html`` always; ``report.html`` for ``html``
    (also built for ``pdf``), ``appendix.xlsx`` for ``xlsx``, ``report.pdf`` for
    ``pdf``. A missing browser skips only the PDF, with a note. Never raises:
    a failure is returned as status ``failed``.
    """
    import nbformat

    from workbook.appendix import collect_tables, write_appendix
    from workbook.i18n import t
    from workbook.pdf import PdfUnavailable, print_pdf
    from workbook.render import client_language

    start = time.perf_counter()
    client_dir = Path(client_dir).resolve()
    reports = client_dir / REPORTS
    lang = lang or client_language(client_dir)
    formats = tuple(f for f in FORMATS if f in formats)
    kit_notebooks = list_notebooks(notebooks_dir=notebooks_dir)
    executed = [(nb.stem, reports / nb.name) for nb in kit_notebooks if (reports / nb.name).exists()]
    wanted = [METRICS, INDEX] + [REPORT_HTML] * bool({"html", "pdf"} & set(formats)) \
        + [APPENDIX] * ("xlsx" in formats) + [REPORT_PDF] * ("pdf" in formats)
    state = reports / STATE_DIR / "_report.sha256"
    result = ReportResult(client_dir.name, "ok", 0.0)
    try:
        digest = _digest(executed, formats, lang)
        if not force and state.exists() and state.read_text() == digest and all((reports / w).exists()
                                                                               for w in wanted):
            result.status, result.files = "skipped", wanted
            return result
        nbs = [(name, nbformat.read(path, as_version=4)) for name, path in executed]
        name = client_name(client_dir)
        write_atomic(reports / METRICS, json.dumps(metrics(client_dir, executed, lang=lang), ensure_ascii=False,
                                                   indent=2))
        result.files.append(METRICS)
        if {"html", "pdf"} & set(formats):
            when = dt.date.today().isoformat()
            page = export_html([nb for _, nb in nbs], lang=lang, title=name, toc=True,
                               subtitle=f"{t('report.title', lang)} · {when}")
            write_atomic(reports / REPORT_HTML, page)
            result.files.append(REPORT_HTML)
        if "xlsx" in formats:
            write_appendix(collect_tables(nbs, lang=lang), reports / APPENDIX, lang=lang, title=name)
            result.files.append(APPENDIX)
        if "pdf" in formats:
            try:
                print_pdf(reports / REPORT_HTML, reports / REPORT_PDF)
                result.files.append(REPORT_PDF)
            except PdfUnavailable as exc:
                result.notes.append(t("render.pdf_missing", lang, path=exc.path))
        write_index(client_dir, lang=lang, notebooks=kit_notebooks)
        result.files.append(INDEX)
        if not result.notes:
            write_atomic(state, digest)
    except Exception as exc:  # one client's broken output must not stop the batch
        result.status, result.error = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        result.seconds = time.perf_counter() - start
    return result
