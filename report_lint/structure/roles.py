"""Give a section its role from its title (French/English lemmas), else from its content."""

from __future__ import annotations

import re

from report_lint.nlp import Analyzer

ROLES = ("company", "activities", "conclusion", "front")
_LEADING_NUMBER = re.compile(
    r"^\s*((partie|chapitre|part|chapter)\s+)?([0-9]{1,2}(\.[0-9]{1,2})*|[IVX]{1,5}|[A-H])"
    r"\s*[.):–—-]?\s+",
    re.I,
)


def strip_numbering(title: str) -> str:
    return _LEADING_NUMBER.sub("", title).strip(" :–—-")


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


def looks_like_company(text: str, analyzer: Analyzer, words: list[str]) -> bool:
    """A presentation of the company whose title says nothing ("Domotix SAS")."""
    lemmas = analyzer.lemmas(text[:6000])
    return len(analyzer.matches(lemmas, words)) >= 4


def roles_from_content(roots: list, analyzer: Analyzer, settings: dict) -> None:
    """Give a role to top-level sections whose title says nothing, from what they hold.

    Only fills gaps: a role found in a title is never changed, and each fallback needs
    clear evidence, so that a missing part is reported rather than invented.
    """
    def present(role: str) -> bool:
        return any(s.role == role for s in roots)

    candidates = [s for s in roots if s.role == "other" and s.first_page > 1]
    for section in candidates:
        child_roles = {c.role for c in section.children} - {"other", "front"}
        if child_roles == {"activities"}:
            section.role = "activities"
        elif not present("company") and not present("activities") and looks_like_company(
                section.text, analyzer, settings["company_content"]["lemmas"]):
            section.role = "company"
    if not present("activities"):
        lexicon = settings["activity"]
        for section in candidates:
            if section.role != "other":
                continue
            lemmas = analyzer.lemmas(section.text[:20000])
            kinds = sum(bool(analyzer.find(lemmas, lexicon[k]))
                        for k in ("objectives", "results", "constraints"))
            if kinds == 3 and section.page_count >= 2:
                section.role = "activities"
    if not present("conclusion"):
        markers = [m.lower() for m in settings["conclusion"]["markers"]]
        last = [s for s in roots if s.role not in ("front",)]
        if last and last[-1].role == "other" and last[-1].page_count <= 3 and any(
                m in last[-1].text[:600].lower() for m in markers):
            last[-1].role = "conclusion"
