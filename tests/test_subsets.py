"""Every analysis on every subset of the eight tables: each chapter's ``compute()`` returns all its sections,
and a section it cannot compute names, in ``needs``, data that are really missing.

No kernel and no intake per subset: one tiny full client is cut from the sample client's clean tables, and
each subset is a :class:`~workbook.core.client.Client` over those frames (the tables left out are None, as
for a client that did not send them). The sections of the edge subsets (no table, one table, all but one,
all) are also put into words and tables in both languages (charts are drawn by the notebook tests), so a
subset that breaks the display layer fails here too.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from tests.thin_clients import THIN_OPTIONAL, thin, tiny_tables
from workbook.core import columns as c
from workbook.core.client import Client
from workbook.core.display import table_html
from workbook.core.formats import needs_text, render
from workbook.core.schema import TABLES
from workbook.customers import inventory, matrix
from workbook.funnel import diagnosis
from workbook.intake import overview
from workbook.timealloc import summary

CHAPTERS = {"overview": overview.compute, "inventory": inventory.compute, "matrix": matrix.compute,
            "funnel": diagnosis.compute, "timealloc": summary.compute}
NAMES = tuple(TABLES)
SUBSETS = [frozenset(combo) for n in range(len(NAMES) + 1) for combo in itertools.combinations(NAMES, n)]


class Recording(Client):
    """A client over given frames that notes which tables an analysis asks for."""

    def _loaded(self, name):
        self.read.add(name)
        return super()._loaded(name)


def client_of(folder, config, tables: dict, subset) -> Recording:
    client = Recording(folder, config, {name: (tables[name] if name in subset else None) for name in NAMES})
    client.read = set()
    return client


@pytest.fixture(scope="module")
def tiny(sample_client, tmp_path_factory):
    tables = tiny_tables(sample_client)
    assert all(len(frame) for frame in tables.values()), {k: len(v) for k, v in tables.items()}
    return tmp_path_factory.mktemp("subsets"), sample_client.config, tables


@pytest.fixture(scope="module")
def chapters(tiny):
    """Each chapter's result per subset of the tables it reads, computed on first use.

    A chapter's result depends only on the tables it reads, so subsets that differ only in other tables share
    one computation; which tables a chapter reads is taken from the whole and the empty client, and every
    later computation is checked to read no other table.
    """
    folder, config, tables = tiny
    reads, keys = {}, {}
    for name, compute in CHAPTERS.items():
        whole, empty = client_of(folder, config, tables, NAMES), client_of(folder, config, tables, ())
        keys[name] = [s.key for s in compute(whole).sections]
        compute(empty)
        reads[name] = frozenset(whole.read | empty.read)
    cache: dict = {}

    def result(name: str, subset: frozenset):
        part = subset & reads[name]
        if (name, part) not in cache:
            client = client_of(folder, config, tables, part)
            cache[name, part] = CHAPTERS[name](client)
            assert client.read <= reads[name], f"{name} read {sorted(client.read - reads[name])} on {sorted(part)}"
        return cache[name, part]

    return result, keys, reads


def described(need: str) -> bool:
    """A need that is not a table of the kit but data described in words (``activities_history``)."""
    from workbook.core.i18n import t

    try:
        return bool(t(f"table.{need}", "en"))
    except KeyError:
        return False


def missing_data(need: str, tables: dict[str, pd.DataFrame | None]) -> bool:
    """Whether ``need`` (``table`` or ``table.column``) is absent from, or empty in, ``tables``."""
    table, _, column = need.partition(".")
    if table not in TABLES:
        assert not column and described(need), f"needs names an unknown table: {need!r}"
        return True
    frame = tables.get(table)
    if frame is None:
        return True
    if not column:
        return False
    assert column in TABLES[table].names, f"needs names an unknown field: {need!r}"
    return column not in frame or bool(frame[column].isna().all())


def subset_id(subset: frozenset) -> str:
    return "+".join(sorted(subset)) or "none"


def check_sections(result, keys: list[str], given: dict, where: str) -> None:
    """All the chapter's sections there; each shows something, or names data that ``given`` really lacks."""
    assert [s.key for s in result.sections] == keys, where
    for section in result.sections:
        at = f"{result.chapter}.{section.key} on {where}"
        if section.needs:
            assert not section.tables and section.chart is None, at
            really = [need for need in section.needs if missing_data(need, given)]
            assert really, f"{at}: needs {section.needs}, but all of it is there"
            continue
        assert section.finding is not None or section.tables or section.chart is not None, at
    for action in result.actions:
        assert np.isfinite(action.value), f"{result.chapter} action {action.text.key} on {where}"


