"""build_application: the python-telegram-bot Application with every handler registered."""

from __future__ import annotations

from typing import Any, TypeAlias

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot import admin, handlers, inline
from bot.choose import language_button, language_command
from bot.config import ConfigError, Settings
from bot.constants import COMMANDS, FACT_PREFIX, LANGUAGE_PREFIX, MENU_LANGUAGES, TOPIC_PREFIX
from bot.conversations import Conversations
from bot.filters import AddressedToBot
from bot.flood import FloodGuard
from bot.guards import inline_guarded
from bot.inbox import Inbox, InboxQueue
from bot.replies import AnswerBot
from bot.retry import RetryingRateLimiter
from bot.state import BotData
from bot.throttle import flood_guarded
from bot.updates import MAX_CONCURRENT_UPDATES, PerChatProcessor
from knowledge.answerer import Answerer
from knowledge.catalogue import catalogue
from knowledge.questionlog import QuestionLog

# The builder's exact generic parameters say nothing a reader needs here.
BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


class _Application(BotApplication):
    """python-telegram-bot's Application, without bookkeeping for a persistence it lacks."""

    __slots__ = ()

    def _mark_for_persistence_update(
        self, *, update: object | None = None, job: Any | None = None
    ) -> None:
        # PTB adds every chat and user it sees to two sets that only a persistence empties:
        # with none, they would hold every user ever seen (unbounded); so nothing is added
        if self.persistence is not None:
            super()._mark_for_persistence_update(update=update, job=job)


async def post_init(application: BotApplication) -> None:
    """Publish the command menu, so Telegram's apps offer /start, /help, ... as you type, and
    the bot's description and short description, in each language."""
    texts = application.bot_data.catalogue
    await application.bot.set_my_commands(
        [BotCommand(name, texts.text(f"command.{name}")) for name in COMMANDS]
    )
    await application.bot.set_my_description(texts.text("bot.description"))
    await application.bot.set_my_short_description(texts.text("bot.short_description"))
    # the menu and the bot's profile texts in each language we speak, for users whose
    # Telegram runs in it
    for code, language in MENU_LANGUAGES.items():
        local = catalogue(language)
        await application.bot.set_my_commands(
            [BotCommand(name, local.text(f"command.{name}")) for name in COMMANDS],
            language_code=code,
        )
        await application.bot.set_my_description(local.text("bot.description"), language_code=code)
        await application.bot.set_my_short_description(
            local.text("bot.short_description"), language_code=code
        )


