"""Recognition on phone photos of the independent generator (benchmarks/phone_photos.py).

Usage: python benchmarks/phone_eval.py [--per-type N] [--negatives K] [--seed0 S] [--keep DIR]
[--misses]. Draws N files per document type (each type through the three degradation levels and
the four orientations in turn; photos, scans, PDFs) and K per kind of non-document, reads each with
the real `bot.recognition.recognize_image(bytes)` on one core, and prints: typed right per type,
per degradation level, per orientation and per medium; the non-documents (right when unknown or
refused with a problem); the fields the generator knows (dates, totals, invoice numbers, session
counts), and of those the recognition gave, how many are right; median and p95 seconds. Not a
test: a table to read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.phone_photos import (
    DOC_TYPES,
    LEVELS,
    MEDIA,
    NEGATIVES,
    ROTATIONS,
    Truth,
    fonts_available,
    write_batch,
)


class Tally:
    """Right / total counts under named keys, printed as a table."""

    def __init__(self) -> None:
        self.right: dict[str, int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)

    def add(self, key: str, ok: bool) -> None:
        """Count one outcome."""
        self.total[key] += 1
        self.right[key] += ok

    def print(self, title: str, order: Iterable[str]) -> None:
        """Print the rows in order (keys never counted are left out), then the sum."""
        print(f"\n{title:34} {'right':>6} {'of':>4} {'acc':>7}")
        keys = [k for k in order if self.total[k]]
        for key in keys:
            n, r = self.total[key], self.right[key]
            print(f"{key:34} {r:6d} {n:4d} {r / n:7.1%}")
        n_all = sum(self.total[k] for k in keys)
        r_all = sum(self.right[k] for k in keys)
        if n_all and len(keys) > 1:
            print(f"{'ALL':34} {r_all:6d} {n_all:4d} {r_all / n_all:7.1%}")


def _norm_number(text: str | None) -> str:
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def check_given(truth: Truth, fields: Any, given: Tally) -> None:
    """Count each field the recognition gave (not None) that the generator knows, right or
    wrong: a wrong date, amount or invoice number given is worse than none."""
    known = truth.fields
    for key in ("document_date", "consultation_date", "total_declared", "amount_total"):
        got = getattr(fields, key)
        if got is None or not known.get(key):
            continue
        if key.endswith("date"):
            given.add(key, got.isoformat() == known[key])
        else:
            given.add(key, Decimal(got) == Decimal(known[key]))
    if fields.invoice_number and known.get("invoice_number"):
        right = _norm_number(fields.invoice_number) == _norm_number(known["invoice_number"])
        given.add("invoice_number", right)


def check_fields(truth: Truth, fields: Any, tally: Tally) -> list[str]:
    """Compare the fields read with those drawn; returns the names of the ones missed."""
    missed = []
    known = truth.fields
    dates = {d.isoformat() for d in fields.dates}

    def iso(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    def note(key: str, ok: bool) -> None:
        tally.add(key, ok)
        if not ok:
            missed.append(key)

    for key in ("document_date", "consultation_date"):
        if known.get(key):
            note(f"{key} (that field)", iso(getattr(fields, key)) == known[key])
            note(f"{key} (among dates read)", known[key] in dates)
    if known.get("accident_date"):
        note("accident_date (among dates read)", known["accident_date"] in dates)
    for key in ("total_declared", "amount_total"):
        if known.get(key):
            got = getattr(fields, key)
            note(key, got is not None and Decimal(got) == Decimal(known[key]))
    if known.get("invoice_number"):
        note(
            "invoice_number",
            _norm_number(fields.invoice_number) == _norm_number(known["invoice_number"]),
        )
    if "doctor_part_blank" in known:
        note("doctor_part_blank", bool(fields.doctor_part_blank) == known["doctor_part_blank"])
    if known.get("session_count"):
        note("session_count", fields.session_count == known["session_count"])
    for d in known.get("dates", []):
        note("session dates (each, among dates read)", d in dates)
    return missed


FIELD_ORDER = (
    "document_date (that field)",
    "document_date (among dates read)",
    "consultation_date (that field)",
    "consultation_date (among dates read)",
    "accident_date (among dates read)",
    "total_declared",
    "amount_total",
    "invoice_number",
    "doctor_part_blank",
    "session_count",
    "session dates (each, among dates read)",
)


def main() -> None:
    """Generate, recognise, print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-type", type=int, default=12, help="files per document type")
    parser.add_argument("--negatives", type=int, default=3, help="files per kind of non-document")
    parser.add_argument("--seed0", type=int, default=20000)
    parser.add_argument("--keep", type=Path, help="write the files here (and keep them)")
    parser.add_argument("--misses", action="store_true", help="print each miss")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):  # one core: the machine is shared
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import cv2

    cv2.setNumThreads(1)
    from bot.recognition import recognize_image

    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        started = time.perf_counter()
        batch = write_batch(directory, args.per_type, args.negatives, args.seed0)
        print(f"generated {len(batch)} files in {time.perf_counter() - started:.0f} s")
        by_type, by_level, by_rot, by_medium = Tally(), Tally(), Tally(), Tally()
        negatives, problems, field_tally, given = Tally(), Tally(), Tally(), Tally()
        seconds: list[float] = []
        for path, truth in batch:
            data = path.read_bytes()
            t0 = time.perf_counter()
            pages = recognize_image(data)
            seconds.append(time.perf_counter() - t0)
            first = pages[0] if pages else None
            got = [t.value for t in first.types] if first else ["unknown"]
            problem = first.problem if first else "no page"
            if truth.negative:
                ok = got[0] == "unknown" or problem is not None
                negatives.add(truth.negative, ok)
                if not ok and args.misses:
                    print(f"MISS {truth.name}: got {got} problem={problem}")
                continue
            ok = got[0] == truth.doc_type
            by_type.add(truth.doc_type, ok)
            by_level.add(truth.level, ok)
            by_rot.add(str(truth.rotation), ok)
            by_medium.add(truth.medium, ok)
            problems.add(truth.level, problem is not None)
            missed = check_fields(truth, first.fields, field_tally) if first else []
            if first:
                check_given(truth, first.fields, given)
            if args.misses and (not ok or missed):
                print(
                    f"{'MISS' if not ok else 'FIELDS'} {truth.name}: got {got} "
                    f"conf={first.confidence if first else 0:.2f} problem={problem} "
                    f"missed={missed}"
                )
    by_type.print("document typed right, by type", DOC_TYPES)
    by_level.print("by degradation level", LEVELS)
    by_rot.print("by orientation (degrees)", [str(r) for r in ROTATIONS])
    by_medium.print("by medium", MEDIA)
    problems.print("documents refused with a problem", LEVELS)
    negatives.print("non-documents unknown or refused", NEGATIVES)
    field_tally.print("fields the generator knows", FIELD_ORDER)
    given.print(
        "fields given: right (the rest wrong)",
        ("document_date", "consultation_date", "total_declared", "amount_total", "invoice_number"),
    )
    seconds.sort()
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    print(
        f"\nseconds per file (recognize_image, 1 core): median "
        f"{statistics.median(seconds):.2f} p95 {p95:.2f} max {seconds[-1]:.2f}"
    )
    hand = [Path(p).name for p in fonts_available()["hand"]]
    print(f"handwriting fonts used: {', '.join(hand)}")


if __name__ == "__main__":
    main()
