"""Warm kernels: one kernel serves many notebooks and clients, each notebook as if on a fresh kernel."""
from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest

from tests.render_fixtures import ALPHA, BETA, OK, make_tiny_client
from workbook.core.client import load_client
from workbook.core.record import read_records
from workbook.reports import execute as render
from workbook.reports import kernels
from workbook.reports.batch import render_batch
from workbook.reports.execute import render_notebook


def _notebook(path, *cells: str):
    """A notebook with the usual parameters cell, then ``cells``."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('client_dir: str = ""  # client folder\nlang: str = "zh"  # language')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(source) for source in cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _images(executed) -> list[str]:
    """Every picture the executed notebook shows (an image output, or a chart embedded in its HTML)."""
    nb = nbformat.read(executed, as_version=4)
    found = []
    for output in (o for c in nb.cells for o in c.get("outputs", [])):
        data = output.get("data", {})
        found += [data["image/png"]] if "image/png" in data else re.findall(
            r"data:image/(?:png|svg\+xml);base64,([A-Za-z0-9+/=]+)", str(data.get("text/html", "")))
    return found


@pytest.fixture
def fresh_kernel():
    """This thread's warm kernel is started by the test and shut down after it."""
    kernels.discard()
    yield
    kernels.discard()


def test_two_clients_on_one_kernel_each_see_their_own_data_and_figures(tmp_path, fresh_kernel):
    alpha = make_tiny_client(tmp_path / "alpha", "Alpha", ALPHA)
    beta = make_tiny_client(tmp_path / "beta", "Beta", BETA)
    notebook = OK / "01_customers.ipynb"
    first = render_notebook(alpha, notebook, lang="en")
    kernel = kernels.warm_kernel()
    second = render_notebook(beta, notebook, lang="en")
    assert (first.status, second.status) == ("ok", "ok"), (first.error, second.error)
    assert kernels.warm_kernel() is kernel and kernel.alive  # the same kernel ran both
    for client, customers in ((alpha, len(ALPHA)), (beta, len(BETA))):
        records = read_records(client / "reports" / "01_customers.ipynb")
        assert records["fixture.customers"] == customers
        assert records["fixture.cwd"] == str(client.resolve())  # the working directory moved with the client
    alpha_png, beta_png = (_images(alpha / "reports" / "01_customers.ipynb"),
                          _images(beta / "reports" / "01_customers.ipynb"))
    assert len(alpha_png) == len(beta_png) == 1 and alpha_png != beta_png  # 3 bars against 1
    page = (beta / "reports" / "01_customers.html").read_text(encoding="utf-8")
    assert BETA[0] in page and ALPHA[0] not in page and "Alpha" not in page


def test_a_name_a_figure_or_a_count_of_one_notebook_never_reaches_the_next(tmp_path, fresh_kernel):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    first = _notebook(tmp_path / "01_defines.ipynb",
                      "import matplotlib.pyplot as plt\nleaked = 42\nplt.figure()\nplt.plot([1, 2])",
                      "import os\nos.chdir('/')")
    second = _notebook(tmp_path / "02_reads.ipynb",
                       "import os\nimport matplotlib.pyplot as plt\n"
                       "from workbook.core.record import record\nimport workbook.core.client as wc\n"
                       "record('leaked', 'leaked' in globals())\nrecord('figures', len(plt.get_fignums()))\n"
                       "record('cwd', os.getcwd())\nrecord('cached', str(client_dir) in {str(p) for p in wc._SHARED})",
                       "leaked")
    opener = _notebook(tmp_path / "00_opens.ipynb", "from workbook.intake import open_client\n"
                                                     "open_client(client_dir).table('customers')")
    assert render_notebook(client, opener).ok
    assert render_notebook(client, first).ok
    result = render_notebook(client, second)
    assert (result.status, result.ename) == ("failed", "NameError")  # `leaked` is not defined here
    assert result.cell == "In [4] leaked"
    records = read_records(client / "reports" / "02_reads.failed.ipynb")
    assert records == {"leaked": False, "figures": 0, "cwd": str(client.resolve()), "cached": True}
    executed = nbformat.read(client / "reports" / "02_reads.failed.ipynb", as_version=4)
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code" and c.execution_count]
    assert counts == [1, 2, 3, 4]  # numbered as on a fresh kernel: parameters, injected ones, the two cells


