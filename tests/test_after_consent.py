"""What the adherent was doing when consent was asked goes on once they accept: the dossier
they wanted to follow is made, the photos they sent are read (kept in memory only until then,
one question for an album); after a no, nothing is kept. French and Arabic."""

from __future__ import annotations

import pytest

from bot.console import plain
from bot.offline import OfflineChat
from bot.settings import Settings
from bot.storage import Storage
from tests.conftest import onboard
from tests.disk import traces
from tests.synthetic_docs import make_photo
from tests.test_documents import photo_message, wait_for_text

WORDS = {
    "fr": {
        "question": "que joindre pour des lunettes ?",
        "follow": "Suivre ce dossier",
        "accept": "J'accepte",
        "refuse": "Non merci",
        "asked": "Je les lirai dès que vous aurez accepté",
        "read": "J'ai lu",
        "care": "Optique",
    },
    "ar": {
        "question": "ما هي الوثائق المطلوبة للنظارات؟",
        "follow": "تتبع هذا الملف",
        "accept": "أوافق",
        "refuse": "لا، شكرا",
        "asked": "سأقرؤها بمجرد موافقتك",
        "read": "قرأت",
        "care": "البصريات",
    },
}


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_follow_pressed_before_consent_makes_the_dossier_once_accepted(
    chat: OfflineChat, settings: Settings, lang: str
) -> None:
    words = WORDS[lang]
    await onboard(chat, lang, consent=False)
    [preview] = await chat.send(words["question"])
    [consent] = await chat.press(preview, preview.callback_data(words["follow"]))
    assert Storage(settings.database_path).dossiers(chat.user["id"]) == []
    answer = await chat.press(consent, consent.callback_data(words["accept"]))
    [dossier] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert dossier.category == "optique"
    shown = [s for s in answer if words["care"] in plain(s.text) and s.buttons]
    assert shown and shown[-1].message_id == dossier.message_id


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_a_photo_sent_before_consent_is_read_once_accepted(
    chat: OfflineChat, settings: Settings, lang: str
) -> None:
    words = WORDS[lang]
    await onboard(chat, lang, consent=False)
    message = photo_message(chat, make_photo("ordonnance", 7).jpeg)
    [consent] = await chat.send_content(**message)
    assert words["asked"] in plain(consent.text)
    file_id = message["photo"][0]["file_id"]
    assert traces(settings.data_dir, [file_id], chat.user["id"]) == []  # in memory only
    await chat.press(consent, consent.callback_data(words["accept"]))
    await wait_for_text(chat, words["read"])
    [dossier] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert [d.file_id for d in Storage(settings.database_path).documents(dossier.id)] == [file_id]


async def test_an_album_before_consent_asks_once_and_a_no_keeps_nothing(
    chat: OfflineChat, settings: Settings
) -> None:
    await onboard(chat, "fr", consent=False)
    messages = [
        photo_message(chat, make_photo(kind, seed).jpeg, media_group_id="album-c")
        for kind, seed in (("facture", 8), ("ordonnance", 9))
    ]
    asked = [s for m in messages for s in await chat.send_content(**m)]
    assert len(asked) == 1
    await chat.press(asked[0], asked[0].callback_data("Non merci"))
    assert Storage(settings.database_path).user(chat.user["id"]) is None
    # Accepting later (/start) reads nothing sent before the no.
    [welcome] = await chat.send("/start")
    [consent] = await chat.press(welcome, "lang:fr")
    answer = await chat.press(consent, consent.callback_data("J'accepte"))
    assert not any("Je lis" in s.text for s in answer)
    assert Storage(settings.database_path).dossiers(chat.user["id"]) == []
