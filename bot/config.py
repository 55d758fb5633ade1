"""Settings read from the environment and .env: the token, the Bot API server, the mode, the
fact store, the question log and the limits."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.constants import TOKEN_PATTERN
from bot.inbox import DEFAULT_PATH as DEFAULT_INBOX
from knowledge.questionlog import DEFAULT_PATH as DEFAULT_QUESTION_LOG
from knowledge.store import DEFAULT_ROOT

DEFAULT_API_URL = "https://api.telegram.org"
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line a person can act on."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment; see .env.example."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_API_URL
    telegram_test_env: bool = False
    admin_user_ids: Annotated[tuple[int, ...], NoDecode] = ()
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"  # behind a TLS-terminating proxy on this machine
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    fact_store_root: Path = DEFAULT_ROOT
    question_log_path: Path | None = DEFAULT_QUESTION_LOG
    inbox_path: Path | None = DEFAULT_INBOX
    question_log_users: bool = False
    question_log_retention_days: int = Field(default=90, ge=0)
    rate_limit_per_minute: int = Field(default=20, ge=0)
    context_minutes: float = Field(default=10.0, ge=0, le=1440)
    telegram_timeout: float = Field(default=10.0, gt=0, le=600)

    @field_validator(
        "telegram_bot_token",
        "webhook_secret",
        "webhook_url",
        "question_log_path",
        "inbox_path",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        # `TELEGRAM_BOT_TOKEN=` in .env means "no token", not "an empty token";
        # `QUESTION_LOG_PATH=` means "no question log"; `INBOX_PATH=`, an inbox in memory only
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("fact_store_root", mode="before")
    @classmethod
    def _blank_is_the_repository(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return DEFAULT_ROOT
        return value

    @field_validator("fact_store_root")
    @classmethod
    def _a_folder(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError("must be the folder holding seeds/ and knowledge/, not a file")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET_PATTERN.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://, e.g. https://api.telegram.org")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_webhook(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be the public https:// address Telegram posts updates to")
        return value

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError("must be numeric Telegram user ids separated by commas")
            return tuple(int(part) for part in parts)
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level

    def token(self) -> str | None:
        """The bot token, None when unset; ConfigError when it is not shaped like one."""
        if self.telegram_bot_token is None:
            return None
        token = self.telegram_bot_token.get_secret_value()
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed: BotFather's tokens look like "
                "123456789:AAE... (digits, a colon, then 30 or more letters, digits, _ or -)"
            )
        return token

    def api_url(self) -> str:
        """The Bot API base URL python-telegram-bot formats with the token."""
        return f"{self.telegram_api_url}/bot{{token}}" + ("/test" if self.telegram_test_env else "")

    def file_url(self) -> str:
        """The Bot API file URL python-telegram-bot formats with the token."""
        test = "/test" if self.telegram_test_env else ""
        return f"{self.telegram_api_url}/file/bot{{token}}{test}"


def load_settings(**values: Any) -> Settings:
    """Settings from the environment (and .env), with any value given here taking precedence."""
    try:
        return Settings(**values)
    except UnicodeDecodeError as exc:  # the only file read is .env
        raise ConfigError(
            f".env is not valid UTF-8 (byte {exc.object[exc.start]:#04x} at position "
            f"{exc.start}): save it as UTF-8"
        ) from None
    except ValidationError as exc:
        # Never echo the input: a value may be a secret. Name the variable and the rule.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']).upper() or 'settings'}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False)
        )
        raise ConfigError(f"invalid settings: {problems}") from None
