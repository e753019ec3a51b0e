"""Large loops of built-in calls split into slices. One built-in call over 100,000 items (a set, a dict of
keys, a Counter, a list of mapped values) runs in C for 10–40 ms and holds the interpreter all that time:
the GUI thread cannot paint meanwhile (a stall while the register and the start page load in the
background). Slices of SLICE items hold it for a millisecond or two each, for about the same CPU."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

SLICE = 8192

T = TypeVar("T")
H = TypeVar("H", bound=Hashable)


def sliced(values: Iterable[T]) -> Iterator[list[T]]:
    """`values` SLICE at a time (a map or filter over them runs one slice at a time too)."""
    iterator = iter(values)
    while batch := list(islice(iterator, SLICE)):
        yield batch


def counted(values: Iterable[H]) -> Counter[H]:
    """Counter(values), counted a slice at a time."""
    counter: Counter[H] = Counter()
    for batch in sliced(values):
        counter.update(batch)
    return counter


def distinct(values: Iterable[H]) -> set[H]:
    """set(values), built a slice at a time."""
    found: set[H] = set()
    for batch in sliced(values):
        found.update(batch)
    return found


def first_seen(values: Iterable[H]) -> list[H]:
    """The distinct values in the order first seen (list(dict.fromkeys(values))), a slice at a time."""
    seen: dict[H, None] = {}
    for batch in sliced(values):
        seen.update(dict.fromkeys(batch))
    return list(seen)


def mapped(pairs: Iterable[tuple[H, T]]) -> dict[H, T]:
    """dict(pairs), a slice at a time (the last pair of a key stays, as in dict)."""
    found: dict[H, T] = {}
    for batch in sliced(pairs):
        found.update(batch)
    return found


def listed(values: Iterable[T]) -> list[T]:
    """list(values), a slice at a time (for a map or zip over 100,000 items)."""
    found: list[T] = []
    for batch in sliced(values):
        found.extend(batch)
    return found
