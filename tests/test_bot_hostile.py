"""Hostile and odd input through the real Application: a sensible reply, never an error.

Every reply must pass the fake Bot API's checks (Telegram's HTML parser, length, buttons);
user text must never come back as markup: the only tags are the bot's own.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_bot_api import BOT_USERNAME, GROUP_CHAT, FakeTelegram, visible_text
from harness import Harness, running_app

OUR_TAGS = {"b", "i", "blockquote", "code", "pre"}
PROMPT = "Ask me a question about"  # the engine's reply when there is no question
GREETING = "Hello! I answer questions"
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
BUTTON_NOTES = {
    "That button is out of date. Try /topics.",
    "That question is no longer in my notes. Try /topics.",
}


def full_width(text: str) -> str:
    """The text in full-width forms, as East Asian keyboards type it."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


# (name, text sent in a private chat, what the reply must contain; None: any reply)
MESSAGES: list[tuple[str, str, str | None]] = [
    ("empty", "", PROMPT),
    ("whitespace", " \n\t \u3000 ", PROMPT),
    ("4096 letters", "a" * 4096, None),
    ("4096 of markup", ("<b>&amp;</b> <a href='x'>" * 200)[:4096], None),
    ("4096 emoji and words", ("🙂 how many companies " * 200)[:4096], None),
    ("only emoji", "🙂🎉🇨🇳👍🏽", PROMPT),
    ("zero-width only", "\u200b\u200c\u200d\ufeff\u2060", PROMPT),
    ("zero-width inside", "how\u200b many\u200d countries\ufeff were represented?", "countries"),
    ("right-to-left override", "\u202eright-to-left\u202c how many companies took part?", None),
    ("arabic", "كم عدد الشركات المشاركة؟", None),
    ("hebrew", "כמה חברות השתתפו?", None),
    ("control characters", "\x00\x01\x07\x1b[31mred\x1b[0m\x7f", None),
    ("line separators", "how many\u2028people\u2029attended\x85?", None),
    ("bold tag", "<b>how much investment was signed</b>", None),
    ("link tag", '<a href="javascript:alert(1)">how many companies</a>', None),
    ("unclosed tag", "<blockquote expandable>how many people attended", None),
    ("closing tags", "</b></i></blockquote></pre>", None),
    ("entities", "&amp; & &lt; < > &gt; &#0; &#x110000; &bogus; \"'", None),
    ("markdown", "**bold** _it_ __u__ ~~s~~ ||spoiler|| [link](http://x) `code` ```pre```", None),
    ("template", "{{7*7}} ${jndi:ldap://x} #{7*7} <%= 7*7 %> {0} %s %n", None),
    ("sql", "'; DROP TABLE questions; -- OR 1=1 /* */ UNION SELECT * FROM facts", None),
    ("chinese", "世博会签约投资多少\uff1f", None),
    ("russian", "сколько компаний участвовало?", None),
    ("japanese", "何社が参加しましたか", None),
    ("korean", "몇 개의 회사가 참가했습니까?", None),
    ("hindi", "कितनी कंपनियों ने भाग लिया?", None),
    ("greek", "πόσες εταιρείες συμμετείχαν;", None),
    ("thai", "มีบริษัทเข้าร่วมกี่แห่ง", None),
    ("full-width", full_width("how many people attended?"), "20,000"),
    ("lone command slash", "/", PROMPT),
    ("start with markup", "/start <b>no_such-fact</b>", GREETING),
    ("start with a long payload", "/start " + "A" * 300, GREETING),
    ("start with a path", "/start ../../etc/passwd", GREETING),
    ("start with callback data", "/start f:investment-signed", GREETING),
    ("start with right-to-left", "/start \u202efact\u202c", GREETING),
    ("start with nul", "/start \x00", GREETING),
    ("start for another bot", "/start@some_other_bot", UNKNOWN_COMMAND),
    ("unknown command", "/frobnicate", UNKNOWN_COMMAND),
    ("unknown command with markup", "/x_y <script>alert(1)</script>", UNKNOWN_COMMAND),
    ("long unknown command", "/" + "z" * 200, UNKNOWN_COMMAND),
    ("ask with markup", "/ask <i>how many diplomats attended</i>", "40 diplomatic envoys"),
    ("ask with nothing", "/ask   ", "Put the question after the command"),
]

