"""Updates from different chats are handled at the same time; one chat's one at a time, in order."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 256  # updates being handled at once (a chat waiting its turn holds none)
UNLIMITED = sys.maxsize  # BaseUpdateProcessor's own limit: never reached, see do_process_update

OnDone = Callable[[object], Awaitable[None]]


@dataclass
class _Work:
    """One update being handled: has a Bot API request gone out for it, or been given up?"""

    sent: bool = False
    given_up: bool = False  # a call failed for good while stopping: not answered, not done


_WORK: ContextVar[_Work | None] = ContextVar("work", default=None)


def mark_sending() -> None:
    """A request for the update being handled goes out: stopping must now let it finish.

    Until then an update can be put back unanswered (nothing reached Telegram); after, cutting
    it off could leave a reply that shows again when the update is handled after a restart.
    """
    work = _WORK.get()
    if work is not None:
        work.sent = True


def mark_given_up() -> None:
    """A call for the update being handled was given up while stopping: keep it in the inbox."""
    work = _WORK.get()
    if work is not None:
        work.given_up = True


def chat_key(update: object) -> int | None:
    """What orders an update: its chat, else its user (inline queries); None for anything else."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


async def _nothing(update: object) -> None:
    return None


class PerChatProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one, so answers arrive in the order asked.

    A slow reply (a send being retried, a group paced at 20 a minute) holds up its own chat
    only: an update waits for its chat's turn first and takes one of the concurrent slots only
    then, so a chat's backlog never fills the slots other chats need. Each update handled is
    reported to `on_done` (the inbox marks it); on stopping, updates not yet started are left
    for the next start (see stop).
    """

    def __init__(
        self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES, on_done: OnDone = _nothing
    ) -> None:
        super().__init__(UNLIMITED)
        self._slots = asyncio.BoundedSemaphore(max_concurrent_updates)
        self._on_done = on_done
        # one per chat with an update in hand; bounded by the updates fetched and not yet done
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._holders: dict[int | None, int] = {}  # updates holding or awaiting each lock
        self._working: dict[asyncio.Task[Any], _Work] = {}  # at most MAX_CONCURRENT_UPDATES
        self._stopping = False
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
                if await self._handle(coroutine):
                    await self._on_done(update)
                    if isinstance(update, Update):
                        self.last_update_id = max(self.last_update_id or 0, update.update_id)
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:  # the chat is idle: forget it
                del self._holders[key], self._locks[key]

    async def _handle(self, coroutine: Awaitable[Any]) -> bool:
        """Run the handlers, in a task of their own so stop() can cut them off; True if done."""
        if self._stopping:
            if isinstance(coroutine, Coroutine):
                coroutine.close()  # never started: it waits in the inbox for the next start
            return False
        work = _Work()
        token = _WORK.set(work)
        try:  # the task copies this context, so mark_sending() finds its own update's _Work
            task = asyncio.ensure_future(coroutine)
        finally:
            _WORK.reset(token)
        self._working[task] = work
        try:
            await asyncio.wait({task})
        finally:
            del self._working[task]
        return not task.cancelled() and not work.given_up

    async def stop(self, grace: float, deadline: float) -> int:
        """Start no more updates; cut off, after `grace` seconds, those that have sent nothing.

        One that has sent something gets until `deadline` (loop time) to finish, since cutting
        it off could make its reply show twice; what is cut off then is counted and returned.
        """
        self._stopping = True
        if self._working:
            await asyncio.wait(set(self._working), timeout=grace)
        for task, work in list(self._working.items()):
            if not work.sent:
                task.cancel()
        mid_send = {task for task, work in self._working.items() if work.sent}
        if mid_send:
            loop = asyncio.get_running_loop()
            await asyncio.wait(mid_send, timeout=max(0.0, deadline - loop.time()))
        cut = [task for task in self._working if not task.done()]
        for task in cut:
            task.cancel()
        return len(cut)

    @property
    def waiting(self) -> int:
        """Updates being handled or waiting for their chat's turn."""
        return sum(self._holders.values())

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
