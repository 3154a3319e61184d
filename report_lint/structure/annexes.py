"""The annex part: where it starts, the annexed documents in it, administrative pages.

Rules (rules.md): the part starts at the first "Annexe(s)"/"Appendix" heading outside the
table of contents; each annexed document starts at its own heading ("Annexe 1 ...") or,
when the annexes have none, on a new page; a separator page that only says "ANNEXES" is
not a document; certificates and evaluation sheets are neither body nor annex.
"""

from __future__ import annotations

import re

from report_lint.document import Document
from report_lint.nlp import fold
from report_lint.structure.headings import ANNEX_DOC, ANNEX_PART
from report_lint.structure.model import Annex, Heading
from report_lint.textnorm import join_lines

_TECH = "technical"
_PRESS = "press"


def annex_part_start(headings: list[Heading], document: Document, page_lines, toc: set[int],
                     ) -> int | None:
    """First page of the annex part, or None."""
    for heading in headings:
        if heading.page in toc or heading.page == 1:
            continue
        if ANNEX_PART.match(heading.title) or ANNEX_DOC.match(heading.title):
            return heading.page
    # A separator page that only says "Annexes", in any style.
    for page in document.pages[1:]:
        if page.number in toc:
            continue
        lines = page_lines(page.number)
        if lines and len(lines) <= 3 and ANNEX_PART.match(lines[0]):
            return page.number
    return None


def admin_pages(document: Document, page_lines, phrases: list[str], first_annex_page: int | None
                ) -> list[int]:
    """Certificates and evaluation sheets: by their title, or as trailing scans."""
    wanted = [fold(p) for p in phrases]
    found = []
    for page in document.pages:
        head = " ".join(fold(t) for t in page_lines(page.number)[:6])
        if any(p in head for p in wanted):
            found.append(page.number)
    # Scans at the very end (no text layer) after the content: certificates.
    number = document.page_count
    while number > 1 and not _has_text(page_lines(number)) and document.pages[number - 1].images:
        if first_annex_page is not None and number <= first_annex_page:
            break
        found.append(number)
        number -= 1
    return sorted(set(found))


def _has_text(lines: list[str]) -> bool:
    return sum(ch.isalpha() for t in lines for ch in t) >= 20


def split_annexes(document: Document, headings: list[Heading], start: int, admin: set[int],
                  page_lines) -> list[Annex]:
    """Annexed documents from ``start`` to the end, administrative pages left out."""
    pages = [p for p in range(start, document.page_count + 1) if p not in admin]
    doc_headings = {}
    for heading in headings:
        if heading.page >= start and ANNEX_DOC.match(heading.title):
            doc_headings.setdefault(heading.page, heading.title)
    # Annex titles the outline did not carry: the first line of a page in the annex part.
    for number in pages:
        lines = page_lines(number)
        if number not in doc_headings and lines and ANNEX_DOC.match(lines[0]) \
                and len(lines[0]) <= 160:
            doc_headings[number] = lines[0]
    annexes: list[Annex] = []
    first_doc = min(doc_headings, default=None)
    for number in pages:
        lines = page_lines(number)
        if first_doc is not None and number < first_doc:
            continue  # the separator page, with or without a short introduction
        if first_doc is None and number == start and lines and ANNEX_PART.match(lines[0]) \
                and sum(len(t.split()) for t in lines) <= 120:
            continue
        textless = not _has_text(lines)
        if number in doc_headings or not annexes or not doc_headings or textless:
            title = doc_headings.get(number) or (lines[0] if lines and not textless else "")
            annexes.append(Annex(title=title.strip(), pages=[number]))
        else:
            annexes[-1].pages.append(number)  # a page without its own heading continues
        if textless:
            annexes[-1].textless_pages.append(number)
    for annex in annexes:
        annex.text = join_lines([
            line for p in annex.pages for line in page_lines(p)
            if not (annex.title and line.strip() == annex.title.strip())
        ])
    return annexes


def annex_kind(annex: Annex, analyzer, lexicon: dict[str, list[str]]) -> tuple[str, str]:
    """(kind, from where): the title says it, else the vocabulary of the text."""
    title = re.sub(ANNEX_DOC, "", annex.title).strip(" :–—-.")
    title_lemmas = analyzer.lemmas(title) if title else []
    tech = analyzer.find(title_lemmas, lexicon.get("technical_title", []))
    press = analyzer.find(title_lemmas, lexicon.get("press_title", []))
    if tech or press:
        if tech and (not press or min(tech)[0] <= min(press)[0]):
            return _TECH, "title"
        return _PRESS, "title"
    words = fold(annex.text)
    tech_score = sum(words.count(w) for w in lexicon.get("technical_text", []))
    press_score = sum(words.count(w) for w in lexicon.get("press_text", []))
    if tech_score >= 2 * press_score + 3:
        return _TECH, "text"
    if press_score >= 2 * tech_score + 3:
        return _PRESS, "text"
    return "unknown", "text"
