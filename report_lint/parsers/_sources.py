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

import bisect
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from report_lint.chains import longest_chain
from report_lint.document import Document, ImageBox, Line, Page
from report_lint.findings import UnreadableInput
from report_lint.parsers._flow import Break, Geometry, TableBlock, _Pager
from report_lint.parsers.render import kill_group
from report_lint.suppressions import SourceNotes, resolve

BUILD_TIMEOUT = 300  # seconds for one compilation
#: A source written less than this many seconds after the compiled PDF is not newer: a
#: checkout or a copy writes the files of a repository one after the other.
STALE_TOLERANCE = 10.0
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
    metadata: dict[str, str] = field(default_factory=dict)
    #: Index of the first item of the annex part the source declares (LaTeX ``\\appendix``,
    #: ``appendices``), None when it declares none.
    annex_start: int | None = None

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
    first_lines: list[int] = []  # index of each item's first line on its page
    for item in flow.items:
        first_lines.append(len(pager.page.lines))
        if isinstance(item, IncludedPages):
            if pager.fresh and not pager.page.lines and not pager.page.images:
                pager.pages.pop()
            item_pages.append(len(pager.pages) + 1)
            first_lines[-1] = 0
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
            first_lines[-1] = len(pager.page.lines)
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
        if not grew and len(pager.pages) > before:
            first_lines[-1] = 0
    while len(pager.pages) > 1 and not pager.pages[-1].lines and not pager.pages[-1].images:
        pager.pages.pop()
    count = len(pager.pages)
    item_pages = [min(p, count) for p in item_pages]
    doc = Document(path=str(path), format=fmt, pages=pager.pages, pages_estimated=True)
    doc.outline = pager.outline
    start = flow.annex_start
    if start is not None and start < len(item_pages):
        page = item_pages[start]
        doc.annex_start = (page, min(first_lines[start], len(doc.pages[page - 1].lines)))
    elif start is not None:  # nothing after \appendix: the end of the document
        doc.annex_start = (count, len(doc.pages[count - 1].lines))
    return doc, item_pages


# --- the report's root ------------------------------------------------------------------

#: Hidden folders a source may read from (a VuePress site keeps its pictures there).
HIDDEN_ALLOWED = (".vuepress",)


def report_root(main: Path, settings: dict | None = None) -> Path:
    """The folder a report's sources may read from: the repository holding the main file
    (the nearest folder with ``.git``; when that repository sits inside another one that
    ignores it or holds it as a submodule, the enclosing one: a folder git ignores is still
    inside the repository), else the folder given on the command line
    (``settings["root"]``, set by ``check``: the folder searched, or the working folder for a
    file named directly) when it holds the main file, else the main file's folder."""
    folder = Path(main).resolve().parent
    for candidate in (folder, *folder.parents):
        if exists(candidate / ".git"):
            return _enclosing_repository(candidate)
    given = (settings or {}).get("root")
    if given:
        given = Path(str(given)).resolve()
        if folder.is_relative_to(given):
            return given
    return folder


def _enclosing_repository(repo: Path) -> Path:
    """``repo``, or the repository it is a part of: a clone the outer repository ignores
    (``.gitignore``) or a submodule of it (``.gitmodules``), climbing as long as that holds."""
    seen = 0
    while seen < 8:
        seen += 1
        outer = next((p for p in repo.parents if exists(p / ".git")), None)
        if outer is None or not _part_of(repo, outer):
            return repo
        repo = outer
    return repo


