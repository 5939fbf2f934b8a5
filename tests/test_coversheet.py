"""📄 Bordereau: a dossier's cover sheet, a one-page PDF sent as a document, read back as text.
French and Arabic through process_update; the sheet itself as a plain function."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bot.domain import DossierState, Finding
from bot.domain.deadlines import Due
from bot.i18n import Translator
from bot.offline import OfflineChat, Sent
from bot.rulebook import DEFAULT_PATH, LineState, load_rulebook
from bot.settings import Settings
from bot.storage import Beneficiary, Dossier, DossierStatus
from dialogs import coversheet
from dialogs.coversheet import MARKS, RISK_MARK, cover_sheet
from tests.conftest import onboard

WORDS = {
    "fr": {
        "button": "Bordereau",
        "care": "Rééducation",
        "relation": "enfant",
        "box": "Matricule de l'adhérent (à écrire à la main)",
        "address": "Centre Allal Ben Abdellah, 6ème étage",
        "pieces": "Pièces, dans l'ordre où les agrafer",
    },
    "ar": {
        "button": "ورقة الإيداع",
        "care": "الترويض",
        "relation": "طفل",
        "box": "رقم تسجيل المنخرط (يكتب باليد)",
        "address": "حي الساعة، الدار البيضاء 20000",
        "pieces": "الوثائق بالترتيب الذي تدبس به",
    },
}


def fold(text: str) -> str:
    """Text as compared: NFKC (Arabic presentation forms back to letters), no direction marks,
    punctuation as spaces, one space between words."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(re.sub(r"[^\w☑☐⚠]+", " ", text.casefold()).split())


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, as pdfium extracts it."""
    document = pdfium.PdfDocument(data)
    try:
        return [document[n].get_textpage().get_text_range() for n in range(len(document))]
    finally:
        document.close()


def visual_lines(data: bytes) -> list[str]:
    """The first page's characters row by row, left to right as they are printed (not in the
    order the text is stored): what a reader of the paper sees."""
    document = pdfium.PdfDocument(data)
    try:
        text = document[0].get_textpage()
        rows: dict[int, list[tuple[float, str]]] = {}
        for n in range(text.count_chars()):
            left, _, _, top = text.get_charbox(n, loose=True)
            rows.setdefault(round(top / 3), []).append((left, text.get_text_range(n, 1)))
        return ["".join(c for _, c in sorted(rows[k])) for k in sorted(rows, reverse=True)]
    finally:
        document.close()


def mark_before(text: str, words: str, start: int = 0) -> tuple[str, int]:
    """The mark (☑ ☐ ⚠) nearest before these words (found from `start` on) in the folded
    text, and where the words are."""
    at = text.index(fold(words), start)
    marks = [m.start() for m in re.finditer("[☑☐⚠]", text[:at])]
    assert marks, f"no mark before {words!r}"
    return text[marks[-1]], at


def first_words(text: str, n: int = 4) -> str:
    return " ".join(fold(text).split()[:n])


async def _dossier(chat: OfflineChat, lang: str) -> Sent:
    """A rééducation dossier for a child named Yasmine, its questions answered, piece 1 had."""
    await onboard(chat, lang)
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [categories] = await chat.send("Yasmine")
    [dossier] = await chat.press(categories, "ncat:reeducation")
    while dossier.buttons and dossier.buttons[0][0]["callback_data"].startswith("dq:"):
        [dossier] = await chat.press(dossier, dossier.buttons[0][0]["callback_data"])
    [dossier] = await chat.press(dossier, dossier.callback_data("⬜ 1"))
    return dossier


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_the_button_sends_a_one_page_pdf_of_the_dossier(
    chat: OfflineChat, settings: Settings, lang: str
) -> None:
    words = WORDS[lang]
    dossier = await _dossier(chat, lang)
    files_before = {p.name for p in settings.data_dir.rglob("*")}
    [sent] = await chat.press(dossier, dossier.callback_data(words["button"]))
    assert sent.method == "sendDocument"
    number = dossier.callback_data(words["button"]).split(":")[1].split(".")[0]
    assert sent.filename == f"bordereau-dossier-{number}.pdf"
    assert sent.document is not None and sent.document.startswith(b"%PDF-")
    assert {p.name for p in settings.data_dir.rglob("*")} == files_before  # nothing on disk
    [page] = pdf_pages(sent.document)  # one page
    text = fold(page)
    for key in ("care", "relation", "box", "address", "pieces"):
        assert fold(words[key]) in text, key
    assert "yasmine" in text and "mupras" in text
    # Each piece with its mark, in the checklist's order: piece 1 ticked, the rest to gather.
    rulebook = load_rulebook(DEFAULT_PATH)
    have = {"feuille_de_soins"}
    checklist = rulebook.checklist(
        "reeducation", {"entente_avant": "oui", "accident": "non"}, have
    )
    at = text.index(fold(words["pieces"]))
    for line in checklist.lines:  # in this order on the sheet
        if line.state is LineState.NOTE:
            continue
        head = first_words(line.item.text.get(lang))
        mark, at = mark_before(text, head, at)
        assert mark == MARKS.get(line.state, RISK_MARK), head
    assert [s for s in checklist.lines if s.state is LineState.HAVE]
    assert [s for s in checklist.lines if s.state is LineState.MISSING]
    if lang == "ar":
        assert b"NotoNaskhArabic" in sent.document  # the Arabic font is embedded
        # Numbers inside Arabic lines keep their own order on paper: the phone number reads
        # 05 22 20 45 45 (not 45 45 20 22 05), and each piece's "1." sits by its mark.
        rows = [row.replace(" ", "") for row in visual_lines(sent.document)]
        assert any("0522204545" in row for row in rows)
        assert any(row.endswith("1.☑") for row in rows)


async def test_someone_elses_sheet_is_refused(chat: OfflineChat, make_chat: object) -> None:
    dossier = await _dossier(chat, "fr")
    data = dossier.callback_data("Bordereau")
    assert callable(make_chat)
    other = make_chat(user_id=515151)
    await onboard(other, "fr")
    replies = await other.press(dossier, data)
    answered = [p for m, p in other.request.calls if m == "answerCallbackQuery"][-1]
    assert "n'existe plus" in answered["text"]
    assert not [r for r in replies if r.method == "sendDocument"]


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("category", ["dentaire", "reeducation", "pharmacie", "protheses"])
def test_the_longest_sheets_still_fit_one_page(lang: str, category: str) -> None:
    rulebook = load_rulebook(DEFAULT_PATH)
    checklist = rulebook.checklist(category)  # no answer: every "if ..." line shown
    dossier = Dossier(
        7, "t0k3n", 1, Beneficiary.SPOUSE, "Salma", category, {}, frozenset(),
        DossierStatus.OPEN, None, None, "2026-12-01", "2026-12-01",
    )  # fmt: skip
    findings = (
        Finding("doctor_part_blank", "general.cadre_medecin"),
        Finding("total_mismatch", None, {"declared": "2 100,00",
                "invoiced": "1 100,00"}),
        Finding("name_mismatch", None, {"name_a": "BENNAMI Salma",
                "name_b": "BENNANI Salma"}),
    )  # fmt: skip
    dues = (Due("send", dt.date(2026, 9, 1), dt.date(2026, 12, 1)),)
    state = DossierState(dossier, (), checklist, findings, dues)
    data = cover_sheet(Translator(lang), rulebook, state, today=dt.date(2026, 12, 3))
    [page] = pdf_pages(data)
    text = fold(page)
    assert "salma" in text and "01 12 2026" in text
    for line in checklist.lines:
        if line.state is not LineState.NOTE:
            assert first_words(line.item.text.get(lang), 2) in text


async def test_missing_fonts_give_an_alert_and_a_clear_log(
    chat: OfflineChat, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    dossier = await _dossier(chat, "fr")
    monkeypatch.setattr(coversheet, "FONT_DIRS", (tmp_path,))
    coversheet.font_files.cache_clear()
    try:
        replies = await chat.press(dossier, dossier.callback_data("Bordereau"))
    finally:
        coversheet.font_files.cache_clear()
    answered = [p for m, p in chat.request.calls if m == "answerCallbackQuery"][-1]
    assert "ne peut pas être préparé" in answered["text"]
    assert not [r for r in replies if r.method == "sendDocument"]
    assert "NotoNaskhArabic-Regular.ttf" in caplog.text and "apt-get install" in caplog.text
