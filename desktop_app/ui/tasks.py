"""Background work: Qt-free jobs on a worker thread; progress and outcome delivered on the GUI thread.

The worker thread never touches a Qt object, not even by dropping the last reference to one:
- it only puts plain tuples into a queue, which a timer on the GUI thread drains (emitting Qt signals from
  a worker thread can deadlock: the worker waits for the GIL while holding one of Qt's signal–slot
  mutexes, and the GUI thread holds the GIL while waiting for that mutex);
- the job and its callbacks (closures that hold widgets) stay referenced by the GUI thread until it has
  handled the job's outcome, and the worker drops its own references before reporting the outcome, so a
  PySide object is never freed on the worker thread (that crashes).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from desktop_app.domain.errors import Cancelled, DomainError
from desktop_app.ui.i18n import error_text, loggable_error

Job = Callable[[Callable[[int, int], None], threading.Event], Any]

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class _Task:
    job: Job
    cancel: threading.Event
    on_success: Callable[[Any], None]
    on_failure: Callable[[BaseException], None]
    on_progress: Callable[[int, int], None] | None
    on_cancelled: Callable[[], None] | None


def _outcome(job: Job, cancel: threading.Event, progress: Callable[[int, int], None]) -> tuple[str, Any]:
    try:
        return "succeeded", job(progress, cancel)
    except Cancelled:
        return "cancelled", None
    except DomainError as err:
        return "failed", err
    except Exception as err:  # reported on the GUI thread, never lost
        log.error("Background job failed: %s", loggable_error(type(err), err.__traceback__))
        return "failed", err


class _Counter:
    """Jobs whose outcome the worker has reported (read by wait())."""

    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()


def _work(
    inbox: queue.SimpleQueue[tuple[int, Job, threading.Event] | None],
    outbox: queue.SimpleQueue[Any],
    reported: _Counter,
) -> None:
    """The worker thread: runs jobs one after another; plain Python only."""
    while True:
        item = inbox.get()
        if item is None:
            return
        task_id, job, cancel = item
        del item

        def progress(done: int, total: int, task_id: int = task_id) -> None:
            outbox.put((task_id, "progress", (done, total)))

        kind, value = _outcome(job, cancel, progress)
        del job, cancel, progress  # the GUI thread still holds them: never the last reference here
        outbox.put((task_id, kind, value))
        del value
        with reported.lock:
            reported.value += 1


class TaskRunner(QObject):
    """Runs one database writer at a time (one worker thread); callbacks run on the GUI thread."""

    POLL_MS = 25

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inbox: queue.SimpleQueue[tuple[int, Job, threading.Event] | None] = queue.SimpleQueue()
        self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._tasks: dict[int, _Task] = {}
        self._next_id = 0
        self._reported = _Counter()
        self._thread: threading.Thread | None = None
        inbox = self._inbox
        self.destroyed.connect(lambda *_: inbox.put(None))  # ends the worker thread with its runner
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
        self._next_id += 1
        self._tasks[self._next_id] = _Task(job, cancel, on_success, on_failure, on_progress, on_cancelled)
        if self._thread is None:
            self._thread = threading.Thread(
                target=_work, args=(self._inbox, self._outbox, self._reported), name="pcmd-task", daemon=True
            )
            self._thread.start()
        self._inbox.put((self._next_id, job, cancel))
        if not self._timer.isActive():
            self._timer.start()
        return cancel

    def busy(self) -> bool:
        return bool(self._tasks)

    def _drain(self) -> None:
        batch: list[tuple[int, str, Any]] = []
        while True:
            try:
                batch.append(self._outbox.get_nowait())
            except queue.Empty:
                break
        last_progress = {task_id: i for i, (task_id, kind, _) in enumerate(batch) if kind == "progress"}
        for index, (task_id, kind, value) in enumerate(batch):
            task = self._tasks.get(task_id)
            if task is None:
                continue
            if kind == "progress":
                if task.on_progress is not None and last_progress[task_id] == index:
                    task.on_progress(*value)  # only the latest progress of a job is shown
                continue
            del self._tasks[task_id]  # the job and its callbacks are freed here, on the GUI thread
            if kind == "succeeded":
                task.on_success(value)
            elif kind == "failed":
                task.on_failure(value)
            elif task.on_cancelled is not None:
                task.on_cancelled()
        if not self._tasks:
            self._timer.stop()

    def wait(self, msecs: int = -1) -> bool:
        """Wait until every started job has ended (their callbacks run on the next timer tick)."""
        deadline = None if msecs < 0 else time.monotonic() + msecs / 1000
        while True:
            with self._reported.lock:
                if self._reported.value >= self._next_id:
                    return True
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.01)


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
    # Qt starts the 400 ms only once the value is at its minimum; otherwise a job that reports no progress
    # yet (a print's first page) shows nothing for 4 seconds.
    dialog.setValue(0)

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


@dataclass(frozen=True, slots=True)
class SaveOptions:
    """What an action that writes a file (export a list, print forms) asks and tells the clerk."""

    title: str  # the save dialog's title
    default_name: str  # the suggested file name; its extension is added when the clerk leaves it out
    file_filter: str  # "Excel (*.xlsx)", "PDF (*.pdf)"
    label: str  # the progress dialog's text
    done_text: Callable[[int, str], str]  # (rows written, file name) → the message when done
    failure_text: str  # the message for an unexpected failure (a DomainError shows its own text)


def save_with_progress(
    runner: TaskRunner,
    parent: QWidget,
    ui_state: Any,
    options: SaveOptions,
    job: Callable[[str, Callable[[int, int], None], threading.Event], int],
    on_done: Callable[[str], None] | None = None,
) -> None:
    """Ask where to save (starting in the last folder used), then write the file off the GUI thread with
    a progress dialog and Cancel; tell the clerk how it went. `job(path, progress, cancel)` returns a count.
    """
    title, default_name, file_filter, label = (
        options.title,
        options.default_name,
        options.file_filter,
        options.label,
    )
    done_text, failure_text = options.done_text, options.failure_text
    suffix = Path(default_name).suffix
    folder = ui_state.last_folder if ui_state is not None else ""
    suggested = str(Path(folder) / default_name) if folder else default_name
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not path:
        return
    if not path.lower().endswith(suffix):
        path += suffix
    if ui_state is not None:
        ui_state.last_folder = str(Path(path).parent)

    def work(progress: Callable[[int, int], None], cancel: threading.Event) -> int:
        return job(path, progress, cancel)

    def done(count: int) -> None:
        if on_done is not None:
            on_done(path)
        show_file_written(parent, parent.tr("Đã xong"), done_text(count, Path(path).name), path)

    def failed(err: BaseException) -> None:
        text = error_text(err) if isinstance(err, DomainError) else failure_text
        QMessageBox.warning(parent, parent.tr("Chưa ghi được tệp"), text)

    run_with_progress(runner, parent, label, work, done, failed)


def open_path(path: str) -> bool:
    """Open a file or folder with the program Windows associates with it; False when that failed."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def show_file_written(parent: QWidget, title: str, text: str, path: str) -> None:
    """Tell the clerk a file was written, offering to open it or the folder that holds it."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    open_file = box.addButton(parent.tr("Mở &tệp"), QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton(parent.tr("Mở thư &mục"), QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(parent.tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is open_file:
        target = path
    elif clicked is open_folder:
        target = str(Path(path).parent)
    else:
        return
    if not open_path(target):
        QMessageBox.warning(
            parent,
            parent.tr("Không mở được"),
            parent.tr(
                "Máy chưa có chương trình mở được «{target}». Tệp đã ghi ở thư mục «{folder}»; "
                "hãy mở thư mục đó bằng File Explorer."
            ).format(target=Path(target).name, folder=Path(path).parent),
        )
