"""Offline OCR of claim-paper photos: loading, quality check, sheet flattening, tesseract."""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import os
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Tesseract builds with OpenMP otherwise start one thread per core for each page.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# The OpenBLAS in numpy and in OpenCV reserves buffers for one thread per core when loaded
# (VmData 260 MB instead of 84 MB for an OCR worker on 2 cores); nothing here does heavy algebra.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import ExifTags, Image, ImageOps, JpegImagePlugin

from bot.recognition.doctypes import DocType, classify_text, score_text
from bot.recognition.fields import Fields, extract_fields
from bot.text import plain

logger = logging.getLogger(__name__)

TESSDATA = "/usr/share/tesseract-ocr/5/tessdata/"
LANG = "fra+ara"
# The claim papers are printed in French (the MUPRAS form in both languages): a page is read in
# French alone first, twice as fast as with Arabic's model beside it; a page that French alone
# leaves untyped or weakly typed is read again with both (a paper printed only in Arabic).
QUICK_LANG = "fra"
DEFAULT_PSM = 3
# Tesseract's orientation detection (tesseract-ocr-osd): a turn it is this sure of is undone.
OSD_MIN_CONFIDENCE = 1.5
FALLBACK_PSM = 6
# Last resort for a page no block mode could type: sparse text, no layout.
SPARSE_PSM = 11
# Long side of the flattened sheet handed to tesseract (px).
OCR_LONG_SIDE = 1800
MIN_SIDE = 360
MIN_LONG_SIDE = 600
BLUR_THRESHOLD = 12.0
# Below the blur threshold down to this a photo is still read; it is refused only without a clear
# type. (A page mostly blank measures as blurred as a sharp one with text: the measure is global.)
BORDERLINE_BLUR = 0.6 * BLUR_THRESHOLD
# Long side a borderline-blurred photo's sheet is read at (px).
BLURRED_LONG_SIDE = 1200
MIN_TEXT_CHARS = 25
# A figure (a word with a digit) tesseract reads below this confidence (0-100) is not given as a
# field. On two development batches of phone photos (normal and hard), reported fields that were
# wrong: 10 at 0 (no floor), 4 at 30, 3 at 45, 3 at 60; fields right: 149, 148, 145, 138.
FIELD_MIN_CONFIDENCE = 45
# Neighbouring pixels of a photo or scan of a page are alike (correlation 0.73-1.0 over the
# synthetic sets at 1000 px, either direction); random pixels are not (about 0, 0.1 resampled),
# and tesseract takes minutes to find nothing in them.
NOISE_CORRELATION = 0.3
# A found sheet longer than this ratio (long/short side) is not a page (a table, a strip).
MAX_PAGE_RATIO = 2.0
# Below this share of the photo a found sheet is checked for being an inner box of the page.
SMALL_SHEET = 0.45
# A sheet photographed at an angle is a mild trapezoid: opposite sides at least this alike, its
# corners within this many degrees of square. A sheet running off the photo approximated by a
# quad, or a fold's edge taken for the sheet's, is worse; warped, it reads as nothing.
MIN_SIDE_LIKENESS = 0.7
MAX_CORNER_SKEW = 25.0
# Medicine stickers: at most this many barcodes re-read, enlarged this much.
MAX_STICKERS = 4
STICKER_ZOOM = 2.5
# A sticker is about this share of the page wide; barcodes are looked for at this size.
STICKER_WIDTH = 0.28
BARCODE_SCAN_SIDE = 900
# A sticker's barcode spans most of the sticker: this share of STICKER_WIDTH.
BARCODE_SHARE = 0.8
# Below this best type score the first read is weak (blur, tables): one psm-6 read may do better.
WEAK_SCORE = 6.0
# A read shorter than MIN_TEXT_CHARS still counts when its best type scores at least this.
STRONG_SCORE = 3.0
MAX_PDF_PAGES = 12
PDF_DPI = 200
# Long side of a rendered PDF page whatever its paper size (px).
PDF_LONG_SIDE = 2500
# Largest image decoded, judged from its header before decoding (a decompression bomb is a few kB
# declaring 11000x11000 px): a 12 MP phone photo and a 200-dpi A4 scan (3.9 MP) pass. A larger
# JPEG is decoded at 1/2, 1/4 or 1/8 scale when that brings it under the cap (a 48 MP photo). At
# the cap an RGB photo needs 250 MB of data in a worker (a 40 MP one, 300 MB: its whole bound).
MAX_PIXELS = 30_000_000
# What phones, scanners and screenshots make (a JPEG may open as MPO); no other decoder is tried
# (EPS would run Ghostscript).
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF")

Gray = NDArray[np.uint8]

# Colour is kept only as a small map of saturation (HSV S, 0-255) beside the grey page: paper is
# grey, a tablecloth, a wooden table or a face is not. Long side of that map (px).
COLOUR_SIDE = 600
# Paper on the colour map: saturation below this, grey above PAPER_MIN_GREY (a shadow keeps it).
PAPER_MAX_SATURATION = 40
PAPER_MIN_GREY = 70
# An X-ray film, its print or its light box is grey; a face or a room lit enough to see is
# coloured: saturation at least this over most of the photo's middle (a tablecloth around a
# print is not there): no film, and a picture rather than a blurred paper.
FILM_MAX_SATURATION = 70

