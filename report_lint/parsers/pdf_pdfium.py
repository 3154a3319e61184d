"""PDF → Document with pypdfium2 (PDFium): the fast backend; ``parsers/pdf.py`` (pypdf) is
the reference it must agree with (``tests/test_pdf_backends.py``).

Which backend reads a PDF is chosen by :mod:`report_lint.parsers.pdf_backend`.

How the Document is filled, mirroring the pypdf backend:

* pages: PDFium's page box is the CropBox intersected with the MediaBox (MediaBox when there
  is no CropBox), inherited through the page tree; ``/Rotate`` is applied by
  :func:`report_lint.pdf_layout.page_display_box` itself, so both backends share one display
  space (origin top-left, y down, points);
* text: one run per PDFium text object (one per ``Tj``/``TJ``/``'``/``"``), placed by its
  matrix, sized by the ``Tf`` size times the matrix scale, bold by the same font-name markers
  and weight/ForceBold rule, then grouped into lines by ``parsers.pdf._group_lines``;
* pictures: PDFium lists page objects; objects inside a Form XObject are in the form's own
  space, so the walker composes each form object's matrix (the CTM at its ``Do``) down to
  display space, and collects the clip paths in force (each object's own, in its parent's
  space, plus those of the enclosing form objects). Paths, shadings and forms go through the
  vector heuristic of :mod:`report_lint.pdf_layout` (``select_pictures``), the same code the
  pypdf backend runs.

What PDFium does not give, and how this module copes:

* a form's ``/BBox`` (an included vector figure counts by it): read lazily with pypdf from
  the form dictionaries the page's resources reach, for the few pages that hold such a
  figure, and matched to the form by containment of what it draws;
* the value of a marked-content property that is a *name* (``/Artifact <</Type
  /Pagination>>``): an artifact carrying a ``/Type`` or ``/Subtype`` counts as decoration;
* inline images are reported as ``raster`` pictures (PDFium does not tell them apart).
"""

from __future__ import annotations

import ctypes
import io
import logging
import math
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from report_lint.document import Document, ImageBox, OutlineEntry, Page
from report_lint.findings import UnreadableInput
from report_lint.geometry import (
    BBox,
    add_clip,
    clips_bbox,
    intersect_bbox,
    visible_bbox,
    Matrix,
    Point,
    Polygon,
    apply,
    apply_all,
    bbox,
    multiply,
    rect_polygon,
)

MAX_DEPTH = 12  # nested forms walked, as pdf_layout.page_pictures
MAX_OBJECTS = 500_000  # page objects walked per page (pdf_layout stops after 2M operators)
MAX_SEGMENTS = 400  # longer paths: PDFium's bounds instead of walking every point
MAX_OUTLINE = 10_000
_BUF_CHARS = 4096

_UNIT_SQUARE: Polygon = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]


# --- the PDFium backend --------------------------------------------------------------------


def parse_pdf(path: Path, settings: dict | None = None) -> Document:
    """Read a PDF with PDFium; raise :class:`UnreadableInput` like ``parsers.pdf.parse_pdf``."""
    import pypdfium2  # noqa: F401 - initialises the library
    import pypdfium2.raw as pdfium_c

    from report_lint.parsers.pdf import MAX_PAGES, read_and_scan

    data, scan = read_and_scan(path)
    # PDFium reads from ``data`` while the document is open: it stays referenced until the
    # document is closed below. Not thread-safe (PDFium is not): batch workers are processes.
    doc_handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not doc_handle:
        error = pdfium_c.FPDF_GetLastError()
        if error in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            # a real user password (an empty one opens without asking), or an unsupported
            # security handler: pypdf says "encrypted" for both
            raise UnreadableInput("encrypted")
        raise UnreadableInput("corrupt", f"PDFium error {error}")
    try:
        count = pdfium_c.FPDF_GetPageCount(doc_handle)
        if count <= 0:
            raise UnreadableInput("no_pages")
        if count > MAX_PAGES:
            raise UnreadableInput("too_many_pages", count=count)
        if scan.nested_forms and _draws_itself(data):
            # PDFium unrolls such a form 40 levels deep: drawn twice, that never ends
            raise UnreadableInput("recursive", "a form XObject draws itself")
        reader = _Reader(pdfium_c, doc_handle, data)
        doc = Document(path=str(path), format="pdf")
        for index in range(count):
            doc.pages.append(reader.page(index))
        doc.outline = reader.outline()
        for key in ("Producer", "Creator", "Title"):
            value = reader.meta(key)
            if value:
                doc.metadata[key.lower()] = value
        return doc
    except UnreadableInput:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            ZeroDivisionError, RecursionError, ctypes.ArgumentError) as exc:
        raise UnreadableInput("corrupt", f"{type(exc).__name__}: {exc}") from None
    finally:
        pdfium_c.FPDF_CloseDocument(doc_handle)


