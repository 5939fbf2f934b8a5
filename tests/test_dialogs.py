"""The conversations, through the real Application and an offline Bot API, in French and Arabic."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.console import plain
from bot.offline import OfflineChat, OfflineRequest, running
from bot.rulebook import load_rulebook
from bot.settings import Settings
from bot.storage import Storage
from tests.conftest import onboard, run_main
from tests.disk import traces
from tests.synthetic_docs import make_photo

RULEBOOK = load_rulebook()
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"[A-Za-z]")


def first_strong_is_arabic(text: str) -> bool:
    """The first letter decides a paragraph's direction: in Arabic it must be an Arabic one."""
    for ch in plain(re.sub(r"<[^>]+>", "", text)):
        if ARABIC.match(ch):
            return True
        if LATIN.match(ch):
            return False
    return True


async def test_start_language_consent_menu_in_french(
    chat: OfflineChat, settings: Settings
) -> None:
    [welcome] = await chat.send("/start")
    assert "Choisissez votre langue" in welcome.text and "اختر لغتك" in welcome.text
    assert [plain(t) for t in welcome.button_texts] == ["🇫🇷 Français", "🇲🇦 العربية"]
    [consent] = await chat.press(welcome, "lang:fr")
    assert "loi 09-08" in consent.text and "/forget" in consent.text
    assert Storage(settings.database_path).user(chat.user["id"]) is None  # nothing before consent
    assert consent.callback_data("J'accepte") == "consent:yes:fr"
    [menu] = await chat.press(consent, consent.callback_data("J'accepte"))
    assert "Que voulez-vous faire" in menu.text
    assert "📋 Que joindre à mon dossier ?" in menu.button_texts
    stored = Storage(settings.database_path).user(chat.user["id"])
    assert stored is not None and stored.consented and stored.language == "fr"


async def test_start_in_arabic_speaks_arabic_right_to_left(chat: OfflineChat) -> None:
    [welcome] = await chat.send("/start")
    [consent] = await chat.press(welcome, "lang:ar")
    assert "القانون" in consent.text and "\u206809-08\u2069" in consent.text
    [menu] = await chat.press(consent, consent.callback_data("أوافق"))
    assert "ماذا تريد أن تفعل" in menu.text
    assert "📋 ماذا أرفق بملفي؟" in menu.button_texts
    for sent in (consent, menu):
        assert first_strong_is_arabic(sent.text)
    [help_message] = await chat.send("/help")
    assert first_strong_is_arabic(help_message.text)
    assert "\u2068/newclaim\u2069" in help_message.text


async def test_refusing_consent_stores_nothing_but_still_answers(
    chat: OfflineChat, settings: Settings, app: Any
) -> None:
    await onboard(chat, "ar", consent=False)
    assert "حسنا، لن أسجل أي شيء" in chat.request.sent[-1].text
    assert Storage(settings.database_path).user(chat.user["id"]) is None
    await app.update_persistence()
    assert traces(settings.data_dir, [], chat.user["id"]) == []  # not even in the dialog state
    [answer] = await chat.send("que joindre pour des lunettes ?")
    assert "فاتورة النظاراتي" in answer.text  # the language they chose, though not stored
    [ask_consent] = await chat.press(answer, answer.callback_data("تتبع هذا الملف"))
    assert "أحتاج إلى موافقتك" in ask_consent.text


@pytest.mark.parametrize("category", list(RULEBOOK.categories))
@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_every_category_checklist_from_the_menu(
    chat: OfflineChat, category: str, lang: str
) -> None:
    await onboard(chat, lang)
    [menu] = await chat.send("/start")
    [categories] = await chat.press(menu, "menu:checklist")
    assert len(categories.button_texts) == len(RULEBOOK.categories) + 1  # and the menu
    [checklist] = await chat.press(categories, f"cat:{category}")
    assert checklist.method == "editMessageText" and checklist.message_id == categories.message_id
    book = RULEBOOK.category(category)
    assert plain(book.name.get(lang)) in plain(checklist.text)
    for item in RULEBOOK.checklist(category).lines:  # after a colon without its capital
        assert plain(item.item.text.get(lang))[1:] in plain(checklist.text)
    assert "⬜" in checklist.text and "⚠️" in checklist.text
    assert len(plain(checklist.text)) <= 600  # a phone's screen: what a question decides waits
    question = RULEBOOK.questions[book.questions[0]]
    assert plain(question.text.get(lang)) in plain(checklist.text)
    assert [plain(o.label.get(lang)) for o in question.options] == [
        plain(t) for t in checklist.button_texts[: len(question.options)]
    ]
    if lang == "ar":
        assert first_strong_is_arabic(checklist.text)


