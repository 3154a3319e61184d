"""The annex part: where it starts, the annexed documents in it, administrative pages.

Rules (rules.md): the part starts at the first "Annexe(s)"/"Appendix" heading outside the
table of contents; each annexed document starts at its own heading ("Annexe 1 ...") or,
when the annexes have none, on a new page; a separator page that only says "ANNEXES" is
not a document; certificates and evaluation sheets are neither body nor annex.
"""

from __future__ import annotations

import re
from collections import Counter

from report_lint.document import Document
from report_lint.language import detect_language
from report_lint.structure.headings import ANNEX_DOC, ANNEX_PART, CAPTION, style_key
from report_lint.structure.model import Annex, Heading
from report_lint.textnorm import fold, join_lines

_TECH = "technical"
_PRESS = "press"


# Back matter: neither an annexed document nor body text to judge (rules.md).
BACK_MATTER = re.compile(
    r"^\s*((\d+|[ivx]+)[.)]?\s+)?(bibliographie|references?( bibliographiques?)?|webographie|"
    r"sitographie|netographie|glossaire|lexique|index|resume|abstract|summary|"
    r"liste des (figures|tableaux|illustrations|abreviations|listings|sigles)|"
    r"table des (figures|illustrations|listings|tableaux)|"
    r"sources|ressources|credits|contacts?|dos du rapport|quatrieme de couverture|"
    r"mots[- ]cl(e|ef)s?|keywords)"
    # the title ends there or soon ("Résumé en anglais"), or goes on with another back-matter
    # title or what it lists ("Bibliographie et webographie", "Glossaire des termes
    # techniques"), not with a subject of the body's ("Contact avec le client").
    r"(\s*$|\s*[:/&(–—.-]|\s+(et|and)\s|\s+[^\W\d_]+(\s+[^\W\d_]+)?\s*$|"
    r"\s+bibliographiques|"
    r"\s+(des|du|de|d')\s?(termes?|sigles|abreviations|acronymes|mots|notions|references|"
    r"sources|figures|tableaux|illustrations|ouvrages|sites|liens|documents|annexes)\b)", re.I)


# A page with no text whose pictures cover this much of it is a scanned document.
SCAN_SHARE = 0.6
# A document whose titled first page is this much picture goes on in the scans after it.
PASTED_SHARE = 0.5
# Trailing scans after such a document, beyond this many, are its pages, not certificates
# (certificate, evaluation sheet, attendance sheet).
MAX_ADMIN_SCANS = 3


def is_back_matter(title: str) -> bool:
    return bool(BACK_MATTER.match(fold(title).strip(" :")))


def annex_part_start(headings: list[Heading], document: Document, page_lines, toc: set[int],
                     ) -> int | None:
    """First page of the annex part, or None: where the source says (LaTeX ``\\appendix``), else
    the first "Annexes" heading outside the table of contents."""
    if document.annex_start is not None:
        return document.annex_start[0]
    for heading in headings:
        if heading.page in toc or heading.page == 1:
            continue
        if ANNEX_PART.match(heading.title) or ANNEX_DOC.match(heading.title) or \
                ANNEX_AND_BACK.match(heading.title):
            return heading.page
    # A separator page that only says "Annexes", in any style.
    for page in document.pages[1:]:
        if page.number in toc:
            continue
        lines = page_lines(page.number)
        if lines and len(lines) <= 3 and ANNEX_PART.match(lines[0]):
            return page.number
    return None


# The annex part's heading run into what follows it ("5 Annexe Références").
_ANNEX_WORD_FIRST = re.compile(r"^\s*((\d+|[ivx]+)\s*[.)–—-]?\s+)?(annexes?|annex|appendix|"
                               r"appendices)\b", re.I)
# "Bibliographie & Annexes", "Annexes et références": one heading for both.
ANNEX_AND_BACK = re.compile(
    r"^\s*((\d+|[ivx]+)[.)]?\s+)?\w+\s*(&|et|and)\s*(annexes?|appendix|appendices)\s*:?\s*$",
    re.I)


