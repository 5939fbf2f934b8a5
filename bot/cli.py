"""The command line: run the bot (Telegram or terminal), `ask`, `recognize`, `check-rulebook`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from bot.logs import PrivacyFilter, configure_logging
from bot.rulebook import RulebookError
from bot.settings import Settings, SettingsError
from bot.understanding import VocabularyError

logger = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="MUPRAS claims assistant. Without a command: the bot on Telegram when "
        "TELEGRAM_BOT_TOKEN is set, else a chat in this terminal.",
    )
    commands = parser.add_subparsers(dest="command")
    ask = commands.add_parser("ask", help="answer messages as a new adherent would be answered")
    ask.add_argument("--json", action="store_true", help="one JSON object per message")
    ask.add_argument("message", nargs="*", help="messages (default: one per line of stdin)")
    recognize = commands.add_parser("recognize", help="read claim documents (photos, PDFs)")
    recognize.add_argument("--json", action="store_true", help="one JSON object per file")
    recognize.add_argument("file", nargs="+", help="image or PDF files")
    commands.add_parser("check-rulebook", help="validate the rulebook and the vocabulary")
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command; a bad setting or a mistake in the rulebook is said plainly (exit 2)."""
    args = parse_args(argv)
    secrets = PrivacyFilter(
        [os.environ.get("TELEGRAM_BOT_TOKEN"), os.environ.get("WEBHOOK_SECRET_TOKEN")]
    )
    try:
        return _run(args)
    except (SettingsError, RulebookError, VocabularyError) as exc:
        print(f"main.py: {secrets.redact(str(exc))}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    quiet = args.command in ("ask", "recognize") or (args.command is None and not settings.token)
    configure_logging(
        "WARNING" if quiet and settings.log_level == "INFO" else settings.log_level,
        secrets=(settings.token, settings.webhook_secret_token),
    )
    if args.command == "ask":
        from bot.console import ask, print_answers

        messages = args.message or [line.rstrip("\n") for line in sys.stdin]
        answers = asyncio.run(ask(settings, messages))
        print_answers(answers, as_json=args.json, out=sys.stdout)
        return 0
    if args.command == "recognize":
        from bot.recognition.cli import recognize_files

        return recognize_files(args.file, as_json=args.json, out=sys.stdout)
    if args.command == "check-rulebook":
        from bot.app import build_services

        services = build_services(settings)
        print(f"OK: {len(services.rulebook.categories)} categories in {settings.rulebook_path}")
        return 0
    if settings.token:
        from bot.runner import run_on_telegram

        run_on_telegram(settings)
        return 0
    from bot.console import TerminalChat

    asyncio.run(TerminalChat(settings).run())
    return 0
