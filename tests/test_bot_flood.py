"""The per-user flood limit: RATE_LIMIT_PER_MINUTE answers a minute, then one polite notice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_bot_api import GROUP_CHAT, PRIVATE_CHAT, USER, FakeTelegram
from harness import Harness, running_app

from bot.flood import WINDOW, FloodGuard, Verdict

NOTICE_60 = (
    "You're sending messages faster than I can answer them. "
    "Please wait about 60 seconds, then ask again; I'll skip what you send until then."
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def bot(telegram: FakeTelegram, answerer: Any) -> AsyncIterator[Harness]:
    """The real Application with the default limit, 20 a minute."""
    async with running_app(telegram, answerer) as harness:
        yield harness


def notices(bot: Harness, chat_id: int) -> list[str]:
    return [r["text"] for r in bot.replies() if r["chat_id"] == chat_id and "faster" in r["text"]]


def answers(bot: Harness, chat_id: int) -> list[str]:
    return [
        r["text"] for r in bot.replies() if r["chat_id"] == chat_id and "faster" not in r["text"]
    ]


async def test_thirty_quick_questions_get_twenty_answers_and_one_notice(bot: Harness) -> None:
    """30 questions at once from one user: 20 answers, exactly 1 notice; another user unaffected."""
    other, other_chat = bot.telegram.add_user(2002)
    for _ in range(30):
        await bot.feed(bot.telegram.message("how many people attended?"))
    await bot.feed(bot.telegram.message("how many people attended?", other_chat, sender=other))
    assert len(answers(bot, PRIVATE_CHAT["id"])) == 20
    [notice] = notices(bot, PRIVATE_CHAT["id"])
    assert "wait about 60 seconds" in notice
    assert [a for a in answers(bot, other_chat["id"]) if "20,000" in a]
    assert not notices(bot, other_chat["id"])
    assert len(bot.calls("sendMessage")) == 22  # nothing else was sent
    assert not bot.errors


async def test_a_second_notice_only_after_the_user_was_let_through(bot: Harness) -> None:
    """Limited again after a pause: a new notice, since one message passed in between."""
    clock = Clock()
    bot.app.bot_data.flood = FloodGuard(20, clock=clock)
    for _ in range(25):
        await bot.feed(bot.telegram.message("how many people attended?"))
    clock.now += WINDOW
    for _ in range(25):
        await bot.feed(bot.telegram.message("how many people attended?"))
    assert len(answers(bot, PRIVATE_CHAT["id"])) == 40
    assert len(notices(bot, PRIVATE_CHAT["id"])) == 2


async def test_button_presses_count_and_the_notice_is_the_buttons_note(bot: Harness) -> None:
    """Over the limit, a button press gets the notice as its note once, then a silent answer."""
    for _ in range(22):
        await bot.feed(bot.telegram.callback("f:duration"))
    notes = [c.params.get("text") for c in bot.calls("answerCallbackQuery")]
    assert len(notes) == 22  # every press answered, so no button spins on
    assert notes[20] == NOTICE_60 and notes[21] is None
    assert len(bot.replies()) == 20


async def test_group_chatter_not_meant_for_the_bot_does_not_count(bot: Harness) -> None:
    """Messages in a group the bot would not answer never use up the user's allowance."""
    for _ in range(30):
        await bot.feed(bot.telegram.message("lovely weather", GROUP_CHAT))
    await bot.feed(bot.telegram.message("how many people attended?"))
    assert [r["chat_id"] for r in bot.replies()] == [PRIVATE_CHAT["id"]]
    assert not notices(bot, PRIVATE_CHAT["id"])


async def test_zero_turns_the_limit_off(telegram: FakeTelegram, answerer: Any) -> None:
    """RATE_LIMIT_PER_MINUTE=0: every question is answered."""
    async with running_app(telegram, answerer, rate_limit_per_minute=0) as bot:
        for _ in range(30):
            await bot.feed(bot.telegram.message("how many people attended?"))
        assert len(answers(bot, PRIVATE_CHAT["id"])) == 30


def test_the_guard_counts_a_sliding_minute() -> None:
    """Refused messages do not count; each passed one frees its place 60 s after it passed."""
    clock = Clock()
    guard = FloodGuard(2, clock=clock)
    user = USER["id"]
    assert [guard.check(user) for _ in range(4)] == [
        Verdict.PASS, Verdict.PASS, Verdict.NOTICE, Verdict.QUIET,
    ]  # fmt: skip
    clock.now = 30
    assert guard.check(user) is Verdict.QUIET and guard.wait(user) == 30
    clock.now = 60
    assert guard.check(user) is Verdict.PASS  # the first one's place is free again
    assert guard.check(user) is Verdict.PASS  # and the second's
    assert guard.check(user) is Verdict.NOTICE  # let through since, so told again
    assert guard.check(7) is Verdict.PASS  # others are counted apart


def test_the_guard_forgets_idle_users(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays bounded: users idle for a minute are forgotten when many are tracked."""
    monkeypatch.setattr("bot.flood.MAX_TRACKED", 10)
    clock = Clock()
    guard = FloodGuard(1, clock=clock)
    for user in range(11):
        guard.check(user)
    clock.now = WINDOW + 1
    guard.check(99)
    assert len(guard._passed) == 1


def test_the_guard_stays_bounded_when_every_user_is_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 users at once, none idle: the table never holds more than MAX_TRACKED."""
    monkeypatch.setattr("bot.flood.MAX_TRACKED", 10)
    monkeypatch.setattr("bot.flood.ROOM_AFTER", 9)
    guard, sizes = FloodGuard(5, clock=Clock()), []
    for user in range(1000):
        guard.check(user)
        sizes.append(len(guard._passed))
    assert max(sizes) == 10 and guard.check(999) is Verdict.PASS


class CountingAnswerer:
    """The real Answerer, counting the questions it is asked."""

    def __init__(self, answerer: Any) -> None:
        self.answerer, self.asked = answerer, 0

    def answer(self, question: str, *args: Any, **kwargs: Any) -> Any:
        self.asked += 1
        return self.answerer.answer(question, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.answerer, name)


async def test_inline_queries_over_the_limit_get_an_empty_result_and_no_work(
    bot: Harness, answerer: Any
) -> None:
    """30 inline queries from one user: 20 answered, the 21st an empty result, the rest nothing;
    the engine is asked 20 times; the user's chat answers have a budget of their own."""
    counting = CountingAnswerer(answerer)
    bot.app.bot_data.answerer = counting
    for n in range(30):
        await bot.feed(bot.telegram.inline(f"how many people attended {n}"))
    answered = bot.calls("answerInlineQuery")
    assert [bool(c.params["results"]) for c in answered] == [True] * 20 + [False]
    assert counting.asked == 20
    assert "20,000" in await bot.ask("how many people attended?")
    assert not bot.errors
