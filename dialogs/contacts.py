"""Whom to write to: the three MUPRAS addresses and the office."""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from bot.i18n import Translator
from bot.keyboards import keyboard, menu_button
from bot.rulebook import Rulebook
from dialogs.onboarding import reply


def contact_card(tr: Translator, rulebook: Rulebook, contact_id: str) -> str:
    """One address and when to use it."""
    contact = rulebook.contacts[contact_id]
    return tr.gettext(
        "✉️ <b>{label}</b> : {email}\nPour {use}.",
        label=contact.label.get(tr.lang),
        email=contact.email,
        use=contact.use.get(tr.lang),
    )


def office_text(tr: Translator, rulebook: Rulebook) -> str:
    office = rulebook.office
    return tr.gettext(
        "🏢 <b>{name}</b> : {address}\n☎️ {phone} · Fax {fax} · {website}",
        name=office.name,
        address=office.address.get(tr.lang),
        phone=office.phone,
        fax=office.fax,
        website=office.website,
    )


def contacts_text(tr: Translator, rulebook: Rulebook, first: str | None = None) -> str:
    """All addresses, the one asked about first."""
    order = sorted(rulebook.contacts, key=lambda cid: cid != first)
    cards = [contact_card(tr, rulebook, cid) for cid in order]
    return "\n\n".join([*cards, office_text(tr, rulebook)])


async def contact(update: Update, context: Context) -> None:
    """/contact: which address for what, and the office."""
    tr = context.tr(update)
    text = tr.gettext("À qui écrire :") + "\n\n" + contacts_text(tr, context.rulebook)
    await reply(update, text, keyboard([menu_button(tr)]))


def contact_answer(tr: Translator, rulebook: Rulebook, contact_id: str) -> str:
    """The right address first, then the others and the office."""
    text = contact_card(tr, rulebook, contact_id)
    text += "\n\n" + tr.gettext("Les autres adresses :")
    for cid, other in rulebook.contacts.items():
        if cid != contact_id:
            text += f"\n• {tr.text(other.label)} : {tr.value(other.email)}"
    return text + "\n\n" + office_text(tr, rulebook)
