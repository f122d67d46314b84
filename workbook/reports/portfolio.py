"""The consultant's portfolio: many clients compared on the figures that travel, from their ``metrics.json`` only.

:func:`read_portfolio` reads each client's ``reports/metrics.json`` (written by
:func:`workbook.reports.combined.build_reports`; no notebook, no parquet) and
computes per client the figures of :data:`FIGURES`, each client's percentile
among the others on each, and an overall ranking. :func:`write_portfolio` writes
``portfolio.html`` (one self-contained page, the report's HTML builder and
style), ``portfolio.pdf`` (Typst, the report's template and font),
``portfolio.json`` (codes and numbers) and ``portfolio.xlsx`` (every row).
:func:`comparison` places one client against a written ``portfolio.json`` for
its executive summary (``workbook render --portfolio FOLDER``).

Definitions
-----------
Per seller
    The four weekly counts of the five numbers divided by ``funnel.sellers`` (the
    reps counted as sellers, see :func:`workbook.funnel.journey.seller_count`).
    The average revenue per sale is already per deal: it travels as it is (in
    each client's own currency).
Percentile
    Among the *other* clients that have the figure: the share of them the client
    beats, ties counting half (``(rank - 1) / (n - 1)`` with pandas'
    ``rank(method="average")`` on the values oriented so that higher is better).
    100% is the best of all, 0% the worst; none for a client without the figure
    or when no other client has it. The better direction of each figure is
    :attr:`Figure.better`.
Ranking
    By the mean of a client's percentiles (the figures it has), best first;
    equal means share a rank. A client without any figure is ranked last, unranked.
Anonymised labels
    Letters (A ... Z, AA, AB ...) in the order of the client folders' resolved
    paths, so the same folders always get the same letters, whatever the order on
    the command line; ``names=True`` shows each client's name (client text: data).
Missing figures
    A figure a client's ``metrics.json`` does not hold (or holds as null) is shown
    as ``—``, left out of that figure's percentiles, and counted on the page.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbook.core.display import CHAPTER_MIME, SECTION_MIME, formatted_html
from workbook.core.formats import FormattedTable, format_table, render
from workbook.core.i18n import t
from workbook.core.io import write_atomic
from workbook.core.result import Count, Name, Rate, Table, Text
from workbook.exceptions import WorkbookError

__all__ = ["FIGURES", "Figure", "Portfolio", "PortfolioError", "read_portfolio", "client_figures", "percentiles",
           "letters", "write_portfolio", "comparison", "comparison_key", "PORTFOLIO_JSON"]

REPORTS_DIR, METRICS = "reports", "metrics.json"  # a client's metrics as combined.build_reports writes them
PORTFOLIO_JSON, PORTFOLIO_HTML, PORTFOLIO_PDF, PORTFOLIO_XLSX = ("portfolio.json", "portfolio.html", "portfolio.pdf",
                                                                 "portfolio.xlsx")
FORMAT = 1  # portfolio.json's format
PER_SELLER = ("sales_calls_per_week", "opportunities_per_week", "purchase_intents_per_week", "sales_per_week")


@dataclass(frozen=True)
class Figure:
    """A figure that travels: its code, its display kind and which direction is better."""

    code: str
    kind: str
    better: str  # "higher" or "lower"


FIGURES = (
    Figure("sales_calls_per_seller_week", "number", "higher"),
    Figure("opportunities_per_seller_week", "number", "higher"),
    Figure("purchase_intents_per_seller_week", "number", "higher"),
    Figure("sales_per_seller_week", "ratio", "higher"),
    Figure("avg_revenue_per_sale", "money", "higher"),
    Figure("lead_to_win_rate", "rate", "higher"),
    Figure("never_followed_up_share", "rate", "lower"),
    Figure("assets_share", "rate", "higher"),
    Figure("direct_selling_share", "rate", "higher"),
    Figure("quote_turnaround_days", "days", "lower"),
)
CODES = tuple(f.code for f in FIGURES)
BY_CODE = {f.code: f for f in FIGURES}


class PortfolioError(WorkbookError):
    """Some clients' metrics cannot be read; ``problems`` lists ``(path, what is wrong)`` for every one."""

    def __init__(self, problems: list[tuple[Path, str]]) -> None:
        self.problems = problems
        lines = [f"{path}: {what}" for path, what in problems]
        super().__init__(f"{len(problems)} client(s) cannot be compared:\n  " + "\n  ".join(lines))


