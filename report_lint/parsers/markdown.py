"""Markdown report → Document, through markdown-it-py (CommonMark), not regular expressions.

- YAML front matter (mdit-py-plugins' ``front_matter``) is skipped as text, ``#`` comment
  lines in it included; its ``title``/``subtitle``/``author``/``date`` make the title block
  and ``papersize``, ``fontsize``, ``geometry``, ``linestretch`` the page, as pandoc does.
- CommonMark headings only: ``#Title`` without a space is a paragraph, ``#`` lines inside
  fenced code are code. Pandoc attributes after a heading (``# Annexes {-}``,
  ``{.unnumbered}``) are read and left out of the title.
- Pictures: ``![..](file){width=50%}`` (pandoc attributes, or mdit-py-plugins' ``attrs``)
  and HTML ``<img width=...>``; natural size read from the file; pandoc's default
  ``keepaspectratio``. ``\\newpage``/``\\clearpage``/``\\pagebreak`` (pandoc raw LaTeX) and
  ``<div style="page-break-after: always">`` are page breaks.
- Several files: the order comes from the configuration (``sources = [...]``), else a
  GitBook ``SUMMARY.md``, else the ``nav`` of ``mkdocs.yml``, else a site's navigation
  (VuePress ``sidebar`` or ``prev``/``next``, Docusaurus ``sidebars.js`` or positions, MkDocs
  without ``nav``), else the numbered file names in natural order (``2-`` before ``10-``),
  else the one Markdown file of the folder (a README beside it is not a chapter).
- ``<!-- report-lint: disable=... -->`` comments (see :mod:`report_lint.suppressions`).

Pages: see :mod:`._sources` (compiled PDF newer than the sources, ``--build`` with pandoc,
or estimated).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from report_lint.document import Document
from report_lint.findings import UnreadableInput
from report_lint.parsers._flow import Break, Geometry, Para, Pic, TableBlock
from report_lint.parsers._sources import (
    exists,
    is_file,
    PAPERS,
    Flow,
    build_pdf,
    compiled_pdf,
    document_for,
    fit_picture,
    image_size,
    inside_root,
    length_pt,
    locate_compiled,
    report_root,
    temp_build_dir,
    wants_build,
    which,
)
from report_lint.suppressions import SourceNotes, Suppression, parse_directive

SUFFIXES = (".md", ".markdown")
NOT_CHAPTERS = ("readme", "summary", "changelog", "license", "licence", "contributing")
PAGE_BREAKS = ("\\newpage", "\\clearpage", "\\pagebreak", "\\cleardoublepage")
HEADING_SIZES = {1: 1.44, 2: 1.2, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.0}


def _md():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin).use(attrs_plugin).enable("table")


# --- which files, in which order ----------------------------------------------------------

def _natural(name: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def _config_options(folder: Path) -> tuple[dict, Path | None]:
    from report_lint.config import ConfigError, discover

    try:
        found = discover(folder)
    except ConfigError:
        return {}, None
    return (found[1], found[0].parent) if found else ({}, None)


def _resolve(name: str, bases: list[Path]) -> Path:
    for base in bases:
        candidate = base / name
        if exists(candidate):
            return candidate
    return bases[0] / name


def ordered_sources(folder: Path, settings: dict | None = None) -> tuple[list[Path], str]:
    """The Markdown files of the report in ``folder``, in reading order, and where the order
    came from (``config``, ``SUMMARY.md``, ``mkdocs.yml``, ``numbered``, ``single``)."""
    options, config_dir = _config_options(folder)
    sources = (settings or {}).get("sources") or options.get("sources")
    bases = [folder] + ([config_dir] if config_dir else [])
    if isinstance(sources, str):
        sources = [sources]
    if sources:
        return _inside([_resolve(str(s), bases) for s in sources], bases), "config"
    summary = folder / "SUMMARY.md"
    if summary.is_file():
        files = _inside(_summary_files(summary), [folder])
        if files:
            return files, "SUMMARY.md"
    for candidate in (folder / "mkdocs.yml", folder.parent / "mkdocs.yml"):
        if candidate.is_file():
            files = _inside(_mkdocs_files(candidate), [candidate.parent])
            if files:
                return files, "mkdocs.yml"
    site = _site_order(folder)
    if site is not None:
        return site
    mds = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
           and not p.name.startswith(".")]
    numbered = sorted((p for p in mds if p.name[:1].isdigit()), key=lambda p: _natural(p.name))
    if numbered:
        return numbered, "numbered"
    chapters = [p for p in mds if p.stem.lower() not in NOT_CHAPTERS]
    if len(chapters) == 1:
        return chapters, "single"
    return [], ""


def _inside(files: list[Path], roots: list[Path]) -> list[Path]:
    """Only files of the report's own folders are read (never ``../../etc/passwd``)."""
    roots = [r.resolve() for r in roots]
    return [f for f in files if any(f.resolve().is_relative_to(r) for r in roots)]


