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
    ("env", "shown"),
    [
        ({"WEBHOOK_PORT": "http"}, "'http'"),
        ({"WEBHOOK_PORT": "70000"}, "'70000'"),
        ({"WEBHOOK_PORT": "٨٤٤٣"}, "'٨٤٤٣'"),
        ({"WEBHOOK_URL": "bot.example.test/hook"}, "'bot.example.test/hook'"),
        ({"WEBHOOK_URL": "https://"}, "'https://'"),
        ({"WEBHOOK_LISTEN": "every interface"}, "'every interface'"),
        ({"TELEGRAM_API_BASE_URL": "localhost:8081"}, "'localhost:8081'"),
        ({"TELEGRAM_FILE_BASE_URL": "ftp://files.test"}, "'ftp://files.test'"),
        ({"LOG_LEVEL": "LOUD"}, "'LOUD'"),
        ({"LOG_LEVEL": "warn"}, "'warn'"),
        ({"RECOGNITION_WORKERS": "abc"}, "'abc'"),
        ({"RECOGNITION_WORKERS": "0"}, "'0'"),
        ({"RECOGNITION_WORKERS": "-2"}, "'-2'"),
        ({"RECOGNITION_WORKERS": "500"}, "'500'"),
        ({"KEEP_IMAGES": "peut-être"}, "'peut-être'"),
        ({"KEEP_IMAGES": "2"}, "'2'"),
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, None),
        ({"WEBHOOK_SECRET_TOKEN": "with spaces"}, None),
    ],
)
def test_bad_values_are_refused_with_their_name(env: dict[str, str], shown: str | None) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    [(name, value)] = env.items()
    message = str(refused.value)
    assert name in message and "\n" not in message
    if shown is None:  # a secret: named, never shown
        assert value not in message
    else:
        assert shown in message


def test_accepted_words() -> None:
    for word in ("1", "true", "YES", "on", "Oui"):
        assert Settings.from_env({"KEEP_IMAGES": word}).keep_images
    for word in ("0", "false", "No", "off", "non", ""):
        assert not Settings.from_env({"KEEP_IMAGES": word}).keep_images
    for level in ("debug", "Info", "WARNING", "error", "critical"):
        assert Settings.from_env({"LOG_LEVEL": level}).log_level == level.upper()
    assert Settings.from_env({"RECOGNITION_WORKERS": " 4 "}).recognition_workers == 4
    assert Settings.from_env({"WEBHOOK_LISTEN": "::"}).webhook_listen == "::"
    assert Settings.from_env({"WEBHOOK_LISTEN": "bot-host.local"}).webhook_listen
    assert Settings.from_env({"WEBHOOK_SECRET_TOKEN": "A-z_09"}).webhook_secret_token
