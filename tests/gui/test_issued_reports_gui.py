"""Issuing a report from the report page: issue, re-open as sent and save its stored bytes, see what changed
since after the data changed, issue a replacement, and re-open the original from the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QFileDialog, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.services.app_services import Services
from desktop_app.ui import tasks
from desktop_app.ui.dialogs.issue_dialogs import IssueDialog, IssuedReportsDialog
from desktop_app.ui.geometry import FRAME_ALLOWANCE
from desktop_app.ui.pages.report_page import KIND_S1, ReportPage
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.gui.conftest import when_modal
from tests.gui.test_window_fit import SCREENS, _within_every_ancestor
from tests.unit.test_reports import _business, _configure, build

NEW_LABEL = "Cơ sở mới hoạt động trong kỳ"


@pytest.fixture
def page(qtbot: QtBot, gui_services: Services, ui_state: UiState) -> ReportPage:
    _configure(gui_services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(gui_services)
    widget = ReportPage(
        gui_services.reports, TaskRunner(), ui_state, can_admin=True, issued=gui_services.issued_reports
    )
    qtbot.addWidget(widget)
    widget.resize(1300, 650)
    widget.show()
    return widget


def _make(qtbot: QtBot, page: ReportPage) -> None:
    page.report = None
    page.kind.setCurrentIndex(KIND_S1)
    page.year.setValue(2026)
    page.make_button.click()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20000)


def _issue(qtbot: QtBot, page: ReportPage, number: str | None, titles: list[str]) -> None:
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IssueDialog)
        titles.append(dialog.windowTitle())
        if number is not None:
            dialog.number.setText(number)
        dialog._accept()

    page.issued_report = None
    when_modal(fill)
    page.issue_button.click()
    qtbot.waitUntil(lambda: page.issued_report is not None, timeout=30000)


def _new_businesses_total(page: ReportPage) -> str:
    for index in range(page.tabs.count()):
        if page.tabs.tabText(index) == "Biểu 1":
            table = page.tabs.widget(index).findChild(QTableWidget)
            assert table is not None
            column = next(
                c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text().endswith("Mới")
            )
            return table.item(0, column).text()
    raise AssertionError("no Biểu 1")


def test_issue_reopen_changes_and_replace(
    qtbot: QtBot, page: ReportPage, gui_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = gui_services.issued_reports
    _make(qtbot, page)
    assert page.issue_button.isEnabled() and page.issue_button.text() == "&Ban hành báo cáo…"
    sent_new = _new_businesses_total(page)
    titles: list[str] = []
    _issue(qtbot, page, "12/BC-UBND", titles)
    first = page.issued_report
    assert first is not None and first.number == "12/BC-UBND" and titles == ["Ban hành báo cáo"]
    assert "Báo cáo số 12/BC-UBND" in page.title.text() and "đã ban hành" in page.title.text()
    assert not page.xlsx_button.isVisible() and page.save_issued_button.isVisible()
    assert not page.issue_button.isEnabled()

    # «Lưu bản đã ban hành…» → PDF: the stored bytes
    target = tmp_path / "ban-hanh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    (pdf_action,) = [a for a in page.save_issued_button.menu().actions() if a.data() == "pdf"]
    pdf_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert (tmp_path / "ban-hanh.pdf").read_bytes() == issued.issued_file(first.id, "pdf")[1]

    # the data changes: the same period again shows what changed since it was issued
    _business(gui_services, "Karaoke Mới 000099", "KAR", "Xã Mường Bon", "10/02/2026")
    _make(qtbot, page)
    assert page.changes is not None and page.changes.differences
    assert page.tabs.tabText(0).startswith("Khác bản đã ban hành (")
    grid = page.tabs.widget(0).findChild(QTableWidget, "changes_since_issue")
    rows = [[grid.item(r, c).text() for c in range(4)] for r in range(grid.rowCount())]
    assert [NEW_LABEL, "Tổng số", sent_new, str(int(sent_new) + 1)] in rows
    assert "Kỳ này đã ban hành báo cáo số 12/BC-UBND" in page.title.text()
    assert page.xlsx_button.isVisible() and not page.save_issued_button.isVisible()
    assert page.issue_button.text() == "&Ban hành báo cáo thay thế…"

    _issue(qtbot, page, None, titles)  # the number the app proposes
    second = page.issued_report
    assert titles[-1] == "Ban hành báo cáo thay thế"
    assert second is not None and second.replaces_number == "12/BC-UBND" and second.number != first.number
    assert _new_businesses_total(page) == str(int(sent_new) + 1)

    # the list: re-open the original, exactly as it was sent
    def choose_original(dialog: QWidget) -> None:
        assert isinstance(dialog, IssuedReportsDialog)
        assert dialog.table.rowCount() == 2
        row = next(r for r in range(2) if dialog.table.item(r, 0).text() == "12/BC-UBND")
        assert "Đã được thay thế bằng số" in dialog.table.item(row, 4).text()
        dialog.table.selectRow(row)
        dialog.open_button.click()

    page.issued_report = None
    when_modal(choose_original)
    page.issued_button.click()
    qtbot.waitUntil(lambda: page.issued_report is not None, timeout=10000)
    assert page.issued_report.number == "12/BC-UBND"
    assert _new_businesses_total(page) == sent_new
    assert "Đã được thay thế bằng báo cáo số" in page.title.text()


def test_the_report_page_buttons_fit_at_125_percent(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui.conftest import show_main_window

    screen: QRect = SCREENS["125%"]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(screen))

    window = show_main_window(qtbot, gui_services, ui_state)
    window.resize(screen.width() - FRAME_ALLOWANCE.width(), screen.height() - FRAME_ALLOWANCE.height())
    window.go_to_page(window._page_names.index("report_page"))
    page = window.report_page
    assert page is not None
    qtbot.waitExposed(page)
    buttons = [page.issue_button, page.issued_button, page.xlsx_button, page.pdf_button, page.package_button]
    for button in buttons:
        assert button.isVisible() and _within_every_ancestor(button, window), button.text()
    right = [b.mapTo(window, b.rect().topRight()).x() for b in buttons]
    assert max(right) <= window.width()
