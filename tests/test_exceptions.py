"""Every kit error survives pickling (process pools, Dask) with its message and structured fields."""
from __future__ import annotations

import inspect
import pickle

import pytest

from workbook import exceptions as ex

PROBLEM = ex.Problem(file="客户.csv", sheet=None, row=3, column="customer_id", value="", expected="an id",
                     fix="fill it in", table="customers", rule="required")

EXAMPLES = [
    ex.WorkbookError("plain"),
    ex.ConfigError("client.yaml: key 'followup_days': bad", path="client.yaml", key="followup_days"),
    ex.YamlError("not valid YAML: line 2"),
    ex.DataValidationError([PROBLEM]),
    ex.ReadFailure(PROBLEM),
    ex.MissingDataError("missing data: leads (线索)"),
    ex.RenderError("1 notebook(s) failed", client="acme", notebook="03_funnel_diagnosis", cell="In [7] d = x",
                   ename="KeyError", evalue="'stage'"),
    ex.PdfUnavailable("PDF skipped: typst missing", path="/x/typst"),
]


def test_every_exception_class_has_an_example():
    classes = {obj for _, obj in inspect.getmembers(ex, inspect.isclass)
               if issubclass(obj, Exception) and obj.__module__ == ex.__name__}
    assert classes == {type(e) for e in EXAMPLES}


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_round_trips_through_pickle(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.args == error.args
    assert vars(back) == vars(error)


def test_render_error_keeps_where_and_what():
    error = pickle.loads(pickle.dumps(EXAMPLES[6]))
    assert (error.client, error.notebook, error.cell, error.ename, error.evalue) == (
        "acme", "03_funnel_diagnosis", "In [7] d = x", "KeyError", "'stage'")


def test_data_validation_error_keeps_its_problems():
    error = pickle.loads(pickle.dumps(ex.DataValidationError([PROBLEM, PROBLEM])))
    assert error.problems == [PROBLEM, PROBLEM]
    assert "2 problem(s)" in str(error) and "客户.csv row 3 column 'customer_id'" in str(error)


def test_value_errors_stay_value_errors():
    assert isinstance(EXAMPLES[1], ValueError) and isinstance(EXAMPLES[3], ValueError)
