"""Logging without health data: a level floor per library, a filter for payloads and secrets.

Our own loggers (`bot`, `dialogs`) follow LOG_LEVEL, DEBUG included, and log no text of the
adherent's. Other libraries are held at a floor where they do not log bodies (see FLOORS); what
they may still log at or above it goes through `PrivacyFilter`, which drops the records whose
content is an update or a message, withholds such arguments in the others, withholds the message
of exceptions that quote values (ValueError, KeyError...), and redacts the bot token and the
webhook secret anywhere, tracebacks included.
"""

from __future__ import annotations

import enum
import logging
import re
import sqlite3
import sys
import traceback
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
WITHHELD = "<withheld>"
REDACTED = "<redacted>"

OWN_LOGGERS = ("bot", "dialogs", "__main__")
# Any library not named below: INFO at most (DEBUG is where libraries dump what they handle).
DEFAULT_FLOOR = logging.INFO
# The lowest level each library may log at, whatever LOG_LEVEL says (python-telegram-bot 22,
# httpx 0.28, httpcore 1.0, tornado 6, APScheduler 3).
FLOORS: dict[str, int] = {
    # DEBUG: every update ("Processing update"), every call with its parameters (the texts
    # sent), every result, the webhook's raw body, a wrong secret token, the Bot API URL with
    # the token. INFO and above: start/stop lines, a rate limit; failures (filtered below).
    "telegram": logging.INFO,
    # INFO: one line per request with its URL, which carries the bot token.
    "httpx": logging.WARNING,
    # DEBUG: request and response headers of every call.
    "httpcore": logging.WARNING,
    # INFO: malformed-request lines naming the peer; WARNING: 4xx lines (method, path, peer).
    "tornado": logging.WARNING,
    # INFO: scheduler start/stop and job names (our code schedules no job); DEBUG: wake-ups.
    "apscheduler": logging.INFO,
    # DEBUG: every PNG chunk of a photo being read.
    "PIL": logging.INFO,
}

# Records of python-telegram-bot dropped at any level: their whole content is a payload, or
# they are a failure raised again.
DROPPED_TEMPLATES = frozenset(
    {
        "Calling Bot API endpoint `%s` with parameters `%s`",
        "Call to Bot API endpoint `%s` finished with return value `%s`",
        "Processing update %s",
        "Dropping pending update: %s",
        "Webhook received data: %s",
        "Request had the wrong secret token: %s",
        "Selecting conversation %s with state %s",
        "Set Bot API URL: %s",
        "Set Bot API File URL: %s",
        # logged with a traceback just before the error is raised again; main.py says it in one
        # line (the start-up failures: the Bot API unreachable, the token refused)
        "%s Failed run number %s of %s. Aborting.",
        "%s Invalid token. Aborting retry loop.",
    }
)
# Failure reports of python-telegram-bot that carry a payload as an argument: kept, each
# argument withheld.
WITHHELD_TEMPLATES = frozenset(
    {
        "Error while parsing updates! Received data was %r",
        "Something went wrong processing the data received from Telegram. "
        "Received data was *not* processed! Received data was: %r",
        "Error while building CallbackContext for update %s. Update will not be processed.",
        "Error while building CallbackContext for exception %s. "
        "Exception will not be processed by error handlers.",
        'Can not load invalid JSON data: "%s"',
    }
)

# Exceptions whose message describes the system (a path, a Telegram error description, an
# SQLite error), not a value: their message is kept in tracebacks. Any other exception's
# message (ValueError: invalid literal ... 'Yasmina', KeyError: 'kiné') is withheld.
_KEPT_MESSAGES: tuple[type[BaseException], ...] = (
    OSError,
    sqlite3.Error,
    AttributeError,
    NameError,
    ImportError,
    NotImplementedError,
    RecursionError,
    MemoryError,
)
_KEPT_MODULES = ("telegram", "httpx", "httpcore", "tornado", "asyncio")

# A bot token: the bot's id, a colon, a secret; in a Bot API URL, after /bot.
_TOKEN = re.compile(r"(?<![\w-])\d{5,}:[A-Za-z0-9_-]{20,}")
_URL_TOKEN = re.compile(r"(/bot)\d+:[^/\s'\"`]+")
_MIN_SECRET = 6  # shorter secrets are not searched for (they would redact common words)


def _is_own(name: str) -> bool:
    return any(name == own or name.startswith(own + ".") for own in OWN_LOGGERS)


def _module_of(kind: type[BaseException]) -> str:
    return kind.__module__.split(".")[0]


def _message_is_kept(exc: BaseException) -> bool:
    return isinstance(exc, _KEPT_MESSAGES) or _module_of(type(exc)) in _KEPT_MODULES


