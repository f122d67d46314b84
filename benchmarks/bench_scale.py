"""A million-lead client against a small one, measured side by side in one run, with the targets.

In one run on this machine:

1. the small sample (~20k leads) and the large sample (~1.2M leads), seed 7, each generated
   (``workbook sample``), validated and rendered with ``--force`` (every notebook, html + xlsx + pdf);
   for each step the wall seconds and the peak memory of the whole process tree (the command and every
   kernel and worker it starts: summed resident memory, sampled every 0.1 s); the seconds of each notebook
   and of the report step (the render's own table); the largest executed notebook and appendix.xlsx;
2. the workshop controls on the large client (every control of every page, moved as in
   ``bench_workshop.py``): p95 of the slowest control;
3. ``bench_render.py``: 4 sample clients rendered by the hand-run papermill + nbconvert loop and by
   ``workbook render --jobs 2``, then 20 clients rendered and re-rendered with nothing changed.

Targets: large render <= 2.5x the small one's time, process tree < 2.5 GB, no executed notebook over 20 MB,
workshop p95 <= 100 ms on the large client, re-render of 20 clients < 2 s, the batch >= 15x the hand loop.

Beside each figure: the figures of a previous commit. ``--baseline REV`` measures the same steps 1-2 with the
code of REV (a ``git worktree``, run through ``PYTHONPATH``; the notebooks of REV) in the same run, just before
the working tree; without it, the figures the last run saved in ``benchmarks/results/scale.json`` (the commit
they were measured at is printed). ``--save`` writes this run's figures there.

``--at REV`` measures REV instead of the working tree (with ``--save``: record a commit's figures; the batch
step always runs the installed working tree).

Usage: ``python benchmarks/bench_scale.py [--baseline REV] [--at REV] [--save] [--no-batch] [--no-workshop]``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "scale.json"
TARGET_RATIO = 2.5
TARGET_TREE_MB = 2.5 * 1024
TARGET_NOTEBOOK_MB = 20.0
TARGET_CONTROL_MS = 100.0
TARGET_RERENDER_S = 2.0
TARGET_BATCH_RATIO = 15.0
SCALES = ("small", "large")
STEPS = ("sample", "validate", "render")


def _load(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _env(code: Path) -> dict[str, str]:
    """The environment that runs the kit at ``code`` (a checkout): its package and its notebooks."""
    return {**os.environ, "PYTHONPATH": str(code), "WORKBOOK_NOTEBOOKS_DIR": str(code / "notebooks")}


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """``workbook ARGS`` with the kit of ``env``: (wall seconds, peak MB of the process tree, its output)."""
    from bench_render import _tree_rss

    cli = [sys.executable, "-c", "import sys; from workbook.cli import main; sys.exit(main())"]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([*cli, *args], env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read()
    if proc.returncode != 0:
        raise RuntimeError(f"workbook {' '.join(args)} exited {proc.returncode}:\n{text[-3000:]}")
    return seconds, peak / 2**20, text


def _render_rows(text: str) -> dict[str, float]:
    """Seconds per notebook and for the report step, from the render's table (``│ client │ nb │ status │ s │``)."""
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│┃]", line)[1:-1]]
        if len(cells) >= 4 and re.fullmatch(r"\d+(\.\d+)?", cells[3]):
            rows[cells[1]] = float(cells[3])
    return rows


def measure_client(scale: str, folder: Path, env: dict[str, str]) -> dict:
    """Generate, validate and render one sample client; the figures of each step."""
    figures: dict = {}
    steps = {"sample": ["sample", str(folder), "--scale", scale, "--seed", "7", "--force", "--lang", "en"],
             "validate": ["validate", str(folder), "--lang", "en"],
             "render": ["render", str(folder), "--force", "--lang", "en"]}
    for step, args in steps.items():
        seconds, peak, text = _run(args, env)
        figures[step] = {"seconds": round(seconds, 2), "peak_mb": round(peak)}
        if step == "render":
            figures["render_steps"] = _render_rows(text)
        print(f"    {scale:<6} {step:<9} {seconds:7.1f} s   peak {peak:6.0f} MB", flush=True)
    reports = folder / "reports"
    notebooks = {path.name: path.stat().st_size / 2**20 for path in reports.glob("*.ipynb")}
    biggest = max(notebooks, key=notebooks.get)
    figures["largest_notebook"] = {"name": biggest, "mb": round(notebooks[biggest], 2)}
    figures["notebook_mb"] = {name: round(mb, 2) for name, mb in sorted(notebooks.items())}
    xlsx = sorted(reports.glob("*.xlsx"))
    figures["appendix_mb"] = round(max((p.stat().st_size for p in xlsx), default=0) / 2**20, 2)
    return figures


