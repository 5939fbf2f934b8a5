"""First contact: language, consent (loi 09-08), the main menu, help."""

from __future__ import annotations

from telegram import BotCommand, Update

from bot import callbacks
from bot.context import MEMORY_LANGUAGE, Context
from bot.i18n import N_, Translator
from bot.keyboards import language_keyboard, main_menu
from dialogs.render import consent_keyboard, consent_text, menu_text, reply

# The bot's commands, shown by Telegram in each language (set_my_commands at start-up).
COMMANDS = (
    ("start", N_("Commencer, ou revenir au menu")),
    ("newclaim", N_("Préparer un nouveau dossier")),
    ("status", N_("Mes dossiers et ce qu'il leur manque")),
    ("contact", N_("À qui écrire : les adresses de la MUPRAS")),
    ("help", N_("Ce que je sais faire")),
    ("language", N_("Changer de langue")),
    ("reminders", N_("Arrêter ou remettre les rappels de date limite")),
    ("privacy", N_("Mes données")),
    ("forget", N_("Effacer toutes mes données")),
)


def bot_commands(tr: Translator) -> list[BotCommand]:
    return [BotCommand(name, tr.gettext(description)) for name, description in COMMANDS]


async def start(update: Update, context: Context) -> None:
    """/start: the language first, then consent, then the menu."""
    stored = context.stored_user(update)
    if stored is not None and stored.consented and stored.language:
        tr = context.tr
        await reply(update, menu_text(tr), main_menu(tr))
        return
    text = (
        "Bienvenue ! Je vous aide à préparer vos dossiers de remboursement MUPRAS.\n"
        "مرحبا! أساعدك في تحضير ملفات التعويض الخاصة بالتعاضدية.\n\n"
        "Choisissez votre langue · اختر لغتك"
    )
    await reply(update, text, language_keyboard())


async def choose_language(update: Update, context: Context) -> None:
    """/language: offer both languages."""
    await reply(update, "Choisissez votre langue · اختر لغتك", language_keyboard())


async def language_chosen(update: Update, context: Context) -> None:
    """A language button: remembered if the adherent consented, else carried to the consent."""
    values = callbacks.parse(
        callbacks.LANGUAGE, update.callback_query.data if update.callback_query else None
    )
    lang = values.word(0) if values and values.word(0) in ("fr", "ar") else "fr"
    tr = context.set_language(update, lang)
    stored = context.stored_user(update)
    if stored is not None and stored.consented:
        await reply(update, tr.gettext("C'est noté.") + "\n\n" + menu_text(tr), main_menu(tr))
        return
    await reply(update, consent_text(tr), consent_keyboard(tr))


async def consent_given(update: Update, context: Context) -> None:
    """Consent buttons: the person (and their language) is stored only after a yes."""
    user = update.effective_user
    assert user is not None
    values = callbacks.parse(
        callbacks.CONSENT, update.callback_query.data if update.callback_query else None
    )
    answer = values.word(0) if values else "no"
    if values and values.word(1) in ("fr", "ar"):
        context.set_language(update, values.word(1))
    tr = context.tr
    if answer == "yes":
        context.storage.give_consent(user.id)
        context.set_language(update, tr.lang)
        if context.user_data is not None:
            context.user_data.pop(MEMORY_LANGUAGE, None)  # stored now
        text = (
            tr.gettext("Merci. Vos dossiers sont maintenant suivis ici.") + "\n\n" + menu_text(tr)
        )
    else:
        text = tr.gettext(
            "D'accord, je n'enregistre rien. Vous pouvez quand même demander ce qu'il faut "
            "joindre et à qui écrire ; pour suivre un dossier, il faudra accepter (/start)."
        )
    await reply(update, text, main_menu(tr))


async def help_command(update: Update, context: Context) -> None:
    """/help: what the bot does and its commands."""
    tr = context.tr
    _ = tr.gettext
    lines = [
        _(
            "Je vous dis quoi joindre à votre demande de remboursement MUPRAS, selon le type de "
            "soins, et à quelle adresse écrire. Je ne décide pas des remboursements : c'est la "
            "MUPRAS qui les traite."
        ),
        "",
        _(
            "📷 Envoyez aussi la photo de vos papiers (ou un PDF) : je vous dis ce que c'est, "
            "ce qui manque encore et ce qui risque un rejet."
        ),
        "",
        _("Écrivez votre question (« que joindre pour des lunettes ? ») ou utilisez :"),
    ]
    for name, description in COMMANDS:
        # An Arabic line must not start with a Latin token: the command goes last there.
        if tr.rtl:
            lines.append(f"• {_(description)} : {tr.value('/' + name)}")
        else:
            lines.append(f"/{name} — {_(description)}")
    lines.append(_("Pendant un nouveau dossier, {command} l'annule.", command="/cancel"))
    office = context.rulebook.office
    lines += ["", _("☎️ Pour parler à quelqu'un de la MUPRAS : {phone}.", phone=office.phone)]
    await reply(update, "\n".join(lines), main_menu(tr))
