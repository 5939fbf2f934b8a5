"""Callback-data prefixes: every inline button's data is "prefix:value", at most 64 bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bot.rulebook import Rulebook
    from bot.storage import Dossier

DataMaker = Callable[[str, str], str]  # (question id, option id) -> callback data

LANGUAGE = "lang"  # lang:fr | lang:ar
CONSENT = "consent"  # consent:yes | consent:no
MENU = "menu"  # menu:<MenuEntry>
CATEGORY = "cat"  # cat:<category id>  (what to attach, no dossier)
PREVIEW = "pv"  # pv:<category>:<answer code>  (a checklist not stored: its state is in the data)
FOLLOW = "follow"  # follow:<category>:<answer code>  (store a previewed checklist as a dossier)
WHO = "who"  # who:self | who:spouse | who:child  (new dossier)
NEW_CATEGORY = "ncat"  # ncat:<category id>  (new dossier)
# A dossier is named by its ref, "<id>.<token>": a button acts only on the dossier it was made for.
ANSWER = "dq"  # dq:<dossier ref>:<question index>:<option id>
TICK = "dt"  # dt:<dossier ref>:<item id>:<1 have | 0 have not>  (pressed twice: the same)
DONE = "dd"  # dd:<dossier ref>
VIEW = "dv"  # dv:<dossier ref>
STATUS_PAGE = "st"  # st:<page>  (/status, a page of dossiers)
FORGET = "forget"  # forget:yes | forget:no
DOC_OK = "dok"  # dok:<document id>
DOC_TYPES = "dty"  # dty:<document id>  (show the list of types)
DOC_SET = "dset"  # dset:<document id>:<type index>


def pattern(prefix: str) -> str:
    """The regular expression matching one prefix's buttons."""
    return rf"^{prefix}:"


def make(prefix: str, *values: object) -> str:
    data = ":".join((prefix, *(str(v) for v in values)))
    if len(data.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    return data


def split(data: str | None) -> list[str]:
    """The values after the prefix; never trusted: handlers check them."""
    return (data or "").split(":")[1:]


# Ids in SQLite are signed 64-bit: anything longer is no id of ours (and no OverflowError).
MAX_NUMBER = 2**62


def number(value: str, limit: int = MAX_NUMBER) -> int | None:
    """A non-negative integer below `limit` written in ASCII digits, else None."""
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    parsed = int(value)
    return parsed if parsed < limit else None


def dossier_ref(dossier: Dossier) -> str:
    return f"{dossier.id}.{dossier.token}"


def parse_ref(value: str) -> tuple[int, str] | None:
    """A dossier ref's id and token, or None when it is not one."""
    ident, _, token = value.partition(".")
    parsed = number(ident)
    if parsed is None or not token.isalnum() or len(token) > 16:
        return None
    return parsed, token


def answer_code(rulebook: Rulebook, category_id: str, answers: Mapping[str, str]) -> str:
    """The answers as one digit per question (0: not answered), to carry in callback data."""
    digits = []
    for qid in rulebook.category(category_id).questions:
        question = rulebook.questions[qid]
        ids = [o.id for o in question.options]
        digits.append(str(ids.index(answers[qid]) + 1) if answers.get(qid) in ids else "0")
    return "".join(digits)


def answers_from_code(rulebook: Rulebook, category_id: str, code: str) -> dict[str, str]:
    """Read answers back from a button; anything malformed is simply not an answer."""
    answers: dict[str, str] = {}
    for qid, digit in zip(rulebook.category(category_id).questions, code, strict=False):
        options = rulebook.questions[qid].options
        if digit.isdigit() and 0 < int(digit) <= len(options):
            answers[qid] = options[int(digit) - 1].id
    return answers
