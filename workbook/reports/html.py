"""Executed notebooks -> one self-contained, offline HTML page (a notebook page or the combined report).

Every page opens offline: code hidden, images embedded, no scripts at all
(nbconvert's loaders of require.js, MathJax and mermaid fetch them from the web;
a report needs none of them), and the CJK font embedded as a subset of the
characters the page uses, so Chinese renders on any machine and in the headless
browser that prints the PDF. Client text in outputs is data: HTML outputs are
sanitised (a ``<script>`` a client typed shows as text) and Markdown outputs
are converted and sanitised the same way.

The page is nbconvert's lab page through the kit's template
``templates/workbook_page`` (which emits no script, and adds the cover, the
table of contents and the font from ``resources["workbook"]``); heading ids
are made unique across notebooks before the export, by the page's
``markdown2html`` filter (:func:`render_markdown_cells`).
"""
from __future__ import annotations

import base64
import copy
import functools
import html
import io
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from workbook.core.mimes import ACTIONS_MIME, APPENDIX_MIME, CHAPTER_MIME, RECORD_MIME, SECTION_MIME, TABLE_MIME
from workbook.reports.firm import Colours, Firm, kit_firm

HIDDEN_TAGS = {"parameters", "injected-parameters"}
# outputs only machines read; the display layer's section payloads ride with their HTML and stay (nbconvert
# shows the HTML; the table of contents reads the payloads)
MACHINE_MIMES = {RECORD_MIME, TABLE_MIME, APPENDIX_MIME}
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small", "span", "strong",
    "style", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"*": ["class", "id", "style", "title", "colspan", "rowspan", "border", "align"],
                      "img": ["src", "alt", "width", "height"], "a": ["href"]}


# an image's source as a data URI of base64 (charts: hundreds of kilobytes the sanitiser would read character by
# character); the base64 alphabet cannot end the attribute, so the data itself needs no cleaning
_DATA_IMAGE = re.compile(r'(src="data:image/(?:svg\+xml|png|jpeg|gif|webp);base64,)([A-Za-z0-9+/=]+)"')
_DATA_IMAGE_KEPT = re.compile(r'(src="data:image/(?:svg\+xml|png|jpeg|gif|webp);base64,)([0-9]+)"')


def sanitise_html(fragment: str) -> str:
    """Allow tables, text markup, ``<style>`` and data-URI images; escape anything else (scripts, iframes).

    The base64 data of an ``<img>``'s data-URI source is set aside while the markup is cleaned and put
    back after (only where the cleaned markup still has that image's source).

    Examples
    --------
    >>> sanitise_html('<p><script>alert(1)</script></p>')
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    >>> sanitise_html('<img src="data:image/png;base64,iVBORw0KGgo="><iframe src="data:image/png;base64,AAAA">')
    '<img src="data:image/png;base64,iVBORw0KGgo=">&lt;iframe src="data:image/png;base64,AAAA"&gt;'
    """
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    images: list[str] = []

    def aside(match) -> str:  # an image's base64 data is set aside while the markup around it is cleaned
        images.append(match.group(2))
        return f'{match.group(1)}{len(images) - 1}"'

    fragment = _DATA_IMAGE.sub(aside, fragment)
    cleaned = bleach.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                           protocols={"http", "https", "data", "mailto"}, css_sanitizer=CSSSanitizer(), strip=False)
    if not images:
        return cleaned
    return _DATA_IMAGE_KEPT.sub(lambda m: f'{m.group(1)}{images[int(m.group(2))]}"', cleaned)


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


PRINTABLE_ASCII = frozenset(chr(i) for i in range(0x20, 0x7F))


def font_chars(text: str) -> frozenset[str]:
    """The characters the font subset for ``text`` holds: its non-ASCII ones and printable ASCII."""
    return frozenset({ch for ch in set(text) if ord(ch) > 0x7F} | PRINTABLE_ASCII)  # set(): a page has megabytes


