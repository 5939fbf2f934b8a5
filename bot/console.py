"""The bot without Telegram: a terminal chat and the one-shot `ask` command, same handlers."""

from __future__ import annotations

import asyncio
import dataclasses
import html
import io
import json
import mimetypes
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from PIL import Image

from bot.app import build_application, freeze_startup
from bot.language import resolve_language
from bot.offline import OfflineChat, OfflineRequest, Sent, running
from bot.settings import Settings

_TAG = re.compile(r"<[^>]+>")
FILE_COMMANDS = ("/fichier", "/file", "/ملف")  # the terminal chat's own: send a file from disk
_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"))


def plain(text: str) -> str:
    """What a person reads: no HTML tags or entities, no invisible direction marks."""
    return html.unescape(_TAG.sub("", text)).translate(_ISOLATES)


def reply_text(sent: Sequence[Sent]) -> str:
    """The messages of one answer as text, each button shown as [label]."""
    blocks = []
    for message in sent:
        block = plain(message.text)
        labels = [plain(label) for label in message.button_texts]
        if labels:
            block += "\n" + "  ".join(f"[{label}]" for label in labels)
        blocks.append(block)
    return "\n\n".join(blocks)


class TerminalChat:
    """A chat in the terminal: the bot's messages printed, its buttons numbered."""

    def __init__(self, settings: Settings, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.request = OfflineRequest(on_send=self._show)
        self.application = build_application(settings, request=self.request)
        self.chat = OfflineChat(self.application, self.request, first_name="Vous")
        self.buttons: list[tuple[Sent, str]] = []
        self._files = 0

    def _show(self, sent: Sent) -> None:
        edited = " (modifié · معدل)" if sent.method != "sendMessage" else ""
        print(f"\n🤖 MUPRAS{edited}\n{plain(sent.text)}", file=self.out)
        if sent.filename is not None:  # a document: its name and size, not its bytes
            size = len(sent.document or b"") // 1024
            print(f"📎 {sent.filename} ({size} ko)", file=self.out)
        if sent.buttons:
            self.buttons = []
            for row in sent.buttons:
                labels = []
                for entry in row:
                    if "callback_data" in entry:
                        self.buttons.append((sent, entry["callback_data"]))
                        labels.append(f"[{len(self.buttons)}] {plain(entry['text'])}")
                print("   ".join(labels), file=self.out)
        self.out.flush()

    async def handle(self, line: str) -> None:
        """A typed line: a number presses that button, "/fichier PATH" sends that file (a photo,
        an image or a PDF, as Telegram would), anything else is a message."""
        line = line.strip()
        if not line:
            return
        command, _, argument = line.partition(" ")
        if line.isdigit() and 0 < int(line) <= len(self.buttons):
            message, data = self.buttons[int(line) - 1]
            await self.chat.press(message, data)
        elif command in FILE_COMMANDS and argument.strip():
            await self.send_file(Path(argument.strip().strip("'\"")).expanduser())
        else:
            await self.chat.send(line)
        await self.application.update_persistence()

    async def send_file(self, path: Path) -> None:
        """The file at this path, sent by the adherent: a JPEG or PNG as a photo, anything else
        as a document (the bot says what it can read)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"⚠️ {path}: {exc.strerror or exc}", file=self.out)
            return
        self._files += 1
        file_id = f"terminal-file-{self._files}"
        self.request.files[file_id] = data
        ids = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(data)}
        suffix = path.suffix.lower()
        if suffix in (".jpg", ".jpeg", ".png"):
            try:
                with Image.open(io.BytesIO(data)) as image:
                    width, height = image.size
            except (OSError, ValueError):
                width = height = 0
            await self.chat.send_content(photo=[{**ids, "width": width, "height": height}])
        else:
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            document = {**ids, "file_name": path.name, "mime_type": mime}
            await self.chat.send_content(document=document)

    async def settle(self, seconds: float = 120) -> None:
        """Wait until every file sent has been read and answered (a script's last line)."""
        storage = self.application.bot_data["services"].storage
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while storage.pending_batches() and loop.time() < deadline:
            await asyncio.sleep(0.2)

    async def run(self, lines: Iterable[str] | None = None) -> None:
        print(
            "MUPRAS — discussion dans le terminal (sans Telegram). Tapez un message, le numéro "
            "d'un bouton, ou /fichier suivi du chemin d'une photo ou d'un PDF ; Ctrl-D pour "
            "quitter.\n"
            "محادثة في الطرفية (بدون تيليغرام). اكتب رسالة أو رقم زر أو /fichier متبوعا بمسار "
            "صورة أو ملف PDF؛ Ctrl-D للخروج.",
            file=self.out,
        )
        async with running(self.application):
            if lines is not None:
                for line in lines:
                    print(f"\n👤 {line}", file=self.out)
                    await self.handle(line)
                await self.settle()
                return
            await self.handle("/start")
            loop = asyncio.get_running_loop()
            while True:
                try:
                    line = await loop.run_in_executor(None, input, "\n👤 ")
                except EOFError:
                    break
                await self.handle(line)
            await self.settle()  # a file sent just before Ctrl-D is still answered


async def ask(settings: Settings, messages: Iterable[str]) -> list[dict[str, Any]]:
    """Answer each message as a brand-new adherent would be answered."""
    answers = []
    with tempfile.TemporaryDirectory(prefix="mupras-ask-") as tmp:
        settings = dataclasses.replace(settings, data_dir=Path(tmp))
        request = OfflineRequest()
        application = build_application(settings, request=request)
        freeze_startup()
        understander = application.bot_data["services"].understander
        async with running(application):
            for n, message in enumerate(messages):
                if not message.strip():
                    continue
                chat = OfflineChat(application, request, user_id=900_000_000 + n)
                sent = await chat.send(message)
                understood = understander.understand(message)
                answers.append(
                    {
                        "message": message,
                        "language": resolve_language(message),
                        "intent": str(understood.intent),
                        "value": understood.value,
                        "reply": reply_text(sent),
                        "buttons": [plain(label) for s in sent for label in s.button_texts],
                    }
                )
    return answers


def print_answers(answers: Sequence[dict[str, Any]], *, as_json: bool, out: TextIO) -> None:
    for answer in answers:
        if as_json:
            print(json.dumps(answer, ensure_ascii=False), file=out)
        else:
            print(f"👤 {answer['message']}\n🤖 {answer['reply']}\n", file=out)
