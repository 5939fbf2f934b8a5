"""Fixtures: the real Application on an offline Bot API, a real SQLite file, real catalogs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.offline import OfflineChat, OfflineRequest, running
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def run_main(
    *args: str,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python main.py ARGS` as a user runs it, from the repository root, output captured."""
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        input=input,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", album_wait=0.3, retry_backoff=0.01)


@pytest.fixture
def request_() -> OfflineRequest:
    return OfflineRequest()


@pytest.fixture
async def app(settings: Settings, request_: OfflineRequest) -> AsyncIterator[Any]:
    application = build_application(settings, request=request_)
    async with running(application):
        yield application


@pytest.fixture
def make_chat(app: Any, request_: OfflineRequest) -> Callable[..., OfflineChat]:
    def make(**kwargs: Any) -> OfflineChat:
        return OfflineChat(app, request_, **kwargs)

    return make


@pytest.fixture
def chat(make_chat: Callable[..., OfflineChat]) -> OfflineChat:
    return make_chat()


async def onboard(chat: OfflineChat, lang: str = "fr", *, consent: bool = True) -> None:
    """/start → a language → consent (or not)."""
    [welcome] = await chat.send("/start")
    [consent_message] = await chat.press(welcome, f"lang:{lang}")
    await chat.press(consent_message, f"consent:{'yes' if consent else 'no'}:{lang}")
