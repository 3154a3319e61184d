"""The linter against real students' reports labelled by a person (issues 12 and 16).

``benchmarks/accuracy.py`` scores ``report-lint check`` on every report of
``../shared/realworld`` exactly as that corpus's README says, in three variants: the reports
as they are, every PDF without its bookmarks, every PDF with only its last three bookmarks
(the labels still hold). This test holds each variant to the ratchet recorded in
``benchmarks/accuracy_ratchet.json``: its total may only rise, no report may give an internal
error, and a false SEC001/SEC002/SEC003/LEN001/ANX001/ANX002 that had gone from a report
must not come back. Every reading is also checked against the invariants of
``report_lint.structure.invariants`` (readings no report can have).

All variants take about 5 minutes on 2 cores in the suite (files read in the worker, the
suite sets REPORT_LINT_TIMEOUT=0). The reports are third-party documents: they
are read in place from ``../shared``, perturbed copies only live in a temporary folder, and
nothing of them is copied into the repository (the violations listed below name a report by
its id and leave its titles out).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "accuracy.py"
FIXTURES = ROOT / "fixtures" / "reports"


def _accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


accuracy = _accuracy()
CORPUS = accuracy.DEFAULT_CORPUS
VARIANTS = accuracy.VARIANTS

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "labels").is_dir(),
    reason=f"no labelled real-report corpus at {CORPUS} (../shared/realworld): accuracy not scored")

@pytest.fixture(scope="module")
def scored():
    """{variant: [(label, score), ...]}: the whole corpus, every variant, scored once."""
    return accuracy.score_variants(CORPUS, VARIANTS, jobs=2)


@pytest.fixture(scope="module")
def ratchet():
    return json.loads(accuracy.RATCHET_FILE.read_text(encoding="utf-8"))["variants"]


def test_ratchet_holds_every_variant(ratchet):
    assert set(ratchet) == set(VARIANTS)
    for variant in VARIANTS:
        assert 0 < ratchet[variant]["min_passed"] <= ratchet[variant]["total"]


@needs_corpus
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_report_is_read(scored, variant):
    errors = {s.report_id: s.internal_error for _, s in scored[variant] if s.internal_error}
    assert not errors, f"[{variant}] reports not read: {errors}"


@needs_corpus
@pytest.mark.parametrize("variant", VARIANTS)
def test_total_score_never_falls(scored, ratchet, variant):
    info = accuracy.summary(scored[variant])
    assert info["total"] > 0
    misses = {rid: r["misses"] for rid, r in info["reports"].items() if r["misses"]}
    assert info["passed"] >= ratchet[variant]["min_passed"], (
        f"[{variant}] {info['passed']} of {info['total']} label checks hold, the ratchet is "
        f"{ratchet[variant]['min_passed']}; misses: "
        f"{json.dumps(misses, ensure_ascii=False, indent=1)}")


@needs_corpus
@pytest.mark.parametrize("variant", VARIANTS)
def test_false_errors_do_not_come_back(scored, ratchet, variant):
    came_back = {}
    for label, s in scored[variant]:
        gone = set(ratchet[variant]["guarded_gone"].get(label["id"], []))
        back = sorted(gone & set(s.false_guarded(label)))
        if back:
            came_back[label["id"]] = back
    assert not came_back, f"[{variant}] false errors back on reports where they had gone: " \
                          f"{came_back}"


@needs_corpus
def test_no_reading_is_impossible(scored):
    """No reading of any variant breaks the report's grammar (issue 16): no annex part
    before the activities or on a table of contents, no role inside a part of another role,
    no company part after the conclusion, no annexed document started mid-sentence."""
    found = sorted(accuracy.violation_key(s.report_id, variant, sentence)
                   for variant in VARIANTS for _, s in scored[variant]
                   for sentence in s.violations)
    assert not found, "impossible readings:\n" + "\n".join(found)


# -- the scorer itself (no corpus needed) ---------------------------------------------------

def test_scorer_counts_as_the_corpus_readme_says():
    """One label scored by hand: the rules of ../shared/realworld/README.md, line by line."""
    label = {"id": "x", "company": {"title": "Entreprise", "pages": [4, 5]},
             "activities": {"title": "Missions", "pages": None}, "conclusion": None,
             "annex_documents": [{"pages": [20]}], "annex_count_any": [1, 3],
             "body_pages": 19, "expected": {"must": ["ANX001"], "must_not": ["SEC001"]}}
    data = {"files": [{"pages": {"total": 22, "body": 17, "annexes": 3},
                       "sections": [{"role": "company", "first_page": 5},
                                    {"role": "activities", "first_page": 9},
                                    {"role": "conclusion", "first_page": 18}],
                       "annexes": [{}, {}, {}],
                       "findings": [{"code": "ANX001", "message": ""}]}]}
    score = accuracy.score_report(label, data, None)
    results = {c.name: c.ok for c in score.checks}
    assert results == {"json": True, "company": True, "activities": True,
                       "conclusion": False, "annex_count": True, "body_pages": False,
                       "must ANX001": True, "must_not SEC001": True}
    assert accuracy.score_report(label, None, "exit 1: boom").checks[0].ok is False


@pytest.mark.parametrize("timeout", ["0", "120"])
def test_scored_json_is_what_the_command_prints(tmp_path, monkeypatch, timeout):
    """The workers run the ``check`` command in process: byte for byte the JSON that
    ``python -m report_lint check --format json --no-cache --fail-on never`` prints from the
    report's folder, with the file read in this process (timeout 0) or in a child (120 s)."""
    monkeypatch.setenv("REPORT_LINT_TIMEOUT", timeout)
    folder, name = FIXTURES, "compliant-lo.pdf"
    proc = subprocess.run([sys.executable, "-m", "report_lint", *accuracy.CHECK_ARGS, name],
                          cwd=folder, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ), stdin=subprocess.DEVNULL)
    here = os.getcwd()
    stdout, _, status, results = accuracy.cli_check(folder, name)
    assert os.getcwd() == here
    assert proc.returncode == status == 0, proc.stderr
    assert json.loads(stdout)["files"][0]["sections"]  # a real answer, not two empty ones
    assert stdout == proc.stdout
    assert len(results) == 1 and results[0].report is not None  # what the invariants read


