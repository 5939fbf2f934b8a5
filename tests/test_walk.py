"""The adherent's whole way, through process_update with real OCR, in French and in Arabic: a
question and its checklist → a dossier for a child and one for oneself → photos that each find
their dossier (the reply names it, the others offered) → the deadline from a feuille de soins
photo → a reminder (the clock given to the job) that is silent at night → the cover sheet's PDF
→ sent → rejected → the complaint to contact@."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.console import plain
from bot.domain.checks import add_months
from bot.domain.deadlines import MOROCCO, today
from bot.offline import OfflineChat, Sent
from bot.rulebook import load_rulebook
from bot.settings import Settings
from bot.storage import DossierStatus, Storage
from dialogs.reminders import send_reminders
from tests.conftest import onboard
from tests.synthetic_docs import make_photo, render_document
from tests.test_coversheet import fold, pdf_pages
from tests.test_documents import photo_message

RULEBOOK = load_rulebook()
KINE_INVOICE = 43  # a kinésithérapeute's invoice (synthetic), its patient's first name below
FEUILLE = 6  # a feuille de soins (synthetic) with its first consultation's date

WORDS = {
    "fr": {
        "question": "que faut-il pour la kiné ?",
        "placed": "Rangé dans le dossier n°",
        "other": "Une autre date",
        "read": "J'ai lu",
        "cover": "Bordereau",
        "sent": "Je l'ai envoyé",
        "anyway": "Oui, il est parti quand même",
        "post": "Par la poste",
        "rejected": "Rejeté",
        "complaint": "Écrire une réclamation",
        "reminder": "Rappel",
    },
    "ar": {
        "question": "شنو خاصني للكيني؟",
        "placed": "وضعت الوثيقة في الملف رقم",
        "other": "تاريخ آخر",
        "read": "قرأت",
        "cover": "ورقة الإيداع",
        "sent": "أرسلته",
        "anyway": "نعم، أرسلته رغم ذلك",
        "post": "بالبريد",
        "rejected": "مرفوض",
        "complaint": "كتابة شكاية",
        "reminder": "تذكير",
    },
}


def patient_first_name(seed: int) -> str:
    _image, truth = render_document("facture", seed)
    assert truth.patient_name is not None
    return truth.patient_name.split()[-1].capitalize()


async def answered(chat: OfflineChat, dossier: Sent) -> Sent:
    while "❓" in dossier.text:  # each question with its first answer
        [dossier] = await chat.press(dossier, dossier.buttons[0][0]["callback_data"])
    return dossier


async def photo(chat: OfflineChat, kind: str, seed: int, needle: str) -> Sent:
    """Send a photo; the first message after it that holds the needle (its answer)."""
    before = len(chat.request.sent)
    await chat.send_content(**photo_message(chat, make_photo(kind, seed).jpeg))
    for _ in range(1200):
        found = [s for s in chat.request.sent[before:] if needle in plain(s.text)]
        if found:
            return found[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no answer with {needle!r}")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_from_the_first_question_to_the_complaint(
    app: Any, chat: OfflineChat, settings: Settings, lang: str
) -> None:
    words = WORDS[lang]
    await onboard(chat, lang)
    # A question, its checklist.
    [preview] = await chat.send(words["question"])
    assert plain(RULEBOOK.category("reeducation").name.get(lang)) in plain(preview.text)
    # A dossier for a child (rééducation), then one for oneself (optique), the latest.
    child = patient_first_name(KINE_INVOICE)
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [categories] = await chat.send(child)
    kine = await answered(chat, (await chat.press(categories, "ncat:reeducation"))[0])
    [who] = await chat.send("/newclaim")
    [categories] = await chat.press(who, "who:self")
    await answered(chat, (await chat.press(categories, "ncat:optique"))[0])
    # The kiné's invoice finds the child's dossier, not the latest; the other one is offered.
    reply = await photo(chat, "facture", KINE_INVOICE, words["placed"])
    assert f"{words['placed']} 1" in plain(reply.text) and child in plain(reply.text)
    assert any("2" in label and "👓" in label for label in reply.button_texts)
    storage = Storage(settings.database_path)
    [kine_dossier, optique_dossier] = storage.dossiers(chat.user["id"])
    assert len(storage.documents(kine_dossier.id)) == 1
    # A feuille de soins names neither care nor patient: it goes to the latest dossier, and the
    # reply offers the others; moved to the child's, it gives that dossier its deadline.
    reply = await photo(chat, "feuille_de_soins", FEUILLE, words["placed"])
    assert f"{words['placed']} 2" in plain(reply.text)
    [label] = [b for b in reply.button_texts if "1" in b and "🦵" in b]
    moved = await chat.press(reply, reply.callback_data(label))
    _image, truth = render_document("feuille_de_soins", FEUILLE)
    assert truth.consultation_date is not None
    start = truth.consultation_date.strftime("%d/%m/%Y")
    assert any(start in plain(s.text) for s in moved)  # its 3 months counted from that day
    assert len(storage.documents(kine_dossier.id)) == 2
    # The optique dossier's first consultation, typed: its last day is in 10 days, reminded
    # by day, not at night.
    [view] = await chat.send("/status")
    [opt] = await chat.press(view, f"dv:{optique_dossier.id}.{optique_dossier.token}")
    await chat.press(opt, opt.callback_data(words["other"]))
    days_back = (today() - dt.timedelta(days=n) for n in range(80, 100))
    end = today() + dt.timedelta(days=10)
    first = next(
        d for d in days_back if add_months(d, RULEBOOK.deadlines["feuille_de_soins"].months) == end
    )
    await chat.send(first.strftime("%d/%m/%Y"))
    context = app.context_types.context(app)
    night = dt.datetime.combine(today(), dt.time(22, 30), MOROCCO)
    assert await send_reminders(context, night) == 0
    noon = dt.datetime.combine(today(), dt.time(12, 0), MOROCCO)
    assert await send_reminders(context, noon) >= 1
    assert any(words["reminder"] in s.text for s in chat.request.sent[-3:])
    # The cover sheet of the child's dossier: a one-page PDF with the child's name.
    [sheet] = await chat.press(kine, kine.callback_data(words["cover"]))
    assert sheet.document is not None
    [page] = pdf_pages(sheet.document)
    assert fold(child) in fold(page) and "mupras" in fold(page)
    # Sent, rejected, the complaint.
    [ask] = await chat.press(kine, kine.callback_data(words["sent"]))
    [how] = await chat.press(ask, ask.callback_data(words["anyway"]))
    [sent] = await chat.press(how, how.callback_data(words["post"]))
    [rejected] = await chat.press(sent, sent.callback_data(words["rejected"]))
    assert storage.dossier(kine_dossier.id, chat.user["id"]).status is DossierStatus.REJECTED  # type: ignore[union-attr]
    [mail] = await chat.press(rejected, rejected.callback_data(words["complaint"]))
    assert "contact@mupras.com" in plain(mail.text) and child in plain(mail.text)
