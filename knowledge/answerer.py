"""The decision for one question: answer, clarify or abstain, returned as plain data."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from pathlib import Path

from knowledge.answer import Answer, Citation, Kind, Suggestion
from knowledge.matcher import Matcher, Ranked
from knowledge.models import Fact, FactStore, Scope
from knowledge.store import DEFAULT_ROOT, load_store
from knowledge.text import MAX_QUESTION_CHARS, Normaliser, numbers, tokens

# Thresholds on the blended score (0-100), chosen on the tuning part of the evaluation set.
ANSWER_AT = 65.0  # the best fact must reach this to be stated
MARGIN = 5.0  # ... and lead the next fact by this much, or the user is asked which
CLARIFY_AT = 60.0  # below this nothing is close: abstain
CLARIFY_WITHIN = 5.0  # facts this close to the best are offered as "did you mean"
# A question with a word no fact knows (after spelling correction) is about something else.
MAX_UNKNOWN_SHARE = 0.0
# When the question names no scope and the since-2005 fact wins by less than this, the
# edition's figure is what was meant (the default scope).
SCOPE_SWITCH_MARGIN = 15.0
MAX_SUGGESTIONS = 3

NOT_COVERED = "The articles I know don't cover that."
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
        self._scope_cues = {
            scope: [re.compile(rf"\b{re.escape(cue)}\b") for cue in cues]
            for scope, cues in language.scope_cues.items()
        }
        self._quantity = [re.compile(rf"\b{re.escape(c)}\b") for c in language.quantity_cues]

    @classmethod
    def load(cls, root: Path | None = None) -> Answerer:
        """An Answerer over the store under root (the repository by default)."""
        return cls(load_store(root or DEFAULT_ROOT))

    def answer(self, question: str) -> Answer:
        """The reply to one question; never raises for any string."""
        question = question[: MAX_QUESTION_CHARS * 4]
        words = self.normaliser.words(question)
        if not words or set(words) <= self.store.language.question_words:
            return Answer(question, Kind.ABSTAIN, EMPTY, (), 0.0, (), tuple(self.featured()))
        near = self.matcher.near_words(words)
        ranked = self.matcher.rank(words, near)
        if not ranked:
            return self._abstain(question, NOT_COVERED, ranked)
        raw = " ".join(tokens(question[:MAX_QUESTION_CHARS]))
        scope = self._scope(raw)
        ranked = self._apply_scope(ranked, scope)
        best = ranked[0]
        # numbers and narrowing words are judged later (breakdowns), not as unknown words
        unknown = sum(not n for n, w in zip(near, words, strict=True)
                      if w not in self._specifiers and not w[0].isdigit()) / len(words)  # fmt: skip
        if best.score < CLARIFY_AT or unknown > MAX_UNKNOWN_SHARE:
            return self._abstain(question, NOT_COVERED, ranked)
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if best.score < ANSWER_AT or best.score - runner_up < MARGIN:
            close = [r for r in ranked if best.score - r.score <= CLARIFY_WITHIN]
            if len(close) > 1:
                return self._clarify(question, close[:MAX_SUGGESTIONS])
            if best.score < ANSWER_AT:
                return self._abstain(question, NOT_COVERED, ranked)
        fact = self.store.fact(best.fact)
        missing = self._unaccounted(raw, fact)
        wants_figure = self._wants_quantity(raw)
        # a figure asked for X needs a fact asked about X; a yes/no about X needs one that says X
        if missing and (wants_figure or not self.matcher.known[fact.id].issuperset(missing)):
            return self._breakdown(question, fact, best.score, missing)
        if wants_figure and not numbers(fact.answer):
            return self._breakdown(question, fact, best.score, [])
        return self._answer(question, fact, best.score, scope)

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
            grouped.setdefault(fact.topic, []).append(Suggestion(fact.id, fact.question))
        return list(grouped.items())

    def featured(self) -> list[Suggestion]:
        """A few popular facts: examples for /start and an empty inline query."""
        ids = self.store.featured or tuple(f.id for f in self.store.facts[:4])
        return [Suggestion(i, self.store.fact(i).question) for i in ids]

    # -- the pieces of a decision ------------------------------------------------------

    def _scope(self, raw: str) -> Scope | None:
        """The scope the question names, if any; an explicit edition cue wins."""
        for scope in (Scope.EDITION, Scope.SINCE_2005):
            if any(cue.search(raw) for cue in self._scope_cues.get(scope, ())):
                return scope
        return None

    def _apply_scope(self, ranked: list[Ranked], scope: Scope | None) -> list[Ranked]:
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
            wanted = other if close else fact
        else:
            wanted = fact
        if wanted is fact:
            return [best, *(r for r in ranked[1:] if r.fact != other.id)]
        promoted = Ranked(other.id, best.score, best.phrase, best.coverage, best.phrasing)
        return [promoted, *(r for r in ranked[1:] if r.fact not in (fact.id, other.id))]

    def _unaccounted(self, raw: str, fact: Fact) -> list[str]:
        """The question's narrowing words (countries, sectors, years...) the fact never mentions."""
        for cues in self._scope_cues.values():
            for cue in cues:
                raw = cue.sub(" ", raw)
        words = self.normaliser.words(raw)
        vocabulary = self.matcher.vocabulary[fact.id]
        found: list[str] = []
        candidates = [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]
        for word in candidates:
            if word in self._neutral or word in vocabulary:
                continue
            if word in self._specifiers or any(
                p.match(word) for p in self.store.language.specifier_patterns.values()
            ):
                if " " in word and all(part in vocabulary for part in word.split()):
                    continue
                found.append(word)
        return found

    def _wants_quantity(self, raw: str) -> bool:
        return any(cue.search(raw) for cue in self._quantity)

    def _citations(self, facts: Iterable[Fact]) -> tuple[Citation, ...]:
        out: list[Citation] = []
        for fact in facts:
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

    def _suggest(self, ids: Iterable[str], exclude: Iterable[str] = ()) -> tuple[Suggestion, ...]:
        skip = set(exclude)
        unique = [i for i in dict.fromkeys(ids) if i not in skip]
        return tuple(Suggestion(i, self.store.fact(i).question) for i in unique[:MAX_SUGGESTIONS])

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

    def _abstain(self, question: str, text: str, ranked: list[Ranked]) -> Answer:
        score = round(ranked[0].score, 1) if ranked else 0.0
        nearest = self._suggest(r.fact for r in ranked) or tuple(self.featured())
        return Answer(question, Kind.ABSTAIN, f"{text} Nearest topics I can answer:", (),
                      score, (), nearest[:MAX_SUGGESTIONS])  # fmt: skip

    def _breakdown(self, question: str, fact: Fact, score: float, missing: list[str]) -> Answer:
        detail = f" for {', '.join(dict.fromkeys(missing))}" if missing else ""
        text = f"The articles don't give a figure{detail}. The nearest they give: {fact.answer}"
        return Answer(question, Kind.ABSTAIN, text, (), round(score, 1),
                      self._citations([fact]), self._suggest([fact.id, *fact.related]))  # fmt: skip
