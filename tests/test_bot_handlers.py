"""The real Application and Answerer, fed updates; a fake Bot API records what the bot sends."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_bot_api import (
    BOT_TOKEN,
    BOT_USER,
    BOT_USERNAME,
    GROUP_CHAT,
    PRIVATE_CHAT,
    FakeTelegram,
)
from harness import Harness, running_app

from knowledge.answer import Kind


@pytest.fixture
async def bot(telegram: FakeTelegram, answerer: Any) -> AsyncIterator[Harness]:
    """The bot built by build_application, initialised (getMe) against the fake."""
    async with running_app(telegram, answerer) as harness:
        yield harness


def buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback data) of every button in a sent message."""
    rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def test_start_greets_with_featured_questions(bot: Harness, answerer: Any) -> None:
    """/start says what the bot knows and offers featured questions as f: buttons."""
    await bot.feed(bot.telegram.message("/start"))
    [reply] = bot.replies()
    assert "China-Northeast Asia Expo" in reply["text"]
    assert reply["parse_mode"] == "HTML"
    featured = [f"f:{s.fact}" for s in answerer.featured()][:4]
    assert [data for _, data in buttons(reply)] == featured
    assert not bot.errors


async def test_question_is_answered_with_citation_and_quote(bot: Harness) -> None:
    """A private question gets one message: the figure, the source line and a blockquote."""
    await bot.feed(bot.telegram.message("how much investment was signed"))
    assert [c.method for c in bot.calls()] == ["sendMessage"]  # no "typing…" call before it
    [reply] = bot.replies()
    assert "84.475 billion yuan" in reply["text"]
    assert "<i>Source: " in reply["text"]
    assert "<blockquote expandable>The 14th China-Northeast Asia Expo witnessed" in reply["text"]
    assert all(data.startswith("f:") for _, data in buttons(reply))
    assert not bot.errors


async def test_clarify_offers_the_candidates_as_buttons(
    bot: Harness, answerer: Any, ambiguous: str
) -> None:
    """A question close to several facts asks which, with one button per candidate."""
    expected = answerer.answer(ambiguous)
    assert expected.kind is Kind.CLARIFY
    await bot.feed(bot.telegram.message(ambiguous))
    [reply] = bot.replies()
    assert expected.text in reply["text"]
    assert [d for _, d in buttons(reply)] == [f"f:{s.fact}" for s in expected.suggestions]
    assert "<blockquote" not in reply["text"]


async def test_abstain_gives_no_figure(bot: Harness) -> None:
    """An off-topic question is told so honestly, with no number in the reply."""
    await bot.feed(bot.telegram.message("who won the match?"))
    [reply] = bot.replies()
    assert "don't cover" in reply["text"]
    assert not re.search(r"\d", reply["text"])
    assert "<blockquote" not in reply["text"]


async def test_button_press_answers_the_query_then_sends_the_fact(bot: Harness) -> None:
    """f:<fact> answers the callback query first (no spinner), then sends that fact's answer."""
    update = bot.telegram.callback("f:duration")
    await bot.feed(update)
    methods = [c.method for c in bot.calls()]
    assert methods == ["answerCallbackQuery", "sendMessage"]
    assert (
        bot.calls("answerCallbackQuery")[0].params["callback_query_id"]
        == (update["callback_query"]["id"])
    )
    [reply] = bot.replies()
    assert reply["chat_id"] == PRIVATE_CHAT["id"]
    assert "<b>How long did the expo last?</b>" in reply["text"]
    assert "five-day" in reply["text"]
    assert not bot.errors


@pytest.mark.parametrize("data", ["f:no-such-fact", "zzz", "t:999", "t:x", ""])
async def test_unknown_button_gets_a_note_and_nothing_else(bot: Harness, data: str) -> None:
    """Stale or foreign callback data answers the query with a short note and sends nothing."""
    await bot.feed(bot.telegram.callback(data))
    [call] = bot.calls()
    assert call.method == "answerCallbackQuery"
    assert "/topics" in call.params["text"]
    assert not bot.errors


