"""The callback-data codec: one shape per prefix, read and checked in one place."""

from __future__ import annotations

import pytest

from bot import callbacks


def test_every_prefix_has_a_shape_and_prefixes_are_distinct() -> None:
    prefixes = [
        value
        for name, value in vars(callbacks).items()
        if name.isupper()
        and isinstance(value, str)
        and name not in ("W", "N", "R", "C", "F", "CODE_ALPHABET")
    ]
    assert set(prefixes) == set(callbacks.SHAPES)
    assert len(prefixes) == len(set(prefixes))


def test_values_read_back_by_kind() -> None:
    data = callbacks.make(callbacks.TICK, "12.ab3F", "ordonnance", 1)
    values = callbacks.parse(callbacks.TICK, data)
    assert values is not None
    assert values.ref(0) == (12, "ab3F")
    assert values.word(1) == "ordonnance"
    assert values.flag(2) is True
    with pytest.raises(TypeError):
        values.number(1)  # a word, not a number: a handler bug, caught at once


@pytest.mark.parametrize(
    ("prefix", "data"),
    [
        (callbacks.TICK, "dt:12.ab:ordonnance"),  # a value missing
        (callbacks.TICK, "dt:12.ab:ordonnance:1:x"),  # one too many
        (callbacks.TICK, "dt:12.ab:ordonnance:2"),  # a flag is 0 or 1
        (callbacks.DONE, "dd:99999999999999999999.ab"),  # beyond any id (no OverflowError)
        (callbacks.DONE, "dd:١٢.ab"),  # Arabic-Indic digits are no id of ours
        (callbacks.DONE, "dd:12"),  # no token
        (callbacks.DONE, "dd:12.a-b"),
        (callbacks.DOC_SET, "dset:5:-1"),
        (callbacks.CATEGORY, "cat:Optique"),  # ids are lower-case
        (callbacks.CATEGORY, "cat:"),
        (callbacks.PREVIEW, "pv:optique:1!"),  # not a code character
        (callbacks.CATEGORY, "pv:optique"),  # another prefix
        (callbacks.CATEGORY, None),
    ],
)
def test_forged_or_old_data_is_refused(prefix: str, data: str | None) -> None:
    assert callbacks.parse(prefix, data) is None


def test_a_button_is_refused_when_made_out_of_shape() -> None:
    with pytest.raises(ValueError, match="shape"):
        callbacks.make(callbacks.STATUS_PAGE, "two")
    with pytest.raises(ValueError, match="64 bytes"):
        callbacks.make(callbacks.CATEGORY, "x" * 70)
    assert callbacks.parse(callbacks.PREVIEW, callbacks.make(callbacks.PREVIEW, "optique", ""))
