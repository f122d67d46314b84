"""An engagement on disk: its config and its clean tables, as notebooks see it.

:func:`load_client` opens a validated client folder; it never reads ``data/raw/``
(intake does). Notebooks call :func:`workbook.intake.open_client`, which also
generates the sample client on first use.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbook.core import rules
from workbook.core.config import ClientConfig, load_config, with_overrides
from workbook.core.paths import CLEAN_DIR, RAW_DIR, clean_fingerprint  # noqa: F401 - the folder layout, re-exported
from workbook.core.schema import TABLES
from workbook.exceptions import MissingDataError

ENV_CLIENT_DIR = "WORKBOOK_CLIENT_DIR"
SHARED_CLIENTS = 8  # clients whose clean tables a process keeps (a warm report kernel serves many notebooks)
# bytes of clean tables a process keeps between notebooks (:func:`release_tables`): a small client's tables stay
# for its next notebook; a million-lead client's (about 450 MB) are read again rather than held by an idle kernel
SHARED_BYTES = 128 * 1024 * 1024


@dataclass
class Client:
    """One client's engagement: ``config`` plus lazily loaded clean ``tables``."""

    dir: Path
    config: ClientConfig
    _tables: dict[str, pd.DataFrame | None] = field(default_factory=dict, repr=False)

    @property
    def clean_dir(self) -> Path:
        return self.dir / CLEAN_DIR

    def table(self, name: str) -> pd.DataFrame | None:
        """The clean table, or None when the client did not supply it.

        Each caller gets its own frame over the cached columns: pandas copies a column only when a caller
        changes it (copy-on-write), so what a caller does never reaches the cache or another caller, and a
        million-row table is not duplicated for every chapter that reads it.
        """
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
        frame = self._loaded(name)
        return None if frame is None else frame.copy(deep=False)

    def _loaded(self, name: str) -> pd.DataFrame | None:
        """The cached clean table itself (read once; callers here only read it, so no copy)."""
        if name not in self._tables:
            path = self.clean_dir / f"{name}.parquet"
            self._tables[name] = pd.read_parquet(path) if path.exists() else None
        return self._tables[name]

    def tables(self) -> dict[str, pd.DataFrame | None]:
        """Every clean table by name (None for a table the client did not supply)."""
        return {name: self.table(name) for name in TABLES}

    @property
    def labels(self) -> dict[str, dict[str, tuple[str, str]]]:
        """The client's own categories in each language (``labels:`` in client.yaml), as ``Result.labels``."""
        return self.config.vocab_labels()

    def with_labels(self, labels) -> dict[str, dict[str, tuple[str, str]]]:
        """A chapter's ``labels`` with the client's own (``labels:``) added, the client's winning per code.

        Every chapter passes its vocabularies through this, so a ``Name(value, vocab="source")`` and a
        ``name`` column whose ``Table.vocab`` names ``source`` read in the report's language.
        """
        out = {vocab: dict(codes) for vocab, codes in (labels or {}).items()}
        for vocab, codes in self.labels.items():
            out[vocab] = {**out.get(vocab, {}), **codes}
        return out

    @property
    def as_of(self) -> pd.Timestamp:
        """The client's one as-of date (:func:`workbook.core.rules.as_of_date` over all its tables)."""
        return rules.as_of_date(self.config, self._dated())

    @property
    def period(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """``(start, end)`` of the analysis (:func:`workbook.core.rules.analysis_period` over all its tables)."""
        return rules.analysis_period(self.config, self._dated())

    def _dated(self) -> dict[str, pd.DataFrame | None]:
        if self.config.period is not None:
            return {}
        return {name: self._loaded(name) for name in {name for name, _ in rules.DATED_COLUMNS}}

    def missing(self, needs: dict[str, tuple[str, ...] | list[str]]) -> list[str]:
        """What of ``{table: columns}`` is absent or entirely empty, as readable strings."""
        out = []
        for name, cols in needs.items():
            frame = self.table(name)
            if frame is None:
                out.append(f"{name} ({TABLES[name].zh})")
                continue
            for col in cols:
                if col not in frame or frame[col].isna().all():
                    out.append(f"{name}.{col} ({TABLES[name].field(col).zh})")
        return out

    def require(self, needs: dict[str, tuple[str, ...] | list[str]]) -> None:
        """Raise :class:`MissingDataError` listing whatever of ``needs`` is missing."""
        missing = self.missing(needs)
        if missing:
            raise MissingDataError(f"{self.config.client_name}: missing data: {', '.join(missing)}. "
                                   "Add it to data/raw/ and run `workbook validate`.")

    def findings(self) -> pd.DataFrame:
        """The data-quality findings intake stored with the clean data."""
        path = self.clean_dir / "quality.json"
        rows = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        return pd.DataFrame(rows, columns=["table", "file", "sheet", "row", "column", "value", "rule",
                                           "expected", "fix", "expected_zh", "fix_zh"])

    def manifest(self) -> dict:
        path = self.clean_dir / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def default_client_dir() -> Path:
    """``$WORKBOOK_CLIENT_DIR``, else ``clients/demo`` of the project found above the cwd."""
    env = os.environ.get(ENV_CLIENT_DIR)
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").exists() and (folder / "workbook").is_dir():
            return folder / "clients" / "demo"
    return Path.home() / ".cache" / "sales-workbook" / "demo"


_SHARED: dict[Path, tuple[str, dict[str, pd.DataFrame | None]]] = {}


def shared_tables(client_dir: Path) -> dict[str, pd.DataFrame | None]:
    """The clean tables this process already read for ``client_dir``, while ``data/clean/`` is unchanged.

    Every :class:`Client` of the folder fills and reads the same dict (``Client.table`` hands out
    copies), so notebooks run one after another in one kernel read each parquet file once.
    """
    path = Path(client_dir).resolve()
    key = clean_fingerprint(path / CLEAN_DIR)
    held = _SHARED.pop(path, None)
    tables = held[1] if held is not None and held[0] == key else {}
    _SHARED[path] = (key, tables)  # most recent last
    while len(_SHARED) > SHARED_CLIENTS:
        del _SHARED[next(iter(_SHARED))]
    return tables


def _table_bytes(tables: dict[str, pd.DataFrame | None]) -> int:
    """Memory the frames of ``tables`` hold (Arrow-backed text counted by its buffers, without reading values)."""
    return sum(int(frame.memory_usage(index=True, deep=False).sum()) for frame in tables.values() if frame is not None)


def release_tables(budget: int | None = None) -> int:
    """Forget the clean tables this process keeps beyond ``budget`` bytes (default :data:`SHARED_BYTES`).

    The most recently opened client is kept first; a client whose tables alone exceed the budget is
    forgotten too (its next notebook reads them again: a second or two for a million leads, instead of an
    idle kernel holding them while other notebooks and the report step run). Returns the bytes forgotten.
    """
    budget = SHARED_BYTES if budget is None else budget
    kept, freed = 0, 0
    for path in reversed(list(_SHARED)):
        size = _table_bytes(_SHARED[path][1])
        if kept + size > budget:
            _SHARED[path][1].clear()  # a Client still open over it reads its tables again when asked
            del _SHARED[path]
            freed += size
        else:
            kept += size
    return freed


def load_client(client_dir: str | Path, *, overrides: dict | None = None) -> Client:
    """Open a validated client folder.

    ``overrides`` replace top-level config keys and are validated like ``client.yaml``
    (papermill only warns on unknown parameters; this does not).

    Raises
    ------
    MissingDataError
        The folder has no validated data (``workbook validate`` has not run).
    """
    path = Path(client_dir)
    if not (path / CLEAN_DIR / "manifest.json").exists():
        raise MissingDataError(f"{path}: no validated data. Run `workbook validate {path}` first.")
    config = with_overrides(load_config(path), overrides)
    return Client(path.resolve(), config, shared_tables(path))
