"""Recognition under hostile files: bounded decoding, noise refused before OCR."""

from __future__ import annotations

import io
import struct
import time
import zlib

import numpy as np
import pytest
from PIL import Image

from bot.recognition import OcrEngine
from bot.recognition.ocr import TooLarge, load_gray, looks_like_noise, page_count, recognize_gray
from tests.synthetic_docs import make_photo


def photo(doc_type: str = "certificat_medical", seed: int = 11) -> bytes:
    return make_photo(doc_type, seed).jpeg


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
