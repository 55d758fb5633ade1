"""The inbox: each update is written to SQLite before Telegram is told it arrived.

Telegram forgets an update once the bot confirms it (the next getUpdates offset, or the
webhook's 200). The bot confirms only what is stored here, marks an update done once it is
handled, and on start hands what is not done to the handlers again, in the order it came, so
neither a stop nor a crash loses an update. Done updates are remembered a while, so one that
Telegram sends again (its confirmation was lost in the crash) is not answered twice.

The inbox has a file of its own rather than a table in the question log: the log may be off
(QUESTION_LOG_PATH empty), its rows are kept for curators and pruned by age, and it is written
off the event loop, best effort; the inbox must be written before the update is confirmed,
always, and is emptied as updates are answered.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from pathlib import Path

from telegram import Bot, Update

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path("inbox.sqlite3")  # in the working directory
# updates stored and not yet done; past it, fetching waits (Telegram keeps the rest meanwhile)
MAX_PENDING = 10_000
# done updates remembered, by arrival; Telegram resends at most a batch (100) or the webhook's
# connections' worth (40) after a crash, so this many more than covers what may come back
KEEP_DONE = 10_000
PRUNE_EVERY = 1_000  # updates done between two prunes of the done ones
RETRY_WRITE = 1.0  # seconds between tries when the file cannot be written

SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox (
    seq INTEGER PRIMARY KEY,            -- arrival order
    update_id INTEGER NOT NULL UNIQUE,  -- Telegram's; a resent update is known by it
    body TEXT NOT NULL,                 -- the update, as JSON
    done INTEGER NOT NULL DEFAULT 0     -- 1 once handled
);
CREATE INDEX IF NOT EXISTS inbox_pending ON inbox (done, seq);
"""


class InboxError(Exception):
    """The inbox file cannot be opened; the message names it and says what to do."""


class Inbox:
    """Updates stored until handled, in one SQLite file (or in memory when `path` is None)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        target = ":memory:" if path is None else str(path)
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(target, isolation_level=None)
            # WAL with synchronous=NORMAL: a commit is in the file before the call returns, so a
            # crash of the process (kill -9) loses nothing; only a power cut can lose the last
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            (count,) = self._db.execute("SELECT count(*) FROM inbox WHERE done = 0").fetchone()
        except (sqlite3.Error, OSError) as exc:
            raise InboxError(
                f"cannot open the inbox {path}: {exc}; INBOX_PATH must be a writable file"
            ) from None
        self.pending: int = count
        self.last_update_id: int | None = None  # the highest stored by this process
        self._done_since_prune = 0

    def close(self) -> None:
        """Close the file; what is not done stays for the next start."""
        self._db.close()

    def add(self, update_id: int, body: str) -> bool:
        """Store one update; False when it is here already (Telegram sent it again)."""
        inserted = self._db.execute(
            "INSERT OR IGNORE INTO inbox (update_id, body) VALUES (?, ?)", (update_id, body)
        ).rowcount
        self.last_update_id = max(self.last_update_id or 0, update_id)
        self.pending += inserted
        return bool(inserted)

    def done(self, update_id: int) -> None:
        """Mark one update handled; every PRUNE_EVERY, forget all but the last KEEP_DONE."""
        changed = self._db.execute(
            "UPDATE inbox SET done = 1 WHERE update_id = ? AND done = 0", (update_id,)
        ).rowcount
        self.pending -= changed
        self._done_since_prune += changed
        if self._done_since_prune >= PRUNE_EVERY:
            self._done_since_prune = 0
            self._db.execute(
                "DELETE FROM inbox WHERE done = 1 AND seq <= (SELECT max(seq) FROM inbox) - ?",
                (KEEP_DONE,),
            )

    def undone(self) -> list[tuple[int, str]]:
        """The updates not yet done, as (update id, body), in the order they came."""
        query = "SELECT update_id, body FROM inbox WHERE done = 0 ORDER BY seq"
        return list(self._db.execute(query).fetchall())


class InboxQueue(asyncio.Queue[object]):
    """python-telegram-bot's update queue, written through to the inbox.

    The Updater puts each fetched update here before it sends the offset that confirms it,
    and the webhook server before it answers 200; so put() returns only once the update is
    stored. Past MAX_PENDING it waits for room, and fetching with it.
    """

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox
        self._room = asyncio.Condition()
        self._failing = False

    async def put(self, item: object) -> None:
        """Store an update (once: a resent one is dropped here), then queue it for handling."""
        if isinstance(item, Update):
            async with self._room:
                await self._room.wait_for(lambda: self.inbox.pending < MAX_PENDING)
            if not await self._store(item):
                return
        await super().put(item)

    async def _store(self, update: Update) -> bool:
        """Write the update, trying again until the file takes it; False if it was there."""
        while True:
            try:
                added = self.inbox.add(update.update_id, update.to_json())
            except sqlite3.Error as exc:
                if not self._failing:
                    logger.error(
                        "cannot write the inbox %s (%s); updates are left with Telegram and "
                        "fetched again until it can be written",
                        self.inbox.path,
                        exc,
                    )
                self._failing = True
                await asyncio.sleep(RETRY_WRITE)
                continue
            if self._failing:
                logger.warning("writing the inbox %s again", self.inbox.path)
                self._failing = False
            return added

    async def done(self, update: object) -> None:
        """Mark an update handled, making room for another."""
        if not isinstance(update, Update):
            return
        try:
            self.inbox.done(update.update_id)
        except sqlite3.Error as exc:  # it is answered; at worst it is answered again
            logger.error("cannot mark update %d done in the inbox: %s", update.update_id, exc)
        async with self._room:
            self._room.notify_all()

    def restore(self, bot: Bot) -> int:
        """Queue what the last run stored and did not handle, in order; how many."""
        rows = self.inbox.undone()
        for update_id, body in rows:
            try:
                update = Update.de_json(json.loads(body), bot)
            except (ValueError, TypeError, KeyError) as exc:  # nothing anyone could answer
                logger.error("update %d in the inbox is unreadable (%s); dropped", update_id, exc)
                self.inbox.done(update_id)
                continue
            super().put_nowait(update)
        return len(rows)
