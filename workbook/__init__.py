"""Sales-consulting workbook kit: CRM exports -> four analyses -> client-ready reports.

Importing the package changes nothing global (no rcParams, no warning filters,
no pandas options); apply the chart theme explicitly with
:func:`workbook.core.theme.apply_theme`.
"""
from workbook.core.config import ClientConfig, load_config
from workbook.core.version import __version__
from workbook.exceptions import ConfigError, DataValidationError, MissingDataError, RenderError, WorkbookError

__all__ = [
    "ClientConfig",
    "ConfigError",
    "DataValidationError",
    "MissingDataError",
    "RenderError",
    "WorkbookError",
    "__version__",
    "load_config",
]
