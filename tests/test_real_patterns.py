"""Patterns of real student reports, reproduced by fixtures/make_fixtures.py with our own
content (Théo Garnier at Datalp Systèmes): each fixture must be read as its oracle
(fixtures/reports/expected.json, written from pdftotext) says, through the JSON contract:
where each role starts, the body pages, the annexed documents, and exactly the findings it
was built for. Misread fixtures are strict xfails (tests/_known_misreadings.py).
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
PATTERNS = [
    "trap-company-subsection.pdf",       # company part = sub-section 1.1 of "Contexte du stage"
    "trap-toc-without-numbers.pdf",      # bold Normal headings, Sommaire without page numbers
    "sec003-empty-conclusion.pdf",       # a "Conclusion" heading with nothing under it
    "trap-back-matter.pdf",              # bibliography, glossary, annexes, résumé / abstract
    "trap-annexes-without-heading.pdf",  # English documents after the conclusion, no heading
    "trap-annexes-without-heading-h1.pdf",  # the same, their titles top-level headings
    "trap-appendix-lettered-latex.pdf",  # LaTeX \appendix, \section numbered A, B, C
    "trap-curly-apostrophes.pdf",        # every apostrophe typed as ’
]
ROLES = ("company", "activities", "conclusion")


def pdf_text(name: str, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8",
                           str(REPORTS / name), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_every_pattern_fixture_has_its_oracle():
    for name in PATTERNS:
        assert (REPORTS / name).is_file(), name
        assert name in EXPECTED, name


@pytest.mark.parametrize("name", fixture_params(PATTERNS))
def test_pattern_is_read_as_the_oracle_says(name):
    want = EXPECTED[name]
    got = reading(name)
    assert got["pages"]["total"] == want["pages_total"]
    assert got["pages"]["body"] == want["body_pages"]
    for role in ROLES:
        span = want["sections"][role]
        assert first_page(got, role) == (span[0] if span else None), (role, got["sections"])
    assert [a["pages"] for a in got["annexes"]] == [a["pages"] for a in want["annexes"]]
    assert got["pages"]["annexes"] == sum(len(a["pages"]) for a in want["annexes"])
    findings = sorted((f["code"], f["page"]) for f in got["findings"]
                      if f["severity"] in ("error", "warning"))
    assert findings == sorted((c, p) for c, p in want["expected"]), got["findings"]
    errors = any(f["severity"] == "error" for f in got["findings"])
    assert got["exit"] == (1 if errors else 0)
    # every section with a role says why it got it
    assert all(s["evidence"] for s in got["sections"] if s["role"] in ROLES), got["sections"]


# --- what each pattern adds ---------------------------------------------------------------

def test_company_part_is_the_subsection_not_its_chapter():
    got = reading("trap-company-subsection.pdf")
    company = [s for s in got["sections"] if s["role"] == "company"]
    assert [(s["title"], s["level"]) for s in company] == [("1.1 L'entreprise d'accueil", 2)]
    it_service = EXPECTED["trap-company-subsection.pdf"]["sections"]["activities"][0] - 1
    assert "1.2 Le service informatique" in pdf_text("trap-company-subsection.pdf", it_service)
    assert company[0]["last_page"] < it_service
    titles = {s["role"]: s["title"] for s in got["sections"]}
    assert titles["activities"] == "2. Déploiement du réseau LoRaWAN"
    assert titles["conclusion"] == "3. Bilan du stage"


def test_handmade_headings_and_a_sommaire_without_page_numbers():
    name = "trap-toc-without-numbers.pdf"
    assert PdfReader(str(REPORTS / name)).outline == []  # nothing declared
    toc = EXPECTED[name]["toc_page"]
    lines = [line.strip() for line in pdf_text(name, toc).splitlines() if line.strip()]
    assert "2. Activités réalisées" in lines and "Annexes" in lines
    entries = lines[lines.index("Sommaire") + 1:lines.index("Annexes")]
    assert len(entries) >= 10
    assert not [line for line in entries if re.search(r"\d$", line)], entries
    got = reading(name)
    assert {s["role"] for s in got["sections"]} >= set(ROLES)
    assert not any(s["first_page"] == toc for s in got["sections"] if s["role"] in ROLES)


def test_an_empty_conclusion_heading_is_no_conclusion():
    name = "sec003-empty-conclusion.pdf"
    page = EXPECTED[name]["body_pages"]
    text = [line.strip() for line in pdf_text(name, page).splitlines() if line.strip()]
    assert "3. Conclusion" in text and len(text) <= 4  # the heading, header, footer only
    got = reading(name)
    assert [f["code"] for f in got["findings"] if f["severity"] != "info"] == ["SEC003"]
    assert not [s for s in got["sections"] if s["role"] == "conclusion"]
    activities = next(s for s in got["sections"] if s["role"] == "activities")
    assert activities["last_page"] < page  # the empty heading is not taken into them


def test_back_matter_before_the_annexes_is_body_after_them_nowhere():
    name = "trap-back-matter.pdf"
    want = EXPECTED[name]
    got = reading(name)
    bibliography, glossary = want["body_pages"] - 1, want["body_pages"]
    assert "Bibliographie" in pdf_text(name, bibliography)
    assert "Glossaire" in pdf_text(name, glossary)
    assert got["pages"]["body"] == glossary  # both count in the body
    resume = want["pages_total"]
    assert "Résumé / Abstract" in pdf_text(name, resume)
    assert want["admin_pages"] == [resume]
    assert all(resume not in a["pages"] for a in got["annexes"])
    assert got["pages"]["body"] + got["pages"]["annexes"] < got["pages"]["total"]
    assert not [a for a in got["annexes"] if re.search("résumé|abstract", a["title"], re.I)]


@pytest.mark.parametrize("name", fixture_params(["trap-annexes-without-heading.pdf",
                                                  "trap-annexes-without-heading-h1.pdf"]))
def test_summary_says_the_annex_part_has_no_heading(name):
    want = EXPECTED[name]
    assert not [p for p in range(want["annex_part_first_page"], want["pages_total"] + 1)
                if re.search(r"^\s*Annexes?\b", pdf_text(name, p), re.M)]
    code, out = run(REPORTS / name)
    assert "Partie annexes reconnue sans titre « Annexes »" in out, out
    assert f"à partir de la page {want['annex_part_first_page']}" in out
    assert "Annexes (3)" in out
    assert code == 0


def test_latex_appendix_with_lettered_sections_pdf_and_source():
    name = "trap-appendix-lettered-latex"
    tex = REPORTS / "latex" / f"{name}.tex"
    source = tex.read_text(encoding="utf-8")
    after = source.split("\\appendix", 1)[1]
    assert len(re.findall(r"\\section\{", after)) == 3 and "\\section*" not in after
    want = EXPECTED[f"{name}.pdf"]
    for annex, letter in zip(want["annexes"], "ABC"):
        page = [line.strip() for line in pdf_text(f"{name}.pdf", annex["pages"][0]).splitlines()]
        assert letter in page  # LaTeX numbered it
    got = reading(f"{name}.pdf")
    assert len(got["annexes"]) == 3
    # the source itself: \appendix starts the annex part (rules.md)
    code, out = run(tex, "--format", "json")
    entry = json.loads(out)["files"][0]
    assert code == 0, entry["findings"]
    assert len(entry["annexes"]) == 3
    assert entry["pages"]["body"] == want["body_pages"]
    assert not [f for f in entry["findings"] if f["severity"] in ("error", "warning")]


def test_curly_apostrophes_everywhere_and_no_act004():
    name = "trap-curly-apostrophes"
    with zipfile.ZipFile(REPORTS / f"{name}.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "’" in text and "'" not in text and "&apos;" not in xml
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(REPORTS / f"{name}.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "'" not in pdf and "J’ai trouvé" in pdf
    got = reading(f"{name}.pdf")
    assert not [f for f in got["findings"] if f["code"].startswith("ACT")]
    compliant = reading("compliant-lo.pdf")
    assert [(s["role"], s["first_page"]) for s in got["sections"]] == \
        [(s["role"], s["first_page"]) for s in compliant["sections"]]
