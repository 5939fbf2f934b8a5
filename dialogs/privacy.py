"""The adherent's data: what is kept, and /forget, which erases the person."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ConversationHandler

from bot import callbacks
from bot.context import Context
from bot.keyboards import button, keyboard, main_menu, menu_button
from dialogs.render import reply

logger = logging.getLogger(__name__)


async def privacy(update: Update, context: Context) -> None:
    """/privacy: what is stored about the adherent, and how to erase it."""
    tr = context.tr
    _ = tr.gettext
    user = update.effective_user
    stored = context.stored_user(update)
    if user is None or stored is None or not stored.consented:
        text = _("🔒 Je n'ai rien enregistré sur vous.")
    else:
        dossiers = context.storage.dossiers(user.id)
        documents = context.storage.count_documents(user.id)
        text = _("🔒 <b>Ce que je garde sur vous</b>") + "\n"
        text += _(
            "Votre langue, votre accord (loi 09-08) du {date}.",
            date=(stored.consent_at or "")[:10],
        )
        text += "\n" + tr.ngettext("{n} dossier", "{n} dossiers", len(dossiers))
        text += " · " + tr.ngettext("{n} document lu", "{n} documents lus", documents)
        if context.services.settings.keep_images:
            text += "\n" + _("Les images des documents sont conservées sur ce serveur.")
        else:
            text += "\n" + _("Aucune image : elles sont effacées dès qu'elles sont lues.")
    months = context.services.settings.retention_months
    text += "\n" + tr.ngettext(
        "Un dossier sans changement depuis {n} mois est effacé automatiquement, avec ses "
        "documents.",
        "Un dossier sans changement depuis {n} mois est effacé automatiquement, avec ses "
        "documents.",
        months,
    )
    text += "\n\n" + _("/forget efface tout, définitivement.")
    await reply(update, text, keyboard([menu_button(tr)]))


async def forget(update: Update, context: Context) -> None:
    """/forget: ask to confirm the erasure."""
    tr = context.tr
    _ = tr.gettext
    markup = keyboard(
        [
            button(_("🗑 Oui, tout effacer"), callbacks.FORGET, "yes"),
            button(_("Annuler"), callbacks.FORGET, "no"),
        ]
    )
    text = _("Effacer toutes vos données : dossiers, documents lus, images, langue et accord ?")
    await reply(update, text, markup)


async def forget_confirmed(update: Update, context: Context) -> None:
    """forget:yes erases everything of the person, images included, and says so."""
    tr = context.tr
    _ = tr.gettext
    user = update.effective_user
    assert user is not None
    values = callbacks.parse(
        callbacks.FORGET, update.callback_query.data if update.callback_query else None
    )
    if values is None or values.word(0) != "yes":
        await reply(update, _("Rien n'a été effacé."), main_menu(tr))
        return
    counts = erase_person(context, user.id)
    logger.info("A user asked to be forgotten; erased %s", counts)
    text = _("🗑 C'est fait : tout ce que je savais de vous est effacé.") + "\n"
    text += tr.ngettext("{n} dossier effacé", "{n} dossiers effacés", counts["dossiers"])
    text += " · " + tr.ngettext(
        "{n} document effacé", "{n} documents effacés", counts["documents"]
    )
    text += " · " + tr.ngettext("{n} image effacée", "{n} images effacées", counts["images"])
    text += "\n\n" + _("Pour revenir : /start.")
    await reply(update, text)


def erase_person(context: Context, user_id: int) -> dict[str, int]:
    """Everything of one person, everywhere: rows (dossiers, documents, files waiting, dialog
    state), the WAL scrubbed, the images folder, the dialog in progress, pending jobs."""
    application = context.application
    for job in application.job_queue.jobs() if application.job_queue else ():
        if job.user_id == user_id:
            job.schedule_removal()  # an album waiting to be read
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, ConversationHandler):
                _end_conversations(handler, user_id)
    if user_id in application.user_data:
        application.drop_user_data(user_id)  # in memory now, in the database just below
    counts = context.storage.forget(user_id)
    counts["images"] = max(counts["images"], context.services.forget_files(user_id))
    return counts


def _end_conversations(handler: ConversationHandler[Context], user_id: int) -> None:
    """End this person's dialog in a conversation (a /newclaim half-way): python-telegram-bot
    has no public call for it, so its table of states is edited, keys ending with the user."""
    conversations = handler._conversations  # no public API: a test checks it still works
    for key in [k for k in conversations if k and k[-1] == user_id]:
        del conversations[key]


async def retention(context: Context) -> None:
    """The JobQueue's call, every few hours: dossiers unchanged for RETENTION_MONTHS go."""
    months = context.services.settings.retention_months
    counts = context.storage.expire(months)
    if any(counts.values()):
        logger.info("Retention (%d months) erased %s", months, counts)
