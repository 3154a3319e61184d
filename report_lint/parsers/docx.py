"""DOCX → Document: rendered by LibreOffice when it is there, else estimated with python-docx.

With LibreOffice (``soffice``), the file is converted to PDF in a private temporary folder
(:mod:`report_lint.parsers.render`) and read by the PDF parser: pages are exact.

Without it, python-docx opens the package (after :mod:`._safezip` checked it) and this
module turns the body into a flow for :mod:`._flow`: paragraphs with their effective font
size, weight and spacing (direct formatting, then the style chain, then the document
defaults), headings from outline levels and Heading N / Titre N styles, pictures inline and
floating with their size and position, tables and text boxes as text, hard page breaks,
``page_break_before``, section breaks (with each section's page size and margins), and the
editor's ``w:lastRenderedPageBreak`` marks. The page count Word or LibreOffice saved in
``docProps/app.xml`` calibrates the estimate. ``Document.pages_estimated`` is then true.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from report_lint.document import Document
from report_lint.findings import UnreadableInput
from report_lint.parsers._flow import Break, Geometry, Para, Pic, TableBlock, layout
from report_lint.parsers._safezip import SafeZip
from report_lint.parsers._xml import check_package, parse_xml
from report_lint.parsers.office_fonts import docx_fonts, fonts_note

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
EMU_PER_PT = 12700
WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
HEADING_NAME = re.compile(
    r"^(heading|titre|t[ií]tulo|titolo|[üu]berschrift|berschrift|kop|nag[łl][óo]wek|rubrik|"
    r"overskrift|otsikko|nadpis|заголовок)\s*([1-9])$", re.I)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- the package ------------------------------------------------------------------------

def open_package(data: bytes) -> tuple[SafeZip, str]:
    """Check that ``data`` is a Word document; return the archive and its main part."""
    package = SafeZip(data)
    check_package(package)
    if "[Content_Types].xml" not in package:
        raise UnreadableInput("not_word_zip", kind=_zip_kind(package))
    rels = package.read("_rels/.rels", 1024 * 1024) if "_rels/.rels" in package else b""
    if STRICT_REL.encode() in rels or STRICT_W.encode() in rels:
        raise UnreadableInput("strict_ooxml")
    types = parse_xml(package.read("[Content_Types].xml", 4 * 1024 * 1024), "[Content_Types]")
    main = None
    for override in types:
        if override.get("ContentType") in WORD_MAIN_TYPES:
            main = override.get("PartName", "").lstrip("/")
    if main is None or main not in package:
        raise UnreadableInput("not_word_zip", kind=_zip_kind(package))
    head = package.read(main)[:4096]
    if STRICT_W.encode() in head:
        raise UnreadableInput("strict_ooxml")
    return package, main


def _zip_kind(package: SafeZip) -> str:
    names = set(package.names())
    if "xl/workbook.xml" in names:
        return "Excel"
    if "ppt/presentation.xml" in names:
        return "PowerPoint"
    if "mimetype" in names or "content.xml" in names:
        return "OpenDocument"
    return "ZIP"


def saved_page_count(package: SafeZip) -> int | None:
    """Pages in docProps/app.xml, when the editor computed it (not a template's leftover)."""
    if "docProps/app.xml" not in package:
        return None
    try:
        root = parse_xml(package.read("docProps/app.xml", 1024 * 1024), "app.xml")
    except UnreadableInput:
        return None
    values = {el.tag.rsplit("}", 1)[-1]: (el.text or "").strip() for el in root}
    try:
        pages, words = int(values.get("Pages", "0")), int(values.get("Words", "0") or 0)
    except ValueError:
        return None
    return pages if pages > 0 and words > 0 else None


# --- entry point ------------------------------------------------------------------------

def parse_docx(path: Path, settings: dict | None = None, data: bytes | None = None) -> Document:
    from report_lint.parsers.render import render_or_none

    data = path.read_bytes() if data is None else data
    package, main = open_package(data)
    rendered = render_or_none(path, data, "docx", settings)
    document = rendered if rendered is not None else estimate_docx(path, package, main)
    document.fonts_without_substitute = fonts_note(docx_fonts, package, main)
    return document


def estimate_docx(path: Path, package: SafeZip, main: str = "word/document.xml") -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(package.repack(skip_media=True)))
    except UnreadableInput:
        raise
    except (PackageNotFoundError, KeyError, ValueError, AttributeError, TypeError,
            etree.LxmlError) as exc:
        raise UnreadableInput("corrupt_package", f"{type(exc).__name__}: {exc}") from None
    try:
        return _estimate(path, package, document)
    except (ValueError, KeyError, AttributeError, TypeError, IndexError, ZeroDivisionError,
            RecursionError) as exc:  # an odd document structure, as the PDF parser does
        raise UnreadableInput("corrupt_package", f"{type(exc).__name__}: {exc}") from None


