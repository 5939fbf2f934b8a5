"""An offline Bot API: answers python-telegram-bot's requests locally and records what was sent.

It serves the terminal chat, the `ask` command and the tests: the real Application runs unchanged,
only the HTTP transport is replaced.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

# Faults a test can queue for a method, each answered once in place of the real answer: what a
# real Bot API connection does on a bad day.
FAULTS: dict[str, tuple[int, dict[str, Any]] | type[Exception]] = {
    "timeout": TimedOut,
    "network": NetworkError,
    "500": (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}),
    "502": (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
    "429": (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
    ),
    "not_modified": (
        400,
        {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: message is not modified: specified new message content "
            "and reply markup are exactly the same as a current content and reply markup of the "
            "message",
        },
    ),
    "not_found": (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"},
    ),
}

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "MUPRAS",
    "username": "mupras_assistant_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Sent:
    """One message as the adherent sees it (sent, or edited in place)."""

    method: str
    chat_id: int
    message_id: int
    text: str
    buttons: list[list[dict[str, str]]] = field(default_factory=list)
    parse_mode: str | None = None
    filename: str | None = None  # a document sent (its caption is the text)
    document: bytes | None = None

    @property
    def button_texts(self) -> list[str]:
        return [button["text"] for row in self.buttons for button in row]

    def callback_data(self, label_part: str) -> str:
        """The callback data of the first button whose label contains this text."""
        for row in self.buttons:
            for button in row:
                if label_part in button["text"] and "callback_data" in button:
                    return button["callback_data"]
        raise LookupError(f"no button with {label_part!r} in {self.button_texts}")


class OfflineRequest(BaseRequest):
    """A Bot API that lives in memory: every call is recorded and answered like Telegram would."""

    def __init__(self, on_send: Callable[[Sent], None] | None = None) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[Sent] = []
        self.files: dict[str, bytes] = {}
        self.fail_methods: set[str] = set()
        self.faults: dict[str, list[str]] = {}  # method -> names of FAULTS, answered in turn
        self._texts: dict[tuple[int, int], str] = {}  # what each message says now
        self._message_ids = itertools.count(1000)
        self._on_send = on_send

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            file_path = url.rsplit("/", 1)[-1]
            data = self.files.get(file_path)
            return (200, data) if data is not None else (404, b"")
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((api_method, params))
        if api_method in self.fail_methods:
            body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
            return 500, json.dumps(body).encode()
        queued = self.faults.get(api_method)
        if queued:
            fault = FAULTS[queued.pop(0)]
            if isinstance(fault, tuple):
                return fault[0], json.dumps(fault[1]).encode()
            raise fault("injected fault")
        files = request_data.multipart_data if request_data else {}
        result = self._answer(api_method, params, files)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def inject(self, method: str, *faults: str) -> None:
        """Answer the next calls of this method with these faults (names of FAULTS), in turn."""
        unknown = set(faults) - set(FAULTS)
        if unknown:
            raise KeyError(unknown)
        self.faults.setdefault(method, []).extend(faults)

    def _answer(
        self, method: str, params: dict[str, Any], files: Mapping[str, Any] | None = None
    ) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            return self._message(method, params)
        if method == "sendDocument":
            return self._document(params, files or {})
        if method == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": file_id,
            }
        return True

    def _document(self, params: dict[str, Any], files: Mapping[str, Any]) -> dict[str, Any]:
        """sendDocument: recorded as a Sent with its file's name and bytes."""
        chat_id = int(params["chat_id"])
        message_id = next(self._message_ids)
        # The file is the "document" part, or the part its "attach://name" names.
        attached = str(params.get("document") or "document").removeprefix("attach://")
        name, content = "", b""
        if attached in files:
            name, content = files[attached][0], files[attached][1]
        if not isinstance(content, bytes):
            content = content.read()
        caption = str(params.get("caption") or "")
        sent = Sent(
            "sendDocument",
            chat_id,
            message_id,
            caption,
            [],
            params.get("parse_mode"),
            filename=name,
            document=content,
        )
        self.sent.append(sent)
        if self._on_send:
            self._on_send(sent)
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "caption": caption,
            "document": {
                "file_id": f"doc{message_id}",
                "file_unique_id": f"udoc{message_id}",
                "file_name": name,
                "mime_type": "application/pdf" if name.endswith(".pdf") else None,
                "file_size": len(content),
            },
        }

    def _message(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if method == "sendMessage":
            message_id = next(self._message_ids)
        else:
            message_id = int(params["message_id"])
        text = params.get("text") or self._texts.get((chat_id, message_id), "")
        self._texts[(chat_id, message_id)] = text
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        buttons = (markup or {}).get("inline_keyboard", [])
        sent = Sent(method, chat_id, message_id, text, buttons, params.get("parse_mode"))
        self.sent.append(sent)
        if self._on_send:
            self._on_send(sent)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        return message


@asynccontextmanager
async def running(
    application: Application,  # type: ignore[type-arg]
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Initialise and start an Application as run_polling does, without fetching updates: the
    tasks it creates (an album being read) are awaited, and post_shutdown runs at the end."""
    async with application:
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


class OfflineChat:
    """Builds updates from one adherent and feeds them to an Application, as Telegram would."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        request: OfflineRequest,
        *,
        user_id: int = 424242,
        first_name: str = "Adherent",
        language_code: str | None = None,
    ) -> None:
        self.application = application
        self.request = request
        self.user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            self.user["language_code"] = language_code
        self._ids = itertools.count(1)

    @property
    def chat(self) -> dict[str, Any]:
        return {"id": self.user["id"], "type": "private", "first_name": self.user["first_name"]}

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.user,
            **content,
        }

    async def feed(self, payload: dict[str, Any]) -> list[Sent]:
        """Process one update; returns what the bot sent or edited in answer."""
        before = len(self.request.sent)
        payload = {"update_id": next(self._ids), **payload}
        await self.application.process_update(Update.de_json(payload, self.application.bot))
        return self.request.sent[before:]

    async def send(self, text: str) -> list[Sent]:
        """The adherent types a message (a /command included)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.feed({"message": self._message(**content)})

    async def send_content(self, **content: Any) -> list[Sent]:
        """The adherent sends something else: a sticker, a photo, a location..."""
        return await self.feed({"message": self._message(**content)})

    async def press(self, message: Sent, data: str) -> list[Sent]:
        """The adherent presses an inline button of a message."""
        query = {
            "id": str(next(self._ids)),
            "from": self.user,
            "chat_instance": "offline",
            "data": data,
            "message": {
                "message_id": message.message_id,
                "date": int(time.time()),
                "chat": self.chat,
                "from": BOT_USER,
                "text": message.text,
                # Telegram sends the message's keyboard with the press.
                **(
                    {"reply_markup": {"inline_keyboard": message.buttons}}
                    if message.buttons
                    else {}
                ),
            },
        }
        return await self.feed({"callback_query": query})
