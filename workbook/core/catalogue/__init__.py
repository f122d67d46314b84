"""The zh/en catalogue, one module per part of the kit; :mod:`workbook.core.i18n` merges them.

Each module holds ``MESSAGES = {key: (zh, en)}``. Keys are unique across
modules (a test checks it). Naming: ``chapter.<name>`` chapter titles,
``section.<chapter>.<key>`` section headings, ``table.<key>`` table captions
and appendix sheets, ``col.<code>`` column headers, ``find.<chapter>.<key>``
action titles, ``act.<chapter>.<key>`` actions, ``vocab.<vocab>.<code>``
labels of kit codes that are not in the schema's vocabularies.
"""
from __future__ import annotations

from workbook.core.catalogue import calls, common, customers, funnel, overview, reports, timealloc

MODULES = (common, overview, customers, funnel, timealloc, calls, reports)


def merged() -> dict[str, tuple[str, str]]:
    """Every module's messages in one dict; raises if a key is defined twice."""
    out: dict[str, tuple[str, str]] = {}
    for module in MODULES:
        twice = sorted(set(out) & set(module.MESSAGES))
        if twice:
            raise KeyError(f"catalogue keys defined twice ({module.__name__}): {', '.join(twice)}")
        out.update(module.MESSAGES)
    return out
