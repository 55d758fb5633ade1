"""Yes/no checks and choices: which fact a check is about, and the decision it comes to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.analyse import Claim, Query
from knowledge.answer import Kind
from knowledge.check import Verdict, choose, combine, is_year, judge_claim, judge_values
from knowledge.decision import ANSWER_AT, CLARIFY_AT, MARGIN, NAME, Decision, Message, unique
from knowledge.matcher import Ranked
from knowledge.models import Fact

if TYPE_CHECKING:
    from knowledge.decide import Decider

DATED = frozenset({"year", "date"})  # checks of facts that say when something happened
# the narrowing categories of names the articles give (Hao Mingjin, CRRC): no value to check
NAMED = frozenset({"person", "company"})


def check(
    decider: Decider, query: Query, near: list[frozenset[str]], fitting: list[Ranked]
) -> Decision | None:
    """A yes/no check or a choice one fact settles; None when none does.

    `fitting` is the question's ranking when its best fact accounts for every value named.
    """
    names = {n.casefold() for n in query.names}
    # a person the articles name is no value to check: "郝明金は何を話した" asks what he said
    values = {w: kind for w, kind in query.narrowing.items() if kind not in NAMED}
    values |= {
        w: NAME for w, n in zip(query.words, near, strict=True)
        if not n and w in names and w not in values
    }  # fmt: skip
    if query.claims and all(is_year(c) for c in query.claims):
        years = {c.text for c in query.claims}
        others = {w: k for w, k in values.items() if w not in years}
        dated = _check_years(decider, query, near, others)
        # a year alone that no fact near settles is left unsettled ("an expo in 2019?"); with
        # other values named ("in september 2023?") those are checked as any values are
        if dated is not None or not others:
            return dated
    found = checked_fact(decider, query, near, values, fitting)
    if found is None:
        return None
    fact, score = found
    known, figures = decider.says[fact.id], decider.figures[fact.id]
    # a figure claimed for a part the fact does not give ("over 50 Korean companies?") is not
    # settled by the fact's figure for the whole
    apart = {w: k for w, k in decider.missing(values, fact.id).items() if k != fact.check}
    if query.claims and apart:
        return None
    if query.alternative:  # "A or B?": name the one the fact says, or leave it
        options = {c.text: judge_claim(c, figures) in (Verdict.YES, Verdict.CLOSE)
                   for c in query.claims}  # fmt: skip
        if len(options) < 2:
            options = {w.capitalize(): bool(o) and o <= known
                       for w, o in _options(decider, query)}  # fmt: skip
        choice = choose(options)
        if choice is None:
            return None
        return Decision(Kind.ANSWER, Message.CHOICE, facts=(fact.id,), stated=(fact.id,),
                        suggestions=unique(fact.related), score=round(score, 1),
                        choice=choice)  # fmt: skip
    judged = [judge_claim(c, figures) for c in query.claims]
    verdict = combine([judge_values(values, known, fact.check), *judged])
    if query.claims and all(v is None for v in judged) and verdict == Verdict.YES:
        # the figure asked about is not this fact's: "yuan" being said is no Yes to it
        verdict = None
    if verdict is None and any(_magnitude(c, figures) for c in query.claims):
        verdict = Message.ANSWER  # "more than 100,000?" of "over 60,000": the fact, unjudged
    if verdict is None:
        return None
    return _verdict(decider, fact.id, verdict, score)


def checked_fact(
    decider: Decider,
    query: Query,
    near: list[frozenset[str]],
    values: Mapping[str, str],
    fitting: list[Ranked],
) -> tuple[Fact, float] | None:
    """The fact a check is about (see _checked_fact), at the scope the question names: "is it
    true the projects this year were worth 1.97 trillion?" is checked against this year's."""
    found = _checked_fact(decider, query, near, values, fitting)
    if found is None or query.scope is None:
        return found
    fact, score = found
    other = decider.store.fact(fact.counterpart) if fact.counterpart else None
    if fact.scope != query.scope and other is not None and other.scope == query.scope:
        return other, score
    return found


