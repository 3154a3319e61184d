"""One outline per report, merged from every source the file offers.

A report's headings can come from its bookmarks (or the headings its source declares), from
its table of contents (the author's own outline: titles and levels, whatever the styles),
or from typography (bold or larger lines). Each alone fails on real reports: Word exports a
few bookmarks for the styled headings only, hand-made headings have no bookmarks at all,
and typography takes bold lead-ins for headings. So the table of contents is read as a list
of titles and located in the body; the richest source wins, and each heading keeps where it
was found (shown to the user as evidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from report_lint.document import Document
from report_lint.nlp import fold
from report_lint.structure.headings import (
    ANNEX_DOC,
    ANNEX_PART,
    body_font_size,
    numbering_depth,
    outline_headings,
    typographic_headings,
)
from report_lint.structure.model import Heading

# "Titre ........ 12", "Titre … 12", "Titre<TAB>12", "Titre 12": the printed page at the end.
_PRINTED_PAGE = re.compile(r"(?:\s*[.…·_\-]{2,}\s*|\s+|\t)(\d{1,3}|[ivxlc]{1,6})\s*$", re.I)
_LEADERS = re.compile(r"[.…·_]{3,}")
_ROMAN_OR_LETTER = re.compile(r"^\s*([IVX]{1,5}|[A-H])\s*[.)–—-]\s*\S")
_BULLET = re.compile(r"^[\s•◦▪●○■□➢►\-–·]+")


@dataclass
class TocEntry:
    """One line of a table of contents: the title, its level, the page number it prints."""

    title: str
    level: int
    printed_page: int | None
    x0: float


def norm_title(text: str) -> str:
    """The form titles are compared in: folded, punctuation and numbering dots gone."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def toc_entries(document: Document, toc: list[int], furniture, toc_titles: list[str]
                ) -> list[TocEntry]:
    """The entries of the table of contents, wrapped titles joined, levels from numbering
    and indentation."""
    wanted = {norm_title(t) for t in toc_titles}
    raw: list[tuple[str, int | None, float]] = []
    for number in toc:
        page = document.pages[number - 1]
        for i, line in enumerate(page.lines):
            if (number, i) in furniture:
                continue
            text = _BULLET.sub("", line.text).strip()
            if not text or norm_title(text) in wanted:
                continue
            printed = None
            match = _PRINTED_PAGE.search(text)
            if match and len(text) > len(match.group(0)) + 1:
                value = match.group(1)
                printed = int(value) if value.isdigit() else None
                text = text[:match.start()].rstrip()
            text = _LEADERS.sub(" ", text).strip(" .")
            if sum(ch.isalpha() for ch in text) < 2:
                continue
            starts_lower = text[:1].islower() and not re.match(r"^[a-h][.)]\s", text)
            if raw and starts_lower and raw[-1][1] is None:
                prev = raw[-1]
                raw[-1] = (prev[0] + " " + text, printed, prev[2])  # a wrapped title
                continue
            raw.append((text, printed, line.x0))
    return [TocEntry(text, level, printed, x0)
            for (text, printed, x0), level in zip(raw, _levels(raw))]


def _levels(raw: list[tuple[str, int | None, float]]) -> list[int]:
    """Numbered entries take their numbering depth; the others their indentation's rank
    (the leftmost unnumbered entries are top level: Introduction, Conclusion, Annexes)."""
    depths = [numbering_depth(text) or (1 if _ROMAN_OR_LETTER.match(text) and
                                        re.match(r"^\s*[IVX]", text) else None)
              for text, _, _ in raw]
    columns = sorted({round(x0 / 6) for (_, _, x0), d in zip(raw, depths) if d is None})
    rank = {c: n + 1 for n, c in enumerate(columns)}
    return [d if d is not None else rank[round(x0 / 6)] for (_, _, x0), d in zip(raw, depths)]


