"""Small hand-built opportunity tables shared by tests/funnel/test_pipeline.py, test_forecast.py and
test_diagnosis.py."""
from __future__ import annotations

import numpy as np
import pandas as pd

STAGES = ["discover", "qualify", "solution", "bid", "negotiate"]
PROBS = {"discover": 0.1, "qualify": 0.2, "solution": 0.4, "bid": 0.6, "negotiate": 0.8}


def history() -> pd.DataFrame:
    """Two deals' stage history: O1 re-enters discover and qualify, O2 enters two stages the same day."""
    return pd.DataFrame({
        "opportunity_id": ["O1", "O1", "O1", "O1", "O2", "O2"],
        "stage": ["discover", "qualify", "discover", "qualify", "qualify", "discover"],
        "entered_date": pd.to_datetime(["2025-01-01", "2025-01-05", "2025-01-07", "2025-01-10",
                                        "2025-01-01", "2025-01-01"]),
    })


def opportunities() -> pd.DataFrame:
    """Four deals: won, open, lost, open; checklist elements partly empty; one collection."""
    return pd.DataFrame({
        "opportunity_id": ["O1", "O2", "O3", "O4"], "stage": ["qualify", "qualify", "bid", "negotiate"],
        "status": ["won", "open", "lost", "open"], "owner": ["R1", "R2", "R1", "R2"],
        "amount": [100.0, 200.0, 50.0, 400.0], "created_date": pd.to_datetime(["2025-01-01"] * 4),
        "close_date": pd.to_datetime(["2025-01-20", None, "2025-02-01", None]),
        "need": pd.array([True, True, False, False], dtype="boolean"),
        "budget": pd.array([True, None, True, True], dtype="boolean"),
        "decision_maker": pd.array([True, True, False, True], dtype="boolean"),
        "invoiced_amount": [100.0, np.nan, np.nan, np.nan], "collected_amount": [60.0, np.nan, np.nan, np.nan],
        "collected_date": pd.to_datetime(["2025-03-01", None, None, None]),
    })
