"""The invariants of a reading (report_lint.structure.invariants), on hand-built readings:
each invariant is broken by an impossible reading and holds on the possible one next to it."""

from __future__ import annotations

from report_lint.document import Document, Line, Page
from report_lint.structure.invariants import violations
from report_lint.structure.model import Annex, Report, Section


def _document(pages: int = 20, lines: dict[int, list[str]] | None = None) -> Document:
    lines = lines or {}
    return Document(path="r.pdf", format="pdf", pages=[
        Page(number=n, lines=[Line(text=t) for t in lines.get(n, ["Texte de la page."])])
        for n in range(1, pages + 1)])


def _section(title: str, role: str, first: int, last: int, level: int = 1,
             children: list[Section] | None = None) -> Section:
    return Section(title=title, level=level, role=role, first_page=first, last_page=last,
                   children=children or [])


def _report(sections: list[Section], annex_start: int | None = 17, toc: list[int] | None = None,
            annexes: list[Annex] | None = None) -> Report:
    report = Report(page_count=20, sections=sections, annex_part_first_page=annex_start,
                    toc_pages=toc if toc is not None else [2], annexes=annexes or [])
    report.activities = report.sections_with_role("activities")
    return report


def _good_parts() -> list[Section]:
    return [_section("Sommaire", "front", 2, 2),
            _section("Présentation de l'entreprise", "company", 3, 5),
            _section("Activités réalisées", "activities", 6, 14, children=[
                _section("Mission 1", "activities", 6, 9, level=2),
                _section("Mission 2", "activities", 10, 14, level=2)]),
            _section("Conclusion", "conclusion", 15, 16),
            _section("Annexes", "annexes", 17, 20)]


def test_a_possible_reading_has_no_violation():
    annexes = [Annex(title="Annexe 1 : Datasheet", pages=[18]),
               Annex(title="Annexe 2 - Press article", pages=[19, 20])]
    document = _document(lines={18: ["Annexes", "Annexe 1 : Datasheet", "Text."]})
    assert violations(document, _report(_good_parts(), annexes=annexes)) == []


def test_annex_part_before_the_activities():
    parts = _good_parts()
    bad = violations(_document(), _report(parts, annex_start=4))
    assert any("before the first activities section" in v and "p. 4" in v for v in bad), bad
    assert not any("before the first activities" in v
                   for v in violations(_document(), _report(parts, annex_start=17)))


def test_annex_part_on_a_table_of_contents_page():
    parts = [_section("Sommaire", "front", 1, 1)] + _good_parts()[1:]
    parts[1] = _section("Présentation de l'entreprise", "company", 2, 5)
    # The TOC's last line "Annexes" taken for the annex part: the TOC page opens it (and it
    # comes before the activities, the other invariant).
    bad = violations(_document(), _report(parts, annex_start=1, toc=[1]))
    assert "the annex part starts on p. 1, a table-of-contents page" in bad
    good = violations(_document(), _report(parts, annex_start=17, toc=[1]))
    assert not any("table-of-contents" in v for v in good)


def test_annex_part_on_a_toc_page_after_the_activities_is_still_impossible():
    """The TOC invariant holds alone: a TOC page placed after the activities (a 'Table des
    annexes' page read as TOC) still cannot open the annex part."""
    bad = violations(_document(), _report(_good_parts(), annex_start=17, toc=[2, 17]))
    assert bad == ["the annex part starts on p. 17, a table-of-contents page"]


def test_conclusion_inside_an_activity():
    parts = _good_parts()
    parts[2] = _section("Activités réalisées", "activities", 6, 16, children=[
        _section("Mission 1", "activities", 6, 12, level=2, children=[
            _section("2.3.3 Bilan de la mission", "conclusion", 12, 12, level=3)])])
    parts[3] = _section("Perspectives", "other", 15, 16)
    bad = violations(_document(), _report(parts))
    assert len(bad) == 1 and "the conclusion « 2.3.3 Bilan de la mission » (p. 12) is inside " \
        "an activities section « Mission 1 » (p. 6)" in bad[0], bad
    # The same activity with its own "Bilan" as a plain sub-section: possible.
    parts[2].children[0].children[0].role = "other"
    assert violations(_document(), _report(parts)) == []


def test_activities_inside_the_company_part_and_the_same_role_nested_is_fine():
    parts = _good_parts()
    parts[1].children = [_section("Mission au service client", "activities", 4, 5, level=2)]
    bad = violations(_document(), _report(parts))
    assert any("is inside the company part" in v for v in bad), bad
    parts[1].children[0].role = "other"
    assert violations(_document(), _report(parts)) == []  # activities within activities: fine


