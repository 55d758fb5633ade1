"""PerChatProcessor: chats are handled side by side, each chat's updates one at a time, in order."""

from __future__ import annotations

import asyncio
from typing import Any

from fake_bot_api import FakeTelegram
from telegram import Bot, Update

from bot.updates import PerChatProcessor, chat_key

TOKEN = "7000000001:AAFakeTokenForTestsOnly_abcdefghijklmn"


def update(telegram: FakeTelegram, chat: dict[str, Any], user: dict[str, Any]) -> Update:
    return Update.de_json(telegram.message("hi", chat, sender=user), Bot(TOKEN))


async def test_one_chat_in_order_other_chats_meanwhile(telegram: FakeTelegram) -> None:
    """A slow update holds up later ones of its chat only; each chat keeps its order."""
    processor = PerChatProcessor()
    ada, ada_chat = telegram.add_user(1)
    bob, bob_chat = telegram.add_user(2)
    done: list[str] = []

    async def handle(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        done.append(name)

    jobs = [
        (update(telegram, ada_chat, ada), handle("ada 1", 0.2)),
        (update(telegram, ada_chat, ada), handle("ada 2", 0.0)),
        (update(telegram, bob_chat, bob), handle("bob 1", 0.05)),
        (update(telegram, ada_chat, ada), handle("ada 3", 0.0)),
        (update(telegram, bob_chat, bob), handle("bob 2", 0.0)),
    ]
    await asyncio.gather(*(processor.process_update(u, c) for u, c in jobs))
    assert done == ["bob 1", "bob 2", "ada 1", "ada 2", "ada 3"]
    assert processor.last_update_id == max(u.update_id for u, _ in jobs)
    assert processor.waiting == 0 and not processor._locks  # idle chats are forgotten


def test_updates_are_ordered_by_chat_then_user(telegram: FakeTelegram) -> None:
    """Messages by their chat; inline queries (no chat) by their user."""
    user, chat = telegram.add_user(77)
    assert chat_key(update(telegram, chat, user)) == 77
    inline = Update.de_json(telegram.inline("expo"), Bot(TOKEN))
    assert chat_key(inline) == inline.inline_query.from_user.id
    assert chat_key(object()) is None


async def test_a_chats_backlog_holds_no_slot_another_chat_needs(telegram: FakeTelegram) -> None:
    """With 4 slots and 10 updates of one chat stuck behind its first, another chat still runs."""
    processor = PerChatProcessor(max_concurrent_updates=4)
    ada, ada_chat = telegram.add_user(1)
    bob, bob_chat = telegram.add_user(2)
    release, done = asyncio.Event(), []

    async def stuck() -> None:
        await release.wait()

    async def quick() -> None:
        done.append("bob")

    backlog = [
        asyncio.create_task(processor.process_update(update(telegram, ada_chat, ada), stuck()))
        for _ in range(10)
    ]
    await asyncio.sleep(0)
    await asyncio.wait_for(processor.process_update(update(telegram, bob_chat, bob), quick()), 1)
    assert done == ["bob"] and processor.waiting == 10
    release.set()
    await asyncio.gather(*backlog)
