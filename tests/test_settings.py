"""Settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import TELEGRAM_API_BASE_URL, Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.token is None and settings.webhook_url is None
    assert settings.api_base_url == TELEGRAM_API_BASE_URL
    assert settings.data_dir == Path("data") and settings.webhook_port == 8443
    assert settings.webhook_listen == "0.0.0.0" and not settings.keep_images


def test_webhook_and_self_hosted_bot_api() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": "1:abc",
            "WEBHOOK_URL": "https://bot.example.test/hooks/mupras",
            "WEBHOOK_PORT": "9000",
            "WEBHOOK_SECRET_TOKEN": "s",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081",
            "TELEGRAM_FILE_BASE_URL": "http://127.0.0.1:8081/",
            "BOT_DATA_DIR": "/tmp/mupras",
            "KEEP_IMAGES": "1",
        }
    )
    assert settings.webhook_path == "hooks/mupras" and settings.webhook_port == 9000
    assert settings.api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.file_base_url == "http://127.0.0.1:8081/file/bot"
    assert settings.database_path == Path("/tmp/mupras/mupras.sqlite3") and settings.keep_images
    full = Settings.from_env({"TELEGRAM_API_BASE_URL": "http://api.test/custom/bot"})
    assert full.api_base_url == "http://api.test/custom/bot"


@pytest.mark.parametrize(
    "env",
    [
        {"WEBHOOK_PORT": "http"},
        {"WEBHOOK_PORT": "70000"},
        {"WEBHOOK_URL": "bot.example.test/hook"},
        {"TELEGRAM_API_BASE_URL": "localhost:8081"},
    ],
)
def test_bad_values_are_refused_with_their_name(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env(env)
