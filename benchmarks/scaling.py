"""One store measured: load, index, latency and accuracy with narrowing on and off."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from benchmarks import latency, startup, synthetic
from benchmarks.latency import Latency
from benchmarks.startup import Startup
from knowledge.answerer import Answerer
from knowledge.store import DEFAULT_ROOT, load_store

SYNTHETIC_QUESTIONS = 600
T = TypeVar("T")


@dataclass(frozen=True)
class StoreResult:
    """The figures of one store."""

    name: str
    facts: int
    phrasings: int
    load_s: float  # load_store: read and validate every file
    index_s: float  # Answerer(store): normalise and index every phrasing
    latency: Latency
    accuracy: float  # share of the questions handled right, narrowing on
    off_latency: Latency  # one timed round with matcher.narrow = False
    off_accuracy: float
    startup: Startup


class Quietly(Protocol):
    """Takes a measurement, perhaps waiting for a quiet spell first (machine.Settle does)."""

    def __call__(self, measure: Callable[[], T]) -> T:
        """The measurement's result."""
        ...


def at_once(measure: Callable[[], T]) -> T:
    """Measure straight away."""
    return measure()


def measure_store(
    name: str,
    root: Path,
    cases: Sequence[tuple[str, str]],
    min_samples: int,
    startup_runs: int,
    quietly: Quietly = at_once,
) -> tuple[StoreResult, Answerer]:
    """Load the store under root, time its questions, then start a fresh process on it."""

    def load() -> tuple[Answerer, float, float]:
        began = time.perf_counter()
        store = load_store(root)
        loaded = time.perf_counter()
        return Answerer(store), loaded - began, time.perf_counter() - loaded

    answerer, load_s, index_s = quietly(load)
    questions = [question for _expect, question in cases]
    timed = quietly(lambda: latency.measure(answerer.answer, questions, min_samples))
    right = latency.accuracy(answerer, cases)
    answerer.matcher.narrow = False
    try:
        off, off_right = quietly(lambda: latency.single_pass(answerer, cases))
    finally:
        answerer.matcher.narrow = True
    fresh_root = None if root == DEFAULT_ROOT else root
    fresh = quietly(lambda: startup.measure(fresh_root, startup_runs))
    facts = answerer.store.facts
    phrasings = sum(1 + len(fact.phrasings) for fact in facts)
    result = StoreResult(
        name, len(facts), phrasings, load_s, index_s, timed, right, off, off_right, fresh
    )
    return result, answerer


def measure_synthetic(
    facts: int,
    min_samples: int,
    startup_runs: int = 1,
    questions: int = SYNTHETIC_QUESTIONS,
    quietly: Quietly = at_once,
) -> StoreResult:
    """Generate a store of this many facts in a temporary folder and measure it."""
    with tempfile.TemporaryDirectory(prefix="expo-bench-") as folder:
        generated = synthetic.generate(Path(folder) / "store", facts)
        cases = synthetic.questions(generated, questions)
        name = f"synthetic, {facts:,} facts"
        result, _answerer = measure_store(
            name, generated.root, cases, min_samples, startup_runs, quietly
        )
    return result
