"""build_application: the python-telegram-bot Application with every handler registered."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from typing import Any, TypeAlias
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import handlers
from bot.config import ConfigError, Settings
from bot.constants import (
    ADMINS_KEY,
    ANSWERER_KEY,
    COMMANDS,
    FACT_PREFIX,
    QUESTION_LOG_KEY,
    TOPIC_PREFIX,
)
from bot.filters import AddressedToBot
from knowledge.answerer import Answerer
from knowledge.questionlog import QuestionLog
from knowledge.store import StoreError

# The builder's exact generic parameters say nothing a reader needs here.
logger = logging.getLogger(__name__)

BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


async def post_init(application: BotApplication) -> None:
    """Publish the command menu, so Telegram's apps offer /start, /help, ... as you type."""
    await application.bot.set_my_commands(
        [BotCommand(name, description) for name, description in COMMANDS.items()]
    )


def register_handlers(application: BotApplication) -> None:
    """Every handler in one place; the first match within the group wins, so order matters."""
    # Text that is neither a command nor one of our own inline cards a user just sent.
    text = filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT
    # Commands work in every chat; in groups Telegram sends /cmd@thisbot, which these match.
    application.add_handler(CommandHandler("start", handlers.start_command))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("sources", handlers.sources_command))
    application.add_handler(CommandHandler("topics", handlers.topics_command))
    application.add_handler(CommandHandler("ask", handlers.ask_command))
    # Curators' commands: ADMIN_USER_IDS in a private chat only (the log holds other people's
    # questions); for anyone else they fall through to the unknown-command reply below.
    admins = filters.ChatType.PRIVATE & filters.User(application.bot_data[ADMINS_KEY])
    application.add_handler(CommandHandler("gaps", handlers.gaps_command, filters=admins))
    application.add_handler(CommandHandler("reload", handlers.reload_command, filters=admins))
    # In a private chat every text is a question; edits arrive here too and get a fresh answer.
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & text, handlers.question))
    # In groups only what is meant for the bot: a mention or a reply. Never every message.
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & text & AddressedToBot(), handlers.question)
    )
    # A mistyped command in a private chat deserves a pointer rather than silence.
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, handlers.unknown_command)
    )
    # Stickers, photos, voice notes, files: one note that the bot reads text (new ones only).
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE
            & filters.UpdateType.MESSAGE
            & ~filters.TEXT
            & ~filters.StatusUpdate.ALL,
            handlers.not_text,
        )
    )
    # Buttons: question buttons, topic browsing, and anything else (old versions' buttons).
    application.add_handler(CallbackQueryHandler(handlers.fact_button, pattern=f"^{FACT_PREFIX}"))
    application.add_handler(CallbackQueryHandler(handlers.topic_button, pattern=f"^{TOPIC_PREFIX}"))
    application.add_handler(CallbackQueryHandler(handlers.unknown_button))
    # Inline mode: "@bot question" in any chat.
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    # One error handler: log with the traceback, tell the admins.
    application.add_error_handler(handlers.error_handler)


def build_application(
    settings: Settings,
    answerer: Answerer,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    question_log: QuestionLog | None = None,
) -> BotApplication:
    """The bot, ready to initialise; `request` stands in for the Bot API in tests.

    The question log, when given, stays the caller's to close.
    """
    token = settings.token()
    if token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_url())
        .base_file_url(settings.file_url())
        .rate_limiter(AIORateLimiter())
        .post_init(post_init)
    )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    application.bot_data[ANSWERER_KEY] = answerer
    application.bot_data[ADMINS_KEY] = settings.admin_user_ids
    application.bot_data[QUESTION_LOG_KEY] = question_log
    register_handlers(application)
    return application


def _webhook_secret(settings: Settings) -> str:
    """WEBHOOK_SECRET, or a fresh random one: Telegram then proves every post is its own."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    return secrets.token_urlsafe(32)


async def reload_on_signal(application: BotApplication) -> None:
    """SIGHUP: re-read the fact store; an invalid one is logged and the old one keeps serving."""
    try:
        await handlers.reload_store(application.bot_data)
    except StoreError:
        pass  # reload_store logged every problem
    except Exception:
        logger.exception("the fact store was not reloaded; the old one keeps serving")


async def serve(application: BotApplication, settings: Settings) -> None:
    """Run until SIGINT or SIGTERM: long polling, or a webhook server when WEBHOOK_URL is set.

    SIGHUP re-reads the fact store. Raises what start-up raises (InvalidToken when Telegram
    rejects the token), so the command line can say it in one line.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    reloads: set[asyncio.Task[None]] = set()  # held, so a running reload is not collected

    def reload() -> None:
        task = loop.create_task(reload_on_signal(application))
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    if hasattr(signal, "SIGHUP"):  # not on Windows
        loop.add_signal_handler(signal.SIGHUP, reload)
    updater = application.updater
    if updater is None:
        raise ConfigError("the application was built without an updater")
    async with application:  # initialize (getMe) now, shutdown on the way out
        if application.post_init is not None:
            await application.post_init(application)
        try:
            if settings.webhook_url:
                await updater.start_webhook(
                    listen=settings.webhook_listen,
                    port=settings.webhook_port,
                    url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                    webhook_url=settings.webhook_url,
                    secret_token=_webhook_secret(settings),
                    allowed_updates=Update.ALL_TYPES,
                )
                mode = f"webhook on {settings.webhook_listen}:{settings.webhook_port}"
            else:
                await updater.start_polling(allowed_updates=Update.ALL_TYPES)
                mode = "long polling"
            await application.start()
            logger.info("@%s is running (%s)", application.bot.username, mode)
            await stop.wait()
            logger.info("stopping")
        finally:
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()
