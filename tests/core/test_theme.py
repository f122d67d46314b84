import os
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.colors import ListedColormap, to_hex, to_rgb  # noqa: E402

from workbook.core import theme  # noqa: E402
from workbook.core.theme import PALETTE, TIER_COLORS, apply_theme, cjk_font_name, cjk_font_path  # noqa: E402
from workbook.exceptions import WorkbookError  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GLYPH_WARNING = r"Glyph .* missing from font"


@pytest.fixture(autouse=True)
def _isolated_rc():
    with mpl.rc_context():
        yield
    plt.close("all")


def draw_quality_matrix(path: Path) -> plt.Axes:
    """A small customer quality matrix with Chinese title, labels, ticks and annotations."""
    levels = ["战略", "优质", "目标", "潜在"]
    relations = ["未接触", "中立", "熟悉", "伙伴"]
    tiers = np.array([[0, 4, 2, 1], [0, 4, 2, 2], [0, 5, 3, 3], [0, 0, 0, 0]])
    names = {0: "未分级", 1: "1级客户", 2: "2级客户", 3: "3级客户", 4: "4级客户", 5: "5级客户"}
    annot = np.vectorize(names.get)(tiers)
    cmap = ListedColormap([TIER_COLORS["none"], *(TIER_COLORS[i] for i in range(1, 6))])
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9, 4))
    sns.heatmap(tiers, annot=annot, fmt="", cmap=cmap, vmin=-0.5, vmax=5.5, cbar=False,
                xticklabels=relations, yticklabels=levels, ax=ax)
    ax.set_title("客户质量矩阵")
    ax.set_xlabel("客户关系")
    ax.set_ylabel("客户级别")
    ax2.bar(levels, [-5, 7, 12, 20])  # a negative tick exercises the minus sign
    ax2.set_title("客户数（家）")
    fig.savefig(path)
    return ax


def test_cjk_font_path_is_the_noto_file_inside_mplfonts():
    path = cjk_font_path()
    assert path.is_file()
    assert path.suffix == ".otf"
    assert "mplfonts" in path.parts
    assert cjk_font_name() == "Noto Sans CJK SC"


def test_cjk_font_path_missing_says_how_to_fix(monkeypatch):
    monkeypatch.setattr(theme, "_FONT_FILE", "NoSuchFont.otf")
    with pytest.raises(WorkbookError, match="pip install mplfonts"):
        cjk_font_path()


def test_apply_theme_sets_fonts_dpi_and_spines():
    apply_theme()
    rc = mpl.rcParams
    assert rc["font.family"] == ["sans-serif"]
    assert rc["font.sans-serif"][:2] == ["Noto Sans CJK SC", "DejaVu Sans"]
    assert rc["axes.unicode_minus"] is False
    assert rc["figure.dpi"] == 110
    assert rc["savefig.dpi"] == 150
    assert rc["axes.spines.top"] is False and rc["axes.spines.right"] is False
    colors = [to_hex(c["color"]) for c in rc["axes.prop_cycle"]]
    assert colors == [c.lower() for c in PALETTE]


def test_apply_theme_english_keeps_cjk_as_fallback():
    apply_theme(lang="en", context="talk")
    assert mpl.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans CJK SC"]
    assert mpl.rcParams["font.sans-serif"][:2] == ["Noto Sans CJK SC", "DejaVu Sans"]


def test_apply_theme_registers_font_once():
    path = cjk_font_path().resolve()

    def entries() -> int:
        return sum(Path(e.fname).resolve() == path for e in font_manager.fontManager.ttflist)

    apply_theme()
    registered = entries()
    apply_theme()
    assert registered >= 1
    assert entries() == registered


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"lang": "fr"}, "lang must be one of zh, en, got 'fr'"),
    ({"context": "huge"}, "context must be one of paper, notebook, talk, poster, got 'huge'"),
])
def test_apply_theme_rejects_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        apply_theme(**kwargs)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chinese_chart_renders_without_missing_glyphs(tmp_path, lang, caplog):
    apply_theme(lang=lang)
    out = tmp_path / "matrix.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph ... missing from font" warning fails the test
        ax = draw_quality_matrix(out)
    assert out.is_file() and out.stat().st_size > 10_000
    assert ax.get_title() == "客户质量矩阵"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["未接触", "中立", "熟悉", "伙伴"]
    assert "findfont" not in caplog.text  # e.g. a bold weight the shipped font lacks


def test_glyph_check_is_real_without_the_cjk_font(tmp_path):
    mpl.rcParams.update({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match=GLYPH_WARNING):
            draw_quality_matrix(tmp_path / "tofu.png")


def test_tier_colors_run_from_dark_green_to_light():
    assert set(TIER_COLORS) == {1, 2, 3, 4, 5, "none"}
    lightness = [sum(to_rgb(TIER_COLORS[k])) for k in (1, 2, 3, 4, 5)]
    assert lightness == sorted(lightness)
    r, g, b = to_rgb(TIER_COLORS[1])
    assert g > r and g > b  # green
    assert sum(to_rgb(TIER_COLORS["none"])) > lightness[-1]


def test_import_changes_no_rcparams():
    code = (
        "import matplotlib as mpl\n"
        "from matplotlib import font_manager\n"
        "before = repr(sorted(mpl.rcParams.items())); fonts = len(font_manager.fontManager.ttflist)\n"
        "import workbook.core.theme, workbook.core.i18n, workbook.intake.template\n"
        "assert repr(sorted(mpl.rcParams.items())) == before, 'rcParams changed at import'\n"
        "assert len(font_manager.fontManager.ttflist) == fonts, 'font registered at import'\n"
        "print('unchanged')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "unchanged"
