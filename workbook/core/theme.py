"""One seaborn/matplotlib theme for every chart, Chinese included, no system fonts.

The CJK font is the Noto Sans CJK SC file shipped inside the PyPI package
``mplfonts``; :func:`apply_theme` registers it with matplotlib's font manager
for this process only (nothing is copied into matplotlib's folders) and sets
the theme. Importing this module changes nothing: call :func:`apply_theme`.

>>> PALETTE[0]
'#1F3A5F'
>>> sorted(TIER_COLORS, key=str)
[1, 2, 3, 4, 5, 'none']
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

from workbook.core.i18n import check_lang
from workbook.exceptions import WorkbookError

__all__ = ["PALETTE", "TIER_COLORS", "apply_theme", "cjk_font_path", "cjk_font_name"]

# navy, teal, grey-blue, muted gold, brick, sage, dusty purple, grey
PALETTE: list[str] = ["#1F3A5F", "#3D7A8C", "#8FA9B8", "#C9A227", "#B5534B", "#6B8E5A", "#7A6C8F", "#9E9E9E"]

# customer quality matrix: tier 1 darkest green ... tier 5 light grey-blue; not an asset light grey
TIER_COLORS: dict[int | str, str] = {
    1: "#1E5631",
    2: "#4C9A5B",
    3: "#9CC9A0",
    4: "#B8D0CB",
    5: "#C8D5E0",
    "none": "#E4E4E4",
}

_FONT_FILE = "NotoSansCJKsc-Regular.otf"
_FALLBACK = "DejaVu Sans"
CONTEXTS = ("paper", "notebook", "talk", "poster")


def cjk_font_path() -> Path:
    """Path of the Noto Sans CJK SC font file shipped inside ``mplfonts``.

    The package is located without importing it (its import has no use here).

    Returns
    -------
    Path
        An existing ``.otf`` file.

    Raises
    ------
    WorkbookError
        If ``mplfonts`` is not installed or lacks the font file.

    Examples
    --------
    >>> cjk_font_path().suffix
    '.otf'
    """
    spec = importlib.util.find_spec("mplfonts")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        path = Path(location) / "fonts" / _FONT_FILE
        if path.is_file():
            return path
    where = f" (looked in {', '.join(str(Path(loc) / 'fonts') for loc in locations)})" if locations else ""
    raise WorkbookError(
        f"Chinese font {_FONT_FILE} not found{where}; charts need it to show Chinese text. "
        "Fix: pip install mplfonts (it ships the font file; nothing else is needed)."
    )


@lru_cache(maxsize=4)
def _font_name(path: str) -> str:
    return font_manager.FontProperties(fname=path).get_name()


def cjk_font_name() -> str:
    """Family name read from the CJK font file.

    >>> cjk_font_name()
    'Noto Sans CJK SC'
    """
    return _font_name(str(cjk_font_path()))


def _register_font(path: Path) -> str:
    """Add the font to matplotlib's font manager once; return its family name."""
    registered = {Path(entry.fname).resolve() for entry in font_manager.fontManager.ttflist}
    if path.resolve() not in registered:
        font_manager.fontManager.addfont(str(path))
    return _font_name(str(path))


def apply_theme(*, lang: str = "zh", context: str = "notebook") -> None:
    """Register the CJK font and set the kit's seaborn theme.

    Parameters
    ----------
    lang : {"zh", "en"}
        ``"zh"``: every text in the CJK font (``font.family`` sans-serif,
        ``font.sans-serif`` starting with it; its Latin letters are fine).
        ``"en"``: ``font.family`` is DejaVu Sans then the CJK font, so Latin
        text is set in DejaVu Sans and Chinese names in the data fall back to
        the CJK font glyph by glyph. Either way Chinese renders.
    context : {"paper", "notebook", "talk", "poster"}
        Seaborn plotting context (scales fonts and lines).

    Raises
    ------
    ValueError
        If ``lang`` or ``context`` is not one of the allowed values.
    WorkbookError
        If the font file is missing (see :func:`cjk_font_path`).

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with mpl.rc_context():
    ...     apply_theme()
    ...     mpl.rcParams["font.sans-serif"][:2], mpl.rcParams["axes.unicode_minus"]
    (['Noto Sans CJK SC', 'DejaVu Sans'], False)
    """
    import seaborn as sns

    check_lang(lang)
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(CONTEXTS)}, got {context!r}")
    name = _register_font(cjk_font_path())
    fonts = [name, _FALLBACK]
    rest = [f for f in mpl.rcParamsDefault["font.sans-serif"] if f not in fonts]
    rc = {
        # matplotlib falls back glyph by glyph along font.family (not along font.sans-serif)
        "font.family": "sans-serif" if lang == "zh" else [_FALLBACK, name],
        "font.sans-serif": fonts + rest,
        "axes.unicode_minus": False,
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        # titles sit just above the axes: no chart has ticks or an axis on top, so matplotlib need not measure
        # every tick label of every axes to place them (a tenth of a chart's drawing time)
        "axes.titley": 1.0,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#B0B0B0",  # no bold titles: mplfonts ships the CJK font in Regular only
        "grid.color": "#E6E6E6",
        "legend.frameon": False,
    }
    sns.set_theme(style="whitegrid", context=context, palette=PALETTE, rc=rc)