def inside_sentence(lines, i: int, body_size: float) -> bool:
    """Whether line ``i`` (of a page's :class:`Line` objects, furniture left out) is part of
    a sentence of the running text ("(voir annexe 3)", "... détaillées en", "annexe 2
    montre que ..."): a reference to an annex, never the start of one. A heading that wraps
    keeps its style on its second line; running text goes on in the body's style."""
    text = lines[i].text.strip()
    if not text:
        return False
    if text[0].islower() or text[0] in "(,;[":
        return True

    def plain(line) -> bool:  # set like the body text
        return not line.bold and (not body_size or not line.size
                                  or abs(line.size - body_size) <= 0.1 * body_size)

    before = lines[i - 1] if i > 0 else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    if before is not None and plain(lines[i]) and plain(before):
        if _runs_on(before.text):
            return True  # the paragraph's line before runs on into this one
    if after is not None and plain(after) and text[-1].isalnum() \
            and after.text.strip()[:1].islower():
        return True  # this line runs on into the body text of the next one
    return False


def admin_pages(document: Document, page_lines, phrases: list[str], first_annex_page: int | None,
                scans: bool = True) -> list[int]:
    """Certificates and evaluation sheets: by their title, or as trailing scans; résumé and
    abstract pages; back matter placed after the annex part."""
    wanted = [fold(p) for p in phrases]
    found = []
    for page in document.pages:
        lines = page_lines(page.number)
        head = " ".join(fold(t) for t in lines[:6])
        if any(p in head for p in wanted):
            found.append(page.number)
        elif lines and page.number > 1 and _RESUME.match(fold(lines[0]).strip(" :")):
            found.append(page.number)  # a résumé / abstract page: not body text to judge
    # Scans at the very end (no text layer) after the content: certificates. In the annex
    # part, a longer run after a titled page of pictures is that document's pages (a user
    # guide pasted as page pictures).
    number = document.page_count if scans else 0
    trailing = []
    while number > 1 and not _has_text(page_lines(number)) and document.pages[number - 1].images:
        if first_annex_page is not None and number <= first_annex_page:
            break
        trailing.append(number)
        number -= 1
    pasted = first_annex_page is not None and number >= first_annex_page and \
        bool(document.pages[number - 1].images) and len(trailing) > MAX_ADMIN_SCANS
    if not pasted:
        found.extend(trailing)
    return sorted(set(found))


_RESUME = re.compile(r"^(resume|abstract|summary|resume court|resume long)$")


def _has_text(lines: list[str]) -> bool:
    return sum(ch.isalpha() for t in lines for ch in t) >= 20


