"""Column-map presets for common CRM exports: data (YAML), not code.

A preset is a partial ``client.yaml`` (``tables:`` maps, stages, source types,
language) for one export format. ``workbook new DIR --preset NAME`` writes a
client.yaml whose keys come from the preset where it sets them and from the
commented defaults elsewhere.

>>> "maven-crm" in list_presets()
True
>>> config = parse_config(read_yaml(client_yaml("Demo", preset="maven-crm")))
>>> config.tables["opportunities"].file, [s.name for s in config.stages]
('sales_pipeline.csv', ['prospecting', 'engaging'])
"""
from __future__ import annotations

import json
import re
from importlib.resources import files

from workbook.core.config import parse_config
from workbook.core.io import read_yaml
from workbook.exceptions import ConfigError

_TOP_KEY = re.compile(r"^([A-Za-z_][\w]*):")


def list_presets() -> list[str]:
    """Names of the shipped presets."""
    return sorted(p.name.removesuffix(".yaml") for p in files(__name__).iterdir()
                  if p.name.endswith(".yaml"))


def preset_text(name: str) -> str:
    """The YAML text of a preset; :class:`ConfigError` naming the choices for an unknown name."""
    if name not in list_presets():
        raise ConfigError(f"unknown preset {name!r}; must be one of {', '.join(list_presets())}", key="preset")
    return files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def _drop_keys(template: str, keys: set[str]) -> str:
    """Remove the top-level blocks of ``keys`` (the key line and its indented lines)."""
    out, skipping = [], False
    for line in template.splitlines():
        match = _TOP_KEY.match(line)
        if match:
            skipping = match.group(1) in keys
            if skipping:
                out.append(f"# {match.group(1)}: set by the preset below")
                continue
        elif skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        else:
            skipping = False
        out.append(line)
    return "\n".join(out) + "\n"


def client_yaml(client_name: str, *, preset: str | None = None) -> str:
    """The text of a new ``client.yaml``: every key commented, the preset's keys applied."""
    template = files("workbook.intake").joinpath("client_template.yaml").read_text(encoding="utf-8")
    # a YAML double-quoted scalar (a JSON string is one): quotes, backslashes and control characters stay as typed
    text = template.replace('"{client_name}"', json.dumps(client_name, ensure_ascii=False))
    if preset:
        extra = preset_text(preset)
        keys = set(read_yaml(extra) or {})
        text = _drop_keys(text, keys) + f"\n# ---- preset: {preset} ----\n" + extra
    parse_config(read_yaml(text), source="client.yaml")  # what we write must itself be valid
    return text
