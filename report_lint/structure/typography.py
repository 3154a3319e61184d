"""Headings from typography as one model: a logistic score over a line's features.

A heading stands out from the body text in several ways at once (larger, bold, centred, set
apart by space, numbered, short, not a sentence, listed in the table of contents...) and no
single rule holds on every layout: bold lead-ins ("Objectifs :") are bold and short but run
into their paragraph; hand-made headings ("Introduction :") end with a colon but stand alone.
So each line gets a vector of features (:func:`heading_features`) and one logistic score
(:func:`heading_probability`) whose weights were fitted on the real reports that give their
headings for free (bookmarked PDFs, sources that declare headings) by
``benchmarks/fit_heading_weights.py``: ``report_lint/data/heading_weights.json`` holds the
weights, the decision threshold and the cross-validated precision and recall.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from report_lint.document import Document, Line
from report_lint.structure.furniture import BAND
from report_lint.structure.headings import (
    CAPTION,
    NUMBERING,
    _merge_wrapped,
    style_key,
    body_font_size,
    norm_title,
    numbering_depth,
    strip_label,
)
from report_lint.structure.model import Heading

WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "data" / "heading_weights.json"

# The features, in the order the weights file lists them.
FEATURES = (
    "size_up",          # how much larger than the body text (0 = body size, 1 = twice)
    "size_down",        # how much smaller than the body text
    "bold",
    "centred",          # line centre near the text column's centre, line narrower than it
    "width_share",      # line width / text column width
    "indent",           # left offset from the text column / its width (lines not centred)
    "gap_above",        # empty space above / line height (page top counts as much space)
    "gap_below",
    "shares_row",       # another line on the same row (a table cell, a label)
    "numbered",         # "1.2", "II -", "B)" numbering
    "depth",            # decimal numbering depth / 4
    "roman",
    "chapter_word",     # "Chapitre 2", "Partie I"
    "trailing_colon",
    "colon_inside",     # "Objectifs : the text goes on"
    "caps_share",       # share of capitals among the letters
    "words",            # number of words / 10 (capped at 3)
    "long",             # more than 14 words
    "ends_period",
    "ends_comma",       # ends with "," or ";"
    "starts_lower",
    "in_toc",           # the title is an entry of the table of contents
    "first_on_page",
    "alone_on_page",    # the page holds at most this line and one other
    "in_band",          # inside the running header / footer band
    "caption",          # "Figure 3 : ..."
    "leaders",          # dot leaders or a page number at the end (a TOC line)
    "bullet",
    "few_letters",      # fewer than three letters
)

_ROMAN = re.compile(r"^\s*[IVX]{1,5}\s*[.)–—:-]\s*\S")
_CHAPTER = re.compile(r"^\s*(chapitre|chapter|partie|part)\s*(n\s*[°o]\s*)?([0-9]+|[IVX]+)\b",
                      re.I)
_BULLET = re.compile(r"^\s*[•◦▪●○■□➢►✓✔➤→\-–·*]\s")
_LEADERS = re.compile(r"(\.\s?){4,}|…\s*\d+$|\.{2,}\s*\d{1,3}$")
_GAP_CAP = 4.0


def document_context(document: Document, skip: set[tuple[int, int]],
                     toc_titles: Iterable[str] = (), body_size: float | None = None
                     ) -> dict[str, Any]:
    """What every line's features are measured against: the body text size, the text
    column, the lines set aside (furniture) and the table of contents' titles."""
    if body_size is None:
        body_size = body_font_size(document, skip)
    return {"skip": skip, "body_size": body_size,
            "column": _text_column(document, skip, body_size),
            "toc_titles": {_toc_key(t) for t in toc_titles if _toc_key(t)},
            "_pages": {}}


def _toc_key(text: str) -> str:
    return norm_title(strip_label(text))


