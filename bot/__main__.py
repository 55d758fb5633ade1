"""python -m bot: run (Telegram), chat (terminal) or ask (one question, or JSON lines).

Only this module turns errors into exit codes: 2 for a setting or a fact store a person has
to fix, 1 for anything else.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from secrets import token_urlsafe
from typing import TextIO

from pydantic import SecretStr
from telegram.error import InvalidToken, TelegramError

from bot.app import build_application
from bot.chat import reply_text, run_chat
from bot.config import ConfigError, Settings, load_settings
from bot.conversations import Conversations
from bot.inbox import Inbox, InboxError
from bot.logs import redact, secret_forms, setup_logging
from bot.render import to_json
from bot.serve import serve
from bot.webhook import WebhookError
from knowledge.answer import Answer, Kind
from knowledge.answerer import Answerer
from knowledge.questionlog import QuestionLog
from knowledge.store import StoreError

logger = logging.getLogger("bot")

USAGE_ERROR = 2
FAILURE = 1

NO_TOKEN = """\
No TELEGRAM_BOT_TOKEN is set, so the bot cannot connect to Telegram.
To get a token: open Telegram, talk to @BotFather, send /newbot and follow the steps; then put
TELEGRAM_BOT_TOKEN=<the token> in .env (see .env.example). To try the bot without touching
real users, create it in Telegram's test environment and also set TELEGRAM_TEST_ENV=true.
Meanwhile `python -m bot chat` answers the same questions in the terminal."""

REJECTED = (
    "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy it again from @BotFather, "
    "or set TELEGRAM_TEST_ENV=true if it is a test-environment token"
)


class Exit(Exception):
    """Stop the command with this exit code, after printing the message to stderr."""

    def __init__(self, message: str, code: int = USAGE_ERROR) -> None:
        super().__init__(message)
        self.code = code


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        raise Exit(f"error: {exc}") from None


def _answerer(settings: Settings) -> Answerer:
    try:
        return Answerer.load(settings.fact_store_root)
    except StoreError as exc:
        raise Exit(str(exc)) from None


@contextmanager
def _question_log(settings: Settings) -> Iterator[QuestionLog | None]:
    """The question log the settings ask for, closed on the way out; None when it is off."""
    if settings.question_log_path is None:
        yield None
        return
    with QuestionLog(
        settings.question_log_path,
        users=settings.question_log_users,
        retention_days=settings.question_log_retention_days,
    ) as question_log:
        yield question_log


@contextmanager
def _inbox(settings: Settings) -> Iterator[Inbox]:
    """The inbox INBOX_PATH names (in memory when empty), closed on the way out."""
    try:
        inbox = Inbox(settings.inbox_path)
    except InboxError as exc:
        raise Exit(f"error: {exc}") from None
    try:
        yield inbox
    finally:
        inbox.close()


def _chat(answerer: Answerer, settings: Settings) -> int:
    with _question_log(settings) as question_log:
        run_chat(answerer, question_log=question_log)
    return 0


def _with_webhook_secret(settings: Settings) -> Settings:
    """The settings, with a fresh random WEBHOOK_SECRET for a webhook that has none.

    Made here, before logging starts, so that it is redacted from the log like the token.
    """
    if not settings.webhook_url or settings.webhook_secret is not None:
        return settings
    return settings.model_copy(update={"webhook_secret": SecretStr(token_urlsafe(32))})


def run(args: argparse.Namespace) -> int:
    """Serve Telegram; without a token, explain how to get one (and chat, if asked to)."""
    settings = _with_webhook_secret(_settings())
    raw_token = settings.telegram_bot_token
    secrets = secret_forms(raw_token.get_secret_value()) if raw_token else []
    if settings.webhook_secret is not None:  # setWebhook's parameters are logged at DEBUG
        secrets.append(settings.webhook_secret.get_secret_value())
    setup_logging(settings.log_level, secrets)
    answerer = _answerer(settings)
    try:
        token = settings.token()
    except ConfigError as exc:
        raise Exit(f"error: {exc}") from None
    if token is None:
        print(NO_TOKEN, file=sys.stderr)
        if not args.chat_fallback:
            return USAGE_ERROR
        print(file=sys.stderr)
        return _chat(answerer, settings)
    with _question_log(settings) as question_log, _inbox(settings) as inbox:
        application = build_application(settings, answerer, question_log=question_log, inbox=inbox)
        try:
            asyncio.run(serve(application, settings))
        except InvalidToken:
            raise Exit(f"error: {REJECTED}") from None
        except WebhookError as exc:
            raise Exit(f"error: {exc}") from None
        except TelegramError as exc:  # a refusal: what fails for a moment is retried instead
            reason = redact(str(exc), secrets)
            where = settings.telegram_api_url
            raise Exit(
                f"error: the Bot API at {where} refused to start the bot: {reason}", FAILURE
            ) from None
    return 0


def chat(args: argparse.Namespace) -> int:
    """The terminal chat."""
    settings = _settings()
    return _chat(_answerer(settings), settings)


def _lines(stream: TextIO) -> Iterator[str]:
    """The stream's lines without their line endings, read one at a time."""
    while line := stream.readline():
        yield line.rstrip("\r\n")


