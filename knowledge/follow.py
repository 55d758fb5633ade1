"""Follow-up questions: read against the previous turn only when they cannot stand alone."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.analyse import Analyser, Query
from knowledge.answer import Kind
from knowledge.decide import Decider
from knowledge.decision import Decision

SHORT = 2  # words (question words aside) an elliptical follow-up has at most
SHORT_REFERENCE = 2  # ... and one that points back ("what's his role?")


@dataclass(frozen=True)
class Reading:
    """How a follow-up was read: the decision, and the fact the frame pointed at."""

    decision: Decision
    context: str  # the previous turn's fact the question was read against


def leans(
    query: Query,
    analyser: Analyser,
    known: Callable[[str], bool],
    about: frozenset[str] = frozenset(),
) -> bool:
    """True when the question cannot stand alone: it opens like a continuation ("and ...",
    "what about ..."), points back ("his", "them"), or names only a scope, a narrowing or a
    figure ("in dollars?", "since it began?", "over 5 billion?"), perhaps with words of the
    last turn's fact (`about`: "is it true over 30,000 came?" after the attendance)."""
    language = analyser.language
    raw = f" {query.raw} "
    # without spaces between words, a cue opens the text and a reference is anywhere in it
    gap = "" if analyser.grams else " "
    if any(raw.startswith(f" {cue}{gap}") for cue in language.follow_cues):
        return True
    asked = [w for w in query.words if w not in language.question_words]
    # a word pointing back, in a short question: "what's his role?"; a long one names its
    # own subject ("hao mingjin, who is he, did he give the speech?")
    if len(asked) <= SHORT_REFERENCE and any(f"{gap}{w}{gap}" in raw for w in language.references):
        return True
    # the words left once scope cues, narrowing, figures and question words are set aside
    rest = [w for w in analyser.normaliser.words(analyser.without_scope_cues(query.raw))
            if w not in analyser.claim_words]  # fmt: skip
    topical = [w for w in rest if w not in query.narrowing and not w[0].isdigit() and known(w)
               and w not in language.question_words and w not in analyser.neutral]  # fmt: skip
    said = bool(query.narrowing or query.scope or query.claims) and not query.alternative
    if not analyser.grams and any(not known(w) for w in rest if not w[0].isdigit()):
        return False  # a word no fact knows: a new subject ("jilin gdp 2023"), not a follow-up
    # short, and nothing but a scope, a narrowing or a figure: "in dollars?", "over 5 billion?"
    if said and not topical and len(asked) <= SHORT:
        return True
    # a figure compared with the last answer's, in one of its words: "over 30,000 came?" (a
    # year or a plain number is no comparison: "who opened the 2023 expo" stands alone)
    compared = any(claim.op != "is" for claim in query.claims)
    named = [w for w in asked if w not in analyser.claim_words and not w[0].isdigit()]
    return compared and bool(about) and set(topical) <= about and len(named) <= 1


def pick(query: Query, previous: Decision, mark: str = "") -> str | None:
    """ "The second one" after a did-you-mean: the fact it picks, by its place in the list
    (`mark` is how the language writes an ordinal after its digits: "2th")."""
    if previous.kind is not Kind.CLARIFY:
        return None
    places = [int(w.removesuffix(mark)) for w in query.words if w.removesuffix(mark).isdigit()]
    if len(places) == 1 and 1 <= places[0] <= len(previous.facts) and len(query.words) <= 3:
        return previous.facts[places[0] - 1]
    return None


def read_against(
    query: Query, previous: Decision, analyser: Analyser, decider: Decider, base: str
) -> Reading | None:
    """The question read with the previous turn's question (`base`, its canonical form) in
    front of it; None when that reading says nothing the question alone would not."""
    facts = previous.facts or previous.stated  # an answer, did-you-mean, or nearest fact
    context = facts[0] if facts else None
    if context is None:
        return None
    chosen = pick(query, previous, analyser.language.numbers.ordinal_mark)
    if chosen is not None:
        fact = decider.store.fact(chosen)
        return Reading(decider.explain(fact), context)
    if query.scope is not None:  # "and since it began?": the new scope, not the old one's
        base = analyser.without_scope_cues(" ".join(analyser.tokeniser.tokens(base)))
    combined = analyser.analyse(f"{base} {query.text}")
    if query.claims or query.yes_no:  # "more than 20?": a check of the last answer's figure
        combined = dataclasses.replace(combined, yes_no=True, claims=query.claims)
    decision = decider.decide(combined)
    # the answer must account for what the question narrowed to: "in dollars?" after the
    # investment is the since-2005 figure, given in dollars; "AI?" is no question about it
    if decision.kind is Kind.ANSWER and decider.missing(query.narrowing, decision.facts[0]):
        return None
    if decision.kind is Kind.ANSWER or (decision.kind is Kind.ABSTAIN and decision.stated):
        return Reading(decision, context)
    return None
