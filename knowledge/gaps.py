"""What the store could not answer: logged questions grouped by similarity, most frequent first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge.answer import Answer, Kind
from knowledge.answerer import Answerer
from knowledge.questionlog import Entry

# Two normalised questions this similar (rapidfuzz token_sort_ratio, word order ignored) are
# one gap: "who won the match" and "the match, who won it".
GROUP_AT = 85.0
DEFAULT_LIMIT = 10
MAX_WORDINGS = 3  # other wordings shown per group


@dataclass(frozen=True)
class Gap:
    """A group of similar questions the bot abstained on or had to clarify."""

    example: str  # the group's most frequent wording, as typed
    count: int
    kinds: Mapping[Kind, int]  # how often each outcome happened
    wordings: tuple[str, ...]  # other wordings of the group, most frequent first
    now: Answer  # what the engine says to the example today: nearest facts, or now answered
    language: str = "en"  # the language the group's questions were asked in

    @property
    def answered_now(self) -> bool:
        """True when the store as it is now answers the example (a fact was added since)."""
        return self.now.answered


@dataclass
class _Group:
    """Questions being grouped: one normalised question's, later merged with similar ones."""

    key: str
    count: int = 0
    kinds: Counter[Kind] = field(default_factory=Counter)
    wordings: Counter[str] = field(default_factory=Counter)


def find_gaps(
    answerer: Answerer, entries: Iterable[Entry], limit: int = DEFAULT_LIMIT
) -> list[Gap]:
    """The most frequent groups of abstained and clarified questions, with the nearest facts."""
    normalised: dict[tuple[str, str], str] = {}  # (language, as typed) -> read, once each
    by_key: dict[str, _Group] = {}
    for entry in entries:
        if entry.kind is Kind.ANSWER:
            continue
        typed = " ".join(entry.question.split())
        if (entry.language, typed) not in normalised:  # read as its language reads it
            reader = answerer.engine(entry.language).analyser.normaliser
            normalised[(entry.language, typed)] = reader(typed)
        words = normalised[(entry.language, typed)]
        if not words:  # "hi", "?": nothing a fact could answer
            continue
        key = f"{entry.language}\t{words}"  # groups never mix languages
        group = by_key.setdefault(key, _Group(key))
        group.count += 1
        group.kinds[entry.kind] += 1
        group.wordings[typed] += 1
    groups: list[_Group] = []
    keys: list[str] = []  # each group's first key, what later questions are compared with
    for key, group in sorted(by_key.items(), key=lambda item: (-item[1].count, item[0])):
        match = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=GROUP_AT)
        if match is None:
            groups.append(group)
            keys.append(key)
            continue
        joined = groups[match[2]]
        joined.count += group.count
        joined.kinds.update(group.kinds)
        joined.wordings.update(group.wordings)
    groups.sort(key=lambda g: -g.count)  # stable: ties keep the order they were found in
    gaps = []
    for group in groups[:limit]:
        [(example, _), *others] = group.wordings.most_common(MAX_WORDINGS + 1)
        language = group.key.split("\t", 1)[0]
        gaps.append(
            Gap(example, group.count, dict(group.kinds), tuple(w for w, _ in others),
                answerer.answer(example, language=language), language)
        )  # fmt: skip
    return gaps


def outcome_summary(gap: Gap) -> str:
    """'abstain 4, clarify 1': how the bot handled the group's questions."""
    return ", ".join(f"{kind.value} {gap.kinds[kind]}" for kind in Kind if gap.kinds.get(kind))


def format_gaps(gaps: list[Gap]) -> str:
    """The gaps as `python -m knowledge gaps` prints them."""
    if not gaps:
        return "No unanswered or clarified questions in the log."
    lines = [f"The {len(gaps)} most frequent groups of questions the bot could not answer:"]
    for gap in gaps:
        where = f"[{gap.language}] " if gap.language != "en" else ""
        lines.append(f"\n{gap.count:>5}x  {where}{gap.example!r}  ({outcome_summary(gap)})")
        if gap.wordings:
            lines.append("        also asked: " + ", ".join(repr(w) for w in gap.wordings))
        if gap.answered_now:
            lines.append(f"        answered now by: {gap.now.facts[0]}")
            continue
        nearest = "; ".join(f"{s.fact} ({s.question})" for s in gap.now.suggestions)
        lines.append(f"        nearest facts: {nearest or 'none'}")
    return "\n".join(lines)
