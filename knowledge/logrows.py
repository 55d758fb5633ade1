"""The question log's rows as read back: what curators' tools (gaps, /gaps) work from."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge.answer import Kind

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # UTC; sorts as text, and SQLite's datetime() reads it


class QuestionLogError(Exception):
    """The log cannot be read; the message says which file and what to do."""


@dataclass(frozen=True)
class Entry:
    """One logged question."""

    question: str
    kind: Kind
    score: float
    facts: tuple[str, ...]
    asked_at: dt.datetime  # UTC
    via: str = ""
    user_id: int | None = None
    user_name: str | None = None
    language: str = "en"
    context: str | None = None


# Columns later versions added, with their definition: an older file gains them when opened.
ADDED_COLUMNS = {"language": "TEXT NOT NULL DEFAULT 'en'", "context": "TEXT"}


def read_questions(path: Path, kinds: Iterable[Kind] = (Kind.ABSTAIN, Kind.CLARIFY)) -> list[Entry]:
    """The logged questions of these kinds, oldest first, read without writing anything."""
    if not path.is_file():
        raise QuestionLogError(
            f"no question log at {path}: the bot creates it, where QUESTION_LOG_PATH says, "
            "with the first question it logs (gaps --db PATH reads another file)"
        )
    wanted = [kind.value for kind in kinds]
    marks = ", ".join("?" for _ in wanted)
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            have = {row[1] for row in db.execute("PRAGMA table_info(questions)")}
            # a file older than the language and context columns reads as English, no context
            later = ", ".join(c if c in have else "NULL" for c in ADDED_COLUMNS)
            rows = db.execute(
                f"SELECT question, kind, score, facts, asked_at, via, user_id, user_name, {later} "
                f"FROM questions WHERE kind IN ({marks}) ORDER BY asked_at, id",
                wanted,
            ).fetchall()
    except sqlite3.Error as exc:
        raise QuestionLogError(f"cannot read the question log {path}: {exc}") from None
    return [
        Entry(
            question=question,
            kind=Kind(kind),
            score=score,
            facts=tuple(f for f in facts.split(",") if f),
            asked_at=dt.datetime.strptime(asked_at, TIME_FORMAT).replace(tzinfo=dt.UTC),
            via=via,
            user_id=user_id,
            user_name=user_name,
            language=language or "en",
            context=context,
        )
        for (
            question,
            kind,
            score,
            facts,
            asked_at,
            via,
            user_id,
            user_name,
            language,
            context,
        ) in rows
    ]
