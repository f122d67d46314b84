"""Numbers, codes and sentences as a reader sees them, in one language: the formatting half of the display layer.

Pure functions from results (:mod:`workbook.core.result`) to plain text; no
markup. What shows it (HTML in a notebook, Typst in the PDF, a sheet in the
appendix) escapes that text for its own medium.

>>> value_text(0.3541, "rate", "zh"), value_text(20000, "count", "en"), value_text(None, "rate", "zh")
('35.4%', '20,000', '—')
>>> money_text(34_800_000, "zh"), money_text(125_000_000, "zh"), money_text(4520, "zh")
('3,480 万元', '1.25 亿元', '4,520 元')
>>> money_text(34_800_000, "en"), money_text(4520, "en", currency="USD"), money_text(5.83e10, "en")
('CNY 34.8m', 'USD 4,520', 'CNY 58.30bn')
>>> render(Text("show.more_rows", shown=Count(15), total=Count(1200), sheet="<x>"), "en")
'Top 15 of 1,200 rows; the full list is in the sheet "<x>" of the Excel appendix.'
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from workbook.core.i18n import LANGS, MESSAGES, check_lang, column_label, humanise, t, table_label, tier_label
from workbook.core.result import (
    Code,
    Count,
    Date,
    Days,
    Hours,
    Money,
    Month,
    Name,
    Number,
    Rate,
    Table,
    Text,
)
from workbook.core.schema import TABLES, UNKNOWN, VOCABULARIES

__all__ = ["DASH", "value_text", "money_text", "code_label", "name_label", "render", "header_label", "column_kind",
           "FormattedTable", "format_table", "needs_text", "sheet_title", "FORMULA_START", "looks_like_formula"]

DASH = "—"  # shown for a figure that cannot be computed or a value that is missing
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # how a cell Excel would read as a formula starts

Labels = Mapping[str, Mapping[str, tuple[str, str]]]

_RATE = re.compile(r"(^|_)(rate|share|pct|probability|conversion|coverage)s?($|_)")
_MONEY = re.compile(r"(^|_)(revenue|amount|cost|costs|saving|value|pipeline|expected|low|high|spend|price|"
                    r"deal_size|won_amount|overdue|invoiced|collected|money|budget)($|_)")
_DAYS = re.compile(r"(^|_)days?($|_)")
_HOURS = re.compile(r"(^|_)hours?($|_)")
_ID = re.compile(r"(^|_)id$")


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def looks_like_formula(value) -> bool:
    """``True`` when a string would be read by Excel as a formula (starts with ``= + - @``, tab or CR).

    Every file the kit writes for Excel (the appendix, the intake problem list) quotes such text so that it
    is shown and kept as text, never evaluated.

    >>> (looks_like_formula("=HYPERLINK(1)"), looks_like_formula("-3 deals"), looks_like_formula("ok"),
    ...  looks_like_formula(3))
    (True, True, False, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_START)


def money_text(value, lang: str, *, currency: str = "CNY") -> str:
    """An amount in a sentence: 万元/亿元 in zh, ``CNY 34.8m`` in en; ``—`` when missing.

    >>> money_text(38_818, "zh"), money_text(493_573, "zh"), money_text(34_800_000, "zh"), money_text(4_520, "zh")
    ('3.9 万元', '49.4 万元', '3,480 万元', '4,520 元')
    """
    if _missing(value):
        return DASH
    value = float(value)
    size = abs(value)
    if lang == "zh":
        unit = "元" if currency == "CNY" else f" {currency}"
        if size >= 1e8:
            return f"{value / 1e8:,.{1 if size >= 1e10 else 2}f} 亿{unit}".replace(" 亿 ", " 亿")
        if size >= 1e4:  # 3,480 万元; below 100 万 one decimal, so the arithmetic of a sentence can be redone
            return f"{value / 1e4:,.{0 if size >= 1e6 else 1}f} 万{unit}".replace(" 万 ", " 万")
        return f"{value:,.0f} {unit.strip()}"
    if size >= 1e9:
        return f"{currency} {value / 1e9:,.2f}bn"
    if size >= 1e6:
        return f"{currency} {value / 1e6:,.1f}m"
    return f"{currency} {value:,.0f}"


