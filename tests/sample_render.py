"""The sample client rendered once per language and test run (every notebook, every format).

Both renders use the copy with hostile client text (:mod:`tests.hostile`), so
their figures must be identical; report and notebook tests read the same outputs.
With parallel workers (``pytest -n``) the first worker that needs a language
renders it into the run's shared temporary folder, under a file lock; the
others wait for it and read the same outputs.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from filelock import FileLock

from tests import hostile
from workbook.reports.batch import render_batch

_RENDERED: dict[str, Path] = {}
DONE = "rendered.ok"


def run_folder(tmp_path_factory) -> Path:
    """The temporary folder all workers of this run share (the worker's own under ``pytest -n``'s is below it)."""
    import os

    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def rendered(lang: str, sample_client, tmp_path_factory) -> Path:
    """The client folder rendered in ``lang`` (once per run): its ``reports/`` holds every output."""
    if lang not in _RENDERED:
        root = run_folder(tmp_path_factory) / f"sample-report-{lang}"
        folder = root / "client"
        with FileLock(str(root) + ".lock"):
            if not (root / DONE).exists():
                shutil.rmtree(root, ignore_errors=True)
                hostile.hostile_copy(sample_client.dir, folder)
                batch = render_batch([folder], jobs=2, lang=lang, force=True)
                assert batch.ok, [(getattr(r, "notebook", "report"), r.error) for r in batch.failed]
                (root / DONE).write_text(lang, encoding="utf-8")
        _RENDERED[lang] = folder
    return _RENDERED[lang]
