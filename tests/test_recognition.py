"""Recognition layer: real tesseract on synthetic photos, plus pure field checks."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageFilter

from bot.recognition import (
    DocType,
    OcrEngine,
    classify_text,
    extract_fields,
    make_pool,
    recognize_async,
    recognize_image,
)
from bot.recognition.fields import format_amount, parse_amount
from bot.recognition.ocr import find_sheet, normalize_text
from tests.synthetic_docs import (
    DOC_TYPES,
    blurred_photo,
    degrade,
    make_photo,
    printed_film,
    render_document,
)

D = dt.date


@pytest.fixture(scope="module")
def engine() -> Iterator[OcrEngine]:
    eng = OcrEngine()
    yield eng
    eng.close()


# --------------------------------------------------------------------------- real OCR


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_degraded_photo_is_typed_right(doc_type: str, engine: OcrEngine) -> None:
    photo = make_photo(doc_type, 7)
    [rec] = recognize_image(photo.jpeg, engine=engine)
    assert rec.problem is None
    assert rec.types[0].value == photo.truth.doc_type
    assert set(photo.truth.extra_types) <= {t.value for t in rec.types}
    assert 0 < rec.confidence <= 1


def test_feuille_fields_read_from_photo(engine: OcrEngine) -> None:
    photo = next(
        p
        for s in range(40)
        if (p := make_photo("feuille_de_soins", s)).truth.doctor_part_blank is False
    )
    [rec] = recognize_image(photo.jpeg, engine=engine)
    assert rec.fields.total_declared == photo.truth.total_declared
    assert rec.fields.consultation_date == photo.truth.consultation_date
    assert rec.fields.document_date == photo.truth.document_date
    assert rec.fields.doctor_part_blank is False


def test_blank_doctor_part_read_from_photo(engine: OcrEngine) -> None:
    photo = next(
        p for s in range(40) if (p := make_photo("feuille_de_soins", s)).truth.doctor_part_blank
    )
    [rec] = recognize_image(photo.jpeg, engine=engine)
    assert rec.fields.doctor_part_blank is True
    assert rec.fields.consultation_date is None


def test_invoice_fields_read_from_photo(engine: OcrEngine) -> None:
    photo = make_photo("facture", 3)
    [rec] = recognize_image(photo.jpeg, engine=engine)
    assert rec.types[0] is DocType.FACTURE
    assert rec.fields.amount_total == photo.truth.amount_total
    assert rec.fields.invoice_number == photo.truth.invoice_number


def test_too_small_photo_is_refused(engine: OcrEngine) -> None:
    small = Image.open(io.BytesIO(make_photo("facture", 1).jpeg)).resize((300, 230))
    buf = io.BytesIO()
    small.save(buf, "JPEG")
    [rec] = recognize_image(buf.getvalue(), engine=engine)
    assert rec.problem == "too_small"
    assert rec.types == (DocType.UNKNOWN,)


def test_blurry_photo_is_refused(engine: OcrEngine) -> None:
    [rec] = recognize_image(blurred_photo(2), engine=engine)
    assert rec.problem == "too_blurry"
    assert rec.types == (DocType.UNKNOWN,)


def test_blank_sheet_is_unreadable(engine: OcrEngine) -> None:
    from tests.synthetic_docs import degrade

    jpeg = degrade(Image.new("RGB", (1240, 1754), "white"), 5)
    [rec] = recognize_image(jpeg, engine=engine)
    assert rec.problem in {"unreadable", "too_blurry"}
    assert rec.types == (DocType.UNKNOWN,)


def test_garbage_bytes_are_unreadable(engine: OcrEngine) -> None:
    [rec] = recognize_image(b"not an image at all", engine=engine)
    assert rec.problem == "unreadable"


def test_pdf_gives_one_recognition_per_page(engine: OcrEngine) -> None:
    first, _ = render_document("certificat_medical", 4)
    second, _ = render_document("devis", 4)
    buf = io.BytesIO()
    first.save(buf, "PDF", save_all=True, append_images=[second], resolution=150)
    pages = recognize_image(buf.getvalue(), engine=engine)
    assert [p.types[0] for p in pages] == [DocType.CERTIFICAT_MEDICAL, DocType.DEVIS]


def test_recognition_json_has_no_text(engine: OcrEngine) -> None:
    photo = make_photo("ordonnance", 2)
    [rec] = recognize_image(photo.jpeg, engine=engine)
    data = rec.to_json()
    assert set(data) == {"types", "confidence", "fields", "problem", "seconds", "text_chars"}
    assert data["types"][0] == "ordonnance"
    assert rec.text_chars > 50
    assert "text" not in data["fields"]


async def test_recognize_async_uses_worker_pool() -> None:
    pool: ProcessPoolExecutor = make_pool(1)
    try:
        rec = await recognize_async(pool, make_photo("certificat_medical", 11).jpeg)
    finally:
        pool.shutdown()
    assert rec.types[0] is DocType.CERTIFICAT_MEDICAL


# --------------------------------------------------------------------------- text only


def test_normalize_strips_bidi_marks_and_folds_arabic() -> None:
    assert normalize_text("\u200fفاتورة\u200e  N°\u200f 12") == "فاتوره N° 12"
    assert normalize_text("إحالة أولى ٢٠٢٣") == "احاله اولي 2023"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "DÉCLARATION DE MALADIE\nCadre réservé à l'adhérent\nTotal des frais engagés",
            "feuille_de_soins",
        ),
        (
            "Relevé des frais et honoraires\nExécution des ordonnances\nAuxiliaires médicaux",
            "feuille_de_soins",
        ),
        ("Dr X\nORDONNANCE\nAmoxicilline 1 g 1 cp matin et soir pendant 8 jours", "ordonnance"),
        ("FACTURE N° FA2301\nTotal TTC : 1 250,00\nArrêtée la présente facture", "facture"),
        ("PPV : 45,80 DH Lot : 23A1\nPPV : 12,30 DH EXP : 09/2027", "vignettes"),
        ("Compte rendu\nÉchographie abdominale\nConclusion : normal", "resultats"),
        ("Planning des séances orthophonie\nDate des séances 05/01/2023", "calendrier_seances"),
        ("Validité de l'accord du 01/09/2022 au 30/06/2023\nPart CNOPS", "entente_prealable"),
        (
            "CERTIFICAT MEDICAL\nJe soussigné certifie ... pour servir et valoir",
            "certificat_medical",
        ),
        ("Déclaration d'accident\nDate de l'accident\nTiers responsable", "declaration_accident"),
        (
            "Déclaration de maladie chronique\nCode ALD\nProtocole thérapeutique",
            "declaration_maladie_chronique",
        ),
        ("DEVIS DENTAIRE\nCouronne céramo-métallique\nTotal du devis : 5000", "devis"),
        ("شهادة طبية\nالدكتور", "certificat_medical"),
        ("bonjour", "unknown"),
    ],
)
def test_classify_text(text: str, expected: str) -> None:
    types, confidence = classify_text(text)
    assert types[0].value == expected
    assert (confidence > 0) == (expected != "unknown")


def test_chronic_handicap_certificate_is_not_a_chronic_declaration() -> None:
    text = (
        "CERTIFICAT MEDICAL\nJe soussigné certifie que l'enfant est porteur d'un handicap "
        "chronique.\nCertificat fait pour servir et valoir ce que de droit."
    )
    assert classify_text(text)[0][0] is DocType.CERTIFICAT_MEDICAL


def test_vignettes_on_a_prescription_are_both_types() -> None:
    text = (
        "ORDONNANCE\nDr Z\nParacétamol 500 mg 1 cp 3 fois par jour\n"
        "PPV : 12,50 DH Lot : 22B1 EXP : 01/2027\nPPV : 33,10 DH Lot : 11C2"
    )
    types, _ = classify_text(text)
    assert types[:2] == (DocType.VIGNETTES, DocType.ORDONNANCE)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1100,00", "1100.00"),
        ("1 100,00", "1100.00"),
        ("2100 Dhs", "2100"),
        ("700.00dhs", "700.00"),
        ("110000", "1100.00"),
        ("1.250,50 DH", "1250.50"),
        ("le 12/03/2023 : 300 DH", "300"),
    ],
)
def test_parse_amount(raw: str, value: str) -> None:
    assert parse_amount(raw) == Decimal(value)


def test_format_amount() -> None:
    assert format_amount(Decimal("1100")) == "1 100,00"
    assert format_amount(Decimal("2100.5")) == "2 100,50"
    assert format_amount(Decimal("99")) == "99,00"


FEUILLE_TEXT = """Déclaration de Maladie
Cadre réservé à l'adhérent (e)
Nom & Prénom : LAHLOU KARIMA
Tél. : 06 11 22 33 44 Total des frais engagés : 2100 Dhs
Cadre réservé au Médecin
Date de consultation : / /
Nom et prénom du malade : Lahlau Sara Age : 9 ans
Fait à : Rabat Le : 14/02/2024
"""

INVOICE_TEXT = """Mme ZOUHAIR Nadia
Psychomotricienne
Rabat, le 29 février 2024
Facture : VFA240017
L'enfant : LAHLOU Sara
La présente facture couvre la période du 01/02/2024 au 29/02/2024.
Psychomotricité 04 Séances 150.00 600,00
Orthophonie 04 Séances 125.00 500,00
Total TTC : 1100,00
NB : prise en charge CNOPS à raison de 700.00dhs/mois
"""

CALENDAR_TEXT = """LAHLOU Sara
Facture: VFA240017
Planning des séances orthophonie
4 Séances / Mois du 05/02/2024 au 04/03/2024
Désignation Nombre de séances Date des séances
"""


def test_extract_feuille_fields() -> None:
    f = extract_fields(FEUILLE_TEXT, (DocType.FEUILLE_DE_SOINS,))
    assert f.total_declared == Decimal("2100")
    assert f.doctor_part_blank is True
    assert f.consultation_date is None
    assert f.document_date == D(2024, 2, 14)
    assert f.patient_name == "Lahlau Sara"
    assert f.amount_total is None


def test_extract_invoice_fields() -> None:
    f = extract_fields(INVOICE_TEXT, (DocType.FACTURE,))
    assert f.amount_total == Decimal("1100.00")
    assert f.invoice_number == "VFA240017"
    assert f.patient_name == "LAHLOU Sara"
    assert f.period == (D(2024, 2, 1), D(2024, 2, 29))
    assert f.document_date == D(2024, 2, 29)
    assert f.session_count == 4
    assert f.to_json()["amount_total"] == 1100.0
    assert f.to_json()["period"] == ["2024-02-01", "2024-02-29"]


@pytest.mark.parametrize(
    ("line", "blank"),
    [
        ("Date de consultation :   /   /", True),
        ("Date de consultation : | / I", True),
        ("Date de consultation : / / Nom et prénom du malade : Salma", True),
        ("Date de consultation : WMA", False),  # a scrawled date read as letters
        ("Date de consultation : le vingt", False),
    ],
)
def test_a_doctors_part_is_blank_only_with_nothing_written(line: str, blank: bool) -> None:
    f = extract_fields(
        f"Cadre réservé au Médecin\n{line}\nNature de la maladie : Angine\nLe : 05/01/2024",
        (DocType.FEUILLE_DE_SOINS,),
    )
    assert f.consultation_date is None and f.doctor_part_blank is blank


def test_a_figure_read_unsure_is_not_given_as_a_field() -> None:
    """A date, amount or invoice number the OCR read below its confidence floor is left out (the
    bot asks for what decides a rule); the doctor's part where it stands is not blank."""
    text = (
        "Facture N° : FA266387\nRabat, le 02/09/2026\nTOTAL : 1600,00\n"
        "Date de consultation : 04/10/2026\nTotal des frais engagés : 1100,00 Dhs"
    )
    sure = extract_fields(text, (DocType.FEUILLE_DE_SOINS,))
    assert (sure.consultation_date, sure.total_declared) == (D(2026, 10, 4), Decimal("1100.00"))
    unsure = extract_fields(
        text, (DocType.FEUILLE_DE_SOINS,), unsure={"04/10/2026", "1100,00", "FA266387"}
    )
    assert unsure.consultation_date is None and unsure.doctor_part_blank is False
    assert unsure.total_declared is None and unsure.invoice_number is None
    assert unsure.document_date == D(2026, 9, 2) and D(2026, 10, 4) not in unsure.dates


