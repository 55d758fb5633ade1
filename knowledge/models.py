"""The curated data as immutable pydantic models: sources, facts and their evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    from knowledge.analyse import Analyser

DEFAULT_LANGUAGE = "en"  # the language of the facts' own texts, and the fallback
FACT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
MIN_PHRASINGS = 8


class Frozen(BaseModel):
    """Base for every curated record: immutable, and unknown fields are errors, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Scope(StrEnum):
    """Which span of time a figure covers."""

    EDITION = "edition"  # the 14th expo, August 2023
    SINCE_2005 = "since-2005"  # every edition since the first, in 2005
    GENERAL = "general"  # not a figure that depends on the span


class Source(Frozen):
    """One article in seeds/: how an answer cites it."""

    id: str = Field(pattern=FACT_ID_PATTERN)
    seed: str = Field(min_length=1, description="file name inside seeds/")
    title: str = ""
    publisher: str = ""
    date: dt.date
    dateline: str = ""
    url: str = ""

    @property
    def label(self) -> str:
        """The title, or the dateline when the article has no headline."""
        return self.title or self.dateline or self.seed


class Evidence(Frozen):
    """A verbatim quote from one source that supports a fact."""

    source: str = Field(min_length=1)
    quote: str = Field(min_length=10)


class Entity(Frozen):
    """A person, company, place, event or group facts are about, named in each language."""

    id: str = Field(pattern=FACT_ID_PATTERN)
    kind: str = Field(pattern=r"^[a-z]+$")  # what the language files' [pronouns] point at
    names: dict[str, str] = Field(min_length=1)  # language code -> its name there

    @field_validator("names")
    @classmethod
    def _english_name(cls, value: dict[str, str]) -> dict[str, str]:
        if not value.get(DEFAULT_LANGUAGE, "").strip():
            raise ValueError(f"no {DEFAULT_LANGUAGE} name; every other language falls back to it")
        return value

    def name(self, language: str) -> str:
        """The entity's name in the language, or in English."""
        return self.names.get(language) or self.names[DEFAULT_LANGUAGE]


class Fact(Frozen):
    """One curated claim: how people ask for it, the answer, and the quotes behind it."""

    id: str = Field(pattern=FACT_ID_PATTERN)
    topic: str = Field(min_length=1)
    question: str = Field(min_length=5, max_length=120)
    phrasings: tuple[str, ...] = Field(min_length=MIN_PHRASINGS)
    answer: str = Field(min_length=5, max_length=600)
    evidence: tuple[Evidence, ...] = Field(min_length=1)
    scope: Scope = Scope.GENERAL
    counterpart: str | None = Field(
        default=None, description="the fact with the same question at the other scope"
    )
    related: tuple[str, ...] = ()
    # the narrowing category of the one value this fact states (place, date, year, ordinal,
    # time, name): a yes/no check naming another value of it gets "No"
    check: str | None = None
    names: bool = False  # the answer names them (people, companies, places), not only counts
    # the entities (knowledge/entities.toml) the fact is about: what "he", "it", "they" in a
    # follow-up to it point at
    about: tuple[str, ...] = ()

    @property
    def questions(self) -> tuple[str, ...]:
        """The canonical question and every phrasing: each way the fact is asked for."""
        return (self.question, *self.phrasings)

    @field_validator("phrasings")
    @classmethod
    def _no_blank_phrasings(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        stripped = tuple(p.strip() for p in value)
        if any(not p for p in stripped):
            raise ValueError("a phrasing is empty; remove it or write the question out")
        return stripped


class TopicFile(Frozen):
    """The shape of one file in knowledge/facts/: a topic and its facts."""

    topic: str = Field(min_length=1)
    facts: tuple[Fact, ...] = Field(min_length=1)


class Translation(Frozen):
    """One fact's texts in another language: how natives ask for it, and its answer."""

    id: str = Field(pattern=FACT_ID_PATTERN)
    question: str = Field(min_length=2, max_length=120)
    answer: str = Field(min_length=2, max_length=600)
    phrasings: tuple[str, ...] = Field(min_length=MIN_PHRASINGS)
    quotes: tuple[str, ...] = ()  # a curated translation of each evidence quote, in order


class TranslationFile(Frozen):
    """One file in knowledge/translations/<language>/: a topic's facts in that language."""

    language: str = Field(min_length=2)
    topic: str = Field(min_length=1)
    facts: tuple[Translation, ...] = Field(min_length=1)


class SourceName(Frozen):
    """An article's title and publisher in another language."""

    id: str = Field(pattern=FACT_ID_PATTERN)
    title: str = ""
    publisher: str = ""


class SourceNamesFile(Frozen):
    """knowledge/translations/<language>/sources.toml."""

    sources: tuple[SourceName, ...] = ()


@dataclass(frozen=True)
class FactText:
    """A fact's texts in one language: curated, or the English ones when not translated."""

    id: str
    question: str
    phrasings: tuple[str, ...]
    answer: str
    quotes: tuple[str, ...]  # in this language when curated; the English evidence otherwise
    translated: bool  # False: the English texts stand in

    @property
    def questions(self) -> tuple[str, ...]:
        """The canonical question and every phrasing."""
        return (self.question, *self.phrasings)


class Exclusion(Frozen):
    """A seed sentence deliberately left without a fact, and why."""

    source: str
    sentence: str = Field(min_length=5)
    reason: str = Field(min_length=5)


@dataclass(frozen=True)
class FactStore:
    """Everything the answer engine reads, loaded and validated once."""

    root: Path
    sources: Mapping[str, Source]
    facts: tuple[Fact, ...]
    analysers: Mapping[str, Analyser]  # by language code: each language's reader
    exclusions: tuple[Exclusion, ...] = ()
    featured: tuple[str, ...] = ()
    # language -> fact id -> its texts there; topic names and article names likewise
    translations: Mapping[str, Mapping[str, Translation]] = field(default_factory=dict)
    topic_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    source_names: Mapping[str, Mapping[str, SourceName]] = field(default_factory=dict)
    entities: Mapping[str, Entity] = field(default_factory=dict)
    by_id: Mapping[str, Fact] = field(init=False)

    def __post_init__(self) -> None:
        # derived, so a frozen instance may set it once here
        object.__setattr__(self, "by_id", {f.id: f for f in self.facts})

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id; KeyError when there is none."""
        return self.by_id[fact_id]

    def texts(self, language: str = DEFAULT_LANGUAGE) -> tuple[FactText, ...]:
        """Every fact's texts in one language, English where a fact is not translated."""
        curated = self.translations.get(language, {})
        out = []
        for fact in self.facts:
            english = tuple(e.quote for e in fact.evidence)
            t = curated.get(fact.id)
            out.append(
                FactText(fact.id, t.question, t.phrasings, t.answer, t.quotes or english, True)
                if t is not None
                else FactText(fact.id, fact.question, fact.phrasings, fact.answer, english,
                              language == DEFAULT_LANGUAGE)
            )  # fmt: skip
        return tuple(out)

    def analyser(self, language: str = DEFAULT_LANGUAGE) -> Analyser:
        """The reader of one language; the default language's for one the store lacks."""
        return self.analysers.get(language) or self.analysers[DEFAULT_LANGUAGE]

    def seed_path(self, source_id: str) -> Path:
        """The file on disk that holds this source's text."""
        return self.root / "seeds" / self.sources[source_id].seed
