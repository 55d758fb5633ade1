"""The machine a benchmark ran on: CPU, cores, Python, rapidfuzz, date and load."""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
from importlib.metadata import version
from pathlib import Path


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
    """Before each measurement, wait (a while) until the machine runs at its usual speed.

    Usual speed: the reference loop within `slack` of the fastest it has run. Others' work on
    a shared machine comes and goes; a measurement taken in a busy spell says little.
    """

    def __init__(self, slack: float = 1.3, timeout: float = 180.0, pause: float = 3.0) -> None:
        self.slack, self.timeout, self.pause = slack, timeout, pause
        self.best = reference_ms()
        self.waited = 0.0
        self.readings: list[float] = []

    def __call__(self) -> float:
        """The reference loop's time once it is usual, or when the wait is over."""
        if self.timeout <= 0:  # told not to wait: not even to look
            return self.best
        deadline = time.monotonic() + self.timeout
        while True:
            reading = reference_ms()
            self.best = min(self.best, reading)
            if reading <= self.best * self.slack or time.monotonic() >= deadline:
                self.readings.append(reading)
                return reading
            time.sleep(self.pause)
            self.waited += self.pause


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
