"""The bot itself: python-telegram-bot's ExtBot, plus a reply that is sent and not read back."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Chat, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackContext, ExtBot

logger = logging.getLogger(__name__)


def _too_old(error: BadRequest) -> bool:
    """Telegram's refusal to acknowledge a button press or inline query past its time."""
    return "query is too old" in error.message.lower()


class AnswerBot(ExtBot[Any]):
    """ExtBot with send_reply: answers go out without parsing the message Telegram echoes.

    For every message sent, Telegram returns the whole message, which python-telegram-bot
    turns into a Message object; for a question that costs as much again as finding the answer,
    and nothing reads it. Everything else (pacing, retries, errors) is ExtBot's own.
    """

    async def send_reply(
        self, to: Message, html: str, reply_markup: str | None = None
    ) -> int | None:
        """Reply to a message with Telegram HTML, where and as Message.reply_html would.

        The reply goes to the message's chat and forum topic, and quotes the message outside
        private chats. `reply_markup` is the keyboard already serialised to JSON, as the Bot
        API takes it (see render.keyboard_json). Returns the sent message's id.
        """
        data: dict[str, Any] = {"chat_id": to.chat_id, "text": html, "parse_mode": ParseMode.HTML}
        if reply_markup is not None:
            data["reply_markup"] = reply_markup
        if to.chat.type != Chat.PRIVATE:
            # a question deleted before the answer came is still answered, just not quoted
            data["reply_parameters"] = ReplyParameters(
                to.message_id, allow_sending_without_reply=True
            )
        if to.is_topic_message and to.message_thread_id is not None:
            data["message_thread_id"] = to.message_thread_id
        if to.business_connection_id is not None:
            data["business_connection_id"] = to.business_connection_id
        if to.direct_messages_topic is not None:
            data["direct_messages_topic_id"] = to.direct_messages_topic.topic_id
        # Bot._post: the one call every Bot API method makes, with its defaults, rate limiter
        # and error handling; the result (the echoed message) is left unparsed but for its id
        sent = await self._post("sendMessage", data)
        message_id = sent.get("message_id") if isinstance(sent, dict) else None
        return message_id if isinstance(message_id, int) else None

    # A button press or inline query handled after a restart (it waited in the inbox) is past
    # the seconds Telegram allows for acknowledging it: the answer itself still goes out.
    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        """ExtBot's, except that a press too old to acknowledge is let go, not raised."""
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except BadRequest as error:
            if not _too_old(error):
                raise
            logger.info("a button press was too old to acknowledge; answering it all the same")
            return False

    async def answer_inline_query(self, *args: Any, **kwargs: Any) -> bool:
        """ExtBot's, except that a query too old to answer is dropped, not raised."""
        try:
            return await super().answer_inline_query(*args, **kwargs)
        except BadRequest as error:
            if not _too_old(error):
                raise
            logger.info("an inline query was too old to answer; dropped")
            return False


def answer_bot(context: CallbackContext[Any, Any, Any, Any]) -> AnswerBot:
    """The context's bot, which build_application makes an AnswerBot."""
    bot = context.bot
    if not isinstance(bot, AnswerBot):
        raise TypeError(f"the application's bot is a {type(bot).__name__}, not an AnswerBot")
    return bot
