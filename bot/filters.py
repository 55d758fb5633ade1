"""Which group messages are meant for the bot: a mention of it, or a reply to it."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.ext import filters


def mentions(message: Message, username: str) -> bool:
    """True when the message's text @-mentions this username."""
    wanted = f"@{username}".casefold()
    found = message.parse_entities([MessageEntity.MENTION]).values()
    return any(text.casefold() == wanted for text in found)


def without_mention(text: str, username: str) -> str:
    """The text with @username taken out, so the question is only the question."""
    stripped = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(stripped.split())


class AddressedToBot(filters.MessageFilter):
    """Passes group messages that mention the bot or reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        author = replied.from_user if replied is not None else None
        if author is not None and author.id == bot.id:
            return True
        return bot.username is not None and mentions(message, bot.username)
