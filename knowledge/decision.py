"""A decision, in no language: what to reply, with the thresholds that make it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from knowledge.answer import Kind
from knowledge.check import Verdict
from knowledge.models import Scope

# Thresholds on the blended score (0-100), chosen on the tuning part of the evaluation set.
ANSWER_AT = 70.0  # the best fact must reach this to be stated
MARGIN = 3.0  # ... and lead the next fact by this much, or the user is asked which
# A long question scores lower against short phrasings; one fact this far ahead of every
# other is meant, from CLARIFY_AT up
LEAD = 15.0
CLARIFY_AT = 60.0  # below this nothing is close: abstain
CLARIFY_WITHIN = 3.0  # facts this close to the best are offered as "did you mean"
# ... but only when the question reads like one of their phrasings at least half-way: "what
# time is it" shares a word with three facts and resembles none of them (QRatio 44)
CLARIFY_MIN_PHRASE = 50.0
# A word no fact knows (after spelling correction; filler is a stop word by then) names
# something the articles do not cover ("bankrupt", "parking", "Harbin"): no fact is stated as
# the answer, but the nearest one is offered, labelled, when the rest of the question fits it.
UNKNOWN = "unknown"
UNKNOWN_RUN = 3  # bigrams in a row no fact knows: a word the articles do not cover
# When the question names no scope and the since-2005 fact wins by less than this, the
# edition's figure is what was meant (the default scope).
SCOPE_SWITCH_MARGIN = 15.0
MAX_SUGGESTIONS = 3
TOP = 5  # facts ranked for a decision
NAME = "name"  # the category of a capitalised word no fact knows: a name ("Reuters", "Xi")


class Message:
    """The catalogue keys of the replies a decision can ask for."""

    ANSWER = "answer"  # the stated facts' answers
    CLARIFY = "clarify"  # "did you mean one of these?"
    NOT_COVERED = "not-covered"  # the articles do not say
    EMPTY = "empty"  # nothing was asked
    NO_FIGURE = "breakdown.figure"  # no figure for that narrowing; the nearest fact
    NOTHING_SAID = "breakdown.anything"  # nothing said for that narrowing; the nearest fact
    NO_NAMES = "breakdown.names"  # names or a list asked for; the fact gives only counts
    YES = Verdict.YES  # "Yes: " and the answer
    NO = Verdict.NO  # "No: " and the answer
    CLOSE = Verdict.CLOSE  # "Close: " and the answer
    CHOICE = "check.choice"  # "A or B?": the one the fact says, and the answer


@dataclass(frozen=True, slots=True)
class Decision:
    """What to reply, in no language: the kind, the facts, and the catalogue key."""

    kind: Kind
    message: str  # a Message key
    facts: tuple[str, ...] = ()  # the answering fact, or the clarify candidates
    stated: tuple[str, ...] = ()  # the facts whose answers the reply states and cites
    suggestions: tuple[str, ...] = ()  # related / did-you-mean / nearest facts
    score: float = 0.0  # 0-100: how well the best fact matched
    scope: Scope | None = None  # the span the question named
    missing: Mapping[str, str] = field(default_factory=dict)  # narrowing no fact accounts for
    choice: str = ""  # the option of "A or B?" the fact says


def in_runs(flags: Sequence[bool], length: int) -> list[bool]:
    """Each flag kept only where it is one of a run of at least `length` in a row: bigrams no
    fact knows make a word the articles lack only in such a run (one across a particle not)."""
    kept = [False] * len(flags)
    start = 0
    for i, flag in enumerate([*flags, False]):
        if not flag:
            if i - start >= length:
                kept[start:i] = [True] * (i - start)
            start = i + 1
    return kept


def unique(ids: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """The ids in order, each once, without the excluded, at most MAX_SUGGESTIONS."""
    skip = set(exclude)
    return tuple(i for i in dict.fromkeys(ids) if i not in skip)[:MAX_SUGGESTIONS]
