"""Photos in, checklist out: real tesseract on synthetic photos, through the real Application."""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.console import plain
from bot.offline import OfflineChat, Sent
from bot.settings import Settings
from bot.storage import Storage
from tests.conftest import onboard, run_main
from tests.synthetic_docs import make_photo

_ids = itertools.count(1)


def photo_message(chat: OfflineChat, jpeg: bytes, **extra: Any) -> dict[str, Any]:
    """Register the bytes as a Telegram file and build the photo a phone would send."""
    file_id = f"photo-{next(_ids)}"
    chat.request.files[file_id] = jpeg
    with Image.open(io.BytesIO(jpeg)) as image:
        width, height = image.size
    size = {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "width": width,
        "height": height,
        "file_size": len(jpeg),
    }
    return {"photo": [size], **extra}


async def wait_for_text(chat: OfflineChat, needle: str, timeout: float = 90) -> Sent:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for sent in chat.request.sent:
            if needle in sent.text:
                return sent
        await asyncio.sleep(0.1)
    raise AssertionError(f"no message with {needle!r}: {[s.text[:80] for s in chat.request.sent]}")


async def new_dossier(chat: OfflineChat, category: str) -> Sent:
    [who] = await chat.send("/newclaim")
    [categories] = await chat.press(who, "who:self")
    [checklist] = await chat.press(categories, f"ncat:{category}")
    [checklist] = await chat.press(checklist, checklist.callback_data("Oui, avant"))
    [checklist] = await chat.press(checklist, checklist.callback_data("Non"))
    assert "❓" not in checklist.text  # both questions answered
    return checklist


async def test_an_album_of_five_photos_gets_one_reply_and_flags_the_risks(
    chat: OfflineChat, settings: Settings
) -> None:
    await onboard(chat, "fr")
    checklist = await new_dossier(chat, "reeducation")
    photos = [
        make_photo("feuille_de_soins", 3),  # doctor's part blank, signed in 2022: past 3 months
        make_photo("facture", 11),
        make_photo("calendrier_seances", 12),
        make_photo("ordonnance", 13),
        make_photo("entente_prealable", 14),
    ]
    for photo in photos:
        sent = await chat.send_content(**photo_message(chat, photo.jpeg, media_group_id="album-1"))
        assert sent == []  # nothing until the album is complete
    reply = await wait_for_text(chat, "J'ai lu ces 5 documents")
    assert sum("Je lis vos 5 documents" in s.text for s in chat.request.sent) == 1
    text = plain(reply.text)
    for label in (
        "Feuille de soins",
        "Facture",
        "Calendrier des séances",
        "Ordonnance",
        "Entente préalable",
    ):
        assert label in text
    assert "a dépassé ses 3 mois" in text and "Règle : Recommandations MUPRAS" in text
    assert "cadre du médecin n'est pas complet" in text
    assert "✏️ 1 : autre chose ▾" in reply.button_texts
    # The dossier's checklist message was edited in place.
    edited = [
        s
        for s in chat.request.sent
        if s.message_id == checklist.message_id and "a dépassé ses 3 mois" in s.text
    ]
    assert edited
    final = plain(edited[-1].text)
    assert "✅ 1. La feuille de soins" in final
    assert "✅" in final.split("La facture des séances")[0].rsplit("\n", 1)[-1]
    assert "✅" in final.split("Le calendrier des séances effectuées")[0].rsplit("\n", 1)[-1]
    # The risks found stay on the dossier once it is sent.
    [how] = await chat.press(edited[-1], edited[-1].callback_data("Je l'ai envoyé"))
    if "Comment" not in how.text:  # pieces missing: asked first
        [how] = await chat.press(how, how.callback_data("Oui, il est parti quand même"))
    [left] = await chat.press(how, how.callback_data("Déposé à la MUPRAS"))
    assert "a dépassé ses 3 mois" in plain(left.text) and "Dossier déposé le" in left.text
    # Privacy by default: the facts are kept, no image anywhere under the data folder.
    files = [p.name for p in settings.data_dir.rglob("*") if p.is_file()]
    assert not [f for f in files if f.endswith((".jpg", ".jpeg", ".png", ".webp", ".pdf"))]
    storage = Storage(settings.database_path)
    [dossier] = storage.dossiers(chat.user["id"])
    documents = storage.documents(dossier.id)
    assert len(documents) == 5 and documents[1].types[0] == "facture"
    assert documents[1].fields["amount_total"] is not None


