"""Language resolution on the short messages adherents send."""

from __future__ import annotations

import pytest

from bot.language import coerce_language, detect_script, resolve_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # langdetect alone gets these wrong (es, sk, hu, ur, id/en)
        ("merci beaucoup", "fr"),
        ("kiné remboursement", "fr"),
        ("نظارات", "ar"),
        ("chno khassni l kine", "fr"),  # Darija in Latin letters: answered in French
        ("wach kayn chi 7aja l nadader", "fr"),
        ("الدوا ما فيهش الفينيات", "ar"),
        ("شنو خاصني للكيني", "ar"),
        ("Bonjour, quels documents pour la kiné ?", "fr"),
        ("ما هي الوثائق المطلوبة لتعويض الترويض الطبي؟", "ar"),
        ("الدوا sans vignette عافاك", "ar"),  # mixed, as many words each way: Arabic
        ("ميمتي خاصها appareil auditif", "ar"),  # French care terms in an Arabic message
        ("bghit n3ref wach الفينييت khassha", "fr"),  # mostly Latin words
    ],
)
def test_message_script_decides_for_a_newcomer(text: str, expected: str) -> None:
    assert resolve_language(text) == expected


@pytest.mark.parametrize("text", ["ok", "merci", "kiné", "3afak", "👍", "123", "", "  ?! "])
def test_short_or_ambiguous_message_falls_back_to_telegram_code(text: str) -> None:
    assert resolve_language(text, telegram_code="ar-MA") == "ar"
    assert resolve_language(text, telegram_code="fr-FR") == "fr"
    assert resolve_language(text, telegram_code="en") == "fr"
    assert resolve_language(text) == "fr"


def test_one_word_decides_only_in_arabic_script() -> None:
    assert resolve_language("نظارات", telegram_code="fr") == "ar"
    assert resolve_language("lunettes", telegram_code="ar") == "ar"  # Darija speakers say it too
    assert resolve_language("lunettes svp", telegram_code="ar") == "fr"


@pytest.mark.parametrize("text", ["ok", "merci", "نظارات", "chno khassni l kine", "lunettes svp"])
def test_saved_choice_wins(text: str) -> None:
    assert resolve_language(text, saved="ar", telegram_code="fr") == "ar"
    assert resolve_language(text, saved="fr", telegram_code="ar") == "fr"


def test_unusable_saved_choice_is_ignored() -> None:
    assert resolve_language("نظارات", saved="en") == "ar"
    assert resolve_language("lunettes svp", saved="") == "fr"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ar", "ar"),
        ("ar-MA", "ar"),
        ("AR_ma", "ar"),
        ("fr", "fr"),
        ("fr-FR", "fr"),
        ("en", None),
        (None, None),
        ("", None),
    ],
)
def test_coerce_language(code: str | None, expected: str | None) -> None:
    assert coerce_language(code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lunettes remboursement", "latin"),
        ("je pars à la retraite, qui contacter ?", "latin"),
        ("rendez-vous le 3eme jour à 9h, 3 mois", "latin"),  # digits that are not Darija
        ("chno khassni l kine", "darija_latin"),
        ("3afak", "darija_latin"),
        ("ta7t f dar", "darija_latin"),
        ("dwa ma fihch vignette", "darija_latin"),
        ("médicament sans vignette", "latin"),
        ("bghit nzid mrati", "darija_latin"),
        ("نظارات", "arabic"),
        ("ما هي الموافقة المسبقة؟", "arabic"),
        ("١٢٣", "none"),
        ("👍🙏", "none"),
        ("", "none"),
    ],
)
def test_detect_script(text: str, expected: str) -> None:
    assert detect_script(text) == expected
