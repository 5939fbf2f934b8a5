"""The command line: run the bot (Telegram or terminal), `ask`, `recognize`, `check-rulebook`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from bot.logs import PrivacyFilter, configure_logging
from bot.rulebook import RulebookError
from bot.settings import Settings, SettingsError
from bot.understanding import VocabularyError

MIN_FREE_BYTES = 5 * 1024 * 1024  # below this, the data folder is called full
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_LISTEN = {errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES}


class StartupError(Exception):
    """What the bot needs to start is missing, unwritable, full or damaged: one line says so."""


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
    commands.add_parser(
        "check-rulebook", help="validate the rulebook, the vocabulary and the examples"
    )
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command; a bad setting, a mistake in the rulebook or a data folder or database
    the bot cannot use is said in one line (exit 2)."""
    args = parse_args(argv)
    secrets = PrivacyFilter(
        [os.environ.get("TELEGRAM_BOT_TOKEN"), os.environ.get("WEBHOOK_SECRET_TOKEN")]
    )
    try:
        return _run(args)
    except (SettingsError, RulebookError, VocabularyError) as exc:
        print(f"main.py: {secrets.redact(str(exc))}", file=sys.stderr)
        return 2
    except StartupError as exc:
        line = " ".join(str(exc).split())
        print(f"main.py: cannot start: {secrets.redact(line)}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    quiet = args.command in ("ask", "recognize") or (args.command is None and not settings.token)
    configure_logging(
        "WARNING" if quiet and settings.log_level == "INFO" else settings.log_level,
        secrets=(settings.token, settings.webhook_secret_token),
    )
    if args.command == "recognize":
        from bot.recognition.cli import recognize_files

        return recognize_files(args.file, as_json=args.json, out=sys.stdout)
    if args.command == "ask":
        # `ask` answers as a brand-new adherent, in a temporary folder: that is the one it needs
        with startup_errors(settings, None, mode="ask"):
            check_folder(_temporary_folder(), "the temporary folder")
            from bot.console import ask, print_answers

            messages = args.message or [line.rstrip("\n") for line in sys.stdin]
            answers = asyncio.run(ask(settings, messages))
        print_answers(answers, as_json=args.json, out=sys.stdout)
        return 0
    mode = args.command or ("telegram" if settings.token else "terminal")
    with startup_errors(settings, settings.database_path, mode=mode):
        check_folder(settings.data_dir, "the data folder", "BOT_DATA_DIR")
        check_database(settings.database_path)
        if args.command == "check-rulebook":
            from bot.app import build_services

            services = build_services(settings)
            services.close()
            examples = services.understander.examples
            print(
                f"OK: {len(services.rulebook.categories)} categories in {settings.rulebook_path}"
                + (
                    f", {len(examples.examples)} examples beside it"
                    if examples
                    else " (no examples.tsv beside it: the vocabulary's rules alone)"
                )
            )
            return 0
        if settings.token:
            from bot.runner import run_on_telegram

            run_on_telegram(settings)
            return 0
        from bot.console import TerminalChat

        chat = TerminalChat(settings)
        from bot.app import freeze_startup

        freeze_startup()
        asyncio.run(chat.run())
    return 0


def _temporary_folder() -> Path:
    try:
        return Path(tempfile.gettempdir())
    except OSError as exc:  # "No usable temporary directory found in [...]"
        raise StartupError(f"no temporary folder is writable ({exc}); set TMPDIR") from None


def check_folder(folder: Path, what: str, variable: str | None = None) -> None:
    """The folder exists or can be made, takes a new file, and has a few MB free."""
    what = f"{what} {variable}={folder}" if variable else f"{what} {folder}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StartupError(f"{what} is a file, not a folder") from None
    except OSError as exc:
        raise StartupError(f"{what} cannot be created ({_file_reason(exc)})") from None
    probe = folder / f".write-probe-{os.getpid()}"
    try:
        with probe.open("wb") as handle:
            handle.write(b"\0" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        if exc.errno == errno.EFBIG:  # a limit on file sizes (ulimit -f), not the disk
            raise StartupError(f"{what} takes no 4 kB file ({exc.strerror})") from None
        state = "is full" if exc.errno in _FULL else "is not writable"
        raise StartupError(f"{what} {state} ({exc.strerror})") from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)
    free = shutil.disk_usage(folder).free
    if free < MIN_FREE_BYTES:
        raise StartupError(
            f"{what} is full: {free // 1024} kB free, "
            f"at least {MIN_FREE_BYTES // 2**20} MB needed; free some space"
        )


def _file_reason(exc: OSError) -> str:
    """Why a path cannot be made: the part of it that is a file, or the system's words."""
    if exc.errno == errno.ENOTDIR and exc.filename:
        for parent in Path(exc.filename).parents:
            if parent.exists() and not parent.is_dir():
                return f"{parent} is a file, not a folder"
    return exc.strerror or str(exc)


def check_database(path: Path) -> None:
    """An existing database opens and passes SQLite's quick check (milliseconds for ours)."""
    if not path.exists():
        return
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        raise StartupError(_database_problem(exc, f"the database {path}")) from None
    if rows != [("ok",)]:
        found = " ".join(str(row[0]) for row in rows[:2])[:120]
        raise StartupError(
            f"the database {path} is damaged ({found}); move it away or restore a backup"
        )


def _database_problem(exc: sqlite3.Error, database: str) -> str:
    """One line for an SQLite error: what is wrong with `database` ("the database data/...")."""
    message = str(exc)
    if any(w in message for w in ("not a database", "malformed", "encrypted")):
        return f"{database} is damaged ({message}); move it away or restore a backup"
    if "full" in message:
        return f"the disk of {database} is full ({message}); free some space"
    if "disk I/O error" in message:
        return (
            f"{database} cannot be read or written ({message}): "
            "the disk may be full, failing or read-only"
        )
    if "unable to open" in message:
        return f"{database} cannot be opened ({message}); check its folder"
    if "readonly" in message:
        return f"{database} is read-only ({message})"
    if "locked" in message:
        return f"{database} is locked ({message}): is another copy of the bot running?"
    return f"{database} cannot be used ({message})"


@contextlib.contextmanager
def startup_errors(settings: Settings, database: Path | None, *, mode: str) -> Iterator[None]:
    """Turn what goes wrong with the disk, the database or the Bot API into a StartupError."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        problem = _problem(exc, settings, database, mode)
        if problem is None:
            raise
        raise StartupError(problem) from None
    except Exception as exc:
        problem = _telegram_problem(exc, settings) if mode == "telegram" else None
        if problem is None:
            raise
        raise StartupError(problem) from None


def _problem(
    exc: sqlite3.Error | OSError, settings: Settings, database: Path | None, mode: str
) -> str | None:
    """One line for a failure of the disk or of a data file, None for anything else."""
    folder = settings.data_dir if database is not None else Path(tempfile.gettempdir())
    if isinstance(exc, sqlite3.Error):
        what = f"the database {database}" if database else f"a temporary database in {folder}"
        return _database_problem(exc, what)
    if exc.errno == errno.EFBIG:
        return f"{exc.filename or folder} cannot grow ({exc.strerror}: a limit on file sizes?)"
    if exc.errno in _FULL:
        return (
            f"the disk is full writing {exc.filename or folder} ({exc.strerror}); free some space"
        )
    if exc.filename:
        return f"cannot use {exc.filename} ({exc.strerror})"
    listen_error = exc.errno in _LISTEN or (exc.errno or 0) < 0  # < 0: a name not resolved
    if mode == "telegram" and settings.webhook_url and listen_error:
        return (
            f"the webhook cannot listen on {settings.webhook_listen}:{settings.webhook_port} "
            f"({exc.strerror}); check WEBHOOK_LISTEN and WEBHOOK_PORT"
        )
    return None


def _telegram_problem(exc: Exception, settings: Settings) -> str | None:
    """One line for the Bot API refusing or not answering at start-up, None otherwise."""
    from telegram.error import InvalidToken, NetworkError, TelegramError

    if isinstance(exc, InvalidToken):
        return (
            f"the Bot API at {settings.api_base_url} refused the token (TELEGRAM_BOT_TOKEN); "
            "check it with @BotFather"
        )
    if isinstance(exc, NetworkError):
        return (
            f"cannot reach the Bot API at {settings.api_base_url} ({exc.message}); "
            "check the network or TELEGRAM_API_BASE_URL"
        )
    if isinstance(exc, TelegramError):
        return f"the Bot API at {settings.api_base_url} refused to start the bot ({exc.message})"
    return None
