"""Settings read from the environment, once, at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot.rulebook import DEFAULT_PATH

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_BASE_URL = "https://api.telegram.org/file/bot"


def _bot_api_url(value: str | None, default: str, path: str) -> str:
    """A Bot API server given by its address alone ("http://localhost:8081") gets the path the
    Bot API puts before the token; a full base URL is kept as it is."""
    if not value:
        return default
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https"):
        raise SettingsError(f"{value!r} is not an http(s) address")
    return value.rstrip("/") + path if parsed.path.strip("/") == "" else value


class SettingsError(ValueError):
    """A setting has a value the bot cannot use."""


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

        retention = get("RETENTION_MONTHS") or "12"
        if not retention.isdigit() or not 1 <= int(retention) <= 120:
            raise SettingsError(
                f"RETENTION_MONTHS must be a number of months (1 to 120), not {retention!r}"
            )
        rate = get("TELEGRAM_RATE_LIMIT") or "30"
        try:
            rate_limit = float(rate)
        except ValueError:
            rate_limit = -1
        if not 0 <= rate_limit <= 1000:
            raise SettingsError(
                f"TELEGRAM_RATE_LIMIT must be messages per second (0 for none), not {rate!r}"
            )
        port = get("WEBHOOK_PORT") or "8443"
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise SettingsError(f"WEBHOOK_PORT must be a port number, not {port!r}")
        webhook_url = get("WEBHOOK_URL")
        if webhook_url and urlparse(webhook_url).scheme not in ("http", "https"):
            raise SettingsError("WEBHOOK_URL must start with https:// (or http:// for a test)")
        return cls(
            token=get("TELEGRAM_BOT_TOKEN"),
            data_dir=Path(get("BOT_DATA_DIR") or "data"),
            rulebook_path=Path(get("RULEBOOK_PATH") or DEFAULT_PATH),
            api_base_url=_bot_api_url(get("TELEGRAM_API_BASE_URL"), TELEGRAM_API_BASE_URL, "/bot"),
            file_base_url=_bot_api_url(
                get("TELEGRAM_FILE_BASE_URL"), TELEGRAM_FILE_BASE_URL, "/file/bot"
            ),
            webhook_url=webhook_url,
            webhook_listen=get("WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=int(port),
            webhook_secret_token=get("WEBHOOK_SECRET_TOKEN"),
            keep_images=(get("KEEP_IMAGES") or "0").lower() in ("1", "true", "yes", "oui"),
            log_level=(get("LOG_LEVEL") or "INFO").upper(),
            recognition_workers=max(1, int(get("RECOGNITION_WORKERS") or "1")),
            retention_months=int(retention),
            rate_limit=rate_limit,
        )
