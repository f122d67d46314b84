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
# words of our own work, and the tool speaking instead of the report
INTERNAL = re.compile(r"seed|DOMAIN\.md|REPORTS\.md|种子|ticket|issue \d|\bthe kit\b|工具不", re.IGNORECASE)
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
# Latin a Chinese report may show: currency codes, the field's acronyms, file types, units
ALLOWED_LATIN = {"CNY", "USD", "EUR", "HKD", "ROI", "ICP", "PDF", "Excel", "IT", "ID", "CRM", "KPI", "h", "m", "k",
                 "x", "n", "xlsx", "csv", "N", "TOP"}
FILE_NAME = re.compile(r"\b[\w-]+\.(?:yaml|xlsx|csv|pdf|html)\b")
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
    text = FILE_NAME.sub(" ", text)  # a file the consultant edits or sends (client.yaml, appendix.xlsx)
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


# --- the report read as a partner reads it: the storyline and the facts ----------------------------------------

QUESTION_TITLE = re.compile(r"[?？]\s*$")
# a sheet the report names: zh 「X」工作表 / 附录「X」, en sheet "X"
SHEET_REF = {"zh": re.compile(r"附录的?「([^」]+)」|「([^」]+)」工作表"),
             "en": re.compile(r"sheet \"([^\"]+)\"|sheet “([^”]+)”")}
# a difference of rates written as a percentage: "差距 4.7%", "相差 4.7%", "a gap of 4.7%", "4.7% higher than"
PERCENT_GAP = {"zh": re.compile(r"(差距|相差|高出|低出|差了)\s*\d+(\.\d+)?\s*%"),
               "en": re.compile(r"\b(gap|difference) of \d+(\.\d+)?%|\d+(\.\d+)?% (gap|difference|higher than|"
                                r"lower than)\b")}
LOST_COUNT = {"zh": re.compile(r"(\d[\d,]*)\s*(?:单|个)?(?:商机)?(?:丢单|输单)"),
              "en": re.compile(r"(\d[\d,]*)\s+(?:deals\s+|opportunities\s+)?lost\b")}
MAIN_PAGES = 20
CONTENTS = {"zh": "目录", "en": "Contents"}


def question_titles(headings: list[str]) -> list[str]:
    """Headings, captions and chart titles that ask instead of stating a finding (end with ? or ？)."""
    return [h for h in headings if QUESTION_TITLE.search(h.strip())]


def named_sheets(text: str, lang: str) -> set[str]:
    """Every appendix sheet the report's ``text`` names."""
    return {a or b for a, b in SHEET_REF[lang].findall(text)}


def missing_sheets(text: str, lang: str, sheets: list[str]) -> list[str]:
    """Sheets the report names that the appendix does not have (the name cut at 31 characters, or never made)."""
    return sorted(named_sheets(text, lang) - set(sheets))


RATE_WORD = {"zh": re.compile(r"率|占比|比例"), "en": re.compile(r"\brate|\bshare")}
MONEY_WORD = {"zh": re.compile(r"金额|收入|目标|元"), "en": re.compile(r"revenue|target|CNY|amount")}


def percent_gaps(text: str, lang: str) -> list[str]:
    """Differences of rates written in % instead of percentage points (百分点 / pp): a gap in % after a rate
    (a growth of money in %, "目标比近 12 个月赢单金额高出 59.8%", is a relative change and reads right)."""
    found = []
    for m in PERCENT_GAP[lang].finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        if RATE_WORD[lang].search(before) and not MONEY_WORD[lang].search(before):
            found.append(m.group(0))
    return found


def wrong_lost(text: str, lang: str, *, lost: int, opportunities: int, won: int) -> list[str]:
    """Lost counts that are opportunities minus won (open deals counted lost) rather than closed lost."""
    blended = opportunities - won
    if blended == lost:
        return []
    return [m.group(0) for m in LOST_COUNT[lang].finditer(text) if int(m.group(1).replace(",", "")) == blended]


def main_pdf_problems(pages: list[str], lang: str) -> list[str]:
    """The main report: at most 20 pages, a contents page after the cover, the summary right after it."""
    found = []
    if len(pages) > MAIN_PAGES:
        found.append(f"main report of {len(pages)} pages (at most {MAIN_PAGES})")
    if len(pages) < 3 or CONTENTS[lang] not in pages[1]:
        found.append("no contents page after the cover")
    else:
        found += summary_length_problems(pages[1])
    return found


CONTENTS_PAGE = re.compile(r"(\d+)\s*$")


def summary_length_problems(contents: str) -> list[str]:
    """The contents page: the summary (its first entry) ends on the page after it starts, so the first chapter
    starts at most two pages after it."""
    starts = []
    for line in contents.splitlines():
        m = CONTENTS_PAGE.search(line.strip().replace("\u2060", ""))
        if line.strip() and not line.startswith(" ") and m and not CONTENTS_SECTION.match(line):
            starts.append(int(m.group(1)))
    if len(starts) >= 2 and starts[1] - starts[0] > 2:
        return [f"the summary runs {starts[1] - starts[0]} pages (from page {starts[0]}; at most two)"]
    return []