def _text_column(document: Document, skip, body_size: float) -> tuple[float, float] | None:
    """(left, right) of the body text: low and high percentiles of body lines' edges."""
    lefts, rights = [], []
    for page in document.pages:
        for i, line in enumerate(page.lines):
            if (page.number, i) in skip or line.x1 <= line.x0:
                continue
            if body_size and line.size and abs(line.size - body_size) > 0.75:
                continue
            lefts.append(line.x0)
            rights.append(line.x1)
    if len(lefts) < 5:
        return None
    lefts.sort()
    rights.sort()
    left, right = lefts[len(lefts) // 10], rights[(len(rights) * 9) // 10]
    return (left, right) if right - left > 50 else None


def _page_lines(document: Document, page_number: int, context: dict) -> list[tuple[int, Line]]:
    cache = context.setdefault("_pages", {})
    if page_number not in cache:
        page = document.pages[page_number - 1]
        skip = context.get("skip", set())
        cache[page_number] = [(i, ln) for i, ln in enumerate(page.lines)
                              if (page_number, i) not in skip and ln.text.strip()]
    return cache[page_number]


def heading_features(document: Document, page_number: int, line_index: int,
                     context: dict[str, Any]) -> dict[str, float]:
    """The features of line ``line_index`` of page ``page_number`` (see ``FEATURES``).

    ``context`` is :func:`document_context`'s answer, or a dict with some of its keys
    (``skip``, ``body_size``, ``toc_titles``): what is missing is measured here."""
    if "column" not in context:  # a partial context: measure the rest once
        context.update(document_context(document, context.get("skip", set()),
                                         context.get("toc_titles", ()), context.get("body_size")))
    page = document.pages[page_number - 1]
    line = page.lines[line_index]
    text = line.text.strip()
    words = text.split()
    letters = [ch for ch in text if ch.isalpha()]
    body = context["body_size"] or 0.0
    f = dict.fromkeys(FEATURES, 0.0)

    if body and line.size:
        ratio = line.size / body
        f["size_up"] = min(max(ratio - 1.0, 0.0), 1.5)
        f["size_down"] = min(max(1.0 - ratio, 0.0), 0.5)
    f["bold"] = float(line.bold)

    height = line.height if line.height > 0 else (line.size * 1.2 if line.size else 12.0)
    column = context.get("column")
    positioned = line.x1 > line.x0
    if column and positioned:
        left, right = column
        width = right - left
        f["width_share"] = min(max((line.x1 - line.x0) / width, 0.0), 1.2)
        offset = abs((line.x0 + line.x1) / 2 - (left + right) / 2)
        if f["width_share"] < 0.85 and line.x0 - left > 0.04 * width:
            f["centred"] = max(0.0, 1.0 - offset / (0.08 * width))
        if f["centred"] < 0.5:  # the indent of a left-aligned line (a list, a quote)
            f["indent"] = min(max((line.x0 - left) / width, 0.0), 1.0)

    others = [(i, ln) for i, ln in _page_lines(document, page_number, context) if i != line_index]
    if positioned or line.top or line.bottom:
        above = [ln.bottom for _, ln in others
                 if ln.bottom <= line.top + 0.3 * height and _overlap_x(ln, line)]
        below = [ln.top for _, ln in others
                 if ln.top >= line.bottom - 0.3 * height and _overlap_x(ln, line)]
        f["gap_above"] = min(max(line.top - max(above), 0.0) / height, _GAP_CAP) if above \
            else _GAP_CAP
        f["gap_below"] = min(max(min(below) - line.bottom, 0.0) / height, _GAP_CAP) if below \
            else _GAP_CAP
        f["shares_row"] = float(any(
            min(ln.bottom, line.bottom) - max(ln.top, line.top) > 0.5 * height
            and not _overlap_x(ln, line) for _, ln in others))
        f["first_on_page"] = float(not any(ln.top < line.top - 0.3 * height for _, ln in others))
        f["in_band"] = float(line.bottom <= page.height * BAND or
                             line.top >= page.height * (1 - BAND))
    else:  # no positions: reading order only
        f["first_on_page"] = float(not others or others[0][0] > line_index)
    f["alone_on_page"] = float(len(others) <= 1)

    depth = numbering_depth(text)
    f["numbered"] = float(bool(NUMBERING.match(text)) or depth is not None)
    f["depth"] = (depth or 0) / 4.0
    f["roman"] = float(bool(_ROMAN.match(text)))
    f["chapter_word"] = float(bool(_CHAPTER.match(text)))
    f["trailing_colon"] = float(text.endswith(":"))
    head, colon, tail = text.partition(":")
    f["colon_inside"] = float(bool(colon) and len(tail.split()) >= 2 and len(head.split()) <= 6)
    if len(letters) >= 3:
        f["caps_share"] = sum(ch.isupper() for ch in letters) / len(letters)
    f["words"] = min(len(words), 30) / 10.0
    f["long"] = float(len(words) > 14)
    f["ends_period"] = float(text.endswith(".") and not text.endswith("..") and len(words) > 1)
    f["ends_comma"] = float(text.endswith((",", ";")))
    bare = strip_label(text)
    first = next((ch for ch in bare if ch.isalpha()), "")
    f["starts_lower"] = float(first.islower())
    toc = context.get("toc_titles") or set()
    if toc:
        key = _toc_key(text)
        f["in_toc"] = float(bool(key) and (key in toc or (len(key) >= 8 and any(
            t.startswith(key) for t in toc))))
    f["caption"] = float(bool(CAPTION.match(text)))
    f["leaders"] = float(bool(_LEADERS.search(text)))
    f["bullet"] = float(bool(_BULLET.match(text)))
    f["few_letters"] = float(len(letters) < 3)
    return f


def _overlap_x(a: Line, b: Line) -> bool:
    if a.x1 <= a.x0 or b.x1 <= b.x0:
        return True
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def heading_probability(features: dict[str, float], weights: dict[str, float]) -> float:
    """The logistic score: 1 / (1 + exp(-(bias + sum of weight x feature)))."""
    z = weights.get("bias", 0.0) + sum(weights.get(name, 0.0) * value
                                       for name, value in features.items())
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@lru_cache(maxsize=1)
def load_weights() -> dict[str, Any]:
    """The fitted model: ``{"weights": {feature: number, "bias": number}, "threshold": p,
    ...}`` as ``benchmarks/fit_heading_weights.py`` wrote it."""
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))


