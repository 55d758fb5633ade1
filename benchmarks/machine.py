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
