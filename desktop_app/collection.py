"""Python's automatic garbage collection held while many long-lived objects are built: a large file in memory
(exports) or the hundreds of thousands of rows a report's figures hold (storage). Shared by both layers; it
imports nothing of the app.

A consolidated report's workbook is some 60,000 cells and its PDF as many lines, objects that all live until
the file is written: each automatic collection meanwhile walks them, and the rest of the process, again
(a third of the time the command line took to write the two files). When automatic collection is on (the
command line, the self-test), it is held while the file is built and resumes after; what became garbage
meanwhile is collected by the next automatic collection. In the window, automatic collection is off and the
GUI thread collects on a timer (ui/gc_guard.py): nothing changes there.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Holds:
    """The blocks holding collection now (the collector's switch is one for the whole process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    def enter(self) -> bool:
        """Hold if collection is on or already held by a block; False: the caller had switched it off."""
        with self._lock:
            if not (self._count or gc.isenabled()):
                return False
            self._count += 1
            gc.disable()
            return True

    def leave(self) -> None:
        with self._lock:
            self._count -= 1
            if not self._count:
                gc.enable()


_HOLDS = _Holds()


@contextmanager
def held_collection() -> Iterator[None]:
    """No automatic collection inside the block when it was on at its start (nested and concurrent blocks
    included: it resumes when the last one ends); a collection switched off by the caller stays off."""
    holding = _HOLDS.enter()
    try:
        yield
    finally:
        if holding:
            _HOLDS.leave()
