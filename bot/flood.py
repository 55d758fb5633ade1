"""The per-user flood limit: so many messages a minute, and one notice (not one per message)."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from enum import Enum

WINDOW = 60.0  # seconds: the limit is per minute, over any sliding minute
MAX_TRACKED = 10_000  # users remembered before the idle ones are forgotten


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
        if len(self._passed) > MAX_TRACKED:
            self._forget_idle(now)
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

    def _forget_idle(self, now: float) -> None:
        for user_id, passed in list(self._passed.items()):
            if not passed or passed[-1] <= now - WINDOW:
                del self._passed[user_id]
                self._told.discard(user_id)