PROBLEM_TOO_SMALL = "too_small"
PROBLEM_TOO_BLURRY = "too_blurry"
PROBLEM_UNREADABLE = "unreadable"
PROBLEM_TOO_LARGE = "too_large"
PROBLEM_TOO_DARK = "too_dark"  # almost black: the light, not the paper (an X-ray has bright parts)
PROBLEM_BLANK = "blank"  # an even page with nothing on it
PROBLEM_NO_TEXT = "no_text"  # sharp, but no writing: not a claim paper (a face, a room…)
PROBLEM_NOT_A_PAPER = "not_a_paper"  # writing, but not on a page (a phone's screen, a till roll)
# A page is at most about 1.4 times as long as wide and a phone photo 16:9 (1.78); a frame longer
# than this is a phone's screen captured (18:9 to 20:9) or a till receipt's strip.
SCREEN_RATIO = 1.95
# An X-ray's film printed on a page: darker than this grey, at least this share of the photo,
# its brightest structure (the 99th percentile) at least FILM_BRIGHT.
FILM_FIELD_GREY = 90
FILM_FIELD_SHARE = 0.08
FILM_BRIGHT = 140
DARK_TOP = 70  # the 99th percentile of a too dark photo stays below this grey
BLANK_SPREAD = 8.0  # the grey levels of a blank page hardly vary


def normalize_text(text: str) -> str:
    """Drop bidi marks, fold Arabic letter variants and digits, tidy whitespace."""
    return "\n".join(line for line in plain(text).splitlines() if line)


# --------------------------------------------------------------------------- loading


class TooLarge(ValueError):
    """The image is beyond the pixel cap (a decompression bomb, or too big to read)."""


def is_pdf(data: bytes) -> bool:
    """True when the bytes are a PDF (possibly after leading whitespace)."""
    return data[:1024].lstrip()[:5] == b"%PDF-"


def _image_formats() -> list[str]:
    """The IMAGE_FORMATS this Pillow can open (WebP is optional in some builds)."""
    Image.init()
    return [name for name in IMAGE_FORMATS if name in Image.OPEN]