def test_a_document_dated_after_today_was_misread() -> None:
    """A handwritten 2025 read as 2075: no document or consultation is dated in the future."""
    text = "Date de consultation : 14/10/2075\nFait à : Fès Le : 16/10/2075"
    f = extract_fields(text, (DocType.FEUILLE_DE_SOINS,), today=D(2026, 12, 8))
    assert (f.document_date, f.consultation_date) == (None, None)
    assert f.doctor_part_blank is False
    f = extract_fields(text, (DocType.FEUILLE_DE_SOINS,), today=D(2075, 10, 16))
    assert (f.document_date, f.consultation_date) == (D(2075, 10, 16), D(2075, 10, 14))


def test_consultation_date_filled() -> None:
    text = "Cadre réservé au Médecin\nDate de consultation : 03/01/2024\nLe : 05/01/2024"
    f = extract_fields(text, (DocType.FEUILLE_DE_SOINS,))
    assert f.consultation_date == D(2024, 1, 3)
    assert f.doctor_part_blank is False


@pytest.mark.parametrize(
    ("kind", "seed", "turn"),
    [("facture", 11, 180), ("feuille_de_soins", 6, 180), ("ordonnance", 13, 90)],
)
def test_a_page_upside_down_or_sideways_is_turned_upright_first(
    kind: str, seed: int, turn: int
) -> None:
    """Tesseract's orientation detection puts the page upright when the first read is weak
    (upside down, every one of these read as unknown before)."""
    image = Image.open(io.BytesIO(make_photo(kind, seed).jpeg))
    turned = io.BytesIO()
    image.rotate(turn, expand=True).save(turned, "JPEG", quality=85)
    [page] = recognize_image(turned.getvalue())
    assert page.types[0].value == kind


