"""Start-up: a fresh process until the store is loaded, validated and a first question answered."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from knowledge.store import DEFAULT_ROOT

FIRST_QUESTION = "how many companies took part"
# Run as `python -c SCRIPT ROOT QUESTION MODE`: ROOT "" is the repository's own store; MODE
# "bot" also imports python-telegram-bot and builds the Application, as `python -m bot` does.
SCRIPT = """
import time
began = time.monotonic()
import json, sys
from pathlib import Path
from knowledge.answerer import Answerer
root, question, mode = sys.argv[1:4]
answerer = Answerer.load(Path(root) if root else None)
answerer.answer(question)
if mode == "bot":
    from pydantic import SecretStr
    from bot.app import build_application
    from bot.config import Settings
    token = SecretStr("123456789:" + "A" * 35)
    build_application(Settings(_env_file=None, telegram_bot_token=token), answerer)
ready = time.monotonic()
with open("/proc/self/status", encoding="utf-8") as status:
    memory = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
rss, peak = (int(memory[key].split()[0]) for key in ("VmRSS", "VmHWM"))
print(json.dumps({"began": began, "ready": ready, "rss_kb": rss, "peak_kb": peak}))
"""


@dataclass(frozen=True)
class Startup:
    """Medians over runs: seconds to ready (from spawning, and inside the process) and memory."""

    runs: int
    ready_s: float  # from spawning the process: interpreter start-up included
    inside_s: float  # from the script's first line: imports, load, validation, first answer
    rss_mb: float  # resident memory when ready (VmRSS)
    peak_mb: float  # the most it held on the way (VmHWM)


def run_once(root: Path | None = None, mode: str = "knowledge") -> dict[str, float]:
    """One fresh process; its timings (time.monotonic is system-wide) and memory."""
    command = [sys.executable, "-c", SCRIPT, str(root or ""), FIRST_QUESTION, mode]
    spawned = time.monotonic()
    done = subprocess.run(
        command, cwd=DEFAULT_ROOT, capture_output=True, text=True, check=False, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"the start-up process failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result["spawned"] = spawned
    return result


def measure(root: Path | None = None, runs: int = 5, mode: str = "knowledge") -> Startup:
    """Start a fresh process `runs` times; the median of each figure."""
    results = [run_once(root, mode) for _ in range(runs)]
    median = statistics.median
    return Startup(
        runs=runs,
        ready_s=median(r["ready"] - r["spawned"] for r in results),
        inside_s=median(r["ready"] - r["began"] for r in results),
        rss_mb=median(r["rss_kb"] / 1024 for r in results),
        peak_mb=median(r["peak_kb"] / 1024 for r in results),
    )
