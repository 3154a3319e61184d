"""``report-lint annotate``: a copy of the PDF with one note per finding on its page; the
original's bytes never change."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from report_lint.annotate import AnnotateError, annotate_pdf
from report_lint.cli import cli
from report_lint.config import load_config
from report_lint.findings import Finding, Severity
from report_lint.runner import check_file

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch):
    for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


def notes(pdf: Path) -> dict[int, list[str]]:
    """Page number -> the text of report-lint's notes on it."""
    found: dict[int, list[str]] = {}
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Text" and annot.get("/T") == "report-lint":
                found.setdefault(number, []).append(str(annot["/Contents"]))
    return found


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_annotate_puts_each_finding_on_its_page(tmp_path):
    original = shutil.copy(REPORTS / "anx004-big-picture.pdf", tmp_path / "rapport.pdf")
    before, mtime = digest(original), original.stat().st_mtime_ns
    out = tmp_path / "rapport-annote.pdf"
    result = CliRunner().invoke(cli, ["annotate", str(original), "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 1  # ANX004 is an error
    findings = check_file(original, load_config(tmp_path)).findings
    expected: dict[int, list[str]] = {}
    for f in findings:
        expected.setdefault(f.page or 1, []).append(f.code)
    got = notes(out)
    assert {p: [n.split()[0] for n in texts] for p, texts in got.items()} == expected
    (anx004,) = [f for f in findings if f.code == "ANX004"]
    assert any(anx004.message in text for text in got[anx004.page])
    assert digest(original) == before and original.stat().st_mtime_ns == mtime
    assert len(PdfReader(out).pages) == len(PdfReader(original).pages)


def test_annotate_default_output_and_report_without_page(tmp_path):
    original = shutil.copy(REPORTS / "sec003-no-conclusion.pdf", tmp_path / "rapport.pdf")
    before = digest(original)
    result = CliRunner().invoke(cli, ["annotate", str(original), "--lang", "en"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    got = notes(tmp_path / "rapport-annote.pdf")
    assert list(got) == [1] and got[1][0].startswith("SEC003 [error]")  # no page: page 1
    assert digest(original) == before


def test_annotate_never_replaces_the_original(tmp_path):
    original = shutil.copy(REPORTS / "compliant-lo.pdf", tmp_path / "rapport.pdf")
    before = digest(original)
    finding = Finding("SEC003", "missing-conclusion", Severity.ERROR, "x")
    with pytest.raises(AnnotateError):
        annotate_pdf(original, [finding], original)
    with pytest.raises(AnnotateError):
        annotate_pdf(original, [finding], tmp_path / "." / "rapport.pdf")
    assert digest(original) == before


def test_annotate_unreadable_pdf_exits_2(tmp_path):
    broken = shutil.copy(REPORTS / "doc001-truncated.pdf", tmp_path / "rapport.pdf")
    result = CliRunner().invoke(cli, ["annotate", str(broken)], catch_exceptions=False)
    assert result.exit_code == 2 and "DOC001" in result.stderr
    assert not (tmp_path / "rapport-annote.pdf").exists()


@pytest.mark.parametrize("name", ["rotate90.pdf", "cropped.pdf", "rotated.pdf"])
def test_notes_stay_inside_the_visible_page(tmp_path, name):
    source = ROOT / "fixtures" / "geometry" / name
    findings = [Finding("ANX004", "annex-image-share", Severity.ERROR, f"note {i}", page=1)
                for i in range(3)]
    out = tmp_path / "out.pdf"
    assert annotate_pdf(source, findings, out) == 3
    page = PdfReader(out).pages[0]
    crop = [float(v) for v in page.cropbox]
    for ref in page["/Annots"]:
        x0, y0, x1, y1 = (float(v) for v in ref.get_object()["/Rect"])
        assert crop[0] <= x0 < x1 <= crop[2] and crop[1] <= y0 < y1 <= crop[3]
