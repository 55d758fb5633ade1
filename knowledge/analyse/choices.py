"""Choices written without spaces: 吉林还是辽宁, 吉林省か遼寧省か, 지린성이야 랴오닝성이야."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

LONGEST_OPTION = 6  # characters of a run read as one option at most: 黑龙江省


def option(segment: str, tail: bool, named: Callable[[str], bool]) -> str | None:
    """The option at one side of a choice, as typed: the longest run of characters at the
    segment's end (`tail`) or start that `named` takes for a store word ("东北亚博览会办在吉林":
    吉林)."""
    # a particle may stand between the option and the choice: 吉林的还是辽宁的
    for part in (segment, segment[:-1]) if tail else (segment, segment[1:]):
        for size in range(min(LONGEST_OPTION, len(part)), 1, -1):
            found = part[-size:] if tail else part[:size]
            if named(found):
                return found
    return None


def choices(
    runs: Iterable[str],
    words: Iterable[str],
    endings: Iterable[str],
    named: Callable[[str], bool],
) -> tuple[str, ...]:
    """The two options of a choice inside runs of letters: either side of a choice word
    (还是), between a one-character one written after each (吉林省か遼寧省か), or two runs
    ending alike (지린성이야 랴오닝성이야); () for no choice."""
    runs = list(runs)
    for run, word in itertools.product(runs, sorted(words, key=len, reverse=True)):
        if len(word) > 1 and word in run:
            left, right = run.split(word, 1)
        elif len(word) == 1 and run.endswith(word) and run.count(word) == 2:
            left, right = run[:-1].split(word, 1)
        else:
            continue
        pair = option(left, True, named), option(right, False, named)
        if pair[0] and pair[1]:
            return (pair[0], pair[1])
    for first, second in itertools.pairwise(runs):
        for end in endings:
            if first.endswith(end) and second.endswith(end):
                pair = (option(first[: -len(end)], True, named),
                        option(second[: -len(end)], True, named))  # fmt: skip
                if pair[0] and pair[1] and pair[0] != pair[1]:
                    return (pair[0], pair[1])
    return ()
