"""``report-lint batch`` on the fixture class (fixtures/class/, built by fixtures/make_class.py):
a Moodle "download all submissions" ZIP with a compliant report, broken ones, a student with
two files, a corrupt file, a DOCX, and a roster with a student who handed in nothing.

The class is checked once (module fixture, two workers, every output asked for); the tests
read what it wrote. Two more runs: a hanging report among real ones (a stand-in check that
never returns for one student), and the CLI with a tiny ``--timeout``.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_lint.batch import BatchResult, check_submission, run_batch
from report_lint.cli import cli
from report_lint.config import load_config

ROOT = Path(__file__).resolve().parents[1]
CLASS = ROOT / "fixtures" / "class"
sys.path.insert(0, str(ROOT / "fixtures"))
import make_class  # noqa: E402

EXPECTED = make_class.EXPECTED


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch):
    for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


def _temp_leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("report-lint-batch-*")}


@pytest.fixture(scope="module")
def class_run(tmp_path_factory):
    """The class checked once by the CLI, with every output."""
    work = tmp_path_factory.mktemp("class")
    archive = shutil.copy(CLASS / make_class.ZIP_NAME, work / "export.zip")
    out = tmp_path_factory.mktemp("out")
    before = _temp_leftovers()
    start = time.monotonic()
    result = CliRunner().invoke(cli, [
        "batch", str(archive), "-j", "2", "--roster", str(CLASS / make_class.ROSTER_NAME),
        "--csv", str(out / "classe.csv"), "--html", str(out / "classe.html"),
        "--json", str(out / "classe.json"), "--annotate", str(out / "annotes"),
    ], catch_exceptions=False)
    seconds = time.monotonic() - start
    return {"result": result, "out": out, "work": work, "seconds": seconds,
            "leftovers": _temp_leftovers() - before}


def students(class_run) -> dict[str, dict]:
    data = json.loads((class_run["out"] / "classe.json").read_text(encoding="utf-8"))
    return {s["student"]: s for s in data["students"]}


def test_class_fixture_is_what_the_script_builds(tmp_path):
    """Same layout and roster (the reports' bytes follow fixtures/reports/: LibreOffice PDFs
    change bytes when regenerated; run make_class.py again after make_fixtures.py)."""
    import zipfile

    archive, roster = make_class.build(tmp_path)
    with zipfile.ZipFile(archive) as built, \
            zipfile.ZipFile(CLASS / make_class.ZIP_NAME) as committed:
        assert built.namelist() == committed.namelist()
    assert roster.read_bytes() == (CLASS / make_class.ROSTER_NAME).read_bytes()


def test_every_student_gets_a_row_in_name_order(class_run):
    result = class_run["result"]
    assert result.exit_code == 2, result.output  # a corrupt file: not everything was checked
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["Élève", "Pages", "Sections"]
    names = [line.split("  ")[0].strip() for line in lines[1:7]]
    assert names == sorted(EXPECTED)  # already in alphabetical order, accents folded
    assert "Moreau Inès" in lines[5] and "absent" in lines[5]


def test_each_student_gets_the_expected_result(class_run):
    got = students(class_run)
    assert sorted(got) == sorted(EXPECTED)
    for name, expected in EXPECTED.items():
        student = got[name]
        status = expected["status"]
        assert student["status"] in (status if isinstance(status, tuple) else (status,)), name
        if "chosen" in expected:
            assert student["file"].endswith("/" + expected["chosen"])
        if "others" in expected:
            assert [Path(o).name for o in student["other_files"]] == expected["others"]
        if "codes" in expected:
            codes = sorted({f["code"] for f in student["report"]["findings"]
                            if f["severity"] == "error"})
            assert codes == expected["codes"], name


def test_json_report_is_the_check_contract_per_student(class_run):
    import jsonschema

    schema = json.loads((ROOT / "tests" / "schema" / "report-lint.schema.json").read_text())
    for name, student in students(class_run).items():
        if student["report"] is not None:
            jsonschema.validate({"version": "x", "files": [student["report"]]}, schema)
        else:
            assert student["status"] == "missing", name
    assert students(class_run)["Garnier Théo"]["report"]["path"].startswith("export.zip!")


def test_zip_is_not_extracted_anywhere(class_run):
    assert sorted(p.name for p in class_run["work"].iterdir()) == ["export.zip"]
    assert class_run["leftovers"] == set()


def test_two_files_the_pdf_is_checked_and_the_other_listed(class_run):
    stdout = class_run["result"].stdout
    assert "Dubois Hugo : rapport vérifié « Rapport Dubois.pdf »" in stdout
    assert "Rapport Dubois.docx" in stdout


def test_corrupt_file_is_reported_for_its_student(class_run):
    bernard = students(class_run)["Bernard Chloé"]
    assert bernard["status"] == "unreadable"
    assert [f["code"] for f in bernard["report"]["findings"]] == ["DOC001"]


def test_csv_reads_back_with_its_dialect(class_run):
    from report_lint.reporters import csv_reporter

    raw = (class_run["out"] / "classe.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    with open(class_run["out"] / "classe.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, dialect="excel-fr"))
    assert rows[0][:3] == ["Élève", "Pages", "Sections"]
    assert [r[0] for r in rows[1:]] == sorted(EXPECTED)
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Martin Léa"][7] == "non conforme"
    assert int(by_name["Martin Léa"][4]) > 33  # the worst annex picture share, in %
    # The same rows as the table the program built, in every dialect.
    batch = _rebuild(class_run)
    for dialect, encoding in csv_reporter.DIALECTS.items():
        path = class_run["out"] / f"{dialect}.csv"
        csv_reporter.write(batch, path, dialect)
        with open(path, encoding=encoding, newline="") as handle:
            assert list(csv.reader(handle, dialect=dialect)) == csv_reporter.csv_rows(batch)


def _rebuild(class_run) -> BatchResult:
    """A small BatchResult from the JSON (no second run): enough for the CSV rows."""
    from report_lint.batch import StudentResult

    rows = []
    for name, s in students(class_run).items():
        rows.append(StudentResult(name, s["student_id"], status=s["status"], detail=s["detail"] or ""))
    return BatchResult("export.zip", rows, {}, "fr")


def test_html_is_self_contained(class_run):
    html = (class_run["out"] / "classe.html").read_text(encoding="utf-8")
    assert html.count("<tr class=") == len(EXPECTED)
    for forbidden in ('src="http', "src='http", 'href="http', "@import", "url(http",
                      '<link rel="stylesheet"', "<script src", "<img"):
        assert forbidden not in html
    # Martin Léa's big annex picture: one drawing per annex page, one over the limit.
    part = html.split('<h2>Martin Léa')[1].split("</section>")[0]
    assert part.count("<svg") == 3
    assert part.count('class="over') == 1
    # drawn from the real pages by the workers (PDFium), the picture boxes outlined on them
    assert part.count('<image class="thumbnail"') == 3


def test_batch_annotates_each_checked_pdf(class_run):
    names = sorted(p.name for p in (class_run["out"] / "annotes").iterdir())
    assert names == ["Dubois_Hugo_100205-annote.pdf", "Garnier_Théo_100201-annote.pdf",
                     "Martin_Léa_100202-annote.pdf"]


# -- a hanging report and a tiny --timeout ---------------------------------------------------


def hang_on_martin(path: str, config):
    """The real check, except for Martin Léa's report, which never comes back."""
    if "martin" in Path(path).name:
        time.sleep(3600)
    return check_submission(path, config)


