"""`python -m bot run` against a misbehaving Bot API, and across a stop: nothing lost or doubled.

The fake Bot API fails calls on a seeded plan (FaultPlan). What counts is what reached each
chat: every question answered once, in the order asked. The one duplicate allowed is the one
Telegram itself cannot rule out: a send accepted, then answered too late for the bot, which
sends it again. The fake knows those calls (Call.ambiguous) and they alone are left out.
A stop or a crash in the middle of a backlog is in test_bot_inbox.py.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bot_process import WAIT, running_bot
from fake_bot_api import BOT_TOKEN, Call, FakeBotApiServer, FakeTelegram, FaultPlan

from bot.render import to_html

TIMEOUT = 2.0  # TELEGRAM_TIMEOUT for the bot: how long it waits for each call
LONGEST = 120.0  # seconds the whole load may take, however the faults fall


def question_pool(answerer: Any) -> list[str]:
    """Questions of every kind: each fact's own, off-topic ones, hostile-looking ones."""
    return [f.question for f in answerer.store.facts] + [
        "who won the match?",
        "deals and investment",
        "how many companies",
        "<b>how many people attended?</b> & more",
        "什么时候开幕",
    ]


def ask_everyone(
    api: FakeTelegram, users: int, rounds: Iterable[int], seed: int, pool: list[str]
) -> dict[int, list[str]]:
    """Each user's questions, pushed round by round (one question per user a round)."""
    rng = random.Random(seed)
    people = [api.add_user(5000 + n) for n in range(users)]
    asked: dict[int, list[str]] = {chat["id"]: [] for _, chat in people}
    for _ in rounds:
        for user, chat in people:
            question = rng.choice(pool)
            asked[chat["id"]].append(question)
            api.push(api.message(question, chat, sender=user))
    return asked


def replies_by_chat(api: FakeTelegram, chats: Iterable[int]) -> dict[int, list[str]]:
    """What reached each chat, in order, leaving out ambiguous (accepted, timed out) sends."""
    wanted = set(chats)
    found: dict[int, list[str]] = {chat: [] for chat in wanted}
    for call in api.sent("sendMessage"):
        if call.params["chat_id"] in wanted and not call.ambiguous:
            found[call.params["chat_id"]].append(call.params["text"])
    return found


def wait_until(done: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.1)


def expected_replies(answerer: Any, asked: dict[int, list[str]]) -> dict[int, list[str]]:
    """What each chat should receive: the engine's answer to each question, in order."""
    return {chat: [to_html(answerer.answer(q)) for q in qs] for chat, qs in asked.items()}


def retried_too_soon(api: FakeTelegram) -> list[tuple[float, Call]]:
    """429s whose call came back before retry_after had passed: (waited, the next call)."""
    assert api.faults is not None
    early = []
    calls = api.calls
    for fault in (f for f in api.injected if f.kind == "429"):
        key = (fault.params["chat_id"], fault.params["text"])
        again = next(
            c
            for c in calls
            if c.method == "sendMessage"
            and c.at > fault.at
            and (c.params["chat_id"], c.params["text"]) == key
        )
        if again.at - fault.at < api.faults.retry_after:
            early.append((again.at - fault.at, again))
    return early


def test_500_questions_from_50_users_through_faults_are_each_answered_once(
    tmp_path: Path, answerer: Any
) -> None:
    """A fifth of sends fail (429, 500, 502 page, timeout, reset), every fifth poll is dropped:
    every question is still answered exactly once, in order within each chat."""
    plan = FaultPlan(seed=14, delay=TIMEOUT + 1)
    api = FakeTelegram(faults=plan)
    with (
        FakeBotApiServer(api) as server,
        running_bot(
            tmp_path,
            TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_API_URL=server.url,
            TELEGRAM_TIMEOUT=str(TIMEOUT),
        ) as bot,
    ):
        api.wait_for("setMyCommands", timeout=WAIT)
        asked = ask_everyone(api, users=50, rounds=range(10), seed=14, pool=question_pool(answerer))
        total = sum(len(qs) for qs in asked.values())

        def answered() -> int:
            return sum(len(r) for r in replies_by_chat(api, asked).values())

        wait_until(lambda: answered() >= total, LONGEST, f"{total} questions answered")
        assert bot.stop(timeout=WAIT * 2) == 0  # whatever it still sends is counted below
    assert replies_by_chat(api, asked) == expected_replies(answerer, asked)

    faults = Counter(f.kind for f in api.injected)
    ambiguous = [c for c in api.calls if c.ambiguous]
    assert total == 500
    assert {"429", "500", "502", "timeout", "reset", "drop"} <= set(faults)
    assert len(ambiguous) == faults["timeout"]
    assert not retried_too_soon(api)
    output = bot.output()
    assert "error while handling an update" not in output  # no question ended in an error
    assert BOT_TOKEN.split(":")[1] not in output  # 502 pages echo the URL, token and all
    print(
        f"\n{total} questions from 50 users; faults injected: {dict(sorted(faults.items()))} "
        f"in {plan.seen('sendMessage')} sends and {plan.seen('getUpdates')} polls; answered "
        f"exactly once: {total}; ambiguous timed-out sends (accepted, then sent again): "
        f"{len(ambiguous)}"
    )
