"""The real Application built by build_application, fed updates, over a fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fake_bot_api import BOT_TOKEN, PRIVATE_CHAT, Call, FakeRequest, FakeTelegram
from pydantic import SecretStr
from telegram import Update
from telegram.ext import ContextTypes

from bot.app import BotApplication, build_application
from bot.config import Settings


@dataclass
class Harness:
    """The application under test, the fake Bot API behind it, and any handler errors."""

    app: BotApplication
    telegram: FakeTelegram
    errors: list[BaseException] = field(default_factory=list)

    async def feed(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    def calls(self, method: str | None = None) -> list[Call]:
        return [c for c in self.telegram.calls if method is None or c.method == method]

    def replies(self) -> list[dict[str, Any]]:
        return [c.params for c in self.telegram.sent("sendMessage")]

    async def ask(self, text: str) -> str:
        """Send a private message; the text of the one reply it gets."""
        before = len(self.replies())
        await self.feed(self.telegram.message(text))
        [reply] = self.replies()[before:]
        text_sent: str = reply["text"]
        return text_sent


@asynccontextmanager
async def running_app(
    telegram: FakeTelegram, answerer: Any, question_log: Any = None, **settings: Any
) -> AsyncIterator[Harness]:
    """build_application over the fake, initialised (getMe); the private chat's user is admin."""
    values: dict[str, Any] = {
        "telegram_bot_token": SecretStr(BOT_TOKEN),
        "telegram_api_url": "http://bot-api.invalid",
        "admin_user_ids": (PRIVATE_CHAT["id"],),
        **settings,
    }
    app = build_application(
        Settings(_env_file=None, **values),  # type: ignore[call-arg]
        answerer,
        request=FakeRequest(telegram),
        get_updates_request=FakeRequest(telegram),
        question_log=question_log,
    )
    harness = Harness(app, telegram)

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        harness.errors.append(context.error)

    app.add_error_handler(record)
    await app.initialize()
    telegram.calls.clear()  # getMe
    try:
        yield harness
    finally:
        await app.shutdown()
