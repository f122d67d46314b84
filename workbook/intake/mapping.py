"""The mapping assistant: propose a ``tables:`` column map for raw exports of an unknown CRM.

For every file (or sheet) it guesses the canonical table from the file and sheet names and from how many of
the table's fields its headers name; then it scores each (field, header) pair by the header's spelling
(field names and Chinese labels, the schema's aliases, English and Chinese CRM synonyms, the shipped presets'
headers; fuzzy spelling via :mod:`difflib`) checked against the values (dates parse as dates, numbers as
numbers, 0/1 and 是/否 as flags, stage and status words, ids that join to another file). Each header goes to
one field; a header that fits two unrelated fields is a conflict, reported, never mapped twice silently.
Pairs that real exports do fill from one column (a deal's stage and status from ``Deal Stage``, a customer's
id and name from ``Account``) may share it, and the proposal says so.

>>> score_header(TABLES["opportunities"].field("close_date"), "Expected Close Date")  # a preset's own header
1.0
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from workbook.core import columns as c
from workbook.core.config import ClientConfig, load_config
from workbook.core.io import read_yaml
from workbook.core.schema import BOOL_FALSE, BOOL_TRUE, TABLES, VOCABULARIES, Field, normalise_token, table_for_name
from workbook.exceptions import ReadFailure
from workbook.intake import parsing
from workbook.intake.discover import outside
from workbook.intake.readers import EXCEL_SUFFIXES, RAW_SUFFIXES, RawFrame, list_sheets, read_source

__all__ = ["FieldMatch", "SourceProposal", "Proposal", "propose", "score_header"]

THRESHOLD = 0.7  # below this a header is not proposed for a field
SHARE_MIN = 0.9  # a column fills a second (related) field only when its header names that field this clearly
SAMPLE_ROWS = 500  # values checked per column

# English and Chinese CRM spellings beyond the schema's aliases: (table or None for any) -> field -> headers
SYNONYMS: dict[str | None, dict[str, tuple[str, ...]]] = {
    None: {
        c.OWNER: ("owner", "owner name", "assigned to", "user", "sales rep", "salesperson", "负责人", "所属销售",
                  "归属人", "销售人员", "销售代表", "跟进人", "客户经理"),
        c.CUSTOMER_ID: ("account id", "organization", "organization id", "org id", "company id", "account",
                        "客户编号", "客户ID", "客户编码", "客户名称", "所属客户", "公司名称"),
        c.CREATED_DATE: ("created", "create date", "created at", "created on", "date created", "add time",
                         "deal created", "创建时间", "创建日期", "录入时间", "登记时间"),
    },
    c.CUSTOMERS: {
        c.NAME: ("name", "organization name", "company", "company name", "account name", "客户名称", "公司名称",
                 "单位名称", "企业名称"),
        c.INDUSTRY: ("industry", "sector", "所属行业", "行业"),
        c.REGION: ("region", "province", "area", "地区", "区域", "省份", "所在地区"),
        c.HEADCOUNT: ("employees", "number of employees", "staff", "员工人数", "人员规模", "员工数"),
        c.ANNUAL_REVENUE: ("annual revenue", "revenue", "年营收", "营业收入", "年收入", "年营业额"),
        c.LEVEL: ("客户级别", "客户等级", "level", "tier"),
    },
    c.LEADS: {
        c.LEAD_ID: ("lead id", "线索编号", "线索ID", "线索编码", "mql id"),
        c.SOURCE: ("lead source", "source", "origin", "channel", "来源", "线索来源", "渠道", "获客渠道"),
        c.STATUS: ("lead status", "status", "状态", "线索状态"),
        c.FIRST_FOLLOWUP_DATE: ("first follow-up", "first followup date", "首次跟进时间", "首次跟进日期",
                                "first contact"),
        c.QUALIFIED_DATE: ("qualified date", "converted date", "conversion date", "合格日期", "转化日期"),
        c.OPPORTUNITY_ID: ("opportunity id", "deal id", "商机编号", "商机ID"),
    },
    c.OPPORTUNITIES: {
        c.OPPORTUNITY_ID: ("deal id", "opportunity id", "opportunity name", "deal name", "title", "商机编号",
                           "商机ID", "商机名称"),
        c.STAGE: ("stage", "deal stage", "pipeline stage", "阶段", "销售阶段", "商机阶段"),
        c.STATUS: ("status", "deal status", "状态", "商机状态", "赢单/输单", "结果"),
        c.AMOUNT: ("value", "deal value", "amount", "金额", "商机金额", "预计金额", "预计成交金额"),
        c.CLOSE_DATE: ("close date", "expected close date", "won time", "won date", "close time", "closed on",
                       "关闭日期", "预计成交日期", "成交日期", "赢单日期", "结单日期"),
        c.LOST_REASON: ("lost reason", "丢单原因", "输单原因"),
        c.LEAD_ID: ("lead id", "线索编号", "来源线索"),
    },
    c.ACTIVITIES: {
        c.DATE: ("date", "due date", "activity date", "done date", "跟进时间", "跟进日期", "拜访日期", "接触日期"),
        c.TYPE: ("type", "activity type", "跟进方式", "接触方式", "跟进类型"),
        c.HOURS: ("duration", "hours", "耗时", "时长"),
    },
}

# file and sheet words that name a table, beyond the schema's table names and aliases
TABLE_WORDS: dict[str, tuple[str, ...]] = {
    c.CUSTOMERS: ("accounts", "account", "organizations", "organization", "companies", "客户", "客户信息"),
    c.LEADS: ("leads", "lead", "mql", "线索", "销售线索"),
    c.OPPORTUNITIES: ("deals", "deal", "opportunities", "pipeline", "商机", "机会"),
    c.ACTIVITIES: ("activities", "activity", "visits", "跟进记录", "跟进", "拜访记录", "联系记录"),
    c.REPS: ("users", "sales_teams", "team", "员工", "销售团队"),
    c.TIME_LOG: ("timesheet", "time_log", "工时"),
    c.QUOTES: ("quotes", "报价"),
    c.STAGE_HISTORY: ("stage_history", "阶段历史"),
}

# pairs of fields that one export column may fill together (said in the proposal, never silent)
SHARED_OK = frozenset(frozenset(p) for p in (
    (c.STAGE, c.STATUS),  # Deal Stage: Closed Won / Closed Lost / open stages
    (c.CUSTOMER_ID, c.NAME),  # customers identified by their name
    (c.OWNER, c.NAME),  # reps identified by their name
    (c.OPPORTUNITY_ID, c.LEAD_ID),  # a deal keyed by the lead it came from
    (c.CREATED_DATE, c.CLOSE_DATE),  # a won-deals file with one date
))

# fields that mean the same in every table: their spellings in one table count in all
POOLED = frozenset({c.OWNER, c.CUSTOMER_ID, c.CREATED_DATE, c.LEAD_ID, c.OPPORTUNITY_ID})

# field -> the table whose key it references (for the value check "ids that join")
REFERENCES = {c.CUSTOMER_ID: c.CUSTOMERS, c.OPPORTUNITY_ID: c.OPPORTUNITIES, c.LEAD_ID: c.LEADS}


@dataclass(frozen=True)
class FieldMatch:
    """One proposed ``field: column`` with its confidence (0-1) and how it was found."""

    field: str
    column: str
    confidence: float
    how: str  # codes joined by "+": header, spelling, values, values_map, join, required, shared


@dataclass(frozen=True)
class SourceProposal:
    """The proposal for one file or sheet."""

    file: str
    sheet: str | None
    table: str | None
    table_confidence: float
    matches: tuple[FieldMatch, ...] = ()
    unmatched: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # conflicts, shared columns, missing required fields

    def columns(self) -> dict[str, str]:
        return {m.field: m.column for m in self.matches}

    @property
    def where(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


@dataclass(frozen=True)
class Proposal:
    """Every source's proposal, and the ``tables:`` map they make."""

    sources: tuple[SourceProposal, ...]
    raw_dir: Path
    notes: tuple[str, ...] = field(default=())

    def tables(self) -> dict[str, dict]:
        """``{table: {file, sheet, columns}}`` as ``client.yaml`` takes it."""
        out: dict[str, dict] = {}
        for s in self.sources:
            if s.table is None:
                continue
            entry: dict = {"file": s.file}
            if s.sheet is not None:
                entry["sheet"] = s.sheet
            entry["columns"] = s.columns()
            out[s.table] = entry
        return out


