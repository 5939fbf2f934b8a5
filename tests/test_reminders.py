"""The deadline of a dossier and its reminders: the first consultation's date given with a
button or typed (French and Arabic, Arabic digits too), "à envoyer avant le JJ/MM/AAAA (dans N
jours)" in the dossier, reminders 15 and 3 days before sent once each and never at night, the
renewal of a chronic illness's declaration, /reminders, and /forget."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.console import plain
from bot.domain.checks import add_months
from bot.domain.deadlines import MOROCCO, REMIND_DAYS, Due, due_reminders, dues, today
from bot.domain.dossiers import StoredPaper
from bot.offline import OfflineChat, Sent
from bot.recognition.fields import Fields
from bot.rulebook import load_rulebook
from bot.settings import Settings
from bot.storage import Storage
from dialogs.reminders import REMIND_EVERY, parse_day, send_reminders
from tests.conftest import onboard
from tests.disk import traces
from tests.synthetic_docs import scrawled_date_feuille
from tests.test_documents import photo_message, wait_for_text

RULEBOOK = load_rulebook()
MONTHS = RULEBOOK.deadlines["feuille_de_soins"].months
RENEW_MONTHS = RULEBOOK.deadlines["declaration_maladie_chronique"].months

WORDS = {
    "fr": {
        "ask": "Date de la première consultation",
        "today": "Aujourd'hui",
        "other": "Une autre date",
        "typed": "Écrivez la date de la première consultation",
        "before": "À envoyer avant le",
        "days": "jours",
        "reminder": "Rappel : dossier n°",
        "bad": "Je n'ai pas reconnu cette date",
        "unread": "Je n'ai pas pu lire la date de la consultation",
        "read": "J'ai lu",
    },
    "ar": {
        "ask": "ما تاريخ الفحص الأول",
        "today": "اليوم",
        "other": "تاريخ آخر",
        "typed": "اكتب تاريخ الفحص الأول",
        "before": "يجب إرسال الملف قبل",
        "days": "يوما",
        "reminder": "تذكير: الملف رقم",
        "bad": "لم أتعرف على هذا التاريخ",
        "unread": "لم أتمكن من قراءة تاريخ الفحص",
        "read": "قرأت",
    },
}


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), MOROCCO)


def arabic_digits(text: str) -> str:
    return text.translate({ord(str(d)): chr(0x0660 + d) for d in range(10)})


async def _dossier(chat: OfflineChat, lang: str) -> Sent:
    """A child's optique dossier, its one question answered: its ticks and dates shown."""
    await onboard(chat, lang)
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [categories] = await chat.send("Rania")
    [dossier] = await chat.press(categories, "ncat:optique")
    [dossier] = await chat.press(dossier, dossier.buttons[0][0]["callback_data"])
    return dossier


def _context(app: Any) -> Any:
    return app.context_types.context(app)


# The timing, as plain functions.

LAST = dt.date(2027, 6, 20)  # not in Ramadan, when Morocco's clock is UTC+0 instead of UTC+1
SEND = Due("send", dt.date(2027, 3, 20), LAST)


def test_each_reminder_comes_from_ten_in_the_morning_of_its_day() -> None:
    first, last = (LAST - dt.timedelta(days=d) for d in REMIND_DAYS)
    assert due_reminders([SEND], now=at(first, 9, 59), done=()) == []
    [fifteen] = due_reminders([SEND], now=at(first, 10, 0), done=())
    assert fifteen.name == f"send-{REMIND_DAYS[0]}" and fifteen.due == SEND
    # Once sent, not again; the next one comes on its own day.
    later = at(first + dt.timedelta(days=2), 11)
    assert due_reminders([SEND], now=later, done={fifteen.name}) == []
    [three] = due_reminders([SEND], now=at(last, 10, 30), done={fifteen.name})
    assert three.name == f"send-{REMIND_DAYS[-1]}"


def test_never_at_night_in_morocco_whatever_the_server_clock() -> None:
    first = LAST - dt.timedelta(days=REMIND_DAYS[0])
    assert due_reminders([SEND], now=at(first, 21, 0), done=()) == []
    assert due_reminders([SEND], now=at(first + dt.timedelta(days=1), 7, 59), done=()) == []
    # 07:30 UTC is 08:30 in Casablanca (UTC+1): in the day.
    utc = dt.datetime.combine(first + dt.timedelta(days=1), dt.time(7, 30), dt.UTC)
    assert [r.name for r in due_reminders([SEND], now=utc, done=())] == ["send-15"]


def test_a_reminder_missed_while_down_comes_late_only_the_latest_and_never_after_the_date() -> (
    None
):
    late = at(LAST - dt.timedelta(days=1), 15)
    [reminder] = due_reminders([SEND], now=late, done=())
    assert reminder.name == "send-3" and reminder.settles == {"send-15", "send-3"}
    assert due_reminders([SEND], now=at(LAST + dt.timedelta(days=1), 12), done=()) == []


