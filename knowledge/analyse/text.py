"""Text to tokens: Unicode folding, markup, digit grouping and a language's number words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from knowledge.language import NumberWords

# Questions longer than this are cut before matching: nobody asks a fact in 300 characters,
# and the fuzzy scorers' cost grows with length.
MAX_QUESTION_CHARS = 300
# Raw text kept at most before folding: a 4,096-character message costs no more than this.
MAX_RAW_CHARS = MAX_QUESTION_CHARS * 4

_GROUPED = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+)(?![\d])")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NON_WORD = re.compile(r"[^\w.]+|(?<!\d)\.|\.(?!\d)|_")
# Markup pasted or typed around a question ("<b>deals</b>") is not part of it.
_TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]{0,20}(?:\s[^<>]{0,200})?/?>")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def alternation(
    phrases: Iterable[str], edge: str = r"\b", end: str = r"\b"
) -> re.Pattern[str] | None:
    """One regex matching any of the phrases as whole words, the longest first."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(edge + "(?:" + "|".join(map(re.escape, ordered)) + ")" + end)


class Tokeniser:
    """A language's tokens: folded words, with its number words as digits."""

    def __init__(self, numbers: NumberWords, symbols: Mapping[str, str]) -> None:
        self._numbers = numbers
        # signs would be lost with the punctuation; as words they can match and narrow
        self._symbols = str.maketrans({sign: f" {word} " for sign, word in symbols.items()})
        self._scales = {w: n for w, n in ((numbers.hundred, 100), (numbers.thousand, 1000)) if w}
        self._joiners = frozenset(numbers.joiners)
        self._number_words = set(numbers.units) | set(self._scales) | self._joiners
        suffix = re.escape(numbers.thousands_suffix)
        self._thousands = re.compile(rf"\b(\d+(?:\.\d+)?){suffix}\b") if suffix else None
        suffixes = "|".join(map(re.escape, sorted(numbers.scale_suffixes, key=len, reverse=True)))
        self._scale_suffix = re.compile(rf"\b(\d+(?:\.\d+)?)({suffixes})\b") if suffixes else None
        endings = "|".join(map(re.escape, numbers.ordinal_endings))
        self._ordinal_digits = re.compile(rf"\b(\d+)(?:{endings})\b") if endings else None
        self._mark = numbers.ordinal_mark

    def fold(self, text: str) -> str:
        """Unicode NFKC (full-width forms to ASCII), case-folded, zero-width marks removed."""
        text = unicodedata.normalize("NFKC", text)
        text = _TAGS.sub(" ", _ZERO_WIDTH.sub("", text))
        return text.translate(self._symbols).casefold()

    def digits(self, text: str) -> str:
        """Folded text with digit grouping removed, '20k' expanded and ordinals as '14th'."""
        text = _GROUPED.sub(lambda m: m.group(1).replace(",", ""), self.fold(text))
        if self._thousands is not None:
            text = self._thousands.sub(lambda m: _scale(m.group(1), 1000), text)
        if self._scale_suffix is not None:
            words = self._numbers.scale_suffixes
            text = self._scale_suffix.sub(lambda m: f"{m.group(1)} {words[m.group(2)]}", text)
        if self._ordinal_digits is not None:
            text = self._ordinal_digits.sub(rf"\1{self._mark}", text)
        return text

    def tokens(self, text: str) -> list[str]:
        """Words of the folded text, with numbers as digits ('twenty thousand' -> '20000')."""
        return self._replace_number_words([t for t in _NON_WORD.split(self.digits(text)) if t])

    def numbers(self, text: str) -> set[Decimal]:
        """Every number the text states, in digits or words ('four' = 4, '20,000' = 20000)."""
        return numbers_of(self.tokens(text))

    def _words_to_number(self, words: list[str]) -> int | None:
        """Parse 'twenty thousand' or 'one hundred and five'; None when they are no number."""
        units, scales = self._numbers.units, self._scales
        total, current, seen = 0, 0, False
        for word in words:
            if word in units:
                current += units[word]
                seen = True
            elif scales.get(word) == 100:
                current = max(current, 1) * 100
                seen = True
            elif scales.get(word) == 1000:
                total += max(current, 1) * 1000
                current = 0
                seen = True
            elif word not in self._joiners:
                return None
        return total + current if seen else None

    def _replace_number_words(self, tokens: list[str]) -> list[str]:
        """Turn runs of number words into digits and ordinal words into '14th' form."""
        ordinals, units = self._numbers.ordinals, self._numbers.units
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token in ordinals:
                out.append(f"{ordinals[token]}{self._mark}")
                i += 1
                continue
            if token in units or token in self._scales:
                j = i
                while j < len(tokens) and tokens[j] in self._number_words:
                    j += 1
                # a trailing joiner ("a", "and") belongs to the sentence, not the number
                while j > i + 1 and tokens[j - 1] in self._joiners:
                    j -= 1
                value = self._words_to_number(tokens[i:j])
                if value is not None:
                    out.append(str(value))
                    i = j
                    continue
            out.append(token)
            i += 1
        return out


def quantities(tokens: list[str], multipliers: Mapping[str, Decimal]) -> list[Decimal]:
    """The figures among tokens, each with the scale word after it: "84.475 billion" in full."""
    found: list[Decimal] = []
    for i, token in enumerate(tokens):
        if _NUMBER.fullmatch(token):
            scale = multipliers.get(tokens[i + 1], Decimal(1)) if i + 1 < len(tokens) else 1
            found.append(Decimal(token) * scale)
    return found


def numbers_of(tokens: Iterable[str]) -> set[Decimal]:
    """Every number among already made tokens (see Tokeniser.tokens)."""
    found: set[Decimal] = set()
    for token in tokens:
        for match in _NUMBER.findall(token):
            try:
                found.add(Decimal(match).normalize())
            except InvalidOperation:  # pragma: no cover - the regex admits only decimals
                continue
    return found


def _scale(number: str, factor: int) -> str:
    value = Decimal(number) * factor
    return format(value.normalize(), "f")
