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
MIN_RIGHT = 11  # of 12, for each seed (one test each: the two run side by side)


@pytest.fixture(scope="module")
def engine() -> Iterator[OcrEngine]:
    eng = OcrEngine()
    yield eng
    eng.close()


@pytest.mark.parametrize("seed", SEEDS)
def test_blind_photos_are_typed_right(seed: int, engine: OcrEngine) -> None:
    wrong: list[str] = []
    for doc_type in DOC_TYPES:
        got = recognize_image(make_photo(doc_type, seed), engine=engine)[0].types[0].value
        if got != doc_type:
            wrong.append(f"{doc_type}#{seed} -> {got}")
    assert len(DOC_TYPES) - len(wrong) >= MIN_RIGHT, wrong