def locate_toc_entries(document: Document, entries: list[TocEntry], toc: set[int],
                       furniture) -> list[Heading]:
    """Each entry found as a line of the body, in order; entries not found are dropped (a
    table of contents can list a part that was never written)."""
    body_size = body_font_size(document, furniture)
    # page, index, normalised text, with the next line, whether it stands out
    lines: list[tuple[int, int, str, str, bool]] = []
    for page in document.pages:
        if page.number in toc:
            continue
        kept = [(i, ln) for i, ln in enumerate(page.lines) if (page.number, i) not in furniture]
        for k, (i, line) in enumerate(kept):
            here = norm_title(_BULLET.sub("", line.text))
            nxt = norm_title(kept[k + 1][1].text) if k + 1 < len(kept) else ""
            salient = line.bold or (body_size > 0 and line.size >= body_size * 1.1) \
                or line.declared_level is not None
            lines.append((page.number, i, here, (here + " " + nxt).strip(), salient))
    headings: list[Heading] = []
    position = 0
    for entry in entries:
        target = norm_title(entry.title)
        if len(target) < 3:
            continue
        found = _find_forward(lines, position, target)
        if found is None:
            continue
        position = found + 1
        page, index = lines[found][0], lines[found][1]
        headings.append(Heading(entry.title, entry.level, page, index, "toc",
                                evidence=f"table of contents, level {entry.level}"))
    return headings


def _find_forward(lines, start: int, target: str) -> int | None:
    """The first line from ``start`` that is the title (or starts with it, or is its first
    half when the title wraps)."""
    bare = re.sub(r"^(\d+ )+|^[ivx]+ |^[a-h] ", "", target)  # the title without its number
    for n in range(start, len(lines)):
        _, _, here, joined, salient = lines[n]
        if not here:
            continue
        if here == target or joined == target or here == bare:
            return n
        # "Conclusion : Le monde du travail..." under the entry "Conclusion".
        if (len(target) >= 12 or salient) and here.startswith(target + " ") \
                and len(here) <= len(target) + 70:
            return n
        if len(target) >= 12 and joined.startswith(target) and len(here) <= len(target) + 40:
            return n
        if len(here) >= 10 and target.startswith(here) and joined.startswith(target[:len(here)]) \
                and len(target) - len(here) < 60 and target.startswith(joined[:len(target)]):
            return n
    return None


def merged_headings(document: Document, furniture, toc: list[int], cover: bool,
                    toc_titles: list[str]) -> list[Heading]:
    """The report's headings from the richest source, plus annex titles typography sees."""
    toc_set = set(toc)
    excluded = toc_set | ({1} if cover else set())
    body_size = body_font_size(document, furniture)
    declared = [h for h in outline_headings(document, furniture) if h.page not in toc_set]
    for h in declared:
        h.evidence = "source heading" if document.source is not None or \
            document.format in ("latex", "markdown") else "bookmark"
    from_toc = locate_toc_entries(document, toc_entries(document, toc, furniture, toc_titles),
                                  toc_set, furniture) if toc else []
    typographic = typographic_headings(document, furniture, excluded, body_size)
    for h in typographic:
        h.evidence = "typography"

    if len(declared) >= 3 and len(declared) >= 0.5 * len(from_toc):
        headings = declared
    elif len(from_toc) >= 3:
        headings = from_toc
    elif declared:
        headings = declared
    else:
        headings = typographic
    headings = list(headings)
    # Annex titles are often left out of bookmarks and tables of contents (starred LaTeX
    # sections, plain text): take those from typography.
    if headings is not typographic and typographic:
        top = min((h.level for h in headings), default=1)
        known = {(h.page, norm_title(h.title)) for h in headings}
        for extra in typographic:
            if (ANNEX_DOC.match(extra.title) or ANNEX_PART.match(extra.title)) and \
                    (extra.page, norm_title(extra.title)) not in known and \
                    not any(h.page == extra.page and ANNEX_DOC.match(h.title) for h in headings):
                extra.level = top
                headings.append(extra)
    headings.sort(key=lambda h: (h.page, h.line))
    return headings