def _estimate(path: Path, package: SafeZip, document) -> Document:
    reader = _Reader(document)
    items = reader.items()
    saved = saved_page_count(package)
    doc = layout(items, path=str(path), fmt="docx", first=reader.first_geometry,
                 saved_pages=saved, rendered_breaks=reader.rendered_breaks and saved is None)
    if reader.rendered_breaks and saved and abs(doc.page_count - saved) > 1:
        doc = layout(items, path=str(path), fmt="docx", first=reader.first_geometry,
                     saved_pages=saved)
    elif reader.rendered_breaks and saved:
        honoured = layout(items, path=str(path), fmt="docx", first=reader.first_geometry,
                          rendered_breaks=True)
        if abs(honoured.page_count - saved) <= 1:
            doc = honoured
    doc.metadata["producer"] = "report-lint estimate (python-docx)"
    if saved:
        doc.metadata["saved_pages"] = str(saved)
    core = document.core_properties
    if core.title:
        doc.metadata["title"] = core.title
    return doc


# --- reading the body -------------------------------------------------------------------

def _twips(value, default: float = 0.0) -> float:
    try:
        return int(value) / 20.0
    except (TypeError, ValueError):
        return default


def _on(el) -> bool | None:
    """A WordprocessingML on/off property: None when absent."""
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        self.body = document.element.body
        self.styles = {}
        self.default_para = None
        self.default_char = None
        styles_el = document.styles.element
        for style in styles_el.findall(w("style")):
            sid = style.get(w("styleId"))
            if sid:
                self.styles[sid] = style
                if style.get(w("default")) in ("1", "true"):
                    if style.get(w("type")) == "paragraph":
                        self.default_para = sid
                    elif style.get(w("type")) == "character":
                        self.default_char = sid
        defaults = styles_el.find(w("docDefaults"))
        self.default_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None \
            else None
        self.default_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}") if defaults is not None \
            else None
        self.sections = [s for s in self.body.iter(w("sectPr"))
                         if s.getparent().tag in (w("pPr"), w("body"))]
        self.first_geometry = self._geometry(self.sections[0]) if self.sections else Geometry()
        self.section_index = 0
        self.rendered_breaks = False
        self.numbering = _Numbering(document)
        self._style_cache: dict = {}

    # styles
    def _chain(self, sid: str | None) -> list:
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            out.append(self.styles[sid])
            based = self.styles[sid].find(w("basedOn"))
            sid = based.get(w("val")) if based is not None else None
        return out

    def _ppr_chain(self, p) -> list:
        ppr = p.find(w("pPr"))
        sid = None
        if ppr is not None and ppr.find(w("pStyle")) is not None:
            sid = ppr.find(w("pStyle")).get(w("val"))
        sid = sid if sid in self.styles else self.default_para
        chain = [ppr] if ppr is not None else []
        chain += [s.find(w("pPr")) for s in self._chain(sid)]
        chain.append(self.default_ppr)
        return [c for c in chain if c is not None], sid

    def _first(self, chain, path: str):
        for el in chain:
            found = el.find(path)
            if found is not None:
                return found
        return None

    def _geometry(self, sect) -> Geometry:
        g = Geometry()
        size = sect.find(w("pgSz"))
        if size is not None:
            g.width = _twips(size.get(w("w")), g.width)
            g.height = _twips(size.get(w("h")), g.height)
            if size.get(w("orient")) == "landscape" and g.width < g.height:
                g.width, g.height = g.height, g.width
        mar = sect.find(w("pgMar"))
        if mar is not None:
            g.top = abs(_twips(mar.get(w("top")), g.top))
            g.bottom = abs(_twips(mar.get(w("bottom")), g.bottom))
            g.left = _twips(mar.get(w("left")), g.left)
            g.right = _twips(mar.get(w("right")), g.right)
        return g

    def _run_props(self, r, para_style: str | None) -> tuple[float, bool, str]:
        """Effective size, bold and font family of a run."""
        rpr = r.find(w("rPr")) if r is not None else None
        chain = [rpr] if rpr is not None else []
        if rpr is not None and rpr.find(w("rStyle")) is not None:
            chain += [s.find(w("rPr")) for s in self._chain(rpr.find(w("rStyle")).get(w("val")))]
        chain += [s.find(w("rPr")) for s in self._chain(para_style)]
        if self.default_char:
            chain += [s.find(w("rPr")) for s in self._chain(self.default_char)]
        chain.append(self.default_rpr)
        chain = [c for c in chain if c is not None]
        sz = self._first(chain, w("sz"))
        size = int(sz.get(w("val"), "20")) / 2 if sz is not None and \
            (sz.get(w("val")) or "").isdigit() else 10.0
        bold = _on(self._first(chain, w("b"))) or False
        fonts = self._first(chain, w("rFonts"))
        family = "sans"
        if fonts is not None:
            name = (fonts.get(w("ascii")) or fonts.get(w("hAnsi")) or "").lower()
            if any(k in name for k in ("times", "serif", "georgia", "cambria", "garamond",
                                        "book antiqua", "palatino")) and "sans" not in name:
                family = "serif"
            elif any(k in name for k in ("courier", "mono", "consolas")):
                family = "mono"
        return size, bold, family

    def _para_format(self, p) -> tuple[Para, str | None, bool]:
        chain, sid = self._ppr_chain(p)
        para = Para()
        spacing = [el.find(w("spacing")) for el in chain]
        spacing = [s for s in spacing if s is not None]

        def spacing_attr(name):
            for s in spacing:
                if s.get(w(name)) is not None:
                    return s.get(w(name))
            return None

        para.space_before = _twips(spacing_attr("before"))
        para.space_after = _twips(spacing_attr("after"))
        line, rule = spacing_attr("line"), spacing_attr("lineRule") or "auto"
        if line is not None:
            if rule == "auto":
                para.line_rule, para.line_value = "multiple", int(line) / 240
            else:
                para.line_rule = "exact" if rule == "exact" else "atLeast"
                para.line_value = _twips(line)
        ind = self._first(chain, w("ind"))
        if ind is not None:
            para.indent_left = _twips(ind.get(w("left")) or ind.get(w("start")))
            para.indent_right = _twips(ind.get(w("right")) or ind.get(w("end")))
        jc = self._first(chain, w("jc"))
        if jc is not None:
            val = jc.get(w("val"), "left")
            para.align = {"both": "justify", "distribute": "justify", "start": "left",
                          "end": "right"}.get(val, val)
        para.page_break_before = bool(_on(self._first(chain, w("pageBreakBefore"))))
        para.keep_with_next = bool(_on(self._first(chain, w("keepNext"))))
        contextual = bool(_on(self._first(chain, w("contextualSpacing"))))
        para.level = self._level(chain, sid)
        return para, sid, contextual

    def _level(self, chain, sid) -> int | None:
        outline = self._first(chain[:-1] if chain else chain, w("outlineLvl"))
        if outline is not None:
            try:
                value = int(outline.get(w("val"), "9"))
            except ValueError:
                value = 9
            return value + 1 if 0 <= value < 9 else None
        for style in self._chain(sid):
            name = style.find(w("name"))
            for candidate in (name.get(w("val")) if name is not None else "", style.get(
                    w("styleId"), "")):
                match = HEADING_NAME.match(candidate or "")
                if match:
                    return int(match.group(2))
        return None

    # body
    def items(self) -> list:
        out: list = []
        previous: tuple[Para, str | None, bool] | None = None
        for item, sid, contextual in self._blocks(self.body):
            if isinstance(item, Para):
                if contextual and previous and previous[1] == sid and previous[2]:
                    previous[0].space_after = 0.0
                    item.space_before = 0.0
                previous = (item, sid, contextual)
            else:
                previous = None
            out.append(item)
        return out

    def _blocks(self, container):
        for child in container:
            tag = child.tag
            if tag == w("p"):
                yield from self._paragraph(child)
            elif tag == w("tbl"):
                yield self._table(child), None, False
            elif tag in (w("sdt"), w("customXml"), w("ins"), w("smartTag")):
                content = child.find(w("sdtContent")) if tag == w("sdt") else child
                if content is not None:
                    yield from self._blocks(content)

    def _paragraph(self, p):
        fmt, sid, contextual = self._para_format(p)
        prefix = self.numbering.label(p, self._ppr_chain(p)[0])
        pieces: list = []  # Para pieces and Breaks in order
        current = {"text": [], "chars": [], "pics": [], "boxes": []}

        def flush(last: bool = False):
            text = "".join(current["text"])
            if text.strip() or current["pics"] or current["boxes"] or last:
                pieces.append(self._piece(fmt, text, current, sid))
            current.update(text=[], chars=[], pics=[], boxes=[])

        def visit(el, run=None):
            for child in el:
                tag = child.tag
                if tag == w("r"):
                    visit(child, child)
                elif tag == w("t"):
                    text = child.text or ""
                    current["text"].append(text)
                    current["chars"].append((len(text), self._run_props(run, sid)))
                elif tag == w("tab"):
                    current["text"].append("\t")
                elif tag in (w("br"), w("cr")):
                    kind = child.get(w("type"), "textWrapping")
                    if kind == "page":
                        flush()
                        pieces.append(Break("page"))
                    elif kind != "column":
                        current["text"].append("\n")
                elif tag == w("noBreakHyphen"):
                    current["text"].append("-")
                elif tag == w("lastRenderedPageBreak"):
                    self.rendered_breaks = True
                    flush()
                    pieces.append(Break("rendered"))
                elif tag == w("drawing"):
                    self._drawing(child, current, sid)
                elif tag in (w("pict"), w("object")):
                    self._vml(child, current, sid)
                elif tag == f"{{{MC}}}AlternateContent":
                    choice = child.find(f"{{{MC}}}Choice")
                    visit(choice if choice is not None else child, run)
                elif tag in (w("delText"), w("instrText"), w("pPr"), w("rPr"), w("del"),
                             w("moveFrom"), f"{{{MC}}}Fallback"):
                    continue
                elif tag == w("sym"):
                    current["text"].append("•")
                else:  # hyperlinks, insertions, smart tags, fields...
                    visit(child, run)

        visit(p)
        sect = p.find(f"{w('pPr')}/{w('sectPr')}")
        # The paragraph mark after a page break ending the paragraph takes no line: the
        # break moves to the next paragraph, as LibreOffice lays Word documents out.
        flush(last=not pieces or (sect is None and not isinstance(pieces[-1], Break)))
        if sect is not None and len(pieces) == 1 and isinstance(pieces[0], Para) and \
                not pieces[0].text.strip() and not pieces[0].pics and not pieces[0].boxes:
            pieces.clear()  # an empty paragraph that only carries a section break
        # Only the first piece keeps the space before and the break before; only the
        # last keeps the space after.
        paras = [x for x in pieces if isinstance(x, Para)]
        for n, piece in enumerate(paras):
            if n:
                piece.space_before = 0.0
                piece.page_break_before = False
            if n < len(paras) - 1:
                piece.space_after = 0.0
                piece.keep_with_next = False
        if paras and prefix:
            paras[0].text = prefix + paras[0].text
        for piece in pieces:
            yield piece, sid, contextual
        if sect is not None and self.section_index + 1 < len(self.sections):
            self.section_index += 1
            nxt = self.sections[self.section_index]
            kind = nxt.find(w("type"))
            kind = kind.get(w("val"), "nextPage") if kind is not None else "nextPage"
            geometry = self._geometry(nxt)
            if kind == "continuous":
                yield Break("geometry", geometry), None, False
            else:
                parity = {"evenPage": "even", "oddPage": "odd"}.get(kind)
                yield Break("section", geometry, parity), None, False

    def _piece(self, fmt: Para, text: str, current: dict, sid: str | None) -> Para:
        piece = Para(**{k: getattr(fmt, k) for k in (
            "space_before", "space_after", "line_rule", "line_value", "indent_left",
            "indent_right", "align", "page_break_before", "keep_with_next", "level")})
        piece.text = text
        piece.pics = list(current["pics"])
        piece.boxes = list(current["boxes"])
        sizes: dict[float, int] = {}
        bold_chars = total = 0
        family = "sans"
        for count, (size, bold, fam) in current["chars"]:
            if not count:
                continue
            sizes[size] = sizes.get(size, 0) + count
            bold_chars += count if bold else 0
            total += count
            family = fam
        if total:
            piece.size = max(sizes, key=sizes.get)
            piece.bold = bold_chars * 2 > total
            piece.font = family
        else:
            piece.size, piece.bold, piece.font = self._run_props(None, sid)
        if not text.strip():
            piece.level = None
        return piece

    def _drawing(self, drawing, current: dict, sid) -> None:
        for frame in drawing:
            floating = frame.tag == f"{{{WP}}}anchor"
            if frame.tag not in (f"{{{WP}}}inline", f"{{{WP}}}anchor"):
                continue
            extent = frame.find(f"{{{WP}}}extent")
            if extent is None:
                continue
            try:
                width = int(extent.get("cx", "0")) / EMU_PER_PT
                height = int(extent.get("cy", "0")) / EMU_PER_PT
            except ValueError:
                continue
            pic = Pic(width, height, floating=floating)
            if floating:
                _anchor_position(frame, pic)
            boxes = [el for el in frame.iter(w("txbxContent"))]
            graphic = frame.find(f"{{{A}}}graphic/{{{A}}}graphicData")
            uri = graphic.get("uri", "") if graphic is not None else ""
            if boxes:
                paras = [self._box_para(bp, sid) for box in boxes for bp in box.iter(w("p"))]
                current["boxes"].append((pic, [q for q in paras if q.text.strip()]))
                if uri.endswith("/picture"):
                    current["pics"].append(pic)
            elif width > 0 and height > 0 and not uri.endswith("wordprocessingShape"):
                current["pics"].append(pic)

    def _box_para(self, p, sid) -> Para:
        texts, chars = [], []
        for run in p.iter(w("r")):
            for t in run.iter(w("t")):
                texts.append(t.text or "")
                chars.append(len(t.text or ""))
        size, bold, font = self._run_props(next(p.iter(w("r")), None), sid)
        return Para(text="".join(texts), size=size, bold=bold, font=font)

    def _vml(self, pict, current: dict, sid) -> None:
        for shape in pict.iter(f"{{{V}}}shape", f"{{{V}}}rect", f"{{{V}}}roundrect"):
            style = dict(part.split(":", 1) for part in (shape.get("style") or "").split(";")
                         if ":" in part)
            width, height = _css_pt(style.get("width")), _css_pt(style.get("height"))
            if not width or not height:
                continue
            floating = style.get("position", "").strip() == "absolute"
            pic = Pic(width, height, floating=floating, x=_css_pt(style.get("margin-left")),
                      y=_css_pt(style.get("margin-top")))
            textbox = [el for el in shape.iter(w("txbxContent"))]
            if textbox:
                paras = [self._box_para(bp, sid) for box in textbox for bp in box.iter(w("p"))]
                current["boxes"].append((pic, [q for q in paras if q.text.strip()]))
            elif shape.find(f"{{{V}}}imagedata") is not None:
                current["pics"].append(pic)

    def _table(self, tbl) -> TableBlock:
        widths = [_twips(col.get(w("w"))) for col in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
        indent = tbl.find(f"{w('tblPr')}/{w('tblInd')}")
        rows = []
        for tr in tbl.iterfind(w("tr")):
            cells = []
            for tc in tr.iterfind(w("tc")):
                paras = [item for item, _, _ in self._blocks(tc) if isinstance(item, Para)]
                # a nested table: its paragraphs
                for nested in tc.iterfind(w("tbl")):
                    for row in self._table(nested).rows:
                        for cell in row:
                            paras.extend(cell)
                cells.append(paras or [Para()])
            rows.append(cells)
        return TableBlock(rows=rows, widths=widths,
                          indent=_twips(indent.get(w("w"))) if indent is not None else 0.0)


def _anchor_position(frame, pic: Pic) -> None:
    for axis in ("positionH", "positionV"):
        el = frame.find(f"{{{WP}}}{axis}")
        if el is None:
            continue
        relative = el.get("relativeFrom", "column")
        offset = el.find(f"{{{WP}}}posOffset")
        align = el.find(f"{{{WP}}}align")
        value = None
        if offset is not None:
            try:
                value = int(offset.text or "0") / EMU_PER_PT
            except ValueError:
                value = None
        if axis == "positionH":
            pic.x_from = "page" if relative == "page" else "margin"
            pic.x = value
            pic.x_align = (align.text or "").strip() if align is not None else None
        else:
            pic.y_from = {"page": "page", "margin": "margin", "topMargin": "page"}.get(
                relative, "paragraph")
            pic.y = value
            pic.y_align = (align.text or "").strip() if align is not None else None
    if frame.find(f"{{{WP}}}wrapNone") is not None:
        pic.wrap = "none"
    elif frame.find(f"{{{WP}}}wrapTopAndBottom") is not None:
        pic.wrap = "topAndBottom"
    elif frame.find(f"{{{WP}}}wrapTight") is not None or frame.find(f"{{{WP}}}wrapThrough") \
            is not None:
        pic.wrap = "tight"


def _css_pt(value: str | None) -> float:
    if not value:
        return 0.0
    match = re.match(r"\s*(-?[\d.]+)\s*(pt|in|cm|mm|px)?", value)
    if not match:
        return 0.0
    number = float(match.group(1))
    unit = match.group(2) or "px"
    return number * {"pt": 1, "in": 72, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}[unit]


# --- automatic numbering (Heading 1 "1.", "Annexe %1", lists) ----------------------------

class _Numbering:
    """The labels Word draws before numbered paragraphs (``numbering.xml``)."""

    def __init__(self, document) -> None:
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            return
        root = part.element
        for ab in root.iterfind(w("abstractNum")):
            levels = {}
            for lvl in ab.iterfind(w("lvl")):
                try:
                    ilvl = int(lvl.get(w("ilvl"), "0"))
                except ValueError:
                    continue
                fmt = lvl.find(w("numFmt"))
                text = lvl.find(w("lvlText"))
                start = lvl.find(w("start"))
                levels[ilvl] = (fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                                text.get(w("val"), "") if text is not None else "",
                                int(start.get(w("val"), "1")) if start is not None and
                                (start.get(w("val")) or "").isdigit() else 1)
            self.abstract[ab.get(w("abstractNumId"))] = levels
        for num in root.iterfind(w("num")):
            ref = num.find(w("abstractNumId"))
            if ref is not None:
                self.nums[num.get(w("numId"))] = ref.get(w("val"))

    def label(self, p, chain) -> str:
        if not self.nums:
            return ""
        numpr = None
        for el in chain:
            numpr = el.find(w("numPr"))
            if numpr is not None:
                break
        if numpr is None:
            return ""
        num_id = numpr.find(w("numId"))
        ilvl = numpr.find(w("ilvl"))
        num_id = num_id.get(w("val")) if num_id is not None else None
        try:
            level = int(ilvl.get(w("val"), "0")) if ilvl is not None else 0
        except ValueError:
            level = 0
        abstract = self.abstract.get(self.nums.get(num_id or "", ""), {})
        if num_id in (None, "0") or level not in abstract:
            return ""
        fmt, text, start = abstract[level]
        counters = self.counters.setdefault(self.nums[num_id], [0] * 9)
        if counters[level] == 0:
            counters[level] = start - 1
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet":
            return "• "
        if fmt == "none" or not text:
            return ""

        def value(match):
            n = int(match.group(1)) - 1
            lvl_fmt = abstract.get(n, (fmt, "", 1))[0]
            return _format_number(max(counters[n], abstract.get(n, ("", "", 1))[2]), lvl_fmt)

        return re.sub(r"%([1-9])", value, text) + " "


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out