def test_a_hanging_report_does_not_stop_the_class(tmp_path):
    archive = CLASS / make_class.ZIP_NAME
    start = time.monotonic()
    batch = run_batch(archive, load_config(tmp_path), jobs=2, timeout=10, check=hang_on_martin)
    assert time.monotonic() - start < 120
    got = {s.student: s for s in batch.students}
    assert got["Martin Léa"].status == "timeout"
    assert got["Garnier Théo"].status == "checked" and got["Garnier Théo"].result.findings == []
    assert got["Bernard Chloé"].status == "unreadable"
    assert got["Dubois Hugo"].status == "checked"
    assert got["Roux Emma"].status in ("checked", "unreadable")
    assert batch.exit_status == 2


def test_tiny_timeout_reports_each_student_and_finishes(tmp_path):
    folder = tmp_path / "classe" / "Garnier Théo_1_assignsubmission_file_"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "fixtures" / "reports" / "compliant-lo.pdf", folder / "rapport.pdf")
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "classe"), "--timeout", "0.001",
                                      "--lang", "en", "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Garnier Théo") and lines[1].endswith("timed out")
    assert "Garnier Théo: no answer after 0.001 s" in lines


# -- the result cache, shared with check --------------------------------------------------


def never_called(path: str, config):
    raise AssertionError(f"{Path(path).name} was checked again")


