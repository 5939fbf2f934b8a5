"""Photos in, checklist out: receive documents, read them off the event loop, edit the dossier."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError

from bot import callbacks
from bot.context import Context
from bot.i18n import Translator
from bot.keyboards import button, keyboard, rows
from bot.recognition import Recognition, recognize_pages_async
from bot.recognition.fields import format_amount
from bot.storage import Document, Dossier, DossierStatus
from dialogs.checklist import finding_text
from dialogs.claims import dossier_state, refresh_dossier
from dialogs.onboarding import consent_keyboard, consent_text

logger = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's limit for bots
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
PDF_TYPE = "application/pdf"


@dataclass
class Incoming:
    """One file the adherent sent, before it is read."""

    file_id: str
    file_unique_id: str
    size: int | None
    extension: str


@dataclass
class Album:
    """The photos of one media group, which Telegram delivers as separate updates."""

    chat_id: int
    user_id: int
    files: list[Incoming] = field(default_factory=list)
    last_seen: float = field(default_factory=time.monotonic)


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


async def receive(update: Update, context: Context) -> None:
    """A photo, an image sent as a file, or a PDF: read it (an album is answered once)."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    tr = context.tr(update)
    _ = tr.gettext
    stored = context.stored_user(update)
    if stored is None or not stored.consented:
        text = _("Pour lire vos documents, j'ai besoin de votre accord.") + "\n\n"
        await message.reply_text(
            text + consent_text(tr), parse_mode=ParseMode.HTML, reply_markup=consent_keyboard(tr)
        )
        return
    incoming = _incoming(message)
    if incoming is None:
        await message.reply_text(
            _(
                "Je lis les photos, les images (JPEG, PNG, WebP) et les PDF. Envoyez le document "
                "sous l'une de ces formes."
            )
        )
        return
    if incoming.size is not None and incoming.size > MAX_DOWNLOAD_BYTES:
        await message.reply_text(
            _(
                "Ce fichier dépasse 20 Mo, la limite de Telegram pour les robots : je ne peux pas "
                "le télécharger. Envoyez une photo, ou un PDF plus léger (une page par fichier)."
            )
        )
        return
    if message.media_group_id:
        albums: dict[str, Album] = context.bot_data.setdefault("albums", {})
        key = f"{message.chat_id}:{message.media_group_id}"
        album = albums.get(key)
        if album is None:
            album = albums[key] = Album(message.chat_id, user.id)
            context.application.create_task(_flush_album(context, key), update=update)
        album.files.append(incoming)
        album.last_seen = time.monotonic()
        return
    context.application.create_task(
        read_documents(context, tr, message.chat_id, user.id, [incoming]), update=update
    )


async def _flush_album(context: Context, key: str) -> None:
    """Wait until the album has stopped growing, then read it all and answer once."""
    albums: dict[str, Album] = context.bot_data["albums"]
    wait = context.services.settings.album_wait
    while time.monotonic() - albums[key].last_seen < wait:
        await asyncio.sleep(wait / 4)
    album = albums.pop(key)
    stored = context.storage.user(album.user_id)
    tr = Translator(
        stored.language if stored and stored.language else "fr", context.services.locales_dir
    )
    await read_documents(context, tr, album.chat_id, album.user_id, album.files)


async def _download(context: Context, incoming: Incoming) -> bytes:
    file = await context.bot.get_file(incoming.file_id)
    return bytes(await file.download_as_bytearray())


def current_dossier(context: Context, user_id: int, types: Sequence[str]) -> tuple[Dossier, bool]:
    """Where documents go: the latest open dossier, else a new one for the care they suggest."""
    open_dossiers = context.storage.dossiers(user_id, status=DossierStatus.OPEN)
    if open_dossiers:
        return open_dossiers[-1], False
    rulebook = context.rulebook
    suggested = [
        rulebook.document_types[t].suggests for t in types if t in rulebook.document_types
    ]
    category = next((c for c in suggested if c), "consultation")
    return context.storage.create_dossier(user_id, category), True


