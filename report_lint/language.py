"""Which language an annex is written in: langdetect, seeded so that runs repeat."""

from __future__ import annotations

import re

_URL = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+")


def warm_up() -> None:
    """Read langdetect's 55 language profiles now (0.4 s) rather than in the first annex."""
    from langdetect.detector_factory import init_factory

    init_factory()


def detect_language(text: str) -> tuple[str | None, float]:
    """Best language code and its probability; (None, 0.0) when the text says nothing."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect samples at random: a fixed seed gives one answer
    text = _URL.sub(" ", text)
    if sum(ch.isalpha() for ch in text) < 20:
        return None, 0.0
    try:
        best = detect_langs(text)
    except LangDetectException:
        return None, 0.0
    if not best:
        return None, 0.0
    return best[0].lang, round(float(best[0].prob), 3)
