"""The question log: every question asked, its outcome, score, fact and time, in SQLite.

Writes go through a queue to one background thread that stores them in batches, so logging
never holds up a reply. A database that is locked, full or unwritable is reported once (not
once per question) and answering goes on; questions asked meanwhile are not logged. User ids
and names are kept only when the log is told to (QUESTION_LOG_USERS=true in the bot).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from knowledge.answer import Answer
from knowledge.logrows import (
    ADDED_COLUMNS,
    TIME_FORMAT,
    Entry,
    QuestionLogError,
    read_questions,
)

__all__ = ["Entry", "QuestionLog", "QuestionLogError", "read_questions", "utc_now"]

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path("questions.sqlite3")  # in the working directory
DAY = 24 * 60 * 60.0
MAX_QUEUE = 10_000  # questions waiting to be written; more are dropped (and reported once)
MAX_BATCH = 500  # questions written in one transaction
MAX_TEXT = 500  # characters of a question kept; nobody asks a fact in more

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,  -- UTC, YYYY-MM-DD HH:MM:SS
    question TEXT NOT NULL,
    kind TEXT NOT NULL,      -- answer, clarify or abstain
    score REAL NOT NULL,     -- 0-100: how well the best fact matched
    facts TEXT NOT NULL,     -- the answering fact, or the clarify candidates, comma-separated
    via TEXT NOT NULL,       -- private, group, supergroup, terminal, ...
    user_id INTEGER,         -- only with QUESTION_LOG_USERS=true
    user_name TEXT,          -- only with QUESTION_LOG_USERS=true
    language TEXT NOT NULL DEFAULT 'en',  -- the reply's language (BCP 47)
    context TEXT             -- the previous turn's fact a follow-up was read against
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
CREATE INDEX IF NOT EXISTS questions_kind ON questions (kind);
"""


def utc_now() -> dt.datetime:
    """Now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime(TIME_FORMAT)


class QuestionLog:
    """Appends questions to a SQLite file from a background thread; close() when done."""

    def __init__(
        self,
        path: Path,
        *,
        users: bool = False,
        retention_days: int = 90,
        busy_timeout: float = 2.0,
        prune_every: float = DAY,
        max_queue: int = MAX_QUEUE,
    ) -> None:
        self.path = path
        self.users = users
        self.retention_days = retention_days  # 0 keeps every row
        self._busy_timeout = busy_timeout
        self._prune_every = prune_every
        self._queue: queue.Queue[Entry | threading.Event | None] = queue.Queue(max_queue)
        self._db: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None  # the open file's (device, inode)
        self._failing = False  # a failure has been reported and not yet recovered from
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="question-log", daemon=True)
        self._thread.start()

    def __enter__(self) -> QuestionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the front end's side: never waits, never raises ---------------------------------

    def record(
        self,
        answer: Answer,
        via: str,
        *,
        user_id: int | None = None,
        user_name: str | None = None,
        asked_at: dt.datetime | None = None,
    ) -> None:
        """Queue one question and its outcome; the user is dropped unless the log keeps users."""
        entry = Entry(
            question=answer.question[:MAX_TEXT],
            kind=answer.kind,
            score=answer.score,
            facts=answer.facts,
            asked_at=asked_at or utc_now(),
            via=via,
            user_id=user_id if self.users else None,
            user_name=user_name if self.users else None,
            language=answer.language,
            context=answer.context,
        )
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            self._report(f"{self._queue.maxsize} questions wait to be written; dropping new ones")

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every question queued so far is written (or failed); False on timeout."""
        if not self._thread.is_alive():  # closed: nothing will be written any more
            return False
        done = threading.Event()
        try:
            self._queue.put(done, timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued, then stop the thread and close the database."""
        if not self._thread.is_alive():
            return
        with contextlib.suppress(queue.Full):
            self._queue.put(None, timeout=timeout)
        self._thread.join(timeout)

    # -- the writer thread ---------------------------------------------------------------

    def _run(self) -> None:
        next_prune = time.monotonic()  # prune once at start, then every prune_every seconds
        stop = False
        while not stop:
            try:
                batch = [self._queue.get(timeout=max(0.0, next_prune - time.monotonic()))]
            except queue.Empty:
                batch = []
            while batch and len(batch) < MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            entries = [item for item in batch if isinstance(item, Entry)]
            if entries:
                self._attempt(functools.partial(self._write, entries=entries))
            if time.monotonic() >= next_prune:
                self._attempt(self._prune)
                next_prune = time.monotonic() + self._prune_every
            for item in batch:
                if isinstance(item, threading.Event):
                    item.set()
            stop = any(item is None for item in batch)
        if self._db is not None:
            self._db.close()

    def _attempt(self, work: Callable[[sqlite3.Connection], None]) -> None:
        """Run one database step; report the first failure, and the recovery after it."""
        try:
            work(self._connect())
        except (sqlite3.Error, OSError) as exc:
            if self._db is not None:  # reopen next time: the file may have been replaced
                self._db.close()
                self._db = None
            self._report(f"cannot write {self.path}: {exc}")
        except Exception as exc:  # the thread must outlive any surprise, or logging stops
            self._report(f"unexpected {type(exc).__name__} writing {self.path}: {exc}")
        else:
            with self._lock:
                recovered, self._failing = self._failing, False
            if recovered:
                logger.warning("question log: writing to %s again", self.path)

    def _report(self, problem: str) -> None:
        with self._lock:
            first, self._failing = not self._failing, True
        if first:
            logger.warning(
                "question log: %s; answering goes on, but questions are not logged "
                "until this is fixed (reported once)",
                problem,
            )

    def _replaced(self) -> bool:
        """True when the file open is no longer the one at the path (deleted, or moved away)."""
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return True
        return (found.st_dev, found.st_ino) != self._identity

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None and self._replaced():
            # rows written on would go into a file nobody can open, and vanish at exit
            logger.warning(
                "question log: %s was deleted or replaced while the bot ran; "
                "starting a new file there",
                self.path,
            )
            self._db.close()
            self._db = None
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self._busy_timeout)
            try:
                db.execute("PRAGMA journal_mode=WAL")  # readers (gaps) never block the writer
                db.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, and far fewer fsyncs
                db.executescript(SCHEMA)
                have = {row[1] for row in db.execute("PRAGMA table_info(questions)")}
                for name, definition in ADDED_COLUMNS.items():
                    if name not in have:
                        db.execute(f"ALTER TABLE questions ADD COLUMN {name} {definition}")
                found = os.stat(self.path)
            except BaseException:
                db.close()
                raise
            self._db, self._identity = db, (found.st_dev, found.st_ino)
        return self._db

    def _write(self, db: sqlite3.Connection, entries: list[Entry]) -> None:
        with db:  # one transaction per batch
            db.executemany(
                "INSERT INTO questions (asked_at, question, kind, score, facts, via, user_id,"
                " user_name, language, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (_stamp(e.asked_at), e.question, e.kind.value, e.score, ",".join(e.facts),
                     e.via, e.user_id, e.user_name, e.language, e.context)
                    for e in entries
                ],
            )  # fmt: skip

    def _prune(self, db: sqlite3.Connection) -> None:
        if self.retention_days <= 0:
            return
        cutoff = utc_now() - dt.timedelta(days=self.retention_days)
        with db:
            deleted = db.execute("DELETE FROM questions WHERE asked_at < ?", (_stamp(cutoff),))
        if deleted.rowcount:
            logger.info(
                "question log: removed %d question(s) older than %d days",
                deleted.rowcount,
                self.retention_days,
            )
