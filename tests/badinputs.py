"""A corpus of broken and hostile inputs (issue 7), generated at test time into a folder.

Nothing big is committed: every file is made from the good fixtures in
``fixtures/reports/`` or from scratch, in a few seconds (the 1.5 GB decompression bomb is a
1.5 MB ZIP whose deflate stream repeats one compressed block, written with :mod:`zipfile`
streaming raw chunks: nothing of that size is ever in memory or on disk).

``build(folder)`` writes the corpus and returns a list of :class:`Case`:

* ``expect="doc001"``: a bad file; the linter must give exactly one DOC001 finding, exit
  status 2, no traceback, within time and memory bounds, without changing the file;
* ``expect="normal"``: a valid report under an awkward name (spaces, accents, quotes, a
  newline): checked normally, no DOC001;
* ``expect="either"``: formats whose parser is being written (``.tex``): DOC001 or a
  normal result, never a crash.

Run ``python tests/badinputs.py OUT`` to write the corpus to OUT (for the benchmark).
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
GOOD_PDF = REPORTS / "compliant-lo.pdf"
GOOD_LATEX_PDF = REPORTS / "compliant-latex.pdf"
GOOD_DOCX = REPORTS / "compliant-lo.docx"
GOOD_ODT = REPORTS / "compliant-lo.odt"

#: Text of the file an external entity points to: it must never appear in any output.
SENTINEL_TEXT = "SENTINEL-7f3a9c-ne-doit-jamais-sortir"
#: How far the decompression bomb inflates (past 1 GB, below 4 GiB: no ZIP64 needed).
BOMB_BYTES = 1536 * 1024 * 1024


@dataclass
class Case:
    name: str  # short id for the test report
    path: Path
    expect: str = "doc001"  # doc001 | normal | either
    kind: str = ""  # pdf | docx | odt | other
    reason: str | None = None  # the DOC001 reason the linter should give, when one is sure
    notes: list[str] = field(default_factory=list)


# --- a tiny PDF writer (correct xref offsets, so only what we break is broken) ---------------

def pdf_from_objects(objects: dict[int, bytes], root: int = 1, *, trailer_extra: bytes = b"",
                     header: bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") -> bytes:
    """A PDF holding ``objects`` (number -> body without ``obj``/``endobj``)."""
    out = io.BytesIO()
    out.write(header)
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    size = max(objects) + 1
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % size)
    out.write(b"0000000000 65535 f \n")
    for number in range(1, size):
        if number in offsets:
            out.write(b"%010d 00000 n \n" % offsets[number])
        else:
            out.write(b"0000000000 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (size, root, trailer_extra))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _text_page_content(text: str = "Rapport de stage") -> bytes:
    return b"BT /F1 24 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_minimal() -> bytes:
    """One page with a line of text: a valid PDF (the base of the hand-made cases)."""
    return pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: stream(_text_page_content()),
        5: FONT,
    })


def pdf_recursive_tree() -> bytes:
    """The page tree's /Kids holds the tree itself (and a page)."""
    return pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: stream(_text_page_content()),
        5: FONT,
    })


def pdf_recursive_tree_indirect() -> bytes:
    """Two intermediate nodes that hold each other."""
    return pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [6 0 R 3 0 R] /Count 2 >>",
        6: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: stream(_text_page_content()),
        5: FONT,
    })


def pdf_self_drawing_form() -> bytes:
    """A Form XObject whose content draws the form itself (``/Fx Do`` inside /Fx)."""
    form = b"q 0.5 0 0 0.5 10 10 cm BT /F1 12 Tf 0 0 Td (boucle) Tj ET /Fx Do Q"
    return pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fx 6 0 R >> >> >>",
        4: stream(_text_page_content() + b" q 1 0 0 1 50 50 cm /Fx Do Q"),
        5: FONT,
        6: stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 500 500] "
                        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fx 6 0 R >> >> "),
    })


def pdf_mutual_forms() -> bytes:
    """Two forms that draw each other."""
    return pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fa 6 0 R >> >> >>",
        4: stream(_text_page_content() + b" /Fa Do"),
        5: FONT,
        6: stream(b"0 0 10 10 re f /Fb Do", b"/Type /XObject /Subtype /Form /BBox [0 0 500 500] "
                  b"/Resources << /XObject << /Fb 7 0 R >> >> "),
        7: stream(b"5 5 10 10 re f /Fa Do", b"/Type /XObject /Subtype /Form /BBox [0 0 500 500] "
                  b"/Resources << /XObject << /Fa 6 0 R >> >> "),
    })


