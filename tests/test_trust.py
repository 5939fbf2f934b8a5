"""Trust: nothing leaked in groups or after /forget, nothing lost or doubled on faults and taps,
every message within Telegram's limits. The real Application, a real SQLite file."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.console import plain
from bot.offline import BOT_USER, OfflineChat, OfflineRequest, Sent, running
from bot.settings import Settings
from bot.storage import Storage
from dialogs.render import length
from tests.conftest import onboard
from tests.disk import traces
from tests.synthetic_docs import make_photo
from tests.test_documents import photo_message, wait_for_text

APOLOGY = "quelque chose s'est mal passé"


def group_message(chat: OfflineChat, group_id: int = -100555, **content: Any) -> dict[str, Any]:
    return {
        "message": {
            "message_id": int(time.time() * 1000) % 10**9,
            "date": int(time.time()),
            "chat": {"id": group_id, "type": "supergroup", "title": "Famille"},
            "from": chat.user,
            **content,
        }
    }


def command(text: str) -> dict[str, Any]:
    return {
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }


async def child_dossier(chat: OfflineChat, name: str, care: str = "reeducation") -> Sent:
    [who] = await chat.send("/newclaim")
    [_ask_name] = await chat.press(who, "who:child")
    [categories] = await chat.send(name)
    [checklist] = await chat.press(categories, f"ncat:{care}")
    return await answered(chat, checklist)


async def answered(chat: OfflineChat, checklist: Sent) -> Sent:
    """Answer a checklist's questions (agreement asked in time, no accident): its ticks show."""
    while "❓" in checklist.text:
        labels = checklist.button_texts
        preferred = ("Oui, avant", "نعم، قبل البداية", "Non", "لا", labels[0])
        label = next(label for label in preferred if label in labels)
        [checklist] = await chat.press(checklist, checklist.callback_data(label))
    return checklist


# -- private chats only ---------------------------------------------------------------------------


async def test_in_a_group_nothing_of_anyone_is_shown(
    make_chat: Any, request_: OfflineRequest, settings: Settings
) -> None:
    chat = make_chat(user_id=6101)
    await onboard(chat, "fr")
    await child_dossier(chat, "Yasminelle")
    before = len(request_.sent)
    for content in (
        command("/status"),
        command("/privacy"),
        command("/newclaim"),
        command("/start"),
        {"text": "@mupras_assistant_bot que joindre pour la kiné ?"},
        photo_message(chat, make_photo("facture", 21).jpeg),
    ):
        await chat.feed(group_message(chat, **content))
    in_group = request_.sent[before:]
    assert len(in_group) == 6  # one line each, nothing else
    for sent in in_group:
        assert sent.chat_id == -100555
        assert "Je réponds seulement en privé" in sent.text and "المحادثة الخاصة" in sent.text
        assert "Yasminelle" not in sent.text and "Rééducation" not in sent.text
        [[link]] = sent.buttons
        assert link["url"] == f"https://t.me/{BOT_USER['username']}"
    # Chatter not meant for the bot, a channel post, a member joining: silence.
    await chat.feed(group_message(chat, text="bonjour tout le monde"))
    channel = {"message_id": 9, "date": int(time.time()), "chat": {"id": -1009, "type": "channel"}}
    await chat.feed({"channel_post": {**channel, "text": "/status"}})
    assert len(request_.sent) == before + 6
    assert not any(m == "getFile" for m, _ in request_.calls)  # the photo was not even fetched


async def test_a_button_pressed_in_a_group_gets_an_alert_only(
    chat: OfflineChat, request_: OfflineRequest
) -> None:
    await onboard(chat, "fr")
    query = {
        "id": "q-group",
        "from": chat.user,
        "chat_instance": "g",
        "data": "menu:status",
        "message": {
            "message_id": 77,
            "date": int(time.time()),
            "chat": {"id": -100556, "type": "group", "title": "Bureau"},
            "from": BOT_USER,
            "text": "…",
        },
    }
    before = len(request_.sent)
    await chat.feed({"callback_query": query})
    assert len(request_.sent) == before
    [(_method, params)] = [c for c in request_.calls if c[0] == "answerCallbackQuery"][-1:]
    assert params["show_alert"] and "seulement en privé" in params["text"]


