"""The callback-data codec: every inline button's data is "prefix:value:...", at most 64 bytes,
each prefix with the shape of its values (SHAPES); parse() reads and validates it in one place."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from telegram import Update

    from bot.rulebook import Question, Rulebook
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
DONE = "dd"  # dd:<dossier ref>  ("I sent it": asks first when pieces are missing)
SEND_ANYWAY = "dc"  # dc:<dossier ref>  (sent with pieces missing: how was it sent?)
SENT = "dw"  # dw:<dossier ref>:<deposit|post|email>
OUTCOME = "do"  # do:<dossier ref>:<reimbursed|rejected|open>  (open: reopen it)
COMPLAINT = "dr"  # dr:<dossier ref>  (the complaint to contact@ about this dossier)
AGREEMENT_MAIL = "da"  # da:<dossier ref>  (the request for the prior agreement, to pec@)
FIRST_CARE = "df"  # df:<dossier ref>:<today|ask>  (the first consultation's date)
MOVE = "dm"  # dm:<dossier ref>  (the documents of the pressed message go to that dossier)
MOVE_NEW = "dn"  # dn:<category>  (... to a new dossier of that care)
VIEW = "dv"  # dv:<dossier ref>
WHY = "why"  # why:<category>  (where each line of its checklist comes from)
COVER = "dp"  # dp:<dossier ref>  (its cover sheet, a PDF to print)
STATUS_PAGE = "st"  # st:<page>  (/status, a page of dossiers)
FORGET = "forget"  # forget:yes | forget:no
DOC_OK = "dok"  # dok:<document id>
DOC_TYPES = "dty"  # dty:<document id>  (show the list of types)
DOC_SET = "dset"  # dset:<document id>:<type index>


class Kind(enum.Enum):
    """What one value of a button's data may be."""

    WORD = "word"  # an id of the rulebook or of the code: [a-z0-9_-], 1 to 40 characters
    NUMBER = "number"  # a non-negative integer (an id, an index, a page), bounded
    REF = "ref"  # a dossier: "<id>.<token>"
    CODE = "code"  # answers as digits, one per question (may be empty)
    FLAG = "flag"  # 0 or 1


W, N, R, C, F = Kind.WORD, Kind.NUMBER, Kind.REF, Kind.CODE, Kind.FLAG
# An answer code's characters: digits for one answer, up to 64 values for a multiple question.
CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
# Every prefix and the shape of the values after it: the one place button data is read.
SHAPES: dict[str, tuple[Kind, ...]] = {
    LANGUAGE: (W,),
    CONSENT: (W, W),
    MENU: (W,),
    CATEGORY: (W,),
    PREVIEW: (W, C),
    FOLLOW: (W, C),
    WHO: (W,),
    NEW_CATEGORY: (W,),
    ANSWER: (R, N, W),
    TICK: (R, W, F),
    DONE: (R,),
    SEND_ANYWAY: (R,),
    SENT: (R, W),
    OUTCOME: (R, W),
    COMPLAINT: (R,),
    AGREEMENT_MAIL: (R,),
    FIRST_CARE: (R, W),
    MOVE: (R,),
    MOVE_NEW: (W,),
    VIEW: (R,),
    WHY: (W,),
    COVER: (R,),
    STATUS_PAGE: (N,),
    FORGET: (W,),
    DOC_OK: (N,),
    DOC_TYPES: (N,),
    DOC_SET: (N, N),
}
_WORD = re.compile(r"[a-z0-9_-]{1,40}")

# Ids in SQLite are signed 64-bit: anything longer is no id of ours (and no OverflowError).
MAX_NUMBER = 2**62


def pattern(prefix: str) -> str:
    """The regular expression matching one prefix's buttons."""
    return rf"^{prefix}:"