async def test_topics_browse_in_place(bot: Harness, answerer: Any) -> None:
    """/topics lists topics; t:<n> edits that message to the topic's questions; t: goes back."""
    await bot.feed(bot.telegram.message("/topics"))
    [menu] = bot.telegram.sent("sendMessage")
    topic_buttons = buttons(menu.params)
    assert [d for _, d in topic_buttons] == [f"t:{n}" for n in range(len(answerer.topics()))]
    name, facts = answerer.topics()[1]

    await bot.feed(bot.telegram.callback("t:1", message=menu.result))
    [edit] = bot.telegram.sent("editMessageText")
    assert edit.params["message_id"] == menu.result["message_id"]
    assert name in edit.params["text"]
    assert [d for _, d in buttons(edit.params)] == [f"f:{s.fact}" for s in facts] + ["t:"]

    await bot.feed(bot.telegram.callback("t:", message=menu.result))
    assert buttons(bot.telegram.sent("editMessageText")[-1].params) == topic_buttons
    assert len(bot.telegram.sent("answerCallbackQuery")) == 2
    assert not bot.errors


async def test_group_message_not_addressed_is_ignored(bot: Harness) -> None:
    """In a group the bot stays silent unless it is mentioned, replied to or /ask-ed."""
    await bot.feed(bot.telegram.message("how many companies took part?", GROUP_CHAT))
    await bot.feed(bot.telegram.message("@someone_else how many companies?", GROUP_CHAT))
    assert bot.calls() == []


async def test_inline_card_sent_in_the_chat_is_not_a_question(bot: Harness) -> None:
    """A card the user sent through inline mode (via_bot) is not answered again."""
    update = bot.telegram.message("How many people attended?\n\nOver 20,000 people ...")
    update["message"]["via_bot"] = BOT_USER
    await bot.feed(update)
    assert bot.calls() == []