def _jpeg(pixels: NDArray[np.uint8]) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=85)
    return out.getvalue()


def test_what_is_wrong_with_a_photo_is_said_dark_blank_or_not_a_paper() -> None:
    """An almost black photo is too dark (not an X-ray: nothing bright in it), an even white
    page is blank, a sharp picture with no writing is not a claim paper."""
    rng = np.random.default_rng(7)
    dark = np.clip(rng.normal(20, 6, (1200, 900)), 0, 255).astype(np.uint8)
    blank = np.clip(rng.normal(235, 2, (1600, 1200)), 0, 255).astype(np.uint8)
    tiles = (np.indices((1200, 900)).sum(axis=0) // 60 % 2 * 180 + 40).astype(np.uint8)
    for pixels, problem in ((dark, "too_dark"), (blank, "blank"), (tiles, "no_text")):
        [page] = recognize_image(_jpeg(pixels))
        assert (page.types[0].value, page.problem) == ("unknown", problem)
    [film] = recognize_image(make_photo("radiographie", 3).jpeg)  # dark, but an X-ray
    assert film.types[0].value == "radiographie"


def test_a_sheet_running_off_the_photo_is_not_warped_into_a_wrong_shape() -> None:
    """The sheet's corner is out of the photo: a quad taken from its five-sided outline would be
    far from a page seen at an angle (opposite sides 0.6 alike) and read as nothing once warped;
    the sheet found is a mild trapezoid (or none: the whole photo is read)."""
    photo = np.full((1280, 960), 60, np.uint8)
    corners = np.array([[96, 113], [906, 102], [1010, 1480], [155, 1277]], np.int32)
    cv2.fillConvexPoly(photo, corners, 235)
    for y in range(200, 1200, 40):
        cv2.line(photo, (180, y), (820, y + 4), 40, 3)
    found = find_sheet(photo)
    if found is not None:
        sides = [float(np.linalg.norm(found[(i + 1) % 4] - found[i])) for i in range(4)]
        for a, b in ((sides[0], sides[2]), (sides[1], sides[3])):
            assert min(a, b) >= 0.7 * max(a, b)


def test_an_x_ray_printed_on_a_page_is_a_radiographie() -> None:
    """A paper print of an X-ray (a caption, the film on a white page) is typed by its look: the
    dark field with bright structure inside the page; its few words name no type."""
    for seed in (1, 2, 3):
        [page] = recognize_image(degrade(printed_film(seed), seed, strength=0.6))
        assert page.types[0] is DocType.RADIOGRAPHIE


def _face(background: tuple[int, int, int]) -> bytes:
    """A smooth picture of a face (no writing) on a plain background."""
    img = np.full((1280, 960, 3), background, np.uint8)
    cv2.ellipse(img, (480, 600), (260, 340), 0, 0, 360, (190, 110, 70), -1)
    cv2.ellipse(img, (480, 330), (280, 150), 0, 180, 360, (30, 25, 20), -1)
    return _jpeg(np.asarray(cv2.GaussianBlur(img, (0, 0), 4), dtype=np.uint8))


def test_a_face_is_not_an_x_ray_nor_a_blurred_paper() -> None:
    """A selfie against a dark wall is as dark and smooth as a film, but coloured: refused, never
    a radiographie; against a coloured wall it is said to have no writing, not to be blurred."""
    [dark] = recognize_image(_face((62, 60, 58)))
    assert dark.types[0] is DocType.UNKNOWN and dark.problem is not None
    [wall] = recognize_image(_face((150, 118, 84)))
    assert (wall.types[0], wall.problem) == (DocType.UNKNOWN, "no_text")


def test_a_screen_captured_is_not_a_claim_paper() -> None:
    """A phone's screen captured (20:9) showing an invoice is refused as no claim paper (its
    words would type it), while the same invoice photographed 16:9 is read."""
    page, _ = render_document("facture", 4)
    page.thumbnail((1000, 1400))
    screen = Image.new("RGB", (1080, 2400), (236, 229, 221))
    screen.paste(page, (40, 500))
    out = io.BytesIO()
    screen.save(out, "PNG")
    [captured] = recognize_image(out.getvalue())
    assert (captured.types[0], captured.problem) == (DocType.UNKNOWN, "not_a_paper")
    wide = Image.new("RGB", (1080, 1920), (120, 90, 60))
    wide.paste(page, (40, 250))
    out = io.BytesIO()
    wide.save(out, "JPEG", quality=85)
    [photo] = recognize_image(out.getvalue())
    assert photo.types[0] is DocType.FACTURE


def test_a_read_with_nothing_on_it_prints_nothing(
    engine: OcrEngine, caplog: pytest.LogCaptureFixture
) -> None:
    """The confidences of an empty read are not asked: tesserocr would log "No text returned"
    (on the terminal chat's screen when no logging is set up)."""
    with caplog.at_level(logging.DEBUG):
        assert engine.read_scored(np.full((800, 600), 255, np.uint8)) == ("", frozenset())
    assert not caplog.records


@pytest.mark.parametrize(
    ("kind", "radius"), [("certificat_medical", 3.0), ("facture", 2.5), ("ordonnance", 2.0)]
)
def test_a_photo_somewhat_blurred_is_read_smaller_before_it_is_refused(
    kind: str, radius: float
) -> None:
    """Sharpness 7-10 (the threshold is 12): read, at a smaller scale, and typed, where it was
    refused as too blurry unread; the much blurrier photo of test_blurry_photo_is_refused is
    still refused."""
    page, _ = render_document(kind, 3)
    photo = degrade(page.filter(ImageFilter.GaussianBlur(radius)), 3, strength=0.5)
    [read] = recognize_image(photo)
    assert (read.types[0].value, read.problem) == (kind, None)
