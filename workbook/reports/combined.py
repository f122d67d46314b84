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

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from workbook.core.io import write_atomic
from workbook.core.notebooks import list_notebooks
from workbook.core.swap import StagedFiles
from workbook.exceptions import ConfigError
from workbook.reports.execute import REPORTS, STATE_DIR, error_text, kit_digest
from workbook.reports.firm import Firm, firm_folder, load_firm
from workbook.reports.html import Cover, Pages, clean_notebook, export_pages

FORMATS = ("html", "xlsx", "pdf")
REPORT_HTML, REPORT_PDF, ANALYSIS_PDF, APPENDIX, METRICS, INDEX = "report.html", "report.pdf", "analysis.pdf", \
    "appendix.xlsx", "metrics.json", "index.html"

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
    from workbook.core.config import load_config

    try:
        return load_config(client_dir).client_name
    except Exception:  # an unreadable config is reported by the notebooks; the index still needs a title
        return client_dir.name


def client_currency(client_dir: Path) -> str:
    """The client's currency code from ``client.yaml`` (CNY when it cannot be read)."""
    from workbook.core.config import load_config

    try:
        return load_config(client_dir).currency
    except Exception:  # the notebooks report an unreadable config
        return "CNY"


def engagement_line(client_dir: Path, lang: str) -> str:
    """The cover's line under the client's name: the report's title and the period analysed."""
    from workbook.core.client import load_client
    from workbook.core.i18n import t

    try:
        start, end = load_client(client_dir).period
        return t("report.engagement", lang, start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}")
    except Exception:  # the notebooks report an unreadable config
        return t("report.title", lang)


def as_of_text(client_dir: Path) -> str:
    """The data's as-of date (``2025-12-31``) for the cover; empty when the client cannot be read."""
    from workbook.core.client import load_client

    try:
        return f"{load_client(client_dir).as_of:%Y-%m-%d}"
    except Exception:  # the notebooks report an unreadable client
        return ""


def report_date(client_dir: Path) -> str:
    """The report's date for the cover: ``report_date`` of ``client.yaml`` when set (the day the report is handed
    over), else today."""
    from workbook.core.config import load_config

    try:
        when = load_config(client_dir).report_date
    except Exception:  # the notebooks report an unreadable config
        when = None
    return (when or dt.date.today()).isoformat()


def metrics(client_dir: Path, executed: list[tuple[str, Path]], *, summary: dict | None = None,
            records: dict[str, dict] | None = None) -> dict:
    """metrics.json content: ``client``, ``generated_at``, ``kit_version``, ``summary`` and ``notebooks``.

    ``notebooks`` maps each notebook to every figure it recorded (``workbook.core.record``);
    ``summary`` holds the executive summary's ``summary.*`` figures. Codes and
    numbers only: the file is the same whatever the report's language. ``records``: each notebook's figures when
    the caller has read them already.
    """
    from workbook.core.record import read_records
    from workbook.core.version import __version__

    return {"client": {"name": client_name(client_dir), "folder": client_dir.name},
            "generated_at": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
            "kit_version": __version__, "summary": summary or {},
            "notebooks": records if records is not None else {name: read_records(path) for name, path in executed}}


