"""Dossiers: /newclaim (for whom, which care), the checklist of each, /status, "done"."""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ConversationHandler

from bot import callbacks
from bot.callbacks import answers_from_code
from bot.context import AFTER_CONSENT, Context
from bot.domain import dossier_have, dossier_state
from bot.domain.dossiers import agreement_lines
from bot.domain.rules import AGREEMENT, COMPLAINT
from bot.i18n import Translator
from bot.keyboards import button, categories_keyboard, keyboard, main_menu
from bot.storage import Beneficiary, Dossier, DossierStatus, SendWay
from bot.understanding import Intent
from dialogs.render import (
    SEMICOLON,
    beneficiary_label,
    consent_keyboard,
    consent_text,
    dossier_view_for,
    fit,
    mail_text,
    reply,
    sent_on,
    show_menu,
    whose,
)

MAX_NAME_LENGTH = 40
MAX_NAME_WORDS = 3  # "Fatima Zahra", "Mohamed Amine El": more is a sentence
NAME_MARKS = frozenset(" -'’.")  # what a first name may hold besides letters
# What the adherent's words ask when they are a question rather than a name.
QUESTION_INTENTS = frozenset({Intent.CATEGORY, Intent.CONTACT, Intent.VALIDITY, Intent.GLOSSARY})
STATUS_PAGE = 5  # dossiers per /status page: five long checklists stay well under 4,096
RECENT_DAYS = 90  # /status shows the open dossiers and those changed in the last 90 days


class NewClaim(enum.IntEnum):
    """The states of /newclaim (an IntEnum: it survives persistence)."""

    WHO = 1
    NAME = 2
    CATEGORY = 3


async def _needs_consent(update: Update, context: Context) -> bool:
    """A dossier is stored: without consent, ask for it instead."""
    stored = context.stored_user(update)
    if stored is not None and stored.consented:
        return False
    tr = context.tr
    text = tr.gettext("Pour suivre un dossier, j'ai besoin de votre accord.") + "\n\n"
    await reply(update, text + consent_text(tr), consent_keyboard(tr))
    return True


async def new_claim(update: Update, context: Context) -> int:
    """/newclaim: for whom is this claim?"""
    if await _needs_consent(update, context):
        return ConversationHandler.END
    tr = context.tr
    _ = tr.gettext
    markup = keyboard(
        [
            button(_("Moi"), callbacks.WHO, Beneficiary.SELF),
            button(_("Mon conjoint"), callbacks.WHO, Beneficiary.SPOUSE),
            button(_("Mon enfant"), callbacks.WHO, Beneficiary.CHILD),
        ]
    )
    await reply(update, _("🗂 Nouveau dossier. Pour qui sont les soins ?"), markup)
    return NewClaim.WHO


async def who_chosen(update: Update, context: Context) -> int:
    """For self: straight to the care; for a spouse or a child: their first name."""
    values = callbacks.parse(
        callbacks.WHO, update.callback_query.data if update.callback_query else None
    )
    try:
        who = Beneficiary(values.word(0) if values else Beneficiary.SELF)
    except ValueError:
        who = Beneficiary.SELF
    assert context.user_data is not None
    context.user_data["new_claim"] = {"who": who.value}
    tr = context.tr
    if who is Beneficiary.SELF:
        return await _ask_category(update, context)
    question = (
        tr.gettext("Quel est le prénom de votre enfant ?")
        if who is Beneficiary.CHILD
        else tr.gettext("Quel est le prénom de votre conjoint(e) ?")
    )
    await reply(update, question + "\n" + tr.gettext("(Écrivez-le, ou /cancel pour annuler.)"))
    return NewClaim.NAME


