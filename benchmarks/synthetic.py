"""A deterministic synthetic fact store of any size, valid for the real load_store."""

from __future__ import annotations

import functools
import json
import random
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from knowledge.analyse import Analyser
from knowledge.analyse.normalise import common_words
from knowledge.lexicon import LANGUAGES, VOCABULARY
from knowledge.store import DEFAULT_ROOT, load_store

SEED = 2023
VOCABULARY_SIZE = 3000  # the store's own words
OUTSIDE_SIZE = 500  # English words the store never uses: out-of-vocabulary questions
FACTS_PER_ARTICLE = 100
FACTS_PER_FILE = 50
PHRASINGS_PER_FACT = 10
OUT_OF_SCOPE_SHARE = 0.25

# How people ask for a figure; {a} {b} name the fact, {x} {y} are its context, {u} its unit.
FRAMES = (
    "how many {a} {b} were recorded",
    "number of {a} {b}",
    "total {a} {b} reported by the {x}",
    "{a} {b}",
    "{b} of the {a}",
    "how big was the {a} {b}",
    "{a} {b} in {u}",
    "tell me the {a} {b} figure",
    "how much {a} {b} did the {x} {y} see",
    "what level did the {a} {b} reach",
    "i need the {a} {b} for a report",
    "so how many {b} for the {a}",
    "{a} {b} count",
    "where did the {a} {b} stand",
    "{x} {a} {b} size",
)
# Frames no phrasing uses, in words the store knows: paraphrases a curator did not foresee.
NEW_FRAMES = (
    "how many {a} {b} reported",
    "{a} {b} total",
    "what was the {b} {a} figure",
    "the {a} {b} size recorded",
    "how much {b} for the {a}",
)
# Words of the frames that a person swaps for one another ("recorded" for "reported").
SWAPS = ("recorded", "reported", "total", "figure", "count", "size", "level", "big", "reach")
OUT_OF_SCOPE_FRAMES = (
    "who won the {o} {p}",
    "how many {o} {p}",
    "{o} {p} {q}",
    "where is the {o}",
    "what about the {a} {o}",
)


@dataclass(frozen=True)
class SyntheticFact:
    """One generated fact: the words that name it and the sentence that states it."""

    id: str
    a: str
    b: str
    x: str
    y: str
    unit: str
    figure: str
    phrasings: tuple[str, ...]

    @property
    def question(self) -> str:
        """The canonical question (the button label)."""
        return f"What was the {self.a} {self.b}?"

    @property
    def answer(self) -> str:
        """The short answer; its figure is in the quote."""
        return f"The {self.a} {self.b} came to {self.figure} {self.unit}."

    @property
    def sentence(self) -> str:
        """The seed sentence quoted as evidence, verbatim."""
        said = f"the {self.x} {self.y} said"
        return f"The {self.a} {self.b} came to {self.figure} {self.unit}, {said}."


@dataclass(frozen=True)
class SyntheticStore:
    """A generated store on disk, with what the question generator needs."""

    root: Path
    facts: tuple[SyntheticFact, ...]
    vocabulary: tuple[str, ...]
    outside: tuple[str, ...]

    @property
    def phrasings(self) -> int:
        """Phrasings in the store, canonical questions included."""
        return sum(len(f.phrasings) + 1 for f in self.facts)


@functools.cache
def _english() -> Analyser:
    """The real store's English reader: how the synthetic words will be read."""
    return load_store(DEFAULT_ROOT).analyser("en")


def tokens(text: str) -> list[str]:
    """Words of the text as the English reader makes them."""
    return _english().tokeniser.tokens(text)


def _reserved_words() -> set[str]:
    """Every word of the real language files and of the templates: kept out of the vocabulary."""
    raw = []
    for folder in (LANGUAGES, VOCABULARY):
        with (DEFAULT_ROOT / folder / "en.toml").open("rb") as handle:
            raw.append(tomllib.load(handle))

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from strings(item)

    words = {w for text in strings(raw) for w in tokens(text)}
    # ... and the words of the frames and of the answer and quote sentences
    templates = (*FRAMES, *NEW_FRAMES, "came to", "said")
    return words | {w for text in templates for w in tokens(text)}


def word_lists(seed: int = SEED) -> tuple[list[str], list[str]]:
    """The store's vocabulary and a disjoint list of outside words, both plausible English."""
    banned = _reserved_words()
    spelling = _english().language.spelling
    stem = _english().stemmer.stem
    pool = sorted(
        w
        for w in common_words(spelling.word_list, spelling.min_count)
        if w.isascii() and w.isalpha() and 4 <= len(w) <= 10 and w not in banned
        if tokens(w) == [w]
    )
    rng = random.Random(seed)
    vocabulary = rng.sample(pool, VOCABULARY_SIZE)
    # an outside word must not reach the store through a shared stem ("hinder", "hindering")
    stems = {stem(w) for w in vocabulary}
    rest = [w for w in pool if stem(w) not in stems]
    return vocabulary, rng.sample(rest, OUTSIDE_SIZE)


