"""What the author says of the reading: the ``[reading]`` table of report-lint.toml.

When the linter still reads a report wrong, the author names the parts instead of silencing
a rule::

    [reading]
    company = "Présentation du camping"
    activities = ["Partie Flutter", "Partie API"]
    conclusion = "Bilan du stage"
    annexes_from_page = 25

A named part takes its role from the configuration (its evidence says so, and so does the
summary); a name that matches no heading is reported, and the automatic reading is kept.
"""

from __future__ import annotations

from report_lint.structure.headings import norm_title, strip_label
from report_lint.structure.model import Report, Section

ROLE_KEYS = ("company", "activities", "conclusion")


class ReadingError(ValueError):
    """A ``[reading]`` value of the wrong type."""


def reading_settings(settings: dict) -> dict:
    """The ``[reading]`` table, checked: titles are strings (or lists of strings for
    activities), ``annexes_from_page`` a page number."""
    table = settings.get("reading") or {}
    if not isinstance(table, dict):
        raise ReadingError("[reading] must be a table")
    out: dict = {}
    for key, value in table.items():
        if key in ROLE_KEYS:
            titles = [value] if isinstance(value, str) else value
            if not isinstance(titles, list) or not titles or \
                    not all(isinstance(t, str) and t.strip() for t in titles):
                raise ReadingError(f"[reading] {key} must be a heading's title (or a list of "
                                   f"titles)")
            out[key] = titles
        elif key == "annexes_from_page":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ReadingError("[reading] annexes_from_page must be a page number (1 or "
                                   "more)")
            out[key] = value
        else:
            raise ReadingError(f"[reading] {key}: unknown key (company, activities, "
                               f"conclusion, annexes_from_page)")
    return out


def apply_roles(report: Report, reading: dict) -> None:
    """Give the named sections their role; the role leaves any other section."""
    sections = report.all_sections()
    for role in ROLE_KEYS:
        titles = reading.get(role)
        if not titles:
            continue
        chosen: list[Section] = []
        for title in titles:
            match = _find(sections, title)
            if match is None:
                report.reading_notes.append(("configured_role_missing",
                                             {"key": role, "title": title}))
            else:
                chosen.append(match)
        if not chosen:
            continue
        for section in sections:
            if section.role == role and not any(section is c for c in chosen):
                section.role = "other"
                section.evidence.append(f"role {role} given by the configuration elsewhere")
        for section in chosen:
            section.role = role
            section.evidence.append(f"configuration: [reading] {role} = « {section.title} »")
            report.reading_notes.append(("configured_role", {
                "role": role, "title": section.title, "page": section.first_page}))


def _find(sections: list[Section], title: str) -> Section | None:
    """The section with that title (numbering, case and accents aside), else the first whose
    title contains it."""
    wanted = norm_title(strip_label(title)) or norm_title(title)
    for section in sections:
        if norm_title(strip_label(section.title)) == wanted or norm_title(section.title) == \
                norm_title(title):
            return section
    for section in sections:
        if wanted and wanted in norm_title(section.title):
            return section
    return None
