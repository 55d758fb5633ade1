"""Thin python-telegram-bot handlers: take the text, ask the Answerer, send the rendering."""

from __future__ import annotations

import html
import logging
import re

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot import messages, render
from bot.constants import FACT_PREFIX, MAX_DEEP_LINK_PAYLOAD, TOPIC_PREFIX
from bot.filters import without_mention
from bot.logs import redact, secret_forms
from bot.replies import answer_bot
from bot.state import Context
from knowledge.answer import Answer

logger = logging.getLogger(__name__)

_TOPIC_INDEX = re.compile(r"\d{1,4}")


def conversation(message: Message) -> tuple[int, int]:
    """Whose conversation a message is in: the chat's, and in a group also the sender's, so
    two people asking in one group do not steer each other."""
    user = message.from_user
    return message.chat.id, (user.id if user and message.chat.type != "private" else 0)


def log_question(answer: Answer, via: str) -> None:
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


def _remember(answer: Answer, message: Message, context: Context) -> None:
    """Count the question for /stats and queue it for the question log, when that is on."""
    context.bot_data.stats.record(answer)
    question_log = context.bot_data.question_log
    if question_log is None:
        return
    user = message.from_user
    question_log.record(
        answer,
        via=message.chat.type,
        user_id=user.id if user else None,  # kept only with QUESTION_LOG_USERS=true
        user_name=(user.username or user.full_name) if user else None,
    )


async def _reply_answer(message: Message, question: str, context: Context) -> None:
    """Answer the question, reply with the answer and its buttons.

    No "typing…" action first: an answer takes well under a millisecond, so it would show for
    one round trip at most, at the price of a second Bot API call for every question.
    """
    user, data = message.from_user, context.bot_data
    key = conversation(message)
    answer = data.answerer.answer(
        question,
        _previous(message, context),
        language=data.chosen(user),
        hint=user.language_code if user else None,
    )
    turn = data.conversations.remember(key, answer)
    log_question(answer, via=message.chat.type)
    _remember(answer, message, context)
    sent = await answer_bot(context).send_reply(
        message, render.to_html(answer), render.keyboard_json(answer)
    )
    data.conversations.sent(message.chat_id, sent, turn)


def _previous(message: Message, context: Context) -> Answer | None:
    """The turn a question follows: the answer it replies to in Telegram, whatever came
    between, else the conversation's last one."""
    conversations = context.bot_data.conversations
    quoted = message.reply_to_message
    sender = quoted.from_user if quoted is not None else None
    if quoted is not None and sender is not None and sender.id == context.bot.id:
        replied = conversations.replied_to(message.chat_id, quoted.message_id)
        if replied is not None:
            return replied
    return conversations.last(conversation(message))


async def start_command(update: Update, context: Context) -> None:
    """Greet with featured questions, or open the fact a deep link (/start <fact-id>) names."""
    message = update.effective_message
    if message is None:
        return
    answerer, t = context.bot_data.answerer, context.bot_data.texts(update.effective_user)
    language = context.bot_data.language_of(update.effective_user)
    payload = context.args[0] if context.args else ""
    context.bot_data.conversations.forget(conversation(message))  # /start begins afresh
    found = 0 < len(payload) <= MAX_DEEP_LINK_PAYLOAD
    answer = answerer.explain(payload, language) if found else None
    if answer is not None:
        log_question(answer, via="deep-link")
        await message.reply_html(
            render.to_html(answer, heading=True), reply_markup=render.keyboard(answer)
        )
        return
    await message.reply_html(
        messages.start_html(t, len(answerer.store.sources)),
        reply_markup=messages.start_keyboard(answerer.featured(language)),
    )


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask, in private chats, groups and inline, and what the bot cannot do."""
    if update.effective_message is not None:
        text = messages.help_html(
            context.bot_data.texts(update.effective_user), context.bot.username
        )
        await update.effective_message.reply_html(text)


async def sources_command(update: Update, context: Context) -> None:
    """List the articles the answers come from."""
    if update.effective_message is not None:
        sources = context.bot_data.answerer.store.sources.values()
        text = messages.sources_html(context.bot_data.texts(update.effective_user), sources)
        await update.effective_message.reply_html(text)


async def topics_command(update: Update, context: Context) -> None:
    """Offer the topics as buttons; each opens its questions in the same message."""
    if update.effective_message is not None:
        language = context.bot_data.language_of(update.effective_user)
        keyboard = messages.topics_keyboard(context.bot_data.answerer.topics(language))
        text = context.bot_data.texts(update.effective_user).text("topics.html")
        await update.effective_message.reply_html(text, reply_markup=keyboard)


async def ask_command(update: Update, context: Context) -> None:
    """Answer the question after /ask: how a group asks without mentioning the bot."""
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or ())
    if not question:
        await message.reply_html(
            messages.ask_usage_html(context.bot_data.texts(update.effective_user))
        )
        return
    await _reply_answer(message, question, context)


async def question(update: Update, context: Context) -> None:
    """Answer a text message: any in a private chat, in groups one addressed to the bot."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    text = without_mention(message.text, context.bot.username)
    await _reply_answer(message, text, context)


