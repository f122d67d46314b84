from __future__ import annotations

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(scope="session")
def sample_client():
    """The seeded sample client (small scale), validated; shared by the whole run."""
    from workbook.intake import open_client

    return open_client()


@pytest.fixture(scope="session")
def stale_tiers_client(tmp_path_factory):
    """A tiny sample client whose grading has gone stale: its tiers do not rank what customers won after the
    tier date (tier 5 wins a larger share of its closed deals than tier 1), validated and opened."""
    from workbook.intake import open_client
    from workbook.intake.sample import make_sample
    from workbook.intake.validate import run_intake

    folder = make_sample(tmp_path_factory.mktemp("stale") / "client", seed=3, scale="tiny", tiers_rank=False)
    run_intake(folder)
    return open_client(folder)


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