def font_css(text: str, firm: Firm | None = None) -> str:
    """``@font-face`` with the kit's CJK font subset to the characters of ``text`` (WOFF, base64), and the page's
    own styles in the ``firm``'s colours (None: the kit's).

    A firm with a font file has it embedded too (subset the same way) and first in the font list, the CJK
    font after it for the characters it lacks; a firm whose colours are not the kit's has its headings in its
    primary colour.
    """
    firm = firm or kit_firm()
    colours = firm.config.colours
    primary, (stripe, _) = colours.primary, colours.fills
    data = font_subset(font_chars(text))
    family = '"WorkbookCJK", sans-serif'  # first: chromium's fallback to a later web font misses glyphs
    faces = f'@font-face{{font-family:"WorkbookCJK";src:url(data:font/woff;base64,{data}) format("woff");}}'
    if firm.font is not None:  # the firm's font for the characters it has, the CJK font for the rest
        own = font_subset(font_chars(text), firm.font)
        faces += f'@font-face{{font-family:"WorkbookFirm";src:url(data:font/woff;base64,{own}) format("woff");}}'
        family = f'"WorkbookFirm", {family}'
    brand = "" if colours == Colours() else (
        f"main h1,main h2,main h3{{color:{primary}}}")
    return (f"<style>{faces}"
            f":root{{--jp-content-font-family:{family};--jp-ui-font-family:{family};}}"
            f"body{{font-family:{family};overflow-wrap:break-word}}"
            # a long name without spaces wraps anywhere in a table's text column instead of widening the page
            ".wb-table td.txt,.wb-table th.txt{overflow-wrap:anywhere}"
            "nav.wb-toc{margin:1em 0 2em}nav.wb-toc ul{list-style:none;padding-left:1.2em}"
            ".wb-cover{margin:2em 0 1em}.wb-cover p{color:#555}"
            ".wb-table{margin:0.6em 0 1.2em}.wb-table caption{text-align:left;font-weight:600;padding:0.3em 0}"
            ".wb-table td.txt,.wb-table th.txt{text-align:left}.wb-table td.num,.wb-table th.num{text-align:right}"
            ".wb-more,.wb-note{color:#555;font-size:0.9em}.wb-finding{font-size:1.05em;margin:0.4em 0 0.8em}"
            ".wb-needs{color:#8a5a00}.wb-subtitle{color:#555}.wb-chart img{max-width:100%}"
            ".wb-summary{page-break-after:always;margin-bottom:2em}.wb-aside{color:#666}"
            f".wb-headline{{font-size:1.15em;background:{stripe};border-left:4px solid {primary};"
            "padding:0.6em 0.9em}"
            ".wb-summary-actions li,.wb-messages li{margin:0.4em 0}"
            f".wb-chapter-summary{{background:{stripe};border-left:4px solid {primary};"
            "padding:0.5em 0.9em 0.5em 2em}"
            # the summary's tables sit outside the notebook cells' styles: ruled as the PDF rules them
            ".wb-summary .wb-table table{border-collapse:collapse}"
            f".wb-summary .wb-table th,.wb-summary .wb-table td{{padding:0.2em 0.8em;border-bottom:1px solid {stripe}}}"
            f".wb-summary .wb-table thead th{{background:{stripe};border-bottom:1.5px solid {primary}}}"
            f"{brand}{_firm_css(firm)}"
            "@media print{nav.wb-toc{page-break-after:always}h1.wb-break{page-break-before:always}"
            ".jp-Cell{page-break-inside:avoid}}</style>")


def _firm_css(firm: Firm) -> str:
    """The firm's slim header above the page and its lines at the cover's foot."""
    primary, secondary = firm.config.colours.primary, firm.config.colours.secondary
    return (f".wb-firm-bar{{display:flex;align-items:center;gap:0.6em;padding:0.4em 0 0.5em;"
            f"border-bottom:1px solid {secondary};color:#555;font-size:0.9em}}"
            ".wb-firm-bar img{height:24px;width:auto;max-width:120px}"
            ".wb-cover .wb-logo{display:block;max-width:160px;max-height:72px;width:auto;height:auto;"
            "margin:0 0 1.5em}"
            f".wb-cover-foot{{margin-top:1.5em;padding-top:0.8em;border-top:1px solid {secondary}}}"
            ".wb-cover-foot p{margin:0.2em 0}"
            f".wb-cover-foot .wb-firm-name{{color:{primary};font-weight:600;font-size:1.1em}}")