# --------------------------------------------------------------------------- knowledge

@lru_cache(maxsize=1)
def _preset_headers() -> dict[str, dict[str, frozenset[str]]]:
    """table -> field -> headers the shipped presets map to it."""
    out: dict[str, dict[str, set[str]]] = {}
    for path in files("workbook.intake.presets").iterdir():
        if not path.name.endswith(".yaml"):
            continue
        for table, spec in (read_yaml(path.read_text(encoding="utf-8")).get("tables") or {}).items():
            for name, col in (spec.get("columns") or {}).items():
                header = col if isinstance(col, str) else (col or {}).get("column")
                if header and not str(header).startswith("joined."):
                    out.setdefault(table, {}).setdefault(name, set()).add(str(header))
    return {t: {f: frozenset(h) for f, h in fields.items()} for t, fields in out.items()}


@cache
def _spellings(table: str, name: str) -> frozenset[str]:
    """Normalised header spellings of a field: schema names and aliases, synonyms, presets' headers."""
    f = TABLES[table].field(name)
    pooled = [t.field(name) for t in TABLES.values() if name in POOLED and name in t.names]
    words = {f.name, f.name.replace("_", " "), f.zh, *f.aliases, *(w for p in pooled for w in (p.zh, *p.aliases)),
             *SYNONYMS[None].get(name, ()), *SYNONYMS.get(table, {}).get(name, ()),
             *_preset_headers().get(table, {}).get(name, ())}
    return frozenset(t for t in (normalise_token(w) for w in words) if t)