async def test_an_edited_photo_or_caption_stores_nothing(
    chat: OfflineChat, request_: OfflineRequest, settings: Settings
) -> None:
    await onboard(chat, "fr")
    message = photo_message(chat, make_photo("facture", 22).jpeg, caption="facture")
    payload = {
        "message_id": 4242,
        "date": int(time.time()),
        "chat": chat.chat,
        "from": chat.user,
        "edit_date": int(time.time()),
        **message,
    }
    before = len(request_.sent)
    await chat.feed({"edited_message": payload})
    assert len(request_.sent) == before
    assert Storage(settings.database_path).count_documents(chat.user["id"]) == 0
    # An edited question is answered again.
    payload = {**payload, "text": "que joindre pour des lunettes ?"}
    for key in ("photo", "caption"):
        payload.pop(key)
    [answer] = await chat.feed({"edited_message": payload})
    assert "facture de l'opticien" in answer.text


# -- /forget and refused consent leave nothing ----------------------------------------------------


async def test_forget_leaves_nothing_on_disk_while_the_bot_runs(
    make_chat: Any, app: Any, settings: Settings, request_: OfflineRequest
) -> None:
    settings_keep = settings
    chat = make_chat(user_id=6202)
    other = make_chat(user_id=6203)
    await onboard(other, "fr")
    await child_dossier(other, "Ghizlanette", "optique")  # someone else's data stays
    await onboard(chat, "ar")
    checklist = await child_dossier(chat, "Yasminelle")
    # A dialog half-way: its state is stored (the person consented).
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:spouse")
    await app.update_persistence()
    database = sqlite3.connect(settings.database_path)
    assert database.execute("SELECT COUNT(*) FROM dialog_conversations").fetchone()[0] == 1
    database.close()
    [confirm] = await chat.send("/forget")
    [done] = await chat.press(confirm, confirm.callback_data("🗑"))
    assert "محي ملف واحد" in plain(done.text)  # one dossier
    found = traces(settings_keep.data_dir, ["Yasminelle"], chat.user["id"])
    assert found == [], found
    assert traces(settings_keep.data_dir, ["Ghizlanette"]) != []  # the search does find things
    # The erased dossier's buttons act on nothing, even once a new dossier n° takes its place.
    await onboard(chat, "fr")
    fresh = await child_dossier(chat, "Nourette", "optique")
    old_tick = checklist.callback_data("⬜ 1")
    assert await chat.press(checklist, old_tick) == []
    [(_, alert)] = [c for c in request_.calls if c[0] == "answerCallbackQuery"][-1:]
    assert "n'existe plus" in alert["text"]
    assert Storage(settings.database_path).dossiers(chat.user["id"])[0].have == frozenset()
    assert "Nourette" in fresh.text


async def test_forget_during_newclaim_ends_the_dialog(
    chat: OfflineChat, request_: OfflineRequest, settings: Settings
) -> None:
    await onboard(chat, "fr")
    [who] = await chat.send("/newclaim")
    [_ask_name] = await chat.press(who, "who:child")
    [categories] = await chat.send("Salmette")
    # /forget through the menu's privacy page, then confirmed: the dialog is over.
    [_privacy] = await chat.press(categories, "menu:privacy")
    [confirm] = await chat.send("/forget")
    await chat.press(confirm, confirm.callback_data("🗑"))
    replies = await chat.press(categories, "ncat:optique")
    assert not any(APOLOGY in s.text for s in replies)
    assert Storage(settings.database_path).user(chat.user["id"]) is None


# -- buttons act once, on their own dossier -------------------------------------------------------


async def test_double_taps_act_once(
    chat: OfflineChat, request_: OfflineRequest, settings: Settings
) -> None:
    await onboard(chat, "fr")
    [preview] = await chat.send("que joindre pour des lunettes ?")
    follow = preview.callback_data("Suivre ce dossier")
    [first] = await chat.press(preview, follow)
    first = await answered(chat, first)
    [second] = await chat.press(preview, follow)
    storage = Storage(settings.database_path)
    assert len(storage.dossiers(chat.user["id"])) == 1
    assert "Optique" in second.text and "📮 Je l'ai envoyé" in second.button_texts
    # A new dossier's care pressed twice: the dossier again, not the menu.
    [who] = await chat.send("/newclaim")
    [categories] = await chat.press(who, "who:self")
    [made] = await chat.press(categories, "ncat:pharmacie")
    made = await answered(chat, made)
    [again] = await chat.press(categories, "ncat:pharmacie")
    assert len(storage.dossiers(chat.user["id"])) == 2
    assert again.text == made.text
    # A tick pressed twice: ticked once, not ticked and unticked.
    tick = made.callback_data("⬜ 1")
    await chat.press(made, tick)
    await chat.press(made, tick)
    dossier = storage.dossiers(chat.user["id"])[-1]
    assert len(storage.dossier(dossier.id, chat.user["id"]).have) == 1  # type: ignore[union-attr]
    # Every button press was answered (no spinner left turning).
    answers = sum(1 for m, _ in request_.calls if m == "answerCallbackQuery")
    edits = sum(1 for m, _ in request_.calls if m in ("editMessageText",))
    assert answers >= edits


