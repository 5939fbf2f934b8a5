"""Webhook mode, end to end on loopback: a stand-in Bot API server, the bot as its own process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.offline import OfflineRequest

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:TEST-token"


class BotApi(ThreadingHTTPServer):
    """Answers Bot API calls on loopback like Telegram would (the offline answers)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api = OfflineRequest()
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: BotApi

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Type", "").startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            params = dict(parse_qsl(body.decode()))
        method = self.path.rsplit("/", 1)[-1]
        with self.server.lock:
            self.server.api.calls.append((method, params))
            result = self.server.api._answer(method, params)
        payload = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], Any], timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise TimeoutError("condition not met in time")


@pytest.fixture
def bot_api() -> Iterator[BotApi]:
    server = BotApi()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_webhook_answers_start_and_a_category_button(bot_api: BotApi, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{bot_api.server_address[1]}/bot",
        "TELEGRAM_FILE_BASE_URL": f"http://127.0.0.1:{bot_api.server_address[1]}/file/bot",
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram-hook",
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET_TOKEN": "s3cret-token",
        "BOT_DATA_DIR": str(tmp_path),
    }
    log = (tmp_path / "bot.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "main.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        hook = wait_for(lambda: next((p for m, p in bot_api.api.calls if m == "setWebhook"), None))
        assert hook["url"] == env["WEBHOOK_URL"] and hook["secret_token"] == "s3cret-token"

        def post(update: dict[str, Any], secret: str = "s3cret-token") -> int:
            request = urllib.request.Request(
                env["WEBHOOK_URL"],
                data=json.dumps(update).encode(),
                method="POST",
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": secret,
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return int(response.status)
            except urllib.error.HTTPError as error:
                return int(error.code)

        def wait_port() -> bool:
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0

        wait_for(wait_port)
        user = {"id": 5150, "is_bot": False, "first_name": "Test", "language_code": "fr"}
        chat = {"id": 5150, "type": "private"}
        start = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": chat,
                "from": user,
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        assert post(start, secret="wrong") == 403
        assert post(start) == 200
        welcome = wait_for(lambda: bot_api.api.sent)
        assert "Choisissez votre langue" in welcome[0].text
        press = {
            "update_id": 2,
            "callback_query": {
                "id": "77",
                "from": user,
                "chat_instance": "c",
                "data": "cat:optique",
                "message": {
                    "message_id": welcome[0].message_id,
                    "date": int(time.time()),
                    "chat": chat,
                    "text": welcome[0].text,
                },
            },
        }
        assert post(press) == 200
        edited = wait_for(lambda: [s for s in bot_api.api.sent if s.method == "editMessageText"])
        assert "La facture de l'opticien" in edited[0].text
        assert any(m == "answerCallbackQuery" for m, _ in bot_api.api.calls)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    assert "Traceback" not in (tmp_path / "bot.log").read_text(), (
        tmp_path / "bot.log"
    ).read_text()
