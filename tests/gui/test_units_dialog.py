"""Tệp → Sắp xếp địa bàn theo đơn vị hành chính mới…: the real dialog on a pre-2025 district office."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.units import NEEDS_CHOICE
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.units_dialog import NEW_COLUMN, UnitsDialog
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.gui.conftest import show_main_window, when_modal
from tests.units_setup import add_business, legacy_district_office


@pytest.fixture
def office(gui_services: Services) -> tuple[Services, int, int]:
    legacy_district_office(gui_services, "Tuyên Quang", "Thành phố Tuyên Quang")
    kim_phu = add_business(gui_services, "Nhà hàng Kim Phú", "Xã Kim Phú", address="Thôn 7")
    tan_quang = add_business(gui_services, "Nhà nghỉ Bình Thuận", "Phường Tân Quang")
    return gui_services, kim_phu, tan_quang


def _dialog(qtbot: QtBot, services: Services, ui_state: UiState) -> UnitsDialog:
    dialog = UnitsDialog(services.units, TaskRunner(), ui_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    return dialog


def _visible_rows(dialog: UnitsDialog) -> list[str]:
    rows = range(dialog.table.rowCount())
    return [dialog.table.item(r, 1).text() for r in rows if not dialog.table.isRowHidden(r)]


def test_the_clerk_chooses_for_a_split_commune_then_moves_the_register(
    qtbot: QtBot, office: tuple[Services, int, int], ui_state: UiState
) -> None:
    services, kim_phu, tan_quang = office
    dialog = _dialog(qtbot, services, ui_state)
    assert dialog.effective.text() == "01/07/2025"
    assert "Chuyển: 1 · Giữ nguyên: 0 · Cần chọn: 1 (đã chọn 0)" in dialog.counts.text()
    assert _visible_rows(dialog) == ["Nhà hàng Kim Phú", "Nhà nghỉ Bình Thuận"]
    moved_row = next(r for r in range(2) if dialog.table.item(r, 0).text() == str(tan_quang))
    assert dialog.table.item(moved_row, NEW_COLUMN).text() == "Phường Minh Xuân"

    dialog.only_choices.setChecked(True)  # the "cần chọn" filter
    assert _visible_rows(dialog) == ["Nhà hàng Kim Phú"]

    # Without a choice nothing is written and the dialog says which business waits.
    before = [(c.code, c.valid_to) for c in services.office.communes(True)]
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Chưa chọn xã, phường mới" in dialog.message.text(), timeout=10000)
    assert "«Nhà hàng Kim Phú»" in dialog.message.text()
    assert [(c.code, c.valid_to) for c in services.office.communes(True)] == before
    assert services.businesses.row(kim_phu).commune_name == "Xã Kim Phú"

    box = dialog.choice_boxes[kim_phu]
    assert isinstance(box, QComboBox) and box.count() == 3  # «— chọn —» and the two candidates
    box.setCurrentIndex(box.findText("Phường Mỹ Lâm", Qt.MatchFlag.MatchStartsWith))
    assert "(đã chọn 1)" in dialog.counts.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.moved == 0, timeout=10000)

    assert "Đã chuyển 2 cơ sở sang xã, phường mới từ ngày 01/07/2025" in dialog.message.text()
    assert services.businesses.row(kim_phu).commune_name == "Phường Mỹ Lâm"
    assert services.businesses.row(tan_quang).commune_name == "Phường Minh Xuân"
    # A second look: nothing left to move.
    assert dialog.preview.unchanged == 2 and dialog.preview.ending == ()
    assert all(row.status != NEEDS_CHOICE for row in dialog.preview.rows)


def test_a_bad_date_is_shown_beside_its_field(
    qtbot: QtBot, office: tuple[Services, int, int], ui_state: UiState
) -> None:
    services, _, _ = office
    dialog = _dialog(qtbot, services, ui_state)
    dialog.effective.setText("30/06/2025")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "từ 01/07/2025" in dialog.message.text(), timeout=10000)
    assert not dialog.apply_button.isEnabled()
    dialog.effective.setText("31/02/2026")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text("effective_on").startswith("Ngày không hợp lệ")


def test_the_file_menu_opens_it_for_an_administrator(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)
    assert window.units_action.text() == "Sắp xếp địa bàn theo đơn vị &hành chính mới…"
    assert window.units_action.isEnabled()
    seen: list[str] = []

    def close(dialog: QWidget) -> None:
        seen.append(dialog.windowTitle())
        dialog.close()

    when_modal(close)
    window.units_action.trigger()
    assert seen == ["Sắp xếp địa bàn theo đơn vị hành chính mới"]
