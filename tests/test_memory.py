"""Resident memory has a ceiling: floods of input that is new every time leave it flat.

Measured in this process (the real Application over the in-process fake Bot API), from
/proc/self/statm after a warm-up and again at the end, with the garbage collected first.
"""

from __future__ import annotations

import gc
import random
import string
import time
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import FakeTelegram
from harness import running_app
from telegram import Update

CEILING = 10.0  # MB resident memory may grow by, past the warm-up
INLINE_QUERIES = 100_000
WARM_UP = 5_000


def resident_mb() -> float:
    """This process's resident memory, in MB, once the garbage is collected."""
    gc.collect()
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 1e6


def junk(rng: random.Random) -> str:
    """Three words never seen before: each would be a new entry in any cache keyed by word."""
    return " ".join("".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(3))


def inline_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """An inline query built directly: FakeTelegram.inline() remembers every query id."""
    sender = {"id": user_id, "is_bot": False, "first_name": "Flood"}
    query = {"id": str(update_id), "from": sender, "query": text, "offset": ""}
    return {"update_id": update_id, "inline_query": query}


async def test_an_inline_flood_from_one_user_leaves_memory_flat(answerer: Any) -> None:
    """100,000 inline queries of new words from one user (as a script sends them): resident
    memory grows by less than 10 MB past the first 5,000, and the bot stays responsive."""
    telegram, rng = FakeTelegram(), random.Random(15)
    async with running_app(telegram, answerer) as bot:
        readings: list[tuple[int, float]] = []
        started = time.monotonic()
        for n in range(1, INLINE_QUERIES + 1):
            # the first few through the fake, which then accepts their answers; the rest are
            # refused before any answer (the fake would remember their ids: test-side memory)
            update = telegram.inline(junk(rng)) if n <= 30 else inline_update(n, 1001, junk(rng))
            await bot.app.process_update(Update.de_json(update, bot.app.bot))
            if n == WARM_UP or n % 25_000 == 0:
                telegram.calls.clear()  # the fake's record of calls is the test's, not the bot's
                readings.append((n, resident_mb()))
        took = time.monotonic() - started
        assert "20,000" in await bot.ask("how many people attended?")
    growth = readings[-1][1] - readings[0][1]
    print(
        f"\n{INLINE_QUERIES} inline queries in {took:.1f} s; resident MB at "
        + ", ".join(f"{n:,}: {mb:.1f}" for n, mb in readings)
        + f"; growth past the warm-up {growth:+.1f} MB"
    )
    assert growth < CEILING
    assert not bot.errors


USERS = 20_000


async def test_inline_queries_from_20_000_users_leave_memory_flat(
    answerer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One inline query each from 20,000 users (every one new to the bot, each answered):
    what is kept per user (the flood limit's table, here bounded at 2,000 users to reach its
    bound early; PTB's own sets) stops growing, so past the first 3,000 resident memory grows
    by less than 1 MB (60 bytes a user: 6 MB for 100,000). Inline queries, as messages are
    paced at 30 a second by the rate limiter."""
    monkeypatch.setattr("bot.flood.MAX_TRACKED", 2_000)
    monkeypatch.setattr("bot.flood.ROOM_AFTER", 1_800)
    telegram = FakeTelegram()
    async with running_app(telegram, answerer) as bot:
        readings: list[tuple[int, float]] = []
        for n in range(1, USERS + 1):
            update = inline_update(n, 10**6 + n, "how many people attended")
            telegram._inline.add(str(n))  # so the fake takes the answer (and forgets the id)
            await bot.app.process_update(Update.de_json(update, bot.app.bot))
            if n % 100 == 0:  # the fake's record of calls is the test's memory, not the bot's
                telegram.calls.clear()
            if n == 3_000 or n % 5_000 == 0:
                readings.append((n, resident_mb()))
        answered = len(telegram._inline)
    growth = readings[-1][1] - readings[0][1]
    print(
        f"\n{USERS} users, one inline query each; resident MB at "
        + ", ".join(f"{n:,}: {mb:.1f}" for n, mb in readings)
        + f"; growth past the warm-up {growth:+.1f} MB"
    )
    assert answered == 0  # every query was answered
    assert growth < 1.0
    assert not bot.errors


def test_junk_questions_leave_the_engine_flat(answerer: Any) -> None:
    """New words in every question: the stem cache stays at its bound and memory with it
    (120,000 junk questions by hand: +0.0 MB; 8,000 here, after 2,000 to warm up: unbounded,
    their 24,000 new words would take some 3.6 MB)."""
    from knowledge.analyse.normalise import STEM_CACHE_SIZE

    rng = random.Random(7)
    for _ in range(2_000):
        answerer.answer(junk(rng))
    gc.collect()
    before = resident_mb()
    for _ in range(8_000):
        answerer.answer(junk(rng))
    gc.collect()
    assert resident_mb() - before < 2.0
    assert answerer.analyser.stemmer.stem.cache_info().currsize <= STEM_CACHE_SIZE
