"""Photos in, checklist out: receive documents, read them off the event loop, edit the dossier."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError

from bot import callbacks
from bot.callbacks import dossier_ref
from bot.context import AFTER_CONSENT, Context
from bot.domain import Placement, dossier_state, place_documents
from bot.domain.rules import DEFAULT_CATEGORY
from bot.i18n import Translator
from bot.keyboards import button, keyboard, rows
from bot.recognition.fields import format_amount
from bot.storage import Document, Dossier, DossierStatus, Pending
from dialogs.render import (
    COMMA,
    apology_text,
    beneficiary_label,
    consent_keyboard,
    consent_text,
    dossier_view_for,
    finding_text,
    first_care_buttons,
    fit,
    markup_without,
    refresh_dossier,
    user_translator,
)

logger = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's limit for bots
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
PDF_TYPE = "application/pdf"
# A batch of many files gets correction buttons for the first ones only (a keyboard has limits).
MAX_DOCUMENT_BUTTON_ROWS = 24
MAX_BEFORE_CONSENT = 20  # files kept in memory while consent is asked


@dataclass
class Incoming:
    """One file the adherent sent, before it is read."""

    file_id: str
    file_unique_id: str
    size: int | None
    extension: str


class Failure(enum.StrEnum):
    """Why one file of a batch could not be read; the adherent is told which to send again."""

    DOWNLOAD = "download"  # Telegram did not give the file
    TOO_BIG = "too_big"  # over the Bot API's 20 MB
    TOO_LARGE = "too_large"  # too many pixels, or more memory than a reader may take
    UNDECODABLE = "undecodable"  # not an image or a PDF that opens
    TIMEOUT = "timeout"  # reading took longer than allowed
    WORKER_DIED = "worker_died"  # the reader failed twice
    ERROR = "error"  # anything else that went wrong with this file


def _incoming(message: Message) -> Incoming | None:
    if message.photo:
        photo = message.photo[-1]  # the largest size
        return Incoming(photo.file_id, photo.file_unique_id, photo.file_size, "jpg")
    document = message.document
    if document is None:
        return None
    mime = (document.mime_type or "").lower()
    if mime in IMAGE_TYPES or mime == PDF_TYPE:
        extension = "pdf" if mime == PDF_TYPE else mime.split("/")[1]
        return Incoming(document.file_id, document.file_unique_id, document.file_size, extension)
    return None


def batch_job(context: Context, batch: str) -> str:
    """A batch's job name: by its first row's number, never the chat's id (job names are logged
    by the scheduler, and logs keep nothing that names a person)."""
    waiting = context.storage.pending_batch(batch)
    return f"read batch {waiting[0].id if waiting else 0}"


async def receive(update: Update, context: Context) -> None:
    """A photo, an image sent as a file, or a PDF: recorded, then read (an album, once)."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    tr = context.tr
    _ = tr.gettext
    incoming = _incoming(message)
    if not context.storage.consented(user.id):
        await _before_consent(update, context, incoming)
        return
    if incoming is None:
        await message.reply_text(
            _(
                "Je lis les photos, les images (JPEG, PNG, WebP) et les PDF. Envoyez le document "
                "sous l'une de ces formes."
            )
        )
        return
    if incoming.size is not None and incoming.size > MAX_DOWNLOAD_BYTES:
        await message.reply_text(too_big_text(tr))
        return
    group = message.media_group_id or f"m{message.message_id}"
    _record(context, user.id, message.chat_id, group, incoming, album=bool(message.media_group_id))


def _record(
    context: Context, user_id: int, chat_id: int, group: str, incoming: Incoming, *, album: bool
) -> None:
    """Recorded before anything is read (ids only, no image): a restart reads it or says so.
    An album is read once it stops growing; a single file at once."""
    batch = f"{chat_id}:{group}"
    recorded = context.storage.add_pending(
        user_id,
        chat_id,
        batch,
        file_id=incoming.file_id,
        file_unique_id=incoming.file_unique_id,
        size=incoming.size,
        extension=incoming.extension,
    )
    if recorded is None:
        return  # the same file again in this batch: one reading is enough
    wait = context.services.settings.album_wait if album else 0
    schedule_batch(context, batch, user_id, wait=wait)