async def test_questions_tailor_the_checklist_in_place(chat: OfflineChat) -> None:
    await onboard(chat, "fr")
    [menu] = await chat.send("/start")
    [categories] = await chat.press(menu, "menu:checklist")
    [dental] = await chat.press(categories, "cat:dentaire")
    # What the question decides waits for its answer (a phone-sized first view).
    assert "L'accord préalable" not in plain(dental.text)
    [choosing] = await chat.press(dental, dental.callback_data("Prothèse"))
    assert "☑️ Prothèse" in choosing.button_texts  # several acts may be chosen
    [prosthesis] = await chat.press(choosing, choosing.callback_data("C'est tout"))
    assert prosthesis.message_id == dental.message_id
    text = plain(prosthesis.text)
    assert "⬜" in text and "L'accord préalable renseigné sur la feuille de soins" in text
    assert "La radio après soins" in text and "La facture du dentiste" in text
    assert "bilan d'orthodontie" not in text
    assert "pec@mupras.com" in text


async def test_new_claim_for_a_child_then_ticks_and_status(
    chat: OfflineChat, settings: Settings
) -> None:
    await onboard(chat, "fr")
    [who] = await chat.send("/newclaim")
    assert who.button_texts == ["Moi", "Mon conjoint", "Mon enfant"]
    [ask_name] = await chat.press(who, "who:child")
    assert "prénom de votre enfant" in ask_name.text
    [refused] = await chat.send("<b>Lina</b> & co")  # markup is not a first name
    assert "ne ressemble pas à un prénom" in refused.text
    [categories] = await chat.send("Lina")
    [checklist] = await chat.press(categories, "ncat:reeducation")
    assert "pour Lina (enfant)" in checklist.text
    assert "❓" in checklist.text
    [checklist] = await chat.press(checklist, checklist.callback_data("Oui, avant"))
    [checklist] = await chat.press(checklist, checklist.callback_data("Non"))
    assert "Il reste 4 éléments à réunir" in checklist.text
    [checklist] = await chat.press(checklist, checklist.callback_data("⬜ 4"))
    assert "✅ 4. Le calendrier des séances effectuées" in plain(checklist.text)
    assert "Il reste 3 éléments" in checklist.text
    [status] = await chat.send("/status")
    assert "Rééducation" in status.text and "il manque 3 éléments" in status.text
    assert "   ⬜ L'entente préalable remplie par le médecin prescripteur" in plain(status.text)
    # "I sent it" with pieces missing asks first; "no" goes back to the dossier.
    [ask] = await chat.press(checklist, checklist.callback_data("Je l'ai envoyé"))
    text = plain(ask.text)
    assert text.startswith("Il manque encore 3 pièces à ce dossier :")
    assert "L'entente préalable" in text and "L'avez-vous envoyé quand même ?" in text
    [back] = await chat.press(ask, ask.callback_data("Non, je le complète"))
    assert "Il reste 3 éléments" in back.text
    [ask] = await chat.press(back, back.callback_data("Je l'ai envoyé"))
    [how] = await chat.press(ask, ask.callback_data("Oui, il est parti quand même"))
    assert "Comment l'avez-vous envoyé ?" in how.text
    [sent] = await chat.press(how, how.callback_data("Par la poste"))
    today = dt.date.today().strftime("%d/%m/%Y")
    assert f"📮 Dossier posté le {today}." in sent.text
    assert {"✅ Remboursé", "❌ Rejeté", "↩️ Rouvrir"} <= set(sent.button_texts)
    assert not [b for b in sent.button_texts if b.startswith("⬜")]  # no ticks once sent
    [status] = await chat.send("/status")
    assert f"posté le {today}" in status.text  # still listed, with where it stands


async def test_someone_else_cannot_press_my_dossier_buttons(
    make_chat: Callable[..., OfflineChat],
) -> None:
    owner = make_chat(user_id=1111)
    await onboard(owner, "fr")
    [who] = await owner.send("/newclaim")
    [categories] = await owner.press(who, "who:self")
    [checklist] = await owner.press(categories, "ncat:optique")
    intruder = make_chat(user_id=2222)
    await onboard(intruder, "fr")
    before = len(owner.request.calls)
    await intruder.press(checklist, checklist.callback_data("Non"))
    answered = [p for m, p in owner.request.calls[before:] if m == "answerCallbackQuery"]
    assert answered and "n'existe plus" in answered[-1]["text"]
    assert not [m for m, _ in owner.request.calls[before:] if m == "editMessageText"]