def measure_workshop(folder: Path, env: dict[str, str]) -> dict:
    """Every workshop control moved on ``folder`` (``bench_workshop.py --client DIR --json``) in a child process."""
    script = HERE / "bench_workshop.py"
    done = subprocess.run([sys.executable, str(script), "--client", str(folder), "--no-browser", "--json"],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench_workshop on {folder} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT")][-1]
    return json.loads(line[len("RESULT"):])


def measure(code: Path, root: Path, *, workshop: bool) -> dict:
    env = _env(code)
    figures: dict = {}
    for scale in SCALES:
        figures[scale] = measure_client(scale, root / scale, env)
    small, large = figures["small"]["render"], figures["large"]["render"]
    figures["ratio"] = round(large["seconds"] / small["seconds"], 2)
    if workshop:
        print("    workshop controls on the large client ...", flush=True)
        figures["workshop"] = measure_workshop(root / "large", env)
    shutil.rmtree(root / "small", ignore_errors=True)
    shutil.rmtree(root / "large", ignore_errors=True)
    return figures


def _commit(code: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=code, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "workbook", "notebooks"], cwd=code,
                           capture_output=True, text=True).stdout.strip()
    return done.stdout.strip() + (" + working tree" if dirty else "")


def _cell(value, fmt: str) -> str:
    return format(value, fmt) if isinstance(value, (int, float)) else "-"


def _get(figures: dict | None, *keys):
    for key in keys:
        if not isinstance(figures, dict) or key not in figures:
            return None
        figures = figures[key]
    return figures


def print_table(now: dict, before: dict | None, label: str) -> None:
    """Time and memory per step of each client, this run beside the baseline."""
    print(f"\n  {'step':<46} {'before s':>9} {'now s':>8} {'before MB':>10} {'now MB':>8}   (before: {label})")
    for scale in SCALES:
        for step in STEPS:
            b, n = _get(before, scale, step) or {}, _get(now, scale, step) or {}
            print(f"  {scale + ' ' + step:<46} {_cell(b.get('seconds'), '9.1f')} {_cell(n.get('seconds'), '8.1f')} "
                  f"{_cell(b.get('peak_mb'), '10.0f')} {_cell(n.get('peak_mb'), '8.0f')}")
        steps = dict(_get(before, scale, "render_steps") or {})
        steps.update({k: None for k in _get(now, scale, "render_steps") or {} if k not in steps})
        for name in steps:
            b, n = _get(before, scale, "render_steps", name), _get(now, scale, "render_steps", name)
            print(f"    {scale + ' render: ' + name:<44} {_cell(b, '9.1f')} {_cell(n, '8.1f')}")
        for name in sorted(set(_get(before, scale, "notebook_mb") or {}) | set(_get(now, scale, "notebook_mb") or {})):
            b, n = _get(before, scale, "notebook_mb", name), _get(now, scale, "notebook_mb", name)
            print(f"    {scale + ' size MB: ' + name:<44} {_cell(b, '9.1f')} {_cell(n, '8.1f')}")
        b, n = _get(before, scale, "appendix_mb"), _get(now, scale, "appendix_mb")
        print(f"    {scale + ' size MB: appendix.xlsx':<44} {_cell(b, '9.1f')} {_cell(n, '8.1f')}")


