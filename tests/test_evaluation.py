"""The evaluation set's shape, and the accuracy floor on its tuning part."""

from __future__ import annotations

from knowledge.answerer import Answerer
from knowledge.evaluate import EVAL_DIR, PARTS, evaluate, format_report, read_cases

# The floors of the answer-engine issue, on the tuning part.
FLOORS = {"in-scope": 0.97, "out-of-scope": 0.97, "breakdown": 0.90}


def test_evaluation_set_is_large_and_valid(answerer: Answerer) -> None:
    """At least 250 questions, 80 held out, 50 out of scope, 25 breakdowns; known fact ids."""
    cases = {part: read_cases(EVAL_DIR / f"{part}.tsv") for part in PARTS}
    everything = [c for part in PARTS for c in cases[part]]
    assert len(everything) >= 250
    assert len(cases["heldout"]) >= 80
    assert sum(c.group == "out-of-scope" for c in everything) >= 50
    assert sum(c.group == "breakdown" for c in everything) >= 25
    ids = {f.id for f in answerer.store.facts}
    unknown = {c.expect for c in everything if c.group == "in-scope"} - ids
    assert not unknown, f"expected facts that do not exist: {unknown}"
    questions = [c.question.strip().lower() for c in everything]
    assert len(questions) == len(set(questions)), "a question appears twice"


def test_tuning_accuracy_meets_the_floors(answerer: Answerer) -> None:
    """The tuning part stays at or above the floors; the report names every confusion."""
    report = evaluate(answerer, "tuning")
    shortfalls = {
        g: report.accuracy(g) for g, floor in FLOORS.items() if report.accuracy(g) < floor
    }
    assert not shortfalls, format_report(report)
