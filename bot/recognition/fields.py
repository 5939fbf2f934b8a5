"""Extract dates, amounts, names and periods from the OCR text of one document."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from bot.text import strip_accents

if TYPE_CHECKING:
    from bot.recognition.doctypes import DocType


@dataclass(frozen=True)
class Fields:
    """Facts read from a document; every one is optional."""

    dates: tuple[dt.date, ...] = ()
    document_date: dt.date | None = None
    consultation_date: dt.date | None = None  # first consultation, on a feuille de soins
    doctor_part_blank: bool = False  # e.g. "Date de consultation : / /"
    total_declared: Decimal | None = None  # the feuille's "Total des frais engagés"
    amount_total: Decimal | None = None  # an invoice's (or quote's) total
    invoice_number: str | None = None
    patient_name: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    session_count: int | None = None
    care: str | None = None  # the kind of care its printed words name (a rulebook category)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: dates in ISO 8601, amounts as numbers."""
        return {
            "dates": [d.isoformat() for d in self.dates],
            "document_date": _iso(self.document_date),
            "consultation_date": _iso(self.consultation_date),
            "doctor_part_blank": self.doctor_part_blank,
            "total_declared": _num(self.total_declared),
            "amount_total": _num(self.amount_total),
            "invoice_number": self.invoice_number,
            "patient_name": self.patient_name,
            "period": [self.period[0].isoformat(), self.period[1].isoformat()]
            if self.period
            else None,
            "session_count": self.session_count,
            "care": self.care,
        }


def fields_from_json(data: dict[str, Any]) -> Fields:
    """The inverse of Fields.to_json: facts kept in storage, ready for the dossier checks."""

    def date(value: Any) -> dt.date | None:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None

    def amount(value: Any) -> Decimal | None:
        return Decimal(str(value)) if isinstance(value, int | float) else None

    period = data.get("period")
    start, end = (
        (date(period[0]), date(period[1])) if period and len(period) == 2 else (None, None)
    )
    return Fields(
        dates=tuple(d for d in (date(v) for v in data.get("dates", [])) if d is not None),
        document_date=date(data.get("document_date")),
        consultation_date=date(data.get("consultation_date")),
        doctor_part_blank=bool(data.get("doctor_part_blank")),
        total_declared=amount(data.get("total_declared")),
        amount_total=amount(data.get("amount_total")),
        invoice_number=data.get("invoice_number") or None,
        patient_name=data.get("patient_name") or None,
        period=(start, end) if start and end else None,
        session_count=data.get("session_count")
        if isinstance(data.get("session_count"), int)
        else None,
        care=data.get("care") if isinstance(data.get("care"), str) else None,
    )


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


_ACCENTS = {"e": "[eéèêë]", "a": "[aàâä]", "i": "[iîï]", "o": "[oôö]", "u": "[uùûü]", "c": "[cç]"}


def _acc(label: str) -> str:
    """A label to an accent- and spacing-tolerant regex ('é' optional-accented, ' ' any space)."""
    out = []
    for ch in label:
        if ch in _ACCENTS:
            out.append(_ACCENTS[ch])
        elif ch == " ":
            out.append(r"[\s'’]*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?((?:19|20)\d{2}|\d{2})(?!\d)"
)
_WORD_DATE = re.compile(
    r"(?<!\d)(\d{1,2})(?:er)?\s+(" + "|".join(_acc(m) for m in MONTHS) + r")\s+((?:19|20)\d{2})",
    re.IGNORECASE,
)
_DATE_RE = f"(?:{_NUMERIC_DATE.pattern}|{_WORD_DATE.pattern})"


def _fold_month(word: str) -> int:
    return MONTHS.get(strip_accents(word.lower()), 0)


def _make_date(day: int, month: int, year: int) -> dt.date | None:
    if year < 100:
        year += 2000
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def iter_dates(text: str) -> Iterator[tuple[int, dt.date]]:
    """(position, date) for every date in the text, in reading order."""
    found: list[tuple[int, dt.date]] = []
    for m in _NUMERIC_DATE.finditer(text):
        d = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            found.append((m.start(), d))
    for m in _WORD_DATE.finditer(text):
        d = _make_date(int(m.group(1)), _fold_month(m.group(2)), int(m.group(3)))
        if d:
            found.append((m.start(), d))
    return iter(sorted(found, key=lambda item: item[0]))


def first_date(text: str) -> dt.date | None:
    """The first date in a piece of text."""
    return next((d for _, d in iter_dates(text)), None)


# --------------------------------------------------------------------------- amounts

_AMOUNT = re.compile(
    r"(?<![\d.,/])(\d{1,3}(?:[ .\u202f]\d{3})+|\d+)(?:\s?[.,]\s?(\d{2}))?(?![\d/])"
    r"(\s?(?:dhs?|dirhams?|mad)\b)?",
    re.IGNORECASE,
)


