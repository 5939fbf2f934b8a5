"""A stand-in Bot API server on loopback, and main.py run as its own process in webhook mode."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from bot.offline import OfflineRequest

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:TEST-token"
SECRET = "s3cret-token"


class BotApi(ThreadingHTTPServer):
    """Answers Bot API calls on loopback like Telegram would (the offline answers)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api = OfflineRequest()
        self.lock = threading.Lock()

        self.updates: list[dict[str, Any]] = []  # for long polling: what getUpdates serves
        self.polls: list[tuple[int, float]] = []  # (offset asked, when)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def poll(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """getUpdates: the updates from the offset on (confirming those before it), waiting a
        little when there are none, as a long poll does."""
        offset = int(params.get("offset") or 0)
        with self.lock:
            self.polls.append((offset, time.monotonic()))
            self.api.calls.append(("getUpdates", {"offset": offset}))
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self.lock:
                ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            time.sleep(0.05)


class _Handler(BaseHTTPRequestHandler):
    server: BotApi

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Type", "").startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            params = dict(parse_qsl(body.decode()))
        method = self.path.rsplit("/", 1)[-1]
        if method == "getUpdates":
            result: Any = self.server.poll(params)
        else:
            with self.server.lock:
                self.server.api.calls.append((method, params))
                result = self.server.api._answer(method, params)
        payload = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        """A file download (/file/bot<token>/<path>): the bytes registered in api.files."""
        data = self.server.api.files.get(self.path.rsplit("/", 1)[-1])
        self.send_response(200 if data is not None else 404)
        self.send_header("Content-Length", str(len(data or b"")))
        self.end_headers()
        self.wfile.write(data or b"")

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


@contextmanager
def serving() -> Iterator[BotApi]:
    """A stand-in Bot API answering on a free loopback port while the block runs."""
    server = BotApi()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def webhook_env(bot_api: BotApi, data_dir: Path, port: int, **extra: str) -> dict[str, str]:
    """The environment of main.py in webhook mode against the stand-in, on loopback."""
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{bot_api.url}/bot",
        "TELEGRAM_FILE_BASE_URL": f"{bot_api.url}/file/bot",
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram-hook",
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET_TOKEN": SECRET,
        "BOT_DATA_DIR": str(data_dir),
        **extra,
    }


class WebhookBot:
    """main.py in webhook mode: post updates to it as Telegram would."""

    def __init__(self, url: str, port: int) -> None:
        self.url = url
        self.port = port

    def post(self, update: Mapping[str, Any], secret: str = SECRET) -> int:
        request = urllib.request.Request(
            self.url,
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

    def listening(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0


@contextmanager
def webhook_bot(
    bot_api: BotApi,
    env: Mapping[str, str],
    log_path: Path,
    command: tuple[str, ...] = ("main.py",),
) -> Iterator[WebhookBot]:
    """Run main.py (or another command) with `env`, its output in `log_path`; stop it with
    SIGINT, as Ctrl-C would, when the block ends."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, *command],
            cwd=ROOT,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: any(m == "setWebhook" for m, _ in bot_api.api.calls))
            bot = WebhookBot(env["WEBHOOK_URL"], int(env["WEBHOOK_PORT"]))
            wait_for(bot.listening)
            yield bot
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def message_update(update_id: int, user: Mapping[str, Any], text: str) -> dict[str, Any]:
    """A private text message from `user`, a /command marked as one."""
    update: dict[str, Any] = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user["id"], "type": "private"},
            "from": dict(user),
            "text": text,
        },
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return update


def press_update(
    update_id: int, user: Mapping[str, Any], data: str, message_id: int, text: str
) -> dict[str, Any]:
    """A press on a button of the bot's message `message_id`."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": dict(user),
            "chat_instance": "c",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": user["id"], "type": "private"},
                "text": text,
            },
        },
    }