def _draws_itself(data: bytes) -> bool:
    """A Form XObject that draws itself (read with pypdf: PDFium does not show the forms)."""
    import pypdf

    from report_lint.parsers._pdfscan import drawing_cycle

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        return drawing_cycle(reader.pages)
    except Exception:  # noqa: BLE001 - pypdf cannot say: the time limit still holds
        return False


class _Sink:
    """What a page (or one form) draws, as ``pdf_layout`` collects it."""

    __slots__ = ("images", "forms", "paints", "texts")

    def __init__(self) -> None:
        self.images: list[ImageBox] = []
        self.forms: list[tuple[ImageBox, Any]] = []
        self.paints: list[Any] = []
        self.texts: list[Point] = []


class _Reader:
    """One open PDFium document; pages are read one at a time and closed at once."""

    def __init__(self, pdfium_c: Any, doc: Any, data: bytes) -> None:
        from report_lint import pdf_layout
        from report_lint.parsers.pdf import _Run

        self.run_type = _Run
        self.c = pdfium_c
        self.doc = doc
        self.data = data
        self.layout = pdf_layout
        self.fonts: dict[int, bool] = {}
        self._pypdf_pages: Any = None
        # scratch buffers for the ctypes out-parameters
        self.f = [ctypes.c_float() for _ in range(4)]
        self.fref = [ctypes.byref(v) for v in self.f]
        self.u = [ctypes.c_uint() for _ in range(4)]
        self.uref = [ctypes.byref(v) for v in self.u]
        self.i = [ctypes.c_int() for _ in range(2)]
        self.iref = [ctypes.byref(v) for v in self.i]
        self.ul = ctypes.c_ulong()
        self.m = pdfium_c.FS_MATRIX()
        self.mref = ctypes.byref(self.m)
        self.wbuf = (ctypes.c_ushort * _BUF_CHARS)()
        self.cbuf = ctypes.create_string_buffer(256)

    # -- document level --------------------------------------------------------------------

    def meta(self, key: str) -> str:
        c = self.c
        tag = key.encode("ascii")
        size = c.FPDF_GetMetaText(self.doc, tag, None, 0)
        if size <= 2:
            return ""
        buf = ctypes.create_string_buffer(size)
        c.FPDF_GetMetaText(self.doc, tag, buf, size)
        return buf.raw[: size - 2].decode("utf-16-le", errors="replace")

    def outline(self) -> list[OutlineEntry]:
        c = self.c
        entries: list[OutlineEntry] = []
        seen: set[int] = set()

        def walk(parent: Any, level: int) -> None:
            node = c.FPDFBookmark_GetFirstChild(self.doc, parent)
            while node and len(entries) <= MAX_OUTLINE:
                address = ctypes.addressof(node.contents)
                if address in seen:
                    return
                seen.add(address)
                title = self._bookmark_title(node).strip()
                if title:
                    entries.append(OutlineEntry(title=title, level=level,
                                                page=self._bookmark_page(node)))
                if level < 64:
                    walk(node, level + 1)
                node = c.FPDFBookmark_GetNextSibling(self.doc, node)

        try:
            walk(None, 1)
        except (ValueError, ctypes.ArgumentError):
            return []
        return entries

    def _bookmark_title(self, node: Any) -> str:
        c = self.c
        size = c.FPDFBookmark_GetTitle(node, None, 0)
        if size <= 2:
            return ""
        buf = ctypes.create_string_buffer(size)
        c.FPDFBookmark_GetTitle(node, buf, size)
        return buf.raw[: size - 2].decode("utf-16-le", errors="replace")

    def _bookmark_page(self, node: Any) -> int | None:
        c = self.c
        dest = c.FPDFBookmark_GetDest(self.doc, node)
        if not dest:
            action = c.FPDFBookmark_GetAction(node)
            dest = c.FPDFAction_GetDest(self.doc, action) if action else None
        if not dest:
            return None
        index = c.FPDFDest_GetDestPageIndex(self.doc, dest)
        return index + 1 if index >= 0 else None

    # -- one page --------------------------------------------------------------------------

    def page(self, index: int) -> Page:
        c = self.c
        handle = c.FPDF_LoadPage(self.doc, index)
        if not handle:
            raise UnreadableInput("corrupt", f"PDFium cannot load page {index + 1}")
        textpage = None
        try:
            width, height, to_display = self._display_box(handle)
            page = Page(number=index + 1, width=width, height=height)
            textpage = c.FPDFText_LoadPage(handle)
            walk = _PageWalk(self, handle, textpage, to_display, width, height, index)
            walk.run()
            page.lines = walk.lines()
            page.images = walk.pictures()
            return page
        finally:
            if textpage:
                c.FPDFText_ClosePage(textpage)
            c.FPDF_ClosePage(handle)

    def _display_box(self, handle: Any) -> tuple[float, float, Matrix]:
        c = self.c
        rect = c.FS_RECTF()
        if not c.FPDF_GetPageBoundingBox(handle, ctypes.byref(rect)):
            raise UnreadableInput("corrupt", "PDFium gives no page box")
        box = SimpleNamespace(left=rect.left, bottom=rect.bottom, right=rect.right, top=rect.top)
        try:
            rotation = int(c.FPDFPage_GetRotation(handle)) * 90
        except (TypeError, ValueError):
            rotation = 0
        # PDFium's box is already the visible one (CropBox ∩ MediaBox, inherited); the
        # shared function turns it into display space exactly as for pypdf pages.
        shim = SimpleNamespace(mediabox=box, cropbox=box, rotation=rotation)
        return self.layout.page_display_box(shim)

    def is_bold(self, font: Any) -> bool:
        if not font:
            return False
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        cached = self.fonts.get(key)
        if cached is None:
            cached = self.fonts[key] = self._font_is_bold(font)
        return cached

    def _font_is_bold(self, font: Any) -> bool:
        from report_lint.parsers.pdf import BOLD_MARKERS

        c = self.c
        size = c.FPDFFont_GetBaseFontName(font, self.cbuf, 256)
        name = self.cbuf.value.decode("latin-1", errors="replace").lower() if size else ""
        if any(marker in name for marker in BOLD_MARKERS):
            return True
        if c.FPDFFont_GetWeight(font) >= 600:
            return True
        return bool(c.FPDFFont_GetFlags(font) & (1 << 18))  # ForceBold

    def form_bboxes(self, page_index: int) -> list[BBox]:
        """/BBox of every Form XObject the page's resources reach, mapped by its /Matrix
        into the form object's space (PDFium's space for the form's contents)."""
        if self._pypdf_pages is None:
            import pypdf

            logging.getLogger("pypdf").setLevel(logging.ERROR)
            try:
                self._pypdf_pages = pypdf.PdfReader(io.BytesIO(self.data), strict=False).pages
            except Exception:  # noqa: BLE001 - only the figures' margins are lost
                self._pypdf_pages = []
        out: list[BBox] = []
        try:
            page = self._pypdf_pages[page_index]
            _collect_form_boxes(page.get("/Resources"), out, set(), 0)
        except Exception:  # noqa: BLE001
            return out
        return out