def exception_line(exc: BaseException) -> str:
    """`module.Type: message`, the message withheld unless it describes the system."""
    kind = type(exc)
    name = kind.__qualname__
    if kind.__module__ != "builtins":
        name = f"{kind.__module__}.{name}"
    try:
        text = str(exc)
    except Exception:
        text = "<unprintable>"
    if text and not _message_is_kept(exc):
        text = WITHHELD
    return f"{name}: {text}" if text else name


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def format_exception(exc: BaseException) -> str:
    """A traceback as Python prints it (chained causes included), each message per the rule."""
    chain: list[tuple[BaseException, str]] = []  # newest first, with how the older one led
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__cause__ is not None:
            chain.append((current, _CAUSE))
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            chain.append((current, _CONTEXT))
            current = current.__context__
        else:
            chain.append((current, ""))
            current = None
    parts: list[str] = []
    for index in range(len(chain) - 1, -1, -1):
        item = chain[index][0]
        if item.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.extract_tb(item.__traceback__).format())
        parts.append(exception_line(item) + "\n")
        if index > 0:
            parts.append(chain[index - 1][1])
    return "".join(parts).rstrip("\n")


class PrivacyFilter(logging.Filter):
    """On the handler: no payload, no exception value, no token or secret gets written."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self.secrets = sorted(
            {s for s in secrets if s and len(s) >= _MIN_SECRET}, key=len, reverse=True
        )

    def redact(self, text: str) -> str:
        """The text with the known secrets and anything shaped like a bot token replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        text = _URL_TOKEN.sub(rf"\g<1>{REDACTED}", text)
        return _TOKEN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop or clean the record (in place); True when it may be written."""
        if getattr(record, "_mupras_clean", False):
            return True
        own = _is_own(record.name)
        template = record.msg if isinstance(record.msg, str) else None
        if not own and template in DROPPED_TEMPLATES:
            return False
        if not own and record.args:
            every = template in WITHHELD_TEMPLATES
            record.args = _withheld_args(record.args, template, every=every)
        # another library logging an object as the message (an update...): its type only
        message = (
            _message(record)
            if own or template is not None
            else f"{WITHHELD} {type(record.msg).__name__}"
        )
        if not own and record.name.split(".")[0] == "asyncio" and "\n" in message:
            # "Task exception was never retrieved\nfuture: <Task ... exception=ValueError('…')>"
            message = message.split("\n", 1)[0] + f" ({WITHHELD})"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.redact(format_exception(record.exc_info[1]))
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        record.__dict__["_mupras_clean"] = True
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # bad arguments: logging would print them in its "Logging error"
        return f"{record.msg} ({WITHHELD}: arguments that do not fit the message)"


def _withheld_args(args: Any, template: str | None, *, every: bool) -> Any:
    """Another library's arguments: numbers, flags and short words kept, anything else withheld."""
    if isinstance(args, Mapping):
        if template is not None and "%(" in template:  # logger.info("%(name)s", {"name": ...})
            return {key: _safe(value, every=every) for key, value in args.items()}
        return (_safe(args, every=every),)  # one dict argument (logging unwraps it)
    return tuple(_safe(value, every=every) for value in args)


class _Withheld:
    """Stands for a withheld argument, with %s and with %r."""

    def __repr__(self) -> str:
        return WITHHELD

    __str__ = __repr__


_WITHHELD = _Withheld()


def _safe(value: object, *, every: bool) -> object:
    if every:
        return _WITHHELD
    if value is None or isinstance(value, bool | int | float | enum.Enum):
        return value
    if isinstance(value, str):
        # a JSON body or an object's repr, or a long text: withheld
        return _WITHHELD if len(value) > 200 or "{" in value or "\n" in value else value
    if isinstance(value, BaseException):
        return exception_line(value)
    return _WITHHELD  # updates, messages, dicts, lists, tuples, bytes, request objects


def level_of(name: str, level: int) -> int:
    """The level a logger is set to: LOG_LEVEL for ours, never below the floor for others."""
    if _is_own(name):
        return level
    return max(level, FLOORS.get(name, DEFAULT_FLOOR))


def configure_logging(
    level: str, *, secrets: Iterable[str | None] = (), stream: TextIO | None = None
) -> PrivacyFilter:
    """Log to stderr at `level` for our code, with the floors and the filter (returned)."""
    number = logging.getLevelName(level.upper())
    if not isinstance(number, int):
        raise ValueError(f"unknown logging level {level!r}")
    handler = logging.StreamHandler(sys.stderr if stream is None else stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    privacy = PrivacyFilter(secrets)
    handler.addFilter(privacy)
    handler._mupras = True  # type: ignore[attr-defined]
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_mupras", False)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level_of("", number))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(number)
    for name in FLOORS:
        logging.getLogger(name).setLevel(level_of(name, number))
    return privacy
