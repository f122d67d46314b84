"""One client against a written ``portfolio.json``: "how this client compares" in its executive summary."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from workbook.core.formats import format_table, render
from workbook.core.i18n import t
from workbook.core.result import Count, Rate, Table, Text
from workbook.exceptions import WorkbookError
from workbook.reports.portfolio.figures import (
    BY_CODE,
    FIGURES,
    FORMAT,
    PORTFOLIO_JSON,
    client_figures,
    comparison_key,
    number_or_none,
)
from workbook.reports.portfolio.page import figure_label, table_dict

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
        values = pd.Series([number_or_none((c.get("figures") or {}).get(f.code)) for c in others], dtype=float).dropna()
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
        rows.append({"figure": figure_label(row["code"], lang), "value": row["value"], "median": row["median"],
                     "percentile": row["percentile"], "_kind": kind})
    table = pd.DataFrame(rows)
    kinds = tuple(table.pop("_kind"))
    ft = format_table(Table("pf_compare", table.assign(median=table["median"].astype(object)),
                            kinds={"figure": "text", "value": "by_row", "median": "by_row", "percentile": "rate"},
                            row_kinds=kinds, rows=len(FIGURES),
                            headers={"figure": Text("pf.col.figure"), "value": Text("pf.col.value"),
                                     "median": Text("pf.col.others_median"), "percentile": Text("pf.col.percentile")}),
                      lang, currency=currency)
    return sentence, {**table_dict(ft), "total": ft.total, "appendix": False}


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
