"""Inline suppression comments in LaTeX and Markdown sources; DOC004 for unknown codes."""

from __future__ import annotations

import pytest

from _sources_helpers import codes, copy_repo, lint
from report_lint.suppressions import parse_directive

pytestmark = pytest.mark.filterwarnings("ignore")


def test_parse_directive():
    assert parse_directive(" report-lint: disable=ANX005") == ("disable", ["ANX005"])
    assert parse_directive(" report-lint: disable-next-line=ANX004, SEC005 ") == \
        ("disable-next-line", ["ANX004", "SEC005"])
    assert parse_directive(" report-lint: enable=ANX ") == ("enable", ["ANX"])
    assert parse_directive(" report-lint: disable") == ("disable", ["ALL"])
    assert parse_directive(" a plain comment") is None


def _broken_latex(tmp_path, edit):
    repo = copy_repo("latex-report-broken", tmp_path)
    path = repo / "main.tex"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return repo, lint(path, pdf=False)


def test_latex_disable_in_preamble_covers_the_document(tmp_path):
    _, result = _broken_latex(tmp_path, lambda t: t.replace(
        "\\begin{document}", "% report-lint: disable=SEC003, annex-not-english\n\\begin{document}"))
    assert "SEC003" not in codes(result) and "ANX003" not in codes(result)


def test_latex_disable_enable_region_and_next_line(tmp_path):
    def edit(text):
        return text.replace("\\appendix", "% report-lint: disable=ANX003\n\\appendix")
    _, result = _broken_latex(tmp_path, edit)
    assert "ANX003" not in codes(result) and "SEC003" in codes(result)
    # closed before the annexes: ANX003 comes back
    _, result = _broken_latex(tmp_path / "b", lambda t: t.replace(
        "\\include{chapters/entreprise}",
        "% report-lint: disable=ANX003\n\\include{chapters/entreprise}\n"
        "% report-lint: enable=ANX003"))
    assert "ANX003" in codes(result)


def test_latex_disable_next_line_in_a_chapter(tmp_path):
    repo = copy_repo("latex-report-broken", tmp_path)
    annexes = repo / "chapters" / "annexes.tex"
    text = annexes.read_text(encoding="utf-8")
    marker = "\\subsection*{Annexe 3"
    assert marker in text
    annexes.write_text(text.replace(marker, "% report-lint: disable-next-line=ANX003\n" + marker),
                       encoding="utf-8")
    result = lint(repo / "main.tex", pdf=False)
    assert "ANX003" not in codes(result) and "SEC003" in codes(result)
    # the same with the compiled PDF: the directive is placed by finding the text in it
    import os
    import time

    os.utime(repo / "main.pdf", (time.time() + 10, time.time() + 10))
    result = lint(repo / "main.tex")
    assert result.document.source.pages_from == "pdf"
    assert "ANX003" not in codes(result) and "SEC003" in codes(result)


def test_unknown_code_is_reported(tmp_path):
    _, result = _broken_latex(tmp_path, lambda t: t.replace(
        "\\appendix", "% report-lint: disable=ANX03, ANX003\n\\appendix"))
    doc004 = [f for f in result.findings if f.code == "DOC004"]
    assert len(doc004) == 1 and "ANX03" in doc004[0].message and "main.tex:" in doc004[0].message
    assert "ANX003" not in codes(result)


def test_markdown_comments(tmp_path):
    repo = copy_repo("markdown-report-broken", tmp_path)
    annexes = repo / "06-annexes.md"
    text = annexes.read_text(encoding="utf-8")
    marker = "## Annexe 3"
    annexes.write_text(text.replace(marker, "<!-- report-lint: disable-next-line=ANX003 -->\n"
                                            + marker), encoding="utf-8")
    first = repo / "00-titre.md"
    first.write_text(first.read_text(encoding="utf-8") +
                     "\n<!-- report-lint: disable=SEC003 XYZ999 -->\n", encoding="utf-8")
    result = lint(first, pdf=False)
    assert "ANX003" not in codes(result)
    assert "SEC003" not in codes(result)  # never enabled again: covers page-less findings
    assert [f.code for f in result.findings if f.code == "DOC004"] == ["DOC004"]


def test_estimated_page_level_findings_are_warnings(tmp_path):
    """A page-level error on estimated pages is only a warning, and says it is estimated."""
    repo = copy_repo("latex-report", tmp_path)
    (repo / "report-lint.toml").write_text("max_pages = 10\n", encoding="utf-8")
    estimated = lint(repo / "main.tex", pdf=False)
    exact = lint(repo / "main.tex")
    est = [f for f in estimated.findings if f.code == "LEN001"]
    ex = [f for f in exact.findings if f.code == "LEN001"]
    assert est and est[0].severity.value == "warning" and "estim" in est[0].message
    assert ex and ex[0].severity.value == "error"
