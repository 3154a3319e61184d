"""Which language an annex is written in: langdetect, with the languages an annex can be in.

langdetect ships the profiles of 55 languages and by default reads them all (0.25 s and
about 45 MB per process) and answers with any of them: a short caption in French comes out
Somali or Tagalog. An annex of a French BTS report is in French or, for a datasheet, a
standard or a manual, in English, and sometimes in the language of a neighbouring country
or of the maker: German, Spanish, Italian, Portuguese, Dutch. Only those profiles are read
(langdetect's own files, by its own ``DetectorFactory``), once per process, and the
detector is seeded so that a text always gets the same answer.
"""

from __future__ import annotations

import re
import threading

#: The languages an annex can plausibly be in (ISO 639-1, langdetect's profile names).
LANGUAGES = ("fr", "en", "de", "es", "it", "pt", "nl")

#: Below this many prose letters (letters of words, URLs and e-mail addresses removed) the
#: answer is noise and the language is unknown: (None, 0.0). Measured with
#: benchmarks/language_threshold.py: 814 French and 70 English pieces of prose (the
#: fixtures' content, the text of 20 labelled real PDF reports), each cut to its first N
#: letters. With these 7 languages, 35 letters is the shortest cut given its right language
#: for at least 95 % of the pieces in both languages (French 95.9 %, English 95.7 %; at 20
#: letters 90.5 % and 88.6 %, at 10 letters 73 % and 66 %).
MIN_PROSE_LETTERS = 35

_URL = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+")
_WORD = re.compile(r"[^\W\d_]+")

_factory = None
_lock = threading.Lock()


def factory():
    """A private langdetect factory with the profiles of :data:`LANGUAGES`, seeded; made
    once per process (langdetect's module-wide factory is left alone)."""
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                from pathlib import Path

                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

                made = DetectorFactory()
                made.load_json_profile([
                    (Path(PROFILES_DIRECTORY) / lang).read_text(encoding="utf-8")
                    for lang in LANGUAGES])
                made.set_seed(0)  # langdetect samples at random: a fixed seed, one answer
                _factory = made
    return _factory


def warm_up() -> None:
    """Read the profiles now rather than in the first annex (a worker process)."""
    factory()


def prose_letters(text: str) -> int:
    """Letters that belong to words, once URLs and e-mail addresses are taken out."""
    return sum(len(word) for word in _WORD.findall(_URL.sub(" ", text)))


def detect_language(text: str) -> tuple[str | None, float]:
    """Best language code and its probability; (None, 0.0) when the text says nothing: fewer
    than :data:`MIN_PROSE_LETTERS` prose letters, or nothing langdetect can read."""
    from langdetect.lang_detect_exception import LangDetectException

    text = _URL.sub(" ", text)
    if prose_letters(text) < MIN_PROSE_LETTERS:
        return None, 0.0
    try:
        detector = factory().create()
        detector.append(text)
        best = detector.get_probabilities()
    except LangDetectException:
        return None, 0.0
    if not best:
        return None, 0.0
    return best[0].lang, round(float(best[0].prob), 3)
