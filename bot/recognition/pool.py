"""OCR worker processes: a service that heals and bounds them, and the plain pool helpers."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext, SpawnProcess
from pathlib import Path
from typing import Any

import cv2

from bot.recognition.doctypes import DocType
from bot.recognition.fields import Fields
from bot.recognition.ocr import (
    MAX_PDF_PAGES,
    PROBLEM_UNREADABLE,
    OcrEngine,
    Recognition,
    TooLarge,
    load_page,
    page_count,
    recognize_gray,
    recognize_image,
)

logger = logging.getLogger(__name__)

FAILURE_TOO_LARGE = "too_large"
FAILURE_UNDECODABLE = "undecodable"
FAILURE_TIMEOUT = "timeout"
FAILURE_WORKER_DIED = "worker_died"

# A page takes 0.5 s (median) to 3.5 s (slowest seen) on one core; 15 s is a stuck page.
PAGE_SECONDS = 15.0
# Data (heap and private mappings) of one worker: 84 MB once started; the smallest limit under
# which a page still reads is 125 MB for a 1280-px photo, 150 MB for a 12 MP one, 250 MB for an
# RGB image at the pixel cap (30 MP).
MEMORY_MB = 300
# Starting a worker (imports, tesseract's French and Arabic models) on a busy machine.
START_SECONDS = 120.0
# Larger files are refused unread (Telegram lets a bot download 20 MB).
MAX_FILE_BYTES = 50 << 20

_engine: OcrEngine | None = None


@dataclass(frozen=True)
class Reading:
    """What a document gave: the pages read, how many it has, and why reading stopped early."""

    pages: list[Recognition]  # the pages read, in order (those before a failure are kept)
    total_pages: int  # pages in the file: a PDF's page count, 1 for an image, 0 if unknown
    # None, or "too_large" (beyond the pixel cap or the worker's memory bound), "undecodable"
    # (not an image or PDF that opens), "timeout" (a page took longer than the time limit),
    # "worker_died" (the worker died on it twice).
    failure: str | None = None


def limit_memory(memory_mb: int) -> None:
    """Bound this process's data (heap, private mappings) at memory_mb: MemoryError beyond it."""
    # RLIMIT_DATA, not RLIMIT_AS: a worker maps 365 MB of address space (libraries, tesseract
    # models) before reading anything, while its data stays at 84 MB.
    limit = memory_mb << 20
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def init_worker(memory_mb: int | None = None) -> None:
    """Worker initializer: one thread for tesseract/OpenCV, memory bounded, ONE engine, reused."""
    global _engine
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if memory_mb is not None:
        limit_memory(memory_mb)
    import cv2

    cv2.setNumThreads(1)
    _engine = OcrEngine()
    logger.debug("recognition worker %d ready", os.getpid())


# --------------------------------------------------------------------------- worker side


def _out_of_memory(exc: BaseException) -> bool:
    """A MemoryError, or OpenCV failing to allocate under the memory bound."""
    return isinstance(exc, MemoryError) or (
        isinstance(exc, cv2.error) and "Insufficient memory" in str(exc)
    )