TEMPLATES = Path(__file__).parent / "templates"  # nbconvert template folders (package data)
PAGE_TEMPLATE = "workbook_page"  # lab's page without scripts, with the cover, TOC and font (see its index.html.j2)


@dataclass
class Headings:
    """Page-unique heading ids, in page order: notebooks repeat section names, a page needs one id each.

    The first heading with an id keeps nbconvert's; later ones get ``-2``,
    ``-3``... With ``breaks`` (the combined report), level-1 headings after
    the first start a new printed page.

    Examples
    --------
    >>> h = Headings(breaks=True)
    >>> h.add(1, "One", "One"), h.add(2, "Notes", "Notes"), h.add(1, "Two", "Two"), h.add(2, "Notes", "Notes")
    (('One', ''), ('Notes', ''), ('Two', 'wb-break'), ('Notes-2', ''))
    >>> h.toc()[-1]
    {'id': 'Notes-2', 'text': 'Notes', 'indent': 1.2}
    """

    breaks: bool = False
    entries: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, plain text)

    def add(self, level: int, anchor: str, text: str) -> tuple[str, str]:
        """The unique id for a heading with nbconvert's ``anchor``, and its CSS class (``""`` or ``wb-break``)."""
        used = {entry[1] for entry in self.entries}
        unique, number = anchor, 1
        while unique in used:
            number += 1
            unique = f"{anchor}-{number}"
        css = "wb-break" if self.breaks and level == 1 and any(e[0] == 1 for e in self.entries) else ""
        self.entries.append((level, unique, text))
        return unique, css

    def toc(self, max_level: int = 2) -> list[dict]:
        """The table of contents: level 1 to ``max_level`` headings, indented by level."""
        return [{"id": anchor, "text": text, "indent": (level - 1) * 1.2}
                for level, anchor, text in self.entries if level <= max_level]


def render_markdown_cells(exporter, cells: list, headings: Headings) -> dict[str, tuple[str, str]]:
    """``{cell id: (source, html)}``: the Markdown cells rendered as nbconvert does, with page-unique heading ids.

    nbconvert's renderer (``IPythonRenderer``, mistune with the math plugins,
    the exporter's image embedding, anchor text and lexer options) makes each
    heading ``<hN id="…">text<a class="anchor-link" href="#…">¶</a></hN>``
    with the id from the heading's text; here that heading element is given
    the id from ``headings`` (and its class) and recorded for the table of
    contents. Rendered before the export, so the table can head the page.
    """
    from xml.etree import ElementTree

    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
    from nbconvert.filters.strings import html2text

    class PageRenderer(IPythonRenderer):
        def heading(self, text: str, level: int, **attrs) -> str:
            rendered = super().heading(text, level, **attrs)
            try:
                element = ElementTree.fromstring(rendered)
            except ElementTree.ParseError:  # nbconvert leaves such a heading without id: so do we
                return rendered
            anchor = element.get("id")
            if anchor is None:
                return rendered
            links = [a for a in element if a.tag == "a" and a.get("class") == "anchor-link"]
            for link in links:
                element.remove(link)
            unique, css = headings.add(level, anchor, html2text(element).strip())
            element.set("id", unique)
            if css:
                element.set("class", css)
            for link in links:
                link.set("href", f"#{unique}")
                element.append(link)
            return ElementTree.tostring(element, encoding="unicode")

    rendered = {}
    for cell in cells:
        for output in cell.get("outputs", []):  # the display layer's chapter and section headings
            data = output.get("data", {})
            if CHAPTER_MIME in data:
                headings.add(1, data[CHAPTER_MIME]["chapter"], data[CHAPTER_MIME]["title"])
            elif SECTION_MIME in data:
                payload = data[SECTION_MIME]
                headings.add(2, f"{payload['chapter']}-{payload['key']}", payload["heading"])
            elif ACTIONS_MIME in data:
                headings.add(2, f"{data[ACTIONS_MIME]['chapter']}-actions", data[ACTIONS_MIME]["heading"])
        if cell.cell_type == "markdown":
            renderer = PageRenderer(escape=False, attachments=cell.get("attachments", {}),
                                    embed_images=exporter.embed_images, anchor_link_text=exporter.anchor_link_text,
                                    exclude_anchor_links=exporter.exclude_anchor_links, **exporter.lexer_options)
            rendered[cell.id] = (cell.source, MarkdownWithMath(renderer=renderer).render(cell.source))
    return rendered


