"""What the LaTeX and Markdown readers share: pages for a report written as source files.

A source reader walks the files and produces a *flow* (the items of :mod:`._flow`:
paragraphs with their size, headings with their level, pictures with their size, page
breaks) plus :class:`IncludedPages` (pages of a PDF put in as they are, ``\\includepdf``).
Then the pages come from, in that order:

1. a compiled PDF of the report (``pdf =`` in the configuration, else the main file's name
   with ``.pdf``) when it is newer than every source: read by the PDF parser, exact;
2. with ``--build`` (setting ``build``), the PDF compiled now by ``latexmk`` (or
   ``pdflatex``) or ``pandoc`` in a private temporary folder (the repository is not
   written to);
3. otherwise the flow poured into estimated pages by :mod:`._flow`'s page filler;
   ``Document.pages_estimated`` is then true (page-level findings say so and are at most
   warnings).

A compiled PDF older than a source is not used, and the Document says so
(``SourceNotes.pdf_problem == "stale"``, reported by DOC006).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from report_lint.document import Document, ImageBox, Line, Page
from report_lint.findings import UnreadableInput
from report_lint.parsers._flow import Break, Geometry, TableBlock, _Pager
from report_lint.parsers.render import kill_group
from report_lint.suppressions import SourceNotes, resolve

BUILD_TIMEOUT = 300  # seconds for one compilation
PX = 0.75  # one CSS pixel in points (96 dpi)
UNITS = {"pt": 1.0, "bp": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pc": 12.0,
         "px": PX, "em": 12.0, "ex": 5.5, "dd": 1.07, "cc": 12.84, "sp": 1 / 65536}
PAPERS = {"a4paper": (595.28, 841.89), "a5paper": (419.53, 595.28), "b5paper": (498.9, 708.66),
          "letterpaper": (612.0, 792.0), "legalpaper": (612.0, 1008.0),
          "executivepaper": (522.0, 756.0)}


@dataclass
class IncludedPages:
    """Pages of another PDF placed as they are (``\\includepdf``), each on its own page."""

    pages: list[Page]
    source: str = ""


@dataclass
class Flow:
    """What a source reader produced: the items in reading order, the text of each (to find
    it again in a compiled PDF), the first page geometry and the notes."""

    items: list = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    geometry: Geometry = field(default_factory=Geometry)
    notes: SourceNotes | None = None
    #: Items that are headings of the annex part (for the record).
    metadata: dict[str, str] = field(default_factory=dict)

    def add(self, item, text: str = "") -> int:
        self.items.append(item)
        self.texts.append(text)
        return len(self.items) - 1


# --- lengths ----------------------------------------------------------------------------

def length_pt(value: str, reference: float | None = None, em: float = 12.0) -> float | None:
    """``"8cm"``, ``"0.5\\textwidth"``, ``"50%"``, ``"300px"``, ``"300"`` (pixels) in points;
    ``reference`` is the text width (for ``\\textwidth``, ``\\linewidth`` and ``%``)."""
    text = str(value).strip().replace(" ", "")
    if not text:
        return None
    match = re.fullmatch(r"([0-9]*\.?[0-9]+)?\\(textwidth|linewidth|columnwidth|hsize|"
                         r"textheight|paperwidth|paperheight)", text)
    if match:
        factor = float(match.group(1) or 1.0)
        return factor * reference if reference else None
    match = re.fullmatch(r"([0-9]*\.?[0-9]+)\s*(%|[a-z]{2})?", text)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit == "%":
        return number / 100 * reference if reference else None
    if unit is None:
        return number * PX
    if unit == "em":
        return number * em
    return number * UNITS[unit] if unit in UNITS else None


# --- picture sizes ----------------------------------------------------------------------

def image_size(path: Path) -> tuple[float, float] | None:
    """Natural size in points of a PNG, JPEG, GIF or PDF (first page), without decoding."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64 * 1024)
    except OSError:
        return None
    try:
        if head.startswith(b"\x89PNG") and len(head) >= 24:
            w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
            dpi = _png_dpi(head) or 72.0
            return w * 72 / dpi, h * 72 / dpi
        if head.startswith(b"\xff\xd8"):
            return _jpeg_size(head)
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return int.from_bytes(head[6:8], "little") * PX, int.from_bytes(head[8:10], "little") * PX
        if head.startswith(b"%PDF"):
            from pypdf import PdfReader

            page = PdfReader(str(path)).pages[0]
            box = page.cropbox
            w, h = float(box.width), float(box.height)
            return (h, w) if (page.get("/Rotate") or 0) % 180 else (w, h)
    except Exception:  # noqa: BLE001 - a damaged picture: size unknown
        return None
    return None


