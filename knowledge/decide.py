"""Deciding: Query (+ the previous Decision) -> Decision: answer, clarify or abstain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from knowledge.analyse import Claim, Query
from knowledge.answer import Kind
from knowledge.check import Verdict, choose, combine, judge_claim, judge_values
from knowledge.matcher import Matcher, Ranked
from knowledge.models import Fact, FactStore, FactText, Scope

# Thresholds on the blended score (0-100), chosen on the tuning part of the evaluation set.
ANSWER_AT = 70.0  # the best fact must reach this to be stated
MARGIN = 3.0  # ... and lead the next fact by this much, or the user is asked which
# A long question scores lower against short phrasings; one fact this far ahead of every
# other is meant, from CLARIFY_AT up
LEAD = 15.0
CLARIFY_AT = 60.0  # below this nothing is close: abstain
CLARIFY_WITHIN = 3.0  # facts this close to the best are offered as "did you mean"
# ... but only when the question reads like one of their phrasings at least half-way: "what
# time is it" shares a word with three facts and resembles none of them (QRatio 44)
CLARIFY_MIN_PHRASE = 50.0
# A word no fact knows (after spelling correction; filler is a stop word by then) names
# something the articles do not cover ("bankrupt", "parking", "Harbin"): no fact is stated as
# the answer, but the nearest one is offered, labelled, when the rest of the question fits it.
UNKNOWN = "unknown"
UNKNOWN_RUN = 3  # bigrams in a row no fact knows: a word the articles do not cover
# When the question names no scope and the since-2005 fact wins by less than this, the
# edition's figure is what was meant (the default scope).
SCOPE_SWITCH_MARGIN = 15.0
MAX_SUGGESTIONS = 3
TOP = 5  # facts ranked for a decision
NAME = "name"  # the category of a capitalised word no fact knows: a name ("Reuters", "Xi")


class Message:
    """The catalogue keys of the replies a decision can ask for."""

    ANSWER = "answer"  # the stated facts' answers
    CLARIFY = "clarify"  # "did you mean one of these?"
    NOT_COVERED = "not-covered"  # the articles do not say
    EMPTY = "empty"  # nothing was asked
    NO_FIGURE = "breakdown.figure"  # no figure for that narrowing; the nearest fact
    NOTHING_SAID = "breakdown.anything"  # nothing said for that narrowing; the nearest fact
    NO_NAMES = "breakdown.names"  # names or a list asked for; the fact gives only counts
    YES = Verdict.YES  # "Yes: " and the answer
    NO = Verdict.NO  # "No: " and the answer
    CLOSE = Verdict.CLOSE  # "Close: " and the answer
    CHOICE = "check.choice"  # "A or B?": the one the fact says, and the answer


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
    choice: str = ""  # the option of "A or B?" the fact says


class Decider:
    """Decides questions against one store through one language's matcher."""

    def __init__(self, store: FactStore, matcher: Matcher, texts: Sequence[FactText]) -> None:
        self.store = store
        self.matcher = matcher
        # the same every time a fact is given, so worked out once
        analyser = matcher.analyser
        self._has_figure = {f.id: bool(analyser.tokeniser.numbers(f.answer)) for f in texts}
        self._figures = {f.id: analyser.claims_of(f.answer) for f in texts}
        # what a fact says, as a check compares it: its answer's words (its quotes say more)
        self._says = {f.id: frozenset(analyser.words(f.answer)) for f in texts}

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
        missing = self._missing(query.narrowing, ranked[0].fact) | self._unknown(query, near)
        checking = query.yes_no or query.alternative
        if checking and not query.asks_names and (query.claims or not query.wants_figure):
            # a check: settled by a value or figure of one fact, when one fact is meant
            checked = self._check(query, near, ranked if not missing else [])
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
            if query.asks_names and not any(self.store.fact(r.fact).names for r in close):
                return self._breakdown(self.store.fact(best.fact), best.score, {}, figure=False,
                                       message=Message.NO_NAMES)  # fmt: skip
            if len(close) > 1 and best.phrase >= CLARIFY_MIN_PHRASE:
                ids = tuple(r.fact for r in close[:MAX_SUGGESTIONS])
                return Decision(Kind.CLARIFY, Message.CLARIFY, facts=ids,
                                suggestions=_unique(ids), score=round(best.score, 1))  # fmt: skip
            if not clear:
                return self._abstain(ranked)
        fact = self.store.fact(best.fact)
        if query.wants_figure and not self._has_figure[fact.id]:
            return self._breakdown(fact, best.score, {}, query.wants_figure)
        if query.asks_names and not fact.names:  # "who were the officials?": a count is no answer
            return self._breakdown(fact, best.score, {}, figure=False, message=Message.NO_NAMES)
        return self._answer(fact, best.score, query.scope)

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

    def _check(
        self, query: Query, near: list[frozenset[str]], fitting: list[Ranked]
    ) -> Decision | None:
        """A yes/no check or a choice one fact settles; None when none does.

        `fitting` is the question's ranking when its best fact accounts for every value named.
        """
        names = {n.casefold() for n in query.names}
        values = dict(query.narrowing)
        values |= {
            w: NAME for w, n in zip(query.words, near, strict=True)
            if not n and w in names and w not in values
        }  # fmt: skip
        found = self._checked_fact(query, near, values, fitting)
        if found is None:
            return None
        fact, score = found
        known, figures = self._says[fact.id], self._figures[fact.id]
        if query.alternative:  # "A or B?": name the one the fact says, or leave it
            options = {c.text: judge_claim(c, figures) in (Verdict.YES, Verdict.CLOSE)
                       for c in query.claims}  # fmt: skip
            if len(options) < 2:
                options = {w.capitalize(): all(p in known for p in w.split())
                           for w in query.choices}  # fmt: skip
            choice = choose(options)
            if choice is None:
                return None
            return Decision(Kind.ANSWER, Message.CHOICE, facts=(fact.id,), stated=(fact.id,),
                            suggestions=_unique(fact.related), score=round(score, 1),
                            choice=choice)  # fmt: skip
        verdict = combine(
            [
                judge_values(values, known, fact.check),
                *(judge_claim(c, figures) for c in query.claims),
            ]
        )
        if verdict is None and any(_magnitude(c, figures) for c in query.claims):
            verdict = Message.ANSWER  # "more than 100,000?" of "over 60,000": the fact, unjudged
        if verdict is None:
            return None
        return Decision(Kind.ANSWER, verdict, facts=(fact.id,), stated=(fact.id,),
                        suggestions=_unique(fact.related), score=round(score, 1))  # fmt: skip

    def _checked_fact(
        self,
        query: Query,
        near: list[frozenset[str]],
        values: Mapping[str, str],
        fitting: list[Ranked],
    ) -> tuple[Fact, float] | None:
        """The fact a check is about: the question's best when it fits, else the best for the
        rest of the question, else one stating a value of the kind named or a figure of the
        size claimed ("was it in Harbin?" is the place's, "over 80 billion yuan?" the deals')."""
        sized = [c for c in query.claims if c.op != "is"] or query.claims
        if (
            fitting
            and _decisive(fitting)
            and not (
                sized and not any(_magnitude(c, self._figures[fitting[0].fact]) for c in sized)
            )
        ):  # the question's best fact, unless it states no figure of the size claimed
            return self.store.fact(fitting[0].fact), fitting[0].score
        claimed = {p for v in values for p in v.split()} | self.matcher.claim_words
        kept = [
            (w, n) for w, n in zip(query.words, near, strict=True)
            if w not in claimed and not w[0].isdigit() and w not in self.matcher.neutral
        ]  # fmt: skip
        ranked: list[Ranked] = []
        if kept and not {w for w, _ in kept} <= self.matcher.question_words:
            ranked = self.matcher.rank([w for w, _ in kept], [n for _, n in kept])
            if (
                ranked
                and _decisive(ranked)
                and not (
                    sized and not any(_magnitude(c, self._figures[ranked[0].fact]) for c in sized)
                )
            ):
                return self.store.fact(ranked[0].fact), ranked[0].score
        kinds = set(values.values())
        stating = [
            f for f in self.store.facts
            if f.check in kinds or any(_magnitude(c, self._figures[f.id]) for c in query.claims)
        ]  # fmt: skip
        if ranked:  # the rest of the question asks something: only facts it is near, best first
            order = {r.fact: n for n, r in enumerate(ranked) if r.score >= CLARIFY_AT}
            stating = sorted((f for f in stating if f.id in order), key=lambda f: order[f.id])
        elif len(stating) > 1:  # nothing else asked: the one the whole question is nearest
            whole = self.matcher.rank(list(query.words), near, limit=len(self.store.facts))
            order = {r.fact: n for n, r in enumerate(whole)}
            stating = sorted(stating, key=lambda f: order.get(f.id, len(order)))[:1]
        return (stating[0], ANSWER_AT) if stating else None

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
            runs: list[int] = []
            start: int | None = None
            for i, flag in enumerate([*unknown, False]):
                if flag and start is None:
                    start = i
                elif not flag and start is not None:
                    runs += range(start, i) if i - start >= UNKNOWN_RUN else []
                    start = None
            unknown = [i in runs for i in range(len(unknown))]
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
        self, fact: Fact, score: float, missing: dict[str, str], figure: bool, message: str = ""
    ) -> Decision:
        message = message or (Message.NO_FIGURE if figure else Message.NOTHING_SAID)
        return Decision(Kind.ABSTAIN, message, stated=(fact.id,),
                        suggestions=_unique([fact.id, *fact.related]), score=round(score, 1),
                        missing=missing)  # fmt: skip


def _decisive(ranked: list[Ranked]) -> bool:
    """One fact clearly ahead: over the answer threshold and the margin."""
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    return ranked[0].score >= ANSWER_AT and ranked[0].score - runner_up >= MARGIN


def _magnitude(claim: Claim, figures: Iterable[Claim]) -> bool:
    """True when the fact states a figure of the claim's size (within a factor of ten)."""
    return any(
        f.value > 0 and claim.value > 0 and Decimal("0.1") <= f.value / claim.value <= 10
        for f in figures
    )


def _unique(ids: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """The ids in order, each once, without the excluded, at most MAX_SUGGESTIONS."""
    skip = set(exclude)
    return tuple(i for i in dict.fromkeys(ids) if i not in skip)[:MAX_SUGGESTIONS]
