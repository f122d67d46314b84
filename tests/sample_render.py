"""The sample client rendered once per language and session (every notebook, every format).

The Chinese render uses the copy with hostile client text (:mod:`tests.hostile`),
the English one a plain copy; report and notebook tests read the same outputs.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from tests import hostile
from workbook.reports.batch import render_batch

_RENDERED: dict[str, Path] = {}


def rendered(lang: str, sample_client, tmp_path_factory) -> Path:
    """The client folder rendered in ``lang`` (once per session): its ``reports/`` holds every output."""
    if lang not in _RENDERED:
        folder = tmp_path_factory.mktemp(f"report-{lang}") / "client"
        if lang == "zh":
            hostile.hostile_copy(sample_client.dir, folder)
        else:
            shutil.copytree(sample_client.dir, folder, ignore=shutil.ignore_patterns("reports"))
        batch = render_batch([folder], jobs=2, lang=lang, force=True)
        assert batch.ok, [(getattr(r, "notebook", "report"), r.error) for r in batch.failed]
        _RENDERED[lang] = folder
    return _RENDERED[lang]