# --------------------------------------------------------------------------- reading


def _found(records: Mapping, name: str):
    for figures in records.values():
        if isinstance(figures, Mapping) and name in figures:
            return figures[name]
    return None


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def client_figures(metrics: Mapping) -> dict[str, float | None]:
    """The figures of :data:`FIGURES` from one client's ``metrics.json`` content (None where it lacks them).

    >>> client_figures({"notebooks": {"03": {"funnel.five_numbers": {"sales_calls_per_week": 30.0,
    ...     "sales_per_week": 2.0, "avg_revenue_per_sale": 5e5}, "funnel.sellers": 10,
    ...     "funnel.lead_to_win_rate": 0.05}, "04": {"quotes.median_hours": 36.0}}, "summary": {}})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'sales_calls_per_seller_week': 3.0, 'opportunities_per_seller_week': None,
     'purchase_intents_per_seller_week': None, 'sales_per_seller_week': 0.2, 'avg_revenue_per_sale': 500000.0,
     'lead_to_win_rate': 0.05, 'never_followed_up_share': None, 'assets_share': None,
     'direct_selling_share': None, 'quote_turnaround_days': 1.5}
    """
    records, summary = metrics.get("notebooks") or {}, metrics.get("summary") or {}
    five = _found(records, "funnel.five_numbers") or summary.get("summary.five_numbers") or {}
    sellers = _number(_found(records, "funnel.sellers"))
    out: dict[str, float | None] = {}
    for key in PER_SELLER:
        weekly = _number(five.get(key))
        out[key.replace("_per_week", "_per_seller_week")] = None if weekly is None or not sellers else weekly / sellers
    out["avg_revenue_per_sale"] = _number(five.get("avg_revenue_per_sale"))
    out["lead_to_win_rate"] = _number(_found(records, "funnel.lead_to_win_rate"))
    out["never_followed_up_share"] = _number(_found(records, "funnel.never_followed_up_share"))
    assets = _found(records, "matrix.assets_share")
    out["assets_share"] = _number(assets if assets is not None else summary.get("summary.assets_share"))
    direct = _found(records, "time.direct_selling_share")
    out["direct_selling_share"] = _number(direct if direct is not None else summary.get("summary.direct_selling_share"))
    hours = _number(_found(records, "quotes.median_hours"))
    out["quote_turnaround_days"] = None if hours is None else hours / 24
    return {code: out[code] for code in CODES}


def _read_one(client_dir: Path) -> tuple[dict | None, str]:
    """(metrics, "") or (None, what is wrong and how to fix it)."""
    path = client_dir / REPORTS_DIR / METRICS
    fix = f"render it: workbook render {client_dir}"
    if not client_dir.is_dir():
        return None, "no such client folder"
    if not path.is_file():
        return None, f"no {REPORTS_DIR}/{METRICS} (the client has not been rendered); {fix}"
    try:
        metrics = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"{REPORTS_DIR}/{METRICS} cannot be read ({type(exc).__name__}: {exc}); {fix} --force"
    if not isinstance(metrics, dict) or not isinstance(metrics.get("notebooks"), dict) \
            or not isinstance(metrics.get("kit_version"), str) or not isinstance(metrics.get("summary", {}), dict):
        version = metrics.get("kit_version") if isinstance(metrics, dict) else None
        return None, (f"{REPORTS_DIR}/{METRICS} is not in this kit's format (kit version {version or 'unknown'}: "
                      f"it needs kit_version, summary and notebooks); {fix} --force")
    return metrics, ""


