"""One store measured: load, index, latency and accuracy with narrowing on and off."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import latency, startup, synthetic
from benchmarks.latency import Latency
from benchmarks.startup import Startup
from knowledge.answerer import Answerer
from knowledge.store import DEFAULT_ROOT, load_store

SYNTHETIC_QUESTIONS = 600


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


def _now() -> None:
    """No waiting: measure straight away."""


def measure_store(
    name: str,
    root: Path,
    cases: Sequence[tuple[str, str]],
    min_samples: int,
    startup_runs: int,
    settle: Callable[[], object] = _now,
) -> tuple[StoreResult, Answerer]:
    """Load the store under root, time its questions, then start a fresh process on it.

    settle() is called before each timing, to wait out a busy spell of a shared machine.
    """
    settle()
    began = time.perf_counter()
    store = load_store(root)
    loaded = time.perf_counter()
    answerer = Answerer(store)
    indexed = time.perf_counter()
    questions = [question for _expect, question in cases]
    settle()
    timed = latency.measure(answerer.answer, questions, min_samples)
    right = latency.accuracy(answerer, cases)
    answerer.matcher.narrow = False
    settle()
    try:
        off, off_right = latency.single_pass(answerer, cases)
    finally:
        answerer.matcher.narrow = True
    settle()
    fresh = startup.measure(None if root == DEFAULT_ROOT else root, startup_runs)
    phrasings = sum(1 + len(fact.phrasings) for fact in store.facts)
    result = StoreResult(
        name, len(store.facts), phrasings, loaded - began, indexed - loaded,
        timed, right, off, off_right, fresh,
    )  # fmt: skip
    return result, answerer


def measure_synthetic(
    facts: int,
    min_samples: int,
    startup_runs: int = 1,
    questions: int = SYNTHETIC_QUESTIONS,
    settle: Callable[[], object] = _now,
) -> StoreResult:
    """Generate a store of this many facts in a temporary folder and measure it."""
    with tempfile.TemporaryDirectory(prefix="expo-bench-") as folder:
        generated = synthetic.generate(Path(folder) / "store", facts)
        cases = synthetic.questions(generated, questions)
        result, _answerer = measure_store(
            f"synthetic, {facts:,} facts",
            generated.root,
            cases,
            min_samples,
            startup_runs,
            settle,
        )
    return result
