"""Exceptions raised by the kit.

Every error says what failed, the bad value, what is allowed and where to fix
it. ``ConfigError`` and ``DataValidationError`` also subclass ``ValueError``
so generic callers can catch them as bad values.

Every exception survives ``pickle`` with its structured fields (errors cross
process pools and Dask workers): each keeps the arguments it was built from in
``args`` and rebuilds itself from them.
"""
from __future__ import annotations

from dataclasses import dataclass


class WorkbookError(Exception):
    """Base class of every error the kit raises on purpose.

    Subclasses with keyword fields store them in ``_fields`` so that pickling
    (``BaseException.__reduce__``: the class, ``args`` and ``__dict__``) rebuilds
    the same error.
    """

    def __reduce__(self):
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls, args, state):
    """Unpickle a kit error without calling its ``__init__`` (whose signature may need keywords)."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


@dataclass(frozen=True)
class Problem:
    """One problem found in a client's data or configuration.

    ``row`` is the row number as the user sees it in Excel or a text editor
    (the header is row 1), or ``None`` when the problem concerns a whole file,
    sheet or column. ``expected_zh`` and ``fix_zh`` are the Chinese texts of
    ``expected`` and ``fix`` (``None`` when there is none: show the English).
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    expected: str
    fix: str
    table: str | None = None
    rule: str = ""
    expected_zh: str | None = None
    fix_zh: str | None = None

    def expected_in(self, lang: str) -> str:
        """``expected`` in ``lang`` ("zh" or "en"), English when there is no Chinese text."""
        return self.expected_zh if lang == "zh" and self.expected_zh else self.expected

    def fix_in(self, lang: str) -> str:
        """``fix`` in ``lang`` ("zh" or "en"), English when there is no Chinese text."""
        return self.fix_zh if lang == "zh" and self.fix_zh else self.fix

    def as_dict(self) -> dict:
        return {
            "table": self.table,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "rule": self.rule,
            "expected": self.expected,
            "fix": self.fix,
            "expected_zh": self.expected_zh,
            "fix_zh": self.fix_zh,
        }

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" [sheet {self.sheet}]"
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f" column {self.column!r}"
        got = f" got {self.value!r};" if self.value is not None else ""
        return f"{where}:{got} expected {self.expected}. Fix: {self.fix}"


class ConfigError(WorkbookError, ValueError):
    """``client.yaml`` (or a parameter override) is invalid."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None):
        self.path = path
        self.key = key
        super().__init__(message)


class YamlError(WorkbookError, ValueError):
    """A text is not valid YAML, or uses a tag the safe loader refuses (``!!python/...``)."""


class DataValidationError(WorkbookError, ValueError):
    """Intake found one or more blocking problems; nothing was written."""

    def __init__(self, problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        super().__init__(self.summary())

    def summary(self, limit: int = 20) -> str:
        lines = [f"{len(self.problems)} problem(s) in the client's data:"]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


class ReadFailure(WorkbookError):
    """A file or sheet could not be read; carries the :class:`Problem` to report."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class MissingDataError(WorkbookError):
    """A table or column an analysis needs is not in the client's clean data."""


class RenderError(WorkbookError):
    """A notebook failed while rendering a client's report.

    ``client`` and ``notebook`` say which; ``cell`` where (``In [7] ...``, ``parameters``,
    ``start-up``), ``ename`` and ``evalue`` what the kernel raised.
    """

    def __init__(self, message: str, *, client: str, notebook: str, cell: str | None = None,
                 ename: str | None = None, evalue: str | None = None):
        self.client = client
        self.notebook = notebook
        self.cell = cell
        self.ename = ename
        self.evalue = evalue
        super().__init__(message)


class PdfUnavailable(WorkbookError):
    """The PDF could not be printed because its engine is missing (``path`` names what was looked for)."""

    def __init__(self, message: str, *, path: str):
        self.path = path
        super().__init__(message)
