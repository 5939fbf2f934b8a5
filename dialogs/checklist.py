"""What to attach: a kind of care, one or two questions, and the checklist, edited in place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks
from bot.context import Context
from bot.i18n import Translator
from bot.keyboards import button, categories_keyboard, menu_button, rows
from bot.recognition.checks import Finding
from bot.rulebook import Checklist, ItemKind, LineState, Rulebook
from bot.storage import Beneficiary, Dossier, DossierStatus

MARKS = {
    LineState.HAVE: "✅",
    LineState.MISSING: "⬜",
    LineState.CONDITIONAL: "⬜",
    LineState.RISK: "⚠️",
    LineState.NOTE: "ℹ️",
}


# -- answers, as stored and as carried in a button -----------------------------------------------


def answer_code(rulebook: Rulebook, category_id: str, answers: Mapping[str, str]) -> str:
    """The answers as one digit per question (0: not answered), to carry in callback data."""
    digits = []
    for qid in rulebook.category(category_id).questions:
        question = rulebook.questions[qid]
        ids = [o.id for o in question.options]
        digits.append(str(ids.index(answers[qid]) + 1) if answers.get(qid) in ids else "0")
    return "".join(digits)


def answers_from_code(rulebook: Rulebook, category_id: str, code: str) -> dict[str, str]:
    """Read answers back from a button; anything malformed is simply not an answer."""
    answers: dict[str, str] = {}
    for qid, digit in zip(rulebook.category(category_id).questions, code, strict=False):
        options = rulebook.questions[qid].options
        if digit.isdigit() and 0 < int(digit) <= len(options):
            answers[qid] = options[int(digit) - 1].id
    return answers


def answers_from_conditions(
    rulebook: Rulebook, category_id: str, conditions: frozenset[str]
) -> dict[str, str]:
    """Answer the questions the adherent's own words already answer ("une couronne" → prothèse)."""
    answers: dict[str, str] = {}
    for qid in rulebook.category(category_id).questions:
        for option in rulebook.questions[qid].options:
            if option.sets and option.sets <= conditions:
                answers[qid] = option.id
                break
    return answers


# -- rendering ------------------------------------------------------------------------------------


def beneficiary_label(tr: Translator, dossier: Dossier) -> str:
    _ = tr.gettext
    if dossier.beneficiary is Beneficiary.SPOUSE:
        who = _("conjoint(e)")
    elif dossier.beneficiary is Beneficiary.CHILD:
        who = _("enfant")
    else:
        return _("pour vous")
    if dossier.beneficiary_name:
        return _("pour {name} ({who})", name=dossier.beneficiary_name, who=who)
    return _("pour votre {who}", who=who)


def finding_text(tr: Translator, rulebook: Rulebook, finding: Finding) -> str:
    """A risk found in the documents, with the rule it rests on."""
    _ = tr.gettext
    p = finding.params
    texts = {
        "validity_expired": lambda: _(
            "La feuille de soins a dépassé ses 3 mois (première consultation le {start}, "
            "valable jusqu'au {deadline}) : risque de rejet.",
            start=p.get("start", "?"),
            deadline=p.get("deadline", "?"),
        ),
        "validity_soon": lambda: _(
            "La feuille de soins n'est plus valable après le {deadline} : envoyez le dossier "
            "avant, sinon risque de rejet.",
            deadline=p.get("deadline", "?"),
        ),
        "doctor_part_blank": lambda: _(
            "Le cadre du médecin n'est pas complet (date de consultation vide) : faites-le "
            "remplir par le médecin, sinon risque de rejet."
        ),
        "name_mismatch": lambda: (
            _(
                "Le nom du malade est écrit de deux façons (« {a} » et « {b} ») : faites corriger "
                "la pièce fautive, sinon risque de rejet.",
                a=p.get("name_a", "?"),
                b=p.get("name_b", "?"),
            )
            if p.get("kind") != "different"
            else _(
                "Les pièces portent deux noms différents (« {a} » et « {b} ») : vérifiez qu'elles "
                "sont toutes du même malade, sinon risque de rejet.",
                a=p.get("name_a", "?"),
                b=p.get("name_b", "?"),
            )
        ),
        "total_mismatch": lambda: _(
            "Le total déclaré sur la feuille ({declared} Dhs) ne correspond pas aux factures "
            "({invoiced} Dhs) : risque de rejet.",
            declared=p.get("declared", "?"),
            invoiced=p.get("invoiced", "?"),
        ),
        "calendar_period_mismatch": lambda: _(
            "Le calendrier des séances ({start} – {end}) sort de la période de la facture "
            "({invoice_start} – {invoice_end}) : risque de rejet.",
            start=p.get("calendar_start", "?"),
            end=p.get("calendar_end", "?"),
            invoice_start=p.get("invoice_start", "?"),
            invoice_end=p.get("invoice_end", "?"),
        ),
    }
    text = texts[finding.code]() if finding.code in texts else _("Un point est à vérifier.")
    item = rulebook.rule(finding.rule)
    if item is not None:
        source = rulebook.sources[item.source]
        text += " " + _("Règle : {title}.", title=source.title.get(tr.lang))
    return text


