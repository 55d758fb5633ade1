"""What the bot has been asked since it started: counts by outcome, and what it could not answer."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from knowledge.answer import Answer, Kind

# distinct unanswered wordings counted at once (space-saving: a new one takes the place of the
# least counted), so memory is bounded and a wording asked more than 1 in 1,000 times is kept
MAX_TRACKED = 1_000
MAX_KEY = 300  # characters of a wording kept


class FrequentCounter:
    """The space-saving algorithm (Metwally et al., 2005): the frequent items of a stream, in
    bounded memory.

    At most `capacity` items are counted. A new item, when full, takes the place of the least
    counted one and inherits its count as a possible overcount; so every item seen more than
    1/capacity of the time is in the table, and its count is known to within that overcount.
    """

    def __init__(self, capacity: int = MAX_TRACKED) -> None:
        self.capacity = capacity
        self._counts: dict[str, int] = {}  # at most `capacity` items
        self._over: dict[str, int] = {}  # how much each count may exceed the truth

    def __len__(self) -> int:
        return len(self._counts)

    def add(self, item: str) -> None:
        """Count one sighting of the item."""
        if item in self._counts or len(self._counts) < self.capacity:
            self._counts[item] = self._counts.get(item, 0) + 1
            self._over.setdefault(item, 0)
            return
        least = min(self._counts, key=self._counts.__getitem__)  # O(capacity), fine at 1,000
        floor = self._counts.pop(least)
        del self._over[least]
        self._counts[item], self._over[item] = floor + 1, floor

    def most_common(self, count: int) -> list[tuple[str, int]]:
        """The `count` items with the most sightings certainly theirs, most first, with those."""
        sure = [(item, n - self._over[item]) for item, n in self._counts.items()]
        return sorted(sure, key=lambda pair: -pair[1])[:count]


def wording(question: str) -> str:
    """The question as counted: case and runs of whitespace do not make it another one."""
    return " ".join(question.casefold().split())[:MAX_KEY]


@dataclass
class QuestionStats:
    """Questions since start-up, by outcome; messages held back by the flood limit."""

    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    kinds: Counter[Kind] = field(default_factory=Counter)
    unanswered: FrequentCounter = field(default_factory=FrequentCounter)  # not answered
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
        if key:
            self.unanswered.add(key)

    def top_unanswered(self, count: int) -> list[tuple[str, int]]:
        """The most frequent unanswered wordings, most frequent first."""
        return self.unanswered.most_common(count)
