"""Where the time goes: cProfile shares of one function's time, split by what it calls."""

from __future__ import annotations

import cProfile
import math
import pstats
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypeAlias

from knowledge.answerer import Answerer

# pstats' key for a function: (file, line, name)
Key: TypeAlias = tuple[str, int, str]


@dataclass(frozen=True)
class Share:
    """A callee's part of its caller's time (profiler overhead inflates Python-level code)."""

    function: str
    calls: int
    share: float  # 0-1 of the caller's cumulative time


def profile(run: Callable[[], object]) -> pstats.Stats:
    """Run once under cProfile."""
    profiler = cProfile.Profile()
    profiler.runcall(run)
    return pstats.Stats(profiler)


def label(key: Key) -> str:
    """'`knowledge/text.py:words`' for code, the profiler's own words for built-ins."""
    file, _line, name = key
    if file == "~":
        return f"`{name}`"
    path = PurePath(file)
    return f"`{path.parent.name}/{path.name}:{name}`"


def find(stats: pstats.Stats, path_end: str, name: str) -> Key:
    """The key of the function `name` in the file whose path ends with path_end."""
    table: dict[Key, Any] = stats.stats  # type: ignore[attr-defined]
    for key in table:
        if key[0].endswith(path_end) and key[2] == name:
            return key
    raise KeyError(f"{path_end}:{name} was not called")


def cumulative(stats: pstats.Stats, key: Key) -> tuple[int, float]:
    """How often the function was called and its cumulative seconds."""
    table: dict[Key, Any] = stats.stats  # type: ignore[attr-defined]
    _cc, calls, _own, total, _callers = table[key]
    return int(calls), float(total)


def split(stats: pstats.Stats, parent: Key, top: int = 10) -> list[Share]:
    """The parent's time by direct callee, largest first, then its own time and the rest."""
    table: dict[Key, Any] = stats.stats  # type: ignore[attr-defined]
    _cc, calls, own, total, _callers = table[parent]
    parts = [
        Share(label(key), int(callers[parent][1]), float(callers[parent][3]) / total)
        for key, (_c, _n, _t, _ct, callers) in table.items()
        if parent in callers and key != parent
    ]
    parts.sort(key=lambda s: s.share, reverse=True)
    shown = parts[:top]
    rest = sum(s.share for s in parts[top:])
    shown.append(Share(f"{label(parent)}: its own code", int(calls), float(own) / total))
    if rest:
        shown.append(Share(f"{len(parts) - top} other callees", 0, rest))
    return shown


def shares(stats: pstats.Stats, root: Key, parts: dict[str, tuple[str, str]]) -> list[Share]:
    """Named functions' cumulative time as shares of the root's, and what is left over."""
    _calls, total = cumulative(stats, root)
    out: list[Share] = []
    for name, (path_end, function) in parts.items():
        calls, seconds = cumulative(stats, find(stats, path_end, function))
        out.append(Share(name, calls, seconds / total))
    out.append(Share("the rest", 0, max(1 - sum(s.share for s in out), 0.0)))
    return out


@dataclass(frozen=True)
class Part:
    """A piece of an answer timed on its own: mean microseconds, and calls per answer."""

    name: str
    micros: float
    per_answer: float


def _mean_micros(run: Callable[[str], object], questions: Sequence[str], rounds: int = 3) -> float:
    """Mean time of run(question) over the questions, best of a few rounds."""
    run(questions[0])
    best = math.inf
    for _ in range(rounds):
        start = time.perf_counter_ns()
        for question in questions:
            run(question)
        best = min(best, (time.perf_counter_ns() - start) / len(questions) / 1e3)
    return best


def answer_parts(answerer: Answerer, questions: Sequence[str], stats: pstats.Stats) -> list[Part]:
    """The public pieces of an answer timed directly; how often an answer calls each (profile)."""
    normaliser, matcher = answerer.analyser.normaliser, answerer.matcher
    tokens = answerer.analyser.tokeniser.tokens
    words = {q: normaliser.words(q) for q in questions}
    near = {q: matcher.near_words(w) for q, w in words.items()}
    asked = [q for q in questions if words[q]]
    answers, _seconds = cumulative(stats, find(stats, "knowledge/answerer.py", "answer"))
    pieces: list[tuple[str, Callable[[str], object], Sequence[str], tuple[str, str]]] = [
        ("`Answerer.answer(question)`", answerer.answer, questions,
         ("knowledge/answerer.py", "answer")),
        ("`Normaliser.words(question)`", normaliser.words, questions,
         ("knowledge/analyse/normalise.py", "words")),
        ("`Tokeniser.tokens(question)`", tokens, questions,
         ("knowledge/analyse/text.py", "tokens")),
        ("`Matcher.rank(words, near)`", lambda q: matcher.rank(words[q], near[q]), asked,
         ("knowledge/matcher.py", "rank")),
    ]  # fmt: skip
    parts = []
    for name, run, inputs, (path_end, function) in pieces:
        calls, _seconds = cumulative(stats, find(stats, path_end, function))
        parts.append(Part(name, _mean_micros(run, inputs), calls / max(answers, 1)))
    return parts