def _request(line: str) -> tuple[str, str | None, str | None]:
    """A line of `ask --json`: a question, or {"text": ..., "language": ..., "chat": ...}: a
    language hint, and the conversation the line belongs to."""
    if line.startswith("{"):
        try:
            data = json.loads(line)
        except ValueError:
            return line, None, None
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            hint, chat = data.get("language"), data.get("chat")
            return (data["text"], hint if isinstance(hint, str) else None,
                    str(chat) if isinstance(chat, (str, int)) else None)  # fmt: skip
    return line, None, None


def _safe_answer(
    answerer: Answerer, question: str, hint: str | None = None, previous: Answer | None = None
) -> Answer:
    """The engine's answer; an honest apology if it fails, so one bad line stops nothing."""
    try:
        return answerer.answer(question, previous, hint=hint)
    except Exception:
        logger.exception("the answer engine failed on %r", question[:80])
        # not an answer from the engine: what `ask --json` writes if the engine fails on a line
        return Answer(
            question, Kind.ABSTAIN, answerer.wording.catalogue.text("engine-failed"), (), 0.0
        )


def ask(args: argparse.Namespace) -> int:
    """Answer the question given, or each line of stdin; as plain text or JSON lines."""
    answerer = _answerer(_settings())
    if args.question:
        questions: Iterator[str] = iter([" ".join(args.question)])
    else:
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(encoding="utf-8", errors="replace")
        questions = _lines(sys.stdin)
    if args.json and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")  # JSON is UTF-8, whatever the locale says
    chats = Conversations()  # lines with the same "chat" are one conversation, in order
    for number, line in enumerate(questions):
        question, hint, chat = _request(line) if args.json else (line, None, None)
        answer = _safe_answer(answerer, question, hint, chats.last(chat))
        chats.remember(chat, answer)
        if args.json:
            print(json.dumps(to_json(answer), ensure_ascii=False), flush=True)
        else:
            print(("\n" if number else "") + reply_text(answer), flush=True)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line."""
    main_parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run_parser = commands.add_parser("run", help="run the Telegram bot")
    run_parser.add_argument(
        "--chat-fallback",
        action="store_true",
        help="without a token, open the terminal chat instead of exiting",
    )
    run_parser.set_defaults(func=run)
    commands.add_parser("chat", help="ask questions in the terminal").set_defaults(func=chat)
    ask_parser = commands.add_parser("ask", help="answer one question, or each line of stdin")
    ask_parser.add_argument("question", nargs="*", help="the question (default: read stdin)")
    ask_parser.add_argument("--json", action="store_true", help="one JSON object per question")
    ask_parser.set_defaults(func=ask)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command; the exit code."""
    args = parser().parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")  # a terminal without "—" gets "?", not a crash
    setup_logging("WARNING")  # `run` sets the configured level, with the token redacted
    try:
        code: int = args.func(args)
    except Exit as exc:
        print(exc, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`| head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILURE
    except Exception:
        logger.exception("unexpected error")  # through the redacting filter, unlike a crash
        return FAILURE
    return code


if __name__ == "__main__":
    sys.exit(main())
