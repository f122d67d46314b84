"""One notebook for one client: parameters checked, kernel isolated, outputs atomic, up-to-date work skipped."""
from __future__ import annotations

import json

import nbformat
import pytest

from tests.helpers import snapshot
from tests.render_fixtures import ALPHA, FAILING, NO_PARAM, OK, SCRIPT, make_tiny_client
from workbook.core.notebooks import list_notebooks
from workbook.core.record import MIME, read_records
from workbook.exceptions import RenderError, WorkbookError
from workbook.reports import execute as render
from workbook.reports.execute import prepare, render_notebook


def test_list_notebooks_in_order_and_by_name_with_or_without_prefix():
    assert [p.stem for p in list_notebooks(notebooks_dir=OK)] == ["01_customers", "02_summary"]
    assert [p.stem for p in list_notebooks(["summary"], notebooks_dir=OK)] == ["02_summary"]
    assert [p.stem for p in list_notebooks(["01_customers", " summary "], notebooks_dir=OK)] == [
        "01_customers", "02_summary"]
    with pytest.raises(WorkbookError, match="unknown notebook.*funnel; available: 01_customers, 02_summary"):
        list_notebooks(["funnel"], notebooks_dir=OK)


def test_notebooks_dir_from_the_environment(monkeypatch):
    monkeypatch.setenv("WORKBOOK_NOTEBOOKS_DIR", str(FAILING))
    assert [p.stem for p in list_notebooks()] == ["01_fails"]
    monkeypatch.setenv("WORKBOOK_NOTEBOOKS_DIR", "/no/such/folder")
    with pytest.raises(WorkbookError, match="notebooks folder not found at /no/such/folder"):
        list_notebooks()


def test_prepare_runs_the_notebook_as_written():
    nb = prepare(OK / "01_customers.ipynb", {"client_dir": "x", "lang": "en"})
    original = nbformat.read(OK / "01_customers.ipynb", as_version=4)
    assert [cell.source for cell in nb.cells] == [cell.source for cell in original.cells]  # nothing inserted


def test_prepare_rejects_a_notebook_without_client_dir_or_with_unknown_parameters():
    with pytest.raises(RenderError, match="does not declare client_dir; add e.g."):
        prepare(NO_PARAM / "01_no_client_dir.ipynb", {"client_dir": "x", "lang": "zh"})
    with pytest.raises(RenderError, match="does not declare overrides"):
        prepare(OK / "01_customers.ipynb", {"client_dir": "x", "lang": "zh", "overrides": {}})


