"""`python -m bot run` with one busy group: its backlog holds up that group only.

Telegram lets a bot send 20 messages a minute to one group, and AIORateLimiter keeps to that;
so 300 button presses queued in a group take the bot a quarter of an hour to answer. Private
chats must be answered meanwhile as if the group were quiet.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bot_process import WAIT, running_bot
from fake_bot_api import BOT_TOKEN, BOT_USER, GROUP_CHAT, FakeBotApiServer, FakeTelegram
from test_bot_inbox import DOCKER_GRACE, count_in, stop_as_docker_does
from test_bot_reliability import wait_until

PRESSES = 300  # queued in one group; at 20 answers a minute that is 15 minutes of work
PRIVATE = 5  # unrelated private questions asked meanwhile
BOUND = 2.0  # seconds each may take


def group_presses(api: FakeTelegram, fact: str, count: int) -> list[dict[str, Any]]:
    """`count` members of GROUP_CHAT each pressing a question button under the bot's message."""
    message = {"message_id": 77, "date": int(time.time()), "chat": GROUP_CHAT, "from": BOT_USER}
    presses = []
    for n in range(count):
        press = api.callback(f"f:{fact}", message=dict(message, text="Pick a question:"))
        press["callback_query"]["from"] = {"id": 20000 + n, "is_bot": False, "first_name": "M"}
        presses.append(api.push(press))
    return presses


def answer_times(api: FakeTelegram, chats: dict[int, float], timeout: float) -> dict[int, float]:
    """Seconds from each chat's question to its first reply, waiting at most `timeout`."""
    deadline = time.monotonic() + timeout
    found: dict[int, float] = {}
    while len(found) < len(chats) and time.monotonic() < deadline:
        for call in api.sent("sendMessage"):
            chat = call.params["chat_id"]
            if chat in chats and chat not in found:
                found[chat] = call.at - chats[chat]
        time.sleep(0.02)
    return found


def test_a_groups_backlog_does_not_hold_up_private_chats(tmp_path: Path, answerer: Any) -> None:
    """300 button presses queued in one group (paced at 20 a minute): five private questions
    asked meanwhile are each answered within 2 s, the group is still being answered, and
    SIGTERM with the backlog still queued exits within 10 s, leaving the rest in the inbox."""
    api = FakeTelegram()
    fact = answerer.store.facts[0].id
    with (
        FakeBotApiServer(api) as server,
        running_bot(tmp_path, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_URL=server.url) as bot,
    ):
        api.wait_for("setMyCommands", timeout=WAIT)
        group_presses(api, fact, PRESSES)
        # every press fetched and confirmed: the whole backlog is in the bot's hands
        wait_until(lambda: not api.pending(), WAIT, "the presses fetched")
        asked: dict[int, float] = {}
        for n in range(PRIVATE):
            user, chat = api.add_user(9100 + n)
            api.push(api.message("how many people attended?", chat, sender=user))
            asked[chat["id"]] = time.monotonic()
        took = answer_times(api, asked, timeout=WAIT)
        took_to_stop, killed = stop_as_docker_does(bot)
        in_group = [c for c in api.sent("sendMessage") if c.params["chat_id"] == GROUP_CHAT["id"]]
    left = count_in(bot.output(), r"stopped: (\d+) update\(s\) wait in the inbox")
    print(
        f"\n{PRESSES} presses queued in one group; private answers took "
        f"{', '.join(f'{t:.3f}' for t in sorted(took.values()))} s; group answers sent "
        f"meanwhile: {len(in_group)}; SIGTERM: exited in {took_to_stop:.1f} s, {left} waiting in "
        "the inbox"
    )
    assert len(took) == PRIVATE, f"only {len(took)} of {PRIVATE} private questions answered"
    assert max(took.values()) < BOUND
    # the group is paced, not starved: its answers go out while the private ones do
    assert 0 < len(in_group) < PRESSES
    assert not killed and bot.process.returncode == 0 and took_to_stop < DOCKER_GRACE
    assert left == PRESSES - len(in_group)
