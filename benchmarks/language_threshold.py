#!/usr/bin/env python3
"""How many prose letters langdetect needs before its answer means something (issue 17).

    python benchmarks/language_threshold.py [--corpus ../shared/realworld] [--max-reports 20]

Pieces of French and English prose are taken from the fixtures' content
(fixtures/content.py) and from the text of the labelled real reports (PDF ones, read in
place from ../shared/realworld, never copied). A piece's language is what the detector says
of the whole piece (at least 400 prose letters) and of its first 200 letters, both with
probability >= 0.99 (a French heading over a code listing is no English piece); pages are
read without their first and last two lines (running headers and footers). Each piece is then cut
to its first N prose letters (whole words) and detected again; the table gives, for each N,
the share of the cut pieces given their right language, with the 7 languages of
``report_lint.language`` and with langdetect's 55. ``MIN_PROSE_LETTERS`` is the smallest N
from which at least 95 % of the French and of the English pieces are right.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures"))  # content.py imports its model as a sibling

from report_lint.language import LANGUAGES, factory, prose_letters  # noqa: E402

WORD = re.compile(r"[^\W\d_]+")
LENGTHS = (10, 15, 20, 25, 30, 35, 40, 50, 60, 80, 100, 150)


def fixture_texts() -> list[str]:
    import content

    found: list[str] = []

    def walk(value, depth=0):
        if depth > 6:
            return
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)
        elif hasattr(value, "__dict__"):
            for item in vars(value).values():
                walk(item, depth + 1)

    texts = []
    for name in dir(content):
        if name.isupper():  # one text per part of the report, its paragraphs in order
            found.clear()
            walk(getattr(content, name))
            texts.append("\n".join(found))
    return texts


def corpus_texts(corpus: Path, limit: int) -> list[str]:
    from report_lint.parsers import parse_file

    texts = []
    labels = sorted((corpus / "labels").glob("*.json"))
    for label in labels:
        data = json.loads(label.read_text(encoding="utf-8"))
        path = corpus / "reports" / data["id"] / data["file"]
        if path.suffix.lower() != ".pdf" or not path.is_file():
            continue
        try:
            document = parse_file(path)
        except Exception:  # noqa: BLE001 - an unreadable report gives no pieces
            continue
        for page in document.pages:  # running headers and footers left out
            texts.append(" ".join(line.text for line in page.lines[2:-2]))
        limit -= 1
        if limit <= 0:
            break
    return texts


def pieces(texts: list[str], size: int = 600) -> list[str]:
    """Chunks of about ``size`` characters, cut at spaces."""
    out = []
    for text in texts:
        text = " ".join(text.split())
        while len(text) > 200:
            cut = text.rfind(" ", 0, size) if len(text) > size else len(text)
            out.append(text[:cut])
            text = text[cut:].strip()
    return out


def first_letters(text: str, n: int) -> str | None:
    total = 0
    for match in WORD.finditer(text):
        total += len(match.group())
        if total >= n:
            return text[:match.end()]
    return None


def detect(made, text: str):
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = made.create()
        detector.append(text)
        best = detector.get_probabilities()
    except LangDetectException:
        return None
    return best[0].lang if best else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "realworld")
    parser.add_argument("--max-reports", type=int, default=20)
    args = parser.parse_args(argv)

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    ours = factory()
    every = DetectorFactory()
    every.load_profile(PROFILES_DIRECTORY)
    every.set_seed(0)

    texts = fixture_texts()
    if (args.corpus / "labels").is_dir():
        texts += corpus_texts(args.corpus, args.max_reports)
    labelled: dict[str, list[str]] = {"fr": [], "en": []}
    for piece in pieces(texts):
        if prose_letters(piece) < 400:
            continue
        # The whole piece and its first 200 letters must say the same language, surely: a
        # French heading over a code listing is no English piece.
        answers = []
        for text in (piece, first_letters(piece, 200)):
            detector = ours.create()
            detector.append(text)
            answers.append(detector.get_probabilities()[0])
        if (answers[0].lang in labelled and answers[0].lang == answers[1].lang
                and min(a.prob for a in answers) >= 0.99):
            labelled[answers[0].lang].append(piece)
    print(f"pieces: {len(labelled['fr'])} French, {len(labelled['en'])} English "
          f"(languages: {', '.join(LANGUAGES)})\n")
    print("| prose letters | French right (7 / 55 languages) | English right (7 / 55) |")
    print("|---|---|---|")
    chosen = None
    for n in LENGTHS:
        cells, worst = [], 1.0
        for lang in ("fr", "en"):
            cut = [c for c in (first_letters(p, n) for p in labelled[lang]) if c]
            right7 = sum(detect(ours, c) == lang for c in cut) / max(1, len(cut))
            right55 = sum(detect(every, c) == lang for c in cut) / max(1, len(cut))
            worst = min(worst, right7)
            cells.append(f"{right7:.1%} / {right55:.1%}")
        print(f"| {n} | {cells[0]} | {cells[1]} |")
        if chosen is None and worst >= 0.95:
            chosen = n
    print(f"\nsmallest length with >= 95 % right for both: {chosen}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
