"""Every committed report fixture gives exactly the findings its oracle expects.

The oracle (fixtures/reports/expected.json) was written from the rendered PDFs with
poppler's pdftotext by fixtures/make_fixtures.py, independently of the linter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _known_misreadings import fixture_params

from report_lint.config import load_config
from report_lint.findings import Severity
from report_lint.runner import check_file

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
EXPECTED = json.loads((REPORTS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results():
    cache = {}

    def get(name):
        if name not in cache:
            config = load_config(REPORTS / name, lang="fr")
            cache[name] = check_file(REPORTS / name, config)
        return cache[name]

    return get


@pytest.mark.parametrize("name", fixture_params(sorted(EXPECTED)))
def test_fixture_gives_exactly_its_findings(name, results):
    expected = EXPECTED[name]
    result = results(name)
    got = sorted((f.code, f.page) for f in result.findings
                 if f.severity in (Severity.ERROR, Severity.WARNING))
    want = sorted((code, page) for code, page in expected["expected"])
    assert got == want, "\n".join(f"{f.code} p.{f.page}: {f.message}" for f in result.findings)


@pytest.mark.parametrize("name", fixture_params(sorted(
    n for n, e in EXPECTED.items() if e.get("pages_total") and e.get("sections"))))
def test_fixture_structure_matches_oracle(name, results):
    expected = EXPECTED[name]
    report = results(name).report
    assert report is not None
    assert report.page_count == expected["pages_total"]
    assert len(report.body_pages) == expected["body_pages"]
    for role, span in expected["sections"].items():
        section = report.section(role)
        if span is None:
            assert section is None, role
        else:
            assert section is not None, role
            assert [section.first_page, section.last_page] == span, role
    if expected.get("annex_part_first_page"):
        assert report.annex_part_first_page == expected["annex_part_first_page"]
    assert [a.pages for a in report.annexes] == [a["pages"] for a in expected["annexes"]]
    for annex, want in zip(report.annexes, expected["annexes"]):
        if want.get("language") and not annex.textless_pages:
            assert annex.language == want["language"], annex.title
        if want.get("kind") and not annex.textless_pages:
            assert annex.kind == want["kind"], annex.title
    assert report.admin_pages == expected.get("admin_pages", [])


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items()
                                        if any(c == "ANX004" for c, _ in e["expected"])))
def test_anx004_gives_the_measured_share(name, results):
    """ANX004's message gives the oracle's measured share of the page, scans included
    (rules.md: a scanned annex gets ANX004 with its share as well as ANX007)."""
    shares = {page: share for annex in EXPECTED[name]["annexes"]
              for page, share in zip(annex["pages"], annex["image_share"])}
    found = [f for f in results(name).findings if f.code == "ANX004"]
    assert found
    for finding in found:
        measured = round(shares[finding.page] * 100)
        assert any(f"{share} %" in finding.message for share in
                   (measured - 1, measured, measured + 1)), (finding.message, measured)
