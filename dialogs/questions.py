"""Free text: what the adherent writes, understood and answered directly."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update

from bot.context import Context
from bot.domain.dossiers import answers_from_conditions
from bot.domain.rules import CLAIM_DEADLINE
from bot.i18n import Translator
from bot.keyboards import keyboard, main_menu, menu_button
from bot.rulebook import Rulebook
from bot.understanding import Intent
from dialogs.render import contact_answer, contact_card, menu_text, reply, send_preview

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 1000


def validity_text(tr: Translator, rulebook: Rulebook) -> str:
    """How long a feuille de soins is valid, from the rulebook."""
    validity = rulebook.rule(rulebook.deadlines[CLAIM_DEADLINE].rule)
    assert validity is not None  # checked when the rulebook loads
    return tr.gettext(
        "⏳ {rule}.\nLa date qui compte est celle de la première consultation, écrite par "
        "le médecin dans son cadre.",
        rule=validity.text.get(tr.lang),
    )


async def free_text(update: Update, context: Context) -> None:
    """Answer a question in the adherent's words: a checklist, an address, a definition."""
    message = update.effective_message
    assert message is not None and message.text is not None
    tr = context.tr
    _ = tr.gettext
    if len(message.text) > MAX_TEXT_LENGTH:
        await message.reply_text(
            _(
                "Votre message est très long. Écrivez votre question en une ou deux phrases, "
                "par exemple « que joindre pour l'optique ? »."
            )
        )
        return
    understood = context.services.understander.understand(message.text)
    logger.debug("intent %s", understood.intent)  # never the care asked about: health data
    rulebook = context.rulebook
    value = understood.value or ""
    if understood.intent is Intent.CATEGORY and value in rulebook.categories:
        answers = answers_from_conditions(rulebook, value, understood.conditions)
        await send_preview(update, context, value, answers)
        return
    text, markup = context.services.view(
        ("answer", tr.lang, understood.intent, value),
        lambda: answer(tr, rulebook, understood.intent, value),
    )
    await reply(update, text, markup)


def answer(
    tr: Translator, rulebook: Rulebook, intent: Intent, value: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The reply to anything but a kind of care: the same for everyone, so rendered once."""
    _ = tr.gettext
    back = keyboard([menu_button(tr)])
    if intent is Intent.CONTACT and value in rulebook.contacts:
        return contact_answer(tr, rulebook, value), back
    if intent is Intent.VALIDITY:
        return validity_text(tr, rulebook), back
    if intent is Intent.GLOSSARY and value in rulebook.glossary:
        entry = rulebook.glossary[value]
        return f"📖 <b>{tr.text(entry.term)}</b>\n{tr.text(entry.text)}", back
    if intent is Intent.GREETING:
        return _("Bonjour ! 👋") + "\n\n" + menu_text(tr), main_menu(tr)
    if intent is Intent.THANKS:
        return _("Avec plaisir. Bon courage pour votre dossier !"), main_menu(tr)
    if intent is Intent.HELP:
        return menu_text(tr), main_menu(tr)
    text = _(
        "Je n'ai pas bien compris. Choisissez dans le menu, ou écrivez par exemple "
        "« que joindre pour la pharmacie ? ». Pour une autre question :"
    )
    phone = _("☎️ Pour parler à quelqu'un de la MUPRAS : {phone}.", phone=rulebook.office.phone)
    card = contact_card(tr, rulebook, "reclamation")
    return text + "\n\n" + card + "\n" + phone, main_menu(tr)
