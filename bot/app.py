"""All the wiring: services, handlers in order, persistence, start-up calls."""

from __future__ import annotations

import gc
import hashlib
import logging
import warnings
from collections.abc import Callable, Coroutine
from functools import cache
from pathlib import Path
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from bot import callbacks, recognition
from bot.context import AFTER_CONSENT, Context, Services
from bot.domain import check_rulebook
from bot.i18n import LOCALES_DIR, compile_catalogs, translators
from bot.keyboards import MenuEntry
from bot.persistence import SQLitePersistence, StatefulApplication
from bot.rulebook import Rulebook, load_rulebook
from bot.settings import Settings
from bot.storage import Storage
from bot.transport import ReliableLimiter
from bot.understanding import Understander, load_examples, load_vocabulary
from bot.understanding.examples import default_cache
from dialogs import (
    checklist,
    claims,
    contacts,
    coversheet,
    documents,
    fallback,
    groups,
    onboarding,
    privacy,
    questions,
    reminders,
    render,
)

logger = logging.getLogger(__name__)

OFFLINE_TOKEN = "1000000:offline-terminal-chat"
VOCABULARY_NAME = "vocabulary.toml"
EXAMPLES_NAME = "examples.tsv"
RETENTION_EVERY = 6 * 3600  # seconds between two runs of the retention job

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Handler = Callable[[Update, Context], Coroutine[Any, Any, Any]]


def build_services(settings: Settings) -> Services:
    """Load and check everything the handlers use; a bad rulebook stops the start here."""
    rulebook, understander = load_books(settings.rulebook_path)
    compile_catalogs(LOCALES_DIR)
    return Services(
        settings=settings,
        rulebook=rulebook,
        storage=Storage(settings.database_path),
        understander=understander,
    )


def load_books(rulebook_path: Path) -> tuple[Rulebook, Understander]:
    """The checked rulebook and the understander of the vocabulary and the examples beside it.
    Both are immutable (their caches only memoise), so an application built again in the same
    process with the same files (each test builds one) shares them instead of parsing and
    indexing them again."""
    rulebook, vocabulary, examples = _book_paths(rulebook_path)
    try:
        files = [rulebook.read_bytes(), vocabulary.read_bytes()]
        files.append(examples.read_bytes() if examples.exists() else b"")
    except OSError:
        return _load_books(rulebook_path)  # the loaders name what is missing
    return _loaded_books(rulebook_path, hashlib.sha256(b"\0".join(files)).hexdigest())


def _book_paths(rulebook_path: Path) -> tuple[Path, Path, Path]:
    """The rulebook, and the vocabulary and the examples beside it."""
    return (
        rulebook_path,
        rulebook_path.with_name(VOCABULARY_NAME),
        rulebook_path.with_name(EXAMPLES_NAME),
    )


@cache
def _loaded_books(rulebook_path: Path, contents: str) -> tuple[Rulebook, Understander]:
    return _load_books(rulebook_path)


def _load_books(rulebook_path: Path) -> tuple[Rulebook, Understander]:
    _, vocabulary_path, examples_path = _book_paths(rulebook_path)
    rulebook = load_rulebook(rulebook_path)
    check_rulebook(rulebook)
    recognition.check_rulebook(rulebook)
    vocabulary = load_vocabulary(vocabulary_path, rulebook)
    if not examples_path.exists():  # a rulebook and its vocabulary copied without them
        logger.warning("No %s beside the rulebook: the vocabulary's rules alone", EXAMPLES_NAME)
        return rulebook, Understander(vocabulary)
    examples = load_examples(examples_path, rulebook, cache=default_cache())
    return rulebook, Understander(vocabulary, examples)


def _ending(handler: Handler) -> Handler:
    """Run a handler and leave the conversation: a command typed mid-dialog does what it says."""

    async def run(update: Update, context: Context) -> int:
        await handler(update, context)
        if context.user_data is not None:
            context.user_data.pop("new_claim", None)
        return ConversationHandler.END

    return run


async def menu(update: Update, context: Context) -> None:
    """menu:<entry>: the main menu's buttons."""
    values = callbacks.pressed(update, callbacks.MENU)
    entry = values.word(0) if values else ""
    routes: dict[str, Handler] = {
        MenuEntry.CHECKLIST: checklist.show_categories,
        MenuEntry.STATUS: claims.status,
        MenuEntry.CONTACT: contacts.contact,
        MenuEntry.HELP: onboarding.help_command,
        MenuEntry.LANGUAGE: onboarding.choose_language,
        MenuEntry.PRIVACY: privacy.privacy,
    }
    await routes.get(entry, render.show_menu)(update, context)


