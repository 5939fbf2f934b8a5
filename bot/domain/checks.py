"""What a careful reviewer would flag across a dossier's papers: the deadline, a blank doctor's
part, a name spelled two ways, a declared total against the invoices, a calendar outside the
invoice's period. Each finding cites the rulebook line that says it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from rapidfuzz import fuzz

from bot.domain.rules import (
    CALENDAR,
    CLAIM_DEADLINE,
    FEUILLE,
    INVOICE,
    RULE_CALENDAR,
    RULE_DOCTOR,
)
from bot.recognition.fields import Fields, format_amount
from bot.rulebook import Rulebook
from bot.text import strip_accents

VALIDITY_WARN_DAYS = 15
# Below this token-sorted similarity (0..100) two names are different people, not two spellings.
SAME_PERSON_SIMILARITY = 60.0
TOTAL_TOLERANCE = Decimal("0.01")


class Paper(Protocol):
    """A paper of the dossier as read: its types (best first) and its fields. A fresh
    recognition result is one, and so is a stored document (:class:`StoredPaper`)."""

    @property
    def types(self) -> Sequence[str]: ...

    @property
    def fields(self) -> Fields: ...


@dataclass(frozen=True)
class Finding:
    """Something a careful reviewer would flag in the dossier."""

    code: str
    rule: str | None  # the rulebook line it rests on; None: a consistency check of the papers
    # themselves (a name spelled two ways, a total that differs), which no written rule states
    params: dict[str, str] = field(default_factory=dict)


def add_months(d: dt.date, months: int) -> dt.date:
    """Add calendar months, clamping the day (31/01 + 1 month = 28 or 29/02)."""
    month0 = d.month - 1 + months
    year = d.year + month0 // 12
    month = month0 % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def fmt_date(d: dt.date) -> str:
    """dd/mm/yyyy."""
    return d.strftime("%d/%m/%Y")


_OCR_DIGIT_FIX = str.maketrans({"0": "o", "1": "i", "|": "i", "]": "j", "5": "s", "8": "b"})


def name_key(name: str) -> str:
    """A name folded for comparison: no case, accents, punctuation or word order."""
    plain = strip_accents(name.casefold().translate(_OCR_DIGIT_FIX))
    words = re.sub(r"[^a-z\u0600-\u06ff]+", " ", plain).split()
    return " ".join(sorted(words))


def names_differ(a: str, b: str) -> bool:
    """True when two readings of a name are genuinely spelled differently."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb or ka == kb:
        return False
    wa, wb = set(ka.split()), set(kb.split())
    # One piece gives more names than the other ("BERRADA Zineb" vs "BERRADA Zineb Salma").
    return not (wa <= wb or wb <= wa)


def claim_deadline(rulebook: Rulebook, doc: Paper) -> tuple[dt.date, dt.date] | None:
    """The first consultation (or the paper's date) and the last day to send the claim."""
    start = doc.fields.consultation_date or doc.fields.document_date
    if start is None:
        return None
    return start, add_months(start, rulebook.deadlines[CLAIM_DEADLINE].months)


def _validity(rulebook: Rulebook, doc: Paper, today: dt.date) -> Finding | None:
    dates = claim_deadline(rulebook, doc)
    if dates is None:
        return None
    start, deadline = dates
    rule = rulebook.deadlines[CLAIM_DEADLINE].rule
    params = {
        "start": fmt_date(start),
        "deadline": fmt_date(deadline),
        "days_left": str((deadline - today).days),
    }
    if today > deadline:
        return Finding("validity_expired", rule, params)
    if (deadline - today).days <= VALIDITY_WARN_DAYS:
        return Finding("validity_soon", rule, params)
    return None


def _label(doc: Paper) -> str:
    return str(doc.types[0])


def _names(docs: Sequence[Paper]) -> list[Finding]:
    named = [(d, d.fields.patient_name) for d in docs if d.fields.patient_name]
    for i, (doc_a, name_a) in enumerate(named):
        for doc_b, name_b in named[i + 1 :]:
            assert name_a is not None and name_b is not None
            if names_differ(name_a, name_b):
                similarity = fuzz.token_sort_ratio(name_key(name_a), name_key(name_b))
                kind = "spelling" if similarity >= SAME_PERSON_SIMILARITY else "different"
                return [
                    Finding(
                        "name_mismatch",
                        None,
                        {
                            "name_a": name_a,
                            "name_b": name_b,
                            "doc_a": _label(doc_a),
                            "doc_b": _label(doc_b),
                            "kind": kind,
                            "similarity": f"{similarity:.0f}",
                        },
                    )
                ]
    return []


def _totals(feuilles: Sequence[Paper], invoices: Sequence[Paper]) -> list[Finding]:
    declared = [f.fields.total_declared for f in feuilles if f.fields.total_declared is not None]
    amounts = [i.fields.amount_total for i in invoices if i.fields.amount_total is not None]
    if not declared or not amounts:
        return []
    total_declared = sum(declared, Decimal(0))
    invoiced = sum(amounts, Decimal(0))
    if abs(total_declared - invoiced) <= TOTAL_TOLERANCE:
        return []
    return [
        Finding(
            "total_mismatch",
            None,
            {
                "declared": format_amount(total_declared),
                "invoiced": format_amount(invoiced),
                "invoices": str(len(amounts)),
            },
        )
    ]


def _calendars(calendars: Sequence[Paper], invoices: Sequence[Paper]) -> list[Finding]:
    findings: list[Finding] = []
    periods = [i for i in invoices if i.fields.period is not None]
    for cal in calendars:
        if cal.fields.period is None or not periods:
            continue
        start, end = cal.fields.period
        same_number = [
            i
            for i in periods
            if cal.fields.invoice_number and i.fields.invoice_number == cal.fields.invoice_number
        ]
        candidates = same_number or periods
        inside = False
        for inv in candidates:
            assert inv.fields.period is not None
            if inv.fields.period[0] <= start and end <= inv.fields.period[1]:
                inside = True
                break
        if not inside:
            inv_period = candidates[0].fields.period
            assert inv_period is not None
            findings.append(
                Finding(
                    "calendar_period_mismatch",
                    RULE_CALENDAR,
                    {
                        "calendar_start": fmt_date(start),
                        "calendar_end": fmt_date(end),
                        "invoice_start": fmt_date(inv_period[0]),
                        "invoice_end": fmt_date(inv_period[1]),
                    },
                )
            )
    return findings


def check_dossier(docs: Sequence[Paper], rulebook: Rulebook, *, today: dt.date) -> list[Finding]:
    """What a reviewer would flag in these papers, in a stable order."""
    docs = [d for d in docs if d.types]
    feuilles = [d for d in docs if FEUILLE in d.types]
    invoices = [d for d in docs if INVOICE in d.types]
    calendars = [d for d in docs if d.types[0] == CALENDAR]
    findings: list[Finding] = []
    for feuille in feuilles:
        validity = _validity(rulebook, feuille, today)
        if validity:
            findings.append(validity)
        if feuille.fields.doctor_part_blank:
            findings.append(Finding("doctor_part_blank", RULE_DOCTOR, {}))
    findings += _names(docs)
    findings += _totals(feuilles, invoices)
    findings += _calendars(calendars, invoices)
    return findings