def _summary_files(summary: Path) -> list[Path]:
    """The files a GitBook SUMMARY.md links to, in order (links read by markdown-it)."""
    text = summary.read_text(encoding="utf-8", errors="replace")
    files: list[Path] = []
    for token in _md().parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                href = str(child.attrs.get("href", "")).split("#", 1)[0]
                if href and not re.match(r"[a-z]+://", href) and href.lower().endswith(SUFFIXES):
                    path = summary.parent / href
                    if path not in files:
                        files.append(path)
    return files


def _mkdocs_files(config: Path) -> list[Path]:
    try:
        import yaml

        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except Exception:  # noqa: BLE001 - a broken mkdocs.yml: no order from it
        return []
    docs = config.parent / str(data.get("docs_dir", "docs"))
    files: list[Path] = []

    def walk(nav):
        if isinstance(nav, str):
            if nav.lower().endswith(SUFFIXES):
                files.append(docs / nav)
        elif isinstance(nav, list):
            for entry in nav:
                walk(entry)
        elif isinstance(nav, dict):
            for value in nav.values():
                walk(value)

    walk(data.get("nav") or [])
    return files


# --- static site generators: VuePress, Docusaurus, MkDocs without a nav ----------------------

_JS_STRING = re.compile(r"""(?:([A-Za-z_$][\w$]*)\s*:\s*)?(['"`])((?:(?!\2)[^\\\n]|\\.)*)\2""")


def _js_block(text: str, key: str) -> str:
    """The array or object written after ``key:`` in a JS/TS config (``sidebar: [...]``)."""
    m = re.search(rf"\b{key}\s*[:=]\s*([\[{{])", text)
    if not m:
        return ""
    opening, closing = m.group(1), "]" if m.group(1) == "[" else "}"
    depth = 0
    for i in range(m.start(1), len(text)):
        if text[i] == opening:
            depth += 1
        elif text[i] == closing:
            depth -= 1
            if depth == 0:
                return text[m.start(1):i + 1]
    return text[m.start(1):]


def _js_links(block: str, keys: tuple[str, ...]) -> list[str]:
    """The strings of a sidebar that name pages: bare strings and the values of ``keys``
    (``link``, ``path``, ``id``), not titles."""
    return [m.group(3) for m in _JS_STRING.finditer(block)
            if m.group(1) is None or m.group(1) in keys]


def _page_file(docs: Path, link: str) -> Path | None:
    """The Markdown file of a site link (``/guide/intro``, ``intro.md``, ``/`` -> README)."""
    link = link.split("#", 1)[0].split("?", 1)[0].strip()
    if not link or re.match(r"[a-z]+://", link):
        return None if link else _index(docs)
    target = docs / link.lstrip("/").removeprefix("./")
    if link.endswith("/"):
        return _index(target)
    for candidate in (target, target.with_suffix(".md") if target.suffix in ("", ".html")
                      else target, Path(str(target) + ".md")):
        if is_file(candidate) and candidate.suffix.lower() in SUFFIXES:
            return candidate
    return _index(target) if target.is_dir() else None