def register_handlers(application: BotApplication) -> None:
    """Every handler in one place; the first match wins, so order matters."""

    # Every handler that replies to a message or a button press counts against its sender's
    # RATE_LIMIT_PER_MINUTE: over it, one notice and then nothing until the minute has passed.
    # Inline queries count apart (Telegram sends one per pause in typing), see below.
    def replying(handler: BaseHandler[Update, Any, Any]) -> None:
        handler.callback = flood_guarded(handler.callback)
        application.add_handler(handler)

    # Text that is neither a command nor one of our own inline cards a user just sent.
    text = filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT
    # In a private chat every text is a question; edits arrive here too and get a fresh answer.
    # First, as the update most often seen: every handler before it is checked and passed over.
    replying(MessageHandler(filters.ChatType.PRIVATE & text, handlers.question))
    # Commands work in every chat; in groups Telegram sends /cmd@thisbot, which these match.
    replying(CommandHandler("start", handlers.start_command))
    replying(CommandHandler("help", handlers.help_command))
    replying(CommandHandler("sources", handlers.sources_command))
    replying(CommandHandler("topics", handlers.topics_command))
    replying(CommandHandler("ask", handlers.ask_command))
    replying(CommandHandler("language", language_command))
    # Curators' commands: ADMIN_USER_IDS in a private chat only (the log holds other people's
    # questions); for anyone else they fall through to the unknown-command reply below.
    admins = filters.ChatType.PRIVATE & filters.User(application.bot_data.admins)
    replying(CommandHandler("gaps", admin.gaps_command, filters=admins))
    replying(CommandHandler("reload", admin.reload_command, filters=admins))
    replying(CommandHandler("stats", admin.stats_command, filters=admins))
    # In groups only what is meant for the bot: a mention or a reply. Never every message.
    replying(MessageHandler(filters.ChatType.GROUPS & text & AddressedToBot(), handlers.question))
    # A mistyped command in a private chat deserves a pointer rather than silence.
    replying(MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, handlers.unknown_command))
    # Stickers, photos, voice notes, files: one note that the bot reads text (new ones only).
    replying(
        MessageHandler(
            filters.ChatType.PRIVATE
            & filters.UpdateType.MESSAGE
            & ~filters.TEXT
            & ~filters.StatusUpdate.ALL,
            handlers.not_text,
        )
    )
    # Buttons: question buttons, topic browsing, and anything else (old versions' buttons).
    replying(CallbackQueryHandler(handlers.fact_button, pattern=f"^{FACT_PREFIX}"))
    replying(CallbackQueryHandler(handlers.topic_button, pattern=f"^{TOPIC_PREFIX}"))
    replying(CallbackQueryHandler(language_button, pattern=f"^{LANGUAGE_PREFIX}"))
    replying(CallbackQueryHandler(handlers.unknown_button))
    # Inline mode: "@bot question" in any chat; the same per-user limit, with a budget of its
    # own, so a flood of queries is refused before any answer is looked for.
    application.add_handler(InlineQueryHandler(inline_guarded(inline.inline_query)))
    # One error handler: log with the traceback, tell the admins.
    application.add_error_handler(handlers.error_handler)


def _http(settings: Settings, pool: int) -> HTTPXRequest:
    """The HTTP client for Bot API calls, as ApplicationBuilder makes it, with our timeout."""
    timeout = settings.telegram_timeout  # a long poll's read waits its own timeout plus this
    return HTTPXRequest(
        connection_pool_size=pool,
        connect_timeout=timeout,
        read_timeout=timeout,
        write_timeout=timeout,
        pool_timeout=timeout,
    )


def build_application(
    settings: Settings,
    answerer: Answerer,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    question_log: QuestionLog | None = None,
    inbox: Inbox | None = None,
) -> BotApplication:
    """The bot, ready to initialise; `request` stands in for the Bot API in tests.

    Sends stay within Telegram's published limits (AIORateLimiter) and are retried when they
    fail for a moment (RetryingRateLimiter); updates from different chats are handled at the
    same time, each chat's in order (PerChatProcessor); each is stored in the inbox before
    Telegram is told it arrived (InboxQueue; in memory when no inbox is given). The question
    log and the inbox, when given, stay the caller's to close.
    """
    token = settings.token()
    if token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set")
    bot = AnswerBot(
        token,
        base_url=settings.api_url(),
        base_file_url=settings.file_url(),
        request=request or _http(settings, pool=MAX_CONCURRENT_UPDATES),  # one per update
        get_updates_request=get_updates_request or _http(settings, pool=1),
        rate_limiter=RetryingRateLimiter(AIORateLimiter(), where=settings.telegram_api_url),
    )
    queue = InboxQueue(inbox or Inbox(None))
    builder = (
        ApplicationBuilder()
        .application_class(_Application)
        .bot(bot)
        .context_types(ContextTypes(bot_data=BotData))
        .update_queue(queue)
        .concurrent_updates(PerChatProcessor(on_done=queue.done))
        .post_init(post_init)
    )
    application = builder.build()
    data: BotData = application.bot_data
    data.answerer = answerer
    data.admins = settings.admin_user_ids
    data.question_log = question_log
    limit = settings.rate_limit_per_minute
    data.flood = FloodGuard(limit) if limit else None
    data.conversations = Conversations(minutes=settings.context_minutes)
    data.inline_flood = FloodGuard(limit) if limit else None
    register_handlers(application)
    return application
