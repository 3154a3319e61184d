"""Document → Report: the reading of one report (headings, sections with roles, annex part,
annexed documents), behind :func:`report_lint.structure.build_report`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from report_lint.document import Document
from report_lint.geometry import covered_share
from report_lint.language import detect_language
from report_lint.nlp import Analyzer
from report_lint.structure.annexes import (
    admin_pages,
    inside_sentence,
    is_back_matter,
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
from report_lint.structure.decode import DEFAULT_READING_SURE, confidence
from report_lint.structure.evidence import is_annex_title
from report_lint.structure.headings import ANNEX_PART, body_font_size
from report_lint.structure.roles import decide_roles, read_spine, role_from_title, strip_numbering
from report_lint.textnorm import fold, join_lines

__all__ = ["Layout", "build_report", "read_layout"]

CONTEXT_TITLES = ["contexte", "présentation", "environnement", "introduction", "sommaire"]


@dataclass
class Layout:
    """What the pages show, read before any language: running headers and footers, the
    table of contents, the cover, the headings and the tree of parts they make. It needs
    no language model, so a cold check reads it with the file, while the model loads
    (``report_lint/aside.py``); :func:`build_report` goes on from it."""

    report: Report  # its page facts: text per page, contents and front pages
    furniture: set[tuple[int, int]]
    headings: list[Heading]
    typographic: list[Heading]
    inside: set[tuple[int, str]]
    appendix: list[Heading]
    whole: list[Section]  # every part, annexes included, without the administrative pages


def _page_lines(document: Document, furniture) -> Callable[[int], list[str]]:
    def page_lines(number: int) -> list[str]:
        page = document.pages[number - 1]
        return [ln.text for i, ln in enumerate(page.lines) if (number, i) not in furniture]

    return page_lines


def read_layout(document: Document, settings: dict) -> Layout:
    """The part of the reading that needs no language (see :class:`Layout`)."""
    report = Report(page_count=document.page_count)
    furniture = furniture_lines(document)
    page_lines = _page_lines(document, furniture)

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

    # Pages that only say "Annexes" are headings of the annex part, in any style; annex and
    # back-matter titles are parts of their own, whatever level their source gave them.
    headings = _with_separator_pages(headings, document, page_lines, toc)
    top = min((h.level for h in headings), default=1)
    appendix = [h for h in headings if document.annex_start is not None
                and (h.page, h.line) >= document.annex_start]
    # The parts after \appendix move up together: a chapter becomes a part, its sections
    # stay below it.
    shift = min((h.level for h in appendix), default=top) - top
    for h in appendix:
        h.level -= shift
    for h in headings:
        if (is_annex_title(h.title) or is_back_matter(h.title)) and h.level > top:
            h.level = top
    inside = _inside_sentence_headings(document, headings, furniture)
    # Pages that say what they are (a certificate, a résumé); trailing scans are known only
    # once the annex part is: a scanned article may be an annexed document.
    preliminary_admin = set(admin_pages(document, page_lines,
                                        settings["administrative"]["phrases"], None, scans=False))
    whole = _sections(document, [h for h in headings if h.page not in preliminary_admin],
                      document.page_count, furniture)
    return Layout(report, furniture, headings, typographic, inside, appendix, whole)


def build_report(document: Document, settings: dict, analyzer: Analyzer | None = None,
                 layout: Layout | None = None) -> Report:
    """Interpret ``document``: one outline, then one labelling of the whole report's parts
    under its grammar (``decode``), whose annex part fixes the body's end; roles inside the
    parts, annexed documents, confidence. Without an ``analyzer`` (no selected check needs
    spaCy), the section roles, activities and annex kinds are left undetermined
    (``roles_known``) and the annex part starts at its first heading. ``layout``: what
    :func:`read_layout` read of this document, when it was read before."""
    layout = layout or read_layout(document, settings)
    report, furniture, headings = layout.report, layout.furniture, layout.headings
    typographic, inside, appendix = layout.typographic, layout.inside, layout.appendix
    report.roles_known = analyzer is not None
    page_lines = _page_lines(document, furniture)
    toc = set(report.toc_pages)
    reading = reading_settings(settings)
    spine = None
    if analyzer is not None:
        whole = layout.whole
        after_appendix = {(h.page, h.title) for h in appendix}
        spine = read_spine(whole, analyzer, settings, document.page_count,
                           lambda s: (s.first_page, s.title) in inside,
                           lambda s: (s.first_page, s.title) in after_appendix)
    if "annexes_from_page" in reading:
        report.annex_part_first_page = min(reading["annexes_from_page"], document.page_count)
        report.reading_notes.append(("configured_annexes",
                                     {"page": report.annex_part_first_page}))
    elif document.annex_start is not None:
        first = document.annex_start[0]
        # The list of annexes printed just before the first one opens the annex part.
        while first - 1 in toc and _lists_annexes(page_lines(first - 1)):
            first -= 1
        report.annex_part_first_page = first
    elif spine is not None:
        first = next((s for s, label in zip(spine.spine, spine.labels) if label == "annexes"),
                     None)
        if first is not None:
            report.annex_part_first_page = _annex_page(document, headings, first, page_lines)
            if not is_annex_title(first.title):
                # One-page English documents after the body, with no "Annexes" heading.
                report.reading_notes.append(("annexes_without_heading",
                                             {"page": first.first_page}))
    else:
        report.annex_part_first_page = annex_part_start(
            [h for h in headings if (h.page, h.title) not in inside], document, page_lines, toc)
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
        report.sections = _sections(document, body_headings, end_of_body, furniture)
        if spine is not None:
            decide_roles(report.sections, analyzer, settings, end_of_body, spine)
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
    if spine is not None:
        _confidence(report, spine, float(settings.get("reading_sure", DEFAULT_READING_SURE)))
    if report.annex_part_first_page:
        # A "Table des annexes" inside the annex part is the part's own list, not the
        # report's table of contents.
        report.toc_pages = [p for p in report.toc_pages if p < report.annex_part_first_page
                            or not _lists_annexes(page_lines(p))]
        report.annexes, back = split_annexes(document, headings, report.annex_part_first_page,
                                             admin, page_lines, typographic, furniture,
                                             report.page_shares)
        # Back matter after the annex part counts nowhere (rules.md).
        report.admin_pages = sorted(set(report.admin_pages) | set(back))
        last = max((p for a in report.annexes for p in a.pages),
                   default=report.annex_part_first_page)
        report.sections.append(Section(title=_annex_part_title(headings, report),
                                       level=1, role="annexes",
                                       first_page=report.annex_part_first_page, last_page=last,
                                       confidence=report.confidence.get("annexes")))
    for annex in report.annexes:
        _describe_annex(annex, report, analyzer, settings)
    report.activities = _activity_units(report, analyzer, settings)
    return report


def _cover_page(document: Document, page_lines, toc: set[int]) -> bool:
    if not document.pages or 1 in toc:
        return False
    words = sum(len(t.split()) for t in page_lines(1))
    return words <= 120


def _sections(document: Document, headings: list[Heading], end_page: int, furniture
              ) -> list[Section]:
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
    return roots


def _with_separator_pages(headings: list[Heading], document: Document, page_lines,
                          toc: set[int]) -> list[Heading]:
    """The headings, plus a heading for each page that only says "Annexes" and has none."""
    pages = {h.page for h in headings}
    extra = []
    for page in document.pages[1:]:
        if page.number in toc or page.number in pages:
            continue
        lines = page_lines(page.number)
        if lines and len(lines) <= 3 and ANNEX_PART.match(lines[0]):
            line = next(i for i, ln in enumerate(page.lines) if ln.text.strip() ==
                        lines[0].strip())
            extra.append(Heading(lines[0].strip(), 1, page.number, line, "typography",
                                 evidence="a page that only says so"))
    return sorted(headings + extra, key=lambda h: (h.page, h.line))


def _lists_annexes(lines: list[str]) -> bool:
    return any(re.search(r"\b(annexes?|appendix|appendices)\b", fold(t)) for t in lines[:3])


def _annex_page(document: Document, headings: list[Heading], part: Section, page_lines
                ) -> int:
    """The first page of the annex part that starts at ``part``: its heading's page, or the
    next one where the heading is a banner at the foot of a page of the body (nothing under
    it on its page, text above it)."""
    heading = next((h for h in headings if (h.page, h.title) == (part.first_page, part.title)),
                   None)
    if heading is None or part.first_page >= document.page_count:
        return part.first_page
    lines = page_lines(heading.page)
    title = heading.title.strip()
    index = next((i for i, text in enumerate(lines) if text.strip() == title), None)
    if index is not None and index > 0 and index == len(lines) - 1:
        return heading.page + 1
    return heading.page


def _inside_sentence_headings(document: Document, headings: list[Heading], furniture
                              ) -> set[tuple[int, str]]:
    """(page, title) of the annex-titled headings that are a line of a sentence."""
    found = set()
    body_size = body_font_size(document, furniture)
    for h in headings:
        if not is_annex_title(h.title):
            continue
        kept = [(i, ln) for i, ln in enumerate(document.pages[h.page - 1].lines)
                if (h.page, i) not in furniture]
        index = next((k for k, (i, _) in enumerate(kept) if i == h.line), None)
        if index is not None and inside_sentence([ln for _, ln in kept], index, body_size):
            found.add((h.page, h.title))
    return found


def _confidence(report: Report, spine, sure: float) -> None:
    """How sure the reading is of each part's presence: the decoder's margin for the
    parts it decided at the top level; a part found inside another is as sure as the
    decoder's reading of that part's absence at the top level was unsure."""
    configured = {args["role"] for key, args in report.reading_notes if key == "configured_role"}
    if any(key == "configured_annexes" for key, _ in report.reading_notes):
        configured.add("annexes")
    for role in ("company", "activities", "conclusion", "annexes"):
        # What the author named in [reading] is sure.
        report.confidence[role] = 1.0 if role in configured else \
            confidence(spine.decoding.presence_margin(role))
    unsure = [role for role, value in report.confidence.items() if value < sure]
    if unsure:
        report.reading_notes.append(("unsure_reading", {"parts": ", ".join(unsure)}))


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
