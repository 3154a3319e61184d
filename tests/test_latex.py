"""LaTeX reports: the multi-file fixture repositories (fixtures/repos/latex-report*, built
by fixtures/make_repos.py) read from their sources give the same reading and findings as
their compiled PDFs; the traps of real repositories."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from _sources_helpers import REPOS, codes, copy_repo, lint, pages_of, roles
from report_lint.parsers.latex import find_main, strip_skipped
from report_lint.parsers.pdf_backend import parse_any_pdf
from report_lint.textnorm import normalize_text

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def pdf_results():
    """The compiled PDF of each fixture repository, read as a PDF."""
    from report_lint.config import load_config
    from report_lint.runner import check_file

    out = {}
    for name in ("latex-report", "latex-report-broken"):
        pdf = REPOS / name / "main.pdf"
        out[name] = check_file(pdf, load_config(pdf.parent))
    return out


@pytest.mark.parametrize("name", ["latex-report", "latex-report-broken"])
def test_sources_with_fresh_pdf_read_the_pdf_pages(name, tmp_path, pdf_results):
    repo = copy_repo(name, tmp_path)
    result = lint(repo / "main.tex")
    assert result.format == "latex"
    assert result.document.source.pages_from == "pdf"
    assert not result.document.pages_estimated
    want = pdf_results[name]
    assert pages_of(result) == pages_of(want)
    assert roles(result) == roles(want)


@pytest.mark.parametrize("name", ["latex-report", "latex-report-broken"])
def test_estimated_from_sources_same_roles_and_annex_findings(name, tmp_path, pdf_results):
    """Acceptance: without a usable PDF, the sources give the compiled PDF's section roles
    and annex findings (same codes; the pages happen to be the same too)."""
    repo = copy_repo(name, tmp_path)
    result = lint(repo / "main.tex", pdf=False)
    want = pdf_results[name]
    assert result.document.pages_estimated
    assert roles(result) == roles(want)
    assert codes(result) == codes(want)
    assert [a.pages for a in result.report.annexes] == [a.pages for a in want.report.annexes]
    assert [a.language for a in result.report.annexes] == \
        [a.language for a in want.report.annexes]
    assert abs(result.document.page_count - want.document.page_count) <= 1
    for a, b in zip(result.report.annexes, want.report.annexes):
        assert a.image_share == pytest.approx(b.image_share, abs=0.02)
    assert {s.role: (s.first_page, s.last_page) for s in result.report.sections
            if s.role in ("company", "activities", "conclusion")} == \
        {s.role: (s.first_page, s.last_page) for s in want.report.sections
         if s.role in ("company", "activities", "conclusion")}


def test_includepdf_annex_read_through_the_pdf_parser(tmp_path):
    repo = copy_repo("latex-report", tmp_path)
    result = lint(repo / "main.tex", pdf=False)
    annex = result.report.annexes[1]
    assert annex.title.startswith("Annexe 2 – Press article")
    assert annex.language == "en" and annex.language_probability > 0.9
    included = parse_any_pdf(repo / "annexes" / "annexe2.pdf").pages[0]
    page = result.document.pages[annex.pages[0] - 1]
    # the runner normalises every line (’ as ', ligatures...) before any later stage
    assert [ln.text for ln in page.lines] == [normalize_text(ln.text) for ln in included.lines]
    assert "annexes/annexe2.pdf" in result.document.source.assets


def test_stale_pdf_is_not_used_and_said(tmp_path):
    """Trap: a PDF older than its sources (a chapter edited after the last compilation)."""
    repo = copy_repo("latex-report-broken", tmp_path, pdf_fresh=False)
    result = lint(repo / "main.tex")
    notes = result.document.source
    assert result.document.pages_estimated and notes.pdf_problem == "stale"
    doc006 = [f for f in result.findings if f.code == "DOC006"]
    assert len(doc006) == 1 and "main.pdf" in doc006[0].message
    assert {"SEC003", "ANX003"} <= set(codes(result))


def test_folder_and_chapter_resolve_to_the_main_file(tmp_path):
    repo = copy_repo("latex-report", tmp_path)
    assert find_main(repo) == repo / "main.tex"
    assert find_main(repo / "chapters" / "conclusion.tex") == repo / "main.tex"
    result = lint(repo / "chapters" / "conclusion.tex", pdf=False)
    assert roles(result) == ["company", "activities", "conclusion", "annexes"]


def test_folder_search_finds_the_report_once(tmp_path):
    from report_lint.cli import find_reports

    repo = copy_repo("latex-report", tmp_path)
    assert list(find_reports(repo)) == [repo / "main.tex"]  # not main.pdf nor annexe2.pdf


MINI = r"""\documentclass[11pt,a4paper]{article}
\usepackage[%(enc)s]{inputenc}
\usepackage[margin=2cm]{geometry}
\usepackage{graphicx}
%(preamble)s
\begin{document}
\section{Présentation de l'entreprise}
L'entreprise Datalp Systèmes installe des réseaux. %% \section{Commentaire}
\begin{comment}
\section{Dans un environnement comment}
\end{comment}
\iffalse
\section{Dans un iffalse}
\fi
\section{Activités réalisées}
J'ai installé des passerelles.
\includegraphics[width=8cm]{absente}
\input{chapitres/absent}
\section*{Conclusion}
Ce stage m'a confirmé mon projet professionnel.
%(annexes)s
\end{document}
"""


def _mini(tmp_path: Path, enc: str = "utf8", preamble: str = "", annexes: str = "",
          encoding: str = "utf-8", config: str = "") -> Path:
    folder = tmp_path / "rapport"
    folder.mkdir()
    (folder / "rapport.tex").write_bytes(
        (MINI % {"enc": enc, "preamble": preamble, "annexes": annexes}).encode(encoding))
    if config:
        (folder / "report-lint.toml").write_text(config, encoding="utf-8")
    return folder / "rapport.tex"


def test_comments_comment_environment_and_iffalse_are_skipped(tmp_path):
    result = lint(_mini(tmp_path))
    titles = [e.title for e in result.document.outline]
    assert titles == ["Présentation de l'entreprise", "Activités réalisées", "Conclusion"]
    text = "\n".join(p.text for p in result.document.pages)
    assert "Commentaire" not in text and "environnement comment" not in text
    assert "iffalse" not in text and "Dans un" not in text


def test_strip_skipped_keeps_line_numbers():
    src = "a\n\\iffalse\nb \\ifx c\\fi\n\\fi d\n\\begin{comment}\nx\n\\end{comment}\ne % \\iffalse\nf"
    out = strip_skipped(src)
    assert out.count("\n") == src.count("\n")
    assert out.split("\n")[0] == "a" and " d" in out and "x" not in out.split("\n")[5]
    assert out.endswith("e % \\iffalse\nf")


def test_missing_include_and_picture_are_reported_not_a_crash(tmp_path):
    result = lint(_mini(tmp_path))
    doc005 = sorted(f.message for f in result.findings if f.code == "DOC005")
    assert len(doc005) == 2
    assert any("absente" in m and "rapport.tex:17" in m for m in doc005)
    assert any("chapitres/absent" in m for m in doc005)


def test_latin1_sources_with_inputenc(tmp_path):
    result = lint(_mini(tmp_path, enc="latin1", encoding="latin-1"))
    assert result.document.outline[0].title == "Présentation de l'entreprise"
    assert "Activités réalisées" in result.document.pages[0].text


ANNEXES_MACRO = r"""
\annexes
\annexe{Datasheet of the KGW-8 gateway}
The KGW-8 is an eight-channel LoRaWAN gateway designed for industrial deployments.
\annexe{Cold-chain monitoring goes wireless}
Small food plants are replacing paper logs with wireless temperature sensors.
"""


def test_annexes_declared_with_configured_custom_macros(tmp_path):
    """Trap: annexes made with the student's own macros, named in the configuration."""
    path = _mini(tmp_path, preamble=r"\newcommand{\annexes}{\clearpage}"
                 "\n" r"\newcommand{\docannexe}[1]{\clearpage\noindent\textbf{#1}}",
                 annexes=ANNEXES_MACRO.replace(r"\annexe{", r"\docannexe{"),
                 config='[latex]\nannex_part_macros = ["annexes"]\nannex_macros = ["docannexe"]\n')
    result = lint(path, pdf=False)
    titles = [a.title for a in result.report.annexes]
    assert titles == ["Annexe 1 – Datasheet of the KGW-8 gateway",
                      "Annexe 2 – Cold-chain monitoring goes wireless"]
    assert "ANX001" in codes(result)  # two annexes, not three


def test_annex_macro_defined_with_a_sectioning_command_is_recognised(tmp_path):
    path = _mini(tmp_path, preamble=r"\newcommand{\annexe}[1]{\clearpage\section*{#1}}",
                 annexes=ANNEXES_MACRO.replace(r"\annexes", ""))
    result = lint(path, pdf=False)
    assert len(result.report.annexes) == 2
    assert result.report.annex_part_first_page == result.report.annexes[0].pages[0]


def test_custom_heading_macro_from_config(tmp_path):
    path = _mini(tmp_path, preamble=r"\newcommand{\partie}{\section}",
                 config='[latex]\nheading_macros = {partie = "section"}\n')
    text = path.read_text(encoding="utf-8").replace(r"\section{Activités", r"\partie{Activités")
    path.write_text(text, encoding="utf-8")
    result = lint(path, pdf=False)
    assert "Activités réalisées" in [e.title for e in result.document.outline]


def test_picture_size_from_width_height_scale(tmp_path):
    from PIL import Image

    folder = tmp_path / "r"
    folder.mkdir()
    Image.new("RGB", (400, 200)).save(folder / "pic.png", dpi=(72, 72))
    (folder / "r.tex").write_text(r"""\documentclass[a4paper]{article}
\usepackage[margin=2cm]{geometry}\usepackage{graphicx}
\begin{document}
\includegraphics[width=10cm]{pic}
\clearpage
\includegraphics[scale=0.5]{pic.png}
\clearpage
\includegraphics[width=0.5\textwidth,height=5cm,keepaspectratio]{pic}
\end{document}
""", encoding="utf-8")
    doc = lint(folder / "r.tex", pdf=False).document
    sizes = [tuple(round(v, 1) for v in (b.bbox[2] - b.bbox[0], b.bbox[3] - b.bbox[1]))
             for p in doc.pages for b in p.images]
    cm = 72 / 2.54
    text_width = 595.28 - 4 * cm
    assert sizes[0] == pytest.approx((10 * cm, 5 * cm), abs=0.2)
    assert sizes[1] == pytest.approx((200.0, 100.0), abs=0.2)  # 400 x 200 px at 72 dpi
    assert sizes[2] == pytest.approx((text_width / 2, text_width / 4), abs=0.2)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_build_compiles_in_a_private_folder(tmp_path):
    repo = copy_repo("latex-report-broken", tmp_path, pdf_fresh=False)
    (repo / "main.pdf").unlink()
    before = sorted(p.name for p in repo.rglob("*"))
    started = time.time()
    result = lint(repo / "main.tex", build=True)
    assert result.document.source.pages_from == "built", result.document.source
    assert not result.document.pages_estimated
    assert {"SEC003", "ANX003"} <= set(codes(result))
    assert sorted(p.name for p in repo.rglob("*")) == before  # nothing written beside
    assert time.time() - started < 300


def test_files_outside_the_report_folder_are_not_read(tmp_path):
    """No file read outside the input: an ``\\input`` or ``\\includepdf`` that leaves the
    report's folder is reported, and its text never reaches the findings."""
    (tmp_path / "secret.tex").write_text("SENTINEL-4242 TODO Lorem ipsum\n", encoding="utf-8")
    report = tmp_path / "rapport"
    report.mkdir()
    main = report / "main.tex"
    main.write_text("\\documentclass{report}\n\\begin{document}\n\\chapter{Conclusion}\n"
                    "Texte.\n\\input{../secret}\n\\input{" + str(tmp_path / "secret") + "}\n"
                    "\\end{document}\n", encoding="utf-8")
    result = lint(main)
    assert "SENTINEL-4242" not in result.document.pages[0].text
    outside = [f for f in result.findings if f.code == "DOC005"]
    assert len(outside) == 2 and all("hors du dossier" in f.message for f in outside)
    assert not any(f.code == "DOC003" for f in result.findings)


def test_code_listings_are_read_as_code_whatever_their_environment(tmp_path):
    """A "$" inside a minted or lstlisting listing opens no formula: the sections after the
    listing are still read (a YAML listing with ${VARIABLE} used to swallow the rest)."""
    from report_lint.parsers.latex import read_latex

    main = tmp_path / "rapport.tex"
    main.write_text(r"""\documentclass{article}
\begin{document}
\section{Activités}
Le fichier de configuration :
\begin{minted}{yaml}
script:
  - git clone https://token:${CI_JOB_TOKEN}@example.org/x.git
\end{minted}
\begin{lstlisting}
echo $HOME
\end{lstlisting}
\section{Conclusion}
Ce stage m'a appris beaucoup.
\end{document}
""", encoding="utf-8")
    _, flow, _ = read_latex(main, {})
    text = "\n".join(flow.texts)
    assert "Conclusion" in text and "Ce stage m'a appris" in text
    assert "${CI_JOB_TOKEN}" in text  # the listing's text is kept, as code