def make(prefix: str, *values: object) -> str:
    """A button's data; refused at once (ValueError) if it does not read back as its shape."""
    data = ":".join((prefix, *(str(v) for v in values)))
    if len(data.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    if parse(prefix, data) is None:
        raise ValueError(f"callback data not of the shape of {prefix!r}: {data!r}")
    return data


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
    if parsed is None or not token.isascii() or not token.isalnum() or len(token) > 16:
        return None
    return parsed, token


@dataclass(frozen=True)
class Values:
    """A button's values, each checked against its prefix's shape; read them by kind."""

    prefix: str
    raw: tuple[str, ...]

    def word(self, n: int) -> str:
        return self._of(n, W)

    def code(self, n: int) -> str:
        return self._of(n, C)

    def flag(self, n: int) -> bool:
        return self._of(n, F) == "1"

    def number(self, n: int) -> int:
        parsed = number(self._of(n, N))
        assert parsed is not None  # checked by parse()
        return parsed

    def ref(self, n: int) -> tuple[int, str]:
        parsed = parse_ref(self._of(n, R))
        assert parsed is not None  # checked by parse()
        return parsed

    def _of(self, n: int, kind: Kind) -> str:
        if SHAPES[self.prefix][n] is not kind:
            raise TypeError(f"{self.prefix} value {n} is a {SHAPES[self.prefix][n].value}")
        return self.raw[n]


def _valid(kind: Kind, value: str) -> bool:
    if kind is W:
        return _WORD.fullmatch(value) is not None
    if kind is N:
        return number(value) is not None
    if kind is R:
        return parse_ref(value) is not None
    if kind is C:
        return len(value) <= 16 and all(c in CODE_ALPHABET for c in value)
    return value in ("0", "1")


def pressed(update: Update, prefix: str) -> Values | None:
    """The values of the button this update pressed, if it is one of this prefix and shape."""
    query = update.callback_query
    return parse(prefix, query.data if query is not None else None)


def parse(prefix: str, data: str | None) -> Values | None:
    """The values of a button of this prefix, or None when the data is not of its shape (an old
    button, a forged one): handlers then say it is no longer valid."""
    head, _, rest = (data or "").partition(":")
    if head != prefix:
        return None
    raw = tuple(rest.split(":"))
    shape = SHAPES[prefix]
    if len(raw) != len(shape) or not all(map(_valid, shape, raw)):
        return None
    return Values(prefix, raw)


def answer_code(rulebook: Rulebook, category_id: str, answers: Mapping[str, str]) -> str:
    """The answers as one character per question ("0": not answered), to carry in callback
    data: an option's number; for a multiple question, which of its options are chosen (a bit
    each) and whether the choice is over."""
    chars = []
    for qid in rulebook.category(category_id).questions:
        question = rulebook.questions[qid]
        value = answers.get(qid)
        if question.multiple:
            chars.append(CODE_ALPHABET[_multiple_index(question, value)])
            continue
        ids = [o.id for o in question.options]
        chars.append(str(ids.index(value) + 1) if value in ids else "0")
    return "".join(chars)


def _multiple_index(question: Question, value: str | None) -> int:
    """0: nothing yet; 1: the option that sets nothing; else 2 × the chosen bits + finished."""
    chosen = question.chosen(value)
    if not chosen:
        return 0
    if any(not o.sets for o in chosen):
        return 1
    conditional = [o for o in question.options if o.sets]
    mask = sum(1 << conditional.index(o) for o in chosen)
    return 2 * mask + question.finished(value)


def _multiple_value(question: Question, index: int) -> str | None:
    from bot.rulebook import MORE

    if index <= 0:
        return None
    if index == 1:
        return next((o.id for o in question.options if not o.sets), None)
    conditional = [o for o in question.options if o.sets]
    mask, finished = divmod(index, 2)
    ids = [o.id for n, o in enumerate(conditional) if mask & (1 << n)]
    if not ids:
        return None
    return MORE.join(ids) + ("" if finished else MORE)


def answers_from_code(rulebook: Rulebook, category_id: str, code: str) -> dict[str, str]:
    """Read answers back from a button; anything malformed is simply not an answer."""
    answers: dict[str, str] = {}
    for qid, char in zip(rulebook.category(category_id).questions, code, strict=False):
        question = rulebook.questions[qid]
        options = question.options
        if question.multiple:
            value = _multiple_value(question, CODE_ALPHABET.find(char))
            if value is not None:
                answers[qid] = value
        elif char.isdigit() and 0 < int(char) <= len(options):
            answers[qid] = options[int(char) - 1].id
    return answers