# Callback data the bot never sent: a short note on the button, nothing sent to the chat.
CALLBACKS = [
    "", "f:", "f:" + "x" * 62, "f:<b>", "f:../../etc", "t:-1", "t:" + "9" * 60, "t:1e3",
    "t:\x00", "\u202e", "zzz", "🙂", "f:investment-signed\n", "t:0 ",
]  # fmt: skip

# Inline queries: the card's message echoes the question, so it must be escaped.
INLINE = ["<b>who</b> won?", '<a href="x">deals</a> & more', "\x00", " ", "🙂" * 80, "&amp;"]


@pytest.fixture
async def bot(telegram: FakeTelegram, answerer: Any) -> AsyncIterator[Harness]:
    """The real Application, with the flood limit off (this is not a flood test)."""
    async with running_app(telegram, answerer, rate_limit_per_minute=0) as harness:
        yield harness


def check_markup(text: str) -> str:
    """Telegram would accept this HTML, and every tag in it is one of the bot's own."""
    visible = visible_text(text, "HTML")  # raises ApiError as Telegram would refuse it
    tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9-]*)", text))
    assert tags <= OUR_TAGS, f"user text came back as markup: {tags - OUR_TAGS}"
    return visible


def check_every_call(bot: Harness) -> None:
    """No handler failed, and the fake accepted every call the bot made."""
    assert not bot.errors
    refused = [c for c in bot.calls() if isinstance(c.result, dict) and c.result.get("ok") is False]
    assert not refused
    for call in bot.calls("sendMessage"):
        check_markup(call.params["text"])


@pytest.mark.parametrize(("name", "text", "expected"), MESSAGES, ids=[m[0] for m in MESSAGES])
async def test_hostile_message_gets_one_sensible_reply(
    bot: Harness, name: str, text: str, expected: str | None
) -> None:
    """Each hostile message gets exactly one reply, accepted by Telegram, with no user markup."""
    await bot.feed(bot.telegram.message(text))
    [reply] = bot.replies()
    if expected is not None:
        assert expected in reply["text"]
    check_every_call(bot)


async def test_zero_width_and_full_width_change_nothing(bot: Harness) -> None:
    """Invisible marks and full-width letters get the same answer as the plain question."""
    plain = await bot.ask("how many countries were represented?")
    assert await bot.ask("how\u200b many\u200d countries\ufeff were represented?") == plain
    assert await bot.ask(full_width("how many countries were represented?")) == plain


@pytest.mark.parametrize("data", CALLBACKS)
async def test_callback_data_the_bot_never_sent_gets_a_note(bot: Harness, data: str) -> None:
    """Forged or stale button data: the button's note says so, and nothing is sent."""
    await bot.feed(bot.telegram.callback(data))
    [call] = bot.calls()
    assert call.method == "answerCallbackQuery"
    assert call.params["text"] in BUTTON_NOTES
    check_every_call(bot)


@pytest.mark.parametrize("query", INLINE)
async def test_hostile_inline_query_gets_escaped_cards(bot: Harness, query: str) -> None:
    """Inline cards repeat the question as their heading: escaped, and accepted by Telegram."""
    await bot.feed(bot.telegram.inline(query))
    [call] = bot.calls("answerInlineQuery")
    for card in call.params["results"]:
        check_markup(card["input_message_content"]["message_text"])
    check_every_call(bot)


@pytest.mark.parametrize(
    ("name", "text", "expected"), MESSAGES[:20], ids=[m[0] for m in MESSAGES[:20]]
)
async def test_hostile_text_in_a_group_is_ignored_unless_addressed(
    bot: Harness, name: str, text: str, expected: str | None
) -> None:
    """In a group hostile text is left alone; addressed to the bot it gets one valid reply."""
    await bot.feed(bot.telegram.message(text, GROUP_CHAT))
    assert bot.calls() == []
    await bot.feed(bot.telegram.message(f"@{BOT_USERNAME} {text}", GROUP_CHAT))
    [reply] = bot.replies()
    assert reply["chat_id"] == GROUP_CHAT["id"]
    check_every_call(bot)


async def test_edited_hostile_message_gets_a_valid_reply(bot: Harness) -> None:
    """An edit into markup is answered like a new message, safely."""
    await bot.feed(bot.telegram.message("how many people attended?", message_id=90))
    await bot.feed(bot.telegram.message("<b>how many</b> & <i>", edited=True, message_id=90))
    assert len(bot.replies()) == 2
    check_every_call(bot)