def _png_dpi(head: bytes) -> float | None:
    at = head.find(b"pHYs")
    if at < 0 or len(head) < at + 13:
        return None
    ppu = int.from_bytes(head[at + 4:at + 8], "big")
    return ppu * 0.0254 if head[at + 12] == 1 and ppu else None


def _jpeg_size(data: bytes) -> tuple[float, float] | None:
    i, dpi = 2, 72.0
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker == 0xE0 and data[i + 4:i + 9] == b"JFIF\x00":
            unit, xd = data[i + 11], int.from_bytes(data[i + 12:i + 14], "big")
            if unit == 1 and xd:
                dpi = float(xd)
            elif unit == 2 and xd:
                dpi = xd * 2.54
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                      0xCF):
            h = int.from_bytes(data[i + 5:i + 7], "big")
            w = int.from_bytes(data[i + 7:i + 9], "big")
            # LaTeX reads a JPEG without a resolution at 72 dpi, browsers at 96: keep 72.
            return w * 72 / dpi, h * 72 / dpi
        i += 2 + length
    return None


def fit_picture(natural: tuple[float, float] | None, width: float | None, height: float | None,
                scale: float | None, keep_aspect: bool, max_width: float) -> tuple[float, float]:
    """The size a picture is drawn at from its natural size and the requested ones."""
    nw, nh = natural or (max_width * 0.6, max_width * 0.4)
    if scale:
        return nw * scale, nh * scale
    if width and height:
        if keep_aspect and nw and nh:
            factor = min(width / nw, height / nh)
            return nw * factor, nh * factor
        return width, height
    if width:
        return width, nh * width / nw if nw else width * 0.66
    if height:
        return nw * height / nh if nh else height * 1.5, height
    return nw, nh


# --- included PDF pages -----------------------------------------------------------------

def included_pages(pdf: Path, selection: str | None, paper: tuple[float, float]) -> list[Page]:
    """Pages of ``pdf`` as ``\\includepdf`` places them: each scaled to fit the paper and
    centred (pdfpages' default); ``selection`` is its ``pages=`` option (default: 1)."""
    from report_lint.parsers.pdf_backend import parse_any_pdf

    doc = parse_any_pdf(pdf)
    numbers = _page_selection(selection or "1", doc.page_count)
    out = []
    for n in numbers:
        src = doc.pages[n - 1]
        pw, ph = paper
        factor = min(pw / src.width, ph / src.height) if src.width and src.height else 1.0
        dx, dy = (pw - src.width * factor) / 2, (ph - src.height * factor) / 2
        page = Page(number=0, width=pw, height=ph)
        for line in src.lines:
            page.lines.append(Line(line.text, dx + line.x0 * factor, dy + line.top * factor,
                                   dx + line.x1 * factor, dy + line.bottom * factor,
                                   line.size * factor, line.bold))
        for box in src.images:
            page.images.append(ImageBox(
                points=[(dx + x * factor, dy + y * factor) for x, y in box.points],
                clips=[[(dx + x * factor, dy + y * factor) for x, y in clip] for clip in box.clips],
                kind=box.kind))
        out.append(page)
    return out


def _page_selection(text: str, count: int) -> list[int]:
    numbers: list[int] = []
    for part in text.strip("{} ").split(","):
        part = part.strip()
        if not part or part == "{}":
            continue
        if "-" in part:
            a, _, b = part.partition("-")
            start = int(a) if a.strip().isdigit() else 1
            end = int(b) if b.strip().isdigit() else count
            numbers.extend(range(start, min(end, count) + 1))
        elif part.isdigit() and 1 <= int(part) <= count:
            numbers.append(int(part))
    return numbers


# --- estimated pages --------------------------------------------------------------------

