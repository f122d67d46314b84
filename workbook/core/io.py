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
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as _RuamelError

from workbook.exceptions import YamlError

__all__ = ["write_atomic", "publish", "replace_folder", "read_yaml", "dump_yaml", "round_trip_yaml"]


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


def _safe() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False
    return yaml


def read_yaml(text: str) -> Any:
    """Parse YAML text safely (YAML 1.2 booleans, no Python tags).

    Raises
    ------
    YamlError
        The text is not valid YAML, or uses a tag the safe loader refuses; the message says where.
    """
    try:
        return _safe().load(text)
    except _RuamelError as exc:
        raise YamlError(f"not valid YAML: {exc}") from None


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
