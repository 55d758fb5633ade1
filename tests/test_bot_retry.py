"""RetryingRateLimiter: what fails for a moment is sent again, after the right wait."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import BaseRateLimiter

from bot import retry
from bot.retry import RetryingRateLimiter, backoff, transient


def retry_after(seconds: int) -> RetryAfter:
    """A 429's error, as python-telegram-bot raises it (without its deprecation warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return RetryAfter(dt.timedelta(seconds=seconds))


class Direct(BaseRateLimiter[int]):
    """A limiter that makes the call at once, so only the retrying is tested."""

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(self, callback: Any, args: Any, kwargs: Any, *rest: Any) -> Any:
        return await callback(*args, **kwargs)


class Clock:
    """bot.retry's view of time: it moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The waits between attempts, recorded (and passed on a fake clock) instead of slept."""
    clock = Clock()
    monkeypatch.setattr(retry, "time", clock)
    monkeypatch.setattr(retry.asyncio, "sleep", clock.sleep)
    yield clock.slept


def failing(*errors: TelegramError) -> tuple[Callable[..., Any], list[int]]:
    """A Bot API call that raises these errors in turn, then succeeds; and its attempt count."""
    attempts = [0]

    async def call() -> dict[str, Any]:
        attempts[0] += 1
        if attempts[0] <= len(errors):
            raise errors[attempts[0] - 1]
        return {"ok": True}

    return call, attempts


async def send(limiter: RetryingRateLimiter, call: Any, endpoint: str = "sendMessage") -> Any:
    return await limiter.process_request(call, (), {}, endpoint, {"chat_id": 1}, None)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (TimedOut(), True),
        (NetworkError("httpx.ReadError: [Errno 104] Connection reset by peer"), True),
        (NetworkError("Bad Gateway (502)"), True),
        (NetworkError("Internal Server Error"), True),
        (retry_after(3), True),
        (BadRequest("Chat not found"), False),
        (Forbidden("Forbidden: bot was blocked by the user"), False),
        (InvalidToken("Unauthorized"), False),
    ],
)
def test_transient_failures_are_told_from_refusals(error: TelegramError, expected: bool) -> None:
    """Timeouts, lost connections, 5xx and 429 may pass; 400, 401 and 403 will not."""
    assert transient(error) is expected


def test_backoff_doubles_up_to_a_cap_and_a_429_sets_its_own_wait() -> None:
    """0.5, 1, 2, 4 ... 30 seconds; a 429 waits exactly its retry_after."""
    assert [backoff(n) for n in range(8)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
    assert backoff(10_000) == 30  # no overflow, however long Telegram stays away
    assert backoff(0, retry_after(7)) == 7


async def test_transient_failures_are_retried_with_growing_waits(waits: list[float]) -> None:
    """A timeout, a reset and a 5xx in a row: three retries, waiting 0.5, 1 and 2 s."""
    call, attempts = failing(TimedOut(), NetworkError("reset"), NetworkError("Bad Gateway"))
    assert await send(RetryingRateLimiter(Direct()), call) == {"ok": True}
    assert attempts == [4]
    assert waits == [0.5, 1, 2]


async def test_a_429_past_the_rate_limiters_own_retries_waits_its_retry_after(
    waits: list[float],
) -> None:
    """A RetryAfter that reaches the wrapper is waited out for exactly retry_after seconds."""
    call, attempts = failing(retry_after(4))
    assert await send(RetryingRateLimiter(Direct()), call) == {"ok": True}
    assert attempts == [2] and waits == [4]


@pytest.mark.parametrize("error", [BadRequest("Chat not found"), Forbidden("blocked")])
async def test_refusals_are_raised_at_once(waits: list[float], error: TelegramError) -> None:
    """A 400 or 403 is final: raised on the first attempt, never retried."""
    call, attempts = failing(error)
    with pytest.raises(type(error)):
        await send(RetryingRateLimiter(Direct()), call)
    assert attempts == [1] and waits == []


async def test_while_stopping_a_failing_call_is_given_up_after_the_grace(
    waits: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once stopping, retries go on only while they fit in STOP_GRACE seconds."""
    monkeypatch.setattr(retry, "STOP_GRACE", 3.0)  # 0.5 + 1 fit; 2 more would end at 3.5
    limiter = RetryingRateLimiter(Direct())
    limiter.stop_retrying()
    call, attempts = failing(*[TimedOut()] * 10)
    with pytest.raises(TimedOut):
        await send(limiter, call)
    assert waits == [0.5, 1]
    assert attempts == [3]


async def test_the_wrapped_limiter_is_asked_for_retry_after_retries(waits: list[float]) -> None:
    """AIORateLimiter inside is told to wait out 429s itself (pausing every send meanwhile)."""
    seen: list[Any] = []

    class Recording(Direct):
        async def process_request(self, callback: Any, args: Any, kwargs: Any, *rest: Any) -> Any:
            seen.append(rest[-1])
            return await callback(*args, **kwargs)

    await send(RetryingRateLimiter(Recording()), failing()[0])
    assert seen == [retry.RETRY_AFTER_RETRIES]
    assert waits == []