async def name_given(update: Update, context: Context) -> int:
    """The beneficiary's first name: kept short, shown escaped, without invisible characters
    (a right-to-left override in a name would turn the lines it is shown in around)."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    visible = "".join(c for c in message.text or "" if unicodedata.category(c) not in ("Cc", "Cf"))
    name = " ".join(visible.split())[:MAX_NAME_LENGTH]
    if not name or not _first_name(context, name):
        await message.reply_text(
            context.tr.gettext(
                "Ceci ne ressemble pas à un prénom. Écrivez seulement le prénom (par exemple : "
                "Yasmine), ou /cancel pour annuler. Votre question, posez-la ensuite."
            )
        )
        return NewClaim.NAME
    context.user_data.setdefault("new_claim", {})["name"] = name
    return await _ask_category(update, context)


def _first_name(context: Context, text: str) -> bool:
    """Letters (any script) with spaces, hyphens or apostrophes, a few words, and not a
    question ("pour la kiné ?", "que faut-il joindre")."""
    if len(text.split()) > MAX_NAME_WORDS or not any(c.isalpha() for c in text):
        return False
    if not all(c.isalpha() or c in NAME_MARKS or unicodedata.category(c) == "Mn" for c in text):
        return False
    return context.services.understander.understand(text).intent not in QUESTION_INTENTS


async def _ask_category(update: Update, context: Context) -> int:
    tr = context.tr
    markup = categories_keyboard(tr, context.rulebook, callbacks.NEW_CATEGORY)
    await reply(update, tr.gettext("Pour quel type de soins ? Choisissez :"), markup)
    return NewClaim.CATEGORY


async def category_chosen(update: Update, context: Context) -> int:
    """The care is known: the dossier is created and its checklist shown."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    values = callbacks.parse(callbacks.NEW_CATEGORY, query.data)
    if values is None or values.word(0) not in context.rulebook.categories:
        await query.answer()
        return NewClaim.CATEGORY
    draft = context.user_data.pop("new_claim", {})
    user = update.effective_user
    assert user is not None
    if await _needs_consent(update, context):  # erased (/forget) while the dialog was open
        return ConversationHandler.END
    dossier = context.storage.create_dossier(
        user.id,
        values.word(0),
        beneficiary=Beneficiary(draft.get("who", Beneficiary.SELF)),
        beneficiary_name=draft.get("name"),
    )
    await query.answer()
    await show_dossier(update, context, dossier, edit=True)
    return ConversationHandler.END


async def cancel(update: Update, context: Context) -> int:
    """/cancel: leave the new dossier."""
    if context.user_data is not None:
        context.user_data.pop("new_claim", None)
    tr = context.tr
    await reply(update, tr.gettext("Nouveau dossier annulé."), main_menu(tr))
    return ConversationHandler.END


async def show_dossier(
    update: Update, context: Context, dossier: Dossier, *, edit: bool = False
) -> None:
    """Show a dossier's checklist; the message shown becomes the one edited from then on."""
    tr = context.tr
    text, markup = dossier_view_for(context, tr, dossier)
    query = update.callback_query
    if edit and query is not None and query.message is not None:
        message = await query.edit_message_text(text, reply_markup=markup)
    elif update.effective_chat is not None:
        message = await context.bot.send_message(
            update.effective_chat.id, text, reply_markup=markup
        )
    else:
        return
    if not isinstance(message, bool):
        context.storage.update_dossier(
            dossier, chat_id=message.chat_id, message_id=message.message_id
        )


