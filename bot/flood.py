"""The per-user flood limit: so many messages a minute, and one notice (not one per message)."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from enum import Enum

WINDOW = 60.0  # seconds: the limit is per minute, over any sliding minute
# users remembered at most (each with at most per_minute times): past it the idle ones are
# forgotten, then the longest known, down to ROOM_AFTER, so the table never grows past it
MAX_TRACKED = 10_000
ROOM_AFTER = MAX_TRACKED * 9 // 10  # amortises the sweep: one per thousand new users at most


class Verdict(Enum):
    """What to do with one message."""

    PASS = "pass"  # answer it
    NOTICE = "notice"  # over the limit for the first time since last let through: say so
    QUIET = "quiet"  # over the limit, already told: ignore


class FloodGuard:
    """At most `per_minute` messages from a user in any 60 seconds; refused ones do not count."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self._clock = clock
        self._passed: dict[int, deque[float]] = {}  # user -> when their recent messages passed
        self._told: set[int] = set()  # users told they are limited, not let through since

    def check(self, user_id: int) -> Verdict:
        """Count one message from the user, if it may pass; the verdict."""
        now = self._clock()
        if len(self._passed) >= MAX_TRACKED and user_id not in self._passed:
            self._make_room(now)
        passed = self._passed.setdefault(user_id, deque())
        while passed and passed[0] <= now - WINDOW:
            passed.popleft()
        if len(passed) < self.per_minute:
            passed.append(now)
            self._told.discard(user_id)
            return Verdict.PASS
        if user_id in self._told:
            return Verdict.QUIET
        self._told.add(user_id)
        return Verdict.NOTICE

    def wait(self, user_id: int) -> int:
        """Whole seconds until the user's next message may pass (0 if it may now)."""
        passed = self._passed.get(user_id)
        if not passed or len(passed) < self.per_minute:
            return 0
        return max(0, math.ceil(passed[0] + WINDOW - self._clock()))

    def _make_room(self, now: float) -> None:
        """Forget the idle users; if that is not enough, the longest known (they may pass again)."""
        for user_id, passed in list(self._passed.items()):
            if not passed or passed[-1] <= now - WINDOW:
                self._forget(user_id)
        for user_id in list(self._passed)[: max(0, len(self._passed) - ROOM_AFTER)]:
            self._forget(user_id)

    def _forget(self, user_id: int) -> None:
        del self._passed[user_id]
        self._told.discard(user_id)
