"""What the bot has been asked since it started: counts by outcome, and what it could not answer."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from knowledge.answer import Answer, Kind

MAX_TRACKED = 1_000  # distinct unanswered wordings counted; later new ones only add to totals
MAX_KEY = 300  # characters of a wording kept


def wording(question: str) -> str:
    """The question as counted: case and runs of whitespace do not make it another one."""
    return " ".join(question.casefold().split())[:MAX_KEY]


@dataclass
class QuestionStats:
    """Questions since start-up, by outcome; messages held back by the flood limit."""

    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    kinds: Counter[Kind] = field(default_factory=Counter)
    unanswered: Counter[str] = field(default_factory=Counter)  # clarified or abstained
    limited: int = 0

    @property
    def questions(self) -> int:
        """Every question counted, whatever its outcome."""
        return sum(self.kinds.values())

    def record(self, answer: Answer) -> None:
        """Count one question and its outcome."""
        self.kinds[answer.kind] += 1
        if answer.answered:
            return
        key = wording(answer.question)
        if key and (key in self.unanswered or len(self.unanswered) < MAX_TRACKED):
            self.unanswered[key] += 1

    def top_unanswered(self, count: int) -> list[tuple[str, int]]:
        """The most frequent unanswered wordings, most frequent first."""
        return self.unanswered.most_common(count)
