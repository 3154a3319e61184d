"""One outline per report, merged from every source the file offers.

A report's headings can come from its bookmarks (or the headings its source declares), from
its table of contents (the author's own outline: titles and levels, whatever the styles),
or from typography (bold or larger lines). Each alone fails on real reports: Word exports a
few bookmarks for the styled headings only, hand-made headings have no bookmarks at all,
and typography takes bold lead-ins for headings. So the table of contents is read as a list
of titles and located in the body; the richest source wins, and each heading keeps where it
was found (shown to the user as evidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from report_lint.chains import longest_chain
from report_lint.document import Document
from report_lint.structure.headings import (
    ANNEX_DOC,
    ANNEX_PART,
    CAPTION,
    body_font_size,
    norm_title,
    numbering_depth,
    outline_headings,
    strip_label,
    unligatured,
)
from report_lint.structure.model import Heading
from report_lint.structure.typography import typographic_headings_scored

# "Titre ........ 12", "Titre … 12", "Titre<TAB>12", "Titre 12": the printed page at the end.
_PRINTED_PAGE = re.compile(r"(?:\s*[.…·_\-]{2,}\s*|\s+|\t)(\d{1,3}|[ivxlc]{1,6})"
                           r"(?:\s*[-–]\s*\d{1,3})?\s*$", re.I)
_LEADERS = re.compile(r"[.…·_]{3,}")
# Two spellings of one title: a bookmark's and the contents', or the contents' and the body's
# (a word edited, a ligature or an apostrophe lost).
ALIKE = 0.85
_BULLET = re.compile(r"^[\s•◦▪●○■□➢►\-–·]+")
_LIST_OF = re.compile(r"^(liste|table|list|index) (des|of) (figures|tableaux|illustrations|"
                      r"tables|annexes|abreviations|sigles|listings)")
_LABEL_ONLY = re.compile(r"^\s*(chapitre|chapter|partie|part)\s*(n\s*°\s*)?[0-9IVX]*\s*[:.–-]?\s*$",
                         re.I)
_PAGE_FIRST = re.compile(r"^(?:page|p\.)\s*(\d{1,3})\s*[:–—-]\s*", re.I)


@dataclass
class TocEntry:
    """One line of a table of contents: the title and its level (the page number it prints
    is not needed: entries are located in the body by their titles)."""

    title: str
    level: int


def toc_entries(document: Document, toc: list[int], furniture, toc_titles: list[str]
                ) -> list[TocEntry]:
    """The entries of the table of contents, wrapped titles joined, levels from numbering
    and indentation."""
    wanted = {norm_title(t) for t in toc_titles}
    raw: list[tuple[str, int | None, float, int]] = []
    for number in toc:
        page = document.pages[number - 1]
        heads = [norm_title(ln.text) for i, ln in enumerate(page.lines[:4])
                 if (number, i) not in furniture]
        if heads and _LIST_OF.match(heads[0]) and heads[0] not in wanted:
            continue  # a list of figures or tables, not the outline
        for i, line in enumerate(page.lines):
            if (number, i) in furniture:
                continue
            text = _BULLET.sub("", line.text).strip()
            if not text or norm_title(text) in wanted:
                continue
            printed = None
            lead = _PAGE_FIRST.match(text)  # "Page 2 : Récapitulatif des activités"
            if lead:
                printed, text = int(lead.group(1)), text[lead.end():].strip()
            match = _PRINTED_PAGE.search(text)
            if match and len(text) > len(match.group(0)) + 1:
                value = match.group(1)
                printed = int(value) if value.isdigit() else None
                text = text[:match.start()].rstrip()
            text = _LEADERS.sub(" ", text).strip(" .")
            if sum(ch.isalpha() for ch in text) < 2 or CAPTION.match(text):
                continue
            if raw and _LABEL_ONLY.match(raw[-1][0]):
                prev = raw[-1]  # "CHAPITRE 1 :" with its title on the next line
                raw[-1] = (f"{prev[0].rstrip(' :.–-')} : {text}", printed, prev[2], prev[3])
                continue
            starts_lower = text[:1].islower() and not re.match(r"^[a-h][.)]\s", text)
            if raw and starts_lower and raw[-1][1] is None:
                prev = raw[-1]
                raw[-1] = (prev[0] + " " + text, printed, prev[2], prev[3])  # a wrapped title
                continue
            raw.append((text, printed, line.x0, round(line.size)))
    return [TocEntry(text, level) for (text, _, _, _), level in zip(raw, _levels(raw))]


# Parts that are top level whatever their indentation.
_TOP_LEVEL = re.compile(
    r"^(introduction|conclusion|remerciement|glossaire|bibliographie|webographie|sitographie|"
    r"references|resume|abstract|annexe|annex|appendi|avant propos|preambule|table des|"
    r"liste des|bilan|dedicace|acknowledg)")


# A standard part of a report, wherever its name stands in the title ("Réflexions et
# conclusions", "Bilan personnel").
_STANDARD_PART = re.compile(r"\b(introduction|conclusions?|remerciements?|bilan|glossaire|"
                            r"bibliographie|webographie|references|annexes?|appendix|"
                            r"appendices|resume|abstract)\b")


def _levels(raw: list[tuple[str, int | None, float, int]]) -> list[int]:
    """Decimal numbering gives the depth ("2.3" is level 2); Roman numerals are top level, a
    capital letter under them level 2, a small letter level 3; standard parts (Introduction,
    Conclusion, Annexes...) are top level; the rest take the rank of their type size when the
    entries have several sizes (a centred table of contents), else of their indentation."""
    romans = any(re.match(r"^\s*[IVX]{1,5}\s*[.)–—-]", t) for t, _, _, _ in raw)
    sizes = sorted({size for _, _, _, size in raw if size}, reverse=True)
    xs = sorted({x0 for _, _, x0, _ in raw})
    column, rank = {}, 0
    for n, x in enumerate(xs):
        if n == 0 or x - xs[n - 1] > 8:
            rank += 1
        column[x] = rank
    chapter = re.compile(r"^\s*(chapitre|chapter|partie|part)\b", re.I)
    chapters = any(chapter.match(t) for t, _, _, _ in raw)
    levels = []
    for text, _, x0, size in raw:
        depth = numbering_depth(text)
        if chapters:  # "Chapitre I" is the top level, its "I.", "1.", "1.1" sections below
            if chapter.match(text):
                levels.append(1)
                continue
            if depth is not None:
                levels.append(depth + 1)
                continue
            if re.match(r"^\s*[IVX]{1,5}\s*[.)–—-]", text):
                levels.append(2)
                continue
        if depth is None and re.match(r"^\s*[IVX]{1,5}\s*[.)–—-]", text):
            depth = 1
        elif depth is None and romans and re.match(r"^\s*[A-H]\s*[.)–—-]\s", text):
            depth = 2
        elif depth is None and re.match(r"^\s*[a-h]\s*[.)]\s", text):
            depth = 3 if romans else 2
        elif depth is None and _TOP_LEVEL.match(norm_title(strip_label(text))) and \
                len(norm_title(strip_label(text)).split()) <= 3:
            depth = 1  # "Conclusion générale", not "Introduction aux composants matériels"
        if depth is None:
            depth = sizes.index(size) + 1 if len(sizes) > 1 and size in sizes else column[x0]
        levels.append(depth)
    return levels


def locate_toc_entries(document: Document, entries: list[TocEntry], toc: set[int],
                       furniture) -> list[Heading]:
    """Each entry found as a line of the body, in order; entries not found are dropped (a
    table of contents can list a part that was never written)."""
    body_size = body_font_size(document, furniture)
    # page, index, normalised text, with the next line, whether it stands out, without label
    lines: list[tuple[int, int, str, str, bool, str]] = []
    for page in document.pages:
        if page.number in toc:
            continue
        kept = [(i, ln) for i, ln in enumerate(page.lines) if (page.number, i) not in furniture]
        for k, (i, line) in enumerate(kept):
            here = norm_title(_BULLET.sub("", line.text))
            nxt = norm_title(kept[k + 1][1].text) if k + 1 < len(kept) else ""
            salient = line.bold or (body_size > 0 and line.size >= body_size * 1.1) \
                or line.declared_level is not None
            bare = norm_title(strip_label(_BULLET.sub("", line.text)))
            lines.append((page.number, i, here, (here + " " + nxt).strip(), salient, bare))
    # Every place each entry could be, then the longest chain of entries found in order: one
    # entry matched too far ahead (a "Glossaire" listed first and found at the end) must not
    # swallow all the others.
    targets = [norm_title(strip_label(e.title)) or norm_title(e.title) for e in entries]
    places = [_candidates(lines, t) if len(t) >= 3 else [] for t in targets]
    for k, target in enumerate(targets):
        if not places[k] and len(target) >= 8:
            # A title edited in the body but not in a hand-typed contents ("Opérations de
            # guichet" listed, "Opérations du guichet" written), or a ligature lost.
            places[k] = _near_candidates(lines, target)
    headings: list[Heading] = []
    for k, pos in longest_chain(places, len(entries)):
        entry = entries[k]
        headings.append(Heading(entry.title, entry.level, lines[pos][0], lines[pos][1], "toc",
                                evidence=f"table of contents, level {entry.level}"))
    return headings


def _candidates(lines, target: str, most: int = 60) -> list[int]:
    found: list[int] = []
    start = 0
    while len(found) < most:
        n = _find_forward(lines, start, target)
        if n is None:
            break
        found.append(n)
        start = n + 1
    return found


def _near_candidates(lines, target: str, most: int = 10) -> list[int]:
    """Salient lines spelt nearly like the title (:data:`ALIKE`, lengths within a fifth)."""
    found = []
    plain = unligatured(target)
    for n, (_, _, here, _, salient, bare) in enumerate(lines):
        if not salient or not bare or abs(len(bare) - len(target)) > max(4, len(target) // 5):
            continue
        if unligatured(bare) == plain or \
                SequenceMatcher(None, bare, target).ratio() >= ALIKE:
            found.append(n)
            if len(found) >= most:
                break
    return found


def _find_forward(lines, start: int, target: str) -> int | None:
    """The first line from ``start`` that is the title: the same words, whatever its
    numbering or "Partie :" label, alone on its line or opening a heading line; or the first
    half of a title that wraps."""
    words = target.split()
    for n in range(start, len(lines)):
        _, _, here, joined, salient, bare = lines[n]
        if not here:
            continue
        if target in (here, joined, bare):
            return n
        # "Conclusion : Le monde du travail..." under the entry "Conclusion".
        if (len(target) >= 12 or salient) and (bare.startswith(target + " ")
                                               or here.startswith(target + " ")) \
                and len(bare) <= len(target) + 70:
            return n
        if len(target) >= 12 and joined.startswith(target) and len(here) <= len(target) + 40:
            return n
        if len(words) >= 3 and salient and len(bare) >= 10 and target.startswith(bare) and \
                (bare + joined[len(here):]).startswith(target[:len(bare)]) and \
                target.startswith((bare + joined[len(here):])[:len(target)]):
            return n
    return None


def merged_headings(document: Document, furniture, toc: list[int], cover: bool,
                    toc_titles: list[str]) -> tuple[list[Heading], list[Heading]]:
    """The report's headings from the richest source, plus annex titles typography sees; and
    the typographic headings alone (the annex part's documents are often only bold lines)."""
    toc_set = set(toc)
    excluded = toc_set | ({1} if cover else set())
    body_size = body_font_size(document, furniture)
    declared = [h for h in outline_headings(document, furniture) if h.page not in toc_set]
    for h in declared:
        h.evidence = "source heading" if document.source is not None or \
            document.format in ("latex", "markdown") else "bookmark"
    from_toc = locate_toc_entries(document, toc_entries(document, toc, furniture, toc_titles),
                                  toc_set, furniture) if toc else []
    typographic = typographic_headings_scored(document, furniture, excluded, body_size,
                                              [e.title for e in from_toc])
    for h in typographic:
        h.evidence = "typography"

    if len(declared) >= 3 and len(declared) >= 0.5 * len(from_toc):
        headings = list(declared)
        # Bookmarks often leave parts out (only the styled headings are exported): the table
        # of contents adds those it lists and the bookmarks lack.
        for extra in from_toc:
            if not any(h.page == extra.page and _same_title(h.title, extra.title)
                       for h in declared):
                headings.append(extra)
    elif len(from_toc) >= 3:
        headings = list(from_toc)
    elif declared:
        headings = list(declared)
    else:
        headings = list(typographic)
    # A part the author forgot to style or list ("Bilan" set by hand in the same large type as
    # the listed parts): typography adds the lines set exactly like the top-level headings.
    if headings and headings[0].source != "typography" and typographic:
        headings.extend(_styled_like_top(document, headings, typographic))
    # Annex titles are often left out of bookmarks and tables of contents (starred LaTeX
    # sections, plain text): take those from typography.
    if headings and headings[0].source != "typography" and typographic:
        top = min((h.level for h in headings), default=1)
        known = {(h.page, norm_title(h.title)) for h in headings}
        for extra in typographic:
            if (ANNEX_DOC.match(extra.title) or ANNEX_PART.match(extra.title)) and \
                    (extra.page, norm_title(extra.title)) not in known and \
                    not any(h.page == extra.page and ANNEX_DOC.match(h.title) for h in headings):
                extra.level = top
                headings.append(extra)
    headings.sort(key=lambda h: (h.page, h.line))
    headings = _fill_uncovered_pages(document, headings, furniture, excluded, body_size,
                                     [h.title for h in from_toc])
    return repair_levels(headings), typographic


def _fill_uncovered_pages(document: Document, headings: list[Heading], furniture,
                          excluded: set[int], body_size: float, toc_titles: list[str]
                          ) -> list[Heading]:
    """Bookmarks or a table of contents that cover only part of the report (only the
    annexes bookmarked, the conclusion left out) do not hide the rest: on the pages after
    the last heading found (and before the first), the lines the typography model takes
    for headings are added, at the levels their style ranks them."""
    covering = [h.page for h in headings if h.source != "typography"]
    if not covering:
        return headings
    first, last = min(covering), max(covering)
    uncovered = {p.number for p in document.pages
                 if (p.number < first or p.number > last) and p.number not in excluded}
    if not uncovered:
        return headings
    # Typography's headings on those pages are read again, all together, so that their
    # levels come from one ranking of their styles.
    headings = [h for h in headings if not (h.source == "typography" and h.page in uncovered)]
    skip = set(furniture) | {(h.page, h.line) for h in headings}
    found = [h for h in typographic_headings_scored(
        document, skip, set(range(1, document.page_count + 1)) - uncovered, body_size,
        toc_titles) if not any(h.page == o.page and abs(h.line - o.line) <= 1 for o in headings)]
    if not found:
        return headings
    top = min(h.level for h in headings)
    shallowest = min(h.level for h in found)
    for h in found:
        h.level = top + h.level - shallowest
        h.evidence = "typography, on pages no bookmark or table of contents covers"
    return sorted(headings + found, key=lambda h: (h.page, h.line))


_ROMAN = re.compile(r"^\s*([IVX]{1,5})\s*[.)–—-]")
_DECIMAL = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})[.)]?(?:\s+|(?=[A-Za-zÀ-ÿ]))")


