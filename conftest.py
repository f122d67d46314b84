"""Suite-wide set-up: one sample client, generated on first use (before the workers start with ``pytest -n``),
shared by tests and nbval kernels."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")


def pytest_configure(config) -> None:
    # The notebooks' default client_dir is the sample client; point it (and the tests' fixture)
    # at a folder of this run. It is generated lazily by workbook.intake.open_client.
    if "WORKBOOK_CLIENT_DIR" not in os.environ:
        base = Path(tempfile.mkdtemp(prefix="workbook-tests-"))
        os.environ["WORKBOOK_CLIENT_DIR"] = str(base / "demo")
    os.environ.setdefault("MPLBACKEND", "Agg")
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        # parallel workers (pytest -n): the sample client is made once, here, before any worker starts,
        # instead of by whichever worker's test or notebook kernel first opens it
        from workbook.intake import open_client

        open_client()
