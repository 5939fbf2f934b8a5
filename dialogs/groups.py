"""Private chats only: in a group the bot shows nothing of anyone; channel posts are ignored.

Runs before every other handler (group -1). Health data is never shown where others can read it:
in a group, a command, a file or a message addressed to the bot gets one short line in both
languages with a link to the private chat, and a button pressed there gets the same line as an
alert. Edited messages never create anything: only an edited question is answered again.
"""

from __future__ import annotations

import logging

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ApplicationHandlerStop, BaseHandler

from bot.context import Context
from bot.i18n import N_, Translator

logger = logging.getLogger(__name__)


def _both(fr: Translator, ar: Translator, msgid: str, separator: str) -> str:
    return fr.gettext(msgid) + separator + ar.gettext(msgid)


def _addressed(message: Message, bot_id: int, username: str | None) -> bool:
    """A command, a file, a reply to the bot or a mention: what a group member meant for it."""
    if message.photo or message.document:
        return True
    text = message.text or message.caption or ""
    if text.startswith("/"):
        return True
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return True
    return bool(username) and f"@{username}".lower() in text.lower()


def is_private(update: object) -> bool:
    """An update the dialogs may see: from a private chat, and not an edit that would store
    something (only an edited question is answered again)."""
    if not isinstance(update, Update):
        return False
    edited = update.edited_message
    if edited is not None and (not edited.text or edited.text.startswith("/")):
        return False
    chat = update.effective_chat
    return chat is not None and chat.type == Chat.PRIVATE


class PrivateOnly(BaseHandler[Update, Context, None]):
    """Group -1: takes every update that is not private (a private one costs one check)."""

    def __init__(self) -> None:
        super().__init__(private_only)

    def check_update(self, update: object) -> bool:
        """True for what the dialogs must not see."""
        return not is_private(update)


async def private_only(update: Update, context: Context) -> None:
    """Answer a group with one line; drop the rest; no other handler runs."""
    chat = update.effective_chat
    private = chat is not None and chat.type == Chat.PRIVATE
    if not private and (update.message is not None or update.callback_query is not None):
        await _redirect(update, context)
    raise ApplicationHandlerStop


async def _redirect(update: Update, context: Context) -> None:
    """The line, with a link to the private chat; nothing of the person, nothing stored."""
    locales = context.services.locales_dir
    fr, ar = Translator("fr", locales), Translator("ar", locales)
    text = _both(fr, ar, N_("🔒 Je réponds seulement en privé, pour protéger vos données."), "\n")
    query = update.callback_query
    if query is not None:
        await query.answer(text, show_alert=True)
        return
    message = update.message
    assert message is not None
    bot = context.bot
    if not _addressed(message, bot.id, bot.username):
        return
    markup = None
    if bot.username:
        link = f"https://t.me/{bot.username}"
        label = "💬 " + _both(fr, ar, N_("Écrire en privé"), " · ")
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, url=link)]])
    logger.info("An update from a %s chat was not handled: private chats only", message.chat.type)
    await bot.send_message(message.chat_id, text, reply_markup=markup)
