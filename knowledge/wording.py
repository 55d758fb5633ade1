"""Wording: Decision -> Answer, its sentences from the reply language's catalogue."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from knowledge.answer import Answer, Citation, Kind, Suggestion
from knowledge.catalogue import Catalogue
from knowledge.decision import Decision, Message
from knowledge.models import Fact, FactStore, FactText

BREAKDOWNS = (Message.NO_FIGURE, Message.NOTHING_SAID)
CHECKS = (Message.YES, Message.NO, Message.CLOSE, Message.CHOICE, Message.NO_NAMES)


class Wording:
    """Puts decisions into words for one store in one language."""

    def __init__(
        self,
        store: FactStore,
        catalogue: Catalogue,
        texts: Sequence[FactText],
        shown: Callable[[str], str] = str,
    ) -> None:
        self.store = store
        self._shown = shown  # a store word as the language writes it (Traditional, not folded)
        self.catalogue = catalogue
        self.texts = {t.id: t for t in texts}
        # the same every time a fact is given, so made once
        self._cited = {fact.id: self._cite(fact) for fact in store.facts}
        code = catalogue.language
        self._offered = {t.id: Suggestion(t.id, t.question, code) for t in texts}

    def word(self, decision: Decision, question: str, *, reading: bool = False) -> Answer:
        """The reply to the question as the decision has it; `reading` opens it with the
        question a follow-up was read as ("↪ How much investment since 2005?")."""
        text = self._text(decision)
        if reading and decision.kind is Kind.ANSWER:
            read_as = self._offered[decision.facts[0]].question
            text = f"{self.catalogue.text('reading', question=read_as)}\n{text}"
        return Answer(
            question=question,
            kind=decision.kind,
            text=text,
            facts=decision.facts,
            score=decision.score,
            sources=tuple(c for fact in decision.stated for c in self._cited[fact]),
            suggestions=tuple(self._offered[fact] for fact in decision.suggestions),
            language=self.catalogue.language,
            decision=decision,
        )

    def suggestion(self, fact_id: str) -> Suggestion:
        """A fact offered by its canonical question."""
        return self._offered[fact_id]

    def _text(self, decision: Decision) -> str:
        """What the user reads: the stated answers, or the catalogue's sentence."""
        stated = [self.texts[fact].answer for fact in decision.stated]
        if decision.stated and not self.texts[decision.stated[0]].translated:
            # a fact not yet translated answers in English, and says so
            stated[0] = f"{self.catalogue.text('untranslated')} {stated[0]}"
        text = self.catalogue.text
        if decision.message == Message.ANSWER:
            return " ".join(stated)
        if decision.message in BREAKDOWNS:
            return text(decision.message, detail=self._detail(decision.missing), answer=stated[0])
        if decision.message in CHECKS:
            opening = text(decision.message, answer="", choice=decision.choice).strip()
            if opening and stated[0].startswith(opening):  # "Yes: an artist showed ..." already
                return stated[0]
            return text(decision.message, answer=stated[0], choice=decision.choice)
        if decision.message == Message.EMPTY:
            return text(Message.EMPTY, subject=text("subject"))
        return text(decision.message)

    def _detail(self, missing: Mapping[str, str]) -> str:
        """How the missing narrowing reads: "in euro", "for the 12th edition", "for korea"."""
        labels = [
            self._label(category).format(word=self._shown(word))
            for word, category in missing.items()
        ]
        return self.catalogue.text("narrowing.or").join(labels) or self.catalogue.text(
            "narrowing.none"
        )

    def _label(self, category: str) -> str:
        try:
            return self.catalogue.text(f"narrowing.{category}")
        except KeyError:  # a category with no label of its own
            return self.catalogue.text("narrowing.other")

    def _cite(self, fact: Fact) -> tuple[Citation, ...]:
        """The fact's evidence as citations: its article and the sentence, for each quote.

        The quote stays verbatim in English, the evidence; a curated translation goes with it.
        """
        out: list[Citation] = []
        language = self.catalogue.language
        names = self.store.source_names.get(language, {})
        text = self.texts[fact.id]
        for n, evidence in enumerate(fact.evidence):
            source = self.store.sources[evidence.source]
            named = names.get(source.id)
            translated = text.translated and language != "en" and text.quotes[n] != evidence.quote
            out.append(
                Citation(
                    source=source.id,
                    seed=f"seeds/{source.seed}",
                    title=(named.title if named and named.title else source.title),
                    publisher=(named.publisher if named and named.publisher else source.publisher),
                    date=source.date,
                    dateline=source.dateline,
                    quote=evidence.quote,
                    translation=text.quotes[n] if translated else "",
                )
            )
        return tuple(out)
