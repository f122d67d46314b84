"""Run every ``benchmarks/bench_*.py`` (each defines ``main() -> None`` and prints its figures).

Usage: ``python benchmarks/run.py [NAME ...] [--flag ...]`` (e.g. ``intake``, or ``render --quick``: flags
go to each chosen benchmark's ``main(flags)``). Without names every benchmark runs, ``render`` inside ``scale``
(which prints its figures beside the scale targets). Figures are measured
in one run on this machine; ratios compare alternatives measured side by side.
"""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSIDE_SCALE = {"render"}  # bench_scale runs bench_render: once is enough in a full run


def main(argv: list[str]) -> int:
    chosen = {arg for arg in argv if not arg.startswith("-")}
    flags = [arg for arg in argv if arg.startswith("-")]
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if chosen and name not in chosen or not chosen and name in INSIDE_SCALE:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        module.main(flags) if flags else module.main()
        print(f"({name}: {time.perf_counter() - start:.0f} s in all)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
