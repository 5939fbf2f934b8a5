"""The recognition service under faults and hostile files: real worker processes, real kills."""

from __future__ import annotations

import asyncio
import io
import json
import os
import random
import signal
import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.recognition import DocType, Fields, OcrEngine, Reading, Recognition, RecognitionService
from bot.recognition.cli import recognize_files, summary
from bot.recognition.ocr import TooLarge, load_gray, looks_like_noise, page_count, recognize_gray
from tests.synthetic_docs import degrade, make_photo, render_document

pytestmark = pytest.mark.slow  # its own processes, or real OCR on many pages

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.fixture(scope="module")
def service() -> Iterator[RecognitionService]:
    recognition = RecognitionService(1)
    yield recognition
    recognition.close()


def photo(doc_type: str = "certificat_medical", seed: int = 11) -> bytes:
    return make_photo(doc_type, seed).jpeg


def pdf(pages: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=150)
    return buffer.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of width x height white pixels in a few kB: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    row = b"\0" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def dense_page() -> Image.Image:
    """A page packed with words of no document type: tesseract takes minutes over it."""
    rng = random.Random(5)
    words = ("jardin", "maison", "soleil", "rivière", "nuage", "vélo", "fenêtre", "chemin")
    page = Image.new("RGB", (1700, 2200), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 15)
    for y in range(40, 2160, 19):
        draw.text((40, y), " ".join(rng.choice(words) for _ in range(24)), fill="black", font=font)
    return page


