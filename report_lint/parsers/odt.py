"""ODT → Document: rendered by LibreOffice when it is there, else estimated from the ODF XML.

Without LibreOffice, ``content.xml``, ``styles.xml`` and ``meta.xml`` are read with lxml
(:mod:`._xml`: no entities, no DTD, no network) from an archive checked by
:mod:`._safezip`, and turned into a flow for :mod:`._flow`: ``text:h`` headings with their
outline level, paragraphs with the size, weight and spacing of their style chain, frames
(pictures as characters or anchored, text boxes), tables, page breaks from
``fo:break-before`` and master-page changes (with each page layout's size and margins), and
LibreOffice's ``text:soft-page-break`` marks. ``meta:page-count`` calibrates the estimate.
"""

from __future__ import annotations

import re
from pathlib import Path

from report_lint.document import Document
from report_lint.findings import UnreadableInput
from report_lint.parsers._flow import Break, Geometry, Para, Pic, TableBlock, layout
from report_lint.parsers._safezip import SafeZip
from report_lint.parsers._xml import check_package, parse_xml
from report_lint.parsers.office_fonts import fonts_note, odt_fonts

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}
ODT_MIMETYPES = ("application/vnd.oasis.opendocument.text",
                 "application/vnd.oasis.opendocument.text-template")


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def length_pt(value: str | None, default: float = 0.0) -> float:
    if not value:
        return default
    match = re.match(r"\s*(-?[\d.]+)\s*(pt|in|cm|mm|pc|px)?", value)
    if not match:
        return default
    try:
        number = float(match.group(1))
    except ValueError:
        return default
    return number * {"pt": 1, "in": 72, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12,
                     "px": 0.75, None: 1}[match.group(2)]


def parse_odt(path: Path, settings: dict | None = None, data: bytes | None = None) -> Document:
    from report_lint.parsers.render import declared_outline, render_or_none

    data = path.read_bytes() if data is None else data
    package = SafeZip(data)
    check_package(package)
    if "content.xml" not in package:
        raise UnreadableInput("not_word_zip", kind="ZIP")
    if "mimetype" in package:
        mimetype = package.read("mimetype", 256).decode("ascii", "replace").strip()
        if mimetype not in ODT_MIMETYPES:
            raise UnreadableInput("not_word_zip", kind="OpenDocument")
    rendered = render_or_none(path, data, "odt", settings)
    if rendered is not None:
        declared_outline(rendered, declared_headings(package))
        document = rendered
    else:
        document = estimate_odt(path, package)
    document.fonts_without_substitute = fonts_note(odt_fonts, package)
    return document


def declared_headings(package: SafeZip) -> list[tuple[str, int]]:
    """(title, level) of the headings the file declares (``text:h``, heading styles)."""
    try:
        content = parse_xml(package.read("content.xml"), "content.xml")
        styles = parse_xml(package.read("styles.xml"), "styles.xml") \
            if "styles.xml" in package else None
        items = _Reader(content, styles).items()
    except (UnreadableInput, ValueError, KeyError, AttributeError, TypeError, IndexError,
            RecursionError):
        return []
    return [(item.text.strip(), item.level) for item in items
            if isinstance(item, Para) and item.level and item.text.strip()]


def saved_page_count(package: SafeZip) -> int | None:
    if "meta.xml" not in package:
        return None
    try:
        root = parse_xml(package.read("meta.xml", 4 * 1024 * 1024), "meta.xml")
    except UnreadableInput:
        return None
    stats = root.find(f".//{q('meta:document-statistic')}")
    if stats is None:
        return None
    try:
        pages = int(stats.get(q("meta:page-count"), "0"))
        words = int(stats.get(q("meta:word-count"), "0"))
    except ValueError:
        return None
    return pages if pages > 0 and words > 0 else None


def estimate_odt(path: Path, package: SafeZip) -> Document:
    try:
        return _estimate(path, package)
    except (ValueError, KeyError, AttributeError, TypeError, IndexError, ZeroDivisionError,
            RecursionError) as exc:  # an odd document structure, as the PDF parser does
        raise UnreadableInput("corrupt_package", f"{type(exc).__name__}: {exc}") from None


