"""Thin python-telegram-bot handlers: take the text, ask the Answerer, send the rendering."""

from __future__ import annotations

import dataclasses
import functools
import html
import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import messages, render
from bot.constants import (
    ADMINS_KEY,
    ANSWERER_KEY,
    FACT_PREFIX,
    FLOOD_KEY,
    MAX_DEEP_LINK_PAYLOAD,
    MAX_INLINE_QUERY,
    MAX_INLINE_RESULTS,
    QUESTION_LOG_KEY,
    STATS_KEY,
    TOPIC_PREFIX,
)
from bot.filters import without_mention
from bot.flood import FloodGuard, Verdict
from bot.logs import redact, secret_forms
from bot.replies import answer_bot
from bot.stats import QuestionStats
from knowledge.answer import Answer, Kind
from knowledge.answerer import Answerer
from knowledge.questionlog import QuestionLog

logger = logging.getLogger(__name__)

NOT_COVERED_ID = "not-covered"
NOT_COVERED_TITLE = "Not covered by my articles"
_TOPIC_INDEX = re.compile(r"\d{1,4}")

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _answerer(context: ContextTypes.DEFAULT_TYPE) -> Answerer:
    """The one Answerer, created at start-up and kept in bot_data."""
    answerer: Answerer = context.bot_data[ANSWERER_KEY]
    return answerer


def _log(answer: Answer, via: str) -> None:
    """One line per question: where it came from, the outcome, the fact and the score."""
    if not logger.isEnabledFor(logging.INFO):  # the arguments cost more than the call
        return
    logger.info(
        "question via=%s kind=%s fact=%s score=%.1f text=%r",
        via,
        answer.kind.value,
        ",".join(answer.facts) or "-",
        answer.score,
        render.shorten(answer.question, 80),
    )


def _remember(answer: Answer, message: Message, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Count the question for /stats and queue it for the question log, when that is on."""
    stats: QuestionStats | None = context.bot_data.get(STATS_KEY)
    if stats is not None:
        stats.record(answer)
    question_log: QuestionLog | None = context.bot_data.get(QUESTION_LOG_KEY)
    if question_log is None:
        return
    user = message.from_user
    question_log.record(
        answer,
        via=message.chat.type,
        user_id=user.id if user else None,  # kept only with QUESTION_LOG_USERS=true
        user_name=(user.username or user.full_name) if user else None,
    )


async def _reply_answer(
    message: Message, question: str, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """Answer the question, reply with the answer and its buttons.

    No "typing…" action first: an answer takes well under a millisecond, so it would show for
    one round trip at most, at the price of a second Bot API call for every question.
    """
    answer = _answerer(context).answer(question)
    _log(answer, via=message.chat.type)
    _remember(answer, message, context)
    await answer_bot(context).send_reply(
        message, render.to_html(answer), render.keyboard_json(answer)
    )


async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet with featured questions, or open the fact a deep link (/start <fact-id>) names."""
    message = update.effective_message
    if message is None:
        return
    answerer = _answerer(context)
    payload = context.args[0] if context.args else ""
    answer = answerer.explain(payload) if 0 < len(payload) <= MAX_DEEP_LINK_PAYLOAD else None
    if answer is not None:
        _log(answer, via="deep-link")
        await message.reply_html(
            render.to_html(answer, heading=True), reply_markup=render.keyboard(answer)
        )
        return
    await message.reply_html(
        messages.start_html(len(answerer.store.sources)),
        reply_markup=messages.start_keyboard(answerer.featured()),
    )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask, in private chats, groups and inline, and what the bot cannot do."""
    if update.effective_message is not None:
        await update.effective_message.reply_html(messages.help_html(context.bot.username))


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the articles the answers come from."""
    if update.effective_message is not None:
        sources = _answerer(context).store.sources.values()
        await update.effective_message.reply_html(messages.sources_html(sources))


async def topics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the topics as buttons; each opens its questions in the same message."""
    if update.effective_message is not None:
        keyboard = messages.topics_keyboard(_answerer(context).topics())
        await update.effective_message.reply_html(messages.TOPICS_HTML, reply_markup=keyboard)


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question after /ask: how a group asks without mentioning the bot."""
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or ())
    if not question:
        await message.reply_html(messages.ASK_USAGE)
        return
    await _reply_answer(message, question, context)


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text message: any in a private chat, in groups one addressed to the bot."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    text = without_mention(message.text, context.bot.username)
    await _reply_answer(message, text, context)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the sender of a sticker, photo, voice note or file that the bot reads text."""
    message = update.effective_message
    if message is None:
        return
    if message.text is not None:  # text, but empty: ask for a question, as for blank text
        await _reply_answer(message, message.text, context)
        return
    await message.reply_html(html.escape(messages.NOT_TEXT))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point an unknown /command to /help."""
    if update.effective_message is not None:
        await update.effective_message.reply_html(messages.UNKNOWN_COMMAND)


