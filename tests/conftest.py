from __future__ import annotations

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(scope="session")
def sample_client():
    """The seeded sample client (small scale), validated; shared by the whole run."""
    from workbook.client import open_client

    return open_client()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
