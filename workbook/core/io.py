"""Files the kit writes and the YAML it reads: one atomic write, one YAML library.

Every output (clean tables, reports, a saved ``client.yaml``) goes through
:func:`write_atomic`: written to a temporary file in the same folder, flushed
to disk, then renamed over the target, so a crash never leaves half a file.

YAML is read with ruamel.yaml's safe loader in YAML 1.2: only ``true``/``false``
are booleans (a key ``on:``, ``Y:`` or ``N:`` stays text) and Python tags are
rejected. :func:`round_trip_yaml` keeps comments and layout when settings are
saved back into a file a person edits.

>>> read_yaml("on: 1\\nY: yes\\nok: true")
{'on': 1, 'Y': 'yes', 'ok': True}
>>> read_yaml("x: !!python/object/apply:os.system [echo]")
Traceback (most recent call last):
...
workbook.exceptions.YamlError: not valid YAML: could not determine a constructor for the tag ...

A configuration file is bounded before it is parsed: at most :data:`MAX_YAML_BYTES`, and aliases
(``*name``) may repeat at most :data:`MAX_ALIAS_VALUES` values in all, so a "billion laughs" file is
refused without being expanded:

>>> read_yaml("a: &a [x, x]\\nb: &b [*a, *a]\\nc: [*b, *b]", max_alias_values=4)
Traceback (most recent call last):
...
workbook.exceptions.YamlError: YAML aliases (*name) repeat more than 4 values ...

A date that does not exist stays text, so the config's validation names its key:

>>> read_yaml("end: 2024-02-30")
{'end': '2024-02-30'}
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError as _RuamelError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from workbook.exceptions import YamlError

__all__ = ["write_atomic", "publish", "replace_folder", "read_yaml", "read_yaml_file", "yaml_text", "check_yaml",
           "dump_yaml", "round_trip_yaml", "MAX_YAML_BYTES", "MAX_ALIAS_VALUES"]

MAX_YAML_BYTES = 1_000_000  # a client.yaml is a few KB; every YAML the kit reads is read whole
MAX_ALIAS_VALUES = 10_000  # values that aliases (*name) may repeat, in all
MAX_YAML_DEPTH = 100  # nesting of mappings and lists


def write_atomic(path: str | Path, data: str | bytes, *, mode: int | None = 0o644) -> Path:
    """Write ``data`` to ``path`` atomically: temporary file, flush and fsync, rename.

    ``mode`` sets the permissions of the new file; ``None`` keeps those of the file it replaces.
    The folder is created if needed. Returns ``path``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "a.txt"
    >>> write_atomic(target, "一二三").read_text(encoding="utf-8")
    '一二三'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        _rename(tmp, path, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def publish(finished: str | Path, path: str | Path, *, mode: int | None = 0o644) -> Path:
    """Move a finished file (written by another program, in ``path``'s folder) over ``path`` atomically.

    The file is flushed to disk first, so after a crash ``path`` holds either the old or the new file.
    ``mode`` as in :func:`write_atomic`.
    """
    finished, path = Path(finished), Path(path)
    with open(finished, "rb") as handle:
        os.fsync(handle.fileno())
    _rename(finished, path, mode)
    return path


def _rename(finished: str | Path, path: Path, mode: int | None) -> None:
    """Give ``finished`` its permissions (``mode``, or ``path``'s with None) and rename it over ``path``."""
    if mode is None and path.exists():
        os.chmod(finished, path.stat().st_mode & 0o7777)
    elif mode is not None:
        os.chmod(finished, mode)
    os.replace(finished, path)


def replace_folder(finished: str | Path, path: str | Path) -> Path:
    """Swap a finished folder (a sibling of ``path``) in for ``path``: every file synced, then renamed.

    The old folder is renamed aside before the new one takes its name and removed afterwards, so
    ``path`` is never a half-written folder.
    """
    finished, path = Path(finished), Path(path)
    for file in finished.rglob("*"):
        if file.is_file():
            with open(file, "rb") as handle:
                os.fsync(handle.fileno())
    old = None
    if path.exists():
        old = path.with_name(f".{path.name}-old-{os.getpid()}")
        os.replace(path, old)
    os.replace(finished, path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return path


class _Constructor(SafeConstructor):
    """The safe constructor, but a date that does not exist (``2024-02-30``) stays text.

    The value then reaches the config's validation, which names the key and the bad date, instead of a
    bare ``ValueError: day is out of range for month`` from the parser.
    """

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _safe() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _Constructor
    yaml.version = (1, 2)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False
    return yaml


def check_yaml(text: str, *, max_bytes: int = MAX_YAML_BYTES, max_alias_values: int = MAX_ALIAS_VALUES) -> None:
    """Refuse, before it is built, YAML text that is too long, nested too deep or expands through aliases.

    The text is read as a stream of parser events (no values are built): every value counts one, an alias
    counts the values of what it repeats, and the count stops at the first excess, so a 1 KB file of nested
    aliases ("billion laughs") is refused in milliseconds.

    Raises
    ------
    YamlError
        Says which bound was passed and how to fix the file; never shows the expanded value.
    """
    size = len(text.encode("utf-8", errors="replace")) if len(text) * 4 > max_bytes else len(text)
    if size > max_bytes:
        raise YamlError(f"{size / 1e6:,.1f} MB of YAML; a configuration file may be at most {max_bytes / 1e6:,.1f} MB "
                        "(check that it is the right file; client.yaml is normally a few KB)")
    sizes: dict[str, int] = {}  # anchor -> values in the anchored node
    open_nodes: list[list] = []  # [anchor, values so far] of each mapping or list being read
    repeated = 0
    try:
        for event in _safe().parse(text):
            if isinstance(event, AliasEvent):
                count = sizes.get(event.anchor, 1)
                repeated += count
                if repeated > max_alias_values:
                    raise YamlError(
                        f"YAML aliases (*name) repeat more than {max_alias_values:,} values (at *{event.anchor}, "
                        f"line {event.start_mark.line + 1}); write the values out instead of nesting aliases")
            elif isinstance(event, CollectionStartEvent):
                open_nodes.append([event.anchor, 1])
                if len(open_nodes) > MAX_YAML_DEPTH:
                    raise YamlError(f"YAML nested deeper than {MAX_YAML_DEPTH} levels "
                                    f"(line {event.start_mark.line + 1}); flatten the file")
                continue
            elif isinstance(event, CollectionEndEvent):
                anchor, count = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = count
            elif isinstance(event, NodeEvent):  # a scalar
                count = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            else:
                continue
            if open_nodes:
                open_nodes[-1][1] += count
    except _RuamelError as exc:
        raise YamlError(f"not valid YAML: {exc}") from None


def read_yaml(text: str, *, max_alias_values: int = MAX_ALIAS_VALUES) -> Any:
    """Parse YAML text safely (YAML 1.2 booleans, no Python tags), within the bounds of :func:`check_yaml`.

    Raises
    ------
    YamlError
        The text is not valid YAML, uses a tag the safe loader refuses, or passes a bound of
        :func:`check_yaml`; the message says where.
    """
    check_yaml(text, max_alias_values=max_alias_values)
    try:
        return _safe().load(text)
    except _RuamelError as exc:
        raise YamlError(f"not valid YAML: {exc}") from None


def yaml_text(path: str | Path) -> str:
    """The text of a YAML file, its size checked before it is read and its aliases before it is parsed.

    Raises
    ------
    YamlError
        The file passes a bound of :func:`check_yaml` (the message starts with the file).
    UnicodeDecodeError
        The file is not UTF-8.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise YamlError(f"{path}: {size / 1e6:,.1f} MB; a configuration file may be at most "
                        f"{MAX_YAML_BYTES / 1e6:,.1f} MB (check that it is the right file; client.yaml is normally "
                        "a few KB)")
    with open(path, "rb") as handle:  # read no more than the bound, should the file grow meanwhile
        text = handle.read(MAX_YAML_BYTES + 1).decode("utf-8-sig")
    try:
        check_yaml(text)
    except YamlError as exc:
        raise YamlError(f"{path}: {exc}") from None
    return text


def read_yaml_file(path: str | Path) -> Any:
    """Parse a YAML file within the bounds of :func:`check_yaml` (its size checked before it is read)."""
    text = yaml_text(path)
    try:
        return _safe().load(text)
    except _RuamelError as exc:
        raise YamlError(f"{path}: not valid YAML: {exc}") from None


def dump_yaml(data: Any) -> str:
    """YAML text of plain data (dicts keep their order, Unicode stays readable).

    >>> print(dump_yaml({"客户": "示例", "period": {"start": "2025-01-01"}}), end="")
    客户: 示例
    period:
      start: '2025-01-01'
    """
    yaml = _safe()
    yaml.explicit_start = False
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    return text.removeprefix("%YAML 1.2\n---\n")


def round_trip_yaml() -> YAML:
    """A round-trip YAML parser and writer: comments, key order, quotes and flow style survive an edit."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml
