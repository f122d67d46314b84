"""A firm's look on the reports: firm.yaml read and checked, and a tiny sample client rendered with it.

The tiny client is rendered once per module with the kit's own look; the firm renders rebuild only the
combined outputs (the notebooks are up to date), or rerun one notebook (``--only``) after client.yaml changes.
"""
from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import numpy as np
import pypdf
import pytest
from click.testing import CliRunner

from workbook.cli import main
from workbook.core.config import load_config
from workbook.core.i18n import t
from workbook.core.notebooks import kit_folder
from workbook.exceptions import ConfigError
from workbook.reports.batch import render_batch
from workbook.reports.firm import FIRM_FILE, firm_folder, folder_digest, kit_firm, load_firm

MPL_FONTS = Path(__import__("matplotlib").get_data_path()) / "fonts" / "ttf"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
       '<rect width="40" height="40" fill="#7a1f3d"/><rect x="50" y="14" width="66" height="12" fill="#c59d5f"/>'
       "</svg>")
NAME = {"zh": "远山咨询", "en": "Farhill Consulting"}
LINE = {"zh": "销售效能诊断项目", "en": "Sales effectiveness engagement"}
CONTACT = "hello@farhill.example · +86 21 5555 0100"
PRIMARY = "#7a1f3d"


def write_firm(folder: Path, *, logo: str | None = "logo.png", font: bool = True, extra: str = "") -> Path:
    """A firm folder: firm.yaml with a name and lines in both languages, the brand colours, a logo (an SVG and a
    PNG are both there) and a Latin font file copied from matplotlib's (DejaVu Sans)."""
    import matplotlib.image

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.svg").write_text(SVG, encoding="utf-8")
    pixels = np.zeros((20, 60, 3))
    pixels[:, :20] = (0.48, 0.12, 0.24)
    matplotlib.image.imsave(folder / "logo.png", pixels)
    if font:
        shutil.copyfile(MPL_FONTS / "DejaVuSans.ttf", folder / "Latin.ttf")
    (folder / FIRM_FILE).write_text(
        f"name: {{zh: {NAME['zh']}, en: {NAME['en']}}}\n"
        f"cover_line: {{zh: {LINE['zh']}, en: {LINE['en']}}}\n"
        f'contact: "{CONTACT}"\n'
        'confidential: {zh: "机密：仅供{client}管理层", en: "Strictly confidential: {client} management only"}\n'
        + (f"logo: {logo}\n" if logo else "")
        + f'colours: {{primary: "{PRIMARY}", secondary: "#c59d5f"}}\n'
        + ("font: Latin.ttf\n" if font else "") + extra, encoding="utf-8")
    return folder


# ---- firm.yaml: loading and its errors -------------------------------------------------------------------------


def test_the_kit_default_is_neutral():
    firm = kit_firm()
    assert firm.folder == kit_folder("templates").resolve() and (firm.folder / FIRM_FILE).is_file()
    assert firm.text("name", "zh") == "" and firm.logo is None and firm.font is None and firm.typst is None
    assert (firm.config.colours.primary, firm.config.colours.secondary) == ("#1f4e79", "#c9ced6")
    for lang in ("zh", "en"):  # the kit's localised confidentiality line
        assert firm.text("confidential", lang, client="甲") == t("report.confidential", lang, client="甲")


def test_a_firm_folder_loads_with_its_files(tmp_path):
    firm = load_firm(write_firm(tmp_path / "firm"))
    assert firm.text("name", "en") == NAME["en"] and firm.text("cover_line", "zh") == LINE["zh"]
    assert firm.text("contact", "zh") == CONTACT  # a plain string in both languages
    assert firm.text("confidential", "en", client="Acme") == "Strictly confidential: Acme management only"
    assert firm.logo == (tmp_path / "firm" / "logo.png").resolve() and firm.logo_type == "image/png"
    assert firm.logo_uri().startswith("data:image/png;base64,iVBORw0KGgo")
    assert firm.font_family() == "DejaVu Sans" and firm.config.colours.primary == PRIMARY


