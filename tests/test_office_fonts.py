"""DOCX/ODT fonts without a metric-compatible substitute: the page count may differ from
Word's, and the summary says so (issue 12 point 7). fontconfig is asked for real."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from report_lint.cli import cli
from report_lint.parsers import office_fonts
from report_lint.parsers._safezip import SafeZip

docx = pytest.importorskip("docx")
needs_fontconfig = pytest.mark.skipif(shutil.which("fc-match") is None,
                                      reason="fontconfig (fc-match) not installed")
SCHEMA = json.loads((Path(__file__).parent / "schema" / "report-lint.schema.json")
                    .read_text(encoding="utf-8"))
MADE_UP = "Zorbex Grotesk Display"  # no such font anywhere: fontconfig substitutes it


def _docx(path: Path, body_font: str, heading_font: str | None = None) -> Path:
    """A short report whose body text is set in ``body_font`` (Normal style) and whose
    headings are set in ``heading_font`` (their runs), or the body font."""
    document = docx.Document()
    document.styles["Normal"].font.name = body_font
    for title, text in (("Présentation de l'entreprise", "Datalp Systèmes installe des réseaux. "),
                        ("Activités réalisées", "J'ai configuré les commutateurs du site. "),
                        ("Conclusion", "Ce stage m'a conforté dans mon projet. ")):
        heading = document.add_heading(title, level=1)
        for run in heading.runs:
            # Heading 1 names the theme's font, which wins over a style's own font name
            run.font.name = heading_font or body_font
        document.add_paragraph(text * 20)
    document.save(path)
    return path


def _summary(path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, str(path)],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


@needs_fontconfig
def test_made_up_font_is_named_in_the_summary(tmp_path):
    path = _docx(tmp_path / "rapport.docx", MADE_UP)
    fr = _summary(path, "--render", "never", "--lang", "fr")
    assert f"sans équivalent métrique installé : {MADE_UP} ;" in fr
    assert "peut différer de celui de Word" in fr
    en = _summary(path, "--render", "never", "--lang", "en")
    assert f"no metric-compatible font installed: {MADE_UP};" in en


@needs_fontconfig
def test_calibri_with_carlito_installed_gives_no_note(tmp_path):
    path = _docx(tmp_path / "rapport.docx", "Calibri")
    package = SafeZip(path.read_bytes())
    assert office_fonts.docx_fonts(package) == ["Calibri"]
    assert office_fonts.fonts_without_substitute(["Calibri"]) == []  # Carlito (.ci/run)
    assert "Word" not in _summary(path, "--render", "never", "--lang", "en")


@needs_fontconfig
def test_only_the_font_without_substitute_is_named(tmp_path):
    path = _docx(tmp_path / "rapport.docx", "Calibri", heading_font="Segoe UI")
    package = SafeZip(path.read_bytes())
    assert set(office_fonts.docx_fonts(package)) == {"Calibri", "Segoe UI"}
    en = _summary(path, "--render", "never", "--lang", "en")
    assert "no metric-compatible font installed: Segoe UI;" in en


@needs_fontconfig
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_note_when_libreoffice_lays_the_pages_out(tmp_path):
    path = _docx(tmp_path / "rapport.docx", MADE_UP)
    assert f"installed: {MADE_UP};" in _summary(path, "--render", "always", "--lang", "en")


@needs_fontconfig
def test_json_output_keeps_the_contract(tmp_path):
    path = _docx(tmp_path / "rapport.docx", MADE_UP)
    output = _summary(path, "--render", "never", "--format", "json")
    data = json.loads(output)
    Draft202012Validator(SCHEMA).validate(data)
    assert MADE_UP not in output  # no field for it in the contract: the text summary says it


def test_theme_fonts_and_style_chain_are_resolved(tmp_path):
    """Word's own way: Normal and Heading 1 name no font; the document defaults point at
    the theme's minor (body) font, Heading 1 at its major (heading) one."""
    path = tmp_path / "theme.docx"
    document = docx.Document()
    document.add_heading("Présentation de l'entreprise", level=1)
    document.add_paragraph("Datalp Systèmes installe des réseaux.")
    document.save(path)
    package = SafeZip(path.read_bytes())
    theme = office_fonts._docx_theme(package, "word")
    assert theme["major"] and theme["minor"] and theme["major"] != theme["minor"]
    assert office_fonts.docx_fonts(package) == [theme["major"], theme["minor"]]
    # A run's own font wins over its paragraph's.
    document = docx.Document(path)
    document.paragraphs[1].runs[0].font.name = "Segoe UI"
    document.save(path)
    assert office_fonts.docx_fonts(SafeZip(path.read_bytes())) == [theme["major"], "Segoe UI"]


def test_odt_fonts_follow_the_style_chain():
    content = b"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">
<office:font-face-decls>
 <style:font-face style:name="Body" svg:font-family="'Segoe UI'"/>
 <style:font-face style:name="Unused" svg:font-family="Papyrus"/>
 <style:font-face style:name="Web" svg:font-family="'Google Sans', Arial, sans-serif"/>
</office:font-face-decls>
<office:automatic-styles>
 <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"/>
 <style:style style:name="T1" style:family="text">
  <style:text-properties style:font-name="Web"/></style:style>
</office:automatic-styles>
<office:body><office:text>
 <text:p text:style-name="P1">Texte du rapport <text:span text:style-name="T1">lien</text:span></text:p>
</office:text></office:body></office:document-content>"""
    styles = b"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0">
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="Unused" style:font-name-complex="Unused"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph">
  <style:text-properties style:font-name="Body"/></style:style>
</office:styles></office:document-styles>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("styles.xml", styles)
    fonts = office_fonts.odt_fonts(SafeZip(buffer.getvalue()))
    assert fonts == ["Segoe UI", "Google Sans"]  # the first of a CSS list, unquoted


@needs_fontconfig
def test_css_keywords_and_symbol_fonts_are_not_asked_about():
    assert office_fonts.fonts_without_substitute(
        ["inherit", "Wingdings", "sans-serif", f"'{MADE_UP}', Arial, sans-serif"]) == [MADE_UP]


def test_without_fontconfig_nothing_is_said(monkeypatch, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    office_fonts._fc_match.cache_clear()
    try:
        assert office_fonts.fonts_without_substitute([MADE_UP, "Calibri"]) == []
    finally:
        office_fonts._fc_match.cache_clear()


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_installed_fonts_are_part_of_a_docx_cache_key(tmp_path, monkeypatch):
    """Installing Carlito changes a DOCX's pages and its note: a cached result is a miss."""
    from report_lint import cache as cache_module
    from report_lint.config import load_config

    path = _docx(tmp_path / "rapport.docx", "Calibri")
    pdf = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "compliant-lo.pdf"
    store = cache_module.ResultCache(tmp_path / "cache")
    config = load_config(path, lang="fr")
    before = store.key(path, config), store.key(pdf, config)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (tmp_path / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir>'
        f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))
    cache_module._installed_fonts.cache_clear()
    try:
        after = store.key(path, config), store.key(pdf, config)
    finally:
        cache_module._installed_fonts.cache_clear()
    assert after[0] != before[0]  # the DOCX: another set of fonts, another entry
    assert after[1] == before[1]  # a PDF does not depend on the installed fonts