def _read_page(conn: Connection, data: bytes, index: int, engine: OcrEngine) -> bool:
    """Answer ("total", n) once the document opens, then the page or why not; True: stop now."""
    # The final message is ("page", Recognition) or ("failed", failure, stopping). A worker that
    # ran out of memory stops after saying so: its heap is not to be trusted.
    try:
        total = page_count(data)
    except Exception as exc:
        oom = _out_of_memory(exc)
        conn.send(("failed", FAILURE_TOO_LARGE if oom else FAILURE_UNDECODABLE, oom))
        return oom
    conn.send(("total", total))
    if index >= total:
        conn.send(("failed", FAILURE_UNDECODABLE, False))
        return False
    try:
        gray, saturation = load_page(data, index)
    except TooLarge as exc:
        logger.info("page %d refused: %s", index + 1, exc)
        conn.send(("failed", FAILURE_TOO_LARGE, False))
        return False
    except Exception as exc:
        logger.info("page %d cannot be decoded: %s", index + 1, type(exc).__name__)
        oom = _out_of_memory(exc)
        conn.send(("failed", FAILURE_TOO_LARGE if oom else FAILURE_UNDECODABLE, oom))
        return oom
    try:
        page = recognize_gray(gray, engine, saturation)
    except Exception as exc:
        del gray, saturation
        if _out_of_memory(exc):
            logger.info("page %d needs more than the worker's memory", index + 1)
            conn.send(("failed", FAILURE_TOO_LARGE, True))
            return True
        logger.exception("page %d could not be read", index + 1)
        page = Recognition((DocType.UNKNOWN,), 0.0, Fields(), 0, PROBLEM_UNREADABLE, 0.0)
    conn.send(("page", page))
    return False


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """A worker must not outlive the bot (kill -9 of the bot left workers of 160 MB behind):
    Linux kills it when its parent dies; elsewhere, a thread watches the parent's pid."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # died before the call took effect
                os._exit(0)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _log_level() -> str:
    """The level our own loggers run at in this process, for a worker to use too."""
    return logging.getLevelName(logging.getLogger("bot").getEffectiveLevel())


def worker_main(conn: Connection, memory_mb: int, log_level: str = "WARNING") -> None:
    """A worker process: bound its memory, load one engine, then read pages until told to stop."""
    die_with_parent()
    from bot.logs import configure_logging

    configure_logging(log_level)  # a spawned process starts with no logging set up: the same
    # levels and privacy filter as the bot's
    # Ctrl-C in a terminal reaches the whole process group: the parent stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(memory_mb)
    assert _engine is not None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return  # the parent is gone
        except MemoryError:
            conn.send(("failed", FAILURE_TOO_LARGE, True))
            return
        if job is None:
            return
        data, index = job
        del job
        stop = _read_page(conn, data, index, _engine)
        del data  # nothing of a document stays in an idle worker
        if stop:
            return


# --------------------------------------------------------------------------- parent side


@dataclass
class _Answer:
    """How one page went: "page", "failed", "timeout" or "died"."""

    kind: str
    total: int | None = None
    page: Recognition | None = None
    failure: str | None = None
    stopping: bool = False  # the worker stops after this answer


class _Worker:
    """One worker process and the parent's end of its pipe (used by one thread at a time)."""

    def __init__(self, context: SpawnContext, memory_mb: int) -> None:
        self._conn, child = context.Pipe()
        self.process: SpawnProcess = context.Process(
            target=worker_main,
            args=(child, memory_mb, _log_level()),
            name="recognition-worker",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.ready = False
        self.busy = False  # taken by a reader (starting or reading)
        self.reading = False  # a page sent, its answer not yet back

    @property
    def pid(self) -> int:
        """The worker's process id."""
        return self.process.pid or 0

    @property
    def exitcode(self) -> int | None:
        """How the process ended (-9: killed), None while it runs."""
        return self.process.exitcode

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.is_alive()

    def wait_ready(self, seconds: float) -> bool:
        """Wait for the worker's engine to load; False if it died or took longer than seconds."""
        if self.ready:
            return True
        if self._conn in wait([self._conn, self.process.sentinel], seconds):
            try:
                self.ready = self._conn.recv()[0] == "ready"
            except (EOFError, OSError):
                self.ready = False
        return self.ready

    def ask(self, data: bytes, index: int, seconds: float) -> _Answer:
        """Have page ``index`` of the document read, within seconds."""
        self.reading = True
        try:
            return self._ask(data, index, time.monotonic() + seconds)
        finally:
            self.reading = False

    def _ask(self, data: bytes, index: int, deadline: float) -> _Answer:
        # The whole file goes with each page (a copy through a pipe: milliseconds).
        try:
            self._conn.send((data, index))
        except OSError:  # BrokenPipeError: it died while idle
            return _Answer("died")
        total: int | None = None
        while True:
            left = max(0.0, deadline - time.monotonic())
            ready = wait([self._conn, self.process.sentinel], left)
            if self._conn in ready:
                try:
                    message: tuple[Any, ...] = self._conn.recv()
                except (EOFError, OSError):
                    return _Answer("died", total)
                if message[0] == "total":
                    total = message[1]
                    continue
                if message[0] == "page":
                    return _Answer("page", total, page=message[1])
                return _Answer("failed", total, failure=message[1], stopping=message[2])
            return _Answer("died" if ready else "timeout", total)

    def stop(self) -> None:
        """Ask an idle worker to stop; kill it if it does not."""
        with contextlib.suppress(OSError):
            self._conn.send(None)
        self.process.join(2)
        self.kill()

    def kill(self) -> None:
        """Kill the process (if it still runs), reap it and close the pipe."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self._conn.close()


class RecognitionService:
    """OCR workers: started on first use, healed when one dies, bounded in time and memory."""

    def __init__(
        self,
        workers: int = 1,
        *,
        page_seconds: float = PAGE_SECONDS,
        memory_mb: int = MEMORY_MB,
        max_pages: int = MAX_PDF_PAGES,
        start_seconds: float = START_SECONDS,
    ) -> None:
        if workers < 1 or max_pages < 1:
            raise ValueError("a recognition service needs a worker and a page")
        self._size = workers
        self._page_seconds = page_seconds
        self._memory_mb = memory_mb
        self._max_pages = max_pages
        self._start_seconds = start_seconds
        self._context = multiprocessing.get_context("spawn")
        self._changed = threading.Condition()
        self._workers: list[_Worker] = []  # alive or starting, idle or busy
        self._closed = False
        self._threads: ThreadPoolExecutor | None = None

    async def recognize(self, data: bytes) -> Reading:
        """Read a photo or PDF off the event loop; never raises for a bad file or a dead worker."""
        with self._changed:
            if self._closed:
                raise RuntimeError("the recognition service is closed")
            if self._threads is None:
                self._threads = ThreadPoolExecutor(
                    max_workers=4 * self._size + 4, thread_name_prefix="recognition"
                )
            threads = self._threads
        return await asyncio.get_running_loop().run_in_executor(threads, self._read, data)

    def read(self, data: bytes) -> Reading:
        """Read a photo or PDF in the workers, blocking (for scripts; recognize for the bot)."""
        if self._closed:
            raise RuntimeError("the recognition service is closed")
        return self._read(data)

    def _read(self, data: bytes) -> Reading:
        """Page by page, a page whose worker died read once more by a new one."""
        if len(data) > MAX_FILE_BYTES:
            return Reading([], 0, FAILURE_TOO_LARGE)
        pages: list[Recognition] = []
        total = 0
        retried = False
        while True:
            answer = self._ask(data, len(pages))
            if answer.total is not None:
                total = answer.total
            if answer.kind == "died":
                if retried or self._closed:
                    return Reading(pages, total, FAILURE_WORKER_DIED)
                logger.warning("page %d read again by another worker", len(pages) + 1)
                retried = True
                continue
            if answer.kind == "timeout":
                return Reading(pages, total, FAILURE_TIMEOUT)
            if answer.page is None:
                return Reading(pages, total, answer.failure)
            pages.append(answer.page)
            if len(pages) >= min(total, self._max_pages):
                return Reading(pages, total)

    def worker_pids(self, *, reading: bool = False) -> list[int]:
        """Process ids of the live workers (with reading=True, of those reading a page now)."""
        with self._changed:
            return [w.pid for w in self._workers if w.alive() and (w.reading or not reading)]

    def close(self) -> None:
        """Stop the workers (a page being read is abandoned); idempotent."""
        with self._changed:
            if self._closed:
                return
            self._closed = True
            idle = [w for w in self._workers if not w.busy]
            busy = [w for w in self._workers if w.busy]
            self._workers = busy
            self._changed.notify_all()
            threads, self._threads = self._threads, None
        for worker in busy:
            worker.process.kill()  # its reader sees it die and puts it away
        for worker in idle:
            worker.stop()
        if threads is not None:
            threads.shutdown(wait=False)  # reads still queued find no worker: "worker_died"

    def _ask(self, data: bytes, index: int) -> _Answer:
        """Page ``index`` read by a free worker (started if need be), the worker put back."""
        worker = self._checkout()
        if worker is None:
            return _Answer("died")
        answer = _Answer("died")
        try:
            if worker.wait_ready(self._start_seconds):
                answer = worker.ask(data, index, self._page_seconds)
        finally:
            healthy = answer.kind in ("page", "failed") and not answer.stopping
            self._checkin(worker, healthy and worker.alive())
        if answer.kind == "timeout":
            logger.warning(
                "page %d took longer than %g s: worker %d killed",
                index + 1,
                self._page_seconds,
                worker.pid,
            )
        elif answer.kind == "died" and not self._closed:
            state = "did not start" if not worker.ready else "died"
            logger.warning(
                "recognition worker %d %s (exit code %s)", worker.pid, state, worker.exitcode
            )
        return answer

    def _checkout(self) -> _Worker | None:
        """An idle live worker, or a new one while under the count, else wait; None if closed."""
        with self._changed:
            while not self._closed:
                for worker in list(self._workers):
                    if worker.busy:
                        continue
                    if worker.alive():
                        worker.busy = True
                        return worker
                    logger.warning("recognition worker %d died while idle", worker.pid)
                    self._workers.remove(worker)
                    worker.kill()
                if len(self._workers) < self._size:
                    worker = _Worker(self._context, self._memory_mb)
                    worker.busy = True
                    self._workers.append(worker)
                    return worker
                self._changed.wait()
        return None

    def _checkin(self, worker: _Worker, healthy: bool) -> None:
        """Put a worker back, or kill and forget it (a new one starts when next needed)."""
        if not healthy:
            worker.kill()
        with self._changed:
            worker.busy = False
            if not healthy and worker in self._workers:
                self._workers.remove(worker)
            stop = self._closed and worker in self._workers
            if stop:
                self._workers.remove(worker)
            self._changed.notify()
        if stop:
            worker.stop()


# --------------------------------------------------------------------------- plain pool


def recognize_in_worker(data: bytes | Path) -> list[Recognition]:
    """Run in a worker: recognize every page with the worker's engine."""
    if _engine is None:
        init_worker()
    return recognize_image(data, engine=_engine)


def make_pool(workers: int = 1) -> ProcessPoolExecutor:
    """A plain pool of OCR workers (spawned, memory bounded): one dead worker breaks it."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(MEMORY_MB,),
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