def _part_of(repo: Path, outer: Path) -> bool:
    """Whether the repository ``repo`` belongs to the enclosing ``outer``: a submodule it
    declares, or a folder it ignores (``git check-ignore``)."""
    rel = repo.relative_to(outer).as_posix()
    try:
        modules = (outer / ".gitmodules").read_text(encoding="utf-8", errors="replace")
    except OSError:
        modules = ""
    if re.search(r"^\s*path\s*=\s*" + re.escape(rel) + r"\s*$", modules, re.M):
        return True
    git = shutil.which("git")
    if git is None:
        return False
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run([git, "-C", str(outer), "check-ignore", "-q", "--no-index",
                               rel + "/"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=10, env=env)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def inside_root(path: Path, root: Path) -> bool:
    """Whether a source may read ``path``: inside ``root`` and in none of its hidden folders
    (``.git``, ``.ssh``...). An ``\\input{/etc/passwd}`` or ``../../..`` is refused."""
    try:
        rel = Path(path).resolve().relative_to(Path(root).resolve())
    except (ValueError, OSError):
        return False
    return not any(part.startswith(".") and part not in HIDDEN_ALLOWED for part in rel.parts)


# --- compiled PDF and exports -------------------------------------------------------------

#: Folders where builds put their output, relative to the main file or the root.
BUILD_DIRS = ("", "out", "build", "_build", "output", "dist", "pdf")
#: Files that say how a report is built (their ``-o``, ``$out_dir``, ``-jobname``).
BUILD_FILES = ("latexmkrc", ".latexmkrc", "Makefile", "makefile", "GNUmakefile", "justfile",
               "build.sh", "make.sh", "compile.sh")
SEARCH_DEPTH = 3
MAX_MATCHED = 8  # PDFs read to find the compiled one by its text
MAX_MATCHED_BYTES = 60 * 1024 * 1024
_SKIP_DIRS = ("node_modules", "__pycache__", "venv", ".venv")


def _build_outputs(folder: Path) -> tuple[list[Path], list[str], list[str]]:
    """What the build files of ``folder`` say: (files they write, with ``-o``/``--output``;
    output folders; job names)."""
    outputs: list[Path] = []
    dirs: list[str] = []
    jobs: list[str] = []
    for name in BUILD_FILES:
        path = folder / name
        if not is_file(path):
            continue
        try:
            text = path.read_bytes()[:200_000].decode("utf-8", "replace")
        except OSError:
            continue
        for m in re.finditer(r"(?:^|\s)(?:-o\s*|--output[=\s]\s*)([\"']?)([^\s\"';|&]+\.(?:pdf|odt|"
                             r"docx|tex))\1", text):
            outputs.append(folder / m.group(2))
        dirs += re.findall(r"\$out_dir\s*=\s*[\"']([^\"']+)[\"']", text)
        dirs += re.findall(r"-(?:outdir|output-directory)[=\s]\s*[\"']?([^\s\"';]+)", text)
        jobs += re.findall(r"-jobname[=\s]\s*[\"']?([^\s\"';]+)", text)
        jobs += re.findall(r"\$jobname\s*=\s*[\"']([^\"']+)[\"']", text)
    return outputs, [d for d in dirs if "$" not in d], [j for j in jobs if "$" not in j]


def _files_under(root: Path, suffixes: tuple[str, ...], depth: int = SEARCH_DEPTH) -> list[Path]:
    """Files with these suffixes under ``root`` (not in hidden or tool folders), by depth."""
    found: list[Path] = []
    level = [root]
    for _ in range(depth + 1):
        following = []
        for folder in level:
            try:
                entries = sorted(folder.iterdir())
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
                    continue
                if entry.is_dir():
                    following.append(entry)
                elif entry.suffix.lower() in suffixes and entry.is_file():
                    found.append(entry)
        level = following
    return found


def build_products(main: Path, root: Path, settings: dict | None = None
                   ) -> tuple[list[Path], list[Path]]:
    """Where the compiled PDF of a report may be, nearest first (the configured ``pdf`` alone
    when there is one): the outputs its build files name, then the main file's name (and
    ``-jobname``) beside it, then in the build folders below it (``build/``, ``out/``...,
    and an ``$out_dir`` or ``-outdir`` a build file of the root names); and the other
    exports of the report (``.odt``, ``.docx``, a ``.tex`` made by pandoc, that a build file
    writes, or an ``.odt``/``.docx`` with the main file's name). A PDF found by its name
    elsewhere is not one of these: see :func:`locate_compiled`."""
    settings = settings or {}
    configured = settings.get("pdf")
    if configured is False or (isinstance(configured, str) and configured.lower() in
                               ("", "false", "no", "none")):
        return [], []
    folder = main.parent
    outputs, dirs, jobs = _build_outputs(folder)
    if root != folder:
        o, d, j = _build_outputs(root)
        outputs += o
        jobs += j
        dirs += d
        root_dirs = d
    else:
        root_dirs = []
    names = list(dict.fromkeys([main.stem, *jobs]))
    if isinstance(configured, str):
        pdfs = [folder / configured]
    else:
        pdfs = [p for p in outputs if p.suffix.lower() == ".pdf"]
        for sub in ["", *dirs, *BUILD_DIRS[1:]]:
            pdfs += [folder / sub / f"{name}.pdf" for name in names]
        for sub in root_dirs:
            pdfs += [root / sub / f"{name}.pdf" for name in names]
    exports = [p for p in outputs if p.suffix.lower() != ".pdf"]
    exports += [p for p in _files_under(root, (".odt", ".docx")) if p.stem.lower() ==
                main.stem.lower()]
    keep = [p for p in dict.fromkeys(pdfs) if is_file(p) and inside_root(p, root)]
    return keep, [p for p in dict.fromkeys(exports) if is_file(p) and inside_root(p, root)]


def _pdf_text(pdf: Path) -> str | None:
    """The normalised text of ``pdf`` (None when it cannot be read or is too big)."""
    from report_lint.parsers.pdf_backend import parse_any_pdf

    try:
        if pdf.stat().st_size > MAX_MATCHED_BYTES:
            return None
        return _norm(" ".join(page.text for page in parse_any_pdf(pdf).pages))
    except Exception:  # noqa: BLE001 - a damaged PDF is not the compiled report
        return None


def _share(text: str, keys: list[str]) -> float:
    return sum(1 for key in keys if key in text) / len(keys) if keys else 0.0


#: Share of the report's headings a PDF found elsewhere must hold to be its compiled PDF.
HEADINGS_HELD = 0.6
#: With at least PROSE_KEYS paragraphs, the share of their starts it must hold too (every
#: report of a class has an "Introduction" and a "Conclusion"; a PDF a little older than
#: the sources still holds most of its paragraphs).
PROSE_KEYS = 5
PROSE_HELD = 0.3


def heading_keys(flow: "Flow") -> list[str]:
    """Normalised titles of the flow's headings (else its first paragraphs): what a
    compiled PDF of the report must contain."""
    from report_lint.parsers._flow import Para

    titles = [flow.texts[i] for i, item in enumerate(flow.items)
              if isinstance(item, Para) and item.level]
    if len(titles) < 3:
        titles += [t for t in flow.texts if len(t) >= 30][:10]
    keys = [_norm(t)[:40] for t in titles]
    return list(dict.fromkeys(k for k in keys if len(k) >= 6))


def prose_keys(flow: "Flow", limit: int = 40) -> list[str]:
    """The starts of the flow's longer paragraphs (not headings): what tells two reports
    with the same headings apart (a class repository: every report has a "Conclusion")."""
    from report_lint.parsers._flow import Para

    texts = [flow.texts[i] for i, item in enumerate(flow.items)
             if isinstance(item, Para) and not item.level and len(flow.texts[i]) >= 60]
    step = max(1, len(texts) // limit)
    keys = [_norm(t)[:32] for t in texts[::step]]
    return list(dict.fromkeys(k for k in keys if len(k) >= 24))[:limit]


def other_mains(main: Path, root: Path, parts: set[Path]) -> list[Path]:
    """The main files of the repository's other documents: ``.tex`` files with
    ``\\documentclass`` and the first page of the Markdown reports, that are neither
    ``main`` nor one of its ``parts`` (the files it includes, the ``.tex`` it exports)."""
    from report_lint.parsers import latex, markdown

    own = {Path(p).resolve() for p in parts} | {main.resolve()}
    found = [p for p in _files_under(root, (".tex",)) if p.resolve() not in own
             and latex.has_documentclass(p)]
    folders = sorted({p.parent for p in _files_under(root, (".md", ".markdown"))
                      if p.resolve() not in own})
    for folder in folders[:40]:
        try:
            report = markdown.report_in(folder)
        except Exception:  # noqa: BLE001 - an unreadable folder holds no report
            report = None
        if report is not None and report[0].resolve() not in own:
            found.append(report[0])
    return found


def _home_of_pdf(pdf: Path) -> Path:
    """The folder a PDF was compiled for: its own, or the one above a build folder."""
    folder = pdf.parent
    if folder.name.lower() in BUILD_DIRS[1:]:
        return folder.parent
    return folder


def in_other_report(pdf: Path, main: Path, others: list[Path]) -> bool:
    """Whether ``pdf`` lies in another document's folder: a folder between the PDF and the
    nearest folder that also holds ``main`` holds another main file, or the PDF (beside it
    or in its build folder) has the name of another main file of its folder and not
    ``main``'s."""
    pdf, main = pdf.resolve(), main.resolve()
    here = main.parent
    home = _home_of_pdf(pdf)
    by_folder: dict[Path, list[Path]] = {}
    for other in others:
        by_folder.setdefault(other.resolve().parent, []).append(other)
    folder = pdf.parent
    while True:
        if here == folder or here.is_relative_to(folder):
            break  # the nearest folder holding the main file too
        if folder in by_folder:
            return True
        if folder.parent == folder:
            break
        folder = folder.parent
    stem = pdf.stem.lower()
    if stem == main.stem.lower() and home == here:
        return False
    return any(o.stem.lower() == stem for o in by_folder.get(home, []))


def locate_compiled(main: Path, root: Path, flow: "Flow | None", settings: dict | None = None,
                    exclude: set[Path] | None = None) -> Path | None:
    """The compiled PDF of the report, nearest first: the configured ``pdf``; an output a
    build file names (``latexmkrc``'s ``$out_dir``, ``-outdir``, ``-jobname``, pandoc's
    ``-o`` in a Makefile, justfile or script); the main file's name beside it, then in
    ``out/``, ``build/``, ``_build/``... below it. Never one in another document's folder (a
    folder holding another main file, see :func:`in_other_report`). Else a PDF of the
    repository, by its name first, used only when its text holds most of the report's
    headings and some of its paragraphs (a PDF renamed by hand, or built at the top of the
    repository); of several, the one that holds the most. ``exclude``: PDFs the sources include."""
    exclude = {p.resolve() for p in exclude or set()}
    settings = settings or {}
    pdfs, exports = build_products(main, root, settings)
    if settings.get("pdf") not in (None, True):
        return pdfs[0] if pdfs else None
    others: list[Path] | None = None

    def foreign(pdf: Path) -> bool:
        nonlocal others
        if pdf.parent.resolve() == main.resolve().parent and pdf.stem.lower() == \
                main.stem.lower():
            return False  # beside the main file, with its name: its own
        if others is None:
            others = other_mains(main, root, exclude | {p.resolve() for p in exports})
        return in_other_report(pdf, main, others)

    near = [p for p in pdfs if p.resolve() not in exclude]
    for pdf in near:
        if not foreign(pdf):
            return pdf
    if flow is None:
        return None
    keys = heading_keys(flow)
    if len(keys) < 3:
        return None
    names = {main.stem.lower()}
    words = {w for w in re.split(r"[^a-z0-9]+", main.stem.lower()) if len(w) > 2} | {
        "rapport", "report", "stage", "memoire", "internship"}
    tried = {p.resolve() for p in near}
    candidates = [p for p in _files_under(root, (".pdf",)) if p.resolve() not in exclude
                  and p.resolve() not in tried]
    here = main.resolve().parent

    def rank(p: Path) -> tuple:
        stem = p.stem.lower()
        return (0 if stem in names else 1 if words & set(re.split(r"[^a-z0-9]+", stem)) else 2,
                0 if p.resolve().is_relative_to(here) else 1, -_size(p))

    candidates.sort(key=rank)
    prose = prose_keys(flow)
    best: tuple[float, int, Path] | None = None
    for n, pdf in enumerate(c for c in candidates if not foreign(c)):
        if n >= MAX_MATCHED:
            break
        text = _pdf_text(pdf)
        if text is None:
            continue
        held = _share(text, keys)
        if held < HEADINGS_HELD or sum(1 for key in keys if key in text) < 2:
            continue
        said = _share(text, prose) if len(prose) >= PROSE_KEYS else None
        if said is not None and said < PROSE_HELD:
            continue  # the same headings, another text: another report of the class
        score = held + (said or 0.0)
        if best is None or score > best[0] + 1e-9:
            best = (score, n, pdf)
    return best[2] if best else None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def compiled_pdf(main: Path, sources: list[Path], settings: dict, notes: SourceNotes,
                 candidate: Path | None = None) -> Path | None:
    """The compiled PDF to read the pages from (``candidate``, see :func:`locate_compiled`),
    or None (``notes`` say why: none found, or older than a source)."""
    if candidate is None or not candidate.is_file():
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
    if newest is not None and newest_time > built + STALE_TOLERANCE:
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
            doc.annex_start = _annex_start_in(doc, flow, anchor)
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


def _annex_start_in(doc: Document, flow: Flow, anchor) -> tuple[int, int] | None:
    """(page, line) of the compiled PDF where the annex part the source declares starts:
    the page of the first item after ``\\appendix`` that has text, the line where that
    text begins (0 when it cannot be told)."""
    start = flow.annex_start
    if start is None or not doc.pages:
        return None
    page = anchor(start)
    if page is None:  # nothing found after \appendix: the end of the document
        last = doc.pages[-1]
        return last.number, len(last.lines)
    first = next((_norm(t) for t in flow.texts[start:] if len(_norm(t)) >= 4), "")
    key = first[:16]
    if first and key not in _norm(doc.pages[page - 1].text):
        # A title too short to anchor ("\part*{Annexes}" on a page of its own) took the page
        # of the next item: it is the line that says just that on a page between the two.
        before = next((anchor(i) for i in range(start - 1, -1, -1)
                       if len(_norm(flow.texts[i])) >= 8), None)
        for number in range(before or 1, page):
            for index, line in enumerate(doc.pages[number - 1].lines):
                if _norm(line.text) == first:
                    return number, index
    lines = doc.pages[page - 1].lines
    joined, starts = "", []
    for line in lines:
        starts.append(len(joined))
        joined += _norm(line.text)
    at = joined.find(key) if key else -1
    index = max((n for n, first in enumerate(starts) if first <= at), default=0) if at >= 0 else 0
    return page, index


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum())


def text_anchors(texts: list[str], doc: Document):
    """``anchor(i)``: the page of the compiled PDF where item ``i`` of the flow is, found by
    its text (the first words). Every place each item's text occurs, then the longest chain
    of items found in order: a caption repeated in the list of figures, or a sentence the
    annexes quote, must not carry every item after it pages ahead. Items without text, or
    not in the chain, take the page of the next item that has one."""
    pages = [_norm(page.text) for page in doc.pages]
    starts, offset = [], 0
    for text in pages:
        starts.append(offset)
        offset += len(text)
    whole = "".join(pages)
    places: list[list[int]] = []
    for text in texts:
        key = _norm(text)[:40]
        found: list[int] = []
        if len(key) >= 8:
            found = _occurrences(whole, key)
            if not found:  # split across two pages: its start only
                found = _occurrences(whole, key[:16])
        places.append(found)
    pages_of: list[int | None] = [None] * len(texts)
    for i, position in longest_chain(places, len(texts)):
        pages_of[i] = bisect.bisect_right(starts, position)
    # fill the gaps with the next known page (a picture is on the page of what follows)
    nxt: int | None = None
    for i in range(len(pages_of) - 1, -1, -1):
        if pages_of[i] is None:
            pages_of[i] = nxt
        else:
            nxt = pages_of[i]

    def anchor(i: int) -> int | None:
        return pages_of[i] if 0 <= i < len(pages_of) else None

    return anchor


def _occurrences(text: str, key: str, most: int = 40) -> list[int]:
    found, at = [], text.find(key)
    while at >= 0 and len(found) < most:
        found.append(at)
        at = text.find(key, at + 1)
    return found


# --- entry point and folder search -------------------------------------------------------

def parse_source(path: Path, settings: dict) -> Document:
    """A LaTeX or Markdown report (``path`` is its main file or one of its files)."""
    if path.suffix.lower() == ".tex":
        from report_lint.parsers.latex import parse_latex

        return parse_latex(path, settings)
    from report_lint.parsers.markdown import parse_markdown

    return parse_markdown(path, settings)


def report_parts(main: Path, flow: Flow | None, deps: list[Path], settings: dict
                 ) -> set[Path]:
    """Every file that is part of a source report: its sources, pictures and included PDFs,
    its compiled PDF wherever the build put it, and its exports (``.odt``, ``.docx``)."""
    root = report_root(main, settings)
    compiled = locate_compiled(main, root, flow, settings, exclude=set(deps))
    _, exports = build_products(main, root, settings)
    return {p.resolve() for p in [*deps, *exports, *([compiled] if compiled else [])]}


def _home(main: Path, searched: Path) -> Path:
    """The part of a folder search that belongs to a source report: its git repository
    (or the whole search inside one), else the top folder of the search holding it."""
    searched = searched.resolve()
    folder = main.resolve().parent
    for candidate in (folder, *folder.parents):
        if exists(candidate / ".git"):
            return candidate if candidate.is_relative_to(searched) else searched
    try:
        rel = folder.relative_to(searched)
    except ValueError:
        return folder
    return searched / rel.parts[0] if rel.parts else searched


#: Document classes that never make a report: a figure, slides, a poster, a letter.
NOT_REPORT_CLASSES = ("standalone", "beamer", "tikzposter", "a0poster", "sciposter",
                      "baposter", "letter", "lettre", "scrlttr2", "moderncv", "powerdot",
                      "prosper", "slides", "minimal")
#: The score a LaTeX main file needs to be a report beside another one (see report_score).
REPORT_SCORE = 0.45


def document_class(path: Path) -> str:
    """The class a ``.tex`` file's ``\\documentclass`` names (lower case), "" when none."""
    try:
        text = path.read_bytes()[:200_000].decode("latin-1")
    except OSError:
        return ""
    for line in text.splitlines():
        code = re.sub(r"(?<!\\)%.*", "", line)
        match = re.search(r"\\documentclass\s*(?:\[[^\]]*\]\s*)?\{\s*([^}\s]+)\s*\}", code)
        if match:
            return match.group(1).rsplit("/", 1)[-1].lower()
    return ""


@dataclass
class Evidence:
    """What tells a report from the other documents of a repository (a cover template, a
    blank page, a figure, slides): its words, its sectioning commands, the files it
    includes, its document class, and whether another main file includes it."""

    path: Path
    words: int = 0
    headings: int = 0
    includes: int = 0
    klass: str = ""
    part_of: Path | None = None

    @property
    def score(self) -> float:
        """From 0 (not a report) to 1: words up to 1500, sectioning commands up to 5,
        included sources up to 3. A class that never makes a report, or a file another
        main file includes, scores 0."""
        if self.part_of is not None or self.klass in NOT_REPORT_CLASSES:
            return 0.0
        return (0.40 * min(self.words, 1500) / 1500 + 0.45 * min(self.headings, 5) / 5
                + 0.15 * min(self.includes, 3) / 3)

    def why(self) -> str:
        if self.part_of is not None:
            return f"part of {self.part_of.name}"
        if self.klass in NOT_REPORT_CLASSES:
            return f"\\documentclass{{{self.klass}}}"
        return f"{self.words} words, {self.headings} headings"


def latex_evidence(main: Path, flow: Flow | None, deps: list[Path]) -> Evidence:
    from report_lint.parsers._flow import Para

    ev = Evidence(main, klass=document_class(main))
    if flow is None:
        return ev
    for item, text in zip(flow.items, flow.texts):
        if isinstance(item, Para) and item.level:
            ev.headings += 1
        elif text:
            ev.words += len(text.split())
    ev.includes = sum(1 for d in deps if d.suffix.lower() == ".tex"
                      and d.resolve() != main.resolve())
    return ev


def choose_latex_reports(evidence: list[Evidence], other_reports: int = 0) -> list[Path]:
    """Of the LaTeX main files of one repository (or top folder), the reports. A part of
    another one, a figure, slides: never. Those scoring REPORT_SCORE are (a full report
    beside another one: a student's two years, a class). One scoring less is a report
    when no report was found in its folder, above or below it, it has sections (a draft;
    a cover template or a blank page has none) and is the best of its folder; with no
    report at all, the best one is (unless the repository holds a Markdown report)."""
    able = [e for e in evidence if e.score > 0]
    chosen = [e for e in able if e.score >= REPORT_SCORE]
    folders = [e.path.resolve().parent for e in chosen]

    def related(folder: Path) -> bool:
        return any(folder.is_relative_to(f) or f.is_relative_to(folder) for f in folders)

    best: dict[Path, Evidence] = {}
    for e in able:
        folder = e.path.resolve().parent
        if e in chosen or e.headings < 2 or related(folder):
            continue
        if folder not in best or (e.score, e.words) > (best[folder].score, best[folder].words):
            best[folder] = e
    chosen += best.values()
    if not chosen and able and not other_reports:
        chosen = [max(able, key=lambda e: (e.score, e.words))]
    return [e.path for e in chosen]


def select_reports(files: list[Path], searched: Path | None = None,
                   skipped: list[Path] | None = None) -> list[Path]:
    """Of the files a folder search found, the reports. A LaTeX report counts once, by its
    main file (the chapters it includes are not reports of their own), a Markdown report
    by its first source (a site's pages are one report); a PDF, DOCX or ODT that is part of
    a source report (included, compiled, exported) is not a report of its own, and in the
    repository (or the top folder) of a source report the other ones are left out (figures,
    slides: ``skipped``), checked only when named or where no source report is. Of several
    LaTeX main files in one repository, the reports are told from cover templates, blank
    pages, standalone figures and slides by :func:`choose_latex_reports`; the others are
    ``skipped`` too."""
    from report_lint.parsers import latex, markdown

    settings = {"root": str(searched.resolve())} if searched is not None else {}
    chosen: list[Path] = []
    owned: set[Path] = set()
    homes: list[Path] = []
    tex = [f for f in files if f.suffix.lower() == ".tex"]
    md = [f for f in files if f.suffix.lower() in (".md", ".markdown")]
    mains = [f for f in tex if latex.has_documentclass(f)]
    exported: set[Path] = set()  # .tex files a Markdown report is converted to
    evidence: list[Evidence] = []
    included: dict[Path, Path] = {}  # a file a main file includes -> that main file
    for main in mains:
        try:
            _, flow, deps = latex.read_latex(main, settings)
        except Exception:  # noqa: BLE001 - unreadable: the check will say so
            flow, deps = None, [main]
        owned |= report_parts(main, flow, deps, settings) - {main.resolve()}
        for dep in deps:
            if dep.resolve() != main.resolve():
                included.setdefault(dep.resolve(), main)
        evidence.append(latex_evidence(main, flow, deps))
    md_homes: list[Path] = []
    seen_md: set[Path] = set()
    for folder in sorted({f.parent for f in md}, key=lambda p: len(p.parts)):
        if all(f.resolve() in seen_md for f in md if f.parent == folder):
            continue  # the pages of a site already read from its top
        try:
            report = markdown.report_in(folder)
            if report is None:
                continue
            first, sources, flow, deps = markdown.read_markdown(folder, settings)
        except Exception:  # noqa: BLE001 - unreadable: the check will say so
            continue
        if first.resolve() in seen_md:
            continue
        seen_md |= {p.resolve() for p in sources}
        parts = report_parts(first, flow, deps, settings)
        exported |= {p for p in parts if p.suffix.lower() == ".tex"}
        owned |= parts
        homes.append(_home(first, searched or first.parent))
        md_homes.append(homes[-1])
        chosen.append(first)
    # a main file another one includes (\input, \includepdf of its PDF) is a part of it
    for ev in evidence:
        key = ev.path.resolve()
        owner = included.get(key) or included.get(key.with_suffix(".pdf"))
        if owner is not None and owner.resolve() != key:
            ev.part_of = owner
    reports: set[Path] = set()
    groups: dict[Path, list[Evidence]] = {}
    for ev in evidence:
        if ev.path.resolve() in exported:
            continue
        home = _home(ev.path, searched or ev.path.parent)
        groups.setdefault(home, []).append(ev)
        homes.append(home)
    for home, group in groups.items():
        picked = choose_latex_reports(group, sum(1 for h in md_homes if h == home))
        reports |= set(picked)
        if skipped is not None:
            skipped += [e.path for e in group if e.path not in picked]
    for f in files:
        key = f.resolve()
        if f.suffix.lower() == ".tex":
            if f in reports:
                chosen.append(f)
        elif f.suffix.lower() in (".md", ".markdown") or key in owned:
            continue
        elif any(key.is_relative_to(home) for home in homes):
            if skipped is not None:
                skipped.append(f)
        else:
            chosen.append(f)
    order = {f.resolve(): n for n, f in enumerate(files)}
    if skipped is not None:
        skipped.sort(key=lambda f: order.get(f.resolve(), len(order)))
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
