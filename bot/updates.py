"""Updates from different chats are handled at the same time; one chat's one at a time, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256  # updates handled or waiting for their chat at once


def chat_key(update: object) -> int | None:
    """What orders an update: its chat, else its user (inline queries); None for anything else."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class PerChatProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one, so answers arrive in the order asked.

    A slow reply (a send being retried) holds up its own chat only. It also remembers the
    highest update id handled, so the bot can confirm to Telegram what it has answered.
    """

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._holders: dict[int | None, int] = {}  # updates holding or awaiting each lock
        self.last_update_id: int | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates (asyncio.Lock is first come, first served)."""
        key = chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock:
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
