"""``workbook portfolio`` on 1,000 clients: the wall time of the command (figures only, no notebook).

The clients are copies of one rendered sample client's ``metrics.json`` (cached in
``benchmarks/.data/portfolio/``) whose numbers are each scaled by a seeded random
factor (0.5-1.5), so every figure differs between clients. Printed: the command's
wall time (a fresh process: imports, reading, percentiles, HTML, PDF, JSON, xlsx)
and, in this process, the time to read and compare and the time to write.

Usage: ``python benchmarks/run.py portfolio [--clients=N]``
"""
from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / ".data"


def _source() -> Path:
    """A rendered tiny sample client's metrics.json (rendered once, cached)."""
    folder = DATA / "portfolio" / "source"
    metrics = folder / "reports" / "metrics.json"
    if not metrics.exists():
        from workbook.intake.sample import make_sample
        from workbook.intake.validate import run_intake
        from workbook.reports.batch import render_batch

        print("rendering the source client (once) ...", flush=True)
        make_sample(folder, seed=7, scale="tiny", force=folder.exists())
        run_intake(folder)
        batch = render_batch([folder], only=["quality_matrix", "funnel_diagnosis", "time_allocation"], formats=(),
                             jobs=1, force=True)
        if not batch.ok:
            raise RuntimeError(f"the source client did not render: {batch.failed}")
    return metrics


def _perturbed(value, rng: np.random.Generator):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return value * float(rng.uniform(0.5, 1.5))
    if isinstance(value, dict):
        return {k: _perturbed(v, rng) for k, v in value.items()}
    if isinstance(value, list):
        return [_perturbed(v, rng) for v in value]
    return value


def make_clients(n: int, root: Path) -> list[Path]:
    """``n`` client folders under ``root``, each with a perturbed copy of the source metrics.json."""
    source = json.loads(_source().read_text(encoding="utf-8"))
    rng = np.random.default_rng(2026)
    if root.exists():
        shutil.rmtree(root)
    dirs = []
    for number in range(n):
        folder = root / f"client-{number:04d}"
        (folder / "reports").mkdir(parents=True)
        metrics = dict(source, notebooks=_perturbed(source["notebooks"], rng),
                       client={"name": f"Client company {number:04d}", "folder": folder.name})
        (folder / "reports" / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False), encoding="utf-8")
        dirs.append(folder)
    return dirs


def main(flags: list[str] | None = None) -> None:
    n = 1000
    for flag in flags or []:
        if flag.startswith("--clients="):
            n = int(flag.split("=", 1)[1])
    root = DATA / "portfolio" / "clients"
    dirs = make_clients(n, root)
    out = DATA / "portfolio" / "out"
    workbook = Path(sys.executable).with_name("workbook")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([str(workbook), "portfolio", *map(str, dirs), "--out", str(out), "--lang", "zh"],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    from workbook.reports.portfolio import read_portfolio, write_portfolio

    stages = {}
    start, cpu_start = time.perf_counter(), time.process_time()
    compared = read_portfolio(dirs)
    stages["read + compare"] = (time.perf_counter() - start, time.process_time() - cpu_start)
    start, cpu_start = time.perf_counter(), time.process_time()
    write_portfolio(compared, DATA / "portfolio" / "out-inproc", lang="zh")
    stages["write html/pdf/json/xlsx"] = (time.perf_counter() - start, time.process_time() - cpu_start)
    sizes = {p.name: p.stat().st_size // 1024 for p in sorted(out.iterdir())}
    print(f"clients: {n:,}")
    print(f"workbook portfolio (fresh process): wall {wall:.2f} s, CPU {cpu:.2f} s (imports included; the wall "
          "time grows with the machine's load, the CPU time does not)")
    print("  in process (wall / CPU): " + ", ".join(f"{name} {w:.2f} / {c:.2f} s" for name, (w, c) in stages.items()))
    print("  outputs (KB): " + ", ".join(f"{name} {size:,}" for name, size in sizes.items()))
