"""The decoder: one labelling of a report's top-level parts under the report's grammar."""

from __future__ import annotations

import math

import pytest

from report_lint.findings import Severity
from report_lint.rules import UNSURE_SUFFIX, CheckContext
from report_lint.structure.decode import NEG, Costs, confidence, decode
from report_lint.structure.model import Report
from report_lint_checks.sections import MissingConclusion

NEUTRAL = {"front": -3.0, "company": -3.0, "other": 0.0, "activities": -3.0,
           "conclusion": -3.0, "back": -3.0, "annexes": -3.0}


def part(**scores: float) -> dict[str, float]:
    """A part's scores: every label neutral-to-unlikely, the given ones as said."""
    return {**NEUTRAL, **scores}


def test_plain_report_reads_in_order():
    parts = [part(front=4), part(company=5), part(activities=5), part(activities=2),
             part(conclusion=5), part(annexes=6), part(annexes=1), part(annexes=1)]
    decoding = decode(parts)
    assert decoding.labels == ["front", "company", "activities", "activities", "conclusion",
                               "annexes", "annexes", "annexes"]
    assert all(decoding.margin(n) > 0 for n in range(len(parts)))


def test_no_annex_part_before_the_activities():
    # "ANNEXES" listed early (a table of contents line read as a heading) scores high as an
    # annex title, but an annex part before any activity is no reading of a report.
    parts = [part(annexes=6), part(company=5), part(activities=5), part(conclusion=5)]
    decoding = decode(parts)
    assert decoding.labels[0] != "annexes"
    assert decoding.labels[1:] == ["company", "activities", "conclusion"]


def test_activities_never_follow_the_conclusion():
    parts = [part(company=5), part(activities=5), part(conclusion=9), part(activities=6)]
    decoding = decode(parts)
    labels = decoding.labels
    assert not any(label == "conclusion" and "activities" in labels[n + 1:]
                   for n, label in enumerate(labels))
    # The strong conclusion is kept; the part after it cannot be an activity.
    assert labels[2] == "conclusion" and labels[3] != "activities"


def test_one_conclusion_only_the_last_one_wins():
    # A part titled "Bilan technique" before the report's "Conclusion": one conclusion.
    parts = [part(company=5), part(conclusion=5, activities=0), part(conclusion=5)]
    decoding = decode(parts)
    assert decoding.labels == ["company", "activities", "conclusion"]


def test_company_after_activities_costs_but_is_possible():
    parts = [part(activities=5), part(company=6), part(conclusion=5)]
    decoding = decode(parts, Costs(company_after_activities=3.0))
    assert decoding.labels == ["activities", "company", "conclusion"]
    costly = decode(parts, Costs(company_after_activities=10.0))
    assert costly.labels[1] != "company"


def test_margin_is_the_gap_to_the_best_other_label():
    parts = [part(company=5), part(activities=5), part(conclusion=1.5)]
    decoding = decode(parts, Costs(missing_conclusion=0.0))
    assert decoding.labels[2] == "conclusion"
    assert decoding.margin(2) == pytest.approx(1.5)  # "other" scores 0


def test_presence_margin_says_how_sure_a_missing_part_is():
    sure = decode([part(company=5), part(activities=5), part()], Costs(missing_conclusion=0.0))
    assert "conclusion" not in sure.labels
    assert sure.presence_margin("conclusion") == pytest.approx(3.0)  # -3 for the best one
    unsure = decode([part(company=5), part(activities=5), part(conclusion=-0.5)],
                    Costs(missing_conclusion=0.0))
    assert "conclusion" not in unsure.labels
    assert unsure.presence_margin("conclusion") == pytest.approx(0.5)
    assert confidence(unsure.presence_margin("conclusion")) < confidence(
        sure.presence_margin("conclusion"))


def test_a_part_that_cannot_take_a_label():
    parts = [part(company=5, activities=NEG), part(activities=5)]
    decoding = decode(parts)
    assert math.isinf(decoding.margin(0)) is False
    assert decoding.labels == ["company", "activities"]


def test_missing_activities_cost_makes_the_best_candidate_the_activities():
    # Between the company and the conclusion, a part with only weak evidence is taken for
    # the activities rather than leave the report without any.
    parts = [part(company=5), part(activities=-0.5), part(conclusion=5)]
    assert decode(parts, Costs(missing_activities=0.0)).labels[1] == "other"
    assert decode(parts, Costs(missing_activities=3.0)).labels[1] == "activities"


def _context(report: Report, lang: str = "fr") -> CheckContext:
    return CheckContext(document=None, report=report, settings={"reading_sure": 0.8},
                        lang=lang, analyzer=None)


def test_an_unsure_missing_part_is_a_warning_that_says_how_to_name_it():
    report = Report(page_count=10, confidence={"conclusion": 0.6})
    (finding,) = MissingConclusion().check(_context(report))
    assert finding.severity is Severity.WARNING
    assert UNSURE_SUFFIX["fr"]["conclusion"] in finding.message
    assert "[reading] conclusion" in finding.message


def test_a_sure_missing_part_is_an_error():
    report = Report(page_count=10, confidence={"conclusion": 0.97})
    (finding,) = MissingConclusion().check(_context(report, "en"))
    assert finding.severity is Severity.ERROR
    assert "unsure" not in finding.message
