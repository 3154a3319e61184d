"""One safe way to parse the XML of office files: no entities resolved, no DTD loaded, no
network, no huge trees (lxml's own limits against entity and depth bombs stay on)."""

from __future__ import annotations

from lxml import etree

from report_lint.findings import UnreadableInput


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def check_no_doctype(data: bytes, part: str = "") -> None:
    """Office XML parts never carry a document type declaration: one is refused outright
    (it is where entity bombs and external entities live)."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise UnreadableInput("corrupt_package", f"{part}: XML with a DOCTYPE / ENTITY "
                              "declaration")


def check_package(package, limit: int = 64 * 1024 * 1024) -> None:
    """Every XML part of an office package: no DOCTYPE (before any other tool reads it)."""
    for name in package.names():
        if name.lower().endswith((".xml", ".rels")):
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