def test_the_dates_come_from_the_rulebook_the_typed_date_first_then_the_feuille() -> None:
    storage_dossier: Any = type("D", (), {"first_care": None})()
    feuille = StoredPaper(("feuille_de_soins",), Fields(consultation_date=dt.date(2026, 11, 2)))
    [due] = dues(RULEBOOK, storage_dossier, [feuille])
    assert due.kind == "send" and due.last_day == add_months(dt.date(2026, 11, 2), MONTHS)
    storage_dossier.first_care = "2026-10-30"
    [due] = dues(RULEBOOK, storage_dossier, [feuille])
    assert due.start == dt.date(2026, 10, 30)
    declaration = StoredPaper(
        ("declaration_maladie_chronique",), Fields(document_date=dt.date(2026, 9, 1))
    )
    kinds = {d.kind: d for d in dues(RULEBOOK, storage_dossier, [declaration])}
    assert kinds["renew"].last_day == add_months(dt.date(2026, 9, 1), RENEW_MONTHS)


def test_a_typed_date_is_read_in_both_digit_sets_and_must_be_a_recent_past() -> None:
    day = dt.date(2026, 12, 3)
    assert parse_day("05/11/2026", day) == dt.date(2026, 11, 5)
    assert parse_day(" 5-11-26 ", day) == dt.date(2026, 11, 5)
    assert parse_day(arabic_digits("05/11/2026"), day) == dt.date(2026, 11, 5)
    for wrong in ("31/02/2026", "05/11/2027", "05/11/2024", "5 novembre", "12/2026"):
        assert parse_day(wrong, day) is None, wrong


# Through the bot.


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_today_sets_the_deadline_shown_in_the_dossier(
    chat: OfflineChat, settings: Settings, lang: str
) -> None:
    words = WORDS[lang]
    dossier = await _dossier(chat, lang)
    assert words["ask"] in plain(dossier.text)
    [shown] = await chat.press(dossier, dossier.callback_data(words["today"]))
    last = add_months(today(), MONTHS)
    text = plain(shown.text)
    assert words["before"] in text and last.strftime("%d/%m/%Y") in text
    assert str((last - today()).days) in text and words["days"] in text
    assert words["ask"] not in text and words["today"] not in " ".join(shown.button_texts)
    [stored] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert stored.first_care == today().isoformat()


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_another_date_is_typed_arabic_digits_too_a_wrong_one_asked_again(
    chat: OfflineChat, lang: str
) -> None:
    words = WORDS[lang]
    dossier = await _dossier(chat, lang)
    [prompt] = await chat.press(dossier, dossier.callback_data(words["other"]))
    assert words["typed"] in plain(prompt.text)
    [wrong] = await chat.send("31/02/2026")
    assert words["bad"] in plain(wrong.text)
    first = today() - dt.timedelta(days=20)
    typed = first.strftime("%d/%m/%Y")
    [shown] = await chat.send(arabic_digits(typed) if lang == "ar" else typed)
    last = add_months(first, MONTHS)
    assert last.strftime("%d/%m/%Y") in plain(shown.text)
    # The wait is over: a date typed now is a question like any other, not a date.
    [after] = await chat.send(typed)
    assert words["before"] not in plain(after.text)


async def test_a_question_typed_instead_of_the_date_is_answered_as_a_question(
    chat: OfflineChat,
) -> None:
    dossier = await _dossier(chat, "fr")
    await chat.press(dossier, dossier.callback_data("Une autre date"))
    [answer] = await chat.send("que faut-il pour la pharmacie ?")
    assert "Pharmacie" in plain(answer.text)
    [again] = await chat.send("15/11/2026")
    assert "Je n'ai pas reconnu" not in plain(again.text)
    assert "À envoyer avant" not in plain(again.text)


