"""The adherent's data: what is kept, and /forget, which erases the person."""

from __future__ import annotations

import logging

from telegram import Update

from bot import callbacks
from bot.context import Context
from bot.keyboards import button, keyboard, main_menu, menu_button
from dialogs.onboarding import reply

logger = logging.getLogger(__name__)


async def privacy(update: Update, context: Context) -> None:
    """/privacy: what is stored about the adherent, and how to erase it."""
    tr = context.tr(update)
    _ = tr.gettext
    user = update.effective_user
    stored = context.stored_user(update)
    if user is None or stored is None or not stored.consented:
        text = _("🔒 Je n'ai rien enregistré sur vous.")
    else:
        dossiers = context.storage.dossiers(user.id)
        documents = sum(len(context.storage.documents(d.id)) for d in dossiers)
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
    text += "\n\n" + _("/forget efface tout, définitivement.")
    await reply(update, text, keyboard([menu_button(tr)]))


async def forget(update: Update, context: Context) -> None:
    """/forget: ask to confirm the erasure."""
    tr = context.tr(update)
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
    tr = context.tr(update)
    _ = tr.gettext
    user = update.effective_user
    assert user is not None
    if callbacks.split(update.callback_query.data if update.callback_query else None) != ["yes"]:
        await reply(update, _("Rien n'a été effacé."), main_menu(tr))
        return
    counts = context.storage.forget(user.id)
    if context.user_data is not None:
        context.user_data.clear()  # the session too: a dossier being created
    logger.info("A user asked to be forgotten; erased %s", counts)
    text = _("🗑 C'est fait : tout ce que je savais de vous est effacé.") + "\n"
    text += tr.ngettext("{n} dossier effacé", "{n} dossiers effacés", counts["dossiers"])
    text += " · " + tr.ngettext(
        "{n} document effacé", "{n} documents effacés", counts["documents"]
    )
    text += " · " + tr.ngettext("{n} image effacée", "{n} images effacées", counts["images"])
    text += "\n\n" + _("Pour revenir : /start.")
    await reply(update, text)
