"""Many clients at once: process pool and Dask executors, isolation, failures, --only, skipping, the CLI."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests import render_fixtures
from tests.render_fixtures import (
    ALPHA,
    BETA,
    FAILING,
    OK,
    SCRIPT,
    make_tiny_client,
    reports_text,
)
from workbook.cli import main
from workbook.core.record import read_records
from workbook.exceptions import WorkbookError
from workbook.reports.batch import check_formats, render_batch

rendered_pair = render_fixtures.rendered_pair  # the shared session fixture


@pytest.mark.slow
def test_two_clients_render_in_parallel_and_never_see_each_other(rendered_pair):
    alpha, beta, batch = rendered_pair
    assert batch.ok, batch.failed
    assert [(r.client, r.notebook, r.status) for r in batch.notebooks] == [
        ("zephyr", "01_customers", "ok"), ("zephyr", "02_summary", "ok"),
        ("quokka", "01_customers", "ok"), ("quokka", "02_summary", "ok")]
    for client in (alpha, beta):
        assert read_records(client / "reports" / "01_customers.ipynb")["fixture.cwd"] == str(client)
    alpha_text, beta_text = reports_text(alpha), reports_text(beta)
    for name in ALPHA + ["Zephyr", "zephyr"]:
        assert name not in beta_text, name
    for name in BETA + ["Quokka", "quokka"]:
        assert name not in alpha_text, name
    assert BETA[0] in beta_text and ALPHA[0] in alpha_text


@pytest.mark.slow
def test_up_to_date_work_is_skipped_only_and_force(tmp_path):
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    first = render_batch([client], jobs=1, formats="html", notebooks_dir=OK)
    assert [r.status for r in first.notebooks] == ["ok", "ok"] and first.reports[0].status == "ok"
    again = render_batch([client], jobs=1, formats="html", notebooks_dir=OK)
    assert [r.status for r in again.notebooks] == ["skipped", "skipped"] and again.reports[0].status == "skipped"
    only = render_batch([client], jobs=1, formats="html", only=["summary"], force=True, notebooks_dir=OK)
    assert [(r.notebook, r.status) for r in only.notebooks] == [("02_summary", "ok")]
    page = (client / "reports" / "report.html").read_text(encoding="utf-8")
    assert "1. 贵公司提供的数据" in page and "1. 需要贵公司核对的数据" in page  # the report still holds every notebook
    (client / "client.yaml").write_text('client_name: "C renamed"\n', encoding="utf-8")
    changed = render_batch([client], jobs=1, formats="html", notebooks_dir=OK)
    assert [r.status for r in changed.notebooks] == ["ok", "ok"]


@pytest.mark.slow
def test_one_failing_client_never_stops_the_others(tmp_path):
    good = make_tiny_client(tmp_path / "good", "Good", ["Acme"])
    bad = make_tiny_client(tmp_path / "bad", "Bad", None)  # no customers table: the notebooks fail
    batch = render_batch([bad, good], jobs=2, formats="html,xlsx", notebooks_dir=OK)
    assert not batch.ok
    rows = {(r.client, r.notebook): r for r in batch.notebooks}
    assert all(rows["good", nb].ok for nb in ("01_customers", "02_summary"))
    failed = rows["bad", "01_customers"]
    assert failed.status == "failed" and failed.ename == "MissingDataError" and failed.cell.startswith("In [")
    assert (bad / "reports" / "01_customers.failed.ipynb").exists()
    assert [r.client for r in batch.reports] == ["good"]
    assert (good / "reports" / "appendix.xlsx").exists() and not (bad / "reports" / "report.html").exists()
    index = (bad / "reports" / "index.html").read_text(encoding="utf-8")
    assert "01_customers.failed.ipynb" in index and "MissingDataError" in index


def _rendered_once(tmp_path, formats: str):
    """A tiny client rendered once with the OK fixture notebooks: (client folder, its reports folder)."""
    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    assert render_batch([client], jobs=1, formats=formats, notebooks_dir=OK).ok
    return client, client / "reports"


@pytest.mark.slow
def test_a_client_that_fails_now_keeps_its_previous_report(tmp_path):
    client, reports = _rendered_once(tmp_path, "html,xlsx")
    kept = {name: (reports / name).read_bytes() for name in ("report.html", "appendix.xlsx", "metrics.json")}
    (client / "data" / "clean" / "customers.parquet").unlink()  # the data change: the notebooks now fail
    batch = render_batch([client], jobs=1, formats="html,xlsx", notebooks_dir=OK)
    assert not batch.ok and batch.reports == []
    assert {name: (reports / name).read_bytes() for name in kept} == kept
    index = (reports / "index.html").read_text(encoding="utf-8")
    for stem in ("01_customers", "02_summary"):  # both notebooks read the customers table
        assert f"{stem}.failed.ipynb" in index
        assert (reports / f"{stem}.ipynb").exists() and (reports / f"{stem}.failed.ipynb").exists()
    assert "TypeError" in index  # the exception of the failing cell is named


@pytest.mark.slow
def test_a_killed_renders_temp_files_go_even_when_every_notebook_is_skipped(tmp_path):
    client, reports = _rendered_once(tmp_path, "html")
    stale = [reports / ".01_customers.k3j2.running.ipynb", reports / ".report.html.x8f.tmp",
             reports / ".inputs" / ".01_customers.sha256.q1.tmp"]
    for path in stale:
        path.write_text("left by a render killed with SIGKILL")
    again = render_batch([client], jobs=1, formats="html", notebooks_dir=OK)
    assert [r.status for r in again.notebooks] == ["skipped", "skipped"]
    assert not any(path.exists() for path in stale)
    assert (reports / "report.html").exists()


@pytest.mark.slow
def test_render_through_a_dask_local_cluster(tmp_path):
    import distributed  # the dask extra is part of the dev install: a missing package is a failure
    alpha = make_tiny_client(tmp_path / "alpha", "Alpha", ALPHA)
    beta = make_tiny_client(tmp_path / "beta", "Beta", BETA)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster, distributed.Client(cluster) as client:
        batch = render_batch([alpha, beta], scheduler=client, formats="html,xlsx", only=["customers"],
                             notebooks_dir=OK)
        assert batch.ok, batch.failed
        again = render_batch([alpha, beta], scheduler=cluster.scheduler_address, formats="html,xlsx",
                             only=["customers"], force=True, notebooks_dir=OK)
        assert again.ok, again.failed
    assert [r.status for r in again.notebooks] == ["ok", "ok"]
    for c in (alpha, beta):
        assert read_records(c / "reports" / "01_customers.ipynb")["fixture.cwd"] == str(c)
        assert (c / "reports" / "report.html").exists() and (c / "reports" / "appendix.xlsx").exists()
    assert BETA[0] not in reports_text(alpha) and ALPHA[0] not in reports_text(beta)


def test_formats_and_folders_are_checked():
    assert check_formats(["xlsx", "HTML"]) == ("html", "xlsx")
    with pytest.raises(WorkbookError, match="unknown format.*docx; must be one of html, xlsx, pdf"):
        check_formats("html,docx")
    with pytest.raises(WorkbookError, match="client folder.*not found"):
        render_batch(["/no/such/client"], notebooks_dir=OK)


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "300", "WORKBOOK_LANG": None,
                                                                  **(env or {})})


@pytest.mark.slow
def test_cli_summary_names_the_failing_notebook_cell_and_exception_and_exits_1(tmp_path):
    good = make_tiny_client(tmp_path / "good", "Good", ["Acme"])
    bad = make_tiny_client(tmp_path / "bad", "Bad", ["Acme"])
    env = {"WORKBOOK_NOTEBOOKS_DIR": str(FAILING)}
    result = invoke("render", good, bad, "--jobs", "2", "--formats", "html", "--lang", "en", env=env)
    assert result.exit_code == 1, result.output
    line = next(ln for ln in result.stdout.splitlines() if "bad" in ln and "01_fails" in ln)
    assert "FAILED" in line and "ZeroDivisionError" in line and "In [" in line
    lines = result.stdout.splitlines()  # the last line per client counts what happened
    assert lines[-2].startswith("good: 0 of 1 ok, 1 failed: report not updated, see ")
    assert lines[-2].endswith(str(tmp_path / "good" / "reports" / "index.html"))
    assert lines[-1].startswith("bad: 0 of 1 ok, 1 failed: report not updated, see ")
    assert "Reports written" not in result.stdout and "report written" not in result.stdout
    ok = invoke("render", good, "--formats", "html", "--lang", "en", "--only", "customers",
                env={"WORKBOOK_NOTEBOOKS_DIR": str(OK)})
    assert ok.exit_code == 0, ok.output
    assert "01_customers" in ok.stdout
    assert ok.stdout.splitlines()[-1].startswith("good: 1 of 1 notebooks ok, report written: ")
    assert invoke("render", good, "--formats", "docx", env={"WORKBOOK_NOTEBOOKS_DIR": str(OK)}).exit_code == 1
    assert SCRIPT not in ok.stdout


@pytest.mark.slow
def test_a_rerender_with_nothing_changed_reads_each_client_yaml_once_for_its_language(tmp_path, monkeypatch):
    import workbook.core.config as config

    clients = [make_tiny_client(tmp_path / name, name.upper(), ["Acme"]) for name in ("a", "b")]
    first = render_batch(clients, jobs=1, formats="html", notebooks_dir=OK)
    assert first.ok, first.failed
    parsed = []
    real = config.load_config
    monkeypatch.setattr(config, "load_config", lambda path, *a, **k: parsed.append(path) or real(path, *a, **k))
    again = render_batch(clients, jobs=1, formats="html", notebooks_dir=OK)
    assert [r.status for r in again.notebooks] == ["skipped"] * 4 and [r.status for r in again.reports] == [
        "skipped"] * 2
    # per client: its language once, and its firm folder (templates: in client.yaml) when the batch checks it and
    # when the report's up-to-date check digests it; before, the language again for each notebook and the report
    assert len(parsed) <= 3 * len(clients), parsed


def test_client_yaml_is_parsed_once_while_unchanged_and_again_when_rewritten(tmp_path, monkeypatch):
    import workbook.core.config as config

    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    reads = []
    real = config.read_yaml_file
    monkeypatch.setattr(config, "read_yaml_file", lambda path: reads.append(path) or real(path))
    first = config.load_config(client)  # parsed now, or already when the client was made
    before = len(reads)
    assert config.load_config(client / "client.yaml") is first and len(reads) == before <= 1
    (client / "client.yaml").write_text('client_name: "C renamed, longer"\n', encoding="utf-8")
    assert config.load_config(client).client_name == "C renamed, longer" and len(reads) == before + 1
    # the same size, within the same clock tick: told apart by the content
    (client / "client.yaml").write_text('client_name: "D renamed, longer"\n', encoding="utf-8")
    assert config.load_config(client).client_name == "D renamed, longer" and len(reads) == before + 2
