"""The bot's shared state, typed: what every handler reaches through context.bot_data."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, TypeAlias

from telegram import User
from telegram.ext import CallbackContext, ExtBot

from bot.conversations import Conversations
from bot.flood import FloodGuard
from bot.stats import QuestionStats
from knowledge.answerer import Answerer, from_hint
from knowledge.catalogue import Catalogue, catalogue
from knowledge.models import DEFAULT_LANGUAGE
from knowledge.questionlog import QuestionLog

MAX_CHOSEN = 100_000  # users whose /language choice is kept in memory (about 10 MB at most)


class BotData:
    """Made empty by python-telegram-bot (ContextTypes calls it), filled by build_application."""

    def __init__(self) -> None:
        self._answerer: Answerer | None = None
        self.admins: tuple[int, ...] = ()  # ADMIN_USER_IDS: told about errors
        self.question_log: QuestionLog | None = None  # None when QUESTION_LOG_PATH is empty
        self.flood: FloodGuard | None = None  # None when RATE_LIMIT_PER_MINUTE is 0
        self.inline_flood: FloodGuard | None = None  # the same limit, counted apart, for inline
        self.stats = QuestionStats()  # since start-up, for /stats
        self.conversations = Conversations()  # each conversation's last answer, for follow-ups
        self.catalogue: Catalogue = catalogue(DEFAULT_LANGUAGE)  # the texts replies are made of
        # the language each user chose with /language; the least recent forgotten past the bound
        self._chosen: OrderedDict[int, str] = OrderedDict()

    def chosen(self, user: User | None) -> str | None:
        """The language the user chose with /language, if any."""
        if user is None or user.id not in self._chosen:
            return None
        self._chosen.move_to_end(user.id)
        return self._chosen[user.id]

    def choose(self, user: User, language: str | None) -> None:
        """Remember the user's language; None goes back to the question's own."""
        self._chosen.pop(user.id, None)
        if language is not None:
            self._chosen[user.id] = language
            while len(self._chosen) > MAX_CHOSEN:
                self._chosen.popitem(last=False)

    def language_of(self, user: User | None) -> str:
        """The language of the bot's fixed replies to the user: chosen, else Telegram's."""
        hinted = from_hint(user.language_code) if user else None
        for code in (self.chosen(user), hinted):
            if code and code in self.answerer.languages:
                return code
        return DEFAULT_LANGUAGE

    def texts(self, user: User | None) -> Catalogue:
        """The catalogue of the user's language."""
        return catalogue(self.language_of(user))

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
