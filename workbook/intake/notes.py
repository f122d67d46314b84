"""A note of the mapping assistant in both languages: the English text is the string itself (so it reads,
compares and searches as one), the Chinese text rides along for the display layer.

>>> note = Note("'Stage' fills both stage and status", "「Stage」同时填入 stage 和 status")
>>> note.startswith("'Stage'"), note.text("zh")
(True, '「Stage」同时填入 stage 和 status')
"""
from __future__ import annotations

__all__ = ["Note", "text"]


class Note(str):
    """English text with its Chinese text (``zh``)."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Note:
        note = super().__new__(cls, en)
        note.zh = zh
        return note

    def __reduce__(self):
        return Note, (str(self), self.zh)

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else str(self)


def text(note: str, lang: str) -> str:
    """A note in ``lang``: its Chinese text when it has one, else the text as it is."""
    return note.text(lang) if isinstance(note, Note) else str(note)
