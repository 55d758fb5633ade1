"""Curators' commands, for ADMIN_USER_IDS in a private chat: /gaps, /reload and /stats."""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import MutableMapping
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot import messages
from bot.constants import ANSWERER_KEY, MAX_GAPS, QUESTION_LOG_KEY, STATS_KEY
from bot.stats import QuestionStats
from knowledge.answerer import Answerer
from knowledge.gaps import Gap, find_gaps
from knowledge.questionlog import QuestionLog, QuestionLogError, read_questions
from knowledge.store import StoreError

logger = logging.getLogger(__name__)


def _answerer(context: ContextTypes.DEFAULT_TYPE) -> Answerer:
    """The one Answerer, created at start-up and kept in bot_data."""
    answerer: Answerer = context.bot_data[ANSWERER_KEY]
    return answerer


async def reload_store(bot_data: MutableMapping[Any, Any]) -> Answerer:
    """A new Answerer from the files on disk, swapped in for the old one.

    Raises StoreError when the files are invalid; the old Answerer then keeps serving.
    """
    current: Answerer = bot_data[ANSWERER_KEY]
    root = current.store.root
    try:
        # loading takes a moment; in a thread, so questions are answered meanwhile
        fresh = await asyncio.to_thread(Answerer.load, root)
    except StoreError as exc:
        logger.error("the fact store was not reloaded; the old one keeps serving.\n%s", exc)
        raise
    bot_data[ANSWERER_KEY] = fresh
    logger.info(
        "reloaded the fact store from %s: %d facts, %d sources",
        root,
        len(fresh.store.facts),
        len(fresh.store.sources),
    )
    return fresh


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """For admins: re-read the fact store; an invalid one is refused and shown, the old serves."""
    message = update.effective_message
    if message is None:
        return
    try:
        answerer = await reload_store(context.bot_data)
    except StoreError as exc:
        await message.reply_html(messages.reload_failed_html(str(exc)))
        return
    await message.reply_html(messages.reloaded_html(answerer.store))


def _gaps(answerer: Answerer, question_log: QuestionLog) -> list[Gap]:
    """The log's gaps, once what is still queued is written (blocks: run it in a thread)."""
    question_log.flush()
    return find_gaps(answerer, read_questions(question_log.path), MAX_GAPS)


async def gaps_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """For admins: the questions the bot could not answer, grouped, most frequent first."""
    message = update.effective_message
    if message is None:
        return
    question_log: QuestionLog | None = context.bot_data.get(QUESTION_LOG_KEY)
    if question_log is None:
        await message.reply_html(messages.GAPS_OFF)
        return
    try:
        gaps = await asyncio.to_thread(_gaps, _answerer(context), question_log)
    except QuestionLogError as exc:
        await message.reply_html(html.escape(str(exc), quote=False))
        return
    await message.reply_html(messages.gaps_html(gaps))


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """For admins: questions since start by outcome, and the most asked without an answer."""
    message = update.effective_message
    if message is None:
        return
    stats: QuestionStats = context.bot_data[STATS_KEY]
    question_log = context.bot_data.get(QUESTION_LOG_KEY) is not None
    await message.reply_html(messages.stats_html(stats, question_log=question_log))