def page_text(nb) -> str:
    """The text a notebook shows: Markdown sources and outputs (for the font subset; code inputs are hidden).

    HTML entities are also decoded, so a ``&middot;`` in an output finds its glyph.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    >>> cell = new_code_cell("x = '隐藏'", outputs=[new_output("stream", name="stdout", text="输出")])
    >>> text = page_text(new_notebook(cells=[new_markdown_cell("# 标题 &middot;"), cell]))
    >>> "标题" in text and "输出" in text and "·" in text and "隐藏" not in text
    True
    """
    parts: list[str] = []

    def strings(value) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                strings(item)
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            strings(cell.source)
        for output in cell.get("outputs", []):
            strings([output.get(key) for key in ("text", "data", "ename", "evalue", "traceback")])
    text = "\n".join(parts)
    return text + html.unescape(text)


def export_html(notebooks: list, *, lang: str = "zh", title: str | None = None, subtitle: str = "",
                toc: bool = False, summary: str = "", firm: Firm | None = None, cover: Cover | None = None) -> str:
    """One offline HTML page from executed notebooks (one: a notebook page; several: the combined report).

    Rendered by nbconvert with the kit's ``workbook_page`` template (lab's
    page without scripts). ``title`` and ``subtitle`` (escaped by the
    template: they may be client text) head the page; ``toc`` adds a linked
    table of contents of the level 1-2 headings (the chapters and sections the
    display layer shows, and any Markdown headings) and a page break before
    each chapter after the first. ``summary`` is the executive summary's HTML
    (escaped by :func:`workbook.reports.summary.summary_html`), shown after the
    cover, before the contents. ``firm`` (:mod:`workbook.reports.firm`; None: the kit's look, no firm) brings
    its colours, font, a slim header with its logo and name, and with ``cover`` (:class:`Cover`) the cover's
    logo and foot. For several pages from the same notebooks, :func:`export_pages`.
    """
    return Pages([clean_notebook(nb) for nb in notebooks], lang=lang, firm=firm).page(
        title=title, subtitle=subtitle, toc=toc, summary=summary, cover=cover)


@dataclass(frozen=True)
class Cover:
    """What the combined report's cover says beyond its title and subtitle, and its foot (all plain text,
    escaped by the page template): the firm's name, cover line and contact, the confidentiality line."""

    firm_name: str = ""
    cover_line: str = ""
    contact: str = ""
    confidential: str = ""

    @classmethod
    def of(cls, firm: Firm, lang: str, client: str) -> Cover:
        """The cover's foot from a firm's texts in ``lang`` (``{client}``: the client's name)."""
        return cls(*(firm.text(key, lang, client=client) for key in ("name", "cover_line", "contact",
                                                                       "confidential")))


