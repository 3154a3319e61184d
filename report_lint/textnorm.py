"""Text as students type it, made comparable: one normalisation before any matching or tagging.

Word and LibreOffice turn the French apostrophe into ’ as one types: spaCy then reads "J’"
as a proper noun and "J’ai trouvé ..." is no first-person judgement (issue 12). PDFs add
non-breaking and thin spaces (before « : ; ! ? » in French), ligature glyphs (ﬁ, ﬂ),
soft hyphens and words hyphenated at a line end. :func:`normalize_text` is applied once to
every line of a Document, right after the parser (``report_lint.runner``), so every stage
and every format reads the same text; :func:`join_lines` joins a part's lines into one text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from report_lint.ligatures import repair_lost_ligatures

_APOSTROPHES = "\u2019\u02bc\u2018\u0060\u2032\u201b"  # ’ ʼ ‘ ` ′ ‛
# No-break, narrow no-break, figure, thin, hair and the other fixed-width spaces.
_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008"
# Soft hyphen, zero-width space / non-joiner / joiner, word joiner, byte-order mark.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Latin ligatures (U+FB00-FB06): expanded by NFKC, but only these. NFKC on the whole text
# would also change "n°", "m²", "1er" in superscript, "½"... which the checks read as typed.
_LIGATURES = "".join(chr(c) for c in range(0xFB00, 0xFB07))

_TABLE = str.maketrans(
    {**{ch: "'" for ch in _APOSTROPHES},
     **{ch: " " for ch in _SPACES},
     **{ch: None for ch in _INVISIBLE},
     **{ch: unicodedata.normalize("NFKC", ch) for ch in _LIGATURES}})
# A soft hyphen that ends a line is where a word was cut: keep it as a hyphen for join_lines.
_TRAILING_SOFT_HYPHEN = re.compile("\u00ad[ \t]*$", re.MULTILINE)


# Old pdfTeX output (OT1 fonts) draws an accent as its own glyph before the letter: "R´esultats",
# "pr`es", "for^et". The accent and the letter are one character again.
# Acute: only é exists in French. Grave: inside a word ("pr`es", not "qu`il" nor "J`ai", where
# ` stands for an apostrophe) or as the word "`a" (à). Circumflex and diaeresis: after a
# letter or at a word's start.
_LOOSE_ACCENT = re.compile(
    "\u00b4([eE])"
    "|(?<=[^\\W\\d_][^\\W\\dq_])`([aeuAEU])"
    "|(?<![^\\W\\d_])`([aA])(?![^\\W\\d_])"
    "|(?<![\\d_])[\\^\u02c6]([aeiouAEIOU])"
    "|(?<![\\d_])\u00a8([eiuEIU])")
_ACCENT_OF_GROUP = {1: "\u0301", 2: "\u0300", 3: "\u0300", 4: "\u0302", 5: "\u0308"}


def _accented(match: re.Match) -> str:
    group = next(n for n in range(1, 6) if match.group(n))
    return unicodedata.normalize("NFC", match.group(group) + _ACCENT_OF_GROUP[group])


def normalize_text(text: str) -> str:
    """``text`` with ’ ʼ ‘ ` ′ as ', special spaces as spaces, ligatures expanded, loose
    accents joined to their letter and invisible characters (soft hyphens, zero-width
    characters) removed. Idempotent."""
    if text.isascii() and "`" not in text and "^" not in text:
        return text
    text = _LOOSE_ACCENT.sub(_accented, text) if _LOOSE_ACCENT.search(text) else text
    return _TRAILING_SOFT_HYPHEN.sub("-", text).translate(_TABLE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents: the form every comparison uses ("Présentation de
    l’Entreprise" and "presentation de l'entreprise" are the same title). Remembered: the
    reading folds the same titles and lines many times."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def join_lines(lines: list[str]) -> str:
    """The lines joined by newlines, a word hyphenated at a line end joined again.

    "informa-" then "tique" gives "informatique": the next line starts with a lower-case
    letter, so the hyphen only cut the word. "Jean-" then "Pierre" keeps its hyphen (a
    capital after a hyphen is a compound name, not a cut word), and so does "-" after a
    space or a digit.
    """
    out: list[str] = []
    for line in lines:
        if out and _cut_word(out[-1], line):
            out[-1] = out[-1].rstrip()[:-1] + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


def _cut_word(previous: str, line: str) -> bool:
    previous = previous.rstrip()
    following = line.lstrip()
    return (len(previous) >= 2 and previous[-1] == "-" and previous[-2].isalpha()
            and bool(following) and following[0].islower())


def normalize_document(document) -> None:
    """Normalise, in place, every line of ``document`` and its outline's titles: the one
    place text is normalised, between the parser (any format, either PDF backend) and the
    structure stage."""
    for page in document.pages:
        for line in page.lines:
            line.text = normalize_text(line.text)
    for entry in document.outline:
        entry.title = normalize_text(entry.title)
    repair_lost_ligatures(document)  # "Print to PDF" text layers that lost "ti", "fi"
