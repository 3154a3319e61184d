"""One safe way to parse the XML of office files: no entities resolved, no DTD loaded, no
network, no huge trees (lxml's own limits against entity and depth bombs stay on)."""

from __future__ import annotations

import re

from lxml import etree

from report_lint.findings import UnreadableInput


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def check_no_doctype(data: bytes, part: str = "") -> None:
    """Office XML parts never carry a document type declaration: one is refused outright
    (it is where entity bombs and external entities live). The whole part is searched (a
    comment may push the declaration far from the start), in the part's own encoding
    (UTF-16 and UTF-32 hide it from a byte search); encodings that could hide it otherwise
    (UTF-7, EBCDIC...) are refused."""
    text = _xml_text(data)
    markers = ("<!DOCTYPE", "<!ENTITY") if isinstance(text, str) else (b"<!DOCTYPE", b"<!ENTITY")
    if any(marker in text for marker in markers):
        raise UnreadableInput("xml_doctype", f"{part}: XML with a DOCTYPE / ENTITY declaration")
    if isinstance(text, bytes):
        start = text[3:] if text.startswith(b"\xef\xbb\xbf") else text
        start = start.lstrip()
        declared = _ENCODING.match(start)
        if (start and not start.startswith(b"<")) or (
                declared and declared.group(1).decode("ascii").lower() not in _ENCODINGS):
            raise UnreadableInput("corrupt_package", f"{part}: not UTF-8 or UTF-16 XML")


_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be", "utf-32", "us-ascii",
              "ascii", "iso-8859-1", "iso-8859-15", "latin1", "latin-1", "windows-1252",
              "cp1252"}
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
         (b"\xfe\xff", "utf-16"), (b"\xff\xfe", "utf-16"),
         (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"))


def _xml_text(data: bytes) -> str | bytes:
    """The part as text when it is UTF-16 or UTF-32 (XML 1.0, appendix F), else its bytes."""
    for prefix, codec in _BOMS:
        if data.startswith(prefix):
            return data.decode(codec, errors="replace")
    return data


#: Parts read as XML by python-docx, this package or LibreOffice (VML drawings, the ODF
#: manifest.rdf, SVG pictures, HTML chunks).
XML_PARTS = (".xml", ".rels", ".vml", ".rdf", ".svg", ".xhtml", ".htm", ".html")


def check_package(package, limit: int = 64 * 1024 * 1024) -> None:
    """Every XML part of an office package: no DOCTYPE (before any other tool reads it)."""
    for name in package.names():
        if name.lower().endswith(XML_PARTS):
            check_no_doctype(package.read(name, limit), name)


def parse_xml(data: bytes, part: str = "") -> etree._Element:
    check_no_doctype(data, part)
    try:
        root = etree.fromstring(data, safe_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableInput("corrupt_package", f"{part}: {exc}") from None
    if root is None:
        raise UnreadableInput("corrupt_package", f"{part}: empty XML")
    return root