@pytest.mark.parametrize(
    "data",
    [
        "dt:99999999999999999999:x:1",
        "dt:1.000000:calendrier:1",
        "dq:1:99999999999999999999999:x",
        "dv:-1.abc",
        "dd:١٢.abc",
        "dset:99999999999999999999:1",
        "dty:abc",
        "st:99999999999999999999999",
        "dok:" + "9" * 50,
    ],
)
async def test_forged_buttons_are_refused_plainly(
    chat: OfflineChat, request_: OfflineRequest, data: str
) -> None:
    await onboard(chat, "fr")
    replies = await chat.press(chat.request.sent[-1], data)
    assert not any(APOLOGY in s.text for s in replies)
    assert request_.calls[-1][0] in ("answerCallbackQuery", "editMessageText")


# -- faults of the Bot API ------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["timeout", "network", "500", "502", "429"])
async def test_a_reply_survives_a_transient_fault(
    chat: OfflineChat, request_: OfflineRequest, fault: str
) -> None:
    await onboard(chat, "fr")
    request_.inject("sendMessage", fault)
    [answer] = await chat.send("que joindre pour la kiné ?")
    assert "Rééducation" in plain(answer.text)
    request_.inject("editMessageText", fault, fault)
    [checklist] = await chat.press(answer, answer.callback_data("Suivre ce dossier"))
    assert "Dossier n° 1" in checklist.text


async def test_an_edit_that_changes_nothing_is_no_error(
    chat: OfflineChat, request_: OfflineRequest
) -> None:
    await onboard(chat, "fr")
    [answer] = await chat.send("que joindre pour la kiné ?")
    request_.inject("editMessageText", "not_modified")
    replies = await chat.press(answer, answer.callback_data("Oui, avant"))
    assert not any(APOLOGY in s.text for s in replies)


async def test_what_is_stored_matches_what_is_shown_after_a_lasting_fault(
    chat: OfflineChat, request_: OfflineRequest, settings: Settings
) -> None:
    await onboard(chat, "fr")
    [preview] = await chat.send("que joindre pour des lunettes ?")
    [checklist] = await chat.press(preview, preview.callback_data("Suivre ce dossier"))
    checklist = await answered(chat, checklist)
    request_.inject("editMessageText", *["500"] * 10)  # longer than every retry
    replies = await chat.press(checklist, checklist.callback_data("⬜ 1"))
    assert any(APOLOGY in s.text for s in replies)  # the adherent is told
    [dossier] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert dossier.have == frozenset()  # and the tick they could not see is not kept
    request_.faults.clear()
    [ticked] = await chat.press(checklist, checklist.callback_data("⬜ 1"))
    assert "✅ 1" in ticked.button_texts


async def test_one_failed_download_loses_only_that_file(
    chat: OfflineChat, request_: OfflineRequest, settings: Settings
) -> None:
    await onboard(chat, "fr")
    for seed, kind in ((31, "facture"), (32, "ordonnance"), (33, "calendrier_seances")):
        photo = photo_message(chat, make_photo(kind, seed).jpeg, media_group_id="album-f")
        if seed == 32:
            photo["photo"][0]["file_id"] = "gone-file"  # Telegram has no such file any more
        await chat.send_content(**photo)
    reply = await wait_for_text(chat, "J'ai lu ces 3 documents")
    text = plain(reply.text)
    assert "2. ⚠️ Je n'ai pas pu recevoir ce fichier" in text
    assert "1. Facture" in text and "3. Calendrier des séances" in text
    assert "⏳" not in [s for s in request_.sent if s.message_id == reply.message_id][-1].text
    assert Storage(settings.database_path).count_documents(chat.user["id"]) == 2


