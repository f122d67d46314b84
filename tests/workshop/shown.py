"""Read back what a live control shows: the text of the HTML its view widget carries, as a browser lays it out.

The widget tests move a control and assert these texts (the numbers a consultant reads), not the frames
behind them.
"""
from __future__ import annotations

from html.parser import HTMLParser


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells: dict[tuple[str, str], list[str]] = {}
        self.tables: list[dict] = []
        self.rows: list[str] = []  # dumbbell rows: "label before → after"
        self._cell = None
        self._row = None
        self._table = None
        self._tr = None
        self._text: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "td" and "data-level" in attrs:
            self._cell = (attrs["data-level"], attrs["data-relationship"])
            self.cells[self._cell] = []
        elif tag == "div" and self._cell is not None:
            self._text = []
        if tag == "div" and "wb-table" in classes:
            self._table = {"caption": "", "headers": [], "rows": []}
        if self._table is not None:
            if tag == "tr":
                self._tr = []
            if tag in ("td", "th", "caption"):
                self._text = []
        if tag == "div" and "wb-live-row" in classes:
            self._row, self._depth = [], 0
        if self._row is not None and tag == "div":
            self._depth += 1

    def handle_data(self, data):
        self._text.append(data)
        if self._row is not None:
            self._row.append(data)

    def handle_endtag(self, tag):
        text = "".join(self._text).strip()
        if self._cell is not None:
            if tag == "div" and text:
                self.cells[self._cell].append(text)
                self._text = []
            if tag == "td":
                self._cell = None
        if self._table is not None:
            if tag == "caption":
                self._table["caption"] = text
            elif tag in ("td", "th") and self._tr is not None:
                self._tr.append(text)
            elif tag == "tr" and self._tr is not None:
                if self._table["headers"]:
                    self._table["rows"].append(self._tr)
                else:
                    self._table["headers"] = self._tr
                self._tr = None
            elif tag == "table":
                self.tables.append(self._table)
                self._table = None
        if self._row is not None and tag == "div":
            self._depth -= 1
            if self._depth == 0:
                self.rows.append(" ".join(x.strip() for x in self._row if x.strip()))
                self._row = None


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def matrix_cells(html: str) -> dict[tuple[str, str], list[str]]:
    """``{(level, relationship): [customers text, revenue text?]}`` of a :func:`matrix_html` grid."""
    return read(html).cells


def tables(html: str) -> list[dict]:
    """Every table shown: ``{"caption", "headers", "rows"}`` with the cells' text."""
    return read(html).tables


def table(html: str, caption: str) -> dict:
    """The shown table with this caption."""
    found = [tab for tab in tables(html) if tab["caption"] == caption]
    assert found, f"no table {caption!r} shown; captions: {[tab['caption'] for tab in tables(html)]}"
    return found[0]


def column(tab: dict, header: str) -> dict[str, str]:
    """``{first cell: cell under header}`` for every body row of a shown table."""
    index = tab["headers"].index(header)
    return {row[0]: row[index] for row in tab["rows"]}


def dumbbell_rows(html: str) -> list[str]:
    """The rows of a :func:`workbook.core.live.dumbbell_chart` as shown: ``"R1 12.0% → 22.0%"``, top first."""
    return read(html).rows
