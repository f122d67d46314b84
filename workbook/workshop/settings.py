"""Workshop mode: the settings agreed in the room, saved back into the client's ``client.yaml``.

A page's explorer hands over its current settings as client.yaml keys (a nested dict such as
``{"icp": {"target": {"min_headcount": 300}}}``). :func:`save_settings` merges them into the effective
config, validates the result with :func:`workbook.core.config.parse_config` *before* anything is written, keeps
a timestamped backup of the previous file beside it, writes only the keys that changed (ruamel.yaml
round-trip, so the consultant's comments and layout stay) through a temporary file and an atomic rename,
and returns the changes as ``key: old -> new``. :func:`save_control` is the button on each page.

>>> diff({"icp": {"target": {"min_headcount": 200}}, "followup_days": 7},
...      {"icp": {"target": {"min_headcount": 300}}, "followup_days": 7})
[Change(key='icp.target.min_headcount', old=200, new=300)]
>>> tidy({"share": 0.30000000000000004, "revenue": 50.0 * 1e6, "industries": ("化工",)})
{'share': 0.3, 'revenue': 50000000, 'industries': ['化工']}
"""
from __future__ import annotations

import datetime as dt
import html
import io
import math
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import ipywidgets as widgets

from workbook.core.config import ClientConfig, load_config, parse_config
from workbook.core.i18n import check_lang, t
from workbook.core.io import read_yaml, round_trip_yaml, write_atomic, yaml_text
from workbook.exceptions import ConfigError

__all__ = ["Change", "SaveResult", "SaveControl", "combine", "diff", "merge", "save_settings", "save_control",
           "tidy"]

CONFIG_FILE = "client.yaml"


class Change(NamedTuple):
    """One changed client.yaml key: dotted path (``[i]`` for list items), old and new value."""

    key: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.key}: {_show(self.old)} -> {_show(self.new)}"