def write_index(client_dir: Path, *, lang: str, notebooks: list[Path], failed: dict[str, str] | None = None) -> Path:
    """``reports/index.html``: links to every output present, and the notebooks that failed.

    Rendered from ``templates/index.html.j2`` with autoescape: client text
    (the client name, file names, error messages) is escaped once, by the
    template; hrefs are URL-quoted here.
    """
    from jinja2 import Environment, PackageLoader

    from workbook.core.i18n import t
    from workbook.core.version import __version__

    reports = client_dir / REPORTS
    failed = failed or {}
    outputs = [{"href": quote(name), "label": t(key, lang)}
               for name, key in ((REPORT_HTML, "index.report"), (REPORT_PDF, "index.main"),
                                 (ANALYSIS_PDF, "index.analysis"),
                                 (APPENDIX, "index.appendix"), (METRICS, "index.metrics"))
               if (reports / name).exists()]
    rows = []
    for nb in notebooks:
        row = {"name": nb.stem, "page": quote(f"{nb.stem}.html") if (reports / f"{nb.stem}.html").exists() else "",
               "executed": quote(nb.name) if (reports / nb.name).exists() else "", "failed": None}
        if nb.stem in failed:
            row["failed"] = {"href": quote(f"{nb.stem}.failed.ipynb"), "file": f"{nb.stem}.failed.ipynb",
                             "error": failed[nb.stem]}
        rows.append(row)
    known = {nb.stem for nb in notebooks}  # and what failed that is not a notebook (the combined report)
    rows += [{"name": t("index.combined", lang) if what == "report" else what, "page": "", "executed": "",
              "failed": {"href": "", "file": "", "error": error}}
             for what, error in failed.items() if what not in known]
    labels = {key: t(f"{prefix}.{key}", lang) for prefix, key in (
        ("index", "title"), ("report", "generated"), ("report", "kit"), ("index", "notebooks"),
        ("index", "executed"), ("index", "failed"), ("index", "failed_plain"), ("index", "incomplete"))}
    environment = Environment(loader=PackageLoader("workbook.reports", "templates"), autoescape=True,
                              keep_trailing_newline=True)
    page = environment.get_template("index.html.j2").render(
        lang_attr="zh-CN" if lang == "zh" else "en", name=client_name(client_dir), labels=labels,
        when=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), version=__version__, outputs=outputs, notebooks=rows,
        incomplete=bool(failed))
    path = reports / INDEX
    write_atomic(path, page)
    return path


def client_firm(client_dir: str | Path, templates: str | Path | None = None) -> Firm:
    """The firm's look for a client's reports: ``templates`` (a folder), else ``templates:`` of its
    ``client.yaml``, else the kit's own ``templates/`` (:func:`workbook.reports.firm.firm_folder`).

    Raises
    ------
    ConfigError
        The folder is missing or its ``firm.yaml`` is invalid (naming the file, the key and the fix).
    """
    return load_firm(firm_folder(client_dir, templates))


REPORT = "report"  # what the index names the combined outputs by when building them failed


def index_with_failure(client_dir: Path, *, lang: str, notebooks: list[Path], failed: dict[str, str]) -> Path | None:
    """``index.html`` naming what failed (the previous outputs it links to are kept).

    When even that cannot be written (a full disk), the old ``index.html`` is removed rather than left
    saying all is well; returns None then.
    """
    try:
        return write_index(client_dir, lang=lang, notebooks=notebooks, failed=failed)
    except OSError:
        (Path(client_dir) / REPORTS / INDEX).unlink(missing_ok=True)
        return None


def notebook_pages(notebooks: list, *, lang: str, firm: Firm | None = None) -> list[str]:
    """Each executed notebook's page, in one pass (one cleaning each, one exporter, one shared font subset)."""
    pages = Pages([clean_notebook(nb) for nb in notebooks], lang=lang, extra=[], firm=firm)
    return [pages.page(only=index) for index in range(len(notebooks))]


def write_pages(client_dir: str | Path, stems: list[str], *, lang: str,
                templates: str | Path | None = None) -> list[Path]:
    """Write the pages of the executed notebooks ``stems`` in ``reports/`` (a client whose other notebooks failed),
    in the look of the firm folder ``templates`` (see :func:`client_firm`)."""
    import nbformat

    reports = Path(client_dir) / REPORTS
    executed = [reports / f"{stem}.ipynb" for stem in stems if (reports / f"{stem}.ipynb").exists()]
    paths = [path.with_suffix(".html") for path in executed]
    firm = client_firm(client_dir, templates)
    for path, page in zip(paths, notebook_pages([nbformat.read(p, as_version=4) for p in executed], lang=lang,
                                                firm=firm), strict=True):
        write_atomic(path, page)
    return paths