def memory_mb(pid: int) -> dict[str, int]:
    """Peak resident memory (VmHWM) and data (VmData) of a process, in MB."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return {key: int(fields[key].split()[0]) // 1024 for key in ("VmHWM", "VmData")}


def types(reading: Reading) -> list[DocType]:
    return [page.types[0] for page in reading.pages]


async def wait_reading(service: RecognitionService, task: asyncio.Future[Reading]) -> int:
    """The pid of the worker reading a page now (fails if the task ends first)."""
    while not (pids := service.worker_pids(reading=True)):
        assert not task.done(), task.result()
        await asyncio.sleep(0.005)
    return pids[0]


# --------------------------------------------------------------------------- decoding, in process


def _jpeg(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, 255).save(buffer, "JPEG")
    return buffer.getvalue()


def test_phone_photos_and_scans_pass_the_pixel_cap() -> None:
    assert load_gray(_jpeg((4000, 3000))).shape == (3000, 4000)  # 12 MP
    buffer = io.BytesIO()
    Image.new("RGB", (1654, 2339), "white").save(buffer, "PNG")  # A4 at 200 dpi
    assert load_gray(buffer.getvalue()).shape == (2339, 1654)
    assert load_gray(_jpeg((8000, 6000))).shape == (3000, 4000)  # 48 MP, decoded at half size


@pytest.mark.parametrize(("width", "height"), [(11000, 11000), (20000, 20000)])
def test_a_decompression_bomb_is_refused_from_its_header(width: int, height: int) -> None:
    bomb = png_bomb(width, height)
    assert len(bomb) < 100_000
    started = time.monotonic()
    assert page_count(bomb) == 1
    with pytest.raises(TooLarge):
        load_gray(bomb)
    assert time.monotonic() - started < 1


def test_random_pixels_are_refused_before_ocr() -> None:
    rng = np.random.default_rng(0)
    noise = Image.fromarray(rng.integers(0, 256, (2000, 2000, 3), dtype=np.uint8))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=90)
    gray = load_gray(buffer.getvalue())
    assert looks_like_noise(gray)
    assert not looks_like_noise(load_gray(photo()))
    engine = OcrEngine()
    try:
        started = time.monotonic()
        page = recognize_gray(gray, engine)
        seconds = time.monotonic() - started
    finally:
        engine.close()
    assert page.problem == "unreadable"
    assert seconds < 2  # tesseract took 22 s over it (140 s on a busy machine)


# --------------------------------------------------------------------------- dying workers


async def test_worker_killed_while_reading_is_replaced_and_its_page_read_again(
    service: RecognitionService,
) -> None:
    await service.recognize(b"start the worker")
    document = pdf([render_document(t, 4)[0] for t in ("facture", "devis")])
    task = asyncio.ensure_future(service.recognize(document))
    await asyncio.sleep(0.2)  # into the first page
    killed = await wait_reading(service, task)
    os.kill(killed, signal.SIGKILL)
    reading = await task
    assert reading.failure is None
    assert types(reading) == [DocType.FACTURE, DocType.DEVIS]
    assert killed not in service.worker_pids()
    after = await service.recognize(photo())
    assert after.failure is None and types(after) == [DocType.CERTIFICAT_MEDICAL]


async def test_worker_killed_while_idle_does_not_fail_the_next_document(
    service: RecognitionService,
) -> None:
    await service.recognize(b"start the worker")
    [idle] = service.worker_pids()
    os.kill(idle, signal.SIGKILL)
    reading = await service.recognize(photo("facture", 3))
    assert reading.failure is None and types(reading) == [DocType.FACTURE]
    assert idle not in service.worker_pids()


async def test_a_document_whose_worker_always_dies_is_reported(
    service: RecognitionService,
) -> None:
    task = asyncio.ensure_future(service.recognize(photo()))
    killed: set[int] = set()
    while not task.done():  # an OOM killer that picks whoever reads this document
        for pid in service.worker_pids(reading=True):
            os.kill(pid, signal.SIGKILL)
            killed.add(pid)
        await asyncio.sleep(0.005)
    reading = task.result()
    assert reading.failure == "worker_died" and reading.pages == []
    assert reading.total_pages in (0, 1)  # 1 when the worker had opened the photo
    assert len(killed) == 2  # read once, then once more by a new worker
    after = await service.recognize(photo("ordonnance", 2))
    assert after.failure is None and types(after) == [DocType.ORDONNANCE]


async def test_a_worker_killed_leaves_the_other_workers_documents_alone() -> None:
    recognition = RecognitionService(2)
    try:
        # Both workers started first: a page is read faster than a worker starts, so the first
        # could be done before the second worker reads.
        await asyncio.gather(*(recognition.recognize(photo("ordonnance", n)) for n in (5, 6)))
        first = asyncio.ensure_future(recognition.recognize(photo("facture", 3)))
        second = asyncio.ensure_future(recognition.recognize(photo("devis", 4)))
        while len(recognition.worker_pids(reading=True)) < 2:
            assert not (first.done() or second.done())
            await asyncio.sleep(0.005)
        os.kill(recognition.worker_pids(reading=True)[0], signal.SIGKILL)
        readings = await asyncio.gather(first, second)
    finally:
        recognition.close()
    assert [r.failure for r in readings] == [None, None]
    assert [types(r) for r in readings] == [[DocType.FACTURE], [DocType.DEVIS]]


# --------------------------------------------------------------------------- hostile files


@pytest.mark.parametrize(("width", "height"), [(11000, 11000), (20000, 20000)])
async def test_a_decompression_bomb_is_too_large_and_the_worker_unharmed(
    service: RecognitionService, width: int, height: int
) -> None:
    bomb = png_bomb(width, height)
    await service.recognize(b"start the worker")
    [worker] = service.worker_pids()
    started = time.monotonic()
    reading = await service.recognize(bomb)
    assert time.monotonic() - started < 2
    assert reading == Reading([], 1, "too_large")
    assert service.worker_pids() == [worker]  # refused, not out of memory: the worker stays
    assert all(mb < 300 for mb in memory_mb(worker).values())


async def test_a_page_beyond_the_memory_bound_is_too_large_and_the_worker_renewed() -> None:
    big = Image.new("L", (6000, 4500), 255)  # 27 MP: under the pixel cap, over 200 MB of work
    ImageDraw.Draw(big).rectangle((500, 500, 5500, 4000), outline=0, width=40)
    buffer = io.BytesIO()
    big.convert("RGB").save(buffer, "PNG", compress_level=1)
    recognition = RecognitionService(1, memory_mb=200)
    try:
        reading = await recognition.recognize(buffer.getvalue())
        after = await recognition.recognize(photo())
    finally:
        recognition.close()
    assert reading == Reading([], 1, "too_large")
    assert after.failure is None and types(after) == [DocType.CERTIFICAT_MEDICAL]


async def test_a_pdf_is_read_to_the_page_limit_and_its_length_said(
    service: RecognitionService,
) -> None:
    first, _ = render_document("certificat_medical", 4)
    blank = Image.new("RGB", (620, 877), "white")
    reading = await service.recognize(pdf([first] + [blank] * 29))
    assert reading.total_pages == 30 and reading.failure is None
    assert len(reading.pages) == 12
    assert reading.pages[0].types[0] is DocType.CERTIFICAT_MEDICAL
    assert all(page.problem is not None for page in reading.pages[1:])


async def test_a_stuck_page_is_cut_at_the_time_limit_and_the_next_document_read() -> None:
    limit = 3  # seconds: a certificate reads in well under one, the dense page in minutes
    recognition = RecognitionService(1, page_seconds=limit)
    try:
        await recognition.recognize(b"start the worker")
        [stuck] = recognition.worker_pids()
        started = time.monotonic()
        first, _ = render_document("certificat_medical", 4)
        reading = await recognition.recognize(pdf([first, dense_page()]))
        seconds = time.monotonic() - started
        after = await recognition.recognize(photo("facture", 3))
        workers = recognition.worker_pids()
    finally:
        recognition.close()
        recognition.close()
    assert reading.failure == "timeout" and reading.total_pages == 2
    assert types(reading) == [DocType.CERTIFICAT_MEDICAL]  # the page read before is kept
    assert seconds < limit + limit + 2  # the first page, the limit, the kill
    assert stuck not in workers
    assert after.failure is None and types(after) == [DocType.FACTURE]
    assert recognition.worker_pids() == []
    with pytest.raises(RuntimeError):
        await recognition.recognize(photo())


def _truncated_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(buffer, "PNG")
    return buffer.getvalue()[:300]


def _eps() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "white").save(buffer, "EPS")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "total"),
    [
        (b"", 0),
        (b"not an image at all", 0),
        (b"%PDF-1.7\n garbage that is no PDF", 0),
        (_eps(), 0),  # Ghostscript is never run on a file
        (_truncated_png(), 1),
    ],
    ids=["empty", "text", "bad-pdf", "eps", "truncated-png"],
)
async def test_what_is_no_image_is_undecodable(
    service: RecognitionService, data: bytes, total: int
) -> None:
    assert await service.recognize(data) == Reading([], total, "undecodable")


async def test_a_large_phone_photo_is_read(service: RecognitionService) -> None:
    page, _ = render_document("facture", 3)
    reading = await service.recognize(degrade(page, 3, long_side=4000, quality=85))
    assert reading.failure is None and types(reading) == [DocType.FACTURE]


# --------------------------------------------------------------------------- main.py recognize


def test_recognize_command_says_the_bounds(tmp_path: Path) -> None:
    blank = Image.new("RGB", (620, 877), "white")
    files = {"long.pdf": pdf([blank] * 14), "bomb.png": png_bomb(11000, 11000), "x.jpg": b"x"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out = io.StringIO()
    assert recognize_files([str(tmp_path / name) for name in files], as_json=True, out=out) == 0
    long, bomb, garbage = (json.loads(line) for line in out.getvalue().splitlines())
    assert (long["total_pages"], len(long["pages"]), long["failure"]) == (14, 12, None)
    assert (bomb["total_pages"], bomb["problem"], bomb["failure"]) == (1, "too_large", "too_large")
    assert (garbage["total_pages"], garbage["problem"]) == (0, "unreadable")
    assert garbage["failure"] == "undecodable" and garbage["types"] == ["unknown"]
    page = Recognition((DocType.FACTURE,), 0.9, Fields(), 300, None, 0.4)
    assert summary("a.pdf", Reading([page] * 12, 30)) == "a.pdf: facture (12 of 30 pages read)"
    assert (
        summary("b.pdf", Reading([page], 2, "timeout"))
        == "b.pdf: facture (timeout; 1 of 2 pages read)"
    )
    assert summary("c.png", Reading([], 1, "too_large")) == "c.png: unknown (too_large)"
