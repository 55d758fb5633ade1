"""Logging for the bot: one format, quiet HTTP libraries, and the token never written out."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

from bot.constants import REDACTED

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_DEBUG_RECORD = 1_000  # characters of a DEBUG line from python-telegram-bot kept


def secret_forms(token: str) -> list[str]:
    """The token, and its secret half alone: a URL may carry the colon percent-encoded."""
    _, _, secret = token.partition(":")
    return [token, secret] if secret else [token]


def redact(text: str, secrets: Iterable[str]) -> str:
    """The text with every secret replaced by a marker, in any letter case.

    Any case, because python-telegram-bot lowercases a 400's description ("Bad request: ..."),
    and a lowercased token is still most of a token.
    """
    for secret in secrets:
        if secret:
            text = re.sub(re.escape(secret), REDACTED, text, flags=re.IGNORECASE)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites every record that passes a handler so no secret reaches the output.

    The first line of defence is not logging secrets at all (httpx, which logs request URLs,
    is held at WARNING); this catches what slips through: exception texts, tracebacks, URLs
    inside third-party messages.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # format the traceback now, so the handler prints the redacted copy
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


class CutBodies(logging.Filter):
    """At DEBUG, python-telegram-bot logs each update whole, and some twice: once, cut.

    The webhook server logs a post's body (cut); the Application's "Processing update" line
    repeats it as the parsed update and is dropped; any other line from python-telegram-bot
    (a Bot API answer, say) is cut to MAX_DEBUG_RECORD characters. Runs after RedactSecrets,
    so a cut never leaves part of a secret where redaction cannot find it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG or not record.name.startswith("telegram"):
            return True
        if record.msg == "Processing update %s":
            return False
        message = record.getMessage()
        if len(message) > MAX_DEBUG_RECORD:
            record.msg, record.args = message[:MAX_DEBUG_RECORD] + " … (cut)", None
        return True


def setup_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`, with secrets redacted from every record and bodies cut."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    handler.addFilter(CutBodies())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.captureWarnings(True)  # library warnings go through the same filter
    # httpx logs every request URL at INFO, and a Bot API URL contains the token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