async def fact_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a press on a question button (f:<fact-id>) with that fact's answer."""
    query = update.callback_query
    if query is None:
        return
    answer = _answerer(context).explain((query.data or "").removeprefix(FACT_PREFIX))
    chat = update.effective_chat
    if answer is None or chat is None:
        await query.answer(messages.NO_ANSWER_FOUND)
        return
    await query.answer()  # first, so the button stops spinning
    _log(answer, via="button")
    await context.bot.send_message(
        chat.id,
        render.to_html(answer, heading=True),
        parse_mode=ParseMode.HTML,
        reply_markup=render.keyboard(answer),
    )


async def topic_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Browse in place: t: shows the topic list, t:<n> the questions of topic n."""
    query = update.callback_query
    if query is None:
        return
    value = (query.data or "").removeprefix(TOPIC_PREFIX)
    topics = _answerer(context).topics()
    if not value:
        text, keyboard = messages.TOPICS_HTML, messages.topics_keyboard(topics)
    elif _TOPIC_INDEX.fullmatch(value) and int(value) < len(topics):
        name, facts = topics[int(value)]
        text, keyboard = messages.topic_html(name), messages.topic_keyboard(facts)
    else:
        await query.answer(messages.UNKNOWN_BUTTON)
        return
    await query.answer()
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message:  # a double tap on the same button is harmless
            raise


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a press on a button this version does not know, so it does not spin forever."""
    if update.callback_query is not None:
        await update.callback_query.answer(messages.UNKNOWN_BUTTON)


def _inline_answers(answerer: Answerer, text: str) -> list[tuple[str, str, Answer]]:
    """The cards for an inline query, as (result id, title, answer)."""
    if not text:
        found = [answerer.explain(s.fact) for s in answerer.featured()]
        return [(a.facts[0], a.question, a) for a in found if a is not None]
    answer = answerer.answer(text)
    _log(answer, via="inline")
    if answer.kind is Kind.ANSWER:
        canonical = answerer.explain(answer.facts[0])
        title = canonical.question if canonical else answer.question
        # the answer to what was asked, headed by the question it answers
        return [(answer.facts[0], title, dataclasses.replace(answer, question=title))]
    if answer.kind is Kind.CLARIFY:
        found = [answerer.explain(fact) for fact in answer.facts]
        return [(a.facts[0], a.question, a) for a in found if a is not None]
    return [(NOT_COVERED_ID, NOT_COVERED_TITLE, answer)]


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer answer cards for `@bot question`; featured questions for an empty query."""
    query = update.inline_query
    if query is None:
        return
    found = _inline_answers(_answerer(context), query.query.strip()[:MAX_INLINE_QUERY])
    cards = [render.inline_card(answer, rid, title) for rid, title, answer in found]
    await query.answer(cards[:MAX_INLINE_RESULTS], cache_time=300)


async def _held_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Count the update against its sender's RATE_LIMIT_PER_MINUTE; True when over it.

    Over the limit, the first message gets one notice and a button press its note; after
    that nothing, until the minute has passed.
    """
    guard: FloodGuard | None = context.bot_data.get(FLOOD_KEY)
    user, query = update.effective_user, update.callback_query
    message = None if query else update.message or update.edited_message
    if guard is None or user is None or (message is None and query is None):
        return False
    verdict = guard.check(user.id)
    if verdict is Verdict.PASS:
        return False
    stats: QuestionStats | None = context.bot_data.get(STATS_KEY)
    if stats is not None:
        stats.limited += 1
    notice = messages.flood_text(guard.wait(user.id))
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
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await _held_back(update, context):
            await callback(update, context)

    return guarded


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log any exception a handler raised, with its traceback, and tell the admins in brief."""
    logger.error("error while handling an update", exc_info=context.error)
    error = context.error
    # exception texts can hold a request URL: redact before shortening, or a cut could leave
    # part of the token where redaction no longer finds it
    note = redact(f"{type(error).__name__}: {error}", secret_forms(context.bot.token))
    note = render.shorten(note, 300)
    for admin in context.bot_data.get(ADMINS_KEY, ()):
        try:
            await context.bot.send_message(
                admin, f"⚠️ Bot error: {html.escape(note)}", parse_mode=ParseMode.HTML
            )
        except TelegramError:
            logger.warning("could not tell admin %s about the error", admin)
