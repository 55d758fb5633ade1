"""Reading a question: text in one language -> Query, configured by that language's data."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from knowledge.analyse.choices import choices
from knowledge.analyse.lookups import alternation
from knowledge.analyse.normalise import CjkNormaliser, Normaliser, Stemmer
from knowledge.analyse.text import MAX_QUESTION_CHARS, MAX_RAW_CHARS, make_tokeniser, numbers_of
from knowledge.language import Language
from knowledge.models import Scope

# A capitalised word after the first: a name the asker typed ("was it held in Harbin?").
_NAME = re.compile(r"(?<=\s)[A-Z][\w-]+")
_DIGIT = re.compile(r"\d")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure the question states, and how: "over 80 billion" is Claim("over", 8E10)."""

    op: str  # "over", "under", "about", or "is" for a bare figure
    value: Decimal
    text: str  # as typed, for the reply: "84 bn"


@dataclass(frozen=True, slots=True)
class Query:
    """All that was read from one question; the decision needs nothing else."""

    text: str  # the question as asked, cut to what the engine looks at
    language: str  # BCP 47 code of the analyser that read it
    grams: bool  # its words are character bigrams (Chinese, Japanese, Korean)
    raw: str  # its folded tokens, joined: where cues are looked for
    words: tuple[str, ...]  # its content words in the store's vocabulary
    scope: Scope | None  # the span it names, if any
    narrowing: Mapping[str, str]  # narrowing word -> category (country, currency, ...)
    wants_figure: bool  # it asks for a number
    yes_no: bool  # it checks a claim ("was it held in Harbin?")
    specifiers: frozenset[str]  # its words that are narrowing words: never unknown words
    numbers: frozenset[Decimal]  # the figures it states
    claims: tuple[Claim, ...]  # ... each with its comparison, scale words applied
    alternative: bool  # it offers a choice: "Jilin or Liaoning?"
    asks_names: bool  # it asks for names or a list: "who were the officials?"
    asks_unnamed: bool  # ... which one of a thing the articles never name: "what model?"
    choices: tuple[str, ...]  # the words either side of a choice word, read as words
    names: tuple[str, ...]  # the capitalised names it mentions

    @property
    def empty(self) -> bool:
        """True when nothing is asked: no words, or question words alone."""
        return not self.words


