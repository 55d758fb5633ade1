"""`python -m bot` as a user runs it, in a subprocess, with every setting given explicitly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fake_bot_api import Call

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
# every variable the bot reads: each Settings field, as its environment variable
SETTINGS = tuple(name.upper() for name in Settings.model_fields)
WAIT = 10.0  # seconds: the longest any single step may take


def bot_env(**values: str) -> dict[str, str]:
    """The environment for `python -m bot`: every setting given, so a .env file changes nothing."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env.update(
        TELEGRAM_BOT_TOKEN="",
        TELEGRAM_API_URL="http://127.0.0.1:9",
        TELEGRAM_TEST_ENV="false",
        ADMIN_USER_IDS="",
        LOG_LEVEL="INFO",
        WEBHOOK_URL="",
        WEBHOOK_SECRET="",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT="8443",
        FACT_STORE_ROOT="",
        QUESTION_LOG_PATH="",  # off: a test that wants the log points it into tmp_path
        QUESTION_LOG_USERS="false",
        QUESTION_LOG_RETENTION_DAYS="90",
        INBOX_PATH="",  # in memory: running_bot points it into tmp_path
        RATE_LIMIT_PER_MINUTE="20",
        TELEGRAM_TIMEOUT="10",
        PYTHONUNBUFFERED="1",
    )
    env.update(values)
    return env


def run_bot(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=bot_env(**env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=WAIT * 2,
    )


@dataclass
class Running:
    """A bot process and the files its output goes to."""

    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    def output(self) -> str:
        return self.out.read_text() + self.err.read_text()

    def stop(self, timeout: float = WAIT) -> int:
        """SIGTERM, as systemd or docker would send; the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


@contextmanager
def running_bot(tmp_path: Path, name: str = "bot", **env: str) -> Iterator[Running]:
    """`python -m bot run` in the background; killed on the way out if still running."""
    out, err = tmp_path / f"{name}-stdout.txt", tmp_path / f"{name}-stderr.txt"
    env.setdefault("INBOX_PATH", str(tmp_path / "inbox.sqlite3"))  # shared by a restart
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=ROOT,
            env=bot_env(**env),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
    bot = Running(process, out, err)
    try:
        yield bot
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT)


def to_chat(chat: dict[str, Any], *texts: str) -> Any:
    """A predicate for sendMessage calls to this chat whose text holds every one of `texts`."""

    def matches(call: Call) -> bool:
        return call.params.get("chat_id") == chat["id"] and all(
            t in call.params.get("text", "") for t in texts
        )

    return matches


def wait_for_output(bot: Running, text: str) -> None:
    """Wait until the bot's output holds the text."""
    deadline = time.monotonic() + WAIT
    while text not in bot.output():
        assert time.monotonic() < deadline, f"{text!r} not in the output:\n{bot.output()}"
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