async def test_a_dialog_in_progress_survives_a_restart(settings: Settings) -> None:
    request = OfflineRequest()
    first = build_application(settings, request=request)
    async with running(first):
        chat = OfflineChat(first, request, user_id=3333)
        await onboard(chat, "ar")
        [who] = await chat.send("/newclaim")
        await chat.press(who, "who:spouse")
    # The process stops (persistence flushed on shutdown), a new one starts on the same data.
    second = build_application(settings, request=request)
    async with running(second):
        chat = OfflineChat(second, request, user_id=3333)
        [categories] = await chat.send("Samira")
        assert "لأي نوع من العلاج" in categories.text
        [checklist] = await chat.press(categories, "ncat:optique")
        assert "\u2068Samira\u2069" in checklist.text
        assert "فاتورة النظاراتي" in checklist.text


async def test_contacts(chat: OfflineChat) -> None:
    [contacts] = await chat.send("/contact")
    text = plain(contacts.text)
    for email in ("contact@mupras.com", "pec@mupras.com", "adhesion@mupras.com"):
        assert email in text
    assert "05 22 20 45 45" in text and "Casablanca 20000" in text
    [complaint] = await chat.send("Je veux faire une réclamation")
    assert plain(complaint.text).startswith("✉️ Réclamation : contact@mupras.com")
    [retirement] = await chat.send("je pars à la retraite, qui contacter ?")
    assert "adhesion@mupras.com" in plain(retirement.text).split("\n")[0]


@pytest.mark.parametrize(
    ("message", "expected", "lang"),
    [
        (
            "Que dois-je joindre pour la rééducation ?",
            "Le calendrier des séances effectuées",
            "fr",
        ),
        ("ماذا يجب أن أرفق لملف الترويض؟", "جدول الحصص المنجزة", "ar"),
        ("remboursement lunettes svp", "La facture de l'opticien", "fr"),
        ("الدوا ما فيهش الفينيات", "فاتورة الصيدلية", "ar"),
    ],
)
async def test_free_text_gets_the_checklist_at_once(
    chat: OfflineChat, message: str, expected: str, lang: str
) -> None:
    [answer] = await chat.send(message)
    assert expected in plain(answer.text)
    assert "🗂" in "".join(answer.button_texts)
    if lang == "ar":
        assert first_strong_is_arabic(answer.text)


async def test_medicine_without_vignette_is_already_answered(chat: OfflineChat) -> None:
    [answer] = await chat.send("un médicament sans vignette, que faire ?")
    text = plain(answer.text)
    assert (
        "⬜ " in text and "La facture de la pharmacie pour les médicaments sans vignette" in text
    )
    assert "Tous les médicaments ont-ils leur vignette" not in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            {
                "sticker": {
                    "file_id": "s1",
                    "file_unique_id": "s1",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                }
            },
            "menu",
        ),
        ({"voice": {"file_id": "v1", "file_unique_id": "v1", "duration": 3}}, "vocaux"),
        (
            {
                "video": {
                    "file_id": "d1",
                    "file_unique_id": "d1",
                    "width": 1,
                    "height": 1,
                    "duration": 1,
                }
            },
            "vidéos",
        ),
        ({"location": {"latitude": 33.59, "longitude": -7.61}}, "position"),
        ({"contact": {"phone_number": "0600000000", "first_name": "Test"}}, "téléphone"),
        (
            {
                "text": "/nimportequoi",
                "entities": [{"type": "bot_command", "offset": 0, "length": 13}],
            },
            "commande",
        ),
    ],
)
async def test_bad_inputs_get_a_short_helpful_reply(
    chat: OfflineChat, content: dict[str, Any], expected: str
) -> None:
    await onboard(chat, "fr")
    [answer] = await chat.send_content(**content)
    assert expected in answer.text
    assert answer.buttons  # the menu, to go on


async def test_a_very_long_message_and_markup_are_handled(chat: OfflineChat) -> None:
    [answer] = await chat.send("kiné " * 1000)
    assert "très long" in answer.text
    [answer] = await chat.send("<script>alert(1)</script> *gras* _x_")
    assert "<script>" not in answer.text


