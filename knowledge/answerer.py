"""The answer engine in three steps: read (analyse), decide, word; one call per question."""

from __future__ import annotations

from pathlib import Path

from knowledge.analyse import Analyser
from knowledge.answer import Answer, Suggestion
from knowledge.catalogue import catalogue
from knowledge.decide import Decider, Decision
from knowledge.matcher import Matcher
from knowledge.models import DEFAULT_LANGUAGE, FactStore
from knowledge.store import DEFAULT_ROOT, load_store
from knowledge.wording import Wording


class Answerer:
    """Answers questions from one FactStore; build once, ask many times."""

    def __init__(self, store: FactStore, language: str = DEFAULT_LANGUAGE) -> None:
        self.store = store
        self.analyser: Analyser = store.analyser(language)
        self.matcher = Matcher(store.facts, self.analyser)
        self.decider = Decider(store, self.matcher)
        self.wording = Wording(store, catalogue(language))

    @classmethod
    def load(cls, root: Path | None = None) -> Answerer:
        """An Answerer over the store under root (the repository by default)."""
        return cls(load_store(root or DEFAULT_ROOT))

    def answer(self, question: str, previous: Decision | None = None) -> Answer:
        """The reply to one question; never raises for any string."""
        query = self.analyser.analyse(question)
        return self.wording.word(self.decider.decide(query, previous), query.text)

    def explain(self, fact_id: str) -> Answer | None:
        """The answer of one fact, as for a button press; None for an unknown id."""
        fact = self.store.by_id.get(fact_id)
        if fact is None:
            return None
        return self.wording.word(self.decider.explain(fact), fact.question)

    def topics(self) -> list[tuple[str, list[Suggestion]]]:
        """Every topic with its facts, in the curators' order."""
        grouped: dict[str, list[Suggestion]] = {}
        for fact in self.store.facts:
            grouped.setdefault(fact.topic, []).append(self.wording.suggestion(fact.id))
        return list(grouped.items())

    def featured(self) -> list[Suggestion]:
        """A few popular facts: examples for /start and an empty inline query."""
        return [self.wording.suggestion(i) for i in self.decider.featured()]
