"""The bot's fixed replies (/start, /help, /sources, /topics, notes) as Telegram HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.constants import (
    MAX_FEATURED,
    MAX_MESSAGE_LENGTH,
    MAX_STATS_UNANSWERED,
    SUBJECT,
    TOPIC_PREFIX,
)
from bot.render import (
    button_label,
    callback_data,
    fact_button,
    format_date,
    shorten,
    suggestion_keyboard,
)
from bot.stats import QuestionStats
from knowledge.answer import Kind, Suggestion
from knowledge.gaps import Gap, outcome_summary
from knowledge.models import FactStore, Source

EXAMPLE = "How many companies took part?"
NOT_TEXT = "I can only read text. Type your question in words, for example: " + EXAMPLE
NO_ANSWER_FOUND = "That question is no longer in my notes. Try /topics."
UNKNOWN_BUTTON = "That button is out of date. Try /topics."
ASK_USAGE = f"Put the question after the command, for example: <code>/ask {EXAMPLE}</code>"
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."


def start_html(source_count: int) -> str:
    """The greeting: what the bot knows and how it answers."""
    return (
        f"Hello! I answer questions about <b>{escape(SUBJECT)}</b> from {source_count} news "
        "articles, and I quote the sentence each answer stands on.\n\n"
        "Type a question in your own words (/topics lists them all, /help says more), "
        "or try one of these:"
    )


def start_keyboard(featured: Sequence[Suggestion]) -> InlineKeyboardMarkup | None:
    """A few featured questions as buttons."""
    return suggestion_keyboard(featured, limit=MAX_FEATURED)


def help_html(username: str) -> str:
    """How to ask, where, and what the bot cannot do."""
    mention = escape(f"@{username}")
    return (
        "<b>How to ask</b>\n"
        f"Type a question in plain words, e.g. <i>{escape(EXAMPLE)}</i>\n"
        f"• In a group: mention me ({mention}), reply to one of my messages, or use "
        "<code>/ask your question</code>.\n"
        f"• In any chat: type <code>{mention} your question</code> and pick a card to send.\n"
        "• /topics lists every question I can answer; /sources lists my articles.\n\n"
        "<b>What I cannot do</b>\n"
        f"I only know what my articles say about {escape(SUBJECT)}. I don't search the web, "
        "know later news or remember earlier messages. When the articles don't say, I tell you "
        "so instead of guessing."
    )


def sources_html(sources: Iterable[Source]) -> str:
    """The articles, each by its title (or dateline), publisher and date."""
    lines = ["<b>My answers come from these articles:</b>"]
    for source in sources:
        details = ", ".join(p for p in (source.publisher, format_date(source.date)) if p)
        lines.append(f"• <b>{escape(source.label)}</b> — {escape(details)}")
    return "\n".join(lines)


TOPICS_HTML = "<b>Topics</b>\nPick one to see the questions I can answer about it."


def topics_keyboard(topics: Sequence[tuple[str, Sequence[Suggestion]]]) -> InlineKeyboardMarkup:
    """One button per topic, with the number of questions it holds."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    button_label(f"{name} ({len(facts)})"),
                    callback_data=callback_data(TOPIC_PREFIX, str(index)),
                )
            ]
            for index, (name, facts) in enumerate(topics)
        ]
    )


def topic_html(name: str) -> str:
    """The heading above one topic's questions."""
    return f"<b>{escape(name)}</b>\nPick a question:"


def topic_keyboard(facts: Sequence[Suggestion]) -> InlineKeyboardMarkup:
    """A topic's questions as buttons, and a way back to the topic list."""
    rows = [[fact_button(s)] for s in facts]
    rows.append([InlineKeyboardButton("« All topics", callback_data=TOPIC_PREFIX)])
    return InlineKeyboardMarkup(rows)


GAPS_OFF = "The question log is off (QUESTION_LOG_PATH is empty), so there are no gaps to show."
NO_GAPS = "No unanswered or clarified questions in the log. 🎉"
MORE_GAPS = "\n\n<i>… and more: run</i> <code>python -m knowledge gaps</code>"


def _gap_html(gap: Gap) -> str:
    """One group: its count, example and outcomes, other wordings, and the nearest facts."""
    lines = [
        f"<b>{gap.count}x</b> {escape(shorten(gap.example, 120), quote=False)} "
        f"<i>({escape(outcome_summary(gap), quote=False)})</i>"
    ]
    if gap.wordings:
        also = "; ".join(escape(shorten(w, 60), quote=False) for w in gap.wordings)
        lines.append(f"also asked: {also}")
    if gap.answered_now:
        lines.append(f"answered now by <code>{gap.now.facts[0]}</code>")  # ids are [a-z0-9-]
    else:
        nearest = ", ".join(f"<code>{s.fact}</code>" for s in gap.now.suggestions)
        lines.append(f"nearest facts: {nearest or 'none'}")
    return "\n".join(lines)


def gaps_html(gaps: Sequence[Gap]) -> str:
    """The /gaps reply: the groups that fit in one message, most frequent first."""
    if not gaps:
        return NO_GAPS
    text = "<b>Questions I could not answer</b>, most frequent first:"
    for gap in gaps:
        block = f"\n\n{_gap_html(gap)}"
        if len(text) + len(block) + len(MORE_GAPS) > MAX_MESSAGE_LENGTH:
            return text + MORE_GAPS
        text += block
    return text


def reloaded_html(store: FactStore) -> str:
    """/reload worked: what is now being served."""
    return (
        f"Reloaded the fact store: {len(store.facts)} facts from {len(store.sources)} article(s)."
    )


def reload_failed_html(error: str) -> str:
    """/reload found an invalid store: every problem, and that the old store keeps serving."""
    head = "<b>Not reloaded</b>: the fact store on disk is invalid; the old one keeps serving.\n"
    room = MAX_MESSAGE_LENGTH - len(head) - len("<pre></pre>") - 200  # escaping lengthens
    return f"{head}<pre>{escape(shorten(error, room), quote=False)}</pre>"


def flood_text(seconds: int) -> str:
    """The one notice a user gets when over the flood limit (plain text: a button's toast too)."""
    wait = f"about {seconds} seconds" if seconds > 1 else "a moment"
    return (
        "You're sending messages faster than I can answer them. "
        f"Please wait {wait}, then ask again; I'll skip what you send until then."
    )


def _ago(since: dt.datetime, now: dt.datetime) -> str:
    minutes = int((now - since).total_seconds() // 60)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{minutes} min"]
    return " ".join(parts)


def stats_html(stats: QuestionStats, *, question_log: bool, now: dt.datetime | None = None) -> str:
    """The /stats reply: questions since start by outcome, and the most asked unanswered."""
    now = now or dt.datetime.now(dt.UTC)
    kinds = stats.kinds
    lines = [
        f"<b>Since start</b> ({stats.started:%Y-%m-%d %H:%M} UTC, {_ago(stats.started, now)} ago)",
        f"Questions: {stats.questions} — answered {kinds[Kind.ANSWER]}, "
        f"clarified {kinds[Kind.CLARIFY]}, abstained {kinds[Kind.ABSTAIN]}",
        f"Messages held back by the flood limit: {stats.limited}",
    ]
    top = stats.top_unanswered(MAX_STATS_UNANSWERED)
    if top:
        lines.append("\n<b>Most asked without an answer</b>")
        lines += [f"{count}x {escape(shorten(text, 100), quote=False)}" for text, count in top]
    if question_log:
        lines.append("\n/gaps groups every unanswered question in the question log.")
    return "\n".join(lines)
