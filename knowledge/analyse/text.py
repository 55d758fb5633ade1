"""Text to tokens: Unicode folding, markup, digit grouping and a language's number words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation

from knowledge.analyse.lookups import opencc_converter
from knowledge.language import Language, LanguageFile, NumberWords

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
_ZERO_WIDTH = str.maketrans(
    dict.fromkeys([*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065), 0xFEFF])
)
_ANY_DIGIT = re.compile(r"\d")


_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_SPACE_GROUPED = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")


class Tokeniser:
    """A language's tokens: folded words, with its number words as digits."""

    def __init__(
        self,
        numbers: NumberWords,
        symbols: Mapping[str, str],
        letters: Mapping[str, str] | None = None,
        convert: str = "",
    ) -> None:
        self._numbers = numbers
        self.multipliers = numbers.multipliers
        # letters read as others (Russian yo as ye), and Traditional folded to Simplified
        self._letters = str.maketrans(dict(letters or {}))
        self._convert = opencc_converter(convert) if convert else None
        # a store word as the language writes it, for replies that quote one: Simplified
        # folded back to Traditional (a reply in zh-Hant says 閉幕, not the folded 闭幕)
        self.shown: Callable[[str], str] = opencc_converter("s2t") if convert == "t2s" else str
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
        text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
        if "<" in text:
            text = _TAGS.sub(" ", text)
        text = text.translate(self._symbols).casefold().translate(self._letters)
        return self._convert(text) if self._convert is not None else text

    def digits(self, text: str) -> str:
        """Folded text with digit grouping removed, '20k' expanded and ordinals as '14th'."""
        text = self.fold(text)
        if not _ANY_DIGIT.search(text):  # most texts: none of the digit rules can apply
            return text
        if self._numbers.decimal_comma:  # "84,475 млрд", "20 000"
            text = _DECIMAL_COMMA.sub(".", _SPACE_GROUPED.sub("", text))
        text = _GROUPED.sub(lambda m: m.group(1).replace(",", ""), text)
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
    """The figures among tokens, each with the scale words after it: "84.475 billion" and
    "1.97 万 亿" in full."""
    found: list[Decimal] = []
    last_scale, last_end = Decimal(0), -1
    for i, token in enumerate(tokens):
        if not _NUMBER.fullmatch(token):
            continue
        value, scale, j = Decimal(token), Decimal(1), i + 1
        while j < len(tokens) and tokens[j] in multipliers:
            scale, j = scale * Decimal(multipliers[tokens[j]]), j + 1
        if i == last_end and found and scale < last_scale:  # 844億7500万 is one figure
            found[-1] = (found[-1] + value * scale).normalize()
        else:
            found.append((value * scale).normalize())
        last_scale, last_end = scale, j
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


# Runs of the scripts written without spaces between words (Han, kana, Hangul).
_CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_PIECES = re.compile(rf"\d+(?:\.\d+)?|[{_CJK}]+|[^\W\d_]+")


class CjkTokeniser(Tokeniser):
    """Chinese, Japanese and Korean: runs of letters (no word splitting), numerals as digits."""

    def __init__(
        self,
        numbers: NumberWords,
        symbols: Mapping[str, str],
        letters: Mapping[str, str] | None = None,
        convert: str = "",
    ) -> None:
        if convert:  # the number words are read after folding, so fold them too
            fold = opencc_converter(convert)
            numbers = numbers.model_copy(update={
                "units": {fold(k): v for k, v in numbers.units.items()},
                "multipliers": {fold(k): v for k, v in numbers.multipliers.items()},
                "counters": tuple(fold(c) for c in numbers.counters),
                "not_after": tuple(fold(c) for c in numbers.not_after),
            })  # fmt: skip
        super().__init__(numbers, symbols, letters, convert)
        units, scale = numbers.units, numbers.multipliers
        chars = "".join(re.escape(c) for c in (*units, *scale) if len(c) == 1)
        counters = "".join(re.escape(c) for c in numbers.counters)
        after = "".join(f"(?<!{re.escape(word)})" for word in numbers.not_after)
        lone = f"{after}[{chars}](?=[{counters}])" if counters else "(?!)"
        # a numeral is a run with a scale character (十四, 两万) or a lone one before a counter
        marks = "".join(re.escape(c) for c in scale if len(c) == 1)
        self._numeral = (
            re.compile(rf"(?<![\d.])(?:[{chars}]*[{marks}][{chars}]*|{lone})")
            if chars and marks else None
        )  # fmt: skip
        # a scale character right after digits is a token of its own: 844.75亿 -> 844.75 亿
        self._after_digits = re.compile(rf"(?<=\d)([{marks}]+)") if marks else None

    def tokens(self, text: str) -> list[str]:
        """Digits, Latin words, scale characters after digits, and runs of the other letters."""
        text = self.digits(text)
        if self._numeral is not None:
            text = self._numeral.sub(lambda m: self._value(m.group()), text)
        if self._after_digits is not None:
            text = self._after_digits.sub(lambda m: f" {' '.join(m.group(1))} ", text)
        return _PIECES.findall(text)

    def _value(self, run: str) -> str:
        """九十九 -> 99, 两万 -> 20000, 一千零六 -> 1006; a run that reads as no number, kept."""
        units, scale = self._numbers.units, self._numbers.multipliers
        if len(run) < 2 and run not in units:  # 十 or 万 alone: a word, not a figure
            return run
        total, section, number = 0, 0, 0
        for char in run:
            if char in units:
                number = units[char]
                continue
            factor = int(scale[char])
            if factor >= 10_000:
                total += (section + number) * factor
                section = 0
            else:
                section += (number or 1) * factor
            number = 0
        return f" {total + section + number} "


def make_tokeniser(language: Language | LanguageFile) -> Tokeniser:
    """The tokeniser the language's analyser kind calls for."""
    kind = CjkTokeniser if language.analyser == "cjk" else Tokeniser
    return kind(language.numbers, language.symbols, language.fold_letters, language.convert)
