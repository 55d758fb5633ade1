"""The webhook server: Telegram's posts in, each answered 200 once it is stored in the inbox.

Strangers are refused cheaply: a post without the right secret gets 403 from its headers,
before its body is read; a body over MAX_BODY gets 413; past MAX_CONNECTIONS a connection is
closed as it comes; a connection that is slow to send its request is dropped. Refusals are
counted and logged once a minute, never one line (or traceback) per connection. The socket
is bound before Telegram is told the address, so a port in use is an error at start, not a
webhook registered for a server that never came up.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import tornado.netutil
import tornado.web
from telegram import Bot, Update
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream

from bot.inbox import InboxQueue
from bot.render import shorten

logger = logging.getLogger(__name__)

MAX_BODY = 1_000_000  # bytes: an update is a few KB; Telegram's own limit for one is far less
# Telegram opens at most 40 at once (setWebhook's max_connections); past this many open ones,
# more are closed as they come, so no flood can exhaust the process's open files
MAX_CONNECTIONS = 100
REQUEST_TIMEOUT = 10.0  # seconds a connection has to send its headers, and then its body
REPORT_EVERY = 60.0  # seconds between two log lines about refusals
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_LOGGED = 300  # characters of a body logged at DEBUG


class WebhookError(Exception):
    """The server cannot listen where the settings say; the message says what to change."""


class Refusals:
    """Refused posts and connections by reason: one log line a minute at most, with counts."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._counts: Counter[str] = Counter()  # a handful of fixed reasons
        self._last = -REPORT_EVERY

    def add(self, reason: str) -> None:
        """Count one refusal; log the counts if a minute has passed since the last line."""
        self._counts[reason] += 1
        self.report()

    def report(self, *, now: bool = False) -> None:
        """Log the counts since the last line, if there are any and it is time (or `now`)."""
        moment = self._clock()
        if not self._counts or (not now and moment - self._last < REPORT_EVERY):
            return
        counts = ", ".join(f"{n} {reason}" for reason, n in self._counts.most_common())
        logger.warning("webhook: refused %s (counted, logged once a minute at most)", counts)
        self._counts.clear()
        self._last = moment


@tornado.web.stream_request_body
class _PostHandler(tornado.web.RequestHandler):
    """One post: the secret and the size from the headers, then the body, then the inbox."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, hook: Webhook) -> None:
        self.hook = hook
        self.body = bytearray()

    def prepare(self) -> None:
        secret = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(secret.encode(), self.hook.secret.encode()):
            self._refuse(403, "post(s) without the right secret")
            return
        length = self.request.headers.get("Content-Length", "")
        if not length.isdigit():  # Telegram always says how long its posts are
            self._refuse(411, "post(s) without a Content-Length")
        elif int(length) > MAX_BODY:
            self._refuse(413, f"post(s) over {MAX_BODY:,} bytes")

    def data_received(self, chunk: bytes) -> None:
        if not self._finished:
            self.body += chunk[: MAX_BODY + 1 - len(self.body)]

    async def post(self) -> None:
        text = bytes(self.body).decode("utf-8", errors="replace")
        logger.debug("webhook post: %s", shorten(text, MAX_LOGGED))
        try:
            data = json.loads(text)
            update = Update.de_json(data, self.hook.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            self._refuse(400, "post(s) that are not an update")
            return
        await self.hook.queue.put(update)  # returns once the update is in the inbox
        self.finish()

    def _refuse(self, status: int, reason: str) -> None:
        self.hook.refusals.add(reason)
        self.set_status(status)
        self.set_header("Connection", "close")  # and do not read the rest of what it sends
        self.finish()


class _Server(HTTPServer):
    """tornado's HTTP server, closing connections past MAX_CONNECTIONS as they come."""

    refusals: Refusals  # set by Webhook
    open = 0  # connections open now

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        if self.open >= MAX_CONNECTIONS:
            self.refusals.add(f"connection(s) past {MAX_CONNECTIONS} open")
            stream.close()
            return
        self.open += 1
        super().handle_stream(stream, address)

    def on_close(self, server_conn: object) -> None:
        self.open -= 1
        super().on_close(server_conn)


class Webhook:
    """The listening server; start() binds it, stop() closes it."""

    def __init__(self, bot: Bot, queue: InboxQueue, secret: str, path: str) -> None:
        self.bot, self.queue, self.secret = bot, queue, secret
        self.refusals = Refusals()
        routes = [(rf"/{path.strip('/')}/?" if path.strip("/") else r"/", _PostHandler)]
        app = tornado.web.Application(
            [(pattern, handler, {"hook": self}) for pattern, handler in routes],
            log_function=lambda handler: None,  # refusals are counted instead
        )
        self._server = _Server(
            app,
            idle_connection_timeout=REQUEST_TIMEOUT,
            body_timeout=REQUEST_TIMEOUT,
            max_body_size=MAX_BODY,
            xheaders=True,  # behind a proxy: its X-Real-IP, not its own address
        )
        self._server.refusals = self.refusals

    def start(self, listen: str, port: int) -> None:
        """Bind and listen; WebhookError when that is impossible (port in use, not local)."""
        try:
            sockets = tornado.netutil.bind_sockets(port, address=listen)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise WebhookError(
                f"cannot listen on {listen}:{port} ({reason}): set WEBHOOK_LISTEN to an address "
                "of this machine (127.0.0.1 behind a proxy on it) and WEBHOOK_PORT to a free port"
            ) from None
        self._server.add_sockets(sockets)

    @property
    def open_connections(self) -> int:
        """Connections open now."""
        return self._server.open

    async def stop(self) -> None:
        """Stop accepting, close what is open, and log the refusals not yet logged."""
        self._server.stop()
        await self._server.close_all_connections()
        self.refusals.report(now=True)
