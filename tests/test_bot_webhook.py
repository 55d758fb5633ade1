"""The webhook server of `python -m bot run` against strangers: refused cheaply, never flooded.

Raw sockets on 127.0.0.1 play the stranger: posts without the secret, oversized bodies,
garbage, and connections that send half a request and wait.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bot_process import WAIT, Running, free_port, running_bot, to_chat
from fake_bot_api import BOT_TOKEN, PRIVATE_CHAT, FakeBotApiServer
from test_bot_e2e import post_update

from bot.webhook import MAX_CONNECTIONS, REQUEST_TIMEOUT, Refusals

SECRET = "s3cret_value"
PATH = "/telegram-updates"


def resident_mb(bot: Running) -> float:
    pages = int(Path(f"/proc/{bot.process.pid}/statm").read_text().split()[1])
    return pages * 4096 / 1e6


def open_files(bot: Running) -> int:
    return len(list(Path(f"/proc/{bot.process.pid}/fd").iterdir()))


def head(port: int, secret: str, length: int) -> bytes:
    return (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def status_of(port: int, request: bytes, body: bytes = b"") -> int:
    """Send the request (and as much of the body as the server takes); the status it answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
        sock.sendall(request)
        try:
            for start in range(0, len(body), 1 << 16):
                sock.sendall(body[start : start + (1 << 16)])
        except OSError:  # refused and closed mid-body: the answer is already there
            pass
        answer = sock.recv(200)
    return int(answer.split()[1])


@contextmanager
def webhook_bot(tmp_path: Path, **env: str) -> Iterator[tuple[Running, FakeBotApiServer, int]]:
    port = free_port()
    with (
        FakeBotApiServer() as server,
        running_bot(
            tmp_path,
            TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_API_URL=server.url,
            WEBHOOK_URL=f"http://127.0.0.1:{port}{PATH}",
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_PORT=str(port),
            **env,
        ) as bot,
    ):
        server.api.wait_for("setWebhook", timeout=WAIT)
        yield bot, server, port


def test_strangers_are_refused_from_the_headers_and_memory_stays_flat(tmp_path: Path) -> None:
    """No secret: 403 before any of a 99 MB body is sent; over 1 MB: 413; garbage with the
    secret: 400; ten 20 MB bodies at once without the secret: resident memory flat; then a
    real post is answered, and the refusals come to two log lines, with counts."""
    with webhook_bot(tmp_path) as (bot, server, port):
        assert status_of(port, head(port, "wrong", 99_000_000)) == 403  # no body sent at all
        assert status_of(port, head(port, SECRET, 2_000_000)) == 413
        garbage = b"{not json"
        assert status_of(port, head(port, SECRET, len(garbage)), garbage) == 400
        before = resident_mb(bot)
        body = b"x" * 20_000_000
        statuses: list[int] = []
        senders = [
            threading.Thread(
                target=lambda: statuses.append(status_of(port, head(port, "", len(body)), body))
            )
            for _ in range(10)
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(WAIT)
        grew = resident_mb(bot) - before
        update = server.api.message("how many people attended?")
        assert post_update(f"http://127.0.0.1:{port}{PATH}", update, SECRET) == 200
        server.api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "20,000"), timeout=WAIT)
        assert bot.stop() == 0
    output = bot.output()
    lines = [line for line in output.splitlines() if "webhook: refused" in line]
    print(f"\n200 MB of posts without the secret: resident memory {grew:+.1f} MB; {lines}")
    assert statuses == [403] * 10 and grew < 10
    assert len(lines) == 2 and "1 post(s) without the right secret" in lines[0]
    assert "10 post(s) without the right secret" in lines[1] and "1 post(s) over" in lines[1]
    assert "Traceback" not in output


def test_a_flood_of_idle_connections_is_capped_and_passes(tmp_path: Path) -> None:
    """1,100 connections that send half a request and wait: the bot keeps at most 100 open
    (so no open-files limit is reached), logs the refusals without a traceback, and a real
    post gets through once the idle ones time out."""
    with webhook_bot(tmp_path) as (bot, server, port):
        base = open_files(bot)
        idle = []
        for _ in range(1_100):
            sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
            sock.sendall(b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n")  # and no more
            idle.append(sock)
        time.sleep(0.5)
        held = open_files(bot) - base
        started = time.monotonic()
        url, update = f"http://127.0.0.1:{port}{PATH}", server.api.message("who took part?")
        status = 0
        while status != 200 and time.monotonic() - started < REQUEST_TIMEOUT + WAIT:
            try:
                status = post_update(url, update, SECRET)
            except OSError:  # closed as it came: the cap is full, as Telegram would see it
                time.sleep(0.2)
        took = time.monotonic() - started
        server.api.wait_for("sendMessage", to_chat(PRIVATE_CHAT), timeout=WAIT)
        for sock in idle:
            sock.close()
        assert bot.stop() == 0
    output = bot.output()
    print(
        f"\n1,100 idle connections: {held} held open by the bot; a real post through in "
        f"{took:.1f} s; stderr {len(output):,} characters"
    )
    assert held <= MAX_CONNECTIONS + 5 and status == 200
    assert f"past {MAX_CONNECTIONS} open" in output and "Traceback" not in output
    assert len(output) < 20_000


def test_debug_logs_redact_the_secret_and_log_a_body_once_cut(tmp_path: Path) -> None:
    """LOG_LEVEL=DEBUG: the webhook secret (setWebhook's parameter) is redacted like the token,
    and a post's body shows at most once, cut."""
    with webhook_bot(tmp_path, LOG_LEVEL="DEBUG") as (bot, server, port):
        sender = {"id": 1001, "is_bot": False, "first_name": "Zqmarker" + "w" * 3000}
        update = server.api.message("how many people attended?", sender=sender)
        assert post_update(f"http://127.0.0.1:{port}{PATH}", update, SECRET) == 200
        server.api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "20,000"), timeout=WAIT)
        assert bot.stop() == 0
    output = bot.output()
    assert "setWebhook" in output and "secret_token" in output  # the line that held it
    assert SECRET not in output and BOT_TOKEN not in output
    assert 1 <= output.count("Zqmarker") <= 1
    assert "w" * 1000 not in output


def test_refusals_are_logged_once_a_minute_with_their_counts(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A flood of refusals: the first is logged at once, the next minute's as one line of counts."""
    now = [0.0]
    refusals = Refusals(clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="bot.webhook"):
        for second in range(120):
            now[0] = float(second)
            for _ in range(1_000):
                refusals.add("post(s) without the right secret")
        refusals.report(now=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.webhook"]
    assert [line.split(" post(s)")[0] for line in lines] == [
        "webhook: refused 1",
        "webhook: refused 60000",
        "webhook: refused 59999",
    ]
