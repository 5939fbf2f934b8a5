"""Offline recognition of claim documents (photos and PDFs, French + Arabic); no Telegram."""

from bot.recognition.doctypes import DocType, check_rulebook, classify_text
from bot.recognition.fields import Fields, extract_fields
from bot.recognition.ocr import OcrEngine, Recognition, default_engine, recognize_image
from bot.recognition.pool import (
    FAILURE_TIMEOUT,
    FAILURE_TOO_LARGE,
    FAILURE_UNDECODABLE,
    FAILURE_WORKER_DIED,
    Reading,
    RecognitionService,
    make_pool,
    recognize_async,
    recognize_pages_async,
)

__all__ = [
    "FAILURE_TIMEOUT",
    "FAILURE_TOO_LARGE",
    "FAILURE_UNDECODABLE",
    "FAILURE_WORKER_DIED",
    "DocType",
    "Fields",
    "OcrEngine",
    "Reading",
    "Recognition",
    "RecognitionService",
    "check_rulebook",
    "classify_text",
    "default_engine",
    "extract_fields",
    "make_pool",
    "recognize_async",
    "recognize_image",
    "recognize_pages_async",
]
