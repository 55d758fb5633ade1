"""Which seed sentences no fact quotes: the curators' to-do list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.models import FactStore
from knowledge.store import squash

# A sentence ends at . ! or ? followed by a space and a capital or a quote, or at a line break;
# "Aug. 23" and "U.S. dollars" do not end one because a digit or lower-case word follows.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])|\n+")
_ABBREVIATIONS = ("Aug.", "U.S.", "Jan.", "Feb.", "Sept.", "Oct.", "Nov.", "Dec.")
_SPECIFIC = re.compile(r"\d|\b(?!The\b|A\b|An\b|It\b)[A-Z][a-z]+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a seed and whether a fact quotes it (or it is excluded on purpose)."""

    source: str
    text: str
    covered: bool
    excluded: bool
    specific: bool  # carries a figure, a date or a name

    @property
    def ok(self) -> bool:
        """Covered, excluded with a reason, or nothing a fact would need."""
        return self.covered or self.excluded or not self.specific


def split_sentences(text: str) -> list[str]:
    """The sentences of a seed, whitespace-normalised."""
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = squash(piece)
        if not piece:
            continue
        if pieces and pieces[-1].endswith(_ABBREVIATIONS):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def _is_specific(sentence: str) -> bool:
    # the first word is capitalised by grammar, not because it is a name
    rest = sentence.split(" ", 1)[1] if " " in sentence else ""
    return bool(re.search(r"\d", sentence) or _SPECIFIC.search(rest))


def sentences(store: FactStore) -> list[Sentence]:
    """Every sentence of every seed, marked covered when a quote overlaps it."""
    quotes: dict[str, list[str]] = {}
    for fact in store.facts:
        for evidence in fact.evidence:
            quotes.setdefault(evidence.source, []).append(squash(evidence.quote))
    excluded = {(e.source, squash(e.sentence)) for e in store.exclusions}
    out: list[Sentence] = []
    for source_id in store.sources:
        text = store.seed_path(source_id).read_text(encoding="utf-8")
        for sentence in split_sentences(text):
            covered = any(q in sentence or sentence in q for q in quotes.get(source_id, []))
            out.append(
                Sentence(source_id, sentence, covered, (source_id, sentence) in excluded,
                         _is_specific(sentence))
            )  # fmt: skip
    return out


def format_coverage(items: list[Sentence]) -> str:
    """The uncovered sentences and the share covered, as `python -m knowledge coverage` prints."""
    lines: list[str] = []
    for item in items:
        if item.covered:
            continue
        if item.excluded:
            mark = "excluded"
        elif item.specific:
            mark = "MISSING "
        else:
            mark = "no facts"
        lines.append(f"{mark}  [{item.source}] {item.text}")
    covered = sum(i.covered for i in items)
    missing = sum(not i.ok for i in items)
    lines.append(
        f"{covered}/{len(items)} sentences quoted by a fact ({covered / max(len(items), 1):.0%}); "
        f"{missing} sentence(s) with a figure, a date or a name are not covered"
    )
    return "\n".join(lines)
