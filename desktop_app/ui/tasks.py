"""Background work: Qt-free jobs on a thread pool; progress and outcome delivered on the GUI thread."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.domain.errors import Cancelled, DomainError

Job = Callable[[Callable[[int, int], None], threading.Event], Any]


class _Signals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, job: Job, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self._job, self._signals, self._cancel = job, signals, cancel

    def run(self) -> None:
        try:
            result = self._job(self._signals.progress.emit, self._cancel)
        except Cancelled:
            self._signals.cancelled.emit()
        except DomainError as err:
            self._signals.failed.emit(err)
        except Exception as err:  # reported on the GUI thread, never lost
            traceback.print_exc()
            self._signals.failed.emit(err)
        else:
            self._signals.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs one database writer at a time (a pool of one); callbacks are connected before the job starts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._keep: set[_Signals] = set()

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
        signals = _Signals()
        self._keep.add(signals)

        def done() -> None:
            self._keep.discard(signals)

        signals.succeeded.connect(on_success, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(on_failure, Qt.ConnectionType.QueuedConnection)
        if on_progress is not None:
            signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        if on_cancelled is not None:
            signals.cancelled.connect(on_cancelled, Qt.ConnectionType.QueuedConnection)
        for signal in (signals.succeeded, signals.failed, signals.cancelled):
            signal.connect(done, Qt.ConnectionType.QueuedConnection)
        self._pool.start(_Runnable(job, signals, cancel))
        return cancel

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)


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
