"""The dossier checks (bot.domain): deadline, blank doctor's part, names, totals, calendars; each
finding cites a line the rulebook really has."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal

import pytest

from bot import recognition
from bot.domain import Finding, StoredPaper, check_dossier, check_rulebook
from bot.domain.rules import CLAIM_DEADLINE
from bot.recognition import DocType, Fields, extract_fields
from bot.rulebook import RulebookError, load_rulebook, parse_rulebook
from tests.test_recognition import CALENDAR_TEXT, FEUILLE_TEXT, INVOICE_TEXT

D = dt.date
BOOK = load_rulebook()
VALIDITY = BOOK.deadlines[CLAIM_DEADLINE].rule


def _doc(types: tuple[str, ...], **fields: object) -> StoredPaper:
    return StoredPaper(types, Fields(**fields))  # type: ignore[arg-type]


def _read(text: str, type_id: str) -> StoredPaper:
    return StoredPaper((type_id,), extract_fields(text, (DocType(type_id),)))


def _reference_like_dossier() -> list[StoredPaper]:
    return [
        _read(FEUILLE_TEXT, "feuille_de_soins"),
        _read(INVOICE_TEXT, "facture"),
        _read(CALENDAR_TEXT, "calendrier_seances"),
    ]


def test_reference_like_dossier_findings() -> None:
    findings = check_dossier(_reference_like_dossier(), BOOK, today=D(2024, 3, 1))
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {
        "doctor_part_blank",
        "name_mismatch",
        "total_mismatch",
        "calendar_period_mismatch",
    }
    assert by_code["doctor_part_blank"].rule == "general.cadre_medecin"
    # No written rule says a total or a name must agree across papers: cited as none.
    assert by_code["total_mismatch"].rule is None
    assert by_code["total_mismatch"].params["declared"] == "2 100,00"
    assert by_code["total_mismatch"].params["invoiced"] == "1 100,00"
    names = by_code["name_mismatch"].params
    assert {names["name_a"], names["name_b"]} == {"Lahlau Sara", "LAHLOU Sara"}
    assert by_code["name_mismatch"].rule is None
    cal = by_code["calendar_period_mismatch"]
    assert cal.rule == "reeducation.calendrier_seances"
    assert all(BOOK.rule(f.rule) is not None for f in findings if f.rule is not None)
    assert cal.params["calendar_end"] == "04/03/2024"
    assert cal.params["invoice_end"] == "29/02/2024"


@pytest.mark.parametrize(
    ("today", "code"),
    [
        (D(2024, 4, 1), None),
        (D(2024, 5, 1), "validity_soon"),
        (D(2024, 5, 14), "validity_soon"),
        (D(2024, 5, 15), "validity_expired"),
    ],
)
def test_validity_from_signature_date_when_consultation_blank(
    today: dt.date, code: str | None
) -> None:
    feuille = _doc(("feuille_de_soins",), document_date=D(2024, 2, 14), doctor_part_blank=True)
    codes = [f.code for f in check_dossier([feuille], BOOK, today=today) if f.rule == VALIDITY]
    assert codes == ([code] if code else [])


def test_validity_counts_from_first_consultation() -> None:
    feuille = _doc(
        ("feuille_de_soins",),
        consultation_date=D(2023, 11, 30),
        document_date=D(2024, 2, 14),
    )
    [finding] = check_dossier([feuille], BOOK, today=D(2024, 3, 1))
    assert finding == Finding(
        "validity_expired",
        VALIDITY,
        {"start": "30/11/2023", "deadline": "29/02/2024", "days_left": "-1"},
    )


@pytest.mark.parametrize(
    ("a", "b", "flagged"),
    [
        ("BENNOUNA Rim", "Bennouna Rim", False),
        ("Ghita EL OUARDI", "EL OUARDI GHITA", False),
        ("Zaïnab Chérif", "ZAINAB CHERIF", False),
        ("EL-ALAMI Nour", "El Alami Nour", False),
        ("TAHIRI Badr", "TAHIRI Badr Omar", False),
        ("Bennouma Rim", "BENNOUNA Rim", True),
        ("SQALI Adam", "SQALLI Adam", True),
        ("MOUSSAOUI Hiba", "RAMDANI Walid", True),
    ],
)
def test_name_mismatch(a: str, b: str, flagged: bool) -> None:
    docs = [
        _doc(("feuille_de_soins",), patient_name=a),
        _doc(("facture",), patient_name=b),
    ]
    codes = [f.code for f in check_dossier(docs, BOOK, today=D(2020, 1, 1))]
    assert ("name_mismatch" in codes) is flagged


def test_matching_dossier_has_no_findings() -> None:
    docs = [
        _doc(
            ("feuille_de_soins",),
            consultation_date=D(2024, 1, 10),
            total_declared=Decimal("1100"),
            patient_name="KETTANI Omar",
        ),
        _doc(
            ("facture",),
            amount_total=Decimal("600"),
            patient_name="Kettani Omar",
            period=(D(2024, 1, 1), D(2024, 1, 31)),
        ),
        _doc(
            ("facture",),
            amount_total=Decimal("500.00"),
            period=(D(2024, 1, 1), D(2024, 1, 31)),
        ),
        _doc(("calendrier_seances",), period=(D(2024, 1, 5), D(2024, 1, 26))),
    ]
    assert check_dossier(docs, BOOK, today=D(2024, 2, 1)) == []


def test_the_deadline_comes_from_the_rulebook() -> None:
    """Three months in the book today; another figure in the book moves the deadline with it."""
    data = tomllib.loads(BOOK.path.read_text(encoding="utf-8"))
    data["deadlines"][CLAIM_DEADLINE]["months"] = 2
    two_months = parse_rulebook(data)
    feuille = _doc(("feuille_de_soins",), consultation_date=D(2024, 1, 10))
    assert check_dossier([feuille], BOOK, today=D(2024, 3, 20)) == []  # until 10/04
    assert [f.code for f in check_dossier([feuille], two_months, today=D(2024, 3, 20))] == [
        "validity_expired"
    ]


def test_a_rule_the_code_names_missing_from_the_book_stops_the_load() -> None:
    data = tomllib.loads(BOOK.path.read_text(encoding="utf-8"))
    for category in data["categories"]:
        if category["id"] == "reeducation":
            category["items"] = [i for i in category["items"] if i["id"] != "calendrier_seances"]
    book = parse_rulebook(data)
    with pytest.raises(RulebookError, match=r"reeducation\.calendrier_seances"):
        check_rulebook(book)


def test_a_deadline_citing_a_missing_line_is_a_rulebook_error() -> None:
    data = tomllib.loads(BOOK.path.read_text(encoding="utf-8"))
    data["deadlines"][CLAIM_DEADLINE]["rule"] = "general.valid"
    with pytest.raises(RulebookError, match=r"deadlines\.feuille_de_soins.*general\.valid"):
        parse_rulebook(data)


def test_a_rule_id_names_one_line_exactly() -> None:
    assert BOOK.rule("reeducation.calendrier_seances") is not None
    assert BOOK.rule("reeducation.calendrier") is None  # no prefix
    assert BOOK.rule("general.validite") is not None
    assert BOOK.rule("nowhere.validite") is None


def test_recognition_and_the_rulebook_know_the_same_document_types() -> None:
    recognition.check_rulebook(BOOK)  # the real book: no complaint
    data = tomllib.loads(BOOK.path.read_text(encoding="utf-8"))
    data["document_types"]["ordonnance_optique"] = {"label": {"fr": "Ordonnance", "ar": "وصفة"}}
    with pytest.raises(RulebookError, match=r"document_types\.ordonnance_optique.*recognition"):
        recognition.check_rulebook(parse_rulebook(data))
    data = tomllib.loads(BOOK.path.read_text(encoding="utf-8"))
    del data["document_types"][DocType.DEVIS.value]
    for category in data["categories"]:  # the lines that named it name it no more
        for item in category.get("items", []):
            documents = item.get("documents", [])
            item["documents"] = [d for d in documents if d != DocType.DEVIS.value]
    with pytest.raises(RulebookError, match=r"recognition.*document_types\.devis"):
        recognition.check_rulebook(parse_rulebook(data))