class Analyser:
    """One language's reader: its tokeniser, normaliser and cues, built once per store."""

    def __init__(self, language: Language, texts: Iterable[str]) -> None:
        self.language = language
        self.tokeniser = make_tokeniser(language)
        self.stemmer = Stemmer(language.stemming)
        self.grams = language.analyser == "cjk"
        self.normaliser = (CjkNormaliser if self.grams else Normaliser)(language, self.tokeniser)
        self._phrasings: dict[str, tuple[str, tuple[str, ...]]] = {}  # bounded by the store
        # without spaces between words, a cue is found anywhere; with them, as whole words
        edge = {"edge": "", "end": ""} if self.grams else {}
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
        self.neutral = frozenset(self._neutral)
        # the words of a claimed figure ("over", "more than", "billion"): they ask about nothing
        compared = language.comparisons
        self.claim_words = frozenset(
            w for cue in (*compared.over, *compared.under, *compared.about,
                          *language.numbers.multipliers)
            for w in words(cue)
        )  # fmt: skip
        self._scope_cues = {
            scope: alternation(cues, **edge) for scope, cues in language.scope_cues.items()
        }
        self._any_scope_cue = alternation(
            (c for cues in language.scope_cues.values() for c in cues), **edge
        )
        self._quantity = alternation(language.quantity_cues, **edge)
        self._name_cues = alternation(language.name_cues, **edge)
        self._unnamed = alternation(language.unnamed_nouns, **edge)
        self._markers = alternation(language.yes_no_markers, edge="", end="")
        self._choice = frozenset(language.choice_words)
        ops = (("over", compared.over, compared.over_after),
               ("under", compared.under, compared.under_after),
               ("about", compared.about, compared.about_after))  # fmt: skip
        # without spaces a cue ends the run before the figure (签约项目超过 90): no word edge,
        # but for a one-character cue, which would be found inside words (약 in 계약)
        self._comparisons = [
            (op, alternation([c for c in cues if not self.grams or len(c) < 2],
                             edge=r"(?:^|\b)", end="$"))
            for op, cues, _ in ops
        ]  # fmt: skip
        if self.grams:
            self._comparisons += [
                (op, alternation([c for c in cues if len(c) >= 2], edge="", end="$"))
                for op, cues, _ in ops
            ]
        self._comparisons_after = [
            (op, alternation(after, edge="^", end="")) for op, _, after in ops
        ]
        # the words pointing back at an entity, with their kinds, the longest first (他们
        # before 他): a follow-up's pronoun is the first of them it has
        self.pointing = sorted(
            ((w, kind) for kind, forms in language.pronouns.items() for w in forms),
            key=lambda pair: -len(pair[0]),
        )
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
            grams=self.grams,
            raw=raw,
            words=tuple(words),
            scope=self._scope(raw) if words else None,
            narrowing=narrowing,
            # a figure in another currency is still a figure, whatever the wording
            wants_figure=bool(words)
            and (self._found(self._quantity, raw) or "currency" in narrowing.values()),
            yes_no=(bool(raw_tokens) and raw_tokens[0] in self._yes_no)
            or self._found(self._markers, raw),
            specifiers=frozenset(w for w in words if w in self._specifiers),
            numbers=frozenset(numbers_of(raw_tokens)) if _DIGIT.search(raw) else frozenset(),
            claims=self._claims(raw_tokens) if _DIGIT.search(raw) else (),
            alternative=bool(options := self._choices(raw_tokens))
            or not self._choice.isdisjoint(raw_tokens)
            or (self.grams and any(w in raw for w in self._choice if len(w) > 1)),
            asks_names=(asks := self._found(self._name_cues, raw) or self._asks_list(raw_tokens)),
            # "what model was the Hongqi car?", "どの形式": which one of such a thing
            asks_unnamed=self._asks_unnamed(raw, raw_tokens, asks),
            choices=options,
            names=tuple(_NAME.findall(read)),
        )

    def _asks_list(self, tokens: list[str]) -> bool:
        """True for "which five countries ...", "what companies ...": a question for names."""
        which, nouns = self.language.which_words, self.language.list_nouns
        return any(
            t in which and not nouns.isdisjoint(tokens[i + 1 : i + 4]) for i, t in enumerate(tokens)
        )

    def _asks_unnamed(self, raw: str, tokens: list[str], asks: bool) -> bool:
        """True for "what model was the Hongqi car?", "紅旗展的是哪一款車型": which one of a
        thing the articles never name ("how many products" asks a count, "which train maker
        brought models" a company, "상품 6만종 넘었다며" checks a figure)."""
        if not self._found(self._unnamed, raw) or self._found(self._quantity, raw):
            return False
        if self.grams:
            return not _DIGIT.search(raw)
        which = self.language.which_words
        return asks or any(
            t in which and self._found(self._unnamed, " ".join(tokens[i + 1 : i + 3]))
            for i, t in enumerate(tokens)
        )

    def claims_of(self, text: str) -> tuple[Claim, ...]:
        """The figures a text (a fact's answer) states, as claims: "over 20,000" is a bound."""
        return self._claims(self.tokeniser.tokens(text))

    def _choices(self, tokens: list[str]) -> tuple[str, ...]:
        """The words either side of "or", as the store's words: ("jilin", "liaoning")."""
        if self.grams:
            runs = [t for t in tokens if not t.isascii()]
            return choices(runs, self._choice, self.language.choice_endings, self._named)
        found: list[str] = []
        for i, token in enumerate(tokens):
            if token in self._choice and 0 < i < len(tokens) - 1:
                found += [
                    " ".join(self.normaliser.words_of([t])) for t in tokens[i - 1 : i + 2 : 2]
                ]
        return tuple(w for w in found if w and not _FIGURE.fullmatch(w))

    def _named(self, text: str) -> bool:
        """True when the text is a narrowing word or the edition's own (a place, an ordinal)
        in the store's words: 辽宁, 吉林省 ("吉林 林省")."""
        words = self.normaliser.words_of([text])
        return " ".join(words) in self._specifiers or (bool(words) and set(words) <= self._neutral)

    def _claims(self, tokens: list[str]) -> tuple[Claim, ...]:
        """The figures the question states, with the comparison in the words before each."""
        multipliers = self.tokeniser.multipliers
        claims = []
        for i, token in enumerate(tokens):
            if not _FIGURE.fullmatch(token):
                continue
            scale = multipliers.get(tokens[i + 1], Decimal(1)) if i + 1 < len(tokens) else 1
            before = " ".join(tokens[max(0, i - 4) : i])
            op = next((op for op, cue in self._comparisons if cue and cue.search(before)), "is")
            if op == "is":  # "100件以上": the cue after the figure and its unit or counter
                after = ("" if self.grams else " ").join(tokens[i + 1 : i + 4])
                unit = tokens[i + 1] if scale != 1 and i + 1 < len(tokens) else ""
                after = after.removeprefix(unit)
                found = (o for o, cue in self._comparisons_after
                         if cue and (cue.search(after) or cue.search(after[1:])))  # fmt: skip
                op = next(found, "is")
            typed = " ".join(tokens[i : i + 2]) if scale != 1 else token
            claims.append(Claim(op, Decimal(token) * scale, typed))
        return tuple(claims)

    def words(self, text: str) -> list[str]:
        """The content words of a text (a phrasing, an answer) as questions are read."""
        return self.normaliser.words(text)

    def phrasing(self, text: str) -> tuple[str, tuple[str, ...]]:
        """A curated phrasing read once: its normalised form, and its words as narrowing sees
        them ("since 2005" names a span, not a year). Kept per text: the store's own texts,
        so as many as the store has, read by the checks and the matcher alike."""
        known = self._phrasings.get(text)
        if known is None:
            tokens = self.tokeniser.tokens(text)
            # the store's own words need no spelling put right: it is learnt from them
            words = self.normaliser.words_of(tokens, spell=False)
            raw = " ".join(tokens)
            cut = self.without_scope_cues(raw)
            accounted = words if cut == raw else self.normaliser.words(cut)
            known = self._phrasings[text] = (" ".join(words), tuple(accounted))
        return known

    def accounted(self, phrasing: str) -> tuple[str, ...]:
        """A phrasing's words as narrowing sees them."""
        return self.phrasing(phrasing)[1]

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
