"""Helpers shared by the benchmarks: a cached large sample, timing with peak memory in a child process."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"


def large_sample() -> Path:
    """The large sample client (>= 1M leads), generated once and cached in benchmarks/.data/."""
    path = DATA / "large"
    if not (path / "client.yaml").exists():
        from workbook.intake.sample import make_sample

        print("generating the large sample client (once) ...", flush=True)
        make_sample(path, seed=7, scale="large", force=path.exists())
    return path


def measure(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; it must set ``result`` (a dict). Adds seconds and peak RSS (MB)."""
    script = textwrap.dedent("""
        import json, resource, time
        start = time.perf_counter()
        result = {}
    """) + textwrap.dedent(code) + textwrap.dedent("""
        result["seconds"] = time.perf_counter() - start
        # VmHWM: this process's own peak RSS (ru_maxrss would include the parent's, inherited at fork)
        hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM")]
        result["peak_mb"] = (int(hwm[0].split()[1]) if hwm else """
        """resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
        print("RESULT" + json.dumps(result))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")][-1]
    return json.loads(line[len("RESULT"):])
