"""Cyclic garbage is collected on the GUI thread only: a collection that the background worker happened to
trigger destroyed dialogs caught in reference cycles outside the GUI thread and crashed the app."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop_app.app import create_application
from desktop_app.ui.gc_guard import GuiThreadCollector, collect_on_gui_thread


class _CyclicDialog(QDialog):
    """A dialog that refers to itself through a callback, as data-entry forms do."""

    def __init__(self) -> None:
        super().__init__()
        self.callback = self.accept


def test_the_app_collects_on_the_gui_thread_only(qtbot: QtBot) -> None:
    gc.enable()
    app = create_application()
    assert isinstance(app.findChild(GuiThreadCollector), GuiThreadCollector)
    assert collect_on_gui_thread(app) is app.findChild(GuiThreadCollector)  # installed once
    assert not gc.isenabled()  # no thread triggers a collection by allocating


def test_a_dialog_in_a_cycle_is_destroyed_on_the_gui_thread(qtbot: QtBot) -> None:
    create_application()
    destroyed_in: list[str] = []
    dialog = _CyclicDialog()
    dialog.destroyed.connect(lambda *_: destroyed_in.append(threading.current_thread().name))
    gone = weakref.ref(dialog)
    del dialog

    def allocate() -> None:  # what the worker does while a query runs: allocate, a lot
        junk = [[index] for index in range(200_000)]
        del junk

    worker = threading.Thread(target=allocate, name="pcmd-task")
    worker.start()
    worker.join()
    assert gone() is not None  # the worker's allocations collected nothing
    collector = QApplication.instance().findChild(GuiThreadCollector)  # type: ignore[union-attr]
    assert isinstance(collector, GuiThreadCollector)
    kept = collector.thresholds
    collector.thresholds = (0, 0, 0)  # the next tick collects every generation
    try:
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)  # by the timer, on the GUI thread
    finally:
        collector.thresholds = kept
    assert destroyed_in in ([], [threading.main_thread().name])


def test_what_survives_a_full_collection_is_not_walked_again(qtbot: QtBot) -> None:
    create_application()
    collector = QApplication.instance().findChild(GuiThreadCollector)  # type: ignore[union-attr]
    assert isinstance(collector, GuiThreadCollector)
    register = [[index] for index in range(50_000)]  # long-lived, tracked objects, as a loaded register
    size = len(register)
    try:
        kept = collector.thresholds
        collector.thresholds = (0, 0, 0)  # the next tick collects every generation
        try:
            qtbot.waitUntil(lambda: gc.get_freeze_count() >= size, timeout=5000)
        finally:
            collector.thresholds = kept
        assert gc.get_count()[2] == 0  # a later full collection walks only what was made since
        dialog = _CyclicDialog()  # garbage made after the freeze is still collected
        gone = weakref.ref(dialog)
        del dialog
        collector.collect_all()
        assert gone() is None
    finally:
        gc.unfreeze()
        register.clear()
