"""The matcher's shortcuts change no ranking: the top five are the top of the full ranking."""

from __future__ import annotations

import pytest

from knowledge.answerer import Answerer
from knowledge.evaluate import EVAL_DIR, PARTS, read_cases


def questions() -> list[str]:
    """Every evaluation question, both parts."""
    return [case.question for part in PARTS for case in read_cases(EVAL_DIR / f"{part}.tsv")]


def test_the_top_five_are_the_head_of_the_whole_ranking(answerer: Answerer) -> None:
    """rank stops scoring facts that cannot reach the top five; the five are still the best."""
    matcher, everyone = answerer.matcher, len(answerer.store.facts)
    compared = 0
    for question in questions():
        words = answerer.analyser.normaliser.words(question)
        near = matcher.near_words(words)
        whole = matcher.rank(words, near, limit=everyone)
        assert matcher.rank(words, near) == whole[:5], question
        compared += len(whole) > 5  # a ranking long enough for the cut to matter
    assert compared > 100


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_a_shorter_limit_is_a_prefix(answerer: Answerer, limit: int) -> None:
    """Whatever the limit, the facts returned are the head of the full ranking, in order."""
    matcher = answerer.matcher
    for question in questions()[::7]:
        words = answerer.analyser.normaliser.words(question)
        near = matcher.near_words(words)
        assert matcher.rank(words, near, limit) == matcher.rank(words, near, limit=50)[:limit]


def test_candidate_narrowing_changes_no_decision(answerer: Answerer) -> None:
    """Scoring only the phrasings that share a stem decides every question as scoring all."""
    questions_ = questions()
    narrowed = [answerer.answer(q) for q in questions_]
    answerer.matcher.narrow = False
    try:
        everything = [answerer.answer(q) for q in questions_]
    finally:
        answerer.matcher.narrow = True
    differ = [
        q
        for q, a, b in zip(questions_, narrowed, everything, strict=True)
        if (a.kind, a.facts) != (b.kind, b.facts)
    ]
    assert differ == []
