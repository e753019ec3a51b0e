"""Garbage collection on the GUI thread only.

Python runs a cyclic garbage collection in whichever thread happens to allocate. When that is the background
worker (ui/tasks.py), Qt widgets caught in a reference cycle (a dialog whose callbacks refer back to it) are
destroyed outside the GUI thread, which crashes Qt ("Segmentation fault" while the worker is in a query).
So automatic collection is switched off and the same generational thresholds are applied from a timer on
the GUI thread instead.
"""

from __future__ import annotations

import gc
import time

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
        self.held += 1

    def release(self, freeze: bool = True) -> None:
        """Collect again; what the worker built is frozen at once (gc.freeze, no walk of it): it lives as
        long as the register, and the few objects that became garbage meanwhile are not worth a stall.
        `freeze` False: the worker's objects were short-lived (a computation whose rows are gone), nothing is
        frozen."""
        self.held = max(0, self.held - 1)
        if not self.held and freeze:
            gc.freeze()


def held_collections(app: QObject | None) -> GuiThreadCollector | None:
    """The collector installed on `app`, held (see GuiThreadCollector.hold); None when there is none."""
    collector = app.findChild(GuiThreadCollector) if app is not None else None
    if not isinstance(collector, GuiThreadCollector):
        return None
    collector.hold()
    return collector


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector on `app` once (later calls return the same one)."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        gc.disable()
        return existing
    return GuiThreadCollector(app)
