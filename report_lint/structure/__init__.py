"""Document → Report: headings, sections with roles, annex part, annexed documents.

The one place where a report is interpreted; checks only read the :class:`Report` it
builds, and the summary shown to the user is made from the same objects.
"""

from __future__ import annotations

from report_lint.document import Document
from report_lint.geometry import covered_share
from report_lint.language import detect_language
from report_lint.nlp import Analyzer
from report_lint.structure.annexes import admin_pages, annex_kind, annex_part_start, split_annexes
from report_lint.structure.furniture import furniture_lines, toc_pages
from report_lint.structure.headings import (
    ANNEX_DOC,
    ANNEX_PART,
    body_font_size,
    outline_headings,
    typographic_headings,
)
from report_lint.structure.model import Annex, Heading, Report, Section
from report_lint.structure.pictures import decoration_images
from report_lint.structure.roles import role_from_title, roles_from_content, strip_numbering
from report_lint.textnorm import join_lines

__all__ = ["Annex", "Heading", "Report", "Section", "build_report"]

CONTEXT_TITLES = ["contexte", "présentation", "environnement", "introduction", "sommaire"]


def build_report(document: Document, settings: dict, analyzer: Analyzer | None = None) -> Report:
    """Interpret ``document``. Without an ``analyzer`` (no selected check needs spaCy), the
    section roles, activities and annex kinds are left undetermined (``roles_known``)."""
    report = Report(page_count=document.page_count, roles_known=analyzer is not None)
    furniture = furniture_lines(document)

    def page_lines(number: int) -> list[str]:
        page = document.pages[number - 1]
        return [ln.text for i, ln in enumerate(page.lines) if (number, i) not in furniture]

    for page in document.pages:
        report.page_text[page.number] = "\n".join(page_lines(page.number))

    report.toc_pages = toc_pages(document, furniture, settings["table_of_contents"]["titles"])
    toc = set(report.toc_pages)
    cover = _cover_page(document, page_lines, toc)
    report.front_pages = sorted(toc | ({1} if cover else set()))

    headings = _headings(document, furniture, toc, cover)
    report.headings_from = headings[0].source if headings else "none"

    report.annex_part_first_page = annex_part_start(headings, document, page_lines, toc)
    report.admin_pages = admin_pages(document, page_lines, settings["administrative"]["phrases"],
                                     report.annex_part_first_page)
    admin = set(report.admin_pages)
    end_of_body = (report.annex_part_first_page or document.page_count + 1) - 1
    report.body_pages = [
        p for p in range(1, end_of_body + 1)
        if p not in admin and (settings.get("count_front_matter", True) or p not in
                               report.front_pages)
    ]

    decorations = decoration_images(document)
    for page in document.pages:
        boxes = [box for j, box in enumerate(page.images) if (page.number, j) not in decorations]
        report.page_shares[page.number] = round(covered_share(boxes, page.width, page.height), 4)

    body_headings = [h for h in headings if h.page <= end_of_body and h.page not in admin]
    report.sections = _sections(document, body_headings, end_of_body, furniture, analyzer,
                                settings)
    if report.annex_part_first_page:
        report.annexes = split_annexes(document, headings, report.annex_part_first_page, admin,
                                       page_lines)
        last = max((p for a in report.annexes for p in a.pages),
                   default=report.annex_part_first_page)
        report.sections.append(Section(title=_annex_part_title(headings, report),
                                       level=1, role="annexes",
                                       first_page=report.annex_part_first_page, last_page=last))
    for annex in report.annexes:
        _describe_annex(annex, report, analyzer, settings)
    report.activities = _activity_units(report, analyzer, settings)
    return report


def _cover_page(document: Document, page_lines, toc: set[int]) -> bool:
    if not document.pages or 1 in toc:
        return False
    words = sum(len(t.split()) for t in page_lines(1))
    return words <= 120


