"""/language: the user picks the language of the answers, or goes back to each question's own."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.constants import LANGUAGE_PREFIX
from bot.render import callback_data
from bot.state import Context
from knowledge.catalogue import catalogue

AUTO = "auto"


def _data(choice: str) -> str:
    return callback_data(LANGUAGE_PREFIX, choice)


def _keyboard(context: Context, user_language: str) -> InlineKeyboardMarkup:
    """One button per language the store speaks, by its own name, and one for auto."""
    engines = context.bot_data.answerer.engines
    auto = catalogue(user_language).text("language.auto-button")
    rows = [
        [InlineKeyboardButton(e.analyser.language.name, callback_data=_data(code))]
        for code, e in engines.items()
    ]
    rows.append([InlineKeyboardButton(auto, callback_data=_data(AUTO))])
    return InlineKeyboardMarkup(rows)


async def language_command(update: Update, context: Context) -> None:
    """Offer the languages as buttons; `/language auto` (or a code) sets it straight away."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    data = context.bot_data
    asked = (context.args or [""])[0]
    if asked == AUTO or asked in data.answerer.languages:
        data.choose(user, None if asked == AUTO else asked)
        key = "language.auto" if asked == AUTO else "language.set"
        await message.reply_html(data.texts(user).text(key))
        return
    language = data.language_of(user)
    await message.reply_html(
        catalogue(language).text("language.pick"), reply_markup=_keyboard(context, language)
    )


async def language_button(update: Update, context: Context) -> None:
    """A press on a language button (l:<code> or l:auto): remember it, say so."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    data = context.bot_data
    picked = (query.data or "").removeprefix(LANGUAGE_PREFIX)
    if picked != AUTO and picked not in data.answerer.languages:
        await query.answer(data.texts(user).text("unknown-button"))
        return
    data.choose(user, None if picked == AUTO else picked)
    await query.answer(data.texts(user).text("language.auto" if picked == AUTO else "language.set"))
