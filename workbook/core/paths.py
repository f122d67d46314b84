"""Where a client folder keeps its data, and a cheap fingerprint of its clean tables (no pandas needed).

A render with nothing to do reads only these (and the notebooks' and config's bytes), so it starts fast.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

CLEAN_DIR = Path("data") / "clean"
RAW_DIR = Path("data") / "raw"
REPORTS_DIR = "reports"  # the rendered notebooks, pages, appendix and PDFs


def clean_fingerprint(clean_dir: Path) -> str:
    """A hash of ``data/clean/``: the manifest's bytes and every file's name, size and modification time."""
    digest = hashlib.sha256()
    manifest = clean_dir / "manifest.json"
    digest.update(manifest.read_bytes() if manifest.exists() else b"-")
    for path in sorted(clean_dir.iterdir()) if clean_dir.is_dir() else []:
        stat = path.stat()
        digest.update(f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()
