"""Markdown reports: the multi-file pandoc fixture repositories (fixtures/repos/markdown-
report*) give the compiled PDF's reading and findings; CommonMark traps; reading order."""

from __future__ import annotations

import shutil

import pytest

from _sources_helpers import REPOS, codes, copy_repo, lint, pages_of, roles
from report_lint.parsers.markdown import ordered_sources, split_heading_attributes

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def pdf_results():
    from report_lint.config import load_config
    from report_lint.runner import check_file

    return {name: check_file(REPOS / name / "rapport.pdf", load_config(REPOS / name))
            for name in ("markdown-report", "markdown-report-broken")}


@pytest.mark.parametrize("name", ["markdown-report", "markdown-report-broken"])
def test_fresh_pdf_gives_its_pages(name, tmp_path, pdf_results):
    repo = copy_repo(name, tmp_path)
    result = lint(repo / "00-titre.md")
    assert result.format == "markdown" and result.document.source.pages_from == "pdf"
    assert pages_of(result) == pages_of(pdf_results[name])
    assert roles(result) == roles(pdf_results[name])


@pytest.mark.parametrize("name", ["markdown-report", "markdown-report-broken"])
def test_estimated_same_roles_and_annex_findings(name, tmp_path, pdf_results):
    """Acceptance: the estimate from the sources gives the compiled PDF's section roles and
    annex findings (same codes; pages may be one off)."""
    repo = copy_repo(name, tmp_path)
    result = lint(repo / "00-titre.md", pdf=False)
    want = pdf_results[name]
    assert result.document.pages_estimated
    assert roles(result) == roles(want)
    assert codes(result) == codes(want)
    assert len(result.report.annexes) == 3
    assert [len(a.pages) for a in result.report.annexes] == [1, 1, 1]
    assert [a.language for a in result.report.annexes] == \
        [a.language for a in want.report.annexes]
    for a, b in zip(result.report.annexes, want.report.annexes):
        assert a.image_share == pytest.approx(b.image_share, abs=0.02)
    assert abs(result.document.page_count - want.document.page_count) <= 1


def test_stale_pdf_not_used(tmp_path):
    repo = copy_repo("markdown-report", tmp_path, pdf_fresh=False)
    result = lint(repo / "03-entreprise.md")  # any source of the report: the whole report
    assert result.document.source.pdf_problem == "stale"
    assert "DOC006" in codes(result)
    assert roles(result) == ["company", "activities", "conclusion", "annexes"]


def test_folder_search_finds_the_report_once(tmp_path):
    from report_lint.cli import find_reports

    repo = copy_repo("markdown-report", tmp_path)
    assert list(find_reports(repo)) == [repo / "00-titre.md"]


TRAPS = """---
# Métadonnées : ces lignes sont des commentaires YAML, pas des titres
title: "Rapport de stage"
# author: à compléter
papersize: a4
---

#Ceci n'est pas un titre (pas d'espace)

# Présentation de l'entreprise {-}

Texte.

```bash
# pas un titre non plus
sudo systemctl restart chirpstack
```

# Activités réalisées {#activites .unnumbered}

    # bloc de code indenté

Texte.
"""


def test_commonmark_traps(tmp_path):
    """Traps: '#' comment lines in YAML front matter, '#Title' without a space, headings
    in fenced (and indented) code, pandoc attributes after a heading."""
    path = tmp_path / "rapport.md"
    path.write_text(TRAPS, encoding="utf-8")
    doc = lint(path, pdf=False).document
    assert [(e.title, e.level) for e in doc.outline] == [
        ("Présentation de l'entreprise", 1), ("Activités réalisées", 1)]
    text = "\n".join(p.text for p in doc.pages)
    assert "#Ceci n'est pas un titre" in text  # a paragraph
    assert "Métadonnées" not in text and "author" not in text
    assert "# pas un titre non plus" in text  # code, as text


def test_heading_attributes():
    assert split_heading_attributes("Annexes {-}") == ("Annexes", {".unnumbered": "class"})
    assert split_heading_attributes("Conclusion {#conc .unnumbered}")[0] == "Conclusion"
    assert split_heading_attributes("Set {x}")[0] == "Set"
    assert split_heading_attributes("f(x){y}") == ("f(x){y}", {})


