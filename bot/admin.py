"""Curators' commands, for ADMIN_USER_IDS in a private chat: /gaps, /reload and /stats."""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import Update

from bot import messages
from bot.constants import MAX_GAPS
from bot.state import BotData, Context
from knowledge.answerer import Answerer
from knowledge.gaps import Gap, find_gaps
from knowledge.questionlog import QuestionLog, QuestionLogError, read_questions
from knowledge.store import StoreError

logger = logging.getLogger(__name__)


async def reload_store(bot_data: BotData) -> Answerer:
    """A new Answerer from the files on disk, swapped in for the old one.

    Raises StoreError when the files are invalid; the old Answerer then keeps serving.
    """
    root = bot_data.answerer.store.root
    try:
        # loading takes a moment; in a thread, so questions are answered meanwhile
        fresh = await asyncio.to_thread(Answerer.load, root)
    except StoreError as exc:
        logger.error("the fact store was not reloaded; the old one keeps serving.\n%s", exc)
        raise
    bot_data.answerer = fresh
    logger.info(
        "reloaded the fact store from %s: %d facts, %d sources",
        root,
        len(fresh.store.facts),
        len(fresh.store.sources),
    )
    return fresh


async def reload_command(update: Update, context: Context) -> None:
    """For admins: re-read the fact store; an invalid one is refused and shown, the old serves."""
    message = update.effective_message
    if message is None:
        return
    try:
        answerer = await reload_store(context.bot_data)
    except StoreError as exc:
        await message.reply_html(messages.reload_failed_html(context.bot_data.catalogue, str(exc)))
        return
    await message.reply_html(messages.reloaded_html(context.bot_data.catalogue, answerer.store))


def _gaps(answerer: Answerer, question_log: QuestionLog) -> list[Gap]:
    """The log's gaps, once what is still queued is written (blocks: run it in a thread)."""
    question_log.flush()
    return find_gaps(answerer, read_questions(question_log.path), MAX_GAPS)


async def gaps_command(update: Update, context: Context) -> None:
    """For admins: the questions the bot could not answer, grouped, most frequent first."""
    message = update.effective_message
    if message is None:
        return
    question_log, t = context.bot_data.question_log, context.bot_data.catalogue
    if question_log is None:
        await message.reply_html(t.text("gaps.off"))
        return
    try:
        gaps = await asyncio.to_thread(_gaps, context.bot_data.answerer, question_log)
    except QuestionLogError as exc:
        await message.reply_html(html.escape(str(exc), quote=False))
        return
    await message.reply_html(messages.gaps_html(t, gaps))


async def stats_command(update: Update, context: Context) -> None:
    """For admins: questions since start by outcome, and the most asked without an answer."""
    message = update.effective_message
    if message is None:
        return
    data = context.bot_data
    text = messages.stats_html(
        data.catalogue, data.stats, question_log=data.question_log is not None
    )
    await message.reply_html(text)
