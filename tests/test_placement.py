"""Each photo finds its dossier: a new one of the care the paper names when none is open (a
kiné's invoice → rééducation), the open one it fits best when there are several (the patient's
first name, the kind of care, the pieces), the reply naming it, and buttons to move the papers
to another dossier or a new one. Real OCR on synthetic photos, French and Arabic."""

from __future__ import annotations

import sqlite3

import pytest

from bot.console import plain
from bot.offline import OfflineChat, Sent
from bot.rulebook import load_rulebook
from bot.settings import Settings
from tests.conftest import onboard
from tests.synthetic_docs import make_photo, render_document
from tests.test_documents import photo_message, wait_for_text

BOOK = load_rulebook()
KINE_INVOICE = 43  # seeds of synthetic invoices: a kinésithérapeute's, for a patient Sanae
OPTICIAN_INVOICE = 48  # an optician's, for a patient Rachid


def care(category: str, lang: str = "fr") -> str:
    return BOOK.category(category).name.get(lang)


def first_name(seed: int) -> str:
    _image, truth = render_document("facture", seed)
    assert truth.patient_name is not None
    return truth.patient_name.split()[-1]


def dossiers_of_documents(settings: Settings) -> list[tuple[int, str]]:
    database = sqlite3.connect(settings.database_path)
    try:
        return list(
            database.execute(
                "SELECT documents.dossier_id, dossiers.category FROM documents "
                "JOIN dossiers ON dossiers.id = documents.dossier_id ORDER BY documents.id"
            )
        )
    finally:
        database.close()


async def child_dossier(chat: OfflineChat, category: str, name: str) -> Sent:
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [categories] = await chat.send(name)
    [dossier] = await chat.press(categories, f"ncat:{category}")
    return dossier


async def self_dossier(chat: OfflineChat, category: str) -> Sent:
    [who] = await chat.send("/newclaim")
    [categories] = await chat.press(who, "who:self")
    [dossier] = await chat.press(categories, f"ncat:{category}")
    return dossier


async def send_photo(chat: OfflineChat, seed: int, reply: str) -> Sent:
    before = len(chat.request.sent)
    await chat.send_content(**photo_message(chat, make_photo("facture", seed).jpeg))
    sent = await wait_for_text(chat, reply)
    assert chat.request.sent.index(sent) >= before
    return sent


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_a_kine_invoice_with_no_dossier_open_opens_a_reeducation_dossier(
    chat: OfflineChat, settings: Settings, lang: str
) -> None:
    await onboard(chat, lang)
    opened = "فتحت الملف رقم" if lang == "ar" else "J'ai ouvert le dossier n°"
    reply = await send_photo(chat, KINE_INVOICE, opened)
    assert care("reeducation", lang) in plain(reply.text)
    assert dossiers_of_documents(settings) == [(1, "reeducation")]


async def test_with_two_dossiers_open_each_invoice_goes_to_the_one_it_fits(
    chat: OfflineChat, settings: Settings
) -> None:
    await onboard(chat, "fr")
    await self_dossier(chat, "optique")  # n° 1
    await child_dossier(chat, "reeducation", first_name(KINE_INVOICE))  # n° 2, the latest
    optician = await send_photo(chat, OPTICIAN_INVOICE, "Rangé dans le dossier n° 1")
    assert f"({care('optique')}, pour vous)" in plain(optician.text)
    assert any("N° 2" in label for label in optician.button_texts)
    assert "🗂 Dans un nouveau dossier" in optician.button_texts
    kine = await send_photo(chat, KINE_INVOICE, "Rangé dans le dossier n° 2")
    assert first_name(KINE_INVOICE) in plain(kine.text)
    assert dossiers_of_documents(settings) == [(1, "optique"), (2, "reeducation")]


async def test_move_buttons_put_the_papers_in_another_dossier_or_a_new_one(
    chat: OfflineChat, settings: Settings
) -> None:
    await onboard(chat, "fr")
    await self_dossier(chat, "optique")  # n° 1
    await self_dossier(chat, "pharmacie")  # n° 2
    reply = await send_photo(chat, OPTICIAN_INVOICE, "Rangé dans le dossier n° 1")
    [label] = [b for b in reply.button_texts if "N° 2" in b]
    answer = await chat.press(reply, reply.callback_data(label))
    moved = next(s for s in answer if "Déplacé dans le dossier n° 2" in s.text)
    assert care("pharmacie") in plain(moved.text)
    assert dossiers_of_documents(settings) == [(2, "pharmacie")]
    edited = [s for s in answer if s.message_id == reply.message_id]
    assert edited and not any("N° " in b for b in edited[-1].button_texts)
    # The same reply's buttons, pressed again: a new dossier for the care the invoice names.
    answer = await chat.press(reply, reply.callback_data("Dans un nouveau dossier"))
    assert any("Déplacé dans le dossier n° 3" in s.text for s in answer)
    assert dossiers_of_documents(settings) == [(3, "optique")]
