"""Rank facts against a question: rapidfuzz over every phrasing, a fact scoring as its best."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz import fuzz, process

from knowledge.analyse import Analyser
from knowledge.models import FactText

# Weight of the whole-phrase fuzzy score against the share of the question's words the fact
# knows. Chosen by `python -m knowledge evaluate` on the tuning part (README: "Matching").
PHRASE_WEIGHT = 0.7
SCORER = fuzz.QRatio
# Only the best phrasings are aggregated per fact: a fact further down cannot win the blend.
TOP_PHRASINGS = 60
# A store with more phrasings than this scores at most this many per question, skipping the
# question's most common stems. Scoring 1,000 short phrasings costs rapidfuzz ~0.1 ms, so a
# smaller store scores every phrasing that shares a stem, as before.
MAX_CANDIDATES = 2000


def blend(phrase: float, coverage: float) -> float:
    """A fact's score: its best phrasing's fuzzy score and the share of words it knows."""
    return PHRASE_WEIGHT * phrase + (1 - PHRASE_WEIGHT) * 100 * coverage


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

    def __init__(self, facts: Sequence[FactText], analyser: Analyser) -> None:
        self.analyser = analyser
        normaliser = analyser.normaliser
        self._stem = stem = analyser.stemmer.stem
        self._choices: list[str] = []
        self._owner: list[str] = []
        # the words of a fact's phrasings, answer and quotes: what it knows about
        self.known: dict[str, frozenset[str]] = {}
        # the words each fact's phrasings narrow to: a narrowing word outside them is missing
        self.accounted = {
            fact.id: frozenset(
                w for phrasing in fact.questions for w in analyser.accounted(phrasing)
            )
            for fact in facts
        }
        # question words alone ask about nothing
        self.question_words = analyser.language.question_words
        # ... nor do the edition's own words, nor the words of a claimed figure ("over 80 billion")
        self.neutral = analyser.neutral
        self.claim_words = analyser.claim_words
        spans: dict[str, range] = {}  # each fact's phrasings, as positions in _choices
        for fact in facts:
            words: set[str] = set()
            start = len(self._choices)
            for phrasing in dict.fromkeys(fact.questions):
                normalised = analyser.phrasing(phrasing)[0]
                if not normalised:
                    continue
                self._choices.append(normalised)
                self._owner.append(fact.id)
                words.update(normalised.split())
            spans[fact.id] = range(start, len(self._choices))
            told = (fact.answer, *fact.quotes)
            self.known[fact.id] = frozenset(
                words.union(*(normaliser.words(t, spell=False) for t in told))
            )
        all_words = sorted(set().union(*self.known.values()))
        # candidate narrowing: from a word's stem to the phrasings that use it, so a question
        # is scored against the phrasings that share a word with it, not against all of them
        index: dict[str, set[int]] = defaultdict(set)
        for position, choice in enumerate(self._choices):
            for word in choice.split():
                index[stem(word)].add(position)
        # each stem's phrasings as {position: phrasing}, ready to merge into the candidates
        self._index = {
            key: {p: self._choices[p] for p in sorted(value)} for key, value in index.items()
        }
        self.narrow = True
        # ... and from a stem to the facts whose phrasings, answer or quotes know it: what a
        # question sharing no stem with any phrasing is scored against in a large store
        knowers: dict[str, list[range]] = defaultdict(list)
        for fact_id, span in spans.items():
            for key in {stem(word) for word in self.known[fact_id]}:
                knowers[key].append(span)
        self._knowers = {key: tuple(value) for key, value in knowers.items()}
        self._knowers_size = {key: sum(map(len, value)) for key, value in knowers.items()}
        stems: dict[str, set[str]] = defaultdict(set)
        for word in all_words:
            stems[stem(word)].add(word)
        self._by_stem = {key: frozenset(value) for key, value in stems.items()}
        # rarer words tell facts apart: weight each by its inverse document frequency
        count = len(self.known)
        frequency: dict[str, int] = defaultdict(int)
        for known in self.known.values():
            for word in known:
                frequency[word] += 1
        self.idf = {w: math.log(1 + count / n) for w, n in frequency.items()}
        self.unknown_weight = max(self.idf.values(), default=1.0)

    def knows(self, word: str) -> bool:
        """True when some fact knows the word or one of the same stem."""
        return self._stem(word) in self._by_stem

    def near_words(self, words: list[str]) -> list[frozenset[str]]:
        """For each question word, the store words it matches: itself, or the same stem.

        Typos are already corrected by the normaliser; a fuzzy match here would make "rain"
        known through "trains".
        """
        return [self._by_stem.get(self._stem(word), frozenset()) for word in words]

    def weights(self, near: list[frozenset[str]]) -> list[float]:
        """How much each question word matters: rare store words most, unknown words too."""
        return [max((self.idf[w] for w in n), default=self.unknown_weight) for n in near]

    def _candidates(self, words: list[str]) -> dict[int, str] | list[str]:
        """The phrasings worth scoring: those sharing a word stem with the question.

        In a store of more than MAX_CANDIDATES phrasings, stems are taken rarest first while
        their phrasings fit within it, so "how" or "total" does not bring in every phrasing; a
        question left with none is scored against the facts whose answers or quotes know one
        of its words (within the same limit), or against nothing.
        """
        if not self.narrow:
            return self._choices
        choices, index = self._choices, self._index
        stems = [self._stem(word) for word in words]
        large = len(choices) > MAX_CANDIDATES
        chosen = _rarest({k: len(index[k]) for k in stems if k in index}) if large else set(stems)
        candidates: dict[int, str] = {}
        for key in stems:  # in the question's order, so ties keep their order
            if key in chosen:
                candidates.update(index.get(key, {}))
        if not candidates and not large:
            return choices  # nothing shared: let every phrasing compete, and the score decide
        if not candidates:
            sizes = self._knowers_size
            for key in _rarest({k: sizes[k] for k in stems if k in sizes}):
                for span in self._knowers[key]:
                    candidates.update((p, choices[p]) for p in span)
        return candidates

    def rank(self, words: list[str], near: list[frozenset[str]], limit: int = 5) -> list[Ranked]:
        """The best facts for the normalised question words, best first."""
        if not words:
            return []
        query = " ".join(words)
        best: dict[str, tuple[float, str]] = {}
        for choice, score, index in process.extract(
            query, self._candidates(words), scorer=SCORER, limit=TOP_PHRASINGS, score_cutoff=1
        ):
            fact = self._owner[index]
            if fact not in best:  # results come best first: a fact scores as its best phrasing
                best[fact] = (score, choice)
        weights = self.weights(near)
        total = sum(weights) or 1.0
        # a word that matches no store word is known to no fact: look up only the others
        matched = [(w, n) for w, n in zip(weights, near, strict=True) if n]
        scored = []
        top: list[float] = []  # the best `limit` scores so far, the lowest first
        for fact, (phrase, phrasing) in best.items():  # best phrase first
            # even full coverage cannot lift this fact (or any after it) above the limit-th
            # score; equal would not do either, as the sort below keeps earlier facts first
            if len(top) == limit and blend(phrase, 1.0) <= top[0]:
                break
            known = self.known[fact]
            coverage = sum(w for w, n in matched if not known.isdisjoint(n)) / total
            score = blend(phrase, coverage)
            scored.append((fact, score, phrase, coverage, phrasing))
            heapq.heappush(top, score)
            if len(top) > limit:
                heapq.heappop(top)
        # a stable sort: equal scores keep the order of their best phrasings
        scored.sort(key=itemgetter(1), reverse=True)
        return [Ranked(*entry) for entry in scored[:limit]]


def _rarest(sizes: dict[str, int]) -> set[str]:
    """The keys, smallest first, while their sizes add up to at most MAX_CANDIDATES."""
    chosen: set[str] = set()
    total = 0
    for key in sorted(sizes, key=sizes.__getitem__):
        total += sizes[key]
        if total > MAX_CANDIDATES:
            break
        chosen.add(key)
    return chosen