async def not_text(update: Update, context: Context) -> None:
    """Tell the sender of a sticker, photo, voice note or file that the bot reads text."""
    message = update.effective_message
    if message is None:
        return
    if message.text is not None:  # text, but empty: ask for a question, as for blank text
        await _reply_answer(message, message.text, context)
        return
    await message.reply_html(messages.not_text_html(context.bot_data.texts(update.effective_user)))


async def unknown_command(update: Update, context: Context) -> None:
    """Point an unknown /command to /help."""
    if update.effective_message is not None:
        text = context.bot_data.texts(update.effective_user).text("unknown-command.html")
        await update.effective_message.reply_html(text)


async def fact_button(update: Update, context: Context) -> None:
    """Answer a press on a question button (f:<fact-id>) with that fact's answer."""
    query = update.callback_query
    if query is None:
        return
    language, _, fact = (query.data or "").removeprefix(FACT_PREFIX).rpartition(":")
    answer = context.bot_data.answerer.explain(fact, language or None)
    chat = update.effective_chat
    if answer is None or chat is None:
        await query.answer(context.bot_data.texts(update.effective_user).text("no-answer-found"))
        return
    await query.answer()  # first, so the button stops spinning
    log_question(answer, via="button")
    await context.bot.send_message(
        chat.id,
        render.to_html(answer, heading=True),
        parse_mode=ParseMode.HTML,
        reply_markup=render.keyboard(answer),
    )


async def topic_button(update: Update, context: Context) -> None:
    """Browse in place: t: shows the topic list, t:<n> the questions of topic n."""
    query = update.callback_query
    if query is None:
        return
    value = (query.data or "").removeprefix(TOPIC_PREFIX)
    data = context.bot_data
    topics = data.answerer.topics(data.language_of(update.effective_user))
    t = data.texts(update.effective_user)
    if not value:
        text, keyboard = t.text("topics.html"), messages.topics_keyboard(topics)
    elif _TOPIC_INDEX.fullmatch(value) and int(value) < len(topics):
        name, facts = topics[int(value)]
        text, keyboard = messages.topic_html(t, name), messages.topic_keyboard(t, facts)
    else:
        await query.answer(t.text("unknown-button"))
        return
    await query.answer()
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message:  # a double tap on the same button is harmless
            raise


async def unknown_button(update: Update, context: Context) -> None:
    """Answer a press on a button this version does not know, so it does not spin forever."""
    if update.callback_query is not None:
        await update.callback_query.answer(
            context.bot_data.texts(update.effective_user).text("unknown-button")
        )


async def error_handler(update: object, context: Context) -> None:
    """Log any exception a handler raised, with its traceback, and tell the admins in brief."""
    logger.error("error while handling an update", exc_info=context.error)
    error = context.error
    # exception texts can hold a request URL: redact before shortening, or a cut could leave
    # part of the token where redaction no longer finds it
    note = redact(f"{type(error).__name__}: {error}", secret_forms(context.bot.token))
    note = render.shorten(note, 300)
    for admin in context.bot_data.admins:
        try:
            await context.bot.send_message(
                admin,
                context.bot_data.catalogue.text("error.html", note=html.escape(note)),
                parse_mode=ParseMode.HTML,
            )
        except TelegramError:
            logger.warning("could not tell admin %s about the error", admin)