def parse_amounts(text: str) -> list[Decimal]:
    """Amounts in a piece of text; dates and phone-like numbers are ignored."""
    text = re.sub(_DATE_RE, " ", text, flags=re.IGNORECASE)
    amounts: list[Decimal] = []
    for m in _AMOUNT.finditer(text):
        whole = re.sub(r"[ .\u202f]", "", m.group(1))
        cents = m.group(2)
        try:
            value = Decimal(f"{whole}.{cents}") if cents else Decimal(whole)
        except InvalidOperation:
            continue
        # A table cell "110000" is 1100,00 whose comma was lost: no claim reaches 100 000 Dhs.
        if not cents and len(whole) >= 6 and whole.endswith("00"):
            value = value / 100
        amounts.append(value)
    return amounts


def parse_amount(text: str) -> Decimal | None:
    """The most likely amount in a short piece of text (the last one, as totals end lines)."""
    amounts = [a for a in parse_amounts(text) if a > 0]
    return amounts[-1] if amounts else None


def format_amount(value: Decimal) -> str:
    """French format with a space as thousands separator: 1 100,00."""
    quantized = value.quantize(Decimal("0.01"))
    whole, _, cents = f"{quantized:.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{' '.join(groups) or '0'},{cents}"


# --------------------------------------------------------------------------- labelled values


def _after_label(text: str, label: str, *, lines: int = 1) -> str | None:
    """Text following a label on its line (and the next lines if the line ends there)."""
    m = re.search(label, text, re.IGNORECASE)
    if not m:
        return None
    rest = text[m.end() :].split("\n")
    value = rest[0]
    if not value.strip(" :.-_\t") and lines > 1 and len(rest) > 1:
        value = "\n".join(rest[1:lines])
    return value


_TOTAL_LABELS = (
    _acc("total ttc"),
    _acc("net a payer"),
    _acc("montant total"),
    _acc("total du devis"),
    _acc("total general"),
    r"(?<!sous[- ])\btotal\b(?!\s+des\s+frais)",
    _acc("montant de la facture"),
    r"\bmontant\b",
)
_TOTAL_IN_WORDS = _acc("arretee la presente facture") + r".{0,80}?" + r"(\d[\d ., ]*\d)"


def _amount_total(text: str) -> Decimal | None:
    for label in _TOTAL_LABELS:
        for m in re.finditer(label, text, re.IGNORECASE):
            line_rest = text[m.end() :].split("\n")
            value = parse_amount(line_rest[0])
            if (
                value is None
                and len(line_rest) > 1
                and not re.search(r"[A-Za-z]{4}", line_rest[1])
            ):
                value = parse_amount(line_rest[1])
            if value is not None:
                return value
    words = re.search(_TOTAL_IN_WORDS, text, re.IGNORECASE | re.DOTALL)
    if words:
        return parse_amount(words.group(1))
    return None


_DECLARED = _acc("total des frais engages")


def _total_declared(text: str) -> Decimal | None:
    value = _after_label(text, _DECLARED, lines=2)
    return parse_amount(value) if value else None


_CONSULT = _acc("date de consultation")


def _consultation(text: str) -> tuple[dt.date | None, bool]:
    """(date, blank): blank when the label is there with nothing but slashes after it."""
    m = re.search(_CONSULT, text, re.IGNORECASE)
    if not m:
        return None, False
    rest = text[m.end() :].split("\n")
    line = rest[0]
    d = first_date(line)
    if d:
        return d, False
    if not re.search(r"\d", line) and len(rest) > 1:
        d = first_date(rest[1][:20])
        if d:
            return d, False
    # Blank: nothing but the printed slashes (and OCR specks) before the next label; letters
    # there are a handwritten date nobody could read, not a blank doctor's part.
    written = _BLANK_MARKS.sub("", _NEXT_LABEL.split(line, maxsplit=1)[0])
    blank = not re.search(r"\d", line) and UNSURE_MARK not in line
    return None, blank and len(written) <= MAX_BLANK_SPECKS


_BLANK_MARKS = re.compile(r"[\s/|\\._\-:,'`\"]+")
_NEXT_LABEL = re.compile(r"\b(?:nom|pr[ée]nom|lien|nature|cachet|signature|malade)\b", re.I)
MAX_BLANK_SPECKS = 2


_DOC_DATE_LABELS = (
    r"(?:^|\s)le\s*:\s*",  # feuille: "Fait à : X Le : 11/08/2023"
    r"[A-Za-zÀ-ÿ]+\s*,\s*le\s+",  # "Casablanca, le 31/01/2023"
    r"\bfait\s+(?:a|à)\s+[A-Za-zÀ-ÿ]+\s*,?\s*le\s+",
    r"\bdate\s*:\s*",
    r"\bdate du devis\s*:?\s*",
)


def _document_date(text: str, dates: Sequence[dt.date]) -> dt.date | None:
    for label in _DOC_DATE_LABELS:
        for m in re.finditer(label, text, re.IGNORECASE | re.MULTILINE):
            d = first_date(text[m.end() : m.end() + 24])
            if d:
                return d
    return None


_INVOICE = re.compile(
    r"\bfacture\s*(?:n\s*[°o.]?|num[ée]ro)?\s*[:#]?\s*([A-Z]{0,5}[-/ ]?\d[\w/-]{2,})",
    re.IGNORECASE,
)