async def _before_consent(update: Update, context: Context, incoming: Incoming | None) -> None:
    """A file before consent: its Telegram ids kept in memory only (nothing is written for
    someone who has not accepted), read once they accept; consent asked once per album."""
    message = update.effective_message
    assert message is not None
    tr = context.tr
    group = message.media_group_id or f"m{message.message_id}"
    remembered: list[tuple[str, Incoming]] = []
    if context.user_data is not None:
        kind, *rest = context.user_data.get(AFTER_CONSENT) or ("", [])
        remembered = rest[0] if kind == "files" else []
        if incoming is not None and len(remembered) < MAX_BEFORE_CONSENT:
            remembered.append((group, incoming))
        context.user_data[AFTER_CONSENT] = ("files", remembered)
    if message.media_group_id and sum(g == group for g, _i in remembered) > 1:
        return  # the album's first photo asked already
    text = tr.gettext(
        "Pour lire vos documents, j'ai besoin de votre accord. Je les lirai dès que vous "
        "aurez accepté."
    )
    await message.reply_text(text + "\n\n" + consent_text(tr), reply_markup=consent_keyboard(tr))


async def read_after_consent(update: Update, context: Context, files: object) -> None:
    """The files sent before consent, read now that they accepted."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or not isinstance(files, list):
        return
    for group, incoming in files:
        if incoming.size is not None and incoming.size > MAX_DOWNLOAD_BYTES:
            await context.bot.send_message(chat.id, too_big_text(context.tr))
            continue
        _record(context, user.id, chat.id, group, incoming, album=not group.startswith("m"))


def schedule_batch(context: Context, batch: str, user_id: int, *, wait: float) -> None:
    """Read a batch once it stops growing: each new file of an album moves the reading on."""
    assert context.job_queue is not None
    name = batch_job(context, batch)
    for job in context.job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    context.job_queue.run_once(
        read_job,  # type: ignore[arg-type]  # our Context is the job's context
        wait,
        data=batch,
        name=name,
        user_id=user_id,
    )


async def read_job(context: Context) -> None:
    """The JobQueue's call: read one batch (at start-up too: what the last run left waiting).
    If it fails (a full disk...), the adherent is told, and the batch stays recorded: the next
    start reads it again."""
    assert context.job is not None
    batch = str(context.job.data)
    try:
        await read_batch(context, batch)
    except Exception:
        logger.exception("A batch of files could not be answered; it stays recorded")
        waiting = context.storage.pending_batch(batch)
        if waiting:
            tr = user_translator(context, waiting[0].user_id)
            with contextlib.suppress(TelegramError):
                await context.bot.send_message(waiting[0].chat_id, apology_text(tr))


def too_big_text(tr: Translator) -> str:
    return tr.gettext(
        "Ce fichier dépasse 20 Mo, la limite de Telegram pour les robots : je ne peux pas "
        "le télécharger. Envoyez une photo, ou un PDF plus léger (une page par fichier)."
    )


async def read_batch(context: Context, batch: str) -> None:
    """Read every file of a batch that is not read yet, store what each gave, answer once."""
    waiting = context.storage.pending_batch(batch)
    if not waiting:
        return  # answered already, or erased (/forget)
    first = waiting[0]
    tr = user_translator(context, first.user_id)
    if first.status_message_id is None:
        status = await context.bot.send_message(
            first.chat_id,
            tr.ngettext("⏳ Je lis votre document…", "⏳ Je lis vos {n} documents…", len(waiting)),
        )
        context.storage.set_pending_status(batch, status.message_id)
    async with context.services.reading:
        for pending in waiting:
            if pending.read:
                continue  # read before a restart: its documents are stored
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(pending.chat_id, ChatAction.TYPING)
            try:
                pages, failure = await _read_file(context, pending)
            except Exception:  # a fault of ours: that file is reported, the others go on
                logger.exception("A file could not be read")
                pages, failure = [], Failure.ERROR
            try:
                context.storage.record_reading(pending, pages, failure)
            except PermissionError:
                return  # the person was erased meanwhile: nothing is kept, nothing is said
    await _answer_batch(context, tr, batch)


async def _read_file(
    context: Context, pending: Pending
) -> tuple[list[dict[str, Any]], str | None]:
    """Download one file and read it; the image lives in memory only for this call."""
    try:
        file = await context.bot.get_file(pending.file_id)
        if file.file_size is not None and file.file_size > MAX_DOWNLOAD_BYTES:
            return [], Failure.TOO_BIG
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        too_big = "too big" in str(exc).lower()
        logger.warning("A file could not be downloaded: %s", type(exc).__name__)
        return [], Failure.TOO_BIG if too_big else Failure.DOWNLOAD
    if len(data) > MAX_DOWNLOAD_BYTES:
        return [], Failure.TOO_BIG
    reading = await context.services.recognize(data)
    image_path = None
    if context.services.settings.keep_images and reading.pages:
        try:
            context.services.keep_image(
                pending.user_id, pending.file_unique_id, pending.extension, data
            )
        except OSError as exc:  # a full or read-only images folder: read, not kept
            logger.warning("An image could not be kept: %s", exc.strerror)
        else:
            path = context.services.image_path(
                pending.user_id, pending.file_unique_id, pending.extension
            )
            image_path = str(path)
    del data  # nothing of the image stays in memory or, by default, on disk
    pages = [
        {
            "types": [t.value for t in page.types],
            "fields": page.fields.to_json(),
            "confidence": page.confidence,
            "image_path": image_path,
            "problem": page.problem,
        }
        for page in reading.pages
    ]
    failure = reading.failure
    if failure is None and reading.total_pages > len(reading.pages):
        failure = f"pages:{reading.total_pages}"
    return pages, failure


def failure_text(tr: Translator, failure: str) -> str:
    """Why a file was not read, and what to do: always "send it again", said plainly."""
    _ = tr.gettext
    if failure == Failure.TOO_BIG:
        return _("⚠️ Fichier de plus de 20 Mo : envoyez une photo, ou un PDF plus léger.")
    if failure == Failure.TOO_LARGE:
        return _(
            "⚠️ Image trop grande pour être lue. Envoyez une photo normale du document, ou un PDF."
        )
    if failure == Failure.UNDECODABLE:
        return _("⚠️ Je n'arrive pas à ouvrir ce fichier. Envoyez une photo ou un PDF.")
    if failure == Failure.TIMEOUT:
        return _(
            "⚠️ Ce document prend trop de temps à lire. Renvoyez-le en photo nette, "
            "une page à la fois."
        )
    if failure == Failure.DOWNLOAD:
        return _("⚠️ Je n'ai pas pu recevoir ce fichier : renvoyez-le, s'il vous plaît.")
    return _("⚠️ Je n'ai pas pu lire ce fichier : renvoyez-le, s'il vous plaît.")


async def _answer_batch(context: Context, tr: Translator, batch: str) -> None:
    """Every file of the batch is read: choose the dossier, say what each gave, edit the
    checklist."""
    _ = tr.gettext
    waiting = context.storage.pending_batch(batch)
    if not waiting:
        return
    first = waiting[0]
    user_id, chat_id = first.user_id, first.chat_id
    read = [
        (pending, [context.storage.document(i, user_id) for i in pending.document_ids or ()])
        for pending in waiting
    ]
    every = [doc for _p, docs in read for doc in docs if doc is not None]
    try:
        placement = place_documents(context.rulebook, context.storage, user_id, every)
    except PermissionError:
        return  # erased meanwhile
    dossier = placement.dossier
    context.storage.file_batch(batch, dossier.id)
    lines: list[str] = []
    buttons: list[list[InlineKeyboardButton]] = []
    for pending, documents in read:
        number = pending.position
        failure = pending.failure or ""
        if failure and not failure.startswith("pages:") and not documents:
            lines.append(f"{number}. " + failure_text(tr, failure))
            continue
        for page_number, document in enumerate(documents, start=1):
            if document is None:
                continue
            label = str(number) if len(documents) == 1 else f"{number}.{page_number}"
            problem = document.problem
            lines.append(f"{label}. " + describe(tr, context, document, problem))
            if problem is None:
                buttons.append(document_buttons(tr, document, label))
        if failure and not failure.startswith("pages:"):  # pages read, then it stopped
            lines.append(f"{number}.{len(documents) + 1}. " + failure_text(tr, failure))
        if failure.startswith("pages:"):
            lines.append(
                _(
                    "ℹ️ Ce PDF a {total} pages : j'ai lu les {read} premières. Envoyez les "
                    "autres pages à part.",
                    total=failure.split(":", 1)[1],
                    read=len(documents),
                )
            )
    state = dossier_state(context.rulebook, context.storage, dossier)
    checklist, findings = state.checklist, state.findings
    parts = [placed_text(tr, context, placement, len(every)), ""]
    parts.append(tr.ngettext("J'ai lu :", "J'ai lu ces {n} documents :", len(waiting)))
    parts += lines
    if findings:
        parts.append("")
        parts.append(_("À vérifier avant d'envoyer :"))
        parts += [f"⚠️ {finding_text(tr, context.rulebook, finding)}" for finding in findings]
    if checklist.missing:
        parts.append("")
        parts.append(_("Il manque encore :"))
        parts += [f"⬜ {tr.text(line.item.text)}" for line in checklist.missing]
    # The deadline counts from the first consultation: unread on the feuille, it is asked.
    ask_date = state.date_unread and dossier.status is DossierStatus.OPEN
    if ask_date:
        parts.append("")
        parts.append(
            _(
                "📅 Je n'ai pas pu lire la date de la consultation sur la feuille de soins. "
                "Quelle est-elle ? Elle fixe la date limite d'envoi du dossier."
            )
        )
    text = fit(tr, parts)
    view_button = button(_("📋 Voir le dossier"), callbacks.VIEW, dossier_ref(dossier))
    buttons = buttons[:MAX_DOCUMENT_BUTTON_ROWS]
    dates = first_care_buttons(tr, dossier, state.dues) if ask_date else []
    markup = InlineKeyboardMarkup(
        [*dates, *buttons, *move_buttons(tr, context, placement), [view_button]]
    )
    reply_id = first.status_message_id
    try:
        await context.bot.edit_message_text(text, chat_id, reply_id, reply_markup=markup)
    except BadRequest:  # the "I am reading" message is gone (deleted, or too old to edit)
        reply_id = (await context.bot.send_message(chat_id, text, reply_markup=markup)).message_id
    if reply_id is not None:
        context.storage.answered((doc.id for doc in every), reply_id)
    # Only now is the batch done: killed before this line, the next start answers it again
    # (an edit of the same message), never reading a file twice.
    context.storage.drop_pending(batch)
    await _refresh(context, tr, dossier)


MAX_MOVE_BUTTONS = 4  # other dossiers offered under a reply


def placed_text(tr: Translator, context: Context, placement: Placement, count: int) -> str:
    """Which dossier the documents went to, named; how to choose another."""
    _ = tr.gettext
    dossier = placement.dossier
    care = context.rulebook.category(dossier.category).name.get(tr.lang)
    who = beneficiary_label(tr, dossier)
    if placement.created:
        return tr.ngettext(
            "📁 J'ai ouvert le dossier n° {number} ({care}, {who}) pour ce document ; "
            "/newclaim en crée un autre.",
            "📁 J'ai ouvert le dossier n° {number} ({care}, {who}) pour ces documents ; "
            "/newclaim en crée un autre.",
            count,
            number=dossier.id,
            care=care,
            who=who,
        )
    text = tr.ngettext(
        "📁 Rangé dans le dossier n° {number} ({care}, {who}).",
        "📁 Rangés dans le dossier n° {number} ({care}, {who}).",
        count,
        number=dossier.id,
        care=care,
        who=who,
    )
    return text + " " + _("Pas le bon dossier ? Choisissez-en un autre ci-dessous.")


def move_buttons(
    tr: Translator, context: Context, placement: Placement
) -> list[list[InlineKeyboardButton]]:
    """ "Pour quel dossier ?": the other open dossiers, likeliest first, and a new one."""
    if placement.created:
        return []
    _ = tr.gettext
    layout = []
    for other in placement.others[:MAX_MOVE_BUTTONS]:
        category = context.rulebook.category(other.category)
        label = _(
            "↪️ N° {number} {emoji} {care}",
            number=other.id,
            emoji=category.emoji,
            care=category.name.get(tr.lang),
        )
        if other.beneficiary_name:
            label += f" · {other.beneficiary_name}"
        layout.append([button(label, callbacks.MOVE, dossier_ref(other))])
    care = placement.care or DEFAULT_CATEGORY
    layout.append([button(_("🗂 Dans un nouveau dossier"), callbacks.MOVE_NEW, care)])
    return layout


async def move(update: Update, context: Context) -> None:
    """dm:<dossier> / dn:<care>: the documents of the pressed reply go to another dossier."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    tr = context.tr
    _ = tr.gettext
    documents = (
        context.storage.documents_of_reply(user.id, query.message.message_id)
        if query.message is not None
        else []
    )
    target = None
    new = callbacks.pressed(update, callbacks.MOVE_NEW)
    if new is not None and new.word(0) in context.rulebook.categories:
        if documents:
            target = context.storage.create_dossier(user.id, new.word(0))
    elif (values := callbacks.pressed(update, callbacks.MOVE)) is not None:
        ident, token = values.ref(0)
        target = context.storage.dossier(ident, user.id, token=token)
    if not documents or target is None or target.status is not DossierStatus.OPEN:
        await query.answer(_("Ce dossier n'existe plus."), show_alert=True)
        return
    sources = {doc.dossier_id for doc in documents} - {target.id}
    context.storage.move_documents(documents, target)
    await query.answer()
    with contextlib.suppress(TelegramError):  # the move buttons go: the choice is made
        await query.edit_message_reply_markup(
            markup_without(query.message, callbacks.MOVE, callbacks.MOVE_NEW)
        )
    for source_id in sources:
        source = context.storage.dossier(source_id, user.id) if source_id else None
        if source is not None:
            await _refresh(context, tr, source)
    care = context.rulebook.category(target.category).name.get(tr.lang)
    text = tr.ngettext(
        "📁 Déplacé dans le dossier n° {number} ({care}, {who}).",
        "📁 Déplacés dans le dossier n° {number} ({care}, {who}).",
        len(documents),
        number=target.id,
        care=care,
        who=beneficiary_label(tr, target),
    )
    view, markup = dossier_view_for(context, tr, target)
    sent = await context.bot.send_message(user.id, text + "\n\n" + view, reply_markup=markup)
    context.storage.update_dossier(target, chat_id=sent.chat_id, message_id=sent.message_id)


