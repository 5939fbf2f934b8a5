"""What every handler reaches through its context: the services, and the language of the update."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.i18n import LOCALES_DIR, Translator
from bot.language import resolve_language
from bot.rulebook import Rulebook
from bot.settings import Settings
from bot.storage import Storage, User
from bot.understanding import Understander

if TYPE_CHECKING:
    from bot.recognition.pool import Reading, RecognitionService

T = TypeVar("T")

MEMORY_LANGUAGE = "language"  # in user_data: the language of someone not stored
# In user_data, in memory only (the dialog state of someone who has not consented is never
# written): what they were doing when consent was asked, done once they accept.
AFTER_CONSENT = "after_consent"


@dataclass
class Services:
    settings: Settings
    rulebook: Rulebook
    storage: Storage
    understander: Understander
    locales_dir: Path = LOCALES_DIR
    recognition: RecognitionService | None = None  # the OCR workers, started on the first photo
    # Files are read one batch (an album, or a single file) at a time, in the order they came:
    # the first album sent is answered first. asyncio.Lock wakes its waiters in order.
    reading: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Replies that belong to nobody (a checklist, an address, a definition), rendered once per
    # language: the rulebook and the catalogs do not change while the bot runs.
    views: dict[Hashable, Any] = field(default_factory=dict)

    def view(self, key: Hashable, build: Callable[[], T]) -> T:
        """A rendered reply from the cache, built the first time it is asked for."""
        try:
            return self.views[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self.views[key] = build()
            return value

    async def recognize(self, data: bytes) -> Reading:
        """Read a file's pages off the event loop (the workers start with the first file)."""
        if self.recognition is None:
            from bot.recognition.pool import RecognitionService

            self.recognition = RecognitionService(self.settings.recognition_workers)
        return await self.recognition.recognize(data)

    def images_of(self, user_id: int) -> Path:
        return self.settings.images_dir / str(user_id)

    def image_path(self, user_id: int, unique_id: str, extension: str) -> Path:
        return self.images_of(user_id) / f"{unique_id}.{extension}"

    def keep_image(self, user_id: int, unique_id: str, extension: str, data: bytes) -> None:
        """Only with KEEP_IMAGES=1: the image is written where /forget will find it."""
        path = self.image_path(user_id, unique_id, extension)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def forget_files(self, user_id: int) -> int:
        """Erase the person's images folder, whatever is in it; returns how many files were."""
        folder = self.images_of(user_id)
        if not folder.exists():
            return 0
        count = sum(1 for path in folder.rglob("*") if path.is_file())
        shutil.rmtree(folder)
        return count

    def close(self) -> None:
        if self.recognition is not None:
            self.recognition.close()
            self.recognition = None
        self.storage.close()


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context of this bot: services and per-update language at hand."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self._translator: Translator | None = None
        self._update: Update | None = None

    @classmethod
    def from_update(
        cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> Context:
        """The context of one update: it keeps the update, so the language is worked out once
        (on first use of :attr:`tr`) for every handler of that update."""
        context = super().from_update(update, application)
        if isinstance(update, Update):
            context._update = update
        return context

    @property
    def services(self) -> Services:
        services: Services = self.bot_data["services"]
        return services

    @property
    def rulebook(self) -> Rulebook:
        return self.services.rulebook

    @property
    def storage(self) -> Storage:
        return self.services.storage

    def stored_user(self, update: Update) -> User | None:
        user = update.effective_user
        return self.storage.user(user.id) if user else None

    def saved_language(self, update: Update) -> str | None:
        """The language the adherent chose: stored with their consent; without it, kept in this
        process's memory only (the persistence writes no row for them), so that someone who
        declined is still answered in their language."""
        stored = self.stored_user(update)
        if stored is not None and stored.language:
            return stored.language
        chosen = self.user_data.get(MEMORY_LANGUAGE) if self.user_data is not None else None
        return chosen if isinstance(chosen, str) else None

    @property
    def tr(self) -> Translator:
        """The translator for this update, worked out once: the saved choice, else the message's
        language (for a button, the message it is on), else Telegram's language_code, else
        French."""
        if self._translator is None:
            update = self._update
            if update is None:
                raise RuntimeError("no update: a job finds its adherent's translator itself")
            message = update.effective_message
            text = None
            if message is not None and message.text:
                text = "" if message.text.startswith("/") else message.text
            user = update.effective_user
            lang = resolve_language(
                text or "",
                saved=self.saved_language(update),
                telegram_code=user.language_code if user else None,
            )
            self._translator = Translator(lang, self.services.locales_dir)
        return self._translator

    def set_language(self, update: Update, lang: str) -> Translator:
        """Answer in this language; remember it if the adherent consented to being stored."""
        stored = self.stored_user(update)
        if stored is not None and stored.consented:
            self.storage.set_language(stored.id, lang)
        elif self.user_data is not None:
            self.user_data[MEMORY_LANGUAGE] = lang
        self._translator = Translator(lang, self.services.locales_dir)
        return self._translator
