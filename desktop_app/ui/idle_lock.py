"""The idle lock: after some minutes without keyboard or mouse input the app covers its windows and asks for
the password again. Nothing is closed, so whatever the clerk was typing is still there after unlocking."""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QVBoxLayout, QWidget

_INPUT_EVENTS = frozenset(
    (
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    )
)
CHECK_INTERVAL_MS = 10_000


class IdleWatcher(QObject):
    """Emits `idle` once the application has had no user input for `minutes`. `clock` is for tests."""

    idle = Signal()

    def __init__(
        self,
        minutes: int,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.minutes = minutes
        self.paused = False
        self.last_input = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self.paused:
            self.last_input = self.clock()
        return False

    def check(self) -> None:
        if self.paused:
            return
        if self.clock() - self.last_input >= self.minutes * 60:
            self.idle.emit()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class Curtain(QWidget):
    """An opaque cover over one window's contents while the app is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_curtain")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lock_curtain { background: #eceff1; }")
        label = QLabel(self.tr("Đã khóa — nhập mật khẩu để làm việc tiếp."), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QVBoxLayout(self)
        box.addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False


def cover_windows() -> list[Curtain]:
    """A curtain over every visible top-level window (main window and open dialogs); progress dialogs show
    no data and close on their own when their job ends, so they stay as they are."""
    return [
        Curtain(w)
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.isWindow() and not isinstance(w, QProgressDialog)
    ]


def remove_curtains(curtains: list[Curtain]) -> None:
    """Take the curtains away; one whose window has gone in the meantime is skipped."""
    for curtain in curtains:
        if not shiboken6.isValid(curtain):
            continue
        parent = curtain.parentWidget()
        if parent is not None:
            parent.removeEventFilter(curtain)
        curtain.hide()
        curtain.deleteLater()
