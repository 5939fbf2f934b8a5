"""Every Bot API call goes through here: Telegram's rate limits, retries, and edits that change
nothing taken as done — in one place, so that no send site can forget them."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter, BaseRateLimiter

from bot.i18n import right_to_left

logger = logging.getLogger(__name__)

# RetryAfter.retry_after as a timedelta, python-telegram-bot's next behaviour (nothing here reads
# it as a number), so that honouring one does not warn of a deprecation.
os.environ.setdefault("PTB_TIMEDELTA", "1")

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

# Telegram's limits for a bot (messages per second overall; per group, per minute).
OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
# RetryAfter: honoured this many times per call. TimedOut, NetworkError, 5xx: tried this many
# times in all, waiting BACKOFF, then twice as long...
RETRY_AFTER_RETRIES = 3
ATTEMPTS = 4
BACKOFF = 0.5

# Answers that mean the call has nothing left to do: not an error for the adherent.
_ALREADY_DONE = (
    "message is not modified",  # an edit to the text it already has (a button pressed twice)
    "query is too old",  # a button answered after a restart: the spinner is gone already
)
# Calls that are never repeated here: the polling loop retries getUpdates itself (bot/runner.py),
# a start-up call that fails stops the start at once, in one line (bot/cli.py), and the
# commands menu, not essential, is logged and left as it is.
_NOT_RETRIED = frozenset(
    {"getUpdates", "getMe", "setWebhook", "deleteWebhook", "logOut", "setMyCommands"}
)


# Calls whose text fields an adherent reads: each Arabic line of them is laid out right to left.
_TEXT_FIELDS = {
    "sendMessage": ("text",),
    "editMessageText": ("text",),
    "sendDocument": ("caption",),
    "answerCallbackQuery": ("text",),
}


def _laid_out(endpoint: str, args: Any, data: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The call's texts with their Arabic lines right to left (bot.i18n.right_to_left), in one
    place for every send site. python-telegram-bot passes (endpoint, data) as the callback's
    arguments; anything else is left as it is."""
    fields = [f for f in _TEXT_FIELDS.get(endpoint, ()) if isinstance(data.get(f), str)]
    if not fields or not (isinstance(args, tuple) and len(args) == 2 and args[1] is data):
        return args, data
    laid = {**data, **{f: right_to_left(data[f]) for f in fields}}
    return (args[0], laid), laid


class ReliableLimiter(BaseRateLimiter[int]):
    """AIORateLimiter (Telegram's limits, RetryAfter honoured), plus: transient failures retried
    with backoff, and an edit that changes nothing, or a stale button's answer, counted as done.
    With no limit (per_second=0, a benchmark), calls go straight through, retries included.

    A sendMessage whose answer was lost (TimedOut after Telegram received it) may then show
    twice: a reply shown twice is better than a reply lost."""

    def __init__(
        self,
        *,
        per_second: float = OVERALL_PER_SECOND,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF,
    ) -> None:
        self.limits = (
            AIORateLimiter(
                overall_max_rate=per_second,
                overall_time_period=1,
                group_max_rate=GROUP_PER_MINUTE,
                group_time_period=60,
                max_retries=RETRY_AFTER_RETRIES,
            )
            if per_second
            else None
        )
        self.attempts = max(1, attempts)
        self.backoff = backoff

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        """One Bot API call, within the limits, retried while it may succeed."""
        args, data = _laid_out(endpoint, args, data)
        attempts = 1 if endpoint in _NOT_RETRIED else self.attempts
        retry_after = 0
        attempt = 1
        while True:
            try:
                if self.limits is None:
                    return await callback(*args, **kwargs)
                return await self.limits.process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest as exc:  # a NetworkError subclass, but final: never retried
                if any(text in exc.message.lower() for text in _ALREADY_DONE):
                    return True
                raise
            except RetryAfter as exc:  # AIORateLimiter honoured it already; here, with no limits
                retry_after += 1
                if self.limits is not None or retry_after > RETRY_AFTER_RETRIES:
                    raise
                await asyncio.sleep(exc.retry_after.total_seconds() + 0.1)  # type: ignore[union-attr]
            except NetworkError as exc:  # TimedOut, a lost connection, a 5xx answer
                if attempt == attempts:
                    raise
                delay = self.backoff * 2 ** (attempt - 1)
                logger.warning(
                    "%s failed (%s); attempt %d of %d in %.1f s",
                    endpoint,
                    type(exc).__name__,
                    attempt + 1,
                    attempts,
                    delay,
                )
                attempt += 1
                await asyncio.sleep(delay)
