"""What a report process imports: nbformat's schema checks without jsonschema's IRI grammars."""
from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import workbook.reports.execute
import nbformat
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(nb)
bad = nbformat.from_dict({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "nope"}]})
try:
    nbformat.validate(bad)
except nbformat.ValidationError:
    print("invalid notebook rejected")
print("grammars loaded" if sys.modules.get("rfc3987_syntax") else "grammars not loaded")
"""


def test_a_report_process_validates_notebooks_without_loading_the_iri_grammars():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["invalid notebook rejected", "grammars not loaded"], done.stderr
