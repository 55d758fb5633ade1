"""Follow-ups that change the span: the same figure at another scope, or another figure at
the conversation's ("and since it began?", "and the cash involved?")."""

from __future__ import annotations

from knowledge.analyse import Analyser, Query
from knowledge.answer import Kind
from knowledge.decide import Decider
from knowledge.decision import Decision, Message
from knowledge.follow import Reading, opens_with, own_words, points_back, topical_words
from knowledge.models import Fact, Scope


def carry_scope(
    query: Query, last: Fact, own: Decision, analyser: Analyser, decider: Decider
) -> Reading | None:
    """ "And the cash involved?" after the projects since 2005: another figure, read at the
    span the conversation is at, when the question continues it ("and", "that") and names
    no span of its own; None otherwise."""
    if query.scope is not None:
        return _rescoped(query, last, analyser, decider)
    if own.kind is not Kind.ANSWER or last.scope is Scope.GENERAL:
        return None
    fact = decider.store.fact(own.facts[0])
    if fact.id == last.id or fact.scope is last.scope or fact.counterpart is None:
        return None
    language, raw = analyser.language, f" {query.raw} "
    cued = opens_with(query, analyser, language.follow_cues)
    if not cued and not any(points_back(w, raw, analyser) for w in language.references):
        return None
    if own.message != Message.ANSWER:  # a check is settled at its own span, as asked
        return None
    # the same question at the other span: no engine pass of its own
    return Reading(decider.explain(decider.store.fact(fact.counterpart)), last.id)


def _rescoped(query: Query, last: Fact, analyser: Analyser, decider: Decider) -> Reading | None:
    """ "Only the 14th one?" after the projects since 2005: the same figure at the span named,
    when the question names nothing a fact knows besides ("how many projects this edition?"
    after the investment asks for the projects); None otherwise."""
    other = decider.store.fact(last.counterpart) if last.counterpart else None
    if other is None or other.scope is not query.scope or query.narrowing:
        return None
    named = topical_words(own_words(query, analyser), analyser, decider.matcher.knows)
    if named or any(claim.op != "is" for claim in query.claims):  # "over 2,000 all told?"
        return None
    return Reading(decider.explain(other), last.id)
