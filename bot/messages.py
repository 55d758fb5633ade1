"""The bot's fixed replies (/start, /help, /sources, /topics, notes) as Telegram HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.constants import MAX_FEATURED, MAX_MESSAGE_LENGTH, MAX_STATS_UNANSWERED, TOPIC_PREFIX
from bot.render import (
    button_label,
    callback_data,
    fact_button,
    shorten,
    suggestion_keyboard,
)
from bot.stats import QuestionStats
from knowledge.answer import Kind, Suggestion
from knowledge.catalogue import Catalogue
from knowledge.gaps import Gap, outcome_summary
from knowledge.models import FactStore, Source


def not_text_html(t: Catalogue) -> str:
    """The note for a sticker, photo or voice note: the bot reads text."""
    return escape(t.text("not-text", example=t.text("example")))


def ask_usage_html(t: Catalogue) -> str:
    """/ask with nothing after it."""
    return t.text("ask-usage.html", example=escape(t.text("example")))


def start_html(t: Catalogue, source_count: int) -> str:
    """The greeting: what the bot knows and how it answers."""
    return t.text("start.html", subject=escape(t.text("subject")), count=source_count)


def start_keyboard(featured: Sequence[Suggestion]) -> InlineKeyboardMarkup | None:
    """A few featured questions as buttons."""
    return suggestion_keyboard(featured, limit=MAX_FEATURED)


def help_html(t: Catalogue, username: str) -> str:
    """How to ask, where, and what the bot cannot do."""
    return t.text("help.html", example=escape(t.text("example")),
                  mention=escape(f"@{username}"), subject=escape(t.text("subject")))  # fmt: skip


def sources_html(t: Catalogue, sources: Iterable[Source]) -> str:
    """The articles, each by its title (or dateline), publisher and date."""
    lines = [t.text("sources.html")]
    for source in sources:
        details = ", ".join(p for p in (source.publisher, t.date(source.date)) if p)
        lines.append(f"• <b>{escape(source.label)}</b> — {escape(details)}")
    return "\n".join(lines)


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


def topic_html(t: Catalogue, name: str) -> str:
    """The heading above one topic's questions."""
    return t.text("topic.html", name=escape(name))


def topic_keyboard(t: Catalogue, facts: Sequence[Suggestion]) -> InlineKeyboardMarkup:
    """A topic's questions as buttons, and a way back to the topic list."""
    rows = [[fact_button(s)] for s in facts]
    rows.append([InlineKeyboardButton(t.text("all-topics"), callback_data=TOPIC_PREFIX)])
    return InlineKeyboardMarkup(rows)


def _gap_html(t: Catalogue, gap: Gap) -> str:
    """One group: its count, example and outcomes, other wordings, and the nearest facts."""
    where = f"[{gap.language}] " if gap.language != "en" else ""  # codes are [A-Za-z-]
    lines = [
        f"<b>{gap.count}x</b> {where}{escape(shorten(gap.example, 120), quote=False)} "
        f"<i>({escape(outcome_summary(gap), quote=False)})</i>"
    ]
    if gap.wordings:
        also = "; ".join(escape(shorten(w, 60), quote=False) for w in gap.wordings)
        lines.append(t.text("gaps.also", wordings=also))
    if gap.answered_now:
        lines.append(t.text("gaps.answered-now.html", fact=gap.now.facts[0]))  # ids: [a-z0-9-]
    else:
        nearest = ", ".join(f"<code>{s.fact}</code>" for s in gap.now.suggestions)
        lines.append(t.text("gaps.nearest.html", facts=nearest or t.text("gaps.nearest-none")))
    return "\n".join(lines)


def gaps_html(t: Catalogue, gaps: Sequence[Gap]) -> str:
    """The /gaps reply: the groups that fit in one message, most frequent first."""
    if not gaps:
        return t.text("gaps.none")
    text, more = t.text("gaps.heading.html"), t.text("gaps.more.html")
    for gap in gaps:
        block = f"\n\n{_gap_html(t, gap)}"
        if len(text) + len(block) + len(more) > MAX_MESSAGE_LENGTH:
            return text + more
        text += block
    return text


def reloaded_html(t: Catalogue, store: FactStore) -> str:
    """/reload worked: what is now being served."""
    return t.text("reloaded", facts=len(store.facts), sources=len(store.sources))


def reload_failed_html(t: Catalogue, error: str) -> str:
    """/reload found an invalid store: every problem, and that the old store keeps serving."""
    head = t.text("reload-failed.html")
    room = MAX_MESSAGE_LENGTH - len(head) - len("<pre></pre>") - 200  # escaping lengthens
    return f"{head}<pre>{escape(shorten(error, room), quote=False)}</pre>"


def flood_text(t: Catalogue, seconds: int) -> str:
    """The one notice a user gets when over the flood limit (plain text: a button's toast too)."""
    wait = t.text("flood.seconds", seconds=seconds) if seconds > 1 else t.text("flood.moment")
    return t.text("flood", wait=wait)


def _ago(t: Catalogue, since: dt.datetime, now: dt.datetime) -> str:
    minutes = int((now - since).total_seconds() // 60)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    parts = [t.text("ago.days", n=days)] * bool(days) + [t.text("ago.hours", n=hours)] * bool(hours)
    return " ".join([*parts, t.text("ago.minutes", n=minutes)])


def stats_html(
    t: Catalogue, stats: QuestionStats, *, question_log: bool, now: dt.datetime | None = None
) -> str:
    """The /stats reply: questions since start by outcome, and the most asked unanswered."""
    now = now or dt.datetime.now(dt.UTC)
    kinds = stats.kinds
    lines = [
        t.text("stats.since.html", started=f"{stats.started:%Y-%m-%d %H:%M}",
               ago=_ago(t, stats.started, now)),
        t.text("stats.questions", questions=stats.questions, answered=kinds[Kind.ANSWER],
               clarified=kinds[Kind.CLARIFY], abstained=kinds[Kind.ABSTAIN]),
        t.text("stats.limited", limited=stats.limited),
    ]  # fmt: skip
    top = stats.top_unanswered(MAX_STATS_UNANSWERED)
    if top:
        lines.append(t.text("stats.unanswered.html"))
        lines += [f"{count}x {escape(shorten(text, 100), quote=False)}" for text, count in top]
    if question_log:
        lines.append(t.text("stats.gaps"))
    return "\n".join(lines)