def _index(folder: Path) -> Path | None:
    for name in ("README.md", "readme.md", "index.md"):
        if is_file(folder / name):
            return folder / name
    return None


def _front(path: Path) -> dict:
    """The YAML front matter of a Markdown file ({} without one)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    m = re.match(r"---\s*\n(.*?)\n---\s*(\n|$)", text, re.S)
    if not m:
        return {}
    try:
        import yaml

        data = yaml.safe_load(m.group(1))
    except Exception:  # noqa: BLE001 - not YAML
        return {}
    return data if isinstance(data, dict) else {}


def _site_pages(docs: Path) -> list[Path]:
    """Every Markdown page of a site folder, by folder then natural name."""
    pages = [p for p in docs.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
             and not any(part.startswith(".") or part == "node_modules"
                         for part in p.relative_to(docs).parts)]
    return sorted(pages, key=lambda p: [_natural(part) for part in p.relative_to(docs).parts])


def _chain(docs: Path, pages: list[Path]) -> list[Path]:
    """VuePress's ``prev``/``next`` front matter: the pages linked from the home page (the
    one no page precedes) on; [] when fewer than two pages are linked."""
    following: dict[Path, Path] = {}
    for page in pages:
        target = _front(page).get("next")
        if isinstance(target, dict):
            target = target.get("link")
        if isinstance(target, str):
            base = page.parent if target.startswith(".") else docs
            found = _page_file(base, target)
            if found is not None:
                following[page.resolve()] = found
    if not following:
        return []
    targets = {p.resolve() for p in following.values()}
    start = next((p for p in pages if p.resolve() in following and
                  p.resolve() not in targets), None)
    order: list[Path] = []
    while start is not None and start.resolve() not in {p.resolve() for p in order}:
        order.append(start)
        start = following.get(start.resolve())
    return order if len(order) >= 2 else []


def _docusaurus_pages(docs: Path, pages: list[Path]) -> list[Path]:
    """Docusaurus's autogenerated order: ``sidebar_position`` (front matter), else the
    number the name starts with, else the name; folders by ``_category_.json`` position."""
    import json

    def position(path: Path) -> float:
        if path.is_dir():
            try:
                value = json.loads((path / "_category_.json").read_text("utf-8")).get("position")
            except (OSError, ValueError, AttributeError):
                value = None
        else:
            value = _front(path).get("sidebar_position")
        if isinstance(value, (int, float)):
            return float(value)
        m = re.match(r"(\d+)", path.name)
        return float(m.group(1)) if m else float("inf")

    def key(page: Path) -> list:
        parts = page.relative_to(docs).parts
        return [(position(docs.joinpath(*parts[:n + 1])), _natural(part))
                for n, part in enumerate(parts)]

    return sorted(pages, key=key)


def _doc_ids(docs: Path, pages: list[Path]) -> dict[str, Path]:
    """Docusaurus document ids: the path without its extension and number prefixes, or
    the ``id`` of the front matter."""
    ids: dict[str, Path] = {}
    for page in pages:
        parts = list(page.relative_to(docs).with_suffix("").parts)
        plain = "/".join(re.sub(r"^\d+[-_.\s]*", "", part) or part for part in parts)
        own = _front(page).get("id")
        if own:
            ids["/".join(parts[:-1] + [str(own)])] = page
        ids.setdefault(plain, page)
        ids.setdefault("/".join(parts), page)
    return ids


def _site_order(folder: Path) -> tuple[list[Path], str] | None:
    """The reading order of a VuePress, VitePress or Docusaurus site (or an MkDocs one
    without a ``nav``): the navigation of its configuration, else its own ordering rules."""
    for docs in (folder, folder / "docs", folder / "src"):
        # VuePress, and VitePress after it, keep the sidebar in the same shape.
        config = next((docs / tool / f"config.{ext}" for tool in (".vuepress", ".vitepress")
                       for ext in ("js", "ts", "mjs", "cjs", "mts")
                       if is_file(docs / tool / f"config.{ext}")), None)
        if config is not None or (docs / ".vuepress").is_dir() or (docs / ".vitepress").is_dir():
            pages = _site_pages(docs)
            order: list[Path] = []
            if config is not None:
                text = config.read_text(encoding="utf-8", errors="replace")
                for link in _js_links(_js_block(text, "sidebar"), ("link", "path")):
                    page = _page_file(docs, link)
                    if page is not None and page not in order:
                        order.append(page)
            order = order or _chain(docs, pages)
            if not order:
                home = _index(docs)
                order = ([home] if home else []) + [p for p in pages if p != home]
            return _inside(order, [docs]), "VuePress"
    # a folder search reaches the site's docs/ folder first: its configuration is above
    site = folder.parent if folder.name == "docs" and not (folder / "docs").is_dir() else folder
    sidebars = next((site / f"sidebars.{ext}" for ext in ("js", "ts", "json")
                     if is_file(site / f"sidebars.{ext}")), None)
    if sidebars is not None or any(is_file(site / f"docusaurus.config.{ext}")
                                   for ext in ("js", "ts", "mjs")):
        docs = site / "docs"
        pages = _site_pages(docs) if docs.is_dir() else []
        order = []
        if sidebars is not None:
            ids = _doc_ids(docs, pages)
            text = sidebars.read_text(encoding="utf-8", errors="replace")
            for link in _js_links(text, ("id",)):
                page = ids.get(link.strip("/"))
                if page is not None and page not in order:
                    order.append(page)
        if not order:
            order = _docusaurus_pages(docs, pages)
        return (_inside(order, [docs]), "Docusaurus") if order else None
    config = site / "mkdocs.yml"
    if config.is_file():  # no nav: index first, then the files in alphabetical order
        docs = site / "docs"
        pages = _site_pages(docs) if docs.is_dir() else []
        home = _index(docs) if docs.is_dir() else None
        order = ([home] if home else []) + [p for p in pages if p != home]
        return (_inside(order, [docs]), "mkdocs.yml") if order else None
    return None


#: A lone Markdown file is a report in a folder search when its name says so.
REPORT_NAME = re.compile(r"rapport|report|stage|m[ée]moire|internship|alternance|main|these",
                         re.I)


def report_in(folder: Path) -> tuple[Path, list[Path]] | None:
    """(first file, sources) of the Markdown report in ``folder``, for a folder search. A
    Markdown report is one the folder declares (configuration ``sources``, SUMMARY.md, a
    site's navigation, numbered files) or a lone file named like a report (``rapport.md``
    beside a README) or with an export of the same name: a lone notes.md is not a report."""
    sources, origin = ordered_sources(folder)
    if origin == "single" and not (REPORT_NAME.search(sources[0].stem) or any(
            is_file(folder / f"{sources[0].stem}{suffix}") for suffix in (".pdf", ".odt",
                                                                          ".docx"))):
        return None
    sources = [s for s in sources if s.is_file()]
    return (sources[0], sources) if sources else None


# --- HTML bits --------------------------------------------------------------------------

_BREAKS = {"softbreak": " ", "hardbreak": "\n"}


def _child_text(child) -> str | None:
    """The text an inline token adds (words, code, line breaks); None for anything else."""
    if child.type in ("text", "code_inline"):
        return child.content
    return _BREAKS.get(child.type)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[tuple[str, dict]] = []
        self.breaks = 0

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "img":
            self.images.append((attributes.get("src", ""), attributes))
        style = attributes.get("style", "").replace(" ", "").lower()
        if "page-break-after:always" in style or "page-break-before:always" in style or \
                "break-after:page" in style or "break-before:page" in style:
            self.breaks += 1

    handle_startendtag = handle_starttag


def _html_images(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.images


def _html_breaks(html: str) -> int:
    parser = _Tags()
    parser.feed(html)
    return parser.breaks


def _comments(html: str) -> list[str]:
    return re.findall(r"<!--(.*?)-->", html, re.S)


def _attributes(text: str) -> dict[str, str]:
    """Pandoc attributes ``{#id .class key=value key="v w" -}``."""
    out: dict[str, str] = {}
    for m in re.finditer(r'([A-Za-z_][\w-]*)=("[^"]*"|\'[^\']*\'|[^\s}]+)|(\.[\w-]+)|(#[\w-]+)|'
                         r'(?<![\w])(-)(?![\w])', text):
        if m.group(1):
            out[m.group(1)] = m.group(2).strip("\"'")
        elif m.group(3):
            out[m.group(3)] = "class"
        elif m.group(5):
            out[".unnumbered"] = "class"
    return out


def split_heading_attributes(title: str) -> tuple[str, dict[str, str]]:
    """``"Annexes {-}"`` -> ``("Annexes", {".unnumbered": "class"})``: a trailing pandoc
    attribute block, taken apart from the heading's inline text."""
    stripped = title.rstrip()
    if stripped.endswith("}"):
        depth, start = 0, None
        for i in range(len(stripped) - 1, -1, -1):
            if stripped[i] == "}":
                depth += 1
            elif stripped[i] == "{":
                depth -= 1
                if depth == 0:
                    start = i
                    break
        if start is not None and start > 0 and stripped[start - 1] == " ":
            return stripped[:start].rstrip(), _attributes(stripped[start + 1:-1])
    return title.strip(), {}


# --- the reader ---------------------------------------------------------------------------

class _Reader:
    def __init__(self, first: Path, sources: list[Path], settings: dict) -> None:
        self.first = first
        self.root = first.parent
        self.boundary = report_root(first, settings)
        self.sources = sources
        self.settings = settings
        self.flow = Flow()
        self.notes = SourceNotes(main=first.name)
        self.assets: list[str] = []
        self.meta: dict = {}
        self.base = 10.0
        self.stretch = 1.0
        self.parskip = 6.0
        self.font_scale = 1.0
        self.paper = PAPERS["letterpaper"]
        self.geometry_text = ""
        self.pending: list[Suppression] = []
        self.missing: list[tuple[str, str, str]] = []  # kind, name, where (anchored later)
        self.missing_at: list[int] = []

    # -- page set-up from the front matter --------------------------------------------
    def _front_matter(self, text: str) -> None:
        try:
            import yaml

            data = yaml.safe_load(text) or {}
        except Exception:  # noqa: BLE001 - not YAML: read "key: value" lines
            data = {}
            for line in text.splitlines():
                if ":" in line and not line.lstrip().startswith("#"):
                    key, _, value = line.partition(":")
                    data[key.strip()] = value.strip().strip("\"'")
        if not isinstance(data, dict):
            return
        for key, value in data.items():
            self.meta.setdefault(str(key), value)

    def _page_setup(self) -> None:
        m = self.meta
        fontsize = str(m.get("fontsize", "10pt"))
        size = length_pt(fontsize)
        if size:
            self.base = size
        paper = str(m.get("papersize", "letter")).lower().replace("paper", "")
        self.paper = PAPERS.get(f"{paper}paper", self.paper)
        try:
            self.stretch = float(m.get("linestretch", 1.0))
        except (TypeError, ValueError):
            pass
        if m.get("indent"):
            self.parskip = 0.0
        options = m.get("fontfamilyoptions")
        options = ",".join(map(str, options)) if isinstance(options, list) else str(options or "")
        scaled = re.search(r"scaled(?:=([0-9.]+))?", options)
        if scaled and str(m.get("fontfamily", "")) in ("helvet", "tgheros", "inconsolata"):
            self.font_scale = float(scaled.group(1)) if scaled.group(1) else 0.95
        geometry = m.get("geometry")
        opts: dict[str, str] = {}
        for part in (geometry if isinstance(geometry, list) else
                     str(geometry or "").split(",")):
            key, eq, value = str(part).partition("=")
            if key.strip():
                opts[key.strip()] = value.strip() if eq else "true"
        pw, ph = self.paper
        if opts:
            def get(*keys):
                for key in keys:
                    if key in opts:
                        v = length_pt(opts[key], em=self.base)
                        if v is not None:
                            return v
                return None
            margin = get("margin")
            left = get("left", "lmargin") or get("hmargin") or margin or pw * 0.15
            right = get("right", "rmargin") or get("hmargin") or margin or left
            top = get("top", "tmargin") or get("vmargin") or margin or ph * 0.15
            bottom = get("bottom", "bmargin") or get("vmargin") or margin or top
        else:
            width = {10: 345.0, 11: 360.0, 12: 390.0}.get(int(self.base), 360.0)
            left = right = (pw - width) / 2
            top = ph * 0.18 + 10
            bottom = ph - ph * 0.64 - top
        self.flow.geometry = Geometry(pw, ph, left, right, top, bottom)

    # -- flow ------------------------------------------------------------------------
    def _para(self, text: str, **kw) -> Para:
        para = Para(text=text, size=self.base * self.font_scale, font="sans", line_rule="exact",
                    line_value=self.base * 1.2 * self.stretch, space_after=self.parskip,
                    align="justify")
        for key, value in kw.items():
            setattr(para, key, value)
        return para

    def _add(self, item, text: str = "") -> int:
        index = self.flow.add(item, text)
        for directive in self.pending:
            directive.anchor = index
            self.notes.suppressions.append(directive)
        self.pending = []
        for n in range(len(self.missing_at), len(self.missing)):
            self.missing_at.append(index)
        return index

    def _directive(self, comment: str, file: Path, line: int) -> None:
        found = parse_directive(comment)
        if found:
            kind, codes = found
            self.pending.append(Suppression(kind, codes, _rel(file, self.root), line))

    def run(self) -> Flow:
        md = _md()
        parsed = []
        for source in self.sources:
            try:
                text = source.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                text = source.read_text(encoding="latin-1")
            except OSError:
                self.missing.append(("source", _rel(source, self.root), self.first.name))
                continue
            tokens = md.parse(text)
            for token in tokens:
                if token.type == "front_matter":
                    self._front_matter(token.content)
            parsed.append((source, tokens))
        self._page_setup()
        self._title_block()
        for source, tokens in parsed:
            self._tokens(source, tokens)
        for directive in self.pending:  # after all content
            directive.anchor = None
            self.notes.suppressions.append(directive)
        self.pending = []
        while len(self.missing_at) < len(self.missing):
            self.missing_at.append(None)
        self.notes.missing = [(kind, name, where, at) for (kind, name, where), at
                              in zip(self.missing, self.missing_at)]
        return self.flow

    def _title_block(self) -> None:
        m = self.meta
        for key, factor, space in (("title", 1.728, 12.0), ("subtitle", 1.44, 12.0),
                                   ("author", 1.2, 8.0), ("date", 1.2, 8.0)):
            value = m.get(key)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if value:
                self._add(self._para(str(value), size=self.base * factor, align="center",
                                     space_before=24.0 if key == "title" else 0.0,
                                     space_after=space,
                                     line_value=self.base * factor * 1.2), str(value))

    def _tokens(self, source: Path, tokens) -> None:
        indent = 0.0
        item_prefix: list[str] = []
        ordered: list[int] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            line = token.map[0] + 1 if token.map else 0
            if kind == "heading_open":
                level = int(token.tag[1:])
                inline = tokens[i + 1]
                title, _ = split_heading_attributes(self._inline_text(inline, source))
                size = self.base * HEADING_SIZES.get(level, 1.0)
                before = 1.5 * self.base if level == 1 else 1.4 * self.base
                after = self.base if level == 1 else 0.65 * self.base
                if title:
                    self._add(self._para(title, size=size * self.font_scale, bold=True, level=level,
                                         space_before=before, space_after=after,
                                         line_value=size * 1.2, keep_with_next=True,
                                         align="left"), title)
                i += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                self._paragraph(inline, source, indent, item_prefix)
                if item_prefix:
                    item_prefix[-1] = "" if item_prefix[-1] != "•" else "•"
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                indent += 20.0
                ordered.append(0 if kind == "ordered_list_open" else -1)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                indent -= 20.0
                ordered.pop()
            elif kind == "list_item_open":
                if ordered and ordered[-1] >= 0:
                    ordered[-1] += 1
                    item_prefix.append(f"{ordered[-1]}.")
                else:
                    item_prefix.append("•")
            elif kind == "list_item_close":
                item_prefix.pop()
            elif kind == "blockquote_open":
                indent += 20.0
            elif kind == "blockquote_close":
                indent -= 20.0
            elif kind in ("fence", "code_block"):
                text = token.content.rstrip("\n")
                if text:
                    self._add(self._para(text, font="mono", size=self.base * 0.9,
                                         align="left", indent_left=indent,
                                         line_value=self.base * 0.9 * 1.2), text)
            elif kind == "html_block":
                for comment in _comments(token.content):
                    self._directive(comment, source, line)
                for _ in range(_html_breaks(token.content)):
                    self._add(Break("page"))
                for src, attrs in _html_images(token.content):
                    self._picture(src, attrs.get("width"), attrs.get("height"), source, line,
                                  "", indent)
            elif kind == "table_open":
                i = self._table(tokens, i, source)
                continue
            elif kind == "hr":
                pass
            i += 1

    def _inline_text(self, inline, source: Path) -> str:
        parts = []
        for child in inline.children or []:
            text = _child_text(child)
            if text is not None:
                parts.append(text)
            elif child.type == "html_inline":
                for comment in _comments(child.content):
                    self._directive(comment, source, (inline.map[0] + 1) if inline.map else 0)
        return "".join(parts)

    def _paragraph(self, inline, source: Path, indent: float, prefix: list[str]) -> None:
        line = inline.map[0] + 1 if inline.map else 0
        raw = inline.content.strip()
        if raw in PAGE_BREAKS:
            self._add(Break("page"))
            return
        parts: list[str] = []
        pictures: list[tuple[str, str | None, str | None, str]] = []
        children = list(inline.children or [])
        for n, child in enumerate(children):
            if child.type == "image":
                attrs = dict(child.attrs)
                following = children[n + 1] if n + 1 < len(children) else None
                if following is not None and following.type == "text" and \
                        following.content.startswith("{") and "}" in following.content:
                    block, _, rest = following.content[1:].partition("}")
                    attrs.update(_attributes(block))
                    following.content = rest
                pictures.append((str(attrs.get("src", "")), attrs.get("width"),
                                 attrs.get("height"), child.content))
            elif (piece := _child_text(child)) is not None:
                parts.append(piece)
            elif child.type == "html_inline":
                for comment in _comments(child.content):
                    self._directive(comment, source, line)
                for src, attrs in _html_images(child.content):
                    pictures.append((src, attrs.get("width"), attrs.get("height"), ""))
                if re.match(r"<br\s*/?>", child.content, re.I):
                    parts.append("\n")
        text = "".join(parts).strip()
        if text in PAGE_BREAKS:
            text = ""
        alone = not text and len(pictures) == 1
        for src, width, height, alt in pictures:
            self._picture(src, width, height, source, line, alt if alone else "", indent)
        if text:
            if prefix and prefix[-1]:
                text = f"{prefix[-1]} {text}"
            self._add(self._para(text, indent_left=indent,
                                 space_after=self.parskip if not prefix else 2.0), text)

    def _picture(self, src: str, width, height, source: Path, line: int, caption: str,
                 indent: float) -> None:
        g = self.flow.geometry
        path = (source.parent / src) if src and not re.match(r"[a-z]+://", src) else None
        natural = None
        if path is not None and is_file(path) and not inside_root(path, self.boundary):
            self.missing.append(("outside", str(path), f"{_rel(source, self.root)}:{line}"))
            path = None
        elif path is None or not is_file(path):
            if src and not re.match(r"[a-z]+://", src):
                self.missing.append(("picture", src, f"{_rel(source, self.root)}:{line}"))
        else:
            if str(path) not in self.assets:
                self.assets.append(str(path))
            natural = image_size(path)
        text_height = g.height - g.top - g.bottom
        w = length_pt(str(width), g.text_width, self.base) if width else None
        h = length_pt(str(height), text_height, self.base) if height else None
        if natural is None and not (w or h):
            return
        pw, ph = fit_picture(natural, w, h, None, True, g.text_width)
        if pw > g.text_width or ph > text_height * 0.95:  # pandoc's \maxwidth / \maxheight
            factor = min(g.text_width / pw, text_height * 0.95 / ph)
            pw, ph = pw * factor, ph * factor
        self._add(Para(text="", size=self.base, pics=[Pic(pw, ph)], align="center",
                       space_before=6.0, space_after=6.0), "")
        if caption:
            self._add(self._para(caption, align="center", size=self.base * 0.91), caption)

    def _table(self, tokens, i: int, source: Path) -> int:
        rows: list[list[str]] = []
        while i < len(tokens) and tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline" and rows:
                rows[-1].append(self._inline_text(token, source))
            i += 1
        rows = [r for r in rows if r]
        if rows:
            size = self.base
            block = TableBlock(rows=[[[self._para(c, size=size, space_after=0.0, align="left")]
                                      for c in row] for row in rows])
            self._add(block, " ".join(rows[0]))
        return i + 1


def _rel(path: Path, base: Path) -> str:
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- entry point ------------------------------------------------------------------------

def read_markdown(path: Path, settings: dict | None = None
                  ) -> tuple[Path, list[Path], Flow, list[Path]]:
    """(first file, sources in order, flow, every file the report depends on)."""
    settings = settings or {}
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    sources, origin = ordered_sources(folder, settings)
    existing = [s for s in sources if s.is_file()]
    if path.is_file() and path.resolve() not in {s.resolve() for s in existing}:
        sources, existing, origin = [path], [path], "single"
    if not existing:
        raise UnreadableInput("no_main_file", fmt="Markdown")
    reader = _Reader(existing[0], sources, settings)
    flow = reader.run()
    notes = reader.notes
    notes.files = [_rel(s, reader.root) for s in existing]
    notes.assets = [_rel(Path(a), reader.root) for a in reader.assets]
    notes.detail = origin
    flow.notes = notes
    flow.metadata["order"] = origin
    return existing[0], existing, flow, existing + [Path(a) for a in reader.assets]


def parse_markdown(path: Path, settings: dict | None = None) -> Document:
    settings = settings or {}
    first, sources, flow, deps = read_markdown(path, settings)
    notes = flow.notes
    if wants_build(settings):
        with temp_build_dir() as tmp:
            built = build_markdown(first, sources, Path(tmp), notes)
            if built is not None:
                doc = document_for(flow, first, "markdown", built)
                doc.source.pages_from = "built"
                doc.metadata["rendered_by"] = "pandoc"
                return doc
    local = dict(settings)
    if "pdf" not in local:
        options, _ = _config_options(first.parent)
        if "pdf" in options:
            local["pdf"] = options["pdf"]
    candidate = locate_compiled(first, report_root(first, settings), flow, local,
                                exclude=set(deps))
    pdf = compiled_pdf(first, deps, local, notes, candidate)
    if pdf is not None:
        notes.pages_from = "pdf"
    return document_for(flow, first, "markdown", pdf)


def build_markdown(first: Path, sources: list[Path], out: Path, notes: SourceNotes
                   ) -> Path | None:
    if not which("pandoc"):
        notes.pdf_problem = "no_builder"
        return None
    target = out / (first.stem + ".pdf")
    ok, detail = build_pdf(["pandoc", *[_rel(s, first.parent) for s in sources], "-o",
                            str(target)], first.parent, target)
    if not ok:
        notes.pdf_problem = "build_failed"
        notes.detail = detail
        return None
    return target
