"""Backup, restore and check from the File menu: a verified copy into a chosen folder; a restore that is
checked, confirmed, run once the window has let go of the data, and reported; the administrator's check."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.app import _restore, build_main_window
from desktop_app.domain.audit import AuditFilter
from desktop_app.domain.commitments import CommitmentInput
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.data_check import ALL_GOOD
from desktop_app.ui.settings import UiState
from tests.conftest import configure, sample_input


def test_backup_to_a_chosen_folder_then_restore_it(
    qtbot: QtBot,
    gui_services: Services,
    ui_state: UiState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(gui_services)
    gui_services.businesses.create(sample_input(gui_services, name="Nhà nghỉ Bình An"))
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    assert window.backup_action.isEnabled() and window.restore_action.isEnabled()

    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    (made,) = usb.glob("pcmd-*.sqlite3")
    assert shown == [f"Đã sao lưu vào «{made}». Bản sao đã được kiểm tra."]

    # A business added after the backup is gone once the backup is restored.
    gui_services.businesses.create(sample_input(gui_services, name="Karaoke mới", registration_number="K2"))
    broken = tmp_path / "hong.sqlite3"
    broken.write_text("không phải dữ liệu")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    window.restore_action.trigger()
    assert warnings == ["Tệp «hong.sqlite3» không phải là bản sao lưu của PCMD Desk."]
    assert window.restore_requested is None and window.isVisible()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(made), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.restore_action.trigger()
    assert window.restore_requested == str(made) and not window.isVisible()

    live = Path(gui_services.location)
    restorer = gui_services.db.actor
    gui_services.close()
    shown.clear()
    _restore(live, str(made), restorer)
    assert shown[0].startswith("Đã khôi phục dữ liệu từ «")
    reopened = open_services(live, actor=SYSTEM)
    try:
        assert [r.name for r in reopened.businesses.rows()] == ["Nhà nghỉ Bình An"]
        (entry,) = [
            r for r in reopened.audit.entries(AuditFilter(entity="backup")).rows if r.action == "restore"
        ]
        assert made.name in entry.changes
    finally:
        reopened.close()


def test_the_administrators_check_from_the_file_menu(
    qtbot: QtBot,
    gui_services: Services,
    ui_state: UiState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(gui_services)
    business = gui_services.businesses.create(sample_input(gui_services, name="Nhà nghỉ Bình An"))
    scan = tmp_path / "cam-ket.pdf"
    scan.write_bytes(b"%PDF-1.4 the signed form")
    gui_services.commitments.record(CommitmentInput(business, "05/03/2026"), [scan])
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    assert window.check_action.isEnabled()  # the services' system actor is an administrator
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    window.check_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == [ALL_GOOD]

    for kept in (Path(gui_services.location).parent / "attachments").iterdir():
        kept.unlink()  # the scans are lost
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    window.check_action.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    (text,) = warnings
    assert text.startswith("• Bản chụp số 1: Không tìm thấy tệp bản chụp") and "sao-luu\\attachments" in text