# -- bounds ---------------------------------------------------------------------------------------


async def test_status_with_many_dossiers_is_paginated_within_the_limit(
    chat: OfflineChat, request_: OfflineRequest, settings: Settings
) -> None:
    await onboard(chat, "ar")
    storage = Storage(settings.database_path)
    for n in range(23):
        storage.create_dossier(chat.user["id"], "reeducation", beneficiary_name=f"Enfant{n}")
    [page] = await chat.send("/status")
    seen = set()
    for _ in range(5):
        assert length(page.text) <= 4096
        seen |= {int(n) for n in __import__("re").findall(r"\u2068(\d+)\u2069", page.text)}
        if not any("▶️" in label for label in page.button_texts):
            break
        [page] = await chat.press(page, page.callback_data("▶️"))
    assert len(seen) >= 23


# -- dialog state ---------------------------------------------------------------------------------


async def test_a_damaged_state_row_is_reset_for_that_person_alone(settings: Settings) -> None:
    request = OfflineRequest()
    first = build_application(settings, request=request)
    async with running(first):
        for user_id in (7301, 7302):
            chat = OfflineChat(first, request, user_id=user_id)
            await onboard(chat, "fr")
            [who] = await chat.send("/newclaim")
            await chat.press(who, "who:child")
    database = sqlite3.connect(settings.database_path)
    with database:
        database.execute(
            "UPDATE dialog_conversations SET key = '[7301, 7301' WHERE user_id = 7301"
        )
        database.execute("UPDATE dialog_users SET data = '{broken' WHERE user_id = 7301")
    database.close()
    second = build_application(settings, request=request)
    async with running(second):
        [categories] = await OfflineChat(second, request, user_id=7302).send("Amalette")
        assert "Pour quel type de soins" in categories.text
        [menu] = await OfflineChat(second, request, user_id=7301).send("Amalette")
        assert "Pour quel type de soins" not in menu.text  # reset: a plain question now


# -- retention ------------------------------------------------------------------------------------


def test_retention_erases_what_has_not_changed_for_the_period(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "mupras.sqlite3")
    storage.give_consent(1)
    old = storage.create_dossier(1, "optique", beneficiary_name="Vieillette")
    recent = storage.create_dossier(1, "pharmacie")
    storage.add_document(1, "f1", dossier_id=old.id, types=["facture"])
    long_ago = (datetime.now(UTC) - timedelta(days=400)).isoformat(timespec="seconds")
    storage.db.execute("UPDATE dossiers SET updated_at = ? WHERE id = ?", [long_ago, old.id])
    storage.db.conn.commit()
    assert storage.expire(12) == {"dossiers": 1, "documents": 1, "images": 0, "pending": 0}
    assert [d.id for d in storage.dossiers(1)] == [recent.id]
    storage.close()
    assert traces(tmp_path, ["Vieillette"]) == []


async def test_privacy_says_how_long_dossiers_are_kept(chat: OfflineChat) -> None:
    await onboard(chat, "fr")
    [privacy] = await chat.send("/privacy")
    assert "depuis 12 mois est effacé automatiquement" in privacy.text


# -- the first version's database -----------------------------------------------------------------


