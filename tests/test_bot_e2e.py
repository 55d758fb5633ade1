"""`python -m bot` as a user runs it: a subprocess against a fake Bot API over real HTTP."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from bot_process import (
    ROOT,
    WAIT,
    bot_env,
    free_port,
    run_bot,
    running_bot,
    to_chat,
    wait_for_output,
)
from fake_bot_api import (
    BOT_TOKEN,
    BOT_USERNAME,
    GROUP_CHAT,
    PRIVATE_CHAT,
    FakeBotApiServer,
)
from new_article import ANSWER, QUESTION, add_article

UNKNOWN_TOKEN = "123456789:" + "B" * 35


def test_bot_serves_a_conversation_and_stops_on_sigterm(
    fake_api: FakeBotApiServer, tmp_path: Path
) -> None:
    """Polling: /start, a question, a button, inline, a sticker, a group; SIGTERM exits 0."""
    api = fake_api.api
    with running_bot(tmp_path, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_URL=fake_api.url) as bot:
        # updates queue up until the bot polls for them, as on Telegram
        commands = api.wait_for("setMyCommands", timeout=WAIT).params["commands"]
        assert [c["command"] for c in commands] == [
                "start", "help", "sources", "topics", "ask", "language"
            ]  # fmt: skip

        api.push(api.message("/start"))
        start = api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "China-Northeast Asia Expo"))
        first_button = start.params["reply_markup"]["inline_keyboard"][0][0]

        api.push(api.message("how much investment was signed"))
        answer = api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "84.475 billion yuan"))
        assert "<blockquote expandable>" in answer.params["text"]
        assert "Source: " in answer.params["text"]

        press = api.push(api.callback(first_button["callback_data"], message=start.result))
        api.wait_for(
            "answerCallbackQuery",
            lambda c: c.params["callback_query_id"] == press["callback_query"]["id"],
        )
        api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, f"<b>{first_button['text']}</b>"))

        api.push(api.inline("where was the expo held"))
        cards = api.wait_for("answerInlineQuery").params["results"]
        assert "Jilin Province" in cards[0]["input_message_content"]["message_text"]

        api.push(api.sticker())
        api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "only read text"))

        ignored = api.push(api.message("how many people attended?", GROUP_CHAT))
        mention = api.push(api.message(f"@{BOT_USERNAME} how many people attended?", GROUP_CHAT))
        api.wait_for("sendMessage", to_chat(GROUP_CHAT, "20,000"))
        [group_reply] = [c for c in api.sent() if c.params["chat_id"] == GROUP_CHAT["id"]]
        replied_to = group_reply.params["reply_parameters"]["message_id"]
        assert replied_to == mention["message"]["message_id"] != ignored["message"]["message_id"]

        started = time.monotonic()
        assert bot.stop() == 0
        assert time.monotonic() - started < 5
        assert api.pending() == []  # every update was confirmed with a higher offset
        output = bot.output()
        assert "Traceback" not in output
        assert BOT_TOKEN not in output and BOT_TOKEN.split(":")[1] not in output
        assert "kind=answer fact=investment-signed" in output  # the per-question log line
    assert not [c for c in api.calls if isinstance(c.result, dict) and c.result.get("ok") is False]


def test_sighup_reloads_the_fact_store_and_questions_are_logged(
    fake_api: FakeBotApiServer, tmp_path: Path, store_copy: Path
) -> None:
    """SIGHUP re-reads FACT_STORE_ROOT; an invalid store is logged and the old one serves on."""
    api, db = fake_api.api, tmp_path / "questions.sqlite3"
    with running_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=BOT_TOKEN,
        TELEGRAM_API_URL=fake_api.url,
        FACT_STORE_ROOT=str(store_copy),
        QUESTION_LOG_PATH=str(db),
    ) as bot:
        api.wait_for("setMyCommands", timeout=WAIT)
        api.push(api.message(QUESTION))
        api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "don't cover"))

        add_article(store_copy)
        bot.process.send_signal(signal.SIGHUP)
        wait_for_output(bot, "reloaded the fact store from")
        api.push(api.message(QUESTION))
        api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, ANSWER))

        (store_copy / "knowledge" / "sources.toml").unlink()
        bot.process.send_signal(signal.SIGHUP)
        wait_for_output(bot, "the old one keeps serving")
        api.push(api.message("what work did the volunteers do?"))
        api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "two four-hour shifts"))
        assert bot.stop() == 0
    output = bot.output()
    assert "knowledge/sources.toml: file: missing" in output and "Traceback" not in output
    with sqlite3.connect(db) as connection:
        logged = connection.execute("SELECT kind, facts, user_id FROM questions ORDER BY id")
        assert logged.fetchall() == [
            ("abstain", "", None), ("answer", "volunteers", None),
            ("answer", "volunteer-shifts", None),
        ]  # fmt: skip


def post_update(url: str, update: dict[str, Any], secret: str) -> int:
    """POST an update to the bot's webhook as Telegram would; the HTTP status.

    The bot registers the webhook while its server is still starting, so a refused
    connection is retried for a bounded time.
    """
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    deadline = time.monotonic() + WAIT
    while True:
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as response:
                status: int = response.status
                return status
        except urllib.error.HTTPError as exc:
            return exc.code
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_webhook_mode_registers_and_answers(fake_api: FakeBotApiServer, tmp_path: Path) -> None:
    """With WEBHOOK_URL: setWebhook with the secret, updates posted to it are answered."""
    api, port = fake_api.api, free_port()
    hook = f"http://127.0.0.1:{port}/telegram-updates"
    with running_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=BOT_TOKEN,
        TELEGRAM_API_URL=fake_api.url,
        WEBHOOK_URL=hook,
        WEBHOOK_SECRET="s3cret_value",
        WEBHOOK_PORT=str(port),
    ) as bot:
        registered = api.wait_for("setWebhook", timeout=WAIT).params
        assert registered["url"] == hook and registered["secret_token"] == "s3cret_value"
        assert post_update(hook, api.message("who took part?"), "wrong") == 403
        assert post_update(hook, api.message("how many people attended?"), "s3cret_value") == 200
        api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "20,000"))
        assert len(api.sent()) == 1
        assert bot.stop() == 0
        assert BOT_TOKEN not in bot.output()


def test_no_token_explains_how_to_get_one() -> None:
    """Without a token `run` says how to get one (BotFather, test environment) and exits 2."""
    result = run_bot("run")
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "TELEGRAM_TEST_ENV" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_token_with_chat_fallback_opens_the_terminal_chat() -> None:
    """`run --chat-fallback` (what `make run` does) without a token chats in the terminal."""
    result = run_bot("run", "--chat-fallback", stdin="how many people attended?\nquit\n")
    assert result.returncode == 0
    assert "@BotFather" in result.stderr
    assert "Over 20,000 people" in result.stdout


def test_malformed_token_is_one_line_exit_2() -> None:
    """A token not shaped like BotFather's: one line on stderr, exit 2, no traceback."""
    token = "12345:not-a-real-token"
    result = run_bot("run", TELEGRAM_BOT_TOKEN=token)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN is malformed" in result.stderr
    assert token not in result.stderr + result.stdout