async def test_forget_erases_the_person(chat: OfflineChat, settings: Settings) -> None:
    await onboard(chat, "fr")
    [who] = await chat.send("/newclaim")
    [categories] = await chat.press(who, "who:self")
    await chat.press(categories, "ncat:pharmacie")
    [confirm] = await chat.send("/forget")
    [done] = await chat.press(confirm, "forget:yes")
    assert "1 dossier effacé" in done.text
    storage = Storage(settings.database_path)
    assert storage.user(chat.user["id"]) is None
    assert storage.dossiers(chat.user["id"]) == []


async def test_a_failing_set_my_commands_is_logged_and_the_bot_runs_on(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    request = OfflineRequest()
    request.fail_methods.add("setMyCommands")
    application = build_application(settings, request=request)
    async with application:
        assert application.post_init is not None
        with caplog.at_level(logging.WARNING):
            await application.post_init(application)
        assert "set_my_commands" in caplog.text
        [answer] = await OfflineChat(application, request).send("/contact")
        assert "pec@mupras.com" in answer.text


async def test_commands_are_localized(settings: Settings) -> None:
    request = OfflineRequest()
    application = build_application(settings, request=request)
    async with application:
        assert application.post_init is not None
        await application.post_init(application)
    calls = {p.get("language_code"): p for m, p in request.calls if m == "setMyCommands"}
    assert set(calls) == {None, "ar"}
    french = {c["command"]: c["description"] for c in calls[None]["commands"]}
    arabic = {c["command"]: c["description"] for c in calls["ar"]["commands"]}
    assert french["newclaim"] == "Préparer un nouveau dossier"
    assert arabic["newclaim"] == "تحضير ملف جديد"


def test_ask_command_json() -> None:
    questions = [
        "Que dois-je joindre pour la rééducation ?",
        "ماذا أرفق لملف الترويض؟",
        "Je veux faire une réclamation",
    ]
    result = run_main("ask", "--json", *questions)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["message"] for a in answers] == questions
    assert [a["language"] for a in answers] == ["fr", "ar", "fr"]
    assert (
        "entente préalable" in answers[0]["reply"]
        and "calendrier des séances" in answers[0]["reply"]
    )
    assert "La facture des séances" in answers[0]["reply"]
    assert "الموافقة المسبقة" in answers[1]["reply"] and "جدول الحصص" in answers[1]["reply"]
    assert "contact@mupras.com" in answers[2]["reply"]