def open_image(data: bytes) -> Image.Image:
    """Open an image lazily (header only); TooLarge when it would decode beyond the pixel cap."""
    with warnings.catch_warnings():
        # Pillow warns above 89 MP and refuses above 179 MP; the cap below is ours.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=_image_formats())
        except Image.DecompressionBombError as exc:
            raise TooLarge(str(exc)) from exc
    width, height = image.size
    if width * height > MAX_PIXELS and isinstance(image, JpegImagePlugin.JpegImageFile):
        # libjpeg decodes at 1/k scale directly, without the full-size raster.
        k = next((k for k in (2, 4, 8) if (width // k) * (height // k) <= MAX_PIXELS), 8)
        image.draft(image.mode, (width // k, height // k))
    if image.size[0] * image.size[1] > MAX_PIXELS:
        image.close()
        raise TooLarge(f"{width}x{height} px is beyond {MAX_PIXELS} px")
    return image


def page_count(data: bytes) -> int:
    """Pages in the document: a PDF's page count, 1 for an image; raises if it cannot be opened."""
    if is_pdf(data):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            return len(pdf)
        finally:
            pdf.close()
    # A decompression bomb is an image all the same; load_gray says it is too large.
    with warnings.catch_warnings(), contextlib.suppress(Image.DecompressionBombError):
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        Image.open(io.BytesIO(data), formats=_image_formats()).close()
    return 1


# EXIF orientation → the transpose that puts the picture upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Modes whose direct conversion to L gives the values of a conversion through RGB.
_DIRECT_TO_L = frozenset({"1", "CMYK", "F", "I", "I;16", "L", "LA", "P", "RGB", "RGBA"})


def _saturation(image: Image.Image) -> Gray | None:
    """The colour saturation of an RGB-like image at COLOUR_SIDE (None for a grey image)."""
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return None
    width, height = image.size
    scale = min(1.0, COLOUR_SIDE / max(width, height))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)  # no full-size copy
    if small.mode != "RGB":
        small = small.convert("RGB")
    return np.ascontiguousarray(np.asarray(small.convert("HSV"), dtype=np.uint8)[..., 1])


def _image_gray(image: Image.Image) -> tuple[Gray, Gray | None]:
    """Decode an opened image to upright grey and its saturation map, the full-size colour
    raster freed early."""
    image.load()  # first: a PNG's EXIF may come after its pixels
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    if image.mode not in _DIRECT_TO_L:
        rgb = image.convert("RGB")
        image.close()
        image = rgb
    saturation = _saturation(image)
    grey = image.convert("L")
    image.close()
    method = _UPRIGHT.get(orientation)
    if method is not None:
        grey = grey.transpose(method)
        if saturation is not None:
            turned = Image.fromarray(saturation).transpose(method)
            saturation = np.asarray(turned, dtype=np.uint8)
    return np.asarray(grey, dtype=np.uint8), saturation


def _render_pdf_page(pdf: Any, index: int) -> Image.Image:
    """Render one page of an open PDF (a bounded raster, whatever the paper size) to RGB."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = min(PDF_DPI / 72, PDF_LONG_SIDE / max(width, height, 1))
        bitmap = page.render(scale=scale)
        try:
            return bitmap.to_pil().convert("RGB")  # type: ignore[no-any-return]
        finally:
            bitmap.close()
    finally:
        page.close()


def load_page(data: bytes, index: int = 0) -> tuple[Gray, Gray | None]:
    """Page ``index`` of a PDF, or the image (index 0), as upright grey, and its saturation map
    (None when the page has no colour); TooLarge past the cap."""
    if is_pdf(data):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            rendered = _render_pdf_page(pdf, index)
        finally:
            pdf.close()
        return to_gray(rendered), _saturation(rendered)
    if index != 0:
        raise IndexError(f"an image has no page {index}")
    return _image_gray(open_image(data))


def load_gray(data: bytes, index: int = 0) -> Gray:
    """Page ``index`` of a PDF, or the image (index 0), as upright grey; TooLarge past the cap."""
    return load_page(data, index)[0]


def load_pages(image: bytes | Path, *, max_pages: int = MAX_PDF_PAGES) -> list[Image.Image]:
    """Decode an image (EXIF-rotated) or render each page of a PDF; RGB PIL images."""
    data = image.read_bytes() if isinstance(image, Path) else image
    if is_pdf(data):
        return _pdf_pages(data, max_pages)
    with open_image(data) as im:
        im.load()
        oriented = ImageOps.exif_transpose(im)
        return [oriented.convert("RGB")]


def _pdf_pages(data: bytes, max_pages: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [_render_pdf_page(pdf, index) for index in range(min(len(pdf), max_pages))]
    finally:
        pdf.close()


# --------------------------------------------------------------------------- quality


def to_gray(image: Image.Image) -> Gray:
    """RGB PIL image to an 8-bit grayscale array."""
    return np.asarray(image.convert("L"), dtype=np.uint8)


def _downscale(gray: Gray, long_side: int) -> tuple[Gray, float]:
    h, w = gray.shape
    scale = long_side / max(h, w)
    if scale >= 1:
        return gray, 1.0
    small = cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    return np.asarray(small, dtype=np.uint8), scale


def sharpness(gray: Gray) -> float:
    """Laplacian variance at 1000 px, pixel noise smoothed first (higher is sharper)."""
    small, _ = _downscale(gray, 1000)
    smooth = cv2.GaussianBlur(small, (3, 3), 0)
    return float(cv2.Laplacian(smooth, cv2.CV_64F).var())


def _colourful(gray: Gray, saturation: Gray | None) -> bool:
    """True when most of the lit part of the photo's middle third (a face, what a photo is
    taken of) is coloured (FILM_MAX_SATURATION)."""
    if saturation is None:
        return False
    h, w = saturation.shape
    grey = cv2.resize(gray, (w, h), interpolation=cv2.INTER_AREA)
    centre = (slice(h // 3, h - h // 3), slice(w // 3, w - w // 3))
    lit = saturation[centre][grey[centre] > 40]
    return lit.size > 0 and float(np.median(lit)) >= FILM_MAX_SATURATION


def is_dark_film(gray: Gray, saturation: Gray | None = None) -> bool:
    """True for an X-ray film: mostly dark, with few paper-white pixels, and grey."""
    if _colourful(gray, saturation):
        return False
    small, _ = _downscale(gray, 400)
    h, w = small.shape
    centre = small[h // 8 : h - h // 8, w // 8 : w - w // 8]
    median = float(np.median(centre))
    bright = float((centre > 200).mean())
    if median < 80 and bright < 0.25:
        return True
    # Large bright bones on a film: still dark overall, and smooth (no print).
    return median < 115 and bright < 0.35 and sharpness(gray) < 30


def film_on_page(gray: Gray) -> bool:
    """True when an X-ray's film is printed on the page: a dark, nearly rectangular field
    (FILM_FIELD_SHARE of the photo at least) with bright structure in it (bone, teeth), that does
    not touch the photo's edge (a dark table, a room or a dark photo does)."""
    small, _ = _downscale(gray, 400)
    h, w = small.shape
    dark = (cv2.GaussianBlur(small, (5, 5), 0) < FILM_FIELD_GREY).astype(np.uint8)
    closed = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(np.asarray(closed, dtype=np.uint8))
    for label in range(1, count):
        x, y, bw, bh, area = stats[label]
        if x == 0 or y == 0 or x + bw >= w or y + bh >= h or bw * bh < FILM_FIELD_SHARE * h * w:
            continue
        # The film's outline: its bright structure makes holes and notches in the dark.
        outline = cv2.findContours(
            (labels == label).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
        )[0]
        hull = cv2.contourArea(cv2.convexHull(np.concatenate(outline)))
        if hull < FILM_FIELD_SHARE * h * w or hull < 0.75 * bw * bh or area < 0.4 * hull:
            continue
        if float(np.percentile(small[y : y + bh, x : x + bw], 99)) >= FILM_BRIGHT:
            return True
    return False


def _correlation(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    a = a - a.mean()
    b = b - b.mean()
    spread = float(np.sqrt((a * a).mean() * (b * b).mean()))
    return float((a * b).mean()) / spread if spread > 1e-6 else 1.0


def pixel_correlation(gray: Gray) -> float:
    """How alike neighbouring pixels are at 1000 px, across or down (1 for a flat image)."""
    small = _downscale(gray, 1000)[0].astype(np.float32)
    across = _correlation(small[:, 1:], small[:, :-1])
    down = _correlation(small[1:, :], small[:-1, :])
    return max(across, down)


def looks_like_noise(gray: Gray) -> bool:
    """True for random pixels: no structure a page, a photo or a film would have."""
    return pixel_correlation(gray) < NOISE_CORRELATION


def quality_problem(gray: Gray, saturation: Gray | None = None) -> str | None:
    """What keeps a photo from being read — too small, too dark, blank, too blurry — else None.

    A smooth photo whose centre is mostly coloured is a picture (a face, a room), not a paper
    photographed out of focus: it is said to have no writing rather than to be blurred."""
    h, w = gray.shape
    if min(h, w) < MIN_SIDE or max(h, w) < MIN_LONG_SIDE:
        return PROBLEM_TOO_SMALL
    small = _downscale(gray, 400)[0]
    if float(np.percentile(small, 99)) < DARK_TOP:
        return PROBLEM_TOO_DARK
    if float(small.std()) < BLANK_SPREAD and float(np.median(small)) > 150:
        return PROBLEM_BLANK
    if not is_dark_film(gray, saturation) and sharpness(gray) < BLUR_THRESHOLD:
        return PROBLEM_NO_TEXT if _colourful(gray, saturation) else PROBLEM_TOO_BLURRY
    return None


# --------------------------------------------------------------------------- preprocessing


def _order_corners(pts: NDArray[np.float32]) -> NDArray[np.float32]:
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def _quad_from_mask(mask: Gray, total: int) -> NDArray[np.float32] | None:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(max(contours, key=lambda c: cv2.contourArea(cv2.convexHull(c))))
    area = cv2.contourArea(hull)
    if area < 0.2 * total or area > 0.97 * total:
        return None
    peri = cv2.arcLength(hull, True)
    h, w = mask.shape
    slack = 0.02 * max(h, w)
    for eps in (0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) != 4:
            continue
        quad = np.asarray(approx.reshape(4, 2), dtype=np.float32)
        inside = bool(
            (quad[:, 0] >= -slack).all()
            and (quad[:, 0] <= w + slack).all()
            and (quad[:, 1] >= -slack).all()
            and (quad[:, 1] <= h + slack).all()
        )
        # The quad must hug the sheet: a cut-off sheet gives a 5-6 sided hull, not a quad.
        if inside and cv2.contourArea(approx) > 0.9 * area:
            return quad
    return None


def _mild_trapezoid(corners: NDArray[np.float32]) -> bool:
    """True when the ordered corners (tl, tr, br, bl) are a sheet seen at an angle: opposite
    sides alike (MIN_SIDE_LIKENESS), every corner near square (MAX_CORNER_SKEW)."""
    sides = [float(np.linalg.norm(corners[(i + 1) % 4] - corners[i])) for i in range(4)]
    for a, b in ((sides[0], sides[2]), (sides[1], sides[3])):
        if min(a, b) < MIN_SIDE_LIKENESS * max(a, b, 1e-6):
            return False
    for i in range(4):
        u = corners[i - 1] - corners[i]
        v = corners[(i + 1) % 4] - corners[i]
        cosine = float(np.dot(u, v)) / max(float(np.linalg.norm(u) * np.linalg.norm(v)), 1e-6)
        if abs(90.0 - float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0))))) > MAX_CORNER_SKEW:
            return False
    return True


