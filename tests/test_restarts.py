"""kill -9 and restart, for real: main.py in webhook mode against a stand-in Bot API on loopback,
killed mid-dialog and mid-album, started again on the same data folder."""

from __future__ import annotations

import io
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.botapi import (
    ROOT,
    BotApi,
    WebhookBot,
    free_port,
    message_update,
    press_update,
    serving,
    wait_for,
    webhook_env,
)
from tests.synthetic_docs import make_photo

pytestmark = pytest.mark.slow  # its own processes, or real OCR on many pages

USER = {"id": 8801, "is_bot": False, "first_name": "Test", "language_code": "fr"}


class Bot:
    """main.py as its own process, which a test can kill -9 and start again."""

    def __init__(self, bot_api: BotApi, data_dir: Path, log: Path) -> None:
        self.api = bot_api
        self.port = free_port()
        self.env = webhook_env(bot_api, data_dir, self.port)
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.updates = 0

    def start(self) -> WebhookBot:
        hooks = sum(1 for m, _ in self.api.api.calls if m == "setWebhook")
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "main.py"], cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        wait_for(lambda: sum(1 for m, _ in self.api.api.calls if m == "setWebhook") > hooks)
        hook = WebhookBot(self.env["WEBHOOK_URL"], self.port)
        wait_for(hook.listening)
        return hook

    def kill(self) -> None:
        """kill -9: no shutdown, no flush, nothing. Its OCR workers must not outlive it."""
        assert self.process is not None
        children = _children(self.process.pid)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in children), 10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def say(self, hook: WebhookBot, text: str) -> None:
        self.updates += 1
        assert hook.post(message_update(self.updates, USER, text)) == 200

    def press(self, hook: WebhookBot, data: str, message_id: int) -> None:
        self.updates += 1
        assert hook.post(press_update(self.updates, USER, data, message_id, "…")) == 200

    def photo(self, hook: WebhookBot, jpeg: bytes, album: str, n: int) -> None:
        self.updates += 1
        file_id = f"album-photo-{n}"
        self.api.api.files[file_id] = jpeg
        with Image.open(io.BytesIO(jpeg)) as image:
            width, height = image.size
        size = {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "width": width,
            "height": height,
            "file_size": len(jpeg),
        }
        message = message_update(self.updates, USER, "")["message"]
        del message["text"]
        message.update(photo=[size], media_group_id=album)
        assert hook.post({"update_id": self.updates, "message": message}) == 200

    def reply(self, needle: str, timeout: float = 60) -> Any:
        return wait_for(
            lambda: next((s for s in self.api.api.sent if needle in s.text), None), timeout
        )


