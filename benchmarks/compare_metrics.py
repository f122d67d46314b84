"""Before/after check of a refactoring: the figures in metrics.json must not change.

Renders the sample client (seed 7) and the public Maven export with the code of a
git revision (default ``HEAD``, checked out into a temporary worktree) and with the
working tree, then compares every recorded figure (``generated_at`` aside).

Usage: ``python benchmarks/compare_metrics.py [--before REV]``; exit code 1 when a
figure differs, with each difference printed as ``notebook.figure: before -> after``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAVEN = ROOT / "tests" / "data" / "maven-crm"


def run(code: Path, work: Path) -> dict[str, dict]:
    """metrics.json of both clients rendered with the kit at ``code`` (a checkout) into ``work``."""
    env = {**os.environ, "PYTHONPATH": str(code), "WORKBOOK_NOTEBOOKS_DIR": str(code / "notebooks")}
    cli = [sys.executable, "-c", "import sys; from workbook.cli import main; sys.exit(main())"]

    def workbook(*args: str) -> None:
        done = subprocess.run([*cli, *args], env=env, cwd=work, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"workbook {' '.join(args)} failed ({code}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")

    sample, maven = work / "demo", work / "maven-crm"
    workbook("sample", str(sample), "--seed", "7", "--force")
    workbook("new", str(maven), "--preset", "maven-crm", "--name", "Maven CRM (public sample)")
    for csv in MAVEN.glob("*.csv"):
        shutil.copy(csv, maven / "data" / "raw" / csv.name)
    out = {}
    for client in (sample, maven):
        workbook("validate", str(client))
        workbook("render", str(client), "--formats", "html", "--force")
        data = json.loads((client / "reports" / "metrics.json").read_text(encoding="utf-8"))
        data.pop("generated_at", None)
        out[client.name] = data
    return out


def differences(before, after, path: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        return [d for key in sorted(set(before) | set(after), key=str)
                for d in differences(before.get(key), after.get(key), f"{path}.{key}" if path else str(key))]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [d for i, (b, a) in enumerate(zip(before, after)) for d in differences(b, a, f"{path}[{i}]")]
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD", help="git revision to compare with (default HEAD)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="metrics-compare-") as tmp:
        tmp = Path(tmp)
        old = tmp / "before-code"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), args.before], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            (tmp / "before").mkdir()
            (tmp / "after").mkdir()
            print(f"rendering with {args.before} ...", flush=True)
            before = run(old, tmp / "before")
            print("rendering with the working tree ...", flush=True)
            after = run(ROOT, tmp / "after")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=False)
    found = differences(before, after)
    figures = sum(len(nb) for data in after.values() for nb in data["notebooks"].values())
    for line in found:
        print(line)
    print(f"{figures} recorded figures of 2 clients compared: {len(found)} differ")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