def _invoice_number(text: str) -> str | None:
    for m in _INVOICE.finditer(text):
        value = m.group(1).replace(" ", "").upper()
        if sum(ch.isdigit() for ch in value) >= 3:
            return value
    return None


_NAME_LABELS = (
    _acc("nom et prenom du malade"),
    _acc("nom et prenom de la victime"),
    _acc("nom du beneficiaire"),
    _acc("beneficiaire"),
    _acc("nom du patient"),
    r"\bl\s?['’]?\s?enfant",
    _acc("patient") + r"e?",
    _acc("malade"),
    r"\bmme\s?/\s?m\.?",
    r"\bm\.?\s?/\s?mme",
    _acc("le (la) nomme(e)"),
)
_NAME_STOP = re.compile(
    r"\s+(?:n[ée]e?\b|[aâ]g[ée]e?\b|age\b|lien\b|du\b|le\b|\(|\d).*$", re.IGNORECASE
)
_NAME_WORD = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*$")


def _clean_name(raw: str) -> str | None:
    raw = raw.strip().lstrip(":;.-* ").strip()
    raw = _NAME_STOP.sub("", raw)
    words = []
    for word in raw.replace("*", " ").split():
        word = word.strip(".,;:|")
        if not _NAME_WORD.match(word):
            break
        words.append(word)
        if len(words) == 4:
            break
    if not words or sum(len(w) for w in words) < 4:
        return None
    return " ".join(words)


def _patient_name(text: str) -> str | None:
    for label in _NAME_LABELS:
        for m in re.finditer(label + r"\s*:?", text, re.IGNORECASE):
            name = _clean_name(text[m.end() :].split("\n")[0])
            if name:
                return name
    return None


_PERIOD = re.compile(
    r"\bdu\s*:?\s*(" + _DATE_RE + r")\s*(?:au|à|a|-|jusqu'au)\s*(" + _DATE_RE + r")",
    re.IGNORECASE,
)
_SESSIONS = re.compile(r"(?<!\d)(\d{1,2})\s*s[ée]ances?\b", re.IGNORECASE)
_SESSIONS_LABEL = re.compile(_acc("nombre de seances") + r"\s*:?\s*(\d{1,2})(?!\d)", re.IGNORECASE)


def _period(text: str) -> tuple[dt.date, dt.date] | None:
    for m in _PERIOD.finditer(text):
        start, end = first_date(m.group(1)), first_date(m.group(m.lastindex or 1))
        ds = [d for _, d in iter_dates(m.group(0))]
        if len(ds) >= 2:
            start, end = ds[0], ds[1]
        if start and end and start <= end:
            return start, end
    return None


def _session_count(text: str) -> int | None:
    m = _SESSIONS.search(text) or _SESSIONS_LABEL.search(text)
    if m:
        value = int(m.group(1))
        return value if value > 0 else None
    return None


UNSURE_MARK = "\u25af"  # ▯: a figure read too unsure to be given


def mask_unsure(text: str, unsure: Iterable[str]) -> str:
    """The text with each unsure figure (a word as the OCR gave it) replaced by UNSURE_MARK: no
    field is taken from it, and a doctor's part where it stands is not blank."""
    words = frozenset(unsure)
    if not words:
        return text
    return "\n".join(
        " ".join(UNSURE_MARK if word in words else word for word in line.split(" "))
        for line in text.split("\n")
    )


def _not_after(day: dt.date | None, today: dt.date) -> dt.date | None:
    """A document's or consultation's date, or None when it is later than today (a misread)."""
    return day if day is not None and day <= today else None


def extract_fields(
    text: str,
    types: Sequence[DocType],
    *,
    unsure: Iterable[str] = (),
    today: dt.date | None = None,
) -> Fields:
    """Read the fields a claim check needs from the OCR text of one document.

    ``unsure`` are the figures the OCR read with too little confidence (ocr.FIELD_MIN_CONFIDENCE):
    no field is taken from them. A document or consultation dated after ``today`` (the
    machine's date by default) was misread and is left out."""
    from bot.recognition.doctypes import DocType, care_named

    today = today or dt.date.today()
    text = mask_unsure(text, unsure)
    dates = tuple(dict.fromkeys(d for _, d in iter_dates(text)))
    is_feuille = DocType.FEUILLE_DE_SOINS in types
    consultation, blank = _consultation(text) if is_feuille else (None, False)
    amount_total = None
    if not is_feuille and DocType.VIGNETTES not in types[:1]:
        amount_total = _amount_total(text)
    return Fields(
        dates=dates,
        document_date=_not_after(_document_date(text, dates), today),
        consultation_date=_not_after(consultation, today),
        doctor_part_blank=blank,
        total_declared=_total_declared(text) if is_feuille else None,
        amount_total=amount_total,
        invoice_number=_invoice_number(text),
        patient_name=_patient_name(text),
        period=_period(text),
        session_count=_session_count(text),
        care=None if is_feuille else care_named(text),  # the form prints every kind of care
    )
