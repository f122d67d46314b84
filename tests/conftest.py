from __future__ import annotations

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(scope="session")
def sample_client():
    """The seeded sample client (small scale), validated; shared by the whole run."""
    from workbook.intake import open_client

    return open_client()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def history():
    """Stage history of the hand-worked pipeline tables (tests/pipeline_data.py)."""
    from tests import pipeline_data

    return pipeline_data.history()


@pytest.fixture
def opps():
    """Opportunities of the hand-worked pipeline tables (tests/pipeline_data.py)."""
    from tests import pipeline_data

    return pipeline_data.opportunities()