def test_a_first_version_database_is_migrated_and_ids_are_never_reused(tmp_path: Path) -> None:
    path = tmp_path / "mupras.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE users (id INTEGER PRIMARY KEY, language TEXT, consent_at TEXT,
            created_at TEXT);
        CREATE TABLE dossiers (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL
            REFERENCES users(id), beneficiary TEXT NOT NULL, beneficiary_name TEXT,
            category TEXT NOT NULL, answers TEXT, have TEXT, status TEXT NOT NULL,
            chat_id INTEGER, message_id INTEGER, created_at TEXT, updated_at TEXT);
        CREATE TABLE documents (id INTEGER PRIMARY KEY, dossier_id INTEGER
            REFERENCES dossiers(id), user_id INTEGER NOT NULL REFERENCES users(id),
            file_id TEXT NOT NULL, types TEXT, fields TEXT, confidence FLOAT, confirmed INTEGER,
            image_path TEXT, created_at TEXT);
        INSERT INTO users VALUES (5, 'fr', '2026-01-01', '2026-01-01');
        INSERT INTO dossiers VALUES (1, 5, 'self', NULL, 'optique', '{}', '[]', 'open', NULL,
            NULL, '2026-01-01', '2026-01-01');
        INSERT INTO dossiers VALUES (2, 5, 'self', NULL, 'dentaire', '{}', '[]', 'open', NULL,
            NULL, '2026-01-01', '2026-01-01');
        INSERT INTO documents VALUES (1, 2, 5, 'f', '["facture"]', '{}', 0.5, 0, NULL, 'x');
        INSERT INTO users VALUES (6, 'fr', '2026-01-01', '2026-01-01');
        INSERT INTO dossiers VALUES (3, 6, 'child', 'Effacinette', 'optique', '{}', '[]',
            'open', NULL, NULL, '2026-01-01', '2026-01-01');
        """
    )
    old.commit()
    old.execute("PRAGMA secure_delete = OFF")  # as SQLite builds whose default is off
    with old:  # a /forget of the first version, in a later transaction
        old.execute("DELETE FROM dossiers WHERE user_id = 6")
        old.execute("DELETE FROM users WHERE id = 6")
    old.close()
    assert b"Effacinette" in path.read_bytes()  # its free pages still hold the erased name
    storage = Storage(path)
    storage.scrub()
    assert traces(tmp_path, ["Effacinette"]) == []  # the migration rewrote the file
    [first, second] = storage.dossiers(5)
    assert (first.category, second.category) == ("optique", "dentaire") and second.token
    assert [d.types for d in storage.documents(second.id)] == [("facture",)]
    storage.forget(5)
    storage.give_consent(5)
    # Not 1 or 2 again. (3 was given and erased by the first version, which kept no record of
    # it; its buttons carried no token, so they name no dossier now.)
    assert storage.create_dossier(5, "optique").id == 3
    assert json.loads(json.dumps(storage.expire(12)))  # the migrated file takes every query


async def test_someone_who_declined_is_still_answered_in_their_language(
    chat: OfflineChat, app: Any, settings: Settings
) -> None:
    await onboard(chat, "ar", consent=False)
    for command_text in ("/help", "/status", "/privacy"):
        [reply] = await chat.send(command_text)
        assert "\u0627" in reply.text or "\u0644" in reply.text, reply.text  # Arabic letters
        assert "Je " not in reply.text
    await app.update_persistence()
    assert traces(settings.data_dir, [], chat.user["id"]) == []  # kept in memory only


# -- a full disk while the bot runs ---------------------------------------------------------------


async def test_a_full_disk_while_running_is_survived(tmp_path: Path) -> None:
    """A real full file system (a small tmpfs): the write fails, the adherent is told, nothing
    stored disagrees with the screen, and once space is back the same tap works."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"mount -t tmpfs is not permitted here: {mounted.stderr.decode().strip()}")
    try:
        settings = Settings(data_dir=disk / "data", album_wait=0.3)
        request = OfflineRequest()
        application = build_application(settings, request=request)
        async with running(application):
            chat = OfflineChat(application, request, user_id=7401)
            await onboard(chat, "fr")
            [preview] = await chat.send("que joindre pour des lunettes ?")
            [checklist] = await chat.press(preview, preview.callback_data("Suivre ce dossier"))
            checklist = await answered(chat, checklist)
            filler = disk / "filler"
            with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            replies = await chat.press(checklist, checklist.callback_data("⬜ 1"))
            assert any(APOLOGY in s.text for s in replies)
            [reply] = await chat.send("que joindre pour la pharmacie ?")  # reading still works
            assert "Pharmacie" in plain(reply.text)
            filler.unlink()
            [ticked] = await chat.press(checklist, checklist.callback_data("⬜ 1"))
            assert "✅ 1" in ticked.button_texts
            [dossier] = Storage(settings.database_path).dossiers(7401)
            assert len(dossier.have) == 1
            # A photo recorded, then the disk fills before its reading is stored: the adherent
            # is told, and the file stays recorded for the next start.
            photo = photo_message(chat, make_photo("facture", 71).jpeg, media_group_id="a-full")
            apologies = sum(APOLOGY in s.text for s in request.sent)
            await chat.send_content(**photo)
            with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            for _ in range(600):
                if sum(APOLOGY in s.text for s in request.sent) > apologies:
                    break
                await asyncio.sleep(0.1)
            assert sum(APOLOGY in s.text for s in request.sent) == apologies + 1
            assert Storage(settings.database_path).pending_batches() == ["7401:a-full"]
            filler.unlink()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


