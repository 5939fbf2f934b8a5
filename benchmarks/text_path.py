"""The text path's speed: language + intent + storage + reply, through Application.process_update.

Side by side, in the same run and on the same offline Bot API, with a bare python-telegram-bot echo
handler: rounds alternate so both see the same machine load. Prints throughput and latencies.

    python -m benchmarks.text_path [--rounds 5] [--messages 400]
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

from bot.app import OFFLINE_TOKEN, build_application
from bot.offline import OfflineChat, OfflineRequest
from bot.settings import Settings

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


async def _round(chat: OfflineChat, count: int) -> list[float]:
    latencies = []
    for n in range(count):
        text = MESSAGES[n % len(MESSAGES)]
        start = time.perf_counter()
        await chat.send(text)
        latencies.append(time.perf_counter() - start)
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
        ours_request, echo_request = OfflineRequest(), OfflineRequest()
        ours = build_application(Settings(data_dir=Path(tmp)), request=ours_request)
        echo = echo_application(echo_request)
        async with ours, echo:
            ours_chat = OfflineChat(ours, ours_request, user_id=1)
            [welcome] = await ours_chat.send("/start")
            [consent] = await ours_chat.press(welcome, "lang:fr")
            await ours_chat.press(consent, "consent:yes")  # a consented adherent: storage in play
            echo_chat = OfflineChat(echo, echo_request, user_id=1)
            await _round(ours_chat, 50)  # warm both up
            await _round(echo_chat, 50)
            times: dict[str, list[float]] = {"assistant": [], "echo": []}
            seconds = {"assistant": 0.0, "echo": 0.0}
            for _ in range(rounds):
                for name, chat in (("assistant", ours_chat), ("echo", echo_chat)):
                    ours_request.sent.clear()
                    echo_request.sent.clear()
                    start = time.perf_counter()
                    times[name] += await _round(chat, messages)
                    seconds[name] += time.perf_counter() - start
    print(f"{rounds} rounds × {messages} text messages, alternating, offline Bot API, one process")
    ours_tp = _report("assistant (text path)", times["assistant"], seconds["assistant"])
    echo_tp = _report("bare PTB echo", times["echo"], seconds["echo"])
    print(f"throughput ratio assistant / echo: {ours_tp / echo_tp:.2f} (target ≥ 0.5)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--messages", type=int, default=400)
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.messages))
