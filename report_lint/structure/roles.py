"""Roles for the whole report at once: company, activities, conclusion, at any level.

The report's top-level parts are labelled in one decision under the grammar of a report
(:mod:`report_lint.structure.decode`, scores from :mod:`report_lint.structure.evidence`).
Real reports also put the company under "Introduction" or "Contexte" and end a wrapper part
with its "Bilan": a role the top level lacks is then looked for inside the parts whose label
allows it (never a conclusion inside an activity, never a company part after the
conclusion). Every decision keeps why it was made (``Section.evidence``) and how sure it is
(``Section.confidence``), shown to the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from report_lint.nlp import Analyzer
from report_lint.structure.decode import Costs, Decoding, confidence, decode
from report_lint.structure.evidence import (
    MIN_COMPANY_WORDS,
    MIN_CONCLUSION_WORDS,
    WEIGHTS,
    Clues,
    is_annex_title,
    named_by_title,
    own_words,
    part_clues,
)
from report_lint.structure.evidence import quote as _quote
from report_lint.structure.headings import strip_label
from report_lint.structure.model import Section

ROLES = ("company", "activities", "conclusion", "front")
# A part found only from its content needs this much text to be judged at all.
MIN_CONTENT_WORDS = 40


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
    return analyzer.text_matches(text[:6000], words)


def _words(section: Section) -> int:
    return len(section.text.split())


@dataclass
class SpineReading:
    """The decoded top level of a report: its parts, their labels, the decoding."""

    spine: list[Section]
    labels: list[str]
    decoding: Decoding
    clues: list[Clues]

    def label_of(self) -> dict[tuple[int, str], str]:
        return {_key(s): label for s, label in zip(self.spine, self.labels)}

    def margin_of(self) -> dict[tuple[int, str], float]:
        return {_key(s): self.decoding.margin(n) for n, s in enumerate(self.spine)}


def _key(section: Section) -> tuple[int, str]:
    """A section's identity across the whole-report tree and the body tree."""
    return (section.first_page, section.title)


def read_spine(roots: list[Section], analyzer: Analyzer, settings: dict, page_count: int,
               mid_sentence, after_appendix=lambda section: False) -> SpineReading:
    """Label the report's top-level parts in one decision under the report's grammar."""
    lexicon = settings["sections"]
    weights = {**WEIGHTS, **(settings.get("reading_weights") or {})}
    costs = Costs(**(settings.get("reading_costs") or {}))
    spine = _spine(roots)
    analyzer.prepare([strip_numbering(s.title) for root in roots for s in root.walk()])
    words = settings["company_content"]["lemmas"]
    clues: list[Clues] = []
    annex_seen = False
    titles = [role_from_title(s.title, analyzer, lexicon) for s in spine]
    first = next((n for n, (s, role) in enumerate(zip(spine, titles))
                  if role != "front" and s.first_page > 1 and len(s.text.split()) >= 40), None)
    titled_annex = [n for n, s in enumerate(spine)
                    if is_annex_title(s.title) and not mid_sentence(s)]
    for n, section in enumerate(spine):
        inside = mid_sentence(section)
        clues.append(part_clues(
            section, title_role=lambda t: role_from_title(t, analyzer, lexicon),
            analyzer=analyzer, settings=settings, page_count=page_count,
            company_words=lambda text: company_words(text, analyzer, words),
            strip=strip_numbering, mid_sentence=inside, after_annex_title=annex_seen,
            first_part=n == first, weights=weights,
            after_appendix=after_appendix(section),
            annex_heading_later=any(k > n for k in titled_annex)))
        annex_seen = annex_seen or (is_annex_title(section.title) and not inside)
    if any(c.company_titled for c in clues):
        for c in clues:
            if not c.company_titled and c.scores.get("company", 0.0) > 0:
                c.scores["company"] -= weights["company_titled_elsewhere"]
    decoding = decode([c.scores for c in clues], costs)
    return SpineReading(spine, decoding.labels, decoding, clues)


def decide_roles(roots: list[Section], analyzer: Analyzer, settings: dict, body_end: int,
                 reading: SpineReading) -> None:
    """Give every section (at any level) its role, with its evidence: the top-level parts
    as the decoder labelled them, then the roles the top level lacks, looked for inside the
    parts whose label allows them."""
    lexicon = settings["sections"]
    nodes = [s for root in roots for s in root.walk()]
    titled = {id(s): role_from_title(s.title, analyzer, lexicon) for s in nodes}
    parent = {id(c): p for p in nodes for c in p.children}
    labels = reading.label_of()
    margins = reading.margin_of()
    why = {_key(s): c.why for s, c in zip(reading.spine, reading.clues)}
    wrapped = {(_key(s), role): child for s, c in zip(reading.spine, reading.clues)
               for role, child in (("company", c.company_child),
                                   ("conclusion", c.conclusion_child)) if child is not None}

    def ancestors(section: Section):
        while id(section) in parent:
            section = parent[id(section)]
            yield section

    for s in nodes:
        s.role = "other"
    for s in nodes:
        label = labels.get(_key(s))
        if label is not None:
            s.confidence = confidence(margins[_key(s)])
            child = wrapped.get((_key(s), label))
            inner = next((c for c in s.children if _key(c) == _key(child)), None) \
                if child is not None else None
            if inner is not None:
                # A wrapper ("Contexte du stage") whose sub-section presents the company, or
                # that ends with the report's conclusion: the role is that sub-section's.
                inner.role = label
                inner.confidence = s.confidence
                inner.evidence.append(f"title: {_quote(inner.title)}")
                inner.evidence.append(f"inside « {s.title.strip()[:60]} », read as the "
                                      f"report's {label}")
            elif label in ("front", "company", "activities", "conclusion"):
                s.role = label
                s.evidence.extend(why[_key(s)].get(label, []))
            elif label == "back":
                s.evidence.append(f"back matter: {_quote(s.title)}")
        elif titled[id(s)] == "front" and s.role == "other":
            s.role = "front"
            s.evidence.append(f"title: {_quote(s.title)}")

    top_label: dict[int, str | None] = {}
    for s in nodes:
        top = next((a for a in (s, *ancestors(s)) if _key(a) in labels), None)
        top_label[id(s)] = labels.get(_key(top)) if top is not None else None

    found = {s.role for s in nodes}
    if "conclusion" not in found:
        _inner_conclusion(nodes, titled, top_label, ancestors)
    conclusion = next((s for s in nodes if s.role == "conclusion"), None)
    if "company" not in found:
        _inner_company(nodes, titled, conclusion, analyzer, settings, body_end, top_label)
    if "activities" not in found:
        _inner_activities(nodes, titled, analyzer, settings, ancestors, top_label)


