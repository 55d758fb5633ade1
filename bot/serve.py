"""serve: run the Application until a signal, starting while Telegram is away, stopping cleanly.

Start-up waits for Telegram as long as it takes (every call is retried, see bot.retry), and a
signal stops the waiting. On SIGINT or SIGTERM the bot stops fetching, answers every update it
has already fetched, and confirms them to Telegram, so none is lost and none comes back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import TelegramError

from bot import admin
from bot.app import BotApplication
from bot.config import ConfigError, Settings
from bot.retry import RetryingRateLimiter, backoff, transient
from bot.updates import PerChatProcessor
from knowledge.store import StoreError

logger = logging.getLogger(__name__)

CONFIRM_ATTEMPTS = 5  # tries of the last getUpdates that confirms what was answered


def _webhook_secret(settings: Settings) -> str:
    """WEBHOOK_SECRET, or a fresh random one: Telegram then proves every post is its own."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    return secrets.token_urlsafe(32)


async def reload_on_signal(application: BotApplication) -> None:
    """SIGHUP: re-read the fact store; an invalid one is logged and the old one keeps serving."""
    try:
        await admin.reload_store(application.bot_data)
    except StoreError:
        pass  # reload_store logged every problem
    except Exception:
        logger.exception("the fact store was not reloaded; the old one keeps serving")


def _handle_signals(application: BotApplication) -> asyncio.Event:
    """SIGINT and SIGTERM set the event returned; SIGHUP reloads the fact store."""
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
    return stop


def _polling_failed(error: TelegramError) -> None:
    """getUpdates failed: one line, no traceback; PTB's loop tries again, waiting longer."""
    logger.warning("getUpdates failed (%s: %s); trying again", type(error).__name__, error)


async def _start(application: BotApplication, settings: Settings) -> str:
    """Initialise (getMe), publish the commands, start polling or the webhook; the mode."""
    updater = application.updater
    if updater is None:
        raise ConfigError("the application was built without an updater")
    logger.debug("connecting to the Bot API at %s", settings.telegram_api_url)
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
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
        await updater.start_polling(
            allowed_updates=Update.ALL_TYPES, error_callback=_polling_failed
        )
        mode = "long polling"
    await application.start()
    return mode


async def _confirm(application: BotApplication) -> None:
    """Confirm to Telegram every update answered, in case PTB's own confirmation was lost.

    getUpdates with offset = last + 1 tells Telegram to forget the updates up to `last`;
    asking again is harmless, and what it returns is left for the next start.
    """
    processor = application.update_processor
    if not isinstance(processor, PerChatProcessor) or processor.last_update_id is None:
        return
    offset = processor.last_update_id + 1
    for attempt in range(CONFIRM_ATTEMPTS):
        try:
            await application.bot.get_updates(offset=offset, limit=1, timeout=0)
            return
        except TelegramError as error:
            if not transient(error) or attempt == CONFIRM_ATTEMPTS - 1:
                logger.warning(
                    "could not confirm the answered updates to Telegram (%s); "
                    "the last ones may be answered again after a restart",
                    error,
                )
                return
            await asyncio.sleep(backoff(attempt, error))


async def _stop(application: BotApplication, polling: bool) -> None:
    """Stop fetching, answer what was fetched, confirm it, and shut down."""
    limiter = application.bot.rate_limiter
    if isinstance(limiter, RetryingRateLimiter):
        limiter.stop_retrying()
    updater = application.updater
    if updater is not None and updater.running:
        await updater.stop()  # no more fetching; PTB confirms what it fetched
    if application.running:
        pending = application.update_queue.qsize()
        processor = application.update_processor
        if isinstance(processor, PerChatProcessor):
            pending += processor.waiting
        logger.info("stopping: answering the %d update(s) already fetched first", pending)
        await application.stop()  # PTB handles every queued update before it returns
    if polling:
        await _confirm(application)
    await application.shutdown()


async def serve(application: BotApplication, settings: Settings) -> None:
    """Run until SIGINT or SIGTERM: long polling, or a webhook server when WEBHOOK_URL is set.

    SIGHUP re-reads the fact store. Raises what start-up raises when Telegram refuses
    (InvalidToken for a rejected token), so the command line can say it in one line.
    """
    stop = _handle_signals(application)
    starting = asyncio.create_task(_start(application, settings))
    stopping = asyncio.create_task(stop.wait())
    polling = not settings.webhook_url
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():  # a signal while Telegram could not be reached yet
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
            logger.info("stopped before the Bot API could be reached")
            return
        mode = starting.result()  # raises what start-up raised
        logger.info("@%s is running (%s)", application.bot.username, mode)
        await stopping
    finally:
        stopping.cancel()
        await _stop(application, polling)
