"""Recognition under hostile files: bounded decoding."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from PIL import Image

from bot.recognition.ocr import TooLarge, load_gray, page_count


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
