"""Merge a proposed ``tables:`` map (from :mod:`workbook.intake.mapping`) into ``client.yaml``.

Comments, key order and layout survive (ruamel.yaml round trip); a field the file already maps is kept;
the old file is saved as ``client.yaml.bak``; the merged text is validated before it replaces the file.
"""
from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from workbook.core.config import DEFAULT_STAGES, ClientConfig, parse_config
from workbook.core.io import read_yaml, round_trip_yaml, write_atomic, yaml_text
from workbook.exceptions import ConfigError, YamlError
from workbook.intake.mapping import SHARED_OK, Proposal
from workbook.intake.notes import text
from workbook.intake.recognise import _presets

__all__ = ["WriteResult", "write_proposal"]


@dataclass(frozen=True)
class WriteResult:
    """What ``--write`` did: the file, its backup, the fields added and those kept as they were."""

    path: Path
    backup: Path
    added: tuple[str, ...]
    kept: tuple[str, ...]
    conflicts: tuple[str, ...] = ()  # one column now feeding two unrelated fields (a kept field and a new one)
    stages: tuple[str, ...] = ()  # the stages written (adopted from the data), empty when client.yaml's stay
    guesses: tuple[str, ...] = ()  # stage values whose outcome is a guess to check (a comment in client.yaml)


def _from_preset(table: str, name: str, spec) -> bool:
    """Whether ``spec`` is some shipped preset's own spec for the field (not a hand correction)."""
    plain = _plain(spec)
    return any(_plain(((p.get("tables") or {}).get(table) or {}).get("columns", {}).get(name)) == plain
               for p in _presets().values())


def _plain(value):
    """A round-trip YAML value as plain dicts, lists and scalars (for comparison)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _default(key: str):
    """The value client.yaml's ``key`` has when nobody set it (what ``workbook new`` writes)."""
    info = ClientConfig.model_fields.get(key)
    if info is None:
        return object()
    return info.default_factory() if info.default_factory is not None else info.default


def _stages_replaceable(doc, stages) -> bool:
    """client.yaml's stages may be replaced: absent, some preset's stages as shipped, or the first of
    ``stages`` (a stage answered open joins them at the end)."""
    current = doc.get("stages")
    mine = [{"name": s.name, "label_zh": s.label_zh, "probability": s.probability} for s in stages]
    if current is not None and _plain(current) == mine[:len(current)]:
        return True
    shipped = [p.get("stages") for p in _presets().values()]
    shipped.append([{"name": s.name, "label_zh": s.label_zh, "probability": s.probability} for s in DEFAULT_STAGES])
    return current is None or any(_plain(current) == _plain(stages) for stages in shipped)


def write_proposal(client_dir: str | Path, proposal: Proposal) -> WriteResult:
    """Merge the proposal into ``client.yaml`` (comments and layout kept; ``client.yaml.bak`` written first).

    A field client.yaml already maps is kept as it is (a hand correction wins over the proposal); a table
    whose file client.yaml already sets keeps it. The merged file is validated before it replaces the old one.

    Raises
    ------
    ConfigError
        No client.yaml in ``client_dir``, it is too large or expands through aliases (see
        :func:`workbook.core.io.check_yaml`), or the merged file would not be valid (nothing written then).
    """
    path = Path(client_dir) / "client.yaml"
    if not path.exists():
        raise ConfigError(f"{path}: file not found; create it first with `workbook new {client_dir}`",
                          path=str(path))
    yaml = round_trip_yaml()
    try:
        doc = yaml.load(yaml_text(path))  # size and aliases bounded before the round-trip parser builds anything
    except YamlError as exc:
        raise ConfigError(str(exc), path=str(path)) from None
    if doc is None:
        raise ConfigError(f"{path}: empty file; create it with `workbook new`", path=str(path))
    tables = doc.get("tables")
    if tables is None:
        doc["tables"] = tables = {}
    added, kept = [], []
    plan = proposal.plan
    replace = {"stage", "status"} if plan is not None and (plan.stages is not None or plan.status_spec) else set()
    for table, entry in proposal.tables().items():
        current = tables.get(table)
        if current is None:
            tables[table] = entry
            added += [f"{table}.{name}" for name in entry["columns"]]
            continue
        if "file" not in current:
            current["file"] = entry["file"]
            if "sheet" in entry:
                current["sheet"] = entry["sheet"]
        for key, value in entry.items():
            if key not in ("file", "sheet", "columns") and key not in current:
                current[key] = value
        columns = current.get("columns")
        if columns is None:
            current["columns"] = columns = {}
        for name, header in entry["columns"].items():
            if name in columns and not (table == "opportunities" and name in replace
                                        and _from_preset(table, name, columns[name])):
                kept.append(f"{table}.{name}")
            else:
                columns[name] = header
                added.append(f"{table}.{name}")
    for key, value in proposal.settings.items():  # a recognised CRM's language, currency, source types
        if key not in doc or _plain(doc[key]) == _default(key):
            doc[key] = value
    written_stages: tuple[str, ...] = ()
    if plan is not None and plan.stages is not None and _stages_replaceable(doc, plan.stages):
        doc["stages"] = [{"name": s.name, "label_zh": s.label_zh, "probability": s.probability}
                         for s in plan.stages]
        written_stages = tuple(s.name for s in plan.stages)
    guesses = _comment_guesses(tables, plan)
    conflicts = []
    for table in proposal.tables():
        feeds: dict[str, list[str]] = {}
        for name, spec in (tables[table].get("columns") or {}).items():
            header = spec if isinstance(spec, str) else (spec or {}).get("column")
            if header is not None:
                feeds.setdefault(str(header), []).append(name)
        for header, fields in feeds.items():
            unrelated = [(a, b) for i, a in enumerate(fields) for b in fields[i + 1:]
                         if frozenset((a, b)) not in SHARED_OK]
            conflicts += [f"tables.{table}: {header!r} feeds both {a} and {b}" for a, b in unrelated]
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    text = buffer.getvalue()
    parse_config(read_yaml(text), source=f"{path} (with the proposed map)")
    backup = path.with_name(path.name + ".bak")
    shutil.copy2(path, backup)
    write_atomic(path, text, mode=None)
    return WriteResult(path, backup, tuple(added), tuple(kept), tuple(conflicts), written_stages, guesses)


def _comment_guesses(tables, plan) -> tuple[str, ...]:
    """A comment on each status value whose outcome is a guess: what the data say and how to change it."""
    if plan is None or not plan.questions:
        return ()
    status = ((tables.get("opportunities") or {}).get("columns") or {}).get("status")
    out = []
    for q in plan.questions:
        if q.value in plan.answered:
            continue
        out.append(q.value)
        values = status.get("values") if hasattr(status, "get") else None
        if values is not None and not hasattr(values, "yaml_add_eol_comment"):
            status["values"] = values = CommentedMap(values)
        if values is not None and q.value in values:
            values.yaml_add_eol_comment(f"a guess to check: {q.evidence}; won, lost or open / "
                                        f"待确认：{text(q.evidence, 'zh')}；won、lost 或 open", q.value)
    return tuple(out)
