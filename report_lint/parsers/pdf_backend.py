"""Which PDF backend reads a file: pypdf, the reference, or PDFium, the fast one.

``$REPORT_LINT_PDF_BACKEND`` (``pypdf`` or ``pdfium``), else the setting ``pdf_backend`` when
a caller passes one, else PDFium when a usable pypdfium2 is installed (``pip install
report-lint[fast]``), else pypdf. ``Document.metadata["backend"]`` says which one ran. Both
fill the same Document; ``tests/test_pdf_backends.py`` holds them to the same findings.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from report_lint.document import Document

ENV = "REPORT_LINT_PDF_BACKEND"
BACKENDS = ("pypdf", "pdfium")


def pdfium_available() -> bool:
    return importlib.util.find_spec("pypdfium2") is not None


def choose_backend(settings: dict | None = None) -> str:
    """``pypdf`` or ``pdfium``: the environment, then the settings, then what is installed."""
    wanted = (os.environ.get(ENV) or (settings or {}).get("pdf_backend") or "").strip().lower()
    if wanted in ("pypdfium2", "fast"):
        wanted = "pdfium"
    if wanted == "pypdf":
        return "pypdf"
    return "pdfium" if pdfium_available() else "pypdf"


def parse_any_pdf(path: Path, settings: dict | None = None, backend: str | None = None) -> Document:
    """Read a PDF with the chosen backend and record which one in ``metadata["backend"]``."""
    backend = backend or choose_backend(settings)
    if backend == "pdfium" and not _pdfium_usable():
        backend = "pypdf"  # a pypdfium2 too old for the functions used here
    if backend == "pdfium":
        from report_lint.parsers.pdf_pdfium import parse_pdf as parse_with_pdfium

        doc = parse_with_pdfium(path, settings)
    else:
        from report_lint.parsers.pdf import parse_pdf as parse_with_pypdf

        doc = parse_with_pypdf(path, settings)
    doc.metadata["backend"] = backend
    return doc


_REQUIRED = ("FPDF_LoadMemDocument64", "FPDF_GetPageBoundingBox", "FPDFTextObj_GetText",
             "FPDFFont_GetBaseFontName", "FPDFFont_GetWeight", "FPDFFont_GetFlags",
             "FPDFPageObj_GetClipPath", "FPDFClipPath_GetPathSegment", "FPDFFormObj_GetObject",
             "FPDFPageObjMark_GetParamValueType", "FPDFPath_GetDrawMode")
_usable: bool | None = None


def _pdfium_usable() -> bool:
    global _usable
    if _usable is None:
        try:
            import pypdfium2  # noqa: F401
            import pypdfium2.raw as pdfium_c

            _usable = all(hasattr(pdfium_c, name) for name in _REQUIRED)
        except Exception:  # noqa: BLE001 - a broken install: the reference backend reads it
            _usable = False
    return _usable
