"""What the answer engine returns: plain data, for any front end to render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """The engine's decision for one question."""

    ANSWER = "answer"  # one fact is clearly the one asked for
    CLARIFY = "clarify"  # two or three facts are close: ask which
    ABSTAIN = "abstain"  # the articles do not say: say so plainly


@dataclass(frozen=True)
class Citation:
    """The article and the sentence an answer stands on."""

    source: str  # source id
    seed: str  # the seed file's path relative to the repository root
    title: str  # "" when the article has no headline
    publisher: str  # "" when the article names none
    date: dt.date
    dateline: str
    quote: str
    translation: str = ""  # a curated translation of the quote, in the reply's language

    @property
    def label(self) -> str:
        """How a person recognises the article: its title, else its dateline."""
        return self.title or self.dateline or self.seed

    def to_json(self) -> dict[str, Any]:
        """The citation as the `ask --json` contract spells it."""
        return {
            "seed": self.seed,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date.isoformat(),
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Suggestion:
    """A fact offered to the user by its canonical question (a button, a numbered choice)."""

    fact: str
    question: str
    language: str = "en"  # the language the question is written in


@dataclass(frozen=True, slots=True)  # slots: conversations keep 100,000 of them
class Answer:
    """The engine's reply to one question, before any rendering."""

    question: str
    kind: Kind
    text: str  # what the user reads, plain sentences, no markup
    facts: tuple[str, ...]  # the answering fact, or the clarify candidates
    score: float  # 0-100: how well the best fact matched
    sources: tuple[Citation, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()  # related / did-you-mean / nearest topics
    language: str = "en"  # BCP 47 code of the language the text is in
    decision: Any = None  # the Decision it words: what the next turn is read against
    context: str | None = None  # the previous turn's fact a follow-up was read against

    def turn(self) -> Answer:
        """What a follow-up is read against: the decision, without the texts (a conversation
        kept for minutes holds a few hundred bytes, not the reply)."""
        return Answer("", self.kind, "", self.facts, self.score, language=self.language,
                      decision=self.decision)  # fmt: skip

    @property
    def answered(self) -> bool:
        """True only when a fact answers the question."""
        return self.kind is Kind.ANSWER
