"""Roles for the whole report at once: company, activities, conclusion, at any level.

Real reports put the company under "Introduction" or "Contexte", title their activities by
a project's name and end with "Bilan". So each section, at any level, gathers evidence (its
title's words, its content's words, its place in the report), and the roles are decided
together under the report's constraints: one company part, before the activities; one
conclusion, the last non-empty one, near the end; activities between them. A role found in a
title beats one guessed from content, and every decision keeps why it was made
(``Section.evidence``), shown to the user.
"""

from __future__ import annotations

import re

from report_lint.nlp import Analyzer
from report_lint.structure.annexes import is_back_matter
from report_lint.structure.headings import strip_label
from report_lint.structure.model import Section

ROLES = ("company", "activities", "conclusion", "front")
# A conclusion heading with less text than this under it is an empty heading, not a conclusion
# (one short sentence is a conclusion, a short one).
MIN_CONCLUSION_WORDS = 5
# A part found only from its content needs this much text to be judged at all.
MIN_CONTENT_WORDS = 40
# Distinct company words (the profile's [company_content] list) that make a presentation.
MIN_COMPANY_WORDS = 5


def strip_numbering(title: str) -> str:
    """The title's words, without its numbering or "Chapitre 2 :" label."""
    return strip_label(title).strip(" :–—-")


def role_from_title(title: str, analyzer: Analyzer, lexicon: dict[str, list[str]]) -> str | None:
    """The role whose phrase starts earliest in the title (the head word), longest first."""
    lemmas = analyzer.lemmas(strip_numbering(title))
    if not lemmas:
        return None
    best = None
    for role in ROLES:
        for start, length, _ in analyzer.find(lemmas, lexicon.get(role, [])):
            key = (start, -length)
            if best is None or key < best[0]:
                best = (key, role)
    return best[1] if best else None


def company_words(text: str, analyzer: Analyzer, words: list[str]) -> list[str]:
    """The company words a text uses (staff, turnover, founded, organisation chart...)."""
    return analyzer.matches(analyzer.lemmas(text[:6000]), words)


def _words(section: Section) -> int:
    return len(section.text.split())


def _own_words(section: Section) -> int:
    """Words under a heading before any back matter the section runs into (a bibliography
    set without a heading of its own after an empty "Conclusion")."""
    count = 0
    for line in section.text.splitlines():
        if len(line) <= 40 and is_back_matter(line):
            break
        count += len(line.split())
    return count


def _named_by_title(section: Section) -> str | None:
    """The opening words "<title> est une ..." when a short title is a name that the text
    defines, else None."""
    name = strip_numbering(section.title).strip(" :?!.")
    if not 3 <= len(name) <= 40 or len(name.split()) > 4 or not name[:1].isupper():
        return None
    match = re.search(rf"\b{re.escape(name)}\s*(\([^)]{{0,40}}\)\s*)?,?\s+(est|était|a été)\s+"
                      rf"(une?|l'|la|le)\s+\w+", section.text[:800], re.I)
    return match.group(0) if match else None


def _quote(title: str) -> str:
    return f"« {title.strip()[:60]} »"


def decide_roles(roots: list[Section], analyzer: Analyzer, settings: dict, body_end: int
                 ) -> None:
    """Give every section (at any level) its role, with its evidence."""
    lexicon = settings["sections"]
    nodes = [s for root in roots for s in root.walk()]
    titled = {id(s): role_from_title(s.title, analyzer, lexicon) for s in nodes}
    parent = {id(c): p for p in nodes for c in p.children}

    def ancestors(section: Section):
        while id(section) in parent:
            section = parent[id(section)]
            yield section

    for s in nodes:
        s.role = "other"
        if titled[id(s)] == "front":
            s.role = "front"
            s.evidence.append(f"title: {_quote(s.title)}")

    conclusion = _conclusion(nodes, titled, roots, settings)
    company = _company(nodes, titled, conclusion, analyzer, settings, body_end, ancestors)
    _activities(nodes, roots, titled, company, conclusion, analyzer, settings, ancestors)


def _conclusion(nodes, titled, roots, settings) -> Section | None:
    """The last non-empty section titled as a conclusion, the shallowest first: a project's
    own "Conclusion" inside the activities is not the report's."""
    candidates = []
    for s in nodes:
        if titled[id(s)] != "conclusion":
            continue
        if _own_words(s) < MIN_CONCLUSION_WORDS:
            s.evidence.append(f"title: {_quote(s.title)}, but no text under it")
            continue
        candidates.append(s)
    if candidates:
        top = min(s.level for s in candidates)
        chosen = [s for s in candidates if s.level == top][-1]
        chosen.role = "conclusion"
        chosen.evidence.append(f"title: {_quote(chosen.title)}")
        if len(candidates) > 1:
            chosen.evidence.append("the last conclusion of the report")
        return chosen
    # A last part whose title says nothing but whose first lines conclude.
    markers = [m.lower() for m in settings["conclusion"]["markers"]]
    last = [s for s in roots if s.role != "front"]
    if last and last[-1].page_count <= 3 and last[-1].first_page > 1:
        opening = last[-1].text[:600].lower()  # normalised text: ’ is ' already
        said = [m for m in markers if m in opening]
        if said:
            last[-1].role = "conclusion"
            last[-1].evidence.append(f"content: opens with « {said[0]} »")
            last[-1].evidence.append("position: last part of the report")
            return last[-1]
    return None


