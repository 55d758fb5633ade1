"""Admin commands: /stats for ADMIN_USER_IDS; for anyone else every admin command is unknown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_bot_api import GROUP_CHAT, PRIVATE_CHAT, FakeTelegram, visible_text
from harness import Harness, running_app

from knowledge.questionlog import QuestionLog

ADMIN_COMMANDS = ("/stats", "/gaps", "/reload")


@pytest.fixture
async def bot(telegram: FakeTelegram, answerer: Any) -> AsyncIterator[Harness]:
    """The real Application; the private chat's user (1001) is the one admin."""
    async with running_app(telegram, answerer) as harness:
        yield harness


async def test_stats_counts_questions_by_outcome_and_the_most_asked_unanswered(
    bot: Harness, ambiguous: str
) -> None:
    """/stats: questions since start, answered / clarified / abstained, top unanswered first."""
    questions = [
        "how much investment was signed",
        ambiguous,
        "who won the <match>?",
        "Who  won the <MATCH>?",
        "where do I park?",
    ]
    for question in questions:
        await bot.ask(question)
    reply = await bot.ask("/stats")
    assert "Questions: 5 — answered 1, clarified 1, abstained 3" in reply
    assert "Messages held back by the flood limit: 0" in reply
    top = reply.split("<b>Most asked without an answer</b>\n")[1].splitlines()
    assert top[0] == "2x who won the &lt;match&gt;?"  # case and spacing do not split it
    assert {"1x where do i park?", f"1x {ambiguous}"} <= set(top)
    visible_text(reply, "HTML")  # valid Telegram HTML
    assert not bot.errors


async def test_stats_counts_messages_held_back_by_the_flood_limit(bot: Harness) -> None:
    """Messages refused by the flood limit are counted apart from questions."""
    user, chat = bot.telegram.add_user(2002)
    for _ in range(23):
        await bot.feed(bot.telegram.message("how many people attended?", chat, sender=user))
    reply = await bot.ask("/stats")
    assert "Questions: 20 — answered 20" in reply
    assert "Messages held back by the flood limit: 3" in reply


async def test_stats_points_to_gaps_when_the_log_is_on(
    telegram: FakeTelegram, answerer: Any, tmp_path: Any
) -> None:
    """With a question log, /stats says /gaps groups its whole history."""
    with QuestionLog(tmp_path / "questions.sqlite3") as question_log:
        async with running_app(telegram, answerer, question_log) as bot:
            assert "/gaps groups every unanswered question" in await bot.ask("/stats")


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
async def test_admin_commands_are_unknown_commands_for_anyone_else(
    telegram: FakeTelegram, answerer: Any, command: str
) -> None:
    """A user not in ADMIN_USER_IDS gets, byte for byte, the reply to an unknown command."""
    async with running_app(telegram, answerer, admin_user_ids=(42,)) as bot:
        await bot.feed(telegram.message("/frobnicate"))
        await bot.feed(telegram.message(command))
        await bot.feed(telegram.message(f"{command} extra words"))
        unknown, *replies = bot.replies()
        assert replies == [unknown, unknown]
        assert not bot.errors


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
async def test_admin_commands_are_not_answered_in_groups(bot: Harness, command: str) -> None:
    """In a group even an admin's /stats, /gaps and /reload get no reply (the log is private)."""
    await bot.feed(bot.telegram.message(command, GROUP_CHAT))
    await bot.feed(bot.telegram.message("/frobnicate", GROUP_CHAT))
    assert bot.calls() == []


async def test_admin_commands_stay_out_of_the_public_menu(bot: Harness) -> None:
    """The command menu Telegram shows everyone lists no admin command."""
    await bot.app.post_init(bot.app)  # type: ignore[misc]
    menus = bot.calls("setMyCommands")
    assert {call.params.get("language_code") for call in menus} == {None, "zh", "ru", "ja", "ko"}
    for call in menus:
        names = {c["command"] for c in call.params["commands"]}
        assert not names & {c.lstrip("/") for c in ADMIN_COMMANDS}
    assert PRIVATE_CHAT["id"] in bot.app.bot_data.admins
    # the profile texts too, in each language: English by default, Russian for "ru"
    for method, key in (("setMyDescription", "description"),
                        ("setMyShortDescription", "short_description")):  # fmt: skip
        calls = {c.params.get("language_code"): c.params[key] for c in bot.calls(method)}
        assert set(calls) == {None, "zh", "ru", "ja", "ko"}
        assert "Expo" in calls[None] and "ЭКСПО" in calls["ru"] and "第十四届" in calls["zh"]
