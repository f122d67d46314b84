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

import dataclasses
import difflib
import functools
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from workbook.core import columns as c
from workbook.core.config import DEFAULT_STAGES, ClientConfig, Stage, load_config
from workbook.core.schema import TABLES, VOCABULARIES, Field, normalise_token, table_for_name
from workbook.intake.fit import (
    looks_boolean,
    looks_like_id,
    odd_values,
    sample,
    value_fit,
    values_fit_vocab,
    values_map,
)
from workbook.intake.headerwords import SYNONYMS, TABLE_WORDS
from workbook.intake.mapfaults import guarded
from workbook.intake.notes import Note, text
from workbook.intake.rawfiles import raw_folder, read_raw_sources
from workbook.intake.readers import RawFrame
from workbook.intake.recognise import Recognition, preset_headers, preset_spec, preset_values, recognise
from workbook.intake.stages import Question, StagePlan, plan_stages

__all__ = ["FieldMatch", "SourceProposal", "Proposal", "propose", "score_header"]

THRESHOLD = 0.7  # below this a header is not proposed for a field
SHARE_MIN = 0.9  # a column fills a second (related) field only when its header names that field this clearly
ID_SCORE = 0.75  # an id-like header (ID, 唯一ID, *编号) over unique values, for the table's own key

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

# fields derived by client.yaml rules when an export has no column for them
DERIVED = frozenset({c.LEVEL, c.RELATIONSHIP})

# field -> the table whose key it references (for the value check "ids that join")
REFERENCES = {c.CUSTOMER_ID: c.CUSTOMERS, c.OPPORTUNITY_ID: c.OPPORTUNITIES, c.LEAD_ID: c.LEADS}


@dataclass(frozen=True)
class FieldMatch:
    """One proposed ``field: column`` with its confidence (0-1), how it was found, and the full spec when the
    column alone is not enough (a values map, ``if_empty``)."""

    field: str
    column: str
    confidence: float
    how: str  # codes joined by "+": header, spelling, values, join, required, shared, id, preset, stages
    spec: dict | None = None

    @property
    def written(self) -> str | dict:
        """What ``client.yaml`` takes for this field: the header, or the spec."""
        return self.spec if self.spec else self.column


