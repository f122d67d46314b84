"""Stage and outcome semantics of a deals export: which stage values end a deal (won, lost) and the client's own
funnel made of every other value.

Outcome words and codes (``Closed Won``, ``C1:LOSE``, 赢单, 失败, ...: :data:`workbook.core.schema.OUTCOME_WORDS`)
map to status without help. Every other stage value is an open stage of the client's funnel: the list and its
order are adopted from the data, by a probability column where there is one, otherwise by how long the deals
in each stage have been open (median age: deals in later stages are older), with the probabilities from that
column as defaults (else spread evenly). A value that a closed flag (``CLOSED = Y``) or a probability of 0 or
100 marks as closed, but that is no outcome word (a company's own "Invoice issued"), cannot be known: it is
the one question, asked with its likely answer (:class:`Question`).

>>> frame = pd.DataFrame({"Stage": ["New", "Offer", "Closed Won", "Offer", "LOSE"],
...                       "Created": ["2025-05-01", "2025-01-01", "2025-01-01", "2025-02-01", "2025-03-01"]})
>>> plan = plan_stages(frame, "Stage", created="Created")
>>> [(s.name, s.probability) for s in plan.stages]
[('new', 0.33), ('offer', 0.67)]
>>> plan.status_spec["values"]
{'New': 'open', 'Offer': 'open', 'Closed Won': 'won', 'LOSE': 'lost'}
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import pandas as pd

from workbook.core.config import Stage
from workbook.core.schema import BOOL_TRUE, normalise_token, outcome_of
from workbook.intake import parsing
from workbook.intake.notes import Note
from workbook.intake.recognise import shipped_stages

__all__ = ["Question", "StagePlan", "plan_stages", "probability_column", "closed_column", "stage_name"]

# headers of a probability column and of a closed flag (normalised on lookup)
PROBABILITY_HEADERS = ("probability", "probability (%)", "probability%", "win probability", "deal probability",
                       "赢率", "赢单率", "成交概率", "赢单概率", "可能性")
CLOSED_HEADERS = ("closed", "is closed", "isclosed", "closed flag", "是否关闭", "已关闭", "是否结束")
OUTCOMES = ("won", "lost", "open")


@dataclass(frozen=True)
class Question:
    """A stage value whose outcome the data cannot tell: the likely answer and why."""

    value: str
    likely: str  # won / lost / open
    evidence: str
    rows: int

    @property
    def key(self) -> str:
        return f"stage {self.value!r}"


@dataclass(frozen=True)
class StagePlan:
    """What the map writes for a deals export's stage column.

    ``stages`` is the funnel adopted from the data (None: the configured stages already name every open value);
    ``stage_spec`` and ``status_spec`` are the column specs (``status_spec`` None when the export has its own
    status column); ``guesses`` the values whose outcome was guessed, answered or not.
    """

    column: str
    stages: tuple[Stage, ...] | None
    stage_spec: dict | str
    status_spec: dict | None
    outcomes: dict[str, str]  # raw value -> won / lost / open
    questions: tuple[Question, ...] = ()
    answered: tuple[str, ...] = ()  # values whose question has an answer
    evidence: str = ""
    last_stage: str | None = None  # where a won deal stands: the funnel's last stage
    open_to: dict = dataclasses.field(default_factory=dict)  # open value -> stage name, where not the value itself
    known: tuple[Stage, ...] = ()  # the stages the plan started from (they stay when ``stages`` is None)

    def answer(self, answers: dict[str, str]) -> StagePlan:
        """The plan with the questions' answers (value -> won / lost / open) applied."""
        outcomes = dict(self.outcomes)
        for value, outcome in answers.items():
            if outcome not in OUTCOMES:
                raise ValueError(f"stage {value!r}: the outcome must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
            outcomes[value] = outcome
        stages = self.stages
        for value, outcome in answers.items():  # a value answered "open" joins the funnel, at its end
            if outcome == "open" and stages is None and self.known:
                stages = self.known
            if outcome == "open" and stages is not None and value not in {s.label_zh for s in stages}:
                added = _adopt([value], None)[0]
                name = added.name if added.name not in {s.name for s in stages} else f"{added.name}_"
                stages = (*stages, Stage(name=name, label_zh=added.label_zh, probability=stages[-1].probability))
        return dataclasses.replace(self, outcomes=outcomes, stages=stages, answered=tuple(answers)).rebuilt()

    def rebuilt(self) -> StagePlan:
        """The specs again from ``outcomes`` (after answers)."""
        names = [s.name for s in self.stages] if self.stages else [self.last_stage] if self.last_stage else []
        return dataclasses.replace(self, **_specs(self.column, self.outcomes, names, self.status_spec is None,
                                                  self.open_to))


def stage_name(value: str) -> str:
    """An ascii slug of the stage value, or the value itself when it has no ascii letters.

    >>> stage_name("Proposal/Price Quote"), stage_name("C1:PREPARATION"), stage_name("方案报价")
    ('proposal_price_quote', 'c1_preparation', '方案报价')
    """
    text = str(value).strip()
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug if slug and text.isascii() else text


def _find(frame: pd.DataFrame, headers: tuple[str, ...]) -> str | None:
    wanted = {normalise_token(h) for h in headers}
    return next((h for h in frame.columns if normalise_token(h) in wanted), None)


def probability_column(frame: pd.DataFrame) -> str | None:
    """The header of a probability column whose values are numbers, if any."""
    header = _find(frame, PROBABILITY_HEADERS)
    if header is None or _percent(frame[header]).notna().mean() < 0.8:
        return None
    return header


def closed_column(frame: pd.DataFrame) -> str | None:
    """The header of a closed flag (Y/N, 是/否), if any."""
    return _find(frame, CLOSED_HEADERS)


def _percent(values: pd.Series) -> pd.Series:
    """0-100 from ``40``, ``40%``, ``40,5`` and ``0.4`` (a column of shares at most 1 is read as shares)."""
    text = values.astype(str).str.strip().str.rstrip("%").str.replace("\u00a0", "").str.replace(" ", "")
    text = text.where(text.str.contains("."), text.str.replace(",", ".", regex=False))
    numbers = pd.to_numeric(text, errors="coerce")
    numbers = numbers.where(~parsing.empty_mask(values))
    if numbers.notna().any() and numbers.max() <= 1:
        numbers = numbers * 100
    return numbers.where(numbers.between(0, 100))


def _ages(frame: pd.DataFrame, created: str | None) -> pd.Series:
    """Days each deal has been open up to the latest creation date (NaN where the date does not parse)."""
    if created is None or created not in frame:
        return pd.Series(float("nan"), index=frame.index)
    try:
        dates = parsing.parse_dates(frame[created])[0]
    except (TypeError, ValueError):  # dates with a UTC offset: read by calendar day instead
        dates = pd.Series(pd.NaT, index=frame.index)
    if dates.isna().all():
        text = frame[created].astype(str).str.slice(0, 10)
        dates = pd.to_datetime(text, errors="coerce", format="ISO8601")
    dates = pd.to_datetime(dates, errors="coerce")
    return (dates.max() - dates).dt.days


def plan_stages(frame: pd.DataFrame, column: str, *, created: str | None = None,
                known: tuple[Stage, ...] = (), configured: bool = True, status_column: bool = False) -> StagePlan:
    """The stage plan for ``frame[column]`` (all rows, not a sample: every value must be mapped).

    Parameters
    ----------
    frame
        The raw deals frame.
    column
        The header of its stage column.
    created
        The header of the creation date (orders the stages by age when there is no probability column).
    known
        Stages whose order and probabilities are known (client.yaml's, or a recognised CRM's preset): a value
        naming one (``C1:NEW`` names ``new``) takes its place; the others are placed by age next to the deals
        of the known stage closest in age, or all by the probability column where there is one.
    configured
        Whether ``known`` are client.yaml's own stages: when they name every open value as it is, they stay.
    status_column
        Whether the export has its own status column (then no status spec is made from the stage).
    """
    cells = frame[column]
    text = cells.astype(str).str.strip().where(~parsing.empty_mask(cells))
    values = [v for v in pd.unique(text.dropna())]
    prob_col = probability_column(frame)
    closed_col = closed_column(frame)
    probs = _percent(frame[prob_col]) if prob_col else None
    closed = None
    if closed_col is not None:
        tokens = {normalise_token(v) for v in BOOL_TRUE}
        closed = frame[closed_col].map(lambda v: normalise_token(parsing._cell_text(v)) in tokens)
    ages = _ages(frame, created)
    outcomes: dict[str, str] = {}
    questions: list[Question] = []
    order: dict[str, tuple[float, float]] = {}
    for value in values:
        rows = text == value
        outcome = outcome_of(value)
        if outcome is not None:
            outcomes[value] = outcome
            continue
        p = float(probs[rows].median()) if probs is not None and probs[rows].notna().any() else None
        if closed is not None and closed[rows].mean() >= 0.5:
            n, total = int(closed[rows].sum()), int(rows.sum())
            questions.append(Question(value, "won", Note(
                f"{closed_col} says closed in {n} of {total} rows; not a won or lost word",
                f"{closed_col} 表明 {total} 行中 {n} 行已关闭；取值不是赢单或丢单的说法"), total))
            outcomes[value] = "won"
            continue
        if p is not None and p in (0.0, 100.0):
            likely = "won" if p == 100.0 else "lost"
            questions.append(Question(value, likely, Note(
                f"{prob_col} is {p:g} in its rows; not a won or lost word",
                f"这些行的 {prob_col} 为 {p:g}；取值不是赢单或丢单的说法"), int(rows.sum())))
            outcomes[value] = likely
            continue
        outcomes[value] = "open"
        age = ages[rows].median()
        order[value] = (p if p is not None else -1.0, float(age) if pd.notna(age) else 0.0)
    lookup = {}
    for i, stage in enumerate(known):
        lookup.setdefault(normalise_token(stage.name), i)
        lookup.setdefault(normalise_token(stage.label_zh), i)
    place = {v: lookup.get(normalise_token(v), lookup.get(_unprefixed(v))) for v in order}
    if prob_col:
        open_values = sorted(order, key=lambda v: (order[v][0], order[v][1], values.index(v)))
    else:
        open_values = sorted(order, key=lambda v: (_rank(v, place, order), order[v][1], values.index(v)))
    if open_values and configured and all(normalise_token(v) in lookup for v in open_values):
        stages, how = None, Note("the configured stages name every open stage value",
                                 "client.yaml 中的阶段已涵盖所有进行中的阶段取值")
    elif open_values:
        stages = _adopt(open_values, {v: order[v][0] for v in open_values} if prob_col else None,
                        {v: known[i] for v, i in place.items() if i is not None})
        n = len(stages)
        how = (Note(f"{n} open stage(s) in the order of {prob_col}", f"{n} 个进行中阶段，按 {prob_col} 排序")
               if prob_col else
               Note(f"{n} open stage(s) in the known order, the others by their deals' median age",
                    f"{n} 个进行中阶段，已知阶段按已知顺序，其余按商机存续时间的中位数排序")
               if any(i is not None for i in place.values()) else
               Note(f"{n} open stage(s) in the order of their deals' median age",
                    f"{n} 个进行中阶段，按商机存续时间的中位数排序"))
    else:
        stages, how = None, Note("no open stage value: the configured stages stay",
                                 "没有进行中的阶段取值：保留 client.yaml 中的阶段")
    names = [st.name for st in stages] if stages else [st.name for st in known][-1:]
    outcomes_to = _open_map(open_values, stages or known, place, known)
    plan = StagePlan(column, stages, column, {} if not status_column else None, outcomes, tuple(questions),
                     evidence=how, last_stage=names[-1] if names else None, open_to=outcomes_to,
                     known=tuple(known))
    return dataclasses.replace(plan, **_specs(column, outcomes, names, status_column, outcomes_to))


def _open_map(values: list[str], stages: tuple[Stage, ...], place: dict[str, int | None],
              known: tuple[Stage, ...]) -> dict[str, str]:
    """Open value -> stage name, for the values the stages' names and labels do not spell."""
    tokens = {normalise_token(w): st.name for st in stages for w in (st.name, st.label_zh)}
    out = {}
    for v in values:
        if normalise_token(v) in tokens:
            continue
        shipped = shipped_stages().get(normalise_token(v))
        if shipped and shipped[0] in tokens.values():
            out[v] = shipped[0]
        elif place.get(v) is not None:
            out[v] = known[place[v]].name
        else:
            out[v] = stage_name(v)
    return out


def _unprefixed(value: str) -> str:
    """``C1:NEW`` -> ``new``: a Bitrix24 pipeline's stage code without its pipeline."""
    token = normalise_token(value)
    return token.split(":", 1)[1] if re.match(r"^c\d+:", token) else token


def _rank(value: str, place: dict[str, int | None], order: dict[str, tuple[float, float]]) -> float:
    """A value's place in the known order; an unknown one just after the known value closest in deal age."""
    if place[value] is not None:
        return float(place[value])
    known = [(abs(order[v][1] - order[value][1]), i) for v, i in place.items() if i is not None]
    return min(known)[1] + 0.5 if known else 0.0


def _adopt(values: list[str], probabilities: dict[str, float] | None,
           known: dict[str, Stage] | None = None) -> tuple[Stage, ...]:
    """Stages for the open values in order: a known stage as it is (once), else one named after the value
    (unique names and labels), with probabilities from the column or spread evenly."""
    out, names = [], set()
    known = known or {}
    for i, value in enumerate(values):
        p = probabilities.get(value) if probabilities else None
        p = round(p / 100, 2) if p is not None and p >= 0 else round((i + 1) / (len(values) + 1), 2)
        if value in known:
            stage = known[value]
            if stage.name not in names:
                names.add(stage.name)
                out.append(stage if probabilities is None else Stage(name=stage.name, label_zh=stage.label_zh,
                                                                     probability=p))
            continue
        name, label = shipped_stages().get(normalise_token(value), (stage_name(value), value))
        if normalise_token(label) == normalise_token(name):  # a name and a label must differ: 「Contract Sent」
            label = f"「{value}」"
        while name in names:
            name += "_"
        names.add(name)
        out.append(Stage(name=name, label_zh=label, probability=p))
    return tuple(out)


def _specs(column: str, outcomes: dict[str, str], names: list[str], status_column: bool,
           open_to: dict[str, str | None] | None = None) -> dict:
    """The stage and status specs: open values read as they are (their labels are the values) or mapped to the
    known stage they name, a won deal at the last stage, a lost one with no last stage kept empty."""
    stage_values = {v: name for v, name in (open_to or {}).items() if outcomes.get(v) == "open"}
    last = names[-1] if names else None
    for value, outcome in outcomes.items():
        if outcome == "won":
            stage_values[value] = last
        elif outcome == "lost":
            stage_values[value] = None
    stage_spec: dict | str = ({"column": column, "values": stage_values, "if_empty": "keep"}
                              if stage_values else column)
    status_spec = None if status_column else {"column": column, "values": dict(outcomes)}
    return {"stage_spec": stage_spec, "status_spec": status_spec}