def code_label(vocab: str, code, lang: str, labels: Labels | None = None) -> str:
    """The label of ``code`` in ``vocab``: the client's vocabularies (``labels``), the schema's, tiers, the catalogue.

    >>> code_label("status", "won", "zh"), code_label("tier", 4, "en"), code_label("stage", "bid", "zh",
    ...     {"stage": {"bid": ("投标", "Bid")}})
    ('赢单', 'Tier 4', '投标')
    """
    if _missing(code):
        return DASH
    if labels and vocab in labels and str(code) in labels[vocab]:
        return labels[vocab][str(code)][LANGS.index(lang)]
    if vocab == "table" and str(code) in TABLES:
        return table_label(str(code), lang)
    if vocab == "tier":
        if isinstance(code, str) and code.isdigit():
            code = int(code)
        return tier_label(code, lang)
    key = f"vocab.{vocab}.{code}"
    if key in MESSAGES:
        return t(key, lang)
    if vocab in VOCABULARIES and str(code) in VOCABULARIES[vocab].codes:
        return t(f"value.{vocab}.{code}", lang)
    raise KeyError(f"no {lang} label for the {vocab} code {code!r}: add {key!r} to the catalogue")


def name_label(value, vocab: str | None, lang: str, labels: Labels | None = None) -> str:
    """Client text in ``lang``: its label in the client vocabulary ``vocab`` (``labels:``), else as it is.

    >>> labels = {"source": {"网站": ("网站", "Website")}}
    >>> name_label("网站", "source", "en", labels), name_label("展会", "source", "en", labels)
    ('Website', '展会')
    """
    if vocab and labels and vocab in labels and not _missing(value) and str(value) in labels[vocab]:
        return labels[vocab][str(value)][LANGS.index(lang)]
    return value_text(value, "name", lang)


def value_text(value, kind: str, lang: str, *, currency: str = "CNY", vocab: str | None = None,
               labels: Labels | None = None) -> str:
    """One value of ``kind`` (see :data:`workbook.core.result.KINDS`) as text; ``—`` when missing."""
    if _missing(value):
        return DASH
    if kind == "count":
        return f"{float(value):,.0f}"
    if kind == "rate":
        return f"{float(value):.1%}"
    if kind == "money":
        return money_text(value, lang, currency=currency)
    if kind == "days":
        return f"{float(value):,.0f} {t('unit.days', lang)}"
    if kind == "hours":
        return f"{float(value):,.1f} {t('unit.hours', lang)}"
    if kind in ("number", "ratio"):
        return f"{float(value):,.{2 if kind == 'ratio' else 1}f}"
    if kind == "bool":
        return t("fmt.yes" if bool(value) else "fmt.no", lang)
    if kind == "date":
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    if kind == "month":
        stamp = value.to_timestamp() if isinstance(value, pd.Period) else pd.Timestamp(value)
        return f"{stamp.year}年{stamp.month}月" if lang == "zh" else f"{stamp:%b %Y}"
    if kind == "code":
        return code_label(vocab or "", value, lang, labels)
    if kind == "name" and value == UNKNOWN:  # a blank required category kept at intake
        return t("value.unknown", lang)
    if isinstance(value, tuple) and len(value) == len(LANGS):  # a text the kit wrote in both languages
        return str(value[LANGS.index(lang)])
    return str(value)


def _quantity(value, lang: str, currency: str, labels: Labels | None) -> str:
    if isinstance(value, Rate) and value.digits != 1 and not _missing(value.value):
        return f"{float(value.value):.{value.digits}%}"
    kinds = {Count: "count", Rate: "rate", Money: "money", Days: "days", Hours: "hours", Date: "date",
             Month: "month"}
    if type(value) in kinds:
        return value_text(value.value, kinds[type(value)], lang, currency=currency)
    if isinstance(value, Number):
        return DASH if _missing(value.value) else f"{float(value.value):,.{value.digits}f}"
    if isinstance(value, Code):
        return code_label(value.vocab, value.value, lang, labels)
    if isinstance(value, Name):
        return name_label(value.value, value.vocab, lang, labels)
    if isinstance(value, Text):
        return render(value, lang, currency=currency, labels=labels)
    if isinstance(value, (list, tuple)):
        return t("fmt.list_sep", lang).join(_quantity(v, lang, currency, labels) for v in value)
    if isinstance(value, bool):
        return t("fmt.yes" if value else "fmt.no", lang)
    if isinstance(value, numbers.Integral):
        return f"{value:,}"
    if isinstance(value, numbers.Real):
        return DASH if math.isnan(value) else f"{value:,.1f}"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value_text(value, "date", lang)
    return DASH if _missing(value) else str(value)


def render(text: Text, lang: str, *, currency: str = "CNY", labels: Labels | None = None) -> str:
    """A catalogue sentence in ``lang`` with its fields formatted (plain text: the caller escapes it)."""
    check_lang(lang)
    fields = {name: _quantity(value, lang, currency, labels) for name, value in text.fields.items()}
    return t(text.key, lang, **fields)


def header_label(code: str, lang: str) -> str:
    """The header of a column code: ``col.<code>`` in the catalogue, else the schema's label of that field.

    >>> header_label("owner", "zh"), header_label("headcount", "en")
    ('销售', 'Headcount')
    """
    key = f"col.{code}"
    if key in MESSAGES:
        return t(key, lang)
    for name, table in TABLES.items():
        if any(f.name == code for f in table.fields):
            return column_label(name, code, lang)
    raise KeyError(f"no {lang} header for the column {code!r}: add {key!r} to the catalogue")


