"""The store checked against itself: phrasings the engine sends elsewhere, and overlapping ones."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.answer import Kind
from knowledge.answerer import Answerer

# Phrasings of two facts this similar after normalisation (rapidfuzz token_sort_ratio) ask the
# same thing in other words: one of them is probably in the wrong fact.
OVERLAP_AT = 90.0


@dataclass(frozen=True)
class Overlap:
    """Two facts with near-identical phrasings: the closest pair, and how many pairs there are."""

    first: str  # fact id
    second: str  # fact id
    first_phrasing: str
    second_phrasing: str
    first_read: str  # the phrasing as the engine reads it (normalised)
    second_read: str
    score: float
    pairs: int
    counterparts: bool  # the same question at two scopes: scope words may tell them apart

    def __str__(self) -> str:
        more = f" and {self.pairs - 1} more pair(s)" if self.pairs > 1 else ""
        hint = (
            "counterparts, told apart only by scope words; check both answer as meant"
            if self.counterparts
            else "reword one, or move it to the fact it asks for"
        )
        return (
            f"facts {self.first!r} and {self.second!r} overlap: {self.first_phrasing!r} ~ "
            f"{self.second_phrasing!r} (read as {self.first_read!r} and {self.second_read!r}, "
            f"{self.score:.0f}% alike){more}; {hint}"
        )


def self_consistency(answerer: Answerer) -> tuple[list[str], list[str]]:
    """Phrasings answered with another fact (errors) and ones only clarified (warnings), in
    English and in every translation."""
    errors: list[str] = []
    warnings: list[str] = []
    asked = [("en", f.id, p) for f in answerer.store.facts for p in f.questions]
    asked += [
        (code, fact_id, p)
        for code, texts in answerer.store.translations.items()
        for fact_id, text in texts.items()
        for p in (text.question, *text.phrasings)
    ]
    for code, fact_id, phrasing in asked:
        answer = answerer.answer(phrasing, language=code)
        if answer.kind is Kind.ANSWER and answer.facts[0] == fact_id:
            continue
        where = f"fact {fact_id!r}: phrasing {phrasing!r}" + (f" ({code})" if code != "en" else "")
        if answer.kind is Kind.ANSWER:
            errors.append(f"{where} is answered with {answer.facts[0]!r}; reword it or add a "
                          "distinguishing phrasing")  # fmt: skip
        elif answer.kind is Kind.CLARIFY:
            others = ", ".join(f for f in answer.facts if f != fact_id)
            warnings.append(f"{where} cannot be told apart from {others}")
        else:
            warnings.append(f"{where} gets an abstain")
    return errors, warnings


def overlapping_phrasings(answerer: Answerer) -> list[Overlap]:
    """Pairs of facts with phrasings at least OVERLAP_AT alike, in the store's fact order."""
    owners: list[str] = []
    originals: list[str] = []
    normalised: list[str] = []
    for fact in answerer.store.facts:
        for phrasing in dict.fromkeys(fact.questions):
            key = answerer.analyser.phrasing(phrasing)[0]
            if key:
                owners.append(fact.id)
                originals.append(phrasing)
                normalised.append(key)
    found: dict[tuple[int, int], list[tuple[float, int, int]]] = {}
    order = {fact.id: n for n, fact in enumerate(answerer.store.facts)}
    for i, key in enumerate(normalised):
        for _, score, j in process.extract(
            key, normalised, scorer=fuzz.token_sort_ratio, score_cutoff=OVERLAP_AT, limit=None
        ):
            if j > i and owners[j] != owners[i]:
                a, b = sorted((i, j), key=lambda n: order[owners[n]])
                found.setdefault((order[owners[a]], order[owners[b]]), []).append((score, a, b))
    overlaps = []
    for pairs in (found[k] for k in sorted(found)):
        score, a, b = max(pairs, key=lambda p: p[0])
        first = answerer.store.fact(owners[a])
        overlaps.append(
            Overlap(owners[a], owners[b], originals[a], originals[b], normalised[a],
                    normalised[b], score, len(pairs), first.counterpart == owners[b])
        )  # fmt: skip
    return overlaps
