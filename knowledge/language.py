"""A language's words: the validated schema of knowledge/languages/ and knowledge/vocabulary/."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from knowledge.models import Frozen, Scope

LANGUAGE_CODE = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$"  # BCP 47: en, ru, zh-Hans
Words = tuple[str, ...]
NonEmptyWords = Annotated[tuple[str, ...], Field(min_length=1)]


class NumberWords(Frozen):
    """How a language writes numbers in words, read as digits."""

    units: Annotated[dict[str, int], Field(min_length=1)]  # "twenty" = 20, "九" = 9
    ordinals: dict[str, int] = Field(default_factory=dict)  # "fourteenth" = 14
    hundred: str = ""  # the word that multiplies by 100
    thousand: str = ""  # ... and by 1,000
    joiners: Words = ()  # words that may stand inside a number: "one hundred and five"
    thousands_suffix: str = ""  # "20k"
    ordinal_endings: Words = ()  # "1st", "14th"
    ordinal_mark: str = ""  # how an ordinal is written after its digits
    decimal_comma: bool = False  # "84,475 млрд" is 84.475 billion, not 84,475
    counters: Words = ()  # a lone numeral before one of these is a number: 五天 = 5 days
    # ... but not after one of these: 哪一天 is "which day", 每一天 "every day"
    not_after: Words = ()
    month_marks: Words = ()  # a figure before one of these is a month (8月), not a quantity
    # a figure's scale as a word after it ("84.475 billion"); claims are compared in full
    multipliers: dict[str, Decimal] = Field(default_factory=dict)
    # ... and as letters joined to its digits: "5bn" is read "5 billion"
    scale_suffixes: dict[str, str] = Field(default_factory=dict)


class Stemming(Frozen):
    """The language's stemming rule: endings cut to match "trains" with "train"."""

    algorithm: Literal["", "snowball:russian"] = ""  # a Snowball stemmer instead of suffixes
    suffixes: Words = ()
    min_stem: int = Field(default=4, ge=1)
    undouble: bool = False  # "running" -> "runn" -> "run"


class Spelling(Frozen):
    """Spelling correction towards the store's words."""

    word_list: str = ""  # pyspellchecker's list for this language; "" for none
    min_count: int = Field(default=100, ge=0)
    min_length: int = Field(default=4, ge=1)
    short_word: int = Field(default=5, ge=1)
    # read as character bigrams: a character no store word has there, between two that are,
    # is a slip of the input method (搏览会 for 博览会, 红棋 for 红旗) and is put right when
    # the store's character sounds alike: "pinyin" (a homophone), "hangul" (one letter off)
    characters: Literal["", "pinyin", "hangul"] = ""


class Comparisons(Frozen):
    """The words that state a comparison with a figure: "over 80 billion", "fewer than 100"."""

    over: Words = ()
    under: Words = ()
    about: Words = ()
    # ... and the words after the figure that do ("100件以上", "1000社超え", "100건 넘었어"),
    # looked for at the start of the words that follow it
    over_after: Words = ()
    under_after: Words = ()
    about_after: Words = ()


class WordsFile(Frozen):
    """The keys a language file and a vocabulary file share."""

    stop_words: Words = ()
    neutral: Words = ()
    quantity_cues: Words = ()
    question_words: Words = ()
    yes_no_openers: Words = ()  # the first word of a yes/no check: "was", "did"
    yes_no_markers: Words = ()  # anywhere in it: 吗, 是不是, ですか, 맞아
    name_cues: Words = ()  # the question asks for names or a list: "who were", "name the"
    choice_words: Words = ()  # a word that offers a choice between two values: "or"
    choice_endings: Words = ()  # ... or an ending both values have: 지린성이야 랴오닝성이야
    which_words: Words = ()  # "which", "what": before a plural noun, a question for a list
    follow_cues: Words = ()  # a question opening with these continues the last: "and", "what about"
    correction_cues: Words = ()  # ... corrects how the last was read: "no, the all-time figure"
    references: Words = ()  # words that point back at the last answer: "his", "them", "it"
    list_nouns: Words = ()  # "countries", "officials": what a list question asks for
    # things the articles never name (a train model, a car's model, the products shown): a
    # question for which one is a breakdown, even of a fact that names the company
    unnamed_nouns: Words = ()
    # a kind of entity (knowledge/entities.toml) -> the words pointing at one: person = ["he"]
    pronouns: dict[str, NonEmptyWords] = Field(default_factory=dict)
    # ... and those of them that may as well point at nothing of the last answer: the expo
    # itself, every question's subject ("she" of выставка, "they" of its organisers), or
    # nothing ("was there any art?"): an answer about something else may stand
    loose_pronouns: Words = ()
    synonyms: dict[str, NonEmptyWords] = Field(default_factory=dict)
    specifiers: dict[str, NonEmptyWords] = Field(default_factory=dict)
    scope_cues: dict[Scope, NonEmptyWords] = Field(default_factory=dict)


