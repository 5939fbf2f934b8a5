"""Logs carry no health data at any level: the filter on its own, then main.py in webhook mode."""

from __future__ import annotations

import json
import logging
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.logs import FLOORS, WITHHELD, PrivacyFilter, configure_logging
from tests.botapi import (
    SECRET,
    TOKEN,
    BotApi,
    WebhookBot,
    free_port,
    message_update,
    press_update,
    serving,
    wait_for,
    webhook_bot,
    webhook_env,
)

pytestmark = pytest.mark.slow  # its own processes, or real OCR on many pages

FRENCH = "Ma fille Yasmina a fait 6 séances de kiné, facture 1 234,50 Dhs"
ARABIC = "ابنتي ياسمينة قامت بست حصص ترويض، الفاتورة 1 234,50 درهم"
FR_USER = {
    "id": 70070,
    "is_bot": False,
    "first_name": "Yasmina",
    "last_name": "Zerhouni",
    "username": "yasmina_zrh",
    "language_code": "fr",
}
AR_USER = {
    "id": 70071,
    "is_bot": False,
    "first_name": "ياسمينة",
    "last_name": "الزرهوني",
    "language_code": "ar",
}
# Names, fields, care words, amounts, as typed and as JSON escapes them; the secrets.
PLANTED = [
    "Yasmina",
    "Zerhouni",
    "yasmina_zrh",
    "kiné",
    "séances",
    "1 234,50",
    "Dhs",
    "ياسمينة",
    "الزرهوني",
    "ترويض",
    "حصص",
    "الفاتورة",
    "درهم",
    TOKEN,
    "TEST-token",
    SECRET,
]
SEARCHED = sorted({form for word in PLANTED for form in (word, json.dumps(word)[1:-1])})


def leaks(log: str) -> list[str]:
    """The planted words found in the log, in any case."""
    lowered = log.casefold()
    return [word for word in SEARCHED if word.casefold() in lowered]


# -- the filter and the levels, in this process ------------------------------------------


@pytest.fixture
def clean_logging() -> Iterator[None]:
    """configure_logging changes the root logger and named ones: put them back afterwards."""
    root = logging.getLogger()
    names = ["", "bot", "dialogs", "__main__", *FLOORS]
    levels = {name: logging.getLogger(name).level for name in names}
    handlers = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def record(name: str, msg: str, *args: Any, level: int = logging.INFO, **kw: Any) -> Any:
    return logging.LogRecord(name, level, __file__, 1, msg, args, kw.get("exc_info"))


def test_payload_records_of_the_libraries_are_dropped_or_withheld() -> None:
    privacy = PrivacyFilter([TOKEN])
    update = {"message": {"text": FRENCH, "from": FR_USER}}
    for msg, args in [
        ("Processing update %s", (update,)),
        ("Calling Bot API endpoint `%s` with parameters `%s`", ("sendMessage", {"text": ARABIC})),
        ("Webhook received data: %s", (json.dumps(update),)),
        ("Set Bot API URL: %s", (f"http://127.0.0.1/bot{TOKEN}",)),
    ]:
        assert not privacy.filter(record("telegram.ext.Application", msg, *args))
    failure = record(
        "telegram.ext.Updater",
        "Something went wrong processing the data received from Telegram. "
        "Received data was *not* processed! Received data was: %r",
        update,
        level=logging.CRITICAL,
    )
    assert privacy.filter(failure) and failure.getMessage().endswith(WITHHELD)
    # anything else of theirs: numbers kept; bodies, objects and long texts withheld
    other = record("tornado.general", "%d %s %s", 403, "POST /hook (10.0.0.1)", update)
    assert privacy.filter(other)
    assert other.getMessage() == f"403 POST /hook (10.0.0.1) {WITHHELD}"
    as_message = record("apscheduler.scheduler", "")
    as_message.msg = update  # an object logged as the message: its type only
    assert privacy.filter(as_message) and as_message.getMessage() == f"{WITHHELD} dict"
    assert leaks(failure.getMessage() + other.getMessage()) == []


def test_tokens_and_secrets_are_redacted_everywhere() -> None:
    privacy = PrivacyFilter([TOKEN, SECRET])
    real = "7357924104:AAH2f8Qk3JmXv0pLrTz9wYbCdEeFgHiJkLm"
    line = record(
        "httpx",
        'HTTP Request: POST %s "HTTP/1.1 200 OK"',
        f"https://api.telegram.org/bot{real}/sendMessage",
        level=logging.WARNING,
    )
    assert privacy.filter(line)
    redacted = "https://api.telegram.org/bot<redacted>/sendMessage"
    assert line.getMessage() == f'HTTP Request: POST {redacted} "HTTP/1.1 200 OK"'
    ours = record("bot.runner", "hook %s secret %s, token %s", f"/x/{TOKEN}", SECRET, real)
    assert (
        privacy.filter(ours) and leaks(ours.getMessage()) == [] and real not in ours.getMessage()
    )
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError as exc:
        error = record(
            "telegram.ext",
            "failed",
            level=logging.ERROR,
            exc_info=(RuntimeError, exc, exc.__traceback__),
        )
    assert privacy.filter(error)
    assert TOKEN not in logging.Formatter().format(error)