def _planned(client_dir: Path, formats: tuple[str, ...], kit_notebooks: list[Path]):
    """(executed notebooks ``[(stem, path)]``, the files the outputs are, the state file of the last build)."""
    reports = client_dir / REPORTS
    executed = [(nb.stem, reports / nb.name) for nb in kit_notebooks if (reports / nb.name).exists()]
    wanted = [METRICS, INDEX] + [f"{stem}.html" for stem, _ in executed] \
        + [REPORT_HTML] * bool({"html", "pdf"} & set(formats)) \
        + [APPENDIX] * ("xlsx" in formats) + [REPORT_PDF, ANALYSIS_PDF] * ("pdf" in formats)
    return executed, wanted, reports / STATE_DIR / "_report.sha256"


def _reports_current(reports: Path, state: Path, digest: str, wanted: list[str]) -> bool:
    return state.exists() and state.read_text() == digest and all((reports / w).exists() for w in wanted)


def reports_up_to_date(client_dir: str | Path, *, formats: tuple[str, ...] | list[str] = FORMATS,
                       lang: str | None = None, notebooks_dir: str | Path | None = None,
                       portfolio: str | Path | None = None,
                       templates: str | Path | None = None) -> ReportResult | None:
    """The ``skipped`` result :func:`build_reports` would return without ``force``, else None."""
    from workbook.reports.execute import client_language

    start = time.perf_counter()
    client_dir = Path(client_dir).resolve()
    formats = tuple(f for f in FORMATS if f in formats)
    lang = lang or client_language(client_dir)
    executed, wanted, state = _planned(client_dir, formats, list_notebooks(notebooks_dir=notebooks_dir))
    try:
        digest = _digest(executed, formats, lang, portfolio, client_firm(client_dir, templates).digest)
        current = _reports_current(client_dir / REPORTS, state, digest, wanted)
    except (OSError, ConfigError):  # the build says what is wrong
        return None
    return ReportResult(client_dir.name, "skipped", time.perf_counter() - start, files=wanted) if current else None


def _digest(executed: list[tuple[str, Path]], formats: tuple[str, ...], lang: str, portfolio=None,
            firm: str = "", contents: dict[str, bytes] | None = None) -> str:
    """What the combined outputs depend on: kit, formats, language, executed notebooks, the firm folder's content
    (``firm``: its digest; a changed logo, colour or template builds them again, without running notebooks), and
    the portfolio the summary compares the client with (a new ``portfolio.json`` builds them again). ``contents``:
    the notebooks' bytes by name, when the caller has read them already."""
    digest = hashlib.sha256(f"{kit_digest()}|{','.join(formats)}|{lang}|{firm}".encode())
    for name, path in executed:
        digest.update(name.encode() + (path.read_bytes() if contents is None else contents[name]))
    if portfolio is None:
        return digest.hexdigest()
    from workbook.reports.portfolio import portfolio_digest

    return portfolio_digest(digest.hexdigest(), portfolio)