def checklist_text(
    tr: Translator,
    rulebook: Rulebook,
    checklist: Checklist,
    dossier: Dossier | None = None,
    findings: Sequence[str] = (),
) -> str:
    """The checklist as the adherent reads it: ✅ / ⬜ / ⚠️ lines, contacts, the next question."""
    _ = tr.gettext
    category = checklist.category
    parts = [f"<b>{category.emoji} {tr.text(category.name)}</b>"]
    if dossier is not None:
        parts.append(
            _("Dossier n° {number}, {who}", number=dossier.id, who=beneficiary_label(tr, dossier))
        )
    parts.append("")
    numbers = {id(line): n for n, line in enumerate(checklist.numbered, start=1)}
    for line in checklist.lines:
        mark = MARKS[line.state]
        text = tr.text(line.item.text)
        if line.state is LineState.CONDITIONAL:
            assert line.condition is not None
            condition = tr.text(line.condition)
            condition = condition[:1].upper() + condition[1:]
            mark = "⚠️" if line.item.kind is ItemKind.RISK else mark
            parts.append(f"{mark} <i>{condition}</i> : {text}")
        elif id(line) in numbers:  # "1." stays "1." in Arabic
            parts.append(f"{mark} {tr.value(f'{numbers[id(line)]}.')} {text}")
        else:
            parts.append(f"{mark} {text}")
    parts += [f"⚠️ {finding}" for finding in findings]
    for contact_id in checklist.contacts:
        contact = rulebook.contacts[contact_id]
        parts.append("")
        parts.append(
            _(
                "✉️ {label} : {email} — pour {use}",
                label=tr.text(contact.label),
                email=contact.email,
                use=contact.use.get(tr.lang),
            )
        )
    if dossier is not None and dossier.status is DossierStatus.DONE:
        parts.append("")
        parts.append(_("Ce dossier est marqué terminé."))
    elif checklist.pending:
        question = checklist.pending[0]
        parts.append("")
        parts.append(f"❓ <b>{tr.text(question.text)}</b>")
    elif dossier is not None:
        missing = len(checklist.missing)
        parts.append("")
        if missing:
            parts.append(
                tr.ngettext(
                    "Il reste {n} élément à réunir. Touchez son numéro quand vous l'avez.",
                    "Il reste {n} éléments à réunir. Touchez leur numéro quand vous les avez.",
                    missing,
                )
            )
        else:
            parts.append(_("Tout est réuni : vous pouvez envoyer votre dossier."))
    return "\n".join(parts)


def _question_buttons(
    tr: Translator, checklist: Checklist, make_data: callbacks.DataMaker
) -> list[list[InlineKeyboardButton]]:
    question = checklist.pending[0]
    buttons = [
        InlineKeyboardButton(
            tr.text(option.label), callback_data=make_data(question.id, option.id)
        )
        for option in question.options
    ]
    return rows(buttons, 2)


