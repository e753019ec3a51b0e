"""Background work: Qt-free jobs on a worker thread; progress and outcome delivered on the GUI thread.

The worker thread never touches a Qt object. It only puts plain tuples into a queue, which a timer on
the GUI thread drains. Emitting Qt signals or deleting PySide objects from a worker thread can deadlock
(the worker waits for the GIL while holding one of Qt's signal–slot mutexes, the GUI thread holds the
GIL and waits for that mutex); this design cannot.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.domain.errors import Cancelled, DomainError

Job = Callable[[Callable[[int, int], None], threading.Event], Any]

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class _Handlers:
    on_success: Callable[[Any], None]
    on_failure: Callable[[BaseException], None]
    on_progress: Callable[[int, int], None] | None
    on_cancelled: Callable[[], None] | None


_Event = tuple[_Handlers, str, tuple[Any, ...]]


def _run(job: Job, handlers: _Handlers, cancel: threading.Event, events: queue.SimpleQueue[_Event]) -> None:
    """Runs on the worker thread: plain Python only."""

    def progress(done: int, total: int) -> None:
        events.put((handlers, "progress", (done, total)))

    try:
        result = job(progress, cancel)
    except Cancelled:
        events.put((handlers, "cancelled", ()))
    except DomainError as err:
        events.put((handlers, "failed", (err,)))
    except Exception as err:  # reported on the GUI thread, never lost
        log.exception("Background job failed")
        events.put((handlers, "failed", (err,)))
    else:
        events.put((handlers, "succeeded", (result,)))


class TaskRunner(QObject):
    """Runs one database writer at a time (one worker thread); callbacks run on the GUI thread."""

    POLL_MS = 25

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pcmd-task")
        self._events: queue.SimpleQueue[_Event] = queue.SimpleQueue()
        self._pending: list[Future[None]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._drain)

    def start(
        self,
        job: Job,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> threading.Event:
        """Start `job`; returns the event that cancels it."""
        cancel = threading.Event()
        handlers = _Handlers(on_success, on_failure, on_progress, on_cancelled)
        self._pending.append(self._executor.submit(_run, job, handlers, cancel, self._events))
        if not self._timer.isActive():
            self._timer.start()
        return cancel

    def busy(self) -> bool:
        return any(not f.done() for f in self._pending) or not self._events.empty()

    def _drain(self) -> None:
        self._pending = [f for f in self._pending if not f.done()]
        batch: list[_Event] = []
        while True:
            try:
                batch.append(self._events.get_nowait())
            except queue.Empty:
                break
        if not self._pending and self._events.empty():
            self._timer.stop()
        for index, (handlers, kind, args) in enumerate(batch):
            if kind == "progress":
                later = batch[index + 1 :]
                if handlers.on_progress is not None and not any(h is handlers for h, _, _ in later):
                    handlers.on_progress(*args)  # only the latest progress of a job is shown
            elif kind == "succeeded":
                handlers.on_success(*args)
            elif kind == "failed":
                handlers.on_failure(*args)
            elif handlers.on_cancelled is not None:
                handlers.on_cancelled()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the running jobs to end (their callbacks run on the next timer tick)."""
        _, not_done = wait_futures(list(self._pending), timeout=None if msecs < 0 else msecs / 1000)
        return not not_done


def run_with_progress(
    runner: TaskRunner,
    parent: QWidget,
    label: str,
    job: Job,
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    on_cancelled: Callable[[], None] | None = None,
) -> QProgressDialog:
    """Run `job` with a modal progress dialog whose Cancel button stops it (shown after 400 ms)."""
    dialog = QProgressDialog(label, parent.tr("Hủy"), 0, 0, parent)
    dialog.setWindowTitle(parent.tr("Đang xử lý"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def finish(callback: Callable[..., None], *args: Any) -> None:
        dialog.close()
        dialog.deleteLater()
        callback(*args)

    cancel = runner.start(
        job,
        lambda result: finish(on_success, result),
        lambda err: finish(on_failure, err),
        progress,
        lambda: finish(on_cancelled or (lambda: None)),
    )
    dialog.canceled.connect(cancel.set)
    return dialog
