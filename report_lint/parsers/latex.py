"""LaTeX report → Document, through pylatexenc's LaTeX parser (not regular expressions).

The main file is the one with ``\\documentclass`` (a folder given on the command line is
searched for it). ``\\input``, ``\\include``, ``\\subfile``, ``\\import``/``\\subimport`` are
followed; comments, ``comment`` environments and ``\\iffalse ... \\fi`` are skipped.
Headings come from ``\\part``/``\\chapter``/``\\section``... (starred or not), from heading
macros the preamble defines with a sectioning command in them, and from the configuration
(``[latex] heading_macros = {chapitre = "section"}``). The annex part starts at
``\\appendix``, the ``appendices`` environment, or a configured macro (``[latex]
annex_part_macros = ["annexes"]``); ``[latex] annex_macros = ["annexe"]`` names macros whose
argument is an annexed document's title. ``\\includegraphics`` gives a picture of its
``width``/``height``/``scale`` (natural size read from the file), on the paper of the class
options or ``geometry``; ``\\includepdf`` pages are read by the PDF parser. Sources are read
as UTF-8, or Latin-1 when ``inputenc`` says so (or UTF-8 fails). A file or picture that
cannot be found is noted (DOC005), never a crash.

Pages: see :mod:`._sources` (a compiled PDF newer than the sources, ``--build``, or an
estimate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from report_lint.findings import UnreadableInput
from report_lint.textnorm import fold
from report_lint.parsers._flow import Break, Geometry, Para, Pic, TableBlock
from report_lint.parsers._sources import (
    is_file,
    PAPERS,
    Flow,
    IncludedPages,
    build_pdf,
    compiled_pdf,
    document_for,
    fit_picture,
    image_size,
    included_pages,
    inside_root,
    length_pt,
    locate_compiled,
    report_root,
    temp_build_dir,
    wants_build,
    which,
)
from report_lint.structure.headings import ANNEX_DOC, ANNEX_PART
from report_lint.suppressions import SourceNotes, Suppression, parse_directive

RANKS = {"part": -1, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3,
         "paragraph": 4, "subparagraph": 5}
INCLUDES = ("input", "include", "subfile", "import", "subimport", "inputfrom", "subinputfrom",
            "includefrom", "subincludefrom", "InputIfFileExists")
GRAPHICS_EXT = ("", ".pdf", ".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG", ".eps", ".gif")
SIZES = {"tiny": 0.5, "scriptsize": 0.67, "footnotesize": 0.83, "small": 0.91,
         "normalsize": 1.0, "large": 1.2, "Large": 1.44, "LARGE": 1.728, "huge": 2.07,
         "Huge": 2.49}
#: Macros whose arguments are not text on the page (only their arguments are parsed).
SKIPPED = {
    "label": "{", "ref": "*{", "eqref": "{", "pageref": "*{", "cite": "*[[{", "nocite": "{",
    "index": "{", "glossary": "{", "hypersetup": "{", "setcounter": "{{", "addtocounter": "{{",
    "setlength": "{{", "addtolength": "{{", "thispagestyle": "{", "pagestyle": "{",
    "pagenumbering": "{", "phantomsection": "", "bibliographystyle": "{", "bibliography": "{",
    "addbibresource": "[{", "color": "[{", "definecolor": "{{{", "graphicspath": "{",
    "newcommand": "*{[[{", "renewcommand": "*{[[{", "providecommand": "*{[[{",
    "newenvironment": "*{[[{{", "renewenvironment": "*{[[{{", "DeclareUnicodeCharacter": "{{",
    "fancyhead": "[{", "fancyfoot": "[{", "fancyhf": "[{", "lhead": "[{", "chead": "[{",
    "rhead": "[{", "lfoot": "[{", "cfoot": "[{", "rfoot": "[{", "geometry": "{",
    "selectlanguage": "{", "foreignlanguage": "[{{", "usetikzlibrary": "{", "captionsetup": "[{",
    "setstretch": "{", "linespread": "{", "vspace": "*{", "hspace": "*{", "addvspace": "{",
    "includeonly": "{", "title": "[{", "author": "[{", "date": "{", "makeatletter": "",
    "makeatother": "", "tableofcontents": "", "listoffigures": "", "listoftables": "",
    "addcontentsline": "{{{", "addtocontents": "{{", "newpage": "", "clearpage": "",
    "cleardoublepage": "", "pagebreak": "[", "appendix": "", "maketitle": "",
    "includepdf": "[{", "includegraphics": "*[[{", "textcolor": "[{{", "colorbox": "[{{",
    "href": "[{{", "url": "{", "caption": "*[{", "footnote": "[{", "item": "[", "rule": "[{{",
    "raisebox": "{[[{", "resizebox": "*{{{", "scalebox": "{[{", "makebox": "[[{",
    "framebox": "[[{", "parbox": "[[[{{", "multicolumn": "{{{", "multirow": "[{[{",
    "hyperref": "[{", "nolinkurl": "{", "renewcommand*": "{[[{",
}
BABEL_TOC = {"french": "Table des matières", "francais": "Table des matières",
             "english": "Contents", "british": "Contents", "american": "Contents"}


def _db(extra: dict[str, str]):
    from pylatexenc import macrospec
    from pylatexenc.latexwalker import get_default_latex_context_db

    db = get_default_latex_context_db()
    specs = dict(SKIPPED)
    for name in INCLUDES:
        specs[name] = "{{" if name in ("import", "subimport", "inputfrom", "subinputfrom",
                                       "includefrom", "subincludefrom") else "{"
    specs["InputIfFileExists"] = "{{{"
    for name in RANKS:
        specs[name] = "*[{"
    specs.update(extra)
    db.add_context_category("report-lint", macros=[macrospec.std_macro(name, spec)
                                                   for name, spec in specs.items()],
                            environments=[macrospec.std_environment("tabular", "[{"),
                                          macrospec.std_environment("tabularx", "{{"),
                                          macrospec.std_environment("longtable", "[{"),
                                          macrospec.std_environment("otherlanguage", "{"),
                                          macrospec.std_environment("minipage", "[[[{"),
                                          macrospec.std_environment("figure", "["),
                                          macrospec.std_environment("table", "["),
                                          macrospec.std_environment("wrapfigure", "[{[{"),
                                          *_verbatim_environments(macrospec)],
                            prepend=True)
    return db


# Code listings: their body is code, not LaTeX (a "$" in a YAML listing opens no formula
# that would swallow the rest of the report).
VERBATIM_ENVIRONMENTS = ("lstlisting", "minted", "Verbatim", "BVerbatim", "LVerbatim",
                         "comment")


def _verbatim_environments(macrospec) -> list:
    r"""Specs that read each environment's body as it is, up to its own ``\end{name}``
    (pylatexenc's verbatim parser only knows ``\end{verbatim}``)."""
    from pylatexenc import latexwalker

    class Raw(macrospec.VerbatimArgsParser):
        def __init__(self, name: str) -> None:
            super().__init__(verbatim_arg_type="verbatim-environment")
            self.end = "\\end{" + name + "}"

        def parse_args(self, w, pos, parsing_state=None):
            end = w.s.find(self.end, pos)
            if end == -1:
                raise latexwalker.LatexWalkerParseError(s=w.s, pos=pos,
                                                        msg=f"no {self.end}")
            chars = w.make_node(latexwalker.LatexCharsNode, parsing_state=parsing_state,
                                chars=w.s[pos:end], pos=pos, len=end - pos)
            return macrospec.ParsedVerbatimArgs(verbatim_chars_node=chars), pos, end - pos

    return [macrospec.EnvironmentSpec(name, args_parser=Raw(name))
            for name in VERBATIM_ENVIRONMENTS]


# --- reading files ----------------------------------------------------------------------

LATIN = re.compile(rb"\\usepackage\s*\[[^\]]*\b(latin1|latin9|ansinew|cp1252|latin-1)\b[^\]]*\]"
                   rb"\s*\{inputenc\}")


def read_source(path: Path, latin: bool = False) -> tuple[str, bool]:
    """The text of a source file and whether it was read as Latin-1."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput("unreadable", exc.strerror or str(exc)) from None
    if latin or LATIN.search(data):
        return data.decode("cp1252", errors="strict") if _cp1252_ok(data) else \
            data.decode("latin-1"), True
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("latin-1"), True


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


_IF = re.compile(r"\\(if[a-zA-Z@]*|fi)(?![a-zA-Z@])")


def _close_ifs(text: str, depth: int) -> tuple[int, str | None]:
    """Follow ``\\if...``/``\\fi`` nesting through ``text`` from ``depth``: the depth
    reached, and what follows the ``\\fi`` that closes it (None if none does)."""
    for m in _IF.finditer(text):
        depth += -1 if m.group(1) == "fi" else 1
        if depth == 0:
            return 0, text[m.end():]
    return depth, None


def strip_skipped(text: str) -> str:
    """``\\iffalse ... \\fi`` (and ``\\if0``) and ``comment`` environments blanked out, line
    breaks kept so that line numbers stay right."""
    out = []
    depth = 0  # inside \iffalse: nesting of \if... \fi
    in_comment = False
    for line in text.split("\n"):
        code, comment = _split_comment(line)
        if in_comment:
            end = re.search(r"\\end\s*\{comment\}", code)
            if end:
                in_comment = False
                out.append(code[end.end():] + comment)
            else:
                out.append("")
            continue
        if depth:
            depth, kept = _close_ifs(code, depth)
            out.append((kept + comment) if kept is not None else "")
            continue
        m = re.search(r"\\begin\s*\{comment\}", code)
        if m:
            in_comment = True
            out.append(code[:m.start()])
            end = re.search(r"\\end\s*\{comment\}", code[m.end():])
            if end:
                in_comment = False
                out[-1] += code[m.end() + end.end():] + comment
            continue
        m = re.search(r"\\iffalse(?![a-zA-Z@])|\\if\s*0(?![0-9])", code)
        if m:
            depth, kept = _close_ifs(code[m.end():], 1)
            out.append(code[:m.start()] + ((kept + comment) if kept is not None else ""))
            continue
        out.append(line)
    return "\n".join(out)


def _split_comment(line: str) -> tuple[str, str]:
    for m in re.finditer(r"%", line):
        backslashes = len(line[:m.start()]) - len(line[:m.start()].rstrip("\\"))
        if backslashes % 2 == 0:
            return line[:m.start()], line[m.start():]
    return line, ""


def has_documentclass(path: Path) -> bool:
    try:
        head = path.read_bytes()[:200_000]
    except OSError:
        return False
    text = head.decode("latin-1")
    if "$body$" in text or "${body}" in text:  # a pandoc template, not a report
        return False
    for line in text.splitlines():
        code, _ = _split_comment(line)
        if re.search(r"\\documentclass\s*[\[{]", code):
            return "{subfiles}" not in code.replace(" ", "")
    return False


def find_main(path: Path) -> Path:
    """The main file: ``path`` itself when it has ``\\documentclass``; for a folder or a
    chapter, the file with ``\\documentclass`` in that folder (or the one above)."""
    if path.is_file() and has_documentclass(path):
        return path
    folders = [path] if path.is_dir() else [path.parent, path.parent.parent]
    for folder in folders:
        candidates = [p for p in sorted(folder.glob("*.tex")) if has_documentclass(p)]
        if candidates:
            return max(candidates, key=lambda p: _main_rank(p, path, folder))
    if path.is_dir():
        raise UnreadableInput("no_main_file", fmt="LaTeX")
    return path


def _main_rank(candidate: Path, path: Path, folder: Path) -> tuple:
    """How likely ``candidate`` is the main file of the report ``path`` belongs to: one
    that includes the chapter named, then a document class that makes a report (not a
    standalone figure, slides), a usual name (``main``, ``rapport``...), the biggest (a
    cover template or a blank page is small)."""
    from report_lint.parsers._sources import NOT_REPORT_CLASSES, document_class

    try:
        text = candidate.read_bytes()[:400_000].decode("latin-1")
        size = candidate.stat().st_size
    except OSError:
        text, size = "", 0
    includes = path.is_file() and path != candidate and re.search(
        r"\\(?:input|include|subfile|import|subimport)\s*(?:\{[^}]*\}\s*)?\{[^}]*"
        + re.escape(path.stem) + r"(?:\.tex)?\s*\}", text) is not None
    usual = candidate.stem.lower() in ("main", "rapport", "report", "memoire",
                                       folder.name.lower())
    return (includes, document_class(candidate) not in NOT_REPORT_CLASSES, usual, size)


# --- the walker -------------------------------------------------------------------------

@dataclass
class _Style:
    size: float
    bold: bool = False
    align: str = "justify"
    indent: float = 0.0


@dataclass
class _Buffer:
    parts: list[str] = field(default_factory=list)
    start: int | None = None  # event of its first text
    end: int = 0
    where: tuple[str, int] | None = None


class _Reader:
    def __init__(self, main: Path, settings: dict) -> None:
        self.main = main
        self.root = main.parent  # where names are resolved from (as latex run there)
        #: what the sources may read: the repository (see report_root)
        self.boundary = report_root(main, settings)
        self.settings = settings
        latex = settings.get("latex") if isinstance(settings.get("latex"), dict) else {}
        self.heading_macros: dict[str, int] = {}
        for name, level in (latex.get("heading_macros") or {}).items():
            rank = RANKS.get(str(level)) if not isinstance(level, int) else int(level)
            if rank is not None:
                self.heading_macros[str(name).lstrip("\\")] = rank
        self.annex_macros = {str(m).lstrip("\\") for m in latex.get("annex_macros") or []}
        self.part_macros = {str(m).lstrip("\\") for m in latex.get("annex_part_macros") or []}
        self.flow = Flow()
        self.notes = SourceNotes(main=main.name)
        self.files: list[str] = []
        self.assets: list[str] = []
        self.latin = False
        # layout state
        self.paper = PAPERS["letterpaper"]
        self.base = 10.0
        self.stretch = 1.0
        self.font = "sans"
        self.font_scale = 1.0
        self.parskip = 0.0
        self.chapters = False
        self.twoside = False
        self.graphics_paths: list[str] = []
        self.toc_name = "Table des matières"
        self.title: dict[str, str] = {}
        self.geometry_opts: dict[str, str] = {}
        # walking state
        self.event = 0
        self.buf = _Buffer()
        # a title in the preamble (``\\title{\\Huge ...}``) is walked before the body
        self.styles: list[_Style] = [_Style(self.base)]
        self.pending_space = 0.0
        self.spans: list[tuple[int, int]] = []  # (first, last event) of each item
        self.directives: list[tuple[int, Suppression]] = []
        self.missing: list[tuple[int, str, str, str]] = []
        self.in_annex = False
        self.annex_level: int | None = None
        self.annex_count = 0
        self.toc: list[tuple[int, str, int]] = []  # (level, title, item)
        self.toc_para: Para | None = None
        self.heading_items: list[tuple[int, int]] = []  # (item, rank)
        self.stack: list[Path] = []
        self.import_base: list[Path] = [self.root]
        self.db = None
        self.min_rank = 1
        self.figure_depth = 0

    # -- entry -----------------------------------------------------------------------
    def run(self) -> Flow:
        text, self.latin = read_source(self.main)
        text = strip_skipped(text)
        self.files.append(str(self.main))
        extra = self._preamble_specs(text)
        self.db = _db(extra)
        nodes = self._parse(text)
        body = None
        preamble = []
        for node in nodes:
            if node is not None and node.isNodeType(_lw().LatexEnvironmentNode) and \
                    node.environmentname == "document":
                body = node
                break
            preamble.append(node)
        self._preamble(preamble, self.main)
        self._set_geometry()
        self.styles = [_Style(self.base)]
        self.stack.append(self.main)
        self._current_file = self.main
        self._current_walker = self._walker
        if body is not None:
            self._walk(body.nodelist)
        else:  # a fragment: everything is body
            self._walk(nodes)
        self._flush()
        self._resolve_anchors()
        self._levels()
        return self.flow

    def _parse(self, text: str):
        lw = _lw()
        walker = lw.LatexWalker(text, latex_context=self.db, tolerant_parsing=True)
        self._walker = walker
        try:
            nodes, _, _ = walker.get_latex_nodes()
        except Exception as exc:  # noqa: BLE001 - pylatexenc gives up on some input
            raise UnreadableInput("latex_syntax", str(exc)[:200]) from None
        return nodes

    def _preamble_specs(self, text: str) -> dict[str, str]:
        """Heading and annex macros the preamble defines (``\\newcommand{\\annexe}[1]{...
        \\section*{#1}}``), and those of the configuration: their arguments must be known
        before the body is parsed."""
        extra: dict[str, str] = {}
        head = text.split("\\begin{document}", 1)[0]
        for m in re.finditer(r"\\(?:re)?newcommand\*?\s*\{?\\([A-Za-z@]+)\}?\s*(?:\[(\d)\])?",
                             head):
            name, nargs = m.group(1), int(m.group(2) or 0)
            body = head[m.end():m.end() + 400]
            body = body[:_group_end(body)]
            sect = re.search(r"\\(part|chapter|section|subsection|subsubsection)\b", body)
            if nargs >= 1 and sect and name not in RANKS:
                if fold(name).startswith(("annex", "append")):
                    self.annex_macros.add(name)
                elif name not in self.annex_macros:
                    self.heading_macros.setdefault(name, RANKS[sect.group(1)])
            elif nargs == 0 and fold(name).startswith(("annex", "append")) and \
                    ("\\appendix" in body or sect):
                self.part_macros.add(name)
        for name in self.heading_macros:
            extra[name] = "*[{"
        for name in self.annex_macros:
            extra[name] = "*[{"
        for name in self.part_macros:
            extra[name] = ""
        return extra

    # -- preamble ----------------------------------------------------------------------
    def _preamble(self, nodes, path: Path) -> None:
        lw = _lw()
        for node in nodes:
            if node is None or not node.isNodeType(lw.LatexMacroNode):
                continue
            name = node.macroname
            args = _args(node)
            if name == "documentclass":
                opts = _opts(args[0] if args else None)
                cls = _text_arg(args[1]) if len(args) > 1 else "article"
                self.chapters = cls in ("report", "book", "memoir", "scrreprt", "scrbook")
                self.twoside = "twoside" in opts or cls in ("book", "scrbook", "memoir")
                if cls.startswith("scr"):
                    self.base, self.paper = 11.0, PAPERS["a4paper"]
                for opt in opts:
                    if opt in PAPERS:
                        self.paper = PAPERS[opt]
                    m = re.fullmatch(r"(?:fontsize=)?(\d+(?:\.\d+)?)pt", opt)
                    if m:
                        self.base = float(m.group(1))
                    if opt.startswith("paper="):
                        self.paper = PAPERS.get(opt[6:] + "paper", self.paper)
                if "landscape" in opts:
                    self.paper = (self.paper[1], self.paper[0])
            elif name == "usepackage":
                opts = _opts(args[0] if args else None)
                packages = [p.strip() for p in _text_arg(args[1] if len(args) > 1 else None)
                            .split(",")]
                for package in packages:
                    self._package(package, opts)
            elif name == "geometry":
                self.geometry_opts.update(_keyvals(_text_arg(args[0] if args else None)))
                self.geometry_opts["_loaded"] = "1"
            elif name in ("onehalfspacing", "doublespacing", "singlespacing"):
                self.stretch = {"onehalfspacing": {10: 1.25, 11: 1.213, 12: 1.241},
                                "doublespacing": {10: 1.667, 11: 1.618, 12: 1.655},
                                "singlespacing": {}}[name].get(int(self.base), 1.0) \
                    if name != "singlespacing" else 1.0
            elif name in ("setstretch", "linespread") and args:
                try:
                    self.stretch = float(_text_arg(args[0]))
                except ValueError:
                    pass
            elif name in ("renewcommand", "newcommand") and len(args) >= 5:
                target = args[1].latex_verbatim() if args[1] is not None else ""
                body = args[4].latex_verbatim() if args[4] is not None else ""
                if "familydefault" in target and "sfdefault" in body:
                    self.font = "sans"
                if "contentsname" in target:
                    self.toc_name = _plain(body.strip("{}")) or self.toc_name
            elif name == "addto" and "contentsname" in node.latex_verbatim():
                pass
            elif name == "graphicspath" and args:
                self.graphics_paths = re.findall(r"\{([^{}]*)\}", args[0].latex_verbatim())
            elif name in ("title", "author", "date") and args:
                self.title[name] = self._inline_text(_nodes(args[-1] if args else None))
            elif name in INCLUDES and args:
                target = self._resolve_include(name, args)
                if target is not None and not self._inside_report(target):
                    self._missing("outside", str(target), node)
                elif target is not None:
                    text, _ = read_source(target, self.latin)
                    self.files.append(str(target))
                    self._preamble(self._parse(strip_skipped(text)), target)
        for node in nodes:  # directives in the preamble cover the whole document
            if node is not None and node.isNodeType(lw.LatexCommentNode):
                self._directive(node, path, self._walker)
        # \renewcommand\contentsname{Sommaire} inside \addto\captionsfrench{...}
        for node in nodes:
            if node is None:
                continue
            m = re.search(r"\\contentsname\s*\}?\s*\{([^{}]*)\}", node.latex_verbatim())
            if m:
                self.toc_name = _plain(m.group(1)) or self.toc_name

    def _package(self, package: str, opts: list[str]) -> None:
        if package == "geometry":
            self.geometry_opts["_loaded"] = "1"
            for opt in opts:
                if "=" in opt:
                    k, _, v = opt.partition("=")
                    self.geometry_opts[k.strip()] = v.strip()
                else:
                    self.geometry_opts[opt] = "true"
        elif package in ("helvet", "avant", "tgheros", "arev", "lmodern", "cmbright"):
            if package == "helvet":
                scaled = next((o for o in opts if o.startswith("scaled")), None)
                self.font_scale = float(scaled.split("=")[1]) if scaled and "=" in scaled \
                    else (0.95 if scaled else 1.0)
        elif package in ("mathptmx", "times", "newtxtext", "tgtermes", "txfonts",
                         "mathpazo", "palatino", "tgpagella"):
            self.font = "serif"
        elif package == "babel" and opts:
            main = opts[-1].removeprefix("main=")
            if self.toc_name == "Table des matières":
                self.toc_name = BABEL_TOC.get(main, self.toc_name)
        elif package == "parskip":
            self.parskip = 0.5 * 1.2 * self.base

    def _set_geometry(self) -> None:
        g = self.geometry_opts
        for key in ("paper", "papername"):
            if g.get(key) in PAPERS:
                self.paper = PAPERS[g[key]]
        for name in PAPERS:
            if name in g:
                self.paper = PAPERS[name]
        if "landscape" in g:
            self.paper = (max(self.paper), min(self.paper))
        pw, ph = self.paper
        em = self.base

        def get(*keys):
            for key in keys:
                if key in g:
                    value = length_pt(g[key], em=em)
                    if value is not None:
                        return value
            return None

        if g.get("_loaded"):
            margin = get("margin")
            hmargin = get("hmargin") or margin
            vmargin = get("vmargin") or margin
            left = get("left", "lmargin", "inner") or hmargin
            right = get("right", "rmargin", "outer") or hmargin
            top = get("top", "tmargin") or vmargin
            bottom = get("bottom", "bmargin") or vmargin
            width, height = get("textwidth", "width"), get("textheight", "height")
            scale = float(g["scale"]) if _is_float(g.get("scale", "")) else 0.7
            left, right, width = _margins(pw, left, right, width, scale)
            top, bottom, height = _margins(ph, top, bottom, height, scale)
            if "includehead" in g or "includeheadfoot" in g:
                top += (get("headheight") or 12) + (get("headsep") or 25)
        else:  # the standard classes' text block
            width = {10: 345.0, 11: 360.0, 12: 390.0}.get(int(self.base), 360.0)
            width = min(width, pw - 144)
            height = ph * 0.64
            left = right = (pw - width) / 2
            top = (ph - height) / 2 + 10
            bottom = ph - height - top
        self.flow.geometry = Geometry(pw, ph, left, right, top, bottom)

    # -- body --------------------------------------------------------------------------
    @property
    def style(self) -> _Style:
        return self.styles[-1]

    def _shown(self, path: Path) -> str:
        """A source's name in messages: from the main file's folder, else from the root."""
        shown = _rel(path, self.root)
        return _rel(path, self.boundary) if Path(shown).is_absolute() else shown

    def _tick(self) -> int:
        self.event += 1
        return self.event

    def _where(self, node) -> tuple[str, int]:
        try:
            line = self._current_walker.pos_to_lineno_colno(node.pos)[0]
        except Exception:  # noqa: BLE001
            line = 0
        return self._shown(self._current_file), line

    def _text(self, text: str) -> None:
        if not text:
            return
        if self.buf.start is None:
            if not text.strip():
                return
            self.buf.start = self._tick()
        self.buf.parts.append(text)
        self.buf.end = self._tick()

    def _add(self, item, text: str = "", first: int | None = None) -> int:
        start = first if first is not None else self._tick()
        end = self._tick()
        index = self.flow.add(item, text)
        self.spans.append((start, end))
        return index

    def _flush(self, **extra) -> int | None:
        if self.buf.start is None:
            self.buf = _Buffer()
            return None
        text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", "".join(self.buf.parts))
        text = "\n".join(part.strip() for part in text.split("\n"))
        text = re.sub(r"\n{2,}", "\n", text).strip()
        start = self.buf.start
        self.buf = _Buffer()
        if not text:
            return None
        s = self.style
        para = Para(text=text, size=s.size * self.font_scale, bold=s.bold, font=self.font,
                    line_rule="exact", line_value=s.size * 1.2 * self.stretch,
                    align=s.align, indent_left=s.indent, space_after=self.parskip,
                    space_before=self.pending_space)
        for key, value in extra.items():
            setattr(para, key, value)
        self.pending_space = 0.0
        return self._add(para, text, first=start)

    def _break(self, parity: str | None = None) -> None:
        self._flush()
        self._add(Break("page", parity=parity))

    def _walk(self, nodes) -> None:
        lw = _lw()
        for node in nodes or []:
            if node is None:
                continue
            if node.isNodeType(lw.LatexCharsNode):
                chunks = re.split(r"\n[ \t]*\n", node.chars)
                for n, chunk in enumerate(chunks):
                    if n:
                        self._flush()
                    self._text(chunk)
            elif node.isNodeType(lw.LatexCommentNode):
                self._directive(node, self._current_file, self._current_walker)
            elif node.isNodeType(lw.LatexGroupNode):
                self.styles.append(_Style(**vars(self.style)))
                self._walk(node.nodelist)
                self.styles.pop()
            elif node.isNodeType(lw.LatexEnvironmentNode):
                self._environment(node)
            elif node.isNodeType(lw.LatexMacroNode):
                self._macro(node)
            elif node.isNodeType(lw.LatexSpecialsNode):
                if node.specials_chars == "&":
                    self._text(" ")
                else:
                    self._text(_l2t().nodelist_to_text([node]))
            elif node.isNodeType(lw.LatexMathNode):
                self._text(_l2t().nodelist_to_text([node]))

    def _inline_text(self, nodes) -> str:
        """The text of an argument (a title), without placing anything."""
        saved, self.buf = self.buf, _Buffer()
        saved_event = self.event
        items = len(self.flow.items)
        # ``\\section{\\Large Title}``: the size switch stays inside the title
        self.styles.append(_Style(**vars(self.style)))
        self._walk(nodes or [])
        self.styles.pop()
        # an environment in a title (\\title{\\begin{center}...}) flushes its text as items
        text = " ".join([*self.flow.texts[items:], "".join(self.buf.parts)])
        self.buf = saved
        self.event = saved_event
        del self.flow.items[items:], self.flow.texts[items:], self.spans[items:]
        return re.sub(r"\s+", " ", text).strip()

    def _macro(self, node) -> None:
        name = node.macroname
        args = _args(node)
        star = bool(args and args[0] is not None and args[0].latex_verbatim() == "*")
        if name in RANKS or name in self.heading_macros:
            rank = RANKS.get(name, self.heading_macros.get(name))
            title = self._inline_text(_nodes(args[-1] if args else None))
            self._heading(rank, title, toc=not star, macro=name)
        elif name in self.annex_macros:
            title = self._inline_text(_nodes(args[-1] if args else None))
            self._annex_macro(title)
        elif name in self.part_macros or name == "appendix":
            self._start_annexes()
        elif name in INCLUDES:
            self._include(node, name, args)
        elif name in ("clearpage", "newpage", "pagebreak", "newpage"):
            self._break()
        elif name == "cleardoublepage":
            self._break("odd" if self.twoside else None)
        elif name == "includegraphics":
            self._graphics(node, args)
        elif name == "includepdf":
            self._includepdf(node, args)
        elif name == "tableofcontents":
            self._toc()
        elif name == "maketitle":
            self._maketitle()
        elif name == "addcontentsline" and len(args) == 3:
            kind = _text_arg(args[1])
            title = self._inline_text(_nodes(args[2] if args else None))
            rank = RANKS.get(kind)
            if rank is not None and self.heading_items:
                self.toc.append((rank, title, self.heading_items[-1][0]))
        elif name in ("par",):
            self._flush()
        elif name in ("\\", "newline", "linebreak"):
            self._text("\n")
        elif name in ("item",):
            self._flush()
            label = _text_arg(args[0]) if args and args[0] is not None else "•"
            self._text(label + " ")
        elif name in ("vspace", "addvspace") and args:
            self._flush()
            value = length_pt(_text_arg(args[-1]), em=self.base)
            self.pending_space += value or 0.0
        elif name in ("bigskip", "medskip", "smallskip"):
            self._flush()
            self.pending_space += {"bigskip": 12.0, "medskip": 6.0, "smallskip": 3.0}[name]
        elif name in SIZES:
            self.style.size = self.base * SIZES[name]
        elif name in ("bfseries", "bf"):
            self.style.bold = True
        elif name in ("centering",):
            self.style.align = "center"
        elif name in ("caption",):
            self._flush()
            text = self._inline_text(_nodes(args[-1] if args else None))
            self._text(text)
            self._flush(align="center", size=self.style.size * 0.91 * self.font_scale,
                        space_after=6.0)
        elif name == "footnote":
            text = self._inline_text(_nodes(args[-1] if args else None))
            self._text(" " + text)
        elif name in ("url", "nolinkurl") and args:
            self._text(args[0].latex_verbatim().strip("{}"))
        elif name == "href" and len(args) >= 3:
            self._walk(_nodes(args[2] if args else None))
        elif name in ("textcolor", "colorbox") and args:
            self._walk(_nodes(args[-1] if args else None))
        elif name in ("raisebox", "resizebox", "scalebox", "makebox", "framebox", "parbox",
                      "multicolumn", "multirow", "foreignlanguage"):
            self._walk(_nodes(args[-1] if args else None))
        elif name in SKIPPED:
            return
        elif name in ("textbf",) and args:
            self._walk(_nodes(args[-1] if args else None))
        else:
            text = _l2t().nodelist_to_text([node])
            if text.strip() or text == " ":
                self._text(text)
            elif node.nodeargd and node.nodeargd.argnlist:
                for arg in node.nodeargd.argnlist:
                    if arg is not None and arg.isNodeType(_lw().LatexGroupNode):
                        self._walk(_nodes(arg))

    def _environment(self, node) -> None:
        name = node.environmentname.rstrip("*")
        if name in ("comment",):
            return
        if name in ("titlepage",):
            self._break()
            self.styles.append(_Style(**vars(self.style)))
            self._walk(node.nodelist)
            self.styles.pop()
            self._break()
            return
        if name == "appendices":
            self._start_annexes()
            self._walk(node.nodelist)
            return
        if name in ("tabular", "tabularx", "longtable", "tabu", "array"):
            self._table(node)
            return
        if name in ("figure", "table", "wrapfigure", "SCfigure"):
            self._flush()
            self.pending_space += 8.0
            self.styles.append(_Style(**vars(self.style)))
            self.figure_depth += 1
            self._walk(node.nodelist)
            self._flush()
            self.figure_depth -= 1
            self.styles.pop()
            self.pending_space += 8.0
            return
        if name == "comment":
            return  # commented out by the author
        if name == "verbatim" or name in VERBATIM_ENVIRONMENTS:
            self._flush()
            raw = node.latex_verbatim()
            inner = raw.split("\n", 1)[1] if "\n" in raw else ""
            inner = inner.rsplit("\\end", 1)[0]
            self._text(inner)
            self._flush(font="mono", size=self.base * 0.9)
            return
        if name in ("equation", "align", "gather", "multline", "displaymath", "eqnarray"):
            self._flush()
            self._text(_l2t().nodelist_to_text(node.nodelist) or "x")
            self._flush(align="center")
            return
        self._flush()
        style = _Style(**vars(self.style))
        if name in ("center",):
            style.align = "center"
        elif name in ("flushright", "raggedleft"):
            style.align = "right"
        elif name in ("flushleft", "raggedright"):
            style.align = "left"
        elif name in ("itemize", "enumerate", "description", "quote", "quotation", "verse"):
            style.indent += 20.0
        self.styles.append(style)
        self._walk(node.nodelist)
        self._flush()
        self.styles.pop()

    # -- structure ---------------------------------------------------------------------
    def _heading(self, rank: int, title: str, toc: bool = True, macro: str = "") -> None:
        self._flush()
        if not title:
            return
        written = title  # what the compiled PDF shows (to find the heading in it)
        if self.in_annex:
            if ANNEX_PART.match(title) and self.annex_level is None:
                self.annex_level = rank + 1
            else:
                if self.annex_level is None:
                    self.annex_level = rank
                if rank == self.annex_level:
                    self.annex_count += 1
                    if not ANNEX_DOC.match(title) and not ANNEX_PART.match(title):
                        title = f"Annexe {self.annex_count} – {title}"
        if rank <= 0 and self.chapters or rank < 0:
            self._break("odd" if self.twoside else None)
        size = self.base * {-1: 2.49, 0: 2.07, 1: 1.44, 2: 1.2}.get(rank, 1.0)
        before = {-1: 60.0, 0: 50.0}.get(rank, 1.5 * self.base if rank == 1 else 1.4 * self.base)
        after = {-1: 40.0, 0: 40.0}.get(rank, self.base if rank == 1 else 0.65 * self.base)
        para = Para(text=title, size=size * self.font_scale, bold=True, font=self.font,
                    level=rank, line_rule="exact", line_value=size * 1.2,
                    space_before=before + self.pending_space, space_after=after,
                    keep_with_next=True, align="left")
        self.pending_space = 0.0
        index = self._add(para, written)
        self.heading_items.append((index, rank))
        if toc and rank <= 3:
            self.toc.append((rank, title, index))

    def _start_annexes(self) -> None:
        """``\\appendix``, ``\\begin{appendices}`` or a configured macro: the annex part
        starts with the next item (``Flow.annex_start``, the first time only)."""
        self._flush()
        self.in_annex, self.annex_level, self.annex_count = True, None, 0
        if self.flow.annex_start is None:
            self.flow.annex_start = len(self.flow.items)

    def _annex_macro(self, title: str) -> None:
        if not self.in_annex:
            self._start_annexes()
        self._break()
        rank = self.annex_level if self.annex_level is not None else 1
        if not ANNEX_DOC.match(title):
            title = f"Annexe {self.annex_count + 1} – {title}"
        self.annex_level = rank
        self._heading(rank, title, toc=True)

    def _levels(self) -> None:
        """Outline levels from 1: the highest sectioning command used is level 1."""
        if not self.heading_items:
            return
        top = min(rank for _, rank in self.heading_items)
        for index, rank in self.heading_items:
            if index < len(self.flow.items):  # a damaged source may have dropped the item
                self.flow.items[index].level = rank - top + 1
        self.min_rank = top
        if self.toc_para is not None:
            lines = []
            for rank, title, index in self.toc:
                indent = "  " * max(0, rank - top)
                lines.append(f"{indent}{title} . . . . . . . . {{p{index}}}")
            self.toc_para.text = "\n".join(lines)
            self.flow.metadata["toc_template"] = self.toc_para.text

    def _toc(self) -> None:
        self._flush()
        title = Para(text=self.toc_name, size=self.base * 1.44 * self.font_scale, bold=True,
                     font=self.font, line_rule="exact", line_value=self.base * 1.44 * 1.2,
                     space_after=self.base, align="left")
        self._add(title, self.toc_name)
        self.toc_para = Para(text="", size=self.base * self.font_scale, font=self.font,
                             line_rule="exact", line_value=self.base * 1.2 * self.stretch,
                             align="left")
        self._add(self.toc_para, "")

    def _maketitle(self) -> None:
        self._flush()
        for key, factor in (("title", 1.728), ("author", 1.2), ("date", 1.2)):
            if self.title.get(key):
                self._text(self.title[key])
                self._flush(size=self.base * factor, align="center", space_after=12.0)
        if self.chapters:
            self._break()

    # -- files -------------------------------------------------------------------------
    def _resolve_include(self, name: str, args) -> Path | None:
        names = [_text_arg(a) for a in args if a is not None and a.latex_verbatim() != "*"]
        if not names:
            return None
        if name in ("import", "subimport", "inputfrom", "subinputfrom", "includefrom",
                    "subincludefrom") and len(names) >= 2:
            base = self.import_base[-1] if name.startswith("sub") else self.root
            folder = (base / names[0]).resolve() if name.startswith("sub") else \
                (Path(names[0]) if Path(names[0]).is_absolute() else self.root / names[0])
            target = names[1]
            candidates = [folder / target]
        else:
            target = names[0]
            current = Path(self._current_file).parent if hasattr(self, "_current_file") \
                else self.root
            candidates = [self.import_base[-1] / target, current / target, self.root / target,
                          self.boundary / target]
        for candidate in candidates:
            for ext in ("", ".tex"):
                path = Path(str(candidate) + ext)
                if is_file(path):
                    return path
        return None

    def _inside_report(self, path: Path) -> bool:
        """Only files of the report's repository are read (:func:`report_root`): an
        ``\\input{/etc/passwd}`` in a submitted file must not pull another file's text into
        the findings."""
        return inside_root(path, self.boundary)

    def _include(self, node, name: str, args) -> None:
        target = self._resolve_include(name, args)
        if target is not None and not self._inside_report(target):
            self._missing("outside", str(target), node)
            return
        if target is None:
            shown = " / ".join(_text_arg(a) for a in args
                               if a is not None and a.latex_verbatim() != "*")
            if name == "InputIfFileExists":
                return
            self._missing("include", shown, node)
            return
        if target.resolve() in {p.resolve() for p in self.stack} or len(self.stack) > 20:
            return
        if name == "include":
            self._break()
        text, _ = read_source(target, self.latin)
        text = strip_skipped(text)
        if str(target) not in self.files:
            self.files.append(str(target))
        saved = (self._current_file, self._current_walker)
        self.stack.append(target)
        pushed = name in ("import", "subimport", "inputfrom", "subinputfrom",
                          "includefrom", "subincludefrom")
        if pushed:
            self.import_base.append(target.parent)
        nodes = self._parse(text)
        self._current_file, self._current_walker = target, self._walker
        if name == "subfile":
            for n in nodes:
                if n is not None and n.isNodeType(_lw().LatexEnvironmentNode) and \
                        n.environmentname == "document":
                    nodes = n.nodelist
                    break
        self._walk(nodes)
        self._flush()
        self._current_file, self._current_walker = saved
        self.stack.pop()
        if pushed:
            self.import_base.pop()
        if name == "include":
            self._break()

    def _folders(self) -> list[Path]:
        """Where a relative name is looked for: the current file's folder, the ``\\import``
        folder, the main file's, then the root (a report compiled from the repository's
        top, ``\\input{chapitres/intro}`` from ``rapport/main.tex``)."""
        return list(dict.fromkeys([Path(self._current_file).parent, self.import_base[-1],
                                   self.root, self.boundary]))

    def _find_graphic(self, name: str) -> Path | None:
        folders = self._folders()
        folders += [self.root / p for p in self.graphics_paths]
        for folder in folders:
            for ext in GRAPHICS_EXT:
                path = folder / f"{name}{ext}"
                if is_file(path):
                    return path
        return None

    def _graphics(self, node, args) -> None:
        opts = {}
        for arg in args[:-1]:
            if arg is not None and arg.latex_verbatim().startswith("["):
                opts.update(_keyvals(arg.latex_verbatim()[1:-1]))
        name = _text_arg(args[-1]) if args and args[-1] is not None else ""
        g = self.flow.geometry
        path = self._find_graphic(name)
        natural = None
        if path is not None and not self._inside_report(path):
            self._missing("outside", str(path), node)
            path = None
        elif path is None:
            self._missing("picture", name, node)
        else:
            if str(path) not in self.assets:
                self.assets.append(str(path))
            natural = image_size(path)
        width = length_pt(opts.get("width", ""), g.text_width, self.base)
        height = length_pt(opts.get("height", ""), g.height - g.top - g.bottom, self.base)
        scale = float(opts["scale"]) if _is_float(opts.get("scale", "")) else None
        if path is None and not (width or height):
            return
        w, h = fit_picture(natural, width, height, scale, "keepaspectratio" in opts,
                           g.text_width)
        if str(opts.get("angle", "0")).strip() in ("90", "-90", "270"):
            w, h = h, w
        pic = Pic(width=min(w, g.width), height=min(h, g.height))
        if self.buf.start is not None and "".join(self.buf.parts).strip():
            # in a line of text (a logo beside another one): keep it in the paragraph
            self._flush()
        para = Para(text="", size=self.base, pics=[pic], align=self.style.align
                    if self.figure_depth or self.style.align != "justify" else "left",
                    space_before=self.pending_space)
        self.pending_space = 0.0
        self._add(para, "")

    def _includepdf(self, node, args) -> None:
        opts = _keyvals(args[0].latex_verbatim()[1:-1]) if args and args[0] is not None else {}
        name = _text_arg(args[-1]) if args and args[-1] is not None else ""
        path = None
        for folder in self._folders():
            for ext in ("", ".pdf"):
                if is_file(folder / f"{name}{ext}"):
                    path = folder / f"{name}{ext}"
                    break
            if path:
                break
        if path is None:
            self._missing("pdf", name, node)
            return
        if not self._inside_report(path):
            self._missing("outside", str(path), node)
            return
        if str(path) not in self.assets:
            self.assets.append(str(path))
        try:
            pages = included_pages(path, opts.get("pages"), (self.flow.geometry.width,
                                                             self.flow.geometry.height))
        except UnreadableInput:
            self._missing("pdf", name, node)
            return
        self._flush()
        first = self._tick()
        if pages and self.in_annex:
            self.annex_count += 1
        self._add(IncludedPages(pages, str(path)), " ".join(p.text for p in pages[:1])[:200],
                  first=first)

    def _missing(self, kind: str, name: str, node) -> None:
        file, line = self._where(node)
        self.missing.append((self._tick(), kind, name, f"{file}:{line}"))

    def _directive(self, node, path, walker) -> None:
        found = parse_directive(node.comment)
        if not found:
            return
        kind, codes = found
        try:
            line = walker.pos_to_lineno_colno(node.pos)[0]
        except Exception:  # noqa: BLE001
            line = 0
        event = self.event if self.flow.items or self.buf.start is not None else 0
        self.directives.append((event, Suppression(kind, codes, self._shown(Path(path)),
                                                   line)))

    def _resolve_anchors(self) -> None:
        def first_after(event: int) -> int | None:
            for index, (_, end) in enumerate(self.spans):
                if end > event:
                    return index
            return None

        for event, directive in self.directives:
            directive.anchor = 0 if event == 0 else first_after(event)
            self.notes.suppressions.append(directive)
        for event, kind, name, where in self.missing:
            self.notes.missing.append((kind, name, where, first_after(event)))

    # -- tables ------------------------------------------------------------------------
    def _table(self, node) -> None:
        lw = _lw()
        self._flush()
        spec = ""
        args = node.nodeargd.argnlist if node.nodeargd else []
        for arg in args:
            if arg is not None and arg.latex_verbatim().startswith("{"):
                spec = arg.latex_verbatim()
        widths = [length_pt(w, self.flow.geometry.text_width, self.base) or 0.0
                  for w in re.findall(r"[pmbX]\{([^{}]*)\}", spec)]
        rows: list[list[str]] = [[""]]
        for child in node.nodelist or []:
            if child is None:
                continue
            if child.isNodeType(lw.LatexSpecialsNode) and child.specials_chars == "&":
                rows[-1].append("")
            elif child.isNodeType(lw.LatexMacroNode) and child.macroname in ("\\", "tabularnewline"):
                rows.append([""])
            elif child.isNodeType(lw.LatexMacroNode) and child.macroname in (
                    "hline", "cline", "toprule", "midrule", "bottomrule", "endhead",
                    "endfirsthead", "endfoot", "endlastfoot"):
                continue
            elif child.isNodeType(lw.LatexCommentNode):
                self._directive(child, self._current_file, self._current_walker)
            else:
                rows[-1][-1] += self._inline_text([child]) + " "
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            return
        size = self.style.size * self.font_scale
        block = TableBlock(rows=[[[Para(text=c.strip(), size=size, font=self.font,
                                        line_rule="exact", line_value=self.style.size * 1.2)]
                                  for c in row] for row in rows],
                           widths=[w for w in widths if w] if len(widths) >= max(map(len, rows))
                           else [])
        text = " ".join(c for c in rows[0] if c.strip())
        self._add(block, text)


# --- helpers ----------------------------------------------------------------------------

def _lw():
    from pylatexenc import latexwalker

    return latexwalker


_L2T = None


def _l2t():
    global _L2T
    if _L2T is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _L2T = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)
    return _L2T


def _args(node) -> list:
    return list(node.nodeargd.argnlist) if node.nodeargd and node.nodeargd.argnlist else []


def _text_arg(arg) -> str:
    if arg is None:
        return ""
    raw = arg.latex_verbatim()
    if raw[:1] in "{[" and raw[-1:] in "}]":
        raw = raw[1:-1]
    return raw.strip()


def _opts(arg) -> list[str]:
    return [o.strip() for o in _text_arg(arg).split(",") if o.strip()] if arg is not None else []


def _keyvals(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    depth, current = 0, ""
    parts = []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    for part in parts:
        key, eq, value = part.partition("=")
        if key.strip():
            out[key.strip()] = value.strip().strip("{}") if eq else "true"
    return out


def _plain(latex: str) -> str:
    try:
        return _l2t().latex_to_text(latex).strip()
    except Exception:  # noqa: BLE001
        return latex.strip()


def _group_end(text: str) -> int:
    depth = 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except (TypeError, ValueError):
        return False


def _rel(path: Path, base: Path) -> str:
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- entry point ------------------------------------------------------------------------

def read_latex(path: Path, settings: dict | None = None) -> tuple[Path, Flow, list[Path]]:
    """(main file, flow, every file the report depends on)."""
    settings = settings or {}
    main = find_main(Path(path))
    reader = _Reader(main, settings)
    flow = reader.run()
    notes = reader.notes
    notes.files = [_rel(Path(p), main.parent) for p in reader.files]
    notes.assets = [_rel(Path(p), main.parent) for p in reader.assets]
    flow.notes = notes
    deps = [Path(p) for p in reader.files + reader.assets]
    return main, flow, deps


def parse_latex(path: Path, settings: dict | None = None) -> Document:
    settings = settings or {}
    main, flow, deps = read_latex(path, settings)
    notes = flow.notes
    pdf = None
    if wants_build(settings):
        with temp_build_dir() as tmp:
            built = build_latex(main, Path(tmp), deps, notes)
            if built is not None:
                doc = _finish_toc_and_document(flow, main, built)
                doc.source.pages_from = "built"
                doc.metadata["rendered_by"] = notes.detail or "latexmk"
                return doc
    candidate = locate_compiled(main, report_root(main, settings), flow, settings,
                                exclude=set(deps))
    pdf = compiled_pdf(main, deps, settings, notes, candidate)
    if pdf is not None:
        notes.pages_from = "pdf"
    return _finish_toc_and_document(flow, main, pdf)


def _finish_toc_and_document(flow: Flow, main: Path, pdf: Path | None) -> Document:
    from report_lint.parsers._sources import lay_out

    template = flow.metadata.get("toc_template")
    if pdf is None and template is not None:
        toc_para = next((item for item in flow.items if isinstance(item, Para) and
                         item.text == template), None)
        if toc_para is not None:
            toc_para.text = re.sub(r"\{p\d+\}", "0", template)
            _, pages = lay_out(flow, main, "latex")
            toc_para.text = re.sub(r"\{p(\d+)\}", lambda m: str(
                pages[int(m.group(1))] if int(m.group(1)) < len(pages) else 0), template)
    elif template is not None:
        toc_para = next((item for item in flow.items if isinstance(item, Para) and
                         item.text == template), None)
        if toc_para is not None:
            toc_para.text = re.sub(r"\{p\d+\}", "0", template)
    return document_for(flow, main, "latex", pdf)


def build_latex(main: Path, out: Path, deps: list[Path], notes: SourceNotes) -> Path | None:
    """Compile with latexmk (else pdflatex twice) into ``out``; None when it failed."""
    for dep in deps:  # \include writes an .aux per chapter: its folder must exist
        try:
            rel = dep.resolve().parent.relative_to(main.parent.resolve())
            (out / rel).mkdir(parents=True, exist_ok=True)
        except ValueError:
            pass
    target = out / (main.stem + ".pdf")
    if which("latexmk"):
        ok, detail = build_pdf(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error",
                                f"-outdir={out}", main.name], main.parent, target)
        notes.detail = "latexmk"
    elif which("pdflatex"):
        ok, detail = False, ""
        for _ in range(2):
            ok, detail = build_pdf(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                                    f"-output-directory={out}", main.name], main.parent, target)
            if not ok:
                break
        notes.detail = "pdflatex"
    else:
        notes.pdf_problem = "no_builder"
        return None
    if not ok:
        notes.pdf_problem = "build_failed"
        notes.detail = detail
        return None
    return target


from report_lint.document import Document  # noqa: E402  (type of parse_latex)


def _margins(page: float, start: float | None, end: float | None, length: float | None,
             scale: float) -> tuple[float, float, float | None]:
    """geometry's rules on one axis: the text block centred at ``scale`` of the page when
    nothing is given, a missing margin mirrored from the other one."""
    if length is None:
        if start is None and end is None:
            length = page * scale
            return (page - length) / 2, (page - length) / 2, length
        start = start if start is not None else (end or 0)
        return start, end if end is not None else start, None
    start = start if start is not None else (page - length) / 2
    return start, page - length - start, length


def _nodes(arg) -> list:
    """The nodes of a macro argument: a group's content, or the single node given without
    braces (``\\section x``); nothing for a missing argument."""
    if arg is None:
        return []
    nodes = getattr(arg, "nodelist", None)
    return list(nodes or []) if nodes is not None else [arg]
