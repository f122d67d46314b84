"""Client text on the terminal: shown as text, never obeyed.

Values, headers, names and paths come from files the consultant does not control. On a terminal an ESC
sequence in a cell could clear the screen or move the cursor, a carriage return or a line break could print a
line of its own ("ALL VALID") and a bidi override could reverse what follows. :func:`visible` writes every such
character as its Python escape; :class:`PlainConsole` is the rich console the command line prints through, which
reads no markup (``[bold]``, ``[/x]``) or emoji codes in any string and passes each one through :func:`visible`.

>>> visible("Acme\\x1b[2J ALL VALID\\x07")
'Acme\\\\x1b[2J ALL VALID\\\\x07'
>>> visible("line one\\nline two"), visible("line one\\nline two", newlines=True)
('line one\\\\nline two', 'line one\\nline two')
>>> visible("[/x] 华东精密\\u202eabc\\r\\t")
'[/x] 华东精密\\\\u202eabc\\\\r\\\\t'
"""
from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

__all__ = ["PlainConsole", "visible"]

# C0 controls and DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def visible(text: object, *, newlines: bool = False) -> str:
    """``str(text)`` with each control character written as its escape (ESC as ``\\x1b``, BEL as ``\\x07``,
    a line break as ``\\n``, U+202E as ``\\u202e``).

    Parameters
    ----------
    text : object
        A value, header, name, path or message; ``None`` is ``""``.
    newlines : bool
        Keep line breaks (``\\n``) as they are: for the kit's own messages of several lines. A value placed in
        one line of a message is escaped without this, so it cannot start a line of its own.
    """
    if text is None:
        return ""
    return (_CONTROL_BUT_NEWLINE if newlines else _CONTROL).sub(_escape, str(text))


class PlainConsole(Console):
    """A rich console for client text: strings (printed, in table cells and titles) are rendered with no
    markup and no emoji codes, and with :func:`visible` control characters. Line breaks stay: a value put into
    a message is escaped by the caller (``visible(value)``) so it cannot break the line.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**{"markup": False, "emoji": False, "highlight": False, **kwargs})

    def render_str(self, text: str, **kwargs) -> Text:
        return super().render_str(visible(text, newlines=True), **{**kwargs, "markup": False, "emoji": False})
