"""A render worker's start: what it leaves out and how it gives memory back, without changing what it checks."""
from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from workbook.reports.batch import _worker_start
_worker_start()
import os, nbformat, papermill  # noqa: F401 - what a worker imports to run a notebook
good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(good)
bad = nbformat.from_dict(json.loads(json.dumps(good)))
del bad.cells[0]["outputs"]
try:
    nbformat.validate(bad)
    refused = ""
except nbformat.ValidationError as exc:
    refused = str(exc).splitlines()[0]
print(json.dumps({"grammar": bool(sys.modules.get("rfc3987_syntax")), "refused": refused,
                  "pool": os.environ.get("ARROW_DEFAULT_MEMORY_POOL")}))
"""


def test_a_worker_validates_notebooks_as_before_without_the_iri_grammar_and_gives_memory_back():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["grammar"] is False  # the IRI grammar was never built
    assert seen["refused"] == "'outputs' is a required property"  # a code cell without outputs: still refused
    assert seen["pool"] == "system"  # Arrow allocates through malloc, which gives freed memory back
