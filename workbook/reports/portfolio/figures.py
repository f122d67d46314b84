"""The figures that travel, read from each client's ``metrics.json``; percentiles among the others; the ranking.

The definitions are those of :mod:`workbook.reports.portfolio`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbook.exceptions import WorkbookError

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


def number_or_none(value) -> float | None:
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
    sellers = number_or_none(_found(records, "funnel.sellers"))
    out: dict[str, float | None] = {}
    for key in PER_SELLER:
        weekly = number_or_none(five.get(key))
        out[key.replace("_per_week", "_per_seller_week")] = None if weekly is None or not sellers else weekly / sellers
    out["avg_revenue_per_sale"] = number_or_none(five.get("avg_revenue_per_sale"))
    out["lead_to_win_rate"] = number_or_none(_found(records, "funnel.lead_to_win_rate"))
    out["never_followed_up_share"] = number_or_none(_found(records, "funnel.never_followed_up_share"))
    assets = _found(records, "matrix.assets_share")
    out["assets_share"] = number_or_none(assets if assets is not None else summary.get("summary.assets_share"))
    direct = _found(records, "time.direct_selling_share")
    out["direct_selling_share"] = number_or_none(
        direct if direct is not None else summary.get("summary.direct_selling_share"))
    hours = number_or_none(_found(records, "quotes.median_hours"))
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
