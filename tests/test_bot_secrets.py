"""The token never leaves the process: not in logs, error messages, admin notes or files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bot_process import ROOT, WAIT, running_bot, to_chat
from fake_bot_api import BOT_TOKEN, FakeBotApiServer, FakeTelegram, FaultPlan
from harness import running_app

from bot.constants import REDACTED, TOKEN_PATTERN
from bot.logs import secret_forms

ADMIN = 4242


def test_the_token_is_nowhere_the_bot_writes(tmp_path: Path) -> None:
    """DEBUG logging, a question log, and two proxy pages that echo the request URL (token and
    all): one a 502 that is retried, one a 403 that ends in the error handler and an admin
    note. Neither stdout, stderr, the database nor anything sent to Telegram holds the token."""
    # sendMessage: the first answer meets a 502 page, the second a 403 page; then all is well
    plan = FaultPlan(script={"sendMessage": ["502", None, "403-page"]}, poll_drop_every=0)
    api = FakeTelegram(faults=plan)
    _, admin_chat = api.add_user(ADMIN)
    user, chat = api.add_user(ADMIN + 1)
    db = tmp_path / "questions.sqlite3"
    with (
        FakeBotApiServer(api) as server,
        running_bot(
            tmp_path,
            TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_API_URL=server.url,
            LOG_LEVEL="DEBUG",
            QUESTION_LOG_PATH=str(db),
            QUESTION_LOG_USERS="true",
            ADMIN_USER_IDS=str(ADMIN),
        ) as bot,
    ):
        api.wait_for("setMyCommands", timeout=WAIT)
        api.push(api.message("how many people attended?", chat, sender=user))
        api.wait_for("sendMessage", to_chat(chat, "20,000"), timeout=WAIT)
        api.push(api.message("who won the match?", chat, sender=user))
        note = api.wait_for("sendMessage", to_chat(admin_chat, "Bot error"), timeout=WAIT)
        assert bot.stop() == 0
    assert [f.kind for f in api.injected] == ["502", "403-page"]
    assert "Forbidden" in note.params["text"] and REDACTED in note.params["text"]

    written = {
        "stdout": bot.out.read_bytes(),
        "stderr": bot.err.read_bytes(),
        **{p.name: p.read_bytes() for p in tmp_path.glob("questions.sqlite3*")},
        "calls to the Bot API": json.dumps([c.params for c in api.calls]).encode(),
    }
    assert db.name in written and written["stderr"]
    for secret in secret_forms(BOT_TOKEN):
        for where, content in written.items():
            assert secret.encode() not in content, f"the token is in {where}"
    stderr = written["stderr"].decode()
    assert f"/bot{REDACTED}/sendMessage" in stderr  # the echoed URLs were there, and redacted
    assert "error while handling an update" in stderr and "Traceback" in stderr


def test_env_example_holds_no_secret() -> None:
    """.env.example leaves the token and the webhook secret empty, and holds nothing token-like."""
    values = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert values["TELEGRAM_BOT_TOKEN"] == "" and values["WEBHOOK_SECRET"] == ""
    assert not [v for v in values.values() if TOKEN_PATTERN.match(v)]
    assert not re.search(r"\d{6,}:[A-Za-z0-9_-]{30,}", (ROOT / ".env.example").read_text())


def test_env_is_git_ignored() -> None:
    """.env, where the real token lives, is never committed."""
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


async def test_an_admin_note_never_holds_part_of_the_token(
    telegram: FakeTelegram, answerer: Any
) -> None:
    """An error text with the token where the note is cut, lowercased by PTB: none of it shows."""
    telegram.failures["sendMessage"] = f"Bad Request: {'x' * 255}/bot{BOT_TOKEN}/sendMessage"
    async with running_app(telegram, answerer) as bot:
        await bot.feed(telegram.message("how many people attended?"))
        [note] = bot.replies()
    assert "Bot error: BadRequest: " in note["text"]
    secret, text = BOT_TOKEN.split(":")[1].lower(), note["text"].lower()  # PTB lowercases 400s
    assert not [n for n in range(6, len(secret) + 1) if secret[:n] in text]