def test_parameters_are_injected_after_the_parameters_cell_as_papermill_writes_them(tmp_path, fresh_kernel):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    assert render_notebook(client, OK / "01_customers.ipynb", lang="en").ok
    nb = nbformat.read(client / "reports" / "01_customers.ipynb", as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    index = tags.index(["parameters"])
    assert tags[index + 1] == ["injected-parameters"]
    assert nb.cells[index + 1].source == f'# Parameters\nclient_dir = "{client.resolve()}"\nlang = "en"\n'
    assert nb.metadata.papermill.parameters == {"client_dir": str(client.resolve()), "lang": "en"}
    assert all("outputs" in c for c in nb.cells if c.cell_type == "code")


def test_a_cell_over_the_timeout_fails_named_and_the_next_notebook_gets_a_fresh_kernel(tmp_path, fresh_kernel,
                                                                                         monkeypatch):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    slow = _notebook(tmp_path / "01_slow.ipynb", "import time\ntime.sleep(120)")
    monkeypatch.setattr(render, "CELL_TIMEOUT", 3)
    stalled = kernels.warm_kernel()
    result = render_notebook(client, slow)
    assert (result.status, result.ename) == ("failed", "CellTimeoutError")
    assert result.cell == "In [3] import time" and "3 seconds" in result.evalue
    assert not stalled.alive  # shut down, not reused
    again = render_notebook(client, OK / "01_customers.ipynb", lang="en")
    assert again.status == "ok", again.error
    assert kernels.warm_kernel() is not stalled


def test_clean_tables_are_read_once_while_data_clean_is_unchanged(tmp_path):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme", "Globex"])
    first, second = load_client(client), load_client(client)
    assert list(first.table("customers")["name"]) == ["Acme", "Globex"]
    assert second._tables is first._tables and "customers" in second._tables  # read by the first, reused
    frame = second.table("customers")
    frame.loc[0, "name"] = "changed by a caller"
    assert list(load_client(client).table("customers")["name"]) == ["Acme", "Globex"]  # callers get copies
    make_tiny_client(client, "C", ["Initech"])  # validated again: new clean data
    assert list(load_client(client).table("customers")["name"]) == ["Initech"]


def _steady(text: str) -> str:
    """``text`` without what matplotlib makes different in every process: an SVG's date and its random ids."""
    text = re.sub(r"<dc:date>[^<]*</dc:date>", "<dc:date/>", text)
    return re.sub(r"\b(image|[pm])[0-9a-f]{10}\b", r"\1-id", text)  # clip paths, markers, images (salted hashes)


def _stripped(path) -> dict:
    """An executed notebook without what differs between any two runs: times, durations, random cell ids."""
    nb = json.loads(_steady(path.read_text(encoding="utf-8")))
    for cell in nb["cells"]:
        cell["metadata"].pop("papermill", None)
        cell["metadata"].pop("execution", None)
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell.pop("id")  # papermill draws a new one each run
    parameters = nb["metadata"].pop("papermill")["parameters"]
    return {"notebook": nb, "parameters": parameters}


@pytest.mark.slow
def test_warm_kernels_write_what_a_kernel_per_notebook_writes_on_the_sample_client(sample_client, tmp_path):
    client = tmp_path / "client"
    shutil.copytree(sample_client.dir, client, ignore=shutil.ignore_patterns("reports"))
    outputs = {}
    for engine in ("papermill", "warm"):
        batch = render_batch([client], jobs=1, formats="html", force=True, engine=engine)
        assert batch.ok, [(getattr(r, "notebook", "report"), r.error) for r in batch.failed]
        reports = client / "reports"
        outputs[engine] = {
            **{p.name: _stripped(p) for p in sorted(reports.glob("*.ipynb"))},
            **{p.name: _steady(p.read_text(encoding="utf-8")) for p in sorted(reports.glob("*.html"))
               if p.name != "index.html"}}
    assert len(outputs["warm"]) == 11  # 5 executed notebooks, 5 pages, report.html
    assert outputs["warm"].keys() == outputs["papermill"].keys()
    for name, expected in outputs["papermill"].items():
        assert outputs["warm"][name] == expected, name


def test_a_running_notebook_is_written_at_most_every_few_seconds(monkeypatch):
    import time

    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    writes = []
    save = kernels._throttled(lambda **kw: writes.append(clock[0]), every=kernels.SAVE_EVERY)
    for step in (0.0, 1.0, 5.0, 9.9, 10.0, 10.5, 25.0):  # papermill saves at every cell's start and end
        clock[0] = 100.0 + step
        save()
    assert writes == [110.0, 125.0]  # 10 s after the start, then 10 s after that write; the engine writes the end


def test_a_finished_notebook_is_written_once_with_papermill_s_end_metadata(tmp_path, fresh_kernel, monkeypatch):
    from papermill.iorw import papermill_io

    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    ok = _notebook(tmp_path / "01_ok.ipynb", "print('ran ' + 'to the end')")
    failing = _notebook(tmp_path / "02_fails.ipynb", "print('ran ' + 'to the end')", "raise ValueError('bad cell')")
    writes = []
    write = papermill_io.write

    def counted(buf, path, *args, **kwargs):
        writes.append(buf)
        return write(buf, path, *args, **kwargs)

    monkeypatch.setattr(papermill_io, "write", counted)
    assert render_notebook(client, ok).ok
    # papermill writes the parameterised notebook when it starts, then the executed one once (the engine's
    # last save would write the same again)
    assert len(writes) == 2 and "ran to the end" not in writes[0] and "ran to the end" in writes[1]
    nb = nbformat.read(client / "reports" / "01_ok.ipynb", as_version=4)
    assert nb.metadata.papermill.end_time and nb.metadata.papermill.duration > 0
    assert {c.metadata.papermill.status for c in nb.cells} == {"completed"}
    writes.clear()
    result = render_notebook(client, failing)
    assert (result.status, result.ename) == ("failed", "ValueError")
    assert len(writes) == 2 and "bad cell" in writes[1]  # at the end, the notebook with papermill's error cell
    failed = nbformat.read(client / "reports" / "02_fails.failed.ipynb", as_version=4)
    assert failed.metadata.papermill.end_time
    assert "bad cell" in json.dumps(failed.cells[-1].outputs) and "papermill-error-cell-tag" in json.dumps(failed.cells)


def test_what_a_notebook_left_in_cycles_is_collected_before_the_next(tmp_path, fresh_kernel):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    makes = _notebook(tmp_path / "01_makes.ipynb",
                      "import sys, weakref\nclass Node:\n    pass\n"
                      "a, b = Node(), Node()\na.other, b.other = b, a  # a cycle: only the collector frees it\n"
                      "sys.modules['builtins'].__dict__.setdefault('_wb_probe', []).append(weakref.ref(a))")
    checks = _notebook(tmp_path / "02_checks.ipynb",
                       "import gc\nfrom workbook.core.record import record\n"
                       "probe = __builtins__._wb_probe if hasattr(__builtins__, '_wb_probe') "
                       "else __builtins__['_wb_probe']\n"
                       "record('freed', [ref() is None for ref in probe])\nrecord('frozen', gc.get_freeze_count() > 0)")
    assert render_notebook(client, makes).ok
    result = render_notebook(client, checks)
    assert result.ok, result.error
    records = read_records(client / "reports" / "02_checks.ipynb")
    assert records["frozen"]  # the warm-up's objects are out of the collector's sight...
    assert records["freed"] == [True]  # ...what the last notebook made is not: the cycle is gone


def test_after_each_notebook_the_kernel_forgets_tables_over_its_budget_and_keeps_a_small_client_s(tmp_path,
                                                                                                   fresh_kernel):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    reads = ("from workbook.intake import open_client\nimport workbook.core.client as wc\n"
             "open_client(client_dir).table('customers')")
    checks = ("import pyarrow\nfrom workbook.core.record import record\nimport workbook.core.client as wc\n"
              "record('cached', str(client_dir) in {str(p) for p in wc._SHARED})\n"
              "record('pool', pyarrow.default_memory_pool().backend_name)")
    keeps = _notebook(tmp_path / "01_keeps.ipynb", reads)
    shrinks = _notebook(tmp_path / "02_shrinks.ipynb", reads, "wc.SHARED_BYTES = 0  # every client is over it now")
    looks = _notebook(tmp_path / "03_looks.ipynb", checks)
    assert render_notebook(client, keeps).ok
    assert render_notebook(client, looks).ok
    assert read_records(client / "reports" / "03_looks.ipynb") == {"cached": True, "pool": "system"}
    assert render_notebook(client, shrinks).ok
    assert render_notebook(client, looks, force=True).status == "ok"
    assert read_records(client / "reports" / "03_looks.ipynb")["cached"] is False  # forgotten after 02_shrinks


def test_a_notebook_s_names_are_gone_as_soon_as_it_ends(tmp_path, fresh_kernel):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    holds = _notebook(tmp_path / "01_holds.ipynb", "import builtins, weakref\nclass Big:\n    pass\n"
                      "held = Big()\nbuiltins._wb_held = weakref.ref(held)")
    assert render_notebook(client, holds).ok
    kernel = kernels.warm_kernel()
    kernel._run("import builtins\nassert builtins._wb_held() is None, 'the last notebook still holds its objects'",
                timeout=30)
