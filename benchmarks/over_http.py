"""Updates per second end to end: long polling and replies over HTTP to the fake Bot API."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from benchmarks.throughput import Throughput, errors_logged, settings, unthrottled
from bot.app import BotApplication, build_application
from knowledge.answerer import Answerer
from knowledge.store import DEFAULT_ROOT


class FakeServer:
    """tests/fake_bot_api.py's FakeBotApiServer in a process of its own, queued updates ready."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def replies(self) -> int:
        """Stop serving; how many messages the bot sent."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("stop\n")
        self.process.stdin.flush()
        return int(json.loads(self.process.stdout.readline())["replies"])


@contextmanager
def fake_server(questions: Sequence[str], queued: int) -> Iterator[FakeServer]:
    """Start the server with `queued` message updates waiting for getUpdates."""
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.fake_server", str(queued)],
        cwd=DEFAULT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(json.dumps(list(questions)) + "\n")
        process.stdin.flush()
        yield FakeServer(process, process.stdout.readline().strip())
    finally:
        process.stdin.close()
        process.stdout.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _application(answerer: Answerer, url: str) -> BotApplication:
    with unthrottled():
        return build_application(settings(url), answerer)


async def polling(
    answerer: Answerer, questions: Sequence[str], count: int, timeout: float = 300.0
) -> Throughput:
    """count queued updates fetched with getUpdates and answered over HTTP, as `run` does.

    The clock runs from start_polling until the last update has been handled (replied to).
    """
    with fake_server(questions, count) as server:
        app = _application(answerer, server.url)
        handled = 0
        done = asyncio.Event()

        async def counted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            nonlocal handled
            handled += 1
            if handled == count:
                done.set()

        # a later group: runs once group 0's handler has replied to the update
        app.add_handler(TypeHandler(Update, counted), group=1)
        updater = app.updater
        if updater is None:
            raise RuntimeError("the application was built without an updater")
        async with app:
            with errors_logged() as errors:
                start = time.perf_counter()
                await updater.start_polling(poll_interval=0.0, timeout=1)
                await app.start()
                await asyncio.wait_for(done.wait(), timeout)
                elapsed = time.perf_counter() - start
            await updater.stop()
            await app.stop()
        return Throughput(count, elapsed, server.replies(), len(errors))
