"""`python -m bot run` stopped or killed in the middle of a backlog: a restart loses nothing.

Each update is in the inbox (SQLite) before Telegram is told it arrived, and leaves it once
answered. What each chat receives across the two runs is checked against the engine's answers,
in order: nothing lost, nothing doubled, except after a `kill -9` the one reply per chat that
went out in the moment before the kill (it was sent, not yet marked done), which is counted.

The backlogs are smaller than a real one (600 and 200 questions): the bot answers 30 a second,
as Telegram allows, and the property is the same at any size past what is answered before the
signal.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from bot_process import WAIT, free_port, running_bot, wait_for_output
from fake_bot_api import BOT_TOKEN, FakeBotApiServer, FakeTelegram, FaultPlan
from test_bot_e2e import post_update
from test_bot_reliability import (
    ask_everyone,
    expected_replies,
    question_pool,
    replies_by_chat,
    wait_until,
)

from bot.webhook import SECRET_HEADER

DOCKER_GRACE = 10.0  # seconds docker and systemd wait after SIGTERM before SIGKILL
ANSWERED = 30.0  # answers a second the bot may send (Telegram's limit): how long a backlog takes


def count_in(output: str, pattern: str) -> int:
    """The number in the first log line matching `pattern` (with one (\\d+) group)."""
    match = re.search(pattern, output)
    assert match, f"{pattern!r} not in the output:\n{output}"
    return int(match.group(1))


def repeats(
    first: dict[int, list[str]], received: dict[int, list[str]], expected: dict[int, list[str]]
) -> int:
    """Replies shown twice; each must be the last one the first run sent to its chat."""
    count = 0
    for chat, wanted in expected.items():
        got, before = received[chat], len(first[chat])
        if got == wanted:
            continue
        # the last reply before the kill, sent again by the restarted bot, and nothing else
        assert before and got == [*wanted[:before], wanted[before - 1], *wanted[before:]], chat
        count += 1
    return count


def post_all(hook: str, updates: list[dict[str, Any]], acknowledged: list[dict[str, Any]]) -> None:
    """Post each update in turn, once, until one gets no 200 (the bot is gone); note the 200s."""
    for update in updates:
        request = urllib.request.Request(
            hook,
            data=json.dumps(update).encode(),
            headers={"Content-Type": "application/json", SECRET_HEADER: "s3cret_value"},
        )
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as response:
                if response.status != 200:
                    return
        except OSError:  # refused, reset, or an error status: Telegram would post it again
            return
        acknowledged.append(update)


def missing(received: dict[int, list[str]], expected: dict[int, list[str]]) -> int:
    """Expected replies that never came."""
    return sum((Counter(expected[c]) - Counter(received[c])).total() for c in expected)


def stop_as_docker_does(bot: Any) -> tuple[float, bool]:
    """SIGTERM, then SIGKILL if still running 10 s later: (seconds to exit, killed)."""
    started = time.monotonic()
    bot.process.send_signal(signal.SIGTERM)
    try:
        bot.process.wait(timeout=DOCKER_GRACE)
    except subprocess.TimeoutExpired:
        bot.process.kill()
        bot.process.wait(timeout=WAIT)
        return time.monotonic() - started, True
    return time.monotonic() - started, False


def test_docker_stop_mid_backlog_loses_and_doubles_nothing(tmp_path: Path, answerer: Any) -> None:
    """600 questions queued; SIGTERM once 100 are answered (SIGKILL 10 s later if needed): the
    bot exits by itself in time, says how many wait, and the restart answers exactly those."""
    api = FakeTelegram()
    env = {"TELEGRAM_BOT_TOKEN": BOT_TOKEN}
    with FakeBotApiServer(api) as server:
        env["TELEGRAM_API_URL"] = server.url
        with running_bot(tmp_path, "first", **env) as first:
            api.wait_for("setMyCommands", timeout=WAIT)
            asked = ask_everyone(api, 60, range(10), seed=6, pool=question_pool(answerer))
            total = sum(len(qs) for qs in asked.values())
            wait_until(lambda: len(api.sent()) >= 100 and not api.pending(), WAIT, "100 answers")
            answered_at_signal = len(api.sent())
            took, killed = stop_as_docker_does(first)
        first_run = replies_by_chat(api, asked)
        answered_first = sum(len(r) for r in first_run.values())
        output = first.output()
        pending = count_in(output, r"stopping: (\d+) update\(s\) not answered yet")
        left = count_in(output, r"stopped: (\d+) update\(s\) wait in the inbox")
        with running_bot(tmp_path, "second", **env) as second:
            wait_until(
                lambda: len(api.sent()) >= total, total / ANSWERED + WAIT, "every question answered"
            )
            restored = count_in(second.output(), r"(\d+) update\(s\) left in the inbox")
            assert second.stop() == 0
    print(
        f"\ndocker stop mid-backlog: {total} questions, {answered_at_signal} answered at SIGTERM; "
        f"exited by itself in {took:.1f} s (killed: {killed}); the stop line said {pending} "
        f"pending and {left} left; the first run answered {answered_first}, the restart "
        f"{restored} from the inbox; lost {total - len(api.sent())} (negative: doubled)"
    )
    assert not killed and first.process.returncode == 0 and took < DOCKER_GRACE
    assert replies_by_chat(api, asked) == expected_replies(answerer, asked)  # 0 lost, 0 doubled
    assert answered_first + left == total and restored == left > 0
    # every question not answered when the signal came was pending, at most one a chat in hand
    assert left <= pending <= total - answered_at_signal + len(asked)


def test_kill_9_mid_backlog_polling_loses_nothing(tmp_path: Path, answerer: Any) -> None:
    """200 questions queued; kill -9 once 40 are answered: the restart answers every other one,
    in order; a reply repeats only where it was the last one sent to its chat before the kill."""
    api = FakeTelegram()
    env = {"TELEGRAM_BOT_TOKEN": BOT_TOKEN}
    with FakeBotApiServer(api) as server:
        env["TELEGRAM_API_URL"] = server.url
        with running_bot(tmp_path, "first", **env) as first:
            api.wait_for("setMyCommands", timeout=WAIT)
            asked = ask_everyone(api, 20, range(10), seed=9, pool=question_pool(answerer))
            total = sum(len(qs) for qs in asked.values())
            wait_until(lambda: len(api.sent()) >= 40 and not api.pending(), WAIT, "40 answers")
            first.process.kill()
            first.process.wait(timeout=WAIT)
        first_run = replies_by_chat(api, asked)
        expected = expected_replies(answerer, asked)

        def answered() -> bool:
            got = replies_by_chat(api, asked)
            return all(len(got[chat]) >= len(wanted) for chat, wanted in expected.items())

        with running_bot(tmp_path, "second", **env) as second:
            wait_until(answered, total / ANSWERED + WAIT, "every question answered")
            assert second.stop() == 0
    received = replies_by_chat(api, asked)
    lost = missing(received, expected)
    print(
        f"\nkill -9 mid-backlog (polling): {total} questions, {sum(map(len, first_run.values()))} "
        f"answered before the kill; lost {lost}"
    )
    doubled = repeats(first_run, received, expected)
    print(f"replies shown twice {doubled} (each the last one sent to its chat before the kill)")
    assert lost == 0 and doubled <= len(asked)


def test_kill_9_mid_backlog_webhook_loses_nothing(tmp_path: Path, answerer: Any) -> None:
    """200 webhook posts; kill -9 once 40 are answered: every post acknowledged with 200 is
    answered after the restart, and those that got no 200 are posted again, as Telegram does."""
    api, port = FakeTelegram(), free_port()
    hook = f"http://127.0.0.1:{port}/telegram-updates"
    env = {
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "WEBHOOK_URL": hook,
        "WEBHOOK_SECRET": "s3cret_value",
        "WEBHOOK_PORT": str(port),
    }
    pool = question_pool(answerer)
    with FakeBotApiServer(api) as server:
        env["TELEGRAM_API_URL"] = server.url
        # the updates go to the webhook, not to getUpdates: build them, then take them back
        asked = ask_everyone(api, 20, range(10), seed=4, pool=pool)
        updates = api.take()
        total = len(updates)
        acknowledged: list[dict[str, Any]] = []
        with running_bot(tmp_path, "first", **env) as first:
            api.wait_for("setWebhook", timeout=WAIT)
            # four connections, as Telegram opens several, each posting its chats in order
            posters = [
                threading.Thread(target=post_all, args=(hook, updates[n::4], acknowledged))
                for n in range(4)
            ]
            for poster in posters:
                poster.start()
            wait_until(lambda: len(api.sent()) >= 40, WAIT * 2, "40 answers")
            first.process.kill()
            first.process.wait(timeout=WAIT)
            for poster in posters:  # each stops at its first post the dead bot did not take
                poster.join()
        unsent = [u for u in updates if u not in acknowledged]
        first_run = replies_by_chat(api, asked)
        expected = expected_replies(answerer, asked)
        with running_bot(tmp_path, "second", **env) as second:
            api.wait_for("setWebhook", lambda c: len(api.sent("setWebhook")) > 1, timeout=WAIT)
            for update in unsent:  # Telegram delivers what got no 200, after what did
                assert post_update(hook, update, "s3cret_value") == 200
            wait_until(
                lambda: sum(map(len, replies_by_chat(api, asked).values())) >= total,
                total / ANSWERED + WAIT,
                "every question answered",
            )
            assert second.stop() == 0
        wait_for_output(second, "left in the inbox")
    received = replies_by_chat(api, asked)
    lost = missing(received, expected)
    answered_first = sum(map(len, first_run.values()))
    print(
        f"\nkill -9 mid-backlog (webhook): {total} posts, {len(acknowledged)} acknowledged "
        f"with 200 before the kill, {answered_first} of them answered; lost {lost} of the "
        f"{len(acknowledged) - answered_first} acknowledged and unanswered"
    )
    doubled = repeats(first_run, received, expected)
    print(f"replies shown twice {doubled} (each the last one sent to its chat before the kill)")
    assert lost == 0 and doubled <= len(asked)
    assert len(acknowledged) > answered_first  # the kill came with acknowledged posts waiting


def test_sigterm_while_every_send_hangs_exits_in_time_and_keeps_the_questions(
    tmp_path: Path, answerer: Any
) -> None:
    """Telegram takes every send and answers too late: SIGTERM still exits within 10 s, the
    sends given up leave their questions in the inbox, and a restart against a sound Telegram
    answers each (the sends the fake took and held back are the duplicates allowed)."""
    plan = FaultPlan(send_kinds=("timeout",), send_share=1, delay=3.0, poll_drop_every=0)
    api = FakeTelegram(faults=plan)
    env = {"TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_TIMEOUT": "2"}
    with FakeBotApiServer(api) as server:
        env["TELEGRAM_API_URL"] = server.url
        with running_bot(tmp_path, "first", **env) as first:
            api.wait_for("setMyCommands", timeout=WAIT)
            asked = ask_everyone(api, 10, range(3), seed=8, pool=question_pool(answerer))
            total = sum(len(qs) for qs in asked.values())
            wait_until(lambda: sum(c.ambiguous for c in api.calls) >= 10, WAIT, "sends hanging")
            took, killed = stop_as_docker_does(first)
        left = count_in(first.output(), r"stopped: (\d+) update\(s\) wait in the inbox")
        api.faults = None
        with running_bot(tmp_path, "second", **env) as second:
            wait_until(
                lambda: sum(map(len, replies_by_chat(api, asked).values())) >= total,
                WAIT * 2,
                "every question answered",
            )
            assert second.stop() == 0
    held_back = sum(c.ambiguous for c in api.calls)
    print(
        f"\nSIGTERM with every send hanging: exited in {took:.1f} s (killed: {killed}); "
        f"{left} of {total} left in the inbox; all answered after the restart, besides "
        f"{held_back} sends taken and answered too late (sent again)"
    )
    assert not killed and first.process.returncode == 0 and took < DOCKER_GRACE
    assert left == total
    assert replies_by_chat(api, asked) == expected_replies(answerer, asked)