def _children(pid: int) -> list[int]:
    """The processes this one started (Linux: /proc/<pid>/task/*/children)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


@contextmanager
def bot(tmp_path: Path) -> Iterator[Bot]:
    with serving() as bot_api:
        running = Bot(bot_api, tmp_path / "data", tmp_path / "bot.log")
        try:
            yield running
        finally:
            running.stop()
    assert "Traceback" not in running.log.read_text(), running.log.read_text()


def onboard(running: Bot, hook: WebhookBot) -> None:
    running.say(hook, "/start")
    welcome = running.reply("Choisissez votre langue")
    running.press(hook, "lang:fr", welcome.message_id)
    consent = running.reply("Acceptez-vous")
    running.press(hook, "consent:yes:fr", consent.message_id)
    running.reply("Vos dossiers sont maintenant suivis")


def test_killed_mid_dialog_the_step_is_kept(tmp_path: Path) -> None:
    with bot(tmp_path) as running:
        hook = running.start()
        onboard(running, hook)
        running.say(hook, "/newclaim")
        who = running.reply("Pour qui sont les soins")
        running.press(hook, "who:spouse", who.message_id)
        running.reply("prénom de votre conjoint")
        running.kill()  # right after the answer: within what a 5-second flush would lose
        hook = running.start()
        running.say(hook, "Samirette")
        categories = running.reply("Pour quel type de soins")
        running.press(hook, "ncat:optique", categories.message_id)
        running.reply("Samirette")


def test_killed_mid_album_the_album_is_read_after_the_restart(tmp_path: Path) -> None:
    photos = [make_photo(kind, seed).jpeg for kind, seed in (("facture", 41), ("ordonnance", 42))]
    with bot(tmp_path) as running:
        hook = running.start()
        onboard(running, hook)
        # Killed before the album is complete and read (1.5 s without a new photo).
        for n, jpeg in enumerate(photos, start=1):
            running.photo(hook, jpeg, "album-k1", n)
        running.kill()
        assert not any("Je lis" in s.text for s in running.api.api.sent)
        hook = running.start()
        answer = running.reply("J'ai lu ces 2 documents", timeout=120)
        assert "Facture" in answer.text and "Ordonnance" in answer.text
        # Killed while the album is being read: the "I am reading" message becomes the answer.
        for n, jpeg in enumerate(photos, start=3):
            running.photo(hook, jpeg, "album-k2", n)
        reading = running.reply("Je lis vos 2 documents")
        assert _children(running.process.pid)  # type: ignore[union-attr]  # the OCR workers
        running.kill()
        hook = running.start()
        second = wait_for(
            lambda: next(
                (
                    s
                    for s in running.api.api.sent
                    if s.message_id == reading.message_id and "J'ai lu ces 2 documents" in s.text
                ),
                None,
            ),
            120,
        )
        assert "Facture" in second.text and "Ordonnance" in second.text, second.text
        # Read once each: four documents, in the dossier the first album opened.
        running.say(hook, "/status")
        running.reply("Vos dossiers")
    database = sqlite3.connect(tmp_path / "data" / "mupras.sqlite3")
    files = [row[0] for row in database.execute("SELECT file_id FROM documents ORDER BY id")]
    assert files == [f"album-photo-{n}" for n in (1, 2, 3, 4)]  # each read once, none lost
    assert database.execute("SELECT COUNT(*) FROM pending").fetchone()[0] == 0
    database.close()


def test_polling_confirms_an_update_only_once_it_is_handled(tmp_path: Path) -> None:
    """Long polling: the offset that tells Telegram an update arrived is asked for only after
    the update was answered, so a kill -9 in between makes Telegram send it again."""
    with serving() as bot_api:
        env = {
            k: v
            for k, v in webhook_env(bot_api, tmp_path / "data", free_port()).items()
            if not k.startswith("WEBHOOK_")
        }
        bot_api.updates += [
            message_update(1, USER, "/start"),
            message_update(2, USER, "que joindre pour la kiné ?"),
        ]
        log = (tmp_path / "bot.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "main.py"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            wait_for(lambda: any(o == 3 for o, _ in bot_api.polls))
            calls = [(m, p) for m, p in bot_api.api.calls if m in ("sendMessage", "getUpdates")]
            sent = [i for i, (m, _) in enumerate(calls) if m == "sendMessage"]
            confirmed = next(i for i, (m, p) in enumerate(calls) if p.get("offset") == 3)
            assert len(sent) == 2 and sent[-1] < confirmed, calls
            assert "Rééducation" in bot_api.api.sent[-1].text
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=20)
            log.close()
    assert process.returncode == 0
    assert "Traceback" not in (tmp_path / "bot.log").read_text()


def test_the_log_names_nobody(tmp_path: Path) -> None:
    """After a session with photos and a restart, the log (INFO) has not the person's id."""
    with bot(tmp_path) as running:
        hook = running.start()
        onboard(running, hook)
        running.photo(hook, make_photo("facture", 43).jpeg, "album-n", 1)
        running.kill()
        running.start()
        running.reply("J'ai lu", timeout=120)
    log = running.log.read_text()
    assert "Added job" in log  # the scheduler does log its jobs
    assert str(USER["id"]) not in log