async def _stale(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(context.tr.gettext("Ce dossier n'existe plus."), show_alert=True)


async def _pressed(
    update: Update, context: Context, prefix: str
) -> tuple[Dossier, callbacks.Values] | None:
    """The dossier a button names and the button's other values, only if it is that very
    dossier (id and token) and it belongs to the person pressing; otherwise they are told it is
    gone, and None is returned."""
    user = update.effective_user
    values = callbacks.parse(prefix, update.callback_query.data if update.callback_query else None)
    dossier = None
    if user is not None and values is not None:
        ident, token = values.ref(0)
        dossier = context.storage.dossier(ident, user.id, token=token)
    if dossier is None or values is None:
        await _stale(update, context)
        return None
    return dossier, values


async def _change(update: Update, context: Context, dossier: Dossier, **changes: Any) -> None:
    """Store a change and show it; if it cannot be shown, it is not kept either, so what is
    stored and what the adherent sees never disagree."""
    changed = context.storage.update_dossier(dossier, **changes)
    try:
        await show_dossier(update, context, changed, edit=True)
    except TelegramError:
        context.storage.update_dossier(changed, **{k: getattr(dossier, k) for k in changes})
        raise


async def answer_question(update: Update, context: Context) -> None:
    """dq:<dossier>:<question>:<option>: record the answer, edit the checklist."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.ANSWER)
    if pressed is None:
        return
    dossier, values = pressed
    questions = context.rulebook.category(dossier.category).questions
    index, option_id = values.number(1), values.word(2)
    if index >= len(questions):
        await _stale(update, context)
        return
    question = context.rulebook.questions[questions[index]]
    await query.answer()
    value = question.press(dossier.answers.get(question.id), option_id)
    if value is None or dossier.answers.get(question.id) == value:
        await show_dossier(update, context, dossier, edit=True)  # nothing to change
        return
    await _change(update, context, dossier, answers={**dossier.answers, question.id: value})


async def tick_piece(update: Update, context: Context) -> None:
    """dt:<dossier>:<item>:<1|0>: "I have it" / "I don't" (a second tap changes nothing)."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.TICK)
    if pressed is None:
        return
    dossier, values = pressed
    item = context.rulebook.item(dossier.category, values.word(1))
    if item is None or not item.tickable:
        await _stale(update, context)
        return
    have = set(dossier.have) | {item.id} if values.flag(2) else set(dossier.have) - {item.id}
    await query.answer()
    if have == set(dossier.have):
        await show_dossier(update, context, dossier, edit=True)
        return
    await _change(update, context, dossier, have=have)


async def finish(update: Update, context: Context) -> None:
    """dd:<dossier>: "I sent it". With pieces missing, asked first; then how it was sent."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.DONE)
    if pressed is None:
        return
    dossier = pressed[0]
    await query.answer()
    if dossier.status is not DossierStatus.OPEN:  # pressed twice, or from an old message
        await show_dossier(update, context, dossier, edit=True)
        return
    tr = context.tr
    _ = tr.gettext
    checklist = dossier_state(context.rulebook, context.storage, dossier).checklist
    missing = len(checklist.missing) + len(checklist.pending)
    if not missing:
        await _ask_how(update, context, dossier)
        return
    ref = callbacks.dossier_ref(dossier)
    lines = [
        tr.ngettext(
            "Il manque encore {n} pièce à ce dossier :",
            "Il manque encore {n} pièces à ce dossier :",
            missing,
        )
    ]
    lines += [f"⬜ {tr.text(line.item.text)}" for line in checklist.missing]
    lines += [f"❓ {tr.text(question.text)}" for question in checklist.pending]
    lines += ["", _("L'avez-vous envoyé quand même ?")]
    markup = keyboard(
        [button(_("Oui, il est parti quand même"), callbacks.SEND_ANYWAY, ref)],
        [button(_("Non, je le complète"), callbacks.VIEW, ref)],
    )
    await query.edit_message_text(fit(tr, lines), reply_markup=markup)


async def send_anyway(update: Update, context: Context) -> None:
    """dc:<dossier>: it left with pieces missing: ask how it was sent."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.SEND_ANYWAY)
    if pressed is None:
        return
    await query.answer()
    if pressed[0].status is not DossierStatus.OPEN:
        await show_dossier(update, context, pressed[0], edit=True)
        return
    await _ask_how(update, context, pressed[0])


async def _ask_how(update: Update, context: Context, dossier: Dossier) -> None:
    tr = context.tr
    _ = tr.gettext
    ref = callbacks.dossier_ref(dossier)
    markup = keyboard(
        [button(_("🏢 Déposé à la MUPRAS"), callbacks.SENT, ref, SendWay.DEPOSIT)],
        [button(_("📮 Par la poste"), callbacks.SENT, ref, SendWay.POST)],
        [button(_("📧 Par e-mail"), callbacks.SENT, ref, SendWay.EMAIL)],
        [button(_("↩️ Retour au dossier"), callbacks.VIEW, ref)],
    )
    query = update.callback_query
    assert query is not None
    await query.edit_message_text(_("Comment l'avez-vous envoyé ?"), reply_markup=markup)


async def sent(update: Update, context: Context) -> None:
    """dw:<dossier>:<how>: the dossier left today, this way."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.SENT)
    if pressed is None:
        return
    dossier, values = pressed
    try:
        how = SendWay(values.word(1))
    except ValueError:
        await _stale(update, context)
        return
    await query.answer()
    if dossier.status is not DossierStatus.OPEN:  # pressed twice: the first press counted
        await show_dossier(update, context, dossier, edit=True)
        return
    today = dt.date.today().isoformat()
    await _change(update, context, dossier, status=DossierStatus.SENT, sent_at=today, sent_how=how)


async def outcome(update: Update, context: Context) -> None:
    """do:<dossier>:<reimbursed|rejected|open>: what MUPRAS decided, or reopen the dossier."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.OUTCOME)
    if pressed is None:
        return
    dossier, values = pressed
    wanted = {
        "open": DossierStatus.OPEN,
        DossierStatus.REIMBURSED.value: DossierStatus.REIMBURSED,
        DossierStatus.REJECTED.value: DossierStatus.REJECTED,
    }.get(values.word(1))
    if wanted is None or (wanted is not DossierStatus.OPEN and dossier.sent_at is None):
        await _stale(update, context)
        return
    await query.answer()
    if dossier.status is wanted:
        await show_dossier(update, context, dossier, edit=True)
        return
    await _change(update, context, dossier, status=wanted)


async def complaint(update: Update, context: Context) -> None:
    """dr:<dossier>: a complaint about this rejected dossier, ready to send to contact@."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.COMPLAINT)
    if pressed is None:
        return
    await query.answer()
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id, complaint_text(context.tr, context, pressed[0])
        )


def complaint_text(tr: Translator, context: Context, dossier: Dossier) -> str:
    """The complaint about a rejected dossier, or one that is late, in the adherent's voice, to
    copy into an e-mail to contact@."""
    _ = tr.gettext
    care = context.rulebook.category(dossier.category).name.get(tr.lang)
    values = {"care": care, "whose": whose(tr, dossier), "sent": sent_on(tr, dossier)}
    if dossier.status is DossierStatus.REJECTED:
        subject = _("réclamation, dossier de remboursement rejeté ({care})", care=care)
        text = _(
            "Mon dossier de remboursement ({care}) {whose}, {sent}, a été rejeté. Je vous "
            "prie de m'indiquer le motif du rejet et de réexaminer ma demande.",
            **values,
        )
    else:
        subject = _("réclamation, remboursement en attente ({care})", care=care)
        text = _(
            "Mon dossier de remboursement ({care}) {whose}, {sent}, n'est pas encore "
            "remboursé. Je vous prie de m'indiquer où en est son traitement.",
            **values,
        )
    email = context.rulebook.contacts[COMPLAINT].email
    return mail_text(tr, email, subject, [text, _("Matricule : …")])


async def agreement_mail(update: Update, context: Context) -> None:
    """da:<dossier>: the request for the prior agreement, ready to send to pec@."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.AGREEMENT_MAIL)
    if pressed is None:
        return
    await query.answer()
    dossier = pressed[0]
    tr = context.tr
    _ = tr.gettext
    book = context.rulebook
    care = book.category(dossier.category).name.get(tr.lang)
    # raw texts: escaped once, with the sentence
    pieces = [item.text.get(tr.lang) for item in agreement_lines(book, dossier.category)]
    body = [
        _(
            "Je vous prie de m'accorder une entente préalable pour des soins de {care} {whose}, "
            "avant leur début.",
            care=care,
            whose=whose(tr, dossier),
        ),
        _("Je joins : {pieces}.", pieces=SEMICOLON[tr.lang].join(pieces)),
        _("Matricule : …"),
    ]
    subject = _("demande d'entente préalable ({care})", care=care)
    text = mail_text(tr, book.contacts[AGREEMENT].email, subject, body)
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)