def test_a_text_in_one_language_shows_in_both(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / FIRM_FILE).write_text("name: {en: Farhill}\ncolours: {primary: '#ABC'}\n", encoding="utf-8")
    firm = load_firm(folder)
    assert firm.text("name", "zh") == firm.text("name", "en") == "Farhill"
    assert firm.config.colours.primary == "#aabbcc"  # short hex written out, lower case


@pytest.mark.parametrize("text, files, key, fix", [
    ("colour: {primary: '#000000'}\n", {}, "colour", "unknown key; the keys are name, cover_line"),
    ("colours: {primary: navy}\n", {}, "colours.primary", "write it as #RRGGBB"),
    ("colours: {primary: '#12345'}\n", {}, "colours.primary", "is not a colour"),
    ("colours: {accent: '#123456'}\n", {}, "colours.accent", "colours has primary and secondary"),
    ("name: {fr: Cabinet}\n", {}, "name.fr", "unknown key; a text is a string or {zh: ..., en: ...}"),
    ("logo: missing.png\n", {}, "logo", "not found in"),
    ("logo: ../outside.png\n", {"../outside.png": b"\x89PNG\r\n\x1a\n"}, "logo", "lies outside the firm folder"),
    ("logo: /etc/hostname\n", {}, "logo", "lies outside the firm folder"),
    ("logo: logo.gif\n", {"logo.gif": b"GIF89a"}, "logo", "must be one of .svg, .png, .jpg"),
    ("logo: logo.png\n", {"logo.png": b"<html>not a picture</html>"}, "logo", "is not a PNG image"),
    ("logo: logo.svg\n", {"logo.svg": b"<html><script>x</script></html>"}, "logo", "is not a SVG image"),
    ("font: missing.ttf\n", {}, "font", "not found in"),
    ("font: font.woff2\n", {"font.woff2": b"wOF2"}, "font", "must be one of .ttf, .otf"),
    ("font: font.ttf\n", {"font.ttf": b"not a font at all"}, "font", "is not a readable font"),
])
def test_a_bad_firm_yaml_names_the_file_the_key_and_the_fix(tmp_path, text, files, key, fix):
    folder = tmp_path / "firm"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / FIRM_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(fix)) as caught:
        load_firm(folder)
    assert str(folder / FIRM_FILE) in str(caught.value) and f"key '{key}'" in str(caught.value)
    assert caught.value.key == key and caught.value.path == str(folder / FIRM_FILE)


