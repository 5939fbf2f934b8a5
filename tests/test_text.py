"""The one text fold that understanding and recognition share."""

from __future__ import annotations

import pytest

from bot.recognition.doctypes import fold as doctype_fold
from bot.recognition.ocr import normalize_text
from bot.text import fold, plain, strip_accents
from bot.understanding import normalize


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Rééducation  FONCTIONNELLE", "reeducation fonctionnelle"),
        ("Œil", "oeil"),
        ("l\u2019ordonnance", "l'ordonnance"),
        ("الفاتورة", "الفاتوره"),
        ("إحالة أولى ٢٠٢٣", "احاله اولي 2023"),
        ("\u200fمسؤول\u2068 x\u2069", "مسوول x"),
        ("النـــظارات", "النظارات"),
        ("گ ڤ پ ک", "ك ف ب ك"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_plain_keeps_case_accents_and_lines() -> None:
    assert plain("Facture  N°\u00a012\n  Réglée le ١٢/٠٣") == "Facture N° 12\nRéglée le 12/03"
    assert plain("مُسْتَشْفَى") == "مستشفي"


def test_strip_accents() -> None:
    assert strip_accents("févr. août") == "fevr. aout"


def test_understanding_and_recognition_fold_alike() -> None:
    """A word is folded the same whether an adherent typed it or tesseract read it."""
    for word in ("Déclaration de Maladie", "الوصفة الطبية", "Kinésithérapie", "آلة"):
        assert doctype_fold(normalize_text(word)) == normalize(word) == fold(word)
