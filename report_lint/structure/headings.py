"""Headings: from the outline the authoring tool wrote, else from typography and numbering.

Many drafts make headings with bold or larger text and no style, so the PDF has no
outline; then a line is a heading when it stands out from the body text (larger, or bold
on its own line), is short, and is not a sentence.
"""

from __future__ import annotations

import re
from collections import Counter

from report_lint.document import Document, Line
from report_lint.textnorm import fold
from report_lint.structure.model import Heading

NUMBERING = re.compile(
    r"^\s*((?:\d{1,2}[.)]){1,4}\d{0,2}|[IVX]{1,5}\s*[.)–—-]|[A-Ha-h]\s*[.)–—-])\s*\S")
ANNEX_DOC = re.compile(
    r"^\s*(annexe|annex|appendix|appendice)\s*(n\s*[°o]\s*)?([0-9]{1,2}|[a-h]\b|[ivx]{1,4}\b)",
    re.I,
)
ANNEX_PART = re.compile(r"^\s*((\d+|[ivx]+)\s*[.)–—-]?\s+)?(annexes?|annex|appendix|appendices|"
                        r"appendice)\s*[:.]?\s*$", re.I)


def body_font_size(document: Document, skip: set[tuple[int, int]]) -> float:
    """The size most characters are set in."""
    sizes: Counter[float] = Counter()
    for page in document.pages:
        for i, line in enumerate(page.lines):
            if (page.number, i) not in skip and line.size:
                sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def numbering_depth(title: str) -> int | None:
    match = re.match(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})[.)]?\s+\S", title)
    if not match:
        return None
    return match.group(1).count(".") + 1


def outline_headings(document: Document, skip: set[tuple[int, int]]) -> list[Heading]:
    headings = []
    for entry in document.outline:
        if entry.page is None or not 1 <= entry.page <= document.page_count:
            continue
        number = entry.page
        page = document.pages[number - 1]
        line = _find_title_line(page.lines, entry.title, page.number, skip)
        if line is None and len(norm_title(entry.title)) >= 5:
            # A bookmark set just before a page break (or a float) points at a page before
            # its title: the title at the top of one of the next pages.
            # LaTeX's \addcontentsline without an anchor of its own points at the previous
            # anchor, pages before: a line that is the title alone, anywhere on the page.
            target = norm_title(entry.title)
            for following in document.pages[number:number + 4]:
                found = _find_title_line(following.lines, entry.title, following.number, skip)
                if found is not None and (found <= 3 or
                                          norm_title(following.lines[found].text) == target):
                    number, line = following.number, found
                    break
        headings.append(Heading(entry.title.strip(), entry.level, number, line or 0, "outline"))
    return headings


