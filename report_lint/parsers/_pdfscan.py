"""Checks on a PDF's raw bytes before any PDF library reads it (issue 7).

PDF libraries trust the file: PDFium inflates a content stream whole (a 1.5 MB file that
inflates to 1.5 GB takes 2.6 GB of memory), unrolls a Form XObject that draws itself twice
into billions of objects (it never returns), and both libraries repair a file whose
cross-reference table and trailer are missing by guessing. This module refuses such files
first, with a reason a student understands (a DOC001 finding):

* ``no_trailer``: no ``startxref`` near the end: the file's index of its objects is gone;
* ``stream_bomb``: a stream (content, form, font, object stream) inflates past
  :data:`MAX_STREAM` bytes, or all of them together past :data:`MAX_INFLATED`; streams are
  inflated in chunks and counted, never kept;
* ``huge_image``: an image declares more than :data:`MAX_PIXELS` pixels (no report holds
  one: a 1200 dpi A4 scan is 140 million);
* ``recursive`` (:func:`drawing_cycle`, with pypdf): a Form XObject that draws itself,
  directly or through others. Only run when some form draws other XObjects
  (:attr:`Scan.nested_forms`), which is rare, so an ordinary report pays nothing for it.

Streams are found by their ``stream`` keyword after a dictionary, which is where every
stream is (object streams cannot hold streams). Images are not inflated: neither backend
decodes pictures.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

from report_lint.findings import UnreadableInput

MAX_STREAM = 100 * 1024 * 1024  # one inflated stream
MAX_INFLATED = 400 * 1024 * 1024  # all inflated streams together
MAX_PIXELS = 400_000_000
MAX_FORMS = 5_000  # forms visited by drawing_cycle before it gives up looking
_CHUNK = 1 << 20
_TAIL = 4096

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_INT = rb"\s*(\d+)(?!\s+\d+\s+R)"
_WIDTH = re.compile(rb"/Width" + _INT)
_HEIGHT = re.compile(rb"/Height" + _INT)
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)(?![A-Za-z])")
_OTHER_FILTER = re.compile(rb"/(?:LZWDecode|LZW|RunLengthDecode|RL|DCTDecode|DCT|JPXDecode|"
                           rb"JBIG2Decode|CCITTFaxDecode|CCF|Crypt)(?![A-Za-z])")
_IMAGE = re.compile(rb"/Subtype\s*/Image(?![A-Za-z])")
_FORM = re.compile(rb"/Subtype\s*/Form(?![A-Za-z])")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![A-Za-z0-9])")


@dataclass
class Scan:
    inflated: int = 0  # bytes inflated in all
    streams: int = 0
    nested_forms: bool = False  # some Form XObject draws an XObject (Do)


def scan_pdf(data: bytes) -> Scan:
    """Refuse ``data`` (raise :class:`UnreadableInput`) when it is built to exhaust a reader."""
    if b"startxref" not in data[-_TAIL:]:
        raise UnreadableInput("no_trailer")
    result = Scan()
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - 16384):match.start() + 2]
        objects = list(_OBJ.finditer(head))
        if objects:
            head = head[objects[-1].end():]
        result.streams += 1
        if _IMAGE.search(head):
            _check_image(head)
            continue
        form = _FORM.search(head) is not None
        if form and not result.nested_forms and b"/Filter" not in head:
            end = data.find(b"endstream", start)
            if _DO.search(data, start, end if end >= 0 else len(data)):
                result.nested_forms = True
        if not _FLATE.search(head) or _OTHER_FILTER.search(head):
            continue  # not compressed, or with a filter nobody here inflates whole
        result.inflated += _inflated_size(view, start, MAX_INFLATED - result.inflated,
                                          look_for_do=form, scan=result)
    return result


def _check_image(head: bytes) -> None:
    width, height = _WIDTH.search(head), _HEIGHT.search(head)
    if width and height:
        w, h = int(width.group(1)), int(height.group(1))
        if w * h > MAX_PIXELS:
            raise UnreadableInput("huge_image", f"{w} x {h}", width=w, height=h)


def _inflated_size(view: memoryview, start: int, budget: int, *, look_for_do: bool,
                   scan: Scan) -> int:
    """Bytes the zlib stream at ``start`` inflates to (counted in chunks, not kept);
    :class:`UnreadableInput` past the limits. A damaged stream counts what inflated before
    the damage: the PDF library will judge the rest."""
    limit = min(MAX_STREAM, budget)
    inflater = zlib.decompressobj()
    total = 0
    pos = start
    tail = b""
    try:
        while pos < len(view) and not inflater.eof:
            piece = inflater.decompress(view[pos:pos + _CHUNK], _CHUNK)
            pos += _CHUNK
            while True:
                total += len(piece)
                if total > limit:
                    raise UnreadableInput("stream_bomb", f"more than {limit >> 20} MB",
                                          limit=limit >> 20)
                if look_for_do and not scan.nested_forms and piece:
                    if _DO.search(tail + piece):
                        scan.nested_forms = True
                    tail = piece[-64:]
                if not inflater.unconsumed_tail or inflater.eof:
                    break
                piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
    except zlib.error:
        pass
    return total


# --- forms that draw themselves ------------------------------------------------------------

def drawing_cycle(pages: Any) -> bool:
    """True when a Form XObject reachable from a page draws itself, directly or through
    other forms (pypdf objects). Gives up (False) after :data:`MAX_FORMS` forms."""
    done: set[tuple] = set()
    budget = [MAX_FORMS]
    for page in pages:
        try:
            resources = _get(page, "/Resources")
        except Exception:  # noqa: BLE001 - a page the backends will judge themselves
            continue
        for ref in _xobjects(resources).values():
            if _visit(ref, resources, [], done, budget):
                return True
            if budget[0] <= 0:
                return False
    return False


def _visit(ref: Any, inherited: Any, stack: list[Any], done: set, budget: list[int]) -> bool:
    key = _key(ref)
    if key in stack:
        return True
    try:
        xobj = ref.get_object() if hasattr(ref, "get_object") else ref
        if _name(xobj.get("/Subtype")) != "/Form":
            return False
    except Exception:  # noqa: BLE001
        return False
    own = _get(xobj, "/Resources")
    resources = own if own is not None else inherited
    state = (key, id(resources))
    if state in done:
        return False
    budget[0] -= 1
    if budget[0] <= 0:
        return False
    try:
        content = xobj.get_data()
    except Exception:  # noqa: BLE001 - a damaged form: the backends will judge it
        content = b""
    names = {m.group(1).decode("latin-1") for m in _DO.finditer(content or b"")}
    if names:
        xobjects = _xobjects(resources)
        stack.append(key)
        for name in names:
            child = xobjects.get("/" + name)
            if child is not None and _visit(child, resources, stack, done, budget):
                return True
        stack.pop()
    done.add(state)
    return False


def _get(obj: Any, key: str) -> Any:
    value = obj.get(key)
    return value.get_object() if hasattr(value, "get_object") else value


def _xobjects(resources: Any) -> dict:
    try:
        xobjects = _get(resources, "/XObject") if resources is not None else None
        return dict(xobjects.items()) if xobjects is not None else {}
    except Exception:  # noqa: BLE001
        return {}


def _key(ref: Any) -> Any:
    if hasattr(ref, "idnum"):
        return ("ref", ref.idnum, ref.generation)
    return ("id", id(ref))


def _name(value: Any) -> str:
    return str(value) if value is not None else ""
