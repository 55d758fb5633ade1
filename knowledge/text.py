"""Text normalisation shared by phrasings, questions and the store's number checks."""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# Spelling correction: only words longer than this; up to two typing slips (edits or swaps)
# in words longer than SPELL_SHORT_WORD, one in shorter ones.
SPELL_MIN_LENGTH = 3
SPELL_SHORT_WORD = 5
# A word this frequent in English is a word, not a typo: "president" is not "present".
ENGLISH_MIN_COUNT = 100
# Questions longer than this are cut before matching: nobody asks a fact in 300 characters,
# and the fuzzy scorers' cost grows with length.
MAX_QUESTION_CHARS = 300

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
# Million, billion and trillion stay words: the articles write "84.475 billion yuan", and a
# question "84 billion" must keep the word to match it.
_NUMBER_WORDS = set(_UNITS) | set(_SCALES) | {"a", "and"}

_GROUPED = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+)(?![\d])")
_THOUSANDS_K = re.compile(r"\b(\d+(?:\.\d+)?)k\b")
_ORDINAL_DIGITS = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NON_WORD = re.compile(r"[^\w.]+|(?<!\d)\.|\.(?!\d)|_")
# Markup pasted or typed around a question ("<b>deals</b>") is not part of it.
_TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]{0,20}(?:\s[^<>]{0,200})?/?>")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Currency signs would be lost with the punctuation; as words they can match and narrow.
_SYMBOLS = str.maketrans({"$": " dollar ", "€": " euro ", "¥": " yuan ", "£": " pound "})


@functools.cache
def english_words() -> frozenset[str]:
    """Common English words (pyspellchecker's frequency list): never corrected into ours."""
    resource = importlib.resources.files("spellchecker") / "resources" / "en.json.gz"
    counts: dict[str, int] = json.loads(gzip.decompress(resource.read_bytes()))
    return frozenset(word for word, count in counts.items() if count >= ENGLISH_MIN_COUNT)


def fold(text: str) -> str:
    """Unicode NFKC (full-width forms to ASCII), case-folded, zero-width marks removed."""
    text = unicodedata.normalize("NFKC", text[: MAX_QUESTION_CHARS * 4])
    text = _TAGS.sub(" ", _ZERO_WIDTH.sub("", text))
    return text.translate(_SYMBOLS).casefold()


def _words_to_number(words: list[str]) -> int | None:
    """Parse 'twenty thousand' or 'one hundred and five'; None when the words are no number."""
    total, current, seen = 0, 0, False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
            seen = True
        elif word not in {"and", "a"}:
            return None
    return total + current if seen else None


def _replace_number_words(tokens: list[str]) -> list[str]:
    """Turn runs of number words into digits and ordinal words into '14th' form."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _ORDINALS:
            out.append(f"{_ORDINALS[token]}th")
            i += 1
            continue
        if token in _UNITS or token in _SCALES:
            j = i
            while j < len(tokens) and tokens[j] in _NUMBER_WORDS:
                j += 1
            # a trailing "a"/"and" belongs to the sentence, not the number
            while j > i + 1 and tokens[j - 1] in {"a", "and"}:
                j -= 1
            value = _words_to_number(tokens[i:j])
            if value is not None:
                out.append(str(value))
                i = j
                continue
        out.append(token)
        i += 1
    return out


def digits(text: str) -> str:
    """Folded text with digit grouping removed, '20k' expanded and ordinals as '14th'."""
    text = _GROUPED.sub(lambda m: m.group(1).replace(",", ""), fold(text))
    text = _THOUSANDS_K.sub(lambda m: _scale(m.group(1), 1000), text)
    return _ORDINAL_DIGITS.sub(r"\1th", text)


def _scale(number: str, factor: int) -> str:
    value = Decimal(number) * factor
    return format(value.normalize(), "f")


def tokens(text: str) -> list[str]:
    """Words of the folded text, with numbers as digits ('twenty thousand' -> '20000')."""
    return _replace_number_words([t for t in _NON_WORD.split(digits(text)) if t])


def numbers(text: str) -> set[Decimal]:
    """Every number the text states, in digits or words ('four' = 4, '20,000' = 20000)."""
    found: set[Decimal] = set()
    for token in tokens(text):
        for match in _NUMBER.findall(token):
            try:
                found.add(Decimal(match).normalize())
            except InvalidOperation:  # pragma: no cover - the regex admits only decimals
                continue
    return found


def alternation(
    phrases: Iterable[str], edge: str = r"\b", end: str = r"\b"
) -> re.Pattern[str] | None:
    """One regex matching any of the phrases as whole words, the longest first."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(edge + "(?:" + "|".join(map(re.escape, ordered)) + ")" + end)