async def test_forget_erases_kept_images_and_what_waits_to_be_read(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", album_wait=30, keep_images=True)
    request = OfflineRequest()
    application = build_application(settings, request=request)
    async with running(application):
        chat = OfflineChat(application, request, user_id=7501)
        await onboard(chat, "fr")
        await chat.send_content(**photo_message(chat, make_photo("facture", 51).jpeg))
        await wait_for_text(chat, "J'ai lu")
        assert list((settings.images_dir / "7501").iterdir())  # kept, as KEEP_IMAGES asks
        # An album waiting to be read (its reading 30 s away), then /forget.
        waiting = photo_message(chat, make_photo("ordonnance", 52).jpeg, media_group_id="a-w")
        await chat.send_content(**waiting)

        def album_jobs() -> list[Any]:
            assert application.job_queue is not None
            return [j for j in application.job_queue.jobs() if j.data == "7501:a-w"]

        assert album_jobs()
        [confirm] = await chat.send("/forget")
        [done] = await chat.press(confirm, confirm.callback_data("🗑"))
        assert "1 image effacée" in plain(done.text)
        assert not album_jobs()
        assert not (settings.images_dir / "7501").exists()
        assert traces(settings.data_dir, [waiting["photo"][0]["file_id"]], 7501) == []


BAD_INPUTS: list[dict[str, Any]] = [
    {
        "sticker": {
            "file_id": "s1",
            "file_unique_id": "us1",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
    },
    {"voice": {"file_id": "v1", "file_unique_id": "uv1", "duration": 3}},
    {"location": {"latitude": 33.59, "longitude": -7.61}},
    {"contact": {"phone_number": "+212600000000", "first_name": "Inventé"}},
    {
        "video": {
            "file_id": "vd1",
            "file_unique_id": "uvd1",
            "width": 1,
            "height": 1,
            "duration": 1,
        }
    },
    {
        "document": {
            "file_id": "z1",
            "file_unique_id": "uz1",
            "file_name": "dossier.zip",
            "mime_type": "application/zip",
            "file_size": 1000,
        }
    },
    {
        "document": {
            "file_id": "b1",
            "file_unique_id": "ub1",
            "file_name": "scan.pdf",
            "mime_type": "application/pdf",
            "file_size": 40 * 2**20,
        }
    },
    {"text": "x" * 5000},
    {"text": "<b>bonjour</b> & <script>", "entities": []},
    {"text": "/x&y", "entities": [{"type": "bot_command", "offset": 0, "length": 4}]},
]


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("content", BAD_INPUTS, ids=lambda c: next(iter(c)))
async def test_a_bad_input_gets_a_clear_reply_in_the_persons_language(
    chat: OfflineChat, lang: str, content: dict[str, Any]
) -> None:
    await onboard(chat, lang)
    replies = await chat.send_content(**content)
    assert replies, "no reply"
    for reply in replies:
        assert APOLOGY not in reply.text
        text = plain(reply.text)
        first = next(ch for ch in text if ch.isalpha())
        assert ("\u0600" <= first <= "\u06ff") == (lang == "ar"), text
        assert "&amp;" not in text and "<script>" not in reply.text


async def test_an_images_folder_that_cannot_be_written_does_not_lose_the_reading(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", album_wait=0.3, keep_images=True)
    settings.data_dir.mkdir(parents=True)
    settings.images_dir.write_text("a file where the folder should be")  # mkdir fails, as root
    request = OfflineRequest()
    application = build_application(settings, request=request)
    async with running(application):
        chat = OfflineChat(application, request, user_id=7601)
        await onboard(chat, "fr")
        await chat.send_content(**photo_message(chat, make_photo("facture", 61).jpeg))
        reply = await wait_for_text(chat, "J'ai lu")
        assert "Facture" in plain(reply.text)
        assert "⏳" not in plain(reply.text)


async def test_a_first_name_keeps_no_invisible_or_markup_characters(
    chat: OfflineChat, settings: Settings
) -> None:
    await onboard(chat, "fr")
    checklist = await child_dossier(chat, "\u202eSam'ia\u200f\x00")  # markup: refused
    [dossier] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert dossier.beneficiary_name == "Sam'ia"
    assert "pour Sam'ia (enfant)" in checklist.text and "\u202e" not in checklist.text