def make_facts(count: int, vocabulary: list[str], seed: int = SEED) -> list[SyntheticFact]:
    """count facts, each named by a distinct pair of vocabulary words."""
    rng = random.Random(seed)
    pairs: set[frozenset[str]] = set()
    facts: list[SyntheticFact] = []
    while len(facts) < count:
        a, b, x, y, unit = rng.sample(vocabulary, 5)
        if frozenset((a, b)) in pairs:
            continue
        pairs.add(frozenset((a, b)))
        frames = rng.sample(FRAMES, PHRASINGS_PER_FACT)
        phrasings = tuple(f.format(a=a, b=b, x=x, y=y, u=unit) for f in frames)
        figure = f"{rng.randint(2, 999_999):,}"
        facts.append(
            SyntheticFact(f"fact-{len(facts) + 1:05d}", a, b, x, y, unit, figure, phrasings)
        )
    return facts


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def _write_facts(folder: Path, facts: list[SyntheticFact]) -> None:
    folder.mkdir(parents=True)
    for start in range(0, len(facts), FACTS_PER_FILE):
        chunk = facts[start : start + FACTS_PER_FILE]
        number = start // FACTS_PER_FILE + 1
        lines = [f'topic = "Topic {number}"', ""]
        for index, fact in enumerate(chunk):
            related = [chunk[(index + k) % len(chunk)].id for k in (1, 2) if len(chunk) > k]
            article = f"report-{(start + index) // FACTS_PER_ARTICLE + 1:03d}"
            quote = json.dumps(fact.sentence)
            lines += [
                "[[facts]]",
                f'id = "{fact.id}"',
                f"question = {json.dumps(fact.question)}",
                f"answer = {json.dumps(fact.answer)}",
                f"phrasings = {_toml_list(list(fact.phrasings))}",
                f'evidence = [{{ source = "{article}", quote = {quote} }}]',
                f"related = {_toml_list(related)}",
                "",
            ]
        (folder / f"topic-{number:03d}.toml").write_text("\n".join(lines), encoding="utf-8")


def _write_articles(root: Path, facts: list[SyntheticFact]) -> None:
    (root / "seeds").mkdir(parents=True)
    entries: list[str] = []
    for start in range(0, len(facts), FACTS_PER_ARTICLE):
        number = start // FACTS_PER_ARTICLE + 1
        sentences = [f.sentence for f in facts[start : start + FACTS_PER_ARTICLE]]
        paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
        seed = f"report-{number:03d}.txt"
        body = f"Synthetic report {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        (root / "seeds" / seed).write_text(body, encoding="utf-8")
        entries += [
            "[[sources]]",
            f'id = "report-{number:03d}"',
            f'seed = "{seed}"',
            f'title = "Synthetic report {number}"',
            'publisher = "Benchmark Press"',
            f"date = 2024-01-{number % 28 + 1:02d}",
            "",
        ]
    (root / "knowledge" / "sources.toml").write_text("\n".join(entries), encoding="utf-8")


def generate(root: Path, count: int, seed: int = SEED) -> SyntheticStore:
    """Write a valid store of count facts under root (which must not exist yet)."""
    vocabulary, outside = word_lists(seed)
    facts = make_facts(count, vocabulary, seed)
    (root / "knowledge").mkdir(parents=True)
    for folder in (LANGUAGES, VOCABULARY):
        shutil.copytree(DEFAULT_ROOT / folder, root / folder)
    _write_articles(root, facts)
    _write_facts(root / "knowledge" / "facts", facts)
    featured = _toml_list([f.id for f in facts[:4]])
    (root / "knowledge" / "featured.toml").write_text(f"featured = {featured}\n", encoding="utf-8")
    return SyntheticStore(root, tuple(facts), tuple(vocabulary), tuple(outside))


def _typo(word: str, rng: random.Random) -> str:
    """One typing slip inside the word (never its first letter): swap, drop or double."""
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]


def _paraphrase(fact: SyntheticFact, store: SyntheticStore, rng: random.Random) -> str:
    """A question a person might type for this fact, which no phrasing spells out."""
    words = rng.choice(fact.phrasings).split()
    kind = rng.choice(("drop", "replace", "typo", "frame"))
    others = [i for i, w in enumerate(words) if w not in (fact.a, fact.b)]
    if kind == "drop" and len(words) > 2 and others:
        del words[rng.choice(others)]
    elif kind == "replace" and others:
        words[rng.choice(others)] = rng.choice(SWAPS)
    elif kind == "typo":
        long = [i for i, w in enumerate(words) if w in (fact.a, fact.b) and len(w) >= 6]
        if long:
            at = rng.choice(long)
            words[at] = _typo(words[at], rng)
    else:
        return rng.choice(NEW_FRAMES).format(a=fact.a, b=fact.b)
    return " ".join(words)


def questions(store: SyntheticStore, count: int, seed: int = SEED) -> list[tuple[str, str]]:
    """(expected fact id or "abstain", question): paraphrases plus out-of-vocabulary ones."""
    rng = random.Random(seed + 1)
    out: list[tuple[str, str]] = []
    for _ in range(count):
        if rng.random() < OUT_OF_SCOPE_SHARE:
            o, p, q = rng.sample(store.outside, 3)
            frame = rng.choice(OUT_OF_SCOPE_FRAMES)
            a = rng.choice(store.facts).a
            out.append(("abstain", frame.format(o=o, p=p, q=q, a=a)))
        else:
            fact = rng.choice(store.facts)
            out.append((fact.id, _paraphrase(fact, store, rng)))
    return out
