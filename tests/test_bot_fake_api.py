"""The fake Bot API refuses what Telegram refuses, so the bot's tests cannot pass vacuously."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from fake_bot_api import BOT_TOKEN, PRIVATE_CHAT, FakeBotApiServer


def call(server: FakeBotApiServer, method: str, token: str = BOT_TOKEN, **params: Any) -> Any:
    """POST a form-encoded call as python-telegram-bot does: (status, JSON body)."""
    fields = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    request = urllib.request.Request(
        f"{server.url}/bot{token}/{method}", data=urllib.parse.urlencode(fields).encode()
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def send(server: FakeBotApiServer, text: str, **params: Any) -> Any:
    return call(server, "sendMessage", chat_id=PRIVATE_CHAT["id"], text=text, **params)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>crossed <i>tags</b></i>", 'Unmatched end tag "</b>"'),
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("<p>paragraph</p>", 'Unsupported start tag "p"'),
        ("a < b", "unescaped"),
        ("fish & chips", "unescaped"),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "can't be nested"),
        ("<b></b>", "message text is empty"),
        ("x" * 4097, "message is too long"),
        ("<b>" + "&amp;" * 4097 + "</b>", "message is too long"),
    ],
)
def test_bad_html_and_long_text_get_400(fake_api: FakeBotApiServer, text: str, error: str) -> None:
    """Unbalanced or unsupported tags, bare < and &, and texts over 4,096 characters: 400."""
    status, body = send(fake_api, text, parse_mode="HTML")
    assert status == 400
    assert body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: ") and error in body["description"]


def test_valid_html_is_sent_and_measured_as_shown(fake_api: FakeBotApiServer) -> None:
    """Allowed tags and entities pass; the length limit counts the text, not the markup."""
    text = "<b>A &amp; B</b> &lt;3 <blockquote expandable>" + "q" * 4000 + "</blockquote>"
    status, body = send(fake_api, text, parse_mode="HTML")
    assert status == 200 and body["result"]["text"].startswith("A & B <3 q")


def test_callback_data_over_64_bytes_gets_400(fake_api: FakeBotApiServer) -> None:
    """A button whose callback data is over 64 bytes is refused; 64 bytes pass."""
    for data, status in (("f:" + "x" * 62, 200), ("f:" + "x" * 63, 400), ("é" * 33, 400)):
        markup = {"inline_keyboard": [[{"text": "Go", "callback_data": data}]]}
        assert send(fake_api, "hi", reply_markup=markup)[0] == status


def test_unknown_token_is_401(fake_api: FakeBotApiServer) -> None:
    """A well-formed token the server does not know: 401 Unauthorized, as from Telegram."""
    status, body = call(fake_api, "getMe", token="123:" + "C" * 35)
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})


def test_get_updates_offsets_confirm_and_timeout_waits(fake_api: FakeBotApiServer) -> None:
    """getUpdates returns queued updates until a higher offset confirms them; empty waits."""
    api = fake_api.api
    first, second = api.push(api.message("one")), api.push(api.message("two"))
    assert [u["update_id"] for u in call(fake_api, "getUpdates")[1]["result"]] == [
        first["update_id"],
        second["update_id"],
    ]
    confirmed = call(fake_api, "getUpdates", offset=second["update_id"])[1]["result"]
    assert [u["update_id"] for u in confirmed] == [second["update_id"]]
    started = time.monotonic()
    empty = call(fake_api, "getUpdates", offset=second["update_id"] + 1, timeout=1)[1]["result"]
    assert empty == [] and 0.9 < time.monotonic() - started < 5
    assert api.pending() == []


def test_callback_query_can_be_answered_once(fake_api: FakeBotApiServer) -> None:
    """answerCallbackQuery accepts a pending query once, then calls it too old."""
    query_id = fake_api.api.callback("f:x")["callback_query"]["id"]
    assert call(fake_api, "answerCallbackQuery", callback_query_id=query_id)[0] == 200
    status, body = call(fake_api, "answerCallbackQuery", callback_query_id=query_id)
    assert status == 400 and "query is too old" in body["description"]
