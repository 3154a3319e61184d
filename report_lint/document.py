"""The format-neutral model every parser fills and every later stage reads.

Coordinates are in PDF points in *display space*: origin at the top-left corner of the
visible page (CropBox, after ``/Rotate``), x to the right, y downwards. Parsers that do not
know positions (DOCX without rendering, Markdown) leave them at zero and say so through
``Document.pages_estimated``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Line:
    """One line of text as it appears on a page."""

    text: str
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # font size in points, 0 when unknown
    bold: bool = False
    # A heading level declared by the source (outline entry, Word style, LaTeX command);
    # None when only typography can tell.
    declared_level: int | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class ImageBox:
    """A picture or figure drawn on a page, as a convex polygon in display space.

    ``points`` are the corners of the drawn picture (four for a raster image, which may be
    rotated); ``clips`` are the clipping regions in force when it was drawn (each a convex
    polygon): the visible part is the picture intersected with every clip.
    """

    points: list[tuple[float, float]]
    clips: list[list[tuple[float, float]]] = field(default_factory=list)
    kind: str = "raster"  # raster | inline | vector | form

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass
class Page:
    """One physical page of the file (``number`` is 1-based)."""

    number: int
    width: float = 595.28
    height: float = 841.89
    lines: list[Line] = field(default_factory=list)
    images: list[ImageBox] = field(default_factory=list)
    # Share of the page area covered by pictures, measured by the parser that knows how
    # (union of the visible boxes, clipped to the page); None until measured.
    image_share: float | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def has_text(self) -> bool:
        return any(ch.isalnum() for line in self.lines for ch in line.text)


@dataclass
class OutlineEntry:
    """A bookmark / navigation entry: a heading the author's tool declared."""

    title: str
    level: int  # 1 = top level
    page: int | None  # 1-based page the entry points to, when known


@dataclass
class Document:
    """A whole report as read from one file."""

    path: str
    format: str  # pdf | docx | odt | latex | markdown
    pages: list[Page] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    # True when page numbers are estimated (no rendering available): page-level findings
    # then say so in their message.
    pages_estimated: bool = False
    metadata: dict[str, str] = field(default_factory=dict)
    # Where the source itself starts the annex part (LaTeX ``\appendix`` or the
    # ``appendices`` environment): (page, index of the first line after it); None elsewhere.
    annex_start: tuple[int, int] | None = None
    # LaTeX / Markdown reports: the sources read, files not found, suppression comments and
    # where the pages come from (report_lint.suppressions.SourceNotes); None for the others.
    source: Any = None
    # DOCX / ODT: fonts of the text with no metric-compatible font installed, so LibreOffice
    # lays the pages out with other widths and their count may differ from Word's.
    fonts_without_substitute: list[str] = field(default_factory=list)
    # DOCX / ODT laid out by LibreOffice: the PDF it wrote, kept only until the pages needed
    # are drawn as thumbnails (report_lint.thumbnails), then dropped; None otherwise.
    rendered_pdf: bytes | None = None

    @property
    def page_count(self) -> int:
        return len(self.pages)