def pdf_many_pages(count: int = 10_000) -> bytes:
    """A real page tree of ``count`` pages (100 intermediate nodes of count/100 pages)."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: stream(b""),}
    per = 100
    nodes = []
    number = 4
    for n in range(count // per):
        node = number
        number += 1
        kids = []
        for _ in range(per):
            objects[number] = (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                               b"/Contents 3 0 R >>" % node)
            kids.append(b"%d 0 R" % number)
            number += 1
        objects[node] = (b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>"
                         % (b" ".join(kids), per))
        nodes.append(b"%d 0 R" % node)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(nodes), count)
    return pdf_from_objects(objects)


def pdf_huge_image(width: int = 100_000, height: int = 100_000) -> bytes:
    """A page drawing an image that declares width x height RGB pixels (30 GB decoded) from
    a few bytes of data."""
    data = zlib.compress(b"\x00" * 3000)
    return pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        4: stream(_text_page_content() + b" q 400 0 0 300 100 100 cm /Im1 Do Q"),
        5: FONT,
        6: stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                        b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode "
                        % (width, height)),
    })


def pdf_stream_bomb() -> bytes:
    """A page whose content stream inflates to 1.5 GB of spaces (a FlateDecode bomb)."""
    data = _deflate_repeated(b" " * (1 << 20), BOMB_BYTES // (1 << 20), raw=False)
    return pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: stream(data, b"/Filter /FlateDecode "),
        5: FONT,
    })


def _encrypted(source: Path, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=password, owner_password="prof-" + password,
                   algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _truncations(data: bytes) -> dict[str, bytes]:
    """Cuts before the final ``%%EOF`` at many offsets (a cut after it loses nothing)."""
    end = data.rfind(b"%%EOF")
    xref = data.rfind(b"startxref")
    offsets = {f"{p:g}pc": int(end * p / 100) for p in (0.01, 1, 5, 25, 50, 75, 90, 99, 99.9)}
    offsets.update({"in-startxref": xref + 4, "before-eof": end - 1, "header": 9,
                    "before-startxref": xref - 1})
    return {name: data[:max(1, cut)] for name, cut in offsets.items()}


def _xor(data: bytes, start: int, stop: int, every: int = 1, key: int = 0x5A) -> bytes:
    buf = bytearray(data)
    for i in range(start, stop, every):
        buf[i] ^= key
    return bytes(buf)


def _without_xref_and_trailer(data: bytes) -> bytes:
    """The objects, then ``%%EOF``: no cross-reference table, no trailer, no startxref."""
    at = data.rfind(b"startxref")
    xref = int(data[at + 9:].split()[0])  # the table, or the cross-reference stream object
    if not data[xref:xref + 4] == b"xref":
        xref = data.rfind(b"endobj", 0, xref) + len(b"endobj\n")
    return data[:xref] + b"%%EOF\n"


# --- ZIP helpers -------------------------------------------------------------------------------

def _deflate_repeated(chunk: bytes, times: int, raw: bool = True) -> bytes:
    """The deflate stream of ``chunk * times``, built from one compressed block repeated
    (a full flush resets the compressor, so every block compresses to the same bytes)."""
    wbits = -15 if raw else 15
    first = zlib.compressobj(9, zlib.DEFLATED, wbits)
    head = first.compress(chunk) + first.flush(zlib.Z_FULL_FLUSH)
    again = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = again.compress(chunk) + again.flush(zlib.Z_FULL_FLUSH)
    tail = again.flush(zlib.Z_FINISH)  # the final empty block
    body = head + block * (times - 1)
    if raw:
        return body + tail
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(chunk, adler)
    return body + tail + struct.pack(">I", adler)


def zip_bomb(path: Path, member: str, chunk: bytes, times: int, *, lie: bool = False,
             others: dict[str, bytes] | None = None) -> None:
    """A ZIP whose ``member`` inflates to ``chunk * times`` bytes, written with zipfile by
    streaming the pre-compressed raw deflate data (the deflate work is done once, on
    ``chunk``). ``lie``: the headers declare a size of 1 KiB instead."""
    deflated = _deflate_repeated(chunk, times)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    size = len(chunk) * times
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (others or {}).items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo(member, date_time=(2025, 6, 27, 12, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        # zipfile has no public API for raw compressed data: write the member's header and
        # data through the archive's own stream, then let it record the central directory.
        info.CRC = crc
        info.compress_size = len(deflated)
        info.file_size = 1024 if lie else size
        info.header_offset = archive.fp.tell()
        info.flag_bits = 0
        archive.fp.write(info.FileHeader(zip64=False))
        for i in range(0, len(deflated), 1 << 20):
            archive.fp.write(deflated[i:i + (1 << 20)])
        archive.start_dir = archive.fp.tell()
        archive.filelist.append(info)
        archive.NameToInfo[info.filename] = info


def _docx_members() -> dict[str, bytes]:
    with zipfile.ZipFile(GOOD_DOCX) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_zip(path: Path, members: dict[str, bytes], first: str | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if first is not None:
            archive.writestr(zipfile.ZipInfo(first), members[first],
                             compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != first:
                archive.writestr(name, data)


def _with_doctype(xml: bytes, doctype: bytes, pad: int = 0) -> bytes:
    """``xml`` with a document type declaration after its XML declaration, behind ``pad``
    bytes of comment (a check that only looks at the start of the part misses it)."""
    decl_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    comment = b"<!--" + b" " * pad + b"-->" if pad else b""
    return xml[:decl_end] + b"\n" + comment + doctype + xml[decl_end:]


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>")


def _entity_in_body(xml: bytes, entity: bytes) -> bytes:
    """Put ``&entity;`` in the first text run of a WordprocessingML body."""
    marker = b"<w:t>"
    at = xml.find(marker)
    if at < 0:
        marker = b"<w:t xml:space=\"preserve\">"
        at = xml.find(marker)
    at += len(marker)
    return xml[:at] + b"&" + entity + b";" + xml[at:]


def _odt_members() -> dict[str, bytes]:
    with zipfile.ZipFile(GOOD_ODT) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _odt_entity_in_body(xml: bytes, entity: bytes) -> bytes:
    at = xml.find(b"<text:p")
    at = xml.find(b">", at) + 1
    return xml[:at] + b"&" + entity + b";" + xml[at:]


# --- the corpus ------------------------------------------------------------------------------

def build(folder: Path, *, bombs: bool = True, sentinel: Path | None = None) -> list[Case]:
    """Write the corpus into ``folder``; ``sentinel``: the local file external entities
    point to (default: ``folder/../sentinel.txt``, written here)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if sentinel is None:
        sentinel = folder.parent / "sentinel.txt"
    sentinel.write_text(SENTINEL_TEXT + "\n", encoding="utf-8")
    cases: list[Case] = []

    def add(name: str, data: bytes, *, expect: str = "doc001", kind: str = "",
            reason: str | None = None, sub: str | None = None) -> Case:
        path = folder / (sub or name)
        path.write_bytes(data)
        case = Case(name=name, path=path, expect=expect,
                    kind=kind or path.suffix.lstrip("."), reason=reason)
        cases.append(case)
        return case

    pdf = GOOD_PDF.read_bytes()
    latex_pdf = GOOD_LATEX_PDF.read_bytes()

    # PDF: cut, flipped, without xref and trailer
    for label, cut in _truncations(pdf).items():
        add(f"truncated-{label}.pdf", cut)
    for label, cut in list(_truncations(latex_pdf).items())[::3]:
        add(f"latex-truncated-{label}.pdf", cut)
    startxref = pdf.rfind(b"startxref")
    add("flipped-body.pdf", _xor(pdf, 20, startxref))
    add("flipped-every-3rd.pdf", _xor(pdf, 20, startxref, every=3))
    add("flipped-every-7th.pdf", _xor(pdf, 20, len(pdf) - 10, every=7, key=0xFF))
    add("flipped-header.pdf", _xor(pdf, 0, 8), reason="not_pdf")
    add("no-xref-no-trailer.pdf", _without_xref_and_trailer(pdf))
    add("latex-no-xref-no-trailer.pdf", _without_xref_and_trailer(latex_pdf))
    add("minimal-no-xref-no-trailer.pdf", _without_xref_and_trailer(pdf_minimal()))
    # PDF: absurd structures made from scratch
    add("recursive-page-tree.pdf", pdf_recursive_tree())
    add("recursive-page-tree-indirect.pdf", pdf_recursive_tree_indirect())
    add("form-draws-itself.pdf", pdf_self_drawing_form())
    add("forms-draw-each-other.pdf", pdf_mutual_forms())
    add("10000-pages.pdf", pdf_many_pages(10_000), reason="too_many_pages")
    add("huge-image.pdf", pdf_huge_image())
    if bombs:
        add("content-stream-bomb.pdf", pdf_stream_bomb())
    add("password.pdf", _encrypted(GOOD_PDF, "secret"), reason="encrypted")
    add("password-aes256.pdf", _encrypted(GOOD_LATEX_PDF, "motdepasse"), reason="encrypted")
    # PDF: not PDFs
    add("empty.pdf", b"", reason="empty")
    add("random.pdf", bytes(range(256)) * 16, reason="not_pdf")
    add("html-error-page.pdf", b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
        reason="not_pdf")
    add("only-header.pdf", b"%PDF-1.7\n")
    add("docx-renamed.pdf", GOOD_DOCX.read_bytes())

    # DOCX / ODT packages
    members = _docx_members()
    add("not-a-zip.docx", "Rapport de stage\n".encode() * 100, reason="not_office")
    add("empty.docx", b"", reason="empty")
    add("empty.odt", b"", reason="empty")
    add("empty-zip.docx", b"PK\x05\x06" + b"\x00" * 18, reason="not_word_zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("readme.txt", "Mon rapport est dans le dossier.")
        archive.writestr("photos/stage.jpg", b"\xff\xd8\xff" + b"\x00" * 100)
    add("zip-not-word.docx", buf.getvalue(), reason="not_word_zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://'
                         b'schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    add("excel-renamed.docx", buf.getvalue(), reason="not_word_zip")
    add("truncated.docx", GOOD_DOCX.read_bytes()[: GOOD_DOCX.stat().st_size // 2])
    add("truncated.odt", GOOD_ODT.read_bytes()[: GOOD_ODT.stat().st_size // 2])
    data = bytearray(GOOD_DOCX.read_bytes())
    # flip bytes inside the first member's compressed data: the CRC cannot match
    data[100:400] = bytes(b ^ 0xA5 for b in data[100:400])
    add("flipped.docx", bytes(data))
    if bombs:
        bomb = folder / "bomb.docx"
        zip_bomb(bomb, "word/document.xml", b"<w:p/>" * 174763, BOMB_BYTES // (6 * 174763),
                 others={k: v for k, v in members.items() if k != "word/document.xml"})
        cases.append(Case("bomb.docx", bomb, kind="docx", reason="zip_bomb"))
        bomb = folder / "bomb-lying-header.docx"
        zip_bomb(bomb, "word/document.xml", b" " * (1 << 20), BOMB_BYTES >> 20, lie=True,
                 others={k: v for k, v in members.items() if k != "word/document.xml"})
        cases.append(Case("bomb-lying-header.docx", bomb, kind="docx"))
        bomb = folder / "bomb.odt"
        odt = _odt_members()
        zip_bomb(bomb, "content.xml", b" " * (1 << 20), BOMB_BYTES >> 20,
                 others={k: v for k, v in odt.items() if k != "content.xml"})
        cases.append(Case("bomb.odt", bomb, kind="odt", reason="zip_bomb"))
    # XML entity bomb and external entity, at the start of the part and behind padding
    sentinel_uri = sentinel.resolve().as_uri().encode()
    external = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "' + sentinel_uri + b'">]>'
    external_dtd = b'<!DOCTYPE w:document SYSTEM "' + sentinel_uri + b'">'
    for label, doctype, entity, pad in (
            ("entity-bomb", LAUGHS, b"lol9", 0),
            ("entity-bomb-padded", LAUGHS, b"lol9", 8000),
            ("external-entity", external, b"xxe", 0),
            ("external-entity-padded", external, b"xxe", 8000),
            ("external-dtd-padded", external_dtd, None, 8000)):
        changed = dict(members)
        xml = _with_doctype(members["word/document.xml"], doctype, pad)
        changed["word/document.xml"] = _entity_in_body(xml, entity) if entity else xml
        path = folder / f"{label}.docx"
        _write_zip(path, changed)
        cases.append(Case(f"{label}.docx", path, kind="docx"))
    # the same external entity in UTF-16 (a byte search for "<!DOCTYPE" does not see it)
    changed = dict(members)
    xml = _entity_in_body(_with_doctype(members["word/document.xml"], external), b"xxe")
    xml = xml.replace(b'encoding="UTF-8"', b'encoding="UTF-16"', 1)
    changed["word/document.xml"] = xml.decode("utf-8").encode("utf-16")
    _write_zip(folder / "external-entity-utf16.docx", changed)
    cases.append(Case("external-entity-utf16.docx", folder / "external-entity-utf16.docx",
                      kind="docx"))
    odt = _odt_members()
    for label, doctype, entity in (("entity-bomb", LAUGHS, b"lol9"),
                                   ("external-entity", external.replace(b"w:document",
                                                                        b"office:document-content"),
                                    b"xxe")):
        changed = dict(odt)
        xml = _with_doctype(odt["content.xml"], doctype, 8000)
        changed["content.xml"] = _odt_entity_in_body(xml, entity)
        path = folder / f"{label}.odt"
        _write_zip(path, changed, first="mimetype")
        cases.append(Case(f"{label}.odt", path, kind="odt"))

    # legacy and look-alikes
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xff" * 1536
    add("legacy.doc", ole, kind="other", reason="legacy_doc")
    add("legacy-renamed.docx", ole, reason="legacy_doc")
    add("~$rapport.docx", b"\x0bTheo Garnier" + b"\x00" * 149, reason="lock_file")
    add("rapport.rtf", b"{\\rtf1\\ansi Rapport de stage}", kind="other", reason="rtf")

    # not regular files
    folder_pdf = folder / "rapport.pdf"
    folder_pdf.mkdir()
    (folder_pdf / "notes.txt").write_text("pas un rapport")
    cases.append(Case("folder-named.pdf", folder_pdf, kind="other", reason="is_directory"))
    if hasattr(os, "mkfifo"):
        fifo = folder / "fifo.pdf"
        os.mkfifo(fifo)
        cases.append(Case("fifo.pdf", fifo, kind="other", reason="not_regular_file"))
    device = folder / "device.pdf"
    device.symlink_to("/dev/zero")
    cases.append(Case("device.pdf", device, kind="other", reason="not_regular_file"))

    # LaTeX in Latin-1 (the LaTeX parser is being written: DOC001 or a normal result)
    tex = ("\\documentclass{article}\n\\usepackage[latin1]{inputenc}\n\\begin{document}\n"
           "\\section{Présentation de l'entreprise}\nÉlève en BTS, j'ai été accueilli à "
           "Grenoble.\n\\end{document}\n").encode("latin-1")
    case = add("latin1.tex", tex, expect="either")
    case.notes.append("LaTeX parser in progress: DOC001 or a normal result")
    add("binary.md", bytes(range(256)) * 8, expect="either")

    # awkward but valid names: checked normally
    for stem in ("rapport de stage", "rapport-élève-Théo_Garnier", "rapport \"final\" l'été",
                 "rapport\nligne2", "  espaces  "):
        for good in (GOOD_PDF, GOOD_DOCX, GOOD_ODT):
            path = folder / (stem + good.suffix)
            path.write_bytes(good.read_bytes())
            cases.append(Case(f"name:{stem!r}{good.suffix}", path, expect="normal",
                              kind=good.suffix.lstrip(".")))
    return cases


def unreadable_file(folder: Path) -> Path:
    """A report its reader may not open (mode 000). Root reads it anyway: the tests then run
    the linter as an unprivileged user (see tests/test_hostile.py)."""
    path = Path(folder) / "interdit.pdf"
    path.write_bytes(GOOD_PDF.read_bytes())
    path.chmod(0)
    return path


if __name__ == "__main__":  # python tests/badinputs.py OUT
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "badinputs")
    for case in build(out):
        print(f"{case.expect:7} {case.path}")