class Normaliser:
    """One normaliser for phrasings and questions: tokens, spelling, synonyms, stop words."""

    def __init__(self, synonyms: Mapping[str, str], stop_words: Iterable[str]) -> None:
        self._single = {k: v for k, v in synonyms.items() if " " not in k}
        # multi-word synonyms ("number of") are replaced before single words, longest first,
        # in one pass of one regex
        self._multi = {k: v for k, v in synonyms.items() if " " in k}
        self._multi_re = alternation(self._multi, edge=r"(?<= )", end=r"(?= )")
        self._stop = frozenset(stop_words)
        self._lexicon: frozenset[str] = frozenset()
        self._english: frozenset[str] = frozenset()
        self._lexicon_list: list[str] = []

    def learn(self, texts: Iterable[str]) -> None:
        """Spell-correct later questions towards the words of these texts and the synonyms."""
        words = {w for text in texts for w in tokens(text)}
        words |= {w for key in (*self._single, *self._single.values()) for w in key.split()}
        words |= {w for pair in self._multi.items() for w in " ".join(pair).split()}
        # stop words are known but never a correction target: "weather" must not become "whether"
        self._lexicon = frozenset(words | self._stop)
        self._english = english_words()  # consulted only for words the lexicon lacks
        self._lexicon_list = sorted(w for w in words - self._stop if len(w) > SPELL_MIN_LENGTH)

    def _spell(self, word: str) -> str:
        """The lexicon word closest to an unknown word ('compnies' -> 'companies')."""
        if word in self._lexicon or len(word) <= SPELL_MIN_LENGTH or word[0].isdigit():
            return word
        if word in self._english:
            return word
        # one slip in a short word, two in a long one ("invstment"); "weather" is not "where"
        allowed = 1 if len(word) <= SPELL_SHORT_WORD else 2
        candidates = [
            (distance, -fuzz.ratio(word, match), match)
            for match, distance, _index in process.extract(
                word, self._lexicon_list, scorer=OSA.distance, score_cutoff=allowed, limit=5
            )
            # people rarely mistype the first letter; "parking" is not "barking"
            if match[0] == word[0]
        ]
        # fewest slips first; among equals the closer spelling: "wher" is "where", not "when"
        return min(candidates)[2] if candidates else word
        return word

    def words(self, text: str) -> list[str]:
        """The content words of the text, each in the store's vocabulary."""
        return self.words_of(tokens(text[:MAX_QUESTION_CHARS]))

    def words_of(self, raw_tokens: list[str]) -> list[str]:
        """The content words of already tokenised text (see tokens)."""
        raw = [self._spell(w) for w in raw_tokens]
        joined = f" {' '.join(raw)} "
        if self._multi_re is not None:
            joined = self._multi_re.sub(lambda m: self._multi[m.group(0)], joined)
        mapped = (self._single.get(w, w) for w in joined.split())
        return [w for word in mapped for w in word.split() if w not in self._stop]

    def __call__(self, text: str) -> str:
        """The normalised text as one string, ready for a fuzzy scorer."""
        return " ".join(self.words(text))
