"""The inbox on its own: stored once, handed back in order after a restart, bounded."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from fake_bot_api import BOT_TOKEN, FakeTelegram
from telegram import Bot, Update

from bot import inbox as inbox_module
from bot.inbox import Inbox, InboxError, InboxQueue


def update(telegram: FakeTelegram, text: str) -> Update:
    return Update.de_json(telegram.message(text), Bot(BOT_TOKEN))


async def test_an_update_is_stored_once_and_handed_back_in_order(
    tmp_path: Path, telegram: FakeTelegram
) -> None:
    """Put three (one twice, as Telegram resends), finish one; a new process gets the other two."""
    path = tmp_path / "inbox.sqlite3"
    first = InboxQueue(Inbox(path))
    one, two, three = (update(telegram, t) for t in ("one", "two", "three"))
    for item in (one, two, two, three):
        await first.put(item)
    assert first.qsize() == 3 and first.inbox.pending == 3
    await first.done(one)
    assert first.inbox.pending == 2
    first.inbox.close()  # as a kill leaves it: nothing more written

    again = InboxQueue(Inbox(path))
    assert again.inbox.pending == 2
    assert again.restore(Bot(BOT_TOKEN)) == 2
    restored = [again.get_nowait(), again.get_nowait()]
    assert [u.message.text for u in restored if isinstance(u, Update)] == ["two", "three"]
    await again.put(three)  # resent by Telegram after the crash: known, not queued again
    assert again.qsize() == 0
    again.inbox.close()


def test_done_updates_are_forgotten_past_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the last KEEP_DONE done updates are kept (here 10, pruned every 5)."""
    monkeypatch.setattr(inbox_module, "KEEP_DONE", 10)
    monkeypatch.setattr(inbox_module, "PRUNE_EVERY", 5)
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    for update_id in range(1, 101):
        inbox.add(update_id, "{}")
        inbox.done(update_id)
    inbox.close()
    with sqlite3.connect(tmp_path / "inbox.sqlite3") as db:
        (kept,) = db.execute("SELECT count(*) FROM inbox").fetchone()
    assert 10 <= kept <= 15


def test_an_unwritable_inbox_is_one_clear_error(tmp_path: Path) -> None:
    """A folder where the file should be: the error names it and the setting."""
    (tmp_path / "inbox.sqlite3").mkdir()
    with pytest.raises(InboxError, match=r"inbox\.sqlite3.*INBOX_PATH"):
        Inbox(tmp_path / "inbox.sqlite3")


async def test_past_the_bound_fetching_waits_for_room(
    telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With MAX_PENDING updates unanswered, the next put waits (and the fetching with it) until
    one is done; Telegram keeps the rest meanwhile."""
    monkeypatch.setattr(inbox_module, "MAX_PENDING", 2)
    queue = InboxQueue(Inbox(None))
    first, second, third = (update(telegram, t) for t in ("one", "two", "three"))
    await queue.put(first)
    await queue.put(second)
    waiting = asyncio.create_task(queue.put(third))
    await asyncio.sleep(0.05)
    assert not waiting.done() and queue.qsize() == 2
    await queue.done(first)
    await asyncio.wait_for(waiting, 1)
    assert queue.qsize() == 3 and queue.inbox.pending == 2