def repair_levels(headings: list[Heading]) -> list[Heading]:
    """Levels made consistent with the report's own numbering: bookmarks and tables of
    contents misplace some ("IV- Conclusion" nested under "III-", "4.Activités" read one
    indentation off its siblings). Headings numbered in one scheme take the level most of
    that scheme have ("1.", "2." one level, "2.3" the next); in a numbered report, the
    unnumbered parts before the first numbered heading and after the last one
    that name a standard part (Remerciements, Introduction, "Réflexions et conclusions",
    Annexes) are top level."""
    def depth(h: Heading) -> tuple[str, int] | None:
        match = _DECIMAL.match(h.title)
        if match:
            return ("decimal", match.group(1).count(".") + 1)
        if _ROMAN.match(h.title):
            return ("roman", 1)
        return None

    kinds = [depth(h) for h in headings]
    for kind in ("decimal", "roman"):
        offsets = [h.level - d for h, k in zip(headings, kinds) if k and k[0] == kind
                   for d in [k[1]]]
        chapters = [h for h, k in zip(headings, kinds) if k == (kind, 1)]
        if len(chapters) < 2:
            continue
        base = max(set(offsets), key=offsets.count)
        for h, k in zip(headings, kinds):
            if k and k[0] == kind:
                h.level = max(1, base + k[1])
    # "I. Présentation" then "1. L'histoire", "2. ...": Roman parts hold decimal sections
    # (numbered straight across the parts or not) when both came out at one level.
    romans = [n for n, k in enumerate(kinds) if k == ("roman", 1)]
    decimals = [n for n, k in enumerate(kinds) if k and k[0] == "decimal"]
    if len(romans) >= 2 and decimals and romans[0] < decimals[0] and \
            any(romans[0] < d < romans[-1] for d in decimals):
        roman_level = min(headings[n].level for n in romans)
        decimal_level = min(headings[n].level for n in decimals)
        if decimal_level <= roman_level:
            for n in decimals:
                headings[n].level += roman_level + 1 - decimal_level
    numbered = [n for n, k in enumerate(kinds) if k is not None]
    chapters = [headings[n] for n in numbered if kinds[n][1] == 1]
    if len(chapters) >= 2:
        top = min(h.level for h in chapters)
        for n, h in enumerate(headings):
            if kinds[n] is None and (n < numbered[0] or n > numbered[-1]) and h.level > top \
                    and _STANDARD_PART.search(norm_title(h.title)):
                h.level = top
    return headings


