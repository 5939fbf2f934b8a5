"""`python main.py recognize [--json] FILE ...`: what each document is, for support staff."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's threads only slow a single page

if TYPE_CHECKING:
    from bot.recognition import Reading


def describe(reading: Reading) -> dict[str, Any]:
    """The JSON of a reading: types of all pages, the first page's facts, the pages, the bounds."""
    from bot.recognition.fields import Fields
    from bot.recognition.ocr import PROBLEM_TOO_LARGE, PROBLEM_UNREADABLE

    pages = reading.pages
    types = list(dict.fromkeys(t.value for page in pages for t in page.types)) or ["unknown"]
    if len(types) > 1 and "unknown" in types:
        types.remove("unknown")
    first = pages[0] if pages else None
    if first is not None:
        problem = first.problem
    else:
        problem = PROBLEM_TOO_LARGE if reading.failure == "too_large" else PROBLEM_UNREADABLE
    return {
        "types": types,
        "confidence": round(first.confidence, 3) if first else 0.0,
        "fields": (first.fields if first else Fields()).to_json(),
        "problem": problem,
        "pages": [page.to_json() for page in pages] if len(pages) > 1 else None,
        "total_pages": reading.total_pages,
        "failure": reading.failure,
    }


def summary(name: str, reading: Reading) -> str:
    """One line: the types, then why reading stopped or the problem, and the pages left unread."""
    result = describe(reading)
    reason = reading.failure or result["problem"]
    notes = [reason] if reason else []
    if reading.total_pages > max(1, len(reading.pages)):
        notes.append(f"{len(reading.pages)} of {reading.total_pages} pages read")
    return f"{name}: {', '.join(result['types'])}" + (f" ({'; '.join(notes)})" if notes else "")


def recognize_files(files: Sequence[str], *, as_json: bool, out: TextIO) -> int:
    """Recognise each file (a PDF's first pages) in a bounded OCR worker; one line or JSON each."""
    from bot.recognition import RecognitionService

    service = RecognitionService(1)
    status = 0
    try:
        for name in files:
            started = time.perf_counter()
            path = Path(name)
            if not path.is_file():
                status = 1
                if as_json:
                    missing = {"file": name, "error": "not found", "types": ["unknown"]}
                    print(json.dumps(missing, ensure_ascii=False), file=out)
                else:
                    print(f"{name}: unknown", file=out)
                continue
            reading = service.read(path.read_bytes())
            if as_json:
                result = {"file": name, **describe(reading)}
                result["seconds"] = round(time.perf_counter() - started, 3)
                print(json.dumps(result, ensure_ascii=False), file=out)
            else:
                print(summary(name, reading), file=out)
    finally:
        service.close()
    return status
