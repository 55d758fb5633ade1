"""The machine a benchmark ran on: CPU, cores, Python, rapidfuzz, date and load."""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model name from /proc/cpuinfo, or the platform's word for it."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    """The 1-minute load average: other work on the machine shows up in the tails."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def reference_ms(rounds: int = 5) -> float:
    """A fixed pure-Python loop, best of a few: when it is slow, so is everything else.

    On a shared machine (two virtual cores may be one physical core's two threads) work on
    the other core can slow this one down by half; compare the figure at start and end.
    """
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        sum(i * i for i in range(200_000))
        best = min(best, time.perf_counter() - start)
    return best * 1e3


class Settle:
    """Times a measurement in a quiet spell: the machine at its usual speed before and after.

    Usual speed: a fixed pure-Python reference loop within `slack` of the fastest it has
    run. Others' work on a shared machine comes and goes; a measurement taken in a busy spell
    says little, so it waits for a quiet one and measures again when the spell ended midway.
    """

    def __init__(
        self,
        slack: float = 1.3,
        timeout: float = 180.0,
        tries: int = 4,
        pause: float = 2.0,
        warmup: float = 20.0,
    ) -> None:
        self.slack, self.timeout, self.tries, self.pause = slack, timeout, tries, pause
        # the usual speed is the fastest seen: a first reading taken in a busy spell would let
        # the first timings (the expo store's latency) pass as quiet, so look for a while
        self.best = reference_ms()
        deadline = time.monotonic() + (warmup if timeout > 0 else 0.0)
        while time.monotonic() < deadline:
            time.sleep(min(self.pause, 0.5))
            self.best = min(self.best, reference_ms(rounds=3))
        self.waited = 0.0
        self.readings: list[float] = []
        self.repeated = 0  # measurements taken again because the machine got busy midway

    def usual(self) -> bool:
        """Whether the machine runs at its usual speed now."""
        reading = reference_ms(rounds=3)
        self.best = min(self.best, reading)
        self.readings.append(reading)
        return reading <= self.best * self.slack

    def wait(self) -> None:
        """Until the speed is usual, or the wait is over."""
        deadline = time.monotonic() + self.timeout
        while not self.usual() and time.monotonic() < deadline:
            time.sleep(self.pause)
            self.waited += self.pause

    def __call__(self, measure: Callable[[], T]) -> T:
        """measure() taken in a quiet spell: at most `tries` times, the last one kept."""
        if self.timeout <= 0:  # told not to wait: measure once, as things are
            return measure()
        for attempt in range(self.tries):
            self.wait()
            result = measure()
            if self.usual() or attempt == self.tries - 1:
                return result
            self.repeated += 1
        raise AssertionError("unreachable")  # pragma: no cover


def describe() -> dict[str, str]:
    """What a reader needs to compare these figures with their own."""
    return {
        "CPU": cpu_model(),
        "cores": str(os.cpu_count() or "unknown"),
        "Python": platform.python_version(),
        "rapidfuzz": version("rapidfuzz"),
        "python-telegram-bot": version("python-telegram-bot"),
        "OS": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start": load_average(),
        "reference loop at start": f"{reference_ms():.1f} ms",
    }
