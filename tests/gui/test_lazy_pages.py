"""Start-up: the main window builds the start page and the register with itself, every other page on its first
visit; the start page counts its reminders off the GUI thread."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from desktop_app.domain.commitments import STATE_NEVER
from desktop_app.services.app_services import Services
from desktop_app.ui.pages.start_page import StartPage
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import configure, sample_input
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


def test_the_start_page_counts_its_reminders_off_the_gui_thread(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    configure(gui_services)
    gui_services.businesses.create(sample_input(gui_services, name="Nhà nghỉ Hoa Ban"))  # never signed
    start = StartPage(gui_services, runner=TaskRunner())
    qtbot.addWidget(start)
    start.reload()
    label = start.reminders[STATE_NEVER][0]
    assert label.text() == "Đang đếm…"  # the window is not held while the states are read
    qtbot.waitUntil(lambda: bool(start.counts), timeout=20000)
    assert start.count(STATE_NEVER) == 1
    assert label.text() == "<b>1</b> cơ sở đang hoạt động chưa từng ký cam kết"


def test_the_activity_and_case_pages_build_their_import_and_export_on_first_use(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lists' import and export (openpyxl and the readers, some 15 MB and 0.4 s) are not loaded by a
    visit to the page, only by the clerk's first import or export (#20)."""
    from desktop_app.ui.pages.activity_page import TAB_COMMUNICATION, TAB_TRAINING

    asked: list[str] = []
    transfer_for = gui_services.transfer_for
    monkeypatch.setattr(gui_services, "transfer_for", lambda name: asked.append(name) or transfer_for(name))
    window = show_main_window(qtbot, gui_services, ui_state)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    for title in ("Hoạt động xã, phường", "Hỗ trợ hoàn lương"):
        window.go_to_page(titles.index(title))
    assert window.activity_page is not None and window.case_page is not None
    assert asked == []
    transfers = window.activity_page._transfers
    assert transfers[TAB_COMMUNICATION]() is gui_services.communication_transfer
    assert transfers[TAB_TRAINING]() is gui_services.training_transfer
    assert window.case_page._transfer is not None
    assert window.case_page._transfer() is gui_services.case_transfer
    assert window.case_page.export_button.isVisibleTo(window.case_page)
