"""Whom to write to: the three MUPRAS addresses and the office."""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from bot.keyboards import keyboard, menu_button
from dialogs.render import contacts_text, reply


async def contact(update: Update, context: Context) -> None:
    """/contact: which address for what, and the office."""
    tr = context.tr
    text = tr.gettext("À qui écrire :") + "\n\n" + contacts_text(tr, context.rulebook)
    await reply(update, text, keyboard([menu_button(tr)]))
