"""Issue 16's patterns of unseen reports (1-9 and 11), one fixture each, built by
fixtures/make_patterns16.py with our own content: each must be read as its oracle
(fixtures/reports/expected.json, written from the rendered PDF with pdftotext, never from the
linter) says, through the CLI's JSON (``check --format json --no-cache``): where each role
starts, the body pages, the annexed documents, and exactly the findings it was built for,
no false ones. What each pattern adds is checked on the file itself first (the fixture is
what it claims to be), then on the reading. Fixtures today's reader misreads are strict
xfails (tests/_known_misreadings.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import pytest
from _cli_reading import REPORTS, first_page, reading, run
from _known_misreadings import fixture_params
from pypdf import PdfReader


EXPECTED = json.loads((REPORTS / "expected.json").read_text(encoding="utf-8"))
PATTERNS = {  # fixture -> the pattern of issue 16 it reproduces
    "p16-partial-bookmarks-latex.pdf": 1,       # bookmarks on the three annexes only
    "p16-toc-lists-annexes.pdf": 2,             # SOMMAIRE ending with "ANNEXES"
    "p16-annex-references.pdf": 3,              # "(voir annexe N°3)" ... in the activities
    "p16-no-conclusion-bilan-mission.pdf": 4,   # no conclusion, "2.3.3 Bilan de la mission"
    "p16-handmade-headings.pdf": 5,             # "II – L'entreprise :" in a banner, I II III VI
    "p16-role-synonyms.pdf": 6,                 # "Présentation d'Alvéa", "Bilan personnel..."
    "p16-appendix-letters-latex.pdf": 7,        # \appendix A, B, C, then "D Références"
    "p16-annex-shapes-latex.pdf": 7,            # \annexe macro, table, banner, "(suite)"
    "p16-caption-only-annex-latex.pdf": 8,      # an annex whose only text is a caption
    "p16-lost-ligatures-latex.pdf": 9,          # "Présenta on", "Ac vités"
    "p16-activity-steps-latex.pdf": 11,         # \chapter, \section per activity, steps
    "p16-activity-steps-bold.pdf": 11,          # the same in Word, bold titles, no styles
}
NAMES = sorted(PATTERNS)
LATEX = sorted(n for n in NAMES if EXPECTED[n]["tex"])
ROLES = ("company", "activities", "conclusion")


def section(entry: dict, title: str) -> dict | None:
    return next((s for s in entry["sections"] if s["title"].strip() == title), None)


def pdf_text(name: str, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8",
                           str(REPORTS / name), "-"], capture_output=True, text=True,
                          check=True).stdout


def lines(name: str, page: int) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip().replace("\u2019", "'")
            for line in pdf_text(name, page).splitlines() if line.strip()]


HEADER = ("Théo Garnier – BTS SN IR", "Session 2026")


def content(name: str, page: int) -> list[str]:
    """The page's lines without the running header and the page number."""
    return [line for line in lines(name, page) if line not in (*HEADER, str(page))]


def no_heading_styles(name: str) -> bool:
    return not re.search(r'w:pStyle w:val="Heading\d"', docx_xml(name))


def bookmarks(name: str) -> list[str]:
    def walk(outline):
        for o in outline:
            yield from (walk(o) if isinstance(o, list) else [o.title])
    return list(walk(PdfReader(str(REPORTS / name)).outline))


def docx_xml(name: str) -> str:
    with zipfile.ZipFile(REPORTS / name.replace(".pdf", ".docx")) as z:
        return z.read("word/document.xml").decode("utf-8")


def assert_read_as_oracle(got: dict, want: dict):
    assert got["pages"]["total"] == want["pages_total"]
    for role in ROLES:
        span = want["sections"][role]
        assert first_page(got, role) == (span[0] if span else None), (role, got["sections"])
    assert got["pages"]["body"] == want["body_pages"]
    assert [a["pages"] for a in got["annexes"]] == [a["pages"] for a in want["annexes"]]
    assert got["pages"]["annexes"] == sum(len(a["pages"]) for a in want["annexes"])
    # the findings: exactly those the fixture was built for (a tolerated side finding may be
    # added, never required), errors and warnings alike
    tolerated = {code for code, _ in want["tolerated"]}
    findings = sorted((f["code"], f["page"]) for f in got["findings"]
                      if f["severity"] in ("error", "warning") and f["code"] not in tolerated)
    assert findings == sorted((c, p) for c, p in want["expected"]), got["findings"]
    errors = {f["code"] for f in got["findings"] if f["severity"] == "error"}
    assert errors <= {c for c, _ in want["expected"]}, got["findings"]
    assert got["exit"] == (1 if errors else 0)


