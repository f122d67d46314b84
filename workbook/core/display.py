"""Numbers and notes as people read them, and the one way a widget shows a fresh result.

Analyses return codes and floats; what a reader sees is formatted here, once:
a share as a whole percentage ("–" when undefined), a count with thousands
separators, a section's missing data as one note.

>>> pct(0.2349), pct(float("nan")), pct(None)
('23%', '–', '–')
>>> number(1234567.8), number(3.14159, 1)
('1,234,568', '3.1')
"""
from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from workbook.core.i18n import t

__all__ = ["DASH", "pct", "number", "missing_note", "show_in"]

DASH = "–"  # shown for a figure that cannot be computed (no denominator, no data)


def pct(value: float | None) -> str:
    """A share as a whole percentage; "–" for None or NaN."""
    return DASH if value is None or pd.isna(value) else f"{value:.0%}"


def number(value: float | None, digits: int = 0) -> str:
    """A number with thousands separators and ``digits`` decimals; "–" for None or NaN."""
    return DASH if value is None or pd.isna(value) else f"{value:,.{digits}f}"


def missing_note(missing: Sequence[str], *, lang: str = "zh") -> str:
    """The Markdown note a section shows instead of its analysis: which data would enable it (escaped).

    >>> missing_note(["quotes (报价)"], lang="en")
    '> This section needs: quotes (报价). Ask the client for it and run `workbook validate`.'
    >>> missing_note(["<b>"], lang="en")
    '> This section needs: &lt;b&gt;. Ask the client for it and run `workbook validate`.'
    """
    what = ", ".join(html.escape(str(m)) for m in missing) or t("missing.more_data", lang)
    return "> " + t("missing.data", lang, what=what)


def show_in(out, *items) -> None:
    """Replace what the ipywidgets ``Output`` ``out`` shows with ``items`` (a control's fresh result)."""
    from IPython.display import display

    with out:
        out.clear_output(wait=True)
        for item in items:
            display(item)
