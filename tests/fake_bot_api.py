"""A fake Telegram Bot API that checks what Telegram checks, in-process or over real HTTP.

FakeTelegram holds the behaviour: the token, long polling with offsets, the messages the bot
sent, and Telegram's 400 errors for bad HTML, long texts and oversized callback data.
FakeRequest puts it behind python-telegram-bot's BaseRequest (no sockets); FakeBotApiServer
serves it on 127.0.0.1 for a bot running in a subprocess, and can misbehave as the real one
does now and then (FaultPlan): 429s, 5xx pages, answers too slow to wait for, dropped
connections.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001
BOT_TOKEN = f"{BOT_ID}:AAFakeTokenForTestsOnly_abcdefghijklmn"
BOT_USERNAME = "expo_test_bot"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Expo Test Bot",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
USER = {"id": 1001, "is_bot": False, "first_name": "Ada", "language_code": "en"}
PRIVATE_CHAT = {"id": 1001, "type": "private", "first_name": "Ada"}
GROUP_CHAT = {"id": -100123, "type": "supergroup", "title": "Expo fans"}

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
# Telegram's HTML parse mode: these tags, these attributes, and four named entities.
ALLOWED_TAGS: dict[str, set[str]] = {
    "b": set(), "strong": set(), "i": set(), "em": set(), "u": set(), "ins": set(),
    "s": set(), "strike": set(), "del": set(), "tg-spoiler": set(), "span": {"class"},
    "a": {"href"}, "tg-emoji": {"emoji-id"}, "code": {"class"}, "pre": set(),
    "blockquote": {"expandable"},
}  # fmt: skip
ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# Form fields that python-telegram-bot sends JSON-encoded.
JSON_FIELDS = {
    "reply_markup", "results", "commands", "allowed_updates", "entities", "reply_parameters",
    "link_preview_options", "scope", "button",
}  # fmt: skip
INT_FIELDS = {
    "chat_id", "message_id", "message_thread_id", "offset", "limit", "timeout", "cache_time",
    "user_id",
}  # fmt: skip


class ApiError(Exception):
    """A refusal, as Telegram words it."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def bad_request(detail: str) -> ApiError:
    return ApiError(f"Bad Request: {detail}")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(HTMLParser):
    """Parses like Telegram's HTML mode: the visible text, or an error for what it refuses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.text: list[str] = []
        self.open: list[str] = []

    def fail(self, detail: str) -> None:
        raise bad_request(f"can't parse entities: {detail}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.fail(f'Unsupported start tag "{tag}"')
        for name, value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                self.fail(f'Unsupported attribute "{name}" in tag "{tag}"')
            if tag == "span" and value != "tg-spoiler":
                self.fail('Tag "span" must have class "tg-spoiler"')
        if tag == "blockquote" and "blockquote" in self.open:
            self.fail("Blockquote entities can't be nested")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.fail(f'Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            expected = f'"</{self.open[-1]}>"' if self.open else "nothing"
            self.fail(f'Unmatched end tag "</{tag}>", expected {expected}')
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if any(c in data for c in "<>&"):
            self.fail("unescaped <, > or & in the text; use &lt;, &gt; or &amp;")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ENTITIES:
            self.fail(f'Unsupported HTML entity "&{name};"')
        self.text.append(ENTITIES[name])

    def handle_charref(self, name: str) -> None:
        number = int(name[1:], 16) if name[:1] in "xX" else int(name)
        self.text.append(chr(number))

    def handle_comment(self, data: str) -> None:
        self.fail("comments are not supported")

    def handle_decl(self, decl: str) -> None:
        self.fail("declarations are not supported")

    def handle_pi(self, data: str) -> None:
        self.fail("processing instructions are not supported")

    def unknown_decl(self, data: str) -> None:
        self.fail("declarations are not supported")


def visible_text(text: str, parse_mode: str | None) -> str:
    """What Telegram would show for this text, or the ApiError it answers with."""
    if parse_mode is None:
        visible = text
    elif parse_mode.upper() == "HTML":
        parser = _TelegramHTML()
        parser.feed(text)
        parser.close()
        if parser.rawdata:  # html.parser keeps an unterminated "<..." back: Telegram refuses it
            parser.fail("unterminated tag at the end of the text")
        if parser.open:
            parser.fail(f'Can\'t find end tag corresponding to start tag "{parser.open[-1]}"')
        visible = "".join(parser.text)
    else:
        raise bad_request(f"unsupported parse_mode {parse_mode!r} in this fake")
    if not visible.strip():
        raise bad_request("message text is empty")
    if utf16_length(visible) > MAX_TEXT:
        raise bad_request("message is too long")
    return visible


def check_keyboard(markup: dict[str, Any] | None) -> None:
    """Telegram's checks on an inline keyboard's buttons."""
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise bad_request("BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")


@dataclass
class Call:
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    result: Any = None
    at: float = field(default_factory=time.monotonic)
    # accepted, but the answer was held back until the bot gave up waiting: the bot cannot
    # know the message went out, so it sends it again (the one duplicate Telegram allows)
    ambiguous: bool = False


# How a call can fail on the way (FaultPlan): the answer a proxy or Telegram gives instead.
SEND_FAULTS = ("429", "500", "502", "timeout", "reset")
REFUSALS = {"429", "500", "502", "403-page"}  # answered at once; the call is not carried out
TIMEOUT = "timeout"  # carried out, then answered too late for the client
RESET = "reset"  # the connection reset before the call is carried out
DROP = "drop"  # the call carried out (updates fetched), then the connection reset


@dataclass
class Fault:
    """One fault the fake injected."""

    kind: str
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass
class FaultPlan:
    """Which calls fail, and how, decided in advance: the same seed gives the same plan.

    sendMessage: in every block of `send_share` x len(send_kinds) calls, each kind fails one
    call, at seeded places; so one call in `send_share` fails. getUpdates: every
    `poll_drop_every`-th connection is dropped after the updates were fetched, and the first
    `confirm_drops` that do not wait (timeout 0: a stopping bot confirming what it fetched)
    are reset before they arrive. `script` lists the kinds (or None) for a method's first
    calls instead.
    """

    seed: int = 5
    send_kinds: tuple[str, ...] = SEND_FAULTS
    send_share: int = 5
    poll_drop_every: int = 5
    retry_after: int = 1  # seconds, in a 429's parameters (Telegram sends whole seconds)
    delay: float = 3.0  # how long a "timeout" answer is held back; more than the bot waits
    confirm_drops: int = 0
    script: dict[str, list[str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._deck: list[str | None] = []

    def seen(self, method: str) -> int:
        """How many calls of this method the plan has decided on."""
        with self._lock:
            return self._counts[method]

    def next(self, method: str, params: dict[str, Any]) -> str | None:
        """The fault for the next call of this method, or None."""
        with self._lock:
            number = self._counts[method]
            self._counts[method] += 1
            waits = str(params.get("timeout") or 0) not in {"0", "0.0"}
            if (
                method == "getUpdates"
                and not waits
                and self._counts["confirm"] < self.confirm_drops
            ):
                self._counts["confirm"] += 1
                return RESET
            if method in self.script:
                planned = self.script[method]
                return planned[number] if number < len(planned) else None
            if method == "sendMessage" and self.send_kinds:
                if not self._deck:
                    kinds = list(self.send_kinds)
                    self._deck = kinds + [None] * (len(kinds) * (self.send_share - 1))
                    self._rng.shuffle(self._deck)
                return self._deck.pop()
            every = self.poll_drop_every
            if method == "getUpdates" and every and number % every == every - 1:
                return DROP
            return None


def refusal(kind: str, path: str, retry_after: int) -> tuple[int, str, bytes]:
    """(status, content type, body) of a refusing fault; the pages echo the URL, as some do."""
    if kind == "429":
        description = f"Too Many Requests: retry after {retry_after}"
        body = {"ok": False, "error_code": 429, "description": description,
                "parameters": {"retry_after": retry_after}}  # fmt: skip
        return 429, "application/json", json.dumps(body).encode()
    if kind == "500":
        body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        return 500, "application/json", json.dumps(body).encode()
    status, title = (502, "Bad Gateway") if kind == "502" else (403, "Forbidden")
    page = (
        f"<html><head><title>{status} {title}</title></head><body><h1>{status} {title}</h1>"
        f"<p>nginx could not pass on POST {path}</p></body></html>"
    )
    return status, "text/html", page.encode()


@dataclass
class FakeTelegram:
    """The Bot API's behaviour for one bot, shared by the in-process and HTTP front doors."""

    tokens: set[str] = field(default_factory=lambda: {BOT_TOKEN})
    calls: list[Call] = field(default_factory=list)
    commands: list[dict[str, str]] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # method -> a 400 it answers once
    faults: FaultPlan | None = None  # over HTTP: how calls fail on the way
    injected: list[Fault] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._queue: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(500)
        self._query_ids = itertools.count(9000)
        self._sent: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {c["id"]: c for c in (PRIVATE_CHAT, GROUP_CHAT)}
        self._callbacks: set[str] = set()
        self._inline: set[str] = set()
        self.closed = False
        self._methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            name.removeprefix("api_").lower(): getattr(self, name)
            for name in dir(self)
            if name.startswith("api_")
        }

    # -- the front door ------------------------------------------------------------------

    def handle(
        self, token: str, method: str, params: dict[str, Any], *, ambiguous: bool = False
    ) -> tuple[int, dict[str, Any]]:
        """Answer one call as Telegram would: (HTTP status, JSON body)."""
        if token not in self.tokens:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        implementation = self._methods.get(method.lower())
        if implementation is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        try:
            if method in self.failures:
                raise ApiError(self.failures.pop(method))
            result = implementation(params)
        except ApiError as exc:
            body = {"ok": False, "error_code": exc.code, "description": exc.description}
            with self._lock:
                self.calls.append(Call(method, params, body))
                self._lock.notify_all()
            return exc.code, body
        with self._lock:
            self.calls.append(Call(method, params, result, ambiguous=ambiguous))
            self._lock.notify_all()
        return 200, {"ok": True, "result": result}

    def fault(self, token: str, method: str, params: dict[str, Any]) -> str | None:
        """The fault the plan has for this call, recorded; None for a sound call."""
        if self.faults is None or token not in self.tokens:
            return None
        kind = self.faults.next(method, params)
        if kind is not None:
            with self._lock:
                self.injected.append(Fault(kind, method, params))
        return kind

    # -- what tests use ------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates."""
        with self._lock:
            self._queue.append(update)
            self._lock.notify_all()
        return update

    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a higher offset."""
        with self._lock:
            return list(self._queue)

    def take(self) -> list[dict[str, Any]]:
        """Remove the queued updates and return them (to post them to a webhook instead)."""
        with self._lock:
            taken, self._queue = self._queue, []
        return taken

    def wait_for(
        self,
        method: str,
        where: Callable[[Call], bool] = lambda call: True,
        timeout: float = 5.0,
    ) -> Call:
        """The first call of `method` matching `where`, waiting at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for call in self.calls:
                    if call.method == method and where(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"no {method} call within {timeout}s; calls: {seen}")
                self._lock.wait(remaining)

    def sent_messages(self) -> list[dict[str, Any]]:
        """The messages the bot sent, as Telegram echoed them, oldest first."""
        with self._lock:
            return [{k: v for k, v in m.items() if k != "html"} for m in self._sent.values()]

    def sent(self, method: str = "sendMessage") -> list[Call]:
        """The successful calls of one method, in order."""
        with self._lock:
            return [c for c in self.calls if c.method == method and not _failed(c)]

    def add_user(self, user_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
        """Another user, and their private chat with the bot: (user, chat)."""
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        chat = {"id": user_id, "type": "private", "first_name": user["first_name"]}
        with self._lock:
            self._chats[user_id] = chat
        return user, chat

    def close(self) -> None:
        """Wake every long poll so the server can stop."""
        with self._lock:
            self.closed = True
            self._lock.notify_all()

    # -- building updates ----------------------------------------------------------------

    def _update(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **content}

    def message(
        self,
        text: str,
        chat: dict[str, Any] = PRIVATE_CHAT,
        *,
        edited: bool = False,
        reply_to: dict[str, Any] | None = None,
        message_id: int | None = None,
        sender: dict[str, Any] = USER,
    ) -> dict[str, Any]:
        """A text message update from USER (or `sender`), with command and mention entities."""
        message: dict[str, Any] = {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            "text": text,
        }
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if edited:
            message["edit_date"] = int(time.time())
        return self._update(**{"edited_message" if edited else "message": message})

    def sticker(self, chat: dict[str, Any] = PRIVATE_CHAT) -> dict[str, Any]:
        """A sticker message update."""
        sticker = {
            "file_id": "CAACAgIAAxkBAAEB",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": USER,
            "sticker": sticker,
        }
        return self._update(message=message)

    def callback(self, data: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """A button press on `message` (by default a message the bot sent in the private chat)."""
        query_id = str(next(self._query_ids))
        self._callbacks.add(query_id)
        if message is None:
            message = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": PRIVATE_CHAT,
                "from": BOT_USER,
                "text": "Pick a question:",
            }
        query = {
            "id": query_id,
            "from": USER,
            "chat_instance": "4242",
            "data": data,
            "message": message,
        }
        return self._update(callback_query=query)

    def inline(self, query: str) -> dict[str, Any]:
        """An inline query: the user typed `@bot query` in some chat."""
        query_id = str(next(self._query_ids))
        self._inline.add(query_id)
        inline = {"id": query_id, "from": USER, "query": query, "offset": "", "chat_type": "sender"}
        return self._update(inline_query=inline)

    # -- the Bot API methods -------------------------------------------------------------

    def api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    def api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise ApiError(
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
                409,
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._lock:
            if offset > 0:  # confirms every update below it: Telegram forgets them
                self._queue = [u for u in self._queue if u["update_id"] >= offset]
            elif offset < 0:
                self._queue = self._queue[offset:]
            while not self._queue and not self.closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._lock.wait(remaining)
            return list(self._queue[:limit])

    def api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    def api_setWebhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith(("https://", "http://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = dict(params)
        return True

    def api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        url = self.webhook.get("url", "")
        return {"url": url, "has_custom_certificate": False, "pending_update_count": 0}

    def api_setMyCommands(self, params: dict[str, Any]) -> bool:
        for command in params.get("commands", []):
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = list(params.get("commands", []))
        return True

    def api_setMyDescription(self, params: dict[str, Any]) -> bool:
        if len(params.get("description", "")) > 512:  # the Bot API's limit
            raise bad_request("BOT_DESCRIPTION_INVALID")
        return True

    def api_setMyShortDescription(self, params: dict[str, Any]) -> bool:
        if len(params.get("short_description", "")) > 120:
            raise bad_request("BOT_SHORT_DESCRIPTION_INVALID")
        return True

    def api_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return self.commands

    def api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat(params)
        if params.get("action") not in {"typing", "upload_photo", "record_voice", "choose_sticker"}:
            raise bad_request("wrong parameter action in request")
        return True

    def api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        text = visible_text(str(params.get("text", "")), params.get("parse_mode"))
        check_keyboard(params.get("reply_markup"))
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        with self._lock:
            self._sent[(chat["id"], message["message_id"])] = dict(message, html=params["text"])
        return message

    def api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text = visible_text(str(params.get("text", "")), params.get("parse_mode"))
        check_keyboard(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        key = (int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
        with self._lock:
            old = self._sent.get(key)
            if old is None:
                raise bad_request("message to edit not found")
            markup = params.get("reply_markup")
            if old["html"] == params["text"] and old.get("reply_markup") == markup:
                raise bad_request(
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            new = dict(old, text=text, html=params["text"], edit_date=int(time.time()))
            new.pop("reply_markup", None)
            if markup:
                new["reply_markup"] = markup
            self._sent[key] = new
        return {k: v for k, v in new.items() if k != "html"}

    def api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id"))
        with self._lock:
            if query_id not in self._callbacks:
                raise bad_request(
                    "query is too old and response timeout expired or query ID is invalid"
                )
            self._callbacks.discard(query_id)
        if len(params.get("text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        return True

    def api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("inline_query_id"))
        results = params.get("results", [])
        with self._lock:
            if query_id not in self._inline:
                raise bad_request(
                    "query is too old and response timeout expired or query ID is invalid"
                )
            self._inline.discard(query_id)
        if len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        ids = [r.get("id", "") for r in results]
        if len(set(ids)) != len(ids) or any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise bad_request("RESULT_ID_INVALID")
        for result in results:
            if result.get("type") != "article" or not result.get("title"):
                raise bad_request("RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            visible_text(str(content.get("message_text", "")), content.get("parse_mode"))
            check_keyboard(result.get("reply_markup"))
        return True

    def api_close(self, params: dict[str, Any]) -> bool:
        return True

    def api_logOut(self, params: dict[str, Any]) -> bool:
        return True

    # -- helpers -------------------------------------------------------------------------

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            chat_id = int(params.get("chat_id") or 0)
        except ValueError:
            raise bad_request("chat not found") from None
        chat = self._chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat


def _failed(call: Call) -> bool:
    return isinstance(call.result, dict) and call.result.get("ok") is False


def _entities(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram would attach to this text."""
    found = []
    for kind, pattern in (("bot_command", r"^/[A-Za-z0-9_]+(?:@\w+)?"), ("mention", r"@\w{5,}")):
        for match in re.finditer(pattern, text):
            offset = utf16_length(text[: match.start()])
            found.append({"type": kind, "offset": offset, "length": utf16_length(match.group())})
    return sorted(found, key=lambda e: e["offset"])


_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?:test/)?(?P<method>[A-Za-z]+)$")


def _split_url(url: str) -> tuple[str, str]:
    match = _PATH.match(urlsplit(url).path)
    return (match["token"], match["method"]) if match else ("", "")


def _coerce(params: dict[str, str]) -> dict[str, Any]:
    """Form fields as the Bot API reads them: JSON objects decoded, numbers as numbers."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if name in JSON_FIELDS:
            out[name] = json.loads(value)
        elif name in INT_FIELDS and re.fullmatch(r"-?\d+", value):
            out[name] = int(value)
        else:
            out[name] = value
    return out


class FakeRequest(BaseRequest):
    """python-telegram-bot's transport, answered by a FakeTelegram without any socket."""

    def __init__(self, api: FakeTelegram) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        token, api_method = _split_url(url)
        return self.respond(token, api_method, request_data)

    def respond(
        self, token: str, method: str, request_data: RequestData | None
    ) -> tuple[int, bytes]:
        """The status and body the fake answers one call with."""
        # the form fields that would go over the wire, read as the HTTP fake reads them
        params = _coerce(request_data.json_parameters) if request_data else {}
        status, body = self.api.handle(token, method, params)
        return status, json.dumps(body).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._answer(dict(parse_qsl(urlsplit(self.path).query)))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        kind = self.headers.get("Content-Type", "")
        if kind.startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            params = _coerce(dict(parse_qsl(body.decode(), keep_blank_values=True)))
        self._answer(params)

    def _answer(self, params: dict[str, Any]) -> None:
        api = self.server.api
        token, method = _split_url(self.path)
        fault = api.fault(token, method, params) if token else None
        if fault in REFUSALS:
            assert api.faults is not None
            self._send(*refusal(fault, self.path, api.faults.retry_after))
            return
        if fault == RESET:
            self._reset()
            return
        if not token:
            status, body = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        else:
            status, body = api.handle(token, method, params, ambiguous=fault == TIMEOUT)
        if fault == TIMEOUT:
            assert api.faults is not None
            time.sleep(api.faults.delay)  # the client has given up by now
        if fault == DROP:
            self._reset()
            return
        self._send(status, "application/json", json.dumps(body).encode())

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _reset(self) -> None:
        """Drop the connection with a TCP reset, without an answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def log_message(self, format: str, *args: Any) -> None:
        return None  # quiet: the calls are recorded in FakeTelegram.calls


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    api: FakeTelegram

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client gone mid-poll is fine
            super().handle_error(request, client_address)


class FakeBotApiServer:
    """FakeTelegram over HTTP on 127.0.0.1, in a background thread; a context manager."""

    def __init__(self, api: FakeTelegram | None = None, port: int = 0) -> None:
        self.api = api or FakeTelegram()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.api = self.api
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        # a short poll interval: shutdown() waits up to one interval
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeBotApiServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.close()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