def _styled_like_top(document: Document, headings: list[Heading], typographic: list[Heading]
                     ) -> list[Heading]:
    """Typographic headings in the style (size, weight) of every top-level heading found,
    on pages where no heading was found."""
    top = min(h.level for h in headings)
    styles = set()
    for h in headings:
        if h.level != top or h.source == "typography":
            continue
        lines = document.pages[h.page - 1].lines
        if 0 <= h.line < len(lines):
            styles.add((round(lines[h.line].size), lines[h.line].bold))
    sizes = {size for size, _ in styles}
    weights = {bold for _, bold in styles}
    if not styles or len(weights) != 1 or max(sizes) - min(sizes) > 2 or min(sizes) <= 0:
        return []
    bold = weights.pop()
    known = {(h.page, norm_title(strip_label(h.title))) for h in headings}
    places = {(h.page, h.line) for h in headings}
    added = []
    for extra in typographic:
        line = document.pages[extra.page - 1].lines[extra.line]
        near = any((extra.page, extra.line + d) in places for d in (-1, 0, 1))
        if line.bold != bold or near or \
                not min(sizes) - 1 <= line.size <= max(sizes) + 1:
            continue
        if (extra.page, norm_title(strip_label(extra.title))) in known:
            continue
        extra.level = top
        extra.evidence = "typography, set like the top-level headings"
        added.append(extra)
    return added


def _same_title(a: str, b: str) -> bool:
    """Two spellings of one heading: the bookmark's and the table of contents' (numbering
    aside, an apostrophe or a ligature glyph lost by one of them)."""
    a, b = norm_title(strip_label(a)), norm_title(strip_label(b))
    if a == b or (a and b and (a in b or b in a)):
        return True
    return SequenceMatcher(None, a.replace(" ", ""), b.replace(" ", "")).ratio() >= ALIKE