async def read_documents(
    context: Context, tr: Translator, chat_id: int, user_id: int, files: Sequence[Incoming]
) -> None:
    """Download, recognise off the event loop, store the facts, answer once, edit the checklist."""
    _ = tr.gettext
    status = await context.bot.send_message(
        chat_id,
        tr.ngettext("⏳ Je lis votre document…", "⏳ Je lis vos {n} documents…", len(files)),
    )
    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    pool = context.services.recognition_pool()
    read: list[tuple[Incoming, list[Recognition]]] = []
    for incoming in files:
        data = await _download(context, incoming)
        pages = await recognize_pages_async(pool, data)
        read.append((incoming, pages))
        if context.services.settings.keep_images:
            context.services.keep_image(user_id, incoming.file_unique_id, incoming.extension, data)
        del data  # nothing of the image stays in memory or on disk
    all_types = [t.value for _, pages in read for page in pages for t in page.types]
    dossier, created = current_dossier(context, user_id, all_types)
    lines: list[str] = []
    buttons: list[list[InlineKeyboardButton]] = []
    for number, (incoming, pages) in enumerate(read, start=1):
        for page_number, page in enumerate(pages, start=1):
            label = str(number) if len(pages) == 1 else f"{number}.{page_number}"
            image_path = None
            if context.services.settings.keep_images:
                image_path = str(
                    context.services.image_path(
                        user_id, incoming.file_unique_id, incoming.extension
                    )
                )
            document = context.storage.add_document(
                user_id,
                incoming.file_id,
                dossier_id=dossier.id,
                types=[t.value for t in page.types],
                fields=page.fields.to_json(),
                confidence=page.confidence,
                image_path=image_path,
            )
            lines.append(f"{label}. " + describe(tr, context, document, page.problem))
            if page.problem is None:
                buttons.append(document_buttons(tr, document, label))
    checklist, findings = dossier_state(context, dossier)
    parts = []
    if created:
        category = context.rulebook.category(dossier.category)
        parts.append(
            _(
                "J'ai ouvert le dossier n° {number} ({care}) pour ces documents ; "
                "/newclaim en crée un autre.",
                number=dossier.id,
                care=category.name.get(tr.lang),
            )
        )
        parts.append("")
    parts.append(tr.ngettext("J'ai lu :", "J'ai lu ces {n} documents :", len(files)))
    parts += lines
    if findings:
        parts.append("")
        parts.append(_("À vérifier avant d'envoyer :"))
        parts += [f"⚠️ {finding_text(tr, context.rulebook, finding)}" for finding in findings]
    if checklist.missing:
        parts.append("")
        parts.append(_("Il manque encore :"))
        parts += [f"⬜ {tr.text(line.item.text)}" for line in checklist.missing]
    markup = InlineKeyboardMarkup(
        [*buttons, [button(_("📋 Voir le dossier"), callbacks.VIEW, dossier.id)]]
    )
    await context.bot.edit_message_text(
        "\n".join(parts),
        chat_id,
        status.message_id,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
    )
    await _refresh(context, tr, dossier)


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
        what += " " + ", ".join(facts)
    return _("{what} — ajouté ✅", what=what)


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def document_buttons(tr: Translator, document: Document, label: str) -> list[InlineKeyboardButton]:
    _ = tr.gettext
    return [
        button(_("✔️ {n} : c'est juste", n=label), callbacks.DOC_OK, document.id),
        button(_("✏️ {n} : autre chose ▾", n=label), callbacks.DOC_TYPES, document.id),
    ]


async def _pressed_document(update: Update, context: Context) -> Document | None:
    """The document a button names, only if it belongs to the person pressing it; otherwise
    they are told it is gone, and None is returned."""
    user = update.effective_user
    values = callbacks.split(update.callback_query.data if update.callback_query else None)
    document = None
    if user is not None and values and values[0].isdigit():
        document = context.storage.document(int(values[0]), user.id)
    if document is None and update.callback_query is not None:
        gone = context.tr(update).gettext("Ce document n'existe plus.")
        await update.callback_query.answer(gone, show_alert=True)
    return document


async def confirm(update: Update, context: Context) -> None:
    """dok:<document>: the adherent says the reading is right."""
    query = update.callback_query
    assert query is not None
    document = await _pressed_document(update, context)
    if document is not None:
        context.storage.correct_document(document, document.types)
        await query.answer(context.tr(update).gettext("Merci, c'est noté."))


async def choose_type(update: Update, context: Context) -> None:
    """dty:<document>: show what a document can be."""
    query = update.callback_query
    assert query is not None
    document = await _pressed_document(update, context)
    if document is None:
        return
    tr = context.tr(update)
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
    values = callbacks.split(query.data)
    tr = context.tr(update)
    types = list(context.rulebook.document_types)
    if len(values) != 2 or not values[1].isdigit() or int(values[1]) >= len(types):
        await query.answer()
        return
    chosen = types[int(values[1])]
    document = context.storage.correct_document(document, [chosen])
    label = context.rulebook.document_types[chosen].label.get(tr.lang)
    await query.answer()
    await query.edit_message_text(
        tr.gettext("C'est noté : ce document est « {label} ».", label=label),
        reply_markup=keyboard(
            [button(tr.gettext("📋 Voir le dossier"), callbacks.VIEW, document.dossier_id or 0)]
        ),
    )
    if document.dossier_id is not None:
        dossier = context.storage.dossier(document.dossier_id, document.user_id)
        if dossier is not None:
            await _refresh(context, tr, dossier)
