"""The main window builds the start page and the register with itself, every other page on its first visit."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from desktop_app.services.app_services import Services
from desktop_app.ui.settings import UiState
from tests.gui.conftest import show_main_window

FIRST = ["start_page", "business_page"]


def test_only_the_start_page_and_the_register_are_built_at_start(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)
    assert window.built_pages() == FIRST
    assert window.pages.currentWidget() is window.start_page


def test_a_page_is_built_on_its_first_visit_and_kept(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)
    row = [window.nav.item(i).text() for i in range(window.nav.count())].index("Kiểm tra")
    window.go_to_page(row)  # what Ctrl+4 does
    assert window.nav.currentRow() == row
    assert window.built_pages() == [*FIRST, "inspection_page"]
    page = window.pages.currentWidget()
    assert page is window.inspection_page
    assert window.pages.count() == window.nav.count()  # the page took its placeholder's place
    assert window.help_section() == "kiem-tra"
    assert page.new_visit_button.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    window.go_to_page(0)
    window.go_to_page(row)
    assert window.pages.currentWidget() is page  # built once


def test_asking_for_a_page_builds_it_in_its_place(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)
    page = window.commitment_page
    assert window.pages.indexOf(page) == 2
    assert window.pages.currentWidget() is window.start_page  # built, not shown
    window.show_commitments("expired")
    assert window.pages.currentWidget() is page
