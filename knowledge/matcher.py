"""Rank facts against a question: rapidfuzz over every phrasing, a fact scoring as its best."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.models import Fact
from knowledge.text import Normaliser

# A question word counts as known to a fact when it is this close to one of the fact's words:
# loose enough for "invstment", tight enough that "won" is not "wan".
WORD_CUTOFF = 80.0
# Weight of the whole-phrase fuzzy score against the share of the question's words the fact
# knows. Chosen by `python -m knowledge evaluate` on the tuning part (README: "Matching").
PHRASE_WEIGHT = 0.5
SCORER = fuzz.WRatio


@dataclass(frozen=True)
class Ranked:
    """One fact's score for a question, with the pieces it was made from."""

    fact: str
    score: float  # 0-100, the blend the decision uses
    phrase: float  # best phrasing's fuzzy score
    coverage: float  # share of the question's words this fact's phrasings know (0-1)
    phrasing: str  # the normalised phrasing that scored best


class Matcher:
    """The phrasings of every fact, normalised once, ranked per question with rapidfuzz."""

    def __init__(self, facts: Iterable[Fact], normaliser: Normaliser) -> None:
        self.normalise = normaliser
        self._choices: list[str] = []
        self._owner: list[str] = []
        self.vocabulary: dict[str, frozenset[str]] = {}
        for fact in facts:
            words: set[str] = set()
            for phrasing in dict.fromkeys((fact.question, *fact.phrasings)):
                normalised = normaliser(phrasing)
                if not normalised:
                    continue
                self._choices.append(normalised)
                self._owner.append(fact.id)
                words.update(normalised.split())
            self.vocabulary[fact.id] = frozenset(words)
        self.all_words = sorted(set().union(*self.vocabulary.values()))

    def near_words(self, words: list[str]) -> list[frozenset[str]]:
        """For each question word, the store words spelled close to it (typos included)."""
        return [
            frozenset(
                match
                for match, _score, _index in process.extract(
                    word, self.all_words, scorer=fuzz.ratio, limit=None,
                    score_cutoff=WORD_CUTOFF,
                )
            )
            for word in words
        ]  # fmt: skip

    def rank(
        self, words: list[str], near: list[frozenset[str]], limit: int = 5
    ) -> list[Ranked]:
        """The best facts for the normalised question words, best first."""
        if not words:
            return []
        query = " ".join(words)
        best: dict[str, tuple[float, str]] = defaultdict(lambda: (0.0, ""))
        for _choice, score, index in process.extract(
            query, self._choices, scorer=SCORER, limit=None, score_cutoff=1
        ):
            fact = self._owner[index]
            if score > best[fact][0]:
                best[fact] = (score, self._choices[index])
        ranked = []
        for fact, (phrase, phrasing) in best.items():
            vocabulary = self.vocabulary[fact]
            coverage = sum(not vocabulary.isdisjoint(n) for n in near) / len(words)
            score = PHRASE_WEIGHT * phrase + (1 - PHRASE_WEIGHT) * 100 * coverage
            ranked.append(Ranked(fact, score, phrase, coverage, phrasing))
        ranked.sort(key=lambda r: r.score, reverse=True)
        return ranked[:limit]