def comparison_key(client_dir: str | Path) -> str:
    """A client's key in ``portfolio.json``: a digest of its folder's resolved path (no name, no path shown)."""
    return hashlib.sha256(str(Path(client_dir).resolve()).encode()).hexdigest()[:16]


def letters(n: int) -> list[str]:
    """The first ``n`` anonymised labels: A ... Z, AA, AB ... (spreadsheet columns).

    >>> letters(3), letters(28)[-2:]
    (['A', 'B', 'C'], ['AA', 'AB'])
    """
    out = []
    for number in range(1, n + 1):
        label = ""
        while number:
            number, rest = divmod(number - 1, 26)
            label = chr(65 + rest) + label
        out.append(label)
    return out


def percentiles(values: pd.Series, *, better: str) -> pd.Series:
    """Each value's percentile among the others' (ties count half): 1.0 the best, 0.0 the worst; NaN when missing.

    >>> percentiles(pd.Series([1.0, 2.0, 2.0, 4.0, None]), better="higher").tolist()
    [0.0, 0.5, 0.5, 1.0, nan]
    >>> percentiles(pd.Series([3.0, 1.0, 2.0]), better="lower").tolist()
    [0.0, 1.0, 0.5]
    """
    if better not in ("higher", "lower"):
        raise ValueError(f"better must be one of higher, lower, got {better!r}")
    values = pd.to_numeric(values, errors="coerce").astype(float)
    oriented = values if better == "higher" else -values
    n = int(oriented.notna().sum())
    if n < 2:
        return pd.Series(float("nan"), index=values.index)
    return (oriented.rank(method="average") - 1) / (n - 1)


@dataclass(frozen=True)
class Portfolio:
    """The compared clients: one row each in ``clients`` (in label order).

    Columns: ``label`` (A, B ...), ``name``, ``folder`` (resolved path), ``key``
    (:func:`comparison_key`), ``kit_version``, each figure code (its value), each
    ``<code>_pct`` (its percentile, 0-1), ``counted`` (figures it has), ``score``
    (mean percentile), ``rank`` (1 = best; none without any percentile).
    """

    clients: pd.DataFrame
    generated_at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))

    @property
    def lacking(self) -> dict[str, int]:
        """How many clients lack each figure."""
        return {code: int(self.clients[code].isna().sum()) for code in CODES}


def read_portfolio(client_dirs: Iterable[str | Path], *,
                   on_read: Callable[[Path], None] | None = None) -> Portfolio:
    """Read every client's ``reports/metrics.json`` and compare them.

    Raises
    ------
    PortfolioError
        Any folder listed twice, missing, not rendered, or whose metrics.json is unreadable or of another
        format: every such client is named (nothing is written).
    """
    dirs = sorted({Path(d).resolve() for d in client_dirs}, key=str)
    listed = [Path(d).resolve() for d in client_dirs]
    if not listed:
        raise WorkbookError("no client folder given")
    problems = [(d, "listed more than once") for d in dirs if listed.count(d) > 1]
    rows = []
    for label, client_dir in zip(letters(len(dirs)), dirs, strict=True):
        metrics, problem = _read_one(client_dir)
        if on_read:
            on_read(client_dir)
        if metrics is None:
            problems.append((client_dir / REPORTS_DIR / METRICS if client_dir.is_dir() else client_dir, problem))
            continue
        client = metrics.get("client") if isinstance(metrics.get("client"), dict) else {}
        rows.append({"label": label, "name": str(client.get("name") or client_dir.name), "folder": str(client_dir),
                     "key": comparison_key(client_dir), "kit_version": metrics["kit_version"],
                     **client_figures(metrics)})
    if problems:
        raise PortfolioError(problems)
    frame = pd.DataFrame(rows, columns=["label", "name", "folder", "key", "kit_version", *CODES])
    for f in FIGURES:
        frame[f.code] = frame[f.code].astype(float)
        frame[f"{f.code}_pct"] = percentiles(frame[f.code], better=f.better)
    pct = frame[[f"{code}_pct" for code in CODES]]
    frame["counted"] = frame[list(CODES)].notna().sum(axis=1).astype(int)
    frame["score"] = pct.mean(axis=1, skipna=True)
    frame["rank"] = frame["score"].rank(method="min", ascending=False).astype("Int64")
    return Portfolio(frame)