class LanguageFile(WordsFile):
    """One file in knowledge/languages/: how questions in that language are read."""

    code: str = Field(pattern=LANGUAGE_CODE)
    name: str = Field(min_length=1)
    # "spaced": words between spaces (English, Russian); "cjk": character bigrams within runs
    # of letters, as Lucene's CJK bigram filter reads Chinese, Japanese and Korean
    analyser: Literal["spaced", "cjk"]
    scripts: Words = ("latin",)  # the scripts a question in this language is written in
    convert: Literal["", "t2s"] = ""  # OpenCC: Traditional folded to Simplified for matching
    fold_letters: dict[str, str] = Field(default_factory=dict)  # a letter read as another
    stop_words: NonEmptyWords
    question_words: NonEmptyWords
    quantity_cues: NonEmptyWords
    numbers: NumberWords
    stemming: Stemming = Stemming()
    spelling: Spelling = Spelling()
    symbols: dict[str, str] = Field(default_factory=dict)
    comparisons: Comparisons = Comparisons()
    specifier_patterns: dict[str, str] = Field(default_factory=dict)


class VocabularyFile(WordsFile):
    """One file in knowledge/vocabulary/: the expo's own words in one language."""


@dataclass(frozen=True)
class Language:
    """A language file and its vocabulary, merged and folded the way questions are."""

    code: str
    name: str
    analyser: str
    numbers: NumberWords
    stemming: Stemming
    spelling: Spelling
    symbols: Mapping[str, str]
    synonyms: Mapping[str, str]  # variant -> canonical; "" removes a stop phrase
    stop_words: frozenset[str]
    specifiers: Mapping[str, str]  # word -> category (country, sector, currency, ...)
    neutral: frozenset[str]  # words that never narrow a question (the edition's own year, ...)
    scope_cues: Mapping[Scope, tuple[str, ...]]
    specifier_patterns: Mapping[str, re.Pattern[str]]  # category -> token shape ("12th", "2019")
    quantity_cues: tuple[str, ...]  # "how many", "total": the question wants a figure
    question_words: frozenset[str]  # "how", "who": alone they ask about nothing
    yes_no_openers: tuple[str, ...]  # "was", "did": the question checks a claim
    yes_no_markers: tuple[str, ...]  # 吗, 是不是: anywhere, the question checks a claim
    scripts: tuple[str, ...]
    convert: str
    fold_letters: Mapping[str, str]
    name_cues: tuple[str, ...]  # "who were", "name the": the question asks for names
    choice_words: frozenset[str]  # "or": "Jilin or Liaoning?"
    choice_endings: tuple[str, ...]  # 지린성이야 랴오닝성이야
    which_words: frozenset[str]  # "which countries ...?" asks for names
    follow_cues: tuple[str, ...]  # "and ...", "what about ...": a follow-up
    correction_cues: tuple[str, ...]  # "no, ...", "不是...": a follow-up asking another fact
    references: tuple[str, ...]  # "his", "them": a follow-up
    list_nouns: frozenset[str]
    unnamed_nouns: tuple[str, ...]
    comparisons: Comparisons  # folded, as the question's raw tokens are
    pronouns: Mapping[str, tuple[str, ...]]  # entity kind -> words pointing at one, folded
    loose_pronouns: frozenset[str]  # ... those that may point at nothing of the last answer