def _header_forms(header: str) -> set[str]:
    """``Deal - Title`` and ``客户编号 (customer_id)`` match on each part as well as the whole."""
    forms = {normalise_token(header)}
    for part in re.split(r"\s+-\s+|[(（)）]", header):
        if part.strip():
            forms.add(normalise_token(part))
    return forms - {""}


def score_header(f: Field, header: str, table: str | None = None) -> float:
    """How well ``header`` names field ``f`` (0-1): 1 exact, 0.95 a spelling ending the header, 0.8 the header
    starting a spelling (``客户`` for ``客户编号``), else fuzzy."""
    table = table or next(t for t in TABLES if f in TABLES[t].fields)
    return _score(table, f.name, header)


@lru_cache(maxsize=4096)
def _matcher(spelling: str) -> difflib.SequenceMatcher:
    """A matcher with ``spelling`` as its second sequence (difflib indexes that one once)."""
    return difflib.SequenceMatcher(None, "", spelling, autojunk=False)


@lru_cache(maxsize=65536)
def _score(table: str, name: str, header: str) -> float:
    spellings = _spellings(table, name)
    best = 0.0
    for form in _header_forms(header):
        if form in spellings:
            return 1.0
        for s in spellings:
            if len(s) >= 4 and len(form) > len(s) and form.endswith(s):
                best = max(best, 0.95)  # "expected close date" ends with "close date"
            if len(form) >= 2 and len(s) > len(form) and s.startswith(form) and 2 * len(form) >= len(s):
                best = max(best, 0.8)  # "客户" starts "客户编号", "close" starts "close date"
            matcher = _matcher(s)
            matcher.set_seq1(form)
            if matcher.real_quick_ratio() * 0.9 <= best or matcher.quick_ratio() * 0.9 <= best:
                continue  # upper bounds of the ratio: this spelling cannot do better
            best = max(best, round(matcher.ratio() * 0.9, 2))  # fuzzy spelling never beats an exact one
    return best


# --------------------------------------------------------------------------- values

def _sample(values: pd.Series) -> pd.Series:
    values = values.iloc[:SAMPLE_ROWS]
    return values[~parsing.empty_mask(values)]


