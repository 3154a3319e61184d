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
