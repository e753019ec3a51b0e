"""Garbage collection on the GUI thread only.

Python runs a cyclic garbage collection in whichever thread happens to allocate. When that is the background
worker (ui/tasks.py), Qt widgets caught in a reference cycle (a dialog whose callbacks refer back to it) are
destroyed outside the GUI thread, which crashes Qt ("Segmentation fault" while the worker is in a query).
So automatic collection is switched off and the same generational thresholds are applied from a timer on
the GUI thread instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


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
        self.destroyed.connect(lambda *_: gc.enable())

    def check(self) -> None:
        first, second, third = gc.get_count()
        if first > self.thresholds[0]:
            gc.collect(0)
            if second > self.thresholds[1]:
                gc.collect(1)
                if third > self.thresholds[2]:
                    gc.collect(2)


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector on `app` once (later calls return the same one)."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        gc.disable()
        return existing
    return GuiThreadCollector(app)
