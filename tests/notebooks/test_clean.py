"""House rules for notebooks/: stored without outputs, runnable by papermill, thin."""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no NN_topic.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, cell in enumerate(nb.cells)
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_ready(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{path.name}: no python3 kernelspec"
    tagged = [cell for cell in nb.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
    names = [node.target.id for node in ast.parse(tagged[0].source).body if isinstance(node, ast.AnnAssign)]
    assert {"client_dir", "lang"} <= set(names), f"{path.name}: parameters must include client_dir and lang"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_thin_no_definitions(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
        assert not defs, f"{path.name} cell {i}: move def/class into the workbook package"


PLUMBING = {"concat": "pd.concat", "display": "display(...)", "Markdown": "Markdown(...)", "record": "record(...)",
            "style": "a Styler chain", "head": ".head(...)", "pivot": ".pivot(...)"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_thin_one_compute_then_one_show_per_section(path):
    """Parameters, one compute() call, then one short display call per section: no branching or plumbing."""
    nb = nbformat.read(path, as_version=4)
    assert not [c for c in nb.cells if c.cell_type == "markdown"], f"{path.name}: headings come from the catalogue"
    computes = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        branching = [type(n).__name__ for n in ast.walk(tree)
                     if isinstance(n, (ast.IfExp, ast.If, ast.For, ast.While, ast.ListComp, ast.DictComp, ast.SetComp,
                                       ast.GeneratorExp, ast.Lambda))]
        assert not branching, f"{path.name} cell {i}: {branching} in a notebook"
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        plumbing = [PLUMBING[name] for name in names & set(PLUMBING)]
        assert not plumbing, f"{path.name} cell {i}: {plumbing} belongs in the package or the display layer"
        calls = [n.func for n in ast.walk(tree) if isinstance(n, ast.Call)]
        computes += sum(isinstance(f, ast.Attribute) and f.attr == "compute" for f in calls)
        shows = [n for n in tree.body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
                 and getattr(n.value.func, "id", "") == "show"]
        if shows:
            assert len(tree.body) == 1, f"{path.name} cell {i}: one section per cell"
    assert computes == 1, f"{path.name}: {computes} compute() calls; a notebook computes its result once"