_LINE_NUMBER = re.compile(r"^\s*\d{1,4}\s+")


def _code_like(text: str) -> bool:
    """A line of a code listing ("1 --SETUP-06", "12 # Configuration", "3 {"): after its
    number, a comment or a bracket where a title would start with a word."""
    rest = _LINE_NUMBER.sub("", text, count=1).lstrip()
    return bool(rest) and rest[0] in "-#/*{}<>=;$%|\\@[]()"


def typographic_headings_scored(document: Document, skip: set[tuple[int, int]],
                                excluded_pages: set[int], body_size: float,
                                toc_titles: Iterable[str] = (),
                                model: dict[str, Any] | None = None) -> list[Heading]:
    """Lines whose heading probability reaches the fitted threshold, as Heading objects
    (``source="typography"``): the same contract as ``headings.typographic_headings``.
    Levels from the numbering, else from the rank of the style (size, weight)."""
    model = model or load_weights()
    weights, threshold = model["weights"], model["threshold"]
    context = document_context(document, skip, toc_titles, body_size)
    candidates: list[tuple[int, int, Line]] = []
    for page in document.pages:
        if page.number in excluded_pages:
            continue
        for i, line in enumerate(page.lines):
            if (page.number, i) in skip or not line.text.strip() or _code_like(line.text) \
                    or CAPTION.match(line.text):
                continue  # a listing's line, a figure's caption: never a heading
            features = heading_features(document, page.number, i, context)
            if heading_probability(features, weights) >= threshold:
                candidates.append((page.number, i, line))
    merged = _merge_wrapped(candidates, document)
    styles = sorted({style_key(line) for _, _, line in merged}, key=lambda s: (-s[0], -s[1]))
    rank = {style: n + 1 for n, style in enumerate(styles)}
    return [Heading(line.text.strip(), numbering_depth(line.text) or rank[style_key(line)],
                    page, i, "typography") for page, i, line in merged]
