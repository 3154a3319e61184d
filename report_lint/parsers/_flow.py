"""Estimate the layout of a word-processor document when no renderer is available.

The DOCX and ODT readers turn their file into a flow of :class:`Para`, :class:`TableBlock`
and :class:`Break` items (text with its font size, weight and paragraph spacing, pictures
with their size, page breaks and page geometry); this module pours that flow into pages:
lines are wrapped with the widths of the standard fonts (Arial / Liberation Sans have
Helvetica's metrics, Times New Roman / Liberation Serif Times's), pages are filled with the
line heights LibreOffice and Word use. Hard breaks, section breaks and the breaks the editor
saved (``w:lastRenderedPageBreak``, ``text:soft-page-break``) are exact; the rest is an
estimate, which :func:`layout` can stretch to a page count the editor saved.

Positions are in points, display space (origin top-left, y down), like the PDF parser's.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from report_lint.document import Document, ImageBox, Line, OutlineEntry, Page
from report_lint.parsers.font_widths import widths

#: Height of one single-spaced line, in ems (ascent + descent of Liberation Sans / Arial,
#: what LibreOffice and Word use for "single" spacing).
LINE_EM = 1.15
TAB_WIDTH = 36.0


@dataclass
class Geometry:
    """A page of one section: size and margins, in points."""

    width: float = 595.28
    height: float = 841.89
    left: float = 72.0
    right: float = 72.0
    top: float = 72.0
    bottom: float = 72.0

    @property
    def text_width(self) -> float:
        return max(self.width - self.left - self.right, 72.0)

    @property
    def text_bottom(self) -> float:
        return self.height - self.bottom


@dataclass
class Pic:
    """A picture: inline (in the text line) or floating (anchored, placed on the page)."""

    width: float
    height: float
    floating: bool = False
    # Floating pictures: horizontal / vertical position and what it is relative to
    # (page, margin, paragraph); None = not given (then placed where the text is).
    x: float | None = None
    x_from: str = "margin"
    x_align: str | None = None  # left | center | right
    y: float | None = None
    y_from: str = "paragraph"
    y_align: str | None = None  # top | center | bottom
    wrap: str = "square"  # none (in front / behind) | square | topAndBottom | tight


@dataclass
class Para:
    text: str = ""
    size: float = 12.0
    bold: bool = False
    font: str = "sans"  # sans | serif | mono
    level: int | None = None  # heading level declared by the source (style, outline level)
    space_before: float = 0.0
    space_after: float = 0.0
    line_rule: str = "multiple"  # multiple | exact | atLeast
    line_value: float = 1.0  # a factor (multiple) or points (exact, atLeast)
    indent_left: float = 0.0
    indent_right: float = 0.0
    align: str = "left"  # left | center | right | justify
    page_break_before: bool = False
    keep_with_next: bool = False
    pics: list[Pic] = field(default_factory=list)
    # Text of text boxes anchored here: laid out where the box is, counted as text.
    boxes: list[tuple[Pic, list["Para"]]] = field(default_factory=list)


@dataclass
class TableBlock:
    rows: list[list[list[Para]]]  # row -> cell -> paragraphs
    widths: list[float] = field(default_factory=list)  # column widths in points, if known
    indent: float = 0.0


@dataclass
class Break:
    """A page boundary: ``page`` (hard break), ``rendered`` (where the editor broke the page
    when it last laid the document out), ``section`` (a new section on a new page, maybe
    with new geometry), ``geometry`` (a continuous section: same page, new geometry)."""

    kind: str
    geometry: Geometry | None = None
    parity: str | None = None  # even | odd: a section that starts on an even or odd page


Item = Para | TableBlock | Break


# --- text measure -----------------------------------------------------------------------

_AVERAGE = {"sans": 0.52, "serif": 0.47, "mono": 0.6}


def text_width(text: str, size: float, font: str = "sans", bold: bool = False) -> float:
    table = widths().get((font, bold))
    if not table:
        return len(text) * size * _AVERAGE.get(font, 0.52) * (1.05 if bold else 1.0)
    default = table.get("default", 556)
    total = 0.0
    for ch in text:
        if ch == "\t":
            total += TAB_WIDTH * 1000 / size
            continue
        width = table.get(ch)
        if width is None:
            base = unicodedata.normalize("NFKD", ch)[:1]
            width = table.get(base, default)
        total += width
    return total * size / 1000


def wrap(text: str, width: float, size: float, font: str, bold: bool) -> list[str]:
    """Greedy word wrap, as word processors do (no hyphenation)."""
    out: list[str] = []
    for raw in text.split("\n"):
        words = raw.replace("\u00a0", " ").split(" ")
        line = ""
        line_w = 0.0
        space = text_width(" ", size, font, bold)
        for word in words:
            if not word:
                continue
            w = text_width(word, size, font, bold)
            if line and line_w + space + w > width:
                out.append(line)
                line, line_w = "", 0.0
            while not line and w > width and len(word) > 1:  # a word longer than the line
                cut = max(1, int(len(word) * width / w))
                out.append(word[:cut])
                word = word[cut:]
                w = text_width(word, size, font, bold)
            line = f"{line} {word}" if line else word
            line_w = text_width(line, size, font, bold)
        out.append(line)
    return out


# --- layout -----------------------------------------------------------------------------

class _Pager:
    def __init__(self, scale: float, honour_rendered: bool, first: Geometry) -> None:
        self.scale = scale
        self.honour_rendered = honour_rendered
        self.geometry = first
        self.pages: list[Page] = []
        self.outline: list[OutlineEntry] = []
        self.y = 0.0
        self.fresh = True  # nothing placed on the current page yet
        self._new_page()

    # pages
    def _new_page(self) -> None:
        g = self.geometry
        self.pages.append(Page(number=len(self.pages) + 1, width=g.width, height=g.height))
        self.y = g.top
        self.fresh = True
        self.hard_top = True
        self.last_after = 0.0

    def new_page(self, parity: str | None = None, hard: bool = False) -> None:
        self._new_page()
        self.hard_top = hard
        number = len(self.pages)
        if parity == "even" and number % 2 == 1 or parity == "odd" and number % 2 == 0:
            self._new_page()

    def room(self) -> float:
        return self.geometry.text_bottom - self.y

    @property
    def page(self) -> Page:
        return self.pages[-1]

    # heights
    def line_height(self, p: Para) -> float:
        natural = p.size * LINE_EM
        if p.line_rule == "exact":
            return p.line_value
        if p.line_rule == "atLeast":
            return max(p.line_value, natural * self.scale)
        return natural * max(p.line_value, 0.5) * self.scale

    def lines_of(self, p: Para, width: float) -> list[str]:
        if not p.text.strip():
            return [] if p.pics else [""]
        return wrap(p.text, max(width - p.indent_left - p.indent_right, 36.0), p.size, p.font,
                    p.bold)

    def inline_height(self, p: Para, width: float) -> float:
        """Height of the inline pictures of a paragraph, rows of pictures side by side."""
        rows, row_w, row_h, total = [], 0.0, 0.0, 0.0
        for pic in (q for q in p.pics if not q.floating):
            if row_w and row_w + pic.width > width:
                rows.append(row_h)
                row_w, row_h = 0.0, 0.0
            row_w += pic.width
            row_h = max(row_h, pic.height)
        if row_h:
            rows.append(row_h)
        total = sum(rows)
        return total + (p.size * 0.25 if rows else 0.0)

    def float_height(self, p: Para, width: float) -> float:
        """Vertical room floating pictures take from the text flow (wrapped around)."""
        total = 0.0
        for pic in (q for q in p.pics if q.floating):
            if pic.wrap == "topAndBottom":
                total += pic.height
            elif pic.wrap in ("square", "tight", "through"):
                total += pic.height * min(1.0, pic.width / max(width, 1.0))
        return total

    def para_height(self, p: Para, width: float, first: bool = False) -> float:
        lines = self.lines_of(p, width)
        h = len(lines) * self.line_height(p) + self.inline_height(p, width)
        h += self.float_height(p, width)
        return h + (0 if first else p.space_before) + p.space_after

    def head_height(self, p: Para, width: float) -> float:
        """What must stay with a preceding keep-with-next paragraph: its first lines."""
        lines = self.lines_of(p, width)
        return p.space_before + min(len(lines), 2) * self.line_height(p) + \
            self.inline_height(p, width)

    # placing
    def place_para(self, p: Para, keep: float = 0.0) -> None:
        g = self.geometry
        width = g.text_width
        if p.page_break_before and not self.fresh:
            self.new_page(hard=True)
        lines = self.lines_of(p, width)
        lh = self.line_height(p)
        pics_h = self.inline_height(p, width)
        if not self.fresh:
            whole = self.para_height(p, width) - p.space_after + keep  # space after may hang
            first_part = p.space_before + min(len(lines), 2) * lh + pics_h + keep
            if (whole > self.room() and (p.keep_with_next or len(lines) <= 3 or pics_h)
                    and whole <= g.text_bottom - g.top) or first_part > self.room():
                self.new_page()
        if self.fresh and self.hard_top:
            # Space before is kept at the top of a page started by a hard break (it is
            # dropped only after a page filled up).
            self.y += p.space_before
        elif not self.fresh:
            # Between paragraphs the larger of space after and space before applies, as
            # LibreOffice lays out Word documents.
            self.y += max(0.0, p.space_before - self.last_after)
        top_of_para = self.y
        if pics_h:
            self._place_inline_pics(p, width)
        x0 = g.left + p.indent_left
        for n, text in enumerate(lines):
            remaining = len(lines) - n
            if self.y + lh > g.text_bottom + 0.5 and not self.fresh:
                # widow / orphan control: never leave one line alone
                self.new_page()
            w = text_width(text, p.size, p.font, p.bold)
            if p.align == "center":
                x = g.left + (width - w) / 2
            elif p.align == "right":
                x = g.left + width - p.indent_right - w
            else:
                x = x0
            if text.strip():
                line = Line(text=text.replace("\t", " \t ").strip() if "\t" in text else text,
                            x0=x, top=self.y, x1=x + w, bottom=self.y + p.size * 1.25,
                            size=p.size, bold=p.bold, declared_level=p.level)
                self.page.lines.append(line)
                if p.level and n == 0:
                    self.outline.append(OutlineEntry(p.text.strip(), p.level, self.page.number))
            self.y += lh
            self.fresh = False
            del remaining
        self._place_floats(p, top_of_para, width)
        self.y += p.space_after
        self.last_after = p.space_after
        self.fresh = False

    def _place_inline_pics(self, p: Para, width: float) -> None:
        g = self.geometry
        inline = [q for q in p.pics if not q.floating]
        row: list[Pic] = []

        def flush(row: list[Pic]) -> None:
            if not row:
                return
            row_w = sum(q.width for q in row)
            row_h = max(q.height for q in row)
            if self.y + row_h > g.text_bottom + 0.5 and not self.fresh:
                self.new_page()
            if p.align == "center":
                x = g.left + (width - row_w) / 2
            elif p.align == "right":
                x = g.left + width - row_w
            else:
                x = g.left + p.indent_left
            for q in row:
                top = self.y + row_h - q.height
                self.page.images.append(_box(x, top, q.width, q.height))
                x += q.width
            self.y += row_h
            self.fresh = False

        row_w = 0.0
        for pic in inline:
            if row and row_w + pic.width > width:
                flush(row)
                row, row_w = [], 0.0
            row.append(pic)
            row_w += pic.width
        flush(row)
        self.y += p.size * 0.25

    def _place_floats(self, p: Para, anchor_y: float, width: float) -> None:
        g = self.geometry
        for pic in (q for q in p.pics if q.floating):
            x, y = _float_position(pic, g, anchor_y)
            self.page.images.append(_box(x, y, pic.width, pic.height))
        self.y += self.float_height(p, width)
        for pic, paras in p.boxes:
            x, y = _float_position(pic, g, anchor_y)
            for inner in paras:
                for n, text in enumerate(wrap(inner.text, max(pic.width - 14, 36), inner.size,
                                              inner.font, inner.bold)):
                    if not text.strip():
                        continue
                    w = text_width(text, inner.size, inner.font, inner.bold)
                    self.page.lines.append(Line(text, x + 7, y, x + 7 + w, y + inner.size * 1.25,
                                                inner.size, inner.bold))
                    y += inner.size * LINE_EM

    def place_table(self, t: TableBlock) -> None:
        g = self.geometry
        ncols = max((len(r) for r in t.rows), default=1)
        widths = list(t.widths[:ncols]) if len(t.widths) >= ncols else []
        if not widths or sum(widths) <= 0:
            widths = [g.text_width / ncols] * ncols
        total = sum(widths)
        if total > g.text_width * 1.02:
            widths = [w * g.text_width / total for w in widths]
        pad = 6.0
        for row in t.rows:
            heights = []
            for c, cell in enumerate(row):
                cw = widths[min(c, len(widths) - 1)] - pad
                heights.append(sum(self.para_height(p, cw, first=n == 0)
                                   for n, p in enumerate(cell)) + 2)
            row_h = max(heights, default=0.0)
            if row_h > self.room() and not self.fresh:
                self.new_page()
            x = g.left + t.indent
            for c, cell in enumerate(row):
                cw = widths[min(c, len(widths) - 1)]
                y = self.y + 1
                for p in cell:
                    for text in self.lines_of(p, cw - pad):
                        if text.strip():
                            w = text_width(text, p.size, p.font, p.bold)
                            self.page.lines.append(Line(text, x + 3, y, x + 3 + min(w, cw), y +
                                                        p.size * 1.25, p.size, p.bold))
                        y += self.line_height(p)
                    y += p.space_after
                x += cw
            self.y += row_h
            self.fresh = False
            self.last_after = 0.0


def _box(x: float, y: float, w: float, h: float) -> ImageBox:
    return ImageBox(points=[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], kind="raster")


def _float_position(pic: Pic, g: Geometry, anchor_y: float) -> tuple[float, float]:
    if pic.x_from == "page":
        left, span = 0.0, g.width
    else:
        left, span = g.left, g.text_width
    if pic.x_align == "center":
        x = left + (span - pic.width) / 2
    elif pic.x_align in ("right", "outside"):
        x = left + span - pic.width
    elif pic.x is not None:
        x = left + pic.x
    else:
        x = left
    if pic.y_from == "page":
        top, span_v = 0.0, g.height
    elif pic.y_from in ("margin", "topMargin"):
        top, span_v = g.top, g.height - g.top - g.bottom
    else:
        top, span_v = anchor_y, max(g.text_bottom - anchor_y, pic.height)
    if pic.y_align == "center":
        y = top + (span_v - pic.height) / 2
    elif pic.y_align == "bottom":
        y = top + span_v - pic.height
    elif pic.y is not None:
        y = top + pic.y
    else:
        y = top
    return x, y


def _lay(items: list[Item], scale: float, honour_rendered: bool,
         first: Geometry) -> _Pager:
    pager = _Pager(scale, honour_rendered, first)
    for n, item in enumerate(items):
        if isinstance(item, Break):
            if item.geometry is not None:
                pager.geometry = item.geometry
            if item.kind == "page" or item.kind == "section":
                pager.new_page(item.parity, hard=True)
            elif item.kind == "rendered" and honour_rendered and not pager.fresh:
                pager.new_page()
        elif isinstance(item, TableBlock):
            pager.place_table(item)
        else:
            keep = 0.0
            if item.keep_with_next:
                keep = _kept_height(items, n + 1, pager)
            pager.place_para(item, keep)
    return pager


def _kept_height(items: list[Item], start: int, pager: _Pager) -> float:
    """Height the paragraphs kept with a keep-with-next paragraph need on the same page."""
    width = pager.geometry.text_width
    total = 0.0
    for item in items[start:start + 4]:
        if not isinstance(item, Para) or item.page_break_before:
            break
        if item.keep_with_next:
            total += pager.para_height(item, width)
            continue
        total += pager.head_height(item, width)
        break
    return total


def layout(items: list[Item], *, path: str, fmt: str, first: Geometry,
           saved_pages: int | None = None, rendered_breaks: bool = False) -> Document:
    """Pour the flow into pages; return a Document with estimated page numbers.

    ``rendered_breaks``: the file carries the editor's own page breaks at every page
    boundary, so text does not overflow on its own. ``saved_pages``: the page count the
    editor saved; the line heights are stretched (within ±25 %) to reach it.
    """
    pager = _lay(items, 1.0, rendered_breaks, first)
    if saved_pages and len(pager.pages) != saved_pages and not rendered_breaks:
        lo, hi = 0.75, 1.25
        best = pager
        for _ in range(12):
            mid = (lo + hi) / 2
            trial = _lay(items, mid, False, first)
            if abs(len(trial.pages) - saved_pages) < abs(len(best.pages) - saved_pages):
                best = trial
            if len(trial.pages) == saved_pages:
                break
            if len(trial.pages) < saved_pages:
                lo = mid
            else:
                hi = mid
        pager = best
    # Drop a last page left empty by a trailing break.
    while len(pager.pages) > 1 and not pager.pages[-1].lines and not pager.pages[-1].images:
        pager.pages.pop()
    doc = Document(path=path, format=fmt, pages=pager.pages, pages_estimated=True)
    doc.outline = pager.outline
    return doc
