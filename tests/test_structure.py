"""Structure recovery on hand-made documents: typography, tables of contents, running
headers, and roles found from content when titles say nothing."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from report_lint.document import Document, Line, OutlineEntry, Page
from report_lint.nlp import Analyzer
from report_lint.structure import build_report

PROFILE = tomllib.loads(
    resources.files("report_lint").joinpath("profiles/bts-sn-e61.toml").read_text("utf-8"))

BODY = ("Le travail demandé a été réalisé avec soin et documenté pour l'équipe technique "
        "du site. ")


def page(number: int, items: list[tuple[str, float, bool]], header: str | None = None) -> Page:
    """Lines laid out top to bottom; a running header in the top margin when given."""
    lines = []
    if header:
        lines.append(Line(header, 70, 30, 400, 40, 9, False))
    y = 90.0
    for text, size, bold in items:
        lines.append(Line(text, 70, y, 520, y + size, size, bold))
        y += size * 1.6
    lines.append(Line(str(number), 290, 800, 300, 810, 9, False))
    return Page(number=number, lines=lines)


def body(text: str, n: int = 6) -> list[tuple[str, float, bool]]:
    return [(text, 11, False)] * n


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def make_report(pages):
    return Document(path="memory.pdf", format="pdf", pages=pages)


def test_titles_that_say_nothing_get_roles_from_content(analyzer):
    company = ("Datalp Systèmes est une SAS fondée en 2004, dont le siège est à Annecy ; "
               "elle compte 45 salariés, un chiffre d'affaires de 6 millions d'euros et des "
               "clients dans l'industrie agroalimentaire. ")
    activity = ("L'objectif était de superviser les commutateurs du client. La contrainte "
                "principale était de ne pas interrompre la production. Au final, le résultat "
                "obtenu est une supervision opérationnelle de 40 équipements. ")
    pages = [
        page(1, [("Rapport d'activité en entreprise", 24, True), ("Théo Garnier", 14, False)]),
        page(2, [("Sommaire", 18, True)] + [(f"{n}. Partie {n} ........ {n + 2}", 11, False)
                                             for n in range(1, 7)]),
        page(3, [("1. Datalp Systèmes", 18, True)] + body(company), header="Rapport de stage"),
        page(4, [("2. Six semaines au bureau d'études", 18, True)] + body(activity),
             header="Rapport de stage"),
        page(5, body(activity, 10), header="Rapport de stage"),
        page(6, [("3. Et maintenant ?", 18, True),
                 ("Pour conclure, ce stage m'a confirmé dans mon projet professionnel.", 11,
                  False)] + body(BODY, 3), header="Rapport de stage"),
    ]
    report = build_report(make_report(pages), PROFILE, analyzer)
    roles = {s.title: (s.role, s.first_page, s.last_page) for s in report.sections}
    assert roles == {
        "1. Datalp Systèmes": ("company", 3, 3),
        "2. Six semaines au bureau d'études": ("activities", 4, 5),
        "3. Et maintenant ?": ("conclusion", 6, 6),
    }
    assert report.toc_pages == [2]
    assert report.headings_from == "typography"


def test_running_header_naming_the_section_is_not_a_heading(analyzer):
    pages = [page(1, [("Rapport d'activité", 24, True)])]
    for n in range(2, 6):
        pages.append(page(n, ([("1. Présentation de l'entreprise", 18, True)] if n == 2 else [])
                          + body(BODY), header="Rapport de stage – Présentation de l'entreprise"))
    pages.append(page(6, [("2. Conclusion", 18, True)] + body(BODY),
                      header="Rapport de stage – Conclusion"))
    report = build_report(make_report(pages), PROFILE, analyzer)
    assert [(s.title, s.first_page, s.last_page) for s in report.sections] == [
        ("1. Présentation de l'entreprise", 2, 5), ("2. Conclusion", 6, 6)]
    assert "Rapport de stage" not in report.page_text[3]


def test_without_analyzer_roles_are_left_undetermined():
    pages = [page(1, [("Rapport", 24, True)]),
             page(2, [("1. Présentation de l'entreprise", 18, True)] + body(BODY))]
    report = build_report(make_report(pages), PROFILE, None)
    assert not report.roles_known
    assert [s.role for s in report.sections] == ["other"]


def test_the_company_presented_under_the_introduction_wins_over_a_clients_description(analyzer):
    """rules.md: the company is often presented under "Introduction"; a project chapter whose
    content describes its client (company words, a bare "Présentation") is not the company
    part when another part is titled as it."""
    host = ("Datalp Systèmes est une SAS fondée en 2004, dont le siège est à Annecy ; elle "
            "compte 45 salariés et un chiffre d'affaires de 6 millions d'euros. ")
    client = ("Le client est une société industrielle de 300 salariés, un groupe coopératif "
              "dont le siège est à Lyon, avec des filiales et des clients en Europe. ")
    activity = ("L'objectif était de développer l'application du client. La contrainte "
                "principale était le délai. Au final, le résultat obtenu est une application "
                "livrée et testée. ")
    titles = [("1. Introduction de l'étude", 1, 2), ("1.1 Présentation de l'entreprise", 2, 2),
              ("2. Alpha", 1, 3), ("2.1 Présentation", 2, 3), ("2.2 Les écrans", 2, 4),
              ("3. Conclusion", 1, 5)]
    pages = [
        page(1, [("Rapport d'activité en entreprise", 24, True)]),
        page(2, [(titles[0][0], 18, True), (titles[1][0], 14, True)] + body(host)),
        page(3, [(titles[2][0], 18, True), (titles[3][0], 14, True)] + body(client)),
        page(4, [(titles[4][0], 14, True)] + body(activity, 10)),
        page(5, [(titles[5][0], 18, True),
                 ("Pour conclure, ce stage m'a confirmé dans mon projet professionnel.", 11,
                  False)] + body(BODY, 3)),
    ]
    document = make_report(pages)
    document.outline = [OutlineEntry(t, level, p) for t, level, p in titles]
    report = build_report(document, PROFILE, analyzer)
    roles = {s.title: s.role for s in report.sections for s in s.walk()}
    assert roles["1.1 Présentation de l'entreprise"] == "company"
    assert roles["2. Alpha"] == "activities"
    assert roles["2.1 Présentation"] != "company"