def test_perturbed_copies_keep_everything_but_the_bookmarks(tmp_path):
    from pypdf import PdfReader

    src = FIXTURES / "compliant-lo.pdf"
    original = PdfReader(src)
    entries = accuracy._flat_outline(original)
    assert len(entries) > 3
    none = tmp_path / "none.pdf"
    last = tmp_path / "last3.pdf"
    assert accuracy.perturb_pdf(src, none, "no-bookmarks") == (len(entries), 0)
    assert accuracy.perturb_pdf(src, last, "last3") == (len(entries), 3)
    for copy, want in ((none, []), (last, accuracy.last_bookmarks(entries))):
        reader = PdfReader(copy)
        assert accuracy._flat_outline(reader) == want
        assert len(reader.pages) == len(original.pages)
        assert [p.extract_text() for p in reader.pages] == \
            [p.extract_text() for p in original.pages]
    # The three kept are those pointing to the last pages, in reading order.
    kept = accuracy.last_bookmarks(entries)
    assert [p for _, p in kept] == sorted(p for _, p in entries if p is not None)[-3:]


def test_last_bookmarks_are_those_of_the_last_pages():
    entries = [("Intro", 2), ("Annexes", 20), ("A", 21), ("Broken", None), ("B", 21),
               ("C", 23), ("Conclusion", 18)]
    assert accuracy.last_bookmarks(entries) == [("A", 21), ("B", 21), ("C", 23)]
    assert accuracy.last_bookmarks(entries[:2]) == [("Intro", 2), ("Annexes", 20)]
    assert accuracy.last_bookmarks([]) == []


def test_violation_keys_leave_titles_out():
    key = accuracy.violation_key("r-1", "last3", "the conclusion « Bilan » (p. 12) is inside "
                                                 "an activities section « Mission 1 » (p. 6)")
    assert key == "r-1 [last3]: the conclusion «…» (p. 12) is inside an activities section " \
                  "«…» (p. 6)"
