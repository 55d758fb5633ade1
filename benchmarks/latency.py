"""Answer latency over a set of questions, and how many of them were handled right."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from knowledge.answer import Answer, Kind
from knowledge.answerer import Answerer
from knowledge.evaluate import EVAL_DIR, PARTS, evaluate, read_cases

ABSTAIN = "abstain"
BREAKDOWN = "breakdown"  # the evaluation's narrower-than-any-fact questions: no figure stated
GROUPS = ("in-scope", "out-of-scope", "breakdown")


@dataclass(frozen=True)
class Latency:
    """Per-question wall-clock time: how many were timed, median, 99th percentile and worst."""

    samples: int
    median_ms: float
    p99_ms: float
    max_ms: float


def percentile(ordered: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of values sorted ascending (share 0.99 for the p99)."""
    if not ordered:
        raise ValueError("no values to take a percentile of")
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def summarise(nanoseconds: Iterable[int]) -> Latency:
    """Median, p99 and worst of the timings, in milliseconds."""
    ordered = sorted(t / 1e6 for t in nanoseconds)
    return Latency(len(ordered), percentile(ordered, 0.5), percentile(ordered, 0.99), ordered[-1])


def measure(
    answer: Callable[[str], object],
    questions: Sequence[str],
    min_samples: int = 6000,
    min_rounds: int = 3,
) -> Latency:
    """Time every question, round after round, until there are enough samples for a p99.

    One untimed round first, so one-off costs (caches, lazy imports) are left out.
    """
    for question in questions:
        answer(question)
    timings: list[int] = []
    rounds = 0
    clock = time.perf_counter_ns
    while rounds < min_rounds or len(timings) < min_samples:
        for question in questions:
            start = clock()
            answer(question)
            timings.append(clock() - start)
        rounds += 1
    return summarise(timings)


def handled(answer: Answer, expect: str) -> bool:
    """A question for a fact is answered with that fact; an out-of-scope one is not answered."""
    if expect in (ABSTAIN, BREAKDOWN):
        return answer.kind is not Kind.ANSWER
    return answer.kind is Kind.ANSWER and answer.facts[0] == expect


def accuracy(answerer: Answerer, cases: Iterable[tuple[str, str]]) -> float:
    """Share of (expect, question) cases handled right."""
    results = [handled(answerer.answer(question), expect) for expect, question in cases]
    return sum(results) / max(len(results), 1)


def single_pass(answerer: Answerer, cases: Sequence[tuple[str, str]]) -> tuple[Latency, float]:
    """One timed round over the cases, with the share handled right: for slow settings."""
    timings: list[int] = []
    right = 0
    clock = time.perf_counter_ns
    for expect, question in cases:
        start = clock()
        answer = answerer.answer(question)
        timings.append(clock() - start)
        right += handled(answer, expect)
    return summarise(timings), right / max(len(cases), 1)


def evaluation_cases() -> list[tuple[str, str]]:
    """(expect, question) of every evaluation part (tuning and held-out), in file order."""
    return [
        (case.expect, case.question)
        for part in PARTS
        for case in read_cases(EVAL_DIR / f"{part}.tsv")
    ]


def evaluation_lines(answerer: Answerer) -> list[str]:
    """`python -m knowledge evaluate`'s accuracy per part, with narrowing on and then off."""
    lines: list[str] = []
    try:
        for narrow in (True, False):
            answerer.matcher.narrow = narrow
            for part in PARTS:
                report = evaluate(answerer, part)
                groups = ", ".join(
                    f"{g} {report.accuracy(g):.1%} ({report.right[g]}/{report.total[g]})"
                    for g in GROUPS
                )
                lines.append(f"narrowing {'on' if narrow else 'off'}, {part}: {groups}")
    finally:
        answerer.matcher.narrow = True
    return lines