def lay_out(flow: Flow, path: Path, fmt: str) -> tuple[Document, list[int]]:
    """Pour the flow into estimated pages with :mod:`._flow`'s page filler; return the
    Document and the page each item starts on."""
    pager = _Pager(1.0, False, flow.geometry)
    item_pages: list[int] = []
    for item in flow.items:
        if isinstance(item, IncludedPages):
            if pager.fresh and not pager.page.lines and not pager.page.images:
                pager.pages.pop()
            item_pages.append(len(pager.pages) + 1)
            for page in item.pages:
                page.number = len(pager.pages) + 1
                pager.pages.append(page)
            pager._new_page()
            continue
        if isinstance(item, Break):
            if item.geometry is not None:
                pager.geometry = item.geometry
            # TeX drops the space above a heading at the top of a page (hard=False)
            if not pager.fresh:
                pager.new_page(item.parity, hard=False)
            elif item.parity:
                number = len(pager.pages)
                if item.parity == "odd" and number % 2 == 0 or \
                        item.parity == "even" and number % 2 == 1:
                    pager.new_page(hard=False)
            item_pages.append(len(pager.pages))
            continue
        before = len(pager.pages)
        held = (len(pager.page.lines), len(pager.page.images))
        if isinstance(item, TableBlock):
            pager.place_table(item)
        else:
            pager.place_para(item)
        page = pager.pages[before - 1]
        grew = (len(page.lines), len(page.images)) != held
        item_pages.append(before if grew or len(pager.pages) == before else before + 1)
    while len(pager.pages) > 1 and not pager.pages[-1].lines and not pager.pages[-1].images:
        pager.pages.pop()
    count = len(pager.pages)
    item_pages = [min(p, count) for p in item_pages]
    doc = Document(path=str(path), format=fmt, pages=pager.pages, pages_estimated=True)
    doc.outline = pager.outline
    return doc, item_pages


# --- compiled PDF -----------------------------------------------------------------------

def compiled_pdf(main: Path, sources: list[Path], settings: dict, notes: SourceNotes
                 ) -> Path | None:
    """The compiled PDF to read the pages from, or None (``notes`` say why)."""
    configured = settings.get("pdf")
    if configured is False or (isinstance(configured, str) and configured.lower() in
                               ("", "false", "no", "none")):
        return None
    candidate = (main.parent / str(configured)) if isinstance(configured, str) else \
        main.with_suffix(".pdf")
    if not candidate.is_file():
        return None
    notes.pdf = str(candidate)
    try:
        built = candidate.stat().st_mtime
    except OSError:
        return None
    newest, newest_time = None, 0.0
    for source in sources:
        try:
            t = source.stat().st_mtime
        except OSError:
            continue
        if t > newest_time:
            newest, newest_time = source, t
    if newest is not None and newest_time > built:
        notes.pdf_problem = "stale"
        notes.newer = _relative(newest, main.parent)
        return None
    return candidate


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def wants_build(settings: dict) -> bool:
    value = settings.get("build")
    if value is None:
        value = os.environ.get("REPORT_LINT_BUILD", "")
    return str(value).lower() in ("1", "true", "yes", "on")


def build_pdf(command: list[str], cwd: Path, output: Path, env: dict | None = None,
              timeout: float = BUILD_TIMEOUT) -> tuple[bool, str]:
    """Run a compiler in its own session under a time limit; (ok, last lines of output)."""
    try:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=env or dict(os.environ), start_new_session=True)
    except OSError as exc:
        return False, str(exc)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        return False, f"{command[0]} took more than {timeout:.0f} s"
    finally:
        kill_group(process)
    text = out.decode("utf-8", "replace").strip().splitlines()
    ok = process.returncode == 0 and output.is_file() and output.stat().st_size > 0
    detail = next((ln for ln in text if ln.startswith("!")), text[-1] if text else "")
    return ok, detail[:300]




def temp_build_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="report-lint-build-")


def which(name: str) -> str | None:
    return shutil.which(name)


# --- putting it together ------------------------------------------------------------------

def document_for(flow: Flow, path: Path, fmt: str, pdf: Path | None) -> Document:
    """The Document of a source report: from ``pdf`` when given (exact pages, the source's
    directives placed by finding their text in it), else estimated from the flow."""
    notes = flow.notes
    if pdf is not None:
        from report_lint.parsers.pdf_backend import parse_any_pdf

        try:
            doc = parse_any_pdf(pdf)
        except UnreadableInput:
            doc = None
            if notes is not None:
                notes.pdf_problem = notes.pdf_problem or "unreadable"
        if doc is not None:
            doc.path, doc.format = str(path), fmt
            doc.pages_estimated = False
            doc.metadata["pages_from"] = str(pdf)
            anchor = text_anchors(flow.texts, doc)
            _finish(doc, notes, anchor)
            return doc
    doc, item_pages = lay_out(flow, path, fmt)
    doc.metadata["pages_from"] = "estimated"
    if notes is not None:
        notes.pages_from = "estimated"

    def anchor(i: int) -> int | None:
        return item_pages[i] if 0 <= i < len(item_pages) else None

    _finish(doc, notes, anchor)
    return doc