def norm_title(text: str) -> str:
    """The form titles are compared in: folded, punctuation and numbering dots gone."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def strip_label(text: str) -> str:
    """A title without its numbering or "Partie I :" / "Chapitre 2 -" label."""
    text = re.sub(r"^\s*((partie|chapitre|part|chapter)\s*(n\s*[°o]\s*)?([0-9]+|[IVX]+)?\s*[:.–—-]?\s*)",
                  "", text, flags=re.I)
    text = re.sub(r"^\s*([0-9]{1,2}(\.[0-9]{1,2})*|[IVX]{1,5}|[A-Ha-h])\s*[.):–—-]\s*", "", text)
    text = re.sub(r"^\s*[0-9]{1,2}(\.[0-9]{1,2})*\s+", "", text)
    # "V Conclusion", "A Les circonstances du stage": a Roman numeral or a capital letter
    # and a space before a capitalised title (LaTeX's \chapter and \section numbering).
    text = re.sub(r"^\s*([IVX]{1,5}|[A-H])\s+(?=[A-ZÀ-Ý])", "", text)
    text = re.sub(r"^\s*((partie|chapitre|part|chapter)\s*(n\s*[°o]\s*)?([0-9]+|[IVX]+)?\s*[:.–—-]?\s*)",
                  "", text, flags=re.I)
    return text.strip()


# A figure's or a table's caption: "Figure 3 : ...", "Tableau 2", "Capture 4".
CAPTION = re.compile(r"^\s*(figures?|fig\.?|images?|captures?|illustrations?|tableaux?|tables?|"
                     r"listings?|graphiques?|photos?|sch[ée]mas?)\s*n?°?\s*\d", re.I)


def _find_title_line(lines: list[Line], title: str, page: int, skip) -> int | None:
    target = norm_title(title)
    if not target:
        return 0
    for i, line in enumerate(lines):
        if (page, i) in skip:
            continue
        text = norm_title(line.text)
        bare = re.sub(r"^(([0-9]+|[ivx]+|[a-h]) )+", "", text)  # "I.1.1", "A.2", "3.4"
        if text and (text == target or text.startswith(target) or bare == target or
                     (len(text) >= 8 and target.startswith(text)) or
                     _title_start(unligatured(bare), unligatured(target))):
            return i
    return None


def _title_start(line: str, title: str) -> bool:
    """The line is the title, or its first line when it wraps (8 letters at least)."""
    return len(line) >= 8 and title.startswith(line)


def unligatured(text: str) -> str:
    """A title without spaces and without the letter pairs fonts draw as ligatures: the same
    for "Le certificat" and a text layer that lost the glyph, "Le certi cat"."""
    return re.sub(r"ffi|ffl|ff|fi|fl|ti", "", text.replace(" ", ""))


def typographic_headings(document: Document, skip: set[tuple[int, int]], excluded_pages: set[int],
                         body_size: float) -> list[Heading]:
    """Lines that look like headings, levels from their style and numbering."""
    candidates: list[tuple[int, int, Line]] = []
    for page in document.pages:
        if page.number in excluded_pages:
            continue
        for i, line in enumerate(page.lines):
            if (page.number, i) in skip or not _looks_like_heading(line, body_size):
                continue
            candidates.append((page.number, i, line))
    merged = _merge_wrapped(candidates, document)
    styles = sorted({style_key(line) for _, _, line in merged}, key=lambda s: (-s[0], -s[1]))
    rank = {style: n + 1 for n, style in enumerate(styles)}
    headings = []
    for page, i, line in merged:
        level = numbering_depth(line.text) or rank[style_key(line)]
        headings.append(Heading(line.text.strip(), level, page, i, "typography"))
    return headings


def style_key(line: Line) -> tuple[float, int]:
    """A line's style as headings are told apart: its size in whole points, its weight."""
    return (round(line.size), int(line.bold))


def _looks_like_heading(line: Line, body_size: float) -> bool:
    text = line.text.strip()
    words = text.split()
    if not words or len(text) > 110 or len(words) > 14:
        return False
    if sum(ch.isalpha() for ch in text) < 3:
        return False
    if text.endswith((".", ",", ";")) and len(words) > 4 and not NUMBERING.match(text):
        return False
    if re.search(r"(\.\s?){4,}|…\s*\d+$", text):  # a table-of-contents entry
        return False
    if not body_size or not line.size:
        return line.bold
    larger = line.size >= body_size * 1.15
    bold_line = line.bold and line.size >= body_size * 0.95
    if text.endswith(":") and not larger:
        return False  # a bold lead-in label ("Objectifs :"), part of the text
    return larger or bold_line


def _merge_wrapped(candidates, document):
    """A long heading wraps onto a second line of the same style right below it."""
    merged: list[tuple[int, int, Line]] = []
    for page, i, line in candidates:
        if merged:
            mpage, mi, mline = merged[-1]
            prev_line = document.pages[page - 1].lines[i - 1] if i > 0 and mpage == page else None
            if (mpage == page and style_key(mline) == style_key(line) and prev_line is not None
                    and abs(prev_line.bottom - line.top) < 0.8 * line.size
                    and i - 1 >= mi and not NUMBERING.match(line.text)
                    and not ANNEX_DOC.match(line.text)):
                combined = Line(mline.text.rstrip() + " " + line.text.strip(), mline.x0, mline.top,
                                max(mline.x1, line.x1), line.bottom, mline.size, mline.bold)
                merged[-1] = (mpage, mi, combined)
                continue
        merged.append((page, i, line))
    return merged