def test_rejected_token_is_one_line_exit_2(fake_api: FakeBotApiServer) -> None:
    """A token the Bot API answers 401 to: one line on stderr, exit 2, the token nowhere."""
    result = run_bot("run", TELEGRAM_BOT_TOKEN=UNKNOWN_TOKEN, TELEGRAM_API_URL=fake_api.url)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "rejected TELEGRAM_BOT_TOKEN" in result.stderr
    assert UNKNOWN_TOKEN not in result.stderr + result.stdout
    assert "B" * 35 not in result.stderr + result.stdout


def test_debug_logs_redact_the_token(fake_api: FakeBotApiServer) -> None:
    """At DEBUG python-telegram-bot logs the Bot API URL; the filter redacts the token from it."""
    result = run_bot(
        "run", TELEGRAM_BOT_TOKEN=UNKNOWN_TOKEN, TELEGRAM_API_URL=fake_api.url, LOG_LEVEL="DEBUG"
    )
    assert result.returncode == 2
    assert f"{fake_api.url}/bot[TOKEN REDACTED]" in result.stderr
    assert "B" * 35 not in result.stderr + result.stdout


def test_unreachable_api_at_start_is_waited_for(tmp_path: Path) -> None:
    """Telegram unreachable at start-up: the bot says so and retries, then serves once it is up."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_bot(tmp_path, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_URL=url) as bot:
        wait_for_output(bot, f"getMe at {url} failed")
        wait_for_output(bot, "trying again in 1.0 s")  # a second attempt, waiting longer
        assert bot.process.poll() is None
        with FakeBotApiServer(port=port) as server:
            api = server.api
            api.push(api.message("how many people attended?"))
            api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, "20,000"), timeout=WAIT * 2)
            assert bot.stop() == 0
    output = bot.output()
    assert "Traceback" not in output and BOT_TOKEN.split(":")[1] not in output


def test_sigterm_while_the_api_is_unreachable_stops_at_once(tmp_path: Path) -> None:
    """A stop while start-up is still waiting for Telegram: exit 0 at once, no traceback."""
    url = f"http://127.0.0.1:{free_port()}"
    with running_bot(tmp_path, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_URL=url) as bot:
        wait_for_output(bot, f"getMe at {url} failed")
        started = time.monotonic()
        assert bot.stop() == 0
        assert time.monotonic() - started < 3
    output = bot.output()
    assert "stopped before the Bot API could be reached" in output
    assert "Traceback" not in output and BOT_TOKEN.split(":")[1] not in output


def test_ask_json_answers_every_line_in_order(ambiguous: str) -> None:
    """`ask --json`: one object per input line, in order, with exactly the contract's keys."""
    lines = [
        "how much investment was signed",
        "",
        "who won the match?",
        ambiguous,
        "<b>&amp; \udcff",
        "où était l'expo ?",
        '{"text": "展會一共有幾家企業參加？", "language": "zh-tw"}',
        '{"text": "where?", "language": "ru"}',
        '{"text": "how much investment was signed?", "chat": "c1"}',
        '{"text": "and since it began?", "chat": "c1"}',
        "and since it began?",
    ]
    stdin = "\n".join(lines) + "\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        cwd=ROOT,
        env=bot_env(),
        input=stdin.encode("utf-8", "surrogateescape"),  # one line is not valid UTF-8
        capture_output=True,
        timeout=WAIT * 2,
    )
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(objects) == len(lines)
    keys = ["question", "kind", "answered", "answer", "facts", "score", "sources", "suggestions",
            "language", "context"]  # fmt: skip
    assert all(list(o) == keys for o in objects)
    assert [o["question"] for o in objects[:4]] == lines[:4]
    assert objects[4]["question"] == "<b>&amp; \ufffd"  # the bad byte replaced, not fatal
    first, empty, off_topic, ambiguous = objects[:4]
    assert first["kind"] == "answer" and first["answered"] is True
    assert first["facts"] == ["investment-signed"] and "84.475 billion yuan" in first["answer"]
    assert first["sources"][0]["date"] == "2023-08-28" and first["sources"][0]["quote"]
    assert empty["kind"] == "abstain" and empty["answered"] is False and empty["facts"] == []
    assert off_topic["kind"] == "abstain" and not any(c.isdigit() for c in off_topic["answer"][:40])
    assert ambiguous["kind"] == "clarify" and ambiguous["answered"] is False
    assert {s["fact"] for s in ambiguous["suggestions"]} == set(ambiguous["facts"])
    assert all(0 <= o["score"] <= 100 for o in objects)
    traditional, hinted = objects[6:8]
    assert (traditional["language"], traditional["facts"]) == ("zh-Hant", ["companies"])
    assert "1006" in traditional["answer"] and "來源" in traditional["answer"]
    assert hinted["language"] == "en"  # the script decides before Telegram's language_code
    opening, follow_up, alone = objects[8:11]
    assert opening["context"] is None and follow_up["context"] == "investment-signed"
    assert follow_up["facts"] == ["investment-since-2005"]
    assert follow_up["answer"].startswith("↪ How much investment has been signed since 2005?")
    assert alone["context"] is None  # a plain line belongs to no conversation


