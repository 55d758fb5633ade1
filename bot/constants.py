"""Limits, names and fixed texts the front ends share, in one place."""

from __future__ import annotations

import re

from telegram.constants import InlineKeyboardButtonLimit, InlineQueryLimit, MessageLimit

# Telegram's own limits, as python-telegram-bot spells them.
MAX_MESSAGE_LENGTH: int = MessageLimit.MAX_TEXT_LENGTH  # 4,096 UTF-16 code units
MAX_CALLBACK_DATA: int = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64 bytes
MAX_INLINE_RESULTS = 5  # Telegram allows 50; five cards fit a phone screen
MAX_INLINE_QUERY: int = InlineQueryLimit.MAX_QUERY_LENGTH  # 256 characters
MAX_DEEP_LINK_PAYLOAD = 64  # /start payloads: A-Z, a-z, 0-9, _ and -, at most 64

# Our own choices.
MAX_BUTTONS = 3  # suggestion buttons under an answer
MAX_FEATURED = 4  # example questions under /start
MAX_BUTTON_LABEL = 60  # longer labels are cut by the Telegram apps anyway
MAX_DESCRIPTION = 120  # an inline card's grey second line

# Callback data: a prefix and a value, so one handler can tell the buttons apart.
FACT_PREFIX = "f:"  # f:<fact-id>  -> the answer of that fact
TOPIC_PREFIX = "t:"  # t:<n> -> the questions of topic n; t: alone -> the topic list

ANSWERER_KEY = "answerer"  # where handlers find the Answerer in context.bot_data
ADMINS_KEY = "admins"  # the user ids told about errors (ADMIN_USER_IDS)
QUESTION_LOG_KEY = "question_log"  # the QuestionLog, or None when QUESTION_LOG_PATH is empty
FLOOD_KEY = "flood"  # the FloodGuard, or None when RATE_LIMIT_PER_MINUTE is 0
INLINE_FLOOD_KEY = "inline_flood"  # the same limit, counted apart, for inline queries
STATS_KEY = "stats"  # the QuestionStats since start-up

# What BotFather hands out: the bot's numeric id, a colon, and a 35-character secret.
TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
REDACTED = "[TOKEN REDACTED]"

# The bot's commands: name -> the description Telegram shows in the command menu.
COMMANDS: dict[str, str] = {
    "start": "What I know, with example questions",
    "help": "How to ask, and what I cannot do",
    "sources": "The articles my answers come from",
    "topics": "Browse the questions by topic",
    "ask": "Ask a question (in groups: /ask your question)",
}

# /gaps, /reload and /stats, for ADMIN_USER_IDS only, are left out of COMMANDS: the menu is
# public.
MAX_GAPS = 10  # groups /gaps shows
MAX_STATS_UNANSWERED = 5  # wordings /stats lists

SUBJECT = "the 14th China-Northeast Asia Expo (Changchun, August 2023)"