def test_prepare_rejects_a_notebook_without_parameters_cell(tmp_path):
    nb = nbformat.read(OK / "01_customers.ipynb", as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    nbformat.write(nb, tmp_path / "01_untagged.ipynb")
    with pytest.raises(RenderError, match="no cell tagged 'parameters'"):
        prepare(tmp_path / "01_untagged.ipynb", {"client_dir": "x"})


@pytest.mark.slow
def test_render_skip_force_and_failure_next_to_the_good_report(tmp_path):
    client = make_tiny_client(tmp_path / "alpha", "Alpha", ALPHA)
    notebook = OK / "01_customers.ipynb"
    first = render_notebook(client, notebook, lang="en")
    assert (first.ok, first.status) == (True, "ok"), first.error
    reports = client / "reports"
    records = read_records(reports / "01_customers.ipynb")
    assert records["fixture.customers"] == 3
    assert records["fixture.cwd"] == str(client.resolve())  # the kernel runs in the client's folder
    page = (reports / "01_customers.html").read_text(encoding="utf-8")
    assert "open_client" not in page and "capture_tables" not in page  # code hidden
    assert MIME not in page and "fixture.cwd" not in page  # recorded figures are for machines
    assert "data:image/png;base64," in page  # the chart is embedded
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page.lower()

    again = render_notebook(client, notebook, lang="en")
    assert again.status == "skipped"
    assert render_notebook(client, notebook, lang="en", force=True).status == "ok"
    assert render_notebook(client, notebook, lang="zh").status == "ok"  # another parameter, another render

    good = snapshot(reports)
    (client / "data" / "clean" / "customers.parquet").unlink()  # bad data: the notebook now fails
    failed = render_notebook(client, notebook, lang="zh")
    assert (failed.ok, failed.status) == (False, "failed")
    assert failed.cell.startswith("In [") and "customers" in failed.cell
    assert failed.ename == "TypeError"
    assert failed.executed == reports / "01_customers.failed.ipynb"
    assert "01_customers.failed.ipynb" in failed.error
    kept = nbformat.read(failed.executed, as_version=4)
    assert any(o.get("output_type") == "error" for c in kept.cells for o in c.get("outputs", []))
    after = snapshot(reports)
    assert {k: v for k, v in after.items() if k in good} == good  # the previous good report is untouched
    assert not [name for name in after if "running" in name]


@pytest.mark.slow
def test_a_failing_cell_and_a_missing_parameter_are_results_not_exceptions(tmp_path):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    result = render_notebook(client, FAILING / "01_fails.ipynb")
    assert (result.status, result.ename) == ("failed", "ZeroDivisionError")
    assert "ratio = len(customers) / 0" in result.cell
    missing = render_notebook(client, NO_PARAM / "01_no_client_dir.ipynb")
    assert (missing.status, missing.cell, missing.ename) == ("failed", "parameters", "ParameterError")
    assert missing.executed is None and not (client / "reports" / "01_no_client_dir.ipynb").exists()
    with pytest.raises(RenderError, match="2 notebook.s. failed; first: c/01_fails"):
        render.raise_for_failures([result, missing])


@pytest.mark.slow
def test_an_interrupted_render_leaves_the_old_report_intact(tmp_path, monkeypatch):
    client = make_tiny_client(tmp_path / "alpha", "Alpha", ALPHA)
    notebook = OK / "01_customers.ipynb"
    assert render_notebook(client, notebook).ok
    reports = client / "reports"
    before = snapshot(reports)
    make_tiny_client(client, "Alpha", ["Changed Ltd"])  # new data: the next render would differ

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C after the kernel ran, while exporting

    monkeypatch.setattr(render, "to_html", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render_notebook(client, notebook)
    assert snapshot(reports) == before  # no half-written file, no leftover temporary file
    monkeypatch.undo()
    assert render_notebook(client, notebook).status == "ok"  # the next run notices the change
    assert "Changed Ltd" in (reports / "01_customers.html").read_text(encoding="utf-8")
    assert json.loads((reports / "01_customers.ipynb").read_text(encoding="utf-8"))["cells"]
    assert SCRIPT not in (reports / "01_customers.html").read_text(encoding="utf-8")


def test_reports_are_rendered_without_live_controls(tmp_path):
    """A notebook declaring ``interactive`` runs with it False: a report is static, and widget comms can stall
    nbclient (jupyter/nbclient#312); an explicit value still wins."""
    client = make_tiny_client(tmp_path / "alpha", "Alpha", ALPHA)
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('client_dir: str = ""  # client folder\nlang: str = "en"  # language\n'
                                       'interactive: bool = True  # controls')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(
        "from workbook.core.record import record\nrecord('interactive', interactive)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "09_controls.ipynb"
    nbformat.write(nb, path)
    assert render.declared_parameters(path) == {"client_dir", "lang", "interactive"}

    assert render_notebook(client, path).status == "ok"
    assert read_records(client / "reports" / "09_controls.ipynb") == {"interactive": False}
    assert render_notebook(client, path, parameters={"interactive": True}, force=True).status == "ok"
    assert read_records(client / "reports" / "09_controls.ipynb") == {"interactive": True}


def test_a_render_is_quiet_no_kernel_transport_warning_or_interrupt_line(tmp_path, capfd):
    """The kernel talks over local sockets and is shut down without SIGINT: it has nothing to complain about."""
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    capfd.readouterr()
    ok = render_notebook(client, OK / "01_customers.ipynb", lang="en")
    failed = render_notebook(client, FAILING / "01_fails.ipynb", lang="en")
    out, err = capfd.readouterr()
    assert ok.status == "ok" and failed.status == "failed"
    for noise in ("IPKernelApp", "without encryption", "KeyboardInterrupt"):
        assert noise not in out and noise not in err, (noise, err[-2000:])
