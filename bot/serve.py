"""serve: run the Application until a signal, starting while Telegram is away, stopping cleanly.

Start-up waits for Telegram as long as it takes (every call is retried, see bot.retry), and a
signal stops the waiting. Every update fetched is in the inbox (bot.inbox) before Telegram is
told it arrived; on start, what the last run left there is answered first. On SIGINT or
SIGTERM the bot stops fetching and starting updates, gives those being answered a moment to
finish, and exits within STOP_DEADLINE seconds: the rest waits in the inbox.
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
from bot.inbox import InboxQueue
from bot.retry import RetryingRateLimiter
from bot.updates import PerChatProcessor
from bot.webhook import Webhook
from knowledge.store import StoreError

logger = logging.getLogger(__name__)

# Seconds from the signal: docker and systemd send SIGKILL 10 s after SIGTERM.
STOP_GRACE = 3.0  # updates being answered may finish; then those that sent nothing are put back
STOP_DEADLINE = 7.0  # one whose reply is going out is cut off now (it may show twice later)


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


async def _start(application: BotApplication, settings: Settings, servers: list[Webhook]) -> str:
    """Initialise (getMe), publish the commands, start polling or the webhook; the mode.

    The webhook server is bound before setWebhook tells Telegram its address, and added to
    `servers` for _stop.
    """
    updater = application.updater
    if updater is None:
        raise ConfigError("the application was built without an updater")
    logger.debug("connecting to the Bot API at %s", settings.telegram_api_url)
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    queue = application.update_queue
    if isinstance(queue, InboxQueue) and (left := queue.restore(application.bot)):
        logger.info("%d update(s) left in the inbox by the last run come first", left)
    if settings.webhook_url:
        if not isinstance(queue, InboxQueue):
            raise ConfigError("the application was built without an inbox")
        secret = _webhook_secret(settings)
        path = urlsplit(settings.webhook_url).path
        webhook = Webhook(application.bot, queue, secret, path)
        webhook.start(settings.webhook_listen, settings.webhook_port)  # WebhookError if not
        servers.append(webhook)
        await application.bot.set_webhook(
            settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )
        mode = f"webhook on {settings.webhook_listen}:{settings.webhook_port}"
    else:
        await updater.start_polling(
            allowed_updates=Update.ALL_TYPES, error_callback=_polling_failed
        )
        mode = "long polling"
    await application.start()
    return mode


async def _stop(application: BotApplication, servers: list[Webhook]) -> None:
    """Stop fetching and starting updates, let those in hand finish briefly, and shut down."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STOP_DEADLINE
    limiter = application.bot.rate_limiter
    if isinstance(limiter, RetryingRateLimiter):
        limiter.stop_retrying()
    queue, processor = application.update_queue, application.update_processor
    inbox = queue.inbox if isinstance(queue, InboxQueue) else None
    pending = inbox.pending if inbox is not None else queue.qsize()
    started = application.running  # else start-up failed or was cut short: nothing to say
    if started:
        logger.info(
            "stopping: %d update(s) not answered yet; those being answered get %.0f s, "
            "the rest wait in the inbox for the next start",
            pending,
            STOP_GRACE,
        )
    updater = application.updater
    fetching: asyncio.Task[None] | None = None
    if updater is not None and updater.running:
        fetching = asyncio.create_task(updater.stop())  # PTB confirms what it stored
    for webhook in servers:  # no more posts: Telegram keeps what it could not deliver
        fetching = asyncio.create_task(webhook.stop())
    cut = 0
    if isinstance(processor, PerChatProcessor):
        cut = await processor.stop(STOP_GRACE, deadline)
    if fetching is not None:
        # a confirmation Telegram does not answer is not waited for: what it would confirm
        # is in the inbox, and a resent update is known there by its id
        await asyncio.wait({fetching}, timeout=max(0.1, deadline - loop.time()))
        fetching.cancel()
    if application.running:
        await application.stop()
    await application.shutdown()
    left = inbox.pending if inbox is not None else 0
    if not started:
        return
    logger.info(
        "stopped: %d update(s) wait in the inbox for the next start%s",
        left,
        f"; {cut} cut off while their reply was going out (it may show twice)" if cut else "",
    )


async def serve(application: BotApplication, settings: Settings) -> None:
    """Run until SIGINT or SIGTERM: long polling, or a webhook server when WEBHOOK_URL is set.

    SIGHUP re-reads the fact store. Raises what start-up raises when Telegram refuses
    (InvalidToken for a rejected token; WebhookError when the webhook cannot listen), so the
    command line can say it in one line.
    """
    stop = _handle_signals(application)
    servers: list[Webhook] = []
    starting = asyncio.create_task(_start(application, settings, servers))
    stopping = asyncio.create_task(stop.wait())
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
        await _stop(application, servers)