def _estimate(path: Path, package: SafeZip) -> Document:
    content = parse_xml(package.read("content.xml"), "content.xml")
    styles = parse_xml(package.read("styles.xml"), "styles.xml") if "styles.xml" in package \
        else None
    reader = _Reader(content, styles)
    items = reader.items()
    saved = saved_page_count(package)
    free = layout(items, path=str(path), fmt="odt", first=reader.first_geometry)
    doc = free
    if reader.rendered_breaks:
        honoured = layout(items, path=str(path), fmt="odt", first=reader.first_geometry,
                          rendered_breaks=True)
        # LibreOffice marks every page boundary only when it laid the whole document out
        # (a conversion without layout leaves a few): trust the marks when they agree.
        if abs(honoured.page_count - free.page_count) <= max(1, free.page_count // 10) and \
                (saved is None or abs(honoured.page_count - saved) <= 1):
            doc = honoured
    if doc is free and saved and abs(saved - free.page_count) <= max(2, free.page_count // 4):
        doc = layout(items, path=str(path), fmt="odt", first=reader.first_geometry,
                     saved_pages=saved)
    doc.metadata["producer"] = "report-lint estimate (ODF XML)"
    if saved:
        doc.metadata["saved_pages"] = str(saved)
    return doc


class _Reader:
    def __init__(self, content, styles) -> None:
        self.styles: dict[tuple[str, str], object] = {}
        self.defaults: dict[str, object] = {}
        self.page_layouts: dict[str, object] = {}
        self.masters: dict[str, str] = {}
        self.fonts: dict[str, str] = {}
        for root in (styles, content):
            if root is None:
                continue
            for decl in root.iter(q("style:font-face")):
                self.fonts[decl.get(q("style:name"), "")] = decl.get(q("svg:font-family"), "")
            for container in ("office:styles", "office:automatic-styles"):
                for holder in root.iterfind(q(container)):
                    for style in holder:
                        if style.tag == q("style:style"):
                            self.styles[(style.get(q("style:family")),
                                         style.get(q("style:name")))] = style
                        elif style.tag == q("style:default-style"):
                            self.defaults[style.get(q("style:family"))] = style
                        elif style.tag == q("style:page-layout"):
                            self.page_layouts[style.get(q("style:name"))] = style
            for master in root.iter(q("style:master-page")):
                self.masters[master.get(q("style:name"))] = master.get(
                    q("style:page-layout-name"), "")
        first_master = "Standard" if "Standard" in self.masters else next(iter(self.masters), "")
        self.first_geometry = self._geometry(first_master)
        self.body = content.find(f"{q('office:body')}/{q('office:text')}")
        if self.body is None:
            raise UnreadableInput("not_word_zip", kind="OpenDocument")
        self.rendered_breaks = False
        self._first_para = True
        self._previous = None
        self._cache: dict = {}

    # styles
    def _chain(self, family: str, name: str | None) -> list:
        out, seen = [], set()
        while name and (family, name) in self.styles and name not in seen:
            seen.add(name)
            style = self.styles[(family, name)]
            out.append(style)
            name = style.get(q("style:parent-style-name"))
        if family in self.defaults:
            out.append(self.defaults[family])
        return out

    def _outline_level(self, el, chain) -> int | None:
        """A heading's level: ``text:outline-level``, else the style's
        ``style:default-outline-level``, else a heading style's number (``Heading_20_2``,
        pandoc's and LibreOffice's names); a ``text:p`` in a heading style is a heading too."""
        levels = [el.get(q("text:outline-level"))]
        levels += [style.get(q("style:default-outline-level")) for style in chain]
        for style in chain:
            m = re.fullmatch(r"(?:Heading|Titre)(?:_20_|\s|_)?(\d)",
                             style.get(q("style:name")) or "")
            levels.append(m.group(1) if m else None)
        for value in levels:
            if value and str(value).isdigit() and int(value) > 0:
                return int(value)
        return 1 if el.tag == q("text:h") else None

    def _prop(self, chain, kind: str, attr: str):
        for style in chain:
            props = style.find(q(kind))
            if props is not None and props.get(q(attr)) is not None:
                return props.get(q(attr))
        return None

    def _size(self, chain) -> float:
        """Font size, percentages resolved against the parent styles."""
        factor = 1.0
        for style in chain:
            props = style.find(q("style:text-properties"))
            value = props.get(q("fo:font-size")) if props is not None else None
            if not value:
                continue
            if value.endswith("%"):
                try:
                    factor *= float(value[:-1]) / 100
                except ValueError:
                    pass
                continue
            return length_pt(value, 12.0) * factor
        return 12.0 * factor

    def _text_props(self, chain) -> tuple[float, bool, str]:
        weight = self._prop(chain, "style:text-properties", "fo:font-weight") or "normal"
        bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
        font = (self._prop(chain, "style:text-properties", "style:font-name") or "")
        family = self.fonts.get(font, font).lower()
        kind = "sans"
        if any(k in family for k in ("times", "serif", "georgia", "cambria", "garamond")) and \
                "sans" not in family:
            kind = "serif"
        elif any(k in family for k in ("courier", "mono", "consolas")):
            kind = "mono"
        return self._size(chain), bold, kind

    def _geometry(self, master: str) -> Geometry:
        layout_el = self.page_layouts.get(self.masters.get(master, ""))
        g = Geometry()
        if layout_el is None:
            return g
        props = layout_el.find(q("style:page-layout-properties"))
        if props is not None:
            g.width = length_pt(props.get(q("fo:page-width")), g.width)
            g.height = length_pt(props.get(q("fo:page-height")), g.height)
            margin = props.get(q("fo:margin"))
            g.top = length_pt(props.get(q("fo:margin-top")) or margin, g.top)
            g.bottom = length_pt(props.get(q("fo:margin-bottom")) or margin, g.bottom)
            g.left = length_pt(props.get(q("fo:margin-left")) or margin, g.left)
            g.right = length_pt(props.get(q("fo:margin-right")) or margin, g.right)
        for part, attr in (("style:header-style", "top"), ("style:footer-style", "bottom")):
            hf = layout_el.find(f"{q(part)}/{q('style:header-footer-properties')}")
            if hf is not None:
                # LibreOffice's header height includes the spacing below it
                spacing = length_pt(hf.get(q("fo:margin-bottom") if attr == "top"
                                           else q("fo:margin-top")))
                extra = max(length_pt(hf.get(q("fo:min-height"))), spacing)
                setattr(g, attr, getattr(g, attr) + extra)
        return g

    def _para_format(self, el) -> tuple[Para, Break | None]:
        name = el.get(q("text:style-name"))
        key = name
        if key in self._cache:
            para, master = self._cache[key]
            para = Para(**{k: getattr(para, k) for k in para.__dataclass_fields__
                           if k not in ("pics", "boxes")})
        else:
            chain = self._chain("paragraph", name)
            para = Para()
            pp = "style:paragraph-properties"
            para.space_before = length_pt(self._prop(chain, pp, "fo:margin-top"))
            para.space_after = length_pt(self._prop(chain, pp, "fo:margin-bottom"))
            para.indent_left = length_pt(self._prop(chain, pp, "fo:margin-left"))
            para.indent_right = length_pt(self._prop(chain, pp, "fo:margin-right"))
            line = self._prop(chain, pp, "fo:line-height")
            at_least = self._prop(chain, pp, "style:line-height-at-least")
            if line and line.endswith("%"):
                try:
                    para.line_rule, para.line_value = "multiple", float(line[:-1]) / 100
                except ValueError:
                    pass
            elif line and line != "normal":
                para.line_rule, para.line_value = "exact", length_pt(line, 14.0)
            elif at_least:
                para.line_rule, para.line_value = "atLeast", length_pt(at_least, 14.0)
            align = self._prop(chain, pp, "fo:text-align") or "start"
            para.align = {"start": "left", "end": "right", "justify": "justify",
                          "center": "center", "left": "left", "right": "right"}.get(align, "left")
            para.page_break_before = self._prop(chain, pp, "fo:break-before") == "page"
            para.keep_with_next = self._prop(chain, pp, "fo:keep-with-next") == "always"
            para.size, para.bold, para.font = self._text_props(chain)
            master = None
            for style in chain:
                if style.get(q("style:master-page-name")) is not None:
                    master = style.get(q("style:master-page-name"))
                    break
            if chain and chain[0].get(q("style:master-page-name")) is None:
                master = None  # only the paragraph's own style starts a page style
            self._cache[key] = (para, master)
            para = Para(**{k: getattr(para, k) for k in para.__dataclass_fields__
                           if k not in ("pics", "boxes")})
        brk = None
        if master:
            brk = Break("section", self._geometry(master))
        return para, brk

    # body
    def items(self) -> list:
        out: list = []
        self._blocks(self.body, out)
        return out

    def _blocks(self, container, out: list) -> None:
        for child in container:
            tag = child.tag
            if tag in (q("text:p"), q("text:h")):
                self._paragraph(child, out)
            elif tag == q("table:table"):
                out.append(self._table(child))
            elif tag == q("text:soft-page-break"):
                self.rendered_breaks = True
                out.append(Break("rendered"))
            elif tag in (q("text:list"), q("text:list-item"), q("text:list-header"),
                         q("text:section"), q("text:index-body"), q("text:table-of-content"),
                         q("text:alphabetical-index"), q("text:illustration-index"),
                         q("text:table-index"), q("text:bibliography"), q("text:user-index"),
                         q("text:object-index")):
                self._blocks(child, out)
            # text:index-title holds the index's heading paragraph
            elif tag == q("text:index-title"):
                self._blocks(child, out)

    def _paragraph(self, el, out: list) -> None:
        fmt, section_break = self._para_format(el)
        if section_break is not None and not self._first_para:
            out.append(section_break)
            fmt.page_break_before = False
        elif section_break is not None:
            self.first_geometry = section_break.geometry or self.first_geometry
        self._first_para = False
        base_chain = self._chain("paragraph", el.get(q("text:style-name")))
        fmt.level = self._outline_level(el, base_chain) or fmt.level
        pieces: list = []
        current = {"text": [], "chars": [], "pics": [], "boxes": []}

        def flush(last: bool = False):
            text = "".join(current["text"])
            if text.strip() or current["pics"] or current["boxes"] or last:
                piece = Para(**{k: getattr(fmt, k) for k in fmt.__dataclass_fields__
                                if k not in ("pics", "boxes", "text")})
                piece.text = text
                piece.pics, piece.boxes = list(current["pics"]), list(current["boxes"])
                sizes: dict[float, int] = {}
                bold = total = 0
                for count, (size, is_bold, _font) in current["chars"]:
                    sizes[size] = sizes.get(size, 0) + count
                    bold += count if is_bold else 0
                    total += count
                if total:
                    piece.size = max(sizes, key=sizes.get)
                    piece.bold = bold * 2 > total
                if not text.strip():
                    piece.level = None
                pieces.append(piece)
            current.update(text=[], chars=[], pics=[], boxes=[])

        def add_text(text: str, chain) -> None:
            if text:
                current["text"].append(text)
                current["chars"].append((len(text), self._text_props(chain)))

        def visit(node, chain):
            add_text(node.text or "", chain)
            for child in node:
                tag = child.tag
                if tag == q("text:span"):
                    span_chain = self._chain("text", child.get(q("text:style-name"))) + chain
                    visit(child, span_chain)
                elif tag == q("text:s"):
                    try:
                        add_text(" " * int(child.get(q("text:c"), "1")), chain)
                    except ValueError:
                        add_text(" ", chain)
                elif tag == q("text:tab"):
                    current["text"].append("\t")
                elif tag == q("text:line-break"):
                    current["text"].append("\n")
                elif tag == q("text:soft-page-break"):
                    self.rendered_breaks = True
                    flush()
                    pieces.append(Break("rendered"))
                elif tag == q("draw:frame"):
                    self._frame(child, current, chain)
                elif tag in (q("draw:a"), q("draw:g")):
                    for frame in child.iter(q("draw:frame")):
                        self._frame(frame, current, chain)
                elif tag in (q("text:note"), q("office:annotation"), q("text:tracked-changes"),
                             q("text:bookmark"), q("text:bookmark-start"),
                             q("text:bookmark-end"), q("text:deletion")):
                    pass
                else:  # links, fields, sequences...: their text
                    visit(child, chain)
                add_text(child.tail or "", chain)

        visit(el, base_chain)
        flush(last=True)
        # Contextual spacing: no space between paragraphs of the same style (list items).
        family = base_chain[0].get(q("style:parent-style-name")) or base_chain[0].get(
            q("style:name")) if base_chain else None
        contextual = self._prop(base_chain, "style:paragraph-properties",
                                "style:contextual-spacing") == "true"
        first = next((x for x in pieces if isinstance(x, Para)), None)
        previous = self._previous
        if contextual and first is not None and previous and previous[0] == family:
            previous[1].space_after = 0.0
            first.space_before = 0.0
        last = next((x for x in reversed(pieces) if isinstance(x, Para)), None)
        self._previous = (family, last) if contextual and last is not None else None
        paras = [x for x in pieces if isinstance(x, Para)]
        for n, piece in enumerate(paras):
            if n:
                piece.space_before, piece.page_break_before = 0.0, False
            if n < len(paras) - 1:
                piece.space_after, piece.keep_with_next = 0.0, False
        out.extend(pieces)

    def _frame(self, frame, current: dict, chain) -> None:
        width = length_pt(frame.get(q("svg:width")))
        height = length_pt(frame.get(q("svg:height")))
        anchor = frame.get(q("text:anchor-type"), "paragraph")
        floating = anchor != "as-char"
        pic = Pic(width, height, floating=floating)
        if floating:
            style = self._chain("graphic", frame.get(q("draw:style-name")))
            gp = "style:graphic-properties"
            wrap = self._prop(style, gp, "style:wrap") or "none"
            pic.wrap = {"none": "topAndBottom", "run-through": "none", "parallel": "square",
                        "dynamic": "square", "left": "square", "right": "square",
                        "biggest": "square"}.get(wrap, "square")
            hrel = self._prop(style, gp, "style:horizontal-rel") or "paragraph"
            vrel = self._prop(style, gp, "style:vertical-rel") or "paragraph"
            hpos = self._prop(style, gp, "style:horizontal-pos") or "from-left"
            vpos = self._prop(style, gp, "style:vertical-pos") or "from-top"
            pic.x_from = "page" if hrel.startswith("page") else "margin"
            pic.y_from = "page" if vrel.startswith("page") or anchor == "page" else "paragraph"
            pic.x_align = {"center": "center", "right": "right", "left": "left",
                           "outside": "right", "inside": "left"}.get(hpos)
            pic.y_align = {"middle": "center", "bottom": "bottom", "top": "top",
                           "center": "center"}.get(vpos)
            if frame.get(q("svg:x")) is not None and hpos == "from-left":
                pic.x, pic.x_align = length_pt(frame.get(q("svg:x"))), None
            if frame.get(q("svg:y")) is not None and vpos == "from-top":
                pic.y, pic.y_align = length_pt(frame.get(q("svg:y"))), None
        box = frame.find(q("draw:text-box"))
        if box is not None:
            inner: list = []
            self._blocks(box, inner)
            current["boxes"].append((pic, [p for p in inner if isinstance(p, Para) and
                                           p.text.strip()]))
            # pictures inside the text box (a captioned figure) still count
            for nested in box.iter(q("draw:frame")):
                if nested.find(q("draw:image")) is not None:
                    current["pics"].append(Pic(length_pt(nested.get(q("svg:width"))),
                                               length_pt(nested.get(q("svg:height"))),
                                               floating=True, x=pic.x, y=pic.y,
                                               x_from=pic.x_from, y_from=pic.y_from,
                                               wrap="none"))
        elif width > 0 and height > 0 and (frame.find(q("draw:image")) is not None or
                                           frame.find(q("draw:object")) is not None or
                                           frame.find(q("draw:object-ole")) is not None):
            current["pics"].append(pic)

    def _table(self, table) -> TableBlock:
        widths: list[float] = []
        for col in table.iter(q("table:table-column")):
            chain = self._chain("table-column", col.get(q("table:style-name")))
            width = length_pt(self._prop(chain, "style:table-column-properties",
                                         "style:column-width"))
            try:
                repeat = int(col.get(q("table:number-columns-repeated"), "1"))
            except ValueError:
                repeat = 1
            widths.extend([width] * min(repeat, 64))
        rows = []
        for row in table.iter(q("table:table-row")):
            if row.getparent() is not None and row.getparent().getparent() is not table and \
                    row.getparent() is not table:
                continue  # a nested table's row
            cells = []
            for cell in row:
                if cell.tag not in (q("table:table-cell"), q("table:covered-table-cell")):
                    continue
                inner: list = []
                self._blocks(cell, inner)
                cells.append([p for p in inner if isinstance(p, Para)] or [Para()])
            rows.append(cells)
        return TableBlock(rows=rows, widths=widths)