def test_terminal_chat_walks_start_category_checklist(tmp_path: Path) -> None:
    env = {"BOT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = run_main(input="1\n1\n1\n5\n", env=env)
    out = result.stdout
    assert "[1] 🇫🇷 Français" in out and "loi 09-08" in out
    assert "[1] 📋 Que joindre à mon dossier ?" in out
    assert "Le calendrier des séances effectuées" in out


def test_terminal_chat_sends_a_photo_from_a_path(tmp_path: Path) -> None:
    photo = tmp_path / "facture.jpg"
    photo.write_bytes(make_photo("facture", 11).jpeg)
    env = {"BOT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = run_main(input=f"1\n1\n/fichier {photo}\n/fichier {tmp_path}/nothing.pdf\n", env=env)
    out = result.stdout
    assert "/fichier" in out  # the way to send one is said at the start
    assert "J'ai lu" in out and "Facture" in out
    assert "nothing.pdf" in out  # a path that does not exist is said, not sent


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_help_mentions_photos_cancel_and_a_person_to_call(
    chat: OfflineChat, lang: str
) -> None:
    await onboard(chat, lang)
    [help_message] = await chat.send("/help")
    text = plain(help_message.text)
    assert "05 22 20 45 45" in text and "/cancel" in text and "📷" in text


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_what_is_not_understood_offers_a_person_to_call(
    chat: OfflineChat, lang: str
) -> None:
    await onboard(chat, lang)
    [reply] = await chat.send("zzkq wxv" if lang == "fr" else "ززق ككخ")
    assert "05 22 20 45 45" in plain(reply.text)


@pytest.mark.parametrize(
    ("typed", "lang"),
    [
        ("Fatima-Zahra", "fr"),
        ("Mohamed Amine", "fr"),
        ("N'Dour", "fr"),
        ("Aïcha", "fr"),
        ("ياسمين", "ar"),
        ("فاطمة الزهراء", "ar"),
    ],
)
async def test_a_first_name_is_taken(chat: OfflineChat, typed: str, lang: str) -> None:
    await onboard(chat, lang)
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [categories] = await chat.send(typed)
    assert "ncat:optique" in str(categories.buttons)


@pytest.mark.parametrize(
    ("typed", "lang"),
    [
        ("pour que joindre pour la kiné ?", "fr"),
        ("quels papiers pour les lunettes", "fr"),
        ("12/03/2026", "fr"),
        ("ordonnance", "fr"),
        ("شنو خاصني للترويض؟", "ar"),
        ("ما هي وثائق البصريات", "ar"),
    ],
)
async def test_a_question_is_not_taken_as_a_first_name(
    chat: OfflineChat, typed: str, lang: str
) -> None:
    await onboard(chat, lang)
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [refused] = await chat.send(typed)
    assert ("ne ressemble pas à un prénom" in refused.text) or ("لا يبدو اسما" in refused.text)
    [categories] = await chat.send("Lina" if lang == "fr" else "لينا")
    assert "ncat:optique" in str(categories.buttons)


@pytest.mark.parametrize(
    ("text", "lang", "said", "care"),
    [
        ("combien la mutuelle rend sur des lentilles ?", "fr", "montants", "optique"),
        ("شحال كيعوضو على الدوا", "ar", "مبالغ التعويض", "pharmacie"),
        ("quand est-ce que le virement arrive ?", "fr", "quand un dossier est remboursé", None),
        ("a7san tbib snan f rbat", "fr", "conseiller un médecin", "dentaire"),
        ("vous êtes ouverts le samedi ?", "fr", "horaires", None),
    ],
)
async def test_what_the_rules_dont_say_is_said_plainly_before_any_checklist(
    chat: OfflineChat, text: str, lang: str, said: str, care: str | None
) -> None:
    await onboard(chat, lang)
    sent = await chat.send(text)
    first = plain(sent[0].text)
    assert said in first
    if "médecin" not in said:  # whom to ask instead (no one to ask for a provider)
        assert RULEBOOK.office.phone in first
    if care is None:
        assert len(sent) == 1 and "⬜" not in sent[0].text
    else:  # the care's checklist comes after the sentence, not as the answer
        [_first, checklist] = sent
        assert plain(RULEBOOK.category(care).name.get(lang)) in plain(checklist.text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("je voudrais parler à quelqu'un", "fr"), ("بغيت نهضر مع شي موظف", "ar")],
)
async def test_a_person_to_talk_to_is_the_phone(chat: OfflineChat, text: str, lang: str) -> None:
    await onboard(chat, lang)
    [answer] = await chat.send(text)
    assert plain(answer.text).startswith("☎️") and RULEBOOK.office.phone in answer.text


@pytest.mark.parametrize(
    ("text", "lang"), [("où déposer mon dossier ?", "fr"), ("فين ندفع الملف ديالي؟", "ar")]
)
async def test_where_the_dossier_goes_is_the_postal_address(
    chat: OfflineChat, text: str, lang: str
) -> None:
    await onboard(chat, lang)
    [answer] = await chat.send(text)
    text_read = plain(answer.text)
    assert plain(RULEBOOK.office.address.get(lang)) in text_read
    assert "contact@" not in text_read  # not the complaint address


@pytest.mark.parametrize(
    ("text", "lang", "answer", "care"),
    [
        ("faut-il un accord avant les séances de kiné ?", "fr", "Oui", "reeducation"),
        ("il faut une entente préalable pour des lunettes ?", "fr", "Non", "optique"),
        ("wach khass l'accord l snan ?", "fr", "Seulement dans certains cas", "dentaire"),
        ("هل تلزم موافقة مسبقة قبل شراء جهاز السمع؟", "ar", "نعم", "protheses"),
    ],
)
async def test_do_i_need_an_agreement_is_answered_yes_or_no_before_the_checklist(
    chat: OfflineChat, text: str, lang: str, answer: str, care: str
) -> None:
    await onboard(chat, lang)
    [said, checklist] = await chat.send(text)
    assert plain(said.text).split(" ", 1)[1].startswith(answer)
    assert plain(RULEBOOK.category(care).name.get(lang)) in plain(checklist.text)


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_why_shows_each_line_with_the_words_of_its_source(
    chat: OfflineChat, lang: str
) -> None:
    await onboard(chat, lang)
    [menu] = await chat.send("/start")
    for category in RULEBOOK.categories:
        [categories] = await chat.press(menu, "menu:checklist")
        [checklist] = await chat.press(categories, f"cat:{category}")
        [why] = await chat.press(checklist, f"why:{category}")
        text = plain(why.text)
        book = RULEBOOK.category(category)
        for item in (*RULEBOOK.general, *book.items):
            assert plain(item.text.get(lang)) in text
            assert RULEBOOK.sources[item.source].quote in text