def test_picture_sizes_from_attributes_and_html(tmp_path):
    from PIL import Image

    Image.new("RGB", (400, 200)).save(tmp_path / "pic.png", dpi=(72, 72))
    (tmp_path / "r.md").write_text(
        "---\npapersize: a4\ngeometry: margin=2cm\n---\n\n![](pic.png){width=50%}\n\n\\newpage\n\n"
        "<img src=\"pic.png\" width=\"200\">\n\n\\newpage\n\n![](pic.png){width=5cm}\n\n"
        "![](absent.png)\n", encoding="utf-8")
    result = lint(tmp_path / "r.md", pdf=False)
    boxes = [b.bbox for p in result.document.pages for b in p.images]
    widths = [round(b[2] - b[0], 1) for b in boxes]
    cm = 72 / 2.54
    assert widths == pytest.approx([(595.28 - 4 * cm) / 2, 150.0, 5 * cm], abs=0.2)
    assert len(result.document.pages) == 3
    assert [f.code for f in result.findings if f.code == "DOC005"] == ["DOC005"]


def test_order_numbered_natural_then_summary_then_mkdocs_then_config(tmp_path):
    for name in ("10-fin.md", "2-milieu.md", "1-debut.md", "README.md"):
        (tmp_path / name).write_text(f"# {name}\n", encoding="utf-8")
    assert [p.name for p in ordered_sources(tmp_path)[0]] == ["1-debut.md", "2-milieu.md",
                                                               "10-fin.md"]
    (tmp_path / "mkdocs.yml").write_text("docs_dir: .\nnav:\n  - Fin: 10-fin.md\n"
                                         "  - Partie:\n    - 1-debut.md\n", encoding="utf-8")
    assert [p.name for p in ordered_sources(tmp_path)[0]] == ["10-fin.md", "1-debut.md"]
    (tmp_path / "SUMMARY.md").write_text("# Summary\n\n* [Milieu](2-milieu.md)\n"
                                         "* [Début](1-debut.md)\n", encoding="utf-8")
    files, origin = ordered_sources(tmp_path)
    assert origin == "SUMMARY.md" and [p.name for p in files] == ["2-milieu.md", "1-debut.md"]
    (tmp_path / "report-lint.toml").write_text('sources = ["10-fin.md", "2-milieu.md"]\n',
                                               encoding="utf-8")
    files, origin = ordered_sources(tmp_path)
    assert origin == "config" and [p.name for p in files] == ["10-fin.md", "2-milieu.md"]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_build_with_pandoc(tmp_path):
    repo = copy_repo("markdown-report-broken", tmp_path, pdf_fresh=False)
    (repo / "rapport.pdf").unlink()
    result = lint(repo / "00-titre.md", build=True)
    assert result.document.source.pages_from == "built", result.document.source
    assert {"SEC003", "ANX003"} <= set(codes(result))
    assert not (repo / "rapport.pdf").exists()


def test_markdown_file_alone(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Conclusion\n\nTexte.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Lisez-moi\n", encoding="utf-8")
    result = lint(path, pdf=False)
    assert [e.title for e in result.document.outline] == ["Conclusion"]


def test_summary_links_outside_the_report_folder_are_not_read(tmp_path):
    """No file read outside the input: a SUMMARY.md pointing above the report's folder."""
    (tmp_path / "secret.md").write_text("# Conclusion\n\nSENTINEL-4242 TODO\n", encoding="utf-8")
    report = tmp_path / "rapport"
    report.mkdir()
    (report / "SUMMARY.md").write_text("- [Intro](01-intro.md)\n- [Fin](../secret.md)\n",
                                       encoding="utf-8")
    (report / "01-intro.md").write_text("# Introduction\n\nTexte du rapport.\n", encoding="utf-8")
    from report_lint.parsers.markdown import ordered_sources

    files, origin = ordered_sources(report)
    assert origin == "SUMMARY.md" and [f.name for f in files] == ["01-intro.md"]