@dataclass(frozen=True)
class SourceProposal:
    """The proposal for one file or sheet."""

    file: str
    sheet: str | None
    table: str | None
    table_confidence: float
    matches: tuple[FieldMatch, ...] = ()
    unmatched: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # conflicts, shared columns, fields left out, missing required fields
    plan: StagePlan | None = None  # a deals file's stages and outcomes
    extra: dict = field(default_factory=dict)  # a recognised preset's other keys for the table (e.g. delimiter)

    def columns(self) -> dict[str, str]:
        return {m.field: m.column for m in self.matches}

    def specs(self) -> dict[str, str | dict]:
        return {m.field: m.written for m in self.matches}

    @property
    def where(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file

    def with_plan(self, plan: StagePlan) -> SourceProposal:
        """The source with the stage and status fields written from ``plan``."""
        by_field = {m.field: m for m in self.matches}
        stage = by_field[c.STAGE]
        how = _plus(stage.how, "stages")
        by_field[c.STAGE] = FieldMatch(c.STAGE, plan.column, stage.confidence,
                                       _plus(how, "shared") if plan.status_spec is not None else how,
                                       plan.stage_spec if isinstance(plan.stage_spec, dict) else None)
        if plan.status_spec is not None:
            old = by_field.get(c.STATUS)
            by_field[c.STATUS] = FieldMatch(c.STATUS, plan.column, 0.9, "values+shared+stages", plan.status_spec)
            if old is not None and old.column != plan.column:
                by_field.pop(c.STATUS)
                by_field[c.STATUS] = old
        order = list(TABLES[self.table].names)
        matches = tuple(sorted(by_field.values(), key=lambda m: order.index(m.field)))
        return dataclasses.replace(self, matches=matches, plan=plan)


def _plus(how: str, code: str) -> str:
    return how if code in how.split("+") else f"{how}+{code}"


@dataclass(frozen=True)
class Proposal:
    """Every source's proposal, the ``tables:`` map they make, the CRM recognised and the stages adopted."""

    sources: tuple[SourceProposal, ...]
    raw_dir: Path
    notes: tuple[str, ...] = field(default=())
    recognised: Recognition | None = None
    settings: dict = field(default_factory=dict)  # a recognised preset's top-level keys (language, currency, ...)

    def tables(self) -> dict[str, dict]:
        """``{table: {file, sheet, columns}}`` as ``client.yaml`` takes it."""
        out: dict[str, dict] = {}
        for s in self.sources:
            if s.table is None:
                continue
            entry: dict = {"file": s.file}
            if s.sheet is not None:
                entry["sheet"] = s.sheet
            entry.update(s.extra)
            entry["columns"] = s.specs()
            out[s.table] = entry
        return out

    @property
    def plan(self) -> StagePlan | None:
        """The deals file's stage plan, if the exports hold deals with a stage."""
        return next((s.plan for s in self.sources if s.plan is not None), None)

    @property
    def questions(self) -> tuple[Question, ...]:
        """The open decisions: stage values whose outcome the data cannot tell."""
        return self.plan.questions if self.plan else ()

    def answer(self, answers: dict[str, str]) -> Proposal:
        """The proposal with the questions answered (stage value -> won / lost / open)."""
        sources = tuple(s.with_plan(s.plan.answer(answers)) if s.plan is not None else s for s in self.sources)
        return dataclasses.replace(self, sources=sources)


# --------------------------------------------------------------------------- knowledge

@cache
def _spellings(table: str, name: str) -> frozenset[str]:
    """Normalised header spellings of a field: schema names and aliases, synonyms, presets' headers."""
    f = TABLES[table].field(name)
    pooled = [t.field(name) for t in TABLES.values() if name in POOLED and name in t.names]
    words = {f.name, f.name.replace("_", " "), f.zh, *f.aliases, *(w for p in pooled for w in (p.zh, *p.aliases)),
             *SYNONYMS[None].get(name, ()), *SYNONYMS.get(table, {}).get(name, ()),
             *preset_headers().get(table, {}).get(name, ())}
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


def _candidates(table: str, raw: RawFrame, others: dict[str, RawFrame], left_out: dict[str, str],
                value_maps: dict[tuple[str, str], dict]) -> list[tuple[float, str, str, str]]:
    """(confidence, field, header, how) for every pair above the threshold, best first.

    A vocabulary field is filled only by a column whose every value the vocabulary knows: one whose values fit
    beats one whose header fits (跟进方式 of 电话/拜访 over 跟进类型 of 客户/线索), and a header naming the field
    over values it cannot take (客户等级 of 一般客户/重要客户) is left out, said in ``left_out`` (field -> why).
    Values the shipped presets map for the field count as fitting; their map goes to ``value_maps``.
    """
    headers = [h for h in raw.frame.columns if h != c.SOURCE_ROW]
    out = []
    fits: dict[tuple, float | None] = {}
    key = TABLES[table].key
    for f in TABLES[table].fields:
        for h in headers:
            score = score_header(f, h, table)
            how = "header" if score == 1.0 else "spelling"
            values = raw.frame[h]
            if f.kind == "vocab":
                known = preset_values(table, f.name)
                fit = fits.setdefault((h, f.vocab), values_fit_vocab(VOCABULARIES[f.vocab], values, known))
                if fit < 1.0:
                    if score >= 0.9:
                        odd = odd_values(VOCABULARIES[f.vocab], values, known)
                        shown = ", ".join(map(repr, odd[:6]))
                        left_out.setdefault(f.name, Note(
                            f"{h!r} holds {shown}, not {VOCABULARIES[f.vocab].allowed()}",
                            f"「{h}」的取值为 {shown}，不属于 {VOCABULARIES[f.vocab].allowed()}"))
                    continue
                if score < THRESHOLD:
                    score, how = 0.72, "values"  # a won/lost column under an odd header
                else:
                    score, how = min(1.0, score + 0.05), how + "+values"  # values that fit beat a header alone
                mapped = values_map(VOCABULARIES[f.vocab], values, known)
                if mapped:
                    value_maps[(f.name, h)] = mapped
            else:
                fit = fits.setdefault((h, f.kind), value_fit(f, values))
                if fit is not None and fit < 0.8:
                    continue  # the values say no: an "Amount" of text, a "Date" of names
            if f.name == key and f.kind == "id" and score < ID_SCORE and looks_like_id(h, values):
                score, how = ID_SCORE, "id"
            ref = REFERENCES.get(f.name)
            if ref and ref != table and ref in others and THRESHOLD * 0.8 <= score < 1.0:
                if _joins(values, others[ref], ref):
                    score, how = min(1.0, score + 0.15), how + "+join"
            if f.kind == "bool" and not fits.setdefault((h, "looks_bool"), looks_boolean(values)):
                continue
            if score >= THRESHOLD:
                out.append((round(score, 2), f.name, h, how))
    return sorted(out, key=lambda x: (-x[0], list(TABLES[table].names).index(x[1]), headers.index(x[2])))


def _joins(values: pd.Series, other: RawFrame, table: str) -> bool:
    """Whether most of ``values`` appear in a column of ``other`` that holds the table's key."""
    mine = set(sample(values).astype(str).str.strip())
    if not mine:
        return False
    for h in other.frame.columns:
        if h == c.SOURCE_ROW:
            continue
        theirs = set(sample(other.frame[h]).astype(str).str.strip())
        if theirs and len(mine & theirs) / len(mine) >= 0.5:
            return True
    return False


def _stage_note(table: str, values: pd.Series, header: str, stages: dict[str, str]) -> str | None:
    """For a stage column without a stage plan (the stage history): values the configured stages do not name."""
    odd = [v for v in pd.unique(sample(values).astype(str).str.strip()) if normalise_token(v) not in stages]
    if not odd:
        return None
    shown = ", ".join(map(repr, odd[:12]))
    return Note(f"{header!r} -> stage: values {shown} are not recognised; map them with "
                f"tables.{table}.columns.stage.values (stages: in client.yaml, funnel order, with probabilities)",
                f"「{header}」→ stage：取值 {shown} 无法识别；请用 tables.{table}.columns.stage.values 映射"
                f"（或在 client.yaml 的 stages: 中按漏斗顺序添加，含赢率）")


def _preset_matches(raw: RawFrame, entry: dict, joined: RawFrame | None) -> dict[str, FieldMatch]:
    """The fields a recognised preset maps to headers this file (or the file it joins) has, with its specs."""
    headers = {normalise_token(h): h for h in raw.frame.columns if h != c.SOURCE_ROW}
    theirs = {normalise_token(h) for h in joined.frame.columns} if joined is not None else set()
    out = {}
    for name, spec in (entry.get("columns") or {}).items():
        header = spec if isinstance(spec, str) else (spec or {}).get("column")
        if not header:
            continue
        found, how = headers.get(normalise_token(header)), "preset"
        if found is None and (normalise_token(header) in theirs or str(header).startswith("joined.")):
            found, how = str(header), "preset+join"
        if found is not None:
            out[name] = FieldMatch(name, found, 1.0, how, dict(spec, column=found) if isinstance(spec, dict)
                                   else None)
    return out


def propose_source(raw: RawFrame, table: str | None, table_confidence: float,
                   others: dict[str, RawFrame], known: tuple[Stage, ...] = DEFAULT_STAGES, configured: bool = True,
                   preset_entry: dict | None = None, joined: RawFrame | None = None) -> SourceProposal:
    """The column map for one raw frame read as ``table``: one header per field, conflicts and sharing said;
    a recognised preset's fields first; a deals file's stage and status from its :class:`StagePlan`."""
    headers = [h for h in raw.frame.columns if h != c.SOURCE_ROW]
    if table is None:
        return SourceProposal(raw.file, raw.sheet, None, table_confidence, unmatched=tuple(headers),
                              notes=(Note("no table fits this file; set tables.<table>.file in client.yaml if it "
                                          "holds one", "没有与此文件对应的表；如果它是某张表，请在 client.yaml 中设置 "
                                                       "tables.<table>.file"),))
    stages = {normalise_token(w): st.name for st in known for w in (st.name, st.label_zh)}
    left_out: dict[str, str] = {}
    value_maps: dict[tuple[str, str], dict] = {}
    candidates = _candidates(table, raw, others, left_out, value_maps)
    taken_field = _preset_matches(raw, preset_entry or {}, joined)
    taken_header = {m.column: m for m in taken_field.values()}
    notes: list[str] = []
    for score, name, header, how in candidates:
        if name in taken_field:
            continue
        holder = taken_header.get(header)
        if holder is not None:
            if frozenset((holder.field, name)) in SHARED_OK and score >= SHARE_MIN:
                match = FieldMatch(name, header, score, how + "+shared")
                taken_field[name] = match
                notes.append(Note(f"{header!r} fills both {holder.field} and {name}",
                                  f"「{header}」同时填入 {holder.field} 和 {name}"))
            else:
                best_other = next((x for x in candidates if x[1] == name and x[2] not in taken_header), None)
                if best_other is None and score >= 0.8:
                    notes.append(Note(f"conflict: {header!r} fits {holder.field} ({holder.confidence:.2f}) and "
                                      f"{name} ({score:.2f}); mapped to {holder.field} only, {name} left unmapped",
                                      f"冲突：「{header}」既像 {holder.field}（{holder.confidence:.2f}）也像 {name}"
                                      f"（{score:.2f}）；只映射到 {holder.field}，{name} 未映射"))
            continue
        mapped = value_maps.get((name, header))
        match = FieldMatch(name, header, score, how, {"column": header, "values": mapped} if mapped else None)
        taken_field[name] = match
        taken_header[header] = match
    for f in TABLES[table].fields:  # a required field no header names may share a related field's column
        if not f.required or f.name in taken_field or f.name == c.STAGE:
            continue
        for other in list(taken_field.values()):
            if frozenset((other.field, f.name)) in SHARED_OK and (value_fit(f, raw.frame[other.column]) or 0) >= 0.8:
                taken_field[f.name] = FieldMatch(f.name, other.column, 0.5, "required+shared")
                notes.append(Note(f"required field {f.name}: no header names it; {other.column!r} (mapped to "
                                  f"{other.field}) fills it too: check",
                                  f"必填字段 {f.name}：没有列标题对应它；由「{other.column}」（已映射到 "
                                  f"{other.field}）一并填入，请核对"))
                break
    plan = None
    stage = taken_field.get(c.STAGE)
    if table == c.OPPORTUNITIES and stage is not None:
        status = taken_field.get(c.STATUS)
        created = taken_field.get(c.CREATED_DATE)
        plan = plan_stages(raw.frame, stage.column, created=created.column if created else None, known=known,
                           configured=configured, status_column=status is not None and status.column != stage.column)
        notes.append(Note(f"stages from {stage.column!r}: {plan.evidence}",
                          f"销售阶段取自「{stage.column}」：{text(plan.evidence, 'zh')}"))
    elif stage is not None:
        note = _stage_note(table, raw.frame[stage.column], stage.column, stages)
        if note:
            notes.append(note)
    filled = set(taken_field) | ({c.STATUS} if plan is not None and plan.status_spec is not None else set())
    for name, why in left_out.items():
        if name not in filled:
            derived = name in DERIVED
            notes.append(Note(f"{name} left out: {why}" + (" (derived from the rules in client.yaml instead)"
                                                            if derived else ""),
                              f"{name} 未映射：{text(why, 'zh')}" + ("（改按 client.yaml 中的规则推导）"
                                                                     if derived else "")))
    if plan is not None and plan.status_spec is not None:
        notes.append(Note(f"{plan.column!r} fills both stage and status (its won and lost values)",
                          f"「{plan.column}」同时填入 stage 和 status（其中的赢单和丢单取值）"))
    for f in TABLES[table].fields:
        if f.required and f.name not in taken_field:
            notes.append(Note(f"required field {f.name} not found: map it by hand (tables.{table}.columns.{f.name})",
                              f"未找到必填字段 {f.name}：请手工映射（tables.{table}.columns.{f.name}）"))
    extra = {k: v for k, v in (preset_entry or {}).items() if k not in ("file", "sheet", "columns", "join")}
    if joined is not None:
        extra["join"] = preset_entry["join"]
    order = list(TABLES[table].names)
    matches = tuple(sorted(taken_field.values(), key=lambda m: order.index(m.field)))
    source = SourceProposal(raw.file, raw.sheet, table, table_confidence, matches, (), tuple(notes), extra=extra)
    source = source.with_plan(plan) if plan is not None else source
    used = {m.column for m in source.matches}
    return dataclasses.replace(source, unmatched=tuple(h for h in headers if h not in used))


def _propose_as(raw: RawFrame, *, table, score, others, known, configured, entry, joined) -> SourceProposal:
    return propose_source(raw, table, score, others, known, configured, entry, joined)


def propose(path: str | Path) -> Proposal:
    """Propose a ``tables:`` map for the raw exports in ``path`` (a client folder or a folder of files).

    A known CRM's exports (:func:`~workbook.intake.recognise.recognise`) take its preset's tables and specs;
    otherwise each table goes to the source that fits it best, and a second source fitting the same table is
    listed with a note and left out of the map.
    """
    raw_dir = raw_folder(path)
    config_path = Path(path) / "client.yaml"
    config = load_config(config_path) if config_path.exists() else ClientConfig(client_name="-")
    frames, notes = read_raw_sources(raw_dir, config)
    scores = [_table_scores(raw) for raw in frames]
    known = recognise(frames)
    chosen: dict[str, int] = {}
    for i, score in sorted(enumerate(scores), key=lambda x: -max(x[1].values(), default=0)):
        for table, value in sorted(score.items(), key=lambda x: -x[1]):
            if value < 0.3:
                break
            if table not in chosen:
                chosen[table] = i
                break
            notes.append(Note(f"{frames[i].where} also looks like {table} (already from "
                              f"{frames[chosen[table]].where}); not mapped",
                              f"{frames[i].where} 也像 {table}（已取自 {frames[chosen[table]].where}）；未映射"))
            break
    by_frame = {i: t for t, i in chosen.items()}
    others = {t: frames[i] for t, i in chosen.items()}
    entries = (preset_spec(known.preset).get("tables") or {}) if known else {}
    known_stages, configured = config.stages, True
    if known and preset_spec(known.preset).get("stages") and config.stages == DEFAULT_STAGES:
        known_stages, configured = tuple(Stage(**st) for st in preset_spec(known.preset)["stages"]), False
    sources = []
    for i, raw in enumerate(frames):
        table = by_frame.get(i)
        entry = entries.get(table) or {}
        join_file = (entry.get("join") or {}).get("file")
        joined = next((f for f in frames if f.file == join_file), None) if join_file else None
        rest = {t: f for t, f in others.items() if f is not raw}
        use = functools.partial(_propose_as, table=table, score=scores[i].get(table, 0.0) if table else 0.0,
                                others=rest, known=known_stages, configured=configured, entry=entry, joined=joined)
        done = guarded(raw, use, notes)
        sources.append(done[1] if done else propose_source(raw, None, 0.0, rest))
    settings = {k: v for k, v in preset_spec(known.preset).items() if k not in ("tables", "stages")} if known else {}
    return Proposal(tuple(sources), raw_dir, tuple(notes), known, settings)
