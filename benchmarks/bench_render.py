"""Rendering many clients: the hand-run papermill loop against ``workbook render``, at 4 and 20 sample clients.

Prints, in one run on this machine:

(a) 4 sample clients (seeds 1-4), every notebook, HTML only: the loop a user would write (for each notebook
    ``papermill NB OUT -p client_dir C`` then ``jupyter nbconvert --to html --no-input OUT``), then
    ``workbook render C1..C4 --jobs 2 --formats html --force`` with a kernel per notebook (``--engine papermill``)
    and with warm kernels (the default), each with its ratio to the hand loop (target >= 15x);
(b) 20 clients (seeds 1-20) with warm kernels: wall time, notebooks per second, and the peak memory of the
    whole process tree (the sum of the resident memory of the command and all its descendants, sampled);
(c) the same command again with nothing changed (no ``--force``; target < 2 s).

The clients are generated (``workbook sample DIR --seed N`` and ``workbook validate``) once into
``benchmarks/.data/render/`` and copied to a temporary folder for each run. The hand loop passes
``-p interactive False`` to the notebooks with live controls: with them papermill's kernel stalls (the run never
ends), so that is what a user has to type.
``--quick`` (a smoke test): 1 client for (a) and 2 for (b), one notebook.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BIN = Path(sys.executable).parent
DATA = Path(__file__).resolve().parent / ".data"
TARGET_RATIO = 15.0
TARGET_RERENDER_S = 2.0
QUICK_NOTEBOOK = "00_data_overview"


def _tree_rss(pid: int) -> int:
    """Bytes of resident memory of ``pid`` and all its descendants (psutil, else /proc)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return _proc_tree_rss(pid)
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def _proc_tree_rss(pid: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * 4096
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def run(cmd: list[str], *, cwd: Path | None = None) -> tuple[float, float]:
    """Run ``cmd`` (it must succeed); (wall seconds, peak MB of its process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {stderr[-2000:]}")
    return seconds, peak / 2**20


def make_clients(root: Path, seeds: list[int]) -> list[Path]:
    """Sample clients for ``seeds`` in ``root``: ``workbook sample`` + ``workbook validate`` (two at a time) once,
    cached in ``benchmarks/.data/render/`` (generating 20 takes minutes on this machine), then copied."""
    def make(seed: int) -> Path:
        cached = DATA / "render" / f"seed{seed:02d}"
        if not (cached / "data" / "clean" / "manifest.json").exists():
            subprocess.run([str(BIN / "workbook"), "sample", str(cached), "--seed", str(seed), "--force"],
                           check=True, capture_output=True)
            subprocess.run([str(BIN / "workbook"), "validate", str(cached)], check=True, capture_output=True)
        path = root / f"client{seed:02d}"
        shutil.copytree(cached, path, ignore=shutil.ignore_patterns("reports"))
        return path

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(make, seeds))


def hand_loop(clients: list[Path], notebooks: list[Path], out: Path) -> float:
    """What a user would type: papermill then nbconvert, per client and notebook; wall seconds."""
    from workbook.reports.execute import declared_parameters

    start = time.perf_counter()
    for client in clients:
        folder = out / client.name
        folder.mkdir(parents=True, exist_ok=True)
        for nb in notebooks:
            executed = folder / nb.name
            # a notebook with live controls is run without them, as the user learns to (widget comms stall
            # papermill's kernel otherwise: jupyter/nbclient#312)
            static = ["-p", "interactive", "False"] if "interactive" in declared_parameters(nb) else []
            subprocess.run([str(BIN / "papermill"), str(nb), str(executed), "-p", "client_dir", str(client),
                            *static], check=True, capture_output=True)
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                           check=True, capture_output=True)
    return time.perf_counter() - start


def render_cmd(clients: list[Path], *extra: str) -> list[str]:
    return [str(BIN / "workbook"), "render", *map(str, clients), "--jobs", "2", "--formats", "html", *extra]


def main(argv: list[str] | None = None) -> dict:
    """Measure (a)-(c); the figures as a dict (seconds; ``ratio``: the warm batch against the hand loop)."""
    parser = argparse.ArgumentParser(prog="bench_render")
    parser.add_argument("--quick", action="store_true", help="1 + 2 clients, one notebook: a smoke test")
    args = parser.parse_args(argv or [])

    from workbook.core.notebooks import list_notebooks

    notebooks = list_notebooks([QUICK_NOTEBOOK] if args.quick else None)
    only = ["--only", QUICK_NOTEBOOK] if args.quick else []
    few, many = ([1], [1, 2]) if args.quick else (list(range(1, 5)), list(range(1, 21)))
    root = Path(tempfile.mkdtemp(prefix="bench_render_"))
    try:
        start = time.perf_counter()
        clients = make_clients(root, many)
        print(f"{len(clients)} sample clients ready in {time.perf_counter() - start:.0f} s "
              f"(this 2-core machine is shared with other work: compare figures of one run)", flush=True)
        four = clients[:len(few)]
        n = len(four) * len(notebooks)
        print(f"(a) {len(four)} clients x {len(notebooks)} notebooks, HTML only", flush=True)
        hand = hand_loop(four, notebooks, root / "hand")
        print(f"    hand loop (papermill + jupyter nbconvert per notebook): {hand:.1f} s", flush=True)
        cold, _ = run(render_cmd(four, "--force", "--engine", "papermill", *only))
        print(f"    workbook render --jobs 2 --engine papermill (a kernel per notebook): {cold:.1f} s, "
              f"{hand / cold:.2f}x the hand loop", flush=True)
        warm, warm_peak = run(render_cmd(four, "--force", *only))
        verdict = "meets" if hand / warm >= TARGET_RATIO else "misses"
        print(f"    workbook render --jobs 2 (warm kernels): {warm:.1f} s, {hand / warm:.2f}x the hand loop "
              f"({verdict} the {TARGET_RATIO:.0f}x target), {n / warm:.2f} notebooks/s, peak {warm_peak:.0f} MB",
              flush=True)
        n = len(clients) * len(notebooks)
        wall, peak = run(render_cmd(clients, "--force", *only))
        print(f"(b) {len(clients)} clients x {len(notebooks)} notebooks, warm kernels, --jobs 2: {wall:.1f} s, "
              f"{n / wall:.2f} notebooks/s, peak memory of the process tree {peak:.0f} MB", flush=True)
        again, _ = run(render_cmd(clients, *only))
        verdict = "meets" if again < TARGET_RERENDER_S else "misses"
        print(f"(c) re-render of the {len(clients)} clients with nothing changed: {again:.2f} s "
              f"({verdict} the {TARGET_RERENDER_S:.0f} s target)", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {"hand_s": round(hand, 1), "papermill_s": round(cold, 1), "warm_s": round(warm, 1),
            "ratio": round(hand / warm, 2), "warm_peak_mb": round(warm_peak), "clients": len(clients),
            "many_s": round(wall, 1), "many_peak_mb": round(peak), "rerender_s": round(again, 2)}


if __name__ == "__main__":
    main(sys.argv[1:])
