"""The typographic heading model (issue 16, deliverable 2): one score over a line's features,
weights fitted on the real reports (benchmarks/fit_heading_weights.py). Pages are built by
hand: an A4 page, an 11 pt body in a column from 72 to 523 pt."""

from __future__ import annotations

import math

import pytest

from report_lint.document import Document, Line, Page
from report_lint.structure.typography import (
    FEATURES,
    document_context,
    heading_features,
    heading_probability,
    load_weights,
    typographic_headings_scored,
)

LEFT, RIGHT = 72.0, 523.0
BODY = ("Le stage s'est déroulé dans le service informatique de l'entreprise, qui gère le "
        "parc de postes et les serveurs de plusieurs sites répartis dans la région.")


class PageBuilder:
    """Lines set one under the other, like a word processor would."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.y = 90.0

    def add(self, text: str, *, size: float = 11.0, bold: bool = False, align: str = "left",
            before: float = 0.0, width: float | None = None) -> int:
        self.y += before
        w = width if width is not None else min(RIGHT - LEFT, len(text) * size * 0.5)
        x0 = LEFT + (RIGHT - LEFT - w) / 2 if align == "center" else LEFT
        self.lines.append(Line(text, x0, self.y, x0 + w, self.y + size * 1.2, size, bold))
        self.y += size * 1.2 + 2
        return len(self.lines) - 1

    def paragraph(self, n: int = 4, *, before: float = 6.0) -> list[int]:
        """``n`` full-width body lines (the last one shorter)."""
        out = [self.add(BODY[:95], before=before, width=RIGHT - LEFT)]
        out += [self.add(BODY[:95], width=RIGHT - LEFT) for _ in range(n - 2)]
        out.append(self.add(BODY[:40] + ".", width=200))
        return out


def _document(*builders: PageBuilder) -> Document:
    return Document("hand-built.pdf", "pdf",
                    pages=[Page(n + 1, lines=b.lines) for n, b in enumerate(builders)])


def _probability(document: Document, page: int, index: int, toc=()) -> float:
    context = document_context(document, set(), toc)
    return heading_probability(heading_features(document, page, index, context),
                               load_weights()["weights"])


def _is_heading(document: Document, page: int, index: int, toc=()) -> bool:
    return _probability(document, page, index, toc) >= load_weights()["threshold"]


def _body_pages(n: int = 3) -> list[PageBuilder]:
    """Pages of plain paragraphs, so that the body size and the text column are known."""
    pages = []
    for _ in range(n):
        b = PageBuilder()
        for _ in range(5):
            b.paragraph()
        pages.append(b)
    return pages


def test_weights_file_is_complete_numbers_only():
    model = load_weights()
    assert set(model["weights"]) == set(FEATURES) | {"bias"}
    assert all(isinstance(v, float) and math.isfinite(v) for v in model["weights"].values())
    assert 0.0 < model["threshold"] < 1.0
    assert model["cv"]["method"] == "leave-one-report-out"
    for who in ("model", "rule"):
        assert 0.0 <= model["cv"][who]["precision"] <= 1.0
        assert 0.0 <= model["cv"][who]["recall"] <= 1.0


def test_probability_is_logistic():
    assert heading_probability({"a": 1.0}, {"a": 2.0, "bias": -2.0}) == pytest.approx(0.5)
    assert heading_probability({"a": 1.0}, {"a": 3.0}) == pytest.approx(1 / (1 + math.exp(-3)))
    assert heading_probability({"a": 1.0}, {"a": -800.0}) == pytest.approx(0.0)
    assert heading_probability({"a": 1.0}, {"a": 800.0}) == pytest.approx(1.0)


def test_features_measure_the_line():
    page = PageBuilder()
    page.paragraph()
    title = page.add("2.1 Présentation du service", size=14, bold=True, before=24)
    page.paragraph()
    document = _document(page, *_body_pages())
    f = heading_features(document, 1, title, document_context(document, set()))
    assert set(f) == set(FEATURES)
    assert f["bold"] == 1.0 and f["numbered"] == 1.0 and f["depth"] == pytest.approx(0.5)
    assert f["size_up"] == pytest.approx(14 / 11 - 1)
    assert f["gap_above"] > 1.0 and f["width_share"] < 0.5
    body = heading_features(document, 1, 1, document_context(document, set()))
    assert body["size_up"] == 0.0 and body["bold"] == 0.0 and body["gap_above"] < 0.5
    assert body["width_share"] == pytest.approx(1.0, abs=0.05)


def test_bold_centred_isolated_line_is_a_heading():
    page = PageBuilder()
    page.paragraph()
    title = page.add("Mission durant le stage", bold=True, align="center", before=30)
    page.paragraph(before=18)
    document = _document(page, *_body_pages())
    assert _is_heading(document, 1, title)


def test_bold_lead_in_running_into_its_text_is_not():
    page = PageBuilder()
    page.paragraph()
    lead = page.add("Objectifs : mettre en place la supervision des serveurs et des postes du "
                    "service,", bold=True, before=6, width=RIGHT - LEFT)
    page.add(BODY[:95], width=RIGHT - LEFT)
    page.add(BODY[:40] + ".", width=200)
    page.paragraph()
    document = _document(page, *_body_pages())
    assert not _is_heading(document, 1, lead)


def test_sentence_ending_with_a_full_stop_is_not():
    page = PageBuilder()
    page.paragraph()
    sentence = page.add("Le serveur a été installé et configuré en deux jours.", before=6)
    page.paragraph()
    document = _document(page, *_body_pages())
    assert not _is_heading(document, 1, sentence)


def test_hand_made_heading_with_a_colon_alone_on_its_line_is():
    page = PageBuilder()
    title = page.add("Introduction :", bold=True, before=20)
    page.paragraph(before=8)
    page.paragraph()
    document = _document(page, *_body_pages())
    assert _is_heading(document, 1, title)


def test_line_inside_a_paragraph_is_not():
    page = PageBuilder()
    lines = page.paragraph(6)
    document = _document(page, *_body_pages())
    assert not any(_is_heading(document, 1, i) for i in lines)


def test_larger_numbered_title_is_a_heading_and_scores_above_body():
    page = PageBuilder()
    page.paragraph()
    title = page.add("1. Présentation de l'entreprise", size=16, bold=True, before=24)
    body = page.paragraph()
    document = _document(page, *_body_pages())
    assert _is_heading(document, 1, title)
    assert _probability(document, 1, title) > max(_probability(document, 1, i) for i in body)


def test_presence_in_the_table_of_contents_raises_the_score():
    page = PageBuilder()
    page.paragraph()
    title = page.add("Déroulement du stage", before=14, width=120)
    page.paragraph()
    document = _document(page, *_body_pages())
    assert _probability(document, 1, title, toc=["3. Déroulement du stage"]) > \
        _probability(document, 1, title)


def test_scored_headings_contract():
    cover = PageBuilder()
    cover.add("Rapport de stage", size=24, bold=True, align="center", before=200)
    first = PageBuilder()
    first.add("1. Présentation de l'entreprise", size=16, bold=True, before=10)
    first.paragraph()
    first.add("1.1 Le service informatique", size=13, bold=True, before=18)
    first.paragraph()
    second = PageBuilder()
    second.paragraph()
    second.add("Conclusion", size=16, bold=True, before=24)
    second.paragraph()
    document = _document(cover, first, second, *_body_pages())
    headings = typographic_headings_scored(document, set(), {1}, 11.0)
    assert [(h.title, h.level, h.page, h.line, h.source) for h in headings] == [
        ("1. Présentation de l'entreprise", 1, 2, 0, "typography"),
        ("1.1 Le service informatique", 2, 2, 5, "typography"),
        ("Conclusion", 1, 3, 4, "typography"),
    ]


def test_furniture_lines_are_skipped():
    page = PageBuilder()
    title = page.add("Présentation de l'entreprise", size=16, bold=True, before=10)
    page.paragraph()
    document = _document(page, *_body_pages())
    assert typographic_headings_scored(document, set(), set(), 11.0)
    assert not typographic_headings_scored(document, {(1, title)}, set(), 11.0)
