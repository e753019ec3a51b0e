"""The main window by keyboard: page shortcuts, Ctrl+N per page, Tab through tables, the shortcut list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QToolBar, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.app import build_main_window, create_application
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.case_dialogs import NewCaseDialog
from desktop_app.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from desktop_app.ui.dialogs.visit_dialog import VisitDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.settings import UiState
from tests.conftest import configure, sample_input
from tests.gui.conftest import when_modal

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: QtBot, gui_services: Services, ui_state: UiState) -> MainWindow:
    create_application()
    configure(gui_services)
    for i in range(3):
        gui_services.businesses.create(
            sample_input(gui_services, name=f"Nhà nghỉ {i}", registration_number=str(i))
        )
    widget = build_main_window(gui_services, ui_state)
    qtbot.addWidget(widget)
    widget.resize(1366, 728)
    widget.show()
    qtbot.waitExposed(widget)
    activate(qtbot, widget)
    return widget


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Shortcuts work in the active window (offscreen, a closed dialog does not hand activation back)."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


def test_ctrl_and_a_digit_open_each_page_with_the_keyboard_on_it(qtbot: QtBot, window: MainWindow) -> None:
    window.nav.setFocus()
    for digit, page in (
        (Qt.Key.Key_3, window.commitment_page),
        (Qt.Key.Key_1, window.start_page),
        (Qt.Key.Key_4, window.inspection_page),
        (Qt.Key.Key_2, window.business_page),
    ):
        press(qtbot, digit, CTRL)
        assert window.pages.currentWidget() is page
        assert window.nav.currentRow() == window.pages.indexOf(page)
        focus = QApplication.focusWidget()
        assert focus is not None and page.isAncestorOf(focus)


def test_ctrl_n_adds_on_the_page_shown(qtbot: QtBot, window: MainWindow) -> None:
    opened: list[QWidget] = []

    def close(dialog: QWidget) -> None:
        opened.append(dialog)
        dialog.close()  # nothing typed: closes without a question

    press(qtbot, Qt.Key.Key_4, CTRL)  # Kiểm tra
    when_modal(close)
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: len(opened) == 1)  # a button's shortcut clicks it after a short animation
    assert isinstance(opened[0], VisitDialog)
    assert window.case_page is not None
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_7, CTRL)  # Hỗ trợ hoàn lương
    assert window.pages.currentWidget() is window.case_page
    when_modal(close)
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert isinstance(opened[1], NewCaseDialog)


def test_tab_into_the_register_selects_a_row_and_tab_leaves_it(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, Qt.Key.Key_2, CTRL)  # the window opens on Trang đầu; the register is the second page
    page = window.business_page
    assert not page.edit_action.isEnabled()
    page.inspection_filter.setFocus()  # the last filter before the table
    press(qtbot, Qt.Key.Key_Tab)
    assert page.table.hasFocus()
    assert page.selected_id() is not None and page.edit_action.isEnabled()
    press(qtbot, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()
    for _ in range(10):  # the page list comes round by Tab too
        if window.nav.hasFocus():
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert window.nav.hasFocus()


def test_toolbar_buttons_take_the_keyboard(window: MainWindow) -> None:
    buttons = [b for bar in window.findChildren(QToolBar) for b in bar.findChildren(QToolButton)]
    texts = {b.text() for b in buttons}
    assert "Thêm cơ sở" in texts
    for button in buttons:
        if button.defaultAction() is not None:
            assert button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_commune_filter_finds_a_commune_without_xa_and_accents(qtbot: QtBot, window: MainWindow) -> None:
    combo = window.business_page.commune_filter
    combo.setFocus()
    qtbot.keyClicks(combo, "chieng")
    assert combo.currentText() == "Xã Chiềng Mung"


def test_help_lists_the_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    seen: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, ShortcutsDialog)
        seen.append(dialog.findChild(QLabel).text())
        dialog.close()

    when_modal(read)
    window.shortcuts_action.trigger()
    (text,) = seen
    assert "Ctrl+2 Cơ sở kinh doanh" in text and "Ctrl+S" in text and "Bỏ các thay đổi?" in text
