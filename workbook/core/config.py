"""``client.yaml``: one typed, frozen, validated engagement configuration.

Unknown keys and bad values are errors naming the key:

>>> ClientConfig.model_validate({"client_name": "Demo", "revenue_traget": 5})
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for ClientConfig
revenue_traget
  Extra inputs are not permitted [type=extra_forbidden, input_value=5, input_type=int]
...

:func:`load_config` wraps such errors in :class:`~workbook.exceptions.ConfigError`
with the file and key spelled out.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from workbook.core.io import read_yaml_file
from workbook.core.schema import VOCABULARIES, normalise_token
from workbook.exceptions import ConfigError, YamlError

LEVELS = VOCABULARIES["level"].codes
RELATIONSHIPS = VOCABULARIES["relationship"].codes
CHANNELS = VOCABULARIES["activity_type"].codes


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Model):
    start: dt.date = Field(description="first day analysed")
    end: dt.date = Field(description="last day analysed; also the 'as of' date for recency")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period.end ({self.end}) is before period.start ({self.start})")
        return self


class Stage(_Model):
    name: str
    label_zh: str
    probability: float = Field(ge=0, le=1)
    intent: bool = False  # the purchase-intent stage of the five numbers (default: the stage before the last)


DEFAULT_STAGES = (
    Stage(name="discover", label_zh="发现", probability=0.1),
    Stage(name="qualify", label_zh="确认", probability=0.2),
    Stage(name="solution", label_zh="方案", probability=0.4),
    Stage(name="bid", label_zh="投标", probability=0.6),
    Stage(name="negotiate", label_zh="谈判", probability=0.8),
)


class LevelRule(_Model):
    """Conditions a customer must all meet to reach a level (unset = no condition)."""

    industries: tuple[str, ...] | None = None
    min_headcount: int | None = Field(default=None, ge=0)
    min_annual_revenue: float | None = Field(default=None, ge=0)
    min_revenue_growth_3y: float | None = None
    min_it_share: float | None = Field(default=None, ge=0, le=1)
    brand_standing: tuple[str, ...] | None = None

    @field_validator("brand_standing")
    @classmethod
    def _known_standing(cls, value):
        if value is None:
            return value
        vocab = VOCABULARIES["brand_standing"]
        out = []
        for item in value:
            code = vocab.canonical(item)
            if code is None:
                raise ValueError(f"brand standing {item!r} must be one of {vocab.allowed()}")
            out.append(code)
        return tuple(out)


class IcpRules(_Model):
    """ICP rules for the customer level (客户级别).

    ``target`` is the target customer profile (the ICP): a customer outside it is ``potential``. Inside it,
    ``quality`` (reasonable expectations, strong buying power, repeat purchase likely: size and growth) and
    ``strategic`` (the well-known benchmark customer: brand standing and size) are two separate tests: by
    default a strategic customer need not meet the growth rule of ``quality``; set
    ``strategic_needs_quality: true`` to make the levels cumulative (strategic = quality + strategic rule).
    A customer whose level a missing field leaves undecided is ``incomplete`` (资料不全), not ``potential``.
    """

    target: LevelRule = LevelRule(min_headcount=200, min_annual_revenue=50_000_000)
    quality: LevelRule = LevelRule(min_headcount=500, min_annual_revenue=200_000_000, min_revenue_growth_3y=0.05)
    strategic: LevelRule = LevelRule(min_annual_revenue=1_000_000_000, brand_standing=("leading",))
    strategic_needs_quality: bool = Field(
        default=False, description="strategic customers must also meet the quality rule (cumulative levels)")


DEFAULT_CONTACT_WEIGHTS = {"visit": 1.0, "technical_exchange": 1.0, "phone": 0.5, "event": 0.5, "service": 0.5,
                           "email": 0.2}


class RelationshipRules(_Model):
    """How relationship is derived from contacts and won deals when the data do not give it.

    Contacts are weighed by depth (``contact_weights``: a visit or technical exchange counts more than a phone
    call, a phone call more than an e-mail; an untyped contact counts 1) and only those in the last
    ``lookback_days`` count; so do won deals (a win older than the window, or undated, no longer counts).
    """

    lookback_days: int = Field(default=365, gt=0, description="contacts and wins counted within this many days")
    familiar_min_contacts: float = Field(default=6, gt=0,
                                         description="weighted contacts in the window that make 'familiar'")
    familiar_min_won: int = Field(default=1, ge=1, description="or this many won deals in the window")
    partner_min_won: int = Field(default=2, ge=1, description="repeated wins in the window ...")
    partner_recent_days: int = Field(default=180, gt=0,
                                     description="... and a full-weight contact (a visit) this recent")
    contact_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CONTACT_WEIGHTS),
                                              description="weight of one contact per activity type")

    @field_validator("contact_weights")
    @classmethod
    def _weights(cls, value):
        for kind, weight in value.items():
            if kind not in CHANNELS:
                raise ValueError(f"contact_weights: activity type {kind!r} must be one of {', '.join(CHANNELS)}")
            if not 0 <= weight <= 1:
                raise ValueError(f"contact_weights.{kind} = {weight} must be between 0 and 1")
        return value


TierMatrix = dict[str, dict[str, int | None]]
DEFAULT_TIERS: TierMatrix = {
    "strategic": {"untouched": None, "neutral": 4, "familiar": 2, "partner": 1},
    "quality": {"untouched": None, "neutral": 4, "familiar": 2, "partner": 2},
    "target": {"untouched": None, "neutral": 5, "familiar": 3, "partner": 3},
    "potential": {"untouched": None, "neutral": None, "familiar": None, "partner": None},
}


class TimeCategory(_Model):
    name: str
    label_zh: str
    kind: Literal["direct", "indirect", "non_selling"]
    offloadable: bool = False


DEFAULT_TIME_CATEGORIES = (
    TimeCategory(name="customer_meeting", label_zh="客户拜访与洽谈", kind="direct"),
    TimeCategory(name="selling_calls", label_zh="销售电话", kind="direct"),
    TimeCategory(name="visit_planning", label_zh="拜访计划", kind="indirect", offloadable=True),
    TimeCategory(name="proposal_prep", label_zh="方案与报价准备", kind="indirect", offloadable=True),
    TimeCategory(name="travel", label_zh="差旅", kind="indirect"),
    TimeCategory(name="order_entry", label_zh="订单录入", kind="non_selling", offloadable=True),
    TimeCategory(name="invoice_contract", label_zh="发票与合同事务", kind="non_selling", offloadable=True),
    TimeCategory(name="internal_meeting", label_zh="内部会议", kind="non_selling"),
    TimeCategory(name="admin_training", label_zh="行政与培训", kind="non_selling", offloadable=True),
)


# the client's own categories that ``labels:`` translates: text fields of its tables and its config vocabularies
LABEL_VOCABS = ("source", "industry", "region", "team", "lost_reason", "stage", "time_category", "main_business")
KIT_VOCABS = {"time_category": "category"}  # the vocabulary the kit's results label these with, where it differs


class Label(_Model):
    """One client category's label per language; an unset label is the client's own value."""

    zh: str | None = Field(default=None, min_length=1)
    en: str | None = Field(default=None, min_length=1)


KPIS = ("coverage", "lead_to_win", "win_rate", "cycle_days", "cost_to_serve", "revenue_per_contact_hour")


class KpiValues(_Model):
    """Target of each KPI by customer segment (unset: no target); rates in 0-1."""

    coverage: float | None = Field(default=None, ge=0, le=1,
                                   description="share of customers contacted at least as the contact policy asks")
    lead_to_win: float | None = Field(default=None, ge=0, le=1, description="share of leads that end in a won deal")
    win_rate: float | None = Field(default=None, ge=0, le=1, description="won / closed opportunities")
    cycle_days: float | None = Field(default=None, gt=0, description="median days from opportunity to won deal")
    cost_to_serve: float | None = Field(default=None, ge=0,
                                        description="contact cost per contacted customer (money with visit_cost, "
                                                    "else relative units: one visit = 100)")
    revenue_per_contact_hour: float | None = Field(default=None, ge=0,
                                                   description="won revenue per hour of customer contact")

    def get(self, kpi: str) -> float | None:
        return getattr(self, kpi)


class KpiTargets(KpiValues):
    """KPI targets for every segment, with per-tier overrides (``by_tier: {1: {coverage: 0.9}}``)."""

    by_tier: dict[int, KpiValues] = Field(default_factory=dict)

    @field_validator("by_tier")
    @classmethod
    def _tiers(cls, value):
        bad = [tier for tier in value if not 1 <= tier <= 5]
        if bad:
            raise ValueError(f"kpi_targets.by_tier: tier {bad[0]} must be 1-5")
        return value

    def target(self, kpi: str, tier: int | None = None) -> float | None:
        """The target of ``kpi`` for ``tier`` (its override, else the target for every segment)."""
        own = self.by_tier.get(tier) if tier is not None else None
        value = None if own is None else own.get(kpi)
        return self.get(kpi) if value is None else value


class Limits(_Model):
    """Bounds on the client's raw files, checked before a file is parsed.

    A file beyond one is refused with a problem naming the file and the limit. The defaults hold a client
    three times the size of the large sample (1.2M leads, a 123 MB CSV); raise them for a genuinely larger one.
    """

    file_mb: float = Field(default=1000, gt=0, description="largest CSV file, and largest workbook once unzipped (MB)")
    sheet_mb: float = Field(default=600, gt=0, description="largest part of a workbook (a sheet's XML) once "
                                                           "unzipped (MB)")
    rows: int = Field(default=3_000_000, gt=0, description="most rows in one CSV file or sheet")
    cells: int = Field(default=50_000_000, gt=0, description="most cells in one sheet (rows x columns it spans)")
    zip_ratio: float = Field(default=200, gt=1, description="most a workbook part over 1 MB may expand over its "
                                                            "compressed size")
    zip_entries: int = Field(default=10_000, gt=0, description="most parts in one workbook")


class ClientConfig(_Model):
    """The engagement: who the client is and every analysis parameter."""

    client_name: str = Field(min_length=1)
    language: Literal["zh", "en"] = "zh"
    currency: str = "CNY"
    period: Period | None = None
    revenue_target: float | None = Field(default=None, ge=0, description="revenue target for the period")
    timezone: str | None = Field(
        default=None, description="the client's time zone, an IANA name such as Europe/Moscow or Asia/Shanghai: "
                                  "dates exported with a UTC offset are converted to it; default: the most common "
                                  "offset in the data")
    report_date: dt.date | None = Field(
        default=None, description="the date the report is handed over (the cover's report date); default: the day "
                                  "it is rendered")
    templates: str | None = Field(
        default=None, description="the firm's templates folder (firm.yaml: name, logo, colours, font; template "
                                  "overrides); a relative path is relative to the client folder; default: the "
                                  "kit's templates/")
    stages: tuple[Stage, ...] = DEFAULT_STAGES
    source_types: dict[str, Literal["active", "passive"]] = Field(
        default_factory=dict, description="lead source -> active/passive, used when leads lack source_type")
    followup_days: int = Field(default=7, gt=0, description="a lead counts as used if followed up within this")
    icp: IcpRules = IcpRules()
    relationship_rules: RelationshipRules = RelationshipRules()
    tiers: TierMatrix = Field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_TIERS.items()})
    contact_policy: dict[int, float] = Field(
        default_factory=lambda: {1: 2.0, 2: 1.0, 3: 0.5, 4: 1.0, 5: 0.25},
        description="minimum contacts per month for each tier")
    neglect_days: int = Field(default=90, gt=0,
                              description="top-tier customers without contact this long are neglected")
    channel_costs: dict[str, float] = Field(
        default_factory=lambda: {"visit": 100.0, "phone": 1.0, "email": 0.01},
        description="unit cost of one contact per channel")
    time_categories: tuple[TimeCategory, ...] = DEFAULT_TIME_CATEGORIES
    support_hourly_cost: float = Field(default=80.0, gt=0)
    visit_cost: float | None = Field(default=None, gt=0,
                                     description="money cost of one customer visit; phone and e-mail follow the "
                                                 "channel_costs ratio (unset: cost to serve in relative units)")
    offload_share: float = Field(default=0.25, ge=0, le=1,
                                 description="share of each offloadable category moved to support staff")
    kpi_targets: KpiTargets | None = Field(default=None, description="KPI targets by customer segment")
    strict: bool = Field(default=False, description="blank required categories (a lead's source, a deal's stage) "
                                                    "are errors instead of the code 'unknown'")
    tables: dict[str, TableSource] = Field(default_factory=dict,
                                            description="where each table comes from and how its columns map")
    limits: Limits = Field(default_factory=Limits, description="bounds on the raw files (sizes, rows, cells)")
    allow_outside: bool = Field(default=False, description="read files outside data/raw/ (a symlink, a ../ or "
                                                           "absolute tables.<table>.file); refused by default")
    labels: dict[str, dict[str, Label]] = Field(
        default_factory=dict, description="the client's categories in each language, per vocabulary: "
                                          "{source: {网站: {en: Website}}} (a bare text is the English label)")

    @property
    def intent_stage(self) -> str:
        """The purchase-intent stage: the one marked ``intent: true``, else the stage before the last."""
        marked = [s.name for s in self.stages if s.intent]
        return marked[0] if marked else self.stages[max(len(self.stages) - 2, 0)].name

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value):
        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone name such as Europe/Moscow, Asia/Shanghai or "
                             "UTC") from None
        return value

    @field_validator("stages")
    @classmethod
    def _stages(cls, value):
        if not value:
            raise ValueError("at least one stage is needed")
        if sum(s.intent for s in value) > 1:
            raise ValueError("stages: at most one stage is marked intent: true")
        names = [normalise_token(s.name) for s in value] + [normalise_token(s.label_zh) for s in value]
        if len(set(names)) != len(names):
            raise ValueError("stage names and labels must be unique")
        return value

    @field_validator("tiers")
    @classmethod
    def _tiers(cls, value):
        for level, row in value.items():
            if level not in LEVELS:
                raise ValueError(f"tier matrix level {level!r} must be one of {', '.join(LEVELS)}")
            for rel, tier in row.items():
                if rel not in RELATIONSHIPS:
                    raise ValueError(f"tiers.{level}: relationship {rel!r} must be one of {', '.join(RELATIONSHIPS)}")
                if tier is not None and not 1 <= tier <= 5:
                    raise ValueError(f"tiers.{level}.{rel}: tier {tier} must be 1-5 or null")
        missing = [lv for lv in LEVELS if lv not in value]
        if missing:
            raise ValueError(f"tier matrix lacks levels {', '.join(missing)}")
        return value

    @field_validator("contact_policy")
    @classmethod
    def _policy(cls, value):
        for tier, per_month in value.items():
            if not 1 <= tier <= 5:
                raise ValueError(f"contact_policy tier {tier} must be 1-5")
            if per_month < 0:
                raise ValueError(f"contact_policy.{tier} = {per_month} must be >= 0")
        return value

    @field_validator("channel_costs")
    @classmethod
    def _channels(cls, value):
        for channel, cost in value.items():
            if channel not in CHANNELS:
                raise ValueError(f"channel_costs: channel {channel!r} must be one of {', '.join(CHANNELS)}")
            if cost < 0:
                raise ValueError(f"channel_costs.{channel} = {cost} must be >= 0")
        return value

    @field_validator("time_categories")
    @classmethod
    def _categories(cls, value):
        names = [normalise_token(t.name) for t in value]
        if len(set(names)) != len(names):
            raise ValueError("time category names must be unique")
        return value

    @field_validator("labels", mode="before")
    @classmethod
    def _label_vocabs(cls, value):
        if not isinstance(value, dict):
            return value
        unknown = [str(vocab) for vocab in value if vocab not in LABEL_VOCABS]
        if unknown:
            raise ValueError(f"labels: unknown vocabulary {unknown[0]!r}{did_you_mean(unknown[0], LABEL_VOCABS)}; "
                             f"vocabularies: {', '.join(LABEL_VOCABS)}")
        return {vocab: {str(code): {"en": label} if isinstance(label, str) else label
                        for code, label in (entries or {}).items()} if isinstance(entries, dict) else entries
                for vocab, entries in value.items()}

    @model_validator(mode="after")
    def _label_codes(self) -> ClientConfig:
        """Stage and time-category labels are keyed by the name or the Chinese label of a configured one."""
        for vocab, lookup in (("stage", self.stage_lookup()), ("time_category", self.category_lookup())):
            unknown = [code for code in self.labels.get(vocab, {}) if normalise_token(code) not in lookup]
            if unknown:
                raise ValueError(f"labels.{vocab}: {unknown[0]!r} is not a configured {vocab.replace('_', ' ')}; "
                                 f"use one of {', '.join(sorted(set(lookup.values())))} or its Chinese label")
        return self

    def vocab_labels(self) -> dict[str, dict[str, tuple[str, str]]]:
        """``{vocab: {code: (zh, en)}}`` from ``labels:`` (a label not given is the client's own value).

        Stages and time categories are keyed by their name, whichever spelling ``labels:`` used; time
        categories come under ``category``, the vocabulary the kit's results label them with.

        >>> ClientConfig(client_name="X", labels={"source": {"网站": {"en": "Website"}},
        ...                                       "stage": {"投标": {"en": "Tender"}}}).vocab_labels()
        {'source': {'网站': ('网站', 'Website')}, 'stage': {'bid': ('投标', 'Tender')}}
        """
        lookups = {"stage": self.stage_lookup(), "time_category": self.category_lookup()}
        zh_names = {"stage": {s.name: s.label_zh for s in self.stages},
                    "time_category": {t.name: t.label_zh for t in self.time_categories}}
        out: dict[str, dict[str, tuple[str, str]]] = {}
        for vocab, entries in self.labels.items():
            lookup = lookups.get(vocab)
            for code, label in entries.items():
                key = lookup[normalise_token(code)] if lookup else code
                own = zh_names.get(vocab, {}).get(key, code)
                out.setdefault(KIT_VOCABS.get(vocab, vocab), {})[key] = (label.zh or own, label.en or own)
        return out

    @field_validator("tables")
    @classmethod
    def _table_names(cls, value):
        from workbook.core.schema import TABLES, table_for_name

        problems = []
        for name, spec in value.items():
            if name not in TABLES:
                alias = table_for_name(name)
                hint = f" (did you mean {alias!r}?)" if alias else did_you_mean(name, TABLES)
                problems.append(f"tables: {name!r} must be one of {', '.join(TABLES)}{hint}")
                continue
            fields = TABLES[name].names
            for key in spec.columns:
                if key not in fields:
                    problems.append(f"tables.{name}.columns: unknown field {key!r}{did_you_mean(key, fields)}; "
                                    f"the {name} fields are {', '.join(fields)}")
                elif (spec.spec(key).if_empty == "unknown"
                      and TABLES[name].field(key).kind not in ("text", "vocab", "stage", "category")):
                    problems.append(f"tables.{name}.columns.{key}: if_empty: unknown is for categories only "
                                    f"(a {TABLES[name].field(key).kind} field); use 'keep' or 'error'")
        if problems:
            raise ValueError("; ".join(problems))
        return value

    def stage_lookup(self) -> dict[str, str]:
        """Normalised stage spelling (name or Chinese label) -> stage name."""
        out = {}
        for s in self.stages:
            out[normalise_token(s.name)] = s.name
            out[normalise_token(s.label_zh)] = s.name
        return out

    def category_lookup(self) -> dict[str, str]:
        out = {}
        for t in self.time_categories:
            out[normalise_token(t.name)] = t.name
            out[normalise_token(t.label_zh)] = t.name
        return out


def did_you_mean(word: str, choices) -> str:
    """`` (did you mean 'won'?)`` for the closest choice, or ``""``.

    >>> did_you_mean("sourse", ["source", "owner"])
    " (did you mean 'source'?)"
    """
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class ColumnSpec(_Model):
    """How one canonical field is filled from the raw data."""

    column: str | None = Field(default=None, description="source column header")
    value: Any = Field(default=None, description="a constant for every row instead of a column")
    values: dict[str, Any] | None = Field(default=None, description="source value -> canonical value")
    format: str | None = Field(default=None, description="strftime date format, e.g. %d.%m.%Y")
    if_empty: Literal["error", "keep", "unknown"] | None = Field(
        default=None, description="for a required field: 'error' rejects empty cells, 'keep' accepts them as empty "
                                  "and 'unknown' fills the code unknown (both reported as a finding); default: "
                                  "'unknown' for a required category (source, stage, time category) unless "
                                  "strict: true, else 'error'")

    @model_validator(mode="after")
    def _one_source(self) -> ColumnSpec:
        if (self.column is None) == (self.value is None):
            raise ValueError("give exactly one of 'column' (a source header) or 'value' (a constant)")
        return self


Delimiter = Literal[",", ";", "\t", "|"]
Decimal = Literal[".", ","]
DELIMITER_HELP = "the field separator of a CSV file: , ; tab or | (default: read from the file)"
DECIMAL_HELP = ("the decimal mark of the file's numbers: '.' (1,234.56) or ',' (1.234,56); default: read from "
                "each column's values")


class JoinSpec(_Model):
    """A second file whose columns are joined onto the table by a key."""

    file: str
    sheet: str | None = None
    on: str = Field(description="key column in the main file")
    right_on: str | None = Field(default=None, description="key column in the joined file (default: same as on)")
    how: Literal["left", "inner"] = "left"
    delimiter: Delimiter | None = Field(default=None, description=DELIMITER_HELP)
    decimal: Decimal | None = Field(default=None, description=DECIMAL_HELP)


class TableSource(_Model):
    file: str | None = Field(default=None, description="file in data/raw/ (default: found by name)")
    sheet: str | None = None
    columns: dict[str, str | ColumnSpec] = Field(default_factory=dict,
                                                 description="canonical field -> source header or spec")
    join: JoinSpec | None = None
    delimiter: Delimiter | None = Field(default=None, description=DELIMITER_HELP)
    decimal: Decimal | None = Field(default=None, description=DECIMAL_HELP)

    def spec(self, field_name: str) -> ColumnSpec | None:
        raw = self.columns.get(field_name)
        if raw is None:
            return None
        return ColumnSpec(column=raw) if isinstance(raw, str) else raw


ClientConfig.model_rebuild()


_UNION_BRANCH = re.compile(r"^(str|int|float|bool|none|list\[.*\]|dict\[.*\]|function-.*|[A-Z]\w+)$")


def _key_path(loc: tuple) -> str:
    """``('tables', 'leads', 'columns', 'x', 'function-after[...]')`` -> ``tables.leads.columns.x``."""
    return ".".join(str(part) for part in loc if not _UNION_BRANCH.match(str(part)))


def parse_config(data: Any, *, source: str = "client.yaml") -> ClientConfig:
    """Validate a mapping into a :class:`ClientConfig`, raising :class:`ConfigError`.

    >>> parse_config({"client_name": "X", "followup_days": 0}, source="demo.yaml")
    Traceback (most recent call last):
    ...
    workbook.exceptions.ConfigError: demo.yaml: key 'followup_days': Input should be greater than 0 (got 0)
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of keys to values at the top level, got {type(data).__name__}",
                          path=source)
    try:
        return ClientConfig.model_validate(data)
    except ValidationError as exc:
        lines = []
        first_key = None
        errors = exc.errors()
        keys = [_key_path(e["loc"]) for e in errors]
        # in a union (text or mapping), keep the informative branch only
        errors = [e for e, k in zip(errors, keys)
                  if not (keys.count(k) > 1 and e["msg"].startswith("Input should be a valid"))]
        for err in errors:
            key = _key_path(err["loc"])
            first_key = first_key or key
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key (check the spelling; `workbook new` writes a client.yaml listing every key)"
            got = err.get("input")
            got_txt = ("" if err["type"] in ("missing", "extra_forbidden") or isinstance(got, dict)
                       else f" (got {_short(repr(got))})")
            lines.append(f"key {key!r}: {msg}{got_txt}" if key else f"{msg}{got_txt}")
        if len(lines) > MAX_SHOWN:
            lines = [*lines[:MAX_SHOWN], f"and {len(lines) - MAX_SHOWN:,} more"]
        raise ConfigError(f"{source}: " + "; ".join(lines), path=source, key=first_key) from None