def targets(now: dict, before: dict | None) -> list[tuple[str, object, object, str, bool | None]]:
    """(target, before, now, goal, met) for each target this run measured."""
    rows = []

    def add(name, path, goal, test, fmt):
        value, old = _get(now, *path), _get(before, *path)
        if value is not None:
            rows.append((name, _cell(old, fmt), _cell(value, fmt), goal, test(value)))

    add("large render / small render (x)", ("ratio",), "<= 2.5", lambda v: v <= TARGET_RATIO, ".2f")
    add("large render: process tree peak (MB)", ("large", "render", "peak_mb"), "< 2560",
        lambda v: v < TARGET_TREE_MB, ".0f")
    add("largest executed notebook (MB)", ("large", "largest_notebook", "mb"), "<= 20",
        lambda v: v <= TARGET_NOTEBOOK_MB, ".1f")
    add("workshop p95, slowest control, large (ms)", ("workshop", "worst_p95_ms"), "<= 100",
        lambda v: v <= TARGET_CONTROL_MS, ".0f")
    add("4-client batch / hand loop (x)", ("batch", "ratio"), ">= 15", lambda v: v >= TARGET_BATCH_RATIO, ".2f")
    add("re-render 20 clients, nothing changed (s)", ("batch", "rerender_s"), "< 2",
        lambda v: v < TARGET_RERENDER_S, ".2f")
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REV", help="measure the code of REV too, in this run")
    parser.add_argument("--at", metavar="REV", help="measure the code of REV instead of the working tree")
    parser.add_argument("--save", action="store_true", help=f"write this run's figures to {RESULTS}")
    parser.add_argument("--no-batch", action="store_true", help="skip bench_render (hand loop, 20 clients)")
    parser.add_argument("--no-workshop", action="store_true", help="skip the workshop controls")
    args = parser.parse_args(argv or [])
    sys.path.insert(0, str(HERE))

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; figures of one run compare",
          flush=True)
    root = Path(tempfile.mkdtemp(prefix="bench_scale_"))
    before, label = None, "none"
    try:
        if args.baseline:
            old = root / "baseline-code"
            subprocess.run(["git", "worktree", "add", "--detach", str(old), args.baseline], cwd=ROOT, check=True,
                           capture_output=True)
            try:
                label = f"{_commit(old)}, measured in this run"
                print(f"  baseline {label}", flush=True)
                before = measure(old, root, workshop=not args.no_workshop)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=False,
                               capture_output=True)
        elif RESULTS.exists():
            before = json.loads(RESULTS.read_text(encoding="utf-8"))
            label = (f"{before.get('commit', '?')}, saved {before.get('date', '?')} in {RESULTS.name}, "
                     f"load {before.get('load_average', '?')}")
            if before.get("note"):
                label += f"; {before['note']}"
        code = ROOT
        if args.at:
            code = root / "code-at-rev"
            subprocess.run(["git", "worktree", "add", "--detach", str(code), args.at], cwd=ROOT, check=True,
                           capture_output=True)
        try:
            commit = _commit(code)
            print(f"  now: {commit}", flush=True)
            now = measure(code, root, workshop=not args.no_workshop)
        finally:
            if args.at:
                subprocess.run(["git", "worktree", "remove", "--force", str(code)], cwd=ROOT, check=False,
                               capture_output=True)
        now["commit"], now["date"] = commit, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        now["load_average"] = round(os.getloadavg()[1], 1)  # over the last 5 minutes: a busy machine shows here
        if not args.no_batch:
            print("  bench_render: 4 clients, hand loop against workbook render; 20 clients re-rendered ...",
                  flush=True)
            now["batch"] = _load("bench_render").main([])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if args.baseline and RESULTS.exists() and "batch" in now:
        saved = json.loads(RESULTS.read_text(encoding="utf-8"))
        if "batch" in saved:  # the batch is not re-measured at REV: its figures are the last saved run's
            before["batch"] = saved["batch"]
            print(f"  (the batch's before figures: {saved.get('commit', '?')}, saved in {RESULTS.name})")
    print_table(now, before, label)
    print(f"\n  {'target':<44} {'before':>8} {'now':>8}  {'goal':>8}")
    for name, old, value, goal, met in targets(now, before):
        print(f"  {name:<44} {old:>8} {value:>8}  {goal:>8}  {'met' if met else 'NOT met'}")
    if args.save:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(now, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"  figures saved to {RESULTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
