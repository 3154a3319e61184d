"""The word-level pieces the checks rely on, on real French phrasing."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources

import pytest

from report_lint.language import detect_language
from report_lint.nlp import Analyzer
from report_lint.structure.roles import role_from_title
from report_lint_checks.activities import personal_comments
from report_lint_checks.internship import internship_span

PROFILE = tomllib.loads(
    resources.files("report_lint").joinpath("profiles/bts-sn-e61.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


@pytest.mark.parametrize("title, role", [
    ("1. Présentation de l'entreprise", "company"),
    ("Présentation de la société ACME", "company"),
    ("L'entreprise d'accueil", "company"),
    ("Chapitre 2 – Les missions qui m'ont été confiées", "activities"),
    ("2. Travaux réalisés", "activities"),
    ("Activités réalisées dans l'entreprise", "activities"),
    ("Mes tâches", "activities"),
    ("3. Conclusion", "conclusion"),
    ("Bilan du stage", "conclusion"),
    ("Ce que j'ai appris", "conclusion"),
    ("Remerciements", "front"),
    ("Sommaire", "front"),
    ("Company presentation", "company"),
    ("Installation d'un pare-feu pfSense", None),
])
def test_role_from_title(title, role, analyzer):
    assert role_from_title(title, analyzer, PROFILE["sections"]) == role


@pytest.mark.parametrize("text, found", [
    ("J'ai trouvé cette mission très formatrice.", True),
    ("Cette activité m'a permis de comprendre le routage.", True),
    ("À mon avis, la solution retenue est la plus simple.", True),
    ("Je retiens surtout l'importance de la documentation.", True),
    ("J'ai configuré le commutateur puis redémarré le serveur.", False),
    ("Le technicien a trouvé la panne.", False),
    ("Nous avons trouvé une solution.", False),
])
def test_personal_comment(text, found, analyzer):
    doc = analyzer.doc(text)
    assert bool(personal_comments(doc, PROFILE["activity"])) is found


@pytest.mark.parametrize("text, start, end", [
    ("Mon stage s'est déroulé du 19 mai au 27 juin 2025 chez Domotix.",
     date(2025, 5, 19), date(2025, 6, 27)),
    ("du lundi 2 juin 2025 au vendredi 11 juillet 2025", date(2025, 6, 2), date(2025, 7, 11)),
    ("stage effectué du 12/05/2025 au 20/06/2025", date(2025, 5, 12), date(2025, 6, 20)),
    ("du 15 décembre au 23 janvier 2026", date(2025, 12, 15), date(2026, 1, 23)),
])
def test_internship_span(text, start, end):
    span = internship_span(text)
    assert span is not None and span[:2] == (start, end)


def test_language_detection_is_repeatable():
    text = ("The new gateway connects legacy field buses to the plant network and reports "
            "every sensor reading to the supervision server within two seconds.")
    first = detect_language(text)
    assert first[0] == "en" and first[1] > 0.9
    assert all(detect_language(text) == first for _ in range(5))
    assert detect_language("Le serveur de supervision reçoit les mesures des capteurs "
                           "toutes les deux secondes.")[0] == "fr"


def test_only_the_plausible_languages_are_loaded_once():
    from report_lint import language

    made = language.factory()
    assert made is language.factory()  # once per process
    assert sorted(made.get_lang_list()) == sorted(language.LANGUAGES)
    assert {"fr", "en"} <= set(language.LANGUAGES) and "so" not in language.LANGUAGES
    # langdetect's module-wide factory (55 languages) is not what reads the annexes
    from langdetect import detector_factory

    assert detector_factory._factory is None or detector_factory._factory is not made


@pytest.mark.parametrize("text", [
    "Schéma réseau du site",  # a caption: 18 letters
    "Figure 3 : baie 42U",
    "https://www.example.com/datasheets/kgw-8-gateway-installation-guide.pdf",
    "contact: support.technique@example-gateways.com, tél. 04 76 00 00 00",
])
def test_too_little_prose_is_unknown(text):
    from report_lint.language import MIN_PROSE_LETTERS, prose_letters

    assert prose_letters(text) < MIN_PROSE_LETTERS
    assert detect_language(text) == (None, 0.0)


def test_prose_letters_leave_out_addresses_digits_and_punctuation():
    from report_lint.language import prose_letters

    assert prose_letters("Voir https://example.com/a-b-c et moi@example.fr : 42 pages.") == \
        len("Voir" "et" "pages")


def test_just_enough_prose_is_judged():
    from report_lint.language import MIN_PROSE_LETTERS, prose_letters

    text = "The gateway forwards every packet to the server."
    assert prose_letters(text) >= MIN_PROSE_LETTERS
    assert detect_language(text)[0] == "en"
    assert detect_language("La passerelle transmet chaque paquet au serveur.")[0] == "fr"


def test_a_short_french_text_is_not_romanian():
    """With langdetect's 55 languages, short French text can come out as a far-away
    language; with the annex languages only, it is French."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    text = "merci particulier à Karim Belkacem, technicien"  # from the fixtures' thanks
    every = DetectorFactory()
    every.load_profile(PROFILES_DIRECTORY)
    every.set_seed(0)
    detector = every.create()
    detector.append(text)
    assert detector.get_probabilities()[0].lang == "ro"  # what the 55 profiles said
    assert detect_language(text)[0] == "fr"
    for caption in ("Capture d'écran de la supervision des capteurs",
                    "Câblage de la baie de brassage du bâtiment principal"):
        assert detect_language(caption)[0] == "fr"
