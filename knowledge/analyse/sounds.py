"""How characters sound: a slip of the input method swaps a character for one that sounds alike."""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from pathlib import Path

# Hangul syllables: 19 initials x 21 medials x 28 finals from U+AC00
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


@functools.cache  # read once: pypinyin's table of every character's readings, kept as text
def _pinyin_table() -> str:
    """pypinyin's readings file, read as text (not imported: the package loads 50 MB of
    phrases); one '"code": "reading,reading"' line per character."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        return ""
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@functools.lru_cache(maxsize=20_000)  # the characters of the store and its questions
def readings(char: str) -> frozenset[str]:
    """The character's pinyin readings without tones: 搏 -> {"bo"}; none for a non-Han one."""
    found = re.search(rf'"{ord(char)}": "([^"]*)"', _pinyin_table())
    if found is None:
        return frozenset()
    plain = unicodedata.normalize("NFD", found.group(1))
    return frozenset("".join(c for c in plain if not unicodedata.combining(c)).split(","))


def _jamo(char: str) -> tuple[int, int, int] | None:
    """A Hangul syllable's initial, medial and final: 기 -> (0, 20, 0)."""
    code = ord(char)
    if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return None
    index = code - _HANGUL_FIRST
    return index // (21 * 28), index // 28 % 21, index % 28


def alike(typed: str, meant: str, rule: str) -> bool:
    """True when `meant` could be what was typed as `typed`: a homophone in pinyin (搏 for 博,
    锦 for 金), or a Hangul syllable one letter off (긔 for 기)."""
    if rule == "pinyin":
        return not readings(typed).isdisjoint(readings(meant))
    if rule == "hangul":
        a, b = _jamo(typed), _jamo(meant)
        if a is None or b is None:
            return False
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    return True