def column_kind(name: str, series: pd.Series) -> str:
    """The kind of a column not declared in its table: from the dtype, then the name."""
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if isinstance(series.dtype, pd.PeriodDtype):
        return "month"
    if _ID.search(name):
        return "id"
    if pd.api.types.is_numeric_dtype(series):
        if _RATE.search(name):
            return "rate"
        if _MONEY.search(name):
            return "money"
        if _DAYS.search(name):
            return "days"
        if _HOURS.search(name):
            return "hours"
        if pd.api.types.is_integer_dtype(series):
            return "count"
        whole = series.dropna()
        return "count" if len(whole) and (whole == whole.round()).all() else "number"
    if name in VOCABULARIES:
        return "code"
    return "name"


@dataclass(frozen=True)
class FormattedTable:
    """A table ready to show: caption, headers with units, rows of text, alignment; and the typed full frame.

    ``frame`` keeps every row with raw values and localised headers (for the
    appendix, with ``kinds`` per column); ``rows`` are the first ``shown``
    rows as text.
    """

    key: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    kinds: tuple[str, ...]
    total: int
    frame: pd.DataFrame
    more: str | None


def _money_scale(series: pd.Series, lang: str) -> tuple[float, str, int]:
    size = series.abs().max()
    size = 0.0 if _missing(size) else float(size)
    if lang == "zh":
        if size >= 1e8:
            return 1e8, "unit.money.yi", 2
        if size >= 1e5:
            return 1e4, "unit.money.wan", 1
        return 1.0, "unit.money.yuan", 0
    if size >= 1e9:
        return 1e9, "unit.money.bn", 2
    if size >= 1e6:
        return 1e6, "unit.money.yi", 2
    if size >= 1e4:
        return 1e3, "unit.money.wan", 1
    return 1.0, "unit.money.yuan", 0


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    index = frame.index
    frame = frame.reset_index(drop=all(name is None for name in index.names))
    if isinstance(frame.columns, pd.MultiIndex):
        raise ValueError("a shown table has one header row: flatten the columns in the analysis")
    return frame


def money_unit(key: str, lang: str, currency: str = "CNY") -> str:
    """A money column's or axis's unit (``unit.money.*``) in the client's currency: 万元 for yuan, 万 RUB for
    roubles in zh; ``RUB k`` in en.

    >>> wan = "unit.money.wan"
    >>> money_unit(wan, "zh"), money_unit(wan, "zh", "RUB"), money_unit(wan, "en", "RUB")
    ('万元', '万 RUB', 'RUB k')
    """
    return t(key, lang, currency=currency, currency_zh="元" if currency == "CNY" else f" {currency}")


def _with_unit(label: str, unit: str, lang: str) -> str:
    return f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"


APPENDIX_TEXT = frozenset({"code", "bool", "text", "by_row"})  # kinds the appendix gets as shown, not as typed


def _texts(series: pd.Series, text) -> pd.Series:
    """``text(value)`` for each value of ``series``, ``—`` for a missing one; worked out once per distinct value.

    A column repeats its codes, names and amounts (a rep on every row, a tier, a band): formatting each
    distinct value once and spreading the texts is what a table of thousands of rows needs.

    >>> _texts(pd.Series(["a", None, "a", "b"]), str.upper).tolist()
    ['A', '—', 'A', 'B']
    """
    missing = series.isna()
    out = pd.Series(DASH, index=series.index, dtype=object)
    present = series[~missing]
    if present.empty:
        return out
    try:
        distinct = pd.unique(present)
    except TypeError:  # unhashable values (a list in a cell): one by one
        out[~missing] = present.map(text)
        return out
    out[~missing] = present.map({value: text(value) for value in distinct})
    return out