async def view(update: Update, context: Context) -> None:
    """dv:<dossier>: show one dossier's checklist again."""
    query = update.callback_query
    assert query is not None
    pressed = await _pressed(update, context, callbacks.VIEW)
    if pressed is None:
        return
    dossier = pressed[0]
    await query.answer()
    await show_dossier(update, context, dossier, edit=True)


async def status(update: Update, context: Context) -> None:
    """/status (or st:<page>): the open dossiers (what each still lacks) and those sent,
    reimbursed or rejected lately, a page at a time; each opens with its button."""
    tr = context.tr
    _ = tr.gettext
    user = update.effective_user
    if user is None or not context.storage.consented(user.id):
        await reply(
            update, _("Vous n'avez pas de dossier suivi. /newclaim en crée un."), main_menu(tr)
        )
        return
    since = (dt.date.today() - dt.timedelta(days=RECENT_DAYS)).isoformat()
    dossiers = context.storage.dossiers(user.id, changed_since=since)
    if not dossiers:
        await reply(update, _("Aucun dossier en cours. /newclaim en crée un."), main_menu(tr))
        return
    pages = (len(dossiers) + STATUS_PAGE - 1) // STATUS_PAGE
    values = callbacks.parse(
        callbacks.STATUS_PAGE, update.callback_query.data if update.callback_query else None
    )
    page = min(values.number(0), pages - 1) if values else 0
    shown = dossiers[page * STATUS_PAGE : (page + 1) * STATUS_PAGE]
    lines = [_("<b>Vos dossiers</b>")]
    if pages > 1:
        lines[0] += " " + _("({page}/{pages})", page=page + 1, pages=pages)
    lines.append("")
    buttons = []
    for dossier in shown:
        have = dossier_have(context.rulebook, dossier, context.storage.documents(dossier.id))
        checklist = context.rulebook.checklist(dossier.category, dossier.answers, have)
        category = checklist.category
        missing = len(checklist.missing)
        if dossier.status is DossierStatus.REIMBURSED:
            state = _("remboursé")
        elif dossier.status is DossierStatus.REJECTED:
            state = _("rejeté")
        elif dossier.status is DossierStatus.SENT:
            state = sent_on(tr, dossier)
        elif missing:
            state = tr.ngettext("il manque {n} élément", "il manque {n} éléments", missing)
        else:
            state = _("complet")
        lines.append(
            f"{category.emoji} "
            + _("n° {number}", number=dossier.id)
            + f" · {tr.text(category.name)}, {beneficiary_label(tr, dossier)} : {state}"
        )
        if dossier.status is not DossierStatus.OPEN:
            lines.append("")
            buttons.append(
                button(
                    f"{category.emoji} {dossier.id}",
                    callbacks.VIEW,
                    callbacks.dossier_ref(dossier),
                )
            )
            continue
        lines += [f"   ⬜ {tr.text(line.item.text)}" for line in checklist.missing]
        if checklist.pending:
            lines.append(
                "   " + _("question en attente : {q}", q=checklist.pending[0].text.get(tr.lang))
            )
        lines.append("")
        buttons.append(
            button(
                f"{category.emoji} {dossier.id}", callbacks.VIEW, callbacks.dossier_ref(dossier)
            )
        )
    turn = []
    if page > 0:
        turn.append(button(_("◀️ Précédents"), callbacks.STATUS_PAGE, page - 1))
    if page < pages - 1:
        turn.append(button(_("Suivants ▶️"), callbacks.STATUS_PAGE, page + 1))
    markup = keyboard(*[buttons[i : i + 4] for i in range(0, len(buttons), 4)], turn)
    await reply(update, fit(tr, lines), markup)


