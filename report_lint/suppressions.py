"""Inline suppression comments in LaTeX and Markdown sources, like ruff's and eslint's.

In LaTeX (``%``) or Markdown (``<!-- ... -->``)::

    % report-lint: disable=ANX005            from here on (until enable=)
    % report-lint: enable=ANX005
    % report-lint: disable-next-line=ANX004  the next line of the source only
    <!-- report-lint: disable=SEC005, ANX006 -->

Codes are rule codes (``ANX005``), rule names (``annex-kinds``), code prefixes (``ANX``) or
``ALL``. A report has pages, not lines: a directive covers the pages its part of the source
lands on (estimated pages, or the pages of the compiled PDF found by the text). A
``disable=`` never closed by ``enable=`` also covers the findings without a page (SEC003,
"no conclusion"). An unknown code in a directive is itself reported (DOC004).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from report_lint.findings import Finding

KINDS = ("disable", "enable", "disable-next-line")
DIRECTIVE = re.compile(
    r"report-lint\s*:\s*(disable-next-line|disable|enable)\s*(?:=\s*(?P<codes>[^>\n]*?))?"
    r"\s*(?:-->|$)", re.I)


@dataclass
class Suppression:
    """One directive, where it was written and (once the pages are known) what it covers."""

    kind: str  # disable | enable | disable-next-line
    codes: list[str]
    file: str  # path relative to the report's folder, for messages
    line: int  # 1-based line of the comment
    #: Index of the first content block after the comment, in reading order (None: after
    #: all content).
    anchor: int | None = None
    #: Page of the comment's anchor, and the pages the directive covers once resolved.
    page: int | None = None
    first_page: int | None = None
    last_page: int | None = None
    #: True when the directive covers the findings without a page too.
    whole: bool = False

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def parse_directive(comment: str) -> tuple[str, list[str]] | None:
    """``(kind, codes)`` for a comment holding a directive, else None. ``comment`` is the
    text of the comment without its ``%`` / ``<!--``."""
    match = DIRECTIVE.search(comment.strip())
    if not match:
        return None
    raw = match.group("codes") or "ALL"
    codes = [c.strip() for c in re.split(r"[,\s]+", raw) if c.strip()]
    return match.group(1).lower(), codes or ["ALL"]


def resolve(suppressions: list[Suppression], anchor_page, last_page: int) -> None:
    """Give each directive its pages. ``anchor_page(i)`` is the page block ``i`` lands on
    (``None`` for "after all content"); ``last_page`` the document's last page."""
    def page_of(anchor: int | None) -> int:
        if anchor is None:
            return last_page
        page = anchor_page(anchor)
        return page if page is not None else last_page

    opened: dict[str, Suppression] = {}
    for item in suppressions:
        item.page = page_of(item.anchor)
        if item.kind == "disable-next-line":
            item.first_page = item.last_page = item.page
        elif item.kind == "disable":
            item.first_page, item.last_page = item.page, last_page
            item.whole = True
            for code in item.codes:
                opened[code.upper()] = item
        else:  # enable: close the regions of these codes
            for code in item.codes:
                for key in list(opened):
                    if code.upper() in ("ALL", key):
                        region = opened.pop(key)
                        end = _page_before(item.anchor, anchor_page, item.page)
                        region.last_page = max(region.first_page or 1, end)
                        region.whole = False


def _page_before(anchor: int | None, anchor_page, page: int) -> int:
    """The last page of the content before ``anchor``: the page of the block before it."""
    if anchor is None or anchor == 0:
        return page
    before = anchor_page(anchor - 1)
    return before if before is not None else page


def matches(code: str, name: str, patterns: Iterable[str]) -> bool:
    for pattern in patterns:
        p = pattern.strip()
        if not p:
            continue
        if p.upper() == "ALL" or code.startswith(p.upper()) or name == p.lower():
            return True
    return False


def apply(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings no directive covers. DOC001 and DOC004 are never suppressed."""
    active = [s for s in suppressions if s.kind != "enable"]
    if not active:
        return findings
    kept = []
    for finding in findings:
        if finding.code in ("DOC001", "DOC004"):
            kept.append(finding)
            continue
        covered = False
        for s in active:
            if not matches(finding.code, finding.name, s.codes):
                continue
            if finding.page is None:
                covered = s.whole
            else:
                covered = (s.first_page or 1) <= finding.page <= (s.last_page or finding.page)
            if covered:
                break
        if not covered:
            kept.append(finding)
    return kept


def known_code(code: str, checks) -> bool:
    """A code, name, prefix of a code, or ALL that names at least one installed rule."""
    c = code.strip()
    if c.upper() == "ALL":
        return True
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", c):
        return False
    return any(cls.code == c.upper() or cls.name == c.lower() or
               (c.isalpha() and len(c) >= 3 and cls.code.startswith(c.upper()))
               for cls in checks)


@dataclass
class SourceNotes:
    """Kept on ``Document.source`` by the LaTeX and Markdown parsers: what the sources are,
    what could not be found, the suppression directives, and where the pages come from."""

    main: str
    files: list[str] = field(default_factory=list)  # sources read, reading order
    assets: list[str] = field(default_factory=list)  # pictures and included PDFs found
    #: Files the source names that do not exist: (kind, name, "file:line", page).
    missing: list[tuple[str, str, str, int | None]] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    #: Where the pages come from: "pdf" (a compiled PDF newer than the sources), "built"
    #: (compiled by --build), "estimated".
    pages_from: str = "estimated"
    pdf: str | None = None  # the compiled PDF used, or the one found but not used
    #: Why a compiled PDF was not used: "stale" (older than ``newer``), "build_failed",
    #: "no_builder", or "" (none found / disabled).
    pdf_problem: str = ""
    newer: str = ""  # the source newer than the PDF
    detail: str = ""

    def copy_with(self, **changes) -> "SourceNotes":
        return replace(self, **changes)
