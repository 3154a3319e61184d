"""One upload, read as it arrives into a private folder: never more than the size limit,
never under the client's file name, typed from its first bytes.

Starlette's own form parser would spool the file to the system's temporary folder under a
name of its own and read the whole body before the size could be judged; reading the
multipart stream here (python-multipart's parser, the one Starlette uses) lets the server
refuse a body that is too large as soon as it is (HTTP 413) and put the file where it is
removed with the request's folder.

A refusal is only read by a client that is not busy sending: browsers' form posts and
Python's urllib send the whole body before they read a byte of the answer, and a server that
closes with part of the body unread makes the kernel reset the connection, which such a
client shows as "connection reset" instead of the 413. :meth:`Body.discard` reads the rest of
a refused body and throws it away, up to :data:`DISCARD_FACTOR` times the limit and
:data:`DISCARD_SECONDS`; the answer follows, then the connection is closed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from report_lint.parsers._office import OLE_MAGIC, ZIP_MAGIC

#: Room for the multipart headers and the small fields around the file.
OVERHEAD = 64 * 1024
#: A refused body is read on and thrown away (never stored) up to this many times the size
#: limit, never more than DISCARD_CAP bytes in all, and for DISCARD_SECONDS at most; beyond
#: that the connection is closed (the client may then see it reset).
DISCARD_FACTOR = 4
DISCARD_CAP = 256 * 1024 * 1024
DISCARD_SECONDS = 60.0
#: The fields read besides the file, and their longest value.
FIELDS = ("lang", "profile")
FIELD_MAX = 200
#: What a report's content starts with: PDF (within its first KiB, as readers allow), a ZIP
#: (DOCX, ODT) or an OLE container (a legacy .doc or a password-protected DOCX: the parser
#: says which, as DOC001).
PDF_MAGIC = b"%PDF-"


class UploadError(Exception):
    """An upload refused: ``status`` (400, 413, 415) and ``code`` (``no_file``,
    ``too_large``, ``not_a_report``, ``bad_request``) for the answer."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


@dataclass
class Upload:
    path: Path  # in the request's private folder, named by its type
    name: str  # the client's file name, for display only (never a path)
    kind: str  # pdf | office
    fields: dict[str, str] = field(default_factory=dict)


class ClientGone(Exception):
    """The client closed the connection before the end of its body."""


class Body:
    """The request's body as it arrives (the ASGI messages, counted), so that what a refusal
    left unread can be read and thrown away before the answer."""

    def __init__(self, request) -> None:
        self._receive = request.receive
        declared = request.headers.get("content-length")
        self.declared = int(declared) if declared is not None and declared.isdigit() else None
        # A client that waits for "100 Continue" has sent no body: nothing to throw away,
        # and reading would invite it to send.
        self.expects_continue = "100-continue" in request.headers.get("expect", "").lower()
        self.received = 0
        self.complete = False  # the last part of the body has come
        self.gone = False

    async def chunks(self):
        """The body's chunks, as they come; :class:`ClientGone` if the client leaves."""
        while not self.complete:
            body = await self._next()
            if body:
                yield body

    async def _next(self) -> bytes:
        message = await self._receive()
        if message["type"] != "http.request":  # http.disconnect
            self.gone = True
            raise ClientGone
        body = message.get("body", b"")
        self.received += len(body)
        if not message.get("more_body", False):
            self.complete = True
        return body

    async def discard(self, bound: int, seconds: float = DISCARD_SECONDS) -> bool:
        """Read what is left of the body and drop it, while at most ``bound`` bytes have
        come in all and for ``seconds`` at most. True when the body has been read to its
        end (the client is now reading the answer), False when it was given up."""
        if self.complete:
            return True
        if self.gone or self.expects_continue:
            return False
        if self.declared is not None and self.declared > bound:
            return False  # not worth reading: the connection is closed instead
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not self.complete:
            left = deadline - loop.time()
            if self.received > bound or left <= 0:
                return False
            try:
                await asyncio.wait_for(self._next(), left)  # the bytes are dropped here
            except (asyncio.TimeoutError, ClientGone):
                return False
        return True


def discard_bound(max_bytes: int) -> int:
    """How many bytes of a refused body are read and thrown away at most."""
    return max(max_bytes + OVERHEAD, min(DISCARD_FACTOR * max_bytes + OVERHEAD, DISCARD_CAP))


def kind_of(head: bytes) -> str | None:
    """``pdf`` or ``office`` from a file's first KiB, None for anything else."""
    if PDF_MAGIC in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        return "office"
    return None


def display_name(raw: str | None) -> str:
    """The last part of the client's file name, for the page and the JSON ``path``."""
    name = PurePath((raw or "").replace("\\", "/")).name.strip()
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return name or "rapport"


async def receive(request, body: Body, folder: Path, max_bytes: int) -> Upload:
    """Read the multipart ``body`` of ``request``: the part named ``file`` goes to
    ``folder``; ``lang`` and ``profile`` are kept. Raises :class:`UploadError`."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    if body.declared is not None and body.declared > max_bytes + OVERHEAD:
        raise UploadError(413, "too_large")  # before reading a byte of the body
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or not params.get(b"boundary"):
        raise UploadError(400, "no_file")

    target = folder / "upload"
    state = {"header": b"", "value": b"", "disposition": b"", "size": 0,
             "file": None, "field": None, "data": bytearray(), "seen_file": False,
             "filename": None}
    fields: dict[str, str] = {}
    handle = open(target, "wb")  # noqa: SIM115 - closed in finally

    def on_part_begin() -> None:
        state.update(disposition=b"", field=None, file=None, data=bytearray())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        if state["header"].lower() == b"content-disposition":
            state["disposition"] = state["value"]
        state["header"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        _, options = parse_options_header(state["disposition"])
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if name == "file" and b"filename" in options and not state["seen_file"]:
            state["file"] = True
            state["seen_file"] = True
            state["filename"] = options[b"filename"].decode("utf-8", "replace")
        elif name in FIELDS:
            state["field"] = name

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state["file"]:
            state["size"] += end - start
            if state["size"] > max_bytes:
                raise UploadError(413, "too_large")
            handle.write(data[start:end])
        elif state["field"]:
            state["data"] += data[start:end]
            if len(state["data"]) > FIELD_MAX:
                raise UploadError(400, "bad_request")

    def on_part_end() -> None:
        if state["field"]:
            fields[state["field"]] = bytes(state["data"]).decode("utf-8", "replace").strip()
        state["file"] = None

    parser = MultipartParser(params[b"boundary"], {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end})
    try:
        async for chunk in body.chunks():
            if body.received > max_bytes + OVERHEAD:
                raise UploadError(413, "too_large")
            parser.write(chunk)
        parser.finalize()
    except UploadError:
        raise
    except Exception:  # noqa: BLE001 - a malformed body, or the client went away
        raise UploadError(400, "bad_request") from None
    finally:
        handle.close()

    if not state["seen_file"] or state["size"] == 0:
        raise UploadError(400, "no_file")
    with target.open("rb") as fh:
        kind = kind_of(fh.read(1024))
    if kind is None:
        raise UploadError(415, "not_a_report")
    # The name the parsers see says only what the content is: .pdf, or .docx for a ZIP or
    # OLE container (an ODT is told apart by its content).
    path = target.rename(folder / ("rapport.pdf" if kind == "pdf" else "rapport.docx"))
    return Upload(path, display_name(state["filename"]), kind, fields)
