"""The per-user flood limit for inline queries: over it, an empty result and no work."""

from __future__ import annotations

import functools

from telegram import Update

from bot.flood import Verdict
from bot.state import Context
from bot.throttle import Callback


def inline_guarded(callback: Callback) -> Callback:
    """The inline callback, run only while the sender is within RATE_LIMIT_PER_MINUTE.

    Inline queries have a budget of their own, so typing `@bot ...` (Telegram sends a query at
    every pause) does not use up a user's answers in chats. Over it, the first query gets an
    empty result and later ones no call at all: the user sees no results either way, and a
    flood costs neither an answer nor a Bot API call.
    """

    @functools.wraps(callback)
    async def guarded(update: Update, context: Context) -> None:
        guard = context.bot_data.inline_flood
        query = update.inline_query
        if guard is None or query is None:
            await callback(update, context)
            return
        verdict = guard.check(query.from_user.id)
        if verdict is Verdict.PASS:
            await callback(update, context)
            return
        context.bot_data.stats.limited += 1
        if verdict is Verdict.NOTICE:
            await query.answer([], cache_time=0, is_personal=True)

    return guarded