def test_a_part_inside_the_annex_part():
    parts = _good_parts()
    parts[4].children = [_section("Présentation de l'organisme d'accueil", "company", 18, 18,
                                  level=2)]
    bad = violations(_document(), _report(parts))
    assert any("the company part « Présentation de l'organisme d'accueil » (p. 18) is inside "
               "the annex part (from p. 17)" in v for v in bad), bad
    # A conclusion read after the annex part started, even as a top-level section.
    parts = _good_parts()
    parts.append(_section("Conclusion", "conclusion", 19, 20))
    bad = violations(_document(), _report(parts))
    assert any("the conclusion « Conclusion » (p. 19) is inside the annex part" in v
               for v in bad), bad
    # A conclusion that ends on the page where the annex part starts, before it: possible.
    parts = _good_parts()
    parts[3] = _section("Conclusion", "conclusion", 16, 17)
    assert violations(_document(), _report(parts)) == []


def test_company_part_after_the_conclusion():
    parts = _good_parts()
    parts.insert(4, _section("Présentation de la société", "company", 16, 16))
    parts[3] = _section("Conclusion", "conclusion", 15, 15)
    bad = violations(_document(), _report(parts))
    assert any("comes after the conclusion « Conclusion » (p. 15)" in v for v in bad), bad
    # The company part after the activities (a deviation, said elsewhere) but before the
    # conclusion is possible.
    parts = _good_parts()
    parts[1], parts[2] = parts[2], parts[1]
    assert not any("after the conclusion" in v for v in violations(_document(), _report(parts)))


def test_annexed_document_started_by_a_sentence():
    document = _document(lines={
        18: ["Le schéma complet du réseau est donné", "(voir annexe 3)", "page suivante."],
        19: ["Les mesures relevées sont", "détaillées en annexe", "et commentées.",
             "Le câblage est conforme car", "l'annexe 2 montre le câblage"],
        20: ["Annexes", "Annexe 3 : Network diagram"]})
    cases = {
        "(voir annexe 3)": (18, "opens a parenthesis"),
        "détaillées en annexe": (19, "reference to an annex inside running text"),
        "l'annexe 2 montre le câblage": (19, "reference to an annex inside running text"),
    }
    for title, (page, reason) in cases.items():
        bad = violations(document, _report(_good_parts(), annexes=[Annex(title, [page])]))
        assert len(bad) == 1 and "starts mid-sentence" in bad[0] and reason in bad[0], bad
    # A capitalised reference after a line that does not end a sentence.
    document.pages[18].lines[1] = Line(text="Voir annexe 2 pour les mesures")
    bad = violations(document, _report(_good_parts(), annexes=[
        Annex("Voir annexe 2 pour les mesures", [19])]))
    assert bad and "reference to an annex inside running text" in bad[0], bad
    # A real annex heading, after a line that ends a sentence or at the top of its page.
    assert violations(document, _report(_good_parts(), annexes=[
        Annex("Annexe 3 : Network diagram", [20])])) == []
    ended = _document(lines={18: ["Le réseau est décrit plus haut.",
                                  "Documents joints en annexe"]})
    assert violations(ended, _report(_good_parts(), annexes=[
        Annex("Documents joints en annexe", [18])])) == []
    not_ended = _document(lines={18: ["Le réseau est décrit plus haut et les",
                                      "Documents joints en annexe"]})
    assert violations(not_ended, _report(_good_parts(), annexes=[
        Annex("Documents joints en annexe", [18])])) != []
    # At the top of its page, a lower-case reference still starts mid-sentence.
    top = _document(lines={18: ["détaillées en annexe", "et commentées."]})
    assert violations(top, _report(_good_parts(), annexes=[
        Annex("détaillées en annexe", [18])])) != []


def test_lower_case_title_starts_mid_sentence_only_after_an_unfinished_line():
    listing = Annex("fichier capteur.py", [18])
    # A code listing titled in lower case at the top of its page, or after a finished
    # line: a title.
    top = _document(lines={18: ["fichier capteur.py", "1 import json"]})
    assert violations(top, _report(_good_parts(), annexes=[listing])) == []
    after_code = _document(lines={17: ["x"], 18: ["print(total)", "fichier capteur.py"]})
    assert violations(after_code, _report(_good_parts(), annexes=[listing])) == []
    # The same words continuing a sentence of the previous line: mid-sentence.
    inside = _document(lines={18: ["Le programme est écrit dans le", "fichier capteur.py",
                                   "que voici."]})
    bad = violations(inside, _report(_good_parts(), annexes=[listing]))
    assert len(bad) == 1 and "lower case after a line that does not end a sentence" in bad[0]


def test_untitled_annex_judged_on_its_first_line():
    document = _document(lines={18: ["Les mesures du banc de test sont reportées dans la",
                                     "suite du tableau des mesures"]})
    annex = Annex(title="", pages=[18], text="\nsuite du tableau des mesures\n")
    bad = violations(document, _report(_good_parts(), annexes=[annex]))
    assert bad and "lower case" in bad[0]
    annex.text = "Datasheet of the sensor\n..."
    assert violations(document, _report(_good_parts(), annexes=[annex])) == []