def split_annexes(document: Document, headings: list[Heading], start: int, admin: set[int],
                  page_lines, typographic: list[Heading] = (), furniture=frozenset(),
                  page_shares: dict[int, float] | None = None
                  ) -> tuple[list[Annex], list[int]]:
    """Annexed documents from ``start`` to the end, and the back-matter pages found there
    (bibliography, glossary, back cover: neither annex nor body). Each document starts at
    its own heading ("Annexe 1 ...", or a sub-heading of the annex part), several may share
    a page; where the annexes have no heading of their own, each page is one."""
    shares = page_shares or {}
    # A blank page (a two-sided layout's empty verso: no line but its running furniture, no
    # picture) belongs to no document.
    pages = [p for p in range(start, document.page_count + 1) if p not in admin
             and (page_lines(p) or shares.get(p, 1.0) > 0)]

    def content_index(number: int, raw: int) -> int:
        """A heading's place among the page's lines without running headers and footers."""
        return sum(1 for i in range(raw) if (number, i) not in furniture)

    starts = _document_starts(headings, start, pages, page_lines, content_index)
    if not [t for _, _, t in starts if not is_back_matter(t)]:
        # No heading of their own in the outline: the annex part's bold or larger lines.
        extra = _document_starts(list(typographic), start, pages, page_lines, content_index)
        if len(extra) >= 2:
            starts = sorted(set(starts) | set(extra))
    titled = [(p, i, t) for p, i, t in starts if not is_back_matter(t)]
    if len(titled) >= 2:
        # Sibling documents are titled alike: a title the outline or typography missed is
        # set in the same style, or numbered in the same series ("BO3 : ...").
        starts = sorted(set(starts) | set(_alike_starts(document, titled, pages, furniture,
                                                          {(p, i) for p, i, _ in starts})))
    elif len(titled) == len(starts) <= 1 and all(p == start for p, _, _ in titled):
        # Only the part's own heading (no back matter either, whose pictures are split by
        # page below): captioned listings or figures are the documents.
        captions = _caption_starts(pages, page_lines)
        if captions:
            starts = sorted(set(s for s in starts if s not in titled) | set(captions))
    # A page that opens with back matter (a back cover, a bibliography) is back matter from
    # its top: bold lines further down ("Tuteur : ...") start no document.
    opening = {p: (page_lines(p) or [""])[0] for p in pages}
    starts = [(p, i, t) for p, i, t in starts if i == 0 or not is_back_matter(opening[p])]
    starts = sorted(set(starts) | {(p, 0, opening[p]) for p in pages
                                   if is_back_matter(opening[p]) and p > start})
    back: list[int] = []
    annexes: list[Annex] = []
    # Where each titled document's lines begin and where the next one's begin: documents
    # that share a page share none of its lines.
    bounds: dict[int, tuple[tuple[int, int], tuple[int, int] | None]] = {}
    if starts:
        for n, (page, line, title) in enumerate(starts):
            if n + 1 < len(starts):
                nxt_page, nxt_line, _ = starts[n + 1]
                last = nxt_page if nxt_line > 0 and nxt_page > page else max(page, nxt_page - 1)
                if nxt_page == page:
                    last = page
            else:
                last = pages[-1]
            span = [p for p in pages if page <= p <= last]
            if is_back_matter(title):
                # Back matter runs until a page that opens with a figure's caption: pictures
                # annexed after a bibliography, titled only by their caption.
                captioned = [p for p in span[1:] if _caption(page_lines(p))]
                end = captioned[0] if captioned else None
                back.extend(p for p in span if end is None or p < end)
                for p in (p for p in span if end is not None and p >= end):
                    lines = page_lines(p)
                    if lines and is_back_matter(lines[0]):
                        back.append(p)  # a back cover after the pictures
                        continue
                    caption = _caption(lines)
                    if caption or not annexes:
                        annexes.append(Annex(title=caption or "", pages=[p]))
                    else:
                        annexes[-1].pages.append(p)
                continue
            # A page with no text inside a document's span is a scanned document of its own
            # (the picture of an article has no "Annexe N" line to read).
            scans = [p for p in span[1:] if not _has_text(page_lines(p))
                     and shares.get(p, 1.0) >= SCAN_SHARE]
            if shares.get(page, 0.0) >= PASTED_SHARE:
                scans = []  # a document pasted as page pictures from its first page on
            annexes.append(Annex(title=title.strip(),
                                 pages=[p for p in span if p not in scans] or [page]))
            bounds[id(annexes[-1])] = ((page, line), starts[n + 1][:2]
                                       if n + 1 < len(starts) else None)
            annexes.extend(Annex(title="", pages=[p]) for p in scans)
        back_set = set(back)
        for annex in annexes:
            annex.pages = [p for p in annex.pages if p not in back_set] or annex.pages
    else:
        for number in pages:
            lines = page_lines(number)
            if number == start and lines and (ANNEX_PART.match(lines[0]) or
                                              ANNEX_AND_BACK.match(lines[0])) \
                    and sum(len(t.split()) for t in lines) <= 120:
                continue  # the separator page, with or without a short introduction
            if lines and is_back_matter(lines[0]):
                back.append(number)
                continue
            textless = not _has_text(lines)
            annexes.append(Annex(title=(lines[0] if lines and not textless else "").strip(),
                                 pages=[number]))
    for annex in annexes:
        annex.textless_pages = [p for p in annex.pages if not _has_text(page_lines(p))]
        annex.text = join_lines([
            line for p in annex.pages for line in _own_lines(p, page_lines(p),
                                                             bounds.get(id(annex)))
            if not (annex.title and line.strip() == annex.title.strip())
        ])
    return annexes, sorted(set(back))


def _own_lines(number: int, lines: list[str], bound) -> list[str]:
    """The lines of page ``number`` that belong to a document between its bounds."""
    if bound is None:
        return lines
    (first_page, first_line), end = bound
    low = first_line if number == first_page else 0
    high = end[1] if end is not None and number == end[0] else len(lines)
    return lines[low:high]


def _content_lines(document: Document, number: int, furniture) -> list:
    return [ln for i, ln in enumerate(document.pages[number - 1].lines)
            if (number, i) not in furniture]


# A title numbered in a series: "BO3 : ...", "Doc 2 - ...", "Listing 4 : ..." (the prefix,
# the number, the separator).
_SERIES = re.compile(r"^\s*([^\W\d_]{1,12}\.?\s?)(\d{1,3})\s*[:.–—-]\s*\S")