def value_fit(f: Field, values: pd.Series, *, stages: dict[str, str] | None = None) -> float | None:
    """Share of the non-empty sample that fits the field's type (None: nothing to check, e.g. free text)."""
    sample = _sample(values)
    if sample.empty:
        return None
    if f.kind == "date":
        return _date_share(sample)
    if f.kind in ("int", "number", "share"):
        return float((~parsing.parse_numbers(sample, share=f.kind == "share")[1]).mean())
    if f.kind == "bool":
        tokens = {normalise_token(v) for v in BOOL_TRUE + BOOL_FALSE}
        return float(sample.map(lambda v: normalise_token(parsing._cell_text(v)) in tokens).mean())
    if f.kind == "vocab":
        lookup = VOCABULARIES[f.vocab].lookup()
        return float(sample.map(lambda v: normalise_token(v) in lookup).mean())
    if f.kind in ("text", "stage", "category"):
        # a column of dates is not a name, a source or a stage
        return 0.0 if _date_share(sample) > 0.9 else None
    return None


_DATE_SHARES: dict[tuple, float] = {}


def _date_share(sample: pd.Series) -> float:
    """Share of the sample that parses as dates (remembered per distinct sample: the costliest check)."""
    key = (sample.name, len(sample), tuple(sample.astype(str).iloc[:50]))
    if key not in _DATE_SHARES:
        if len(_DATE_SHARES) > 10_000:
            _DATE_SHARES.clear()
        _DATE_SHARES[key] = float((~parsing.parse_dates(sample)[1]).mean())
    return _DATE_SHARES[key]


def _looks_boolean(values: pd.Series) -> bool:
    sample = _sample(values)
    tokens = {normalise_token(v) for v in BOOL_TRUE + BOOL_FALSE}
    return not sample.empty and bool(sample.map(lambda v: normalise_token(parsing._cell_text(v)) in tokens).all())


# --------------------------------------------------------------------------- one source

def _table_scores(raw: RawFrame) -> dict[str, float]:
    """Score per table: a file or sheet name naming it (0.6), plus the share of its fields the headers name."""
    headers = [h for h in raw.frame.columns if h != c.SOURCE_ROW]
    names = [raw.sheet] if raw.sheet else []
    names.append(Path(raw.file).stem)
    words = {normalise_token(w) for n in names for w in re.split(r"[\s_\-.]+", n) if w} | {
        normalise_token(n) for n in names}
    scores = {}
    for table in TABLES.values():
        named = any(table_for_name(n) == table.name for n in names) or bool(
            words & {normalise_token(w) for w in TABLE_WORDS.get(table.name, ())})
        fitted = [max((score_header(f, h, table.name) for h in headers), default=0) for f in table.fields]
        required = [s for s, f in zip(fitted, table.fields) if f.required]
        share = (sum(s >= THRESHOLD for s in required) / len(required) * 0.5 +
                 sum(s >= 0.9 for s in fitted) / len(fitted) * 0.5)
        scores[table.name] = round(0.6 * named + 0.4 * share, 3)
    return scores


def _candidates(table: str, raw: RawFrame, others: dict[str, RawFrame]) -> list[tuple[float, str, str, str]]:
    """(confidence, field, header, how) for every pair above the threshold, best first."""
    headers = [h for h in raw.frame.columns if h != c.SOURCE_ROW]
    out = []
    fits: dict[tuple, float | None] = {}
    for f in TABLES[table].fields:
        for h in headers:
            score = score_header(f, h, table)
            how = "header" if score == 1.0 else "spelling"
            values = raw.frame[h]
            key = (h, f.kind, f.vocab)
            if key not in fits:
                fits[key] = value_fit(f, values)
            fit = fits[key]
            if fit is not None:
                if f.kind == "vocab" and score >= 0.9 and fit < 0.8:
                    score, how = 0.7, "header+values_map"  # 跟进方式 with 微信 among 电话/拜访
                elif fit < 0.8:
                    continue  # the values say no: an "Amount" of text, a "Date" of names
                if score < THRESHOLD and f.kind in ("bool", "vocab") and fit >= 0.95:
                    score, how = 0.72, "values"  # a 是/否 column, a won/lost column under an odd header
            ref = REFERENCES.get(f.name)
            if ref and ref != table and ref in others and THRESHOLD * 0.8 <= score < 1.0:
                if _joins(values, others[ref], ref):
                    score, how = min(1.0, score + 0.15), how + "+join"
            if f.kind == "bool" and not fits.setdefault((h, "looks_bool"), _looks_boolean(values)):
                continue
            if score >= THRESHOLD:
                out.append((round(score, 2), f.name, h, how))
    return sorted(out, key=lambda x: (-x[0], list(TABLES[table].names).index(x[1]), headers.index(x[2])))


