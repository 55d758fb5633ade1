"""Bot API calls that fail for a moment are tried again: 429, 5xx, timeouts, lost connections.

python-telegram-bot retries getUpdates itself (the Updater's network loop). Every other call
goes through the bot's rate limiter, so that is where retrying lives: AIORateLimiter keeps
sending within Telegram's published limits and waits out a 429's retry_after (pausing every
send, as Telegram asks); RetryingRateLimiter, wrapped around it, also retries timeouts, dropped
connections and 5xx answers, waiting longer each time. A refusal (400, 401, 403) is final and
raised at once.

While the bot runs a failing call is retried until it goes through, so a question is never
dropped because Telegram was briefly away; once the bot is stopping, for STOP_GRACE seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.updates import mark_given_up, mark_sending

logger = logging.getLogger(__name__)

FIRST_DELAY = 0.5  # seconds before the first retry, doubled for each one after it ...
MAX_DELAY = 30.0  # ... up to this
STOP_GRACE = 5.0  # once stopping, a failing call is given up after this long (see bot.serve)
RETRY_AFTER_RETRIES = 5  # 429s in a row AIORateLimiter waits out before this class takes over

ApiResult = bool | dict[str, Any] | list[dict[str, Any]]


def transient(error: BaseException) -> bool:
    """True for failures that may pass: 429, 5xx, timeouts, lost connections."""
    if isinstance(error, RetryAfter):
        return True
    # BadRequest is python-telegram-bot's NetworkError for a 400: the call itself is wrong
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


def backoff(attempt: int, error: BaseException | None = None) -> float:
    """Seconds to wait before retry number `attempt` (0 first); a 429 says how long itself."""
    if isinstance(error, RetryAfter):
        # the timedelta itself, as AIORateLimiter reads it: the public attribute is an int with
        # a deprecation warning unless PTB_TIMEDELTA is set
        return error._retry_after.total_seconds()
    return min(MAX_DELAY, FIRST_DELAY * 2.0 ** min(attempt, 16))  # capped: no overflow


class RetryingRateLimiter(BaseRateLimiter[int]):
    """Wraps a rate limiter (AIORateLimiter) and retries transient failures with capped backoff.

    The limiter inside paces every attempt, so retries stay within Telegram's limits too.
    """

    def __init__(self, limiter: BaseRateLimiter[Any], where: str = "the Bot API") -> None:
        self.limiter = limiter
        self.where = where  # named in the log: the server's root URL, never one with the token
        self._stopping_since: float | None = None

    async def initialize(self) -> None:
        """Initialise the limiter inside."""
        await self.limiter.initialize()

    async def shutdown(self) -> None:
        """Shut the limiter inside down."""
        await self.limiter.shutdown()

    def stop_retrying(self) -> None:
        """The bot is stopping: from now on a failing call is retried for STOP_GRACE at most."""
        self._stopping_since = time.monotonic()

    def _give_up(self, first_failure: float, wait: float) -> bool:
        if self._stopping_since is None:
            return False
        return time.monotonic() + wait > max(first_failure, self._stopping_since) + STOP_GRACE

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, ApiResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> ApiResult:
        """Send through the limiter inside; after a transient failure wait and send again."""
        attempt, first_failure = 0, 0.0

        async def send(*args: Any, **kwargs: Any) -> ApiResult:
            mark_sending()  # past the limiter's wait: the request goes out now
            return await callback(*args, **kwargs)

        while True:
            try:
                # AIORateLimiter waits out this many 429s itself, pausing every send meanwhile
                return await self.limiter.process_request(
                    send, args, kwargs, endpoint, data, rate_limit_args or RETRY_AFTER_RETRIES
                )
            except TelegramError as error:
                if not transient(error):
                    raise
                wait = backoff(attempt, error)
                first_failure = first_failure or time.monotonic()
                if self._give_up(first_failure, wait):
                    logger.error("%s failed (%s) while stopping; giving up", endpoint, error)
                    mark_given_up()  # so the update stays in the inbox for the next start
                    raise
                # the whole text: it is redacted before it is written, and cutting it could
                # leave part of a token an error page echoed where redaction cannot find it
                logger.warning(
                    "%s at %s failed (%s: %s); trying again in %.1f s",
                    endpoint,
                    self.where,
                    type(error).__name__,
                    error,
                    wait,
                )
                await asyncio.sleep(wait)
                attempt += 1
