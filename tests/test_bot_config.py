"""Settings from the environment, the token's shape, the Bot API URLs, and redacted logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from bot_process import ROOT, SETTINGS
from fake_bot_api import BOT_TOKEN, FakeRequest, FakeTelegram
from pydantic import SecretStr

from bot.app import build_application
from bot.config import ConfigError, Settings, load_settings
from bot.logs import RedactSecrets, redact, secret_forms


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No variable from the developer's shell, and no .env in the working directory."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_poll_the_real_bot_api() -> None:
    """Without any setting: no token, api.telegram.org, polling, port 8443."""
    settings = load_settings()
    assert settings.token() is None
    assert settings.api_url() == "https://api.telegram.org/bot{token}"
    assert settings.webhook_url is None and settings.webhook_port == 8443
    assert settings.webhook_listen == "127.0.0.1" and settings.admin_user_ids == ()


def test_env_file_is_read(tmp_path: Path) -> None:
    """Values come from .env in the working directory; blank ones count as unset."""
    (tmp_path / ".env").write_text(
        f"TELEGRAM_BOT_TOKEN={BOT_TOKEN}\n"
        "ADMIN_USER_IDS=1, 22 ,333\nWEBHOOK_URL=\nLOG_LEVEL=debug\n"
    )
    settings = load_settings()
    assert settings.token() == BOT_TOKEN
    assert settings.admin_user_ids == (1, 22, 333)
    assert settings.webhook_url is None and settings.log_level == "DEBUG"


def test_env_example_documents_every_setting() -> None:
    """.env.example names each setting, and loads as valid settings."""
    example = Path(__file__).resolve().parent.parent / ".env.example"
    text = example.read_text()
    for name in SETTINGS:
        assert f"\n{name}=" in text
    Settings(_env_file=example)  # type: ignore[call-arg]


def test_limits_default_to_twenty_a_minute_and_ten_seconds() -> None:
    """By default a user gets 20 answers a minute, and each Bot API call 10 s to answer."""
    settings = load_settings()
    assert (settings.rate_limit_per_minute, settings.telegram_timeout) == (20, 10.0)


def test_question_log_and_store_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default: the repository's store, questions.sqlite3 here, no users, 90 days."""
    settings = load_settings()
    assert settings.fact_store_root == Path(__file__).resolve().parent.parent
    assert settings.question_log_path == Path("questions.sqlite3")
    assert (settings.question_log_users, settings.question_log_retention_days) == (False, 90)
    monkeypatch.setenv("QUESTION_LOG_PATH", "")
    monkeypatch.setenv("FACT_STORE_ROOT", "")
    blank = load_settings()
    assert blank.question_log_path is None  # empty turns the log off
    assert blank.fact_store_root == settings.fact_store_root


@pytest.mark.parametrize("token", ["abc", "123:short", "123456:" + "a" * 29, ":" + "a" * 35])
def test_malformed_token_is_one_line_without_the_token(token: str) -> None:
    """A token not shaped like BotFather's is refused in one line that does not repeat it."""
    settings = load_settings(telegram_bot_token=SecretStr(token))
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is malformed") as info:
        settings.token()
    assert "\n" not in str(info.value) and token not in str(info.value)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ADMIN_USER_IDS", "12,bob", "ADMIN_USER_IDS: .*numeric Telegram user ids"),
        ("TELEGRAM_API_URL", "ftp://bot-api.example", "TELEGRAM_API_URL: .*http"),
        ("WEBHOOK_PORT", "https", "WEBHOOK_PORT: "),
        ("WEBHOOK_SECRET", "has spaces!", "WEBHOOK_SECRET: .*A-Z"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: .*DEBUG"),
        ("QUESTION_LOG_RETENTION_DAYS", "-7", "QUESTION_LOG_RETENTION_DAYS: .*greater than"),
        ("QUESTION_LOG_USERS", "perhaps", "QUESTION_LOG_USERS: .*boolean"),
        ("RATE_LIMIT_PER_MINUTE", "-1", "RATE_LIMIT_PER_MINUTE: .*greater than"),
        ("TELEGRAM_TIMEOUT", "-3", "TELEGRAM_TIMEOUT: .*greater than"),
        ("WEBHOOK_PORT", "99999", "WEBHOOK_PORT: .*less than or equal to 65535"),
        ("WEBHOOK_PORT", "0", "WEBHOOK_PORT: .*greater than or equal to 1"),
        ("FACT_STORE_ROOT", str(ROOT / "README.md"), "FACT_STORE_ROOT: .*folder .* not a file"),
    ],
)
def test_bad_setting_names_the_variable_not_the_value(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    """A bad value is reported by its variable's name and the rule, never echoing the value."""
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=message) as info:
        load_settings()
    assert value not in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("test_env", "url"),
    [
        (False, f"http://127.0.0.1:9/bot{BOT_TOKEN}"),
        (True, f"http://127.0.0.1:9/bot{BOT_TOKEN}/test"),
    ],
)
def test_application_calls_the_configured_server(
    answerer: object, test_env: bool, url: str
) -> None:
    """The bot calls {TELEGRAM_API_URL}/bot<token>[/test]/<method>."""
    settings = load_settings(
        telegram_bot_token=SecretStr(BOT_TOKEN),
        telegram_api_url="http://127.0.0.1:9/",
        telegram_test_env=test_env,
    )
    fake = FakeRequest(FakeTelegram())
    app = build_application(settings, answerer, request=fake, get_updates_request=fake)  # type: ignore[arg-type]
    assert app.bot.base_url == url
    assert app.bot.base_file_url == url.replace("/bot", "/file/bot")


def test_application_waits_telegram_timeout_for_each_call(answerer: object) -> None:
    """TELEGRAM_TIMEOUT bounds connecting, sending and reading, for sends and for polls."""
    settings = load_settings(telegram_bot_token=SecretStr(BOT_TOKEN), telegram_timeout=2.5)
    app = build_application(settings, answerer)  # type: ignore[arg-type]
    for request in (app.bot.request, app.bot._request[0]):  # sends, then getUpdates
        assert request.read_timeout == 2.5
        assert request._client.timeout.connect == 2.5  # type: ignore[attr-defined]


def test_log_records_never_show_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    """The redacting filter removes the token from messages, arguments and tracebacks."""
    logger = logging.getLogger("test.redact")
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets([BOT_TOKEN]))
    logger.addHandler(handler)
    try:
        logger.warning("calling https://api.telegram.org/bot%s/getMe", BOT_TOKEN)
        try:
            raise RuntimeError(f"failed: /bot{BOT_TOKEN}/sendMessage")
        except RuntimeError:
            logger.exception("request failed")
    finally:
        logger.removeHandler(handler)
    output = capsys.readouterr().err
    assert BOT_TOKEN not in output
    assert output.count("[TOKEN REDACTED]") == 2 and "RuntimeError: failed: /bot[TOKEN" in output


def test_the_secret_half_alone_and_other_cases_are_redacted_too() -> None:
    """The colon may come percent-encoded, the letters lowercased: none of the secret shows."""
    number, secret = BOT_TOKEN.split(":")
    assert redact(f"/bot{number}%3A{secret}/getMe", secret_forms(BOT_TOKEN)) == (
        f"/bot{number}%3A[TOKEN REDACTED]/getMe"
    )
    assert redact(f"bad request: /bot{BOT_TOKEN.lower()}/x", secret_forms(BOT_TOKEN)) == (
        "bad request: /bot[TOKEN REDACTED]/x"
    )