def test_unchanged_reports_are_answered_from_the_cache(tmp_path):
    """A class checked again: only the report a student resubmitted goes to a worker."""
    from report_lint.cache import ResultCache

    klass = tmp_path / "classe"
    for student, name in [("Garnier Théo", "compliant-lo.pdf"),
                          ("Martin Léa", "anx001-two-annexes.pdf")]:
        (klass / f"{student}_1_assignsubmission_file_").mkdir(parents=True)
        shutil.copy(ROOT / "fixtures" / "reports" / name,
                    klass / f"{student}_1_assignsubmission_file_" / "rapport.pdf")
    config = load_config(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    first = run_batch(klass, config, jobs=1, cache=cache)
    again = run_batch(klass, config, jobs=1, cache=cache, check=never_called)
    codes = {s.student: [(f.code, f.page) for f in s.result.findings] for s in first.students}
    assert {s.student: s.status for s in again.students} == {
        "Garnier Théo": "checked", "Martin Léa": "checked"}
    assert {s.student: [(f.code, f.page) for f in s.result.findings]
            for s in again.students} == codes
    assert codes["Martin Léa"] and not codes["Garnier Théo"]

    resubmitted = klass / "Martin Léa_1_assignsubmission_file_" / "rapport.pdf"
    shutil.copy(ROOT / "fixtures" / "reports" / "anx001-four-annexes.pdf", resubmitted)
    third = {s.student: s for s in run_batch(klass, config, jobs=1, cache=cache,
                                             check=never_called).students}
    assert third["Garnier Théo"].status == "checked"
    assert third["Martin Léa"].status == "crash"
    assert "was checked again" in third["Martin Léa"].detail


def test_a_lone_doc_file_is_unreadable_with_the_reason(tmp_path):
    """A student who handed in a Word 97-2003 file is told to save it as .docx; one with a
    PDF beside it gets the PDF checked."""
    klass = tmp_path / "classe"
    only_doc = klass / "Petit Jules_7_assignsubmission_file_"
    both = klass / "Roux Emma_8_assignsubmission_file_"
    for folder in (only_doc, both):
        folder.mkdir(parents=True)
        (folder / "rapport.doc").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096)
    shutil.copy(ROOT / "fixtures" / "reports" / "compliant-lo.pdf", both / "rapport.pdf")
    rows = {s.student: s for s in run_batch(klass, load_config(tmp_path), jobs=1).students}
    assert rows["Petit Jules"].status == "unreadable"
    assert ".doc" in rows["Petit Jules"].detail and ".docx" in rows["Petit Jules"].detail
    assert rows["Roux Emma"].status == "checked"
    assert rows["Roux Emma"].submission.chosen.name == "rapport.pdf"
    assert [f.name for f in rows["Roux Emma"].submission.others] == ["rapport.doc"]

