"""Webhook mode, end to end on loopback: a stand-in Bot API server, the bot as its own process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.botapi import (
    SECRET,
    BotApi,
    free_port,
    message_update,
    press_update,
    serving,
    wait_for,
    webhook_bot,
    webhook_env,
)

pytestmark = pytest.mark.slow  # its own processes, or real OCR on many pages


@pytest.fixture
def bot_api() -> Iterator[BotApi]:
    with serving() as server:
        yield server


def test_webhook_answers_start_and_a_category_button(bot_api: BotApi, tmp_path: Path) -> None:
    env = webhook_env(bot_api, tmp_path, free_port())
    log = tmp_path / "bot.log"
    with webhook_bot(bot_api, env, log) as bot:
        hook = next(p for m, p in bot_api.api.calls if m == "setWebhook")
        assert hook["url"] == env["WEBHOOK_URL"] and hook["secret_token"] == SECRET
        user = {"id": 5150, "is_bot": False, "first_name": "Test", "language_code": "fr"}
        start = message_update(1, user, "/start")
        assert bot.post(start, secret="wrong") == 403
        assert bot.post(start) == 200
        welcome = wait_for(lambda: bot_api.api.sent)
        assert "Choisissez votre langue" in welcome[0].text
        press = press_update(2, user, "cat:optique", welcome[0].message_id, welcome[0].text)
        assert bot.post(press) == 200
        edited = wait_for(lambda: [s for s in bot_api.api.sent if s.method == "editMessageText"])
        assert "La facture de l'opticien" in edited[0].text
        assert any(m == "answerCallbackQuery" for m, _ in bot_api.api.calls)
    assert "Traceback" not in log.read_text(), log.read_text()
