"""The flood limit around the handlers that reply: one notice, then silence for a while."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot import messages
from bot.flood import Verdict
from bot.state import Context

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


async def held_back(update: Update, context: Context) -> bool:
    """Count the update against its sender's RATE_LIMIT_PER_MINUTE; True when over it.

    Over the limit, the first message gets one notice and a button press its note; after
    that nothing, until the minute has passed.
    """
    data = context.bot_data
    guard, user, query = data.flood, update.effective_user, update.callback_query
    message = None if query else update.message or update.edited_message
    if guard is None or user is None or (message is None and query is None):
        return False
    verdict = guard.check(user.id)
    if verdict is Verdict.PASS:
        return False
    data.stats.limited += 1
    notice = messages.flood_text(data.texts(user), guard.wait(user.id))
    if query is not None:  # answered either way, or its button spins on
        await query.answer(notice if verdict is Verdict.NOTICE else None)
    elif message is not None and verdict is Verdict.NOTICE:
        await message.reply_html(html.escape(notice))
    return True


def flood_guarded(callback: Callback) -> Callback:
    """The callback, run only while its sender is within the per-user flood limit.

    It wraps the callbacks of the handlers that reply, so only what the bot would answer
    counts: group chatter not meant for the bot never reaches it, and the handler's own
    filters have already decided, once.
    """

    @functools.wraps(callback)
    async def guarded(update: Update, context: Context) -> None:
        if not await held_back(update, context):
            await callback(update, context)

    return guarded