@dataclass(frozen=True)
class SaveResult:
    """What :func:`save_settings` did: the file, its backup (None when nothing changed) and the changes."""

    path: Path
    backup: Path | None
    changes: list[Change] = field(default_factory=list)
    config: ClientConfig | None = None


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return f"{value:,}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def tidy(value: Any) -> Any:
    """Plain YAML-ready data: tuples as lists, floats rounded to 10 significant digits, whole floats as int.

    Slider arithmetic (``0.1 + 0.2``, ``50 * 1e6``) would otherwise leave ``0.30000000000000004`` or
    ``50000000.0`` in the consultant's file.
    """
    if isinstance(value, Mapping):
        return {k: tidy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [tidy(v) for v in value]
    if isinstance(value, float) and math.isfinite(value):
        value = float(f"{value:.10g}")
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return value


def merge(base: Mapping, updates: Mapping) -> dict:
    """``base`` with ``updates`` laid over it, mappings merged key by key (neither input is changed).

    >>> merge({"icp": {"target": {"min_headcount": 200}, "quality": {}}}, {"icp": {"target": {"min_headcount": 9}}})
    {'icp': {'target': {'min_headcount': 9}, 'quality': {}}}
    """
    out = dict(base)
    for key, value in updates.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _same(a: Any, b: Any) -> bool:
    if (isinstance(a, float | int) and isinstance(b, float | int)
            and not isinstance(a, bool) and not isinstance(b, bool)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def diff(old: Any, new: Any, prefix: str = "") -> list[Change]:
    """Leaf-by-leaf differences between two plain configs (mappings by key, equal-length lists by item)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        out = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += diff(old.get(key), new.get(key), f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [ch for i, (a, b) in enumerate(zip(old, new)) for ch in diff(a, b, f"{prefix}[{i}]")]
    return [] if _same(old, new) else [Change(prefix, old, new)]


def _parts(key: str) -> list[str | int]:
    """``"time_categories[2].offloadable"`` -> ``["time_categories", 2, "offloadable"]``."""
    out: list[str | int] = []
    for part in key.split("."):
        name, *indexes = part.split("[")
        out += [name] + [int(i.rstrip("]")) for i in indexes]
    return [p for p in out if p != ""]


def _contains(container: Any, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(container, list) and part < len(container)
    return isinstance(container, Mapping) and part in container


def _lookup(data: Any, parts: list) -> Any:
    for part in parts:
        data = data[part]
    return data


def _set(doc: Any, parts: list, new_full: dict) -> None:
    """Set one changed key in the round-trip document; a missing branch is written whole from ``new_full``."""
    node = doc
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if last or not _contains(node, part) or not isinstance(node[part], Mapping | list):
            node[part] = tidy(_lookup(new_full, parts[:depth + 1]))
            return
        node = node[part]


def _backup_path(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate, n = path.with_name(f"{path.name}.{stamp}.bak"), 1
    while candidate.exists():
        candidate, n = path.with_name(f"{path.name}.{stamp}-{n}.bak"), n + 1
    return candidate


def save_settings(client_dir: str | Path, settings: Mapping[str, Any]) -> SaveResult:
    """Write ``settings`` (nested client.yaml keys) into ``client_dir/client.yaml`` when they change it.

    Parameters
    ----------
    client_dir : str or Path
        The client folder (or the ``client.yaml`` path itself).
    settings : mapping
        Client.yaml keys, nested as in the file, e.g. ``{"icp": {"quality": {"min_headcount": 800}}}``.
        Keys the file does not spell out are compared with their defaults.

    Returns
    -------
    SaveResult
        ``changes`` lists each key whose effective value changed; with no change nothing is written
        and ``backup`` is None.

    Raises
    ------
    ConfigError
        The merged config is invalid (the message names the key); the file is not touched.
    """
    path = Path(client_dir)
    path = path / CONFIG_FILE if path.is_dir() else path
    old_config = load_config(path)
    text = yaml_text(path)
    old_full = tidy(old_config.model_dump(mode="python"))
    new_config = parse_config(merge(old_full, tidy(settings)), source=f"{path} (settings from the page)")
    new_full = tidy(new_config.model_dump(mode="python"))
    changes = diff(old_full, new_full)
    if not changes:
        return SaveResult(path, None, [], old_config)
    yaml = round_trip_yaml()
    doc = yaml.load(text)
    for change in changes:
        _set(doc, _parts(change.key), new_full)
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    out = buffer.getvalue()
    written = parse_config(read_yaml(out), source=str(path))
    if written != new_config:  # what would be read back must be what was validated
        raise ConfigError(f"{path}: the settings could not be written faithfully; file left unchanged", path=str(path))
    backup = _backup_path(path)
    shutil.copy2(path, backup)
    write_atomic(path, out, mode=None)
    return SaveResult(path, backup, changes, new_config)


class SaveControl(widgets.VBox):
    """The "save these settings" button and its message (the changes, or why nothing was written).

    Attributes
    ----------
    button : ipywidgets.Button
    status : ipywidgets.HTML
        What the last press did, shown under the button.
    result : SaveResult or None
        The last successful save.
    error : str or None
        The last refusal (invalid settings), as shown.
    """

    def __init__(self, client, settings: Callable[[], Mapping[str, Any]], *, lang: str = "zh"):
        check_lang(lang)
        self._client, self._settings, self._lang = client, settings, lang
        self.button = widgets.Button(description=t("ws.save", lang), icon="save", button_style="primary",
                                     layout=widgets.Layout(width="max-content"))
        self.status = widgets.HTML()
        self.result: SaveResult | None = None
        self.error: str | None = None
        self.button.on_click(self.save)
        super().__init__([self.button, self.status])
        self.add_class("workbook-save")

    def save(self, _button=None) -> SaveResult | None:
        """Validate and write the page's settings; show the changes or the reason nothing was written."""
        lang = self._lang
        try:
            result = save_settings(self._client.dir, self._settings())
        except (ConfigError, ValueError, OSError) as exc:
            self.error = str(exc)
            self.status.value = (f'<div class="workbook-save-error" style="color:#b00020">'
                                 f'{html.escape(t("ws.invalid", lang, error=self.error))}</div>')
            return None
        self.error, self.result = None, result
        if result.config is not None:
            self._client.config = result.config
        if not result.changes:
            self.status.value = f'<div class="workbook-save-status">{html.escape(t("ws.unchanged", lang))}</div>'
            return result
        head = t("ws.saved", lang, path=result.path.name, backup=result.backup.name)
        items = "".join(f"<li><code>{html.escape(ch.key)}</code>: {html.escape(_show(ch.old))} &rarr; "
                        f"<b>{html.escape(_show(ch.new))}</b></li>" for ch in result.changes)
        self.status.value = f'<div class="workbook-save-status">{html.escape(head)}<ul>{items}</ul></div>'
        return result


def combine(*settings: Callable[[], Mapping[str, Any]] | None) -> Callable[[], dict]:
    """One settings callable from several explorers of a page (None skipped; a later one wins on a key).

    >>> combine(lambda: {"icp": {"target": {"min_headcount": 9}}}, None, lambda: {"followup_days": 5})()
    {'icp': {'target': {'min_headcount': 9}}, 'followup_days': 5}
    """
    def merged() -> dict:
        out: dict = {}
        for get in settings:
            if get is not None:
                out = merge(out, get())
        return out

    return merged


def save_control(client, settings: Callable[[], Mapping[str, Any]], *, lang: str = "zh") -> SaveControl:
    """The save button for a page: ``settings()`` returns the page's current values as client.yaml keys."""
    return SaveControl(client, settings, lang=lang)


def live(client, build: Callable[..., Any], *args: Any, lang: str = "zh", **kwargs: Any) -> list:
    """Workshop controls and their save button: ``build(*args, lang=lang, **kwargs)`` (one box or a list).

    Each box with a ``config_settings`` callable contributes to the one "Save
    these settings" control, which writes them into the client's client.yaml.
    Notebooks show the list with ``show_controls(live, client, build, ...)``.
    """
    built = build(*args, lang=lang, **kwargs)
    boxes = [box for box in (built if isinstance(built, (list, tuple)) else [built]) if box is not None]
    settings = [box.config_settings for box in boxes if getattr(box, "config_settings", None) is not None]
    return boxes + ([save_control(client, combine(*settings), lang=lang)] if settings else [])
