"""The MIME types of the machine payloads a notebook's outputs carry beside their HTML (no imports: the report
pages read them without loading the display layer)."""
from __future__ import annotations

SECTION_MIME = "application/x-workbook-section+json"  # a shown section, localised and formatted (for the PDF)
CHAPTER_MIME = "application/x-workbook-chapter+json"  # a chapter's title and subtitle
ACTIONS_MIME = "application/x-workbook-actions+json"  # a chapter's actions, localised, with their values
APPENDIX_MIME = "application/x-workbook-appendix+json"  # a full table for the appendix, typed
RECORD_MIME = "application/x-workbook-record+json"  # a recorded figure (metrics.json)
TABLE_MIME = "application/x-workbook-table+json"  # tables of older renders; the pages still drop them
