"""Where the pictures are on a PDF page, for ANX004 ("images cover at most 1/3 of a page").

Why we walk the content stream ourselves: pypdf's image helpers list the images a page
*uses*, not where or how large they are drawn, nor how they are cropped. Measuring the share
needs the drawing geometry: the current transformation matrix (CTM) at each ``Do``, the
clipping path in force (editors crop a picture by drawing it whole inside a clipping
rectangle), Form XObjects (``\\includegraphics`` of a PDF, ``\\includepdf``) and vector
drawings.

Everything is returned in *display space*: origin at the top-left corner of the visible page
(CropBox, falling back to MediaBox) after the page's ``/Rotate``, x to the right, y
downwards, in points -- the space of ``report_lint.document``.

What counts (see ``analyse_page`` for the details of the vector heuristic):

* raster images drawn with ``Do`` (kind ``raster``) and inline images (kind ``inline``):
  the unit square mapped by the CTM, with the clips in force;
* a Form XObject with no images and no more text than a chart's labels (an included
  vector PDF figure): one
  picture, by its ``/BBox`` (kind ``form``);
  any other form is walked into and its pictures counted one by one;
* vector figures (kind ``vector``): visible painted paths, minus table rules, underlines,
  text highlights / cell shading, white fills, page backgrounds and header/footer bands,
  grouped when they touch; each group counts by its bounding box.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from report_lint.document import ImageBox
from report_lint.geometry import (
    BBox,
    add_clip,
    clips_bbox,
    intersect_bbox,
    visible_bbox,
    IDENTITY,
    Matrix,
    Point,
    Polygon,
    apply,
    apply_all,
    bbox,
    covered_share,
    multiply,
    rect_polygon,
    translate,
)

if TYPE_CHECKING:  # pypdf is imported where a pypdf page is walked (see _Walker)
    from pypdf.generic import DictionaryObject, StreamObject

__all__ = [
    "LayoutError",
    "PageLayout",
    "analyse_page",
    "page_display_box",
    "page_picture_share",
    "page_pictures",
    "Paint",
    "labels_only",
    "select_pictures",
]

# --- heuristic thresholds (points unless stated) -------------------------------------------
# An included PDF with at most this much text is a figure with labels, not a text page.
FIGURE_MAX_TEXTS = 60
FIGURE_MAX_LINES = 15
THIN = 3.0  # narrower than this: a rule, an underline, a cell border
GROUP_GAP = 4.0  # painted paths this close belong to the same figure
BAND_SHARE = 0.10  # header/footer decoration zone: top and bottom 10 % of the page
BAND_ASPECT = 3.0  # a band is at least this many times wider than high
BACKGROUND_SHARE = 0.90  # a rectangle covering this much of the page is a background
MAX_DEPTH_CAP = 64  # forms nest by recursion: stay far from Python's recursion limit

_UNIT_SQUARE: Polygon = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
_PATH_PAINT_FILL = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
_PATH_PAINT_STROKE = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
_PATH_END = _PATH_PAINT_FILL | _PATH_PAINT_STROKE | {b"n"}
_TEXT_SHOW = {b"Tj", b"TJ", b"'", b'"'}
_DECORATION_TYPES = {"/Pagination", "/Background", "/Layout"}
_DECORATION_SUBTYPES = {"/Header", "/Footer", "/Watermark"}



class LayoutError(Exception):
    """The page's content stream cannot be read (pypdf's own error is the ``__cause__``)."""


@dataclass
class PageLayout:
    """What ``analyse_page`` found on one page (all in display space)."""

    width: float
    height: float
    pictures: list[ImageBox] = field(default_factory=list)
    # Origins of text-showing operators (where each Tj/TJ/'/" starts); text not decoded.
    text_points: list[Point] = field(default_factory=list)
    truncated: bool = False  # work limits (max_ops / max_depth) were reached
    problems: list[str] = field(default_factory=list)  # unreadable forms that were skipped

    @property
    def share(self) -> float:
        return covered_share(self.pictures, self.width, self.height)


def page_display_box(page: Any) -> tuple[float, float, Matrix]:
    """Return ``(width, height, matrix)`` of the page as displayed.

    ``matrix`` maps *default user space* -- the coordinates a content stream uses before
    any ``cm``, i.e. the raw numbers of ``/MediaBox`` and ``/CropBox`` -- into display space:
    it subtracts the CropBox origin, flips y downwards and applies ``/Rotate`` (clockwise,
    0/90/180/270; other values are rounded to a quarter turn). ``width``/``height`` are the
    displayed size, so they are swapped for 90 and 270. The visible box is the CropBox
    intersected with the MediaBox (pypdf already falls back to the MediaBox).
    """
    media = _norm_box(page.mediabox)
    crop = _norm_box(page.cropbox)
    x0, y0 = max(media[0], crop[0]), max(media[1], crop[1])
    x1, y1 = min(media[2], crop[2]), min(media[3], crop[3])
    if x1 <= x0 or y1 <= y0:
        x0, y0, x1, y1 = media
    w, h = x1 - x0, y1 - y0
    try:
        rot = int(round(float(page.rotation) / 90.0)) * 90 % 360
    except (TypeError, ValueError):
        rot = 0
    if rot == 90:
        to_display: Matrix = (0.0, 1.0, 1.0, 0.0, 0.0, 0.0)
        dw, dh = h, w
    elif rot == 180:
        to_display = (-1.0, 0.0, 0.0, 1.0, w, 0.0)
        dw, dh = w, h
    elif rot == 270:
        to_display = (0.0, -1.0, -1.0, 0.0, h, w)
        dw, dh = h, w
    else:
        to_display = (1.0, 0.0, 0.0, -1.0, 0.0, h)
        dw, dh = w, h
    return dw, dh, multiply(translate(-x0, -y0), to_display)


def page_pictures(page: Any, *, max_ops: int = 2_000_000, max_depth: int = 12) -> list[ImageBox]:
    """Pictures drawn on ``page`` (raster, inline, included vector forms, vector figures).

    Raises ``LayoutError`` only when the page's own content stream cannot be read.
    """
    return analyse_page(page, max_ops=max_ops, max_depth=max_depth).pictures


def page_picture_share(page: Any, **limits: int) -> float:
    """Share (0..1) of the displayed page covered by its pictures (ANX004's measure)."""
    return analyse_page(page, **limits).share


def analyse_page(page: Any, *, max_ops: int = 2_000_000, max_depth: int = 12) -> PageLayout:
    """Walk the page content and return its pictures plus the text origins.

    The vector heuristic, applied to every painted path (fill/stroke; ``n`` paints nothing):
    its bounding box in display space (grown by half the line width for strokes, narrowed
    by the bounding boxes of the clips in force) is dropped when it is

    * invisible: white fill (``1 g``, ``1 1 1 rg``, ``0 0 0 0 k``) on what we assume is a
      white page, or white stroke;
    * thin: under ``THIN`` points in one dimension (table rules, underlines, borders);
    * a filled, unstroked rectangle containing the origin of some text (highlights, cell
      shading, coloured banners; a diagram block is usually filled *and* stroked, so kept);
    * a rectangle covering ``BACKGROUND_SHARE`` of the page (page background);
    * a header/footer band: entirely in the top or bottom ``BAND_SHARE`` of the page and
      ``BAND_ASPECT`` times wider than high; or marked as a pagination/background artifact
      in a tagged PDF.

    The rest are merged while their boxes come within ``GROUP_GAP`` of each other; each
    group is one ``vector`` picture. Pictures are listed in drawing order of kind: raster
    and inline images, forms, then vector groups.
    """
    width, height, to_display = page_display_box(page)
    layout = PageLayout(width=width, height=height)
    pdf = getattr(page, "pdf", None)
    try:
        contents = page.get_contents()
        ops = contents.operations if contents is not None else []
    except Exception as exc:  # pypdf raises many types for broken streams
        raise LayoutError(f"unreadable page content: {exc}") from exc

    walker = _Walker(pdf, max_ops=max_ops, max_depth=min(max_depth, MAX_DEPTH_CAP))
    sink = _Sink()
    state = _GState(ctm=to_display, clips=())
    walker.run(ops, _resources(page.get("/Resources")), state, sink, depth=0, forms=(), decoration=False)

    layout.truncated = walker.truncated
    layout.problems = walker.problems
    layout.text_points = sink.texts
    keep = _Filter(sink.texts, width, height)
    layout.pictures = list(sink.images)
    layout.pictures += [box for box, summary in sink.forms if keep(summary) is not None]
    boxes = [b for b in map(keep, sink.paints) if b is not None]
    layout.pictures += [ImageBox(rect_polygon(*b), [], "vector") for b in _group(boxes, GROUP_GAP)]
    return layout


# --- internals -----------------------------------------------------------------------------


@dataclass
class _GState:
    ctm: Matrix
    clips: tuple[Polygon, ...]
    fill_white: bool = False
    stroke_white: bool = False
    line_width: float = 1.0


@dataclass
class _Paint:
    box: BBox  # visible bounding box in display space
    fill_only: bool  # filled and not stroked: how highlights and cell shading are drawn
    rect_like: bool
    decoration: bool


@dataclass
class _Sink:
    images: list[ImageBox] = field(default_factory=list)
    # included vector figures, each with a summary of what it paints for the filter
    forms: list[tuple[ImageBox, _Paint]] = field(default_factory=list)
    paints: list[_Paint] = field(default_factory=list)
    texts: list[Point] = field(default_factory=list)


class _Walker:
    """Interprets the operators that matter for geometry; everything else is skipped."""

    def __init__(self, pdf: Any, *, max_ops: int, max_depth: int) -> None:
        self.pdf = pdf
        self.ops_left = max_ops
        self.max_depth = max_depth
        self.truncated = False
        self.problems: list[str] = []
        self._parsed: dict[Any, list[tuple[Any, bytes]]] = {}  # a form drawn many times

    def run(
        self,
        ops: list[tuple[Any, bytes]],
        resources: DictionaryObject,
        gs: _GState,
        sink: _Sink,
        *,
        depth: int,
        forms: tuple[Any, ...],
        decoration: bool,
    ) -> None:
        stack: list[_GState] = []
        marks: list[bool] = []  # marked-content stack: is this sequence a decoration?
        deco = decoration
        # current path, in display space
        pts: list[Point] = []
        rects: list[Polygon] = []
        curves = False
        clip_pending = False
        # text state
        tm = tlm = IDENTITY
        leading = 0.0

        for operands, op in ops:
            self.ops_left -= 1
            if self.ops_left < 0:
                self.truncated = True
                return
            try:
                # path construction (the hot path)
                if op == b"l" or op == b"m":
                    pts.append(apply(gs.ctm, float(operands[0]), float(operands[1])))
                elif op == b"re":
                    x, y, w, h = (float(v) for v in operands[:4])
                    poly = apply_all(gs.ctm, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
                    rects.append(poly)
                    pts.extend(poly)
                elif op == b"c":
                    curves = True
                    for k in (0, 2, 4):
                        pts.append(apply(gs.ctm, float(operands[k]), float(operands[k + 1])))
                elif op == b"v" or op == b"y":
                    curves = True
                    for k in (0, 2):
                        pts.append(apply(gs.ctm, float(operands[k]), float(operands[k + 1])))
                elif op == b"h":
                    pass
                elif op in _PATH_END:
                    if op != b"n" and pts:
                        self._paint(op, pts, rects, curves, gs, sink, deco)
                    if clip_pending and pts:
                        clip = rects[0] if (len(rects) == 1 and len(pts) == 4) else None
                        if clip is None:
                            b = bbox(pts)
                            clip = rect_polygon(*b)
                        gs.clips = add_clip(gs.clips, clip)
                    pts, rects, curves, clip_pending = [], [], False, False
                elif op == b"W" or op == b"W*":
                    clip_pending = True
                # graphics state
                elif op == b"q":
                    if len(stack) < 10_000:
                        stack.append(_GState(gs.ctm, gs.clips, gs.fill_white, gs.stroke_white, gs.line_width))
                elif op == b"Q":
                    if stack:
                        gs = stack.pop()
                elif op == b"cm":
                    gs.ctm = multiply(tuple(float(v) for v in operands[:6]), gs.ctm)
                elif op == b"w":
                    gs.line_width = abs(float(operands[0]))
                # colours: only "is it white?" matters
                elif op in (b"g", b"rg", b"k", b"sc", b"scn", b"cs"):
                    gs.fill_white = _is_white(op, operands)
                elif op in (b"G", b"RG", b"K", b"SC", b"SCN", b"CS"):
                    gs.stroke_white = _is_white(op.lower(), operands)
                # XObjects and inline images
                elif op == b"Do":
                    self._do(operands[0], resources, gs, sink, depth, forms, deco)
                elif op == b"INLINE IMAGE":
                    sink.images.append(ImageBox(apply_all(gs.ctm, _UNIT_SQUARE), list(gs.clips), "inline"))
                elif op == b"sh":
                    b = clips_bbox(gs.clips)
                    if b is not None:
                        sink.paints.append(_Paint(b, True, True, deco))
                # text: record where each showing operator starts
                elif op == b"BT":
                    tm = tlm = IDENTITY
                elif op == b"Tm":
                    tm = tlm = tuple(float(v) for v in operands[:6])
                elif op == b"Td" or op == b"TD":
                    tx, ty = float(operands[0]), float(operands[1])
                    if op == b"TD":
                        leading = -ty
                    tm = tlm = multiply(translate(tx, ty), tlm)
                elif op == b"TL":
                    leading = float(operands[0])
                elif op == b"T*":
                    tm = tlm = multiply(translate(0.0, -leading), tlm)
                elif op in _TEXT_SHOW:
                    if op != b"Tj" and op != b"TJ":
                        tm = tlm = multiply(translate(0.0, -leading), tlm)
                    sink.texts.append(apply(multiply(tm, gs.ctm), 0.0, 0.0))
                # marked content: tagged PDFs mark headers/footers as pagination artifacts
                elif op == b"BMC":
                    marks.append(deco)
                elif op == b"BDC":
                    marks.append(deco)
                    deco = deco or _is_decoration(operands, resources)
                elif op == b"EMC":
                    deco = marks.pop() if marks else decoration
            except (TypeError, ValueError, IndexError, KeyError, AttributeError, ArithmeticError):
                continue  # malformed operands: skip the operator

    def _paint(
        self,
        op: bytes,
        pts: list[Point],
        rects: list[Polygon],
        curves: bool,
        gs: _GState,
        sink: _Sink,
        deco: bool,
    ) -> None:
        filled = op in _PATH_PAINT_FILL and not gs.fill_white
        stroked = op in _PATH_PAINT_STROKE and not gs.stroke_white
        if not (filled or stroked):
            return  # white on a white page
        x0, y0, x1, y1 = bbox(pts)
        if stroked:
            a, b, c, d = gs.ctm[:4]
            grow = gs.line_width * abs(a * d - b * c) ** 0.5 / 2.0
            x0, y0, x1, y1 = x0 - grow, y0 - grow, x1 + grow, y1 + grow
        box = intersect_bbox((x0, y0, x1, y1), clips_bbox(gs.clips))
        if box is None:
            return
        rect_like = not curves and _axis_aligned_rect(pts)
        sink.paints.append(_Paint(box, filled and not stroked, rect_like, deco))

    def _do(
        self,
        name: Any,
        resources: DictionaryObject,
        gs: _GState,
        sink: _Sink,
        depth: int,
        forms: tuple[Any, ...],
        deco: bool,
    ) -> None:
        from pypdf.generic import DictionaryObject, StreamObject

        xobjects = _resolve(resources.get("/XObject"))
        if not isinstance(xobjects, DictionaryObject):
            return
        ref = xobjects.get(name)
        xobj = _resolve(ref)
        if not isinstance(xobj, StreamObject):
            return
        subtype = xobj.get("/Subtype")
        if subtype == "/Image":
            sink.images.append(ImageBox(apply_all(gs.ctm, _UNIT_SQUARE), list(gs.clips), "raster"))
        elif subtype == "/Form":
            self._form(ref, xobj, resources, gs, sink, depth, forms, deco)

    def _form(
        self,
        ref: Any,
        xobj: StreamObject,
        resources: DictionaryObject,
        gs: _GState,
        sink: _Sink,
        depth: int,
        forms: tuple[Any, ...],
        deco: bool,
    ) -> None:
        from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

        key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else id(xobj)
        if key in forms:
            return  # a form that draws itself (directly or not)
        if depth + 1 > self.max_depth:
            self.truncated = True
            return
        matrix = _matrix(_resolve(xobj.get("/Matrix")))
        ctm = multiply(matrix, gs.ctm)
        fbox = _rect(_resolve(xobj.get("/BBox")))
        clips = gs.clips
        bbox_poly: Polygon | None = None
        if fbox is not None:
            bbox_poly = apply_all(ctm, rect_polygon(*fbox))
            clips = add_clip(clips, bbox_poly)
        own = _resolve(xobj.get("/Resources"))
        fres = own if isinstance(own, DictionaryObject) else resources
        ops = self._parsed.get(key)
        if ops is None:
            try:
                ops = ContentStream(xobj, self.pdf).operations
            except Exception as exc:  # noqa: BLE001 - any pypdf failure: skip this form
                self.problems.append(f"unreadable form XObject {key}: {exc}")
                return
            self._parsed[key] = ops
        sub = _Sink()
        sub_gs = _GState(ctm, clips, gs.fill_white, gs.stroke_white, gs.line_width)
        self.run(ops, fres, sub_gs, sub, depth=depth + 1, forms=forms + (key,), decoration=deco)
        sink.texts.extend(sub.texts)
        if _labels_only(sub.texts) and not sub.images and (sub.paints or sub.forms):
            # an included vector figure (a chart may carry a few labels): one picture, its
            # BBox
            drawn = [p.box for p in sub.paints if not p.decoration]
            drawn += [visible_bbox(f) for f, _ in sub.forms]
            drawn = [b for b in drawn if b is not None]
            if not drawn:
                return
            extent = (
                min(b[0] for b in drawn),
                min(b[1] for b in drawn),
                max(b[2] for b in drawn),
                max(b[3] for b in drawn),
            )
            if min(extent[2] - extent[0], extent[3] - extent[1]) < THIN:
                return
            # rules.md: an included PDF figure counts by its bounding box (its own white
            # margins included: nothing else can stand there); without a /BBox, by what it
            # paints.
            if bbox_poly is not None:
                picture = ImageBox(bbox_poly, list(gs.clips), "form")
            else:
                picture = ImageBox(rect_polygon(*extent), list(gs.clips), "form")
            # A form that paints one rectangle is judged like that rectangle (a shaded
            # band wrapped in a transparency group is still a band).
            single = sub.paints[0] if len(sub.paints) == 1 and not sub.forms else None
            summary = _Paint(
                extent,
                fill_only=single is not None and single.fill_only,
                rect_like=single is not None and single.rect_like,
                decoration=deco or all(p.decoration for p in sub.paints) and not sub.forms,
            )
            sink.forms.append((picture, summary))
        else:
            sink.images.extend(sub.images)
            sink.forms.extend(sub.forms)
            sink.paints.extend(sub.paints)


def _labels_only(texts: list[Point]) -> bool:
    """No text, or a few labels on few lines (a chart's axes), not a page of text."""
    return len(texts) <= FIGURE_MAX_TEXTS and len({round(y) for _, y in texts}) <= FIGURE_MAX_LINES


class _Filter:
    """The vector heuristic of ``analyse_page``: the visible box of a paint worth keeping."""

    def __init__(self, texts: list[Point], width: float, height: float) -> None:
        self.texts = sorted(texts, key=lambda p: p[1])
        self.ys = [p[1] for p in self.texts]
        self.width, self.height = width, height

    def __call__(self, p: _Paint) -> BBox | None:
        box = intersect_bbox(p.box, (0.0, 0.0, self.width, self.height))
        if box is None or p.decoration or not all(map(math.isfinite, box)):
            return None
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        if min(w, h) < THIN:
            return None  # rules, underlines, borders
        if p.rect_like and w * h >= BACKGROUND_SHARE * self.width * self.height:
            return None  # page background
        band = y1 <= BAND_SHARE * self.height or y0 >= (1 - BAND_SHARE) * self.height
        if band and w >= BAND_ASPECT * h:
            return None  # header/footer decoration
        if p.fill_only and p.rect_like and _contains_text(box, self.texts, self.ys):
            return None  # highlight, cell shading
        return box


def _group(boxes: list[BBox], gap: float, cell: float = 64.0) -> list[BBox]:
    """Merge boxes that come within ``gap`` of each other (or of a merged group's box).

    A grid of ``cell``-point squares indexes the groups so that a chart made of thousands of
    paths, or a page of thousands of separate dots, stays linear rather than quadratic.
    """
    groups: dict[int, list[float]] = {}
    grid: dict[tuple[int, int], list[int]] = {}

    def span(b: list[float], pad: float) -> tuple[int, int, int, int]:
        return (
            int((b[0] - pad) // cell),
            int((b[1] - pad) // cell),
            int((b[2] + pad) // cell),
            int((b[3] + pad) // cell),
        )

    def near(g: list[float], b: list[float]) -> bool:
        return g[0] <= b[2] + gap and b[0] <= g[2] + gap and g[1] <= b[3] + gap and b[1] <= g[3] + gap

    for n, box in enumerate(boxes):
        cur = list(box)
        gid: int | None = None
        old: tuple[int, int, int, int] | None = None
        while True:
            hits: list[int] = []
            i0, j0, i1, j1 = span(cur, gap)
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    ids = grid.get((i, j))
                    if not ids:
                        continue
                    alive = [g for g in ids if g in groups]
                    if len(alive) != len(ids):
                        grid[(i, j)] = alive
                    hits.extend(g for g in alive if g != gid and g not in hits and near(groups[g], cur))
            if not hits:
                break
            if gid is None:
                gid = hits.pop(0)
                old = span(groups[gid], 0.0)
                hits.insert(0, gid)
            for g in hits:
                b = groups[g] if g == gid else groups.pop(g)
                cur = [min(cur[0], b[0]), min(cur[1], b[1]), max(cur[2], b[2]), max(cur[3], b[3])]
            groups[gid] = cur
        if gid is None:
            gid = n
            groups[gid] = cur
        i0, j0, i1, j1 = span(cur, 0.0)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                if old and old[0] <= i <= old[2] and old[1] <= j <= old[3]:
                    continue  # already registered there
                grid.setdefault((i, j), []).append(gid)
    return [tuple(g) for g in groups.values()]


def _contains_text(box: BBox, texts_by_y: list[Point], ys: list[float]) -> bool:
    x0, y0, x1, y1 = box
    lo, hi = bisect_left(ys, y0 - 1.0), bisect_right(ys, y1 + 1.0)
    return any(x0 - 1.0 <= texts_by_y[i][0] <= x1 + 1.0 for i in range(lo, hi))


def _axis_aligned_rect(pts: list[Point]) -> bool:
    """Is the path (without curves) an axis-aligned rectangle in display space?"""
    distinct = {(round(x, 2), round(y, 2)) for x, y in pts}
    if len(distinct) != 4:
        return False
    xs = sorted({x for x, _ in distinct})
    ys = sorted({y for _, y in distinct})
    return len(xs) == 2 and len(ys) == 2










def _is_white(op: bytes, operands: list[Any]) -> bool:
    """Does this colour operator (lower-case form) set white? Patterns and spaces: no."""
    if op == b"cs":
        return False
    try:
        values = [float(v) for v in operands]
    except (TypeError, ValueError):
        return False  # a pattern name among the operands
    if op == b"k" or (op in (b"sc", b"scn") and len(values) == 4):
        return len(values) == 4 and all(v <= 0.001 for v in values)
    if op in (b"g", b"rg", b"sc", b"scn"):
        return len(values) in (1, 3) and all(v >= 0.999 for v in values)
    return False


def _is_decoration(operands: list[Any], resources: DictionaryObject) -> bool:
    if not operands or operands[0] != "/Artifact" or len(operands) < 2:
        return False
    from pypdf.generic import DictionaryObject

    props = _resolve(operands[1])
    if not isinstance(props, DictionaryObject):
        named = _resolve(resources.get("/Properties"))
        props = _resolve(named.get(props)) if isinstance(named, DictionaryObject) else None
    if not isinstance(props, DictionaryObject):
        return False
    return props.get("/Type") in _DECORATION_TYPES or props.get("/Subtype") in _DECORATION_SUBTYPES


def _resources(obj: Any) -> DictionaryObject:
    from pypdf.generic import DictionaryObject

    obj = _resolve(obj)
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


def _resolve(obj: Any) -> Any:
    try:
        return obj.get_object() if obj is not None else None
    except Exception:  # noqa: BLE001 - a dangling reference is just missing
        return None


def _matrix(obj: Any) -> Matrix:
    from pypdf.generic import ArrayObject

    try:
        if isinstance(obj, ArrayObject) and len(obj) == 6:
            return tuple(float(_resolve(v)) for v in obj)
    except (TypeError, ValueError):
        pass
    return IDENTITY


def _rect(obj: Any) -> BBox | None:
    from pypdf.generic import ArrayObject

    try:
        if isinstance(obj, ArrayObject) and len(obj) == 4:
            x0, y0, x1, y1 = (float(_resolve(v)) for v in obj)
            return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    except (TypeError, ValueError):
        pass
    return None


def _norm_box(box: Any) -> BBox:
    x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


# --- shared with the other PDF backend (report_lint.parsers.pdf_pdfium) ----------------------
# A reader that walks the page objects itself hands what it saw to the same heuristic.

#: One painted path (or shading, or included figure's summary) as ``analyse_page`` records it:
#: ``Paint(box, fill_only, rect_like, decoration)``, box in display space.
Paint = _Paint


def labels_only(texts: list[Point]) -> bool:
    """Does a form show no more text than a figure's labels? (``analyse_page``'s test)."""
    return _labels_only(texts)


def select_pictures(
    images: list[ImageBox],
    forms: list[tuple[ImageBox, _Paint]],
    paints: list[_Paint],
    texts: list[Point],
    width: float,
    height: float,
) -> list[ImageBox]:
    """The pictures of a page from what was drawn on it, exactly as ``analyse_page`` keeps
    them: every image, the included figures and the painted paths that pass the vector
    filter (thin, background, band, highlight), the paths grouped into ``vector`` pictures."""
    keep = _Filter(texts, width, height)
    pictures = list(images)
    pictures += [box for box, summary in forms if keep(summary) is not None]
    boxes = [b for b in map(keep, paints) if b is not None]
    pictures += [ImageBox(rect_polygon(*b), [], "vector") for b in _group(boxes, GROUP_GAP)]
    return pictures
