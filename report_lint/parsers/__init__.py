"""Choose the parser for a file from its content and its name; each returns a Document."""

from __future__ import annotations

from pathlib import Path

from report_lint.document import Document
from report_lint.findings import UnreadableInput

PARSERS = {".pdf": "pdf"}
#: The file names a folder is searched for (formats with a parser).
SUPPORTED_SUFFIXES = tuple(PARSERS)
FORMATS_PLANNED = {".docx": "docx", ".odt": "odt", ".tex": "latex", ".md": "markdown"}


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
        from report_lint.parsers.pdf import parse_pdf

        return parse_pdf(path, settings)
    if suffix in FORMATS_PLANNED:
        raise UnreadableInput("format_not_supported", fmt=FORMATS_PLANNED[suffix])
    raise UnreadableInput("unknown_format", suffix=suffix or "?")
