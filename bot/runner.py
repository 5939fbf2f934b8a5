"""The bot on Telegram: long polling, or a webhook when WEBHOOK_URL is set.

In both, Telegram learns that an update was received only once it is handled (its state and
files recorded). python-telegram-bot's own webhook answers 200 as soon as an update is queued,
and its updater confirms a batch of polled updates (the next getUpdates offset) while the batch
is still being handled: a process killed then loses them, and Telegram never sends them again.
Here a kill before the confirmation makes Telegram send the update again. Updates are handled one
at a time, in the order they come, as python-telegram-bot's own update queue does.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import signal
from collections.abc import AsyncIterator
from typing import Any

import tornado.web
from telegram import Update
from telegram.error import Conflict, NetworkError
from telegram.ext import Application

from bot.app import build_application, freeze_startup
from bot.settings import Settings

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1 << 20  # an update is a few kB; a larger body is refused unread


def run_on_telegram(settings: Settings) -> None:
    application = build_application(settings)
    freeze_startup()
    if settings.webhook_url:
        logger.info(
            "Webhook mode on %s:%s/%s",
            settings.webhook_listen,
            settings.webhook_port,
            settings.webhook_path,
        )
        asyncio.run(serve_webhook(application, settings))
    else:
        logger.info("Long polling mode")
        asyncio.run(serve_polling(application))


class WebhookHandler(tornado.web.RequestHandler):
    """POST <path>: one update from Telegram, answered 200 once it is handled."""

    def initialize(self, telegram: Any, secret: str | None, lock: asyncio.Lock) -> None:
        self.telegram = telegram  # ("application" is tornado's own)
        self.secret = secret
        self.lock = lock

    async def post(self) -> None:
        """Check the secret, parse, handle, then answer."""
        if self.secret is not None:
            given = self.request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.secret.encode()):
                raise tornado.web.HTTPError(403)
        try:
            update = Update.de_json(json.loads(self.request.body), self.telegram.bot)
        except (ValueError, TypeError, KeyError):
            logger.warning("A webhook request that is not an update was refused")
            raise tornado.web.HTTPError(400) from None
        async with self.lock:
            await self.telegram.process_update(update)
        self.set_status(200)

    def log_exception(self, *args: Any) -> None:
        """Errors are said by the application's error handler; a refusal needs no traceback."""


POLL_SECONDS = 20  # Telegram's long-poll timeout for getUpdates
POLL_BACKOFF = (1, 2, 5, 10, 30)  # seconds between tries while the Bot API does not answer
POLL_IDLE = 0.2  # seconds after a poll that brought nothing


async def serve_polling(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Long polling that confirms an update (the next offset) only after handling it."""
    async with _running(application) as stop:
        await application.bot.delete_webhook()
        poller = asyncio.create_task(_poll(application))
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({poller, stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in (poller, stopper):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await poller  # its exception, if it failed, is raised here


async def _poll(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    offset: int | None = None
    failures = 0
    while True:
        try:
            updates = await application.bot.get_updates(
                offset=offset, timeout=POLL_SECONDS, allowed_updates=Update.ALL_TYPES
            )
        except (NetworkError, Conflict) as exc:  # TimedOut included; Conflict: another poller
            delay = POLL_BACKOFF[min(failures, len(POLL_BACKOFF) - 1)]
            failures += 1
            logger.warning("getUpdates failed (%s); again in %d s", type(exc).__name__, delay)
            await asyncio.sleep(delay)
            continue
        failures = 0
        if not updates:
            # A long poll that ended empty; a Bot API emulator that does not hold the call
            # answers at once: never spin.
            await asyncio.sleep(POLL_IDLE)
        for update in updates:
            await application.process_update(update)
            offset = update.update_id + 1  # confirmed by the next getUpdates, once handled


@contextlib.asynccontextmanager
async def _running(
    application: Application[Any, Any, Any, Any, Any, Any],
) -> AsyncIterator[asyncio.Event]:
    """Initialise and start the application as run_polling does (post_init, post_stop and
    post_shutdown included); yields an event set by SIGINT or SIGTERM."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await application.initialize()
    started = False
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        started = True
        yield stop
    finally:
        if started:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def serve_webhook(
    application: Application[Any, Any, Any, Any, Any, Any], settings: Settings
) -> None:
    """Listen, register the webhook, run until SIGINT or SIGTERM, stop cleanly."""
    async with _running(application) as stop:
        web = tornado.web.Application(
            [
                (
                    "/" + re.escape(settings.webhook_path),
                    WebhookHandler,
                    {
                        "telegram": application,
                        "secret": settings.webhook_secret_token,
                        "lock": asyncio.Lock(),
                    },
                )
            ]
        )
        server = web.listen(
            settings.webhook_port, settings.webhook_listen, max_body_size=MAX_UPDATE_BYTES
        )
        try:
            await application.bot.set_webhook(
                url=settings.webhook_url or "",
                secret_token=settings.webhook_secret_token,
                allowed_updates=Update.ALL_TYPES,
            )
            await stop.wait()
        finally:
            server.stop()