def test_a_bad_logo_and_a_bad_font_are_named_together(tmp_path):
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    (tmp_path / FIRM_FILE).write_text("logo: logo.gif\nfont: none.otf\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_firm(tmp_path)
    message = str(caught.value)
    assert message.count(str(tmp_path / FIRM_FILE)) == 1 and caught.value.key == "logo"
    assert "key 'logo': 'logo.gif' must be one of .svg" in message
    assert "key 'font': file 'none.otf' not found" in message


def test_no_firm_yaml_or_not_yaml_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(ConfigError, match=r"firm\.yaml: file not found; a firm folder holds firm\.yaml"):
        load_firm(tmp_path)
    (tmp_path / FIRM_FILE).write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_firm(tmp_path)
    (tmp_path / FIRM_FILE).write_text("x: !!python/object/apply:os.system [echo]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="could not determine a constructor"):  # the safe loader
        load_firm(tmp_path)


def test_the_folder_comes_from_templates_then_client_yaml_then_the_kit(tmp_path):
    client = tmp_path / "client"
    client.mkdir()
    (client / "client.yaml").write_text("client_name: 甲\n", encoding="utf-8")
    assert firm_folder(client) == kit_folder("templates")
    firm = write_firm(tmp_path / "firms" / "ours")
    (client / "client.yaml").write_text("client_name: 甲\ntemplates: ../firms/ours\n", encoding="utf-8")
    assert load_config(client).templates == "../firms/ours"
    assert firm_folder(client) == firm.resolve()  # relative to the client folder
    other = write_firm(tmp_path / "other", logo=None, font=False)
    assert firm_folder(client, other) == other.resolve()  # --templates first
    (client / "client.yaml").write_text("client_name: 甲\ntemplates: nowhere\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"client\.yaml: key 'templates': firm templates folder .*nowhere not found"):
        firm_folder(client)
    with pytest.raises(ConfigError, match=r"--templates: firm templates folder .*absent not found"):
        firm_folder(client, tmp_path / "absent")


def test_any_changed_file_changes_the_folder_digest(tmp_path):
    folder = write_firm(tmp_path / "firm")
    before = folder_digest(folder)
    assert folder_digest(folder) == before == load_firm(folder).digest
    (folder / "logo.svg").write_text(SVG.replace("#7a1f3d", "#000000"), encoding="utf-8")  # a file firm.yaml
    assert folder_digest(folder) != before  # does not even name


# ---- a rendered client --------------------------------------------------------------------------------------


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "300", "WORKBOOK_LANG": None})
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> Path:
    """The tiny sample client (seed 7), validated and rendered once with the kit's own look."""
    root = tmp_path_factory.mktemp("firm")
    folder = root / "c"
    invoke("sample", folder, "--scale", "tiny", "--seed", "7")
    invoke("validate", folder)
    invoke("render", folder, "--jobs", "2")
    return folder


def pdf_text(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(path).pages]


def images(path: Path, number: int) -> list[str]:
    """The image XObjects of a PDF page (their names)."""
    page = pypdf.PdfReader(path).pages[number]
    objects = page["/Resources"].get("/XObject") or {}
    return [name for name, ref in objects.items() if ref.get_object()["/Subtype"] == "/Image"]


def visible(page: str) -> str:
    """The text of a page's body, whitespace collapsed."""
    body = re.sub(r"<style.*?</style>|<[^>]+>", " ", page.split("<body", 1)[-1], flags=re.S)
    return re.sub(r"\s+", " ", body)


@pytest.fixture(scope="module")
def default_report(client) -> dict:
    reports = client / "reports"
    return {"html": (reports / "report.html").read_text(encoding="utf-8"), "pdf": pdf_text(reports / "report.pdf"),
            "images": images(reports / "report.pdf", 0) + images(reports / "report.pdf", 1)}


@pytest.fixture(scope="module")
def branded(client, default_report, tmp_path_factory) -> dict:
    """The same client rendered with ``--templates`` (a PNG logo): only the combined outputs are built again."""
    firm = write_firm(tmp_path_factory.mktemp("firmdir") / "farhill")
    reports = client / "reports"
    before = {p.name: p.stat().st_mtime_ns for p in reports.glob("0*.ipynb")}
    pdf_before = (reports / "report.pdf").stat().st_mtime_ns
    invoke("render", client, "--templates", firm)
    return {"firm": firm, "notebooks": (before, {p.name: p.stat().st_mtime_ns for p in reports.glob("0*.ipynb")}),
            "pdf_rebuilt": (reports / "report.pdf").stat().st_mtime_ns != pdf_before,
            "html": (reports / "report.html").read_text(encoding="utf-8"),
            "pdf": pdf_text(reports / "report.pdf"), "path": reports / "report.pdf",
            "analysis": pdf_text(reports / "analysis.pdf"),
            "page": (reports / "00_data_overview.html").read_text(encoding="utf-8")}


@pytest.mark.slow
def test_the_default_look_shows_no_firm(default_report, client):
    name = load_config(client).client_name
    html, pdf = default_report["html"], default_report["pdf"]
    assert '<div class="wb-firm-bar">' not in html and 'class="wb-logo"' not in html and "WorkbookFirm" not in html
    assert "#1f4e79" in html and 'class="wb-firm-name"' not in html  # the kit's accent; no firm line on the cover
    assert t("report.confidential", "zh", client=name) in visible(html)
    assert t("report.confidential", "zh", client=name) in pdf[0].replace(" ", "")
    assert not any(word in text for word in (*NAME.values(), *LINE.values()) for text in [html, *pdf])
    assert default_report["images"] == []  # no logo on the cover or in the header


@pytest.mark.slow
def test_the_kit_folder_given_explicitly_changes_nothing(client, default_report, tmp_path):
    """``--templates`` with a copy of the kit's own folder writes the same report.html and PDF text."""
    copy = shutil.copytree(kit_folder("templates"), tmp_path / "kit-copy")
    batch = render_batch([client], templates=copy, formats=("html", "pdf"))
    assert [r.status for r in batch.reports] == ["ok"]
    reports = client / "reports"
    assert (reports / "report.html").read_text(encoding="utf-8") == default_report["html"]
    assert pdf_text(reports / "report.pdf")[1:] == default_report["pdf"][1:]
    assert pdf_text(reports / "report.pdf")[0] == default_report["pdf"][0]  # the cover too (same report date)


@pytest.mark.slow
def test_the_firm_on_the_html_report(branded, client):
    html, name = branded["html"], load_config(client).client_name
    text = visible(html)
    for line in (NAME["zh"], LINE["zh"], CONTACT, f"机密：仅供{name}管理层"):
        assert line in text, line
    png = base64.b64encode((branded["firm"] / "logo.png").read_bytes()).decode()
    assert html.count(f'src="data:image/png;base64,{png}"') == 2  # the slim header and the cover
    assert text.index(NAME["zh"]) < text.index(name)  # the header above the cover's title
    assert f"border-left:4px solid {PRIMARY}" in html and f"main h1,main h2,main h3{{color:{PRIMARY}}}" in html
    assert '@font-face{font-family:"WorkbookFirm";src:url(data:font/woff;base64,' in html
    assert 'font-family:"WorkbookFirm", "WorkbookCJK", sans-serif' in html
    assert "<script" not in html.lower()
    assert NAME["zh"] in visible(branded["page"]) and PRIMARY in branded["page"]  # a notebook's page too


@pytest.mark.slow
def test_the_firm_on_the_pdf_cover_and_header(branded, client):
    pdf, path = branded["pdf"], branded["path"]
    cover = pdf[0].replace(" ", "")
    for line in (NAME["zh"], LINE["zh"], CONTACT.replace(" ", ""), "机密：仅供"):
        assert line in cover, line
    assert cover.index(load_config(client).client_name) < cover.index(NAME["zh"])  # the firm at the foot
    assert images(path, 0) and images(path, 1) and images(path, len(pdf) - 1)  # the logo: cover, headers
    assert all(NAME["zh"] in page for page in pdf[1:])  # every header names the firm
    assert NAME["zh"] in branded["analysis"][0] and NAME["zh"] in branded["analysis"][-1]
    reader = pypdf.PdfReader(path)
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages[:2]
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("DejaVuSans" in f for f in fonts) and any("NotoSansCJK" in f for f in fonts)


@pytest.mark.slow
def test_the_firm_render_rebuilt_only_the_reports(branded):
    before, after = branded["notebooks"]
    assert len(before) == 5 and before == after and branded["pdf_rebuilt"]  # no notebook ran again


@pytest.mark.slow
def test_a_changed_firm_folder_rebuilds_the_reports_without_notebooks(branded, client):
    firm = branded["firm"]
    again = render_batch([client], templates=firm, formats=("html", "pdf"))
    assert [r.status for r in again.reports] == ["ok"]  # formats differ from the CLI's: built once
    same = render_batch([client], templates=firm, formats=("html", "pdf"))
    assert [r.status for r in same.reports] == ["skipped"]
    (firm / "logo.svg").write_text(SVG.replace("#c59d5f", "#000000"), encoding="utf-8")  # any file in the folder
    changed = render_batch([client], templates=firm, formats=("html", "pdf"))
    assert [r.status for r in changed.reports] == ["ok"] and {r.status for r in changed.notebooks} == {"skipped"}


@pytest.mark.slow
def test_a_bad_firm_yaml_stops_the_render_before_any_notebook(client, tmp_path):
    firm = write_firm(tmp_path / "bad", extra="colour: red\n")
    before = {p.name: p.stat().st_mtime_ns for p in (client / "reports").iterdir()}
    result = CliRunner().invoke(main, ["render", str(client), "--templates", str(firm), "--force"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert {p.name: p.stat().st_mtime_ns for p in (client / "reports").iterdir()} == before  # nothing ran
    assert f"{firm / FIRM_FILE}: key 'colour': unknown key" in result.output.replace("\n", "")


@pytest.mark.slow
def test_templates_in_client_yaml_in_english_with_an_svg_logo(client, branded, tmp_path):
    """``templates:`` of client.yaml (relative to the client), the SVG logo, English."""
    copy = shutil.copytree(client, tmp_path / "client")
    firm = write_firm(tmp_path / "firms" / "svg", logo="logo.svg")
    with (copy / "client.yaml").open("a", encoding="utf-8") as config:
        config.write("\ntemplates: ../firms/svg\n")
    invoke("render", copy, "--only", "data_overview", "--lang", "en", "--formats", "html,pdf")
    html = (copy / "reports" / "report.html").read_text(encoding="utf-8")
    svg = base64.b64encode((firm / "logo.svg").read_bytes()).decode()
    assert f'src="data:image/svg+xml;base64,{svg}"' in html and "<svg" not in html  # an image: no inline SVG
    assert NAME["en"] in visible(html) and LINE["en"] in visible(html) and NAME["zh"] not in html
    name = load_config(copy).client_name
    cover = pdf_text(copy / "reports" / "report.pdf")[0]
    assert NAME["en"] in cover and LINE["en"] in cover and f"Strictly confidential: {name} management only" in cover


# ---- a firm's own templates ------------------------------------------------------------------------------------


def test_a_firms_own_templates_are_used_instead_of_the_kits(tmp_path):
    """``report.typ`` replaces the kit's Typst template (and gets the firm's data); ``workbook_page/index.html.j2``
    is found before the kit's page template (a copy of it to start from, as templates/README.md says)."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    from workbook.reports.html import Cover, export_html
    from workbook.reports.pdf import build_pdf

    kit = Path(__file__).resolve().parents[2] / "workbook" / "reports" / "templates"
    folder = write_firm(tmp_path / "own")
    (folder / "report.typ").write_text(
        '#let data = json("data.json")\n#set text(font: data.font)\n'
        '#image(data.firm.logo, width: 20mm)\nOwn template: #text(data.firm.name) for #text(data.title)\n'
        '#text(data.confidential)\n', encoding="utf-8")
    page = (kit / "workbook_page" / "index.html.j2").read_text(encoding="utf-8")
    (folder / "workbook_page").mkdir()
    (folder / "workbook_page" / "index.html.j2").write_text(
        page.replace('<header class="wb-cover">', '<header class="wb-cover"><p class="own">Own page</p>'),
        encoding="utf-8")
    firm = load_firm(folder)
    assert firm.typst == folder.resolve() / "report.typ" and firm.page_dir == folder.resolve()
    out = build_pdf([], tmp_path / "r.pdf", lang="en", title="Acme <b>", subtitle="", firm=firm)
    text = pdf_text(out)
    assert text == [f"Own template: {NAME['en']} for Acme <b> Strictly confidential: Acme <b> management only"]
    assert images(out, 0)  # the logo is beside the template
    notebook = new_notebook(cells=[new_markdown_cell("# One")])
    html = export_html([notebook], lang="en", title="Acme", firm=firm, cover=Cover.of(firm, "en", "Acme"))
    assert '<p class="own">Own page</p>' in html and NAME["en"] in visible(html) and "<script" not in html.lower()
    plain = export_html([notebook], lang="en", title="Acme", firm=kit_firm())  # the kit's page, as before
    assert "Own page" not in plain and '<header class="wb-cover"><div style="font-size:2em">Acme</div>' in plain
