"""The bot's side of the question log: handlers and the terminal chat write it, /gaps reads it."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import BOT_USERNAME, GROUP_CHAT, FakeTelegram
from harness import running_app
from logged import rows

from bot.chat import run_chat
from knowledge.questionlog import QuestionLog

UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
GAPS_OFF = "The question log is off (QUESTION_LOG_PATH is empty), so there are no gaps to show."


@pytest.fixture
def question_log(db: Path) -> Iterator[QuestionLog]:
    """A real question log over db, as `python -m bot run` makes it by default."""
    with QuestionLog(db, busy_timeout=0.1) as log:
        yield log


async def test_each_question_is_logged_without_the_user(
    telegram: FakeTelegram, answerer: Any, question_log: QuestionLog, db: Path
) -> None:
    """A private and a group question become rows with outcome and fact, and no user by default."""
    async with running_app(telegram, answerer, question_log) as bot:
        await bot.ask("how much investment was signed")
        await bot.feed(telegram.message(f"@{BOT_USERNAME} who won the match?", GROUP_CHAT))
        await bot.feed(telegram.callback("f:duration"))  # a button is not a question
        assert question_log.flush()
    answered, abstained = rows(db)
    assert (answered["question"], answered["kind"], answered["facts"], answered["via"]) == (
        "how much investment was signed", "answer", "investment-signed", "private",
    )  # fmt: skip
    assert (abstained["question"], abstained["kind"], abstained["via"]) == (
        "who won the match?", "abstain", "supergroup",
    )  # fmt: skip
    assert all(r["user_id"] is None and r["user_name"] is None for r in (answered, abstained))


async def test_users_are_logged_only_when_the_setting_says_so(
    telegram: FakeTelegram, answerer: Any, db: Path
) -> None:
    """With QUESTION_LOG_USERS=true (users=True) the row names the asker."""
    with QuestionLog(db, users=True) as question_log:
        async with running_app(telegram, answerer, question_log) as bot:
            await bot.ask("how much investment was signed")
    [row] = rows(db)
    assert (row["user_id"], row["user_name"]) == (1001, "Ada")


async def test_a_locked_database_never_stops_the_answers(
    telegram: FakeTelegram,
    answerer: Any,
    question_log: QuestionLog,
    db: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Another connection holds an exclusive lock: every question is answered, one warning."""
    async with running_app(telegram, answerer, question_log) as bot:
        await bot.ask("how many people attended?")
        assert question_log.flush()
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            for _ in range(5):
                assert "20,000" in await bot.ask("how many people attended?")
            assert question_log.flush()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert not bot.errors
    warnings = [r for r in caplog.records if r.name == "knowledge.questionlog"]
    assert len(warnings) == 1 and "database is locked" in warnings[0].getMessage()


async def test_an_unwritable_log_never_stops_the_answers(
    telegram: FakeTelegram, answerer: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A log path that cannot be created: answers go out, the failure is logged once."""
    caplog.set_level(logging.WARNING)
    (tmp_path / "a-file").write_text("")
    with QuestionLog(tmp_path / "a-file" / "questions.sqlite3") as question_log:
        async with running_app(telegram, answerer, question_log) as bot:
            for _ in range(3):
                assert "84.475 billion yuan" in await bot.ask("how much investment was signed")
                assert question_log.flush()
    assert len([r for r in caplog.records if r.name == "knowledge.questionlog"]) == 1


def test_the_terminal_chat_logs_questions_not_picks(
    answerer: Any, question_log: QuestionLog, db: Path
) -> None:
    """Typed questions are logged with via=terminal; a number picking a suggestion is not."""
    lines = iter(["who won the match?", "1", "quit"])
    run_chat(answerer, read=lambda _: next(lines), write=lambda _: None, question_log=question_log)
    assert question_log.flush()
    assert [(r["question"], r["via"]) for r in rows(db)] == [("who won the match?", "terminal")]


async def test_gaps_shows_admins_the_unanswered_questions(
    telegram: FakeTelegram, answerer: Any, question_log: QuestionLog
) -> None:
    """/gaps: grouped counts with the example and nearest facts, escaped for Telegram."""
    async with running_app(telegram, answerer, question_log) as bot:
        for question in ("who won the <match>?", "Who won the <match>", "where do I park?"):
            await bot.ask(question)
        reply = await bot.ask("/gaps")
        assert not bot.errors
    assert "<b>2x</b> who won the &lt;match&gt;? <i>(abstain 2)</i>" in reply
    assert "also asked: Who won the &lt;match&gt;" in reply
    assert "nearest facts: <code>" in reply
    assert reply.index("&lt;match&gt;") < reply.index("park")  # most frequent first


async def test_gaps_is_an_unknown_command_for_everyone_else(
    telegram: FakeTelegram, answerer: Any, question_log: QuestionLog
) -> None:
    """A user not in ADMIN_USER_IDS gets exactly the unknown-command reply."""
    async with running_app(telegram, answerer, question_log, admin_user_ids=(42,)) as bot:
        assert await bot.ask("/gaps") == UNKNOWN_COMMAND
        assert await bot.ask("/frobnicate") == UNKNOWN_COMMAND


async def test_gaps_says_when_the_log_is_off(telegram: FakeTelegram, answerer: Any) -> None:
    """With QUESTION_LOG_PATH empty there is no log to read, and /gaps says so."""
    async with running_app(telegram, answerer) as bot:
        assert await bot.ask("/gaps") == GAPS_OFF