def dossier_view(
    tr: Translator,
    rulebook: Rulebook,
    dossier: Dossier,
    checklist: Checklist,
    findings: Sequence[str] = (),
) -> tuple[str, InlineKeyboardMarkup]:
    """A stored dossier's checklist and its buttons: answer, tick a piece, finish."""
    _ = tr.gettext
    text = checklist_text(tr, rulebook, checklist, dossier, findings)
    layout: list[list[InlineKeyboardButton]] = []
    if checklist.pending:
        category = rulebook.category(dossier.category)

        def make_data(qid: str, oid: str) -> str:
            index = category.questions.index(qid)
            return callbacks.make(callbacks.ANSWER, callbacks.dossier_ref(dossier), index, oid)

        layout += _question_buttons(tr, checklist, make_data)
    else:
        ref = callbacks.dossier_ref(dossier)
        ticks = [
            # The button says what pressing it makes true, so a second tap changes nothing.
            button(
                f"{MARKS[line.state]} {number}",
                callbacks.TICK,
                ref,
                line.item.id,
                0 if line.state is LineState.HAVE else 1,
            )
            for number, line in enumerate(checklist.numbered, start=1)
        ]
        layout += rows(ticks, 5)
        layout.append(
            [
                button(_("✔️ Terminé"), callbacks.DONE, ref),
                button(_("📂 Mes dossiers"), callbacks.MENU, "status"),
            ]
        )
    return text, InlineKeyboardMarkup(layout)


def preview_view(
    tr: Translator, rulebook: Rulebook, category_id: str, answers: Mapping[str, str]
) -> tuple[str, InlineKeyboardMarkup]:
    """A checklist that is not stored (a quick question): its state rides in the buttons."""
    _ = tr.gettext
    checklist = rulebook.checklist(category_id, answers)
    text = checklist_text(tr, rulebook, checklist)
    layout: list[list[InlineKeyboardButton]] = []
    if checklist.pending:

        def make_data(qid: str, oid: str) -> str:
            chosen = {**answers, qid: oid}
            return callbacks.make(
                callbacks.PREVIEW, category_id, answer_code(rulebook, category_id, chosen)
            )

        layout += _question_buttons(tr, checklist, make_data)
    code = answer_code(rulebook, category_id, answers)
    layout.append(
        [button(_("🗂 Suivre ce dossier"), callbacks.FOLLOW, category_id, code), menu_button(tr)]
    )
    return text, InlineKeyboardMarkup(layout)


# -- handlers -------------------------------------------------------------------------------------


async def show_categories(update: Update, context: Context) -> None:
    """Ask which kind of care the claim is for."""
    tr = context.tr(update)
    text = tr.gettext("Pour quel type de soins ? Choisissez :")
    markup = categories_keyboard(tr, context.rulebook, callbacks.CATEGORY)
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.answer()
        await query.edit_message_text(text, reply_markup=markup)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


def cached_preview(
    context: Context, tr: Translator, category_id: str, answers: Mapping[str, str]
) -> tuple[str, InlineKeyboardMarkup]:
    """A preview, rendered once per language, category and answers."""
    code = answer_code(context.rulebook, category_id, answers)
    return context.services.view(
        ("preview", tr.lang, category_id, code),
        lambda: preview_view(tr, context.rulebook, category_id, answers),
    )


async def send_preview(
    update: Update, context: Context, category_id: str, answers: Mapping[str, str]
) -> None:
    """Answer with a category's checklist at once, its questions as buttons."""
    text, markup = cached_preview(context, context.tr(update), category_id, answers)
    if update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


async def category_chosen(update: Update, context: Context) -> None:
    """A kind of care was picked from the menu: show its checklist and first question."""
    await _edit_preview(update, context)


async def preview_answer(update: Update, context: Context) -> None:
    """A question of a previewed checklist was answered: edit the checklist in place."""
    await _edit_preview(update, context)


async def _edit_preview(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    values = callbacks.split(query.data)
    if not values or values[0] not in context.rulebook.categories:
        await query.answer(context.tr(update).gettext("Ce bouton n'est plus valable."))
        return
    category_id = values[0]
    answers = answers_from_code(
        context.rulebook, category_id, values[1] if len(values) > 1 else ""
    )
    text, markup = cached_preview(context, context.tr(update), category_id, answers)
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)
