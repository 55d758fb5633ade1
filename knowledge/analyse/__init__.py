"""Reading a question: text in one language -> Query, configured by that language's data."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from knowledge.analyse.normalise import Normaliser, Stemmer
from knowledge.analyse.text import (
    MAX_QUESTION_CHARS,
    MAX_RAW_CHARS,
    Tokeniser,
    alternation,
    numbers_of,
)
from knowledge.language import Language
from knowledge.models import Scope

# A capitalised word after the first: a name the asker typed ("was it held in Harbin?").
_NAME = re.compile(r"(?<=\s)[A-Z][\w-]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Query:
    """All that was read from one question; the decision needs nothing else."""

    text: str  # the question as asked, cut to what the engine looks at
    language: str  # BCP 47 code of the analyser that read it
    raw: str  # its folded tokens, joined: where cues are looked for
    words: tuple[str, ...]  # its content words in the store's vocabulary
    scope: Scope | None  # the span it names, if any
    narrowing: Mapping[str, str]  # narrowing word -> category (country, currency, ...)
    wants_figure: bool  # it asks for a number
    yes_no: bool  # it checks a claim ("was it held in Harbin?")
    specifiers: frozenset[str]  # its words that are narrowing words: never unknown words
    numbers: frozenset[Decimal]  # the figures it states
    names: tuple[str, ...]  # the capitalised names it mentions

    @property
    def empty(self) -> bool:
        """True when nothing is asked: no words, or question words alone."""
        return not self.words


class Analyser:
    """One language's reader: its tokeniser, normaliser and cues, built once per store."""

    def __init__(self, language: Language, texts: Iterable[str]) -> None:
        self.language = language
        self.tokeniser = Tokeniser(language.numbers, language.symbols)
        self.stemmer = Stemmer(language.stemming)
        self.normaliser = Normaliser(language, self.tokeniser)
        # the curated texts are spelled right; questions are corrected towards their words
        self.normaliser.learn([*texts, *language.specifiers, *language.neutral])
        words = self.normaliser.words
        # specifiers are compared with normalised question words, so normalise them the same way
        self._specifiers = {
            key: category
            for word, category in language.specifiers.items()
            if (key := " ".join(words(word)))
        }
        self._neutral = {w for n in language.neutral for w in words(n)}
        self._scope_cues = {scope: alternation(cues) for scope, cues in language.scope_cues.items()}
        self._any_scope_cue = alternation(c for cues in language.scope_cues.values() for c in cues)
        self._quantity = alternation(language.quantity_cues)
        # a check opens with one of these words ("is it true" opens with "is")
        self._yes_no = frozenset(opener.split()[0] for opener in language.yes_no_openers if opener)

    def analyse(self, text: str) -> Query:
        """The Query for one question; never raises for any string."""
        # the one place questions are cut: kept to MAX_RAW_CHARS, read to MAX_QUESTION_CHARS
        text = text[:MAX_RAW_CHARS]
        read = text[:MAX_QUESTION_CHARS]
        raw_tokens = self.tokeniser.tokens(read)
        words = self.normaliser.words_of(raw_tokens)
        raw = " ".join(raw_tokens)
        if set(words) <= self.language.question_words:
            words = []
        narrowing = self._narrowing(raw, words) if words else {}
        return Query(
            text=text,
            language=self.language.code,
            raw=raw,
            words=tuple(words),
            scope=self._scope(raw) if words else None,
            narrowing=narrowing,
            # a figure in another currency is still a figure, whatever the wording
            wants_figure=bool(words)
            and (self._found(self._quantity, raw) or "currency" in narrowing.values()),
            yes_no=bool(raw_tokens) and raw_tokens[0] in self._yes_no,
            specifiers=frozenset(w for w in words if w in self._specifiers),
            numbers=frozenset(numbers_of(raw_tokens)) if _DIGIT.search(raw) else frozenset(),
            names=tuple(_NAME.findall(read)),
        )

    def words(self, text: str) -> list[str]:
        """The content words of a text (a phrasing, an answer) as questions are read."""
        return self.normaliser.words(text)

    def accounted(self, phrasing: str) -> list[str]:
        """A phrasing's words as narrowing sees them: "since 2005" names a span, not a year."""
        raw = " ".join(self.tokeniser.tokens(phrasing))
        return self.normaliser.words(self.without_scope_cues(raw))

    def without_scope_cues(self, raw: str) -> str:
        """The text with its scope cues cut out."""
        return self._any_scope_cue.sub(" ", raw) if self._any_scope_cue else raw

    def _scope(self, raw: str) -> Scope | None:
        """The scope the question names, if any; an explicit edition cue wins."""
        for scope in (Scope.EDITION, Scope.SINCE_2005):
            cue = self._scope_cues.get(scope)
            if cue is not None and cue.search(raw):
                return scope
        return None

    def _narrowing(self, raw: str, words: list[str]) -> dict[str, str]:
        """The question's narrowing words (countries, sectors, years...) with their category."""
        without_cues = self.without_scope_cues(raw)
        if without_cues != raw:  # "since 2005" names a span: its year narrows nothing
            words = self.normaliser.words(without_cues)
        found: dict[str, str] = {}
        patterns = self.language.specifier_patterns
        for word in [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]:
            if word in self._neutral:
                continue
            category = self._specifiers.get(word) or next(
                (c for c, p in patterns.items() if p.match(word)), None
            )
            if category:
                found[word] = category
        return found

    @staticmethod
    def _found(pattern: re.Pattern[str] | None, raw: str) -> bool:
        return pattern is not None and pattern.search(raw) is not None
