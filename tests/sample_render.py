"""The sample client rendered once per language and session (every notebook, every format).

Both renders use the copy with hostile client text (:mod:`tests.hostile`), so
their figures must be identical; report and notebook tests read the same outputs.
"""
from __future__ import annotations

from pathlib import Path

from tests import hostile
from workbook.reports.batch import render_batch

_RENDERED: dict[str, Path] = {}


def rendered(lang: str, sample_client, tmp_path_factory) -> Path:
    """The client folder rendered in ``lang`` (once per session): its ``reports/`` holds every output."""
    if lang not in _RENDERED:
        folder = tmp_path_factory.mktemp(f"report-{lang}") / "client"
        hostile.hostile_copy(sample_client.dir, folder)
        batch = render_batch([folder], jobs=2, lang=lang, force=True)
        assert batch.ok, [(getattr(r, "notebook", "report"), r.error) for r in batch.failed]
        _RENDERED[lang] = folder
    return _RENDERED[lang]