@pytest.mark.parametrize(("lang", "press"), [("fr", "other"), ("ar", "today")])
async def test_a_consultation_date_unread_on_the_feuille_is_asked_and_sets_the_deadline(
    chat: OfflineChat, settings: Settings, lang: str, press: str
) -> None:
    """A feuille filled in by the doctor whose date is a scrawl: the reply to the photo asks the
    date (never guessed from the signing date), and the answer sets the deadline."""
    words = WORDS[lang]
    await onboard(chat, lang)
    await chat.send_content(**photo_message(chat, scrawled_date_feuille(1)))
    reply = await wait_for_text(chat, words["unread"])
    assert words["read"] in plain(reply.text) and words["before"] not in plain(reply.text)
    [stored] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert stored.first_care is None
    first = today() - dt.timedelta(days=12) if press == "other" else today()
    if press == "other":
        answers = await chat.press(reply, reply.callback_data(words["other"]))
        [prompt] = [m for m in answers if m.method == "sendMessage"]
        assert words["typed"] in plain(prompt.text)
        # The reply keeps what was read (its text is not replaced by the prompt).
        assert all(m.method == "editMessageReplyMarkup" for m in answers if m is not prompt)
        [shown] = await chat.send(first.strftime("%d/%m/%Y"))
    else:
        answers = await chat.press(reply, reply.callback_data(words["today"]))
        [shown] = [m for m in answers if m.method == "sendMessage"]
        # The reply keeps what was read, without the date buttons.
        [edited] = [m for m in answers if m.method == "editMessageReplyMarkup"]
        assert edited.message_id == reply.message_id
        assert words["today"] not in " ".join(edited.button_texts) and edited.button_texts
    last = add_months(first, MONTHS)
    assert words["before"] in plain(shown.text) and last.strftime("%d/%m/%Y") in plain(shown.text)
    [stored] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert stored.first_care == first.isoformat()


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_a_reminder_is_sent_once_in_the_adherents_language(
    app: Any, chat: OfflineChat, settings: Settings, lang: str
) -> None:
    words = WORDS[lang]
    dossier = await _dossier(chat, lang)
    await chat.press(dossier, dossier.callback_data(words["other"]))
    # A first consultation such that the last day is 10 days away: the 15-day reminder is due.
    last = today() + dt.timedelta(days=10)
    days_back = (today() - dt.timedelta(days=n) for n in range(80, 100))
    first = next(d for d in days_back if add_months(d, MONTHS) == last)
    await chat.send(first.strftime("%d/%m/%Y"))
    noon = at(today(), 12)
    before = len(chat.request.sent)
    assert await send_reminders(_context(app), noon) == 1
    [reminder] = chat.request.sent[before:]
    text = plain(reminder.text)
    assert words["reminder"] in text and last.strftime("%d/%m/%Y") in text and "10" in text
    assert reminder.chat_id == chat.user["id"]
    assert await send_reminders(_context(app), noon + dt.timedelta(hours=1)) == 0
    [stored] = Storage(settings.database_path).dossiers(chat.user["id"])
    assert stored.reminded == {"send-15"}  # kept in the database: a restart does not repeat it
    # Never at night.
    assert await send_reminders(_context(app), at(last - dt.timedelta(days=3), 22)) == 0


async def test_the_reminders_job_runs_from_the_start_and_repeats(app: Any) -> None:
    await app.post_init(app)
    [job] = app.job_queue.get_jobs_by_name("reminders")
    assert job.job.trigger.interval == REMIND_EVERY
    await job.run(app)  # by day or by night, it runs without a dossier to remind of


async def test_reminders_command_turns_them_off_and_on(app: Any, chat: OfflineChat) -> None:
    dossier = await _dossier(chat, "fr")
    await chat.press(dossier, dossier.callback_data("Une autre date"))
    first = today() - dt.timedelta(days=85)
    await chat.send(first.strftime("%d/%m/%Y"))
    [off] = await chat.send("/reminders")
    assert "Rappels arrêtés" in plain(off.text)
    assert await send_reminders(_context(app), at(today(), 12)) == 0
    [on] = await chat.send("/reminders")
    assert "Rappels activés" in plain(on.text)
    assert await send_reminders(_context(app), at(today(), 12)) == 1


async def test_no_reminder_for_a_sent_dossier(app: Any, chat: OfflineChat) -> None:
    dossier = await _dossier(chat, "fr")
    await chat.press(dossier, dossier.callback_data("Une autre date"))
    [shown] = await chat.send((today() - dt.timedelta(days=85)).strftime("%d/%m/%Y"))
    [ask] = await chat.press(shown, shown.callback_data("Je l'ai envoyé"))
    [how] = await chat.press(ask, ask.callback_data("Oui, il est parti quand même"))
    await chat.press(how, how.callback_data("Par la poste"))
    assert await send_reminders(_context(app), at(today(), 12)) == 0


async def test_forget_leaves_no_date_and_no_reminder(
    app: Any, chat: OfflineChat, settings: Settings
) -> None:
    dossier = await _dossier(chat, "fr")
    await chat.press(dossier, dossier.callback_data("Une autre date"))
    first = today() - dt.timedelta(days=85)
    await chat.send(first.strftime("%d/%m/%Y"))
    [confirm] = await chat.send("/forget")
    await chat.press(confirm, confirm.callback_data("Oui"))
    assert await send_reminders(_context(app), at(today(), 12)) == 0
    assert traces(settings.data_dir, [first.isoformat()], chat.user["id"]) == []
