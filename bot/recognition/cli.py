"""`python main.py recognize [--json] FILE ...`: what each document is, for support staff."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's threads only slow a single page


def recognize_files(files: Sequence[str], *, as_json: bool, out: TextIO) -> int:
    """Recognise each file (all pages of a PDF); one line or JSON object per file."""
    from bot.recognition import default_engine, recognize_image

    engine = default_engine()
    status = 0
    for name in files:
        started = time.perf_counter()
        path = Path(name)
        if not path.is_file():
            result: dict[str, Any] = {"file": name, "error": "not found", "types": ["unknown"]}
            status = 1
        else:
            pages = recognize_image(path, engine=engine)
            first = pages[0]
            types = list(dict.fromkeys(t.value for page in pages for t in page.types))
            if len(types) > 1 and "unknown" in types:
                types.remove("unknown")
            result = {
                "file": name,
                "types": types,
                "confidence": round(first.confidence, 3),
                "fields": first.fields.to_json(),
                "problem": first.problem,
                "pages": [page.to_json() for page in pages] if len(pages) > 1 else None,
                "seconds": round(time.perf_counter() - started, 3),
            }
        if as_json:
            print(json.dumps(result, ensure_ascii=False), file=out)
        else:
            print(
                f"{name}: {', '.join(result['types'])}"
                + (f" ({result['problem']})" if result.get("problem") else ""),
                file=out,
            )
    return status
