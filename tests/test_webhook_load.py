"""The webhook load benchmark's core at a tiny size: main.py as its own process, nothing lost."""

from __future__ import annotations

import asyncio

import pytest

from benchmarks.webhook_load import ALBUM_CHAT0, LoadConfig, run_load


@pytest.mark.load
async def test_a_tiny_load_through_the_webhook_loses_nothing() -> None:
    config = LoadConfig(
        people=5,
        messages=3,
        albums=1,
        album_size=2,
        photos=2,
        reply_timeout=15,
        album_timeout=40,
    )
    result = await asyncio.wait_for(run_load(config), 55)
    assert result.lost == 0
    assert result.people_done == {chat: 3 + 3 for chat in result.people_done}
    assert len(result.people_done) == 5
    [album] = result.albums
    assert album.chat_id == ALBUM_CHAT0 and album.final is not None
    assert "J'ai lu ces 2 documents" in album.final_text and album.status_messages == 1
    assert result.extra_answers == 0 and result.unanswered_presses == 0
    assert result.exit_code == 0