def export_pages(notebooks: list, *, lang: str = "zh", title: str | None = None, subtitle: str = "",
                 summary: str = "", firm: Firm | None = None,
                 cover: Cover | None = None) -> tuple[list[str], str]:
    """Each notebook's page and the combined report, in one pass: ``([page, ...], report)``.

    Each notebook is cleaned (sanitised) once, the exporter and its templates load once, and one
    CJK font subset (of every character any of the pages shows) is embedded in all of them.
    ``title``, ``subtitle``, ``summary``, ``firm`` and ``cover`` are the combined report's, as for
    :func:`export_html` (every page has the firm's colours, font and header; the report its cover).
    """
    foot = [] if cover is None else [cover.firm_name, cover.cover_line, cover.contact, cover.confidential]
    pages = Pages([clean_notebook(nb) for nb in notebooks], lang=lang, firm=firm,
                  extra=[title or "", subtitle, html.unescape(summary), *foot])
    singles = [pages.page(only=index) for index in range(len(notebooks))]
    return singles, pages.page(title=title, subtitle=subtitle, toc=True, summary=summary, cover=cover)


class _PageFilter:
    """The exporter's ``markdown2html`` filter, pointed at the page being rendered (one exporter, many pages)."""

    def __init__(self, exporter) -> None:
        self.exporter, self.rendered = exporter, {}

    def __call__(self, context, source):
        cell = context.get("cell") or {}
        source_html = self.rendered.get(cell.get("id"))
        if source_html is not None and source_html[0] == source:
            return source_html[1]
        return self.exporter.markdown2html(context, source)


_EXPORTERS = threading.local()


@functools.cache
def page_exporter_class():
    """nbconvert's HTML exporter, giving the page as its template renders it.

    ``HTMLExporter.from_notebook_node`` renders the template, then parses the
    whole page again with BeautifulSoup to give images without one a stock alt
    text and every output a ``tabindex`` (keyboard focus in a live notebook),
    and serialises it back: on pages of megabytes, a second or more per client,
    most of a report's export. The kit's pages are printed and read, not
    navigated cell by cell, and every chart the display layer shows has its
    heading as alt text; this class keeps the exporter's own steps (the code
    highlighter and widget filter it registers, the template, the resources)
    and leaves that pass out.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            highlight = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


def page_exporter(firm_dir: Path | None = None):
    """This thread's nbconvert exporter for pages (templates loaded once) and its ``markdown2html`` filter;
    ``firm_dir``: a firm folder holding its own ``workbook_page/index.html.j2``, found before the kit's."""
    held = getattr(_EXPORTERS, "held", {}).get(firm_dir)
    if held is None:
        from jinja2 import pass_context

        bases = ([str(firm_dir)] if firm_dir is not None else []) + [str(TEMPLATES)]
        exporter = page_exporter_class()(template_name=PAGE_TEMPLATE, extra_template_basedirs=bases,
                                         exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                                         embed_images=True)
        page_filter = _PageFilter(exporter)

        @pass_context
        def markdown2html(context, source):
            return page_filter(context, source)

        exporter.register_filter("markdown2html", markdown2html)
        held = (exporter, page_filter)
        if not hasattr(_EXPORTERS, "held"):
            _EXPORTERS.held = {}
        _EXPORTERS.held[firm_dir] = held
    return held


FONT_CACHE = "fonts"  # folder of the kit's cache holding font subsets already made


def font_cache_dir() -> Path:
    """Where font subsets are kept between runs: ``$XDG_CACHE_HOME/sales-workbook/fonts`` (``~/.cache``)."""
    import os

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "sales-workbook" / FONT_CACHE


