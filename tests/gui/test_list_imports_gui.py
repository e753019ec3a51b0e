"""The main window's «Nhập danh sách khác từ Excel» menu lists every dated register's list, opens the import
wizard on it (its own title and noun) and imports through it; a role that may not import a list sees it
greyed out."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from pytestqt.qtbot import QtBot

from desktop_app.domain.security import ROLE_STAFF, Actor
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.import_dialog import ImportDialog
from desktop_app.ui.settings import UiState
from tests.conftest import configure
from tests.gui.conftest import show_main_window

LISTS = ["status-changes", "employees", "case-services", "follow-ups", "hotspots", "healthy-communes"]


def test_the_menu_lists_every_register_and_imports_through_the_wizard(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)
    assert list(window.list_import_actions) == LISTS
    assert [a.text() for a in window.lists_menu.actions()] == [
        "Thay đổi trạng thái cơ sở…",
        "Người lao động ký cam kết…",
        "Các lần hỗ trợ hồ sơ…",
        "Các lần theo dõi hồ sơ…",
        "Tụ điểm…",
        "Xã, phường lành mạnh theo năm…",
    ]
    assert all(a.isEnabled() for a in window.lists_menu.actions())
    book = Workbook()
    book.active.append(["STT", "Địa điểm", "Xã/phường", "Ngày phát hiện"])
    book.active.append([1, "Gầm cầu", "Xã Cò Nòi", "01/02/2025"])
    source = tmp_path / "td.xlsx"
    book.save(source)
    seen: list[tuple[str, str]] = []

    def run_wizard(dialog: ImportDialog) -> int:
        seen.append((dialog.windowTitle(), dialog._noun))
        dialog.file_edit.setText(str(source))
        dialog.read_button.click()
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.imported == 1, timeout=10000)
        return 0

    monkeypatch.setattr(ImportDialog, "exec", run_wizard)
    window.list_import_actions["hotspots"].trigger()
    assert seen == [("Nhập danh sách tụ điểm từ Excel", "tụ điểm")]
    assert [h.place for h in gui_services.inspections.hotspots()] == ["Gầm cầu"]


def test_a_role_without_the_identity_permission_cannot_import_case_lists(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    from desktop_app.app import build_main_window, create_application

    create_application()
    configure(gui_services)
    gui_services.db.actor = Actor(None, "an.nv", ROLE_STAFF)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    enabled = {name: action.isEnabled() for name, action in window.list_import_actions.items()}
    assert enabled == {name: name not in ("case-services", "follow-ups") for name in LISTS}


def test_a_described_list_with_a_menu_label_joins_the_menu(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from desktop_app.services import registers
    from desktop_app.ui import registers as views

    extra = replace(registers.register("hotspots"), name="patrols", noun="lượt tuần tra")
    monkeypatch.setattr(registers, "REGISTERS", (*registers.REGISTERS, extra))
    view = replace(views.register_view("hotspots"), menu_label="Lượt tuần tra…")
    monkeypatch.setitem(views.REGISTER_VIEWS, "patrols", view)
    window = show_main_window(qtbot, gui_services, ui_state)
    assert list(window.list_import_actions) == [*LISTS, "patrols"]
    assert window.lists_menu.actions()[-1].text() == "Lượt tuần tra…"
