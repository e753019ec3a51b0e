"""The sliced built-ins give what the built-ins give, across slice boundaries and for empty input."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from desktop_app.domain import slices


@pytest.mark.parametrize(
    "size", [0, 1, slices.SLICE - 1, slices.SLICE, slices.SLICE + 1, 3 * slices.SLICE + 5]
)
def test_sliced_built_ins_equal_the_built_ins(size: int) -> None:
    rng = random.Random(size)
    values = [rng.randrange(max(size // 3, 1)) for _ in range(size)]
    assert slices.counted(iter(values)) == Counter(values)
    assert slices.distinct(map(str, values)) == set(map(str, values))
    assert slices.first_seen(values) == list(dict.fromkeys(values))
    assert slices.listed(map(str, values)) == list(map(str, values))
    assert slices.mapped(zip(values, range(size), strict=True)) == dict(zip(values, range(size), strict=True))
    assert [len(b) for b in slices.sliced(values)] == [
        min(slices.SLICE, size - start) for start in range(0, size, slices.SLICE)
    ]
