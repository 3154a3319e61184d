"""The linter against real students' reports labelled by a person (issue 12).

``benchmarks/accuracy.py`` scores ``report-lint check`` on every report of
``../shared/realworld`` exactly as that corpus's README says. This test holds the score to
the ratchet recorded in ``benchmarks/accuracy_ratchet.json``: the total may only rise, no
report may give an internal error, and a false SEC001/SEC002/SEC003/LEN001/ANX002 that had
gone from a report must not come back. The reports are third-party documents: they are read
in place from ``../shared``, never copied into the repository.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "accuracy.py"


def _accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


accuracy = _accuracy()
CORPUS = accuracy.DEFAULT_CORPUS

pytestmark = pytest.mark.skipif(
    not (CORPUS / "labels").is_dir(),
    reason=f"no labelled real-report corpus at {CORPUS} (../shared/realworld): accuracy not scored")


@pytest.fixture(scope="module")
def scored():
    return accuracy.score_corpus(CORPUS, jobs=2)


@pytest.fixture(scope="module")
def ratchet():
    return json.loads(accuracy.RATCHET_FILE.read_text(encoding="utf-8"))


def test_every_report_is_read(scored):
    errors = {s.report_id: s.internal_error for _, s in scored if s.internal_error}
    assert not errors, f"reports not read: {errors}"


def test_total_score_never_falls(scored, ratchet):
    info = accuracy.summary(scored)
    assert info["total"] > 0
    misses = {rid: r["misses"] for rid, r in info["reports"].items() if r["misses"]}
    assert info["passed"] >= ratchet["min_passed"], (
        f"{info['passed']} of {info['total']} label checks hold, the ratchet is "
        f"{ratchet['min_passed']}; misses: {json.dumps(misses, ensure_ascii=False, indent=1)}")


def test_false_errors_do_not_come_back(scored, ratchet):
    came_back = {}
    for label, s in scored:
        gone = set(ratchet["guarded_gone"].get(label["id"], []))
        back = sorted(gone & set(s.false_guarded(label)))
        if back:
            came_back[label["id"]] = back
    assert not came_back, f"false errors back on reports where they had gone: {came_back}"


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