def test_ask_one_question_prints_the_plain_reply() -> None:
    """`ask QUESTION` prints the plain-text reply with its source; `ask --json Q` one object."""
    plain = run_bot("ask", "how", "many", "people", "attended?")
    assert plain.returncode == 0
    assert "Over 20,000 people" in plain.stdout and "Source: " in plain.stdout
    assert "<" not in plain.stdout
    one = run_bot("ask", "--json", "how many people attended?")
    [line] = one.stdout.splitlines()
    assert json.loads(line)["facts"] == ["attendance"]


def test_chat_picks_a_suggestion_by_number() -> None:
    """The terminal chat answers, numbers the related questions, and a number picks one."""
    result = run_bot("chat", stdin="how much investment was signed\n1\n")
    assert result.returncode == 0
    assert "84.475 billion yuan" in result.stdout
    assert "  1. How many projects were signed at the 14th expo?" in result.stdout
    assert "99 international and domestic cooperation projects" in result.stdout


@pytest.mark.parametrize("command", ["run", "chat", "ask"])
def test_invalid_fact_store_is_reported_without_traceback(command: str, tmp_path: Path) -> None:
    """A broken fact store: the store's own message, exit 2, no traceback."""
    # a copy of the package whose knowledge/ lacks sources.toml, run from that copy
    copy = tmp_path / "repo"
    for part in ("bot", "knowledge", "seeds"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "knowledge" / "sources.toml").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "bot", command],
        cwd=copy,
        env=bot_env(PYTHONPATH=str(copy)),
        input="",
        capture_output=True,
        text=True,
        timeout=WAIT * 2,
    )
    assert result.returncode == 2
    assert "sources.toml" in result.stderr and "Traceback" not in result.stderr


