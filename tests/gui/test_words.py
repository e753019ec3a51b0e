"""One name per action, the ellipsis that announces a dialog, wherever the clerk meets them."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QToolButton
from pytestqt.qtbot import QtBot

from desktop_app.app import build_main_window, create_application
from desktop_app.services.app_services import Services
from desktop_app.ui.settings import UiState
from tests.conftest import configure


def test_marking_a_mistake_has_one_name_and_toolbars_keep_the_ellipsis(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    texts = {b.text() for b in window.findChildren(QAbstractButton)}
    texts |= {a.text() for a in window.findChildren(QAction)}
    mistakes = {t.replace("&", "") for t in texts if "nhầm" in t}
    assert mistakes == {"Đánh dấu nhập nhầm", "Hiện bản ghi nhập nhầm"}
    inspections = window.inspection_page  # two buttons of one name on one tab: their tooltips tell them apart
    assert inspections.void_round_button.toolTip() != inspections.void_visit_button.toolTip()

    shown = {
        button.text()
        for button in window.business_page.toolbar.findChildren(QToolButton)
        if button.defaultAction() is not None
    }
    assert {"Nhập từ Excel…", "Xuất Excel…", "Cam kết…", "Kiểm tra…", "Thêm cơ sở"} <= shown
    assert "Xuất Excel" not in shown and "Nhập từ Excel" not in shown
    window.close()
