"""The fonts a DOCX/ODT's text is set in, and whether this machine can lay them out as Word.

LibreOffice replaces a font that is not installed by another one; unless that one has the
same metrics (Carlito for Calibri, Caladea for Cambria, Liberation for Arial, Times New
Roman and Courier New), lines wrap elsewhere and the page count differs from Word's, by 1 to
3 pages on a 30-page report (issue 12). fontconfig (``fc-match``) says what would be used
instead; a substitute counts only when it is the font itself or in
:data:`METRIC_COMPATIBLE`. Only the fonts that text actually resolves to are asked about
(run, character style, paragraph style chain, defaults, theme), not every font a template
declares.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
from functools import lru_cache

from report_lint.findings import UnreadableInput
from report_lint.parsers._safezip import SafeZip
from report_lint.parsers._xml import parse_xml

#: Fonts with the same advance widths as a proprietary font (lower case).
METRIC_COMPATIBLE = {
    "calibri": {"carlito"},
    "cambria": {"caladea"},
    "arial": {"liberation sans", "arimo"},
    "helvetica": {"liberation sans", "arimo"},
    "arial narrow": {"liberation sans narrow"},
    "helvetica narrow": {"liberation sans narrow"},
    "times new roman": {"liberation serif", "tinos"},
    "times": {"liberation serif", "tinos"},
    "courier new": {"liberation mono", "cousine"},
    "courier": {"liberation mono", "cousine"},
}
#: Symbol fonts set bullets and pictograms, not lines of text.
SYMBOL_FONTS = {"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings", "marlett",
                "opensymbol", "starsymbol"}

#: What text pasted from a web page brings as a font name: no font to look for.
CSS_KEYWORDS = {"inherit", "initial", "unset", "serif", "sans-serif", "monospace", "cursive",
                "fantasy", "system-ui"}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_DOCX_TEXT_PARTS = re.compile(r"(header|footer)\d*\.xml$|(footnotes|endnotes)\.xml$")


def fonts_without_substitute(families) -> list[str]:
    """The families, in order, that fontconfig would replace by a font of other metrics.

    Empty when fontconfig is not installed or does not answer: then nothing can be said."""
    out = []
    for family in dict.fromkeys(_first_family(f) for f in families if f):
        if not family or family.casefold() in SYMBOL_FONTS | CSS_KEYWORDS:
            continue
        substitute = _fc_match(family)
        if substitute is None:
            return []
        names = {name.strip().casefold() for name in substitute.split(",")}
        if family.casefold() not in names and \
                not names & METRIC_COMPATIBLE.get(family.casefold(), set()):
            out.append(family)
    return out


def _first_family(name: str) -> str:
    """The first family of a CSS-like list ("'Google Sans', Arial, sans-serif"), unquoted."""
    return name.split(",")[0].strip().strip("'\"").strip()


@lru_cache(maxsize=256)
def _fc_match(family: str) -> str | None:
    """The family fontconfig uses for ``family`` (comma-separated names), None if unknown."""
    program = shutil.which("fc-match")
    if program is None:
        return None
    try:
        done = subprocess.run([program, "-f", "%{family}", family], capture_output=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    answer = done.stdout.decode("utf-8", "replace").strip()
    return answer if done.returncode == 0 and answer else None


def fonts_note(read, package: SafeZip, *args) -> list[str]:
    """:func:`fonts_without_substitute` of the fonts ``read(package, *args)`` finds; a part
    that cannot be read gives no note, never an unreadable file."""
    try:
        return fonts_without_substitute(read(package, *args))
    except (UnreadableInput, KeyError, ValueError, AttributeError, TypeError, RecursionError):
        return []


# -- DOCX --------------------------------------------------------------------------------------

def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def docx_fonts(package: SafeZip, main: str = "word/document.xml") -> list[str]:
    """Latin fonts the text of a Word document is set in (``w:ascii``/``w:hAnsi``, theme
    fonts resolved), from runs, character styles, paragraph style chains and defaults."""
    folder = posixpath.dirname(main)
    theme = _docx_theme(package, folder)
    styles: dict[str, tuple[str | None, str | None]] = {}
    defaults = {"paragraph": None, "character": None}
    default_font = None
    styles_part = posixpath.join(folder, "styles.xml")
    if styles_part in package:
        root = parse_xml(package.read(styles_part), styles_part)
        fonts = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('rFonts')}")
        default_font = _rfonts(fonts, theme)
        for style in root.iter(_w("style")):
            sid = style.get(_w("styleId"))
            based = style.find(_w("basedOn"))
            styles[sid] = (based.get(_w("val")) if based is not None else None,
                           _rfonts(style.find(f"{_w('rPr')}/{_w('rFonts')}"), theme))
            kind = style.get(_w("type"))
            if style.get(_w("default")) in ("1", "true", "on") and kind in defaults:
                defaults[kind] = sid

    def style_font(sid: str | None) -> str | None:
        for _ in range(30):  # basedOn chains are short; a loop in a broken file stops here
            if sid is None or sid not in styles:
                return None
            sid, font = styles[sid][0], styles[sid][1] or None
            if font:
                return font
        return None

    found = []
    parts = [main] + sorted(n for n in package.names()
                            if posixpath.dirname(n) == folder and _DOCX_TEXT_PARTS.search(n))
    for part in parts:
        root = parse_xml(package.read(part), part)
        for para in root.iter(_w("p")):
            pstyle = para.find(f"{_w('pPr')}/{_w('pStyle')}")
            para_font = style_font(pstyle.get(_w("val")) if pstyle is not None
                                   else defaults["paragraph"]) or default_font
            for run in para.iter(_w("r")):
                if not any((t.text or "").strip() for t in run.iter(_w("t"))):
                    continue
                rstyle = run.find(f"{_w('rPr')}/{_w('rStyle')}")
                font = (_rfonts(run.find(f"{_w('rPr')}/{_w('rFonts')}"), theme)
                        or style_font(rstyle.get(_w("val")) if rstyle is not None
                                      else defaults["character"])
                        or para_font)
                if font:
                    found.append(font)
    return list(dict.fromkeys(found))


def _docx_theme(package: SafeZip, folder: str) -> dict[str, str]:
    """{"major": ..., "minor": ...}: the theme's Latin heading and body fonts."""
    for name in sorted(package.names()):
        if name.startswith(posixpath.join(folder, "theme/")) and name.endswith(".xml"):
            root = parse_xml(package.read(name), name)
            out = {}
            for kind in ("major", "minor"):
                latin = root.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
                if latin is not None and latin.get("typeface"):
                    out[kind] = latin.get("typeface")
            return out
    return {}


