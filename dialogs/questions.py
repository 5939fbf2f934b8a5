"""Free text: what the adherent writes, understood and answered directly."""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import Context
from bot.keyboards import keyboard, main_menu, menu_button
from bot.understanding import Intent
from dialogs.checklist import answers_from_conditions, send_preview
from dialogs.contacts import answer_contact, contact_card
from dialogs.onboarding import menu_text, reply

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 1000


async def free_text(update: Update, context: Context) -> None:
    """Answer a question in the adherent's words: a checklist, an address, a definition."""
    message = update.effective_message
    assert message is not None and message.text is not None
    tr = context.tr(update)
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
    logger.debug("intent %s (%s)", understood.intent, understood.value)
    rulebook = context.rulebook
    value = understood.value or ""
    if understood.intent is Intent.CATEGORY and value in rulebook.categories:
        answers = answers_from_conditions(rulebook, value, understood.conditions)
        await send_preview(update, context, value, answers)
    elif understood.intent is Intent.CONTACT and value in rulebook.contacts:
        await answer_contact(update, context, value)
    elif understood.intent is Intent.VALIDITY:
        validity = next(item for item in rulebook.general if item.id == "validite")
        text = _(
            "⏳ {rule}.\nLa date qui compte est celle de la première consultation, écrite par "
            "le médecin dans son cadre.",
            rule=validity.text.get(tr.lang),
        )
        await reply(update, text, keyboard([menu_button(tr)]))
    elif understood.intent is Intent.GLOSSARY and value in rulebook.glossary:
        entry = rulebook.glossary[value]
        text = f"📖 <b>{tr.text(entry.term)}</b>\n{tr.text(entry.text)}"
        await reply(update, text, keyboard([menu_button(tr)]))
    elif understood.intent is Intent.GREETING:
        await reply(update, _("Bonjour ! 👋") + "\n\n" + menu_text(tr), main_menu(tr))
    elif understood.intent is Intent.THANKS:
        await reply(update, _("Avec plaisir. Bon courage pour votre dossier !"), main_menu(tr))
    elif understood.intent is Intent.HELP:
        await reply(update, menu_text(tr), main_menu(tr))
    else:
        text = _(
            "Je n'ai pas bien compris. Choisissez dans le menu, ou écrivez par exemple "
            "« que joindre pour la pharmacie ? ». Pour une autre question :"
        )
        text += "\n\n" + contact_card(tr, rulebook, "reclamation")
        await reply(update, text, main_menu(tr))
