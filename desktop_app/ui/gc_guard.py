"""Garbage collection on the GUI thread only.

Python runs a cyclic garbage collection in whichever thread happens to allocate. When that is the background
worker (ui/tasks.py), Qt widgets caught in a reference cycle (a dialog whose callbacks refer back to it) are
destroyed outside the GUI thread, which crashes Qt ("Segmentation fault" while the worker is in a query).
So automatic collection is switched off and the same generational thresholds are applied from a timer on
the GUI thread instead.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
# A young-generation collection slower than this walked many long-lived objects: collect all, then freeze.
SLOW_COLLECTION_S = 0.05


class GuiThreadCollector(QObject):
    """Collects Python's garbage from the GUI thread, generation by generation, as gc itself would."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.held = 0
        self._lock = threading.Lock()  # hold and release may come from the worker (holding)
        self.destroyed.connect(lambda *_: gc.enable())

    def check(self) -> None:
        if self.held:
            return
        first, second, third = gc.get_count()
        if first > self.thresholds[0]:
            gc.collect(0)
            if second > self.thresholds[1]:
                started = time.perf_counter()
                gc.collect(1)
                slow = time.perf_counter() - started > SLOW_COLLECTION_S
                if third > self.thresholds[2] or slow:
                    self.collect_all()

    def collect_all(self) -> None:
        """A full collection, then what survived it is frozen (gc.freeze): long-lived objects (the modules,
        the register's 100,000 rows, a round's visits) are not walked again by every later collection. With
        them walked, a collection took 100–300 ms on the GUI thread and froze typing in the search box.
        Nothing is garbage right after a full collection, so freezing keeps no garbage alive."""
        gc.collect(2)
        gc.freeze()

    def hold(self) -> None:
        """No collection until `release`: the background worker is building many long-lived objects (the
        register's 100,000 rows), which a collection on the GUI thread would walk while they are built
        (100–300 ms stalls, several times over)."""
        with self._lock:
            self.held += 1

    def release(self, freeze: bool = True) -> None:
        """Collect again; what the worker built is frozen at once (gc.freeze, no walk of it): it lives as
        long as the register, and the few objects that became garbage meanwhile are not worth a stall.
        `freeze` False: the worker's objects were short-lived (a computation whose rows are gone), nothing is
        frozen."""
        with self._lock:
            self.held = max(0, self.held - 1)
            done = not self.held
        if done and freeze:
            gc.freeze()

    @contextmanager
    def holding(self, freeze: bool = False) -> Iterator[None]:
        """Held while a background job builds many objects, from the worker itself: released when the job
        ends, however it ends, even when nobody is left to take its result (a window closed meanwhile).
        `freeze`: what the job built lives on (the register's rows) and is frozen at the end; else (the
        year's rows of a report, gone when it ends) nothing is."""
        self.hold()
        try:
            yield
        finally:
            self.release(freeze=freeze)


def gui_collector(app: QObject | None) -> GuiThreadCollector | None:
    """The collector installed on `app`, or None."""
    collector = app.findChild(GuiThreadCollector) if app is not None else None
    return collector if isinstance(collector, GuiThreadCollector) else None


def holding(collector: GuiThreadCollector | None, freeze: bool = False) -> AbstractContextManager[None]:
    """`collector.holding(freeze)` for a background job (look the collector up on the GUI thread with
    gui_collector); nothing where there is no collector (a page used without the app)."""
    return collector.holding(freeze) if collector is not None else nullcontext()


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector on `app` once (later calls return the same one)."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        gc.disable()
        return existing
    return GuiThreadCollector(app)