def format_table(table: Table, lang: str, *, currency: str = "CNY", labels: Labels | None = None) -> FormattedTable:
    """Label and format ``table``: headers with units, codes labelled, empty columns dropped, body cut to ``rows``.

    >>> ft = format_table(Table("customers", pd.DataFrame({"owner": ["R1"], "win_rate": [0.25], "revenue": [3.5e6],
    ...                                              "lost": [None]}), headers={"lost": "x"}), "zh")
    >>> ft.headers, ft.rows
    (('销售', '赢单率', '赢单金额（万元）'), (('R1', '25.0%', '350.0'),))
    """
    check_lang(lang)
    frame = _flat(table.frame)
    frame = frame.loc[:, [col for col in frame.columns if not frame[col].isna().all()]]
    # a list a little longer than the page's limit is shown whole: cutting 18 sellers to 15 hides three of them
    limit = table.rows if len(frame) > table.rows * 4 // 3 else len(frame)
    headers, kinds, cells, numeric = [], [], {}, []
    appendix = {}
    for col in frame.columns:
        series = frame[col]
        kind = table.kinds.get(col) or column_kind(str(col), series)
        if col in table.headers:
            label = _quantity(table.headers[col], lang, currency, labels)
        else:
            label = header_label(str(col), lang)
        full_label = label
        shown = series.head(limit)  # the appendix keeps numbers, dates and names as they are: only the page's rows
        if kind == "money":
            scale, unit_key, digits = _money_scale(series, lang)
            unit = money_unit(unit_key, lang, currency)
            label = _with_unit(label, unit, lang)
            full_label = _with_unit(full_label, money_unit("unit.money.yuan", lang, currency), lang)
            text = _texts(shown, lambda v, s=scale, d=digits: DASH if float(v) == 0 else f"{float(v) / s:,.{d}f}")
        elif kind in ("days", "hours"):
            unit = t(f"unit.{kind}", lang)
            label = full_label = _with_unit(label, unit, lang)
            digits = 0 if kind == "days" else 1
            text = _texts(shown, lambda v, d=digits: f"{float(v):,.{d}f}")
        elif kind == "by_row":
            if len(table.row_kinds) != len(series):
                raise ValueError(f"table {table.key}: {len(series)} rows but {len(table.row_kinds)} row kinds")
            text = pd.Series([value_text(v, k, lang, currency=currency) for v, k in zip(series, table.row_kinds)],
                             index=series.index)
        elif kind == "code":
            vocab = table.vocab.get(col, str(col))
            text = _texts(series, lambda v, voc=vocab: code_label(voc, v, lang, labels))
        elif kind == "name" and col in table.vocab:  # client categories, in the reader's language
            text = _texts(series, lambda v, voc=table.vocab[col]: name_label(v, voc, lang, labels))
        else:
            text = _texts(series if kind in APPENDIX_TEXT else shown,
                          lambda v, k=kind: value_text(v, k, lang, currency=currency))
        headers.append(label)
        kinds.append(kind)
        numeric.append(kind in ("count", "rate", "money", "days", "hours", "number", "ratio", "by_row"))
        cells[col] = text.head(limit)
        if full_label in appendix:
            raise ValueError(f"table {table.key}: two columns are both labelled {full_label!r}")
        appendix[full_label] = text if kind in APPENDIX_TEXT or kind == "name" and col in table.vocab else series
    body = pd.DataFrame(cells) if cells else pd.DataFrame()
    rows = tuple(tuple(row) for row in body.itertuples(index=False, name=None))
    caption = t(f"table.{table.key}", lang)
    more = None
    if len(frame) > limit:
        more = render(Text("show.more_rows", shown=Count(limit), total=Count(len(frame)),
                           sheet=sheet_title(table.key, caption, lang)), lang)
    return FormattedTable(table.key, caption, tuple(headers), rows, tuple(numeric), tuple(kinds), len(frame),
                          pd.DataFrame(appendix), more)


def sheet_title(key: str, caption: str, lang: str) -> str:
    """The appendix sheet of the table ``key``: its caption when Excel allows it (31 characters at most), else the
    short name chosen in the catalogue (``sheet.<key>``), so every sheet the report names exists as named.

    >>> sheet_title("leads", "Leads", "en")
    'Leads'
    >>> sheet_title("matrix_untouched", "Premium customers never contacted", "en")
    'Premium customers not contacted'
    >>> sheet_title("tier4", "Tier 4: build trust", "en")
    'Tier 4 - build trust'
    """
    name = caption if len(caption) <= 31 or f"sheet.{key}" not in MESSAGES else t(f"sheet.{key}", lang)
    # characters Excel refuses in a sheet's name: a colon reads as a dash, the others as a space
    return re.sub(r"\s+", " ", re.sub(r"[\[\]*?/\\'\x00-\x1f]", " ", name.replace(":", " -"))).strip()


def needs_text(needs, lang: str) -> str:
    """The sentence of a section that cannot be computed: which data (tables, fields) would enable it.

    >>> needs_text(["quotes", "leads.source"], "en")
    'This section needs: Quotes; Leads: Source. Once you send these data the report is rendered again.'
    """
    parts = []
    colon = "：" if lang == "zh" else ": "
    for need in needs:
        table, _, column = str(need).partition(".")
        try:
            parts.append(t(f"table.{table}", lang) + (colon + column_label(table, column, lang) if column else ""))
        except KeyError:
            parts.append(humanise(str(need)) if lang == "en" else str(need))
    sep = "；" if lang == "zh" else "; "
    return t("show.needs", lang, what=sep.join(parts) or t("show.needs_more", lang))