def _plausible_page(quad: NDArray[np.float32], paper: Gray) -> bool:
    """False for a quad that is not page-shaped or is an inner box (table, grid) of the page.

    A page is at most about twice as long as wide and a mild trapezoid; a small quad with as
    much paper-bright area just outside it as inside is a table or calendar grid printed on a
    larger page.
    """
    corners = _order_corners(quad)
    if not _mild_trapezoid(corners):
        return False
    tl, tr, br, bl = corners
    width = max(float(np.linalg.norm(tr - tl)), float(np.linalg.norm(br - bl)))
    height = max(float(np.linalg.norm(bl - tl)), float(np.linalg.norm(br - tr)))
    if max(width, height) > MAX_PAGE_RATIO * max(min(width, height), 1.0):
        return False
    area = cv2.contourArea(quad)
    if area >= SMALL_SHEET * paper.size:
        return True
    inside = np.zeros_like(paper)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
    grown = cv2.dilate(inside, np.ones((15, 15), np.uint8))
    outside_paper = int(np.count_nonzero(paper[grown == 0]))
    return outside_paper < 0.5 * area


def _colour_paper(saturation: Gray, small: Gray) -> Gray:
    """Where the photo is paper by colour: grey and lit, in patches larger than a tablecloth's
    checks (an opening a twentieth of the photo wide); the page's print closed over first."""
    h, w = small.shape
    sat = cv2.GaussianBlur(cv2.resize(saturation, (w, h), interpolation=cv2.INTER_AREA), (5, 5), 0)
    lit = cv2.GaussianBlur(small, (5, 5), 0)
    paper = ((sat < PAPER_MAX_SATURATION) & (lit > PAPER_MIN_GREY)).astype(np.uint8) * 255
    closed = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    k = max(15, round(0.05 * max(h, w)))
    opened = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    return np.asarray(opened, dtype=np.uint8)


