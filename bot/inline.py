"""Inline mode: `@bot question` in any chat offers answer cards to send."""

from __future__ import annotations

import dataclasses

from telegram import Update

from bot import render
from bot.constants import MAX_INLINE_QUERY, MAX_INLINE_RESULTS
from bot.handlers import log_question
from bot.state import Context
from knowledge.answer import Answer, Kind
from knowledge.answerer import Answerer

NOT_COVERED_ID = "not-covered"


def inline_answers(
    answerer: Answerer, text: str, hint: str | None = None
) -> list[tuple[str, str, Answer]]:
    """The cards for an inline query, as (result id, title, answer)."""
    if not text:
        found = [answerer.explain(s.fact, s.language) for s in answerer.featured()]
        return [(a.facts[0], a.question, a) for a in found if a is not None]
    answer = answerer.answer(text, hint=hint)
    log_question(answer, via="inline")
    if answer.kind is Kind.ANSWER:
        canonical = answerer.explain(answer.facts[0], answer.language)
        title = canonical.question if canonical else answer.question
        # the answer to what was asked, headed by the question it answers
        return [(answer.facts[0], title, dataclasses.replace(answer, question=title))]
    if answer.kind is Kind.CLARIFY:
        found = [answerer.explain(fact, answer.language) for fact in answer.facts]
        return [(a.facts[0], a.question, a) for a in found if a is not None]
    title = answerer.engine(answer.language).wording.catalogue.text("inline.not-covered")
    return [(NOT_COVERED_ID, title, answer)]


async def inline_query(update: Update, context: Context) -> None:
    """Offer answer cards for `@bot question`; featured questions for an empty query."""
    query = update.inline_query
    if query is None:
        return
    text = query.query.strip()[:MAX_INLINE_QUERY]
    found = inline_answers(context.bot_data.answerer, text, query.from_user.language_code)
    cards = [render.inline_card(answer, rid, title) for rid, title, answer in found]
    await query.answer(cards[:MAX_INLINE_RESULTS], cache_time=300)
