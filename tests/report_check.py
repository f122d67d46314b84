"""Read a rendered report as a person reads it: the visible text of report.html and the text of the PDF.

:func:`problems` lists what a client must never see: object reprs, long floats,
NaN/None/True shown as values, Latin words in a Chinese report (headings,
headers and prose), Chinese in an English report's headings and headers,
internal words, a missing summary.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

REPRS = re.compile(r"<Axes|<Figure|<matplotlib|Text\(\d|\{'|\{\"|\bdtype\b|Name: \w+, dtype|object at 0x")
LONG_FLOAT = re.compile(r"\d\.\d{5,}|\d\.\d+e[+-]\d+", re.IGNORECASE)
RAW_VALUES = re.compile(r"(?<![\w-])(NaN|None|<NA>|NaT|True|False|nan|inf)(?![\w-])")
INTERNAL = re.compile(r"seed|DOMAIN\.md|REPORTS\.md|种子|ticket|issue \d", re.IGNORECASE)
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
# Latin a Chinese report may show: currency codes, the field's acronyms, file types, units
ALLOWED_LATIN = {"CNY", "USD", "EUR", "HKD", "ROI", "ICP", "PDF", "Excel", "IT", "ID", "CRM", "KPI", "h", "m", "k",
                 "x", "n", "xlsx", "csv", "N", "TOP"}
CLIENT_ID = re.compile(r"^[A-Z]{1,3}\d+$")  # R01, C0001, L00042


class Visible(HTMLParser):
    """Visible text of a page, with its headings and table headers apart."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.headings: list[str] = []
        self.headers: list[str] = []
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "th", "caption"):
            self._buffer = []

    def handle_endtag(self, tag):
        while self.stack and self.stack[-1] != tag:
            self.stack.pop()
        if self.stack:
            self.stack.pop()
        if tag in ("h1", "h2", "h3", "h4", "caption"):
            self.headings.append("".join(self._buffer).strip())
        elif tag == "th":
            self.headers.append("".join(self._buffer).strip())

    def handle_data(self, data):
        if any(tag in ("style", "script", "head", "title") for tag in self.stack):
            return
        self.text.append(data)
        self._buffer.append(data)


def read_html(path: Path) -> Visible:
    page = Visible()
    page.feed(Path(path).read_text(encoding="utf-8"))
    return page


def pdf_text(path: Path) -> list[str]:
    """The text of each page of a PDF."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def latin_words(text: str, client_words: set[str] = frozenset()) -> list[str]:
    """Latin words a Chinese reader should not meet (IDs, currency codes and allowed acronyms excepted)."""
    words = []
    for word in LATIN_WORD.findall(text):
        if word in ALLOWED_LATIN or CLIENT_ID.match(word) or word in client_words:
            continue
        words.append(word)
    return words


def client_strings(client_dir: Path) -> set[str]:
    """Every text value of a client's clean tables (names, teams, sources...): the client's own words."""
    import pandas as pd

    words: set[str] = set()
    for path in (Path(client_dir) / "data" / "clean").glob("*.parquet"):
        frame = pd.read_parquet(path)
        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_datetime64_any_dtype(
                    frame[column]):
                words |= {str(v) for v in frame[column].dropna().unique() if str(v).strip()}
    return words


def problems(texts: list[str], headings: list[str], *, lang: str, client_words: set[str] = frozenset(),
             summary: str) -> list[str]:
    """What is wrong in a report's visible ``texts`` and ``headings`` (headings and table headers).

    ``client_words``: Latin words of the client's data a Chinese report may show; in an
    English report, the client's own strings that may be Chinese (names, teams).
    """
    found = []
    joined = "\n".join(texts)
    for name, pattern in (("object repr", REPRS), ("long float", LONG_FLOAT), ("raw value", RAW_VALUES),
                          ("internal word", INTERNAL)):
        for match in pattern.finditer(joined):
            context = joined[max(0, match.start() - 40):match.end() + 40].replace("\n", " ")
            found.append(f"{name} {match.group(0)!r} in …{context}…")
    if lang == "zh":
        for line in texts:
            words = latin_words(line, client_words)
            if words:
                found.append(f"English in the Chinese report: {words[:6]} in {line.strip()[:100]!r}")
    else:
        for heading in headings:
            for word in sorted(client_words, key=len, reverse=True):  # the client's own names may be Chinese
                heading = heading.replace(word, "")
            if CJK.search(heading):
                found.append(f"Chinese in an English heading or header: {heading!r}")
    if summary not in joined:
        found.append(f"no summary ({summary!r})")
    return found