def summary_problems(summary: dict, summary_text: str, headline: str) -> list[str]:
    """The summary (``metrics.json``'s ``summary`` and its page's text) read as a partner: it opens with the
    governing sentence and the prize; its actions are sorted by value, sized ones first; the prize is at most
    the values added."""
    found = []
    flat = "".join(summary_text.split())
    if "".join(headline.split()) not in flat[:400]:
        found.append(f"the summary does not open with the governing sentence {headline[:60]!r}")
    values = [a.get("value") or 0 for a in summary.get("summary.actions") or []]
    if values != sorted(values, reverse=True):
        found.append(f"summary actions not sorted by value: {values}")
    prize, total = summary.get("summary.prize"), summary.get("summary.values_total")
    if prize is None or total is None or not 0 <= prize <= total:
        found.append(f"prize {prize} missing, negative or more than the actions' values added ({total})")
    return found


# --- the summary adds up, the main report numbers its exhibits, an action states its value once ----------------

MONEY = {"zh": re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(亿|万)?元"),
         "en": re.compile(r"\b[A-Z]{3} (-?\d[\d,]*(?:\.\d+)?)(bn|m)?\b")}
_SCALE = {"亿": 1e8, "万": 1e4, "bn": 1e9, "m": 1e6, "": 1.0, None: 1.0}


def money_values(text: str, lang: str) -> list[str]:
    """Every amount of money written in ``text`` ("3,004 万元", "1.35 亿元", "CNY 54.1m"), as written."""
    return [m.group(0) for m in MONEY[lang].finditer(text)]


def money_amount(written: str, lang: str) -> float:
    """An amount as the report writes it, back to a number: "1.35 亿元" -> 135,000,000."""
    m = MONEY[lang].search(written)
    return float(m.group(1).replace(",", "")) * _SCALE[m.group(2)]


class Tables(HTMLParser):
    """The tables of a page: ``[(caption, [row cells ...])]``, header row included."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(("", []))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None and self.tables:
            self.tables[-1] = ("".join(self._caption).strip(), self.tables[-1][1])
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1][1]:
            self.tables[-1][1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_tables(path: Path) -> list[tuple[str, list[list[str]]]]:
    page = Tables()
    page.feed(Path(path).read_text(encoding="utf-8"))
    return page.tables


def prize_problems(rows: list[list[str]], headline: str, lang: str, *, counted: str, unit: str = "") -> list[str]:
    """The summary's table of the five actions read as a partner: the values marked ``counted`` add up, as
    printed, to its total row, and the governing sentence states that total.

    ``rows``: the table's body rows (number, problem, value, counted or not), the total row last; ``unit``: the
    value column's header when it states the unit ("未来 12 个月增量（万元）", "Value in 12 months (CNY m)") and the
    cells are bare numbers in it.
    """
    from workbook.core.formats import money_text

    scale = 1e4 if "（万" in unit else 1e6 if unit.endswith(" m)") else None

    def amount(cell: str) -> float:
        if scale is not None:
            return float(cell.replace(",", "")) * scale
        return money_amount(cell, lang)

    *body, total = rows
    added = sum(amount(row[2]) for row in body if row[3] == counted)
    stated = amount(total[2])  # the total as printed ("13,498 万元（1.35 亿元）": its first amount)
    found = []
    if abs(added - stated) > 0.5:
        found.append(f"the counted values add up to {money_text(added, lang)}, the table's total says {total[2]}")
    if "".join(money_text(added, lang).split()) not in "".join(headline.split()):
        found.append(f"the governing sentence does not state the total {money_text(added, lang)}: {headline[:120]!r}")
    return found


CONTENTS_SECTION = re.compile(r"^\s*(\d+)\.\s")


def section_number_problems(contents: str) -> list[str]:
    """The main report's contents: under each chapter, sections numbered 1, 2, 3 ... without a gap or repeat."""
    found, expected, chapter, open_entry = [], 1, "", False
    for line in contents.splitlines():
        if not line.strip() or line.strip() in CONTENTS.values():
            continue
        m = CONTENTS_SECTION.match(line)
        ends = CONTENTS_PAGE.search(line.strip().replace("\u2060", "")) is not None  # the entry's page number
        if m is None and open_entry:  # a long section heading wraps: its second line ends with the page
            open_entry = not ends
            continue
        open_entry = m is not None and not ends
        if m is None:
            chapter, expected = line.strip()[:30], 1
            continue
        if int(m.group(1)) != expected:
            found.append(f"section {m.group(1)} where {expected} was due under {chapter!r}: {line.strip()[:60]!r}")
        expected = int(m.group(1)) + 1
    return found


def repeated_values(items: list[str], lang: str) -> list[str]:
    """Action items that state the same amount of money twice (the value in the text, then again beside it)."""
    found = []
    for item in items:
        values = money_values(item, lang)
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            found.append(f"{twice} twice in {item[:80]!r}")
    return found


def summary_action_items(path: Path) -> list[str]:
    """The visible text of each of the summary's five action items in report.html."""
    import html as html_lib

    page = Path(path).read_text(encoding="utf-8")
    block = re.search(r'<ol class="wb-summary-actions">(.*?)</ol>', page, re.S)
    if block is None:
        return []
    return [html_lib.unescape(re.sub(r"<[^>]+>", " ", li)) for li in re.findall(r"<li>(.*?)</li>", block.group(1),
                                                                                   re.S)]
