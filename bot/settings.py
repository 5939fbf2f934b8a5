"""Settings read from the environment, once, at start-up."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot.rulebook import DEFAULT_PATH
from bot.transport import BACKOFF

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_BASE_URL = "https://api.telegram.org/file/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MAX_RECOGNITION_WORKERS = 16  # one tesseract engine each, about 150 MB
TRUE_WORDS = ("1", "true", "yes", "on", "oui")
FALSE_WORDS = ("0", "false", "no", "off", "non")
_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts in setWebhook
_HOST = re.compile(
    r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
)


class SettingsError(ValueError):
    """A setting has a value the bot cannot use."""


def _http_url(name: str, value: str, hint: str = "an http(s) address") -> str:
    """An http:// or https:// URL with a host, or a SettingsError naming the variable."""
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"{name} must be {hint}, not {value!r}")
    return value


def _bot_api_url(name: str, value: str | None, default: str, path: str) -> str:
    """A Bot API server given by its address alone ("http://localhost:8081") gets the path the
    Bot API puts before the token; a full base URL is kept as it is."""
    if not value:
        return default
    _http_url(name, value, "an http(s) address such as http://localhost:8081")
    return value.rstrip("/") + path if urlparse(value).path.strip("/") == "" else value


def _log_level(value: str | None) -> str:
    """LOG_LEVEL: one of the five level names, any case."""
    level = (value or "INFO").upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return level


def _workers(value: str | None) -> int:
    """RECOGNITION_WORKERS: a whole number of OCR processes, 1 to 16."""
    text = value or "1"
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_RECOGNITION_WORKERS:
        raise SettingsError(
            f"RECOGNITION_WORKERS must be a whole number from 1 to {MAX_RECOGNITION_WORKERS}, "
            f"not {value!r}"
        )
    return int(text)


def _port(value: str | None) -> int:
    """WEBHOOK_PORT: a TCP port number."""
    text = value or "8443"
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 65536:
        raise SettingsError(f"WEBHOOK_PORT must be a port number (1 to 65535), not {value!r}")
    return int(text)


def _boolean(name: str, value: str | None, default: bool) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no, on/off, oui/non, any case."""
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise SettingsError(
        f"{name} must be 1 or 0 (or {'/'.join(TRUE_WORDS[1:])} / {'/'.join(FALSE_WORDS[1:])}),"
        f" not {value!r}"
    )


def _retention(value: str | None) -> int:
    """RETENTION_MONTHS: how long an unchanged dossier is kept, 1 to 120 months."""
    text = value or "12"
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 120:
        raise SettingsError(
            f"RETENTION_MONTHS must be a number of months (1 to 120), not {text!r}"
        )
    return int(text)


def _rate_limit(value: str | None) -> float:
    """TELEGRAM_RATE_LIMIT: messages per second to the Bot API (0: python-telegram-bot's
    AIORateLimiter lets everything through at once, for a benchmark)."""
    text = value or "30"
    try:
        rate = float(text)
    except ValueError:
        rate = -1
    if not 0 <= rate <= 1000:
        raise SettingsError(
            f"TELEGRAM_RATE_LIMIT must be messages per second (0 for none), not {text!r}"
        )
    return rate


def _listen(value: str | None) -> str:
    """WEBHOOK_LISTEN: an IPv4 or IPv6 address, or a host name."""
    address = value or "0.0.0.0"
    try:
        ipaddress.ip_address(address)
    except ValueError:
        if not _HOST.fullmatch(address):
            raise SettingsError(
                f"WEBHOOK_LISTEN must be an IP address or a host name, not {value!r}"
            ) from None
    return address


def _token(value: str | None) -> str | None:
    """TELEGRAM_BOT_TOKEN: shaped as @BotFather gives it; the message never shows it."""
    if value is not None and not _TOKEN.fullmatch(value):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, "
            "digits, - or _, as @BotFather gives it)"
        )
    return value


def _secret_token(value: str | None) -> str | None:
    """WEBHOOK_SECRET_TOKEN: what Telegram accepts; the message never shows it."""
    if value is not None and not _SECRET_TOKEN.fullmatch(value):
        raise SettingsError(
            "WEBHOOK_SECRET_TOKEN must be 1 to 256 letters, digits, - or _ (its value, not shown"
            f" here, has {len(value)} characters)"
        )
    return value


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    data_dir: Path = Path("data")
    rulebook_path: Path = DEFAULT_PATH
    api_base_url: str = TELEGRAM_API_BASE_URL
    file_base_url: str = TELEGRAM_FILE_BASE_URL
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret_token: str | None = None
    keep_images: bool = False
    log_level: str = "INFO"
    album_wait: float = 1.5  # seconds without a new photo before an album is read
    recognition_workers: int = 1
    retention_months: int = 12  # a dossier unchanged this long is erased with its documents
    rate_limit: float = 30  # messages per second to the Bot API (Telegram's limit); 0: none
    retry_backoff: float = BACKOFF  # seconds before a failed Bot API call's first retry
    reminders: bool = True  # REMINDERS=0: no deadline reminder is sent to anyone

    @property
    def database_path(self) -> Path:
        return self.data_dir / "mupras.sqlite3"

    @property
    def old_persistence_path(self) -> Path:
        """The first version's dialog state, a pickle: erased at start-up (it kept the id of
        everyone who ever wrote)."""
        return self.data_dir / "conversations.pickle"

    @property
    def images_dir(self) -> Path:
        return self.data_dir / "images"

    @property
    def webhook_path(self) -> str:
        """The path the webhook listens on: the path of WEBHOOK_URL."""
        return urlparse(self.webhook_url or "").path.strip("/")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from environment variables (see the README's table)."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        webhook_url = get("WEBHOOK_URL")
        if webhook_url:
            _http_url("WEBHOOK_URL", webhook_url, "an https:// address (or http:// for a test)")
        return cls(
            token=_token(get("TELEGRAM_BOT_TOKEN")),
            data_dir=Path(get("BOT_DATA_DIR") or "data"),
            rulebook_path=Path(get("RULEBOOK_PATH") or DEFAULT_PATH),
            api_base_url=_bot_api_url(
                "TELEGRAM_API_BASE_URL",
                get("TELEGRAM_API_BASE_URL"),
                TELEGRAM_API_BASE_URL,
                "/bot",
            ),
            file_base_url=_bot_api_url(
                "TELEGRAM_FILE_BASE_URL",
                get("TELEGRAM_FILE_BASE_URL"),
                TELEGRAM_FILE_BASE_URL,
                "/file/bot",
            ),
            webhook_url=webhook_url,
            webhook_listen=_listen(get("WEBHOOK_LISTEN")),
            webhook_port=_port(get("WEBHOOK_PORT")),
            webhook_secret_token=_secret_token(get("WEBHOOK_SECRET_TOKEN")),
            keep_images=_boolean("KEEP_IMAGES", get("KEEP_IMAGES"), False),
            log_level=_log_level(get("LOG_LEVEL")),
            recognition_workers=_workers(get("RECOGNITION_WORKERS")),
            retention_months=_retention(get("RETENTION_MONTHS")),
            rate_limit=_rate_limit(get("TELEGRAM_RATE_LIMIT")),
            reminders=_boolean("REMINDERS", get("REMINDERS"), True),
        )
