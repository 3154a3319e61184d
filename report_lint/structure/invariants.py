"""What no reading of a report may say, whatever the report (issue 16, "impossible readings").

A reading can be wrong in many defensible ways (a part found one page late, two annexed
documents taken for one); some readings cannot be right for any report written under the
regulation's grammar (cover, front matter, company, activities, conclusion, back matter,
annex part, administrative pages). :func:`violations` lists those, one short sentence each:

1. the annex part starts before the first activities section;
2. the annex part starts on a table-of-contents page;
3. a company / activities / conclusion section sits inside a section of another of those
   roles, or inside the annex part;
4. the company part comes after the conclusion;
5. an annexed document starts mid-sentence: its title (or first line) opens a parenthesis
   ("(voir annexe 3)"), or starts in lower case or refers to an annex ("détaillées en
   annexe", "l'annexe 2 montre") after a line that does not end a sentence.

``benchmarks/accuracy.py`` checks them on every reading of the labelled real reports.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from report_lint.document import Document
from report_lint.structure.model import Annex, Report, Section

#: The roles of the report's grammar that cannot hold one another.
PART_ROLES = ("company", "activities", "conclusion")
_NAMES = {"company": "the company part", "activities": "an activities section",
          "conclusion": "the conclusion"}

# A reference to an annex inside a sentence: "voir annexe 3", "(cf. annexe)", "détaillées en
# annexe", "dans l'annexe 2", "jointe en annexe". Matched on folded text (no accents, lower).
_IN_TEXT_REFERENCE = re.compile(
    r"(\b(voir|cf\.?|en|dans|joint(e|es|s)?|present(e|es|s)?|figurant)\s+(l'\s*)?"
    r"|(^|\s)(a |de |dans )?l'\s*)(annexe|appendix|appendice)s?\b")
# A reference that starts the line: "Voir annexe 3", "cf. annexe".
_STARTS_AS_REFERENCE = re.compile(r"^\W*(voir|cf\b)")
# What may end a line that ends a sentence or a heading's lead-in.
_SENTENCE_END = tuple(".!?:;…»)]}\"")


def violations(document: Document, report: Report) -> list[str]:
    """Every impossible thing the reading ``report`` of ``document`` says, one sentence each
    (empty when the reading is possible)."""
    found: list[str] = []
    found += _annex_part_before_activities(report)
    found += _annex_part_on_toc_page(report)
    found += _roles_nested(report)
    found += _company_after_conclusion(report)
    for annex in report.annexes:
        reason = _mid_sentence(document, annex)
        if reason:
            found.append(f"the annexed document « {_short(annex.title)} » (p. "
                         f"{_first(annex.pages)}) starts mid-sentence: {reason}")
    return found


# -- the parts ------------------------------------------------------------------------------

def _annex_part_before_activities(report: Report) -> list[str]:
    start = report.annex_part_first_page
    activities = report.sections_with_role("activities")
    if start is None or not activities:
        return []
    first = min(activities, key=lambda s: s.first_page)
    if start < first.first_page:
        return [f"the annex part starts on p. {start}, before the first activities section "
                f"« {_short(first.title)} » (p. {first.first_page})"]
    return []


def _annex_part_on_toc_page(report: Report) -> list[str]:
    start = report.annex_part_first_page
    if start is not None and start in report.toc_pages:
        return [f"the annex part starts on p. {start}, a table-of-contents page"]
    return []


def _roles_nested(report: Report) -> list[str]:
    found = []
    order = report.all_sections()
    annex_index = next((i for i, s in enumerate(order) if s.role == "annexes"), None)
    start = report.annex_part_first_page
    for index, (section, ancestors) in enumerate(_with_ancestors(report.sections)):
        if section.role not in PART_ROLES:
            continue
        outer = next((a for a in reversed(ancestors)
                      if a.role in PART_ROLES and a.role != section.role), None)
        if outer is not None:
            found.append(f"{_NAMES[section.role]} « {_short(section.title)} » (p. "
                         f"{section.first_page}) is inside {_NAMES[outer.role]} "
                         f"« {_short(outer.title)} » (p. {outer.first_page})")
        in_annex = any(a.role == "annexes" for a in ancestors)
        if start is not None:
            in_annex = in_annex or section.first_page > start or (
                section.first_page == start and annex_index is not None and index > annex_index)
        if in_annex:
            found.append(f"{_NAMES[section.role]} « {_short(section.title)} » (p. "
                         f"{section.first_page}) is inside the annex part (from p. {start})")
    return found


def _company_after_conclusion(report: Report) -> list[str]:
    order = report.all_sections()
    conclusions = [i for i, s in enumerate(order) if s.role == "conclusion"]
    companies = [i for i, s in enumerate(order) if s.role == "company"]
    if not conclusions or not companies or companies[-1] < conclusions[0]:
        return []
    company, conclusion = order[companies[-1]], order[conclusions[0]]
    return [f"the company part « {_short(company.title)} » (p. {company.first_page}) comes "
            f"after the conclusion « {_short(conclusion.title)} » (p. {conclusion.first_page})"]


def _with_ancestors(sections: list[Section], ancestors: tuple[Section, ...] = ()
                    ) -> Iterator[tuple[Section, tuple[Section, ...]]]:
    """Every section in reading order (as Report.all_sections) with the sections holding it."""
    for section in sections:
        yield section, ancestors
        yield from _with_ancestors(section.children, ancestors + (section,))


# -- annexed documents ----------------------------------------------------------------------

def _mid_sentence(document: Document, annex: Annex) -> str | None:
    """Why ``annex`` starts inside a sentence, or None.

    A title that opens a parenthesis is a sentence's aside. A title in lower case, or one
    that refers to an annex ("voir annexe 3", "détaillées en annexe", "l'annexe 2 montre"),
    starts mid-sentence when the line before it on its page does not end a sentence; at the
    top of its page (or not found on it), only a lower-case reference or one opening with
    "voir" / "cf." tells (a listing titled "fichier capteur.py" is a title)."""
    title = " ".join((annex.title or "").split())
    if not title:
        title = next((" ".join(line.split()) for line in (annex.text or "").splitlines()
                      if line.strip()), "")
    if not title:
        return None
    if title.startswith("("):
        return "its title opens a parenthesis"
    first_letter = next((ch for ch in title if ch.isalpha()), "")
    lower = bool(first_letter) and first_letter.islower()
    folded = _fold(title)
    starts_as_reference = bool(_STARTS_AS_REFERENCE.match(folded))
    reference = starts_as_reference or bool(_IN_TEXT_REFERENCE.search(folded))
    if not (lower or reference):
        return None
    previous = _line_before(document, annex, title)
    if previous is None:
        if not (starts_as_reference or (lower and reference)):
            return None
    elif previous.rstrip().endswith(_SENTENCE_END):
        return None
    if reference:
        return "its title is a reference to an annex inside running text"
    return "its title starts in lower case after a line that does not end a sentence"


def _line_before(document: Document, annex: Annex, title: str) -> str | None:
    """The text line before the annex's title on its first page (None when the title is the
    page's first line or is not found)."""
    page_number = _first(annex.pages)
    if page_number is None or not 1 <= page_number <= len(document.pages):
        return None
    lines = [line.text for line in document.pages[page_number - 1].lines if line.text.strip()]
    key = _fold(title)[:40]
    for index, text in enumerate(lines):
        folded = _fold(text)
        if folded and (folded.startswith(key) or key.startswith(folded)):
            return lines[index - 1] if index else None
    return None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())


def _first(pages: list[int]) -> int | None:
    return min(pages) if pages else None


def _short(title: str, limit: int = 60) -> str:
    title = " ".join((title or "").split())
    return title if len(title) <= limit else title[:limit - 1] + "…"
