"""When a dossier must leave, and when to remind the adherent of it.

A claim must reach MUPRAS within the months its feuille de soins is valid ([deadlines] in the
rulebook), counted from the first consultation: the date the adherent gave, else the earliest
one read on a feuille de soins. A chronic illness's declaration is renewed every few months: its
renewal is counted from the declaration's own date. Reminders come 15 and 3 days before, in the
day (never between 21:00 and 08:00, Morocco's time); one missed while the bot was down comes late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.checks import Paper, add_months
from bot.domain.rules import CLAIM_DEADLINE, FEUILLE, RENEWAL
from bot.rulebook import Rulebook
from bot.storage import Dossier

MOROCCO = ZoneInfo("Africa/Casablanca")
DAY_STARTS = dt.time(8, 0)  # no reminder before 08:00 ...
DAY_ENDS = dt.time(21, 0)  # ... nor from 21:00
REMIND_AT = dt.time(10, 0)  # a planned reminder comes at 10:00
REMIND_DAYS = (15, 3)


@dataclass(frozen=True)
class Due:
    """A date a dossier must meet: what it is ("send" or "renew"), from when, until when."""

    kind: str
    start: dt.date
    last_day: dt.date

    def days_left(self, today: dt.date) -> int:
        return (self.last_day - today).days


def first_care(dossier: Dossier, papers: Sequence[Paper]) -> dt.date | None:
    """The first consultation: as the adherent gave it, else the earliest read on a feuille
    (its doctor's part; the adherent's signing date is no consultation, so not a guess)."""
    if dossier.first_care:
        return dt.date.fromisoformat(dossier.first_care)
    dates = [
        d
        for paper in papers
        if FEUILLE in paper.types and (d := paper.fields.consultation_date) is not None
    ]
    return min(dates, default=None)


def date_unread(dossier: Dossier, papers: Sequence[Paper]) -> bool:
    """A feuille de soins filled in by the doctor is there, yet no first consultation's date was
    read on it (handwriting, a fold) nor given: the deadline is unknown until the adherent says
    it. A blank doctor's part is a finding of its own, not a date to ask."""
    if first_care(dossier, papers) is not None:
        return False
    return any(FEUILLE in paper.types and not paper.fields.doctor_part_blank for paper in papers)


def dues(rulebook: Rulebook, dossier: Dossier, papers: Sequence[Paper]) -> list[Due]:
    """The dates this dossier must meet, soonest first."""
    found: list[Due] = []
    start = first_care(dossier, papers)
    if start is not None:
        months = rulebook.deadlines[CLAIM_DEADLINE].months
        found.append(Due("send", start, add_months(start, months)))
    declared = [
        d for paper in papers if RENEWAL in paper.types and (d := paper.fields.document_date)
    ]
    if declared:
        signed = max(declared)
        found.append(Due("renew", signed, add_months(signed, rulebook.deadlines[RENEWAL].months)))
    return sorted(found, key=lambda due: due.last_day)


def today() -> dt.date:
    """Today in Morocco (the day the adherent lives, whatever the server's clock zone)."""
    return dt.datetime.now(MOROCCO).date()


def in_the_day(moment: dt.datetime) -> dt.datetime:
    """The moment itself if it is daytime in Morocco, else the next 08:00 there."""
    local = moment.astimezone(MOROCCO)
    if DAY_STARTS <= local.time() < DAY_ENDS:
        return moment
    day = local.date() if local.time() < DAY_STARTS else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, DAY_STARTS, MOROCCO)


@dataclass(frozen=True)
class Reminder:
    """A reminder due now, and the names it settles ("send-15" is settled by "send-3" too)."""

    name: str  # "send-15", "renew-3"...
    due: Due
    settles: frozenset[str]


def due_reminders(
    due_dates: Sequence[Due], *, now: dt.datetime, done: Collection[str]
) -> list[Reminder]:
    """The reminders to send now for these dates: each comes from 10:00 Morocco's time 15 and 3
    days before the last day, in the day only; one missed while the bot was down comes late
    while the date has not passed, and only the latest of those missed is sent."""
    if in_the_day(now) != now:
        return []
    today = now.astimezone(MOROCCO).date()
    found: list[Reminder] = []
    for due in due_dates:
        if today > due.last_day:
            continue
        names = [f"{due.kind}-{days}" for days in REMIND_DAYS]
        passed = [
            name
            for name, days in zip(names, REMIND_DAYS, strict=True)
            if dt.datetime.combine(due.last_day - dt.timedelta(days=days), REMIND_AT, MOROCCO)
            <= now
        ]
        if passed and passed[-1] not in done:
            found.append(Reminder(passed[-1], due, frozenset(passed)))
    return found
