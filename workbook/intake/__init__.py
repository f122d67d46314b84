"""Intake: the client's raw files -> validated, normalised clean tables (and the sample client)."""
from workbook.intake.folder import open_client

__all__ = ["open_client"]
