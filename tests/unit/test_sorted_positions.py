"""The register's background sorts run in chunks merged in Python, with the same result as one sort (#20)."""

from __future__ import annotations

import random

import pytest

from desktop_app.domain import businesses
from desktop_app.domain.businesses import dense_ranks, sorted_positions


@pytest.mark.parametrize("reverse", [False, True])
def test_chunked_sort_is_the_same_stable_sort(reverse: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(businesses, "SORT_CHUNK", 7)  # many chunks over a small list
    generator = random.Random(20)
    keys = [generator.choice("aăâbcdđ") * generator.randint(1, 2) for _ in range(500)]  # many ties
    expected = sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)
    assert sorted_positions(len(keys), keys.__getitem__, reverse=reverse) == expected
    assert list(dense_ranks(keys, background=True)) == list(dense_ranks(keys))


def test_no_single_sort_call_spans_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """One C call over 100,000 rows holds the interpreter 50–90 ms; each call here sees one chunk at most."""
    monkeypatch.setattr(businesses, "SORT_CHUNK", 10)
    sizes: list[int] = []
    real_sorted = sorted

    def measured(items: object, **kwargs: object) -> object:
        found = real_sorted(items, **kwargs)  # type: ignore[call-overload]
        sizes.append(len(found))
        return found

    monkeypatch.setattr(businesses, "sorted", measured, raising=False)
    keys = [str(i % 37) for i in range(1000)]
    assert sorted_positions(len(keys), keys.__getitem__) == real_sorted(range(1000), key=keys.__getitem__)
    assert max(sizes) <= 10
