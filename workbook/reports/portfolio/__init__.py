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

from workbook.reports.portfolio.compare import (
    comparison,
    comparison_content,
    portfolio_digest,
    read_portfolio_json,
    with_comparison,
)
from workbook.reports.portfolio.figures import (
    BY_CODE,
    CODES,
    FIGURES,
    PORTFOLIO_JSON,
    Figure,
    Portfolio,
    PortfolioError,
    client_figures,
    comparison_key,
    letters,
    percentiles,
    read_portfolio,
)
from workbook.reports.portfolio.page import content, page_document, portfolio_json, write_portfolio

__all__ = ["BY_CODE", "CODES", "FIGURES", "PORTFOLIO_JSON", "Figure", "Portfolio", "PortfolioError", "client_figures",
           "comparison", "comparison_content", "comparison_key", "content", "letters", "page_document", "percentiles",
           "portfolio_digest", "portfolio_json", "read_portfolio", "read_portfolio_json", "with_comparison",
           "write_portfolio"]