def _inner_conclusion(nodes, titled, top_label, ancestors) -> None:
    """The last non-empty section titled as a conclusion, the shallowest first, inside a part
    that is no activity (a project's own "Conclusion" is not the report's)."""
    candidates = []
    for s in nodes:
        if titled[id(s)] != "conclusion" or top_label[id(s)] not in ("other", "front", None):
            continue
        if any(a.role == "activities" for a in ancestors(s)):
            continue
        if own_words(s) >= MIN_CONCLUSION_WORDS:
            candidates.append(s)
        else:
            s.evidence.append(f"title: {_quote(s.title)}, but no text under it")
    if candidates:
        top = min(s.level for s in candidates)
        chosen = [s for s in candidates if s.level == top][-1]
        chosen.role = "conclusion"
        chosen.evidence.append(f"title: {_quote(chosen.title)}")
        chosen.evidence.append("inside a part that is no activity")


def _inner_company(nodes, titled, conclusion, analyzer, settings, body_end, top_label
                   ) -> None:
    """The first section titled as the company's presentation inside the front matter or a
    part before the activities, else the first whose content presents a company."""
    limit = next((n for n, s in enumerate(nodes) if s is conclusion), len(nodes))
    limit = min(limit, next((n for n, s in enumerate(nodes) if s.role == "activities"), limit))
    early = max(3, int(body_end * 0.6) + 1)
    usable = [s for s in nodes[:limit] if s.first_page <= early
              and s.role in ("other", "front") and top_label[id(s)] in ("front", "other", None)]

    def holds_others(s: Section) -> bool:
        return any(c.role in ("conclusion", "activities") for c in s.walk())

    for s in usable:
        if titled[id(s)] == "company" and not holds_others(s):
            s.role = "company"
            s.evidence.append(f"title: {_quote(s.title)}")
            return
    words = settings["company_content"]["lemmas"]
    for s in usable:
        if s.first_page == 1 or _words(s) < MIN_CONTENT_WORDS or holds_others(s) \
                or titled[id(s)] == "activities" or (s.role == "front" and s.children):
            continue
        found = company_words(s.text, analyzer, words)
        named = named_by_title(s, strip_numbering)
        if named and len(found) >= 2:
            # A part titled by the company's name that opens by saying what it is.
            s.role = "company"
            s.evidence.append(f"content: « {named} »")
            s.evidence.append(f"content: {len(found)} company words ({', '.join(found[:5])})")
            return
        if len(found) >= settings["company_content"].get("company_min_words",
                                                         MIN_COMPANY_WORDS):
            s.role = "company"
            s.evidence.append(f"content: {len(found)} company words ({', '.join(found[:5])})")
            s.evidence.append("position: before the activities")
            return


def _inner_activities(nodes, titled, analyzer, settings, ancestors, top_label) -> None:
    """Sections titled as activities at any level inside parts with no role; else the first
    part that states objectives, results and constraints."""
    found = False
    for s in nodes:
        if titled[id(s)] == "activities" and s.role == "other" \
                and top_label[id(s)] in ("other", None) \
                and not any(a.role in ("company", "conclusion", "front", "activities")
                            for a in ancestors(s)):
            s.role = "activities"
            s.evidence.append(f"title: {_quote(s.title)}")
            found = True
    if found:
        return
    activity = settings["activity"]
    for s in nodes:
        if s.role != "other" or top_label[id(s)] not in ("other", None) or _words(s) < 150 \
                or any(a.role != "other" for a in ancestors(s)):
            continue
        lemmas = analyzer.lemmas(s.text[:20000])
        kinds = [k for k in ("objectives", "results", "constraints")
                 if analyzer.find(lemmas, activity[k])]
        if len(kinds) == 3:
            s.role = "activities"
            s.evidence.append(f"content: {', '.join(kinds)}")
            return


def _spine(roots: list[Section]) -> list[Section]:
    """The report's top level: under a single part holding the whole report (a title
    bookmark, "Rapport de stage"), its children."""
    spine = roots
    while True:
        pages = sum(s.page_count for s in spine) or 1
        # One part holding nearly the whole report, after front matter or a cover line.
        big = [s for s in spine if s.children and s.page_count >= 0.7 * pages]
        before = spine[:next((n for n, s in enumerate(spine) if big and s is big[0]), 0)]
        if len(big) == 1 and all(s.page_count <= 1 for s in before):
            index = next(n for n, s in enumerate(spine) if s is big[0])
            spine = spine[:index] + big[0].children + spine[index + 1:]
            continue
        return spine