def _joins(values: pd.Series, other: RawFrame, table: str) -> bool:
    """Whether most of ``values`` appear in a column of ``other`` that holds the table's key."""
    sample = set(_sample(values).astype(str).str.strip())
    if not sample:
        return False
    for h in other.frame.columns:
        if h == c.SOURCE_ROW:
            continue
        theirs = set(_sample(other.frame[h]).astype(str).str.strip())
        if theirs and len(sample & theirs) / len(sample) >= 0.5:
            return True
    return False


def _values_note(table: str, f: Field, values: pd.Series, header: str, stages: dict[str, str]) -> str | None:
    """For a vocabulary or stage field: the values that intake would not recognise, and where to map them."""
    if f.kind == "vocab":
        lookup = VOCABULARIES[f.vocab].lookup()
    elif f.kind == "stage":
        lookup = stages
    else:
        return None
    distinct = pd.unique(_sample(values).astype(str).str.strip())
    odd = [v for v in distinct if normalise_token(v) not in lookup]
    if not odd:
        return None
    where = "stages: in client.yaml (funnel order, with probabilities)" if f.kind == "stage" else (
        f"allowed: {VOCABULARIES[f.vocab].allowed()}")
    return (f"{header!r} -> {f.name}: values {', '.join(map(repr, odd[:12]))} are not recognised; map them with "
            f"tables.{table}.columns.{f.name}.values ({where})")


def propose_source(raw: RawFrame, table: str | None, table_confidence: float,
                   others: dict[str, RawFrame], stages: dict[str, str] | None = None) -> SourceProposal:
    """The column map for one raw frame read as ``table``: one header per field, conflicts and sharing said."""
    headers = [h for h in raw.frame.columns if h != c.SOURCE_ROW]
    if table is None:
        return SourceProposal(raw.file, raw.sheet, None, table_confidence, unmatched=tuple(headers),
                              notes=("no table fits this file; set tables.<table>.file in client.yaml if it "
                                     "holds one",))
    stages = stages if stages is not None else ClientConfig(client_name="-").stage_lookup()
    candidates = _candidates(table, raw, others)
    taken_field: dict[str, FieldMatch] = {}
    taken_header: dict[str, FieldMatch] = {}
    notes: list[str] = []
    for score, name, header, how in candidates:
        if name in taken_field:
            continue
        holder = taken_header.get(header)
        if holder is not None:
            if frozenset((holder.field, name)) in SHARED_OK and score >= SHARE_MIN:
                match = FieldMatch(name, header, score, how + "+shared")
                taken_field[name] = match
                notes.append(f"{header!r} fills both {holder.field} and {name}")
            else:
                best_other = next((x for x in candidates if x[1] == name and x[2] not in taken_header), None)
                if best_other is None and score >= 0.8:
                    notes.append(f"conflict: {header!r} fits {holder.field} ({holder.confidence:.2f}) and "
                                 f"{name} ({score:.2f}); mapped to {holder.field} only, {name} left unmapped")
            continue
        match = FieldMatch(name, header, score, how)
        taken_field[name] = match
        taken_header[header] = match
    stage = taken_field.get(c.STAGE)
    if table == c.OPPORTUNITIES and c.STATUS not in taken_field and stage is not None:
        status = VOCABULARIES["status"].lookup()
        words = {status.get(normalise_token(v)) for v in _sample(raw.frame[stage.column]).astype(str)} - {None}
        if words & {"won", "lost"}:  # "Closed Won" among the stages: the status lives in the stage column
            taken_field[c.STATUS] = FieldMatch(c.STATUS, stage.column, 0.6, "values+shared")
            notes.append(f"status from {stage.column!r} (its values include won/lost stages): map the open "
                         f"stages to open with tables.{table}.columns.status.values")
    for f in TABLES[table].fields:  # a required field no header names may share a related field's column
        if not f.required or f.name in taken_field:
            continue
        for other in list(taken_field.values()):
            if frozenset((other.field, f.name)) in SHARED_OK and (value_fit(f, raw.frame[other.column]) or 0) >= 0.8:
                taken_field[f.name] = FieldMatch(f.name, other.column, 0.5, "required+shared")
                notes.append(f"required field {f.name}: no header names it; {other.column!r} (mapped to "
                             f"{other.field}) fills it too: check")
                break
    for match in taken_field.values():
        note = _values_note(table, TABLES[table].field(match.field), raw.frame[match.column], match.column, stages)
        if note:
            notes.append(note)
    for f in TABLES[table].fields:
        if f.required and f.name not in taken_field:
            notes.append(f"required field {f.name} not found: map it by hand (tables.{table}.columns.{f.name})")
    order = list(TABLES[table].names)
    matches = tuple(sorted(taken_field.values(), key=lambda m: order.index(m.field)))
    used = {m.column for m in matches}
    return SourceProposal(raw.file, raw.sheet, table, table_confidence, matches,
                          tuple(h for h in headers if h not in used), tuple(notes))