def check_words(result, where: str) -> None:
    """Each section's sentences, tables and needs put into words in both languages."""
    currency = result.context.get("currency", "CNY")
    for section in result.sections:
        at = f"{result.chapter}.{section.key} on {where}"
        for lang in ("zh", "en"):
            if section.needs:
                assert needs_text(section.needs, lang).strip(), at
            for text in (section.finding, section.note):
                if text is not None:
                    words = render(text, lang, currency=currency, labels=result.labels)
                    assert words.strip() and "nan" not in words.lower().split(), (at, words)
            for table in section.tables:
                html, _ = table_html(table, lang, currency=currency, labels=result.labels)
                assert "<table" in html, at


@pytest.mark.parametrize("subset", SUBSETS, ids=subset_id)
def test_every_chapter_on_the_subset(subset, tiny, chapters):
    _, _, tables = tiny
    result_of, keys, _ = chapters
    given = {name: (tables[name] if name in subset else None) for name in NAMES}
    for name in CHAPTERS:
        check_sections(result_of(name, subset), keys[name], given, subset_id(subset))


# the subsets put into words: no table, each table alone, all but one, all (the power set would double the time)
EDGES = [s for s in SUBSETS if len(s) in (0, 1, len(NAMES) - 1, len(NAMES))]


@pytest.mark.parametrize("subset", EDGES, ids=subset_id)
def test_every_section_on_the_edge_subsets_in_words(subset, chapters):
    result_of, _, _ = chapters
    for name in CHAPTERS:
        check_words(result_of(name, subset), subset_id(subset))


THIN = {"required": {}, "one_optional": THIN_OPTIONAL,
        # won deals with amounts but no customer: nothing to credit a customer with
        "deals_without_customer": THIN_OPTIONAL | {c.OPPORTUNITIES: (c.STATUS, c.AMOUNT, c.CLOSE_DATE)}}


@pytest.mark.parametrize("optional", THIN)
def test_every_chapter_on_thin_tables(optional, tiny, chapters):
    """All eight tables with only their required fields (plus the optional fields named in :data:`THIN`)."""
    folder, config, tables = tiny
    _, keys, _ = chapters
    given = {name: thin(frame, name, THIN[optional].get(name)) for name, frame in tables.items()}
    client = Client(folder, config, dict(given))
    for name, compute in CHAPTERS.items():
        result = compute(client)
        check_sections(result, keys[name], given, f"thin tables ({optional})")
        check_words(result, f"thin tables ({optional})")


def test_the_chapters_read_their_own_tables(chapters):
    _, _, reads = chapters
    assert reads["inventory"] == reads["matrix"] == {c.CUSTOMERS, c.ACTIVITIES, c.OPPORTUNITIES}
    assert c.TIME_LOG not in reads["funnel"] and c.QUOTES not in reads["funnel"]
    assert reads["overview"] == set(NAMES)


def test_no_table_at_all_names_each_chapters_table(chapters):
    """On an empty client every section waits for its chapter's own table."""
    result_of, _, _ = chapters
    needs = {name: {need.split(".")[0] for s in result_of(name, frozenset()).sections for need in s.needs}
             for name in CHAPTERS}
    assert needs["inventory"] == needs["matrix"] == {c.CUSTOMERS}
    assert c.LEADS in needs["funnel"] and c.OPPORTUNITIES in needs["funnel"]
    assert c.TIME_LOG in needs["timealloc"]
