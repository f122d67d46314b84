"""Recorded figures: key numbers a notebook publishes for tests and the batch index.

``record("matrix.tier_counts", {...})`` displays the value under a custom
MIME type. Jupyter front ends and the HTML export show nothing for it; tests
and ``workbook render`` read it back from the executed notebook with
:func:`read_records`.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from workbook.core.mimes import RECORD_MIME

MIME = RECORD_MIME


def _plain(value):
    """JSON-safe: numpy scalars to Python, NaN/NA to None, frames to records."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, pd.Series):
        return _plain(value.to_dict())
    if isinstance(value, pd.DataFrame):
        return _plain(value.to_dict(orient="records"))
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def record(name: str, value) -> None:
    """Publish ``value`` under ``name`` in the running notebook's outputs."""
    from IPython.display import display

    display({MIME: {name: _plain(value)}}, raw=True)


def read_records(notebook: str | Path) -> dict:
    """Every recorded figure of an executed notebook, ``{name: value}``."""
    return notebook_records(json.loads(Path(notebook).read_text(encoding="utf-8")))


def notebook_records(nb) -> dict:
    """Every recorded figure of an executed notebook already read (a dict or nbformat node)."""
    out: dict = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME in data:
                payload = data[MIME]
                out.update(json.loads(payload) if isinstance(payload, str) else payload)
    return out
