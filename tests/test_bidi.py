"""Every Arabic line the bot sends is laid out right to left by a real implementation of
Unicode's bidirectional algorithm (python-bidi): a line that starts with ℹ️ (a left-to-right
character), a Latin word or an address gets a right-to-left mark; brackets stay outside the
isolates around numbers. The messages are the ones the bot really sends, through
process_update and the transport, in an Arabic conversation that walks every menu, command,
kind of care, answer and dossier step."""

from __future__ import annotations

import re

from bidi import get_base_level

from bot.i18n import RLM, Translator, right_to_left
from bot.offline import OfflineChat, Sent
from bot.rulebook import load_rulebook
from tests.conftest import onboard

ARABIC = re.compile("[\u0600-\u06ff]")
RULEBOOK = load_rulebook()


def wrong_lines(sent: list[Sent]) -> list[str]:
    """The Arabic lines (texts and buttons) a right-to-left reader would see turned around."""
    wrong = []
    for message in sent:
        lines = [*message.text.split("\n"), *message.button_texts]
        for line in lines:
            text = re.sub(r"<[^>]+>", "", line)
            if ARABIC.search(text) and get_base_level(text) != 1:
                wrong.append(text)
    return wrong


async def test_every_arabic_message_reads_right_to_left(chat: OfflineChat) -> None:
    await onboard(chat, "ar")
    for command in ("/start", "/help", "/contact", "/privacy", "/status", "/reminders"):
        await chat.send(command)
    await chat.send("/reminders")
    [menu] = await chat.send("/start")
    for category in RULEBOOK.categories:
        [categories] = await chat.press(menu, "menu:checklist")
        [checklist] = await chat.press(categories, f"cat:{category}")
        for _ in range(6):  # its questions: a multiple one chosen, then "C'est tout"
            first = checklist.buttons[0][0]["callback_data"] if checklist.buttons else ""
            if not first.startswith("pv:"):
                break
            done = [b for row in checklist.buttons for b in row if "✔️" in b["text"]]
            button = done[0] if done else checklist.buttons[0][-1]
            answered = await chat.press(checklist, button["callback_data"])
            if not answered:
                break
            checklist = answered[-1]
    for question in ("شنو خاصني للترويض؟", "ما هي الموافقة المسبقة؟", "شكرا", "xyz"):
        await chat.send(question)
    [who] = await chat.send("/newclaim")
    await chat.press(who, "who:child")
    [categories] = await chat.send("لينا")
    [dossier] = await chat.press(categories, "ncat:maladie_chronique")
    while "❓" in dossier.text:  # its questions, each answered with its last option
        [dossier] = await chat.press(dossier, dossier.buttons[0][-1]["callback_data"])
    [dossier] = await chat.press(dossier, dossier.callback_data("تاريخ آخر"))
    await chat.send("01/11/2026")
    await chat.send("/status")
    assert len(chat.request.sent) > 40  # the walk covered the conversation
    assert wrong_lines(chat.request.sent) == []


def test_a_line_that_would_start_left_to_right_gets_a_mark() -> None:
    note = "ℹ️ يبقى لكل علاج وثائقه"
    assert get_base_level(note) == 0  # ℹ is a left-to-right character
    assert right_to_left(note) == RLM + note and get_base_level(right_to_left(note)) == 1
    address = "pec@mupras.com: من أجل موافقة مسبقة"
    assert get_base_level(right_to_left(address)) == 1
    french = "ℹ️ Règle CNOPS : le code ALD"
    assert right_to_left(french) == french  # no Arabic: left as it is


def test_brackets_stay_outside_the_isolates() -> None:
    tr = Translator("ar")
    text = tr.plain("ترفق منذ 2024) و(CNOPS)")
    assert "\u20682024\u2069)" in text and "(\u2068CNOPS\u2069)" in text
