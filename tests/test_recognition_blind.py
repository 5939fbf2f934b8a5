"""Recognition on photos from the independent generator (tests/blind_docs.py), fixed seeds.

The generator was written without looking at the classifier's vocabulary, so this is a check that
typing holds on wording and layouts the classifier was not tuned to. Two photos per type.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.recognition import OcrEngine, recognize_image
from tests.blind_docs import DOC_TYPES, make_photo

pytestmark = pytest.mark.slow  # its own processes, or real OCR on many pages

SEEDS = (7000, 7001)
MIN_RIGHT = 22  # of 24


@pytest.fixture(scope="module")
def engine() -> Iterator[OcrEngine]:
    eng = OcrEngine()
    yield eng
    eng.close()


def test_blind_photos_are_typed_right(engine: OcrEngine) -> None:
    wrong: list[str] = []
    total = 0
    for doc_type in DOC_TYPES:
        for seed in SEEDS:
            total += 1
            got = recognize_image(make_photo(doc_type, seed), engine=engine)[0].types[0].value
            if got != doc_type:
                wrong.append(f"{doc_type}#{seed} -> {got}")
    assert total - len(wrong) >= MIN_RIGHT, wrong
