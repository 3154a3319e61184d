"""What the linter understood of a report: the objects checks judge and users are shown."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    title: str
    level: int
    page: int
    line: int  # index in the page's lines where the heading starts (0 = top of the page)
    source: str  # "outline", "toc" (table of contents), "typography" or "source"
    evidence: str = ""  # where the heading was found, as shown to the user


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
    # Why the section has its role (and where its heading came from), one short phrase each:
    # shown under --verbose and in the JSON, so a wrong reading can be traced.
    evidence: list[str] = field(default_factory=list)
    # How sure the reading is of this section's role (0.5 to 1; None where not decided by
    # the decoder): the margin of the decision, shown in the JSON.
    confidence: float | None = None

    def walk(self):
        """This section and all its subsections, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

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
    language_chars: int = 0  # how much text the language was detected on
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
    headings_from: str = "none"  # outline | toc | typography | source | none
    # Notes on how the report was read, for the summary: (key, arguments), e.g. the annex
    # part recognised without a heading, a reading given by the configuration.
    reading_notes: list[tuple[str, dict]] = field(default_factory=list)
    # False when no selected check needed section roles: spaCy was not loaded and every
    # section is "other", every annex kind "unknown".
    roles_known: bool = True
    # How sure the reading is that the report has (or lacks) each part: role → 0.5 to 1,
    # for company, activities, conclusion and annexes (the annex part's start decides the
    # body's pages too). A verdict that depends on an unsure reading is only a warning.
    confidence: dict[str, float] = field(default_factory=dict)

    def is_sure(self, role: str, threshold: float) -> bool:
        """Whether the reading of ``role`` is sure enough for an error-level verdict."""
        return self.confidence.get(role, 1.0) >= threshold

    def all_sections(self) -> list[Section]:
        """Every section at every level, in reading order."""
        return [s for root in self.sections for s in root.walk()]

    def listed_sections(self) -> list[Section]:
        """What the user is shown: top-level sections and the subsections with a role."""
        return [s for root in self.sections for s in root.walk()
                if s is root or s.role != "other"]

    def section(self, role: str) -> Section | None:
        """The first section of that role, at any level."""
        for section in self.all_sections():
            if section.role == role:
                return section
        return None

    def sections_with_role(self, role: str) -> list[Section]:
        return [s for s in self.all_sections() if s.role == role]

    @property
    def annex_pages(self) -> list[int]:
        return sorted({p for annex in self.annexes for p in annex.pages})
