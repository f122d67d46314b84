"""Recognise a known CRM from the headers of its exports, and start the map from its preset.

Every shipped preset names the headers of its CRM's export per table. A set of files whose headers hold most
of one preset's headers (at least :data:`SHARE` of them, and :data:`MIN_HEADERS`) is that CRM's export: each
file takes the preset's table whose headers it holds most of, and each field the preset maps to a header the
file has starts from the preset's spec (values maps, formats and all).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from workbook.core import columns as c
from workbook.core.io import read_yaml
from workbook.core.schema import normalise_token
from workbook.intake.readers import RawFrame

__all__ = ["Recognition", "recognise", "preset_spec", "preset_tables", "preset_headers", "preset_values",
           "shipped_stages", "DISPLAY_NAMES"]

SHARE = 0.75  # of the headers of the preset's tables found in the files
MIN_HEADERS = 4
DISPLAY_NAMES = {"bitrix24": "Bitrix24", "cordys-crm": "CordysCRM", "salesforce": "Salesforce",
                 "hubspot": "HubSpot", "maven-crm": "Maven CRM", "cn-crm": "a Chinese CRM (cn-crm)",
                 "mql-deals": "Olist MQL + closed deals"}


@dataclass(frozen=True)
class Recognition:
    """The preset the exports fit: headers found of the preset's, and the table each frame takes."""

    preset: str
    found: int
    total: int
    tables: tuple[tuple[int, str], ...]  # (frame index, table)

    @property
    def name(self) -> str:
        return DISPLAY_NAMES.get(self.preset, self.preset)

    def table_of(self, index: int) -> str | None:
        return dict(self.tables).get(index)


@lru_cache(maxsize=1)
def _presets() -> dict[str, dict]:
    out = {}
    for path in files("workbook.intake.presets").iterdir():
        if path.name.endswith(".yaml"):
            out[path.name.removesuffix(".yaml")] = read_yaml(path.read_text(encoding="utf-8")) or {}
    return out


def preset_spec(preset: str) -> dict:
    """The preset's parsed YAML (a copy of the cached one is not needed: callers only read it)."""
    return _presets()[preset]


def preset_tables() -> list[dict]:
    """Every shipped preset's ``tables:``."""
    return [spec.get("tables") or {} for spec in _presets().values()]


@lru_cache(maxsize=1)
def shipped_stages() -> dict[str, tuple[str, str]]:
    """Normalised stage spelling -> (name, label_zh) of the shipped presets' stages: their names, Chinese labels
    and the export values their stage maps send to them (``Proposal/Price Quote`` -> proposal_price_quote)."""
    out: dict[str, tuple[str, str]] = {}
    for spec in _presets().values():
        stages = {s["name"]: (s["name"], s["label_zh"]) for s in spec.get("stages") or ()}
        for name, label in stages.values():
            out.setdefault(normalise_token(name), (name, label))
            out.setdefault(normalise_token(label), (name, label))
        col = ((spec.get("tables") or {}).get("opportunities") or {}).get("columns", {}).get("stage")
        for value, name in ((col.get("values") or {}) if isinstance(col, dict) else {}).items():
            if name in stages and normalise_token(value) not in {"closedwon", "won"}:
                out.setdefault(normalise_token(value), stages[name])
    return out


@lru_cache(maxsize=1)
def preset_headers() -> dict[str, dict[str, frozenset[str]]]:
    """table -> field -> headers the shipped presets map to it."""
    out: dict[str, dict[str, set[str]]] = {}
    for tables in preset_tables():
        for table, spec in tables.items():
            for name, col in (spec.get("columns") or {}).items():
                header = col if isinstance(col, str) else (col or {}).get("column")
                if header and not str(header).startswith("joined."):
                    out.setdefault(table, {}).setdefault(name, set()).add(str(header))
    return {t: {f: frozenset(h) for f, h in fields.items()} for t, fields in out.items()}


@cache
def preset_values(table: str, name: str) -> dict[str, str]:
    """Normalised value -> code that the shipped presets' values maps give a vocabulary field (None left out)."""
    out = {}
    for spec in preset_tables():
        col = ((spec.get(table) or {}).get("columns") or {}).get(name)
        for value, code in ((col.get("values") or {}) if isinstance(col, dict) else {}).items():
            if code is not None:
                out[normalise_token(value)] = str(code)
    return out


def _headers(entry: dict) -> set[str]:
    """Normalised headers a preset's table entry reads (columns and join keys; joined columns left out)."""
    out = set()
    for spec in (entry.get("columns") or {}).values():
        header = spec if isinstance(spec, str) else (spec or {}).get("column")
        if header and not str(header).startswith("joined."):
            out.add(normalise_token(header))
    join = entry.get("join") or {}
    if join.get("on"):
        out.add(normalise_token(join["on"]))
    return out


def recognise(frames: list[RawFrame]) -> Recognition | None:
    """The preset whose headers the frames hold best (None when none holds :data:`SHARE` of the headers of the
    tables the frames take, or fewer than :data:`MIN_HEADERS`)."""
    have = [{normalise_token(h) for h in raw.frame.columns if h != c.SOURCE_ROW} for raw in frames]
    best: Recognition | None = None
    for preset, spec in sorted(_presets().items()):
        tables = {t: _headers(e or {}) for t, e in (spec.get("tables") or {}).items()}
        total = sum(len(h) for h in tables.values())
        if not total:
            continue
        taken: dict[str, tuple[int, int]] = {}  # table -> (headers found, frame index)
        for i, headers in enumerate(have):
            scores = sorted(((len(headers & h), t) for t, h in tables.items()), reverse=True)
            if not scores or scores[0][0] == 0:
                continue
            found, table = scores[0]
            if found > taken.get(table, (0, -1))[0]:
                taken[table] = (found, i)
        found = sum(n for n, _ in taken.values())
        total = sum(len(tables[t]) for t in taken)  # the preset's headers of the tables these files hold
        if found < MIN_HEADERS or found / total < SHARE:
            continue
        candidate = Recognition(preset, found, total, tuple(sorted((i, t) for t, (_, i) in taken.items())))
        if best is None or found / total > best.found / best.total:
            best = candidate
    return best