async def _refresh(context: Context, tr: Translator, dossier: Dossier) -> None:
    try:
        await refresh_dossier(context, tr, dossier)
    except TelegramError as exc:  # the checklist message may be gone or unchanged
        logger.info("checklist message not edited: %s", exc)


def describe(tr: Translator, context: Context, document: Document, problem: str | None) -> str:
    """One line per document: what it is, the facts read, and whether it was added."""
    _ = tr.gettext
    if problem == "too_small":
        return _(
            "⚠️ Image trop petite pour être lue. Envoyez-la comme fichier (📎 › Fichier) "
            "pour une lecture plus nette."
        )
    if problem == "too_dark":
        return _("⚠️ Photo trop sombre : reprenez-la à la lumière du jour, le papier bien éclairé.")
    if problem == "blank":
        return _("⚠️ Page blanche : il n'y a rien à lire. Envoyez le côté écrit du document.")
    if problem == "no_text":
        return _(
            "⚠️ Je ne vois aucune écriture : ce n'est pas un document de remboursement. "
            "Envoyez la photo d'une feuille de soins, d'une ordonnance, d'une facture…"
        )
    if problem == "not_a_paper":
        return _(
            "⚠️ Ce n'est pas un document de remboursement : une capture d'écran ou un ticket de "
            "caisse ne remplace pas le papier. Envoyez la photo d'une feuille de soins, d'une "
            "ordonnance, d'une facture…"
        )
    if problem is not None:
        return _(
            "⚠️ Photo trop floue ou illisible. Reprenez-la bien à plat et éclairée, ou "
            "envoyez-la comme fichier (📎 › Fichier) pour une lecture plus nette."
        )
    labels = [
        context.rulebook.document_types[t].label.get(tr.lang)
        for t in document.types
        if t in context.rulebook.document_types
    ]
    if not labels or document.types[0] == "unknown":
        return _("❔ Je ne reconnais pas ce document : dites-moi ce que c'est (✏️).")
    facts = []
    fields: dict[str, Any] = dict(document.fields)
    if fields.get("invoice_number"):
        facts.append(_("n° {number}", number=fields["invoice_number"]))
    date = fields.get("document_date") or fields.get("consultation_date")
    if date:
        facts.append(_("du {date}", date=_date(date)))
    amount = fields.get("amount_total") or fields.get("total_declared")
    if amount is not None:
        facts.append(_("{amount} Dhs", amount=format_amount(Decimal(str(amount)))))
    what = " + ".join(labels)
    if facts:
        what += " " + COMMA[tr.lang].join(facts)
    return _("{what} ✅", what=what)  # no participle to agree with the label


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def document_buttons(tr: Translator, document: Document, label: str) -> list[InlineKeyboardButton]:
    _ = tr.gettext
    return [
        button(_("✔️ {n} : c'est juste", n=label), callbacks.DOC_OK, document.id),
        button(_("✏️ {n} : autre chose ▾", n=label), callbacks.DOC_TYPES, document.id),
    ]