async def test_group_mention_is_answered_as_a_reply(bot: Harness) -> None:
    """A mention of the bot in a group is answered, quoting the question, without the mention."""
    update = bot.telegram.message(f"@{BOT_USERNAME} where was the expo held?", GROUP_CHAT)
    await bot.feed(update)
    [reply] = bot.replies()
    assert reply["chat_id"] == GROUP_CHAT["id"]
    assert reply["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert "Jilin Province" in reply["text"]


async def test_group_reply_to_the_bot_is_answered(bot: Harness) -> None:
    """Replying to one of the bot's messages in a group counts as addressing it."""
    mine = {"message_id": 5, "date": 0, "chat": GROUP_CHAT, "from": BOT_USER, "text": "Hi"}
    await bot.feed(bot.telegram.message("how many people attended?", GROUP_CHAT, reply_to=mine))
    [reply] = bot.replies()
    assert "20,000" in reply["text"]


async def test_ask_command_in_group(bot: Harness) -> None:
    """/ask@bot <question> answers in a group; a bare /ask explains the usage."""
    await bot.feed(
        bot.telegram.message(f"/ask@{BOT_USERNAME} how many diplomats attended", GROUP_CHAT)
    )
    await bot.feed(bot.telegram.message("/ask", GROUP_CHAT))
    answer, usage = bot.replies()
    assert "40 diplomatic envoys" in answer["text"]
    assert "/ask How many companies took part?" in usage["text"]


async def test_sticker_gets_the_text_only_note(bot: Harness) -> None:
    """A sticker in a private chat gets one short note that the bot reads text."""
    await bot.feed(bot.telegram.sticker())
    [reply] = bot.replies()
    assert "only read text" in reply["text"]


async def test_edited_message_is_answered_again(bot: Harness) -> None:
    """Editing a question answers the edited text."""
    await bot.feed(bot.telegram.message("how many people attended?", edited=True, message_id=77))
    [reply] = bot.replies()
    assert "20,000" in reply["text"]


async def test_deep_link_opens_the_fact(bot: Harness) -> None:
    """/start <fact-id> answers that fact; a garbage payload gets the normal greeting."""
    await bot.feed(bot.telegram.message("/start duration"))
    await bot.feed(bot.telegram.message("/start <b>no_such-fact</b>"))
    fact, greeting = bot.replies()
    assert "five-day" in fact["text"]
    assert "China-Northeast Asia Expo" in greeting["text"]
    assert "no_such" not in greeting["text"]


async def test_inline_answer_card(bot: Harness) -> None:
    """An inline question with an answer offers one card whose message carries the citation."""
    await bot.feed(bot.telegram.inline("how much investment was signed"))
    [call] = bot.calls("answerInlineQuery")
    [card] = call.params["results"]
    assert card["id"] == "investment-signed"
    assert card["title"] == "How much investment was signed at the 14th expo?"
    content = card["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "84.475 billion yuan" in content["message_text"]
    assert "<blockquote expandable>" in content["message_text"]


async def test_inline_clarify_offers_each_candidate(
    bot: Harness, answerer: Any, ambiguous: str
) -> None:
    """An ambiguous inline question offers one answered card per candidate."""
    expected = answerer.answer(ambiguous)
    await bot.feed(bot.telegram.inline(ambiguous))
    cards = bot.calls("answerInlineQuery")[0].params["results"]
    assert [c["id"] for c in cards] == list(expected.facts)
    assert all("<blockquote" in c["input_message_content"]["message_text"] for c in cards)


async def test_inline_empty_query_lists_featured(bot: Harness, answerer: Any) -> None:
    """An empty inline query offers the featured facts, at most five."""
    await bot.feed(bot.telegram.inline(""))
    cards = bot.calls("answerInlineQuery")[0].params["results"]
    assert [c["id"] for c in cards] == [s.fact for s in answerer.featured()][:5]


async def test_inline_abstain_is_honest_and_escaped(bot: Harness) -> None:
    """Off-topic inline: no answer card, only 'not covered', with the query escaped."""
    await bot.feed(bot.telegram.inline("<b>who</b> won & <a href='x'>the match</a>?"))
    cards = bot.calls("answerInlineQuery")[0].params["results"]
    assert [c["id"] for c in cards] == ["not-covered"]
    text = cards[0]["input_message_content"]["message_text"]
    assert "&lt;b&gt;who&lt;/b&gt; won &amp; &lt;a href='x'&gt;" in text
    assert not re.search(r"\d", text.split("\n\n")[1])


async def test_help_sources_and_unknown_command(bot: Harness) -> None:
    """/help names the bot for groups; /sources lists each article; a typo points to /help."""
    for text in ("/help", "/sources", "/frobnicate"):
        await bot.feed(bot.telegram.message(text))
    help_reply, sources, unknown = bot.replies()
    assert f"@{BOT_USERNAME}" in help_reply["text"]
    assert (
        "China-Northeast Asia Expo opens in Chinese city of Changchun</b> — Xinhua, 24 Aug 2023"
        in (sources["text"])
    )
    assert "CHANGCHUN, China, Aug. 28, 2023</b> — 28 Aug 2023" in sources["text"]
    assert "/help" in unknown["text"]


async def test_every_question_is_logged_once(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """One log line per question: the outcome, the fact and the score."""
    caplog.set_level(logging.INFO, logger="bot")
    await bot.feed(bot.telegram.message("how much investment was signed"))
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.handlers"]
    assert "kind=answer fact=investment-signed score=" in line


async def test_handler_error_is_logged_and_reported_to_admins(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing Bot API call reaches the error handler: logged with traceback, admins told."""
    bot.telegram.failures["sendMessage"] = "Bad Request: chat not found"
    await bot.feed(bot.telegram.message("how many people attended?"))
    [error] = bot.errors
    assert str(error) == "Chat not found"  # as python-telegram-bot words it
    [record] = [r for r in caplog.records if r.name == "bot.handlers" and r.exc_info]
    assert record.levelno == logging.ERROR
    [note] = bot.replies()
    assert note["chat_id"] == PRIVATE_CHAT["id"]
    assert "Bot error: BadRequest: Chat not found" in note["text"]
    assert BOT_TOKEN not in note["text"] and BOT_TOKEN not in caplog.text