async def consent_given(update: Update, context: Context) -> None:
    """The consent buttons; after a yes, what the person was doing when it was asked goes on
    (the dossier they wanted to follow is made, the files they sent are read); after a no, it
    is dropped."""
    await onboarding.consent_given(update, context)
    after = context.user_data.pop(AFTER_CONSENT, None) if context.user_data is not None else None
    user = update.effective_user
    if not after or user is None or not context.storage.consented(user.id):
        return
    kind, *values = after
    if kind == "follow":
        await claims.follow_after_consent(update, context, *values)
    elif kind == "files":
        await documents.read_after_consent(update, context, values[0])


def _commands() -> list[tuple[str, Handler]]:
    return [
        ("start", onboarding.start),
        ("help", onboarding.help_command),
        ("language", onboarding.choose_language),
        ("contact", contacts.contact),
        ("status", claims.status),
        ("privacy", privacy.privacy),
        ("forget", privacy.forget),
        ("reminders", reminders.reminders_command),
    ]


def _new_claim_conversation() -> ConversationHandler[Context]:
    """/newclaim: for whom → first name → care; persistent, so it survives a restart."""
    with warnings.catch_warnings():
        # per_message=False is wanted (a typed first name is a state); PTB warns that its
        # callback queries are then tracked per chat, which is what this dialog does.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                CommandHandler("newclaim", claims.new_claim),
                CallbackQueryHandler(claims.new_claim, pattern=rf"^{callbacks.MENU}:newclaim$"),
            ],
            states={
                claims.NewClaim.WHO: [
                    CallbackQueryHandler(
                        claims.who_chosen, pattern=callbacks.pattern(callbacks.WHO)
                    )
                ],
                claims.NewClaim.NAME: [
                    MessageHandler(filters.TEXT & ~filters.COMMAND, claims.name_given)
                ],
                claims.NewClaim.CATEGORY: [
                    CallbackQueryHandler(
                        claims.category_chosen, pattern=callbacks.pattern(callbacks.NEW_CATEGORY)
                    )
                ],
            },
            fallbacks=[
                CommandHandler("cancel", claims.cancel),
                CommandHandler("newclaim", claims.new_claim),
                *(CommandHandler(name, _ending(handler)) for name, handler in _commands()),
                CallbackQueryHandler(_ending(menu), pattern=callbacks.pattern(callbacks.MENU)),
            ],
            name="newclaim",
            persistent=True,
            allow_reentry=True,
        )


def handlers() -> list[BaseHandler[Update, Context, Any]]:
    """Every handler of group 0, in the order they are tried (before them, in group -1, the
    private-chats-only guard)."""
    cb = callbacks
    return [
        # A new dossier: its own conversation, first so its states win (a typed first name).
        _new_claim_conversation(),
        # Free text: questions in the adherent's words; the busiest path, so tried early (no
        # handler below takes plain text).
        MessageHandler(filters.TEXT & ~filters.COMMAND, questions.free_text),
        # Commands.
        *(CommandHandler(name, handler) for name, handler in _commands()),
        CommandHandler("cancel", render.show_menu),
        # Buttons: language, consent, menu.
        CallbackQueryHandler(onboarding.language_chosen, pattern=cb.pattern(cb.LANGUAGE)),
        CallbackQueryHandler(consent_given, pattern=cb.pattern(cb.CONSENT)),
        CallbackQueryHandler(menu, pattern=cb.pattern(cb.MENU)),
        # What to attach, without a dossier: category, then its questions.
        CallbackQueryHandler(checklist.category_chosen, pattern=cb.pattern(cb.CATEGORY)),
        CallbackQueryHandler(checklist.preview_answer, pattern=cb.pattern(cb.PREVIEW)),
        CallbackQueryHandler(checklist.why, pattern=cb.pattern(cb.WHY)),
        # Dossiers: follow a preview, answer, tick a piece, finish, view, print its cover sheet.
        CallbackQueryHandler(claims.follow_preview, pattern=cb.pattern(cb.FOLLOW)),
        CallbackQueryHandler(claims.answer_question, pattern=cb.pattern(cb.ANSWER)),
        CallbackQueryHandler(claims.tick_piece, pattern=cb.pattern(cb.TICK)),
        CallbackQueryHandler(claims.finish, pattern=cb.pattern(cb.DONE)),
        CallbackQueryHandler(claims.send_anyway, pattern=cb.pattern(cb.SEND_ANYWAY)),
        CallbackQueryHandler(claims.sent, pattern=cb.pattern(cb.SENT)),
        CallbackQueryHandler(claims.outcome, pattern=cb.pattern(cb.OUTCOME)),
        CallbackQueryHandler(claims.complaint, pattern=cb.pattern(cb.COMPLAINT)),
        CallbackQueryHandler(claims.agreement_mail, pattern=cb.pattern(cb.AGREEMENT_MAIL)),
        CallbackQueryHandler(claims.view, pattern=cb.pattern(cb.VIEW)),
        CallbackQueryHandler(coversheet.send_cover_sheet, pattern=cb.pattern(cb.COVER)),
        CallbackQueryHandler(claims.status, pattern=cb.pattern(cb.STATUS_PAGE)),
        CallbackQueryHandler(reminders.first_care_pressed, pattern=cb.pattern(cb.FIRST_CARE)),
        # A new dossier's care pressed twice (the dialog has ended): the dossier it made.
        CallbackQueryHandler(claims.category_again, pattern=cb.pattern(cb.NEW_CATEGORY)),
        # Documents: photos, images sent as files, PDFs; then "right" / "something else".
        MessageHandler(filters.PHOTO | filters.Document.ALL, documents.receive),
        CallbackQueryHandler(documents.confirm, pattern=cb.pattern(cb.DOC_OK)),
        CallbackQueryHandler(documents.choose_type, pattern=cb.pattern(cb.DOC_TYPES)),
        CallbackQueryHandler(documents.set_type, pattern=cb.pattern(cb.DOC_SET)),
        CallbackQueryHandler(documents.move, pattern=cb.pattern(cb.MOVE)),
        CallbackQueryHandler(documents.move, pattern=cb.pattern(cb.MOVE_NEW)),
        # Privacy.
        CallbackQueryHandler(privacy.forget_confirmed, pattern=cb.pattern(cb.FORGET)),
        # Everything else.
        MessageHandler(filters.COMMAND, fallback.unknown_command),
        MessageHandler(~filters.StatusUpdate.ALL, fallback.unsupported),
        CallbackQueryHandler(render.show_menu),  # an old or unknown button: the menu
    ]


