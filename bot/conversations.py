"""The conversation frames: each conversation's last answer, for a short while, in memory."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from knowledge.answer import Answer

MAX_CONVERSATIONS = 100_000  # frames kept; the least recently used go first past it
MINUTES = 10.0  # CONTEXT_MINUTES by default: a frame older than this is forgotten


class Conversations:
    """The last answer of each conversation (a user, or a user in a group), bounded in number
    and in age; nothing is written anywhere."""

    def __init__(
        self,
        minutes: float = MINUTES,
        limit: int = MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._frames: OrderedDict[Hashable, tuple[float, Answer]] = OrderedDict()
        # the answers sent, by (chat, message): a Telegram reply to one is read against it
        # however long ago it was sent, so these are bounded in number only
        self._sent: OrderedDict[tuple[int, int], Answer] = OrderedDict()
        self._seconds, self._limit, self._clock = minutes * 60, limit, clock

    def last(self, key: Hashable | None) -> Answer | None:
        """The conversation's last answer, while it is fresh; None for no conversation."""
        if key is None or key not in self._frames:
            return None
        made, answer = self._frames[key]
        if self._clock() - made > self._seconds:
            del self._frames[key]
            return None
        return answer

    def remember(self, key: Hashable | None, answer: Answer) -> Answer:
        """Keep the answer as the conversation's last turn; the turn kept (no texts)."""
        turn = answer.turn()
        if key is None:
            return turn
        self._frames.pop(key, None)
        self._frames[key] = (self._clock(), turn)
        while len(self._frames) > self._limit:
            self._frames.popitem(last=False)
        return turn

    def sent(self, chat_id: int, message_id: int | None, turn: Answer) -> None:
        """Note the message a turn's answer went out as (the turn remember() kept), for a
        Telegram reply to it later."""
        if message_id is None:
            return
        self._sent[(chat_id, message_id)] = turn
        while len(self._sent) > self._limit:
            self._sent.popitem(last=False)

    def replied_to(self, chat_id: int, message_id: int) -> Answer | None:
        """The answer a message of ours carried, while it is remembered."""
        return self._sent.get((chat_id, message_id))

    def forget(self, key: Hashable) -> None:
        """Start the conversation afresh (/start)."""
        self._frames.pop(key, None)

    def __len__(self) -> int:
        return len(self._frames)
