"""Choose the parser for a file from its content and its name; each returns a Document."""

from __future__ import annotations

from pathlib import Path

from report_lint.document import Document
from report_lint.findings import UnreadableInput

PARSERS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt"}
#: The file names a folder is searched for (formats with a parser).
SUPPORTED_SUFFIXES = tuple(PARSERS)
FORMATS_PLANNED = {".tex": "latex", ".md": "markdown"}


def parse_file(path: Path, settings: dict | None = None) -> Document:
    path = Path(path)
    if path.is_dir():
        raise UnreadableInput("is_directory")
    if not path.exists():
        raise UnreadableInput("missing")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UnreadableInput("unreadable", exc.strerror or str(exc)) from None
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        # pypdfium2 when installed (or $REPORT_LINT_PDF_BACKEND), else pypdf, the reference
        from report_lint.parsers.pdf_pdfium import parse_any_pdf

        return parse_any_pdf(path, settings)
    from report_lint.parsers._office import is_office, parse_office

    if is_office(path, head):  # DOCX, ODT, and what is often mistaken for them
        return parse_office(path, settings)
    if suffix in FORMATS_PLANNED:
        raise UnreadableInput("format_not_supported", fmt=FORMATS_PLANNED[suffix])
    raise UnreadableInput("unknown_format", suffix=suffix or "?")
