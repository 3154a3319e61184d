"""PDF → Document with pypdf: pages, text lines with size and weight, pictures, outline.

Text comes from pypdf's text visitor, which reports each run of text with its matrices and
font. pypdf restarts a Form XObject's text at the identity matrix, so this module keeps its
own stack of form matrices (from the ``Do`` operators it sees) to place text drawn inside
forms, as included PDF pages are. Pictures come from :mod:`report_lint.pdf_layout`.
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass
from pathlib import Path

from report_lint.document import Document, Line, OutlineEntry, Page
from report_lint.findings import UnreadableInput
from report_lint.geometry import multiply
from report_lint.parsers._pdfscan import Scan, drawing_cycle, scan_pdf
from report_lint.pdf_layout import LayoutError, page_display_box, page_pictures

BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demibold", "demi", "cmbx", "bx1", "bx0",
                "-bd", ",bd", "extrabold", "ultrabold")
MAX_PAGES = 5000
MAX_FILE = 200 * 1024 * 1024  # as office packages (parsers._safezip.MAX_FILE)


@dataclass
class _Run:
    text: str
    x: float
    y: float  # baseline, display space (y down)
    size: float
    bold: bool
    width: float
    # True when the width is the drawn glyphs' (PDFium), whose tight box leaves a gap of
    # side bearings between letters: a space needs a wider gap then.
    measured: bool = False


def parse_pdf(path: Path, settings: dict | None = None) -> Document:
    """Read a PDF; raise :class:`UnreadableInput` for anything that is not a readable PDF."""
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    data, scan = read_and_scan(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        # pypdf reads our in-memory copy: the input file is opened once, read-only.
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise UnreadableInput("encrypted")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise UnreadableInput("encrypted", str(exc)) from None
        pages = reader.pages
        count = len(pages)
        if count == 0:
            raise UnreadableInput("no_pages")
        if count > MAX_PAGES:
            raise UnreadableInput("too_many_pages", count=count)
        if scan.nested_forms and drawing_cycle(pages):
            raise UnreadableInput("recursive", "a form XObject draws itself")
        doc = Document(path=str(path), format="pdf")
        for number, pdf_page in enumerate(pages, start=1):
            doc.pages.append(_read_page(pdf_page, number))
        doc.outline = _read_outline(reader)
        info = reader.metadata or {}
        for key in ("/Producer", "/Creator", "/Title"):
            if info.get(key):
                doc.metadata[key.strip("/").lower()] = str(info.get(key))
        return doc
    except UnreadableInput:
        raise
    except (PyPdfError, LayoutError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, AssertionError, RecursionError, OSError, ZeroDivisionError) as exc:
        raise UnreadableInput("corrupt", f"{type(exc).__name__}: {exc}") from None


def read_and_scan(path: Path) -> tuple[bytes, Scan]:
    """The file's bytes, after the checks no PDF library does for us (issue 7): size,
    header, end, trailer, stream and image sizes (:mod:`._pdfscan`)."""
    try:
        if path.stat().st_size > MAX_FILE:
            raise UnreadableInput("too_large", size=path.stat().st_size // (1024 * 1024))
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput("unreadable", exc.strerror or str(exc)) from None
    if not data:
        raise UnreadableInput("empty")
    head = data[:1024]
    if b"%PDF-" not in head:
        raise UnreadableInput("not_pdf")
    if b"%%EOF" not in data[-2048:]:
        # pypdf can rebuild a cross-reference table from a cut file and would then show
        # only the pages before the cut: a half-downloaded report must not be judged.
        raise UnreadableInput("truncated")
    return data, scan_pdf(data)


def _read_page(pdf_page, number: int) -> Page:
    width, height, to_display = page_display_box(pdf_page)
    page = Page(number=number, width=width, height=height)
    page.lines = _page_lines(pdf_page, to_display)
    page.images = page_pictures(pdf_page)
    return page


def _is_bold(font_dict) -> bool:
    if not font_dict:
        return False
    try:
        name = str(font_dict.get("/BaseFont", "")).lower()
        if any(marker in name for marker in BOLD_MARKERS):
            return True
        descriptor = font_dict.get("/FontDescriptor")
        if descriptor is not None:
            descriptor = descriptor.get_object()
            weight = descriptor.get("/FontWeight")
            if weight is not None and float(weight) >= 600:
                return True
            flags = int(descriptor.get("/Flags", 0))
            if flags & (1 << 18):  # ForceBold
                return True
    except Exception:  # a broken font dictionary only costs us the weight
        return False
    return False


def _page_lines(pdf_page, to_display) -> list[Line]:
    runs: list[_Run] = []
    form_stack: list[tuple[list[float], object]] = []  # (form → page matrix, resources)
    page_resources = pdf_page.get("/Resources")

    def current_base() -> list[float]:
        return form_stack[-1][0] if form_stack else [1, 0, 0, 1, 0, 0]

    def current_resources():
        return form_stack[-1][1] if form_stack else page_resources

    pushed: list[bool] = []

    def before(op, operands, cm, tm):
        if op != b"Do":
            return
        did_push = False
        try:
            resources = current_resources()
            resources = resources.get_object() if resources is not None else None
            xobjects = resources["/XObject"].get_object()
            xobj = xobjects[operands[0]].get_object()
            if xobj.get("/Subtype") == "/Form":
                form_matrix = [float(v) for v in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                base = multiply(multiply(form_matrix, [float(v) for v in cm]), current_base())
                form_stack.append((base, xobj.get("/Resources", resources)))
                did_push = True
        except Exception:
            did_push = False
        pushed.append(did_push)

    def after(op, operands, cm, tm):
        if op == b"Do" and pushed:
            if pushed.pop() and form_stack:
                form_stack.pop()

    def visit(text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        try:
            matrix = multiply(multiply([float(v) for v in tm], [float(v) for v in cm]),
                              current_base())
            matrix = multiply(matrix, to_display)
        except (TypeError, ValueError):
            return
        scale = math.hypot(matrix[2], matrix[3]) or 1.0
        size = float(font_size or 0) * scale
        bold = _is_bold(font_dict)
        x, y = matrix[4], matrix[5]
        for i, part in enumerate(text.split("\n")):
            if part.strip():
                runs.append(_Run(part, x, y + i * size * 1.2, size, bold, len(part) * size * 0.5))

    pdf_page.extract_text(visitor_operand_before=before, visitor_operand_after=after,
                          visitor_text=visit)
    return _group_lines(runs)


def _group_lines(runs: list[_Run]) -> list[Line]:
    """Runs on the same baseline form a line; lines are returned top to bottom."""
    runs = sorted(runs, key=lambda r: (round(r.y, 0), r.x))
    lines: list[list[_Run]] = []
    for run in runs:
        if lines:
            last = lines[-1]
            tolerance = max(2.0, 0.35 * max(r.size for r in last))
            if abs(last[-1].y - run.y) <= tolerance or abs(last[0].y - run.y) <= tolerance:
                last.append(run)
                continue
        lines.append([run])
    out = []
    for group in lines:
        group.sort(key=lambda r: r.x)
        text = ""
        prev_end = None
        for run in group:
            gap = 0.22 if run.measured else 0.15
            if text and prev_end is not None and run.x - prev_end > gap * run.size \
                    and not text.endswith(" ") and not run.text.startswith(" "):
                text += " "
            text += run.text
            prev_end = run.x + run.width
        text = " ".join(text.split())
        if not text:
            continue
        chars = sum(len(r.text.strip()) for r in group) or 1
        bold_chars = sum(len(r.text.strip()) for r in group if r.bold)
        size = max(group, key=lambda r: len(r.text.strip())).size
        top = min(r.y - r.size for r in group)
        bottom = max(r.y + 0.25 * r.size for r in group)
        out.append(Line(text=text, x0=min(r.x for r in group),
                        top=top, x1=max(r.x + r.width for r in group), bottom=bottom,
                        size=round(size, 2), bold=bold_chars / chars >= 0.6))
    return out


def _read_outline(reader) -> list[OutlineEntry]:
    entries: list[OutlineEntry] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            try:
                title = str(item.title or "").strip()
                page = reader.get_destination_page_number(item)
                page = page + 1 if page is not None and page >= 0 else None
            except Exception:
                continue
            if title:
                entries.append(OutlineEntry(title=title, level=level, page=page))
            if len(entries) > 10_000:
                return

    try:
        walk(reader.outline, 1)
    except Exception:
        return []
    return entries
