"""Updates from different chats are handled at the same time; one chat's one at a time, in order."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256  # updates being handled at once (a chat waiting its turn holds none)
UNLIMITED = sys.maxsize  # BaseUpdateProcessor's own limit: never reached, see do_process_update


def chat_key(update: object) -> int | None:
    """What orders an update: its chat, else its user (inline queries); None for anything else."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class PerChatProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one, so answers arrive in the order asked.

    A slow reply (a send being retried, a group paced at 20 a minute) holds up its own chat
    only: an update waits for its chat's turn first and takes one of the concurrent slots only
    then, so a chat's backlog never fills the slots other chats need. It also remembers the
    highest update id handled, so the bot can confirm to Telegram what it has answered.
    """

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(UNLIMITED)
        self._slots = asyncio.BoundedSemaphore(max_concurrent_updates)
        # one per chat with an update in hand; bounded by the updates fetched and not yet done
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._holders: dict[int | None, int] = {}  # updates holding or awaiting each lock
        self.last_update_id: int | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates, then for a slot, then handle the update.

        BaseUpdateProcessor's own slot (taken before this is called) is never short: it is
        sized past any backlog, because taken first it would let one chat's queue hold every
        slot while its updates wait for each other. asyncio.Lock is first come, first served.
        """
        key = chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:  # the chat is idle: forget it
                del self._holders[key], self._locks[key]
            if isinstance(update, Update):
                self.last_update_id = max(self.last_update_id or 0, update.update_id)

    @property
    def waiting(self) -> int:
        """Updates being handled or waiting for their chat's turn."""
        return sum(self._holders.values())

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
