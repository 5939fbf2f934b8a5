"""The text path's speed: language + intent + storage + reply, through Application.process_update.

Side by side, in the same run and on the same offline Bot API, with a bare python-telegram-bot echo
handler: rounds alternate so both see the same machine load. Prints throughput and latencies.

    python -m benchmarks.text_path [--rounds 5] [--messages 400]
    python -m benchmarks.text_path --photos 4 [--rounds 5]   # text latency during recognition
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.app import OFFLINE_TOKEN, build_application, freeze_startup
from bot.i18n import Translator
from bot.offline import OfflineChat, OfflineRequest, running
from bot.rulebook import load_rulebook
from bot.settings import Settings
from dialogs.render import preview_view

PHRASINGS = Path(__file__).resolve().parent.parent / "tests" / "data" / "phrasings.tsv"


def load_messages() -> list[str]:
    """The evaluation set's questions: distinct, in the four scripts, all intents."""
    messages = []
    for line in PHRASINGS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("script\t"):
            messages.append(line.split("\t")[1])
    return messages


MESSAGES = load_messages()


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


def echo_application(request: OfflineRequest) -> Application[Any, Any, Any, Any, Any, Any]:
    application = Application.builder().token(OFFLINE_TOKEN).request(request).build()
    application.add_handler(MessageHandler(filters.TEXT, _echo))
    return application


def same_reply_application(
    request: OfflineRequest, reply: tuple[str, Any]
) -> Application[Any, Any, Any, Any, Any, Any]:
    """A bare PTB handler that sends one fixed checklist: the cost of the reply alone, no logic."""

    async def send(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            reply[0], parse_mode="HTML", reply_markup=reply[1]
        )

    application = Application.builder().token(OFFLINE_TOKEN).request(request).build()
    application.add_handler(MessageHandler(filters.TEXT, send))
    return application


async def _round(chat: OfflineChat, count: int) -> list[float]:
    latencies = []
    for n in range(count):
        text = MESSAGES[n % len(MESSAGES)]
        start = time.perf_counter()
        await chat.send(text)
        latencies.append(time.perf_counter() - start)
        # Updates arrive one by one from the network: the loop runs other tasks in between
        # (the offline Bot API never suspends, so without this a reading photo would starve).
        await asyncio.sleep(0)
    return latencies


def _report(name: str, latencies: list[float], seconds: float) -> float:
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    throughput = len(latencies) / seconds
    print(
        f"{name:<22} {throughput:8.0f} updates/s"
        f"   median {statistics.median(ordered) * 1000:6.2f} ms"
        f"   p99 {p99 * 1000:6.2f} ms   max {ordered[-1] * 1000:6.2f} ms"
    )
    return throughput


async def main(rounds: int, messages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ours_request, echo_request, same_request = (
            OfflineRequest(),
            OfflineRequest(),
            OfflineRequest(),
        )
        ours = build_application(Settings(data_dir=Path(tmp), rate_limit=0), request=ours_request)
        freeze_startup()  # as main.py does where the process starts
        echo = echo_application(echo_request)
        checklist = preview_view(Translator("fr"), load_rulebook(), "reeducation", {})
        same = same_reply_application(same_request, checklist)
        async with ours, echo, same:
            ours_chat = OfflineChat(ours, ours_request, user_id=1)
            [welcome] = await ours_chat.send("/start")
            [consent] = await ours_chat.press(welcome, "lang:fr")
            await ours_chat.press(
                consent, consent.callback_data("J'accepte")
            )  # a consented adherent: storage in play
            echo_chat = OfflineChat(echo, echo_request, user_id=1)
            same_chat = OfflineChat(same, same_request, user_id=1)
            chats = (("assistant", ours_chat), ("echo", echo_chat), ("same reply", same_chat))
            for _, chat in chats:
                await _round(chat, 50)  # warm up
            times: dict[str, list[float]] = {name: [] for name, _ in chats}
            seconds = dict.fromkeys(times, 0.0)
            for _ in range(rounds):
                for name, chat in chats:
                    for request in (ours_request, echo_request, same_request):
                        request.sent.clear()
                    start = time.perf_counter()
                    times[name] += await _round(chat, messages)
                    seconds[name] += time.perf_counter() - start
    print(f"{rounds} rounds × {messages} text messages, alternating, offline Bot API, one process")
    ours_tp = _report("assistant (text path)", times["assistant"], seconds["assistant"])
    echo_tp = _report("bare PTB echo", times["echo"], seconds["echo"])
    same_tp = _report("bare PTB, same reply", times["same reply"], seconds["same reply"])
    ratio = ours_tp / echo_tp
    print(f"throughput ratio assistant / echo: {ratio:.2f} (target ≥ 0.5; rate limits lifted)")
    print(
        f"ceiling: a handler with no logic sending one checklist = {same_tp / echo_tp:.2f} × echo"
    )


def _photo(chat: OfflineChat, jpeg: bytes, n: int) -> dict[str, Any]:
    file_id = f"bench-photo-{n}"
    chat.request.files[file_id] = jpeg
    size = {
        "file_id": file_id,
        "file_unique_id": file_id,
        "width": 1280,
        "height": 960,
        "file_size": len(jpeg),
    }
    return {"photo": [size]}


async def during_recognition(rounds: int, photos: int) -> None:
    """The text path's latency while photos are being read by the same bot."""
    from tests.synthetic_docs import DOC_TYPES, make_photo

    jpegs = [make_photo(DOC_TYPES[n % len(DOC_TYPES)], 900 + n).jpeg for n in range(photos)]
    with tempfile.TemporaryDirectory() as tmp:
        request = OfflineRequest()
        settings = Settings(data_dir=Path(tmp), rate_limit=0)
        application = build_application(settings, request=request)
        async with running(application):
            reader = OfflineChat(application, request, user_id=2)
            asker = OfflineChat(application, request, user_id=3)
            for chat in (reader, asker):
                [welcome] = await chat.send("/start")
                [consent] = await chat.press(welcome, "lang:fr")
                await chat.press(consent, consent.callback_data("J'accepte"))
            await reader.send_content(**_photo(reader, jpegs[0], -1))  # start the OCR worker
            while not any("J'ai lu" in s.text for s in request.sent):
                await asyncio.sleep(0.05)
            idle = await _round(asker, 300)
            busy: list[float] = []
            started = time.perf_counter()
            for r in range(rounds):
                done_before = sum("J'ai lu" in s.text for s in request.sent)
                for n, jpeg in enumerate(jpegs):
                    await reader.send_content(**_photo(reader, jpeg, r * photos + n))
                while sum("J'ai lu" in s.text for s in request.sent) < done_before + photos:
                    busy += await _round(asker, 10)
            seconds = time.perf_counter() - started
    print(f"text path while {photos} photos are read ({rounds} rounds, {seconds:.1f} s):")
    _report("idle", idle, sum(idle))
    _report("during recognition", busy, sum(busy))
    print("target: p99 ≤ 50 ms during recognition")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument(
        "--photos",
        type=int,
        default=0,
        help="instead: text latency while this many photos are read (e.g. 4)",
    )
    args = parser.parse_args()
    if args.photos:
        asyncio.run(during_recognition(args.rounds, args.photos))
    else:
        asyncio.run(main(args.rounds, args.messages))
