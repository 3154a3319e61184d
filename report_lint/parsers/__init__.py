"""Choose the parser for a file from its content and its name; each returns a Document."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from report_lint.document import Document
from report_lint.findings import UnreadableInput

PARSERS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".tex": "latex", ".md": "markdown"}
#: The file names a folder is searched for (formats with a parser).
SUPPORTED_SUFFIXES = tuple(PARSERS)
FORMATS_PLANNED: dict[str, str] = {}
#: Reports written as sources (several files; pages from a compiled PDF or estimated).
SOURCE_SUFFIXES = (".tex", ".md", ".markdown")


def check_input(path: Path) -> None:
    """Refuse, before anything opens it, what is not a file one may read (issue 7): a pipe
    or a device would block or never end, a file without read permission cannot be read.
    Folders are left to the caller."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UnreadableInput("missing") from None
    except OSError as exc:
        raise UnreadableInput("unreadable", exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        return
    if not stat.S_ISREG(mode):
        raise UnreadableInput("not_regular_file")
    try:
        os.close(os.open(path, os.O_RDONLY))
    except PermissionError:
        raise UnreadableInput("permission_denied") from None
    except OSError as exc:
        raise UnreadableInput("unreadable", exc.strerror or str(exc)) from None


def parse_file(path: Path, settings: dict | None = None) -> Document:
    path = Path(path)
    check_input(path)
    if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file():
        from report_lint.parsers._sources import parse_source

        return parse_source(path, settings or {})
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
        from report_lint.parsers.pdf_backend import parse_any_pdf

        return parse_any_pdf(path, settings)
    from report_lint.parsers._office import is_office, parse_office

    if is_office(path, head):  # DOCX, ODT, and what is often mistaken for them
        return parse_office(path, settings)
    if suffix in FORMATS_PLANNED:
        raise UnreadableInput("format_not_supported", fmt=FORMATS_PLANNED[suffix])
    raise UnreadableInput("unknown_format", suffix=suffix or "?")
