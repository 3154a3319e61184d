"""Word-processor files: tell DOCX, ODT, legacy .doc, lock files and other ZIPs apart by
their content (and name), then hand the file to its parser or say clearly what it is."""

from __future__ import annotations

from pathlib import Path

from report_lint.document import Document
from report_lint.findings import UnreadableInput
from report_lint.parsers._safezip import read_file

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
#: Suffixes handled here: Word and OpenDocument text documents, templates, and the legacy
#: formats recognised to say what to do with them.
OFFICE_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".odt", ".ott", ".fodt", ".doc",
                   ".dot", ".rtf", ".wps", ".pages")
ODF_TEXT = (b"application/vnd.oasis.opendocument.text",
            b"application/vnd.oasis.opendocument.text-template")


def is_office(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in OFFICE_SUFFIXES or head.startswith(OLE_MAGIC) or \
        head.startswith(ZIP_MAGIC)


def parse_office(path: Path, settings: dict | None = None) -> Document:
    suffix = path.suffix.lower()
    if path.name.startswith("~$") or path.name.startswith(".~lock."):
        raise UnreadableInput("lock_file", original=path.name.removeprefix("~$")
                              .removeprefix(".~lock.").rstrip("#"))
    data = read_file(path)
    if not data:
        raise UnreadableInput("empty")
    if data.startswith(OLE_MAGIC):
        if _ole_encrypted(data):
            raise UnreadableInput("encrypted_office")
        raise UnreadableInput("legacy_doc" if suffix in (".doc", ".dot", ".docx", ".wps", "")
                              else "ole_not_word")
    if data.lstrip()[:5] == b"{\\rtf":
        raise UnreadableInput("rtf")
    if suffix == ".fodt" or data.lstrip()[:5] == b"<?xml":
        raise UnreadableInput("flat_xml")
    if not data.startswith(ZIP_MAGIC):
        raise UnreadableInput("not_office", fmt=suffix.lstrip(".") or "?")
    if data[30:38] == b"mimetype" and any(m in data[38:120] for m in ODF_TEXT):
        from report_lint.parsers.odt import parse_odt

        return parse_odt(path, settings, data)
    if data[30:38] == b"mimetype" and b"opendocument" in data[38:120]:
        raise UnreadableInput("not_word_zip", kind="OpenDocument")
    if suffix in (".odt", ".ott"):
        from report_lint.parsers.odt import parse_odt

        return parse_odt(path, settings, data)
    from report_lint.parsers.docx import parse_docx

    return parse_docx(path, settings, data)


def _ole_encrypted(data: bytes) -> bool:
    """A password-protected DOCX is an OLE2 container holding an ``EncryptionInfo`` stream."""
    return "EncryptionInfo".encode("utf-16-le") in data[:4 * 1024 * 1024] or \
        "EncryptedPackage".encode("utf-16-le") in data[:4 * 1024 * 1024]