# --------------------------------------------------------------------------- content


def _labels(frame: pd.DataFrame, lang: str, names: bool) -> pd.Series:
    """How each client is shown: ``Client A`` ..., or with ``names`` its name (a name two clients share gets
    its folder's name, or its letter when the folders' names are shared too)."""
    if not names:
        return frame["label"].map(lambda letter: t("pf.client", lang, letter=letter))
    folders = frame["folder"].map(lambda path: Path(path).name)
    suffix = folders.where(~folders.duplicated(keep=False), frame["label"])
    return frame["name"].where(~frame["name"].duplicated(keep=False), frame["name"] + " · " + suffix)


def _figure_label(code: str, lang: str) -> str:
    """A figure's label as a table shows it (capitalised in English; in a sentence it is ``pf.fig.<code>``)."""
    label = t(f"pf.fig.{code}", lang)
    return label[:1].upper() + label[1:]


def _value(code: str, value, lang: str, currency: str) -> Text:
    from workbook.core.result import Days, Money, Number

    kind = BY_CODE[code].kind
    wrap = {"rate": Rate, "money": Money, "days": Days}.get(kind)
    if wrap is not None:
        return wrap(value)
    return Number(value, digits=2 if kind == "ratio" else 1)


def _ordered(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    """The clients with ``code`` best first (label order among equals), then those without it."""
    better = BY_CODE[code].better
    has = frame[frame[code].notna()].sort_values([code, "label"], ascending=[better == "lower", True], kind="stable")
    return pd.concat([has, frame[frame[code].isna()]])


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    order = frame.assign(_len=frame["label"].str.len())
    return order.sort_values(["score", "_len", "label"], ascending=[False, True, True], na_position="last",
                             kind="stable").drop(columns="_len")


def _strongest(row: pd.Series, lang: str, *, weakest: bool) -> str | None:
    pct = {code: row[f"{code}_pct"] for code in CODES if pd.notna(row[f"{code}_pct"])}
    if not pct:
        return None
    pick = min(pct, key=lambda c: (pct[c], CODES.index(c))) if weakest else max(
        pct, key=lambda c: (pct[c], -CODES.index(c)))
    return _figure_label(pick, lang)


def _table_dict(ft: FormattedTable) -> dict:
    return {"key": ft.key, "caption": ft.caption, "headers": list(ft.headers), "rows": [list(r) for r in ft.rows],
            "numeric": list(ft.numeric), "more": ft.more}


def content(portfolio: Portfolio, *, lang: str, names: bool = False, currency: str = "CNY") -> dict:
    """The page in ``lang``: ``title``, ``subtitle``, ``heading`` (the action title), ``paragraphs``, ``tables``
    (ranking and figures overview), ``sections`` (one per figure: an action-title ``heading`` and a table) and
    ``appendix`` (every row of every table, for the xlsx). Every string is plain text (client names included)."""
    frame = portfolio.clients.copy()
    frame["shown"] = _labels(frame, lang, names)
    n = len(frame)
    ranked = _ranked(frame)
    scored = ranked[ranked["score"].notna()]
    if len(scored) >= 2:
        heading = render(Text("pf.heading", n=Count(n), best=Name(scored["shown"].iloc[0]),
                              best_score=Rate(scored["score"].iloc[0]), worst=Name(scored["shown"].iloc[-1]),
                              worst_score=Rate(scored["score"].iloc[-1])), lang)
    else:
        heading = render(Text("pf.heading_none", n=Count(n)), lang)
    paragraphs = [t("pf.definition", lang), t("pf.order_names" if names else "pf.order", lang)]
    lacking = portfolio.lacking
    if any(lacking.values()):
        paragraphs.append(render(Text("pf.lacking", figures=Count(sum(v > 0 for v in lacking.values())),
                                      clients=Count(int((frame["counted"] < len(CODES)).sum()))), lang))
    rank_frame = pd.DataFrame({
        "rank": ranked["rank"].astype("float"), "client": ranked["shown"], "score": ranked["score"],
        "counted": ranked["counted"],
        "strongest": [_strongest(row, lang, weakest=False) for _, row in ranked.iterrows()],
        "weakest": [_strongest(row, lang, weakest=True) for _, row in ranked.iterrows()]})
    rank_table = Table("pf_ranking", rank_frame, kinds={"rank": "count", "client": "name", "score": "rate",
                                                        "counted": "count", "strongest": "text", "weakest": "text"},
                       headers={col: Text(f"pf.col.{col}") for col in rank_frame.columns})
    overview = pd.DataFrame({
        "figure": [_figure_label(code, lang) for code in CODES],
        "better": [t(f"pf.better.{BY_CODE[code].better}", lang) for code in CODES],
        "median": [frame[code].median() for code in CODES],
        "with": [int(frame[code].notna().sum()) for code in CODES],
        "lacking": [lacking[code] for code in CODES]})
    overview_table = Table("pf_figures", overview, kinds={"figure": "text", "better": "text", "median": "by_row",
                                                          "with": "count", "lacking": "count"},
                           row_kinds=tuple(BY_CODE[code].kind for code in CODES),
                           headers={col: Text(f"pf.col.{col}") for col in overview.columns})
    tables = [rank_table, overview_table]
    sections = []
    for f in FIGURES:
        ordered = _ordered(frame, f.code)
        has = ordered[ordered[f.code].notna()]
        fields = {"n": Count(len(has)), "figure": t(f"pf.fig.{f.code}", lang)}
        if len(has):
            text = Text("pf.section", median=_value(f.code, has[f.code].median(), lang, currency),
                        best=Name(has["shown"].iloc[0]), best_value=_value(f.code, has[f.code].iloc[0], lang, currency),
                        worst=Name(has["shown"].iloc[-1]),
                        worst_value=_value(f.code, has[f.code].iloc[-1], lang, currency), **fields)
        else:
            text = Text("pf.section_none", **fields)
        sentence = render(text, lang, currency=currency)
        if lacking[f.code]:
            sentence += render(Text("pf.section_lacking", k=Count(lacking[f.code])), lang)
        table = Table(f"pf_{f.code}", pd.DataFrame({
            "client": ordered["shown"], "value": ordered[f.code], "percentile": ordered[f"{f.code}_pct"]}),
            kinds={"client": "name", "value": f.kind, "percentile": "rate"},
            headers={"client": Text("pf.col.client"), "value": Text(f"table.pf_{f.code}"),
                     "percentile": Text("pf.col.percentile")})
        sections.append({"code": f.code, "heading": sentence, "table": table})
    formatted = [format_table(tb, lang, currency=currency) for tb in tables]
    shown = [format_table(s["table"], lang, currency=currency) for s in sections]
    return {"title": t("pf.title", lang), "subtitle": render(Text("pf.subtitle", n=Count(n)), lang)
            + f" · {dt.date.today().isoformat()}",
            "heading": heading, "paragraphs": paragraphs, "tables": [_table_dict(ft) for ft in formatted],
            "chapter": t("pf.chapter", lang),
            "sections": [{"code": s["code"], "heading": s["heading"], "table": _table_dict(ft)}
                         for s, ft in zip(sections, shown, strict=True)],
            "appendix": [(ft.caption, ft) for ft in [*formatted, *shown]]}


# --------------------------------------------------------------------------- outputs


def page_html(page: Mapping, *, lang: str) -> str:
    """The page's body as escaped HTML (every string of ``page`` is plain text)."""
    parts = [f'<div class="wb-portfolio"><h1 id="portfolio" class="wb-chapter">{html.escape(page["heading"])}</h1>']
    parts += [f'<p class="wb-note">{html.escape(p)}</p>' for p in page["paragraphs"]]
    parts += [formatted_html(tb["caption"], tb["headers"], tb["rows"], tb["numeric"], tb["more"])
              for tb in page["tables"]]
    parts.append(f'<h1 id="figures" class="wb-chapter">{html.escape(page["chapter"])}</h1>')
    for number, section in enumerate(page["sections"], start=1):
        tb = section["table"]
        parts.append(f'<h2 id="figure-{number}" class="wb-section">{html.escape(section["heading"])}</h2>'
                     + formatted_html(tb["caption"], tb["headers"], tb["rows"], tb["numeric"], tb["more"]))
    parts.append("</div>")
    return "".join(parts)


PAGE_CSS = ("body{margin:0;color:#1f2933}main.wb-page{max-width:1100px;margin:0 auto;padding:1em 2em 3em}"
            "h1{font-size:1.6em;margin:1.2em 0 .5em}h2.wb-section{font-size:1.15em;color:#1f4e79;margin:1.6em 0 .4em}"
            ".wb-table table{border-collapse:collapse;font-size:.92em}"
            ".wb-table th{border-bottom:1px solid #1f4e79;background:#e4e9f0;padding:.25em .7em}"
            ".wb-table td{padding:.2em .7em;border-bottom:1px solid #e4e9f0}"
            ".wb-table tbody tr:nth-child(even){background:#f6f8fa}")


def page_document(page: Mapping, *, lang: str) -> str:
    """The whole ``portfolio.html``: the report's cover, style and embedded CJK font subset
    (:func:`workbook.reports.html.font_css`), the page's escaped body; no script, no external resource.
    Built here rather than through nbconvert: the page holds no notebook (and a 1,000-client page stays fast)."""
    from workbook.reports.html import font_css

    cover = (f'<header class="wb-cover"><div style="font-size:2em">{html.escape(page["title"])}</div>'
             f'<p>{html.escape(page["subtitle"])}</p></header>')
    body = page_html(page, lang=lang)
    style = font_css(html.unescape(cover + body))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8" />\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html.escape(page['title'])}</title>\n{style}<style>{PAGE_CSS}</style>\n</head>\n"
            f'<body>\n<main class="wb-page">{cover}{body}</main>\n</body>\n</html>\n')


