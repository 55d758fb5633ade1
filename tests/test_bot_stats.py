"""/stats' count of unanswered wordings: bounded, and it keeps the frequent ones."""

from __future__ import annotations

import random
from collections import Counter

from bot.stats import MAX_TRACKED, FrequentCounter, QuestionStats, wording
from knowledge.answer import Answer, Kind


def abstained(question: str) -> Answer:
    return Answer(question, Kind.ABSTAIN, "not covered", (), 0.0)


def test_a_real_question_asked_100_times_after_1000_junk_ones_is_listed_first() -> None:
    """1,000 distinct junk wordings fill the table; then a real question asked 100 times (with
    more junk in between) is listed first, with its count, and the table stays at 1,000."""
    stats = QuestionStats()
    for n in range(1_000):
        stats.record(abstained(f"junk {n} qwzx"))
    for n in range(100):
        stats.record(abstained("Who won the  MATCH?"))
        stats.record(abstained(f"more junk {n}"))
    assert stats.top_unanswered(1) == [(wording("who won the match?"), 100)]
    assert len(stats.unanswered) == MAX_TRACKED


def test_every_item_past_one_in_capacity_is_kept_and_never_overcounted() -> None:
    """A skewed random stream: each item seen more than N/capacity times is in the table, and
    the count shown is at most the true one (and exact for the most frequent)."""
    rng = random.Random(15)
    stream = [f"w{int(rng.paretovariate(1.2))}" for _ in range(20_000)]
    counter, truth = FrequentCounter(capacity=50), Counter(stream)
    for item in stream:
        counter.add(item)
    shown = dict(counter.most_common(50))
    frequent = {item for item, n in truth.items() if n > len(stream) / 50}
    assert frequent and frequent <= set(shown)
    assert all(shown[item] <= truth[item] for item in shown)
    assert counter.most_common(1) == truth.most_common(1)
    assert len(counter) == 50