def build_reports(client_dir: str | Path, *, formats: tuple[str, ...] | list[str] = FORMATS, lang: str | None = None,
                  force: bool = False, notebooks_dir: str | Path | None = None,
                  portfolio: str | Path | None = None, templates: str | Path | None = None) -> ReportResult:
    """Write a client's combined outputs from the executed notebooks in ``reports/``.

    ``metrics.json`` and ``index.html`` always; ``report.html`` for ``html``
    (also built for ``pdf``), ``appendix.xlsx`` for ``xlsx``, ``report.pdf`` for
    ``pdf`` (Typst, from the same results as the HTML). With ``portfolio`` (a folder holding
    ``portfolio.json``) the summary also says how this client compares (:mod:`workbook.reports.portfolio`).
    Every page and PDF has the look of the firm folder ``templates`` (:func:`client_firm`: else ``templates:``
    of ``client.yaml``, else the kit's). Never raises: a failure is returned as status ``failed``.
    """
    import nbformat

    from workbook.core.display import APPENDIX_DIR
    from workbook.core.i18n import t
    from workbook.core.record import notebook_records
    from workbook.reports.appendix import collect_appendix, prune_side_files, write_appendix
    from workbook.reports.execute import client_language
    from workbook.reports.pdf import build_pdf
    from workbook.reports.summary import chapter_actions, chapter_summaries, summarise, summary_content, summary_html

    start = time.perf_counter()
    client_dir = Path(client_dir).resolve()
    reports = client_dir / REPORTS
    lang = lang or client_language(client_dir)
    formats = tuple(f for f in FORMATS if f in formats)
    kit_notebooks = list_notebooks(notebooks_dir=notebooks_dir)
    executed, wanted, state = _planned(client_dir, formats, kit_notebooks)
    result = ReportResult(client_dir.name, "ok", 0.0)
    stage = StagedFiles(reports)  # every output is written here first and moved in only when all are done
    try:
        firm = client_firm(client_dir, templates)
        contents = {stem: path.read_bytes() for stem, path in executed}  # each executed notebook read once
        digest = _digest(executed, formats, lang, portfolio, firm.digest, contents)
        if not force and _reports_current(reports, state, digest, wanted):
            result.status, result.files = "skipped", wanted
            return result
        nbs = [(stem, nbformat.reads(contents.pop(stem).decode("utf-8"), as_version=4)) for stem, _ in executed]
        name = client_name(client_dir)
        records = {stem: notebook_records(nb) for stem, nb in nbs}
        actions = chapter_actions([nb for _, nb in nbs])
        chapters = chapter_summaries([nb for _, nb in nbs])
        summary = summarise(records, actions, chapters)
        write_atomic(stage.path(METRICS), json.dumps(metrics(client_dir, executed, summary=summary, records=records),
                                                     ensure_ascii=False, indent=2))
        result.files.append(METRICS)
        currency = client_currency(client_dir)
        content = summary_content(summary, actions, lang=lang, currency=currency, chapters=chapters)
        if portfolio is not None:  # how this client compares
            from workbook.reports.portfolio import with_comparison

            content = with_comparison(content, client_dir, {"notebooks": records, "summary": summary}, portfolio,
                                      lang=lang, currency=client_currency(client_dir))
        pages = [reports / f"{stem}.html" for stem, _ in nbs]
        if {"html", "pdf"} & set(formats):  # one pass: every page and the report share the cleaning and font
            when, as_of = report_date(client_dir), as_of_text(client_dir)
            singles, page = export_pages([nb for _, nb in nbs], lang=lang, title=name,
                                         subtitle=" · ".join(filter(None, (
                                             engagement_line(client_dir, lang),
                                             as_of and t("report.as_of", lang, date=as_of),
                                             t("report.date", lang, date=when)))),
                                         summary=summary_html(content, lang=lang), firm=firm,
                                         cover=Cover.of(firm, lang, name))
            write_atomic(stage.path(REPORT_HTML), page)
            result.files.append(REPORT_HTML)
        else:
            singles = notebook_pages([nb for _, nb in nbs], lang=lang, firm=firm)
        for path, single in zip(pages, singles, strict=True):
            write_atomic(stage.path(path.name), single)
        if "xlsx" in formats:
            write_appendix(collect_appendix(nbs, reports / APPENDIX_DIR, lang=lang), stage.path(APPENDIX), lang=lang,
                           title=name)
            result.files.append(APPENDIX)
        if "pdf" in formats:  # the main report (each chapter's exhibits) and the full analysis beside it
            cover = {"lang": lang, "title": name, "subtitle": engagement_line(client_dir, lang), "summary": content,
                     "as_of": as_of_text(client_dir), "currency": currency, "date": report_date(client_dir),
                     "firm": firm}
            build_pdf([nb for _, nb in nbs], stage.path(REPORT_PDF), main=True, **cover)
            build_pdf([nb for _, nb in nbs], stage.path(ANALYSIS_PDF), **cover)
            result.files += [REPORT_PDF, ANALYSIS_PDF]
        stage.publish()  # all were written: they replace the previous ones together
        prune_side_files(reports / APPENDIX_DIR, nbs)  # the rows of tables no executed notebook shows any more
        write_index(client_dir, lang=lang, notebooks=kit_notebooks)
        result.files.append(INDEX)
        if not result.notes:
            write_atomic(state, digest)
    except Exception as exc:  # one client's broken output must not stop the batch
        result.status, result.error = "failed", error_text(exc, reports)
        result.files = []
        index_with_failure(client_dir, lang=lang, notebooks=kit_notebooks, failed={REPORT: result.error})
    finally:
        stage.discard()
        result.seconds = time.perf_counter() - start
    return result