def test_every_pattern_has_its_fixture_and_oracle():
    assert sorted(set(PATTERNS.values())) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]
    for name in NAMES:
        assert (REPORTS / name).is_file(), name
        want = EXPECTED[name]
        assert want["note"].startswith(f"Issue 16 pattern {PATTERNS[name]}:"), name
        assert 10 <= want["pages_total"] <= 17  # short reports
        assert len(want["annexes"]) == 3
        assert want["body_pages"] == want["annex_part_first_page"] - 1
        source = REPORTS / (want["docx"] or want["tex"])
        assert source.is_file(), source


@pytest.mark.parametrize("name", fixture_params(NAMES))
def test_pattern_is_read_as_the_oracle_says(name):
    got = reading(name)
    assert_read_as_oracle(got, EXPECTED[name])
    assert all(s["evidence"] for s in got["sections"] if s["role"] in ROLES), got["sections"]


@pytest.mark.parametrize("name", fixture_params([n.replace(".pdf", ".tex") for n in LATEX],
                                                "source"))
def test_latex_source_is_read_as_its_pdf(name):
    """The LaTeX source of each fixture gives the reading of its PDF (rules.md: a source is
    checked as the report it compiles to)."""
    code, out = run(REPORTS / "latex" / name, "--format", "json")
    got = json.loads(out)["files"][0]
    got["exit"] = code
    assert_read_as_oracle(got, EXPECTED[name.replace(".tex", ".pdf")])


# --- 1. partial bookmarks ---------------------------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-partial-bookmarks-latex.pdf"]))
def test_bookmarks_on_the_annexes_do_not_hide_the_body(name):
    want = EXPECTED[name]
    marks = bookmarks(name)
    assert [m.split(" – ")[0] for m in marks] == ["Annexe 1", "Annexe 2", "Annexe 3"]
    assert "Mission durant le stage" in lines(name, want["sections"]["activities"][0])
    assert "Conclusion" in lines(name, want["sections"]["conclusion"][0])
    got = reading(name)
    assert not [s for s in got["sections"] if s["role"] in ROLES
                and s["first_page"] >= want["annex_part_first_page"]], got["sections"]
    assert (section(got, "Mission durant le stage") or {}).get("role") == "activities"
    assert (section(got, "Conclusion") or {}).get("role") == "conclusion"
    assert not [f for f in got["findings"] if f["code"] in ("SEC001", "SEC002", "SEC003")]


# --- 2. "ANNEXES" in the table of contents ------------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-toc-lists-annexes.pdf"]))
def test_annexes_entry_of_the_sommaire_does_not_start_the_annex_part(name):
    want = EXPECTED[name]
    toc = lines(name, want["toc_page"])
    assert want["toc_page"] == 2 and "SOMMAIRE" in toc
    entries = [line for line in toc if re.search(r"\.{3,}\s*\d+$", line)]
    assert re.match(r"ANNEXES\.+\s*(\d+)$", entries[-1])
    assert int(re.search(r"(\d+)$", entries[-1]).group(1)) == want["annex_part_first_page"]
    got = reading(name)
    annex_part = next(s for s in got["sections"] if s["role"] == "annexes")
    assert annex_part["first_page"] == want["annex_part_first_page"]
    assert not [s for s in got["sections"] if s["first_page"] == want["toc_page"]
                and s["role"] in (*ROLES, "annexes")]
    assert section(got, "Présentation de l'organisme")["role"] == "company"
    assert not [f for f in got["findings"] if f["code"] in ("ANX001", "ANX003")]


