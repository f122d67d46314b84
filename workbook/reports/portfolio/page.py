"""The portfolio in one language: the page's content (action titles, tables), its HTML, PDF, JSON and xlsx."""
from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbook.core.display import CHAPTER_MIME, SECTION_MIME, formatted_html
from workbook.core.formats import FormattedTable, format_table, render
from workbook.core.i18n import t
from workbook.core.io import write_atomic
from workbook.core.result import Count, Name, Rate, Table, Text
from workbook.exceptions import WorkbookError
from workbook.reports.portfolio.figures import (
    BY_CODE,
    CODES,
    FIGURES,
    FORMAT,
    PORTFOLIO_HTML,
    PORTFOLIO_JSON,
    PORTFOLIO_PDF,
    PORTFOLIO_XLSX,
    Portfolio,
)

# --------------------------------------------------------------------------- content


def _labels(frame: pd.DataFrame, lang: str, names: bool) -> pd.Series:
    """How each client is shown: ``Client A`` ..., or with ``names`` its name (a name two clients share gets
    its folder's name, or its letter when the folders' names are shared too)."""
    if not names:
        return frame["label"].map(lambda letter: t("pf.client", lang, letter=letter))
    folders = frame["folder"].map(lambda path: Path(path).name)
    suffix = folders.where(~folders.duplicated(keep=False), frame["label"])
    return frame["name"].where(~frame["name"].duplicated(keep=False), frame["name"] + " · " + suffix)


def figure_label(code: str, lang: str) -> str:
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
    return figure_label(pick, lang)


def table_dict(ft: FormattedTable) -> dict:
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
        "figure": [figure_label(code, lang) for code in CODES],
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
            "heading": heading, "paragraphs": paragraphs, "tables": [table_dict(ft) for ft in formatted],
            "chapter": t("pf.chapter", lang),
            "sections": [{"code": s["code"], "heading": s["heading"], "table": table_dict(ft)}
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
