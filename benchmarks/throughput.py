"""Updates per second through the real Application, with the Bot API answered in-process."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import sys
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeAlias
from unittest import mock

from pydantic import SecretStr
from telegram import Update
from telegram.ext import BaseRateLimiter
from telegram.request import RequestData

import bot.app
from bot.app import BotApplication, build_application
from bot.config import Settings
from knowledge.answerer import Answerer
from knowledge.store import DEFAULT_ROOT

FAKE_API = DEFAULT_ROOT / "tests" / "fake_bot_api.py"
USERS = 1000  # distinct users the updates come from, each in a private chat
FIRST_USER = 200_000


def fake_api() -> ModuleType:
    """tests/fake_bot_api.py, imported by path (tests/ is not a package)."""
    if "fake_bot_api" in sys.modules:
        return sys.modules["fake_bot_api"]
    spec = importlib.util.spec_from_file_location("fake_bot_api", FAKE_API)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {FAKE_API}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fake_bot_api"] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Throughput:
    """How many updates were handled in how long, the replies sent and the problems logged."""

    updates: int
    seconds: float
    replies: int
    errors: int = 0  # warnings (a send tried again) and errors logged

    @property
    def per_second(self) -> float:
        """Updates handled per second."""
        return self.updates / self.seconds


def _instant_request() -> type:
    """The tests' in-process fake, answering every call at once with a canned success."""
    api = fake_api()

    class InstantRequest(api.FakeRequest):  # type: ignore[misc,name-defined]
        """The Bot API answering every call with a canned success: no checks, no state."""

        def __init__(self) -> None:
            super().__init__(api.FakeTelegram())
            message = {"message_id": 1, "date": 0, "chat": api.PRIVATE_CHAT, "text": "ok"}
            message["from"] = api.BOT_USER
            self._bodies = {
                "getMe": json.dumps({"ok": True, "result": api.BOT_USER}).encode(),
                "sendMessage": json.dumps({"ok": True, "result": message}).encode(),
            }
            self._true = json.dumps({"ok": True, "result": True}).encode()
            self.replies = 0

        def respond(
            self, token: str, method: str, request_data: RequestData | None
        ) -> tuple[int, bytes]:
            """Answer the call by its method alone."""
            self.replies += method == "sendMessage"
            return 200, self._bodies.get(method, self._true)

    return InstantRequest


JSONResult: TypeAlias = bool | dict[str, Any] | list[dict[str, Any]]


class PassThroughLimiter(BaseRateLimiter[None]):
    """Sends every call at once: measures the bot, not Telegram's 30 messages a second."""

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> JSONResult:
        """Make the call now."""
        return await callback(*args, **kwargs)


def settings(api_url: str = "http://bot-api.invalid") -> Settings:
    """Settings with a well-formed dummy token; nothing read from the environment or .env."""
    token = SecretStr(fake_api().BOT_TOKEN)
    return Settings(_env_file=None, telegram_bot_token=token, telegram_api_url=api_url)


@contextmanager
def unthrottled() -> Iterator[None]:
    """build_application with the pass-through limiter in place of AIORateLimiter."""
    with mock.patch.object(bot.app, "AIORateLimiter", PassThroughLimiter):
        yield


class _Collect(logging.Handler):
    """Keeps the records of warnings and errors instead of printing them."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def errors_logged() -> Iterator[list[logging.LogRecord]]:
    """The warnings and errors the bot and python-telegram-bot log, kept rather than printed.

    A send that failed and was tried again is a warning; a handler that failed, an error.
    """
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    loggers = [logging.getLogger(name) for name in ("bot", "telegram")]
    propagate = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.propagate = False
        logger.addHandler(handler)
    try:
        yield records
    finally:
        for logger, old in zip(loggers, propagate, strict=True):
            logger.removeHandler(handler)
            logger.propagate = old


def private_chat(user_id: int) -> dict[str, Any]:
    """A private chat with one user (its id is the user's)."""
    return {"id": user_id, "type": "private", "first_name": f"User {user_id}"}


def message_updates(questions: Sequence[str], count: int) -> list[dict[str, Any]]:
    """count text messages as getUpdates returns them, from USERS users in turn.

    Many users, each asking a few questions, as a busy bot sees them: one user would be held
    back by the per-user flood limit and by handling each chat's updates in order.
    """
    telegram = fake_api().FakeTelegram()
    updates = []
    for n in range(count):
        chat = private_chat(FIRST_USER + n % USERS)
        update = telegram.message(questions[n % len(questions)], chat)
        update["message"]["from"] = {"id": chat["id"], "is_bot": False, "first_name": "User"}
        updates.append(update)
    return updates


async def in_process(
    answerer: Answerer,
    questions: Sequence[str],
    count: int,
    concurrent: bool = True,
    throttled: bool = False,
) -> Throughput:
    """Feed count updates to the Application, as its update fetcher does, or one at a time.

    Update.de_json is inside the timing, as the updater does it for every update it fetches.
    """
    request = _instant_request()()
    if throttled:
        app = build_application(settings(), answerer, request=request)
    else:
        with unthrottled():
            app = build_application(settings(), answerer, request=request)
    raw = message_updates(questions, count)
    async with app:
        with errors_logged() as errors:
            elapsed = await feed(app, raw, concurrent)
    return Throughput(count, elapsed, request.replies, len(errors))


async def feed(app: BotApplication, raw: list[dict[str, Any]], concurrent: bool = True) -> float:
    """Seconds to handle every update, concurrently as the app is built, or one by one.

    Concurrently: each is handed to the app's update processor at once, as its update
    fetcher does; the processor decides how many run together.
    """

    async def one(data: dict[str, Any]) -> None:
        update = Update.de_json(data, app.bot)
        await app.update_processor.process_update(update, app.process_update(update))

    start = time.perf_counter()
    if concurrent:
        await asyncio.gather(*(one(data) for data in raw))
    else:
        for data in raw:
            await app.process_update(Update.de_json(data, app.bot))
    return time.perf_counter() - start