def find_sheet(gray: Gray, saturation: Gray | None = None) -> NDArray[np.float32] | None:
    """Corners (tl, tr, br, bl) of the paper sheet in the photo, or None if not found."""
    small, scale = _downscale(gray, 600)
    total = small.shape[0] * small.shape[1]
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = np.asarray(bright, dtype=np.uint8)
    # Edges first: robust to shadows across the sheet; then grey paper on a coloured background
    # (a patterned tablecloth is all edges); then brightness (Otsu) as a fallback. A candidate
    # that is not page-shaped (a table or grid found inside a page whose edge is faint, a sheet
    # running off the photo) is dropped; with no plausible page the whole photo is read, unwarped.
    edges = cv2.Canny(blurred, 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2)
    quad = _quad_from_mask(np.asarray(edges, dtype=np.uint8), total)
    if quad is not None and not _plausible_page(quad, paper):
        quad = None
    if quad is None and saturation is not None:
        quad = _quad_from_mask(_colour_paper(saturation, small), total)
        if quad is not None and not _plausible_page(quad, paper):
            quad = None
    if quad is None:
        mask = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
        quad = _quad_from_mask(np.asarray(mask, dtype=np.uint8), total)
        if quad is not None and not _plausible_page(quad, paper):
            quad = None
    if quad is None:
        return None
    return _order_corners(quad / scale)


