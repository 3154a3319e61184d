"""Text normalisation before any matching or tagging (issue 12, rules.md "Each activity")."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_lint.cache import ResultCache
from report_lint.config import load_config
from report_lint.parsers import parse_file
from report_lint.runner import check_file
from report_lint.textnorm import join_lines, normalize_text

# -- normalize_text ---------------------------------------------------------------------------


@pytest.mark.parametrize("apostrophe", ["\u2019", "\u02bc", "\u2018", "`", "\u2032"])
def test_apostrophes_become_straight(apostrophe):
    assert normalize_text(f"J{apostrophe}ai trouvé l{apostrophe}outil") == "J'ai trouvé l'outil"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\u2007"])
def test_special_spaces_become_spaces(space):
    assert normalize_text(f"Pourquoi{space}? 12{space}000{space}€") == "Pourquoi ? 12 000 €"


def test_ligatures_are_expanded():
    assert normalize_text("ﬁchier ﬂux eﬀet eﬃcace souﬄer ﬅ ﬆ") == \
        "fichier flux effet efficace souffler st st"


def test_only_ligatures_get_nfkc():
    # NFKC would make "n°" and "m²" into other characters; they are read as typed.
    text = "n° 3, 20 m², 1ᵉʳ étage, ½ journée, ™"
    assert normalize_text(text) == text


def test_invisible_characters_are_removed():
    assert normalize_text("infor\u00admatique\u200b ré\u200dseau\u2060\ufeff") == \
        "informatique réseau"


def test_soft_hyphen_at_a_line_end_marks_the_cut():
    assert normalize_text("informa\u00ad") == "informa-"
    assert join_lines([normalize_text("informa\u00ad"), "tique"]) == "informatique"


def test_normalisation_is_idempotent_and_keeps_ascii():
    text = "L\u2019entreprise\u00a0: ﬁliale\u00ad"
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert normalize_text("plain ascii `code`") == "plain ascii 'code'"
    assert normalize_text("Déjà vu, « guillemets »") == "Déjà vu, « guillemets »"


# -- join_lines -------------------------------------------------------------------------------


def test_join_lines_rejoins_a_word_cut_at_a_line_end():
    assert join_lines(["le service informa-", "tique de la mairie"]) == \
        "le service informatique de la mairie"


def test_join_lines_keeps_a_hyphen_before_a_capital():
    assert join_lines(["avec Jean-", "Pierre Martin"]) == "avec Jean-\nPierre Martin"


def test_join_lines_keeps_lines_that_are_not_cut():
    lines = ["Objectifs :", "- configurer le VLAN", "plage 10 -", "20 ports", "2024-", "2025"]
    assert join_lines(lines) == "\n".join(lines)
    assert join_lines([]) == ""
    assert join_lines(["seule"]) == "seule"


def test_join_lines_chains_cuts_and_ignores_trailing_spaces():
    assert join_lines(["anti-  ", "  constitu-", "tionnellement dit"]) == \
        "anticonstitutionnellement dit"


# -- end to end: a curly apostrophe is a personal comment (ACT004) -----------------------------

ACTIVITY_TEXT = (
    "L\u2019objectif était de configurer les VLAN du réseau de l\u2019entreprise. "
    "La contrainte principale était le délai d\u2019une semaine et la continuité de service. "
    "Au final, le réseau fonctionne et le résultat a été validé par mon tuteur. "
    "J\u2019ai d\u2019abord relevé les prises de chaque bureau, puis j\u2019ai préparé un plan "
    "d\u2019adressage avec trois réseaux virtuels : administration, production et invités. "
    "Les commutateurs ont été configurés un par un, le soir, pour ne pas couper les postes. "
)
SECOND_ACTIVITY = (
    "Le but était de superviser le parc avec Zabbix, en respectant le budget prévu par le "
    "responsable. J'ai installé le serveur sur une machine virtuelle, ajouté les quarante "
    "postes et les six imprimantes, puis défini des alertes par courriel pour les disques "
    "presque pleins et les sauvegardes manquées. Le tableau de bord fonctionne et il est "
    "consulté chaque matin. Personnellement, cette mission m'a appris la rigueur."
)
COMMENT = "J\u2019ai trouvé très motivant de configurer un vrai réseau."


def _report(path: Path, comment: str) -> Path:
    """A small report as Word writes it: curly apostrophes, no-break space before ':'."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Présentation de l\u2019entreprise", level=1)
    document.add_paragraph(
        "Datalp Systèmes est une PME de vingt salariés qui installe des réseaux\u00a0: "
        "sa structure compte un service technique et un service commercial.")
    document.add_heading("Activités réalisées", level=1)
    document.add_heading("Mise en place des VLAN", level=2)
    document.add_paragraph(ACTIVITY_TEXT + comment)
    document.add_heading("Supervision du parc", level=2)
    document.add_paragraph(SECOND_ACTIVITY)
    document.add_heading("Conclusion", level=1)
    document.add_paragraph("Ce stage m\u2019a conforté dans mon projet professionnel.")
    document.save(path)
    return path


