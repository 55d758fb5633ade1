"""The decision for one question: answer, clarify or abstain, returned as plain data."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from knowledge.answer import Answer, Citation, Kind, Suggestion
from knowledge.matcher import Matcher, Ranked
from knowledge.models import Fact, FactStore, Scope
from knowledge.store import DEFAULT_ROOT, load_store
from knowledge.text import MAX_QUESTION_CHARS, Normaliser, alternation, numbers, tokens

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
# How a narrowing word reads in "The articles don't give a figure ..."
NARROWING_LABELS = {
    "currency": "in {}",
    "ordinal": "for the {} edition",
    "channel": "for {} participation",
    "time": "per {}",
}

NOT_COVERED = "The articles I know don't cover that. Nearest topics I can answer:"
EMPTY = "Ask me a question about the 14th China-Northeast Asia Expo (Changchun, August 2023)."
CLARIFY = "Did you mean one of these?"


class Answerer:
    """Answers questions from one FactStore; build once, ask many times."""

    def __init__(self, store: FactStore) -> None:
        self.store = store
        language = store.language
        self.normaliser = Normaliser(language.synonyms, language.stop_words)
        self.matcher = Matcher(store.facts, self.normaliser)
        # the curated texts are spelled right; questions are corrected towards their words
        self.normaliser.learn(
            [text for f in store.facts for text in (f.question, f.answer, *f.phrasings)]
            + [*language.specifiers, *language.neutral]
        )
        # specifiers are compared with normalised question words, so normalise them the same way
        self._specifiers = {
            key: category
            for word, category in language.specifiers.items()
            if (key := " ".join(self.normaliser.words(word)))
        }
        self._neutral = {w for n in language.neutral for w in self.normaliser.words(n)}
        self._scope_cues = {scope: alternation(cues) for scope, cues in language.scope_cues.items()}
        self._any_scope_cue = alternation(c for cues in language.scope_cues.values() for c in cues)
        self._quantity = alternation(language.quantity_cues)
        # the words each fact's phrasings narrow to; "since 2005" in a phrasing accounts for
        # the span, not for a question about the year 2005
        self._accounted = {
            fact.id: frozenset(
                word
                for phrasing in (fact.question, *fact.phrasings)
                for word in self.normaliser.words(
                    self._without_scope_cues(" ".join(tokens(phrasing)))
                )
            )
            for fact in store.facts
        }
        # the same every time a fact is given, so made once
        self._cited = {fact.id: self._cite(fact) for fact in store.facts}
        self._offered = {fact.id: Suggestion(fact.id, fact.question) for fact in store.facts}
        self._has_figure = {fact.id: bool(numbers(fact.answer)) for fact in store.facts}

    @classmethod
    def load(cls, root: Path | None = None) -> Answerer:
        """An Answerer over the store under root (the repository by default)."""
        return cls(load_store(root or DEFAULT_ROOT))

    def answer(self, question: str) -> Answer:
        """The reply to one question; never raises for any string."""
        question = question[: MAX_QUESTION_CHARS * 4]
        raw_tokens = tokens(question[:MAX_QUESTION_CHARS])
        words = self.normaliser.words_of(raw_tokens)
        if not words or set(words) <= self.store.language.question_words:
            return Answer(question, Kind.ABSTAIN, EMPTY, (), 0.0, (), tuple(self.featured()))
        raw = " ".join(raw_tokens)
        scope = self._scope(raw)
        narrowing = self._narrowing(raw, words)
        near = self.matcher.near_words(words)
        ranked = self.matcher.rank(words, near)
        if not ranked or self._unknown_share(words, near) > MAX_UNKNOWN_SHARE:
            return self._abstain(question, ranked)
        ranked = self._apply_scope(ranked, scope, narrowing)
        # a figure in another currency is still a figure, whatever the wording
        wants_figure = self._wants_quantity(raw) or "currency" in narrowing.values()
        missing = self._missing(narrowing, ranked[0].fact)
        # a yes/no about X is answered by a fact that says X; a figure for X needs a fact for X
        if missing and (wants_figure or not self.matcher.known[ranked[0].fact] >= set(missing)):
            return self._narrower(question, words, near, scope, narrowing, missing, wants_figure)
        return self._decide(question, ranked, scope, wants_figure)

    def _decide(
        self, question: str, ranked: list[Ranked], scope: Scope | None, wants_figure: bool
    ) -> Answer:
        """Answer when one fact is clearly ahead, clarify when a few are close, else abstain."""
        best = ranked[0]
        if best.score < CLARIFY_AT:
            return self._abstain(question, ranked)
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if best.score < ANSWER_AT or best.score - runner_up < MARGIN:
            close = [r for r in ranked if best.score - r.score <= CLARIFY_WITHIN]
            if len(close) > 1 and best.phrase >= CLARIFY_MIN_PHRASE:
                return self._clarify(question, close[:MAX_SUGGESTIONS])
            if best.score < ANSWER_AT:
                return self._abstain(question, ranked)
        fact = self.store.fact(best.fact)
        if wants_figure and not self._has_figure[fact.id]:
            return self._breakdown(question, fact, best.score, {}, wants_figure)
        return self._answer(question, fact, best.score, scope)

    def _narrower(
        self,
        question: str,
        words: list[str],
        near: list[frozenset[str]],
        scope: Scope | None,
        narrowing: dict[str, str],
        missing: dict[str, str],
        wants_figure: bool,
    ) -> Answer:
        """A question narrower than the facts: say so, and offer the nearest fact labelled."""
        parts = {part for m in missing for part in m.split()}
        kept = [(w, n) for w, n in zip(words, near, strict=True) if w not in parts]
        topic: list[Ranked] = []
        if kept and not {w for w, _ in kept} <= self.store.language.question_words:
            topic = self.matcher.rank([w for w, _ in kept], [n for _, n in kept])
            topic = self._apply_scope(topic, scope, narrowing) if topic else topic
        if not topic or topic[0].score < CLARIFY_AT:
            # nothing else in the question: the nearest fact is one that mentions the word
            everything = self.matcher.rank(words, near, limit=len(self.store.facts))
            topic = [r for r in everything if not self.matcher.known[r.fact].isdisjoint(parts)]
        if not topic:
            return self._abstain(question, self.matcher.rank(words, near))
        nearest = self.store.fact(topic[0].fact)
        if not wants_figure and self.matcher.known[nearest.id] >= set(missing):
            return self._answer(question, nearest, topic[0].score, scope)
        return self._breakdown(question, nearest, topic[0].score, missing, wants_figure)

    def _unknown_share(self, words: list[str], near: list[frozenset[str]]) -> float:
        """Share of the question's words no fact knows; narrowing words and numbers excepted."""
        judged = [
            n for w, n in zip(words, near, strict=True)
            if w not in self._specifiers and not w[0].isdigit()
        ]  # fmt: skip
        return sum(not n for n in judged) / max(len(judged), 1)

    def explain(self, fact_id: str) -> Answer | None:
        """The answer of one fact, as for a button press; None for an unknown id."""
        fact = self.store.by_id.get(fact_id)
        if fact is None:
            return None
        return self._answer(fact.question, fact, 100.0, fact.scope)

    def topics(self) -> list[tuple[str, list[Suggestion]]]:
        """Every topic with its facts, in the curators' order."""
        grouped: dict[str, list[Suggestion]] = {}
        for fact in self.store.facts:
            grouped.setdefault(fact.topic, []).append(self._offered[fact.id])
        return list(grouped.items())

    def featured(self) -> list[Suggestion]:
        """A few popular facts: examples for /start and an empty inline query."""
        ids = self.store.featured or tuple(f.id for f in self.store.facts[:4])
        return [self._offered[i] for i in ids]

    # -- the pieces of a decision ------------------------------------------------------

    def _scope(self, raw: str) -> Scope | None:
        """The scope the question names, if any; an explicit edition cue wins."""
        for scope in (Scope.EDITION, Scope.SINCE_2005):
            cue = self._scope_cues.get(scope)
            if cue is not None and cue.search(raw):
                return scope
        return None

    def _apply_scope(
        self, ranked: list[Ranked], scope: Scope | None, narrowing: dict[str, str]
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

    def _without_scope_cues(self, raw: str) -> str:
        """The text with its scope cues cut out: "since 2005" names a span, not a year."""
        return self._any_scope_cue.sub(" ", raw) if self._any_scope_cue else raw

    def _narrowing(self, raw: str, words: list[str]) -> dict[str, str]:
        """The question's narrowing words (countries, sectors, years...) with their category."""
        without_cues = self._without_scope_cues(raw)
        if without_cues != raw:  # "since 2005" names a span: its year narrows nothing
            words = self.normaliser.words(without_cues)
        found: dict[str, str] = {}
        for word in [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]:
            if word in self._neutral:
                continue
            category = self._specifiers.get(word) or next(
                (c for c, p in self.store.language.specifier_patterns.items() if p.match(word)),
                None,
            )
            if category:
                found[word] = category
        return found

    def _missing(self, narrowing: dict[str, str], fact_id: str) -> dict[str, str]:
        """The narrowing words no phrasing of the fact accounts for."""
        vocabulary = self._accounted[fact_id]
        return {
            word: category
            for word, category in narrowing.items()
            if not all(part in vocabulary for part in word.split())
        }

    def _wants_quantity(self, raw: str) -> bool:
        return self._quantity is not None and self._quantity.search(raw) is not None

    def _cite(self, fact: Fact) -> tuple[Citation, ...]:
        """The fact's evidence as citations: its article and the sentence, for each quote."""
        out: list[Citation] = []
        for evidence in fact.evidence:
            source = self.store.sources[evidence.source]
            out.append(
                Citation(
                    source=source.id,
                    seed=f"seeds/{source.seed}",
                    title=source.title,
                    publisher=source.publisher,
                    date=source.date,
                    dateline=source.dateline,
                    quote=evidence.quote,
                )
            )
        return tuple(out)

    def _citations(self, facts: Iterable[Fact]) -> tuple[Citation, ...]:
        return tuple(citation for fact in facts for citation in self._cited[fact.id])

    def _suggest(self, ids: Iterable[str], exclude: Iterable[str] = ()) -> tuple[Suggestion, ...]:
        skip = set(exclude)
        unique = [i for i in dict.fromkeys(ids) if i not in skip]
        return tuple(self._offered[i] for i in unique[:MAX_SUGGESTIONS])

    def _answer(self, question: str, fact: Fact, score: float, scope: Scope | None) -> Answer:
        text, stated = fact.answer, [fact]
        if scope is None and fact.scope is Scope.EDITION and fact.counterpart:
            # no scope named: this edition's figure, and one sentence on the other scope
            other = self.store.fact(fact.counterpart)
            text, stated = f"{text} {other.answer}", [fact, other]
        suggestions = self._suggest(fact.related, exclude=[f.id for f in stated])
        return Answer(question, Kind.ANSWER, text, (fact.id,), round(score, 1),
                      self._citations(stated), suggestions)  # fmt: skip

    def _clarify(self, question: str, close: list[Ranked]) -> Answer:
        ids = tuple(r.fact for r in close)
        return Answer(question, Kind.CLARIFY, CLARIFY, ids, round(close[0].score, 1), (),
                      self._suggest(ids))  # fmt: skip

    def _abstain(self, question: str, ranked: list[Ranked]) -> Answer:
        score = round(ranked[0].score, 1) if ranked else 0.0
        nearest = self._suggest(r.fact for r in ranked) or tuple(self.featured())
        return Answer(question, Kind.ABSTAIN, NOT_COVERED, (),
                      score, (), nearest[:MAX_SUGGESTIONS])  # fmt: skip

    def _breakdown(
        self, question: str, fact: Fact, score: float, missing: dict[str, str], figure: bool
    ) -> Answer:
        detail = " or ".join(
            NARROWING_LABELS.get(category, "for {}").format(word)
            for word, category in missing.items()
        )
        said = "give a figure" if figure else "say anything"
        text = (
            f"The articles don't {said} {detail or 'for that'}. "
            f"The nearest they give: {fact.answer}"
        )
        return Answer(question, Kind.ABSTAIN, text, (), round(score, 1),
                      self._citations([fact]), self._suggest([fact.id, *fact.related]))  # fmt: skip
