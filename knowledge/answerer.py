"""The answer engine in three steps: read (analyse), decide, word; one call per question."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from knowledge.analyse import Analyser, Query
from knowledge.analyse.script import candidates
from knowledge.answer import Answer, Kind, Suggestion
from knowledge.catalogue import catalogue
from knowledge.decide import Decider
from knowledge.decision import UNKNOWN, Decision, Message
from knowledge.follow import (
    Reading,
    bare_check,
    corrects,
    elliptical,
    leans,
    pick,
    read_against,
    read_pointing,
)
from knowledge.matcher import Matcher
from knowledge.models import DEFAULT_LANGUAGE, Fact, FactStore
from knowledge.spans import carry_scope
from knowledge.store import DEFAULT_ROOT, load_store
from knowledge.wording import Wording

# Telegram's language_code for the languages we speak: zh-hans, zh-cn, zh-sg are Simplified,
# zh-hant, zh-tw, zh-hk, zh-mo Traditional; many Chinese users run Telegram in English.
_HINTS = {
    "zh-hans": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh": "zh-Hans",
    "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
}  # fmt: skip
# A question with fewer than this share of the language's (or the store's) words is in
# another language written in the same script.
SPOKEN_AT = 0.5
UNSUPPORTED = "languages.unsupported"


def from_hint(code: str | None) -> str | None:
    """Our language for a Telegram language_code ("zh-tw" -> zh-Hant, "ru" -> ru)."""
    if not code:
        return None
    code = code.casefold()
    return _HINTS.get(code) or code.split("-")[0]


@dataclass(frozen=True)
class Engine:
    """One language's three steps over the store."""

    analyser: Analyser
    matcher: Matcher
    decider: Decider
    wording: Wording


