"""A demo database says so in the main window's title bar; the office's real data does not."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.app import build_main_window
from desktop_app.services.app_services import Services
from desktop_app.ui.settings import UiState
from tests.conftest import configure, sample_input


def test_the_title_bar_says_demo_data_only_on_a_demo_database(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    configure(gui_services)
    gui_services.businesses.create(sample_input(gui_services, name="Nhà nghỉ Bình An"))
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    assert "DỮ LIỆU MẪU" not in window.windowTitle()
    gui_services.demo.fill(5, seed=1, force=True)
    demo_window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(demo_window)
    assert demo_window.windowTitle().endswith("— DỮ LIỆU MẪU (không phải số liệu thật)")