MAX_SHOWN = 20  # problems a config error spells out (a list of thousands is cut)


def _short(text: str, limit: int = 200) -> str:
    """A value as an error shows it: at most ``limit`` characters (a long list is cut, never printed whole)."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def load_config(path: str | Path) -> ClientConfig:
    """Read ``client.yaml`` with a safe loader and validate it (the same content is parsed once a process)."""
    path = Path(path)
    if path.is_dir():
        path = path / "client.yaml"
    if not path.exists():
        raise ConfigError(f"{path}: file not found. Create it with `workbook new DIR` or `workbook sample DIR`.",
                          path=str(path))
    if path.stat().st_size > CACHED_CONFIG_BYTES:  # read within the YAML bounds, as it is
        return _read_config(path)
    return _cached_config(path, path.resolve(), path.read_bytes())


CACHED_CONFIG_BYTES = 1 << 20  # a client.yaml is a few KB: up to this size a process parses each content once


@functools.lru_cache(maxsize=64)
def _cached_config(path: Path, resolved: Path, content: bytes) -> ClientConfig:
    """:func:`load_config` of ``path`` (named so in errors) holding ``content``: the same bytes, the same config,
    parsed once (a batch asks for each client's config several times); a rewritten file is parsed again."""
    return _read_config(path)


def _read_config(path: Path) -> ClientConfig:
    try:
        data = read_yaml_file(path)
    except YamlError as exc:
        raise ConfigError(str(exc), path=str(path)) from None  # the message starts with the file
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8", path=str(path)) from None
    return parse_config(data, source=str(path))


def with_overrides(config: ClientConfig, overrides: dict[str, Any] | None) -> ClientConfig:
    """A new config with top-level keys replaced, validated like the file itself."""
    if not overrides:
        return config
    data = config.model_dump(mode="python")
    data.update(overrides)
    return parse_config(data, source="overrides")
