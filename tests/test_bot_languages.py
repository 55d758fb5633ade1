"""Each language end to end through the real Application: the reply, its citation, /language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_bot_api import USER, FakeTelegram, visible_text
from harness import Harness, running_app

QUESTIONS = [
    ("zh-Hans", "一共签约了几个项目？", "99", "来源："),
    ("zh-Hant", "參展企業一共有幾家？", "1006", "來源："),
    ("ru", "сколько компаний участвовало?", "1000", "Источник: "),
    ("ja", "参加企業は何社?", "1006", "出典："),
    ("ko", "외국 기업은 몇 개야?", "201", "출처: "),
    ("en", "how much investment was signed?", "84.475 billion yuan", "Source: "),
]


@pytest.fixture
async def bot(telegram: FakeTelegram, answerer: Any) -> AsyncIterator[Harness]:
    """The real Application over the fake Bot API, with the shipped store."""
    async with running_app(telegram, answerer) as harness:
        yield harness


@pytest.mark.parametrize(("language", "question", "figure", "source"), QUESTIONS)
async def test_a_question_is_answered_in_its_own_language(
    bot: Harness, answerer: Any, language: str, question: str, figure: str, source: str
) -> None:
    """The reply is in the question's language, with the verified figure and a local citation;
    the quote itself stays in English, the evidence."""
    reply = visible_text(await bot.ask(question), "HTML")
    assert figure in reply and source in reply
    answer = answerer.answer(question)
    assert answer.language == language
    assert answer.sources[0].quote in reply  # the English quote, verbatim
    assert not bot.errors


async def test_the_buttons_under_an_answer_keep_its_language(bot: Harness) -> None:
    """A related question's button carries the language, and its answer comes in it."""
    await bot.ask("一共签约了几个项目？")
    markup = bot.replies()[-1]["reply_markup"]
    data = markup["inline_keyboard"][0][0]["callback_data"]
    assert data.startswith("f:zh-Hans:")
    await bot.feed(bot.telegram.callback(data))
    assert "来源：" in bot.replies()[-1]["text"]


async def test_language_choice_overrides_and_auto_restores(bot: Harness) -> None:
    """/language ru answers an English question in Russian; /language auto goes back."""
    assert "по-русски" in await bot.ask("/language ru")
    assert "Источник" in await bot.ask("how many companies took part?")
    await bot.ask("/language auto")
    assert "Source: " in await bot.ask("how many companies took part?")


async def test_language_buttons_cover_every_language(bot: Harness) -> None:
    """/language offers each language by its own name, and auto."""
    await bot.ask("/language")
    rows = bot.replies()[-1]["reply_markup"]["inline_keyboard"]
    labels = [row[0]["text"] for row in rows]
    assert labels[:-1] == ["English", "日本語", "한국어", "Русский", "简体中文", "繁體中文"]
    await bot.feed(bot.telegram.callback(rows[3][0]["callback_data"]))
    assert "Источник" in await bot.ask("how many people attended?")


async def test_fixed_replies_follow_telegrams_language(bot: Harness) -> None:
    """A user whose Telegram runs in Korean gets /help in Korean."""
    korean = {**USER, "language_code": "ko"}
    before = len(bot.replies())
    await bot.feed(bot.telegram.message("/help", sender=korean))
    [reply] = bot.replies()[before:]
    assert "/topics" in reply["text"] and any("\uac00" <= c <= "\ud7af" for c in reply["text"])


async def test_a_language_we_do_not_speak_is_told_which_we_do(bot: Harness) -> None:
    """German gets a short English reply naming the languages, never a wrong match."""
    reply = await bot.ask("Wie viele Unternehmen haben an der Messe teilgenommen?")
    assert reply.startswith("I answer questions in English, 简体中文")
