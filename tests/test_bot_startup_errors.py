"""Settings a person must fix stop `python -m bot run` with one line and exit code 2."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from bot_process import ROOT, WAIT, bot_env, free_port, run_bot
from fake_bot_api import BOT_TOKEN, FakeBotApiServer


def one_line_exit_2(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    """The run failed with exit code 2 and one line on stderr holding each expected text."""
    error = result.stderr.strip()
    assert result.returncode == 2, result.stderr
    assert error.startswith("error: ") and "\n" not in error and "Traceback" not in error, error
    for text in expected:
        assert text in error
    return error


def test_an_env_file_that_is_not_utf8(tmp_path: Path) -> None:
    """A .env saved in another encoding: named, with the byte and what to do."""
    (tmp_path / ".env").write_bytes(
        "TELEGRAM_BOT_TOKEN=\nADMIN_USER_IDS=1 # café\n".encode("cp1252")
    )
    env = bot_env(PYTHONPATH=str(ROOT))
    del env["TELEGRAM_BOT_TOKEN"], env["ADMIN_USER_IDS"]  # so the .env is what is read
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT * 2,
    )
    one_line_exit_2(result, ".env is not valid UTF-8", "0xe9", "save it as UTF-8")


def test_a_fact_store_root_that_is_a_file(tmp_path: Path) -> None:
    """FACT_STORE_ROOT naming a file: the setting and the rule."""
    (tmp_path / "store.txt").write_text("not a folder")
    result = run_bot("run", FACT_STORE_ROOT=str(tmp_path / "store.txt"))
    one_line_exit_2(result, "FACT_STORE_ROOT", "not a file")


@pytest.mark.parametrize(
    ("listen", "expected"),
    [("127.0.0.1", "Address already in use"), ("192.0.2.1", "WEBHOOK_LISTEN")],
    ids=["port in use", "not a local address"],
)
def test_a_webhook_that_cannot_listen_registers_nothing(listen: str, expected: str) -> None:
    """The port taken, or an address of another machine: one line, and setWebhook never sent
    (the server is bound before Telegram is told where it is)."""
    port = free_port()
    with (
        FakeBotApiServer() as server,
        socket.socket() as taken,
    ):
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = run_bot(
            "run",
            TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_API_URL=server.url,
            WEBHOOK_URL=f"https://bot.example/{port}",
            WEBHOOK_LISTEN=listen,
            WEBHOOK_PORT=str(port),
        )
        registered = [c for c in server.api.calls if c.method == "setWebhook"]
    one_line_exit_2(result, f"{listen}:{port}", expected)
    assert registered == []


def test_a_webhook_port_out_of_range() -> None:
    """WEBHOOK_PORT=99999 is refused, not served on a port the system picks."""
    result = run_bot(
        "run",
        TELEGRAM_BOT_TOKEN=BOT_TOKEN,
        WEBHOOK_URL="https://bot.example/",
        WEBHOOK_PORT="99999",
    )
    one_line_exit_2(result, "WEBHOOK_PORT", "65535")
