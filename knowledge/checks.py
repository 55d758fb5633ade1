"""The rules across facts: unique ids and phrasings, known references, quotes and figures."""

from __future__ import annotations

import re
from typing import Any

from knowledge.analyse import Analyser
from knowledge.models import Fact, Scope, Source
from knowledge.problems import Problem

_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace runs folded to one space, so quotes survive line wrapping."""
    return _SPACES.sub(" ", text).strip()


def check_facts(
    facts: list[tuple[str, Fact]],
    sources: dict[str, Source],
    seeds: dict[str, str],
    analyser: Analyser,
    problems: list[Problem],
) -> None:
    """Cross-fact rules: unique ids and phrasings, known references, verbatim quotes, figures."""
    numbers = analyser.tokeniser.numbers
    ids: dict[str, str] = {}
    for file, fact in facts:
        if fact.id in ids:
            problems.append(
                Problem(file, fact.id, "id", f"duplicate id (also in {ids[fact.id]}); rename one")
            )
        ids.setdefault(fact.id, file)
    owner: dict[str, str] = {}
    for file, fact in facts:
        _check_references(file, fact, ids, facts, problems)
        seen_here: set[str] = set()
        for phrasing in fact.questions:
            key = analyser.phrasing(phrasing)[0]
            if not key:
                problems.append(
                    Problem(file, fact.id, "phrasings",
                            f"{phrasing!r} has only stop words; add the words that matter")
                )  # fmt: skip
                continue
            if key in seen_here:
                continue
            seen_here.add(key)
            other = owner.setdefault(key, fact.id)
            if other != fact.id:
                problems.append(
                    Problem(
                        file,
                        fact.id,
                        "phrasings",
                        f"{phrasing!r} is also a phrasing of {other!r}; keep it in one fact",
                    )
                )
        quoted: set[Any] = set()
        for n, evidence in enumerate(fact.evidence):
            field = f"evidence[{n}]"
            if evidence.source not in sources:
                known = ", ".join(sorted(sources)) or "none"
                problems.append(
                    Problem(file, fact.id, f"{field}.source",
                            f"unknown source {evidence.source!r}; known: {known}")
                )  # fmt: skip
                continue
            if squash(evidence.quote) not in seeds.get(evidence.source, ""):
                problems.append(
                    Problem(file, fact.id, f"{field}.quote",
                            f"not found verbatim in seeds/{sources[evidence.source].seed}; "
                            "copy the sentence exactly from the article")
                )  # fmt: skip
            quoted |= numbers(evidence.quote)
        missing = sorted(numbers(fact.answer) - quoted)
        if missing:
            shown = ", ".join(format(m, "f") for m in missing)
            problems.append(
                Problem(file, fact.id, "answer",
                        f"states {shown}, which none of its quotes contains; "
                        "fix the figure or quote the sentence that gives it")
            )  # fmt: skip


def _check_references(
    file: str,
    fact: Fact,
    ids: dict[str, str],
    facts: list[tuple[str, Fact]],
    problems: list[Problem],
) -> None:
    for related in fact.related:
        if related not in ids:
            problems.append(
                Problem(file, fact.id, "related", f"unknown fact id {related!r}; fix or remove it")
            )
    if fact.counterpart is None:
        return
    if fact.counterpart not in ids:
        problems.append(
            Problem(file, fact.id, "counterpart",
                    f"unknown fact id {fact.counterpart!r}; fix or remove it")
        )  # fmt: skip
        return
    other = next(f for _, f in facts if f.id == fact.counterpart)
    if other.scope == fact.scope or Scope.GENERAL in (fact.scope, other.scope):
        problems.append(
            Problem(file, fact.id, "counterpart",
                    f"{other.id!r} must have the other scope (edition / since-2005)")
        )  # fmt: skip