def flatten(gray: Gray, corners: NDArray[np.float32]) -> Gray:
    """Warp the sheet to a front-facing rectangle."""
    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(corners, target)
    warped = cv2.warpPerspective(
        gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(warped, dtype=np.uint8)


def even_lighting(gray: Gray) -> Gray:
    """Divide by a smooth estimate of the paper's brightness so the page is evenly lit."""
    small, _ = _downscale(gray, 400)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    background = cv2.medianBlur(background, 21)
    background = cv2.resize(
        background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    result = cv2.divide(gray, np.maximum(background, 1), scale=255)
    return np.asarray(result, dtype=np.uint8)


def prepare(
    gray: Gray,
    *,
    long_side: int = OCR_LONG_SIDE,
    find: bool = True,
    saturation: Gray | None = None,
) -> Gray:
    """Find and flatten the sheet (its colour map helps), even the light, resize for tesseract."""
    corners = find_sheet(gray, saturation) if find else None
    page = flatten(gray, corners) if corners is not None else gray
    h, w = page.shape
    scale = long_side / max(h, w)
    if abs(scale - 1) > 0.05:
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
        page = np.asarray(
            cv2.resize(page, (round(w * scale), round(h * scale)), interpolation=interp),
            dtype=np.uint8,
        )
    return even_lighting(page)


def find_barcodes(page: Gray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of barcode-like stripe blocks on a prepared page (medicine stickers).

    A barcode is a solid block of strong horizontal brightness changes with hardly any
    vertical ones (bars are long and upright); printed text and tables change both ways. It
    stays so when blur has merged its thin bars. A block spanning stickers glued side by side
    is cut into sticker-wide pieces.
    """
    small, scale = _downscale(page, BARCODE_SCAN_SIDE)
    across = cv2.blur(np.abs(cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)), (15, 15))
    down = cv2.blur(np.abs(cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)), (15, 15))
    stripes = ((across > 60) & (across > 2.5 * down)).astype(np.uint8) * 255
    mask = cv2.morphologyEx(stripes, cv2.MORPH_OPEN, np.ones((9, 9), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(np.asarray(mask, dtype=np.uint8))
    sw = small.shape[1]
    piece = STICKER_WIDTH * sw
    found: list[tuple[int, int, int, int]] = []
    for x, y, bw, bh, area in stats[1:count]:
        if bw < 40 or bh < 15 or bh > 0.8 * bw or area < 0.3 * bw * bh:
            continue
        parts = max(1, round(bw / piece))
        step = bw / parts
        for k in range(parts):
            left = round((x + k * step) / scale)
            found.append((left, round(y / scale), round(step / scale), round(bh / scale)))
    return found


def _sticker_count(boxes: list[tuple[int, int, int, int]], page: Gray) -> int:
    """How many stickers' worth of barcode the boxes make (blur splits one barcode in pieces;
    narrow stripe blocks such as hatching or a stamp's border add up to less than one)."""
    barcode_width = BARCODE_SHARE * STICKER_WIDTH * min(page.shape)
    return int(sum(b[2] for b in boxes) // barcode_width)


def sticker_crops(page: Gray, boxes: list[tuple[int, int, int, int]] | None = None) -> list[Gray]:
    """Each barcode's sticker (the print above and beside it), enlarged for tesseract.

    ``boxes`` are the page's barcodes when already found (find_barcodes), else they are looked for.
    """
    h, w = page.shape
    crops: list[Gray] = []
    found = find_barcodes(page) if boxes is None else boxes
    for x, y, bw, bh in sorted(found, key=lambda b: -b[2])[:MAX_STICKERS]:
        # The sticker is a little wider than its barcode; its name and price are above it.
        x0, x1 = max(0, x - bw // 6), min(w, x + bw + bw // 6)
        y0, y1 = max(0, y - round(max(0.6 * bw, 1.5 * bh))), min(h, y + bh + bw // 4)
        crop = page[y0:y1, x0:x1]
        big = cv2.resize(
            crop, None, fx=STICKER_ZOOM, fy=STICKER_ZOOM, interpolation=cv2.INTER_CUBIC
        )
        crops.append(np.asarray(big, dtype=np.uint8))
    return crops


# --------------------------------------------------------------------------- engine


def _quiet_leptonica(tesserocr_module: Any) -> None:
    """Silence leptonica's stderr chatter ("Error in boxClipToRectangle") if we can find it."""
    libs = Path(tesserocr_module.__file__).resolve().parent.parent / "tesserocr.libs"
    for lib in sorted(libs.glob("libleptonica*.so*")) if libs.is_dir() else []:
        try:
            ctypes.CDLL(str(lib)).setMsgSeverity(6)  # L_SEVERITY_NONE
        except (OSError, AttributeError):
            logger.debug("cannot silence leptonica")


class OcrEngine:
    """One tesserocr API, created once and reused (not thread-safe: one per process/thread)."""

    def __init__(
        self,
        *,
        tessdata: str = TESSDATA,
        lang: str = LANG,
        quick_lang: str = QUICK_LANG,
        psm: int = DEFAULT_PSM,
    ) -> None:
        import tesserocr

        _quiet_leptonica(tesserocr)
        self._api: Any = tesserocr.PyTessBaseAPI(path=tessdata, lang=lang, psm=psm)
        self._quick: Any = (
            self._api
            if quick_lang == lang
            else tesserocr.PyTessBaseAPI(path=tessdata, lang=quick_lang, psm=psm)
        )
        self._lock = threading.Lock()
        self._psm = psm
        self._tessdata = tessdata
        self._osd: Any = None  # the orientation detector, made on first use (its own model)
        self._osd_missing = False

    def read(self, gray: Gray, *, psm: int | None = None, quick: bool = False) -> str:
        """OCR a prepared grayscale page (optionally with another page segmentation mode), in
        every language, or in the quick one (French) alone."""
        return self.read_scored(gray, psm=psm, quick=quick)[0]

    def read_scored(
        self, gray: Gray, *, psm: int | None = None, quick: bool = False
    ) -> tuple[str, frozenset[str]]:
        """The text read (as :meth:`read`) and its unsure figures: the words with a digit that
        tesseract read below FIELD_MIN_CONFIDENCE (a handwritten or blurred date or amount)."""
        api = self._quick if quick else self._api
        with self._lock:
            if psm is not None:
                api.SetPageSegMode(psm)
            api.SetImage(Image.fromarray(gray))
            api.SetSourceResolution(200)
            text: str = api.GetUTF8Text()
            # Asked of an empty read, tesserocr logs "No text returned" (a terminal line).
            scored: list[tuple[str, int]] = api.MapWordConfidences() if text.strip() else []
            api.Clear()
            if psm is not None:
                api.SetPageSegMode(self._psm)
        unsure = frozenset(
            normalize_text(word)
            for word, confidence in scored
            if confidence < FIELD_MIN_CONFIDENCE and any(ch.isdigit() for ch in word)
        )
        return normalize_text(text), unsure

    def orientation(self, gray: Gray) -> tuple[int, float]:
        """How far the page is turned (0, 90, 180 or 270: np.rot90 by that many quarter turns
        puts it upright) and how sure tesseract is; (0, 0.0) if it cannot tell."""
        import tesserocr

        with self._lock:
            if self._osd_missing:
                return 0, 0.0
            if self._osd is None:
                try:
                    self._osd = tesserocr.PyTessBaseAPI(
                        path=self._tessdata, lang="osd", psm=tesserocr.PSM.OSD_ONLY
                    )
                except RuntimeError:
                    logger.warning("no orientation model (Debian: tesseract-ocr-osd)")
                    self._osd_missing = True
                    return 0, 0.0
            self._osd.SetImage(Image.fromarray(gray))
            self._osd.SetSourceResolution(200)
            found = self._osd.DetectOrientationScript()
            self._osd.Clear()
        if not found:
            return 0, 0.0
        return int(found["orient_deg"]) % 360, float(found["orient_conf"])

    def close(self) -> None:
        """Free tesseract's memory."""
        self._api.End()
        if self._quick is not self._api:
            self._quick.End()
        if self._osd is not None:
            self._osd.End()


_default_engine: OcrEngine | None = None
_default_lock = threading.Lock()


def default_engine() -> OcrEngine:
    """The process-wide engine, created on first use."""
    global _default_engine
    with _default_lock:
        if _default_engine is None:
            _default_engine = OcrEngine()
        return _default_engine


# --------------------------------------------------------------------------- recognition


@dataclass(frozen=True)
class Recognition:
    """What one page is and what it says (never the text itself)."""

    types: tuple[DocType, ...]
    confidence: float
    fields: Fields
    text_chars: int
    problem: str | None
    seconds: float

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "types": [t.value for t in self.types],
            "confidence": round(self.confidence, 3),
            "fields": self.fields.to_json(),
            "text_chars": self.text_chars,
            "problem": self.problem,
            "seconds": round(self.seconds, 3),
        }


# Pages that stickers are glued on (or a bare sheet of stickers read as nothing).
_STICKER_HOSTS = frozenset({DocType.ORDONNANCE, DocType.UNKNOWN})


def _failed(problem: str, started: float, chars: int = 0) -> Recognition:
    return Recognition(
        (DocType.UNKNOWN,), 0.0, Fields(), chars, problem, time.perf_counter() - started
    )


def _fallbacks(gray: Gray, prepared: Gray) -> Iterator[Gray]:
    """The page read again as one block, without the sheet found, then turned a quarter each
    way (half round was read before), for when tesseract's orientation detection could not
    tell."""
    yield prepared
    yield prepare(gray, find=False)
    for quarter_turns in (1, 3):
        yield np.ascontiguousarray(np.rot90(prepared, quarter_turns))


def _better_read(
    engine: OcrEngine,
    image: Gray,
    psm: int,
    extra: str,
    barcodes: int,
    best: float,
    *,
    film: bool = False,
) -> tuple[str, frozenset[str], tuple[DocType, ...], float, float] | None:
    """Text, unsure figures, types, confidence and best score of a re-read that beats ``best``
    with a type."""
    retry, unsure = engine.read_scored(image, psm=psm, quick=True)
    retry = f"{retry}\n{extra}" if extra else retry
    retry_best = max(score_text(retry, barcodes=barcodes, film=film).values())
    if retry_best <= best:
        return None
    types, confidence = classify_text(retry, barcodes=barcodes, film=film)
    if types[0] is DocType.UNKNOWN:
        return None
    return retry, unsure, types, confidence, retry_best


def recognize_gray(gray: Gray, engine: OcrEngine, saturation: Gray | None = None) -> Recognition:
    """Quality check, preprocessing, OCR, classification and fields for one grey page (and its
    saturation map, from load_page, when it has colour)."""
    started = time.perf_counter()
    problem = quality_problem(gray, saturation)
    borderline = problem == PROBLEM_TOO_BLURRY and sharpness(gray) >= BORDERLINE_BLUR
    if problem is not None and not borderline:
        logger.info("page rejected: %s (%dx%d)", problem, gray.shape[1], gray.shape[0])
        return _failed(problem, started)
    if max(gray.shape) > SCREEN_RATIO * min(gray.shape):
        logger.info("page rejected: a screen or a strip (%dx%d)", gray.shape[1], gray.shape[0])
        return _failed(PROBLEM_NOT_A_PAPER, started)
    if looks_like_noise(gray):
        logger.info("page rejected: noise (%dx%d)", gray.shape[1], gray.shape[0])
        return _failed(PROBLEM_UNREADABLE, started)
    if is_dark_film(gray, saturation):
        text, unsure = engine.read_scored(even_lighting(255 - _downscale(gray, 1200)[0]))
        fields = extract_fields(text, (DocType.RADIOGRAPHIE,), unsure=unsure)
        return Recognition(
            (DocType.RADIOGRAPHIE,), 0.9, fields, len(text), None, time.perf_counter() - started
        )
    film = film_on_page(gray)
    # A photo just below the blur threshold is read smaller: its blur spans fewer pixels.
    long_side = BLURRED_LONG_SIDE if borderline else OCR_LONG_SIDE
    prepared = prepare(gray, saturation=saturation, long_side=long_side)
    text, unsure = engine.read_scored(prepared, quick=True)
    types, confidence = classify_text(text, film=film)
    french = max(score_text(text, film=film).values())
    if types[0] is DocType.UNKNOWN or french < WEAK_SCORE:
        # French and Arabic: a paper printed in Arabic only.
        both, unsure_both = engine.read_scored(prepared)
        if max(score_text(both, film=film).values()) > french:
            text, unsure = both, unsure_both
            types, confidence = classify_text(text, film=film)
    sticker_text = ""
    sticker_unsure: frozenset[str] = frozenset()
    barcodes = 0
    if types[0] in _STICKER_HOSTS and DocType.VIGNETTES not in types:
        # Price stickers on a prescription print too small for a page read: read them enlarged.
        # Their barcodes are evidence of vignettes even when the enlarged print stays unreadable.
        boxes = find_barcodes(prepared)
        barcodes = _sticker_count(boxes, prepared)
        crops = sticker_crops(prepared, boxes)
        stickers = [engine.read_scored(c, psm=FALLBACK_PSM, quick=True) for c in crops]
        sticker_text = "\n".join(read for read, _ in stickers)
        sticker_unsure = frozenset().union(*(unsure for _, unsure in stickers))
        if sticker_text:
            text = f"{text}\n{sticker_text}"
        if sticker_text or barcodes:
            types, confidence = classify_text(text, barcodes=barcodes, film=film)
    best = max(score_text(text, barcodes=barcodes, film=film).values())
    # A page upside down or sideways reads as garbage. Turned half round first: tesseract's
    # layout analysis reads lines running up the page by itself, so that one read puts an
    # upside-down page and a page turned a quarter clockwise right (on the development batches
    # it typed more pages than the orientation detection, in less time); then as tesseract's
    # orientation detection says (None), when it is sure.
    for quarter_turns in (2, None):
        if types[0] is not DocType.UNKNOWN and best >= WEAK_SCORE:
            break
        if quarter_turns is None:
            degrees, sure = engine.orientation(prepared)
            quarter_turns = degrees // 90 if sure >= OSD_MIN_CONFIDENCE else 0
        if not quarter_turns:
            continue
        upright = np.ascontiguousarray(np.rot90(prepared, quarter_turns))
        found = _better_read(engine, upright, DEFAULT_PSM, sticker_text, barcodes, best, film=film)
        if found is not None:
            text, unsure, types, confidence, best = found
            prepared = upright
            gray = np.ascontiguousarray(np.rot90(gray, quarter_turns))
    if types[0] is DocType.UNKNOWN or best < WEAK_SCORE:
        # Tesseract's layout analysis drops a blurred or table-heavy page (psm 6 reads it as one
        # block), the sheet was found wrongly, or the photo is sideways. A weak but typed page
        # gets one psm-6 read; an untyped one goes through all the fallbacks.
        unknown = types[0] is DocType.UNKNOWN
        for attempt in _fallbacks(gray, prepared):
            found = _better_read(
                engine, attempt, FALLBACK_PSM, sticker_text, barcodes, best, film=film
            )
            if found is not None:
                text, unsure, types, confidence, best = found
            if not unknown or types[0] is not DocType.UNKNOWN:
                break
        if unknown and best < WEAK_SCORE:
            # Sparse-text mode still finds the words of a skewed or blurred page whose layout
            # tesseract lost (it reads nothing or garbage in block modes).
            found = _better_read(
                engine, prepared, SPARSE_PSM, sticker_text, barcodes, best, film=film
            )
            if found is not None:
                text, unsure, types, confidence, best = found
    if borderline and (types[0] is DocType.UNKNOWN or best < WEAK_SCORE):
        logger.info("page rejected: %s (%dx%d)", problem, gray.shape[1], gray.shape[0])
        return _failed(PROBLEM_TOO_BLURRY, started)
    # A short read is still a page when it carries a clear type signal ("Prix public 38,20").
    short = len(text.replace(" ", "").replace("\n", "")) < MIN_TEXT_CHARS
    if short and (types[0] is DocType.UNKNOWN or best < STRONG_SCORE):
        logger.info("page unreadable: %d chars", len(text))
        # Sharp yet wordless: a picture, not a paper to read; else the photo is what failed.
        sharp = problem is None and sharpness(gray) >= 2 * BLUR_THRESHOLD
        return _failed(PROBLEM_NO_TEXT if sharp else PROBLEM_UNREADABLE, started, len(text))
    fields = extract_fields(text, types, unsure=unsure | sticker_unsure)
    seconds = time.perf_counter() - started
    logger.debug("page read: %d chars, %s, %.2fs", len(text), types[0].value, seconds)
    return Recognition(types, confidence, fields, len(text), None, seconds)


def read_text(image: bytes | Path, *, engine: OcrEngine | None = None) -> list[str]:
    """The normalised OCR text of each page (for debugging and benchmarks; never log it)."""
    eng = engine or default_engine()
    return [eng.read(prepare(to_gray(page))) for page in load_pages(image)]


def recognize_image(image: bytes | Path, *, engine: OcrEngine | None = None) -> list[Recognition]:
    """Recognize a photo or PDF (its first MAX_PDF_PAGES pages): one Recognition per page."""
    started = time.perf_counter()
    data = image.read_bytes() if isinstance(image, Path) else image
    try:
        total = page_count(data)
    except Exception as exc:
        logger.info("cannot decode document: %s", type(exc).__name__)
        return [_failed(PROBLEM_UNREADABLE, started)]
    eng = engine or default_engine()
    pages: list[Recognition] = []
    for index in range(min(total, MAX_PDF_PAGES)):
        try:
            gray, saturation = load_page(data, index)
        except (TooLarge, MemoryError) as exc:
            logger.info("page %d too large: %s", index, exc)
            pages.append(_failed(PROBLEM_TOO_LARGE, started))
            continue
        except Exception as exc:
            logger.info("cannot decode page %d: %s", index, type(exc).__name__)
            pages.append(_failed(PROBLEM_UNREADABLE, started))
            continue
        try:
            pages.append(recognize_gray(gray, eng, saturation))
        except MemoryError:
            logger.info("page %d needs more memory than there is", index)
            pages.append(_failed(PROBLEM_TOO_LARGE, started))
        del gray, saturation  # one page in memory at a time
    return pages or [_failed(PROBLEM_UNREADABLE, started)]