def _rfonts(element, theme: dict[str, str]) -> str | None:
    """The Latin font a ``w:rFonts`` names (a theme reference wins, as in Word)."""
    if element is None:
        return None
    for attr in ("asciiTheme", "hAnsiTheme"):
        value = element.get(_w(attr)) or ""
        for kind in ("major", "minor"):
            if value.startswith(kind) and theme.get(kind):
                return theme[kind]
    return element.get(_w("ascii")) or element.get(_w("hAnsi"))


# -- ODT ---------------------------------------------------------------------------------------

_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}


def _o(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_ODF[prefix]}}}{local}"


def odt_fonts(package: SafeZip) -> list[str]:
    """Western fonts the text of an OpenDocument is set in: each paragraph's and span's
    style chain (automatic, common, default style), font-face names resolved."""
    roots = [parse_xml(package.read(p), p) for p in ("styles.xml", "content.xml")
             if p in package]
    faces: dict[str, str] = {}
    styles: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    default: dict[str, str | None] = {}
    for root in roots:
        for face in root.iter(_o("style:font-face")):
            family = (face.get(_o("svg:font-family")) or face.get(_o("style:name")) or "")
            faces[face.get(_o("style:name"))] = _first_family(family)
    for root in roots:
        for style in root.iter(_o("style:style"), _o("style:default-style")):
            props = style.find(_o("style:text-properties"))
            font = None
            if props is not None:
                name = props.get(_o("style:font-name"))
                font = faces.get(name, name) if name else props.get(_o("fo:font-family"))
                font = _first_family(font) if font else None
            family = style.get(_o("style:family"))
            if style.tag == _o("style:default-style"):
                default[family] = font
            else:
                styles[(family, style.get(_o("style:name")))] = (
                    style.get(_o("style:parent-style-name")), font)

    def style_font(family: str, name: str | None) -> str | None:
        for _ in range(30):
            if name is None or (family, name) not in styles:
                return None
            name, font = styles[(family, name)]
            if font:
                return font
        return None

    found = []
    content = roots[-1]
    for para in content.iter(_o("text:p"), _o("text:h")):
        para_font = style_font("paragraph", para.get(_o("text:style-name"))) or \
            default.get("paragraph")
        if para_font and "".join(_outside_spans(para)).strip():
            found.append(para_font)
        for span in para.iter(_o("text:span")):
            if "".join(span.itertext()).strip():
                font = style_font("text", span.get(_o("text:style-name"))) or para_font
                if font:
                    found.append(font)
    return list(dict.fromkeys(found))


def _outside_spans(element):
    """The text of ``element`` that no ``text:span`` holds (it is in the paragraph's font)."""
    yield element.text or ""
    for child in element:
        if child.tag != _o("text:span"):
            yield from _outside_spans(child)
        yield child.tail or ""
