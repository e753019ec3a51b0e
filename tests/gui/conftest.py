"""GUI fixtures: Vietnamese typing offscreen, services over a temporary database, temp QSettings."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services
from desktop_app.ui.gc_guard import collect_on_gui_thread
from desktop_app.ui.settings import UiState


def type_text(widget: QWidget, text: str) -> None:
    """Type Vietnamese the way an IME (Unikey, EVKey) commits it; qtbot.keyClicks aborts on non-ASCII."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def when_modal(handler: Callable[[QWidget], None]) -> None:
    """Run `handler` on the next modal dialog once it is shown (before exec() returns)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
            return
        try:
            handler(dialog)
        except BaseException:
            dialog.close()  # a failed check must not leave the test waiting on an open modal dialog
            raise

    QTimer.singleShot(0, poll)


def answer_unsaved(choice: str, asked: list[str] | None = None) -> None:
    """Answer the next «Bỏ các thay đổi?» question with «Bỏ thay đổi» or «Tiếp tục nhập»."""
    from PySide6.QtWidgets import QMessageBox

    def click(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), box
        if asked is not None:
            asked.append(box.text())
        (button,) = [b for b in box.buttons() if b.text() == choice]
        button.click()

    when_modal(click)


@pytest.fixture
def gui_services(tmp_path: Path) -> Iterator[Services]:
    services = open_services(tmp_path / "gui.sqlite3", actor=SYSTEM)
    yield services
    services.close()
    # Finalise this test's leftovers (widgets, sessions, SQLCipher connections) now, while no worker thread
    # runs, rather than in a garbage collection during a later test whose worker is inside SQLCipher: CI
    # once crashed in such a collection.
    gc.collect()


@pytest.fixture
def ui_state(tmp_path: Path) -> UiState:
    return UiState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def gui_thread_garbage_collection(qapp: QApplication) -> Iterator[None]:
    """As in the app: Python's cyclic garbage is collected on the GUI thread only (ui/gc_guard.py); the
    tests without Qt that follow collect as usual."""
    collect_on_gui_thread(qapp)
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def no_unexpected_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning box nobody expected fails the test at once instead of waiting modally for a click."""
    from PySide6.QtWidgets import QMessageBox

    def fail(_parent: object, title: str, text: str, *_args: object, **_kwargs: object) -> None:
        raise AssertionError(f"unexpected message box «{title}»: {text}")

    monkeypatch.setattr(QMessageBox, "warning", fail)
    monkeypatch.setattr(QMessageBox, "critical", fail)


def show_main_window(qtbot: Any, services: Services, ui_state: UiState) -> Any:
    """The main window of a configured office, shown (and closed with the test)."""
    from desktop_app.app import build_main_window, create_application
    from tests.conftest import configure

    create_application()
    configure(services)
    window = build_main_window(services, ui_state)
    qtbot.addWidget(window)
    window.show()
    return window