async def follow_preview(update: Update, context: Context) -> None:
    """follow:<category>:<answers>: store a previewed checklist as the adherent's own dossier."""
    query = update.callback_query
    assert query is not None
    values = callbacks.parse(callbacks.FOLLOW, query.data)
    if values is None or values.word(0) not in context.rulebook.categories:
        await _stale(update, context)
        return
    if await _needs_consent(update, context):
        if context.user_data is not None:  # done once they accept
            context.user_data[AFTER_CONSENT] = ("follow", values.word(0), values.code(1))
        return
    user = update.effective_user
    assert user is not None
    await query.answer()
    already = _dossier_on(context, update)
    if already is not None:  # pressed twice: the first press made it
        await show_dossier(update, context, already, edit=True)
        return
    answers = answers_from_code(context.rulebook, values.word(0), values.code(1))
    dossier = context.storage.create_dossier(user.id, values.word(0), answers=answers)
    await show_dossier(update, context, dossier, edit=True)


async def follow_after_consent(update: Update, context: Context, category: str, code: str) -> None:
    """ "Suivre ce dossier" pressed before consent: the dossier is made once they accept."""
    user = update.effective_user
    if user is None or category not in context.rulebook.categories:
        return
    answers = answers_from_code(context.rulebook, category, code)
    dossier = context.storage.create_dossier(user.id, category, answers=answers)
    await show_dossier(update, context, dossier)


def _dossier_on(context: Context, update: Update) -> Dossier | None:
    """The dossier whose checklist is the message of the button pressed, if any."""
    query = update.callback_query
    user = update.effective_user
    if query is None or query.message is None or user is None:
        return None
    message = query.message
    return context.storage.dossier_on_message(user.id, message.chat.id, message.message_id)


async def category_again(update: Update, context: Context) -> None:
    """ncat:<category> outside /newclaim: the care of a dossier just made, pressed twice; the
    dossier it made is shown again (any other old care button: the menu)."""
    query = update.callback_query
    assert query is not None
    dossier = _dossier_on(context, update)
    if dossier is None:
        await show_menu(update, context)
        return
    await query.answer()
    await show_dossier(update, context, dossier, edit=True)