# --------------------------------------------------------------------------- the folder

def raw_folder(path: str | Path) -> Path:
    """``DIR/data/raw`` when it exists, else ``DIR`` itself."""
    path = Path(path)
    raw = path / "data" / "raw"
    return raw if raw.is_dir() else path


def read_raw_sources(raw_dir: Path, config: ClientConfig | None = None) -> tuple[list[RawFrame], list[str]]:
    """Every readable file and sheet in ``raw_dir`` (dictionary sheets skipped) and notes on what was not read:
    a link leading outside ``raw_dir`` is not followed unless ``config.allow_outside``; every file is held to
    ``config.limits`` before it is opened."""
    config = config or ClientConfig(client_name="-")
    frames, notes = [], []
    for path in sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith(("~$", "."))):
        if path.suffix.lower() not in RAW_SUFFIXES:
            notes.append(f"{path.name}: not a {'/'.join(RAW_SUFFIXES)} file, not read")
            continue
        if normalise_token(path.stem) in ("datadictionary", "readme", "数据字典"):
            notes.append(f"{path.name}: a data dictionary, not read")
            continue
        target = outside(path, raw_dir)
        if target is not None and not config.allow_outside:
            notes.append(f"{path.name}: a link to {target}, outside data/raw/, not read (allow_outside: true reads it)")
            continue
        try:
            sheets = list_sheets(path, limits=config.limits) if path.suffix.lower() in EXCEL_SUFFIXES else [None]
        except ReadFailure as exc:
            notes.append(f"{path.name}: {exc.problem.expected}")
            continue
        for sheet in sheets:
            try:
                frames.append(read_source(path, sheet, limits=config.limits))
            except ReadFailure as exc:
                notes.append(f"{path.name}{f' [{sheet}]' if sheet else ''}: {exc.problem.expected}")
    return frames, notes


def propose(path: str | Path) -> Proposal:
    """Propose a ``tables:`` map for the raw exports in ``path`` (a client folder or a folder of files).

    Each table goes to the source that fits it best; a second source fitting the same table is listed
    with a note and left out of the map.
    """
    raw_dir = raw_folder(path)
    config_path = Path(path) / "client.yaml"
    config = load_config(config_path) if config_path.exists() else ClientConfig(client_name="-")
    frames, notes = read_raw_sources(raw_dir, config)
    scores = [_table_scores(raw) for raw in frames]
    chosen: dict[str, int] = {}
    for i, score in sorted(enumerate(scores), key=lambda x: -max(x[1].values(), default=0)):
        for table, value in sorted(score.items(), key=lambda x: -x[1]):
            if value < 0.3:
                break
            if table not in chosen:
                chosen[table] = i
                break
            notes.append(f"{frames[i].where} also looks like {table} (already from "
                         f"{frames[chosen[table]].where}); not mapped")
            break
    by_frame = {i: t for t, i in chosen.items()}
    others = {t: frames[i] for t, i in chosen.items()}
    sources = tuple(propose_source(raw, by_frame.get(i), scores[i].get(by_frame.get(i), 0.0) if i in by_frame else 0.0,
                                   {t: f for t, f in others.items() if f is not raw}, config.stage_lookup())
                    for i, raw in enumerate(frames))
    return Proposal(sources, raw_dir, tuple(notes))