def test_exception_messages_that_quote_values_are_withheld() -> None:
    privacy = PrivacyFilter()
    typed = "Yasmina"  # the traceback shows the code below, not this line
    try:
        try:
            int(typed)
        except ValueError as exc:
            raise OSError(28, "No space left on device", "data/mupras.sqlite3") from exc
    except OSError as exc:
        error = record(
            "dialogs.fallback",
            "Error while handling an update",
            level=logging.ERROR,
            exc_info=(OSError, exc, exc.__traceback__),
        )
    assert privacy.filter(error)
    text = logging.Formatter().format(error)
    assert "Yasmina" not in text
    assert f"ValueError: {WITHHELD}" in text and "int(typed)" in text
    assert "OSError: [Errno 28] No space left on device: 'data/mupras.sqlite3'" in text
    assert "The above exception was the direct cause" in text
    assert text.count("Traceback (most recent call last):") == 2


def test_asyncio_task_details_are_withheld() -> None:
    privacy = PrivacyFilter()
    line = record(
        "asyncio",
        "Task exception was never retrieved\nfuture: <Task finished exception=KeyError('kiné')>",
        level=logging.ERROR,
    )
    assert privacy.filter(line)
    assert line.getMessage() == f"Task exception was never retrieved ({WITHHELD})"


def test_levels_ours_follow_log_level_the_libraries_have_a_floor(clean_logging: None) -> None:
    configure_logging("DEBUG")
    assert logging.getLogger("bot.app").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("dialogs.questions").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("telegram.ext.Application").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("telegram.ext.Application").isEnabledFor(logging.INFO)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert not logging.getLogger("httpcore.http11").isEnabledFor(logging.INFO)
    assert not logging.getLogger("tornado.access").isEnabledFor(logging.INFO)
    assert not logging.getLogger("some.other.library").isEnabledFor(logging.DEBUG)
    configure_logging("ERROR")
    assert not logging.getLogger("telegram").isEnabledFor(logging.WARNING)
    assert not logging.getLogger("bot").isEnabledFor(logging.WARNING)
    assert len([h for h in logging.getLogger().handlers if getattr(h, "_mupras", False)]) == 1


# -- main.py as its own process, webhook mode, against a stand-in Bot API ------------------

CONTROL = textwrap.dedent(
    """
    # The same bot with python-telegram-bot's own logging left as it was: what the test must see
    import logging, sys
    import bot.cli as cli
    cli.configure_logging = lambda level, **_: logging.basicConfig(level=level)
    sys.argv = ["main.py"]
    sys.exit(cli.run())
    """
)


def _answered(bot_api: BotApi, bot: WebhookBot, update: dict[str, Any]) -> Any:
    """Post the update; the message the bot sent or edited for it."""
    before = len(bot_api.api.sent)
    assert bot.post(update) == 200
    return wait_for(lambda: bot_api.api.sent[before:])[-1]


def _conversation(bot_api: BotApi, bot: WebhookBot) -> None:
    """Two people onboard, ask in their words, and one opens a dossier for her child."""
    n = iter(range(1, 1000))
    for user, lang, question in ((FR_USER, "fr", FRENCH), (AR_USER, "ar", ARABIC)):
        welcome = _answered(bot_api, bot, message_update(next(n), user, "/start"))
        consent = _answered(
            bot_api,
            bot,
            press_update(next(n), user, f"lang:{lang}", welcome.message_id, welcome.text),
        )
        _answered(
            bot_api,
            bot,
            press_update(next(n), user, f"consent:yes:{lang}", consent.message_id, consent.text),
        )
        checklist = _answered(bot_api, bot, message_update(next(n), user, question))
        assert "1." in checklist.text
    who = _answered(bot_api, bot, message_update(next(n), FR_USER, "/newclaim"))
    _answered(bot_api, bot, press_update(next(n), FR_USER, "who:child", who.message_id, who.text))
    care = _answered(bot_api, bot, message_update(next(n), FR_USER, "Yasmina"))
    dossier = _answered(
        bot_api,
        bot,
        press_update(next(n), FR_USER, "ncat:reeducation", care.message_id, care.text),
    )
    # the planted words went through the bot, and out in its replies
    assert "Yasmina" in dossier.text
    assert any("séances" in s.text for s in bot_api.api.sent)


def _session(tmp_path: Path, level: str, command: tuple[str, ...] = ("main.py",)) -> str:
    log = tmp_path / f"bot-{level}.log"
    with serving() as bot_api:
        env = webhook_env(bot_api, tmp_path / "data", free_port(), LOG_LEVEL=level)
        with webhook_bot(bot_api, env, log, command) as bot:
            _conversation(bot_api, bot)
    return log.read_text()


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_the_log_of_a_conversation_has_none_of_its_words(tmp_path: Path, level: str) -> None:
    log = _session(tmp_path, level)
    assert "Traceback" not in log, log
    assert leaks(log) == [], log
    assert " INFO bot.runner: Webhook mode on " in log
    assert " INFO telegram.ext.Application: Application started" in log
    own_debug = re.findall(r" DEBUG (?:bot|dialogs)\.[\w.]+: .*", log)
    if level == "DEBUG":  # ours did log at DEBUG, and the libraries did not
        assert "DEBUG dialogs.questions: intent category" in log, log
        assert not re.search(r" DEBUG (?!bot\.|dialogs\.)", log), log
    else:
        assert own_debug == [] and " DEBUG " not in log


def test_the_search_finds_the_words_when_the_libraries_log_freely(tmp_path: Path) -> None:
    """Without bot.logs, python-telegram-bot at DEBUG logs them: the search above can fail."""
    log = _session(tmp_path, "DEBUG", ("-c", CONTROL))
    found = leaks(log)
    # The texts the bot sends (names, care). Not the last name and the amount typed: only the
    # bodies of incoming updates carried them, and our webhook hands updates to the application
    # without python-telegram-bot's webhook logging their bodies.
    for word in ("Yasmina", "kiné", "séances", TOKEN):
        assert word in found, (word, found)