def _act004(path: Path) -> list:
    config = load_config(path, lang="fr")
    config.settings["render"] = "never"  # the words matter here, not the layout
    result = check_file(path, config)
    activities = [s.title for s in result.report.activities]
    assert activities == ["Mise en place des VLAN", "Supervision du parc"], activities
    return [f for f in result.findings if f.code == "ACT004"]


def test_curly_apostrophe_comment_is_a_personal_comment(tmp_path):
    path = _report(tmp_path / "rapport.docx", COMMENT)
    assert _act004(path) == []
    # The same activity without the sentence has no personal comment: the check can fail.
    bare = _report(tmp_path / "sans-commentaire.docx", "")
    assert [f.section for f in _act004(bare)] == ["Mise en place des VLAN"]


def test_document_lines_are_normalised_for_every_stage(tmp_path):
    path = _report(tmp_path / "rapport.docx", COMMENT)
    config = load_config(path, lang="fr")
    config.settings["render"] = "never"
    result = check_file(path, config)
    text = "\n".join(page.text for page in result.document.pages)
    assert "J'ai trouvé" in text
    assert "\u2019" not in text and "\u00a0" not in text


LATEX_PDF = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "compliant-latex.pdf"
TYPOGRAPHY = ("\u2019", "\u00a0", "\u202f", "\ufb01", "\ufb02", "\u00ad")


@pytest.mark.parametrize("backend", ["pypdf", "pdfium"])
def test_pdf_lines_are_normalised_with_either_backend_and_from_the_cache(
        backend, monkeypatch, tmp_path):
    """pdflatex typesets ' as ’ and fi as a ligature: the parser gives them as they are,
    every later stage reads them normalised, a cached result too."""
    if backend == "pdfium":
        pytest.importorskip("pypdfium2")
    monkeypatch.setenv("REPORT_LINT_PDF_BACKEND", backend)
    raw = "\n".join(page.text for page in parse_file(LATEX_PDF).pages)
    assert "\u2019" in raw  # the fixture has what is normalised
    config = load_config(LATEX_PDF, lang="fr")
    cache = ResultCache(tmp_path / "cache")
    for _ in range(2):  # the second answer comes from the cache
        result = check_file(LATEX_PDF, config, cache=cache)
        text = "\n".join(page.text for page in result.document.pages)
        assert not [ch for ch in TYPOGRAPHY if ch in text]
        assert text.count("'") >= raw.count("\u2019")
        assert all(a.text == normalize_text(a.text) for a in result.report.annexes)
        assert not [f for f in result.findings if f.code == "ACT004"]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_word_list_entry_matches_the_word_in_a_sentence(apostrophe):
    """Tagged alone, "organigramme" gets the lemma "organigramm" (an adjective); in a
    sentence, with the apostrophe normalised, it is the noun "organigramme". The entry
    still matches (company_content of the profile)."""
    from report_lint.nlp import Analyzer

    analyzer = Analyzer()
    lemmas = analyzer.lemmas(f"Elle est représentée par l{apostrophe}organigramme ci-après.")
    assert analyzer.matches(lemmas, ["organigramme", "chiffre d'affaires"]) == ["organigramme"]
    lemmas = analyzer.lemmas(f"Le chiffre d{apostrophe}affaires a doublé.")
    assert analyzer.matches(lemmas, ["organigramme", "chiffre d'affaires"]) == \
        ["chiffre d'affaires"]


@pytest.mark.parametrize("loose, joined", [
    ("R\u00b4esultats", "Résultats"), ("d\u00b4eveloppement", "développement"),
    ("pr`es de", "près de"), ("il est `a Paris", "il est à Paris"), ("for^et", "forêt"),
    ("\u02c6etre", "être"), ("na\u00a8ive", "naïve"),
])
def test_loose_accents_of_old_pdftex_output_join_their_letter(loose, joined):
    assert normalize_text(loose) == joined


@pytest.mark.parametrize("text, kept", [
    ("J`ai trouvé l`outil", "J'ai trouvé l'outil"),  # ` typed for an apostrophe
    ("qu`il", "qu'il"), ("2^3 = 8", "2^3 = 8"), ("J\u00b4ai", "J\u00b4ai"),
])
def test_what_is_not_a_loose_accent_stays(text, kept):
    assert normalize_text(text) == kept