_NAMES_ANNEXES = re.compile(r"\b(annexes?|appendix|appendices)\b")


def _alike_starts(document: Document, titled: list[tuple[int, int, str]], pages: list[int],
                  furniture, known: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Lines of the annex pages titled like the documents already found: in the one style
    all their titles share when no text of the part is set so, or numbered in the series
    their titles share."""
    lines = {p: _content_lines(document, p, furniture) for p in pages}
    styles = {style_key(lines[p][i]) for p, i, _ in titled if p in lines and i < len(lines[p])}
    counts = Counter(style_key(ln) for p in pages for ln in lines[p])
    prefixes = Counter(fold(m.group(1)).strip() for m in (_SERIES.match(t) for _, _, t in titled)
                       if m)
    series = {p for p, n in prefixes.items() if n >= 2 and not p.startswith("annex")}
    numbered_titles = sum(1 for _, _, t in titled if ANNEX_DOC.match(t)) + \
        sum(n for p, n in prefixes.items() if p in series)
    style = styles.pop() if len(styles) == 1 else None
    text_size = counts.most_common(1)[0][0][0] if counts else 0.0
    if numbered_titles * 2 >= len(titled) or (
            style is not None and (counts[style] > 3 * len(titled) or
                                   not (style[1] or style[0] > text_size))):
        # Numbered titles ("Annexe 2", "BO3") say which lines start a document: a bold line
        # inside one is its own sub-title. A style the text itself is set in tells nothing.
        style = None
    found = []
    for number in pages:
        for i, line in enumerate(lines[number]):
            text = line.text.strip()
            if (number, i) in known or not text or len(text) > 120 or CAPTION.match(text) \
                    or _NAMES_ANNEXES.search(fold(text)):
                continue  # the part's own heading, its list of annexes: no document
            styled = style is not None and style_key(line) == style and not (
                i > 0 and style_key(lines[number][i - 1]) == style)  # not a title's second line
            match = _SERIES.match(text)
            in_series = match is not None and fold(match.group(1)).strip() in series
            if (styled or in_series) and not _inside_text([ln.text for ln in lines[number]], i):
                found.append((number, i, text))
    return found


def _caption_starts(pages: list[int], page_lines) -> list[tuple[int, int, str]]:
    """Captioned listings or figures as the documents of an annex part that has no titles
    but its own heading: one document per caption. Captions set below their content (the
    first one comes after lines of content) end their document; set above, they start it."""
    captions = [(p, i, t.strip()) for p in pages for i, t in enumerate(page_lines(p))
                if CAPTION.match(t) and len(t) <= 160 and not _inside_text(page_lines(p), i)]
    if len(captions) < 2:
        return []
    first_page, first_line, _ = captions[0]
    before = first_line if first_page == pages[0] else \
        len(page_lines(pages[0])) + first_line
    if before <= 3:
        return captions
    starts = []
    previous = (pages[0], 0)
    for page, line, title in captions:
        starts.append((previous[0], previous[1], title))
        if line + 1 < len(page_lines(page)):
            previous = (page, line + 1)
        else:
            later = [p for p in pages if p > page]
            previous = (later[0], 0) if later else (page, line + 1)
    return starts


def _caption(lines: list[str]) -> str | None:
    """The first caption of a page that holds little else (a picture and its caption)."""
    if sum(len(t.split()) for t in lines) > 120:
        return None
    return next((t.strip() for t in lines if CAPTION.match(t) and len(t) <= 160), None)


def _document_starts(headings: list[Heading], start: int, pages: list[int], page_lines,
                     content_index) -> list[tuple[int, int, str]]:
    """(page, line, title) where each annexed document begins: "Annexe N" lines anywhere on
    the annex pages, else the headings below the annex part's own heading."""
    found: dict[tuple[int, int], str] = {}
    previous = None  # the number of the last "Annexe N" line
    for number in pages:
        lines = page_lines(number)
        for i, line in enumerate(lines):
            text = line.strip()
            match = ANNEX_DOC.match(text)
            listed = _LISTED.search(text) or (
                i + 1 < len(lines) and _LISTED.search(lines[i + 1])
                and not ANNEX_DOC.match(lines[i + 1].strip()))  # an entry that wraps
            if not match or len(text) > 160 or listed or _inside_text(lines, i):
                continue  # a "Table des annexes" entry, or a reference in a sentence
            label = match.group(3).lower()
            if label == previous:
                continue  # "Annexe 2 (suite)": the same document goes on
            previous = label
            found[(number, i)] = text
    if not found:
        inside = [h for h in headings if h.page >= start and h.page in set(pages)]
        part = next((h for h in inside if ANNEX_PART.match(h.title) or
                     ANNEX_AND_BACK.match(h.title) or
                     (h.page == start and _ANNEX_WORD_FIRST.match(h.title))), None)
        subs = [h for h in inside if h is not part and (part is None or (h.page, h.line) >
                                                        (part.page, part.line))]
        deeper = [h for h in subs if part is not None and h.level > part.level]
        if deeper:
            # A heading at the part's own level after it (a back cover's title) is no
            # document of the part.
            subs = [h for h in subs if h in deeper or is_back_matter(h.title)]
        if subs:
            top = min(h.level for h in subs if not is_back_matter(h.title)) \
                if any(not is_back_matter(h.title) for h in subs) else None
            for h in subs:
                if top is None or h.level == top or is_back_matter(h.title):
                    found[(h.page, content_index(h.page, h.line))] = h.title
    # Back-matter headings inside the annex part end the document before them.
    for h in headings:
        if h.page >= start and h.page in set(pages) and is_back_matter(h.title):
            found.setdefault((h.page, content_index(h.page, h.line)), h.title)
    return [(page, line, title) for (page, line), title in sorted(found.items())]


# A line of a list of annexes: "Annexe 2 : Press article ........ 14".
_LISTED = re.compile(r"(\.\s?){3,}\s*\d{1,3}\s*$|…\s*\d{1,3}\s*$|\t\d{1,3}\s*$")


def _inside_text(lines: list[str], i: int) -> bool:
    """Whether the line continues the sentence of the line before it (plain text, no
    style: the line before is long and does not end a sentence)."""
    return i > 0 and _runs_on(lines[i - 1])


def _runs_on(line: str) -> bool:
    """A line of running text that does not end its sentence: long, ending on a word, a
    comma or a hyphen; a figure's caption is a line of its own."""
    line = line.strip()
    return len(line) >= 50 and (line[-1].isalnum() or line[-1] in ",;'’-") \
        and not CAPTION.match(line)


def english_annexes_start(report, document: Document, page_lines, admin: set[int]
                          ) -> int | None:
    """First page of the one-page English documents that end a French report after its
    conclusion (and its back matter), when no "Annexes" heading announces them; or None.
    One English page alone (credits, an abstract) is no such series."""
    conclusion = report.section("conclusion")
    if conclusion is None:
        return None
    body = "\n".join(report.page_text.get(p, "") for p in range(2, conclusion.first_page + 1))
    language, _ = detect_language(body[-20000:])
    if language in (None, "en"):
        return None  # a report written in English: its last pages are not annexes
    first, found = None, 0
    for number in range(document.page_count, conclusion.first_page, -1):
        if number in admin:
            continue
        lines = page_lines(number)
        if lines and is_back_matter(lines[0]):
            if first is None:
                continue  # back matter after the documents
            break
        text = "\n".join(lines)
        language, probability = detect_language(text) if len(text) >= 200 else (None, 0.0)
        if language != "en" or probability < 0.9:
            break
        first = number
        found += 1
    return first if found >= 2 else None


def annex_kind(annex: Annex, analyzer, lexicon: dict[str, list[str]]) -> tuple[str, str]:
    """(kind, from where): the title says it, else the vocabulary of the text."""
    title = re.sub(ANNEX_DOC, "", annex.title).strip(" :–—-.")
    title_lemmas = analyzer.lemmas(title) if title else []
    tech = analyzer.find(title_lemmas, lexicon.get("technical_title", []))
    press = analyzer.find(title_lemmas, lexicon.get("press_title", []))
    if tech or press:
        if tech and (not press or min(tech)[0] <= min(press)[0]):
            return _TECH, "title"
        return _PRESS, "title"
    words = fold(annex.text)
    tech_score = sum(words.count(w) for w in lexicon.get("technical_text", []))
    press_score = sum(words.count(w) for w in lexicon.get("press_text", []))
    if tech_score >= 2 * press_score + 3:
        return _TECH, "text"
    if press_score >= 2 * tech_score + 3:
        return _PRESS, "text"
    return "unknown", "text"
