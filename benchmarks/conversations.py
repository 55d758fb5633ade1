"""Per-language latency, follow-up latency, and the memory of 100,000 live conversations."""

from __future__ import annotations

import gc
import json
import time
import tracemalloc
from collections.abc import Sequence

from benchmarks.latency import Latency, measure, summarise
from bot.conversations import Conversations
from knowledge.answer import Answer
from knowledge.answerer import Answerer
from knowledge.evaluate import EVAL_DIR, read_cases

LANGUAGES = ("en", "zh-Hans", "zh-Hant", "ja", "ko", "ru")
LIVE_CONVERSATIONS = 100_000
FOLLOW_UP_TARGET_MS = 0.4  # the follow-ups issue: median under 0.4 ms


def per_language(answerer: Answerer, samples: int) -> list[tuple[str, Latency]]:
    """Each language's tuning questions, timed as `measure` times the whole set."""
    timed = []
    for code in LANGUAGES:
        questions = [c.question for c in read_cases(EVAL_DIR / code / "tuning.tsv")]
        timed.append((code, measure(answerer.answer, questions, min_samples=samples)))
    return timed


def follow_ups(answerer: Answerer, rounds: int = 20) -> Latency:
    """Every later turn of the tuning dialogues, answered against the turn before it."""
    pairs: list[tuple[str, Answer]] = []
    with open(EVAL_DIR / "dialogues" / "tuning.jsonl", encoding="utf-8") as lines:
        for line in lines:
            turns = [t["text"] for t in json.loads(line)["turns"]]
            previous = answerer.answer(turns[0])
            for text in turns[1:]:
                pairs.append((text, previous))
                previous = answerer.answer(text, previous)
    clock, timings = time.perf_counter_ns, []
    for _ in range(rounds):
        for text, previous in pairs:
            start = clock()
            answerer.answer(text, previous)
            timings.append(clock() - start)
    return summarise(timings)


def conversation_memory(answerer: Answerer, live: int = LIVE_CONVERSATIONS) -> float:
    """MB held by `live` conversations, each with its last turn and its sent answer noted."""
    answers = [answerer.answer(q) for q in ("how much investment was signed?",
                                            "where was it held?", "参加企業は何社?")]  # fmt: skip
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    frames = Conversations()
    for n in range(live):
        turn = frames.remember((n, n), answers[n % len(answers)])
        frames.sent(n, n, turn)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return held / 1e6


def table(languages: Sequence[tuple[str, Latency]], follow: Latency, memory_mb: float) -> list[str]:
    """The rows of the section, as Markdown."""
    rows = ["| what | samples | median | p99 |", "| --- | --- | --- | --- |"]
    rows += [f"| {code}: tuning questions | {t.samples:,} | {t.median_ms:.3f} ms | "
             f"{t.p99_ms:.3f} ms |" for code, t in languages]  # fmt: skip
    met = "meets" if follow.median_ms < FOLLOW_UP_TARGET_MS else "misses"
    rows.append(f"| follow-up turns of the tuning dialogues ({met} the {FOLLOW_UP_TARGET_MS} ms "
                f"median target) | {follow.samples:,} | {follow.median_ms:.3f} ms | "
                f"{follow.p99_ms:.3f} ms |")  # fmt: skip
    rows.append(
        f"\n{LIVE_CONVERSATIONS:,} live conversations (each its last turn and one sent "
        f"answer kept for Telegram replies): {memory_mb:.1f} MB (tracemalloc)."
    )
    return rows