@functools.lru_cache(maxsize=8)
def font_subset(chars: frozenset[str], font_path: Path | None = None) -> str:
    """The kit's CJK font (or the font file ``font_path``) subset to ``chars``, as base64 WOFF; made once per
    font and set of characters on this machine.

    Subsetting the CJK font takes seconds; a report rendered again, or a page with the characters of an
    earlier one, reads the subset back from the cache (keyed by the font file and the characters). A cache
    that cannot be written is skipped: the page is the same, only the next one is slower.
    """
    import hashlib

    from fontTools import subset

    from workbook.core.io import write_atomic
    from workbook.core.theme import cjk_font_path

    if font_path is None:
        font_path, kit = cjk_font_path(), ""
    else:  # a firm's font: any file of any name, known by its content
        kit = hashlib.sha256(Path(font_path).read_bytes()).hexdigest()
    text = "".join(sorted(chars))
    key = hashlib.sha256(f"{font_path.name}:{font_path.stat().st_size}:{kit}{text}".encode()).hexdigest()[:32]
    path = font_cache_dir() / f"{key}.woff.b64"
    try:
        return path.read_text(encoding="ascii")
    except OSError:
        pass
    options = subset.Options()
    options.flavor = "woff"
    font = subset.load_font(str(font_path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode()
    try:
        write_atomic(path, data)
    except OSError:
        pass
    return data


@functools.lru_cache(maxsize=8)
def _font_css_cached(chars: frozenset[str], firm: Firm | None = None) -> str:
    return font_css("".join(sorted(chars)), firm)


class Pages:
    """Pages from cleaned notebooks (:func:`clean_notebook`) sharing one exporter and, with ``extra``, one font.

    Without ``extra`` each page embeds the font subset of its own characters (as a single page always
    did); with it (texts the pages add: the report's title, subtitle, summary) every page embeds the
    subset of all the notebooks' characters plus those.
    """

    def __init__(self, cleaned: list, *, lang: str, extra: list[str] | None = None,
                 firm: Firm | None = None) -> None:
        self.cleaned, self.lang, self.firm = cleaned, lang, firm
        self.shared: frozenset[str] | None = None  # the characters every page's font holds, with ``extra``
        if extra is not None:
            from workbook.core.i18n import t

            self.shared = font_chars("\n".join([*(page_text(nb) for nb in cleaned), t("report.contents", lang),
                                                 *extra]))

    def page(self, *, only: int | None = None, title: str | None = None, subtitle: str = "", toc: bool = False,
             summary: str = "", cover: Cover | None = None) -> str:
        import nbformat

        from workbook.core.i18n import t

        chosen = self.cleaned if only is None else [self.cleaned[only]]
        merged = nbformat.v4.new_notebook(metadata=copy.deepcopy(chosen[0].metadata) if chosen else {})
        for nb in chosen:  # shallow copies: the ids below are the page's; nbconvert copies the rest itself
            merged.cells.extend(copy.copy(cell) for cell in nb.cells)
        for number, cell in enumerate(merged.cells):  # notebooks reuse ids; the page needs unique ones
            cell.id = f"cell-{number}"
        exporter, page_filter = page_exporter(self.firm.page_dir if self.firm is not None else None)
        headings = Headings(breaks=toc)
        page_filter.rendered = render_markdown_cells(exporter, merged.cells, headings)
        contents = t("report.contents", self.lang) if toc else None
        items = headings.toc() if toc else []
        headings_text = [item["text"] for item in items]
        firm_name = self.firm.text("name", self.lang) if self.firm is not None else ""
        foot = [] if cover is None else [cover.firm_name, cover.cover_line, cover.contact, cover.confidential]
        if self.shared is None:
            chars = font_chars("\n".join([page_text(merged), title or "", subtitle, contents or "",
                                          html.unescape(summary), *headings_text, firm_name, *foot]))
        else:  # the table of contents repeats headings of the notebooks: their characters are in already
            chars = self.shared | font_chars("\n".join([*headings_text, firm_name]))
        firm = self.firm
        logo = firm.logo_uri() if firm is not None else ""
        workbook = {"lang_attr": "zh-CN" if self.lang == "zh" else "en", "title": title, "subtitle": subtitle,
                    "summary": sanitise_html(summary) if summary else "",
                    "contents": contents, "toc": items, "font_css": _font_css_cached(chars, firm),
                    # the firm's slim header (its logo and name; none without either) and the cover's logo and foot
                    "firm": {"name": firm_name, "logo": logo} if firm_name or logo else None,
                    "cover": None if cover is None or title is None else {
                        "logo": logo, "firm_name": cover.firm_name, "cover_line": cover.cover_line,
                        "contact": cover.contact, "confidential": cover.confidential}}
        try:
            body, _ = exporter.from_notebook_node(merged, resources={"workbook": workbook})
        finally:
            page_filter.rendered = {}
        return body
