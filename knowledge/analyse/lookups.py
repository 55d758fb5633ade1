"""Lookups built once per process: phrase alternations as regexes, OpenCC converters."""

from __future__ import annotations

import functools
import json
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def alternation(
    phrases: Iterable[str], edge: str = r"\b", end: str = r"\b"
) -> re.Pattern[str] | None:
    """One regex matching any of the phrases as whole words, the longest first."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]  # nested to any depth
    for phrase in {p for p in phrases if p}:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here
    if not trie:
        return None
    # as a trie: hundreds of stop phrases compile in a fraction of the time a flat alternation
    # takes, and match the same, the longest first (a longer ending is tried before none)
    return re.compile(edge + "(?:" + _branches(trie) + ")" + end)


def _branches(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    """The regex of a trie node: its continuations, optional where a phrase ends there."""
    tails = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not tails:
        return ""
    body = tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(tails) > 1 or len(tails[0]) > 1 else f"{body}?"


# s2t's phrase dictionaries cost some 27 MB resident, yet what the store asks of s2t (is a
# character Simplified-only? a country or sector shown in Traditional) needs its character
# dictionary alone; OpenCC reads a configuration only from a file, naming dictionaries by path
_CHARACTERS_ONLY = {"s2t": "STCharacters.ocd2"}


@functools.cache  # one converter per configuration for the process: bounded by the languages
def opencc_converter(config: str) -> Callable[[str], str]:
    """OpenCC's converter for a configuration ("t2s": Traditional to Simplified)."""
    import opencc  # only the languages that fold scripts need it

    dictionary = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    dictionary /= _CHARACTERS_ONLY.get(config, "-")
    if not dictionary.is_file():  # another packaging of OpenCC: its full configuration
        converter: Callable[[str], str] = opencc.OpenCC(config).convert
        return converter
    chain = {"name": f"{config}, characters", "conversion_chain": [
        {"dict": {"type": "ocd2", "file": str(dictionary)}}]}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:  # read once, when the converter is built
        path = Path(folder) / f"{config}.json"
        path.write_text(json.dumps(chain), encoding="utf-8")
        converter = opencc.OpenCC(str(path)).convert
    return converter
