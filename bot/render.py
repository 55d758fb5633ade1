"""An Answer as Telegram HTML or plain text: escaping, the citation, Telegram's limits."""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.constants import ParseMode

from bot.constants import (
    FACT_PREFIX,
    MAX_BUTTON_LABEL,
    MAX_BUTTONS,
    MAX_CALLBACK_DATA,
    MAX_DESCRIPTION,
    MAX_MESSAGE_LENGTH,
)
from knowledge.answer import Answer, Citation, Suggestion
from knowledge.catalogue import Catalogue, catalogue

ELLIPSIS = "…"


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def citation_line(citation: Citation, t: Catalogue) -> str:
    """Source: <label> — <publisher>, <date>, leaving out the parts the article lacks."""
    details = ", ".join(part for part in (citation.publisher, t.date(citation.date)) if part)
    return " — ".join(part for part in (t.text("source", label=citation.label), details) if part)


def shorten(text: str, limit: int) -> str:
    """Text cut to at most `limit` characters at a word boundary, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ""
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > len(cut) * 2 // 3:  # a word boundary near the end: cut there, not mid-word
        cut = cut[:space]
    return cut.rstrip(" ,;:.-—") + ELLIPSIS


def _by_source(citations: Iterable[Citation]) -> list[tuple[Citation, list[str]]]:
    """Citations grouped by article, in order of first mention: one source line, its quotes."""
    groups: dict[str, tuple[Citation, list[str]]] = {}
    for citation in citations:
        quotes = groups.setdefault(citation.source, (citation, []))[1]
        quotes.append(citation.quote)
        if citation.translation:  # the evidence stays verbatim; the translation follows, marked
            quotes.append(TRANSLATED + citation.translation)
    return list(groups.values())


TRANSLATED = "\x00"  # marks a quote's translation among the quotes, until it is worded


def _quote(quote: str, t: Catalogue) -> str:
    """A quote as shown: in quotation marks, or a translation introduced as one."""
    if quote.startswith(TRANSLATED):
        return t.text("translation", text=quote.removeprefix(TRANSLATED))
    return f"“{quote}”"


def choices(answer: Answer) -> str:
    """The suggestions as numbered lines, introduced unless the answer's text already does."""
    if not answer.suggestions:
        return ""
    lines = suggestion_lines(answer.suggestions)
    if answer.text.rstrip().endswith((":", "?")):
        return lines
    return f"{catalogue(answer.language).text('also-ask')}\n{lines}"


def to_text(answer: Answer) -> str:
    """The plain-text reply: the answer, the choices it offers, each source and its quotes.

    Related questions under a stated answer are extras and left out; the choices a clarify
    or an abstain offers are part of the reply, so they are in.
    """
    t = catalogue(answer.language)
    blocks = [answer.text, "" if answer.answered else choices(answer)]
    for citation, quotes in _by_source(answer.sources):
        blocks.append("\n".join([citation_line(citation, t), *(_quote(q, t) for q in quotes)]))
    return "\n\n".join(block for block in blocks if block)


@dataclass
class _Piece:
    """One run of user-visible text inside fixed markup; `text` is raw, escaped on output."""

    text: str
    tag: str = ""  # "b", "i" or "blockquote expandable"
    before: str = ""  # the separator in front of it: "\n" or "\n\n"
    give: int = 9  # the order pieces give way when a reply is too long; 9 never gives

    def html(self) -> str:
        if not self.text:
            return ""
        body = html.escape(self.text, quote=False)  # text content: only &, < and > matter
        if not self.tag:
            return self.before + body
        return f"{self.before}<{self.tag}>{body}</{self.tag.split()[0]}>"


def _shrink(piece: _Piece, target: int) -> None:
    """Shorten the piece's text until its HTML takes at most `target` code units."""
    original = piece.text
    low, high = 0, len(original)
    while low < high:  # the longest cut whose escaped form still fits
        middle = (low + high + 1) // 2
        piece.text = shorten(original, middle)
        if telegram_length(piece.html()) <= target:
            low = middle
        else:
            high = middle - 1
    piece.text = shorten(original, low)
    if telegram_length(piece.html()) > target:
        piece.text = ""


def _fit(pieces: list[_Piece], limit: int) -> str:
    """Join the pieces, shortening them in their `give` order until the HTML fits the limit."""
    whole = "".join(p.html() for p in pieces).lstrip("\n")
    if telegram_length(whole) <= limit:  # nearly always: skip the piece-by-piece fitting
        return whole
    for rank in sorted({p.give for p in pieces}):
        for piece in reversed([p for p in pieces if p.give == rank]):
            overflow = telegram_length("".join(p.html() for p in pieces)) - limit
            if overflow <= 0:
                break
            _shrink(piece, telegram_length(piece.html()) - overflow)
    result = "".join(p.html() for p in pieces).lstrip("\n")
    if telegram_length(result) > limit:  # only when the never-giving pieces alone are too long
        raise ValueError(f"a reply cannot be made to fit {limit} characters")
    return result


