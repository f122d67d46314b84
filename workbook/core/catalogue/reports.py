"""Catalogue: labels and messages of the reports part of the kit (see :mod:`workbook.core.catalogue`)."""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
}