# --- 3. references taken for annexes --------------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-annex-references.pdf"]))
def test_references_to_annexes_in_the_body_start_nothing(name):
    want = EXPECTED[name]
    first, last = want["sections"]["activities"]
    body = [line for p in range(first, last + 1) for line in lines(name, p)]
    for start in ("Annexe 2 :", "Voir annexe 1 :", "(voir annexe N°3)", "Détaillées en annexe",
                  "Un marché qui grandit : comme le montre l'annexe 2"):
        assert [line for line in body if line.startswith(start)], start
    got = reading(name)
    assert all(p >= want["annex_part_first_page"] for a in got["annexes"] for p in a["pages"])
    annex_part = [s for s in got["sections"] if s["role"] == "annexes"]
    assert [s["first_page"] for s in annex_part] == [want["annex_part_first_page"]]


# --- 4. impossible readings -------------------------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-no-conclusion-bilan-mission.pdf"]))
def test_bilan_de_la_mission_is_no_conclusion_and_a_tool_is_no_company(name):
    want = EXPECTED[name]
    first, last = want["sections"]["activities"]
    pages = {t: next(p for p in range(first, last + 1) if t in lines(name, p))
             for t in ("2.3.1 Présentation de l'outil Zabbix", "2.3.3 Bilan de la mission")}
    assert all(first < p <= last for p in pages.values())
    assert not [p for p in range(1, want["pages_total"] + 1)
                if re.search(r"^\s*(\d\.\s*)?Conclusion\b", pdf_text(name, p), re.M)]
    got = reading(name)
    assert [s["title"] for s in got["sections"] if s["role"] == "company"] == \
        ["1. Présentation de l'entreprise"]
    assert not [s for s in got["sections"] if s["role"] == "conclusion"], got["sections"]
    assert ("SEC003", None) in [(f["code"], f["page"]) for f in got["findings"]
                                if f["severity"] == "error"]


# --- 5. hand-made headings ---------------------------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-handmade-headings.pdf"]))
def test_handmade_headings_with_colons_banners_and_skipping_numbers(name):
    want = EXPECTED[name]
    assert bookmarks(name) == []
    xml = docx_xml(name)
    assert no_heading_styles(name) and 'w:fill="1F4E79"' in xml  # no styles; a shaded band
    acts = want["sections"]["activities"][0]
    assert content(name, acts) == ["III – Mes missions :"]  # the title alone on its page
    assert "VI – Conclusion :" in lines(name, want["sections"]["conclusion"][0])
    got = reading(name)
    titles = {s["title"]: s for s in got["sections"]}
    assert titles["II – L'entreprise :"]["role"] == "company"
    assert titles["VI – Conclusion :"]["role"] == "conclusion"
    activities = next(s for s in got["sections"] if s["role"] == "activities")
    assert activities["last_page"] < want["sections"]["conclusion"][0], got["sections"]
    assert not [f for f in got["findings"] if f["code"].startswith("ACT")], got["findings"]


# --- 6. titles naming the role in other words --------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-role-synonyms.pdf"]))
def test_titles_naming_the_role_in_other_words(name):
    got = reading(name)
    roles = {s["title"]: s["role"] for s in got["sections"]}
    assert roles["Première partie : Présentation d'Alvéa Systèmes"] == "company"
    assert roles["Deuxième partie : Zabbix, SNMPv3 et Grafana"] == "activities"
    assert roles["Bilan personnel et professionnel"] == "conclusion"
    assert roles.get("Troisième partie : bilan du stage") != "conclusion"
    assert roles.get("2.3 Conclusion") != "conclusion"
    assert [s["title"] for s in got["sections"] if s["role"] == "conclusion"] == \
        ["Bilan personnel et professionnel"]