async def _post_init(application: Application[Any, Context, Any, Any, Any, Any]) -> None:
    """Files left waiting by the last run are read; retention runs; then start-up calls that
    are not essential (logged when they fail, the bot runs on)."""
    services: Services = application.bot_data["services"]
    assert application.job_queue is not None
    for number, batch in enumerate(services.storage.pending_batches(), start=1):
        # Read in the order they came, each as soon as the bot runs.
        application.job_queue.run_once(
            documents.read_job, 0, data=batch, name=f"resume batch {number}"
        )
    application.job_queue.run_repeating(
        privacy.retention, RETENTION_EVERY, first=0, name="retention"
    )
    application.job_queue.run_repeating(
        reminders.sweep, reminders.REMIND_EVERY, first=0, name="reminders"
    )
    for tr in translators(services.locales_dir):
        try:
            await application.bot.set_my_commands(
                onboarding.bot_commands(tr),
                language_code=None if tr.lang == "fr" else tr.lang,
            )
        except TelegramError as exc:
            logger.warning("set_my_commands (%s) failed: %s; the bot runs on", tr.lang, exc)


async def _post_shutdown(application: Application[Any, Context, Any, Any, Any, Any]) -> None:
    """Stop the recognition workers and close the database."""
    application.bot_data["services"].close()


def build_application(
    settings: Settings, *, request: BaseRequest | None = None
) -> Application[Any, Context, Any, Any, Any, Any]:
    """The bot, ready to run: on Telegram, offline (terminal chat, tests), or behind a webhook."""
    services = build_services(settings)
    if settings.old_persistence_path.exists():
        settings.old_persistence_path.unlink()
        logger.info("The old dialog state file was erased (the state is now in the database)")
    context_types = ContextTypes(context=Context)
    builder = (
        ApplicationBuilder()
        .application_class(StatefulApplication)
        .token(settings.token or OFFLINE_TOKEN)
        .base_url(settings.api_base_url)
        .base_file_url(settings.file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW))
        .rate_limiter(
            ReliableLimiter(per_second=settings.rate_limit, backoff=settings.retry_backoff)
        )
        .context_types(context_types)
        .persistence(SQLitePersistence(services.storage))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.bot_data["services"] = services
    application.add_handler(groups.PrivateOnly(), group=-1)
    # After it, in the same group: a first consultation's date, typed when asked for.
    application.add_handler(MessageHandler(filters.TEXT, reminders.date_typed), group=-1)
    application.add_handlers(handlers())
    application.add_error_handler(fallback.error_handler)
    return application


def freeze_startup() -> None:
    """Where a process starts, once it is built: the rulebook, vocabulary and catalogs live as
    long as the process, so they leave the garbage collector's sight and a full collection does
    not stall a reply (45 ms seen). Not in build_application: tests build many."""
    gc.collect()
    gc.freeze()
