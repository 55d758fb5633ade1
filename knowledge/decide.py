"""Deciding: Query (+ the previous Decision) -> Decision: answer, clarify or abstain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from knowledge.analyse import Query
from knowledge.answer import Kind
from knowledge.matcher import Matcher, Ranked
from knowledge.models import Fact, FactStore, Scope

# Thresholds on the blended score (0-100), chosen on the tuning part of the evaluation set.
ANSWER_AT = 70.0  # the best fact must reach this to be stated
MARGIN = 3.0  # ... and lead the next fact by this much, or the user is asked which
CLARIFY_AT = 60.0  # below this nothing is close: abstain
CLARIFY_WITHIN = 3.0  # facts this close to the best are offered as "did you mean"
# ... but only when the question reads like one of their phrasings at least half-way: "what
# time is it" shares a word with three facts and resembles none of them (QRatio 44)
CLARIFY_MIN_PHRASE = 50.0
# A question with a word no fact knows (after spelling correction) is about something else.
MAX_UNKNOWN_SHARE = 0.0
# When the question names no scope and the since-2005 fact wins by less than this, the
# edition's figure is what was meant (the default scope).
SCOPE_SWITCH_MARGIN = 15.0
MAX_SUGGESTIONS = 3
TOP = 5  # facts ranked for a decision


class Message:
    """The catalogue keys of the replies a decision can ask for."""

    ANSWER = "answer"  # the stated facts' answers
    CLARIFY = "clarify"  # "did you mean one of these?"
    NOT_COVERED = "not-covered"  # the articles do not say
    EMPTY = "empty"  # nothing was asked
    NO_FIGURE = "breakdown.figure"  # no figure for that narrowing; the nearest fact
    NOTHING_SAID = "breakdown.anything"  # nothing said for that narrowing; the nearest fact


@dataclass(frozen=True, slots=True)
class Decision:
    """What to reply, in no language: the kind, the facts, and the catalogue key."""

    kind: Kind
    message: str  # a Message key
    facts: tuple[str, ...] = ()  # the answering fact, or the clarify candidates
    stated: tuple[str, ...] = ()  # the facts whose answers the reply states and cites
    suggestions: tuple[str, ...] = ()  # related / did-you-mean / nearest facts
    score: float = 0.0  # 0-100: how well the best fact matched
    scope: Scope | None = None  # the span the question named
    missing: Mapping[str, str] = field(default_factory=dict)  # narrowing no fact accounts for


class Decider:
    """Decides questions against one store through one language's matcher."""

    def __init__(self, store: FactStore, matcher: Matcher) -> None:
        self.store = store
        self.matcher = matcher
        # the same every time a fact is given, so worked out once
        self._has_figure = {
            f.id: bool(store.analyser().tokeniser.numbers(f.answer)) for f in store.facts
        }

    def decide(self, query: Query, previous: Decision | None = None) -> Decision:
        """The decision for one question; `previous` is the turn before it (not used yet)."""
        if query.empty:
            return Decision(Kind.ABSTAIN, Message.EMPTY, suggestions=self.featured())
        words = list(query.words)
        near = self.matcher.near_words(words)
        head = self.matcher.rank(words, near, limit=TOP)
        if not head or self._unknown_share(query, near) > MAX_UNKNOWN_SHARE:
            return self._abstain(head)
        ranked = self._apply_scope(head, query.scope, query.narrowing)
        missing = self._missing(query.narrowing, ranked[0].fact)
        # a yes/no about X is answered by a fact that says X; a figure for X needs a fact for X
        known = self.matcher.known[ranked[0].fact]
        if missing and (query.wants_figure or not known >= set(missing)):
            return self._narrower(query, near, head, missing)
        return self._choose(ranked, query.scope, query.wants_figure)

    def featured(self) -> tuple[str, ...]:
        """A few popular facts: examples for /start and an empty question."""
        return self.store.featured or tuple(f.id for f in self.store.facts[:4])

    def explain(self, fact: Fact) -> Decision:
        """The decision to state one fact, as for a button press."""
        return self._answer(fact, 100.0, fact.scope)

    def _choose(self, ranked: list[Ranked], scope: Scope | None, wants_figure: bool) -> Decision:
        """Answer when one fact is clearly ahead, clarify when a few are close, else abstain."""
        best = ranked[0]
        if best.score < CLARIFY_AT:
            return self._abstain(ranked)
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if best.score < ANSWER_AT or best.score - runner_up < MARGIN:
            close = [r for r in ranked if best.score - r.score <= CLARIFY_WITHIN]
            if len(close) > 1 and best.phrase >= CLARIFY_MIN_PHRASE:
                ids = tuple(r.fact for r in close[:MAX_SUGGESTIONS])
                return Decision(Kind.CLARIFY, Message.CLARIFY, facts=ids,
                                suggestions=_unique(ids), score=round(best.score, 1))  # fmt: skip
            if best.score < ANSWER_AT:
                return self._abstain(ranked)
        fact = self.store.fact(best.fact)
        if wants_figure and not self._has_figure[fact.id]:
            return self._breakdown(fact, best.score, {}, wants_figure)
        return self._answer(fact, best.score, scope)

    def _narrower(
        self,
        query: Query,
        near: list[frozenset[str]],
        head: list[Ranked],
        missing: dict[str, str],
    ) -> Decision:
        """A question narrower than the facts: say so, and offer the nearest fact labelled."""
        parts = {part for m in missing for part in m.split()}
        kept = [(w, n) for w, n in zip(query.words, near, strict=True) if w not in parts]
        topic: list[Ranked] = []
        if kept and not {w for w, _ in kept} <= self.matcher.question_words:
            # the question without its narrowing words: what the articles do give
            topic = self.matcher.rank([w for w, _ in kept], [n for _, n in kept])
            topic = self._apply_scope(topic, query.scope, query.narrowing) if topic else topic
        if not topic or topic[0].score < CLARIFY_AT:
            # nothing else in the question: the nearest fact is one that mentions the word,
            # however far down the whole ranking (rare, so not ranked that far for every question)
            everything = self.matcher.rank(list(query.words), near, limit=len(self.store.facts))
            topic = [r for r in everything if not self.matcher.known[r.fact].isdisjoint(parts)]
        if not topic:
            return self._abstain(head)
        nearest = self.store.fact(topic[0].fact)
        if not query.wants_figure and self.matcher.known[nearest.id] >= set(missing):
            return self._answer(nearest, topic[0].score, query.scope)
        return self._breakdown(nearest, topic[0].score, missing, query.wants_figure)

    def _unknown_share(self, query: Query, near: list[frozenset[str]]) -> float:
        """Share of the question's words no fact knows; narrowing words and numbers excepted."""
        judged = [
            n for w, n in zip(query.words, near, strict=True)
            if w not in query.specifiers and not w[0].isdigit()
        ]  # fmt: skip
        return sum(not n for n in judged) / max(len(judged), 1)

    def _apply_scope(
        self, ranked: list[Ranked], scope: Scope | None, narrowing: Mapping[str, str]
    ) -> list[Ranked]:
        """Swap a fact for its counterpart when the question names (or defaults to) its scope."""
        best = ranked[0]
        fact = self.store.fact(best.fact)
        if fact.counterpart is None:
            return ranked
        other = self.store.fact(fact.counterpart)
        if scope == other.scope:
            wanted = other
        elif scope is None and fact.scope is Scope.SINCE_2005:
            rival = next((r for r in ranked if r.fact == other.id), None)
            close = rival is not None and best.score - rival.score < SCOPE_SWITCH_MARGIN
            # "investment in dollars": only the since-2005 figure is given in dollars
            fits = len(self._missing(narrowing, other.id)) <= len(self._missing(narrowing, fact.id))
            wanted = other if close and fits else fact
        else:
            wanted = fact
        if wanted is fact:
            return [best, *(r for r in ranked[1:] if r.fact != other.id)]
        promoted = Ranked(other.id, best.score, best.phrase, best.coverage, best.phrasing)
        return [promoted, *(r for r in ranked[1:] if r.fact not in (fact.id, other.id))]

    def _missing(self, narrowing: Mapping[str, str], fact_id: str) -> dict[str, str]:
        """The narrowing words no phrasing of the fact accounts for."""
        vocabulary = self.matcher.accounted[fact_id]
        return {
            word: category
            for word, category in narrowing.items()
            if not all(part in vocabulary for part in word.split())
        }

    def _answer(self, fact: Fact, score: float, scope: Scope | None) -> Decision:
        stated: tuple[str, ...] = (fact.id,)
        if scope is None and fact.scope is Scope.EDITION and fact.counterpart:
            # no scope named: this edition's figure, and one sentence on the other scope
            stated = (fact.id, fact.counterpart)
        return Decision(Kind.ANSWER, Message.ANSWER, facts=(fact.id,), stated=stated,
                        suggestions=_unique(fact.related, exclude=stated),
                        score=round(score, 1), scope=scope)  # fmt: skip

    def _abstain(self, ranked: list[Ranked]) -> Decision:
        score = round(ranked[0].score, 1) if ranked else 0.0
        nearest = _unique(r.fact for r in ranked) or self.featured()[:MAX_SUGGESTIONS]
        return Decision(Kind.ABSTAIN, Message.NOT_COVERED, suggestions=nearest, score=score)

    def _breakdown(
        self, fact: Fact, score: float, missing: dict[str, str], figure: bool
    ) -> Decision:
        message = Message.NO_FIGURE if figure else Message.NOTHING_SAID
        return Decision(Kind.ABSTAIN, message, stated=(fact.id,),
                        suggestions=_unique([fact.id, *fact.related]), score=round(score, 1),
                        missing=missing)  # fmt: skip


def _unique(ids: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """The ids in order, each once, without the excluded, at most MAX_SUGGESTIONS."""
    skip = set(exclude)
    return tuple(i for i in dict.fromkeys(ids) if i not in skip)[:MAX_SUGGESTIONS]