PRESSED = (callbacks.DOC_OK, callbacks.DOC_TYPES, callbacks.DOC_SET)  # dok/dty/dset:<document>


async def _pressed_document(update: Update, context: Context) -> Document | None:
    """The document a button names, only if it belongs to the person pressing it; otherwise
    they are told it is gone, and None is returned."""
    user = update.effective_user
    data = update.callback_query.data if update.callback_query else None
    values = next((v for p in PRESSED if (v := callbacks.parse(p, data)) is not None), None)
    document = None
    if user is not None and values is not None:
        document = context.storage.document(values.number(0), user.id)
    if document is None and update.callback_query is not None:
        gone = context.tr.gettext("Ce document n'existe plus.")
        await update.callback_query.answer(gone, show_alert=True)
    return document


async def confirm(update: Update, context: Context) -> None:
    """dok:<document>: the adherent says the reading is right."""
    query = update.callback_query
    assert query is not None
    document = await _pressed_document(update, context)
    if document is not None:
        context.storage.correct_document(document, document.types)
        await query.answer(context.tr.gettext("Merci, c'est noté."))


async def choose_type(update: Update, context: Context) -> None:
    """dty:<document>: show what a document can be."""
    query = update.callback_query
    assert query is not None
    document = await _pressed_document(update, context)
    if document is None:
        return
    tr = context.tr
    types = list(context.rulebook.document_types.values())
    choices = [
        button(tr.text(t.label), callbacks.DOC_SET, document.id, n) for n, t in enumerate(types)
    ]
    await query.answer()
    await query.edit_message_reply_markup(InlineKeyboardMarkup(rows(choices, 2)))


async def set_type(update: Update, context: Context) -> None:
    """dset:<document>:<type>: remember the adherent's correction, update the dossier."""
    query = update.callback_query
    assert query is not None
    document = await _pressed_document(update, context)
    if document is None:
        return
    values = callbacks.parse(callbacks.DOC_SET, query.data)
    tr = context.tr
    types = list(context.rulebook.document_types)
    index = values.number(1) if values else len(types)
    if index >= len(types):
        await query.answer()
        return
    chosen = types[index]
    document = context.storage.correct_document(document, [chosen])
    label = context.rulebook.document_types[chosen].label.get(tr.lang)
    dossier = None
    if document.dossier_id is not None:
        dossier = context.storage.dossier(document.dossier_id, document.user_id)
    view = []
    if dossier is not None:
        view = [button(tr.gettext("📋 Voir le dossier"), callbacks.VIEW, dossier_ref(dossier))]
    await query.answer()
    await query.edit_message_text(
        tr.gettext("C'est noté : ce document est « {label} ».", label=label),
        reply_markup=keyboard(view),
    )
    if dossier is not None:
        await _refresh(context, tr, dossier)