def _collect_form_boxes(resources: Any, out: list[BBox], seen: set[int], depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    resources = _pypdf_resolve(resources)
    if resources is None or not hasattr(resources, "get"):
        return
    xobjects = _pypdf_resolve(resources.get("/XObject"))
    if xobjects is None or not hasattr(xobjects, "items"):
        return
    for _, ref in xobjects.items():
        xobj = _pypdf_resolve(ref)
        if xobj is None or id(xobj) in seen or not hasattr(xobj, "get") \
                or xobj.get("/Subtype") != "/Form":
            continue
        seen.add(id(xobj))
        try:
            x0, y0, x1, y1 = (float(_pypdf_resolve(v)) for v in _pypdf_resolve(xobj["/BBox"]))
            matrix = _pypdf_resolve(xobj.get("/Matrix"))
            matrix = tuple(float(_pypdf_resolve(v)) for v in matrix) if matrix else None
            if matrix is None or len(matrix) != 6:
                matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        except (KeyError, TypeError, ValueError):
            continue
        out.append(bbox(apply_all(matrix, rect_polygon(x0, y0, x1, y1))))
        _collect_form_boxes(xobj.get("/Resources"), out, seen, depth + 1)


def _pypdf_resolve(obj: Any) -> Any:
    try:
        return obj.get_object() if obj is not None else None
    except Exception:  # noqa: BLE001 - a dangling reference is just missing
        return None


class _PageWalk:
    """Walks one page's objects (forms included) for text runs and picture geometry."""

    def __init__(self, reader: _Reader, page: Any, textpage: Any, to_display: Matrix,
                 width: float, height: float, index: int) -> None:
        self.r = reader
        self.c = reader.c
        self.page = page
        self.textpage = textpage
        self.to_display = to_display
        self.width, self.height = width, height
        self.index = index
        self.runs: list[Any] = []
        self.sink = _Sink()
        self._form_boxes: list[BBox] | None = None
        self.budget = MAX_OBJECTS

    def run(self) -> None:
        c = self.c
        count = c.FPDFPage_CountObjects(self.page)
        get = c.FPDFPage_GetObject
        page = self.page
        self._walk((get(page, i) for i in range(max(count, 0))), self.to_display, (),
                   False, self.sink, 0)

    def lines(self) -> list:
        from report_lint.parsers.pdf import _group_lines

        return _group_lines(self.runs)

    def pictures(self) -> list[ImageBox]:
        s = self.sink
        return self.r.layout.select_pictures(s.images, s.forms, s.paints, s.texts,
                                             self.width, self.height)

    # -- the walk --------------------------------------------------------------------------

    def _walk(self, objects, to_display: Matrix, clips: tuple[Polygon, ...], deco: bool,
              sink: _Sink, depth: int) -> None:
        c = self.c
        r = self.r
        gettype = c.FPDFPageObj_GetType
        getmatrix = c.FPDFPageObj_GetMatrix
        countmarks = c.FPDFPageObj_CountMarks
        m, mref = r.m, r.mref
        TEXT, IMAGE, PATH = c.FPDF_PAGEOBJ_TEXT, c.FPDF_PAGEOBJ_IMAGE, c.FPDF_PAGEOBJ_PATH
        SHADING, FORM = c.FPDF_PAGEOBJ_SHADING, c.FPDF_PAGEOBJ_FORM
        for obj in objects:
            self.budget -= 1
            if self.budget < 0:
                return  # a page of hundreds of thousands of objects: stop, as pdf_layout does
            kind = gettype(obj)
            if kind == TEXT:
                if not getmatrix(obj, mref):
                    continue
                local = (m.a, m.b, m.c, m.d, m.e, m.f)
                self._text(obj, multiply(local, to_display), sink, to_display)
                continue
            if kind == IMAGE:  # pictures count whatever their marked content
                if not getmatrix(obj, mref):
                    continue
                full = multiply((m.a, m.b, m.c, m.d, m.e, m.f), to_display)
                obj_clips = self._clips(obj, to_display, clips)
                sink.images.append(ImageBox(apply_all(full, _UNIT_SQUARE), list(obj_clips),
                                            "raster"))
                continue
            own_deco = deco or (countmarks(obj) > 0 and self._is_decoration(obj))
            if kind == PATH:
                self._path(obj, to_display, clips, own_deco, sink)
            elif kind == SHADING:
                box = clips_bbox(self._clips(obj, to_display, clips))
                if box is not None:
                    sink.paints.append(r.layout.Paint(box, True, True, own_deco))
            elif kind == FORM:
                self._form(obj, to_display, clips, own_deco, sink, depth)

    def _text(self, obj: Any, full: Matrix, sink: _Sink, to_display: Matrix) -> None:
        c, r = self.c, self.r
        x, y = full[4], full[5]
        sink.texts.append((x, y))
        n = c.FPDFTextObj_GetText(obj, self.textpage, r.wbuf, _BUF_CHARS * 2)
        if n <= 2:
            return
        if n > _BUF_CHARS * 2:
            big = (ctypes.c_ushort * (n // 2 + 1))()
            n = c.FPDFTextObj_GetText(obj, self.textpage, big, n)
            raw = ctypes.string_at(big, n - 2)
        else:
            raw = ctypes.string_at(r.wbuf, n - 2)
        text = raw.decode("utf-16-le", errors="replace")
        if "\r" in text or "\x02" in text:
            # PDFium writes a line-end hyphen as U+0002 and line breaks as CR LF
            text = text.replace("\x02", "-").replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            return
        c.FPDFTextObj_GetFontSize(obj, r.fref[0])
        scale = math.hypot(full[2], full[3]) or 1.0
        size = float(r.f[0].value) * scale
        bold = r.is_bold(c.FPDFTextObj_GetFont(obj))
        _Run = r.run_type
        parts = text.split("\n")
        width = None
        if len(parts) == 1:
            # The drawn width, so that the gap to the next run tells a space from kerning
            # (large, letter-spaced titles come as one object per few letters).
            box = self._bounds(obj, to_display)
            if box is not None and box[2] > box[0]:
                width = box[2] - box[0]
        for i, part in enumerate(parts):
            if part.strip():
                self.runs.append(_Run(part, x, y + i * size * 1.2, size, bold,
                                      width if width is not None else len(part) * size * 0.5,
                                      width is not None))

    def _bounds(self, obj: Any, to_display: Matrix) -> BBox | None:
        """The object's bounding box (PDFium's, in its parent's space) in display space."""
        r = self.r
        if not self.c.FPDFPageObj_GetBounds(obj, *r.fref):
            return None
        left, bottom, right, top = (v.value for v in r.f)
        return bbox(apply_all(to_display, rect_polygon(left, bottom, right, top)))

    def _path(self, obj: Any, to_display: Matrix, clips: tuple[Polygon, ...], deco: bool,
              sink: _Sink) -> None:
        c, r = self.c, self.r
        if not c.FPDFPath_GetDrawMode(obj, *r.iref):
            return
        fill_mode, stroke = r.i[0].value, r.i[1].value
        filled = fill_mode != 0 and not self._white(c.FPDFPageObj_GetFillColor, obj)
        stroked = bool(stroke) and not self._white(c.FPDFPageObj_GetStrokeColor, obj)
        if not (filled or stroked):
            return  # "n", or white on a white page
        box = self._path_box(obj, to_display, stroked)
        if box is None:
            return
        obj_clips = self._clips(obj, to_display, clips)
        box = intersect_bbox(box, clips_bbox(obj_clips))
        if box is None:
            return
        fill_only = filled and not stroked
        rect_like = False
        area = (box[2] - box[0]) * (box[3] - box[1])
        if fill_only or area >= 0.85 * self.width * self.height:
            rect_like = self._rect_like(obj, to_display)
        sink.paints.append(r.layout.Paint(box, fill_only, rect_like, deco))

    def _path_box(self, obj: Any, to_display: Matrix, stroked: bool) -> BBox | None:
        """Bounding box of the path's points in display space, grown by half the line width
        when stroked (pdf_layout's rule); PDFium's own bounds for very long paths."""
        c, r = self.c, self.r
        n = c.FPDFPath_CountSegments(obj)
        if n <= 0 or n > MAX_SEGMENTS or not c.FPDFPageObj_GetMatrix(obj, r.mref):
            return self._bounds(obj, to_display)
        m = r.m
        full = multiply((m.a, m.b, m.c, m.d, m.e, m.f), to_display)
        a, b, cc, d, e, f = full
        getseg, getpoint = c.FPDFPath_GetPathSegment, c.FPDFPathSegment_GetPoint
        fx, fy = r.fref[0], r.fref[1]
        vx, vy = r.f[0], r.f[1]
        xs: list[float] = []
        ys: list[float] = []
        for j in range(n):
            seg = getseg(obj, j)
            if seg and getpoint(seg, fx, fy):
                x, y = vx.value, vy.value
                xs.append(a * x + cc * y + e)
                ys.append(b * x + d * y + f)
        if not xs:
            return None
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        if stroked and c.FPDFPageObj_GetStrokeWidth(obj, fx):
            grow = abs(vx.value) * abs(a * d - b * cc) ** 0.5 / 2.0
            x0, y0, x1, y1 = x0 - grow, y0 - grow, x1 + grow, y1 + grow
        return x0, y0, x1, y1

    def _white(self, getter: Callable, obj: Any) -> bool:
        r = self.r
        if not getter(obj, *r.uref):
            return False  # a pattern: not white
        return r.u[0].value == 255 and r.u[1].value == 255 and r.u[2].value == 255

    def _rect_like(self, obj: Any, to_display: Matrix) -> bool:
        """A path with no curves whose points are the corners of an axis-aligned rectangle."""
        c, r = self.c, self.r
        n = c.FPDFPath_CountSegments(obj)
        if n < 4 or n > 6:
            return False
        if not c.FPDFPageObj_GetMatrix(obj, r.mref):
            return False
        m = r.m
        full = multiply((m.a, m.b, m.c, m.d, m.e, m.f), to_display)
        pts = []
        for j in range(n):
            seg = c.FPDFPath_GetPathSegment(obj, j)
            if not seg or c.FPDFPathSegment_GetType(seg) == c.FPDF_SEGMENT_BEZIERTO:
                return False
            if not c.FPDFPathSegment_GetPoint(seg, r.fref[0], r.fref[1]):
                return False
            pts.append(apply(full, r.f[0].value, r.f[1].value))
        distinct = {(round(x, 2), round(y, 2)) for x, y in pts}
        if len(distinct) != 4:
            return False
        return len({x for x, _ in distinct}) == 2 and len({y for _, y in distinct}) == 2

    def _clips(self, obj: Any, to_display: Matrix,
               inherited: tuple[Polygon, ...]) -> tuple[Polygon, ...]:
        """The clips in force for ``obj``: its own clip paths (in its parent's space) after
        those of the enclosing forms."""
        c, r = self.c, self.r
        clip = c.FPDFPageObj_GetClipPath(obj)
        if not clip:
            return inherited
        npaths = c.FPDFClipPath_CountPaths(clip)
        if npaths <= 0:
            return inherited
        out = inherited
        fx, fy = r.fref[0], r.fref[1]
        for i in range(npaths):
            nseg = c.FPDFClipPath_CountPathSegments(clip, i)
            if nseg <= 0:
                continue  # a text clip: PDFium gives no path for it
            pts: list[Point] = []
            lines_only = True
            for j in range(nseg):
                seg = c.FPDFClipPath_GetPathSegment(clip, i, j)
                if not seg or not c.FPDFPathSegment_GetPoint(seg, fx, fy):
                    continue
                if c.FPDFPathSegment_GetType(seg) == c.FPDF_SEGMENT_BEZIERTO:
                    lines_only = False
                pts.append(apply(to_display, r.f[0].value, r.f[1].value))
            if not pts:
                continue
            distinct = list(dict.fromkeys((round(x, 4), round(y, 4)) for x, y in pts))
            if lines_only and len(distinct) == 4:
                poly = [(x, y) for x, y in distinct]  # a rectangle, possibly rotated
            else:
                b = bbox(pts)
                poly = rect_polygon(*b)
            out = add_clip(out, poly)
        return out

    def _is_decoration(self, obj: Any) -> bool:
        """Inside ``/Artifact`` marked content with a type (a tagged PDF's page furniture)."""
        c, r = self.c, self.r
        for k in range(c.FPDFPageObj_CountMarks(obj)):
            mark = c.FPDFPageObj_GetMark(obj, k)
            if not mark:
                continue
            if not c.FPDFPageObjMark_GetName(mark, r.wbuf, _BUF_CHARS * 2, ctypes.byref(r.ul)):
                continue
            size = r.ul.value
            name = ctypes.string_at(r.wbuf, max(min(size, _BUF_CHARS * 2) - 2, 0)).decode(
                "utf-16-le", errors="replace")
            if name != "Artifact":
                continue
            for key in (b"Type", b"Subtype"):
                if c.FPDFPageObjMark_GetParamValueType(mark, key) == c.FPDF_OBJECT_NAME:
                    return True
        return False

    def _form(self, obj: Any, to_display: Matrix, clips: tuple[Polygon, ...], deco: bool,
              sink: _Sink, depth: int) -> None:
        c, r = self.c, self.r
        if depth + 1 > MAX_DEPTH:
            return
        if not c.FPDFPageObj_GetMatrix(obj, r.mref):
            return
        m = r.m
        local = (m.a, m.b, m.c, m.d, m.e, m.f)
        inner = multiply(local, to_display)  # the form's contents → display
        outer_clips = self._clips(obj, to_display, clips)
        count = c.FPDFFormObj_CountObjects(obj)
        if count <= 0:
            return
        get = c.FPDFFormObj_GetObject
        children = [get(obj, i) for i in range(count)]
        sub = _Sink()
        self._walk(children, inner, outer_clips, deco, sub, depth + 1)
        sink.texts.extend(sub.texts)
        layout = r.layout
        if not (layout.labels_only(sub.texts) and not sub.images and (sub.paints or sub.forms)):
            sink.images.extend(sub.images)
            sink.forms.extend(sub.forms)
            sink.paints.extend(sub.paints)
            return
        # an included vector figure: one picture, by its /BBox (see pdf_layout._Walker._form)
        drawn = [p.box for p in sub.paints if not p.decoration]
        drawn += [visible_bbox(f) for f, _ in sub.forms]
        drawn = [b for b in drawn if b is not None]
        if not drawn:
            return
        extent = (min(b[0] for b in drawn), min(b[1] for b in drawn),
                  max(b[2] for b in drawn), max(b[3] for b in drawn))
        if min(extent[2] - extent[0], extent[3] - extent[1]) < layout.THIN:
            return
        form_box = self._form_bbox(obj, children)
        if form_box is not None:
            poly = apply_all(inner, rect_polygon(*form_box))
            picture = ImageBox(poly, list(outer_clips), "form")
        else:
            picture = ImageBox(rect_polygon(*extent), list(outer_clips), "form")
        single = sub.paints[0] if len(sub.paints) == 1 and not sub.forms else None
        summary = layout.Paint(
            extent,
            single is not None and single.fill_only,
            single is not None and single.rect_like,
            deco or all(p.decoration for p in sub.paints) and not sub.forms,
        )
        sink.forms.append((picture, summary))

    def _form_bbox(self, obj: Any, children: list[Any]) -> BBox | None:
        """The form's /BBox in its contents' space: the smallest of the page's form boxes
        that holds everything the form draws (PDFium does not expose the dictionary)."""
        c, r = self.c, self.r
        drawn: list[BBox] = []
        for child in children:
            if c.FPDFPageObj_GetBounds(child, *r.fref):
                drawn.append(tuple(v.value for v in r.f))
        if not drawn:
            return None
        x0 = min(b[0] for b in drawn)
        y0 = min(b[1] for b in drawn)
        x1 = max(b[2] for b in drawn)
        y1 = max(b[3] for b in drawn)
        if self._form_boxes is None:
            self._form_boxes = r.form_bboxes(self.index)
        tol = 2.0
        candidates = [b for b in self._form_boxes
                      if b[0] - tol <= x0 and b[1] - tol <= y0 and x1 <= b[2] + tol
                      and y1 <= b[3] + tol]
        if not candidates:
            return None
        return min(candidates, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))


__all__ = ["parse_pdf"]
