"""``report-lint check --format json`` keeps the contract of rules.md (the schema beside
this file, JSON Schema draft 2020-12), on the shared fixtures and on inputs made here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

import report_lint
from report_lint.cli import cli
from report_lint.rules import registry

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
SCHEMA = json.loads((Path(__file__).parent / "schema" / "report-lint.schema.json")
                    .read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
SUFFIXES = {".pdf", ".docx", ".odt", ".tex", ".md"}

# The fixture every test suite relies on is listed by name, so that its absence fails
# instead of shrinking the parameter list; every other report found there is checked too.
FIXTURES = sorted(
    {REPORTS / "compliant-lo.pdf"}
    | {p for p in REPORTS.glob("*") if p.suffix.lower() in SUFFIXES and not p.name.startswith("~$")}
)

@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch):
    for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


def json_output(*paths: Path, lang: str = "fr") -> tuple[int, dict]:
    result = CliRunner().invoke(
        cli, ["check", "--format", "json", "--lang", lang, *map(str, paths)],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1, 2), result.output
    return result.exit_code, json.loads(result.stdout)


def assert_contract(data: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])
    assert data["version"] == report_lint.__version__
    known = {cls.code: cls for cls in registry.checks}
    for entry in data["files"]:
        pages = entry["pages"]
        total = pages["total"] if pages else None
        for finding in entry["findings"]:
            assert finding["code"] in known, finding
            assert finding["name"] == known[finding["code"]].name
            if total is not None and finding["page"] is not None:
                assert finding["page"] <= total, finding
        for section in entry["sections"]:
            assert section["first_page"] <= section["last_page"], section
            if total is not None:
                assert section["last_page"] <= total, section
        for annex in entry["annexes"]:
            if total is not None:
                assert max(annex["pages"]) <= total, annex
        if pages and pages["body"] is not None and pages["annexes"] is not None:
            assert pages["body"] + pages["annexes"] <= pages["total"]


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)


def test_schema_rejects_what_the_contract_forbids():
    good = {"version": "1", "files": [{
        "path": "r.pdf", "format": "pdf", "pages": {"total": 3, "body": 2, "annexes": 1},
        "sections": [{"role": "company", "title": "Entreprise", "level": 1, "first_page": 1,
                      "last_page": 2, "evidence": ["title: « Entreprise »"]}],
        "annexes": [{"title": "Annex 1", "pages": [3], "language": "en",
                     "language_probability": 0.99, "kind": "technical", "image_share": 0.27}],
        "findings": [{"code": "ANX004", "name": "annex-image-share", "severity": "error",
                      "message": "41 %", "page": 3, "section": None}]}]}
    assert VALIDATOR.is_valid(good)
    bad_variants = [
        lambda d: d["files"][0]["findings"][0].update(severity="fatal"),
        lambda d: d["files"][0]["sections"][0].update(role="intro"),
        lambda d: d["files"][0]["annexes"][0].update(image_share=1.5),
        lambda d: d["files"][0].update(extra=True),
        lambda d: d["files"][0]["findings"][0].update(page=0),
        lambda d: d["files"][0].update(format=None),  # unreadable needs pages null + DOC001
    ]
    for spoil in bad_variants:
        data = json.loads(json.dumps(good))
        spoil(data)
        assert not VALIDATOR.is_valid(data), spoil


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_output_keeps_the_contract(path):
    assert path.is_file(), f"fixture missing: {path.relative_to(ROOT)}"
    code, data = json_output(path)
    assert_contract(data)
    entry = data["files"][0]
    assert entry["path"] == str(path)
    unreadable = any(f["code"] == "DOC001" for f in entry["findings"])
    errors = any(f["severity"] == "error" for f in entry["findings"])
    assert code == (2 if unreadable else 1 if errors else 0)


def test_compliant_fixture_reading():
    compliant = REPORTS / "compliant-lo.pdf"
    assert compliant.is_file(), f"fixture missing: {compliant.relative_to(ROOT)}"
    _, data = json_output(compliant)
    entry = data["files"][0]
    assert entry["format"] == "pdf"
    assert entry["pages"]["body"] <= 30
    roles = [s["role"] for s in entry["sections"]]
    for role in ("company", "activities", "conclusion"):
        assert role in roles
    assert len(entry["annexes"]) == 3
    assert all(a["language"] == "en" for a in entry["annexes"])
    assert not [f for f in entry["findings"] if f["severity"] == "error"]


def test_unreadable_and_readable_inputs(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n this is not a PDF body")
    report = tmp_path / "rapport.pdf"
    report.write_bytes((REPORTS / "sec003-no-conclusion.pdf").read_bytes())
    code, data = json_output(broken, report, lang="en")
    assert code == 2
    assert_contract(data)
    unreadable, readable = data["files"]
    assert unreadable["format"] is None and unreadable["pages"] is None
    assert [f["code"] for f in unreadable["findings"]] == ["DOC001"]
    assert readable["format"] == "pdf"
    assert readable["pages"]["total"] >= 1
    assert [f["code"] for f in readable["findings"]] == ["SEC003"]


def test_several_files_keep_their_order(tmp_path):
    paths = []
    for name in ("b.pdf", "a.pdf"):
        path = tmp_path / name
        path.write_bytes((REPORTS / "compliant-lo.pdf").read_bytes())
        paths.append(path)
    _, data = json_output(*paths)
    assert_contract(data)
    assert [f["path"] for f in data["files"]] == [str(p) for p in paths]
