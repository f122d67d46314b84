"""The kit as a tool a firm installs: the wheel carries the notebooks, templates and presets, and a fresh venv
holding only the wheel (and its dependencies, at the pinned versions) runs every verb from any folder."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from workbook import __version__
from workbook.core.notebooks import installed, kit_folder
from workbook.workshop.lab import lab_notebooks
from workbook.workshop.present import free_port

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True, text=True)
    (found,) = out.glob("sales_workbook_kit-*.whl")
    return found


def _clean_env(**extra) -> dict[str, str]:
    """The environment of a user who has only the installed kit: nothing points back into this checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "WORKBOOK_NOTEBOOKS_DIR", "PYTHONHOME")}
    return {**env, "PYTHONNOUSERSITE": "1", **extra}


@pytest.fixture(scope="module")
def kit(wheel, tmp_path_factory) -> dict:
    """A fresh venv with the wheel installed (dependencies pinned by constraints.txt) and a folder outside the
    checkout to work in."""
    venv = tmp_path_factory.mktemp("venv") / "kit"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-c",
                          str(ROOT / "constraints.txt"), str(wheel)], capture_output=True, text=True,
                         env=_clean_env())
    assert pip.returncode == 0, pip.stderr[-3000:]
    work = tmp_path_factory.mktemp("elsewhere")
    return {"bin": venv / "bin", "work": work}


def _run(kit: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run([str(kit["bin"] / args[0]), *args[1:]], cwd=kit["work"], capture_output=True, text=True,
                          env=_clean_env(), timeout=timeout)
    assert done.returncode == 0, (f"{' '.join(args)} exited {done.returncode}:\n"
                                  f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done


def test_the_wheel_carries_the_kits_notebooks_templates_and_presets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"workbook/notebooks/{n}" for n in NOTEBOOKS} <= names
    assert {f"workbook/templates/{p.relative_to(ROOT / 'templates')}" for p in (ROOT / "templates").rglob("*")
            if p.is_file()} <= names
    assert {f"workbook/intake/presets/{p.name}" for p in (ROOT / "workbook/intake/presets").glob("*.yaml")} <= names
    assert {"workbook/reports/templates/report.typ", "workbook/reports/templates/workbook_page/index.html.j2",
            "workbook/intake/client_template.yaml", "workbook/__main__.py"} <= names
    # the notebooks travel as they are in the checkout, without outputs; nothing of the checkout's tests or clients
    with zipfile.ZipFile(wheel) as archive:
        for name in NOTEBOOKS:
            assert archive.read(f"workbook/notebooks/{name}") == (ROOT / "notebooks" / name).read_bytes()
    assert not [n for n in names if n.startswith(("tests/", "clients/", "benchmarks/")) or "__pycache__" in n]


def test_a_source_checkout_reads_its_own_folders():
    assert not installed()
    assert kit_folder("notebooks") == ROOT / "notebooks"
    assert kit_folder("templates") == ROOT / "templates"
    with pytest.raises(ValueError, match="unknown kit folder 'data'"):
        kit_folder("data")


def test_a_source_checkouts_lab_opens_the_kits_notebooks(tmp_path):
    assert lab_notebooks(tmp_path) == ROOT / "notebooks"
    assert not (tmp_path / "notebooks").exists()


@pytest.mark.slow
def test_the_installed_kit_renders_the_sample_from_another_folder(kit):
    assert _run(kit, "workbook", "--version").stdout.strip().endswith(__version__)
    assert _run(kit, "python", "-m", "workbook", "--version").stdout.strip().endswith(__version__)
    where = _run(kit, "python", "-c", "import workbook, workbook.core.notebooks as n; "
                 "print(workbook.__file__); print(n.installed()); print(n.kit_folder('notebooks'))").stdout.split()
    assert "site-packages" in where[0] and not where[0].startswith(str(ROOT)), where
    assert where[1] == "True" and "site-packages" in where[2], where

    _run(kit, "workbook", "sample", "c", "--scale", "tiny", "--seed", "7")
    _run(kit, "workbook", "validate", "c")
    _run(kit, "workbook", "render", "c")
    reports = kit["work"] / "c" / "reports"
    for name in NOTEBOOKS:
        assert (reports / name).is_file() and (reports / name.replace(".ipynb", ".html")).is_file()
    for name in ("report.html", "index.html", "appendix.xlsx", "metrics.json"):
        assert (reports / name).stat().st_size > 1000, name
    for name in ("report.pdf", "analysis.pdf"):
        assert (reports / name).read_bytes()[:5] == b"%PDF-", name
    assert "失败" not in (reports / "index.html").read_text(encoding="utf-8")
    # the notebooks ran in the installed kit's own kernel, not in this checkout's
    kernel = _run(kit, "jupyter", "kernelspec", "list").stdout
    assert str(kit["bin"].parent) in kernel, kernel


@pytest.mark.slow
def test_the_installed_kit_serves_the_workshop_page(kit):
    if not (kit["work"] / "c" / "data" / "clean").is_dir():  # run alone: make the client first
        _run(kit, "workbook", "sample", "c", "--scale", "tiny", "--seed", "7")
        _run(kit, "workbook", "validate", "c")
    port = free_port()
    server = subprocess.Popen([str(kit["bin"] / "workbook"), "present", "c", "--notebook", "00_data_overview",
                               "--port", str(port)], cwd=kit["work"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=_clean_env())
    try:
        lines = []
        for line in server.stdout:  # the CLI prints each page's URL once the server answers
            lines.append(line)
            if re.search(r"https?://\S+", line) and "00_data_overview" in line:
                break
        url = re.search(r"https?://\S+", "".join(lines)).group(0)
        with urllib.request.urlopen(url, timeout=300) as answer:
            page = answer.read().decode("utf-8")
        assert answer.status == 200
        # the overview notebook's page, run for this client: its heading (as text, or as the page's JSON holds it)
        # and the sample's lead count
        assert "数据概览" in page or json.dumps("数据概览")[1:-1] in page, page[:2000]
        assert "3,000" in page
        assert "import " not in page  # code-free
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        finally:
            if server.poll() is None:
                server.kill()
    assert server.returncode == 0


@pytest.mark.slow
def test_the_installed_kits_lab_gives_the_client_its_own_notebooks(kit):
    (kit["work"] / "own").mkdir(exist_ok=True)
    out = _run(kit, "python", "-c", "from workbook.workshop.lab import lab_notebooks; print(lab_notebooks('own'))")
    folder = kit["work"] / "own" / "notebooks"
    assert Path(out.stdout.strip()) == Path("own") / "notebooks"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == NOTEBOOKS
    # the analyst's edits are kept: a second start adds what is missing and overwrites nothing
    (folder / NOTEBOOKS[0]).write_text("{}", encoding="utf-8")
    (folder / NOTEBOOKS[1]).unlink()
    _run(kit, "python", "-c", "from workbook.workshop.lab import lab_notebooks; lab_notebooks('own')")
    assert (folder / NOTEBOOKS[0]).read_text(encoding="utf-8") == "{}"
    assert (folder / NOTEBOOKS[1]).read_bytes() == (ROOT / "notebooks" / NOTEBOOKS[1]).read_bytes()
