"""The deadline of each dossier and its reminders: the first consultation's date (a button for
today, or typed); reminders 15 and 3 days before, sent by one repeating JobQueue job that reads
the dossiers from the database (so nothing is lost in a restart and /forget leaves no job
behind), never at night; /reminders turns them off or on."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import callbacks
from bot.context import Context
from bot.domain import StoredPaper
from bot.domain.deadlines import REMIND_DAYS, Reminder, due_reminders, dues, in_the_day, today
from bot.i18n import Translator
from bot.keyboards import button, keyboard, main_menu
from bot.storage import Dossier
from bot.text import plain
from dialogs.render import (
    consent_keyboard,
    consent_text,
    dossier_view_for,
    due_text,
    markup_without,
    reply,
    user_translator,
)

logger = logging.getLogger(__name__)

REMIND_EVERY = dt.timedelta(minutes=30)  # how often the reminders due are looked for
AWAITING_DATE = "first_care_of"  # user_data: the dossier whose first consultation is typed
MAX_PAST_DAYS = 366  # a first consultation older than a year is a typo, not a claim to send
_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")


def reminder_text(tr: Translator, context: Context, dossier: Dossier, reminder: Reminder) -> str:
    care = context.rulebook.category(dossier.category).name.get(tr.lang)
    head = tr.gettext("⏰ Rappel : dossier n° {number} ({care})", number=dossier.id, care=care)
    return head + "\n" + due_text(tr, reminder.due, today())


async def sweep(context: Context) -> None:
    """The reminders job (every REMIND_EVERY, and at start-up): sends what is due now."""
    await send_reminders(context, dt.datetime.now(dt.UTC))


async def send_reminders(context: Context, now: dt.datetime) -> int:
    """Remind of each open dossier whose date comes in 15 or 3 days, once each, by day only;
    the reminders sent are kept in the dossier, so a restart neither repeats nor loses one.
    Returns how many were sent."""
    storage = context.storage
    if not context.services.settings.reminders or in_the_day(now) != now:
        return 0
    sent = 0
    for dossier in storage.open_dossiers():
        user = storage.user(dossier.user_id)
        if user is None or not user.consented or not user.reminders:
            continue
        papers = [StoredPaper.of(doc) for doc in storage.documents(dossier.id)]
        due = dues(context.rulebook, dossier, papers)
        for reminder in due_reminders(due, now=now, done=dossier.reminded):
            tr = user_translator(context, dossier.user_id)
            text = reminder_text(tr, context, dossier, reminder)
            ref = callbacks.dossier_ref(dossier)
            markup = keyboard([button(tr.gettext("📋 Voir le dossier"), callbacks.VIEW, ref)])
            try:
                await context.bot.send_message(
                    dossier.chat_id or dossier.user_id, text, reply_markup=markup
                )
            except TelegramError as exc:  # blocked, or the chat is gone: tried again next time
                logger.info("A reminder could not be sent: %s", type(exc).__name__)
                continue
            dossier = storage.update_dossier(dossier, reminded=dossier.reminded | reminder.settles)
            sent += 1
    return sent


async def first_care_pressed(update: Update, context: Context) -> None:
    """df:<dossier>:<today|ask>: the first consultation was today, or it is typed."""
    query = update.callback_query
    values = callbacks.pressed(update, callbacks.FIRST_CARE)
    user = update.effective_user
    assert query is not None and user is not None
    dossier = None
    if values is not None:
        ident, token = values.ref(0)
        dossier = context.storage.dossier(ident, user.id, token=token)
    if dossier is None or values is None or values.word(1) not in ("today", "ask"):
        await query.answer(context.tr.gettext("Ce dossier n'existe plus."), show_alert=True)
        return
    await query.answer()
    if values.word(1) == "today":
        await _set_first_care(update, context, dossier, today(), edit=True)
        return
    assert context.user_data is not None
    context.user_data[AWAITING_DATE] = callbacks.dossier_ref(dossier)
    prompt = context.tr.gettext(
        "Écrivez la date de la première consultation, comme sur la feuille de soins "
        "(JJ/MM/AAAA, par exemple {example}).",
        example=today().strftime("%d/%m/%Y"),
    )
    if await _left_under_photos(update, dossier):
        assert query.message is not None
        await context.bot.send_message(query.message.chat.id, prompt)
    else:
        await reply(update, prompt)  # in place of the dossier's checklist, shown again after


async def _left_under_photos(update: Update, dossier: Dossier) -> bool:
    """A date button pressed under the reply to photos, not on the dossier's checklist: that
    reply keeps what was read, without the date buttons, and what follows comes below it."""
    query = update.callback_query
    pressed = query.message if query is not None else None
    if query is None or pressed is None or pressed.message_id == dossier.message_id:
        return False
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(markup_without(pressed, callbacks.FIRST_CARE))
    return True


def parse_day(text: str, today: dt.date) -> dt.date | None:
    """A typed date (JJ/MM/AAAA, JJ-MM-AA, Arabic digits too) within the past year, or None."""
    found = _DATE.match(plain(text))
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    if year < 100:
        year += 2000
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if date > today or (today - date).days > MAX_PAST_DAYS:
        return None
    return date


async def date_typed(update: Update, context: Context) -> None:
    """Group -1, a text while a first consultation's date is awaited: that date, else a hint.
    A command or a text without digits (a question) ends the wait and goes its usual way."""
    if context.user_data is None or AWAITING_DATE not in context.user_data:
        return
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.text is not None and user is not None
    if message.text.startswith("/") or not any(c.isdigit() for c in message.text):
        context.user_data.pop(AWAITING_DATE, None)
        return
    ref = callbacks.parse_ref(str(context.user_data[AWAITING_DATE]))
    dossier = context.storage.dossier(ref[0], user.id, token=ref[1]) if ref else None
    if dossier is None:
        context.user_data.pop(AWAITING_DATE, None)
        return  # gone meanwhile: the message is a question like any other
    day = parse_day(message.text, today())
    if day is None:
        await reply(
            update,
            context.tr.gettext(
                "Je n'ai pas reconnu cette date. Écrivez-la comme JJ/MM/AAAA (une date "
                "passée, de moins d'un an), ou /cancel."
            ),
        )
        raise ApplicationHandlerStop
    context.user_data.pop(AWAITING_DATE, None)
    await _set_first_care(update, context, dossier, day, edit=False)
    raise ApplicationHandlerStop


async def _set_first_care(
    update: Update, context: Context, dossier: Dossier, day: dt.date, *, edit: bool
) -> None:
    changed = context.storage.update_dossier(dossier, first_care=day.isoformat())
    text, markup = dossier_view_for(context, context.tr, changed)
    query = update.callback_query
    if (
        edit
        and query is not None
        and query.message is not None
        and not await _left_under_photos(update, changed)
    ):
        await query.edit_message_text(text, reply_markup=markup)  # the dossier's own checklist
        return
    chat = update.effective_chat
    assert chat is not None
    sent = await context.bot.send_message(chat.id, text, reply_markup=markup)
    context.storage.update_dossier(changed, chat_id=sent.chat_id, message_id=sent.message_id)


async def reminders_command(update: Update, context: Context) -> None:
    """/reminders: turn the reminders off, or on again."""
    tr = context.tr
    _ = tr.gettext
    user = update.effective_user
    stored = context.stored_user(update)
    if user is None or stored is None or not stored.consented:
        await reply(update, consent_text(tr), consent_keyboard(tr))
        return
    on = not stored.reminders
    context.storage.set_reminders(user.id, on)
    if on:
        text = _(
            "🔔 Rappels activés : je vous écris {first} jours et {last} jours avant la date "
            "limite de chaque dossier, jamais entre 21 h et 8 h. /reminders les arrête.",
            first=REMIND_DAYS[0],
            last=REMIND_DAYS[-1],
        )
    else:
        text = _("🔕 Rappels arrêtés. /reminders les remet.")
    if not context.services.settings.reminders:
        text += "\n" + _("(Les rappels sont désactivés sur ce service pour le moment.)")
    await reply(update, text, main_menu(tr))