def to_html(
    answer: Answer,
    *,
    heading: bool = False,
    list_choices: bool = False,
    limit: int = MAX_MESSAGE_LENGTH,
) -> str:
    """Telegram HTML: [the question in bold,] the answer, its sources, quotes in blockquotes.

    Every piece of text is escaped. The choices a clarify or abstain offers are buttons
    (see keyboard); `list_choices` writes them out instead, for messages without buttons.
    When the whole is over Telegram's limit the quotes are shortened first, then the
    heading, then the answer itself.
    """
    pieces = [_Piece(answer.question, "b", give=2)] if heading else []
    pieces.append(_Piece(answer.text, before="\n\n" if heading else "", give=3))
    if list_choices and not answer.answered:
        pieces.append(_Piece(choices(answer), before="\n\n", give=3))
    t = catalogue(answer.language)
    for citation, quotes in _by_source(answer.sources):
        pieces.append(_Piece(citation_line(citation, t), "i", before="\n\n", give=4))
        pieces.extend(
            _Piece(q.removeprefix(TRANSLATED) if not q.startswith(TRANSLATED) else _quote(q, t),
                   "blockquote expandable", before="\n", give=1)
            for q in quotes
        )  # fmt: skip
    return _fit(pieces, limit)


def inline_card(answer: Answer, result_id: str, title: str) -> InlineQueryResultArticle:
    """An inline-mode card: its title and first line, and the message it sends when picked."""
    return InlineQueryResultArticle(
        id=result_id,
        title=title,
        description=shorten(" ".join(answer.text.split()), MAX_DESCRIPTION),
        input_message_content=InputTextMessageContent(
            to_html(answer, heading=True, list_choices=True), parse_mode=ParseMode.HTML
        ),
    )


def callback_data(prefix: str, value: str) -> str:
    """Callback data for a button; Telegram refuses more than 64 bytes, so this does too."""
    data = f"{prefix}{value}"
    if len(data.encode()) > MAX_CALLBACK_DATA:
        raise ValueError(f"callback data {data!r} is over {MAX_CALLBACK_DATA} bytes")
    return data


def button_label(text: str) -> str:
    """A button's label: the text, shortened to what a phone shows."""
    return shorten(" ".join(text.split()), MAX_BUTTON_LABEL)


def fact_button(suggestion: Suggestion) -> InlineKeyboardButton:
    """A button that asks for one fact, labelled with the fact's question; the data names its
    language unless English: f:<fact-id> or f:<language>:<fact-id>."""
    value = (
        suggestion.fact
        if suggestion.language == "en"
        else f"{suggestion.language}:{suggestion.fact}"
    )
    data = callback_data(FACT_PREFIX, value)
    return InlineKeyboardButton(button_label(suggestion.question), callback_data=data)


def suggestion_keyboard(
    suggestions: Sequence[Suggestion], *, limit: int = MAX_BUTTONS
) -> InlineKeyboardMarkup | None:
    """One button per suggested fact, labelled with its question; None when there are none."""
    rows = [[fact_button(s)] for s in suggestions[:limit]]
    return InlineKeyboardMarkup(rows) if rows else None


def keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    """The buttons under an answer: related questions, did-you-mean candidates or topics."""
    return _keyboard_of(answer.suggestions)


def keyboard_json(answer: Answer) -> str | None:
    """The buttons under an answer as the Bot API takes them: a JSON string."""
    return _keyboard_json_of(answer.suggestions)


# Every answer of a fact offers the same suggestions, and building the buttons costs more
# than rendering the text; python-telegram-bot's objects are immutable, so one can be shared.
# Bounded: 1,024 sets of suggestions each (a store has one or two per fact), least recent out.
@functools.lru_cache(maxsize=1024)
def _keyboard_of(suggestions: tuple[Suggestion, ...]) -> InlineKeyboardMarkup | None:
    return suggestion_keyboard(suggestions)


@functools.lru_cache(maxsize=1024)
def _keyboard_json_of(suggestions: tuple[Suggestion, ...]) -> str | None:
    markup = _keyboard_of(suggestions)
    return None if markup is None else json.dumps(markup.to_dict())


def suggestion_lines(suggestions: Sequence[Suggestion], *, limit: int = MAX_BUTTONS) -> str:
    """Suggestions as numbered plain-text choices, for the terminal."""
    return "\n".join(f"  {n}. {s.question}" for n, s in enumerate(suggestions[:limit], 1))


def to_json(answer: Answer) -> dict[str, Any]:
    """The `ask --json` contract: one object per question, these keys exactly."""
    return {
        "question": answer.question,
        "kind": answer.kind.value,
        "answered": answer.answered,
        "answer": to_text(answer),
        "facts": list(answer.facts),
        "score": answer.score,
        "sources": [citation.to_json() for citation in answer.sources],
        "suggestions": [{"fact": s.fact, "question": s.question} for s in answer.suggestions],
        "language": answer.language,
        "context": answer.context,
    }
