"""Deciding: Query (+ the previous Decision) -> Decision: answer, clarify or abstain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from knowledge.analyse import Query
from knowledge.answer import Kind
from knowledge.checking import check
from knowledge.decision import (
    ANSWER_AT,
    CLARIFY_AT,
    CLARIFY_MIN_PHRASE,
    CLARIFY_WITHIN,
    LEAD,
    MARGIN,
    MAX_SUGGESTIONS,
    SCOPE_SWITCH_MARGIN,
    TOP,
    UNKNOWN,
    UNKNOWN_RUN,
    Decision,
    Message,
    in_runs,
    unique,
)
from knowledge.matcher import Matcher, Ranked
from knowledge.models import Fact, FactStore, FactText, Scope

BOUND = "bound"  # the narrowing category of a bound a fact does not count from


class Decider:
    """Decides questions against one store through one language's matcher."""

    def __init__(self, store: FactStore, matcher: Matcher, texts: Sequence[FactText]) -> None:
        self.store = store
        self.matcher = matcher
        # the same every time a fact is given, so worked out once
        analyser = matcher.analyser
        self._has_figure = {f.id: bool(analyser.tokeniser.numbers(f.answer)) for f in texts}
        self.figures = {f.id: analyser.claims_of(f.answer) for f in texts}
        # what a fact says, as a check compares it: its answer's words (its quotes say more)
        self.says = {f.id: frozenset(analyser.words(f.answer)) for f in texts}

    def decide(self, query: Query, previous: Decision | None = None) -> Decision:
        """The decision for one question; `previous` is the turn before it (not used yet)."""
        if query.empty:
            return Decision(Kind.ABSTAIN, Message.EMPTY, suggestions=self.featured())
        words = list(query.words)
        near = self.matcher.near_words(words)
        head = self.matcher.rank(words, near, limit=TOP)
        if not head:
            return self._abstain(head)
        ranked = self._apply_scope(head, query.scope, query.narrowing)
        missing = self.missing(query.narrowing, ranked[0].fact) | self._unknown(query, near)
        checking = query.yes_no or query.alternative
        # "was it Xi Jinping who spoke?" names someone to check; "who" there asks for no list
        names = query.asks_names and not (query.yes_no and query.names)
        if checking and not names and (query.claims or not query.wants_figure):
            # a check: settled by a value or figure of one fact, when one fact is meant
            checked = check(self, query, near, ranked if not missing else [])
            if checked is not None:
                return checked
        # a yes/no about X is answered by a fact that says X; a figure for X needs a fact for X
        known = self.matcher.known[ranked[0].fact]
        if missing and (query.wants_figure or not known >= set(missing)):
            return self._narrower(query, near, head, missing)
        return self._choose(ranked, query)

    def featured(self) -> tuple[str, ...]:
        """A few popular facts: examples for /start and an empty question."""
        return self.store.featured or tuple(f.id for f in self.store.facts[:4])

    def explain(self, fact: Fact) -> Decision:
        """The decision to state one fact, as for a button press."""
        return self._answer(fact, 100.0, fact.scope)

    def _choose(self, ranked: list[Ranked], query: Query) -> Decision:
        """Answer when one fact is clearly ahead, clarify when a few are close, else abstain."""
        best = ranked[0]
        if best.score < CLARIFY_AT:
            return self._abstain(ranked)
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        clear = best.score >= ANSWER_AT or best.score - runner_up >= LEAD
        if not clear or best.score - runner_up < MARGIN:
            close = [r for r in ranked if best.score - r.score <= CLARIFY_WITHIN]
            named = any(self.store.fact(r.fact).names for r in close)
            if query.asks_names and (not named or query.asks_unnamed):
                return self._breakdown(self.store.fact(best.fact), best.score, {}, figure=False,
                                       message=Message.NO_NAMES)  # fmt: skip
            if len(close) > 1 and best.phrase >= CLARIFY_MIN_PHRASE:
                ids = tuple(r.fact for r in close[:MAX_SUGGESTIONS])
                return Decision(Kind.CLARIFY, Message.CLARIFY, facts=ids,
                                suggestions=unique(ids), score=round(best.score, 1))  # fmt: skip
            if not clear:
                return self._abstain(ranked)
        fact = self.store.fact(best.fact)
        if query.wants_figure and not self._has_figure[fact.id]:
            return self._breakdown(fact, best.score, {}, query.wants_figure)
        unstated = self._unstated_bounds(query, fact.id)
        if unstated:  # "how many projects over 10 billion?": the fact counts from other bounds
            return self._breakdown(fact, best.score, unstated, figure=True)
        # "who were the officials?": a count is no answer; "what model?": nor is the company
        # (a check of one is answered, but bigram languages mark checks too loosely: 이야)
        unnamed = query.asks_unnamed and (query.grams or not query.yes_no)
        if (query.asks_names and not fact.names) or unnamed:
            return self._breakdown(fact, best.score, {}, figure=False, message=Message.NO_NAMES)
        return self._answer(fact, best.score, query.scope)

    def _unstated_bounds(self, query: Query, fact_id: str) -> dict[str, str]:
        """The bounds a question for a count names ("over 10 billion") that a fact counting
        by bounds ("59 exceeded 100 million, ..., four exceeded 5 billion") does not use."""
        bounds = {f.value for f in self.figures[fact_id] if f.op == "over"}
        if not query.wants_figure or query.yes_no or len(bounds) < 2:
            return {}
        # a figure of another size ("500" typed for 500 million) is no bound of this count
        least = min(bounds) / 10
        return {c.text: BOUND for c in query.claims
                if c.op == "over" and c.value >= least and c.value not in bounds}  # fmt: skip

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
        asked = {w for w, _ in kept} - self.matcher.question_words - self.matcher.neutral
        if asked:  # the edition's own words alone ("weather in Changchun") ask for no fact
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

    def _unknown(self, query: Query, near: list[frozenset[str]]) -> dict[str, str]:
        """The words no fact knows, as missing narrowing; numbers and narrowing words excepted.

        Read as bigrams, a question always has some no fact knows (those across a particle):
        only a run of UNKNOWN_RUN of them is a word the articles do not cover.
        """
        unknown = [
            not n and w not in query.specifiers and not w[0].isdigit()
            for w, n in zip(query.words, near, strict=True)
        ]
        if query.grams:
            unknown = in_runs(unknown, UNKNOWN_RUN)
        return {w: UNKNOWN for w, flag in zip(query.words, unknown, strict=True) if flag}

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
            fits = len(self.missing(narrowing, other.id)) <= len(self.missing(narrowing, fact.id))
            wanted = other if close and fits else fact
        else:
            wanted = fact
        if wanted is fact:
            return [best, *(r for r in ranked[1:] if r.fact != other.id)]
        promoted = Ranked(other.id, best.score, best.phrase, best.coverage, best.phrasing)
        return [promoted, *(r for r in ranked[1:] if r.fact not in (fact.id, other.id))]

    def missing(self, narrowing: Mapping[str, str], fact_id: str) -> dict[str, str]:
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
                        suggestions=unique(fact.related, exclude=stated),
                        score=round(score, 1), scope=scope)  # fmt: skip

    def _abstain(self, ranked: list[Ranked]) -> Decision:
        score = round(ranked[0].score, 1) if ranked else 0.0
        nearest = unique(r.fact for r in ranked) or self.featured()[:MAX_SUGGESTIONS]
        return Decision(Kind.ABSTAIN, Message.NOT_COVERED, suggestions=nearest, score=score)

    def _breakdown(
        self, fact: Fact, score: float, missing: dict[str, str], figure: bool, message: str = ""
    ) -> Decision:
        message = message or (Message.NO_FIGURE if figure else Message.NOTHING_SAID)
        return Decision(Kind.ABSTAIN, message, stated=(fact.id,),
                        suggestions=unique([fact.id, *fact.related]), score=round(score, 1),
                        missing=missing)  # fmt: skip
