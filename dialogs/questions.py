"""Free text: what the adherent writes, understood and answered directly."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update

from bot.context import Context
from bot.domain.dossiers import agreement_need, answers_from_conditions
from bot.domain.rules import AGREEMENT, CLAIM_DEADLINE, COMPLAINT
from bot.i18n import Translator
from bot.keyboards import keyboard, main_menu, menu_button
from bot.rulebook import Rulebook
from bot.understanding import Intent
from dialogs.render import (
    SEMICOLON,
    contact_answer,
    contact_card,
    contacts_text,
    menu_text,
    office_text,
    reply,
    send_preview,
)

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


def agreement_text(tr: Translator, rulebook: Rulebook, category_id: str) -> str:
    """Does this care need the prior agreement? As its checklist's lines say."""
    _ = tr.gettext
    care = rulebook.category(category_id).name.get(tr.lang)
    need = agreement_need(rulebook, category_id)
    email = rulebook.contacts[AGREEMENT].email
    if need.always:
        return _(
            "✅ Oui : pour {care}, l'entente préalable est exigée avant les soins. Demandez-la "
            "à {email} ; la liste des pièces suit.",
            care=care,
            email=email,
        )
    if need.when:
        cases = SEMICOLON[tr.lang].join(rulebook.conditions[c].get(tr.lang) for c in need.when)
        return _(
            "☑️ Seulement dans certains cas : pour {care}, l'entente préalable est exigée {cases}. "
            "Demandez-la à {email} avant les soins ; la liste des pièces suit.",
            care=care,
            cases=cases,
            email=email,
        )
    return _(
        "❎ Non : pour {care}, les recommandations de la MUPRAS ne demandent pas d'entente "
        "préalable. La liste des pièces suit.",
        care=care,
    )


def outside_text(tr: Translator, rulebook: Rulebook, kind: str) -> str:
    """What the rules do not say (amounts, delays, providers, hours), said plainly, and whom
    to ask instead."""
    _ = tr.gettext
    phone = rulebook.office.phone
    if kind == "amounts":
        text = _(
            "ℹ️ Je ne connais pas les montants ni les taux de remboursement : je sais seulement "
            "ce qu'il faut joindre et à qui écrire. La MUPRAS vous les dira au {phone}.",
            phone=phone,
        )
    elif kind == "delays":
        contact = rulebook.contacts[COMPLAINT]
        text = _(
            "ℹ️ Je ne sais pas quand un dossier est remboursé. Pour un remboursement qui tarde, "
            "écrivez à {email} ou appelez le {phone}.",
            email=contact.email,
            phone=phone,
        )
    elif kind == "hours":
        text = (
            _(
                "ℹ️ Je ne connais pas les horaires de la MUPRAS : appelez le {phone} avant de vous "
                "déplacer.",
                phone=phone,
            )
            + "\n"
            + office_text(tr, rulebook)
        )
    else:
        text = _(
            "ℹ️ Je ne peux pas conseiller un médecin, une pharmacie ou une clinique : je vous "
            "aide pour les papiers du remboursement."
        )
    return text


def deposit_text(tr: Translator, rulebook: Rulebook) -> str:
    """Where the dossier goes: the office's postal address (not the complaint address)."""
    office = rulebook.office
    return tr.gettext(
        "📮 Le dossier se dépose à la MUPRAS ou s'envoie par la poste :\n{name}, {address}\n"
        "☎️ {phone}",
        name=office.name,
        address=office.address.get(tr.lang),
        phone=office.phone,
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
        if understood.asks_agreement:  # "faut-il un accord avant … ?": yes or no, first
            await message.reply_text(agreement_text(tr, rulebook, value))
        answers = answers_from_conditions(rulebook, value, understood.conditions)
        await send_preview(update, context, value, answers)
        return
    care = understood.care
    if understood.intent is Intent.OUTSIDE and care is not None and care in rulebook.categories:
        # What the assistant does not know comes first, said plainly; the checklist after it.
        await message.reply_text(outside_text(tr, rulebook, value))
        answers = answers_from_conditions(rulebook, care, understood.conditions)
        await send_preview(update, context, care, answers)
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
    if intent is Intent.OUTSIDE:
        return outside_text(tr, rulebook, value), main_menu(tr)
    if intent is Intent.HUMAN:
        text = _(
            "☎️ Pour parler à quelqu'un de la MUPRAS, appelez le {phone}. Par écrit :",
            phone=rulebook.office.phone,
        )
        return text + "\n" + contacts_text(tr, rulebook), back
    if intent is Intent.DEPOSIT:
        return deposit_text(tr, rulebook), back
    text = _(
        "Je n'ai pas bien compris. Choisissez dans le menu, ou écrivez par exemple "
        "« que joindre pour la pharmacie ? ». Pour une autre question :"
    )
    phone = _("☎️ Pour parler à quelqu'un de la MUPRAS : {phone}.", phone=rulebook.office.phone)
    card = contact_card(tr, rulebook, "reclamation")
    return text + "\n\n" + card + "\n" + phone, main_menu(tr)
