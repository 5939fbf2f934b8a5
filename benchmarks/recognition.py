"""Recognition benchmark: accuracy per type, seconds per photo on one core, peak RSS.

Usage: python benchmarks/recognition.py [--per-type N] [--seed0 S] [--misses] [--blind]
Generates N degraded synthetic photos per type into a temp dir (not a test; prints a table).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.recognition import DocType, OcrEngine, recognize_image
from bot.recognition.doctypes import score_text
from bot.recognition.ocr import read_text
from tests.synthetic_docs import Truth, write_photos


def blind_photos(directory: Path, per_type: int, *, seed0: int) -> list[tuple[Path, Truth]]:
    """Photos from the independent generator (tests/blind_docs.py): only the type is known."""
    from tests.blind_docs import write_batch

    return [(path, Truth(doc_type)) for path, doc_type in write_batch(directory, per_type, seed0)]


def main() -> None:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-type", type=int, default=10)
    parser.add_argument("--seed0", type=int, default=1000, help="first seed (tests use 0-99)")
    parser.add_argument("--misses", action="store_true", help="print scores of misclassified")
    parser.add_argument(
        "--blind", action="store_true", help="photos of the independent generator, blind_docs"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import cv2

    cv2.setNumThreads(1)
    engine = OcrEngine()
    with tempfile.TemporaryDirectory() as tmp:
        # Draw the photos in a child process so its memory does not count in our peak RSS.
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=ctx) as gen:
            generate = blind_photos if args.blind else write_photos
            photos = gen.submit(generate, Path(tmp), args.per_type, seed0=args.seed0).result()
        right: dict[str, int] = defaultdict(int)
        total: dict[str, int] = defaultdict(int)
        seconds: list[float] = []
        for path, truth in photos:
            started = time.perf_counter()
            rec = recognize_image(path, engine=engine)[0]
            seconds.append(time.perf_counter() - started)
            expected = {truth.doc_type, *truth.extra_types}
            ok = rec.types[0].value == truth.doc_type and expected <= {t.value for t in rec.types}
            total[truth.doc_type] += 1
            right[truth.doc_type] += ok
            if not ok and args.misses:
                text = "\n".join(read_text(path, engine=engine))
                top = sorted(score_text(text).items(), key=lambda kv: -kv[1])[:3]
                print(
                    f"MISS {path.name}: got {[t.value for t in rec.types]} "
                    f"problem={rec.problem} scores={[(t.value, round(s, 1)) for t, s in top]}"
                )
    print(f"{'type':32} {'right':>6} {'of':>4} {'acc':>6}")
    for doc_type in DocType:
        if total[doc_type.value]:
            n = total[doc_type.value]
            r = right[doc_type.value]
            print(f"{doc_type.value:32} {r:6d} {n:4d} {r / n:6.1%}")
    n_all, r_all = sum(total.values()), sum(right.values())
    print(f"{'ALL':32} {r_all:6d} {n_all:4d} {r_all / n_all:6.1%}")
    seconds.sort()
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    print(f"seconds per photo (1 core): median {statistics.median(seconds):.3f} p95 {p95:.3f}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
