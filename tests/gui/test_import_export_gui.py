"""The import wizard and the register's export, driven through real widgets (work runs on the pool)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.services.app_services import Services
from desktop_app.ui import tasks
from desktop_app.ui.dialogs.import_dialog import ImportDialog
from desktop_app.ui.pages.business_page import BusinessPage
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import configure

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def dialog(qtbot: QtBot, gui_services: Services, ui_state: UiState) -> ImportDialog:
    configure(gui_services)
    runner = TaskRunner()
    widget = ImportDialog(gui_services.transfer, runner, ui_state)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_wizard_previews_maps_and_imports(
    qtbot: QtBot,
    dialog: ImportDialog,
    gui_services: Services,
    ui_state: UiState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog.file_edit.setText(str(DATA / "businesses_messy.xlsx"))
    dialog.read_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert dialog.sheet_combo.currentText() == "DS co so"
    assert dialog.mapping_table.rowCount() == 13
    assert "5 sẽ nhập, 2 có cảnh báo, 3 lỗi, 2 trùng" in dialog.summary_label.text()
    assert dialog.import_button.text() == "Nhập 7 cơ sở"

    dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData("error"))
    assert dialog.model.rowCount() == 3
    assert dialog.model.index(1, 3).data() == "Loại hình «Kinh doanh vàng bạc» không có trong danh mục."
    dialog.filter_combo.setCurrentIndex(0)

    # The clerk decides the "Ghi chú" column is not to be imported; the choice is remembered.
    notes_row = next(
        r
        for r in range(dialog.mapping_table.rowCount())
        if dialog.mapping_table.item(r, 0).text() == "Ghi chú"
    )
    combo = dialog.mapping_table.cellWidget(notes_row, 1)
    assert isinstance(combo, QComboBox) and combo.currentData() == "notes"
    combo.setCurrentIndex(0)
    previous = dialog.preview
    dialog.apply_mapping_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not previous, timeout=10000)
    assert ui_state.import_mapping("businesses")["ghi chu"] == "_ignore"

    rejected = tmp_path / "chua-nhap.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(rejected), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    dialog.rejected_button.click()
    assert [r[-2] for r in load_workbook(rejected).active.iter_rows(min_row=2, values_only=True)] == [
        12,
        13,
        14,
        17,
        18,
    ]

    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.imported == 7, timeout=10000)
    assert "Đã nhập 7 cơ sở" in dialog.summary_label.text()
    assert not dialog.import_button.isEnabled()
    stored = {r.name: r for r in gui_services.businesses.rows()}
    assert len(stored) == 7
    assert gui_services.businesses.detail(stored["Karaoke Đức Hưng"].id).notes == ""  # notes column ignored


def test_wizard_shows_unreadable_file_message(qtbot: QtBot, dialog: ImportDialog) -> None:
    dialog.file_edit.setText(str(DATA / "not_a_workbook.xlsx"))
    dialog.read_button.click()
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10000)
    assert "tệp bị hỏng" in dialog.error_label.text()
    assert dialog.preview is None and not dialog.import_button.isEnabled()


def test_register_exports_the_filtered_rows(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(gui_services)
    gui_services.transfer.commit(gui_services.transfer.preview(DATA / "businesses_messy.xlsx"))
    page = BusinessPage(gui_services, TaskRunner(), ui_state)
    qtbot.addWidget(page)
    page.reload()
    page.show()
    page.search_edit.setText("nha nghi")
    page.apply_filter()
    target = tmp_path / "loc"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == ["Đã xuất 2 cơ sở ra «loc.xlsx»."]
    ws = load_workbook(tmp_path / "loc.xlsx").active
    assert [ws["B6"].value, ws["B7"].value, ws["B8"].value] == [
        "Nhà nghỉ Ánh Dương",
        "Nhà nghỉ Hoàng Long",
        None,
    ]
    assert ui_state.last_folder == str(tmp_path)
