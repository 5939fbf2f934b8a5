"""Rendering shared by the dialogs: checklists, dossiers, findings, addresses, consent, and the
one way to answer (a new message, or the edited message whose button was pressed). Every message
fits in one Telegram message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks
from bot.callbacks import answer_code
from bot.context import Context
from bot.domain import Finding, dossier_state
from bot.domain.deadlines import Due
from bot.domain.deadlines import today as morocco_today
from bot.domain.rules import AGREEMENT_DOCUMENT, MEMBERSHIP
from bot.i18n import Translator, right_to_left
from bot.keyboards import button, keyboard, main_menu, menu_button, rows
from bot.rulebook import DONE, Checklist, Line, LineState, Rulebook
from bot.storage import Beneficiary, Dossier, DossierStatus, SendWay

# Telegram's limit is 4,096 characters of text once the HTML is parsed, counted in UTF-16 code
# units; measuring the HTML source the same way is stricter, so what fits here fits there.
MAX_MESSAGE = 4096


def length(text: str) -> int:
    """A text's length as Telegram counts it (UTF-16 code units: an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def fit(tr: Translator, lines: Sequence[str], limit: int = MAX_MESSAGE) -> str:
    """The lines as one message; past the limit, the last ones folded into "… N more lines"
    (whole lines only, so no HTML tag is cut)."""
    text = "\n".join(lines)
    if length(text) <= limit:
        return text
    kept: list[str] = []
    for index, line in enumerate(lines):
        rest = len(lines) - index
        fold = tr.ngettext("… et {n} ligne de plus", "… et {n} lignes de plus", rest)
        if length("\n".join([*kept, line, fold])) > limit:
            return "\n".join([*kept, fold])
        kept.append(line)
    return text


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer a message, or edit the message whose button was pressed."""
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.answer()
        await query.edit_message_text(text, reply_markup=markup)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


def consent_text(tr: Translator) -> str:
    return tr.gettext(
        "🔒 <b>Vos données</b>\n"
        "Pour suivre vos dossiers, j'enregistre votre langue, le type de soins de chaque dossier, "
        "les pièces que vous avez et ce que je lis sur les documents envoyés. Les photos sont "
        "effacées dès qu'elles sont lues. Ce sont des données de santé, protégées par la "
        "loi 09-08 : elles ne sont ni partagées ni utilisées à autre chose, et /forget les efface "
        "à tout moment.\n\nAcceptez-vous ?"
    )


def consent_keyboard(tr: Translator) -> InlineKeyboardMarkup:
    """Yes or no; the buttons carry the language, which is stored only with a yes."""
    return keyboard(
        [
            button(tr.gettext("✅ J'accepte"), callbacks.CONSENT, "yes", tr.lang),
            button(tr.gettext("Non merci"), callbacks.CONSENT, "no", tr.lang),
        ]
    )


def apology_text(tr: Translator) -> str:
    return tr.gettext(
        "Désolé, quelque chose s'est mal passé de mon côté. Réessayez dans un instant ; "
        "vos dossiers sont conservés."
    )


MARKS = {
    LineState.HAVE: "✅",
    LineState.MISSING: "⬜",
    LineState.CONDITIONAL: "⬜",
    LineState.RISK: "⚠️",
    LineState.NOTE: "ℹ️",
}


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


def whose(tr: Translator, dossier: Dossier) -> str:
    """Whom the care was for, in the adherent's own voice: "pour moi", "pour mon enfant Lina"."""
    _ = tr.gettext
    name = dossier.beneficiary_name
    if dossier.beneficiary is Beneficiary.CHILD:
        return _("pour mon enfant {name}", name=name) if name else _("pour mon enfant")
    if dossier.beneficiary is Beneficiary.SPOUSE:
        return _("pour mon conjoint(e) {name}", name=name) if name else _("pour mon conjoint(e)")
    return _("pour moi")


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
            "avant cette date, sinon risque de rejet.",
            deadline=p.get("deadline", "?"),
        ),
        "doctor_part_blank": lambda: _(
            "Le cadre du médecin n'est pas complet (date de consultation vide) : faites-le "
            "remplir par le médecin, sinon risque de rejet."
        ),
        "name_mismatch": lambda: (
            _(
                "Le nom du malade est écrit de deux façons (« {a} » et « {b} ») : faites corriger "
                "la pièce fautive.",
                a=p.get("name_a", "?"),
                b=p.get("name_b", "?"),
            )
            if p.get("kind") != "different"
            else _(
                "Les pièces portent deux noms différents (« {a} » et « {b} ») : vérifiez qu'elles "
                "sont toutes du même malade.",
                a=p.get("name_a", "?"),
                b=p.get("name_b", "?"),
            )
        ),
        "total_mismatch": lambda: _(
            "Le total déclaré sur la feuille ({declared} Dhs) ne correspond pas aux factures "
            "({invoiced} Dhs).",
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
    item = rulebook.rule(finding.rule) if finding.rule is not None else None
    if item is not None:
        source = rulebook.sources[item.source]
        text += " " + _("Règle : {title}.", title=source.title.get(tr.lang))
    else:  # no written rule says it: the papers disagree with each other
        text += " " + _("Aucune règle écrite ne le dit : vérifiez-le avant d'envoyer.")
    return text


# Punctuation between the parts of a line: French spaces before ":" and ";", Arabic has its own
# comma and semicolon and no space before the colon.
COLON = {"fr": " : ", "ar": ": "}
SEMICOLON = {"fr": " ; ", "ar": "؛ "}
COMMA = {"fr": ", ", "ar": "، "}


def after_colon(tr: Translator, text: str) -> str:
    """A sentence said after a colon: no capital in French ("… accident : une déclaration"),
    unless its first word is an acronym (ALD, CNOPS)."""
    if tr.lang != "fr" or len(text) < 2 or not (text[1].islower() or text[1] in "'’"):
        return text
    return text[:1].lower() + text[1:]


def line_text(tr: Translator, line: Line) -> str:
    """A line's text, with the checks folded into it (the feuille with its two cadres)."""
    text = tr.text(line.item.text)
    if not line.parts:
        return text
    folded = COMMA[tr.lang].join(tr.text(p.short) for p in line.parts if p.short)
    return f"{text}{COLON[tr.lang]}{folded}"


def checklist_text(
    tr: Translator,
    rulebook: Rulebook,
    checklist: Checklist,
    dossier: Dossier | None = None,
    findings: Sequence[str] = (),
    dates: Sequence[str] = (),
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
    said: set[int] = set()  # conditional lines already said with the first of their condition
    for line in checklist.lines:
        if id(line) in said:
            continue
        mark = MARKS[line.state]
        text = line_text(tr, line)
        if line.state is LineState.CONDITIONAL:
            assert line.condition is not None
            alike = [
                other
                for other in checklist.lines
                if other.state is LineState.CONDITIONAL and other.condition == line.condition
            ]
            said |= {id(other) for other in alike}
            condition = tr.text(line.condition)
            condition = f"<i>{condition[:1].upper() + condition[1:]}</i>"
            texts = SEMICOLON[tr.lang].join(after_colon(tr, line_text(tr, o)) for o in alike)
            parts.append(f"{mark} {condition}{COLON[tr.lang]}{texts}")
        elif id(line) in numbers:  # "1." stays "1." in Arabic
            parts.append(f"{mark} {tr.value(f'{numbers[id(line)]}.')} {text}")
        else:
            parts.append(f"{mark} {text}")
    parts += [f"⚠️ {finding}" for finding in findings]
    if dates:
        parts.append("")
        parts += dates
    if checklist.contacts:
        parts.append("")
    for contact_id in checklist.contacts:  # the address only: /contact says what each is for
        contact = rulebook.contacts[contact_id]
        parts.append(_("✉️ {label} : {email}", label=tr.text(contact.label), email=contact.email))
    if dossier is not None and dossier.status is not DossierStatus.OPEN:
        parts.append("")
        parts.append(status_text(tr, dossier))
    elif checklist.pending:
        question = checklist.pending[0]
        parts.append("")
        parts.append(f"❓ <b>{tr.text(question.text)}</b>")
        if question.multiple:
            parts.append(tr.gettext("(Plusieurs réponses possibles, puis « C'est tout ».)"))
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


VALIDITY_FINDINGS = frozenset({"validity_expired", "validity_soon"})


def due_text(tr: Translator, due: Due, today: dt.date) -> str:
    """ "⏳ À envoyer avant le 03/03/2027 (dans 90 jours)." — a date the dossier must meet."""
    _ = tr.gettext
    day = format_day(due.last_day.isoformat())
    days = due.days_left(today)
    if due.kind == "renew":
        if days < 0:
            return _(
                "⚠️ La déclaration de maladie chronique devait être renouvelée avant le {date}.",
                date=day,
            )
        return tr.ngettext(
            "⏳ Déclaration de maladie chronique à renouveler avant le {date} (dans {n} jour).",
            "⏳ Déclaration de maladie chronique à renouveler avant le {date} (dans {n} jours).",
            days,
            date=day,
        )
    if days < 0:
        return _(
            "⚠️ À envoyer avant le {date} : ce délai est passé, le dossier risque d'être rejeté.",
            date=day,
        )
    if days == 0:
        return _("⏳ À envoyer aujourd'hui au plus tard ({date}).", date=day)
    return tr.ngettext(
        "⏳ À envoyer avant le {date} (dans {n} jour).",
        "⏳ À envoyer avant le {date} (dans {n} jours).",
        days,
        date=day,
    )


def due_lines(
    tr: Translator,
    dossier: Dossier,
    dues: Sequence[Due],
    findings: Sequence[Finding] = (),
    *,
    ask: bool = True,
    today: dt.date | None = None,
) -> list[str]:
    """The dates an open dossier must meet; the question of its first consultation if unknown
    (and `ask`: no other question is pending). A validity risk already found in its papers says
    the sending date itself."""
    if dossier.status is not DossierStatus.OPEN:
        return []
    day = today or morocco_today()
    lines = []
    said = any(f.code in VALIDITY_FINDINGS for f in findings)
    for due in dues:
        if due.kind == "send" and said:
            continue
        lines.append(due_text(tr, due, day))
    if ask and not any(due.kind == "send" for due in dues):
        lines.append(
            tr.gettext(
                "📅 Date de la première consultation ? Elle fixe la date limite d'envoi du "
                "dossier."
            )
        )
    return lines


def markup_without(message: Any, *prefixes: str) -> InlineKeyboardMarkup | None:
    """A message's keyboard without the rows whose buttons start with these callback prefixes
    (a choice made: its buttons go, the others stay)."""
    markup = getattr(message, "reply_markup", None)
    if markup is None:
        return None
    starts = tuple(f"{prefix}:" for prefix in prefixes)
    kept = [
        row
        for row in markup.inline_keyboard
        if not any(str(b.callback_data or "").startswith(starts) for b in row)
    ]
    return InlineKeyboardMarkup(kept)


def first_care_buttons(
    tr: Translator, dossier: Dossier, dues: Sequence[Due]
) -> list[list[InlineKeyboardButton]]:
    """[📅 Aujourd'hui] [📅 Une autre date] while a dossier's first consultation is unknown."""
    if dossier.status is not DossierStatus.OPEN or any(due.kind == "send" for due in dues):
        return []
    _ = tr.gettext
    ref = callbacks.dossier_ref(dossier)
    return [
        [
            button(_("📅 Aujourd'hui"), callbacks.FIRST_CARE, ref, "today"),
            button(_("📅 Une autre date"), callbacks.FIRST_CARE, ref, "ask"),
        ]
    ]


def _question_buttons(
    tr: Translator,
    checklist: Checklist,
    make_data: callbacks.DataMaker,
    answers: Mapping[str, str] | None = None,
) -> list[list[InlineKeyboardButton]]:
    """The pending question's options; a multiple question's show what is chosen (☑️) and end
    with "✔️ C'est tout" once something is."""
    question = checklist.pending[0]
    value = (answers or {}).get(question.id)
    chosen = {o.id for o in question.chosen(value)} if question.multiple else set()
    buttons = [
        InlineKeyboardButton(
            right_to_left(("☑️ " if option.id in chosen else "") + tr.text(option.label)),
            callback_data=make_data(question.id, option.id),
        )
        for option in question.options
    ]
    layout = rows(buttons, 2)
    if chosen:
        label = right_to_left(tr.gettext("✔️ C'est tout"))
        layout.append([InlineKeyboardButton(label, callback_data=make_data(question.id, DONE))])
    return layout


def dossier_view(
    tr: Translator,
    rulebook: Rulebook,
    dossier: Dossier,
    checklist: Checklist,
    findings: Sequence[str] = (),
    dues: Sequence[Due] = (),
    dates: Sequence[str] = (),
) -> tuple[str, InlineKeyboardMarkup]:
    """A stored dossier's checklist and its buttons: answer, tick a piece, give the first
    consultation's date, say it was sent. `dates` are its due_lines."""
    _ = tr.gettext
    text = checklist_text(tr, rulebook, checklist, dossier, findings, dates)
    layout: list[list[InlineKeyboardButton]] = []
    if checklist.pending and dossier.status is DossierStatus.OPEN:
        category = rulebook.category(dossier.category)

        def make_data(qid: str, oid: str) -> str:
            index = category.questions.index(qid)
            return callbacks.make(callbacks.ANSWER, callbacks.dossier_ref(dossier), index, oid)

        layout += _question_buttons(tr, checklist, make_data, dossier.answers)
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
        if dossier.status is DossierStatus.OPEN:
            layout += rows(ticks, 5)
        if dossier.status is DossierStatus.OPEN and agreement_missing(checklist):
            ref = callbacks.dossier_ref(dossier)
            mail = button(_("✉️ Demander l'entente préalable"), callbacks.AGREEMENT_MAIL, ref)
            layout.append([mail])
        layout += first_care_buttons(tr, dossier, dues)
        layout += rows(outcome_buttons(tr, dossier), 2)
        layout.append(
            [
                button(_("📂 Mes dossiers"), callbacks.MENU, "status"),
                why_button(tr, dossier.category),
            ]
        )
    return text, InlineKeyboardMarkup(layout)


def agreement_missing(checklist: Checklist) -> bool:
    """The dossier needs the prior agreement and does not have it yet."""
    return any(
        AGREEMENT_DOCUMENT in line.item.documents and line.state is LineState.MISSING
        for line in checklist.lines
    )


def mail_text(tr: Translator, email: str, subject: str, body: Sequence[str]) -> str:
    """An e-mail to copy: the address, then the subject and the body in a block that Telegram
    copies with one tap (a button cannot open a mailto: link in Telegram)."""
    _ = tr.gettext
    lines = [
        _("Objet : {subject}", subject=subject),
        "",
        _("Bonjour,"),
        *body,
        "",
        _("Cordialement,"),
    ]
    return "\n".join(
        [
            _("✉️ À envoyer à {email} (touchez le texte pour le copier) :", email=email),
            "",
            "<pre>" + "\n".join(lines) + "</pre>",
        ]
    )


def membership_mail(tr: Translator, rulebook: Rulebook) -> str:
    """To adhesion@: adding a dependant or a change of status, in the adherent's voice."""
    _ = tr.gettext
    return mail_text(
        tr,
        rulebook.contacts[MEMBERSHIP].email,
        _("ajout d'un ayant droit ou changement de situation"),
        [
            _(
                "Je souhaite ajouter à mon affiliation mon conjoint / mon enfant (prénom, nom, "
                "date de naissance : …) — ou : je vous signale un changement de situation "
                "(retraite, mutation… à partir du …)."
            ),
            _("Je joins les justificatifs (acte de naissance, acte de mariage, attestation…)."),
            _("Matricule : …"),
        ],
    )


def sent_on(tr: Translator, dossier: Dossier) -> str:
    """ "posté le 03/12/2026" — how and when the dossier left."""
    _ = tr.gettext
    day = format_day(dossier.sent_at) if dossier.sent_at else "?"
    if dossier.sent_how is SendWay.DEPOSIT:
        return _("déposé le {date}", date=day)
    if dossier.sent_how is SendWay.EMAIL:
        return _("envoyé par e-mail le {date}", date=day)
    return _("posté le {date}", date=day)


def status_text(tr: Translator, dossier: Dossier) -> str:
    """Where a dossier that left stands."""
    _ = tr.gettext
    if dossier.status is DossierStatus.REIMBURSED:
        return _("✅ Remboursé (dossier {sent}).", sent=sent_on(tr, dossier))
    if dossier.status is DossierStatus.REJECTED:
        return _(
            "❌ Rejeté (dossier {sent}). Vous pouvez écrire une réclamation à la MUPRAS.",
            sent=sent_on(tr, dossier),
        )
    return _(
        "📮 Dossier {sent}. Dites-moi ici s'il est remboursé ou rejeté.", sent=sent_on(tr, dossier)
    )


def outcome_buttons(tr: Translator, dossier: Dossier) -> list[InlineKeyboardButton]:
    """What can happen next to a dossier, as buttons."""
    _ = tr.gettext
    ref = callbacks.dossier_ref(dossier)
    if dossier.status is DossierStatus.OPEN:
        return [
            button(_("📮 Je l'ai envoyé"), callbacks.DONE, ref),
            button(_("📄 Bordereau"), callbacks.COVER, ref),
        ]
    reopen = button(_("↩️ Rouvrir"), callbacks.OUTCOME, ref, "open")
    if dossier.status is DossierStatus.SENT:
        return [
            button(_("✅ Remboursé"), callbacks.OUTCOME, ref, DossierStatus.REIMBURSED),
            button(_("❌ Rejeté"), callbacks.OUTCOME, ref, DossierStatus.REJECTED),
            button(_("⏳ Il tarde : réclamer"), callbacks.COMPLAINT, ref),
            reopen,
        ]
    if dossier.status is DossierStatus.REJECTED:
        return [button(_("✉️ Écrire une réclamation"), callbacks.COMPLAINT, ref), reopen]
    return [reopen]


def format_day(iso: str) -> str:
    """An ISO date as the papers write it: JJ/MM/AAAA."""
    return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")


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
            value = rulebook.questions[qid].press(answers.get(qid), oid)
            chosen = {**answers, qid: value} if value is not None else dict(answers)
            return callbacks.make(
                callbacks.PREVIEW, category_id, answer_code(rulebook, category_id, chosen)
            )

        layout += _question_buttons(tr, checklist, make_data, answers)
    code = answer_code(rulebook, category_id, answers)
    layout.append(
        [button(_("🗂 Suivre ce dossier"), callbacks.FOLLOW, category_id, code), menu_button(tr)]
    )
    layout.append([why_button(tr, category_id)])
    return text, InlineKeyboardMarkup(layout)


def why_button(tr: Translator, category_id: str) -> InlineKeyboardButton:
    return button(tr.gettext("❔ Pourquoi ? Les règles"), callbacks.WHY, category_id)


def why_text(tr: Translator, rulebook: Rulebook, category_id: str) -> str:
    """Where each line of a care's checklist comes from: each source's title and its very words
    (the recommendations page is in French), then the lines that rest on it."""
    _ = tr.gettext
    category = rulebook.category(category_id)
    by_source: dict[str, list[str]] = {}
    for item in (*rulebook.general, *category.items):
        by_source.setdefault(item.source, []).append(tr.text(item.text))
    parts = [
        _(
            "<b>{emoji} {care} : d'où vient chaque ligne</b>",
            emoji=category.emoji,
            care=tr.text(category.name),
        )
    ]
    for source_id, lines in by_source.items():
        source = rulebook.sources[source_id]
        parts.append("")
        parts.append(f"📜 <b>{tr.text(source.title)}</b>")
        parts.append(f"<i>« {tr.plain(source.quote)} »</i>")
        parts += [f"• {line}" for line in lines]
    if tr.rtl:
        parts.append("")
        parts.append(_("(Le texte des recommandations, tel quel, en français.)"))
    return fit(tr, parts)


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


def contact_answer(tr: Translator, rulebook: Rulebook, contact_id: str) -> str:
    """The right address first (for membership, a message ready to send), then the others and
    the office."""
    text = contact_card(tr, rulebook, contact_id)
    if contact_id == MEMBERSHIP:
        text += "\n\n" + membership_mail(tr, rulebook)
    text += "\n\n" + tr.gettext("Les autres adresses :")
    for cid, other in rulebook.contacts.items():
        if cid != contact_id:
            text += f"\n• {tr.text(other.label)} : {tr.value(other.email)}"
    return text + "\n\n" + office_text(tr, rulebook)


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
    text, markup = cached_preview(context, context.tr, category_id, answers)
    if update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


def menu_text(tr: Translator) -> str:
    return tr.gettext(
        "Que voulez-vous faire ? Vous pouvez aussi m'écrire votre question, par exemple "
        "« que joindre pour la kiné ? »."
    )


async def show_menu(update: Update, context: Context) -> None:
    """The main menu."""
    tr = context.tr
    await reply(update, menu_text(tr), main_menu(tr))


def dossier_view_for(context: Context, tr: Translator, dossier: Dossier) -> tuple[str, Any]:
    """A dossier's checklist with what its documents provide and the risks they show."""
    state = dossier_state(context.rulebook, context.storage, dossier)
    texts = [finding_text(tr, context.rulebook, finding) for finding in state.findings]
    dates = due_lines(tr, dossier, state.dues, state.findings, ask=not state.checklist.pending)
    return dossier_view(tr, context.rulebook, dossier, state.checklist, texts, state.dues, dates)


async def refresh_dossier(context: Context, tr: Translator, dossier: Dossier) -> None:
    """Edit a dossier's checklist message in place after a change made elsewhere (a photo)."""
    if dossier.chat_id is None or dossier.message_id is None:
        return
    text, markup = dossier_view_for(context, tr, dossier)
    await context.bot.edit_message_text(
        text, dossier.chat_id, dossier.message_id, reply_markup=markup
    )


def user_translator(context: Context, user_id: int) -> Translator:
    """The language a person chose (a job has no message to guess it from)."""
    stored = context.storage.user(user_id)
    lang = stored.language if stored and stored.language else "fr"
    return Translator(lang, context.services.locales_dir)
