"""Pictures of the real pages a reader needs to see: every annex page and every page a
finding points at, drawn from the file itself by PDFium (pypdfium2).

A drawing made from what the parser understood (text lines, picture boxes) shows *why* the
linter judged as it did; the page as the student sees it shows *what* they must change. Both
are given: the reporters draw the measured picture boxes over the thumbnail. Without
pypdfium2, or for a file that is not a PDF and was not laid out by LibreOffice, there is no
thumbnail and the reporters keep the sketch.

Thumbnails are PNG bytes (encoded here with zlib, so that Pillow is not needed), made in the
worker process that read the file, where the file (or LibreOffice's PDF) still exists.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

#: Width of a thumbnail in pixels: twice the 150-pixel drawing, sharp on a dense screen.
WIDTH = 300
#: At most this many pages are drawn for one report (a report with a finding on every page
#: must not make a page of hundreds of pictures).
MAX_PAGES = 24


def pages_to_draw(result: Any) -> list[int]:
    """The annex pages and the pages findings point at, in order, at most ``MAX_PAGES``."""
    document, report = result.document, result.report
    if document is None:
        return []
    wanted = set()
    for annex in getattr(report, "annexes", None) or []:
        wanted.update(annex.pages or [])
    wanted.update(f.page for f in result.findings if f.page is not None)
    return sorted(p for p in wanted if 1 <= p <= document.page_count)[:MAX_PAGES]


def attach(result: Any, path: str | Path) -> Any:
    """Set ``result.thumbnails`` ({page: PNG bytes}) from the PDF at ``path`` or the PDF
    LibreOffice wrote for it; drop that PDF afterwards. Never raises: a page that cannot be
    drawn simply has no thumbnail."""
    document = result.document
    if document is None:
        return result
    source: Any = None
    if document.rendered_pdf is not None:
        source = document.rendered_pdf
    elif document.format == "pdf":
        source = str(path)
    document.rendered_pdf = None
    pages = pages_to_draw(result)
    if source is None or not pages:
        return result
    try:
        result.thumbnails = render_pages(source, pages)
    except Exception:  # noqa: BLE001 - no pypdfium2, or PDFium refuses the file: sketches
        result.thumbnails = {}
    return result


def render_pages(source: Any, pages: list[int], width: int = WIDTH) -> dict[int, bytes]:
    """PNG bytes of each 1-based page of ``source`` (a path or PDF bytes)."""
    import pypdfium2 as pdfium

    out: dict[int, bytes] = {}
    pdf = pdfium.PdfDocument(source)
    try:
        for number in pages:
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                page_width = page.get_width() or 1.0
                bitmap = page.render(scale=width / page_width, rev_byteorder=True,
                                     may_draw_forms=True)
                out[number] = png(bytes(bitmap.buffer), bitmap.width, bitmap.height,
                                  bitmap.stride, bitmap.n_channels)
            finally:
                page.close()
    finally:
        pdf.close()
    return out


def png(buffer: bytes, width: int, height: int, stride: int, channels: int) -> bytes:
    """A PNG file of 8-bit grey (1 channel), RGB (3) or RGBA (4) rows."""
    colour_type = {1: 0, 3: 2, 4: 6}[channels]
    row = width * channels
    raw = b"".join(b"\x00" + buffer[y * stride:y * stride + row] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
