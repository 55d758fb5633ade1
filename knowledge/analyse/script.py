"""Which language a question is in, by the scripts it is written in (no model, no data set)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from knowledge.analyse.lookups import opencc_converter
from knowledge.language import Language

# Unicode blocks by script: the few a question to this bot is written in.
_RANGES = (
    ("hangul", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))),
    ("kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    ("han", ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))),
    ("cyrillic", ((0x0400, 0x04FF),)),
)
# Cyrillic letters of languages other than Russian: Mongolian, Ukrainian, Belarusian, Serbian...
OTHER_CYRILLIC = frozenset(
    "\u04e9\u04af\u04ae\u04e8\u0456\u0457\u0454\u0491\u045e\u0452\u0458\u0459\u045a\u045b\u045f\u0453\u045c\u0455"
)


def script_of(char: str) -> str | None:
    """The script of one character: latin, han, kana, hangul, cyrillic; None for the rest."""
    if char.isascii():
        return "latin" if char.isalpha() else None
    code = ord(char)
    for name, ranges in _RANGES:
        if any(low <= code <= high for low, high in ranges):
            return name
    if char.isalpha() and unicodedata.name(char, "").startswith("LATIN"):
        return "latin"
    return None


def scripts(text: str) -> set[str]:
    """Every script the text's letters are written in."""
    return {s for c in text[:300] if (s := script_of(c)) is not None}


def chinese_variant(text: str) -> str | None:
    """zh-Hant when the text has Traditional-only characters, zh-Hans for Simplified-only
    ones, None when every character is written the same in both (投资总额 is Simplified)."""
    to_simplified = opencc_converter("t2s")(text)
    if to_simplified != text:
        return "zh-Hant"
    to_traditional = opencc_converter("s2t")(text)
    return "zh-Hans" if to_traditional != text else None


def _encodes(text: str, codec: str) -> bool:
    """True when every character of the text is in the character set of the codec."""
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def han_languages(han: str) -> tuple[bool, bool]:
    """Whether Han characters can be Chinese, and whether they can be Japanese.

    The national character sets tell: 签约 and 东 are in no Japanese set (cp932, JIS X 0208 with
    its vendor additions), 参加企業数 and 広 in no Chinese one (GB 2312, Big5).
    """
    return _encodes(han, "gb2312") or _encodes(han, "big5"), _encodes(han, "cp932")


def _dominant(text: str) -> set[str]:
    """The scripts that carry the question: "签约项目total多少" is Chinese, "big names? сколько"
    English; Han with kana is Japanese. A Han, kana or Hangul letter counts as a word."""
    counts: dict[str, float] = {}
    for char in text[:300]:
        script = script_of(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + (1 if script in ("latin", "cyrillic") else 4)
    if not counts:
        return set()
    top = max(counts.values())
    kept = {s for s, n in counts.items() if n >= top / 2}
    # kana is written in Japanese only: any of it makes Han characters Japanese (長春の名物)
    if "kana" in counts and "han" in kept:
        kept |= {"kana"}
    return kept | ({"han"} if "kana" in kept and "han" in counts else set())


def candidates(text: str, languages: Mapping[str, Language]) -> list[str]:
    """The languages the question may be in, likeliest first; [] when it is in none we speak.

    Hangul is Korean and kana Japanese; Cyrillic is Russian unless it has letters Russian
    lacks; Han alone is Chinese (Simplified or Traditional, as OpenCC tells) or Japanese, and
    both are tried; Latin is English.
    """
    if text.isascii():  # nearly every English question: no letter to look up
        return [c for c, lang in languages.items() if "latin" in lang.scripts][:1] or ["en"]
    found = _dominant(text)
    speaking = {s: [c for c, lang in languages.items() if s in lang.scripts] for s in found}
    for script in ("hangul", "kana"):
        if script in found:
            return [c for c in speaking[script] if c in languages][:1]
    if "han" in found:
        han = "".join(c for c in text if script_of(c) == "han")
        variant = chinese_variant(han)
        can_be_chinese, can_be_japanese = han_languages(han)
        chinese = [c for c in speaking["han"] if c.startswith("zh")]
        chinese.sort(key=lambda c: c != (variant or "zh-Hans"))
        # characters written alike in both scripts: both are tried, and the better match wins
        chinese = chinese if variant is None else chinese[:1]
        others = [c for c in speaking["han"] if not c.startswith("zh")]
        if can_be_chinese != can_be_japanese:  # one side's character set lacks some of them
            return chinese if can_be_chinese else others
        return [*chinese, *others]
    if "cyrillic" in found:
        if OTHER_CYRILLIC.intersection(text.casefold()):
            return []
        return speaking["cyrillic"][:1]
    return speaking.get("latin", [])[:1] or ([] if found else ["en"])
