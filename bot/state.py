"""The bot's shared state, typed: what every handler reaches through context.bot_data."""

from __future__ import annotations

from typing import Any, TypeAlias

from telegram.ext import CallbackContext, ExtBot

from bot.flood import FloodGuard
from bot.stats import QuestionStats
from knowledge.answerer import Answerer
from knowledge.catalogue import Catalogue, catalogue
from knowledge.models import DEFAULT_LANGUAGE
from knowledge.questionlog import QuestionLog


class BotData:
    """Made empty by python-telegram-bot (ContextTypes calls it), filled by build_application."""

    def __init__(self) -> None:
        self._answerer: Answerer | None = None
        self.admins: tuple[int, ...] = ()  # ADMIN_USER_IDS: told about errors
        self.question_log: QuestionLog | None = None  # None when QUESTION_LOG_PATH is empty
        self.flood: FloodGuard | None = None  # None when RATE_LIMIT_PER_MINUTE is 0
        self.stats = QuestionStats()  # since start-up, for /stats
        self.catalogue: Catalogue = catalogue(DEFAULT_LANGUAGE)  # the texts replies are made of

    @property
    def answerer(self) -> Answerer:
        """The one Answerer, swapped whole by /reload."""
        if self._answerer is None:
            raise RuntimeError("BotData.answerer is used before build_application set it")
        return self._answerer

    @answerer.setter
    def answerer(self, answerer: Answerer) -> None:
        self._answerer = answerer


# The context every handler gets: python-telegram-bot's, with our BotData as bot_data.
Context: TypeAlias = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]
