"""Document → Report: headings, sections with roles, annex part, annexed documents.

The one place where a report is interpreted; checks only read the :class:`Report` it
builds, and the summary shown to the user is made from the same objects.
"""

from __future__ import annotations

from collections import Counter

from report_lint.document import Document
from report_lint.geometry import covered_share
from report_lint.language import detect_language
from report_lint.nlp import Analyzer
from report_lint.structure.annexes import (
    admin_pages,
    annex_kind,
    annex_part_start,
    english_annexes_start,
    split_annexes,
)
from report_lint.structure.furniture import furniture_lines, toc_pages
from report_lint.structure.model import Annex, Heading, Report, Section
from report_lint.structure.outline import merged_headings
from report_lint.structure.pictures import decoration_images
from report_lint.structure.reading import apply_roles, reading_settings
from report_lint.structure.roles import decide_roles, role_from_title, strip_numbering
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

    headings, typographic = merged_headings(document, furniture, sorted(toc), cover,
                                            settings["table_of_contents"]["titles"])
    sources = Counter(h.source for h in headings)
    report.headings_from = sources.most_common(1)[0][0] if sources else "none"

    reading = reading_settings(settings)
    if "annexes_from_page" in reading:
        report.annex_part_first_page = min(reading["annexes_from_page"], document.page_count)
        report.reading_notes.append(("configured_annexes",
                                     {"page": report.annex_part_first_page}))
    else:
        report.annex_part_first_page = annex_part_start(headings, document, page_lines, toc)
    report.admin_pages = admin_pages(document, page_lines, settings["administrative"]["phrases"],
                                     report.annex_part_first_page)
    admin = set(report.admin_pages)

    decorations = decoration_images(document)
    for page in document.pages:
        boxes = [box for j, box in enumerate(page.images) if (page.number, j) not in decorations]
        report.page_shares[page.number] = round(covered_share(boxes, page.width, page.height), 4)

    def body(end_of_body: int) -> None:
        report.body_pages = [
            p for p in range(1, end_of_body + 1)
            if p not in admin and (settings.get("count_front_matter", True) or p not in
                                   report.front_pages)
        ]
        body_headings = [h for h in headings if h.page <= end_of_body and h.page not in admin]
        report.sections = _sections(document, body_headings, end_of_body, furniture, analyzer,
                                    settings)
        if reading:
            apply_roles(report, reading)

    body((report.annex_part_first_page or document.page_count + 1) - 1)
    if report.annex_part_first_page is None and analyzer is not None:
        # One-page English documents after the conclusion are the annexes, heading or not.
        start = english_annexes_start(report, document, page_lines, admin)
        if start is not None:
            report.annex_part_first_page = start
            report.reading_notes.append(("annexes_without_heading", {"page": start}))
            body(start - 1)
    if report.annex_part_first_page:
        report.annexes, back = split_annexes(document, headings, report.annex_part_first_page,
                                             admin, page_lines, typographic, furniture,
                                             report.page_shares)
        # Back matter after the annex part counts nowhere (rules.md).
        report.admin_pages = sorted(set(report.admin_pages) | set(back))
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


def _sections(document: Document, headings: list[Heading], end_page: int, furniture, analyzer,
              settings) -> list[Section]:
    """A tree of sections from the headings; the top-level ones are returned."""
    if not headings:
        return []
    top = min(h.level for h in headings)
    flat: list[tuple[Heading, Section]] = []
    for n, heading in enumerate(headings):
        nxt = next((h for h in headings[n + 1:] if h.level <= heading.level), None)
        last_page = end_page if nxt is None else (
            nxt.page if _content_before(document, nxt, furniture) else nxt.page - 1)
        last_page = max(heading.page, min(last_page, end_page))
        text = _text_between(document, heading, nxt, end_page, furniture)
        flat.append((heading, Section(title=heading.title, level=heading.level, role="other",
                                      first_page=heading.page, last_page=last_page, text=text,
                                      evidence=[f"heading: {heading.evidence}"]
                                      if heading.evidence else [])))
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
        decide_roles(roots, analyzer, settings, end_page)
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
    if any(key == "annexes_without_heading" for key, _ in report.reading_notes):
        return "Annexes"  # no heading says so: the first document's title is not the part's
    for heading in headings:
        if heading.page == report.annex_part_first_page:
            return heading.title
    return "Annexes"


def _describe_annex(annex: Annex, report: Report, analyzer, settings) -> None:
    for number in annex.pages:
        annex.page_shares[number] = report.page_shares.get(number, 0.0)
    # A caption over a screenshot is all the text some annexes have: the title counts then.
    text = annex.text if len(annex.text) >= 200 else f"{annex.title}\n{annex.text}".strip()
    if len(text) >= 20:
        annex.language, annex.language_probability = detect_language(text)
        annex.language_chars = len(text)
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
