"""After a file is written the message offers to open it or its folder; progress shows within a second."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import SaveOptions, TaskRunner, run_with_progress, save_with_progress
from tests.gui.conftest import when_modal


def _write(path: str, _progress: Callable[[int, int], None], _cancel: threading.Event) -> int:
    Path(path).write_text("x", encoding="utf-8")
    return 3


def _export(qtbot: QtBot, ui_state: UiState, target: Path, button_text: str) -> list[str]:
    """Export through the real dialog flow and press `button_text` on the message; returns its text."""
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)
    seen: list[str] = []

    def press(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        [button] = [b for b in box.buttons() if b.text() == button_text]
        assert isinstance(button, QPushButton)
        button.click()

    when_modal(press)
    options = SaveOptions(
        title="Xuất",
        default_name="danh-sach.xlsx",
        file_filter="Excel (*.xlsx)",
        label="Đang xuất…",
        done_text=lambda n, name: f"Đã xuất {n} cơ sở ra «{name}».",
        failure_text="Lỗi",
    )
    save_with_progress(runner, parent, ui_state, options, _write)
    qtbot.waitUntil(lambda: len(seen) > 0, timeout=10000)
    qtbot.waitUntil(lambda: not runner.busy())
    return seen


@pytest.mark.parametrize(("button", "opened"), [("Mở &tệp", "file"), ("Mở thư &mục", "folder")])
def test_the_message_opens_the_file_or_its_folder(
    qtbot: QtBot, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, button: str, opened: str
) -> None:
    target = tmp_path / "xuat" / "danh-sach.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    seen = _export(qtbot, ui_state, target, button)
    assert seen[0] == "Đã xuất 3 cơ sở ra «danh-sach.xlsx»."
    assert sorted(seen[1:]) == sorted(["Mở &tệp", "Mở thư &mục", "Đóng"])
    qtbot.waitUntil(lambda: bool(urls))
    expected = target if opened == "file" else target.parent
    assert [Path(u.toLocalFile()) for u in urls] == [expected]


def test_closing_the_message_opens_nothing(
    qtbot: QtBot, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "danh-sach.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    _export(qtbot, ui_state, target, "Đóng")
    assert target.read_text(encoding="utf-8") == "x"
    assert urls == []


def test_a_file_that_cannot_be_opened_says_where_it_is(
    qtbot: QtBot, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "danh-sach.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    _export(qtbot, ui_state, target, "Mở &tệp")
    qtbot.waitUntil(lambda: bool(warned))
    assert "«danh-sach.xlsx»" in warned[0] and str(tmp_path) in warned[0] and "File Explorer" in warned[0]


def test_progress_shows_within_a_second_before_any_progress(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = TaskRunner(parent)
    release = threading.Event()
    finished: list[object] = []

    def slow(_progress: Callable[[int, int], None], _cancel: threading.Event) -> str:
        release.wait(10)  # a long print whose first page is not ready yet: no progress reported
        return "ok"

    dialog = run_with_progress(runner, parent, "Đang in…", slow, finished.append, finished.append)
    try:
        qtbot.waitUntil(dialog.isVisible, timeout=1000)
    finally:
        release.set()
    qtbot.waitUntil(lambda: finished == ["ok"], timeout=5000)