def _pdf_notebook(page: Mapping) -> dict:
    """The per-figure sections as the display layer's chapter and section payloads (what build_pdf lays out)."""
    outputs = [{"output_type": "display_data", "data": {CHAPTER_MIME: {"title": page["chapter"]}}}]
    outputs += [{"output_type": "display_data",
                 "data": {SECTION_MIME: {"heading": s["heading"], "tables": [s["table"]]}}} for s in page["sections"]]
    return {"cells": [{"cell_type": "code", "outputs": outputs}]}


def portfolio_json(portfolio: Portfolio, *, names: bool = False) -> dict:
    """``portfolio.json``: the figures, percentiles, scores and ranks (codes and numbers; names only with ``names``)."""
    from workbook.core.version import __version__

    def number(value):
        return None if value is None or pd.isna(value) else float(value)

    frame = portfolio.clients
    clients = []
    for _, row in frame.iterrows():
        entry = {"label": row["label"], "key": row["key"], "kit_version": row["kit_version"],
                 "figures": {code: number(row[code]) for code in CODES},
                 "percentiles": {code: number(row[f"{code}_pct"]) for code in CODES},
                 "counted": int(row["counted"]), "score": number(row["score"]),
                 "rank": None if pd.isna(row["rank"]) else int(row["rank"])}
        if names:
            entry["name"] = row["name"]
        clients.append(entry)
    return {"format": FORMAT, "kit_version": __version__, "generated_at": portfolio.generated_at,
            "percentile": "share of the other clients with the figure that the client beats, ties counting half "
                          "(1 = best); score = mean percentile; rank 1 = best score",
            "figures": [{"code": f.code, "kind": f.kind, "better": f.better,
                         "clients_with": int(frame[f.code].notna().sum()),
                         "clients_lacking": int(frame[f.code].isna().sum()),
                         "median": number(frame[f.code].median())} for f in FIGURES],
            "clients": clients}


