"""Rendered reports: notebooks executed (papermill, warm kernels), pages, report.html, appendix, PDF, batches.

Importing this package keeps jsonschema (imported by nbformat, which papermill and nbconvert import) from
loading its optional IRI checker, ``rfc3987_syntax``: that module compiles 38 Earley grammars when it is
imported, 2.5 s and more of every report process's start (the command, each worker of a batch), and no
notebook schema uses the ``iri`` format it checks. jsonschema treats the module as not installed.
"""
from __future__ import annotations

import sys

if "jsonschema" not in sys.modules:  # once jsonschema is loaded, the choice is made
    sys.modules.setdefault("rfc3987_syntax", None)
