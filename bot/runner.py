"""The bot on Telegram: long polling, or a webhook when WEBHOOK_URL is set.

The webhook answers Telegram only once the update is handled (its state and files recorded):
python-telegram-bot's own webhook answers 200 as soon as an update is queued, so a process
killed just then loses it, and Telegram, having had its 200, never sends it again. Here a kill
before the answer makes Telegram send the update again. Updates are handled one at a time, in the
order they come, as python-telegram-bot's own update queue does.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.settings import Settings

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def run_on_telegram(settings: Settings) -> None:
    application = build_application(settings)
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
        application.run_polling(allowed_updates=Update.ALL_TYPES)


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


async def serve_webhook(
    application: Application[Any, Any, Any, Any, Any, Any], settings: Settings
) -> None:
    """Initialise, listen, register the webhook, run until SIGINT or SIGTERM, stop cleanly."""
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
        server = web.listen(settings.webhook_port, settings.webhook_listen)
        try:
            await application.bot.set_webhook(
                url=settings.webhook_url or "",
                secret_token=settings.webhook_secret_token,
                allowed_updates=Update.ALL_TYPES,
            )
            await stop.wait()
        finally:
            server.stop()
    finally:
        if started:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