def _finish(doc: Document, notes: SourceNotes | None, anchor) -> None:
    doc.metadata.update({k: v for k, v in (("main", notes.main if notes else ""),) if v})
    if notes is None:
        return
    last = max(doc.page_count, 1)
    resolve(notes.suppressions, anchor, last)
    notes.missing = [(kind, name, where, anchor(i) if isinstance(i, int) else None)
                     for kind, name, where, i in notes.missing]
    doc.source = notes


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum())


def text_anchors(texts: list[str], doc: Document):
    """``anchor(i)``: the page of the compiled PDF where item ``i`` of the flow is, found by
    its text (the first words, pages searched in reading order); items without text take
    the page of the next item that has some."""
    pages = [_norm(page.text) for page in doc.pages]
    found: list[int | None] = []
    cursor = 0
    for text in texts:
        key = _norm(text)[:40]
        page = None
        if len(key) >= 8:
            for n in range(cursor, len(pages)):
                if key in pages[n]:
                    page = n
                    break
            if page is None:  # split across two pages: its start only
                short = key[:16]
                for n in range(cursor, len(pages)):
                    if short in pages[n]:
                        page = n
                        break
        if page is not None:
            cursor = page
        found.append(page + 1 if page is not None else None)
    # fill the gaps with the next known page (a picture is on the page of what follows)
    nxt: int | None = None
    for i in range(len(found) - 1, -1, -1):
        if found[i] is None:
            found[i] = nxt
        else:
            nxt = found[i]

    def anchor(i: int) -> int | None:
        return found[i] if 0 <= i < len(found) else None

    return anchor


# --- entry point and folder search -------------------------------------------------------

def parse_source(path: Path, settings: dict) -> Document:
    """A LaTeX or Markdown report (``path`` is its main file or one of its files)."""
    if path.suffix.lower() == ".tex":
        from report_lint.parsers.latex import parse_latex

        return parse_latex(path, settings)
    from report_lint.parsers.markdown import parse_markdown

    return parse_markdown(path, settings)


def select_reports(files: list[Path]) -> list[Path]:
    """Of the files a folder search found, the reports: a LaTeX report by its main file
    (the chapters it includes are not reports of their own), a Markdown report by its first
    source, and no PDF that a source report compiles to or includes (an annex, a figure)."""
    from report_lint.parsers import latex, markdown

    chosen: list[Path] = []
    owned: set[Path] = set()
    tex = [f for f in files if f.suffix.lower() == ".tex"]
    md = [f for f in files if f.suffix.lower() in (".md", ".markdown")]
    mains = [f for f in tex if latex.has_documentclass(f)]
    for main in mains:
        try:
            sources, assets = latex.dependencies(main)
        except Exception:  # noqa: BLE001 - unreadable: the check will say so
            sources, assets = [main], []
        owned |= {p.resolve() for p in sources + assets}
        owned.add(main.with_suffix(".pdf").resolve())
    seen_md: set[Path] = set()
    for folder in sorted({f.parent for f in md}):
        try:
            report = markdown.report_in(folder)
        except Exception:  # noqa: BLE001
            report = None
        if report is None:
            continue
        first, sources, assets, pdf = report
        seen_md |= {p.resolve() for p in sources}
        owned |= {p.resolve() for p in sources + assets}
        if pdf is not None:
            owned.add(pdf.resolve())
        chosen.append(first)
    for f in files:
        key = f.resolve()
        if f.suffix.lower() == ".tex":
            if f in mains:
                chosen.append(f)
        elif f.suffix.lower() in (".md", ".markdown"):
            continue
        elif key not in owned:
            chosen.append(f)
    order = {f.resolve(): n for n, f in enumerate(files)}
    return sorted(dict.fromkeys(chosen), key=lambda f: order.get(f.resolve(), len(order)))


def is_file(path: Path) -> bool:
    """``Path.is_file`` for names taken from a report's text: a name too long or invalid
    for the system is simply not a file (``\\include{<a whole paragraph>}``)."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def exists(path: Path) -> bool:
    """``Path.exists`` for names taken from a report's text (see :func:`is_file`)."""
    try:
        return Path(path).exists()
    except (OSError, ValueError):
        return False
