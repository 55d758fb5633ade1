"""An answer's reply, sent without parsing the echo, is the reply Message.reply_html would send."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_bot_api import BOT_USERNAME, GROUP_CHAT, PRIVATE_CHAT, FakeTelegram
from harness import Harness, running_app
from telegram import Message

from bot import render
from bot.replies import AnswerBot

QUESTION = "how much investment was signed"


@pytest.fixture
async def bot(telegram: FakeTelegram, answerer: Any) -> AsyncIterator[Harness]:
    async with running_app(telegram, answerer, rate_limit_per_minute=0) as harness:
        yield harness


def in_topic(update: dict[str, Any], thread: int) -> dict[str, Any]:
    """The update's message, moved into a forum topic of its chat."""
    update["message"].update(message_thread_id=thread, is_topic_message=True)
    return update


async def library_reply(bot: Harness, update: dict[str, Any], answerer: Any) -> dict[str, Any]:
    """What python-telegram-bot's own shortcut sends for the same answer."""
    message = Message.de_json(update["message"], bot.app.bot)
    answer = answerer.answer(QUESTION)
    await message.reply_html(render.to_html(answer), reply_markup=render.keyboard(answer))
    params: dict[str, Any] = bot.replies()[-1]
    return params


@pytest.mark.parametrize(
    ("chat", "thread"),
    [(PRIVATE_CHAT, None), (GROUP_CHAT, None), (GROUP_CHAT, 77)],
    ids=["private", "group", "forum-topic"],
)
async def test_the_reply_is_the_one_reply_html_sends(
    bot: Harness, answerer: Any, chat: dict[str, Any], thread: int | None
) -> None:
    """Same chat, text, parse mode, buttons, topic and quote as the library's reply_html."""
    text = QUESTION if chat is PRIVATE_CHAT else f"@{BOT_USERNAME} {QUESTION}"  # addressed
    update = bot.telegram.message(text, chat)
    if thread is not None:
        update = in_topic(update, thread)
    await bot.feed(update)
    [ours] = bot.replies()
    theirs = await library_reply(bot, update, answerer)
    # the one difference, on purpose: a question deleted meanwhile still gets its answer
    if chat is GROUP_CHAT:
        assert ours["reply_parameters"].pop("allow_sending_without_reply") is True
    assert ours == theirs
    assert ours.get("message_thread_id") == thread
    assert ("reply_parameters" in ours) == (chat is GROUP_CHAT)
    assert "84.475 billion yuan" in ours["text"] and ours["reply_markup"]["inline_keyboard"]
    assert not bot.errors


async def test_a_reply_without_buttons_sends_no_markup(bot: Harness) -> None:
    """An answer with no suggestions sends no reply_markup at all, not an empty one."""
    message = Message.de_json(bot.telegram.message(QUESTION)["message"], bot.app.bot)
    assert isinstance(bot.app.bot, AnswerBot)
    await bot.app.bot.send_reply(message, "<b>hi</b>")
    [reply] = bot.replies()
    assert reply == {"chat_id": PRIVATE_CHAT["id"], "text": "<b>hi</b>", "parse_mode": "HTML"}


async def test_keyboard_json_is_the_keyboard_the_library_would_serialise(answerer: Any) -> None:
    """The cached JSON keyboard decodes to the InlineKeyboardMarkup's own to_dict."""
    for question in (QUESTION, "who won the match?", "how many"):
        answer = answerer.answer(question)
        markup = render.keyboard(answer)
        encoded = render.keyboard_json(answer)
        assert (encoded is None) == (markup is None)
        if markup is not None and encoded is not None:
            assert json.loads(encoded) == markup.to_dict()


async def test_a_button_press_too_old_to_acknowledge_is_still_answered(
    telegram: FakeTelegram, answerer: Any
) -> None:
    """A press handled after a restart (Telegram: "query is too old"): the answer still goes
    to the chat, and no error is raised; a stale inline query is dropped quietly."""
    press = telegram.callback(f"f:{answerer.store.facts[0].id}")
    telegram._callbacks.clear()  # expired, as after the bot was down a while
    inline = telegram.inline("how many people attended")
    telegram._inline.clear()
    async with running_app(telegram, answerer) as bot:
        await bot.feed(press)
        await bot.feed(inline)
        [reply] = bot.replies()
        assert answerer.store.facts[0].question in reply["text"]
        assert not bot.errors