def ask_in_turn(fake_api: FakeBotApiServer, tmp_path: Path, turns: list[tuple[str, str]]) -> None:
    """Run the bot; send each question in turn and wait for a reply holding its text."""
    api = fake_api.api
    with running_bot(tmp_path, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_URL=fake_api.url):
        api.wait_for("setMyCommands", timeout=WAIT)
        for question, shown in turns:
            api.push(api.message(question))
            api.wait_for("sendMessage", to_chat(PRIVATE_CHAT, shown))


def test_the_running_bot_answers_each_language_in_it(
    fake_api: FakeBotApiServer, tmp_path: Path
) -> None:
    """`python -m bot run`: one question per language, each answered in it with its figure."""
    api = fake_api.api
    asked = [
        ("一共签约了几个项目？", "来源："),
        ("參展企業一共有幾家？", "來源："),
        ("сколько компаний участвовало?", "Источник: "),
        ("参加企業は何社?", "出典："),
        ("외국 기업은 몇 개야?", "출처: "),
        ("how many people attended?", "Source: "),
    ]
    ask_in_turn(fake_api, tmp_path, asked)
    menus = {c.params.get("language_code") for c in api.calls if c.method == "setMyCommands"}
    assert menus == {None, "zh", "ru", "ja", "ko"}


def test_the_running_bot_reads_a_three_turn_dialogue(
    fake_api: FakeBotApiServer, tmp_path: Path
) -> None:
    """`python -m bot run`: each follow-up opens with the question it was read as."""
    ask_in_turn(fake_api, tmp_path, [
        ("how many projects were signed?", "99 international and domestic"),
        ("and since it began?", "↪ How many projects have been signed since 2005?"),
        ("and at the 14th?", "↪ How many projects were signed at the 14th expo?"),
    ])  # fmt: skip
