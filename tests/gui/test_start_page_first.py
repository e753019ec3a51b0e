"""The main window opens on the start page (the day's to-dos), not on the register."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.app import build_main_window, create_application
from desktop_app.services.app_services import Services
from desktop_app.ui.settings import UiState
from tests.conftest import configure


def test_the_window_opens_on_the_start_page(qtbot: QtBot, gui_services: Services, ui_state: UiState) -> None:
    create_application()
    configure(gui_services)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    assert window.nav.currentRow() == 0
    assert window.nav.currentItem().text() == "Trang đầu"
    assert window.pages.currentWidget() is window.start_page
    assert "ngày" in window.start_page.title.text()  # loaded, not the empty label of a page never shown
    window.runner.wait()
    qtbot.waitUntil(lambda: not window.runner.busy())
    window.close()
