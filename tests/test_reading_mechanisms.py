"""Unit tests of the reading mechanisms added for reports never seen (issue 16): each one on a
small invented document, so that a change that breaks one fails here, not only in the corpus
score."""

from __future__ import annotations

from report_lint.chains import longest_chain
from report_lint.document import Document, ImageBox, Line, OutlineEntry, Page
from report_lint.parsers._sources import text_anchors
from report_lint.structure.annexes import (
    _alike_starts,
    admin_pages,
    is_back_matter,
    split_annexes,
)
from report_lint.structure.headings import outline_headings
from report_lint.structure.model import Heading
from report_lint.structure.outline import TocEntry, locate_toc_entries, repair_levels

PROSE = ("Le projet a demandé une analyse des besoins du service puis la mise en place "
         "d'une maquette testée avec les utilisateurs")


def doc(pages: list[list[Line]]) -> Document:
    return Document(path="x.pdf", format="pdf",
                    pages=[Page(number=n, lines=lines) for n, lines in enumerate(pages, 1)])


def lines_of(document: Document):
    return lambda number: [ln.text for ln in document.pages[number - 1].lines]


def test_longest_chain_skips_an_item_matched_out_of_order():
    # item 1 only matches far ahead (a caption in a list of figures at the end)
    places = [[0], [90], [20], [30]]
    assert [k for k, _ in longest_chain(places, 4)] == [0, 2, 3]


def test_source_items_are_anchored_in_order_despite_a_list_of_figures():
    caption = "Figure 3 : architecture du service de supervision"
    document = doc([
        [Line("Chapitre un sur le contexte du stage et ses enjeux")],
        [Line("Liste des figures"), Line(caption + " 3")],  # listed before it appears
        [Line(caption), Line("Le second chapitre décrit la réalisation du projet")],
        [Line("Le troisième chapitre conclut le rapport de stage")],
    ])
    texts = ["Chapitre un sur le contexte du stage et ses enjeux", caption,
             "Le second chapitre décrit la réalisation du projet",
             "Le troisième chapitre conclut le rapport de stage"]
    anchor = text_anchors(texts, document)
    assert [anchor(i) for i in range(4)] == [1, 3, 3, 4]


def test_a_bookmark_anchored_pages_early_moves_to_its_title():
    # LaTeX's \addcontentsline without an anchor points at the previous anchor's page
    document = doc([
        [Line("Annexe B", size=20, bold=True), Line(PROSE)],
        [],
        [Line("Résumé", size=17, bold=True), Line(PROSE), Line(PROSE), Line(PROSE),
         Line("Abstract", size=17, bold=True), Line("The project was a web platform.")],
    ])
    document.outline = [OutlineEntry("Annexe B", 1, 1), OutlineEntry("Abstract", 1, 1)]
    headings = outline_headings(document, set())
    assert [(h.title, h.page, h.line) for h in headings] == [("Annexe B", 1, 0),
                                                           ("Abstract", 3, 4)]


def test_a_title_is_found_across_a_lost_ligature_and_roman_dotted_numbering():
    document = doc([[Line("II.3.1.3 Le certi cat", size=12), Line(PROSE)]])
    document.outline = [OutlineEntry("Le certificat", 4, 1)]
    assert outline_headings(document, set())[0].line == 0


def test_a_contents_entry_finds_the_heading_the_author_reworded():
    document = doc([
        [Line("Plan", size=30, bold=True),
         Line("1) Opérations de guichet", size=20, bold=True)],
        [Line("1) Opérations du guichet", size=20, bold=True), Line(PROSE, size=12)],
    ])
    found = locate_toc_entries(document, [TocEntry("1) Opérations de guichet", 1)],
                               {1}, set())
    assert [(h.page, h.line) for h in found] == [(2, 0)]


def test_back_matter_titles_are_whole_titles():
    assert is_back_matter("Contacts") and is_back_matter("Bibliographie et webographie")
    assert is_back_matter("Glossaire des termes") and is_back_matter("Références")
    assert is_back_matter("Résumé en anglais") and is_back_matter("Référence bibliographique")
    assert not is_back_matter("Contact avec le client")
    assert not is_back_matter("Sources de données du tableau de bord")


def split(document: Document, start: int = 1):
    shares = {page.number: 0.0 for page in document.pages}  # no pictures anywhere
    annexes, back = split_annexes(document, [], start, set(), lines_of(document),
                                  page_shares=shares)
    return [(a.title, a.pages) for a in annexes], back


