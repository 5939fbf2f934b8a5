"""A process pool that keeps one tesseract engine per worker, and an asyncio helper."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.recognition.ocr import OcrEngine, Recognition, recognize_image

logger = logging.getLogger(__name__)

_engine: OcrEngine | None = None


def init_worker() -> None:
    """Worker initializer: one thread for tesseract/OpenCV and ONE engine, reused."""
    global _engine
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import cv2

    cv2.setNumThreads(1)
    _engine = OcrEngine()
    logger.debug("recognition worker %d ready", os.getpid())


def recognize_in_worker(data: bytes | Path) -> list[Recognition]:
    """Run in a worker: recognize every page with the worker's engine."""
    if _engine is None:
        init_worker()
    return recognize_image(data, engine=_engine)


def make_pool(workers: int = 1) -> ProcessPoolExecutor:
    """A pool of OCR workers (spawned, so no threads or event loop are forked)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
    )


async def recognize_pages_async(
    pool: ProcessPoolExecutor, path_or_bytes: bytes | Path
) -> list[Recognition]:
    """Recognize every page off the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, recognize_in_worker, path_or_bytes)


async def recognize_async(pool: ProcessPoolExecutor, path_or_bytes: bytes | Path) -> Recognition:
    """Recognize a photo (or a PDF's first page) off the event loop."""
    pages = await recognize_pages_async(pool, path_or_bytes)
    return pages[0]


@dataclass(frozen=True)
class Reading:
    """What one file gave: its pages, how many it has, or why it could not be read."""

    pages: list[Recognition]
    total_pages: int
    failure: str | None = None


class RecognitionService:
    """The OCR worker processes, started on first use (interim: no healing yet)."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    async def recognize(self, data: bytes) -> Reading:
        """Read every page of a file off the event loop."""
        if self._pool is None:
            self._pool = make_pool(self.workers)
        pages = await recognize_pages_async(self._pool, data)
        return Reading(pages, len(pages))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
