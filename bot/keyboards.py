"""Inline keyboards shared by several dialogs."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from functools import cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks
from bot.i18n import Translator, right_to_left
from bot.rulebook import Rulebook


class MenuEntry(enum.StrEnum):
    CHECKLIST = "checklist"
    NEW_CLAIM = "newclaim"
    STATUS = "status"
    CONTACT = "contact"
    HELP = "help"
    LANGUAGE = "language"
    PRIVACY = "privacy"


def button(text: str, prefix: str, *values: object) -> InlineKeyboardButton:
    """A button; an Arabic label that would start left to right (a flag) gets a mark first."""
    return InlineKeyboardButton(right_to_left(text), callback_data=callbacks.make(prefix, *values))


def rows(buttons: Iterable[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    """Lay buttons out `width` to a row."""
    row: list[InlineKeyboardButton] = []
    laid: list[list[InlineKeyboardButton]] = []
    for item in buttons:
        row.append(item)
        if len(row) == width:
            laid.append(row)
            row = []
    if row:
        laid.append(row)
    return laid


def language_keyboard() -> InlineKeyboardMarkup:
    """Each language named in itself, so anyone can choose."""
    return InlineKeyboardMarkup(
        [
            [
                button("🇫🇷 Français", callbacks.LANGUAGE, "fr"),
                button("🇲🇦 العربية", callbacks.LANGUAGE, "ar"),
            ]
        ]
    )


@cache
def main_menu(tr: Translator) -> InlineKeyboardMarkup:
    _ = tr.gettext
    menu = callbacks.MENU
    return InlineKeyboardMarkup(
        [
            [button(_("📋 Que joindre à mon dossier ?"), menu, MenuEntry.CHECKLIST)],
            [
                button(_("🗂 Nouveau dossier"), menu, MenuEntry.NEW_CLAIM),
                button(_("📂 Mes dossiers"), menu, MenuEntry.STATUS),
            ],
            [
                button(_("✉️ Contacts"), menu, MenuEntry.CONTACT),
                button(_("❓ Aide"), menu, MenuEntry.HELP),
            ],
            [
                button(_("🌐 Langue"), menu, MenuEntry.LANGUAGE),
                button(_("🔒 Mes données"), menu, MenuEntry.PRIVACY),
            ],
        ]
    )


@cache
def menu_button(tr: Translator) -> InlineKeyboardButton:
    return button(tr.gettext("🏠 Menu"), callbacks.MENU, "home")


def categories_keyboard(tr: Translator, rulebook: Rulebook, prefix: str) -> InlineKeyboardMarkup:
    """The ten kinds of care, two to a row."""
    buttons = [
        button(f"{c.emoji} {_short(tr.text(c.name))}", prefix, c.id)
        for c in rulebook.categories.values()
    ]
    return InlineKeyboardMarkup([*rows(buttons, 2), [menu_button(tr)]])


def _short(name: str) -> str:
    """A category name without its parenthesis, for a button."""
    return name.split(" (", 1)[0].split(" \u2068(", 1)[0]


def keyboard(*button_rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(r) for r in button_rows if r])
