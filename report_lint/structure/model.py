"""What the linter understood of a report: the objects checks judge and users are shown."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    title: str
    level: int
    page: int
    line: int  # index in the page's lines where the heading starts (0 = top of the page)
    source: str  # "outline" or "typography"


@dataclass
class Section:
    """A heading and everything until the next heading of the same or a higher level."""

    title: str
    level: int
    role: str  # company | activities | conclusion | annexes | front | other
    first_page: int
    last_page: int
    text: str = ""  # the text under the heading, sub-sections included
    children: list["Section"] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return self.last_page - self.first_page + 1


@dataclass
class Annex:
    """One annexed document."""

    title: str
    pages: list[int]
    text: str = ""
    language: str | None = None
    language_probability: float = 0.0
    kind: str = "unknown"  # technical | press | unknown
    kind_from: str = "text"  # title | text
    page_shares: dict[int, float] = field(default_factory=dict)
    textless_pages: list[int] = field(default_factory=list)

    @property
    def image_share(self) -> float:
        return max(self.page_shares.values(), default=0.0)


@dataclass
class Report:
    page_count: int
    sections: list[Section] = field(default_factory=list)  # top level, in reading order
    activities: list[Section] = field(default_factory=list)  # the units ACT00x judge
    annexes: list[Annex] = field(default_factory=list)
    annex_part_first_page: int | None = None
    body_pages: list[int] = field(default_factory=list)
    front_pages: list[int] = field(default_factory=list)  # cover and table of contents
    toc_pages: list[int] = field(default_factory=list)
    admin_pages: list[int] = field(default_factory=list)
    page_shares: dict[int, float] = field(default_factory=dict)  # picture share per page
    page_text: dict[int, str] = field(default_factory=dict)  # without running headers
    headings_from: str = "none"  # outline | typography | none
    # False when no selected check needed section roles: spaCy was not loaded and every
    # section is "other", every annex kind "unknown".
    roles_known: bool = True

    def section(self, role: str) -> Section | None:
        for section in self.sections:
            if section.role == role:
                return section
        return None

    def sections_with_role(self, role: str) -> list[Section]:
        return [s for s in self.sections if s.role == role]

    @property
    def annex_pages(self) -> list[int]:
        return sorted({p for annex in self.annexes for p in annex.pages})
