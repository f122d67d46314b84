"""A consulting firm's look on the reports: the ``firm.yaml`` of a templates folder, read and checked.

A firm folder (the kit's own ``templates/`` by default) holds ``firm.yaml``:
the firm's name, a cover line, the contact, the confidentiality line, a logo
file, two brand colours and a font file, and may hold ``report.typ`` (used
instead of the kit's Typst template) and ``workbook_page/index.html.j2``
(found before the kit's page template). :func:`load_firm` reads it with the
safe YAML loader into :class:`FirmConfig` (unknown keys are errors) and checks
the files it names; :func:`firm_folder` chooses the folder for a client
(``--templates``, else ``templates:`` in ``client.yaml``, else the kit's).

Firm text is text: the PDF template places it with ``txt()``, the HTML page
escapes it. ``{client}`` in a text is replaced by the client's name.

>>> firm = load_firm(kit_folder("templates"))
>>> firm.config.name, firm.logo, firm.font, firm.config.colours.primary
('', None, None, '#1f4e79')
>>> firm.text("confidential", "en", client="Acme")
"Confidential: for Acme's internal use only"
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from workbook.core.io import read_yaml_file
from workbook.core.notebooks import kit_folder
from workbook.exceptions import ConfigError, YamlError

__all__ = ["FIRM_FILE", "TYPST_OVERRIDE", "PAGE_OVERRIDE", "FirmConfig", "Colours", "Firm", "load_firm",
           "firm_folder", "folder_digest", "kit_firm"]

FIRM_FILE = "firm.yaml"
TYPST_OVERRIDE = "report.typ"  # a firm's own Typst template, used instead of the kit's
PAGE_OVERRIDE = "workbook_page"  # a firm's own nbconvert page template folder (index.html.j2)
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
FONT_TYPES = (".ttf", ".otf")
MAX_LOGO_BYTES = 2_000_000  # a logo is small; a larger file is a mistake (a photo, a print master)
MAX_FONT_BYTES = 40_000_000
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
KIT_PRIMARY, KIT_SECONDARY = "#1f4e79", "#c9ced6"
KIT_FILLS = {KIT_SECONDARY: ("#f3f5f8", "#e4e9f0")}  # the kit's hand-picked stripe and header fills


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Model):
    """A text per language; a language left out shows the other."""

    zh: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one(self) -> LocalText:
        if self.zh is None and self.en is None:
            raise ValueError("give zh, en or both")
        return self

    def get(self, lang: str) -> str:
        own = self.zh if lang == "zh" else self.en
        return own if own is not None else (self.en if lang == "zh" else self.zh) or ""


Text = str | LocalText


def _colour(value: str) -> str:
    if not isinstance(value, str) or not _HEX.match(value.strip()):
        raise ValueError(f"{value!r} is not a colour; write it as #RRGGBB, e.g. #1f4e79")
    value = value.strip().lower()
    return value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])


class Colours(_Model):
    """The two brand colours: ``primary`` for headings and accents, ``secondary`` for rules and fills."""

    primary: str = KIT_PRIMARY
    secondary: str = KIT_SECONDARY

    @field_validator("primary", "secondary", mode="before")
    @classmethod
    def _hex(cls, value):
        return _colour(value)

    @property
    def fills(self) -> tuple[str, str]:
        """The table stripe and header fills: the kit's own for its secondary colour, else the secondary mixed
        with white (12% and 30%).

        >>> Colours(secondary="#000000").fills
        ('#e0e0e0', '#b2b2b2')
        """
        if self.secondary in KIT_FILLS:
            return KIT_FILLS[self.secondary]
        return tuple(_mix(self.secondary, share) for share in (0.12, 0.30))  # type: ignore[return-value]


def _mix(colour: str, share: float) -> str:
    """``colour`` at ``share`` over white."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - share * (255 - c)):02x}" for c in channels)


