"""One reading of the whole report under its grammar, with the margin of every decision.

A reader that decides one thing at a time (first where the annexes start, then the body,
then each part's role from its title) cannot correct an early guess: a table of contents that
lists "Annexes", or a sentence that says "voir annexe 3", then decides everything after it.
Here every top-level part of the report gets a score per role from its evidence, and one
dynamic programme (Viterbi, as a sequence labeller does) picks the best labelling that the
grammar of a report allows::

    front* (company | other)* (activities | other)* conclusion? other* back*
        (annexes+ back*)?

with a cost for the unusual steps that real reports take (the company presented after the
activities) and no way at all to the impossible ones (an annex part before any activity, a
second conclusion, activities after the conclusion). The start of the annex part and the end
of the body are outputs of that decision.

The same programme run forwards and backwards gives, for every part and every label, the
best score of a reading that gives the part that label: the gap to the chosen reading is the
part's *margin*, and the gap between the best reading with a role and the best one without it
is how sure a "missing part" verdict is (``Decoding.presence_margin``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

LABELS = ("front", "company", "other", "activities", "conclusion", "back", "annexes")

# Phases of the grammar, in the order a report runs through them.
_FRONT, _COMPANY, _WORK, _CONCLUSION, _BACK, _ANNEX, _AFTER = range(7)
# Flags of what a reading has seen so far.
_SEEN = {"company": 1, "activities": 2, "conclusion": 4, "annexes": 8}
NEG = -math.inf
# The confidence from which a reading is sure enough for an error-level verdict: a margin
# of about 1.4 evidence points. Set on the labelled corpus (2026-12-07): the largest value
# that keeps every error the labels require an error (the lowest such reading is 0.818, as
# the last line of `python benchmarks/accuracy.py` says).
DEFAULT_READING_SURE = 0.8


@dataclass(frozen=True)
class Costs:
    """What the unusual steps of the grammar cost (in the units of the evidence scores)."""

    company_after_activities: float = 3.0  # possible, and said (SEC004)
    annexes_before_activities: float = 40.0  # an annex part with no activity before it
    other_after_conclusion: float = 1.5  # a part after the conclusion that is no back matter
    annexes_after_back: float = 1.0  # an annexed document after back matter of the annexes
    # A report is written to present its activities, its host and to conclude: a reading
    # that leaves one of them out must be worth it.
    missing_activities: float = 3.0
    missing_company: float = 1.0
    missing_conclusion: float = 1.0


@dataclass
class Decoding:
    """The best reading: a label per part, the score of every alternative, the margins."""

    labels: list[str]
    score: float
    # Best score of a reading that gives part n label L: best[n][L].
    best: list[dict[str, float]]
    # Best score of a reading with / without at least one part of each role.
    with_role: dict[str, float] = field(default_factory=dict)
    without_role: dict[str, float] = field(default_factory=dict)

    def margin(self, n: int) -> float:
        """How much worse the best reading is that gives part ``n`` another label."""
        chosen = self.labels[n]
        others = [v for label, v in self.best[n].items() if label != chosen]
        return self.score - max(others, default=NEG)

    def presence_margin(self, role: str) -> float:
        """How much worse the best reading is that decides the other way on whether the
        report has a part of that role (``inf`` when the other way is impossible)."""
        present = self.with_role.get(role, NEG)
        absent = self.without_role.get(role, NEG)
        return abs(present - absent) if max(present, absent) > NEG else 0.0


def _step(state: tuple[int, int], label: str, costs: Costs) -> tuple[tuple[int, int], float] | None:
    """The state after a part labelled ``label``, and what the step costs; None where the
    grammar forbids it."""
    phase, seen = state
    flag = _SEEN.get(label, 0)
    if label == "front":
        return ((_FRONT, seen), 0.0) if phase == _FRONT else None
    if label == "company":
        if seen & flag or phase > _WORK:
            return None
        if phase == _WORK:
            return (_WORK, seen | flag), -costs.company_after_activities
        return (_COMPANY, seen | flag), 0.0
    if label == "other":
        if phase <= _WORK:
            return (phase, seen), 0.0
        if phase == _CONCLUSION:
            return (phase, seen), -costs.other_after_conclusion
        return None
    if label == "activities":
        return ((_WORK, seen | flag), 0.0) if phase <= _WORK else None
    if label == "conclusion":
        return ((_CONCLUSION, seen | flag), 0.0) if phase <= _WORK else None
    if label == "back":
        if phase <= _BACK:
            return (_BACK, seen), 0.0
        return (_AFTER, seen), 0.0
    if label == "annexes":
        cost = 0.0 if seen & _SEEN["activities"] else costs.annexes_before_activities
        if phase <= _ANNEX:
            return (_ANNEX, seen | flag), -cost
        return (_AFTER, seen | flag), -(cost + costs.annexes_after_back)
    raise ValueError(label)


def decode(scores: list[dict[str, float]], costs: Costs = Costs()) -> Decoding:
    """The best labelling of the parts whose evidence scores are ``scores`` (one dict per
    part, label → score; a missing label is impossible for that part)."""
    start = (_FRONT, 0)
    forward: list[dict[tuple[int, int], tuple[float, tuple | None, str | None]]] = [
        {start: (0.0, None, None)}]
    for part in scores:
        column: dict[tuple[int, int], tuple[float, tuple | None, str | None]] = {}
        for state, (value, _, _) in forward[-1].items():
            for label, gain in part.items():
                moved = _step(state, label, costs)
                if moved is None or gain == NEG:
                    continue
                new, cost = moved
                total = value + gain + cost
                if new not in column or total > column[new][0]:
                    column[new] = (total, state, label)
        forward.append(column)
    # What a reading that lacks a part costs, on its last state.
    missing = {_SEEN["activities"]: costs.missing_activities,
               _SEEN["company"]: costs.missing_company,
               _SEEN["conclusion"]: costs.missing_conclusion}

    def closing(seen: int) -> float:
        return -sum(cost for flag, cost in missing.items() if not seen & flag)

    # Backward: the best score of the parts after n, from each state.
    backward: list[dict[tuple[int, int], float]] = [dict() for _ in range(len(scores) + 1)]
    backward[-1] = {state: closing(state[1]) for state in forward[-1]}
    for n in range(len(scores) - 1, -1, -1):
        for state in forward[n]:
            best = NEG
            for label, gain in scores[n].items():
                moved = _step(state, label, costs)
                if moved is None or gain == NEG or moved[0] not in backward[n + 1]:
                    continue
                best = max(best, gain + moved[1] + backward[n + 1][moved[0]])
            if best > NEG:
                backward[n][state] = best
    final = {state: (value + closing(state[1]), previous, label)
             for state, (value, previous, label) in forward[-1].items()}
    forward[-1] = final
    end = max(final, key=lambda s: final[s][0])
    labels: list[str] = []
    state = end
    for n in range(len(scores), 0, -1):
        _, previous, label = forward[n][state]
        labels.append(label)
        state = previous
    labels.reverse()
    best_by_label: list[dict[str, float]] = []
    for n, part in enumerate(scores):
        row: dict[str, float] = {}
        for state, (value, _, _) in forward[n].items():
            for label, gain in part.items():
                moved = _step(state, label, costs)
                if moved is None or gain == NEG or moved[0] not in backward[n + 1]:
                    continue
                total = value + gain + moved[1] + backward[n + 1][moved[0]]
                row[label] = max(row.get(label, NEG), total)
        best_by_label.append(row)
    decoding = Decoding(labels=labels, score=final[end][0], best=best_by_label)
    for role, flag in _SEEN.items():
        decoding.with_role[role] = max((v for s, (v, _, _) in final.items() if s[1] & flag),
                                       default=NEG)
        decoding.without_role[role] = max((v for s, (v, _, _) in final.items()
                                           if not s[1] & flag), default=NEG)
    return decoding


def confidence(margin: float) -> float:
    """A margin as a number between 0.5 and 1 (a logistic of the score gap)."""
    if margin == math.inf:
        return 1.0
    return round(1.0 / (1.0 + math.exp(-margin)), 3)
