"""Trợ giúp → Hướng dẫn sử dụng (F1): the Vietnamese guide shipped with the app, at the page's section."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.paths import resource
from desktop_app.selftest import REQUIRED_RESOURCES
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.help_dialog import HelpDialog, heading_anchors
from desktop_app.ui.settings import UiState
from tests.gui.conftest import show_main_window


def _heading_in_view(dialog: HelpDialog, title: str) -> bool:
    """The section's heading is inside the visible part of the guide."""
    browser = dialog.browser
    document = browser.document()
    found = document.find(title, 0, document.FindFlag.FindCaseSensitively)
    while not found.isNull() and found.block().text() != title:
        found = document.find(title, found, document.FindFlag.FindCaseSensitively)
    assert not found.isNull(), f"no heading «{title}» in the guide"
    top = document.documentLayout().blockBoundingRect(found.block()).top()
    top -= browser.verticalScrollBar().value()
    return -2 <= top < browser.viewport().height() - 20


def test_f1_opens_the_guide_at_the_section_of_each_page(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)
    qtbot.waitExposed(window)
    assert window.guide_action.shortcut() == QKeySequence(Qt.Key.Key_F1)
    assert window.guide_action.text().replace("&", "") == "Hướng dẫn sử dụng"

    window.nav.setCurrentRow(window.pages.indexOf(window.commitment_page))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Hướng dẫn sử dụng"
    assert "Hướng dẫn sử dụng PCMD Desk" in dialog.browser.toPlainText()  # the shipped guide, read offline
    assert dialog.browser.verticalScrollBar().value() > 0
    assert _heading_in_view(dialog, "Cam kết")
    assert not _heading_in_view(dialog, "Lần đầu sử dụng")

    seen = []
    for row in range(window.nav.count()):
        title = window.nav.item(row).text()
        window.nav.setCurrentRow(row)
        window.guide_action.trigger()
        assert window.help_dialog is dialog  # one guide window, moved to the section
        assert _heading_in_view(dialog, title), title
        seen.append(title)
    expected = {"Trang đầu", "Cơ sở kinh doanh", "Rà soát định kỳ", "Hoạt động xã, phường", "Báo cáo"}
    assert expected <= set(seen)
    dialog.close()
    window.close()


def test_the_guide_ships_with_the_app_and_its_links_stay_inside() -> None:
    assert "help/huong-dan.md" in REQUIRED_RESOURCES
    text = resource("help", "huong-dan.md").read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text  # offline: nothing to fetch
    anchors = set(heading_anchors(text)) - {""}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links <= anchors
    pages = {"trang-dau", "co-so", "cam-ket", "kiem-tra", "ra-soat", "hoat-dong", "ho-tro", "bao-cao"}
    assert pages <= anchors
    assert "F1" in text and "Đánh dấu nhập nhầm" in text


def test_every_anchor_of_the_markdown_is_on_its_heading_in_the_window(qtbot: QtBot) -> None:
    """Qt's Markdown reader drops the `<a name>` lines: the dialog puts each back on the heading below it."""
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = resource("help", "huong-dan.md").read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    named = {}
    block = dialog.browser.document().begin()
    while block.isValid():
        for fragment in (it.fragment() for it in block):
            for name in fragment.charFormat().anchorNames():
                named[name] = block.text()
        block = block.next()
    expected = {a: h for a, h in zip(heading_anchors(text), headings, strict=True) if a}
    assert named == expected
    assert "<a name" not in dialog.browser.toPlainText()  # the markers themselves are not shown
    dialog.show_section("")
    qtbot.waitExposed(dialog)
    dialog.browser.anchorClicked.emit(QUrl("#sao-luu"))  # a link of the table of contents
    assert _heading_in_view(dialog, "Sao lưu và khôi phục")


def test_the_guide_opens_at_the_top_outside_a_page(qtbot: QtBot) -> None:
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    dialog.show_section("phim-tat")
    qtbot.waitExposed(dialog)
    assert _heading_in_view(dialog, "Phím tắt")
    dialog.show_section("")
    assert dialog.browser.verticalScrollBar().value() == 0
    assert _heading_in_view(dialog, "Hướng dẫn sử dụng PCMD Desk")
