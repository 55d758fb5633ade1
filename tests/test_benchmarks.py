"""The benchmark code on tiny sizes, so it cannot rot: outputs are sane; no timing is asserted."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import latency, machine, synthetic
from benchmarks.__main__ import main
from benchmarks.plot import plot_latency
from benchmarks.scaling import StoreResult, measure_synthetic
from benchmarks.startup import Startup
from knowledge.answerer import Answerer
from knowledge.store import load_store, squash

TINY = 12


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> synthetic.SyntheticStore:
    """A generated store of a dozen facts."""
    return synthetic.generate(tmp_path_factory.mktemp("synthetic") / "store", TINY)


def test_synthetic_store_passes_validation(tiny: synthetic.SyntheticStore) -> None:
    """load_store accepts the generated store; every quote is a verbatim seed sentence."""
    store = load_store(tiny.root)
    assert [f.id for f in store.facts] == [f.id for f in tiny.facts]
    assert all(len(f.phrasings) == synthetic.PHRASINGS_PER_FACT for f in store.facts)
    seed = squash(next(store.seed_path(s) for s in store.sources).read_text(encoding="utf-8"))
    assert all(f.evidence[0].quote in seed for f in store.facts)
    assert all(f.figure in f.answer and f.figure in f.sentence for f in tiny.facts)


def test_generator_is_deterministic(tiny: synthetic.SyntheticStore, tmp_path: Path) -> None:
    """The same seed writes the same files and asks the same questions."""
    again = synthetic.generate(tmp_path / "store", TINY)
    files = sorted(p.relative_to(tiny.root) for p in tiny.root.rglob("*.t*"))
    assert files == sorted(p.relative_to(again.root) for p in again.root.rglob("*.t*"))
    assert all((tiny.root / f).read_bytes() == (again.root / f).read_bytes() for f in files)
    assert synthetic.questions(tiny, 30) == synthetic.questions(again, 30)


def test_questions_expect_a_fact_or_abstain(tiny: synthetic.SyntheticStore) -> None:
    """Paraphrases name their fact; out-of-vocabulary questions expect an abstain."""
    cases = synthetic.questions(tiny, 60)
    expected = {expect for expect, _question in cases}
    assert latency.ABSTAIN in expected
    assert expected - {latency.ABSTAIN} <= {f.id for f in tiny.facts}
    assert all(question.strip() for _expect, question in cases)
    assert not set(tiny.outside) & set(tiny.vocabulary)


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([1.0], 0.99, 1.0), ([1.0, 2.0, 3.0, 4.0], 0.5, 2.0), (list(range(1, 101)), 0.99, 99)],
)
def test_percentile_is_nearest_rank(values: list[float], share: float, expected: float) -> None:
    """The p-th percentile is the value at rank ceil(p * n)."""
    assert latency.percentile(values, share) == expected


def test_measure_and_accuracy_are_sane(tiny: synthetic.SyntheticStore) -> None:
    """Latency has at least the samples asked for, ordered figures; accuracy is a share."""
    answerer = Answerer(load_store(tiny.root))
    cases = synthetic.questions(tiny, 20)
    timed = latency.measure(answerer.answer, [q for _e, q in cases], min_samples=30, min_rounds=1)
    assert timed.samples >= 30
    assert 0 < timed.median_ms <= timed.p99_ms <= timed.max_ms
    once, right = latency.single_pass(answerer, cases)
    assert once.samples == len(cases)
    assert 0 <= right <= 1
    assert 0 <= latency.accuracy(answerer, cases) <= 1


def test_measure_synthetic_store(tmp_path: Path) -> None:
    """A synthetic store's figures: sizes, load times, both latencies and a fresh process."""
    result = measure_synthetic(TINY, min_samples=20, questions=10)
    assert (result.facts, result.phrasings) == (TINY, TINY * (synthetic.PHRASINGS_PER_FACT + 1))
    assert result.load_s > 0 and result.index_s > 0
    assert result.off_latency.samples == 10
    assert result.startup.inside_s <= result.startup.ready_s
    assert 0 < result.startup.rss_mb <= result.startup.peak_mb


def test_settle_measures_again_when_the_machine_got_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A timing followed by a slow reference loop is taken again; a quiet one is kept."""
    readings = iter([10.0, 10.0, 30.0, 10.0, 10.0])  # start; before, after; before, after
    monkeypatch.setattr(machine, "reference_ms", lambda rounds=5: next(readings))
    settle = machine.Settle(pause=0, warmup=0)
    calls: list[int] = []

    def measure() -> int:
        calls.append(1)
        return len(calls)

    assert settle(measure) == 2
    assert settle.repeated == 1 and settle.readings == [10.0, 30.0, 10.0, 10.0]


def test_settle_looks_for_the_usual_speed_before_the_first_timing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A busy first reading does not become the usual speed: the warm-up finds the quiet one."""
    readings = itertools.chain([30.0, 30.0, 10.0], itertools.repeat(30.0))
    monkeypatch.setattr(machine, "reference_ms", lambda rounds=5: next(readings))
    settle = machine.Settle(pause=0, warmup=0.05)
    assert settle.best == 10.0
    assert not settle.usual()  # 30 is three times the usual speed, not within the slack


def test_plot_is_skipped_with_a_note_without_matplotlib(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without matplotlib no PNG is written, and the reason is given."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    note = plot_latency([], tmp_path / "latency.png")
    assert note is not None and "matplotlib" in note
    assert not (tmp_path / "latency.png").exists()


def test_plot_draws_a_png(tmp_path: Path) -> None:
    """With matplotlib installed (the bench extra), the plot is written."""
    pytest.importorskip("matplotlib")
    timed = latency.Latency(10, 0.2, 0.5, 0.9)
    started = Startup(1, 0.5, 0.4, 50.0, 60.0)
    results = [StoreResult(f"synthetic, {n} facts", n, 11 * n, 0.1, 0.2, timed, 1.0, timed, 1.0,
                           started) for n in (10, 100)]  # fmt: skip
    assert plot_latency(results, tmp_path / "latency.png") is None
    assert (tmp_path / "latency.png").read_bytes().startswith(b"\x89PNG")


def test_python_m_benchmarks_writes_results(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tiny run (no synthetic store) prints the tables and writes RESULTS.md in full."""
    few = latency.evaluation_cases()[:40]
    monkeypatch.setattr(latency, "evaluation_cases", lambda: few)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # the plot has a test of its own
    argv = ["--sizes", "--samples", "20", "--updates", "4", "--http-updates", "4",
            "--startup-runs", "1", "--settle", "0", "--out", str(tmp_path)]  # fmt: skip
    assert main(argv) == 0
    text = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert text in capsys.readouterr().out
    for heading in (
        "## Targets",
        "## Answer latency by store size",
        "## Start-up and memory",
        "## End-to-end throughput",
        "## Evaluation accuracy",
        "## Where the time",
        "## Languages, follow-ups and conversations",
    ):
        assert heading in text  # fmt: skip
    assert "narrowing on, tuning:" in text and "narrowing off, heldout:" in text
    for code in ("en", "zh-Hans", "zh-Hant", "ja", "ko", "ru"):
        assert f"| {code}: tuning questions |" in text
    assert "| follow-up turns of the tuning dialogues" in text and "live conversations" in text
    assert "| answer, 10,000 facts, p99 | not run |" in text
    assert text.count(" | 4 | 0 |") == 4  # every run: 4 replies, no handler errors
    assert "no plot was drawn" in text
