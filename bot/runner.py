"""The bot on Telegram: long polling, or a webhook when WEBHOOK_URL is set."""

from __future__ import annotations

import logging

from telegram import Update

from bot.app import build_application
from bot.settings import Settings

logger = logging.getLogger(__name__)


def run_on_telegram(settings: Settings) -> None:
    application = build_application(settings)
    if settings.webhook_url:
        logger.info(
            "Webhook mode on %s:%s/%s",
            settings.webhook_listen,
            settings.webhook_port,
            settings.webhook_path,
        )
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        logger.info("Long polling mode")
        application.run_polling(allowed_updates=Update.ALL_TYPES)
