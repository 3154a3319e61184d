"""Evidence for the decoder: a score per role for each top-level part of a report.

Each clue (the title's words, the titles of its sub-sections, its content, its place in the
report, its size) adds to the score of a role, and is kept as a short phrase: the evidence
shown to the user for the role the part finally gets. The weights are the profile's
``[reading.weights]`` (data, set on the whole labelled corpus, never for one report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from report_lint.language import detect_language
from report_lint.structure.annexes import ANNEX_AND_BACK, is_back_matter
from report_lint.structure.headings import ANNEX_DOC, ANNEX_PART
from report_lint.structure.model import Section

# Default weights; a profile may change any of them under [reading_weights].
WEIGHTS = {
    "title": 4.0,  # the title names the role
    "child_title": 2.5,  # a sub-section's title names the company ("Présentation du garage")
    "company_named": 3.0,  # a title that the text defines ("X est une agence ...")
    "company_words": 1.5,  # enough company words in the content (and more for each
    "company_word": 0.25,  # further one, up to company_words_most)
    "company_words_most": 3.0,
    "presentation_title": 2.0,  # "Présentation", "Présentation d'Akonis", "Qui sont-ils ?"
    "first_part": 1.0,  # the first part of the body after the front matter
    "company_late": 2.0,  # a company part late in the report (after 60 % of it)
    "no_evidence": 3.0,  # a role with no clue at all
    "body_part": 1.0,  # a large part with no role title, between company and conclusion
    "small_part": 1.0,  # a short part (under 100 words) is an activity only by its title
    "conclusion_title": 5.0,
    "conclusion_markers": 2.0,  # opens with "pour conclure", "en conclusion"...
    "empty_heading": 3.0,  # a role's heading with no text under it
    "back_title": 4.0,
    "annex_title": 6.0,
    "annex_english": 2.0,  # a one-page English text after the body
    "mid_sentence": 6.0,  # an "annexe" line inside a sentence
    "other_role_title": 4.0,  # a title that names another role
    # Content alone, where another part's title presents the company: a report presents its
    # host once; company words elsewhere describe its clients and projects.
    "company_titled_elsewhere": 3.0,
}
MIN_CONCLUSION_WORDS = 5
MIN_COMPANY_WORDS = 5


@dataclass
class Clues:
    """What one part shows: a score per label and why."""

    scores: dict[str, float] = field(default_factory=dict)
    why: dict[str, list[str]] = field(default_factory=dict)
    # The sub-section that presents the company, where the part is only its wrapper; the
    # last sub-section that concludes a part that is no activity ("Résultats et
    # discussions" ending with "Conclusion").
    company_child: Section | None = None
    conclusion_child: Section | None = None
    company_titled: bool = False  # the part or a sub-section is titled as the company's

    def add(self, label: str, value: float, reason: str | None = None) -> None:
        self.scores[label] = self.scores.get(label, 0.0) + value
        if reason:
            self.why.setdefault(label, []).append(reason)


def quote(title: str) -> str:
    return f"« {title.strip()[:60]} »"


def own_words(section: Section) -> int:
    """Words under a heading before any back matter the section runs into (a bibliography
    set without a heading of its own after an empty "Conclusion")."""
    count = 0
    for line in section.text.splitlines():
        if len(line) <= 40 and is_back_matter(line):
            break
        count += len(line.split())
    return count


def named_by_title(section: Section, strip) -> str | None:
    """The opening words "<title> est une ..." when a short title is a name that the text
    defines, else None."""
    name = strip(section.title).strip(" :?!.")
    if not 3 <= len(name) <= 40 or len(name.split()) > 4 or not name[:1].isupper():
        return None
    match = re.search(rf"\b{re.escape(name)}\s*(\([^)]{{0,40}}\)\s*)?,?\s+(est|était|a été)\s+"
                      rf"(une?|l'|la|le)\s+\w+", section.text[:800], re.I)
    return match.group(0) if match else None


def is_annex_title(title: str) -> bool:
    return bool(ANNEX_PART.match(title) or ANNEX_DOC.match(title) or ANNEX_AND_BACK.match(title))


def part_clues(section: Section, *, title_role, analyzer, settings: dict, page_count: int,
               company_words, strip, mid_sentence: bool, after_annex_title: bool,
               first_part: bool, weights: dict[str, float], after_appendix: bool = False,
               annex_heading_later: bool = False) -> Clues:
    """The score of each label for one top-level part."""
    w = weights
    clues = Clues()
    role = title_role(section.title)
    title = section.title
    words = len(section.text.split())
    position = (section.first_page - 1) / max(1, page_count - 1)
    annex = is_annex_title(title)
    back = is_back_matter(strip(title)) or is_back_matter(title)
    lexicon = settings["sections"]
    title_lemmas = analyzer.lemmas(strip(title))
    is_introduction = bool(analyzer.find(title_lemmas, ["introduction"]))

    clues.add("other", 0.0)
    # front matter
    if role == "front" and not back:
        clues.add("front", w["title"], f"title: {quote(title)}")
    elif section.first_page <= 2 and words < 150 and not annex:
        clues.add("front", 0.5, "position: first pages")
    else:
        clues.add("front", -w["no_evidence"])

    # company
    # The content is tagged for company words only where a company part could be (tagging
    # is the costly part of the reading).
    could_present = words >= 40 and position <= 0.6 and not annex and not back and \
        role not in ("activities", "conclusion") and (role != "front" or is_introduction)
    found = company_words(section.text) if could_present else []
    named = named_by_title(section, strip) if words >= 40 else None
    def presents(text: str, role: str | None) -> bool:
        """A title that opens by presenting something that is neither the work nor its
        context: "Présentation d'Akonis", "Qui sommes-nous ?"."""
        lemmas = analyzer.lemmas(strip(text))
        return role is None and bool(analyzer.find(lemmas[:2], lexicon.get("presentation", []))) \
            and not analyzer.find(lemmas, lexicon.get("work", []) + lexicon.get("context", []))

    child_roles = [title_role(c.title) for c in section.children]
    # A sub-section presents the company when it says what it presents: a bare "Présentation"
    # inside a project's chapter presents the project.
    # "Présentation de LITMUS-RT" presents a tool: what it presents is a company only if its
    # text speaks of one.
    child_roles = ["company" if r is None and presents(c.title, r)
                   and len(strip(c.title).split()) >= 2
                   and len(company_words(c.text)) >= 2 else r
                   for c, r in zip(section.children, child_roles)]
    company = 0.0
    if role == "company":
        company += w["title"]
        clues.why.setdefault("company", []).append(f"title: {quote(title)}")
    elif (role is None or is_introduction) and "company" in child_roles:
        # rules.md: the company is often presented under "Introduction" or "Contexte".
        company += w["child_title"]
        child = next(c for c, r in zip(section.children, child_roles) if r == "company")
        clues.company_child = child
        clues.why.setdefault("company", []).append(f"sub-section: {quote(child.title)}")
    elif presents(title, role):
        company += w["presentation_title"]
        clues.why.setdefault("company", []).append(f"title: {quote(title)}")
    if named and len(found) >= 2 and role in (None, "company"):
        company += w["company_named"]
        clues.why.setdefault("company", []).append(f"content: « {named} »")
    least = settings["company_content"].get("company_min_words", MIN_COMPANY_WORDS)
    if len(found) >= least:
        company += w["company_words"] + min(w["company_words_most"],
                                            w["company_word"] * (len(found) - least))
        clues.why.setdefault("company", []).append(
            f"content: {len(found)} company words ({', '.join(found[:5])})")
    # Only a title that names the company part (not one that merely presents something).
    clues.company_titled = role == "company" or (
        clues.company_child is not None and title_role(clues.company_child.title) == "company")
    if company == 0.0:
        company = -w["no_evidence"]
    elif first_part:
        company += w["first_part"]
        clues.why.setdefault("company", []).append("position: the first part of the body")
    if role in ("activities", "conclusion") or (role == "front" and not is_introduction) \
            or annex or back:
        company -= w["other_role_title"]
    if position > 0.6:
        company -= w["company_late"]
    clues.scores["company"] = company

    # activities
    context = bool(analyzer.find(title_lemmas, lexicon.get("context", [])))
    # "Contexte du projet" sets the context of the work, it is not the work.
    work = role == "activities" or (not context and bool(
        analyzer.find(title_lemmas, lexicon.get("work", []))))
    activities = 0.0
    if work and role in (None, "activities"):
        activities += w["title"]
        clues.why.setdefault("activities", []).append(f"title: {quote(title)}")
    elif "activities" in child_roles:
        activities += w["child_title"]
        child = next(c for c, r in zip(section.children, child_roles) if r == "activities")
        clues.why.setdefault("activities", []).append(f"sub-section: {quote(child.title)}")
    if words >= 100:
        activities += w["body_part"]
        clues.why.setdefault("activities", []).append(
            "position: a part of the body named after the work")
    else:
        activities -= w["small_part"]
    if context:
        activities -= w["small_part"]
    if role in ("company", "front") or annex or back:
        activities -= w["other_role_title"]
    elif role == "conclusion":
        activities -= w["small_part"]
    clues.scores["activities"] = activities

    # conclusion
    if role == "conclusion":
        if own_words(section) >= MIN_CONCLUSION_WORDS:
            clues.add("conclusion", w["conclusion_title"], f"title: {quote(title)}")
        else:
            clues.add("conclusion", -w["empty_heading"],
                      f"title: {quote(title)}, but no text under it")
            clues.add("activities", -w["empty_heading"])
    elif section.children and child_roles[-1] == "conclusion" and not work and \
            own_words(section.children[-1]) >= MIN_CONCLUSION_WORDS:
        clues.conclusion_child = section.children[-1]
        clues.add("conclusion", w["child_title"],
                  f"sub-section: {quote(section.children[-1].title)}, its last")
    else:
        markers = [m.lower() for m in settings["conclusion"]["markers"]]
        said = [m for m in markers if m in section.text[:600].lower()]
        if said and section.page_count <= 3 and section.first_page > 1:
            clues.add("conclusion", w["conclusion_markers"], f"content: opens with « {said[0]} »")
        else:
            clues.add("conclusion", -w["no_evidence"] - 1.0)

    # back matter
    if back and not annex:
        clues.add("back", w["back_title"], f"title: {quote(title)}")
    else:
        clues.add("back", -w["no_evidence"] - 2.0)

    # the annex part
    if after_appendix:
        clues.add("annexes", w["annex_title"], "source: after \\appendix")
    elif annex and not mid_sentence:
        clues.add("annexes", w["annex_title"], f"title: {quote(title)}")
    elif annex:
        clues.add("annexes", -w["mid_sentence"], "an « annexe » line inside a sentence")
    else:
        english = False
        # An explicit "Annexes" heading further on says where the annex part begins: an
        # English text before it is body or back matter (references, an abstract).
        if position > 0.5 and section.page_count <= 2 and len(section.text) >= 200 \
                and not annex_heading_later:
            language, probability = detect_language(section.text)
            english = language == "en" and probability >= 0.9
        if english:
            clues.add("annexes", w["annex_english"], "content: a short English document")
        if after_annex_title:
            clues.add("annexes", 0.0, "position: after the annex part's heading")
        elif not english:
            clues.add("annexes", -w["no_evidence"])
        if role in ("company", "activities", "conclusion"):
            # An annex part that holds "Conclusion" or "Présentation de l'organisme" is no
            # reading of a report.
            clues.add("annexes", -w["other_role_title"])
    return clues
