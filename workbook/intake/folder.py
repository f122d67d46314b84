"""Open a client folder as a notebook does: the sample client is generated and validated on first use."""
from __future__ import annotations

from pathlib import Path

from workbook.core.client import CLEAN_DIR, Client, default_client_dir, load_client

__all__ = ["open_client"]


def open_client(client_dir: str | Path | None = None, *, overrides: dict | None = None) -> Client:
    """Open a client folder (default: the sample client, generated and validated on first use).

    ``overrides`` replace top-level config keys and are validated like ``client.yaml``.

    Raises
    ------
    MissingDataError
        ``client_dir`` has no validated data: run ``workbook validate`` on it first.
    """
    path = Path(client_dir) if client_dir else default_client_dir()
    if not client_dir and not (path / CLEAN_DIR / "manifest.json").exists():
        from workbook.intake.sample import make_sample
        from workbook.intake.validate import run_intake

        if not (path / "client.yaml").exists():
            make_sample(path)
        run_intake(path)
    return load_client(path, overrides=overrides)
