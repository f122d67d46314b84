"""A process's clean tables: shared columns between callers, and a budget of what stays between notebooks."""
from __future__ import annotations

import numpy as np
import pytest

import workbook.core.client as wc
from tests.render_fixtures import make_tiny_client
from workbook.core.client import load_client, release_tables


@pytest.fixture(autouse=True)
def no_shared_tables():
    """Each test starts and ends with nothing kept by this process."""
    wc._SHARED.clear()
    yield
    wc._SHARED.clear()


def test_two_callers_read_the_same_columns_and_a_change_by_one_reaches_neither_the_other_nor_the_cache(tmp_path):
    client = load_client(make_tiny_client(tmp_path / "c", "C", ["Acme", "Globex", "Initech"]))
    first, second = client.table("customers"), client.table("customers")
    cached = client._tables["customers"]
    row = first.columns.get_loc("_source_row")  # the source row intake adds: a numeric column
    assert np.shares_memory(first.iloc[:, row].to_numpy(), cached.iloc[:, row].to_numpy())  # not duplicated
    first.loc[0, "name"] = "changed by a caller"
    first["_source_row"] = first["_source_row"] * 100
    second.loc[1, "name"] = "changed by another"
    assert list(cached["name"]) == ["Acme", "Globex", "Initech"]
    assert list(client.table("customers")["name"]) == ["Acme", "Globex", "Initech"]
    assert list(client.table("customers")["_source_row"]) == list(cached["_source_row"])
    assert first.loc[1, "_source_row"] == 100 * cached.loc[1, "_source_row"]
    assert list(first["name"]) == ["changed by a caller", "Globex", "Initech"] and second.loc[0, "name"] == "Acme"


def test_tables_over_the_budget_are_forgotten_and_read_again_by_a_client_still_open(tmp_path):
    small = load_client(make_tiny_client(tmp_path / "small", "Small", ["Acme"]))
    large = load_client(make_tiny_client(tmp_path / "large", "Large", ["Globex", "Initech", "Umbrella"]))
    small.table("customers"), large.table("customers")
    sizes = {name: wc._table_bytes(c._tables) for name, c in (("small", small), ("large", large))}
    assert 0 < sizes["small"] < sizes["large"]

    assert release_tables(budget=sizes["large"] + sizes["small"]) == 0  # both fit: both stay
    assert set(wc._SHARED) == {small.dir, large.dir}
    freed = release_tables(budget=sizes["large"])  # the most recent (large) fits, the older one does not
    assert freed == sizes["small"] and set(wc._SHARED) == {large.dir}
    assert release_tables(budget=sizes["large"] - 1) == sizes["large"] and not wc._SHARED  # alone over the budget
    assert not small._tables and not large._tables
    assert list(large.table("customers")["name"]) == ["Globex", "Initech", "Umbrella"]  # read again when asked
    assert list(load_client(small.dir).table("customers")["name"]) == ["Acme"]