def _kit_confidential() -> dict[str, str]:
    """The kit's confidentiality line (the catalogue's ``report.confidential``) in both languages."""
    from workbook.core.i18n import MESSAGES

    zh, en = MESSAGES["report.confidential"]
    return {"zh": zh, "en": en}


class FirmConfig(_Model):
    """The content of ``firm.yaml``. Text fields take a string or ``{zh: ..., en: ...}``."""

    name: Text = Field(default="", description="the firm's name (cover foot, page header); empty: none")
    cover_line: Text = Field(default="", description="the line under the firm's name on the cover")
    contact: Text = Field(default="", description="contact line on the cover (address, phone, e-mail, web)")
    confidential: Text = Field(default_factory=lambda: LocalText(**_kit_confidential()),
                               description="confidentiality line at the cover's foot; {client}: the client")
    logo: str | None = Field(default=None, description="logo file in this folder: .svg, .png or .jpg")
    colours: Colours = Colours()
    font: str | None = Field(default=None, description="font file in this folder (.ttf/.otf) for Latin text; "
                                                       "Chinese falls back to the kit's CJK font")


@dataclass(frozen=True)
class Firm:
    """A firm's look, read from its folder: the config, and the files it names as absolute paths.

    ``typst``: the folder's ``report.typ`` (None: the kit's); ``page_dir``: the folder when it holds
    ``workbook_page/index.html.j2`` (None: the kit's page only); ``digest``: the folder's content hash.
    """

    config: FirmConfig
    folder: Path | None = None
    logo: Path | None = None
    font: Path | None = None
    typst: Path | None = None
    page_dir: Path | None = None
    digest: str = ""

    def text(self, key: str, lang: str, *, client: str = "") -> str:
        """The text field ``key`` in ``lang``, with ``{client}`` replaced by the client's name (never formatted
        otherwise: the text is the firm's, as written)."""
        value = getattr(self.config, key)
        text = value.get(lang) if isinstance(value, LocalText) else str(value or "")
        return text.replace("{client}", client)

    @property
    def logo_type(self) -> str | None:
        """The logo's MIME type (``image/svg+xml``, ``image/png``, ``image/jpeg``), None without a logo."""
        return LOGO_TYPES[self.logo.suffix.lower()] if self.logo is not None else None

    def logo_uri(self) -> str:
        """The logo as a ``data:`` URI (base64), or ``""`` without one; for an ``<img>``: an SVG shown as an
        image runs no script and loads nothing."""
        if self.logo is None:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo.read_bytes()).decode()}"

    def font_family(self) -> str | None:
        """The family name of the firm's font file (Typst finds the font by it), None without one."""
        return _family(self.font) if self.font is not None else None


def kit_firm() -> Firm:
    """The kit's own look (its ``templates/firm.yaml``): no firm name, no logo, the kit's colours and font."""
    return load_firm(kit_folder("templates"))


def _family(path: Path) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        names = font["name"]
        name = names.getDebugName(16) or names.getDebugName(1)
    return str(name or path.stem)


LATIN = "etaoinshrdlcumwfgypbvkjxqz ETAOINSHRDLCUMWFGYPBVKJXQZ 0123456789.,%"


def latin_width(path: Path) -> float:
    """The average advance of Latin text in the font file ``path``, in ems (letters, digits, space, punctuation).

    >>> from workbook.core.theme import cjk_font_path
    >>> 0.4 < latin_width(cjk_font_path()) < 0.6
    True
    """
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        cmap, metrics, em = font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm
        widths = [metrics[cmap[ord(ch)]][0] for ch in LATIN if ord(ch) in cmap]
    return sum(widths) / len(widths) / em if widths else 0.5


