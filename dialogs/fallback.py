"""What the bot cannot use (stickers, voice, locations, unknown commands) and errors."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import Context
from bot.i18n import Translator
from bot.keyboards import main_menu
from dialogs.render import apology_text

logger = logging.getLogger(__name__)


async def unsupported(update: Update, context: Context) -> None:
    """A sticker, a voice note, a video, a location, a contact...: say what helps instead."""
    message = update.effective_message
    assert message is not None
    tr = context.tr
    _ = tr.gettext
    if message.voice or message.audio or message.video_note:
        text = _(
            "Je ne peux pas écouter les messages vocaux. Écrivez votre question, s'il vous plaît."
        )
    elif message.video or message.animation:
        text = _(
            "Je ne lis pas les vidéos. Envoyez une photo nette du document, "
            "ou écrivez votre question."
        )
    elif message.location or message.venue:
        text = _(
            "Merci, mais je n'ai pas besoin de votre position. "
            "L'adresse de la MUPRAS est dans /contact."
        )
    elif message.contact:
        text = _("Je n'ai pas besoin de numéro de téléphone. Pour joindre la MUPRAS : /contact.")
    elif message.sticker:
        text = _("😊 Pour avancer, écrivez votre question ou choisissez dans le menu.")
    else:
        text = _(
            "Je ne sais pas lire ce type de message. "
            "Écrivez votre question ou choisissez dans le menu."
        )
    await message.reply_text(text, reply_markup=main_menu(tr))


async def unknown_command(update: Update, context: Context) -> None:
    """A /command the bot does not have."""
    message = update.effective_message
    assert message is not None
    tr = context.tr
    command = (message.text or "").split()[0][:32]
    text = tr.gettext(
        "Je ne connais pas la commande {command}. Voici ce que je sais faire :", command=command
    )
    text += "\n/start · /newclaim · /status · /contact · /help"
    await message.reply_text(text, reply_markup=main_menu(tr))


async def error_handler(update: object, context: Context) -> None:
    """Log the error with its traceback (never the user's text) and apologise in their language."""
    logger.error("Error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # no spinner left turning
            await update.callback_query.answer()
    try:
        tr = context.tr
    except Exception:  # the error may come from what finds the language (storage...)
        tr = Translator("fr", context.services.locales_dir)
    try:
        await context.bot.send_message(update.effective_chat.id, apology_text(tr))
    except TelegramError:
        logger.warning("Could not send the apology", exc_info=True)