def _company(nodes, titled, conclusion, analyzer, settings, body_end, ancestors
             ) -> Section | None:
    """The first part titled as the company's presentation in the first half of the report,
    else the first one whose content presents a company."""
    # Before the conclusion in reading order (a short report may hold them on one page), in
    # the first 60 % of the body.
    limit = next((n for n, s in enumerate(nodes) if s is conclusion), len(nodes))
    early = max(3, int(body_end * 0.6) + 1)
    usable = [s for s in nodes[:limit] if s.first_page <= early and s.role == "other"]
    def holds_others(s: Section) -> bool:
        # A part that holds the conclusion (a cover line styled as a heading, "Entreprise :
        # Maghrebia", above the whole report) is not the company's presentation.
        return conclusion is not None and any(c is conclusion for c in s.walk())

    for s in usable:
        if titled[id(s)] == "company" and not holds_others(s):
            s.role = "company"
            s.evidence.append(f"title: {_quote(s.title)}")
            return s
    words = settings["company_content"]["lemmas"]
    for s in usable:
        if s.first_page == 1 or _words(s) < MIN_CONTENT_WORDS or titled[id(s)] == "activities" \
                or holds_others(s):
            continue
        if any(a.role == "front" for a in ancestors(s)):
            continue
        found = company_words(s.text, analyzer, words)
        named = _named_by_title(s)
        if named and len(found) >= 2:
            # A part titled by the company's name that opens by saying what it is
            # ("Greentic est une agence web située à Lyon").
            s.role = "company"
            s.evidence.append(f"content: « {named} »")
            s.evidence.append(f"content: {len(found)} company words ({', '.join(found[:5])})")
            return s
        if len(found) >= settings["company_content"].get("company_min_words",
                                                         MIN_COMPANY_WORDS):
            s.role = "company"
            s.evidence.append(f"content: {len(found)} company words ({', '.join(found[:5])})")
            s.evidence.append("position: before the activities")
            return s
    return None


def _activities(nodes, roots, titled, company, conclusion, analyzer, settings, ancestors
                ) -> None:
    """The parts between the company part and the conclusion, at the report's top level:
    those titled as activities or by the project, and those named after the work; parts
    that set the context (environment, tools, organisation) are not activities."""
    lexicon = settings["sections"]
    spine = _spine(roots)
    top_of = {}
    for root in spine:
        for s in root.walk():
            top_of[id(s)] = root
    position = {id(s): n for n, s in enumerate(spine)}
    first = position[id(top_of[id(company)])] + 1 if company and id(company) in top_of else 0
    last = position[id(top_of[id(conclusion)])] if conclusion and id(conclusion) in top_of \
        else len(spine)
    found = False
    for root in spine[first:last]:
        if root.role != "other" or titled[id(root)] in ("conclusion", "company"):
            continue  # an empty "Conclusion" heading is no conclusion, and no activity either
        title_lemmas = analyzer.lemmas(strip_numbering(root.title))
        if titled[id(root)] == "activities" or analyzer.find(title_lemmas,
                                                              lexicon.get("work", [])):
            root.role = "activities"
            root.evidence.append(f"title: {_quote(root.title)}")
        elif analyzer.find(title_lemmas, lexicon.get("context", [])):
            root.evidence.append(f"context: {_quote(root.title)}")
            continue
        elif _words(root) >= 100:
            root.role = "activities"
            root.evidence.append("position: between the company part and the conclusion, "
                                 "named after the work")
        else:
            continue
        found = True
    if found:
        return
    # No top-level part between them: the sections titled as activities, at any level.
    for s in nodes:
        if titled[id(s)] == "activities" and s.role == "other" and s is not conclusion \
                and not any(a.role in ("company", "conclusion", "front", "activities")
                            for a in ancestors(s)):
            s.role = "activities"
            s.evidence.append(f"title: {_quote(s.title)}")
            found = True
    if found:
        return
    # Or the part that states objectives, results and constraints.
    activity = settings["activity"]
    for s in spine[first:last]:
        if s.role != "other" or _words(s) < 150:
            continue
        lemmas = analyzer.lemmas(s.text[:20000])
        kinds = [k for k in ("objectives", "results", "constraints")
                 if analyzer.find(lemmas, activity[k])]
        if len(kinds) == 3:
            s.role = "activities"
            s.evidence.append(f"content: {', '.join(kinds)}")


def _spine(roots: list[Section]) -> list[Section]:
    """The report's top level: under a single part holding the whole report (a title
    bookmark, "Rapport de stage"), its children."""
    spine = roots
    while True:
        main = [s for s in spine if s.role != "front"]
        pages = sum(s.page_count for s in main) or 1
        # One part holding nearly the whole report, beside front matter or a cover line.
        big = [s for s in main if s.children and s.page_count >= 0.7 * pages]
        if len(big) == 1 and all(s is big[0] or s.page_count <= 1 for s in main):
            index = next(n for n, s in enumerate(spine) if s is big[0])
            spine = spine[:index] + big[0].children + spine[index + 1:]
            continue
        return spine
