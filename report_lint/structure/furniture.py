"""Page furniture: running headers and footers, page numbers, tables of contents.

These repeat text that is not content (a header repeating a section title would otherwise
look like a heading, a table of contents repeats every heading), so they are set aside
before headings are looked for.
"""

from __future__ import annotations

import re
from collections import defaultdict

from report_lint.document import Document, Page
from report_lint.textnorm import fold

BAND = 0.12  # top and bottom share of the page where headers and footers live
_PAGE_NUMBER = re.compile(
    r"^(page\s*)?[-–—\s]*\d{1,4}\s*([/|]|sur|of)?\s*\d{0,4}[-–—\s]*$|^[ivxlc]{1,6}$", re.I
)
# "Titre ....... 12", "Titre … 9-12" (a part's page range), "Titre<TAB>12", "Titre 12".
_TOC_ENTRY = re.compile(r"(\.{3,}|…|\s\.\s\.|\t)\s*\d{1,3}(\s*[-–]\s*\d{1,3})?\s*$|\s\d{1,3}$")


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", fold(text)).strip()


def _in_band(line, page: Page) -> bool:
    return line.bottom <= page.height * BAND or line.top >= page.height * (1 - BAND)


def furniture_lines(document: Document) -> set[tuple[int, int]]:
    """(page, line index) of every running header, footer and page number."""
    found: set[tuple[int, int]] = set()
    by_shape: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for page in document.pages:
        for i, line in enumerate(page.lines):
            if not _in_band(line, page):
                continue
            if _PAGE_NUMBER.match(line.text.strip()):
                found.add((page.number, i))
                continue
            by_shape[_shape(line.text)].append((page.number, i, line.top))
    repeated_prefixes: list[tuple[str, float]] = []
    for shape, places in by_shape.items():
        pages = {p for p, _, _ in places}
        if len(pages) < 2:
            continue
        for page_number, i, top in places:
            if any(abs(top - other_top) <= 4 and other_page != page_number
                   for other_page, _, other_top in places):
                found.add((page_number, i))
                repeated_prefixes.append((shape, top))
    # A header that names the current section repeats with another ending on a one-page
    # section ("Rapport de stage - Conclusion"): same beginning, same place.
    if repeated_prefixes:
        for shape, places in by_shape.items():
            for page_number, i, top in places:
                if (page_number, i) in found:
                    continue
                for other, other_top in repeated_prefixes:
                    common = _common_prefix(shape, other)
                    if common >= 12 and abs(top - other_top) <= 4:
                        found.add((page_number, i))
                        break
    return found


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def toc_pages(document: Document, furniture: set[tuple[int, int]], titles: list[str]) -> list[int]:
    """Pages of the table of contents: a TOC title, or a page made of "title ... 12" lines."""
    wanted = {fold(t) for t in titles}
    pages = []
    for page in document.pages:
        lines = [ln for i, ln in enumerate(page.lines) if (page.number, i) not in furniture]
        if not lines:
            continue
        titled = any(fold(ln.text).strip(" :") in wanted for ln in lines[:4])
        entries = sum(1 for ln in lines if _TOC_ENTRY.search(ln.text) and len(ln.text) > 4)
        dotted = sum(1 for ln in lines if re.search(r"(\.\s?){4,}|…", ln.text))
        short = sum(1 for ln in lines if 2 < len(ln.text.strip()) <= 100)
        if titled and (entries >= 3 or short >= 4 and short >= 0.8 * len(lines)):
            # A table of contents titled "Sommaire", with or without page numbers.
            pages.append(page.number)
        elif entries >= 5 and entries >= 0.6 * len(lines) and dotted >= 3:
            pages.append(page.number)  # a table of contents continued on the next page
        elif pages and pages[-1] == page.number - 1 and entries >= 0.6 * len(lines) \
                and (entries >= 3 or dotted == entries >= 1):
            pages.append(page.number)  # the end of a table of contents: a few dotted entries
        elif pages and pages[-1] == page.number - 1 and dotted >= 2 \
                and _TOC_ENTRY.search(lines[0].text):
            pages.append(page.number)  # it goes on from the top of the next page
    return pages