@dataclass
class PortfolioFiles:
    """What :func:`write_portfolio` wrote."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    clients: int = 0
    lacking: dict[str, int] = field(default_factory=dict)


def write_portfolio(portfolio: Portfolio, out: str | Path, *, lang: str = "zh", names: bool = False,
                    pdf: bool = True, xlsx: bool = True) -> PortfolioFiles:
    """Write ``portfolio.json``, ``portfolio.html``, ``portfolio.pdf`` and ``portfolio.xlsx`` to ``out`` (atomically).

    Raises
    ------
    WorkbookError
        ``out`` exists and is not a folder, or Typst cannot lay out the PDF.
    """
    from workbook.reports.appendix import Table as Sheet
    from workbook.reports.appendix import sheet_name, write_appendix
    from workbook.reports.pdf import build_pdf

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise WorkbookError(f"--out {out} is a file; give a folder (it is created when missing)")
    out.mkdir(parents=True, exist_ok=True)
    page = content(portfolio, lang=lang, names=names)
    done = PortfolioFiles(out, clients=len(portfolio.clients), lacking=portfolio.lacking)
    write_atomic(out / PORTFOLIO_JSON, json.dumps(portfolio_json(portfolio, names=names), ensure_ascii=False,
                                                  indent=2))
    done.files.append(out / PORTFOLIO_JSON)
    write_atomic(out / PORTFOLIO_HTML, page_document(page, lang=lang))
    done.files.append(out / PORTFOLIO_HTML)
    if xlsx:
        taken: set[str] = set()
        sheets = [Sheet(sheet=sheet_name(caption, taken), chapter="portfolio", section=caption,
                        columns=tuple(ft.frame.columns), kinds=ft.kinds,
                        data=tuple(tuple(None if pd.isna(v) else v for v in row)
                                   for row in ft.frame.itertuples(index=False, name=None)))
                  for caption, ft in page["appendix"]]
        write_appendix(sheets, out / PORTFOLIO_XLSX, lang=lang, title=page["title"])
        done.files.append(out / PORTFOLIO_XLSX)
    if pdf:
        summary = {"heading": page["heading"], "paragraphs": page["paragraphs"], "tables": page["tables"],
                   "actions": [], "actions_heading": ""}
        build_pdf([_pdf_notebook(page)], out / PORTFOLIO_PDF, lang=lang, title=page["title"],
                  subtitle=page["subtitle"], summary=summary)
        done.files.append(out / PORTFOLIO_PDF)
    return done


# --------------------------------------------------------------------------- one client against a portfolio


def read_portfolio_json(folder: str | Path) -> dict:
    """``FOLDER/portfolio.json`` as written by :func:`write_portfolio`; an error names the file and the fix."""
    path = Path(folder) / PORTFOLIO_JSON
    fix = "write it with: workbook portfolio DIR... --out " + str(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkbookError(f"{path}: not found; {fix}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WorkbookError(f"{path}: cannot be read ({type(exc).__name__}: {exc}); {fix}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("clients"), list):
        raise WorkbookError(f"{path}: not a portfolio.json of this kit (format {FORMAT}); {fix}")
    return data


def comparison(metrics: Mapping, data: Mapping, *, client_key: str = "") -> pd.DataFrame:
    """One client against a portfolio (``portfolio.json`` content), the client itself excluded by ``client_key``.

    Returns one row per figure: ``code``, ``value`` (the client's), ``median`` (of the other clients),
    ``others`` (how many of them have it), ``percentile`` (among them, as on the portfolio page).

    >>> data = {"clients": [{"key": "a", "figures": {"lead_to_win_rate": 0.02}},
    ...                     {"key": "b", "figures": {"lead_to_win_rate": 0.04}},
    ...                     {"key": "me", "figures": {"lead_to_win_rate": 0.9}}]}
    >>> row = comparison({"notebooks": {"03": {"funnel.lead_to_win_rate": 0.04}}}, data, client_key="me")
    >>> row.set_index("code").loc["lead_to_win_rate", ["median", "others", "percentile"]].tolist()
    [0.03, 2.0, 0.75]
    """
    mine = client_figures(metrics)
    others = [c for c in data.get("clients", []) if c.get("key") != client_key]
    rows = []
    for f in FIGURES:
        values = pd.Series([_number((c.get("figures") or {}).get(f.code)) for c in others], dtype=float).dropna()
        value = mine[f.code]
        pct = None
        if value is not None and len(values):
            worse = (values < value) if f.better == "higher" else (values > value)
            pct = (float(worse.sum()) + 0.5 * float((values == value).sum())) / len(values)
        rows.append({"code": f.code, "value": value, "median": float(values.median()) if len(values) else None,
                     "others": len(values), "percentile": pct})
    return pd.DataFrame(rows)


def comparison_content(frame: pd.DataFrame, *, lang: str, currency: str = "CNY") -> tuple[str, dict]:
    """The summary's "how this client compares": a sentence and a formatted table (plain text)."""
    shown = frame[frame["percentile"].notna()]
    others = int(frame["others"].max()) if len(frame) else 0
    if len(shown):
        weakest = shown.sort_values("percentile", kind="stable").iloc[0]
        sentence = render(Text("pf.compare", n=Count(others), top=Count(int((shown["percentile"] >= 0.75).sum())),
                               bottom=Count(int((shown["percentile"] <= 0.25).sum())), figures=Count(len(shown)),
                               weakest=t(f"pf.fig.{weakest['code']}", lang), pct=Rate(weakest["percentile"])), lang)
    else:
        sentence = render(Text("pf.compare_none", n=Count(others)), lang)
    rows = []
    for _, row in frame.iterrows():
        kind = BY_CODE[row["code"]].kind
        rows.append({"figure": _figure_label(row["code"], lang), "value": row["value"], "median": row["median"],
                     "percentile": row["percentile"], "_kind": kind})
    table = pd.DataFrame(rows)
    kinds = tuple(table.pop("_kind"))
    ft = format_table(Table("pf_compare", table.assign(median=table["median"].astype(object)),
                            kinds={"figure": "text", "value": "by_row", "median": "by_row", "percentile": "rate"},
                            row_kinds=kinds, rows=len(FIGURES),
                            headers={"figure": Text("pf.col.figure"), "value": Text("pf.col.value"),
                                     "median": Text("pf.col.others_median"), "percentile": Text("pf.col.percentile")}),
                      lang, currency=currency)
    return sentence, {**_table_dict(ft), "total": ft.total, "appendix": False}


def with_comparison(summary_page: dict, client_dir: str | Path, metrics: Mapping, folder: str | Path, *, lang: str,
                    currency: str = "CNY") -> dict:
    """The executive summary's content (:func:`workbook.reports.summary.summary_content`) with "how this client
    compares" added: a sentence and a table of its percentile on each figure against ``folder/portfolio.json``,
    the client itself excluded (so a client in the portfolio shows the percentiles of the portfolio page)."""
    frame = comparison(metrics, read_portfolio_json(folder), client_key=comparison_key(client_dir))
    sentence, table = comparison_content(frame, lang=lang, currency=currency)
    return {**summary_page, "paragraphs": [*summary_page["paragraphs"], sentence],
            "tables": [*summary_page["tables"], table]}


def portfolio_digest(digest: str, folder: str | Path | None) -> str:
    """``digest`` unchanged without a portfolio; else also of ``folder/portfolio.json`` (a new one renders again)."""
    if folder is None:
        return digest
    path = Path(folder) / PORTFOLIO_JSON
    return hashlib.sha256(digest.encode() + (path.read_bytes() if path.is_file() else b"")).hexdigest()
