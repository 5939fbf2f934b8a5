"""Callback-data prefixes: every inline button's data is "prefix:value", at most 64 bytes."""

from __future__ import annotations

from collections.abc import Callable

DataMaker = Callable[[str, str], str]  # (question id, option id) -> callback data

LANGUAGE = "lang"  # lang:fr | lang:ar
CONSENT = "consent"  # consent:yes | consent:no
MENU = "menu"  # menu:<MenuEntry>
CATEGORY = "cat"  # cat:<category id>  (what to attach, no dossier)
PREVIEW = "pv"  # pv:<category>:<answer code>  (a checklist not stored: its state is in the data)
FOLLOW = "follow"  # follow:<category>:<answer code>  (store a previewed checklist as a dossier)
WHO = "who"  # who:self | who:spouse | who:child  (new dossier)
NEW_CATEGORY = "ncat"  # ncat:<category id>  (new dossier)
ANSWER = "dq"  # dq:<dossier id>:<question index>:<option index>
TICK = "dt"  # dt:<dossier id>:<line number>
DONE = "dd"  # dd:<dossier id>
VIEW = "dv"  # dv:<dossier id>
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