def font_scale(firm: Firm) -> float:
    """The report's type size for the firm's font against the kit's: a wider Latin font is set smaller, so the
    report keeps its length (at most :data:`~workbook.reports.pdf.MAIN_PAGES` pages); 1 for the kit's font or a
    narrower one, never below 0.85."""
    if firm.font is None:
        return 1.0
    from workbook.core.theme import cjk_font_path

    return round(max(0.85, min(1.0, latin_width(cjk_font_path()) / latin_width(firm.font))), 3)


def folder_digest(folder: Path) -> str:
    """SHA-256 of every file in ``folder`` (relative path and content): a changed firm folder rebuilds reports."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def firm_folder(client_dir: str | Path | None = None, templates: str | Path | None = None) -> Path:
    """The firm folder for a render: ``templates`` (``--templates``), else ``templates:`` in the client's
    ``client.yaml`` (a relative path is relative to the client folder), else the kit's ``templates/``.

    Raises
    ------
    ConfigError
        The folder chosen does not exist (naming where it was chosen).
    """
    if templates is not None:
        folder, where = Path(templates).expanduser(), "--templates"
    else:
        folder, where = None, ""
        config_path = Path(client_dir) / "client.yaml" if client_dir is not None else None
        if config_path is not None and config_path.exists():
            from workbook.core.config import load_config

            chosen = load_config(config_path).templates
            if chosen is not None:
                folder = Path(chosen).expanduser()
                folder = folder if folder.is_absolute() else Path(client_dir) / folder
                where = f"{config_path}: key 'templates'"
        if folder is None:
            return kit_folder("templates")
    if not folder.is_dir():
        raise ConfigError(f"{where}: firm templates folder {folder} not found; give a folder holding "
                          f"{FIRM_FILE} (copy the kit's templates/ folder to start)", path=str(folder),
                          key="templates")
    return folder.resolve()


def load_firm(folder: str | Path) -> Firm:
    """Read and check ``folder/firm.yaml``: a :class:`Firm` with the logo and font files resolved.

    Raises
    ------
    ConfigError
        Naming ``firm.yaml``'s path, the key and how to fix it: no such file, not YAML, an unknown key, a
        bad colour, a logo or font file missing or outside the folder, a logo that is not SVG, PNG or JPEG.
    """
    folder = Path(folder).resolve()
    path = folder / FIRM_FILE
    if not path.is_file():
        raise ConfigError(f"{path}: file not found; a firm folder holds {FIRM_FILE} (copy the kit's "
                          f"templates/{FIRM_FILE} to start)", path=str(path))
    try:
        data = read_yaml_file(path)  # bounded: its size and aliases checked before it is parsed
    except YamlError as exc:  # the message starts with the file
        raise ConfigError(str(exc), path=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8", path=str(path)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected keys and values at the top level, got {type(data).__name__}",
                          path=str(path))
    try:
        config = FirmConfig.model_validate(data)
    except ValidationError as exc:
        raise _config_error(path, exc) from None
    found, problems = {}, []
    for key, types, limit, check in (("logo", LOGO_TYPES, MAX_LOGO_BYTES, _check_logo),
                                     ("font", FONT_TYPES, MAX_FONT_BYTES, _check_font)):
        try:  # both files are checked: every problem is named at once
            found[key] = _file(path, folder, key, getattr(config, key), types, limit)
            if found[key] is not None:
                check(path, found[key])
        except ConfigError as exc:
            problems.append(exc)
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(str(p).removeprefix(f"{path}: ") for p in problems),
                          path=str(path), key=problems[0].key)
    logo, font = found["logo"], found["font"]
    typst = folder / TYPST_OVERRIDE
    page = folder / PAGE_OVERRIDE / "index.html.j2"
    return Firm(config=config, folder=folder, logo=logo, font=font, typst=typst if typst.is_file() else None,
                page_dir=folder if page.is_file() else None, digest=folder_digest(folder))


_KEYS = ", ".join(FirmConfig.model_fields)
_TEXTS = ("name", "cover_line", "contact", "confidential")
_BRANCH = re.compile(r"^(str|function-.*|[A-Z]\w+)$")  # pydantic's names of a union's branches in an error's path


def _config_error(path: Path, exc: ValidationError) -> ConfigError:
    lines, first, seen = [], None, set()
    errors = [(".".join(str(part) for part in err["loc"] if not _BRANCH.match(str(part))), err)
              for err in exc.errors()]
    # a text is a string or {zh, en}: when the mapping says what is wrong, the string's complaint goes
    errors = [(key, err) for key, err in errors
              if not (err["type"] in ("string_type", "model_type") and any(k.startswith(f"{key}.") for k, _ in errors))]
    errors.sort(key=lambda pair: pair[1]["type"] == "string_type")  # {zh: ..} said wrong before "not a string"
    for key, err in errors:
        if err["type"] == "extra_forbidden" and "." not in key:
            msg = f"unknown key; the keys are {_KEYS}"
        elif err["type"] == "extra_forbidden":
            msg = ("unknown key; colours has primary and secondary" if key.startswith("colours.") else
                   "unknown key; a text is a string or {zh: ..., en: ...}")
        elif err["type"] in ("string_type", "model_type") and key in _TEXTS:
            msg = "must be a text, or one per language: {zh: ..., en: ...}"
        else:
            msg = err["msg"].removeprefix("Value error, ")
        if key in seen:
            continue  # a text's two branches (string, {zh, en}) fail together: say it once
        seen.add(key)
        first = first or key
        lines.append(f"key '{key}': {msg}")
    return ConfigError(f"{path}: " + "; ".join(lines), path=str(path), key=first)


def _file(path: Path, folder: Path, key: str, name: str | None, types, limit: int) -> Path | None:
    """The file ``key`` names, inside ``folder``, of one of ``types``; ConfigError naming the key otherwise."""
    if name is None or not str(name).strip():
        return None
    allowed = ", ".join(types)
    target = (folder / name).resolve()
    if Path(name).is_absolute() or not target.is_relative_to(folder):
        raise ConfigError(f"{path}: key '{key}': {name!r} lies outside the firm folder {folder}; copy the file "
                          f"into the folder and give its name relative to it", path=str(path), key=key)
    if not target.is_file():
        raise ConfigError(f"{path}: key '{key}': file {name!r} not found in {folder}; put it there or correct "
                          f"the name", path=str(path), key=key)
    if target.suffix.lower() not in types:
        raise ConfigError(f"{path}: key '{key}': {name!r} must be one of {allowed}; convert it "
                          f"(a logo to SVG or PNG)" if key == "logo" else
                          f"{path}: key '{key}': {name!r} must be one of {allowed}", path=str(path), key=key)
    if target.stat().st_size > limit:
        raise ConfigError(f"{path}: key '{key}': {name!r} is larger than {limit // 1_000_000} MB; use a smaller "
                          f"file", path=str(path), key=key)
    return target


def _check_logo(path: Path, logo: Path) -> None:
    """The logo's content matches its type (a renamed file is caught here, not by the PDF's layout)."""
    head = logo.read_bytes()[:512]
    kind = logo.suffix.lower()
    ok = (head.startswith(b"\x89PNG\r\n\x1a\n") if kind == ".png" else head.startswith(b"\xff\xd8\xff")
          if kind in (".jpg", ".jpeg") else b"<svg" in logo.read_bytes()[:4096].lower())
    if not ok:
        raise ConfigError(f"{path}: key 'logo': {logo.name} is not a {kind[1:].upper()} image; export the logo "
                          f"again as SVG, PNG or JPEG", path=str(path), key="logo")


def _check_font(path: Path, font: Path) -> None:
    try:
        _family(font)
    except Exception as exc:  # fontTools raises many kinds for a file that is not a font
        raise ConfigError(f"{path}: key 'font': {font.name} is not a readable font ({type(exc).__name__}); "
                          f"use a .ttf or .otf file", path=str(path), key="font") from None