# --- 7. annexes in other shapes ----------------------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-appendix-letters-latex.pdf"]))
def test_lettered_appendix_and_references_as_back_matter(name):
    want = EXPECTED[name]
    tex = (REPORTS / want["tex"]).read_text(encoding="utf-8")
    after = tex.split("\\appendix", 1)[1]
    assert len(re.findall(r"\\section\{", after)) == 4 and "Annexe" not in after
    for annex, letter in zip(want["annexes"], "ABC"):
        assert letter in content(name, annex["pages"][0])  # LaTeX printed it
        assert annex["title"] in " ".join(content(name, annex["pages"][0])[:3])
    back = want["admin_pages"]
    assert back == [want["pages_total"]] and {"D", "Références"} <= set(content(name, back[0]))
    got = reading(name)
    assert not [a for a in got["annexes"] if "Références" in a["title"]]
    assert got["pages"]["body"] + got["pages"]["annexes"] == want["pages_total"] - 1


@pytest.mark.parametrize("name", fixture_params(["p16-annex-shapes-latex.pdf"]))
def test_annexe_macro_table_banner_and_continuation(name):
    want = EXPECTED[name]
    conclusion = lines(name, want["sections"]["conclusion"][0])
    assert conclusion[-2:] == ["ANNEXES", str(want["sections"]["conclusion"][0])]  # foot
    table = content(name, want["annex_part_first_page"])
    assert table[0] == "Table des annexes" and len(table) == 4
    assert [line.split(" : ")[0] for line in table[1:]] == ["Annexe 1", "Annexe 2", "Annexe 3"]
    second = want["annexes"][1]["pages"]
    assert len(second) == 2 and content(name, second[1])[0] == "Annexe 2 (suite)"
    got = reading(name)
    assert [f["code"] for f in got["findings"] if f["severity"] == "error"] == ["ANX002"]
    assert next(f["page"] for f in got["findings"] if f["code"] == "ANX002") == second[0]


# --- 8. language of short text -----------------------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-caption-only-annex-latex.pdf"]))
def test_a_caption_alone_decides_no_language(name):
    want = EXPECTED[name]
    page = want["annexes"][1]["pages"][0]
    assert content(name, page) == ["Annexe 2", "Wireless sensors in cold rooms"]
    assert want["annexes"][1]["language"] is None and want["annexes"][1]["image_share"][0] > 1 / 3
    got = reading(name)
    assert not [f for f in got["findings"] if f["code"] == "ANX003"], got["findings"]
    assert ("ANX004", page) in [(f["code"], f["page"]) for f in got["findings"]]


# --- 9. lost ligatures -------------------------------------------------------------------------

@pytest.mark.parametrize("name", fixture_params(["p16-lost-ligatures-latex.pdf"]))
def test_sections_are_found_without_ti_and_fi(name):
    want = EXPECTED[name]
    assert bookmarks(name) == []
    text = "\n".join(pdf_text(name, p) for p in range(1, want["pages_total"] + 1))
    assert "Présenta on de l" in text and "2. Ac vités réalisées" in text
    assert not re.search(r"[a-zé](ti|fi)", text.replace("\ufb01", "fi"))
    got = reading(name)
    for role in ROLES:
        assert first_page(got, role) == want["sections"][role][0], role
    assert not [f for f in got["findings"] if f["code"].startswith(("SEC00", "ACT"))]


# --- 11. activities judged at the right depth ----------------------------------------------------

STEPS = ("Objectifs et contraintes", "Démarche et réalisation", "Résultats obtenus",
         "Commentaires personnels")


@pytest.mark.parametrize("name", fixture_params(["p16-activity-steps-latex.pdf",
                                                 "p16-activity-steps-bold.pdf"]))
def test_activity_steps_are_not_activities(name):
    want = EXPECTED[name]
    if want["tex"]:
        tex = (REPORTS / want["tex"]).read_text(encoding="utf-8")
        assert "\\documentclass[12pt,a4paper]{report}" in tex
        assert len(re.findall(r"\\section\*\{2\.\d ", tex)) == 2
        for step in STEPS:
            assert tex.count(f"\\subsection*{{{step}}}") == 2, step
    else:
        assert no_heading_styles(name) and bookmarks(name) == []
    first, last = want["sections"]["activities"]
    found = [line for p in range(first, last + 1) for line in lines(name, p) if line in STEPS]
    assert found == [*STEPS, *STEPS]
    got = reading(name)
    assert not [f for f in got["findings"] if f["code"].startswith("ACT")], got["findings"]
