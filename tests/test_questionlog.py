"""The question log over a real SQLite file: rows, privacy, retention, quiet failures."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from logged import rows

from knowledge.answer import Kind
from knowledge.questionlog import QuestionLog, QuestionLogError, read_questions, utc_now

LOGGER = "knowledge.questionlog"


@pytest.fixture
def log(db: Path) -> Iterator[QuestionLog]:
    """A question log over db, closed after the test."""
    with QuestionLog(db, busy_timeout=0.1) as question_log:
        yield question_log


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The question log's warnings so far."""
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno >= 30]


def test_rows_hold_question_outcome_score_fact_and_time(
    log: QuestionLog, db: Path, answerer: Any, ambiguous: str
) -> None:
    """Each outcome is stored with its question, kind, score, facts, channel and UTC time."""
    before = utc_now()
    for question in ("how much investment was signed", ambiguous, "who won the match?"):
        log.record(answerer.answer(question), via="private")
    assert log.flush()
    answered, clarified, abstained = rows(db)
    assert answered["question"] == "how much investment was signed"
    assert (answered["kind"], answered["facts"]) == ("answer", "investment-signed")
    assert answered["score"] == answerer.answer("how much investment was signed").score
    assert clarified["kind"] == "clarify" and clarified["facts"].count(",") >= 1
    assert (abstained["kind"], abstained["facts"]) == ("abstain", "")
    asked = dt.datetime.fromisoformat(answered["asked_at"]).replace(tzinfo=dt.UTC)
    assert before <= asked <= utc_now()
    assert {r["via"] for r in (answered, clarified, abstained)} == {"private"}
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.parametrize(("users", "expected"), [(False, (None, None)), (True, (1001, "ada"))])
def test_users_are_kept_only_when_asked_to(
    db: Path, answerer: Any, users: bool, expected: tuple[Any, Any]
) -> None:
    """By default no user id or name reaches the file; users=True keeps them."""
    with QuestionLog(db, users=users) as log:
        log.record(answerer.answer("who won?"), "private", user_id=1001, user_name="ada")
    [row] = rows(db)
    assert (row["user_id"], row["user_name"]) == expected


def old(days: int) -> dt.datetime:
    return utc_now() - dt.timedelta(days=days)


def test_retention_prunes_old_rows_at_start(db: Path, answerer: Any) -> None:
    """Rows older than the retention are removed when the log opens; newer ones stay."""
    abstain = answerer.answer("who won the match?")
    expired, recent = old(100), old(89)
    with QuestionLog(db, retention_days=0) as log:  # 0 keeps everything
        log.record(abstain, "private", asked_at=expired)
        log.record(abstain, "private", asked_at=recent)
    assert len(rows(db)) == 2
    with QuestionLog(db, retention_days=90) as log:
        assert log.flush()
    assert [r["asked_at"] for r in rows(db)] == [recent.strftime("%Y-%m-%d %H:%M:%S")]


def test_retention_prunes_again_while_running(db: Path, answerer: Any) -> None:
    """The prune repeats on its schedule (daily in the bot), not only at start."""
    with QuestionLog(db, retention_days=30, prune_every=0.1) as log:
        log.record(answerer.answer("who won the match?"), "private", asked_at=old(31))
        assert log.flush()
        deadline = time.monotonic() + 5
        while rows(db) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert rows(db) == []


def test_unwritable_path_is_reported_once_and_recording_goes_on(
    tmp_path: Path, answerer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A path no database can be made at: one warning for many questions, record never raises."""
    (tmp_path / "a-file").write_text("not a directory")
    path = tmp_path / "a-file" / "questions.sqlite3"
    with QuestionLog(path) as log:
        for _ in range(3):
            log.record(answerer.answer("who won the match?"), "private")
            assert log.flush()
    [warning] = warnings(caplog)
    assert str(path) in warning and "reported once" in warning


def test_locked_database_is_reported_once_and_recovers(
    log: QuestionLog, db: Path, answerer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Another connection holds an exclusive lock: one warning, instant records, then recovery."""
    answer = answerer.answer("who won the match?")
    log.record(answer, "private")
    assert log.flush()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        for _ in range(50):
            log.record(answer, "private")
        assert time.perf_counter() - started < 0.05  # queued, not written: no waiting
        assert log.flush()
        log.record(answer, "private")
        assert log.flush()
        [warning] = warnings(caplog)
        assert "database is locked" in warning
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    log.record(answer, "group")
    assert log.flush()
    assert [r["via"] for r in rows(db)] == ["private", "group"]
    assert warnings(caplog)[-1].endswith("again")


def test_a_full_queue_drops_questions_and_says_so_once(
    db: Path, answerer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """When the writer cannot keep up the queue drops new questions, with one warning."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # the writer waits out its busy timeout on every batch
    try:
        with QuestionLog(db, busy_timeout=0.2, max_queue=2) as log:
            for _ in range(20):
                log.record(answerer.answer("who won?"), "private")
            full = [w for w in warnings(caplog) if "wait to be written" in w]
            assert len(full) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_read_questions_returns_the_unanswered(log: QuestionLog, db: Path, answerer: Any) -> None:
    """read_questions gives abstained and clarified questions, oldest first, as Entries."""
    log.record(answerer.answer("who won the match?"), "private", asked_at=old(2))
    log.record(answerer.answer("how much investment was signed"), "private", asked_at=old(1))
    log.record(answerer.answer("who lost?"), "group", asked_at=old(3))
    assert log.flush()
    entries = read_questions(db)
    assert [(e.question, e.kind, e.via) for e in entries] == [
        ("who lost?", Kind.ABSTAIN, "group"),
        ("who won the match?", Kind.ABSTAIN, "private"),
    ]
    assert [e.question for e in read_questions(db, [Kind.ANSWER])] == [
        "how much investment was signed"
    ]


def test_reading_a_missing_log_names_the_file(tmp_path: Path) -> None:
    """No file at the path: an error naming it and how to point at the right one."""
    with pytest.raises(QuestionLogError, match=r"no question log at .*nowhere\.sqlite3.*--db"):
        read_questions(tmp_path / "nowhere.sqlite3")


def test_long_questions_are_cut(log: QuestionLog, db: Path, answerer: Any) -> None:
    """A 4,000-character message is stored as its first 500 characters."""
    log.record(answerer.answer("x" * 4000), "private")
    assert log.flush()
    [row] = rows(db)
    assert len(row["question"]) == 500


def test_a_log_deleted_while_running_is_noticed_once_and_started_again(
    log: QuestionLog, db: Path, answerer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The file deleted under the running log: one warning, and the next rows go to a new file
    at the same path instead of into the deleted one."""
    log.record(answerer.answer("who won the match?"), "private")
    assert log.flush()
    for path in db.parent.glob(db.name + "*"):  # the file, its -wal and -shm
        path.unlink()
    for question in ("who lost?", "who drew?"):
        log.record(answerer.answer(question), "private")
        assert log.flush()
    assert [e.question for e in read_questions(db)] == ["who lost?", "who drew?"]
    [warning] = warnings(caplog)
    assert "deleted or replaced" in warning and str(db) in warning