def _checked_fact(
    decider: Decider,
    query: Query,
    near: list[frozenset[str]],
    values: Mapping[str, str],
    fitting: list[Ranked],
) -> tuple[Fact, float] | None:
    """The fact a check is about: the question's best when it fits, else the best for the
    rest of the question, else one stating a value of the kind named or a figure of the
    size claimed ("was it in Harbin?" is the place's, "over 80 billion yuan?" the deals')."""
    sized = [c for c in query.claims if c.op != "is"] or query.claims
    if (
        fitting
        and _decisive(fitting)
        and not (sized and not any(_magnitude(c, decider.figures[fitting[0].fact]) for c in sized))
    ):  # the question's best fact, unless it states no figure of the size claimed
        return decider.store.fact(fitting[0].fact), fitting[0].score
    claimed = {p for v in values for p in v.split()} | decider.matcher.claim_words
    kept = [
        (w, n) for w, n in zip(query.words, near, strict=True)
        if w not in claimed and not w[0].isdigit() and w not in decider.matcher.neutral
    ]  # fmt: skip
    ranked: list[Ranked] = []
    if kept and not {w for w, _ in kept} <= decider.matcher.question_words:
        ranked = decider.matcher.rank([w for w, _ in kept], [n for _, n in kept])
        if (
            ranked
            and _decisive(ranked)
            and not (
                sized and not any(_magnitude(c, decider.figures[ranked[0].fact]) for c in sized)
            )
        ):
            return decider.store.fact(ranked[0].fact), ranked[0].score
    kinds = set(values.values())
    stating = [
        f for f in decider.store.facts
        if f.check in kinds or any(_magnitude(c, decider.figures[f.id]) for c in query.claims)
    ]  # fmt: skip
    # "长春是吉林的还是辽宁的": the one fact of the kind named that says one of the options
    if query.alternative:
        options = [o for _, o in _options(decider, query)]
        saying = [f for f in stating if any(o and o <= decider.says[f.id] for o in options)]
        named = {p for w in query.narrowing for p in w.split()} | decider.matcher.neutral
        if len(saying) == 1 and all(o and o <= named for o in options):
            return saying[0], ANSWER_AT
    if ranked:  # the rest of the question asks something: only facts it is near, best first
        order = {r.fact: n for n, r in enumerate(ranked) if r.score >= CLARIFY_AT}
        stating = sorted((f for f in stating if f.id in order), key=lambda f: order[f.id])
    elif len(stating) > 1:  # nothing else asked: the one the whole question is nearest
        whole = decider.matcher.rank(list(query.words), near, limit=len(decider.store.facts))
        order = {r.fact: n for n, r in enumerate(whole)}
        stating = sorted(stating, key=lambda f: order.get(f.id, len(order)))[:1]
    return (stating[0], ANSWER_AT) if stating else None


def _options(decider: Decider, query: Query) -> list[tuple[str, frozenset[str]]]:
    """Each option of a choice as typed, with its words as the store reads them."""
    words = decider.matcher.analyser.words
    return [(choice, frozenset(words(choice))) for choice in query.choices]


def _decisive(ranked: list[Ranked]) -> bool:
    """One fact clearly ahead: over the answer threshold and the margin."""
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    return ranked[0].score >= ANSWER_AT and ranked[0].score - runner_up >= MARGIN


def _magnitude(claim: Claim, figures: Iterable[Claim]) -> bool:
    """True when the fact states a figure of the claim's size (within a factor of ten)."""
    return any(
        f.value > 0 and claim.value > 0 and Decimal("0.1") <= f.value / claim.value <= 10
        for f in figures
    )


def _check_years(
    decider: Decider, query: Query, near: list[frozenset[str]], values: Mapping[str, str]
) -> Decision | None:
    """Yes from a fact near the question that states the year; No only from the fact about a
    date the question is nearest; else None (2019 is no edition the articles cover)."""
    claimed = {c.value for c in query.claims}
    years = {c.text for c in query.claims}
    kept = [(w, n) for w, n in zip(query.words, near, strict=True) if w not in years]
    ranked = decider.matcher.rank([w for w, _ in kept], [n for _, n in kept]) if kept else []
    close = [r for r in ranked if r.score >= CLARIFY_AT]
    for r in close:
        if claimed <= {f.value for f in decider.figures[r.fact] if is_year(f)}:
            # the other values named are judged too: "in september 2023?" is a No
            others = judge_values(values, decider.says[r.fact], decider.store.fact(r.fact).check)
            verdict = combine([Verdict.YES, others])
            return _verdict(decider, r.fact, verdict or Verdict.YES, r.score)
    # the question's nearest fact says when, and no other is as near: "first one in 2008?"
    ahead = len(close) < 2 or close[0].score - close[1].score >= MARGIN
    if close and ahead and decider.store.fact(close[0].fact).check in DATED:
        return _verdict(decider, close[0].fact, Verdict.NO, close[0].score)
    return None


def _verdict(decider: Decider, fact_id: str, verdict: str, score: float) -> Decision:
    """The decision to state one fact after a verdict."""
    fact = decider.store.fact(fact_id)
    return Decision(Kind.ANSWER, verdict, facts=(fact.id,), stated=(fact.id,),
                    suggestions=unique(fact.related), score=round(score, 1))  # fmt: skip