def _headings(document: Document, furniture, toc: set[int], cover: bool) -> list[Heading]:
    excluded = set(toc) | ({1} if cover else set())
    body_size = body_font_size(document, furniture)
    if len(document.outline) >= 3:
        headings = [h for h in outline_headings(document, furniture) if h.page not in toc]
        # Annex titles are often left out of the outline (starred LaTeX sections, plain text):
        # take those from typography.
        known = {(h.page, h.title.lower()) for h in headings}
        for extra in typographic_headings(document, furniture, excluded, body_size):
            if (ANNEX_DOC.match(extra.title) or ANNEX_PART.match(extra.title)) and \
                    (extra.page, extra.title.lower()) not in known and \
                    not any(h.page == extra.page and ANNEX_DOC.match(h.title) for h in headings):
                extra.level = min(h.level for h in headings)
                headings.append(extra)
    else:
        headings = typographic_headings(document, furniture, excluded, body_size)
    headings.sort(key=lambda h: (h.page, h.line))
    return headings


def _sections(document: Document, headings: list[Heading], end_page: int, furniture, analyzer,
              settings) -> list[Section]:
    """A tree of sections from the headings; the top-level ones are returned."""
    if not headings:
        return []
    lexicon = settings["sections"]
    top = min(h.level for h in headings)
    flat: list[tuple[Heading, Section]] = []
    for n, heading in enumerate(headings):
        nxt = next((h for h in headings[n + 1:] if h.level <= heading.level), None)
        last_page = end_page if nxt is None else (
            nxt.page if _content_before(document, nxt, furniture) else nxt.page - 1)
        last_page = max(heading.page, min(last_page, end_page))
        text = _text_between(document, heading, nxt, end_page, furniture)
        role = (role_from_title(heading.title, analyzer, lexicon) if analyzer else None) or "other"
        flat.append((heading, Section(title=heading.title, level=heading.level, role=role,
                                      first_page=heading.page, last_page=last_page, text=text)))
    # Parent/child links.
    roots: list[Section] = []
    stack: list[Section] = []
    for heading, section in flat:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        if stack:
            stack[-1].children.append(section)
        else:
            roots.append(section)
        stack.append(section)
    for section in roots:
        section.level = max(section.level, top)
    if analyzer is not None:
        roles_from_content(roots, analyzer, settings)
    return roots


def _content_before(document: Document, heading: Heading, furniture) -> bool:
    """Whether the heading's page has content above it (else the page belongs to it)."""
    return any((heading.page, i) not in furniture for i in range(heading.line))


def _text_between(document: Document, start: Heading, end: Heading | None, end_page: int,
                  furniture) -> str:
    """Text from below a heading to the next heading of the same or a higher level."""
    out = []
    last = min(end.page if end else end_page, end_page)
    for number in range(start.page, last + 1):
        for i, line in enumerate(document.pages[number - 1].lines):
            if number == start.page and i <= start.line:
                continue
            if end and number == end.page and i >= end.line:
                break
            if (number, i) not in furniture:
                out.append(line.text)
    return join_lines(out)


def _annex_part_title(headings: list[Heading], report: Report) -> str:
    for heading in headings:
        if heading.page == report.annex_part_first_page:
            return heading.title
    return "Annexes"


def _describe_annex(annex: Annex, report: Report, analyzer, settings) -> None:
    for number in annex.pages:
        annex.page_shares[number] = report.page_shares.get(number, 0.0)
    if len(annex.text) >= 20:
        annex.language, annex.language_probability = detect_language(annex.text)
    if analyzer is not None:
        annex.kind, annex.kind_from = annex_kind(annex, analyzer, settings["annex_kinds"])


def _activity_units(report: Report, analyzer, settings) -> list[Section]:
    """Each sub-section of the activities part; the whole part where it has none."""
    units: list[Section] = []
    if analyzer is None:
        return units
    min_words = settings.get("activity_min_words", 60)
    for part in report.sections_with_role("activities"):
        children = [c for c in part.children
                    if role_from_title(strip_numbering(c.title), analyzer,
                                       {"front": CONTEXT_TITLES}) is None]
        children = [c for c in children if len(c.text.split()) >= min_words]
        units.extend(children or [part])
    return units