def test_blank_versos_belong_to_no_annexed_document():
    document = doc([
        [Line("Annexe 1 : Datasheet", bold=True), Line(PROSE)],
        [],  # a two-sided layout's empty verso
        [Line("Annexe 2 : Press article", bold=True), Line(PROSE)],
        [],
    ])
    assert split(document)[0] == [("Annexe 1 : Datasheet", [1]),
                                  ("Annexe 2 : Press article", [3])]


def test_a_document_title_after_a_caption_starts_a_document():
    document = doc([
        [Line("Annexe 1 : Fiche technique", bold=True), Line(PROSE),
         Line("Figure 52 Maquette de la page des listes de bons de réception"),
         Line("Annexe 2 : Utilisation de l'outil de prototypage"), Line(PROSE)],
    ])
    assert [t for t, _ in split(document)[0]] == [
        "Annexe 1 : Fiche technique", "Annexe 2 : Utilisation de l'outil de prototypage"]


def test_a_sibling_numbered_in_the_same_series_starts_a_document():
    code = [Line("public function get($name) { return $this->$name; }", size=10)] * 3
    document = doc([
        [Line("BO1 : Création de la base", size=12, bold=True), *code],
        [Line("BO2 : Classe Adhérent", size=12, bold=True), *code,
         Line("BO2 : Classe Entraîneur", size=10), *code],  # set like the code by mistake
    ])
    starts = [(1, 0, "BO1 : Création de la base"), (2, 0, "BO2 : Classe Adhérent")]
    found = _alike_starts(document, starts, [1, 2], set(), {(p, i) for p, i, _ in starts})
    assert found == [(2, 4, "BO2 : Classe Entraîneur")]


def test_captions_below_listings_end_their_documents():
    code = [Line(f"{n} int main(void) {{ return {n}; }}", size=10) for n in range(1, 6)]
    document = doc([
        [Line("Annexe", size=14), *code, Line("Listing 1 scheduler.c", size=10)],
        [*code, Line("Listing 2 Makefile", size=10), *code],
        [*code, Line("Listing 3 test.sh", size=10)],
    ])
    annexes, _ = split(document)
    assert annexes == [("Listing 1 scheduler.c", [1]), ("Listing 2 Makefile", [2]),
                       ("Listing 3 test.sh", [2, 3])]


def picture() -> ImageBox:
    return ImageBox(points=[(50, 50), (550, 50), (550, 700), (50, 700)])


def test_trailing_scans_are_certificates_unless_they_go_on_a_pasted_annex():
    def report(scans: int) -> Document:
        document = doc([[Line(PROSE)], [Line("Annexe 1 : Guide", bold=True), Line(PROSE)]]
                       + [[] for _ in range(scans)])
        for page in document.pages[1:]:
            page.images = [picture()]
        return document

    two, ten = report(2), report(10)
    assert admin_pages(two, lines_of(two), [], 2) == [3, 4]
    assert admin_pages(ten, lines_of(ten), [], 2) == []
    # without an annex part, any number of trailing scans are administrative
    assert admin_pages(ten, lines_of(ten), [], None) == list(range(3, 13))


def test_a_document_pasted_as_page_pictures_goes_on_in_the_scans_after_it():
    document = doc([[Line("Annexe 1 : Documentation utilisateur", bold=True)], [], [],
                    [Line("Annexe 2 : Press article", bold=True), Line(PROSE)], []])
    shares = {1: 0.7, 2: 0.67, 3: 0.67, 4: 0.0, 5: 0.8}
    annexes, _ = split_annexes(document, [], 1, set(), lines_of(document), page_shares=shares)
    # the guide's pages stay one document; a scan after a text article is a document of its own
    assert [a.pages for a in annexes] == [[1, 2, 3], [4], [5]]


def test_roman_parts_hold_the_decimal_sections_set_at_their_level():
    titles = ["Introduction", "I. Présentation de l'entreprise", "1. L'histoire",
              "2. Le personnel", "II. Activités", "3. L'équipe", "4. Les tests",
              "III. Conclusion"]
    headings = repair_levels([Heading(t, 1, n + 1, 0, "typography")
                              for n, t in enumerate(titles)])
    assert [h.level for h in headings] == [1, 1, 2, 2, 1, 2, 2, 1]


def test_a_bold_sub_title_inside_numbered_annexes_starts_no_document():
    document = doc([
        [Line("Annexe 1 : Datasheet", size=12, bold=True), Line(PROSE, size=10),
         Line("Features", size=12, bold=True), Line(PROSE, size=10)],
        [Line("Annexe 2 : Press article", size=12, bold=True), Line(PROSE, size=10)],
    ])
    starts = [(1, 0, "Annexe 1 : Datasheet"), (2, 0, "Annexe 2 : Press article")]
    assert _alike_starts(document, starts, [1, 2], set(), {(p, i) for p, i, _ in starts}) == []
