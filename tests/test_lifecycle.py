"""A dossier's life after its pieces: sent (how, when), reimbursed or rejected, the complaint for
a rejection, reopened; listed by /status all along. French and Arabic, through process_update."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.console import plain
from bot.offline import OfflineChat, Sent
from bot.settings import Settings
from bot.storage import DossierStatus, SendWay, Storage
from tests.conftest import onboard

TODAY = dt.date.today().strftime("%d/%m/%Y")

LABELS = {
    "fr": {
        "sent": "Je l'ai envoyé",
        "anyway": "Oui, il est parti quand même",
        "post": "Par la poste",
        "rejected": "Rejeté",
        "reimbursed": "Remboursé",
        "complaint": "Écrire une réclamation",
        "reopen": "Rouvrir",
        "posted": f"posté le {TODAY}",
    },
    "ar": {
        "sent": "أرسلته",
        "anyway": "نعم، أرسلته رغم ذلك",
        "post": "بالبريد",
        "rejected": "مرفوض",
        "reimbursed": "تم التعويض",
        "complaint": "كتابة شكاية",
        "reopen": "إعادة فتح",
        "posted": "أرسل بالبريد",
    },
}


async def _child_dossier(chat: OfflineChat, lang: str) -> Sent:
    await onboard(chat, lang)
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [categories] = await chat.send("Yasmine")
    [dossier] = await chat.press(categories, "ncat:optique")
    # The accident question: its first answer (no).
    [dossier] = await chat.press(dossier, dossier.buttons[0][0]["callback_data"])
    return dossier


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_sent_then_rejected_then_the_complaint_then_reopened(
    chat: OfflineChat, settings: Settings, lang: str
) -> None:
    words = LABELS[lang]
    dossier = await _child_dossier(chat, lang)
    [ask] = await chat.press(dossier, dossier.callback_data(words["sent"]))
    [how] = await chat.press(ask, ask.callback_data(words["anyway"]))
    [sent] = await chat.press(how, how.callback_data(words["post"]))
    assert words["posted"] in plain(sent.text)
    [stored] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert stored.status is DossierStatus.SENT and stored.sent_how is SendWay.POST
    assert stored.sent_at == dt.date.today().isoformat()
    # Pressed twice: the first press counted, the date stays.
    [again] = await chat.press(how, how.callback_data(words["post"]))
    assert again.text == sent.text
    [rejected] = await chat.press(sent, sent.callback_data(words["rejected"]))
    assert words["complaint"] in " ".join(rejected.button_texts)
    [mail] = await chat.press(rejected, rejected.callback_data(words["complaint"]))
    text = plain(mail.text)
    assert "contact@mupras.com" in text and "<pre>" in mail.text
    assert "Yasmine" in text and TODAY in text
    if lang == "fr":
        assert "Mon dossier de remboursement (Optique" in text
        assert "pour mon enfant Yasmine, posté le" in text and "a été rejeté" in text
    [status] = await chat.send("/status")
    assert "Optique" in plain(status.text) or "البصريات" in plain(status.text)
    [reopened] = await chat.press(rejected, rejected.callback_data(words["reopen"]))
    [stored] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert stored.status is DossierStatus.OPEN
    assert [b for b in reopened.button_texts if b.startswith("⬜")]  # ticks again
    [ask] = await chat.press(reopened, reopened.callback_data(words["sent"]))
    [how] = await chat.press(ask, ask.callback_data(words["anyway"]))
    [sent] = await chat.press(how, how.callback_data(words["post"]))
    [done] = await chat.press(sent, sent.callback_data(words["reimbursed"]))
    assert Storage(settings.database_path).dossiers(chat.user["id"])[0].status is (
        DossierStatus.REIMBURSED
    )
    assert words["reopen"] in " ".join(done.button_texts)


async def test_a_complete_dossier_is_asked_only_how_it_went(chat: OfflineChat) -> None:
    await onboard(chat, "fr")
    [who] = await chat.send("/newclaim")
    [categories] = await chat.press(who, "who:self")
    [dossier] = await chat.press(categories, "ncat:optique")
    [dossier] = await chat.press(dossier, dossier.callback_data("Non"))
    for number in range(1, 20):
        try:
            data = dossier.callback_data(f"⬜ {number}")
        except LookupError:
            continue
        [dossier] = await chat.press(dossier, data)
    assert "Tout est réuni" in dossier.text
    [how] = await chat.press(dossier, dossier.callback_data("Je l'ai envoyé"))
    assert "Comment l'avez-vous envoyé ?" in how.text


async def test_an_outcome_without_a_sending_is_refused(chat: OfflineChat) -> None:
    dossier = await _child_dossier(chat, "fr")
    ref = dossier.callback_data("Je l'ai envoyé").split(":", 1)[1]
    replies = await chat.press(dossier, f"do:{ref}:rejected")
    answered = [p for m, p in chat.request.calls if m == "answerCallbackQuery"][-1]
    assert "n'existe plus" in answered["text"] and not [r for r in replies if "Rejeté" in r.text]


def test_the_first_versions_finished_dossiers_are_taken_as_sent(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    storage = Storage(path)
    storage.give_consent(7)
    made = storage.create_dossier(7, "pharmacie")
    storage.close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE dossiers SET status = 'done', updated_at = '2026-10-05T09:00:00' WHERE id = ?",
            [made.id],
        )
    [dossier] = Storage(path).dossiers(7)
    assert dossier.status is DossierStatus.SENT and dossier.sent_at == "2026-10-05"


MAILS = {
    "fr": {
        "ask": "Demander l'entente préalable",
        "request": "entente préalable pour des soins de",
        "late": "Il tarde",
        "late_text": "n'est pas encore remboursé",
        "membership": "je veux ajouter mon fils à ma mutuelle",
        "membership_text": "ajouter à mon affiliation",
    },
    "ar": {
        "ask": "طلب الموافقة المسبقة",
        "request": "أرجو منحي الموافقة المسبقة",
        "late": "تأخر",
        "late_text": "لم يُعوَّض بعد",
        "membership": "بغيت نزيد ولدي فالتعاضدية",
        "membership_text": "أرغب في إضافة",
    },
}


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_e_mails_with_a_purpose_in_the_adherents_voice(chat: OfflineChat, lang: str) -> None:
    words, labels = MAILS[lang], LABELS[lang]
    await onboard(chat, lang)
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [categories] = await chat.send("Yasmine")
    [dossier] = await chat.press(categories, "ncat:reeducation")
    while "❓" in dossier.text:  # answer its questions with their first option
        [dossier] = await chat.press(dossier, dossier.buttons[0][0]["callback_data"])
    [request] = await chat.press(dossier, dossier.callback_data(words["ask"]))
    text = plain(request.text)
    assert "pec@mupras.com" in text and "<pre>" in request.text and words["request"] in text
    assert "Yasmine" in text
    # Sent, then late: the complaint to contact@ says so, with its date.
    [ask] = await chat.press(dossier, dossier.callback_data(labels["sent"]))
    [how] = await chat.press(ask, ask.callback_data(labels["anyway"]))
    [sent] = await chat.press(how, how.callback_data(labels["post"]))
    [late] = await chat.press(sent, sent.callback_data(words["late"]))
    text = plain(late.text)
    assert "contact@mupras.com" in text and words["late_text"] in text and TODAY in text
    # Membership: a message ready for adhesion@.
    [membership] = await chat.send(words["membership"])
    text = plain(membership.text)
    assert "adhesion@mupras.com" in text and words["membership_text"] in text
