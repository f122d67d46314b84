"""The render benchmark runs end to end and prints each of its figures (their values are not asserted)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_render_quick_prints_the_hand_loop_the_batch_20_clients_and_the_rerender_lines():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "render", "--quick"],
                          capture_output=True, text=True, cwd=ROOT, timeout=1800, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    starts = ["=== render ===", "2 sample clients ready in ", "(a) 1 clients x 1 notebooks",
              "    hand loop (papermill + jupyter nbconvert per notebook): ",
              "    workbook render --jobs 2 --engine papermill (a kernel per notebook): ",
              "    workbook render --jobs 2 (warm kernels): ", "(b) 2 clients x 1 notebooks, warm kernels",
              "(c) re-render of the 2 clients with nothing changed: "]
    for start in starts:
        assert any(line.startswith(start) for line in lines), (start, proc.stdout)
    assert "x the hand loop" in proc.stdout and "notebooks/s" in proc.stdout and "peak memory" in proc.stdout