async def test_a_correction_is_remembered(chat: OfflineChat, settings: Settings) -> None:
    await onboard(chat, "fr")
    await new_dossier(chat, "reeducation")
    await chat.send_content(**photo_message(chat, make_photo("certificat_medical", 21).jpeg))
    reply = await wait_for_text(chat, "J'ai lu :")
    assert "Certificat médical" in plain(reply.text)
    [types] = await chat.press(reply, reply.callback_data("autre chose"))
    assert "Calendrier des séances" in types.button_texts
    done, checklist = await chat.press(types, types.callback_data("Calendrier des séances"))
    assert "Calendrier des séances" in done.text
    assert "✅ 4. Le calendrier des séances effectuées" in plain(checklist.text)
    storage = Storage(settings.database_path)
    [dossier] = storage.dossiers(chat.user["id"])
    [document] = storage.documents(dossier.id)
    assert document.types == ("calendrier_seances",) and document.confirmed


async def test_a_tiny_photo_gets_a_hint_not_a_guess(chat: OfflineChat) -> None:
    await onboard(chat, "ar")
    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), "white").save(buffer, "JPEG")
    await chat.send_content(**photo_message(chat, buffer.getvalue()))
    reply = await wait_for_text(chat, "أرسلها كملف")
    assert "الصورة صغيرة جدا" in reply.text
    assert not any(s.method == "editMessageText" and "أضيفت" in s.text for s in chat.request.sent)


async def test_too_big_and_wrong_files_are_refused_with_a_reason(chat: OfflineChat) -> None:
    await onboard(chat, "fr")
    big = {
        "document": {
            "file_id": "big",
            "file_unique_id": "big",
            "file_name": "scan.pdf",
            "mime_type": "application/pdf",
            "file_size": 25 * 1024 * 1024,
        }
    }
    [answer] = await chat.send_content(**big)
    assert "20 Mo" in answer.text
    doc = {
        "document": {
            "file_id": "d",
            "file_unique_id": "d",
            "file_name": "lettre.docx",
            "mime_type": "application/msword",
            "file_size": 1000,
        }
    }
    [answer] = await chat.send_content(**doc)
    assert "PDF" in answer.text


async def test_photos_need_consent_first(chat: OfflineChat) -> None:
    await onboard(chat, "fr", consent=False)
    [answer] = await chat.send_content(**photo_message(chat, make_photo("facture", 1).jpeg))
    assert "j'ai besoin de votre accord" in answer.text


@pytest.mark.parametrize("keep", [False, True])
async def test_forget_erases_documents_and_kept_images(
    make_chat: Any, settings: Settings, keep: bool, tmp_path: Path
) -> None:
    from bot.app import build_application
    from bot.offline import OfflineRequest, running

    settings = Settings(data_dir=tmp_path / f"keep{keep}", keep_images=keep, album_wait=0.3)
    request = OfflineRequest()
    application = build_application(settings, request=request)
    async with running(application):
        chat = OfflineChat(application, request, user_id=777)
        await onboard(chat, "fr")
        await chat.send_content(**photo_message(chat, make_photo("ordonnance", 5).jpeg))
        await wait_for_text(chat, "J'ai lu :")
        images = list(settings.images_dir.rglob("*.jpg")) if settings.images_dir.exists() else []
        assert len(images) == (1 if keep else 0)
        [confirm] = await chat.send("/forget")
        [done] = await chat.press(confirm, "forget:yes")
        assert "1 document effacé" in done.text
        assert f"{1 if keep else 0} image effacée" in done.text  # French: 0 is singular
        assert not (settings.images_dir / "777").exists()


def test_recognize_command_json(tmp_path: Path) -> None:
    paths = []
    for doc_type, seed in (("facture", 31), ("vignettes", 32)):
        path = tmp_path / f"{doc_type}.jpg"
        path.write_bytes(make_photo(doc_type, seed).jpeg)
        paths.append(path)
    result = run_main("recognize", "--json", *map(str, paths))
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["file"] for a in answers] == [str(p) for p in paths]
    assert answers[0]["types"][0] == "facture" and answers[1]["types"][0] == "vignettes"
    assert isinstance(answers[0]["fields"]["amount_total"], float)
    assert all(a["seconds"] > 0 and 0 <= a["confidence"] <= 1 for a in answers)


async def test_a_pdf_is_read_page_by_page(chat: OfflineChat) -> None:
    await onboard(chat, "fr")
    await new_dossier(chat, "reeducation")
    pages = [
        Image.open(io.BytesIO(make_photo(doc_type, seed, strength=0.3).jpeg)).convert("RGB")
        for doc_type, seed in (("facture", 41), ("calendrier_seances", 42))
    ]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=150)
    chat.request.files["scan-pdf"] = buffer.getvalue()
    document = {
        "file_id": "scan-pdf",
        "file_unique_id": "u-scan-pdf",
        "file_name": "scan.pdf",
        "mime_type": "application/pdf",
        "file_size": len(buffer.getvalue()),
    }
    await chat.send_content(document=document)
    reply = await wait_for_text(chat, "J'ai lu :")
    text = plain(reply.text)
    assert "1.1. Facture" in text and "1.2. Calendrier des séances" in text
    assert "✏️ 1.2 : autre chose ▾" in reply.button_texts