class Answerer:
    """Answers questions from one FactStore in every language it has; build once."""

    def __init__(self, store: FactStore, language: str = DEFAULT_LANGUAGE) -> None:
        self.store = store
        self.engines: dict[str, Engine] = {}
        for code, analyser in store.analysers.items():
            if code != language and not store.translations.get(code):
                continue  # a language with no fact texts would only match English phrasings
            texts = store.texts(code)
            matcher = Matcher(texts, analyser)
            decider = Decider(store, matcher, texts)
            self.engines[code] = Engine(
                analyser,
                matcher,
                decider,
                Wording(store, catalogue(code), texts, analyser.tokeniser.shown),
            )
        default = self.engines[language]
        self.analyser, self.matcher = default.analyser, default.matcher
        self.decider, self.wording = default.decider, default.wording

    @classmethod
    def load(cls, root: Path | None = None) -> Answerer:
        """An Answerer over the store under root (the repository by default)."""
        return cls(load_store(root or DEFAULT_ROOT))

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages questions are answered in."""
        return tuple(self.engines)

    def answer(
        self,
        question: str,
        previous: Answer | None = None,
        *,
        language: str | None = None,
        hint: str | None = None,
    ) -> Answer:
        """The reply to one question; never raises for any string.

        `language` is the user's explicit choice; otherwise the question's script decides,
        then `hint` (Telegram's language_code), then English. `previous` is the conversation's
        last answer: a question that cannot stand alone is read against it.
        """
        chosen = language if language in self.engines else None
        tried = [chosen] if chosen else candidates(question, {c: e.analyser.language for c, e in
                                                              self.engines.items()})  # fmt: skip
        if not tried:
            return self._unsupported(question)
        hinted = from_hint(hint)
        best: tuple[tuple[int, float, bool, bool, float], Answer] | None = None
        for code in tried:
            engine = self.engines[code]
            query = engine.analyser.analyse(question)
            decision = engine.decider.decide(query)
            context = None
            if previous is not None and isinstance(previous.decision, Decision):
                reading = self._follow(engine, query, previous.decision, decision)
                if reading is not None:
                    decision, context = reading.decision, reading.context
            # an answer goes to the better match; with none, to the language Telegram says
            # (the previous turn's would bend a question that stands alone), then to
            # Traditional Chinese when the characters are Traditional only (屆, 簽: Japanese
            # writes 届), then to the better match
            said = code == hinted
            strength = _strength(decision)
            traditional = code == TRADITIONAL == tried[0]
            rank = (strength, decision.score if strength == ANSWERED else 0.0, said,
                    traditional, decision.score)  # fmt: skip
            if best is None or rank > best[0]:
                worded = engine.wording.word(decision, query.text, reading=context is not None)
                best = (rank, dataclasses.replace(worded, context=context))
        assert best is not None
        answer = best[1]
        # nothing matched: German read as English, Mongolian as Russian, is told which we speak
        alone = answer.kind is Kind.ABSTAIN and len(tried) == 1 and not chosen
        if alone and not self._spoken(tried[0], question):
            return self._unsupported(question)
        return answer

    def _follow(
        self, engine: Engine, query: Query, previous: Decision, own: Decision
    ) -> Reading | None:
        """The question read against the previous turn, when it cannot stand alone and that
        reading says more than the question alone does."""
        picked = pick(query, previous, engine.analyser.language.numbers.ordinal_mark)
        known = engine.matcher.knows
        facts = previous.facts or previous.stated
        last = engine.decider.store.fact(facts[0]) if facts else None
        if last is not None and not picked:
            # "and the cash involved?" after the projects since 2005: the figure at that span
            carried = carry_scope(query, last, own, engine.analyser, engine.decider)
            if carried is not None:
                return carried
            # "what's his role?": read with the name of what the last answer was about
            # at most two engine passes a follow-up: its own, and this or the one below
            pointing, pointed = read_pointing(query, last, own, engine.analyser, engine.decider)
            if pointing:
                return pointed
        # the words of the last answer's fact, and of the same figure at its other scope
        about: frozenset[str] = frozenset()
        if last is not None:
            about = engine.matcher.known.get(last.id, about)
            about |= engine.matcher.known.get(last.counterpart or "", frozenset())
        if not picked and not leans(query, engine.analyser, known, about):
            return None
        base = engine.wording.suggestion(facts[0]).question if facts else ""
        reading = read_against(query, previous, engine.analyser, engine.decider, base)
        # "no, not the article, the opening date": a correction never means the last fact
        if reading is None or (
            corrects(query, engine.analyser) and reading.decision.facts[:1] == facts[:1]
        ):
            return None
        if reading.decision.kind is not Kind.ANSWER:
            # "in dollars?" after this edition's investment: the articles give no dollar figure
            # for it, whatever figure of another scope the words fit alone
            narrowed = last is not None and _narrowed_last(
                query, reading, own, last, engine.analyser
            )
            return reading if narrowed else None
        # the last answer again, plainly, for a question that names no scope, narrowing or
        # figure, says nothing new: its own words were not understood, and the last turn's
        # carried the reading ("in dollars?" may well be the same fact, and a check says Yes)
        plain = not (query.scope or query.narrowing or query.claims or query.yes_no)
        again = reading.decision.facts == facts[:1] and reading.decision.message == Message.ANSWER
        if plain and again:
            return None
        # a question answered alone is answered alone, but for a change of scope of the same
        # figure, asked in no more words than its scope ("and since it began?" after this
        # edition's investment: its counterpart; a whole question with a scope in it is not)
        # "was it more than 100?" after the projects: a check of the last answer's figure in
        # no words of its own, whatever another fact's figure it happens to fit alone
        verdict = reading.decision.message in (Message.YES, Message.NO, Message.CLOSE)
        checked = verdict and reading.decision.facts[:1] == facts[:1] != own.facts[:1]
        if checked and bare_check(query, engine.analyser, known):
            return reading
        if own.kind is Kind.ANSWER:
            fact = engine.decider.store.fact(reading.context)
            same = {fact.id, fact.counterpart} - {None}
            read = reading.decision.facts[0]
            # (a fact with no counterpart has no other span: "那這次是第13屆" after the first
            # expo's year asks about this edition, as it does alone)
            rescoped = fact.counterpart is not None and read in same
            if query.scope is None or not rescoped or read == own.facts[0]:
                return None
            if not elliptical(query, engine.analyser):
                return None
        return reading

    def _spoken(self, code: str, question: str) -> bool:
        """False when most of a question's words are no words of the language it seems to be
        in: German read as English, Mongolian as Russian."""
        analyser = self.engines[code].analyser
        if analyser.grams or not analyser.language.spelling.word_list:
            return True
        tokens = [t for t in analyser.tokeniser.tokens(question[:300]) if t.isalpha()]
        if len(tokens) < 3:
            return True
        return sum(analyser.normaliser.is_word(t) for t in tokens) / len(tokens) >= SPOKEN_AT

    def _unsupported(self, question: str) -> Answer:
        """A short reply in English naming the languages we speak."""
        wording = self.engines[DEFAULT_LANGUAGE].wording
        text = wording.catalogue.text(UNSUPPORTED)
        return Answer(question[:1200], Kind.ABSTAIN, text, (), 0.0, (), tuple(self.featured()))

    def engine(self, language: str | None) -> Engine:
        """The engine of a language, English for one we do not speak."""
        return self.engines.get(language or DEFAULT_LANGUAGE) or self.engines[DEFAULT_LANGUAGE]

    def explain(self, fact_id: str, language: str | None = None) -> Answer | None:
        """The answer of one fact, as for a button press; None for an unknown id."""
        fact = self.store.by_id.get(fact_id)
        if fact is None:
            return None
        engine = self.engine(language)
        question = engine.wording.suggestion(fact.id).question
        return engine.wording.word(engine.decider.explain(fact), question)

    def topics(self, language: str | None = None) -> list[tuple[str, list[Suggestion]]]:
        """Every topic with its facts, in the curators' order."""
        engine = self.engine(language)
        names = self.store.topic_names.get(engine.wording.catalogue.language, {})
        grouped: dict[str, list[Suggestion]] = {}
        for fact in self.store.facts:
            grouped.setdefault(names.get(fact.topic, fact.topic), []).append(
                engine.wording.suggestion(fact.id)
            )
        return list(grouped.items())

    def featured(self, language: str | None = None) -> list[Suggestion]:
        """A few popular facts: examples for /start and an empty inline query."""
        engine = self.engine(language)
        return [engine.wording.suggestion(i) for i in engine.decider.featured()]


ANSWERED = 2  # the strength of an answer
TRADITIONAL = "zh-Hant"


def _strength(decision: Decision) -> int:
    """How much a decision says: an answer over a clarify over an abstain."""
    return {Kind.ANSWER: ANSWERED, Kind.CLARIFY: 1}.get(decision.kind, 0)


def _narrowed_last(
    query: Query, reading: Reading, own: Decision, last: Fact, analyser: Analyser
) -> bool:
    """True when a question of a narrowing and no more ("in dollars?") asks of the last
    answer's fact what it does not give, though alone its words land on the same figure at
    another scope (the since-2005 one, given in dollars): a breakdown of the last answer."""
    decision = reading.decision
    narrowed = any(kind != UNKNOWN for kind in decision.missing.values())
    about_last = decision.stated[:1] == (last.id,)
    rescoped = own.kind is Kind.ANSWER and own.facts[:1] == (last.counterpart,)
    return (narrowed and about_last and rescoped and bool(query.narrowing)
            and query.scope is None and elliptical(query, analyser))  # fmt: skip
